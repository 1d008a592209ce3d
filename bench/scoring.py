"""What the bench scripts share: where the corpora are, how their articles are read, how scores print."""

from __future__ import annotations

import json
from pathlib import Path

from storyline import Storyline

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
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


def prf(correct_predicted: int, predicted: int, correct_gold: int, gold: int) -> tuple[float, float, float]:
    precision = correct_predicted / predicted if predicted else 0.0
    recall = correct_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def row(label: str, p: float, r: float, f: float, anchor: str = "") -> str:
    return f"{label:<34}{100 * p:>7.1f}{100 * r:>7.1f}{100 * f:>7.1f}   {anchor}"


HEADER = f"{'':<34}{'P':>7}{'R':>7}{'F1':>7}"
