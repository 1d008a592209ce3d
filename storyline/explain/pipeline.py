"""The explain stage: what a story's articles say together, from what the earlier stages stored.

A pure function of the store's contents (analyses, events, copy links), computed when a report or
an export asks for it; nothing is written back here. An export keeps what it explained under a key
of what made it (store/explanations.py, with `code_digest` below), so an unchanged story is not
explained twice and a kept explanation is never stale. Each part of a story's
explanation is worked out on its own: an unexpected error in one (an article no rule foresaw)
leaves that part empty with a Problem saying why, and the rest of the story, and every other
story, is still explained.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import spacy

from storyline.config import ExplainConfig
from storyline.errors import unexpected
from storyline.explain import figures, findings, material, quotes, summary, timeline
from storyline.explain.key_dates import key_dates
from storyline.models import Problem, StoryExplanation
from storyline.serialize import copy_dict

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
T = TypeVar("T")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of what an explanation depends on besides the store: the explain stage's code, the
    lexicon it reads, its default thresholds, the shape it is exported in, this release and spaCy's. Any change to them makes
    every kept explanation stale (store/explanations.py)."""
    root = Path(__file__).resolve().parents[1]
    files = [*sorted((root / "explain").glob("*.py")), *sorted((root / "lexicon").glob("*.toml")),
             root / "serialize.py", root / "version.py", root / "config.py"]
    digest = hashlib.sha256(spacy.__version__.encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def explain(store: Any, story_ids: list[int] | None = None, progress: Progress | None = None,
            config: ExplainConfig | None = None) -> list[StoryExplanation]:
    """Explain the given stories (all, biggest first, by default)."""
    config = config or ExplainConfig()
    ids = story_ids if story_ids is not None else [s.id for s in store.stories()]
    results = []
    for done, story_id in enumerate(ids, start=1):
        try:
            story = material.load(store, story_id, config)
        except Exception as exc:
            log.debug("loading story %s failed", story_id, exc_info=True)
            story = material.empty(store, story_id, Problem("explain", f"story {story_id}", unexpected(exc)), config)
        results.append(explain_story(story))
        if progress:
            progress(done, len(ids))
    return results


def explain_story(story: material.StoryMaterial) -> StoryExplanation:
    problems = list(story.problems)

    def part(name: str, work: Callable[[], T], empty: T) -> T:
        try:
            return work()
        except Exception as exc:
            log.debug("the %s of story %s failed", name, story.story["id"], exc_info=True)
            problems.append(Problem("explain", f"story {story.story['id']}: {name}", unexpected(exc)))
            return empty

    outlets = Counter(m.outlet or "unknown" for m in story.members)
    days = Counter(m.day.isoformat() if m.day else "undated" for m in story.members)
    compared = part("figures", lambda: figures.compare(story), figures.Figures((), (), ()))
    return StoryExplanation(
        story_id=story.story["id"], title=story.story["title"], first=story.story["first"], last=story.story["last"],
        articles=tuple(m.id for m in story.members), events=tuple(story.events),
        timeline=part("timeline", lambda: timeline.build(story), ()),
        key_dates=part("key dates", lambda: key_dates(story, story.config.key_dates, story.config.per_date), ()),
        agreements=part("agreements", lambda: tuple(findings.agreements(story, compared)), ()),
        disagreements=part("disagreements", lambda: tuple(findings.disagreements(story, compared)), ()),
        updates=compared.updates,
        quotes=part("quotes", lambda: quotes.by_speaker(story), ()),
        summary=part("summary", lambda: summary.summarise(story), ()),
        coverage={"outlets": dict(outlets.most_common()), "days": dict(sorted(days.items()))},
        copies=tuple(copy_dict(link) for link in story.copies),
        problems=tuple(problems), entities=tuple(story.story.get("entities", ())))
