"""Numeric claims: money, counts, percentages and measures, with qualifier and what they count.

The tagger finds the amounts (MONEY, CARDINAL, PERCENT, QUANTITY); the parse says what an
amount counts ("over 10,000 North Korean troops", "$8 billion in security assistance"). Dates,
years, ordinals and times are the tagger's DATE/TIME/ORDINAL and never become claims here.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from storyline.analyse.lexicon import lexicon
from storyline.models import Claim

_LABELS = ("MONEY", "CARDINAL", "PERCENT", "QUANTITY")
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9,
           "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "dozen": 12.0, "hundred": 100.0}
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3, "two-thirds": 2 / 3, "three-quarters": 0.75}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1}
_NUMBER = re.compile(
    r"(?P<fraction>half|quarter|third|two-thirds|three-quarters)\s+(?:a|an|of\s+a)\s+(?P<fscale>thousand|million|billion|trillion)"
    r"|(?P<digits>\d+(?:[,\u202f ]\d{3})*(?:\.\d+)?)\s*-?\s*(?P<scale>thousand|million|billion|trillion|bn|mn|mln|tn|k|m|b|dozen|hundred)?\b"
    r"|(?P<word>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen|a|an)\s*(?P<wscale>hundred|thousand|million|billion|trillion|dozen)?\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:1[89]|20)\d{2}$")
_PER_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "person", "head", "share", "barrel", "gallon",
              "litre", "liter", "kilogram", "ton", "tonne", "night"}
_LEADING = {"another", "some", "an", "a", "the", "additional", "further", "extra", "all"}


def extract_claims(doc: Doc) -> list[Claim]:
    claims = []
    for span in doc.ents:
        if span.label_ in _LABELS and (claim := _claim(span)) is not None:
            claims.append(claim)
    return claims


def _extend(span: Span) -> Span:
    """Take in what the tagger cut off: 'nearly half' + 'a billion dollars'."""
    doc, end = span.doc, span.end
    currencies = lexicon().currencies
    if end + 1 < len(doc) and doc[end].lower_ in ("a", "an") and doc[end + 1].lower_ in _SCALES:
        end += 2
    while end < len(doc) and doc[end].lower_ in _SCALES:
        end += 1
    if end > span.end and end < len(doc) and doc[end].lower_ in currencies:
        end += 1
    return doc[span.start: end] if end > span.end else span


def _claim(span: Span) -> Claim | None:
    words = lexicon()
    span = _extend(span)
    qualifier, body = _qualifier(span)
    text = body.text
    parsed = _value(text)
    if parsed is None:
        return None
    value, number_end = parsed
    lowered = text.lower()
    after = span.doc[span.end: span.end + 2]
    before = span.doc[max(0, span.start - 2): span.start]  # "$" + "149.36": the sign is often left outside
    unit = _currency(lowered, after, before)
    if span.label_ == "PERCENT" or "%" in text or re.search(r"\bper ?cent\b", lowered):
        unit = "percent"
    if unit is None:
        rest = lowered[number_end:].strip(" -")
        unit = next((symbol for word, symbol in sorted(words.units.items(), key=lambda kv: -len(kv[0]))
                     if rest.startswith(word)), None)
        if unit is None and after and after[0].lower_ in words.units:
            unit = words.units[after[0].lower_]
    about = _about(span)
    if about and about.lower() in lexicon().currencies:  # "half a billion dollars" is about dollars only in form
        about = None
    if unit is None:
        if span.label_ == "MONEY":
            return None
        head = _counted(span)
        if head is None or (value == 1 and not any(c.isdigit() for c in text)):
            return None  # a bare "one", or a number with nothing counted, is not a claim
        if _YEAR.match(text.strip()):
            return None
        unit = head.lower_
        about = _noun_phrase(head, exclude=span)
    return Claim(span.start_char, span.end_char, span.text, value, unit + _rate(span), qualifier, about)


def _rate(span: Span) -> str:
    """' per barrel' for '$58.24 per barrel' or '$10 a month': a rate, not an amount."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].lower_ in ("per", "a", "an", "each") and doc[span.end + 1].pos_ == "NOUN":
        if doc[span.end].lower_ == "per" or doc[span.end + 1].lower_ in _PER_UNITS:
            return f" per {doc[span.end + 1].lemma_.lower()}"
    return ""


