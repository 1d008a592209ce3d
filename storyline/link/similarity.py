"""Similarity of an article to an event or story: weighted content lemmas, shared entities, time.

A term weighs by how rare it is in the language, not in the pile. In a pile about one outbreak
"flu" is in every article, so the pile's own IDF gives the story's subject the least weight and
leaves chance words ("year", "American") to link unrelated articles; in the language at large
(wordfreq's frequencies, English, as only English is analysed) "flu", "swine" and "Klitschko" are
rare and "year" is common. Measured on Timeline17 H1N1 and ECB+ dev (bench/eval_ecbplus.py):
the median similarity of two H1N1 reports doubles, unrelated pairs stay where they were.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

import wordfreq

# Zipf scale: log10 of a word's frequency per billion words; wordfreq lists words down to about 1.
_COMMONEST = 7.0  # "the" is 7.7, "year" 6.0, "flu" 4.0, "klitschko" 2.5
_FLOOR = 0.5  # the weight of the commonest words, which still count a little
_UNLISTED = 1.0  # a word wordfreq does not list is rarer than any it does


def weigh(terms: Mapping[str, int]) -> dict[str, float]:
    """Sublinear term frequency times rarity in the language, L2-normalised."""
    return _unit({t: (1 + math.log(c)) * rarity(t) for t, c in terms.items() if c > 0})


def rarity(term: str) -> float:
    frequency = _frequencies().get(term)
    zipf = math.log10(frequency) + 9 if frequency else _UNLISTED
    return max(_FLOOR, _COMMONEST - zipf)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    return wordfreq.get_frequency_dict("en")


def entity_vector(counts: Mapping[int | str, int]) -> dict[str, float]:
    return _unit({str(k): 1 + math.log(v) for k, v in counts.items() if v > 0})


def _unit(weights: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def merge(centroid: Mapping[str, float], size: int, vector: Mapping[str, float], keep: int) -> dict[str, float]:
    """The mean of `size` members plus one more, cut to its `keep` heaviest terms."""
    total = {t: w * size for t, w in centroid.items()}
    for t, w in vector.items():
        total[t] = total.get(t, 0.0) + w
    top = sorted(total.items(), key=lambda kv: -kv[1])[:keep]
    return {t: w / (size + 1) for t, w in top}


def time_factor(day: date | None, first: date | None, last: date | None, window: int, scale: float,
                floor: float = 0.0) -> float:
    """1 inside the range, decaying towards `floor` outside it, 0 past `window` days; 1 when either
    side is undated."""
    if day is None or first is None:
        return 1.0
    last = last or first
    gap = (first - day).days if day < first else (day - last).days if day > last else 0
    return 0.0 if gap > window else floor + (1 - floor) * math.exp(-gap / scale)


def similarity(terms: Mapping[str, float], entities: Mapping[str, float], centroid: Mapping[str, float],
               centroid_entities: Mapping[str, float], term_weight: float) -> float:
    return term_weight * cosine(terms, _unit(centroid)) + (1 - term_weight) * cosine(entities, _unit(centroid_entities))
