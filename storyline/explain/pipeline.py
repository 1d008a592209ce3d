"""The explain stage: what a story's articles say together, from what the earlier stages stored.

A pure function of the store's contents (analyses, events, copy links), computed when a report or
an export asks for it, so it can never be stale; nothing is written back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from storyline.explain import findings, material, quotes, summary, timeline
from storyline.explain.key_dates import key_dates
from storyline.models import StoryExplanation
from storyline.serialize import copy_dict

Progress = Callable[[int, int], None]
KEY_DATES, PER_DATE = 10, 2  # the short timeline a report opens with


def explain(store: Any, story_ids: list[int] | None = None, progress: Progress | None = None) -> list[StoryExplanation]:
    """Explain the given stories (all, biggest first, by default)."""
    ids = story_ids if story_ids is not None else [s["id"] for s in store.stories()]
    results = []
    for done, story_id in enumerate(ids, start=1):
        results.append(explain_story(material.load(store, story_id)))
        if progress:
            progress(done, len(ids))
    return results


def explain_story(story: material.StoryMaterial) -> StoryExplanation:
    outlets = Counter(m.article.source or m.article.domain or "unknown" for m in story.members)
    days = Counter(m.day.isoformat() if m.day else "undated" for m in story.members)
    events = tuple({**e, "articles": tuple(e["articles"])} for e in story.events)
    return StoryExplanation(
        story_id=story.story["id"], title=story.story["title"], first=story.story["first"], last=story.story["last"],
        articles=tuple(m.id for m in story.members), events=events,
        timeline=timeline.build(story), key_dates=key_dates(story, KEY_DATES, PER_DATE), agreements=tuple(findings.agreements(story)),
        disagreements=tuple(findings.disagreements(story)), quotes=quotes.by_speaker(story),
        summary=summary.summarise(story),
        coverage={"outlets": dict(outlets.most_common()), "days": dict(sorted(days.items()))},
        copies=tuple(copy_dict(link) for link in story.copies))
