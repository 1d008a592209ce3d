"""The figures a story's reports give for one thing: where outlets disagree, where they agree
within rounding, and how a figure moved over time. Thresholds in `backquotes` are ExplainConfig's.

A figure is compared with another only when both measure the same thing at the same time:
- the same measure: the same unit, the words around both figures meet (what they count), and
  neither is more than twice the other;
- the same subject: the place or person written right beside each figure in its sentence, when
  both have one ("Canada has 496 confirmed cases and Costa Rica nine": 496 is Canada's, nine Costa
  Rica's); an age only of the same named person;
- the same era: the years a sentence names beside its figure ("the 1918 pandemic killed 50
  million", "since 2003") meet, or neither sentence names one.

Figures of one measure then make up to three findings:
- a `number` disagreement: reports of different outlets at most `window_days` apart whose figures no
  rounding, hedge ("about 5 million"), bound ("more than 10,000") or range reconciles, and
  neither outlet gives the other's figure within days of it (then both tell one development, a
  little apart in time); a figure under `specific` needs alike sentences on both sides;
- a near-agreement (`number`, closeness `close`, listed with the agreements): independent reports
  (not copies of one another) at most `window_days` apart, telling it in alike sentences, whose
  figures differ only by rounding ($9.99 and $10, 4.9 and "about 5"
  million, $61 and $60 billion);
- an `update`: a tally of the story's own time (a count or measure, not a share, price, age or span;
  no other year beside it: history does not move) that rose over time (later reports, or the
  same outlet again), shown as
  the sequence of its values, each with the day it was first given: "800,000 ft (May 2) ->
  900,000 ft (May 9)". A story that develops changes its figures; that is never a disagreement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from math import floor, log10

from storyline.config import ExplainConfig
from storyline.explain import text
from storyline.explain.material import Member, StoryMaterial
from storyline.lexicon import lexicon
from storyline.models import Citation, Claim, Finding, Mention, Side

AGE = "years old"
_SUBJECTS = frozenset({"GPE", "LOC", "PERSON", "FAC"})
# A count of these is counted beyond others ("two other victims", "married two more times",
# "20 new cases"), so it is never the same measure as a total.
_BEYOND = frozenset({"other", "more", "additional", "further", "extra", "new"})
_HEDGES = frozenset({"about", "around", "approximately", "roughly", "some", "nearly", "almost", "an estimated",
                     "estimated", "close to", "more than", "over", "under", "less than", "up to"})
_APPROXIMATE = frozenset({"about", "around", "approximately", "roughly", "some", "nearly", "almost", "an estimated",
                          "estimated", "close to"})
_LOWER = frozenset({"over", "more than", "above", "at least"})
_UPPER = frozenset({"almost", "nearly", "under", "less than", "up to", "at most"})
_MEASURES = (frozenset(lexicon().units.values()) | frozenset(lexicon().unit_symbols.values())) - \
    {"percent", "percentage points", "basis points", "points"}  # shares are not converted: 4.4% is not 4.2%
_SPANS = frozenset({"second", "minute", "hour", "day", "night", "week", "month", "year", "decade", "century",
                    "season", "time"})
_YEAR = re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2})\b")
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


@dataclass(frozen=True)
class Figure:
    member: Member
    claim: Claim
    words: frozenset[str]  # what the figure counts: stems around it
    subject: str | None  # the place or person nearest it in its sentence
    era: frozenset[str]  # years its sentence names, other than the report's own
    sentence: frozenset[str]  # its sentence's stems
    beyond: bool  # counted beyond others: "two other victims"

    @property
    def outlet(self) -> str | None:
        return self.member.outlet


@dataclass(frozen=True)
class Figures:
    disagreements: tuple[Finding, ...]
    near_agreements: tuple[Finding, ...]
    updates: tuple[Finding, ...]


def compare(material: StoryMaterial) -> Figures:
    cfg = material.config
    figures = [_figure(m, c, cfg) for m in material.members for c in m.analysis.claims if c.unit and not _vague(c)]
    pairs = [(i, j) for i, j in text.pairs([f.words for f in figures], cfg.min_shared)
             if _same_measure(figures[i], figures[j], material.idf, cfg)]
    disagreements, near, updates = [], [], []
    for component in text.components(len(figures), pairs):
        items = sorted((figures[i] for i in component), key=_when)
        if len({f.claim.value for f in items}) < 2:
            continue
        conflict = _paired(items, _pairs(items, lambda a, b: _same_moment(a, b, cfg) and _other_outlet(a, b)
                                         and not _agree(a, b, cfg) and _told_alike(a, b, material.idf, cfg)
                                         and not _told_apart(a, b, items, cfg) and not _in_step(a, b, items, cfg)))
        if conflict:
            disagreements.append(_finding(conflict, "conflict", "the reports give different figures", material))
        close = _pairs(items, lambda a, b: _same_moment(a, b, cfg) and _rounded(a, b, cfg)
                       and material.group[a.member.id] != material.group[b.member.id]
                       and text.similarity(a.sentence, b.sentence, material.idf) >= cfg.alike)
        for group in text.components(len(items), close):  # each set of figures rounded from one another
            rounded = [items[i] for i in group]  # and the same figures at other times ("$60 billion" months before)
            rounded += [f for f in items if f not in rounded and any(f.claim.value == r.claim.value for r in rounded)]
            near.append(_finding(rounded, "close",
                                 "close values, within rounding: shown side by side as a near-agreement", material))
        if not any(f.era for f in items) and \
                _pairs(items, lambda a, b: not (_same_moment(a, b, cfg) and _other_outlet(a, b)) and not _agree(a, b, cfg)):
            updates.append(_update(items, material))
    return Figures(tuple(disagreements), tuple(near), tuple(u for u in updates if u is not None))


def _vague(claim: Claim) -> bool:
    """ "dozens", "millions", "tens of thousands": an order of magnitude, never a figure to compare."""
    return claim.to is not None and not any(ch.isdigit() for ch in claim.text)


def _figure(member: Member, claim: Claim, cfg: ExplainConfig) -> Figure:
    sentence = text.sentence_at(member.sentences, claim.start)
    low, high = claim.start - cfg.context_chars, claim.end + cfg.context_chars
    if sentence is not None:
        low, high = max(low, sentence.start), min(high, sentence.end)
    window = member.article.text[max(0, low):claim.start] + " " + member.article.text[claim.end:high]
    words = text.stems(window) | text.stems(claim.about or "")
    bounds = (sentence.start, sentence.end) if sentence is not None else (low, high)
    own = {member.day.year} if member.day else set()
    era = frozenset(y for y in _YEAR.findall(member.article.text[bounds[0]:bounds[1]])
                    if int(y) not in own and y not in claim.text)
    first_words = member.article.text[claim.end:claim.end + 20].split()[:1] + (claim.about or "").split()[:1]
    beyond = any(word.lower() in _BEYOND for word in first_words)
    return Figure(member, claim, words, _subject(member.analysis.mentions, claim, bounds, cfg.subject_chars), era,
                  sentence.words if sentence is not None else words, beyond)


def _subject(mentions: Iterable[Mention], claim: Claim, bounds: tuple[int, int], reach: int) -> str | None:
    near = [(min(abs(m.end - claim.start), abs(m.start - claim.end)), m.name) for m in mentions
            if m.label in _SUBJECTS and bounds[0] <= m.start < bounds[1] and not claim.start <= m.start < claim.end]
    distance, name = min(near) if near else (reach, None)
    return name if distance < reach else None


def _same_measure(a: Figure, b: Figure, idf: text.Weights, cfg: ExplainConfig) -> bool:
    """Same unit, within a factor of two, and the same sentence (a copy that changed the figure),
    or the same words around, subject and era. Big figures within rounding ($60 vs $61 billion)
    need only share words; others the same surroundings."""
    x, y = a.claim, b.claim
    if x.unit != y.unit or x.value <= 0 or y.value <= 0 or max(x.value, y.value) / min(x.value, y.value) > cfg.max_ratio:
        return False
    if text.similarity(a.sentence, b.sentence, idf) >= cfg.same_sentence:
        return True  # one sentence, two figures: a copy or a rewrite that changed it
    if a.beyond != b.beyond:
        return False  # "three victims" and "two other victims" count different sets
    if a.subject != b.subject and a.subject is not None and b.subject is not None or \
            (x.unit == AGE or _span(x)) and (a.subject is None or a.subject != b.subject):
        return False  # two countries' tallies, two places' distances, two people's ages or careers
    if a.era != b.era and not a.era & b.era or len(a.words & b.words) < cfg.min_shared:
        return False
    close = abs(x.value - y.value) <= cfg.close * max(x.value, y.value)
    return (close and min(x.value, y.value) >= cfg.specific) or text.overlap(a.words, b.words, idf) >= cfg.number_context


def _told_alike(a: Figure, b: Figure, idf: text.Weights, cfg: ExplainConfig) -> bool:
    """Two reports of one fact tell it in alike sentences ("police said 18 people were injured",
    "police said 12 people were injured in the riots"); a small figure in an unlike sentence
    ("five boats approached", "three boats were captured") is more likely something else counted.
    Big figures rarely meet by chance and need only the words around them."""
    return max(a.claim.value, b.claim.value) >= cfg.specific or text.similarity(a.sentence, b.sentence, idf) >= cfg.alike


def _told_apart(a: Figure, b: Figure, items: list[Figure], cfg: ExplainConfig) -> bool:
    """One of the two articles gives the other's figure as well ("23 pirates (12 Somali and 11
    Yemeni)", "1,626 cases, up from 1,364"), or parts that add up to it (12 and 11 of 23): it counts
    two things, or tells the change itself."""
    def parts(figure: Figure, total: Figure) -> bool:  # its sentence gives figures adding up to the other's
        sentence = text.sentence_at(figure.member.sentences, figure.claim.start)
        low, high = (sentence.start, sentence.end) if sentence else (figure.claim.start, figure.claim.end)
        own = [c.value for c in figure.member.analysis.claims if c.unit == figure.claim.unit and
               c.value < total.claim.value and low <= c.start < high]
        return any(x + y == total.claim.value for i, x in enumerate(own) for y in own[i + 1:])

    return any(f.member.id == a.member.id and f is not a and _agree(f, b, cfg) or
               f.member.id == b.member.id and f is not b and _agree(f, a, cfg) for f in items) or \
        parts(a, b) or parts(b, a)


def _when(figure: Figure) -> tuple[bool, str, str]:
    published = figure.member.article.published
    return published is None, published.value if published else "", figure.member.id


def _same_moment(a: Figure, b: Figure, cfg: ExplainConfig) -> bool:
    if a.member.day is None or b.member.day is None:
        return a.member.event_id == b.member.event_id
    return abs((a.member.day - b.member.day).days) <= cfg.window_days


def _other_outlet(a: Figure, b: Figure) -> bool:
    """Two outlets known to differ, or a pile that names no outlet at all. One outlet's figures
    that differ are its own update, not outlets disagreeing; a report of unknown outlet beside a
    known one may be that outlet's (a wire story whose tag was lost)."""
    if a.outlet is None or b.outlet is None:
        return a.outlet is None and b.outlet is None
    return a.outlet.lower() != b.outlet.lower()


