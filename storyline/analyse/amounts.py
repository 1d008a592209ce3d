"""Amounts as news writes them, read off the tokens: the figure, its scale, its currency or unit, a range.

"HK$5bn", "PS2.7m" (a pound sign through Latin-1), "US$ 2.5 billion", "1.38pc", "+0.2%", ".5 per
cent", "54GB", "5kW", "between $1 and $2 billion", "40-50 hours", "tens of thousands of dollars",
"half a million", "twenty-one". The grammar is pure: tokens in, an `Amount` out; what the amount
counts and whether it is a claim at all is for `claims` to say. It does not rely on the tagger's
MONEY/CARDINAL spans, which miss glued forms ("5kW" is an ORG, "25k" a DATE to the small model).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from storyline.lexicon import lexicon

_DIGITS = re.compile(
    r"(?P<cur>[A-Za-z]{0,2}\$(?:US|A|NZ|HK|C|S)?|[£€¥₹₽₴₩₺₦₪]|PS|Rs\.?|RM|EUR|USD|GBP)?"
    r"(?P<sign>[+\-−±~])?"
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
    r"(?P<suffix>[^\d\s][^\s]*)?")
_SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_FRACTIONS = {"half": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4, "fifth": 1 / 5,
              "fifths": 1 / 5}
_VAGUE = {"tens": 10.0, "dozens": 12.0, "scores": 20.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6,
          "billions": 1e9, "trillions": 1e12}
_DOLLAR_TAIL = re.compile(r"(US|AU|A|NZ|HK|C|S)(?=[\d.])")  # "$" "US113"
_LETTER_SCALES = {"m", "b"}  # a million, a billion only after a currency: "100m" is a distance
_RANGE_WORDS = {"to", "-", "–", "—", "and"}
_RATE_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "night", "person", "head", "share",
               "barrel", "gallon", "litre", "liter", "kilogram", "kilo", "ton", "tonne", "unit", "passenger"}
_MAX_UNIT_TOKENS = 4


@dataclass(frozen=True)
class Amount:
    """A figure at tokens [start, end): `value`, or a range from `value` to `to` as written."""

    start: int
    end: int
    value: float
    to: float | None = None
    unit: str | None = None  # ISO currency, a unit symbol, "percent", "fraction"; None for a bare figure
    rate: str = ""  # " per month" for "$10 a month"
    worded: bool = False  # written in words ("one", "dozens"), not digits
    scale: float = 1.0  # the scale written with it: 1e9 for "billion", "bn"


def amount_at(doc: Doc, i: int) -> Amount | None:
    """The amount that starts at token i, with its range and rate, or None."""
    if not _may_open(doc[i].lower_):
        return None
    first = _single(doc, i)
    if first is None:
        return None
    join = first.end
    # "increased by $43.6 billion to $419.2 billion": a change and a level; "dropped by 1 to 1.5 degrees" a range
    changed = i and doc[i - 1].lower_ == "by" and first.unit is not None
    if join + 1 < len(doc) and doc[join].lower_ in _RANGE_WORDS and not changed and \
            (doc[join].lower_ != "and" or _after_between(doc, i)):
        second = _single(doc, join + 1)
        if second is not None and _ranged(first, second, hyphen=doc[join].lower_ not in ("to", "and")):
            value = first.value
            if first.scale == 1 and second.scale > 1 and value * second.scale <= second.value:
                value *= second.scale  # "between $1 and $2 billion": the scale is written once
            first = replace(first, end=second.end, value=value, to=second.value, unit=first.unit or second.unit,
                            scale=max(first.scale, second.scale))
    rate, end = rate_at(doc, first.end) if first.unit else ("", first.end)
    return replace(first, end=end, rate=rate)


def _may_open(word: str) -> bool:
    """Can an amount start with this (lowercased) token? A cheap test before the grammar runs: a
    digit, a currency, a number word, "a"/"an"/"half" ("a dozen", "half a million")."""
    return any(c.isdigit() for c in word) or word in _OPENERS or word.split("-")[0] in _OPENERS or \
        word in lexicon().currencies


def _after_between(doc: Doc, i: int) -> bool:
    """ "between 750000 and 800000", "between $1 and $2 billion": an "and" that joins a range."""
    before = doc[max(0, i - 2): i]
    return any(t.lower_ == "between" for t in before) and (before[-1].lower_ == "between" or
                                                           _prefix_currency(before[-1].text) is not None)


def _ranged(first: Amount, second: Amount, hyphen: bool) -> bool:
    """Two figures are one range when their units agree and a hyphen goes up ("2-0" is a score)."""
    if first.unit and second.unit != first.unit:
        return False  # "rose 0.4 per cent to 13176": a change and a level, not a range
    if first.worded != second.worded or first.rate or first.unit == "fraction":
        return False
    return not hyphen or first.value < second.value


def _single(doc: Doc, i: int) -> Amount | None:
    """One figure: [currency] number [scale] [currency word or unit]."""
    words = lexicon()
    start = i
    currency = _prefix_currency(doc[i].text) if i + 1 < len(doc) else None
    tail = None
    if currency is not None:
        tail = _DOLLAR_TAIL.match(doc[i + 1].text) if doc[i].text == "$" and not doc[i].whitespace_ else None
        if tail:  # "$US113" comes as "$" and "US113"
            currency = words.currencies.get("$" + tail.group(1).lower(), currency)
        match = _DIGITS.fullmatch(doc[i + 1].text[tail.end() if tail else 0:])
        if match is None or match.group("cur"):
            return None
        i += 1
    number = _digits(doc, i, skip=tail.end() if currency and tail else 0) if currency else \
        (_digits(doc, i) or _worded(doc, i))
    if number is None:
        return None
    value, end, glued_currency, glued, worded, to, scale = number
    currency = currency or glued_currency
    if glued in words.scales and (glued not in _LETTER_SCALES or currency):
        value, glued, scale = value * words.scales[glued], None, words.scales[glued]
    elif glued in _LETTER_SCALES:
        glued = words.unit_symbols.get(glued)  # "100m": metres
    while end < len(doc) and not glued:
        found = _scale(doc, end, currency)
        if found is None:
            break
        factor, end = found
        value, to, scale = value * factor, to * factor if to is not None else None, scale * factor
    unit = currency or glued
    if unit is None:
        found_unit = _unit(doc, end)
        if found_unit is not None:
            unit, end = found_unit
    return Amount(start, end, value, to, unit, worded=worded, scale=scale)


def _prefix_currency(text: str) -> str | None:
    """A currency written before the figure: a sign ("$", "HK$"), a code ("EUR 40") or "Rs"."""
    words = lexicon()
    lowered = text.lower()
    if lowered in words.currencies and (not lowered.isalpha() or text.isupper() or lowered in ("rs", "rs.")):
        return words.currencies[lowered]
    return None


Number = tuple[float, int, str | None, str | None, bool, float | None, float]


def _digits(doc: Doc, i: int, skip: int = 0) -> Number | None:
    """A figure in digits, with what is glued to it: "HK$5bn", "1.38pc", "+0.2", "54GB"; `skip`
    characters of the token were read already ("US" of "US113" after "$")."""
    words = lexicon()
    match = _DIGITS.fullmatch(doc[i].text[skip:])
    if match is None:
        return None
    currency = None
    if match.group("cur"):
        glued = match.group("cur").lower()
        currency = words.currencies.get(glued) or words.currencies_glued.get(glued)
        if currency is None:
            return None
    value = float(match.group("num").replace(",", ""))
    if match.group("sign") in ("-", "−"):
        value = -value
    unit = None
    if match.group("suffix"):
        unit = _glued_unit(match.group("suffix"))
        if unit is None:
            return None  # "10th", "5am", "1990s", "5G", "3-1": not an amount
    end = i + 1
    if unit is None and end + 1 < len(doc) and doc[end].text == "-" and doc[end].whitespace_ == "" \
            and doc[end + 1].lower_ in words.scales:  # "$75-billion"
        end += 1
    return value, end, currency, unit, False, None, 1.0


def _glued_unit(suffix: str) -> str | None:
    """What a suffix glued to a figure means: a scale ("bn", "m"), a unit symbol ("kW"), or nothing known."""
    words = lexicon()
    if len(suffix) > 1 and suffix.endswith("."):  # "10kW." at a sentence's end
        suffix = suffix[:-1]
    if suffix.lower() in words.scales and suffix.lower() not in ("hundred", "dozen"):
        return suffix.lower()
    if suffix in words.unit_symbols:
        return words.unit_symbols[suffix]
    if suffix.lower() in words.units and len(suffix) > 2:
        return words.units[suffix.lower()]
    return None


def _worded(doc: Doc, i: int) -> Number | None:
    """A figure in words: "twenty-one", "two hundred", "a dozen", "half a million", "tens of thousands"."""
    words = lexicon()
    lowered = doc[i].lower_
    if lowered in _VAGUE:  # "tens of thousands of": from ten thousand up to a hundred thousand
        scale, end = _VAGUE[lowered], i + 1
        while end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in _VAGUE:
            scale *= _VAGUE[doc[end + 1].lower_]
            end += 2
        if end < len(doc) and doc[end].lower_ == "of":
            return scale, end, None, None, True, scale * 10, scale
        return None
    fraction = _fraction(doc, i)
    if fraction is not None:
        value, end = fraction
        for lead in (("of", "a"), ("a",), ("an",), ()):  # "half a million", "a third of a billion"
            after = end + len(lead)
            if after < len(doc) and tuple(t.lower_ for t in doc[end:after]) == lead and \
                    doc[after].lower_ in words.scales and doc[after].lower_ not in _LETTER_SCALES | {"k"}:
                scale = words.scales[doc[after].lower_]
                return value * scale, after + 1, None, None, True, None, scale
        if end < len(doc) and doc[end].lower_ == "of":
            return value, end, None, "fraction", True, None, 1.0
        return None
    total, current, end = 0.0, 0.0, i
    while end < len(doc):
        word = doc[end].lower_
        parts = word.split("-")
        if len(parts) <= 2 and all(p in _SMALL or p in _TENS for p in parts):
            current += sum(_SMALL.get(p, _TENS.get(p, 0)) for p in parts)
        elif end == i and word in ("a", "an") and end + 1 < len(doc) and doc[end + 1].lower_ in _WORD_SCALES:
            current = 1
        elif end > i and word in ("hundred", "dozen"):
            current = (current or 1) * words.scales[word]
        elif end > i and word in _WORD_SCALES:
            total, current = total + (current or 1) * words.scales[word], 0.0
        elif end > i and word == "and" and doc[end - 1].lower_ in _WORD_SCALES and end + 1 < len(doc) and \
                doc[end + 1].lower_.split("-")[0] in _SMALL | _TENS:
            pass
        else:
            break
        end += 1
    if end == i or doc[end - 1].lower_ in ("a", "an", "and"):
        return None
    scale = max((words.scales[t.lower_] for t in doc[i:end] if t.lower_ in _WORD_SCALES), default=1.0)
    return total + current, end, None, None, True, None, scale


_WORD_SCALES = {"hundred", "thousand", "million", "billion", "trillion", "dozen"}
_OPENERS = frozenset(_SMALL) | frozenset(_TENS) | frozenset(_VAGUE) | {"a", "an", "half"} | _WORD_SCALES


def _fraction(doc: Doc, i: int) -> tuple[float, int] | None:
    """ "half", "a third", "two-thirds", "three quarters" -> (the fraction, the token after it)."""
    lowered = doc[i].lower_
    if lowered == "half":
        return 0.5, i + 1
    parts = lowered.split("-")
    if len(parts) == 2 and parts[0] in _SMALL and parts[1] in _FRACTIONS:
        return _SMALL[parts[0]] * _FRACTIONS[parts[1]], i + 1
    if (lowered == "a" or lowered in _SMALL) and i + 1 < len(doc) and doc[i + 1].lower_ in _FRACTIONS:
        count = 1 if lowered in ("a", "one") else _SMALL[lowered]
        if doc[i + 1].lower_ == "half" or (count > 1) != doc[i + 1].lower_.endswith("s"):
            return None  # "two third" is no fraction
        return count * _FRACTIONS[doc[i + 1].lower_], i + 2
    return None


def _scale(doc: Doc, i: int, currency: str | None) -> tuple[float, int] | None:
    """A scale word at token i ("million", "bn"; "m" only after a currency), and the token after it."""
    words = lexicon()
    lowered = doc[i].lower_.rstrip(".") if doc[i].lower_ != "." else "."  # "£2.7m." at a sentence's end
    if lowered not in words.scales or lowered in _LETTER_SCALES and not currency or lowered == "k" and \
            doc[i].whitespace_ and not currency:
        return None
    if lowered == "dozen" and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
        return None
    return words.scales[lowered], i + 1


def _unit(doc: Doc, i: int) -> tuple[str, int] | None:
    """The currency word or unit written after a figure, longest first: "miles per hour" before "miles"."""
    words = lexicon()
    start = i + 1 if i + 1 < len(doc) and doc[i].text in ("-", "–") and doc[i].whitespace_ == "" else i
    for size in range(min(_MAX_UNIT_TOKENS, len(doc) - start), 0, -1):
        tokens = doc[start: start + size]
        written = tokens.text
        if size > 1 and any(t.is_punct and t.text not in ("-", "/", ".") for t in tokens):
            continue
        if written in words.unit_symbols and (len(written) > 1 or written == "m" or not doc[start - 1].whitespace_):
            return words.unit_symbols[written], start + size
        lowered = written.lower()
        code = words.currencies.get(lowered)
        if code and any(c.isalpha() for c in lowered) and (code != lowered.upper() or written.isupper()):
            return code, start + size  # "40 euros", "5 billion yen", "300 CHF"; not "rub" or "rs"
        if lowered in words.units and (len(lowered) > 2 or lowered == "%"):
            return words.units[lowered], start + size
    return None


def rate_at(doc: Doc, i: int) -> tuple[str, int]:
    """' per barrel' for '$58.24 per barrel', ' per month' for '$10 a month', ' per ft2' for '$21.25 per
    square foot': a rate, not an amount; with the token after it. ("", i) when there is none."""
    if i + 1 >= len(doc) or doc[i].lower_ not in ("per", "a", "an", "each", "/"):
        return "", i
    if doc[i].lower_ in ("per", "/"):
        found = _unit(doc, i + 1)
        if found is not None:  # "per square foot" -> " per ft2", "per barrel" -> " per bbl"
            return f" per {found[0]}", found[1]
    if doc[i + 1].pos_ in ("NOUN", "PROPN"):
        if i + 2 < len(doc) and doc[i + 2].lower_ in ("earlier", "ago", "later", "before", "after", "on"):
            return "", i  # "$6.78 billion a year earlier": a comparison, not a rate
        noun = doc[i + 1].lemma_.lower()
        if doc[i].lower_ in ("per", "/") or noun in _RATE_UNITS:
            return f" per {noun}", i + 2
    return "", i