def _qualifier(span: Span) -> tuple[str | None, Span]:
    """A qualifier written just before or at the start of the amount; the rest of the span."""
    words = lexicon().qualifiers
    doc = span.doc
    start = span.start
    while start < span.end - 1 and doc[start].lower_ in _LEADING:
        start += 1
    for size in (3, 2, 1):
        inside = doc[start: start + size]
        if len(inside) == size and start + size < span.end and inside.text.lower() in words:
            return words[inside.text.lower()], doc[start + size: span.end]
    for size in (3, 2, 1):
        before = doc[max(0, span.start - size): span.start]
        if len(before) == size and before.text.lower() in words:
            return words[before.text.lower()], doc[start: span.end]
    inner = doc[start: span.end]
    for token in inner[:-1]:
        if token.lower_ in words and token.lower_ not in _LEADING:
            return words[token.lower_], doc[token.i + 1: span.end]
    return None, inner


def _value(text: str) -> tuple[float, int] | None:
    match = _NUMBER.search(text)
    if not match:
        return None
    g = match.groupdict()
    if g["fraction"]:
        return _FRACTIONS[g["fraction"].lower()] * _SCALES[g["fscale"].lower()], match.end()
    if g["digits"]:
        number = float(re.sub(r"[,\u202f ]", "", g["digits"]))
        scale = g["scale"]
        if scale and scale.lower() in ("m", "b", "k") and not text[match.start():].lstrip()[:1] in "$€£¥":
            scale = scale if re.match(r"\d[\d.,]*\s*[mbk]\b", text[match.start():], re.IGNORECASE) else None
        return number * (_SCALES[scale.lower()] if scale else 1.0), match.end()
    word = g["word"].lower()
    base = sum(_WORDS[part] for part in word.split("-"))
    return base * (_SCALES[g["wscale"].lower()] if g["wscale"] else 1.0), match.end()


def _currency(lowered: str, after: Span, before: Span) -> str | None:
    currencies = lexicon().currencies
    if before and before[-1].text.lower() in currencies and not before[-1].text.isalpha():
        return currencies[before[-1].text.lower()]
    if len(before) == 2 and (before[0].text + before[1].text).lower() in currencies:
        return currencies[(before[0].text + before[1].text).lower()]
    for sign in sorted((c for c in currencies if not c.isalpha()), key=len, reverse=True):
        if sign in lowered:
            return currencies[sign]
    words = re.findall(r"[a-z]+", lowered)
    for phrase in [" ".join(pair) for pair in zip(words, words[1:])] + words:  # "swiss francs" before "francs"
        if phrase in currencies:
            return currencies[phrase]
    for token in after:
        if token.lower_ in currencies:
            return currencies[token.lower_]
    return None


def _counted(span: Span) -> Token | None:
    """The noun an amount counts: '90 drones' -> drones."""
    root = span.root
    # The number comes before a common noun: "90 drones". After a noun it names ("iPhone 11", "the bottom three").
    if root.dep_ in ("nummod", "quantmod", "nmod", "amod", "compound") and root.head.pos_ == "NOUN" and root.i < root.head.i:
        return root.head
    if root.pos_ == "NOUN" and root.i >= span.end - 1 and not root.like_num:
        return root
    return None


def _about(span: Span) -> str | None:
    """What an amount is of: the noun it modifies, or the object of 'in', 'for', 'of' after it."""
    root = span.root
    if root.dep_ in ("nummod", "quantmod", "nmod", "amod", "compound") and root.head.pos_ in ("NOUN", "PROPN"):
        return _noun_phrase(root.head, exclude=span)
    for token in span.doc[span.end: span.end + 4]:
        if token.dep_ == "prep" and token.lower_ in ("in", "for", "of", "to", "on") and token.head.i in range(span.start, span.end):
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if objects:
                return _noun_phrase(objects[0], exclude=span)
    return None


def _noun_phrase(head: Token, exclude: Span) -> str:
    """The head noun with the modifiers written before it, without the amount itself."""
    start = head.i
    for child in sorted(head.lefts, key=lambda t: -t.i):
        if child.i != start - 1 and not (child.i < start and all(
                t.dep_ in ("compound", "amod", "nmod", "punct", "hyph", "npadvmod", "advmod") for t in head.doc[child.i:start])):
            break
        if child.dep_ in ("compound", "amod", "nmod", "npadvmod") and not (exclude.start <= child.i < exclude.end):
            start = min(start, child.left_edge.i if child.left_edge.i >= exclude.end else child.i)
        else:
            break
    phrase = head.doc[start: head.i + 1]
    return phrase.text
