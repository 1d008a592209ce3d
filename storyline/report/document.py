"""The export document (`"schema": "storyline/1"`): every article with its analysis and copies, every
story with its explanation. The Markdown and HTML reports are renderings of this one document, so
the three formats never disagree. Field names are documented in the README."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from storyline.models import STAGES, Citation, Finding, Problem, StoryExplanation
from storyline.serialize import analysis_dict, article_dict, copy_dict

SCHEMA = "storyline/1"
UNDATED = "undated"  # the one word every rendering uses for an article, event or story with no date
MOSTLY_UNDATED = 0.5  # above this share of undated articles, the report says so first


def counted(count: int, one: str, many: str) -> str:
    """'1 article', '2 articles': for the text renderings of the document."""
    return f"{count} {one if count == 1 else many}"


def span(first: str | None, last: str | None) -> str:
    """A date range as every rendering shows it: '2024-05-14 .. 2024-11-13', one day, or 'undated'."""
    if not first and not last:
        return UNDATED
    if not first or not last or first == last:
        return first or last or UNDATED
    return f"{first} .. {last}"


def undated_warning(articles: list[dict[str, Any]]) -> str | None:
    """The warning a report (and a run) opens with when most of its articles have no date."""
    undated = sum(1 for a in articles if not a.get("published"))
    if not articles or undated <= MOSTLY_UNDATED * len(articles):
        return None
    return (f"{undated} of {len(articles)} articles undated: the timeline, key dates and coverage by day cannot "
            "place them, and events of different days cannot be told apart. Dates are read from datelines, page "
            "metadata and dates in URLs, file and folder names; none was found in these.")


def build(store: Any, explanations: list[StoryExplanation]) -> dict[str, Any]:
    placement = store.placements()
    copies: dict[str, list[dict[str, Any]]] = {}
    for link in store.copies():
        item = copy_dict(link)
        copies.setdefault(link.original, []).append(item)
        copies.setdefault(link.copy, []).append(item)
    articles = []
    for item in store.articles():
        data = article_dict(item) | analysis_dict(store.analysis(item.id))
        data["outlet"] = data.pop("source")
        data["story"], data["event"] = placement.get(item.id, (None, None))
        data["copies"] = copies.get(item.id, [])
        articles.append(data)
    warnings = [w for w in (undated_warning(articles),) if w]
    return {"schema": SCHEMA, "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "warnings": warnings, "skipped": skipped(store, explanations),
            "articles": articles, "stories": [story_dict(x) for x in explanations]}


def skipped(store: Any, explanations: list[StoryExplanation]) -> list[dict[str, Any]]:
    """What is not in the stories, or not all of it, and why: inputs rejected at ingest, articles not
    analysed (another language, with the language found), and every stage's failures."""
    languages = {}
    items = []
    for article_id, language, note in store.not_analysed():
        languages[article_id] = language
        items.append({"stage": "analyse", "origin": store.origin(article_id), "article": article_id, "reason": note,
                      "language": language})
    earlier = [p for p in store.problems() if p.stage in ("ingest", "analyse", "link")]
    explained = [p for x in explanations for p in x.problems]
    items += [problem_dict(p, languages.get(p.article_id or "")) for p in earlier + explained]
    order = {stage: n for n, stage in enumerate(STAGES)}
    return sorted(items, key=lambda i: (order[i["stage"]], i["origin"]))


def problem_dict(problem: Problem, language: str | None = None) -> dict[str, Any]:
    return {"stage": problem.stage, "origin": problem.origin, "article": problem.article_id, "reason": problem.cause,
            "language": language}


def story_dict(x: StoryExplanation) -> dict[str, Any]:
    return {
        "id": x.story_id, "title": x.title, "entities": list(x.entities), "first": x.first, "last": x.last,
        "articles": list(x.articles),
        "events": [{"id": e["id"], "date": e["date"], "last": e["last"], "title": e["title"],
                    "articles": list(e["articles"])} for e in x.events],  # type: ignore[call-overload]
        "timeline": [{"date": e.date, "precision": e.precision, "text": e.text, "upcoming": e.upcoming,
                      "event": e.event_id, "sources": list(e.sources), "citations": _citations(e.citations)}
                     for e in x.timeline],
        "key_dates": [{"date": k.date, "sentences": _citations(k.sentences), "sources": list(k.sources)}
                      for k in x.key_dates],
        "agreements": [_finding(f) for f in x.agreements],
        "disagreements": [_finding(f) for f in x.disagreements],
        "updates": [_finding(f) for f in x.updates],
        "quotes": [{"speaker": q.speaker, "text": q.text, "kind": q.kind,
                    "sources": list(dict.fromkeys(c.article_id for c in q.variants)), "variants": _citations(q.variants)}
                   for q in x.quotes],
        "summary": [{"text": s.text, "sources": list(dict.fromkeys(c.article_id for c in s.citations)),
                     "citations": _citations(s.citations)} for s in x.summary],
        "coverage": x.coverage,
        "copies": list(x.copies),
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {"kind": f.kind, "about": f.about, "closeness": f.closeness, "note": f.note, "independent": f.independent,
            "sides": [{"value": s.value, "sources": list(s.sources), "citations": _citations(s.citations)} for s in f.sides]}


def _citations(citations: tuple[Citation, ...]) -> list[dict[str, Any]]:
    return [{"article": c.article_id, **{k: v for k, v in asdict(c).items() if k != "article_id"}} for c in citations]
