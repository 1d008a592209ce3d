"""What a story page shows, worked out once for the static report and the web UI.

Both render the same templates from the same `storyline/1` story document; this module turns it
into what a reader needs at a glance: sources named by outlet and date instead of numbers, each
side of a finding in its context, the timeline on a time axis, coverage by outlet over time, and
long lists cut to what fits on a screen with the rest folded away. Pure functions: the caller
hands in the article texts (or a way to read them) and where links go.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from storyline.explain.text import sentences

AXIS_WIDTH, AXIS_HEIGHT = 1000, 110  # the timeline axis and coverage chart are drawn in these units
LABEL_WIDTH, CELL_MAX = 150, 18  # coverage grid: outlet names, and the widest a day's cell gets
OUTLETS_SHOWN = 10  # coverage rows; the rest are summed as "other outlets"
FINDINGS_SHOWN = 10  # disagreements listed open, most independent reports first; the rest fold away
UPDATES_SHOWN = 5  # likewise for updates
QUOTED_PER_SIDE = 2  # sentences shown in context per side of a finding; the rest are listed by source
CITES_SHOWN = 3  # sources named after a sentence; the rest are counted
TIMELINE_SHOWN = 30  # timeline entries listed open; the rest fold away
SPEAKERS_SHOWN = 25  # speakers listed; the rest fold away
SOURCES_PAGE = 50  # sources per page (the web UI pages them; the static page folds the rest)
UNKNOWN_OUTLET = "unknown outlet"
DAILY_UP_TO = 120  # days: a longer story's coverage is counted by week
AHEAD = 183  # days past the last article a scheduled (upcoming) entry may widen the axis by


@dataclass(frozen=True)
class Links:
    """Where a page's links point: the static report's files, or the web UI's routes."""

    served: bool

    def index(self) -> str:
        return "/" if self.served else "index.html"

    def story(self, story_id: int) -> str:
        return f"/stories/{story_id}" if self.served else f"story-{story_id}.html"

    def article(self, article_id: str) -> str:
        """The web UI has a page per article; the static report lists them at the foot of the story."""
        return f"/articles/{article_id}" if self.served else f"#a-{article_id}"

    def search(self) -> str | None:
        return "/search" if self.served else None


@dataclass(frozen=True)
class Source:
    """An article as a reader cites it: outlet and day, then title."""

    id: str
    title: str
    outlet: str
    day: str | None  # ISO day
    inferred: str | None  # how an inferred date was found; None when the article gave it
    url: str | None  # http(s) only: nothing else is ever written as a link
    path: str | None

    @property
    def label(self) -> str:
        return f"{self.outlet}, {readable_day(self.day)}" if self.day else f"{self.outlet}, undated"


@dataclass(frozen=True)
class Quoted:
    """A cited sentence with the sentences around it, from its source."""

    source: Source
    before: str
    text: str
    after: str


@dataclass(frozen=True)
class SideView:
    value: str
    day: str | None  # the earliest day a source gave this side
    quoted: tuple[Quoted, ...]
    others: tuple[Source, ...]  # further sources of this side, named but not quoted


@dataclass(frozen=True)
class FindingView:
    kind: str
    about: str
    closeness: str | None
    note: str
    independent: int
    sides: tuple[SideView, ...]


@dataclass(frozen=True)
class Mark:
    """A point (or a month's span) on the timeline axis, linking to its entry."""

    x: float
    width: float  # 0 for a day
    y: float
    date: str
    text: str
    anchor: str
    key: bool


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Axis:
    """The timeline on a real time axis: entries as marks, key dates marked, ticks by week or month."""

    marks: tuple[Mark, ...]
    key_marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    earlier: int  # entries before the axis (history the articles recall)
    later: int
    width: int = AXIS_WIDTH
    height: int = AXIS_HEIGHT


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    size: float
    count: int
    opacity: float
    title: str


@dataclass(frozen=True)
class Coverage:
    """Articles by outlet (rows) and day or week (columns)."""

    rows: tuple[tuple[str, int, float], ...]  # outlet, articles, y
    cells: tuple[Cell, ...]
    ticks: tuple[Tick, ...]
    unit: str  # "day" | "week"
    undated: int
    width: float
    height: float


