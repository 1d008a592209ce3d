"""Similarity of an article to an event or story: TF-IDF of content lemmas, shared entities, time."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date


def tfidf(terms: Mapping[str, int], df: Mapping[str, int], documents: int) -> dict[str, float]:
    """Sublinear TF-IDF, L2-normalised."""
    weights = {t: (1 + math.log(c)) * (math.log((documents + 1) / (df.get(t, 0) + 1)) + 1) for t, c in terms.items()}
    return _unit(weights)


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


def time_factor(day: date | None, first: date | None, last: date | None, window: int, scale: float) -> float:
    """1 inside the range, decaying outside it, 0 past `window` days; 1 when either side is undated."""
    if day is None or first is None:
        return 1.0
    last = last or first
    gap = (first - day).days if day < first else (day - last).days if day > last else 0
    return 0.0 if gap > window else math.exp(-gap / scale)


def similarity(terms: Mapping[str, float], entities: Mapping[str, float], centroid: Mapping[str, float],
               centroid_entities: Mapping[str, float], term_weight: float) -> float:
    return term_weight * cosine(terms, _unit(centroid)) + (1 - term_weight) * cosine(entities, _unit(centroid_entities))
