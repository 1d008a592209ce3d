"""What the bench scripts share: where the corpora are, how their articles are read, how scores print."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from storyline import Storyline

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
T = TypeVar("T")
U = TypeVar("U")
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}", "\\/": "/", "( ": "(", " )": ")"}


def t17_articles() -> list[dict[str, str]]:
    """Timeline17 H1N1 as Storyline JSON records; the corpus's Penn Treebank brackets put back."""
    records = []
    for line in (CORPORA / "t17-h1n1" / "articles.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        text = item["text"]
        for token, char in _PTB.items():
            text = text.replace(token, char)
        records.append({"title": text.split("\n")[0][:100], "text": text, "date": item["time"],
                        "source": f"reuters-{item['id']}"})
    return records


def load(storyline: Storyline, path: Path, records: list[dict]) -> None:
    """Ingest and analyse `records`, written to `path` as JSON lines."""
    path.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    report = storyline.ingest(path)
    if report.failures:
        raise SystemExit(f"bench: {report.failures[0]}")
    storyline.analyse()


def one_to_one(predicted: Sequence[T], gold: Sequence[U], score: Callable[[T, U], float],
               threshold: float = 0.0) -> list[tuple[int, int]]:
    """Pairs (prediction index, gold index) matched one to one, as the field's scorers match: the
    best-scoring pairs first (ties by position), each prediction and each gold in one pair at most,
    pairs scoring under `threshold` (or 0) never. Every gold not in a pair is a miss."""
    candidates = sorted(((score(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
                        key=lambda c: (-c[0], c[1], c[2]))
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    pairs = []
    for value, i, j in candidates:
        if value <= 0 or value < threshold or i in taken_p or j in taken_g:
            continue
        taken_p.add(i)
        taken_g.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def f_scores(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of one-to-one matches: `correct` pairs, every prediction and gold counted."""
    return prf(correct, predicted, correct, gold)


def prf(correct_predicted: int, predicted: int, correct_gold: int, gold: int) -> tuple[float, float, float]:
    precision = correct_predicted / predicted if predicted else 0.0
    recall = correct_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def row(label: str, p: float, r: float, f: float, anchor: str = "") -> str:
    return f"{label:<34}{100 * p:>7.1f}{100 * r:>7.1f}{100 * f:>7.1f}   {anchor}"


HEADER = f"{'':<34}{'P':>7}{'R':>7}{'F1':>7}"