def _in_step(a: Figure, b: Figure, items: list[Figure], cfg: ExplainConfig) -> bool:
    """One outlet gives the other's figure too, within days of it ("20 dead" on Monday and "26" on
    Wednesday in one, "26" on Tuesday in the other): they report one development a little apart
    in time, they do not disagree. Giving it means writing it, or it rounded: a bound is no
    figure given ("over 150 dead" in one outlet does not give another's 224)."""
    def gives(outlet: str | None, figure: Figure) -> bool:
        return outlet is not None and any(f.outlet == outlet and _same_moment(f, figure, cfg) and
                                          (f.claim.value == figure.claim.value or _rounded(f, figure, cfg)) for f in items)

    return gives(a.outlet, b) or gives(b.outlet, a)


def _agree(a: Figure, b: Figure, cfg: ExplainConfig) -> bool:
    """'over 10,000' and '12,000' agree, as do '40 to 50' and '45', and figures within rounding."""
    return _within(a.claim, b.claim, cfg) or _within(b.claim, a.claim, cfg) or _rounded(a, b, cfg)


def _within(a: Claim, b: Claim, cfg: ExplainConfig) -> bool:
    """b's value fits what a says: its range, its bound ("at least 3 dead" and "at least 10"), its hedge."""
    if a.value == b.value or a.to is not None and min(a.value, a.to) <= b.value <= max(a.value, a.to):
        return True
    q = (a.qualifier or "").lower()
    if q in _LOWER and b.value >= a.value or q in _UPPER and b.value <= a.value:
        return True
    return q in _HEDGES and abs(a.value - b.value) <= cfg.hedged * max(a.value, b.value)


