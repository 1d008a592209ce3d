"""A story's timeline: its events, and the dated happenings its articles mention.

Entries come from two places. Each dated event of the story is an entry citing its members. Each
time expression an article resolved to a calendar day, month or year is a candidate ("held a phone
call Monday", "that was in September", "Jan. 20" — later than the article, so upcoming), as is a
duration tied to the article's own date ("a month after the Congress approved ..."). Candidates on
the same day, or in the same month at month precision, are one entry; a coarser candidate joins a
finer entry it falls in when their sentences say the same thing ("in 2022" joins "February 2022").
Then an article that tells an entry's happening without a date ("Congress recently approved the
aid") is cited too when its sentence says what the entry says. A year-only entry that a single
report gives is dropped: too vague to place a happening. A date later than its article whose year
is not written is kept only from a sentence that speaks of the future ("will", "expects", "due
to", "until"): without one it is a past date read as the next year's ("after November's pledge",
written in May), and a month or a month's day is placed in the last year instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from storyline.analyse.times import resolve, toward
from storyline.config import ExplainConfig
from storyline.explain import text
from storyline.explain.material import Member, StoryMaterial
from storyline.models import Citation, EventSummary, TimeRef, TimelineEntry

_DAY, _MONTH, _YEAR = re.compile(r"^\d{4}-\d{2}-\d{2}$"), re.compile(r"^\d{4}-\d{2}$"), re.compile(r"^\d{4}$")
_DURATION = re.compile(r"^P(\d+)([DWMY])$")
_AFTER = re.compile(r"^\s+(after|before)\b", re.IGNORECASE)
_FINER = {"day": 0, "month": 1, "year": 2}
_COMPARED = 300  # an entry's wordings a candidate is compared with: all, up to this many, else spread evenly


_FUTURE = re.compile(r"\b(?:will|won't|shall|would|could|should|may|might|must|expect\w*|(?:plan|aim|hope|intend)"
                     r"(?:s|ed|ing)? to|(?:is|are|was|were) due|due (?:to be|on|in)|schedul\w*|set to|going to|next|"
                     r"upcoming|coming|later|until|till|through|before|forecast\w*|predict\w*|deadline|to be|"
                     r"to begin|to start|starting)\b|'ll\b", re.IGNORECASE)
_PAST_MODAL = re.compile(r"\b(?:would|could|should|may|might|must)(?: not)? have\b", re.IGNORECASE)


@dataclass
class _Candidate:
    date: str
    precision: str
    citation: Citation
    words: frozenset[str]
    upcoming: bool | None  # None: a supporting sentence, which says nothing of when


@dataclass
class _Entry:
    date: str
    precision: str
    candidates: list[_Candidate] = field(default_factory=list)
    event_id: int | None = None
    text: str | None = None  # fixed for events: the lead most like the other members' leads
    wordings: list[frozenset[str]] = field(default_factory=list)  # the candidates' distinct word sets: copies repeat them
    _seen: set[frozenset[str]] = field(default_factory=set, repr=False)

    def add(self, candidate: _Candidate) -> None:
        self.candidates.append(candidate)
        if candidate.words not in self._seen:
            self._seen.add(candidate.words)
            self.wordings.append(candidate.words)


def build(material: StoryMaterial) -> tuple[TimelineEntry, ...]:
    entries = _event_entries(material)
    candidates = [c for m in material.members for c in _candidates(m, material)]
    for candidate in sorted(candidates, key=lambda c: (_FINER[c.precision], c.date, c.citation.article_id)):
        _place(candidate, entries, material.idf, material.config)
    entries = [e for e in entries if e.event_id is not None or e.precision != "year"
               or material.independent([c.citation.article_id for c in e.candidates]) > 1]
    _support(entries, material)
    return tuple(_finish(e, material) for e in sorted(entries, key=lambda e: (e.date, _FINER[e.precision])))


def _event_entries(material: StoryMaterial) -> list[_Entry]:
    entries = []
    for event in material.events:
        if not event.date:
            continue
        leads = [(m, m.sentences[0]) for m in material.members if m.event_id == event.id and m.sentences]
        if not leads:
            continue
        entry = _Entry(event.date[:10], "day", event_id=event.id)
        for member, lead in leads:
            entry.add(_Candidate(entry.date, "day", text.cite(lead), lead.words, False))
        centrality = text.centrality([lead.words for _, lead in leads], material.idf)
        central = leads[max(range(len(leads)), key=centrality.__getitem__)]
        entry.text = text.excerpt(central[1])
        entries.append(entry)
    return entries


def _candidates(member: Member, material: StoryMaterial) -> list[_Candidate]:
    event = next(e for e in material.events if e.id == member.event_id)
    published = member.day
    found = []
    for ref in member.analysis.times:
        when = _calendar(ref) or _offset(ref, member)
        if when is None:
            continue
        value, precision = when
        if _is_the_event(value, precision, event, published):
            continue
        sentence = text.sentence_at(member.sentences, ref.start)
        if sentence is None:
            continue
        upcoming = published is not None and value > published.isoformat()[:len(value)]
        if upcoming and not text.YEAR.search(ref.text) and not _future_cue(sentence.text):
            past = _in_the_past(ref, published)  # "after November's pledge", written in May: last November
            if past is None:
                continue
            value, upcoming = past, False
        found.append(_Candidate(value, precision, text.cite(sentence, ref.start, ref.end), sentence.words, upcoming))
    return found


def _future_cue(sentence: str) -> bool:
    """The sentence speaks of what is to come ("will", "expects", "due to", "is likely to", "until
    September 30"), not of what may have been ("may have first infected")."""
    return bool(_FUTURE.search(_PAST_MODAL.sub(" ", sentence)))


def _in_the_past(ref: TimeRef, published: date | None) -> str | None:
    """A month or a month's day read as the next one, resolved to the last one instead."""
    code = ref.relative or ""
    if published is None or not code.startswith(("MD:", "MO:")) or "@" in code:
        return None
    value, _, later = resolve(toward(code, "past"), published)
    return value if value and not later else None


def _calendar(ref: TimeRef) -> tuple[str, str] | None:
    for pattern, precision in ((_DAY, "day"), (_MONTH, "month"), (_YEAR, "year")):
        if ref.value and pattern.match(ref.value):
            return ref.value, precision
    return None


def _offset(ref: TimeRef, member: Member) -> tuple[str, str] | None:
    """'(less than) a month after the Congress approved': the clause's date, from the article's."""
    match = _DURATION.match(ref.value or "")
    after = _AFTER.match(member.article.text[ref.end:ref.end + 10])
    if not match or not after or member.day is None:
        return None
    n, unit = int(match.group(1)), match.group(2)
    step = {"D": relativedelta(days=n), "W": relativedelta(weeks=n), "M": relativedelta(months=n),
            "Y": relativedelta(years=n)}[unit]
    when: date = member.day - step if after.group(1).lower() == "after" else member.day + step
    precision = {"D": "day", "W": "day", "M": "month", "Y": "year"}[unit]
    return when.isoformat()[:{"day": 10, "month": 7, "year": 4}[precision]], precision


def _is_the_event(value: str, precision: str, event: EventSummary, published: date | None) -> bool:
    """The article's own happening ("on Wednesday", "today", "this month") is its event's entry."""
    first, last = (event.date or "")[:10], (event.last or event.date or "")[:10]
    if precision == "day":
        return bool(first) and first <= value <= last
    if published is None:
        return False
    return value == published.isoformat()[:len(value)]


def _place(candidate: _Candidate, entries: list[_Entry], idf: text.Weights, config: ExplainConfig) -> None:
    same = next((e for e in entries if e.date == candidate.date and e.precision == candidate.precision), None)
    if same is None:  # the finer entry whose sentences say most what the candidate's says, if enough
        finer = [(max(text.overlap(candidate.words, words, idf) for words in text.spread(e.wordings, _COMPARED)), n)
                 for n, e in enumerate(entries)
                 if _FINER[e.precision] < _FINER[candidate.precision] and e.date.startswith(candidate.date)]
        score, best = max(finer, default=(0.0, -1))
        same = entries[best] if score >= config.same_happening else None
    if same is None:
        same = _Entry(candidate.date, candidate.precision)
        entries.append(same)
    same.add(candidate)


def _support(entries: list[_Entry], material: StoryMaterial) -> None:
    """Cite the articles that tell an entry's happening without dating it (and were written after it).

    A sentence with a time expression of its own ("in the coming weeks") is about that time: never
    cited. Sentences are found through the words they share with the entry, never by scanning all.
    """
    timed = {(m.id, s.index) for m in material.members for s in m.sentences for ref in m.analysis.times
             if s.start <= ref.start < s.end}
    pool = [s for m in material.members for s in m.sentences if (m.id, s.index) not in timed]
    postings = text.postings(s.words for s in pool)
    days = {m.id: m.day for m in material.members}
    config = material.config
    for entry in entries:
        words = {w for c in entry.candidates for w in c.words if len(postings.get(w, ())) <= config.common_words}
        hits = Counter(n for w in words for n in postings.get(w, ()))
        # One shared word says nothing; in pool order, so ties go the same way under any hash seed.
        near = sorted(n for n, count in hits.items() if count >= 2)
        best: dict[str, tuple[float, text.Sentence]] = {}
        cited = {c.citation.article_id for c in entry.candidates}
        told = list(entry.wordings)
        for n in near:
            sentence = pool[n]
            day = days[sentence.article_id]
            if sentence.article_id in cited or (day is not None and day.isoformat()[:len(entry.date)] < entry.date):
                continue
            score = max(_agreement(sentence.words, words, material.idf, config) for words in told)
            if score >= config.support and score > best.get(sentence.article_id, (0.0, None))[0]:
                best[sentence.article_id] = (score, sentence)
        for _, sentence in sorted(best.values(), key=lambda x: (x[1].article_id, x[1].index)):
            entry.add(_Candidate(entry.date, entry.precision, text.cite(sentence), sentence.words, None))


def _agreement(a: frozenset[str], b: frozenset[str], idf: text.Weights, config: ExplainConfig) -> float:
    """How surely two sentences tell the same thing: their overlap, and many shared words count as much."""
    score = text.overlap(a, b, idf)
    return config.support if score >= config.shared_floor and len(a & b) >= config.shared_words else score


def _finish(entry: _Entry, material: StoryMaterial) -> TimelineEntry:
    if entry.text is None:
        centrality = text.centrality([c.words for c in entry.candidates], material.idf)
        central = max(range(len(entry.candidates)), key=lambda i: (centrality[i], -_FINER[entry.candidates[i].precision]))
        entry.text = entry.candidates[central].citation.text
    citations = tuple(dict.fromkeys(c.citation for c in entry.candidates))
    dated = [c.upcoming for c in entry.candidates if c.upcoming is not None]
    upcoming = entry.event_id is None and bool(dated) and all(dated)
    return TimelineEntry(entry.date, entry.precision, entry.text, citations, upcoming, entry.event_id)