@dataclass(frozen=True)
class Speaker:
    name: str
    quotes: tuple[dict[str, Any], ...]
    articles: int


@dataclass(frozen=True)
class StoryPage:
    """Everything a story page shows, in the order a reporter reads it."""

    story: dict[str, Any]  # the storyline/1 story document
    sources: dict[str, Source]  # by article id
    listed: tuple[Source, ...]  # the sources of this page, oldest first
    matching: int  # sources of the story of the outlet asked for (all of them when none was)
    folded: tuple[Source, ...]  # the static page's sources past the first page
    disagreements: tuple[FindingView, ...]
    disagreements_more: tuple[FindingView, ...]
    updates: tuple[FindingView, ...]
    updates_more: tuple[FindingView, ...]
    axis: Axis
    timeline: tuple[dict[str, Any], ...]  # the entries most sources tell of, listed open, each with its anchor
    timeline_more: tuple[dict[str, Any], ...]
    speakers: tuple[Speaker, ...]
    speakers_more: tuple[Speaker, ...]
    coverage: Coverage
    copies: tuple[tuple[Source, Source, dict[str, Any]], ...]  # copy, original, link
    outlets: tuple[str, ...]  # every outlet of the story, most articles first

    @property
    def named_outlets(self) -> int:
        return sum(1 for o in self.outlets if o != UNKNOWN_OUTLET)


def readable_day(day: str | None) -> str:
    """'2009-04-29' -> '29 Apr 2009', '2009-04' -> 'Apr 2009'; anything else stays as written."""
    try:
        if day and len(day) == 7:
            return date(int(day[:4]), int(day[5:]), 1).strftime("%b %Y")
        if day and len(day) >= 10:
            return date.fromisoformat(day[:10]).strftime("%-d %b %Y")
    except ValueError:
        pass
    return day or "undated"


def source_of(data: Mapping[str, Any]) -> Source:
    """A Source from an exported article (`storyline/1`, as report.json writes it)."""
    published = data.get("published") or {}
    url = data.get("url")
    return Source(id=data["id"], title=data.get("title") or "(no title)",
                  outlet=data.get("outlet") or data.get("domain") or UNKNOWN_OUTLET,
                  day=(published.get("value") or "")[:10] or None,
                  inferred=published.get("evidence") if published.get("inferred") else None,
                  url=url if url and url.startswith(("http://", "https://")) else None, path=data.get("path"))


def cited(citations: Iterable[Mapping[str, Any]], sources: Mapping[str, Source]) -> list[Source]:
    """The sources of some citations, each once, in the order cited."""
    ids = dict.fromkeys(c["article"] for c in citations)
    return [sources[i] for i in ids if i in sources]


def story_page(story: dict[str, Any], articles: Sequence[Mapping[str, Any]], text_of: Callable[[str], str | None],
               page: int = 1, outlet: str | None = None, fold: bool = False) -> StoryPage:
    """The page of `story` (a `storyline/1` story) over its exported `articles`; `text_of` gives an
    article's text for the context of quoted sentences. The web UI shows sources `page` by page,
    optionally of one `outlet`; the static page (`fold`) lists the first page and folds the rest."""
    sources = {a["id"]: source_of(a) for a in articles}
    members = sorted((sources[i] for i in story["articles"] if i in sources), key=lambda s: (s.day is None, s.day or "", s.id))
    chosen = [s for s in members if not outlet or s.outlet.casefold() == outlet.casefold()]
    if fold:
        listed, folded = chosen[:SOURCES_PAGE], chosen[SOURCES_PAGE:]
    else:
        listed, folded = chosen[(page - 1) * SOURCES_PAGE:page * SOURCES_PAGE], []
    contexts = _Contexts(text_of)
    entries = [{**e, "anchor": f"t-{n}"} for n, e in enumerate(story["timeline"], start=1)]
    period = [e for e in entries if story["first"] and e["date"] >= story["first"][:7]]  # not the history recalled
    best = {e["anchor"] for e in sorted(period or entries, key=lambda e: -len(e["sources"]))[:TIMELINE_SHOWN]}
    speakers = _speakers(story["quotes"])
    disagreements, updates = (tuple(_finding(f, sources, contexts) for f in _most_told(story[kind]))
                              for kind in ("disagreements", "updates"))
    return StoryPage(
        story=story, sources=sources, listed=tuple(listed), matching=len(chosen), folded=tuple(folded),
        disagreements=disagreements[:FINDINGS_SHOWN], disagreements_more=disagreements[FINDINGS_SHOWN:],
        updates=updates[:UPDATES_SHOWN], updates_more=updates[UPDATES_SHOWN:],
        axis=axis(entries, story["key_dates"], story["first"], story["last"]),
        timeline=tuple(e for e in entries if e["anchor"] in best),
        timeline_more=tuple(e for e in entries if e["anchor"] not in best),
        speakers=tuple(speakers[:SPEAKERS_SHOWN]), speakers_more=tuple(speakers[SPEAKERS_SHOWN:]),
        coverage=coverage(members),
        copies=tuple((sources[c["copy"]], sources[c["original"]], c) for c in story["copies"]
                     if c["copy"] in sources and c["original"] in sources),
        outlets=tuple(o for o, _ in Counter(s.outlet for s in members).most_common()))