def _rounded(a: Figure, b: Figure, cfg: ExplainConfig) -> bool:
    """One figure is the other rounded ($10 and $9.99, 5 and 4.9 million, $60 and $61 billion,
    6,500 and 6,497), a hedge ("about", "nearly") reaches the other, or two amounts of money or
    measures are within `close` (converted). Two exact counts a little apart (1,534 and 1,490
    cases; 29 and 30 countries: counts under `specific` are never rounded) are neither."""
    x, y = a.claim.value, b.claim.value
    if x == y or a.claim.to is not None or b.claim.to is not None:
        return False
    if any((c.qualifier or "").lower() in _APPROXIMATE and abs(x - y) <= cfg.hedged * max(x, y) for c in (a.claim, b.claim)):
        return True
    if _measured(a.claim) and abs(x - y) <= cfg.close * max(x, y):
        return True
    if not _measured(a.claim) and max(x, y) < cfg.specific:
        return False  # a small count is exact: 29 and 30 countries are two tallies, not one rounded
    coarse, fine = (x, y) if _last_digit(x) > _last_digit(y) else (y, x)
    if _last_digit(coarse) <= _last_digit(fine):
        return False
    return abs(fine - coarse) <= 10.0 ** _last_digit(coarse) / 2 and abs(fine - coarse) <= cfg.close * coarse


