"""Plain data passed between the pipeline stages; the store maps these to tables."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PublishedDate:
    """When an article was published, and how we know.

    `value` is ISO 8601 cut to `precision`: `2024`, `2024-05`, `2024-05-14` or
    `2024-05-14T22:34`. `inferred` dates were worked out by a later stage, never guessed
    from the clock.
    """

    value: str
    precision: str  # "year" | "month" | "day" | "minute"
    inferred: bool = False
    evidence: str = ""

    @property
    def day(self) -> str:
        return self.value[:10]


@dataclass(frozen=True)
class RemovedLine:
    """A line of the input kept out of the main text, with the reason, so nothing is lost silently."""

    line: int  # 1-based line number in the text the reader produced
    text: str
    reason: str


@dataclass(frozen=True)
class Embed:
    """A post from a social network quoted inside the article (kept apart from its own prose)."""

    text: str
    author: str | None = None
    handle: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class RawArticle:
    """What a reader found, before cleaning: text plus whatever metadata the format carried."""

    text: str
    origin: str  # how messages name it: a path, `archive.zip!member`, a URL, `file.jsonl:12`
    format: str  # "text" | "html" | "json" | "feed"
    path: str | None = None
    url: str | None = None
    title: str | None = None
    title_in_text: bool = False  # plain text: the first line is the title
    title_source: str | None = None  # where `title` came from: "HTML metadata", "JSON field", "feed item"
    source: str | None = None
    source_evidence: str | None = None
    domain: str | None = None
    author: str | None = None
    published: PublishedDate | None = None
    language: str | None = None


LEDE_TITLE = "lede"  # Article.title_source of a title cut from the lede, for a text that has no headline


@dataclass(frozen=True)
class Article:
    """One version of one article as stored: clean text and metadata."""

    id: str
    content_hash: str
    title: str | None
    text: str
    format: str
    path: str | None = None
    url: str | None = None
    source: str | None = None
    domain: str | None = None
    title_source: str | None = None  # "HTML metadata", "first line", "headline before the wire dateline", "lede" ...
    source_evidence: str | None = None  # how the outlet was found: "wire tag '(Reuters)'", "domain example.org" ...
    author: str | None = None
    published: PublishedDate | None = None
    updated: str | None = None
    language: str | None = None
    dateline_place: str | None = None
    credits: tuple[str, ...] = ()
    embeds: tuple[Embed, ...] = ()
    removed: tuple[RemovedLine, ...] = ()
    ingested_at: str | None = None

    @property
    def origin(self) -> str:
        return self.path or self.url or self.id


@dataclass(frozen=True)
class Notice:
    """Something worth telling the user that is not a failure (an unreadable date, skipped items)."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


STAGES = ("ingest", "analyse", "link", "explain", "report")


@dataclass(frozen=True)
class Problem:
    """Why an input or an article is missing from the stories, or from part of them: rejected at
    ingest, or an unexpected error in a stage, caught at the article's boundary so the rest went on."""

    stage: str  # one of STAGES
    origin: str  # the file, archive member, URL or JSON line, as messages name it (or "story 3: timeline")
    cause: str  # one line
    article_id: str | None = None

    def __str__(self) -> str:
        return f"{self.origin}: {self.cause}"


@dataclass(frozen=True)
class Duplicate:
    """An input whose content is already stored (or appeared earlier in the same run)."""

    origin: str
    existing_id: str


@dataclass(frozen=True)
class SearchHit:
    """An article matching a full-text search, with a snippet of where it matches.

    `highlights` are [start, end) offsets into `snippet` of the matching words; the snippet is
    plain article text, so each output escapes it its own way.
    """

    article_id: str
    title: str | None
    source: str | None
    published: str | None
    snippet: str
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Entity:
    """A canonical named entity across the store, with every spelling merged into it."""

    id: int
    name: str
    key: str  # what every spelling of it folds to ("dmytro kuleba"), as the resolver matches names
    type: str  # the majority label of its mentions: PERSON, ORG, GPE ...
    aliases: tuple[str, ...]  # every form written, sorted
    mentions: int
    type_votes: dict[str, int]  # label -> mentions, how `type` was decided