class _Contexts:
    """Article texts split into sentences once each, for quoting a sentence with its neighbours."""

    def __init__(self, text_of: Callable[[str], str | None]) -> None:
        self.text_of = text_of
        self.split: dict[str, tuple[str, tuple[Any, ...]]] = {}

    def around(self, citation: Mapping[str, Any], source: Source) -> Quoted:
        text = citation["text"]
        if citation.get("part", "text") != "text":
            return Quoted(source, "", text, "")
        if source.id not in self.split:
            whole = self.text_of(source.id) or ""
            self.split[source.id] = (whole, sentences(source.id, whole))
        whole, found = self.split[source.id]
        at = next((n for n, s in enumerate(found) if s.start <= citation["start"] < s.end), None)
        if at is None:
            return Quoted(source, "", text, "")
        before = found[at - 1].text if at > 0 and "\n" not in whole[found[at - 1].end:citation["start"]] else ""
        after = found[at + 1].text if at + 1 < len(found) and "\n" not in whole[citation["end"]:found[at + 1].start] else ""
        return Quoted(source, before, text, after)


def _finding(finding: Mapping[str, Any], sources: Mapping[str, Source], contexts: _Contexts) -> FindingView:
    sides = []
    for side in finding["sides"]:
        quoted, seen = [], set()
        for c in side["citations"]:
            if c["article"] in sources and c["article"] not in seen and len(quoted) < QUOTED_PER_SIDE:
                seen.add(c["article"])
                quoted.append(contexts.around(c, sources[c["article"]]))
        others = [sources[i] for i in side["sources"] if i in sources and i not in seen]
        days = [s.day for s in [*(q.source for q in quoted), *others] if s.day]
        sides.append(SideView(side["value"], min(days, default=None), tuple(quoted), tuple(others)))
    return FindingView(finding["kind"], finding["about"], finding["closeness"], finding["note"],
                       finding["independent"], tuple(sides))


