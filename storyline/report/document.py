"""The export document (`"schema": "storyline/1"`): every article with its analysis and copies, every
story with its explanation. The Markdown and HTML reports are renderings of this one document, so
the three formats never disagree. Field names are documented in the README."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from storyline.models import Citation, Finding, StoryExplanation
from storyline.serialize import analysis_dict, article_dict, copy_dict

SCHEMA = "storyline/1"


def counted(count: int, one: str, many: str) -> str:
    """'1 article', '2 articles': for the text renderings of the document."""
    return f"{count} {one if count == 1 else many}"


def build(store: Any, explanations: list[StoryExplanation]) -> dict[str, Any]:
    placement = store.placements()
    copies: dict[str, list[dict[str, Any]]] = {}
    for link in store.copies():
        item = copy_dict(link)
        copies.setdefault(link["original"], []).append(item)
        copies.setdefault(link["copy"], []).append(item)
    articles = []
    for item in store.articles():
        data = article_dict(item) | analysis_dict(store.analysis(item.id))
        data["outlet"] = data.pop("source")
        data["story"], data["event"] = placement.get(item.id, (None, None))
        data["copies"] = copies.get(item.id, [])
        articles.append(data)
    return {"schema": SCHEMA, "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "articles": articles, "stories": [story_dict(x) for x in explanations]}


def story_dict(x: StoryExplanation) -> dict[str, Any]:
    return {
        "id": x.story_id, "title": x.title, "first": x.first, "last": x.last, "articles": list(x.articles),
        "events": [{"id": e["id"], "date": e["date"], "last": e["last"], "title": e["title"],
                    "articles": list(e["articles"])} for e in x.events],  # type: ignore[call-overload]
        "timeline": [{"date": e.date, "precision": e.precision, "text": e.text, "upcoming": e.upcoming,
                      "event": e.event_id, "sources": list(e.sources), "citations": _citations(e.citations)}
                     for e in x.timeline],
        "key_dates": [{"date": k.date, "sentences": _citations(k.sentences), "sources": list(k.sources)}
                      for k in x.key_dates],
        "agreements": [_finding(f) for f in x.agreements],
        "disagreements": [_finding(f) for f in x.disagreements],
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
