"""Copies and rewrites: which sentences of one article stand in another.

Three kinds, strongest first:
- `exact`: the same normalised text (a wire story run unchanged);
- `near`: nearly all of each is in the other (a new headline, an added or moved paragraph);
- `rewrite`: part of one is copied into the other (an agency story cut and extended).

Candidates come from MinHash LSH over word shingles (bands stored in the database, so finding
them stays cheap as the store grows) and from the article's own event; every candidate is
confirmed by sentence alignment, which also says which sentences were copied. Two reports of one
event in their own words share no sentence and are never called copies.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from storyline import sentences
from storyline.identity import normalise
from storyline.models import CopyLink

SHINGLE = 5  # words per shingle for MinHash
PERMUTATIONS = 128
BANDS, ROWS = 32, 4  # LSH: candidates from Jaccard ~ (1/32) ** (1/4) = 0.42 up
SENTENCE_SHINGLE = 3
ALIGNED = 0.5  # word-trigram Jaccard at which two sentences are the same sentence
NEAR_SHARE = 0.8  # both articles this much copied: a near-copy
REWRITE_SHARE = 0.2  # this much of the shorter one copied, in at least MIN_ALIGNED sentences
MIN_ALIGNED = 2
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=64)  # a new article is compared with up to ten others: hash and split it once
def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def signature(text: str) -> np.ndarray:
    words = _WORD.findall(normalise(text))
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash.hashvalues


def band_keys(values: np.ndarray) -> list[str]:
    """One key per band; two articles sharing any key are candidates."""
    return [f"{band}:" + hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).hexdigest()
            for band in range(BANDS)]


@lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[tuple[int, int, frozenset[tuple[str, ...]]], ...]:
    found = []
    for start, end, sentence in sentences.spans(text):
        words = _WORD.findall(sentence.lower())
        if len(words) < 4:
            continue
        grams = frozenset(tuple(words[i:i + SENTENCE_SHINGLE]) for i in range(len(words) - SENTENCE_SHINGLE + 1))
        found.append((start, end, grams))
    return tuple(found)


def align(original: str, copy: str) -> list[tuple[int, int, int, int]]:
    """Sentences of `copy` with a counterpart in `original` (word-trigram Jaccard >= ALIGNED)."""
    source = _sentences(original)
    index: dict[tuple[str, ...], list[int]] = {}
    for position, (_, _, grams) in enumerate(source):
        for gram in grams:
            index.setdefault(gram, []).append(position)
    pairs = []
    for start, end, grams in _sentences(copy):
        shared: dict[int, int] = {}
        for gram in grams:
            for position in index.get(gram, ()):
                shared[position] = shared.get(position, 0) + 1
        # Jaccard: `shared` counts the trigrams in both, so the union is the two sizes less that.
        best = max(shared, key=lambda p: shared[p] / (len(grams) + len(source[p][2]) - shared[p]), default=None)
        if best is not None and shared[best] / (len(grams) + len(source[best][2]) - shared[best]) >= ALIGNED:
            pairs.append((source[best][0], source[best][1], start, end))
    return pairs


def compare(first: tuple[str, str, str | None], second: tuple[str, str, str | None]) -> CopyLink | None:
    """Compare two (id, text, date) articles; the older is the original when the dates differ."""
    (a_id, a_text, a_date), (b_id, b_text, b_date) = first, second
    older_known = bool(a_date and b_date and a_date != b_date)
    if older_known and b_date < a_date:  # type: ignore[operator]
        (a_id, a_text, a_date), (b_id, b_text, b_date) = second, first
    if text_hash(a_text) == text_hash(b_text):
        return CopyLink(a_id, b_id, "exact", 1.0, ((0, len(a_text), 0, len(b_text)),), older_known)
    pairs = align(a_text, b_text)
    if len(pairs) < MIN_ALIGNED:
        return None
    copied_in_b = sum(end - start for _, _, start, end in pairs) / max(len(b_text), 1)
    copied_in_a = sum(end - start for start, end in {(p[0], p[1]) for p in pairs}) / max(len(a_text), 1)
    if min(copied_in_a, copied_in_b) >= NEAR_SHARE:
        kind = "near"
    elif max(copied_in_a, copied_in_b) >= REWRITE_SHARE:
        kind = "rewrite"
    else:
        return None
    return CopyLink(a_id, b_id, kind, round(copied_in_b, 3), tuple(pairs), older_known)