def _most_told(findings: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Findings most independent reports stand behind first; the order found otherwise."""
    return sorted(findings, key=lambda f: -f["independent"])


def _speakers(quotes: Iterable[Mapping[str, Any]]) -> list[Speaker]:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for q in quotes:
        groups.setdefault(q["speaker"] or "unattributed", []).append(q)
    found = [Speaker(name, tuple(items), len({i for q in items for i in q["sources"]})) for name, items in groups.items()]
    return sorted(found, key=lambda s: (-len(s.quotes), -s.articles, s.name.casefold()))


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def _month(value: str) -> tuple[date, date] | None:
    try:
        start = date(int(value[:4]), int(value[5:7]), 1) if len(value) == 7 else None
    except ValueError:
        return None
    return (start, (start + timedelta(days=32)).replace(day=1)) if start else None


def axis(entries: Sequence[Mapping[str, Any]], key_dates: Sequence[Mapping[str, Any]], first: str | None,
         last: str | None) -> Axis:
    """The story's period (its first to last article, widened to its key dates and to what it says is
    scheduled in the months ahead) as an axis; each
    dated entry a mark, stacked where several fall on one day; entries outside it are counted."""
    key = [d for d in (_day(k["date"]) for k in key_dates) if d]
    start, end = _day(first or ""), _day(last or "")
    if not start or not end:
        return Axis((), (), (), 0, 0)
    ahead = [d for e in entries if e["upcoming"] and (d := _day(e["date"])) and 0 < (d - end).days <= AHEAD]
    start, end = min([start, *key]), max([end, *key, *ahead])
    span = max(1, (end - start).days)

    def x(day: date) -> float:
        return round(20 + (AXIS_WIDTH - 40) * (day - start).days / span, 1)

    marks, stacked, earlier, later = [], Counter[tuple[str, float]](), 0, 0
    base = AXIS_HEIGHT - 40
    for e in entries:
        day, month = _day(e["date"]), _month(e["date"])
        begin, stop = (day, day) if day else month or (None, None)
        if begin is None or stop is None:
            continue  # a year: too coarse for the axis; it stays in the list
        if stop < start:
            earlier += 1
            continue
        if begin > end:
            later += 1
            continue
        begin, stop = max(begin, start), min(stop, end)
        left = x(begin)
        row = ("month" if month else "day", left)
        level = min(stacked[row], 7)
        stacked[row] += 1
        y = 8 + 5 * level if month else base - 8 - 7 * level  # months as spans along the top, days as dots
        marks.append(Mark(left, round(x(stop) - left, 1) if month else 0, y, e["date"], e["text"], e["anchor"], False))
    key_marks = tuple(Mark(x(d), 0, base, k["date"], f"{len(k['sources'])} articles", f"k-{k['date']}", True)
                      for d, k in zip(key, key_dates))
    return Axis(tuple(marks), key_marks, _ticks(start, end, x), earlier, later)


def _ticks(start: date, end: date, x: Callable[[date], float]) -> tuple[Tick, ...]:
    span = (end - start).days
    if span > 75:  # months
        day = start.replace(day=1)
        days = []
        while day <= end:
            if day >= start:
                days.append(day)
            day = (day + timedelta(days=32)).replace(day=1)
        step = max(1, len(days) // 12)
        return tuple(Tick(x(d), d.strftime("%b %Y")) for d in days[::step])
    step = 1 if span <= 14 else 7
    day = start if step == 1 else start + timedelta(days=(7 - start.weekday()) % 7)  # Mondays
    ticks = []
    while day <= end:
        ticks.append(Tick(x(day), day.strftime("%-d %b")))
        day += timedelta(days=step)
    return tuple(ticks)


def coverage(members: Sequence[Source]) -> Coverage:
    """Articles per outlet per day (per week past DAILY_UP_TO days), the busiest outlets as rows."""
    dated = [(s.outlet, d) for s in members if (d := _day(s.day or ""))]
    undated = len(members) - len(dated)
    if not dated:
        return Coverage((), (), (), "day", undated, AXIS_WIDTH, 0)
    start, end = min(d for _, d in dated), max(d for _, d in dated)
    weekly = (end - start).days > DAILY_UP_TO
    if weekly:
        start -= timedelta(days=start.weekday())
    step = 7 if weekly else 1
    columns = (end - start).days // step + 1
    size = min(CELL_MAX, (AXIS_WIDTH - LABEL_WIDTH) / columns)
    totals = Counter(o for o, _ in dated)
    top = [o for o, _ in totals.most_common(OUTLETS_SHOWN)]
    others = len(totals) - len(top)
    names = top + ([f"{others} other outlets"] if others else [])
    counts = Counter((o if o in top else names[-1], (d - start).days // step) for o, d in dated)
    peak = max(counts.values())
    rows = tuple((name, sum(n for (o, _), n in counts.items() if o == name), 4 + n * (CELL_MAX + 2))
                 for n, name in enumerate(names))
    y = {name: row_y for name, _, row_y in rows}
    unit = "week of " if weekly else ""
    cells = tuple(Cell(round(LABEL_WIDTH + col * size, 1), y[name], max(1.0, round(size - 1, 1)), n,
                       round(0.15 + 0.85 * n / peak, 2),
                       f"{name}, {unit}{readable_day((start + timedelta(days=col * step)).isoformat())}: "
                       f"{n} article{'s' if n != 1 else ''}")
                  for (name, col), n in sorted(counts.items(), key=lambda item: (y[item[0][0]], item[0][1])))
    every = max(1, columns // 8)
    ticks = [Tick(round(LABEL_WIDTH + col * size, 1), readable_day((start + timedelta(days=col * step)).isoformat()))
             for col in range(0, columns, every) if (columns - col) * size >= 70 or col == 0]  # room for its label
    height = 4 + len(names) * (CELL_MAX + 2) + 16
    return Coverage(rows, cells, tuple(ticks), "week" if weekly else "day", undated,
                    LABEL_WIDTH + columns * size, height)


@dataclass(frozen=True)
class StoryRow:
    """A story as the index lists it."""

    id: int
    title: str
    first: str | None
    last: str | None
    events: int
    articles: int
    outlets: int
    entities: tuple[str, ...]
    findings: str | None = None  # "2 disagreements, 1 update, 4 agreements" once explained


def rows(stories: Iterable[Mapping[str, Any]], articles: Sequence[Mapping[str, Any]]) -> list[StoryRow]:
    """The index rows of explained stories (`storyline/1`)."""
    outlet = {a["id"]: a.get("outlet") or a.get("domain") or "unknown" for a in articles}
    return [StoryRow(s["id"], s["title"], s["first"], s["last"], len(s["events"]), len(s["articles"]),
                     len({outlet.get(i) for i in s["articles"]}), tuple(s["entities"]),
                     f"{len(s['disagreements'])} disagreements, {len(s['updates'])} updates, "
                     f"{len(s['agreements'])} agreements") for s in stories]


@dataclass(frozen=True)
class Pages:
    """Which page of a listing this is, and the query string of another page."""

    number: int
    count: int
    key: str = "page"
    params: tuple[tuple[str, str], ...] = ()  # the listing's filters, kept from page to page

    def query(self, number: int) -> str:
        return urlencode([*self.params, (self.key, str(number))])


def pages(total: int, number: int, per_page: int, key: str = "page", params: Mapping[str, str | None] | None = None) -> Pages:
    count = max(1, -(-total // per_page))
    kept = tuple((k, v) for k, v in (params or {}).items() if v)
    return Pages(min(max(1, number), count), count, key, kept)


@dataclass(frozen=True)
class Segment:
    """A run of an article's text and what is marked on it: entity, quote, time, claim."""

    text: str
    kinds: tuple[str, ...]
    notes: tuple[str, ...]


