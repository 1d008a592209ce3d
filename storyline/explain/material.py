"""What the explain stage reads of one story, gathered once: members, analyses, events, copies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.config import ExplainConfig
from storyline.errors import unexpected
from storyline.explain import text
from storyline.models import Analysis, Article, Citation, CopyLink, EventSummary, Problem, Story, StorySummary


@dataclass(frozen=True)
class Member:
    article: Article
    analysis: Analysis
    event_id: int
    sentences: tuple[text.Sentence, ...]

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def outlet(self) -> str | None:
        return self.article.source or self.article.domain

    def cite(self, start: int, end: int, written: str) -> Citation:
        """The sentence holding the passage at `start`, or the passage itself outside any sentence."""
        sentence = text.sentence_at(self.sentences, start)
        return text.cite(sentence) if sentence else Citation(self.id, start, end, written)

    @property
    def day(self) -> date | None:
        published = self.article.published
        return date.fromisoformat(published.value[:10]) if published and published.precision != "year" \
            and len(published.value) >= 10 else None


@dataclass
class StoryMaterial:
    story: dict[str, Any]  # id, title, first, last
    events: list[EventSummary]
    members: list[Member]  # oldest first, undated last
    copies: list[CopyLink]
    idf: text.Weights = field(default_factory=text.Weights)
    group: dict[str, str] = field(default_factory=dict)  # article id -> one id standing for its copy group
    problems: list[Problem] = field(default_factory=list)  # members that could not be read, left out
    config: ExplainConfig = field(default_factory=ExplainConfig)

    def __post_init__(self) -> None:
        self.idf = text.weights(s.words for m in self.members for s in m.sentences)
        parent = {m.id: m.id for m in self.members}

        def root(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        for link in self.copies:
            a, b = root(link.original), root(link.copy)
            if a != b:
                parent[max(a, b)] = min(a, b)
        self.group = {m.id: root(m.id) for m in self.members}

    def independent(self, article_ids: list[str] | tuple[str, ...]) -> int:
        """How many of these articles are independent reports: copies of one report count once."""
        return len({self.group[a] for a in article_ids})


def load(store: Any, story_id: int, config: ExplainConfig = ExplainConfig()) -> StoryMaterial:
    story = store.story(story_id)
    members = []
    problems = []
    try:
        analyses = store.analyses([a.id for item in story.events for a in item.articles])
    except Exception:  # a member whose rows cannot be read: read them one by one, to leave out only that one
        analyses = None
    for item in story.events:
        for article in item.articles:
            try:
                analysis = (analyses.get(article.id) if analyses is not None else store.analysis(article.id)) \
                    or Analysis(article.id, article.language)
                members.append(Member(article, analysis, item.id, text.sentences(article.id, article.text)))
            except Exception as exc:  # one article that cannot be read leaves the story, not the report
                problems.append(Problem("explain", article.origin, unexpected(exc), article.id))
    members.sort(key=lambda m: (m.article.published is None, m.article.published.value if m.article.published else "", m.id))
    kept = {m.id for m in members}
    events = [EventSummary(e.id, e.date, e.last, e.title, tuple(a.id for a in e.articles if a.id in kept))
              for e in story.events]
    return StoryMaterial(_summary(story), events, members, store.copies([m.id for m in members]), problems=problems,
                         config=config)


def empty(store: Any, story_id: int, problem: Problem, config: ExplainConfig) -> StoryMaterial:
    """A story that could not be read at all: its title and dates, no members, and why."""
    row = next((s for s in store.stories() if s.id == story_id), None)
    summary = _summary(row) if row else {"id": story_id, "title": f"story {story_id}", "first": None, "last": None,
                                         "entities": []}
    return StoryMaterial(summary, [], [], [], problems=[problem], config=config)


def _summary(story: Story | StorySummary) -> dict[str, Any]:
    return {"id": story.id, "title": story.title, "first": story.first, "last": story.last,
            "entities": list(story.entities)}
