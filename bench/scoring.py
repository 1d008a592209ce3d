"""Precision, recall and F1 as the evaluation scripts print them."""

from __future__ import annotations

from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def prf(correct_predicted: int, predicted: int, correct_gold: int, gold: int) -> tuple[float, float, float]:
    precision = correct_predicted / predicted if predicted else 0.0
    recall = correct_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def row(label: str, p: float, r: float, f: float, anchor: str = "") -> str:
    return f"{label:<34}{100 * p:>7.1f}{100 * r:>7.1f}{100 * f:>7.1f}   {anchor}"


HEADER = f"{'':<34}{'P':>7}{'R':>7}{'F1':>7}"
