"""A short timeline: a story's most reported days, a few sentences each.

The full timeline holds every dated happening an article mentions; a reader catching up on a
story of months (and timeline summarisation, which is scored this way) wants the N days that
mattered most, each in K sentences. A day matters when reports written on other days refer to it
("Mexico confirmed its first deaths on April 24"): the weight of a day is the number of
independent reports that name it from another day, then the number published on it. Its sentences
come from those naming it ("on Friday" in a report of that Friday included) and from the leads of
the reports published on it or the next day that name no day (a wire report tells the morning
after what happened the day before), as DATEWISE (Ghalandari & Ifrim 2020) gathers them; each
must speak of the story's subject (a term most of its reports share: a survey of the recession
dated that week is not a key date's news), the most central first, each saying something the ones
before did not. A day outside the story's own period (a week before its first report to its last)
is its history or its plans, a key date only when many reports name it ("the September 11, 2001
attacks" named once in a report on flu preparedness is not).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from storyline.explain import text
from storyline.explain.material import StoryMaterial
from storyline.link.similarity import rarity
from storyline.models import KeyDate


def key_dates(material: StoryMaterial, dates: int, per_date: int,
              within: tuple[str, str] | None = None) -> tuple[KeyDate, ...]:
    """The `dates` days that matter most in the story, `per_date` sentences each, in date order. A day
    long before the story's first report is a key date only when many independent reports name
    it (`background_days`, `background_reports`): history, not news. `within` (first, last ISO
    day) keeps to a period a reader asks about, as timeline summarisation is scored."""
    config = material.config
    named: dict[str, set[str]] = defaultdict(set)  # day -> articles naming it from another day
    told: dict[str, dict[tuple[str, int], text.Sentence]] = defaultdict(dict)  # day -> sentences naming it
    leads: dict[str, list[text.Sentence]] = defaultdict(list)  # day -> leads of the reports of it and the day after
    published: dict[str, set[str]] = defaultdict(set)  # day -> reports published on it
    for member in material.members:
        own = member.day.isoformat() if member.day else None
        dated = set()
        for ref in member.analysis.times:
            if ref.precision != "day" or not ref.value or len(ref.value) != 10:
                continue
            sentence = text.sentence_at(member.sentences, ref.start)
            if sentence is not None:
                told[ref.value].setdefault((sentence.article_id, sentence.index), sentence)
                dated.add(sentence.index)
            if ref.value != own:
                named[ref.value].add(member.id)
        if member.day:
            published[own].add(member.id)
            undated = [s for s in member.sentences[:config.lead_sentences] if s.index not in dated]
            leads[own] += undated
            leads[(member.day - timedelta(days=1)).isoformat()] += undated
    weight = {day: (material.independent(tuple(named.get(day, ()))), material.independent(tuple(published.get(day, ()))))
              for day in set(named) | set(published)}
    reported = [member.day for member in material.members if member.day]
    if reported:
        first, last = (min(reported) - timedelta(days=config.background_days)).isoformat(), max(reported).isoformat()
        weight = {day: w for day, w in weight.items() if first <= day <= last or w[0] >= config.background_reports}
    if within:
        weight = {day: w for day, w in weight.items() if within[0] <= day <= within[1]}
    top = sorted(weight, key=lambda day: (-weight[day][0], -weight[day][1], day))[:dates]
    subject = _subject(material)
    chosen = []
    for day in sorted(top):
        pool = list(told[day].values()) + leads[day]
        sentences = _central([s for s in pool if s.words & subject] or pool, material, per_date)
        sources = sorted(named.get(day, set()) | published.get(day, set()))
        chosen.append(KeyDate(day, tuple(text.cite(s) for s in sentences), tuple(sources)))
    return tuple(chosen)


def _subject(material: StoryMaterial) -> frozenset[str]:
    """What the story is about: the terms at least `subject_share` of its reports use, less the
    language's common words ("said", "new", "year")."""
    config = material.config
    df: Counter[str] = Counter()
    for member in material.members:
        df.update(frozenset().union(*(s.words for s in member.sentences)))
    floor = config.subject_share * len(material.members)
    return frozenset(w for w, n in df.items() if n >= floor and rarity(w) >= config.subject_rarity)


def _central(pool: list[text.Sentence], material: StoryMaterial, count: int) -> list[text.Sentence]:
    pool = [s for s in pool if text.readable(s)] or pool
    centrality = dict(zip(map(id, pool), text.centrality([s.words for s in pool], material.idf)))
    chosen: list[text.Sentence] = []
    for sentence in sorted(pool, key=lambda s: -centrality[id(s)]):
        if len(chosen) == count:
            break
        if all(text.similarity(sentence.words, c.words, material.idf) < material.config.repeats for c in chosen):
            chosen.append(sentence)
    return chosen