def _last_digit(value: float) -> int:
    """The power of ten of a figure's last significant digit: 2 for 6,500, -2 for 9.99."""
    if value == 0:
        return 0
    power = floor(log10(abs(value)))
    while power > -6 and abs(round(value / 10.0 ** power) * 10.0 ** power - value) > 1e-9 * abs(value):
        power -= 1
    while abs(round(value / 10.0 ** (power + 1)) * 10.0 ** (power + 1) - value) <= 1e-9 * abs(value):
        power += 1
    return power


def _pairs(items: list[Figure], keep: Callable[[Figure, Figure], bool]) -> list[tuple[int, int]]:
    """The index pairs (i < j) of figures that `keep` accepts."""
    return [(i, j) for i, a in enumerate(items) for j, b in enumerate(items[i + 1:], start=i + 1) if keep(a, b)]


def _paired(items: list[Figure], pairs: list[tuple[int, int]]) -> list[Figure]:
    """The figures in some pair, in time order."""
    return [items[i] for i in sorted({i for pair in pairs for i in pair})]


def _finding(items: list[Figure], closeness: str, note: str, material: StoryMaterial) -> Finding:
    """One side per figure, highest first; figures that agree (4,379 and 4,400) are one side of a
    disagreement, and each a side of its own in a near-agreement."""
    groups: list[list[Figure]] = []
    for figure in sorted(items, key=lambda f: -f.claim.value):
        same = next((g for g in groups if g[0].claim.value == figure.claim.value or
                     closeness == "conflict" and any(_agree(figure, f, material.config) for f in g)), None)
        if same is None:
            groups.append([figure])
        else:
            same.append(figure)
    sides = tuple(Side(" / ".join(dict.fromkeys(_written([f.claim]) for f in group)), tuple(_citation(f) for f in group))
                  for group in groups)
    return Finding("number", _about([f.claim for f in items]), sides, note, closeness,
                   material.independent([c.article_id for side in sides for c in side.citations]))