@dataclass(frozen=True)
class CopyLink:
    """Article `copy` shares text with `original` (the older, when dates tell)."""

    original: str
    copy: str
    kind: str  # "exact" | "near" | "rewrite"
    share: float  # of the copy's text found in the original
    pairs: tuple[tuple[int, int, int, int], ...]  # (original start, end, copy start, end) of aligned sentences
    older_known: bool  # False when neither date says which came first


@dataclass(frozen=True)
class StorySummary:
    """A story as listed: its headline, span, size and who covered it."""

    id: int
    title: str
    first: str | None  # ISO day of its earliest event, None when every event is undated
    last: str | None
    events: int
    articles: int
    outlets: tuple[str, ...]
    entities: tuple[str, ...]  # its most mentioned entities, most first


@dataclass(frozen=True)
class Event:
    """One happening of a story and the articles that report it, oldest first."""

    id: int
    date: str | None  # ISO day: its earliest dated member's
    last: str | None
    title: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class EventSummary:
    """An event as an explanation lists it: its dates and title, its members by id, oldest first."""

    id: int
    date: str | None
    last: str | None
    title: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    """A story with its events, oldest first (undated last)."""

    id: int
    title: str
    first: str | None
    last: str | None
    articles: int
    outlets: tuple[str, ...]
    entities: tuple[str, ...]
    events: tuple[Event, ...]


@dataclass
class IngestReport:
    """What one ingest did, input by input, so the CLI and API callers can report it."""

    ingested: list[str] = field(default_factory=list)  # article ids
    duplicates: list[Duplicate] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)  # inputs not stored, each with its reason
    notices: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        """"path: what is wrong", one per rejected input."""
        return [str(problem) for problem in self.rejected]

    def summary(self) -> str:
        return (f"ingested {len(self.ingested)}, duplicates {len(self.duplicates)}, "
                f"failed {len(self.failures)}")


@dataclass(frozen=True)
class Mention:
    """A named entity in an article's text, with the name it has within that article."""

    start: int
    end: int
    text: str  # as written
    label: str  # PERSON, ORG, GPE, LOC, NORP, EVENT, FAC
    name: str  # the article's fullest form ("Blinken" -> "Antony Blinken")
    role: str | None = None  # title written with it ("Secretary of State")


@dataclass(frozen=True)
class Quote:
    """A direct, partial or indirect quotation and who it is attributed to."""

    start: int
    end: int
    text: str
    kind: str  # "direct" | "partial" | "indirect"
    speaker: str | None  # canonical name, or the role phrase when no name is given
    speaker_text: str | None = None  # as written: "he", "Blinken", "a senior US official"
    speaker_start: int | None = None
    cue: str | None = None  # the verb that attributes it: "said", "told", "according to"
    cue_start: int | None = None


@dataclass(frozen=True)
class TimeRef:
    """A time expression, normalised against the article's publication date when it has one.

    `relative` keeps the expression's meaning independent of any anchor ("WD:2:past" is "the
    last Wednesday"), so a later stage can resolve it once an undated article gets a date.
    """

    start: int
    end: int
    text: str
    kind: str  # "date" | "duration" | "time" | "set"
    value: str | None  # ISO 8601: 2024-11-13, 2024-W46, 2024-11, 2024, P3D; None when unresolved or vague
    precision: str | None  # "day" | "week" | "month" | "quarter" | "year" | "decade"
    relative: str | None = None
    anchor: str | None = None  # the date `value` was resolved against
    upcoming: bool = False  # later than the anchor: scheduled at the time of writing


