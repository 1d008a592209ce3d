"""Numeric claims: money, counts, percentages, measures and ages, with qualifier and what they count.

Every figure in the text is read by the grammar in `amounts` ("HK$5bn", "between 40 and 50
hours", "dozens of people"); the tagger and the parse then say which figures are claims and what
they count. A figure with a currency or unit is a claim wherever it stands (the small model calls
"5kW" an ORG); a bare one is a claim when it counts something ("90 drones", "one of the best
speakers") or states a level ("the DAX fell 0.4 per cent to 13,176"). Years, dates, clock times,
ordinals, durations (the time analyser reads those) and numbers that are part of a name ("iPhone
14", "S&P 500", "BBC One") are not claims; an age ("Roth, 48", "a 50-year-old man") is one, in
years of age, never an amount of something.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from storyline.analyse.amounts import Amount, amount_at, rate_at
from storyline.lexicon import lexicon
from storyline.analyse.nlp import doc_text
from storyline.analyse.times import extract_times
from storyline.models import Claim, TimeRef

AGE = "years old"
_NAMES = {"ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "FAC", "PERSON", "GPE", "LOC", "NORP", "LANGUAGE"}
_YEAR = re.compile(r"(?:1[6-9]|20)\d{2}")
_NUMBERING = {"no.", "nos.", "#", "number", "vol.", "p.", "pp.", "page", "chapter", "section", "article", "route",
              "flight", "episode", "season", "round", "game", "week", "day", "stage", "level", "grade", "phase"}
_LEVEL_WORDS = {"to", "at", "of", "by", "from", "is", "was", "were", "are", "reached", "hit", "near", "around", "about",
                "above", "below", "over", "under", "than", "(", "worth"}  # "fell 0.4 per cent to 13,176"
_NOT_COUNTS = {"no", "any", "every", "each", "this", "that", "the", "which", "someone", "anyone"}  # "no one", "the one"


def extract_claims(doc: Doc, times: Sequence[TimeRef] | None = None) -> list[Claim]:
    """The doc's claims. A figure inside a date or time the time analyser read ("2019", "May 4",
    "9 pm") is not one, a duration is ("200 days"); `times` are those expressions, read here when
    not given."""
    times = extract_times(doc, None) if times is None else times
    labels = {t.i: t.ent_type_ for ent in doc.ents if ent.label_ not in _NAMES or _worded_name(ent) for t in ent}
    for time in times:
        if (time.value or time.relative) and time.kind != "duration":
            for token in doc.char_span(time.start, time.end, alignment_mode="expand") or ():
                labels[token.i] = "TIME_READ"
    claims = []
    i = 0
    while i < len(doc):
        amount = amount_at(doc, i) if _may_start(doc, i) else None
        if amount is not None and labels.get(i) == "TIME_READ" and (amount.scale == 1 or amount.to is not None):
            amount = None  # "2019", "in 2018 to 3.9 million": a date, and no range from it
        if amount is None:
            i += 1
            continue
        claim = _claim(doc, amount, labels)
        if claim is not None:
            claims.append(claim)
        i = amount.end
    return claims


def _worded_name(ent: Span) -> bool:
    """A name has a word in it: the small model also calls a lone "3,005.47" a PRODUCT."""
    return any(any(c.isalpha() for c in t.text) for t in ent)


def _may_start(doc: Doc, i: int) -> bool:
    """Figures inside a word or after a numbering word are no claims: "COVID-19", "No. 5", "#1"."""
    if not i:
        return True
    before = doc[i - 1]
    if before.whitespace_ == "" and (before.is_alpha and _prefix(before) or before.text in ("#", "/", ":") or
                                     before.text == "-" and i > 1 and doc[i - 2].whitespace_ == ""):
        return False
    return before.lower_ not in _NUMBERING


def _prefix(token: Token) -> bool:
    """A word glued before a figure that is not its currency ("COVID" in "COVID-19", "RM" is one)."""
    return token.lower_ not in lexicon().currencies and token.lower_ not in lexicon().currencies_glued


def _claim(doc: Doc, amount: Amount, labels: dict[int, str]) -> Claim | None:
    span = doc[amount.start: amount.end]
    inside = {labels.get(t.i, "") for t in span}
    if "ORDINAL" in inside and amount.unit != "fraction" or "TIME_READ" in inside and amount.scale == 1:
        return None
    rate, end = amount.rate, amount.end
    unit = amount.unit
    about = None
    if unit is None:
        if _age(doc, amount, labels):
            unit, about = AGE, None
        elif inside & _NAMES or _names(doc, amount):
            return None
        else:
            counted = _counted(doc, amount)
            if counted is not None and counted.i == amount.end and doc[amount.end - 1].whitespace_ == "":
                return None  # "5G", "3D", "4K": a figure glued to a letter names a thing
            if counted is not None:
                noun = counted.lemma_.lower()
                if _YEAR.fullmatch(span.text) and counted.tag_ not in ("NNS", "NNPS"):
                    return None  # "2022 market rout": a year before a noun
                currency = lexicon().currencies.get(counted.lower_)
                unit = currency or noun
                about = None if currency else _noun_phrase(counted, exclude=span)
                if counted.i >= amount.end:  # "78,000 times a minute"
                    rate, after = rate_at(doc, counted.i + 1)
                    end = after if rate else end
            elif amount.worded or not _level(doc, amount):
                return None  # a bare "one", a bare number in words, an identifier
            else:
                unit = ""
    qualifier, start = _qualifier(doc, amount)
    about = about or _about(doc, amount)
    if about and about.lower() in lexicon().currencies:  # "half a billion dollars" is about dollars only in form
        about = None
    first, last = doc[start], doc[end - 1]
    text_start, text_end = first.idx, last.idx + len(last.text)
    return Claim(text_start, text_end, doc_text(doc)[text_start:text_end], amount.value, unit + rate, qualifier,
                 about, amount.to)


def _age(doc: Doc, amount: Amount, labels: dict[int, str]) -> bool:
    """ "Roth, 48," "Nick Hague 44", "aged 35", "a 50-year-old": a person's age."""
    if amount.worded or amount.to is not None or not (0 < amount.value < 125) or amount.value != int(amount.value):
        return False
    before = amount.start - 1
    comma = before >= 0 and doc[before].text == ","
    before -= comma
    after = doc[amount.end] if amount.end < len(doc) else None
    if before >= 0 and doc[before].lower_ in ("aged", "age", "ages"):
        return True
    if before >= 0 and labels.get(before) == "PERSON" and after is not None:
        # "Roth, 48, said", "Nick Hague 44 has spent"; not "Charlton 2-1" or "Mar 9 2018"
        return after.text == "," and comma or after.pos_ in ("VERB", "AUX") and after.text != "-"
    following = doc[amount.end: amount.end + 4].text.lower().replace(" ", "")
    return following.startswith(("-year-old", "year-old", "yearsold", "yearold", "-years-old"))


