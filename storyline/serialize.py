"""Articles as JSON-ready dicts: the field names documented in the README."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from storyline.models import Analysis, Article, CopyLink, Story


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
