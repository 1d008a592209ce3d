"""The export document (`"schema": "storyline/1"`): every article with its analysis and copies, every
story with its explanation. The Markdown and HTML reports are renderings of this one document, so
the three formats never disagree. Field names are documented in the README."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from storyline.models import STAGES, Article, Problem
from storyline.serialize import SCHEMA, analysis_dict, article_dict, copy_dict, problem_dict

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


def exported_article(item: Article) -> dict[str, Any]:
    """An article as the export lists it: its `storyline/1` fields, the outlet named `outlet`."""
    data = article_dict(item)
    data["outlet"] = data.pop("source")
    return data


def build(store: Any, stories: list[dict[str, Any]], problems: list[Problem]) -> dict[str, Any]:
    """The export document over `stories` (explained, `storyline/1`); `problems` are what explaining
    them could not do."""
    placement = store.placements()
    copies: dict[str, list[dict[str, Any]]] = {}
    for link in store.copies():
        item = copy_dict(link)
        copies.setdefault(link.original, []).append(item)
        copies.setdefault(link.copy, []).append(item)
    articles = []
    listed = store.articles()
    analyses = store.analyses([item.id for item in listed])
    for item in listed:
        data = exported_article(item) | analysis_dict(analyses.get(item.id))
        data["story"], data["event"] = placement.get(item.id, (None, None))
        data["copies"] = copies.get(item.id, [])
        articles.append(data)
    warnings = [w for w in (undated_warning(articles),) if w]
    return {"schema": SCHEMA, "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "warnings": warnings, "skipped": skipped(store, problems), "articles": articles, "stories": stories}


def skipped(store: Any, explained: list[Problem]) -> list[dict[str, Any]]:
    """What is not in the stories, or not all of it, and why: inputs rejected at ingest, articles not
    analysed (another language, with the language found), and every stage's failures."""
    languages = {}
    items = []
    for article_id, language, note in store.not_analysed():
        languages[article_id] = language
        items.append({"stage": "analyse", "origin": store.origin(article_id), "article": article_id, "reason": note,
                      "language": language})
    earlier = [p for p in store.problems() if p.stage in ("ingest", "analyse", "link")]
    items += [problem_dict(p, languages.get(p.article_id or "")) for p in earlier + explained]
    order = {stage: n for n, stage in enumerate(STAGES)}
    return sorted(items, key=lambda i: (order[i["stage"]], i["origin"]))
