"""Quantities on NewsQuant (295 news sentences, the CQE evaluation set): value F1 and value+unit F1,
scored as CQE's evaluation scores them.

    .venv/bin/python bench/eval_newsquant.py

Storyline's quantities are its numeric claims. Every gold quantity counts, ranges too ("1000000-10000000" is
a range, which only a range with the same bounds matches). Predictions and golds of a sentence are
matched one to one; values match as numpy's isclose (rtol 1e-5, atol 1e-8); with unit, the
prediction's unit under CQE's name for it (USD is dollar, percent is percentage, km is
kilometre; a counted noun is its lemma), must equal the gold's normalised unit.
Anchors: CQE 92.0 value F1, 85.6 with unit; quantulum3 73.0 / 47.2.
"""

from __future__ import annotations

import json

from scoring import CORPORA, HEADER, f_scores, one_to_one, row

from storyline.analyse.claims import extract_claims
from storyline.analyse.nlp import parse
from storyline.models import Claim

# Storyline's unit symbols and currency codes under CQE's unit names, which NewsQuant's gold uses.
NAMES = {"USD": "dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "yen", "CNY": "chinese yuan", "RUB": "rouble",
         "INR": "indian rupee", "AUD": "australian dollar", "CAD": "canadian dollar", "HKD": "hong kong dollar",
         "NZD": "new zealand dollar", "SGD": "singapore dollar", "MYR": "malaysian ringgit", "CHF": "swiss franc",
         "KRW": "south korean won", "DKK": "danish krone", "CZK": "czech koruna", "SEK": "swedish krona", "NOK": "norwegian krone",
         "BRL": "brazilian real", "TRY": "turkish lira", "ZAR": "south african rand", "BTC": "bitcoin",
         "percent": "percentage", "percentage points": "percentage point", "basis points": "basis point",
         "points": "point", "cent": "cent", "pence": "penny", "years old": "year of age", "fraction": "%",
         "km": "kilometre", "mi": "mile", "m": "metre", "cm": "centimetre", "mm": "millimetre", "ft": "foot",
         "in": "inch", "yd": "yard", "nmi": "nautical mile", "kg": "kilogram", "g": "gram", "mg": "milligram",
         "t": "tonne", "ton": "ton", "Gt": "gigaton", "Mt": "megatonne", "lb": "pound-mass", "oz": "ounce",
         "l": "litre", "ml": "millilitre", "bbl": "barrel", "gal": "gallon", "m3": "cubic metre", "ft3": "cubic foot",
         "ha": "hectare", "acre": "acre", "km2": "square kilometre", "mi2": "square mile", "m2": "square metre",
         "ft2": "square foot", "degrees": "degree", "°C": "celsius", "°F": "fahrenheit", "W": "watt",
         "kW": "kilowatt", "MW": "megawatt", "GW": "gigawatt", "Wh": "watt hour", "kWh": "kilowatt hour",
         "MWh": "megawatt hour", "GWh": "gigawatt hour", "TWh": "terawatt hour", "hp": "horsepower",
         "bhp": "brake horsepower", "PS": "horsepower", "Nm": "newton metre", "lb-ft": "foot pound-force",
         "V": "volt", "kV": "kilovolt", "mAh": "milliampere hour", "mph": "mile per hour",
         "km/h": "kilometre per hour", "kn": "knot", "rpm": "revolutions per minute", "psi": "pound per square inch",
         "Hz": "hertz", "kHz": "kilohertz", "MHz": "megahertz", "GHz": "gigahertz", "kB": "kilobyte",
         "MB": "megabyte", "GB": "gigabyte", "TB": "terabyte", "kbps": "kilobit per second",
         "Mbps": "megabit per second", "Gbps": "gigabit per second", "MP": "megapixel", "dB": "decibel",
         "cc": "cubic centimetre", "kcal": "kilocalorie", "bbl per day": "barrel per day", "ILS": "shekel", "time": "count",
         "MMBtu": "mega british thermal unit", "minute": "minute", "hour": "hour", "second": "second"}


def unit_key(claim: Claim, doc) -> str:
    """A claim's unit under CQE's name. Symbols and codes are renamed; a count's unit is, as CQE
    writes it, the lemmas of the noun phrase counted ("European countries" -> "european country")."""
    first, _, rate = claim.unit.partition(" per ")
    if first in NAMES or first == "" or claim.about is None:
        name = "-" if first == "" else NAMES.get(first, first.lower())
        if first == "fraction":
            name = "% " + (_lemmas(doc, claim.about) if claim.about else "-")
    else:
        name = _lemmas(doc, claim.about)
    return name + (f" per {NAMES.get(rate, rate)}" if rate else "")


def _lemmas(doc, phrase: str) -> str:
    start = doc.text.find(phrase)
    span = doc.char_span(start, start + len(phrase)) if start >= 0 else None
    if span is None:
        return phrase.lower()
    return "".join(t.lemma_.lower() + t.whitespace_ for t in span).strip()


Value = float | tuple[float, float]


def predictions(doc) -> list[tuple[Value, str]]:
    return [((c.value, c.to) if c.to is not None else c.value, unit_key(c, doc)) for c in extract_claims(doc)]


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