def segments(text: str, analysis: Mapping[str, Any]) -> tuple[list[Segment], dict[str, int]]:
    """The article's text cut where any annotation starts or ends, each run with the annotations
    covering it (they nest and overlap: a name inside a quote, a figure inside a name)."""
    marks: list[tuple[int, int, str, str]] = []
    for e in analysis["entities"]:
        marks += [(m["start"], m["end"], "ent", f"{e['name']} ({e['type']})") for m in e["mentions"]]
    marks += [(q["start"], q["end"], "quote", f"quote: {q['speaker'] or 'unattributed'}") for q in analysis["quotes"]]
    marks += [(t["start"], t["end"], "time", f"time: {t['value'] or 'unresolved'}") for t in analysis["times"]]
    marks += [(c["start"], c["end"], "claim", f"claim: {c['value']:g}{'-' + format(c['to'], 'g') if c['to'] else ''} {c['unit']}")
              for c in analysis["claims"]]
    marks = [m for m in marks if 0 <= m[0] < m[1] <= len(text)]
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    found = []
    for a, b in zip(cuts, cuts[1:]):
        on = [m for m in marks if m[0] <= a and m[1] >= b]
        found.append(Segment(text[a:b], tuple(dict.fromkeys(m[2] for m in on)), tuple(m[3] for m in on)))
    counts = Counter(m[2] for m in marks)
    return found, {kind: counts[kind] for kind in ("ent", "quote", "time", "claim")}


def pieces(snippet: str, highlights: Iterable[Sequence[int]]) -> list[tuple[str, bool]]:
    """A search snippet cut into plain and matching runs."""
    found, at = [], 0
    for start, end in sorted(highlights):
        if start >= at:
            found += [(snippet[at:start], False), (snippet[start:end], True)]
            at = end
    return [p for p in [*found, (snippet[at:], False)] if p[0]]