def _counted(doc: Doc, amount: Amount) -> Token | None:
    """The noun an amount counts: "90 drones" -> drones; "dozens of people", "one of the best speakers" -> the noun."""
    span = doc[amount.start: amount.end]
    root = span.root
    if root.dep_ in ("nummod", "quantmod", "nmod", "amod", "compound", "npadvmod", "appos") and \
            (root.head.pos_ == "NOUN" or root.head.tag_ == "NNPS") and amount.end <= root.head.i <= amount.end + 5 and \
            all(t.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT", "ADV", "VERB", "NUM", "CCONJ") for t in doc[amount.end: root.head.i]):
        if not (amount.worded and amount.value == 1 and doc[amount.start - 1: amount.start].text.lower() in _NOT_COUNTS):
            return root.head
    plural = _of_something(doc, amount.end)
    if plural is not None:
        return plural
    if amount.end < len(doc) and doc[amount.end].tag_ in ("NNS", "NNPS") and not amount.worded:
        return doc[amount.end]  # the parse missed it: "sales of 5835 units"
    return None


def _of_something(doc: Doc, i: int) -> Token | None:
    """ "of [the] Xs" after a figure: what it is a part of, or a share of ("one of the players")."""
    if i >= len(doc) or doc[i].lower_ != "of":
        return None
    objects = [c for c in doc[i].children if c.dep_ == "pobj" and c.tag_ in ("NNS", "NNPS", "NN", "NNP")]
    if objects and objects[0].i - i <= 5 and (objects[0].tag_ in ("NNS", "NNPS") or objects[0].lower_ in lexicon().currencies):
        return objects[0]
    return None


def _names(doc: Doc, amount: Amount) -> bool:
    """A bare figure right after a name is part of it: "iPhone 14", "Model 3", "Windows 11", "S&P 500"."""
    if not amount.start or amount.worded:
        return False
    before = doc[max(0, amount.start - 2): amount.start]
    words = lexicon()
    if before[-1].lower_ in words.numbered_names or before.text.lower() in words.numbered_names or \
            before[-1].lower_ + "-" in words.numbered_names:
        return True
    return before[-1].pos_ == "PROPN" and before[-1].lower_ not in words.currencies


def _level(doc: Doc, amount: Amount) -> bool:
    """A bare figure that states a level: "fell 0.4 per cent to 13176", "rose to 1,333.18", "worth 50000"."""
    text = doc[amount.start: amount.end].text
    if _YEAR.fullmatch(text) or amount.value == 0:
        return False
    before = doc[amount.start - 1] if amount.start else None
    if amount.end < len(doc) and (doc[amount.end].pos_ == "PROPN" or doc[amount.end].text in (":", "/")):
        return False  # "3 Series", "24/7", "1:36"
    digits = len(re.sub(r"\D", "", text))
    return amount.scale > 1 or before is not None and before.lower_ in _LEVEL_WORDS and (digits >= 3 or "." in text)


def _qualifier(doc: Doc, amount: Amount) -> tuple[str | None, int]:
    """A qualifier written just before the amount ("more than 2,500"), and where the claim's text starts."""
    words = lexicon().qualifiers
    start = amount.start
    for size in (3, 2, 1):
        before = doc[max(0, start - size): start]
        if len(before) == size and before.text.lower() in words:
            return words[before.text.lower()], start
    if start and doc[start - 1].text in ("~", "c.", "ca."):
        return "approximately", start - 1
    if doc[start].text.startswith("~"):  # "~1.2mm"
        return "approximately", start
    return None, start


def _about(doc: Doc, amount: Amount) -> str | None:
    """What an amount is of: the noun it modifies, or the object of 'in', 'for', 'of' after it."""
    span = doc[amount.start: amount.end]
    root = span.root
    if root.dep_ in ("nummod", "quantmod", "nmod", "amod", "compound") and root.head.pos_ in ("NOUN", "PROPN") \
            and not span.start <= root.head.i < span.end:
        return _noun_phrase(root.head, exclude=span)
    for token in doc[amount.end: amount.end + 4]:
        if token.dep_ == "prep" and token.lower_ in ("in", "for", "of", "to", "on") and span.start <= token.head.i < span.end:
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ != "PRON":  # "half of which": what "which" stands for is not here
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
    return head.doc[start: head.i + 1].text
