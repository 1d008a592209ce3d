"""MinHash libraries compared on real news text: datasketch (used) against rensa.

    .venv/bin/python bench/minhash.py      (rensa: pip install rensa; it is not a dependency)

For the 620 articles of Timeline17 H1N1 and ECB+: signatures per second (128 permutations,
5-word shingles, as Storyline computes them) and the mean absolute error of the estimated
Jaccard against the exact one, over pairs of articles of the same topic.
"""

from __future__ import annotations

import json
import random
import re
import time

from datasketch import MinHash
from scoring import CORPORA

from storyline.identity import normalise
from storyline.link.copies import PERMUTATIONS, SHINGLE

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    words = _WORD.findall(normalise(text))
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def main() -> None:
    import rensa

    texts = [json.loads(line)["text"] for line in (CORPORA / "ecbplus-dev" / "docs.jsonl").read_text("utf-8").splitlines()]
    texts += [json.loads(line)["text"] for line in (CORPORA / "t17-h1n1" / "articles.jsonl").read_text("utf-8").splitlines()]
    sets = [shingles(t) for t in texts]
    start = time.perf_counter()
    ours = []
    for items in sets:
        minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
        minhash.update_batch([s.encode("utf-8") for s in items])
        ours.append(minhash)
    ours_rate = len(sets) / (time.perf_counter() - start)
    start = time.perf_counter()
    theirs = []
    for items in sets:
        minhash = rensa.RMinHash(num_perm=PERMUTATIONS, seed=1)
        minhash.update(list(items))
        theirs.append(minhash)
    theirs_rate = len(sets) / (time.perf_counter() - start)
    rng = random.Random(7)
    pairs = [(i, i + 1) for i in range(len(sets) - 1)] + [tuple(rng.sample(range(len(sets)), 2)) for _ in range(500)]
    exact = [len(sets[a] & sets[b]) / len(sets[a] | sets[b]) for a, b in pairs]
    error_ours = sum(abs(ours[a].jaccard(ours[b]) - j) for (a, b), j in zip(pairs, exact)) / len(pairs)
    error_theirs = sum(abs(theirs[a].jaccard(theirs[b]) - j) for (a, b), j in zip(pairs, exact)) / len(pairs)
    print(f"{len(texts)} articles, {len(pairs)} pairs")
    print(f"{'library':<12}{'signatures/s':>14}{'Jaccard MAE':>14}")
    print(f"{'datasketch':<12}{ours_rate:>14.0f}{error_ours:>14.4f}")
    print(f"{'rensa':<12}{theirs_rate:>14.0f}{error_theirs:>14.4f}")


if __name__ == "__main__":
    main()
