"""Quantities on NewsQuant (295 news sentences, the CQE evaluation set): value F1 and value+unit F1.

    .venv/bin/python bench/eval_newsquant.py

Storyline's quantities are its numeric claims plus its durations ("15 years" is a time
expression here, a quantity there). A prediction matches a gold quantity of the same sentence
with the same value (relative tolerance 1e-6); with unit, the units must agree after both are
normalised (USD = dollar, percent = percentage, km = kilometre, plural = singular).
Anchors: CQE 92.0 value F1, 85.6 with unit; quantulum3 73.0 / 47.2.
"""

from __future__ import annotations

import json
import re

from scoring import CORPORA, HEADER, prf, row

from storyline.analyse.claims import extract_claims
from storyline.analyse.nlp import parse
from storyline.analyse.times import extract_times

SYMBOLS = {"usd": "dollar", "$": "dollar", "us$": "dollar", "eur": "euro", "gbp": "pound sterling", "ps": "pound sterling",
           "jpy": "yen", "cny": "yuan", "rub": "rouble", "inr": "rupee", "percent": "percentage", "%": "percentage",
           "km": "kilometre", "mi": "mile", "m": "metre", "ft": "foot", "in": "inch", "kg": "kilogram", "g": "gram",
           "t": "tonne", "l": "litre", "kw": "kilowatt", "mw": "megawatt", "gw": "gigawatt", "mph": "mile per hour",
           "degrees": "degree", "bbl": "barrel", "gal": "gallon", "ha": "hectare", "kn": "knot"}
DURATION_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "S": "second"}


def unit_key(unit: str) -> str:
    text = unit.lower().strip()
    first, _, rate = text.partition(" per ")
    text = SYMBOLS.get(first, first) + (f" per {rate}" if rate else "")
    words = text.split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def predictions(doc) -> list[tuple[float, str]]:
    found = [(c.value, c.unit) for c in extract_claims(doc)]
    for time in extract_times(doc, None):
        match = re.fullmatch(r"PT?(\d+(?:\.\d+)?)([YMWDHS])", time.value or "") if time.kind == "duration" else None
        if match:
            unit = "minute" if time.value.startswith("PT") and match.group(2) == "M" else DURATION_UNITS[match.group(2)]
            found.append((float(match.group(1)), unit))
    return found


def gold_value(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None  # ranges such as "1000000-10000000" are left out


def main() -> None:
    sentences = json.loads((CORPORA / "newsquant-dev.json").read_text("utf-8"))
    counts = {"gold": 0, "pred": 0, "v_pred": 0, "v_gold": 0, "u_pred": 0, "u_gold": 0}
    for sentence, doc in zip(sentences, parse([s["text"] for s in sentences])):
        gold = [(gold_value(q["value"]), {unit_key(q["unit"]), unit_key(q["normalized_unit"])}) for q in sentence["quantities"]]
        gold = [g for g in gold if g[0] is not None]
        predicted = predictions(doc)
        counts["gold"] += len(gold)
        counts["pred"] += len(predicted)

        def same(a: float, b: float) -> bool:
            return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)

        counts["v_pred"] += sum(any(same(v, g) for g, _ in gold) for v, _ in predicted)
        counts["v_gold"] += sum(any(same(v, g) for v, _ in predicted) for g, _ in gold)
        counts["u_pred"] += sum(any(same(v, g) and unit_key(u) in units for g, units in gold) for v, u in predicted)
        counts["u_gold"] += sum(any(same(v, g) and unit_key(u) in units for v, u in predicted) for g, units in gold)
    print(f"NewsQuant: {len(sentences)} sentences, {counts['gold']} gold quantities, {counts['pred']} predicted")
    print(HEADER)
    print(row("value", *prf(counts["v_pred"], counts["pred"], counts["v_gold"], counts["gold"]),
              "anchor: CQE 92.0 F1, quantulum3 73.0"))
    print(row("value + unit", *prf(counts["u_pred"], counts["pred"], counts["u_gold"], counts["gold"]),
              "anchor: CQE 85.6 F1, quantulum3 47.2"))


if __name__ == "__main__":
    main()
