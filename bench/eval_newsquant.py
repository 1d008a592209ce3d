"""Quantities on NewsQuant (295 news sentences, the CQE evaluation set): value F1 and value+unit F1,
scored as CQE's evaluation scores them.

    .venv/bin/python bench/eval_newsquant.py

Storyline's quantities are its numeric claims plus its durations ("15 years" is a time
expression here, a quantity there). Every gold quantity counts, ranges too ("1000000-10000000" is
a range, which only a range with the same bounds matches). Predictions and golds of a sentence are
matched one to one; values match as numpy's isclose (rtol 1e-5, atol 1e-8); with unit, the
prediction's unit, normalised to CQE's names (USD is dollar, percent is percentage, km is
kilometre, a plural is its singular), must equal the gold's normalised unit.
Anchors: CQE 92.0 value F1, 85.6 with unit; quantulum3 73.0 / 47.2.
"""

from __future__ import annotations

import json
import re

from scoring import CORPORA, HEADER, f_scores, one_to_one, row

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


Value = float | tuple[float, float]


def predictions(doc) -> list[tuple[Value, str]]:
    found: list[tuple[Value, str]] = [(c.value, unit_key(c.unit)) for c in extract_claims(doc)]
    for time in extract_times(doc, None):
        match = re.fullmatch(r"PT?(\d+(?:\.\d+)?)([YMWDHS])", time.value or "") if time.kind == "duration" else None
        if match:
            unit = "minute" if time.value.startswith("PT") and match.group(2) == "M" else DURATION_UNITS[match.group(2)]
            found.append((float(match.group(1)), unit))
    return found


def gold_value(text: str) -> Value:
    """A gold value: a number, or a range written "low-high" (a minus sign or an exponent is no range)."""
    if "-" in text[1:] and "e" not in text.lower():
        low, high = text.split("-", 1) if not text.startswith("-") else ("-" + text[1:].split("-", 1)[0],
                                                                         text[1:].split("-", 1)[1])
        return float(low), float(high)
    return float(text)


def same(a: Value, b: Value) -> bool:
    if isinstance(a, tuple) != isinstance(b, tuple):
        return False
    if isinstance(a, tuple) and isinstance(b, tuple):
        return all(same(x, y) for x, y in zip(a, b))
    return abs(a - b) <= 1e-8 + 1e-5 * abs(b)  # type: ignore[operator]


def main() -> None:
    sentences = json.loads((CORPORA / "newsquant-dev.json").read_text("utf-8"))
    totals = {"gold": 0, "pred": 0, "value": 0, "unit": 0}
    for sentence, doc in zip(sentences, parse([s["text"] for s in sentences])):
        gold = [(gold_value(q["value"]), q["normalized_unit"].lower()) for q in sentence["quantities"]]
        predicted = predictions(doc)
        totals["gold"] += len(gold)
        totals["pred"] += len(predicted)
        totals["value"] += len(one_to_one(predicted, gold, lambda p, g: float(same(p[0], g[0]))))
        totals["unit"] += len(one_to_one(predicted, gold, lambda p, g: float(same(p[0], g[0]) and p[1] == g[1])))
    ranges = sum("-" in q["value"][1:] and "e" not in q["value"].lower() for s in sentences for q in s["quantities"])
    print(f"NewsQuant: {len(sentences)} sentences, {totals['gold']} gold quantities ({ranges} ranges), "
          f"{totals['pred']} predicted; one-to-one")
    print(HEADER)
    print(row("value", *f_scores(totals["value"], totals["pred"], totals["gold"]), "anchor: CQE 92.0 F1, quantulum3 73.0"))
    print(row("value + unit", *f_scores(totals["unit"], totals["pred"], totals["gold"]),
              "anchor: CQE 85.6 F1, quantulum3 47.2"))


if __name__ == "__main__":
    main()