@dataclass(frozen=True)
class Claim:
    """A numeric claim: an amount with its unit, qualifier and what it counts."""

    start: int
    end: int
    text: str
    value: float
    unit: str  # ISO currency (USD, EUR), "percent", a unit symbol (km), "years old", the counted noun
    # ("troop", as its lemma) or "" for a bare level ("the DAX fell to 13,176"); a rate adds " per month"
    qualifier: str | None = None  # "over", "almost", "approximately", "up to" ...
    about: str | None = None  # what it counts: "security assistance", "North Korean troops"
    to: float | None = None  # a range's other end, as written: 50 for "40 to 50 hours"


@dataclass(frozen=True)
class Analysis:
    """Everything the analyse stage found in one article."""

    article_id: str
    language: str | None
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeRef, ...] = ()
    claims: tuple[Claim, ...] = ()
    note: str | None = None  # why it was skipped, when it was
    terms: tuple[tuple[str, int], ...] = ()  # content lemmas and their counts, for linking


# --- explain: what a story's articles say together ---------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A passage of one article: the evidence behind a line of a report."""

    article_id: str
    start: int  # character offsets into the article's cleaned text (or title, or embedded post: `part`)
    end: int
    text: str
    part: str = "text"  # "text" | "title" | "embed:N" (the article's Nth embedded post)


@dataclass(frozen=True)
class TimelineEntry:
    """One dated happening, told by one or several articles."""

    date: str  # ISO: 2024-11-13, 2024-04, 2022
    precision: str  # "day" | "month" | "year"
    text: str  # one sentence drawn from the sources
    citations: tuple[Citation, ...]
    upcoming: bool = False  # later than the articles citing it: scheduled when written
    event_id: int | None = None  # set when the entry is one of the story's events

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.citations))


@dataclass(frozen=True)
class Side:
    """One version of a disputed fact, with the passages that give it."""

    value: str
    citations: tuple[Citation, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.citations))


@dataclass(frozen=True)
class Finding:
    """What the sources say together: an agreement or a disagreement.

    kind: "agreement" (or "number" with closeness "close": figures within rounding); a
    disagreement: "number", "attribution", "internal"; or "update", a figure that moved over time
    (its sides in time order).
    """

    kind: str
    about: str
    sides: tuple[Side, ...]
    note: str = ""
    closeness: str | None = None  # numbers: "close" | "conflict"
    independent: int = 0  # sources counted once per copy group (a wire report and its copies are one)


@dataclass(frozen=True)
class QuoteGroup:
    """One statement of a speaker, as each outlet worded it (the longest wording first)."""

    speaker: str
    text: str
    kind: str  # "direct" | "partial" | "indirect"
    variants: tuple[Citation, ...]


@dataclass(frozen=True)
class KeyDate:
    """One of a story's most reported days, told in a few sentences: a timeline short enough to read."""

    date: str  # YYYY-MM-DD
    sentences: tuple[Citation, ...]  # the most central, non-repeating sentences telling of the day
    sources: tuple[str, ...]  # every article telling of the day


@dataclass(frozen=True)
class SummarySentence:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class StoryExplanation:
    """The explain stage's result for one story."""

    story_id: int
    title: str
    first: str | None
    last: str | None
    articles: tuple[str, ...]  # member ids, oldest first
    events: tuple[EventSummary, ...]
    timeline: tuple[TimelineEntry, ...]
    key_dates: tuple[KeyDate, ...]
    agreements: tuple[Finding, ...]
    disagreements: tuple[Finding, ...]
    updates: tuple[Finding, ...]  # figures that moved over time, each a dated sequence
    quotes: tuple[QuoteGroup, ...]
    summary: tuple[SummarySentence, ...]
    coverage: dict[str, dict[str, int]]  # "outlets": {outlet: articles}, "days": {YYYY-MM-DD | "undated": articles}
    copies: tuple[dict[str, object], ...]  # copy links between members
    problems: tuple[Problem, ...] = ()  # parts or members that failed and were left out
    entities: tuple[str, ...] = ()  # what the story names most, beside its headline