def _update(items: list[Figure], material: StoryMaterial) -> Finding | None:
    """The values in the order they were given, a step whenever the figure changed. A tally that
    moved rises step by step (`moved` of its steps at least) over more than one day, and two steps
    need the place or person they count named beside both; figures that go back and forth, or
    fall, are different things or reports at odds (a toll revised down is told in words, and its
    report says so), never an update."""
    steps_given: list[list[Figure]] = []
    steps = steps_given
    for figure in items:
        if steps and (_agree(figure, steps[-1][0], material.config) or _written([figure.claim]) == _written([steps[-1][0].claim])):
            steps[-1].append(figure)
        else:
            steps.append([figure])
    if not _tally(items[0].claim):
        return None
    steps = _rising(steps)
    if len(steps) < 2 or len(steps) < material.config.moved * len(steps_given) or len({_day(step[0]) for step in steps}) < 2:
        return None  # "13 -> 12 -> 13" the same week is reports at odds, not a figure that moved
    if len(steps) == 2 and not all(f.subject for step in steps for f in step):
        return None  # two figures, nothing named beside them: too little to say one thing grew
    sides = tuple(Side(f"{_written(f.claim for f in step)} ({_day(step[0])})", tuple(_citation(f) for f in step))
                  for step in steps)
    sequence = " -> ".join(side.value for side in sides)
    return Finding("update", _about([f.claim for f in items]), sides, f"the figure moved over time: {sequence}", None,
                   material.independent([c.article_id for side in sides for c in side.citations]))


def _span(claim: Claim) -> bool:
    """A span of time or a number of times ("11 seasons", "hosted it five times"): said of someone."""
    return claim.unit.lower().split(" per ")[0].rstrip("s") in _SPANS


def _measured(claim: Claim) -> bool:
    """Money or a unit of measure, often converted ($144 and $141 billion for one EUR 110 billion;
    36 and 35 miles for 58 km), unlike a count, which is exact."""
    return bool(re.fullmatch(r"[A-Z]{3}", claim.unit.split(" per ")[0])) or claim.unit in _MEASURES


def _tally(claim: Claim) -> bool:
    """A count or a measure that grows as a story develops (cases, deaths, countries, feet of boom),
    not a share, a price, an age or a span of time, which move for reasons a story rarely tells."""
    return claim.unit.lower() not in ("percent", AGE.lower()) and not re.fullmatch(r"[A-Z]{3}", claim.unit) \
        and not _span(claim)


def _rising(steps: list[list[Figure]]) -> list[list[Figure]]:
    """The longest run of steps, in time order, whose values only rise: the tally's course without
    the stray report of something else ("25 countries" of SARS among the new flu's 9, 10, 11 ...)."""
    values = [step[0].claim.value for step in steps]
    best: list[list[int]] = []
    for i, value in enumerate(values):
        before = [b for j, b in enumerate(best) if values[j] < value]
        best.append(max(before, key=len, default=[]) + [i])
    return [steps[i] for i in max(best, key=len, default=[])]


def _day(figure: Figure) -> str:
    return figure.member.day.isoformat() if figure.member.day else "undated"


def _written(claims: Iterable[Claim]) -> str:
    """One way to write a side's figure, its hedge or bound kept ("about 5 million"): money as
    "$60 billion", else the most common wording."""
    claims = list(claims)
    value, unit = claims[0].value, claims[0].unit
    hedge = f"{claims[0].qualifier} " if claims[0].qualifier else ""
    if unit in _SYMBOLS and claims[0].to is None:
        for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if value >= size:
                return f"{hedge}{_SYMBOLS[unit]}{value / size:g} {word}"
        return f"{hedge}{_SYMBOLS[unit]}{value:,.0f}" if value >= 100 else f"{hedge}{_SYMBOLS[unit]}{value:,.2f}"
    texts = [f"{c.qualifier} {c.text}" if c.qualifier else c.text for c in claims]
    return max(dict.fromkeys(texts), key=texts.count)  # ties: the first written


def _about(claims: list[Claim]) -> str:
    abouts = [c.about for c in claims if c.about]
    return max(dict.fromkeys(abouts), key=lambda a: (abouts.count(a), len(a))) if abouts else claims[0].unit


def _citation(figure: Figure) -> Citation:
    return figure.member.cite(figure.claim.start, figure.claim.end, figure.claim.text)

