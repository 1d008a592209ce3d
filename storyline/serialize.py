"""The `storyline/1` shapes: articles, analyses, stories, explanations, copy links and problems as
JSON-ready dicts, the field names documented in the README. Every output (report.json, `--json`,
the REST API) writes these and no other."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from storyline.models import (Analysis, Article, Citation, CopyLink, Entity, Finding, Problem, SearchHit, Story,
                              StoryExplanation)

SCHEMA = "storyline/1"  # changing a field name changes this


def article_dict(item: Article, with_text: bool = True) -> dict[str, Any]:
    data = asdict(item)
    data["credits"] = list(item.credits)
    data["embeds"] = [asdict(e) for e in item.embeds]
    data["removed"] = [asdict(r) for r in item.removed]
    data["words"] = len(item.text.split())
    if not with_text:
        for key in ("text", "removed", "embeds"):
            del data[key]
    return data


def linked_story_dict(story: Story) -> dict[str, Any]:
    """A story with its events as `storyline story --json` writes it: each event's articles without their text."""
    data = {f.name: getattr(story, f.name) for f in fields(story) if f.name != "events"}
    data["events"] = [{"id": e.id, "date": e.date, "last": e.last, "title": e.title,
                       "articles": [article_dict(a, with_text=False) for a in e.articles]} for e in story.events]
    return data


def entity_dict(item: Entity) -> dict[str, Any]:
    """A canonical entity: its name and type, the spellings merged into it, how often it is mentioned."""
    return {"name": item.name, "type": item.type, "aliases": list(item.aliases), "mentions": item.mentions,
            "type_votes": item.type_votes}


def search_hit_dict(hit: SearchHit) -> dict[str, Any]:
    """A search hit: the article, and the snippet with `[start, end)` offsets of the matching words in it."""
    return {"id": hit.article_id, "title": hit.title, "source": hit.source, "published": hit.published,
            "snippet": hit.snippet, "highlights": [list(h) for h in hit.highlights]}


def copy_dict(link: CopyLink) -> dict[str, Any]:
    """A stored copy link as exported: which article copies which, how, and how much."""
    return {"original": link.original, "copy": link.copy, "kind": link.kind, "share": link.share,
            "older_known": link.older_known}


def analysis_dict(result: Analysis | None) -> dict[str, Any]:
    """The analysis fields of an article's JSON: entities grouped by canonical name, then quotes, times, claims."""
    if result is None:
        return {"analysis": None, "entities": [], "quotes": [], "times": [], "claims": []}
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for m in result.mentions:
        grouped.setdefault((m.name, m.label), []).append({"start": m.start, "end": m.end, "text": m.text, "role": m.role})
    return {
        "analysis": {"status": "skipped" if result.note else "done", "note": result.note},
        "entities": [{"name": name, "type": label, "mentions": items} for (name, label), items in grouped.items()],
        "quotes": [asdict(q) for q in result.quotes],
        "times": [asdict(t) for t in result.times],
        "claims": [asdict(c) for c in result.claims],
    }


def problem_dict(problem: Problem, language: str | None = None) -> dict[str, Any]:
    return {"stage": problem.stage, "origin": problem.origin, "article": problem.article_id, "reason": problem.cause,
            "language": language}


def explanation_dict(x: StoryExplanation) -> dict[str, Any]:
    """A story explained, as `report.json` and the REST API write it."""
    return {
        "id": x.story_id, "title": x.title, "entities": list(x.entities), "first": x.first, "last": x.last,
        "articles": list(x.articles),
        "events": [{"id": e.id, "date": e.date, "last": e.last, "title": e.title, "articles": list(e.articles)}
                   for e in x.events],
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
