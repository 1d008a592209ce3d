"""Named entities, with names made whole inside the article.

A surname ("Blinken") takes the fullest name the article uses for it ("Antony Blinken"); a
title written before a name ("Secretary of State") becomes the mention's role, and the tagger's
habit of reading "State" in that title as an organisation is undone. Names the tagger found
once are found again where it missed them, including in lower case ("kyiv").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from storyline.analyse.lexicon import fold, lexicon
from storyline.models import Mention

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"})
# The small model reads some places as products ("Kursk", the submarine). A product name used as
# the object of a locative preposition this often in one article is taken for a place.
_PLACE_LIKE = "PRODUCT"
_LOCATIVE = frozenset({"in", "into", "near", "to", "from", "across", "around", "outside", "inside", "toward", "towards"})
_LOCATIVE_USES = 2
_TRIM_START = {"the", "a", "an"}
_PARTICLES = {"de", "da", "van", "von", "der", "den", "al", "bin", "ibn", "el", "la", "le", "du", "dos", "di"}
_CONTRACTIONS = {"n't", "n’t", "'s", "’s", "'re", "’re", "'ll", "’ll", "'ve", "’ve", "'d", "’d", "'m", "’m"}
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_INITIAL = re.compile(r"^[A-Z]\.?$")


def extract_mentions(doc: Doc) -> list[Mention]:
    """Entity mentions in reading order, each with its in-article name, label and role."""
    common = {t.lower_ for t in doc if t.is_lower and t.is_alpha}  # words this text writes in lower case
    tagged = [s for s in (_trim(e, common) for e in doc.ents if e.label_ in LABELS) if s is not None]
    tagged += _places_read_as_products(doc)
    tagged = [s for s in tagged if not _inside_title(s)]
    voters = {(s.start, s.end) for s in tagged}
    spans = sorted(filter_spans(tagged + _repeats(doc, tagged)), key=lambda s: s.start_char)
    texts = [_POSSESSIVE.sub("", s.text) for s in spans]
    people = _person_names([t for s, t in zip(spans, texts) if s.label_ == "PERSON"])
    names = [people.get(fold(t), t) for t in texts]
    # One name, one label within an article. A surname of a person named in full is that
    # person whatever the tagger said; a name the variant table knows has its type; otherwise
    # the label the tagger gave most often (repeats it missed do not vote).
    votes: dict[str, Counter[str]] = {}
    for span, text, name in zip(spans, texts, names):
        if fold(text) in people and len(people[fold(text)].split()) > 1:
            label = "PERSON"
        elif (span.start, span.end) in voters:
            label = span.label_
        else:
            continue
        votes.setdefault(name, Counter())[label] += 1
    known = lexicon().known_types
    mentions = []
    for span, text, name in zip(spans, texts, names):
        counts = votes.get(name)
        label = known.get(fold(canonical_name(name))) or (counts.most_common(1)[0][0] if counts else span.label_)
        mentions.append(Mention(span.start_char, span.start_char + len(text), text, label, name,
                                _role(span) if label == "PERSON" else None))
    return mentions


def _places_read_as_products(doc: Doc) -> list[Span]:
    products: dict[str, list[Span]] = {}
    for span in doc.ents:
        if span.label_ == _PLACE_LIKE:
            products.setdefault(span.text.lower(), []).append(span)
    places = []
    for spans in products.values():
        locative = sum(s.root.dep_ == "pobj" and s.root.head.lower_ in _LOCATIVE for s in spans)
        if locative >= _LOCATIVE_USES:
            places += [Span(doc, s.start, s.end, label="GPE") for s in spans]
    return places


def canonical_name(name: str) -> str:
    """The variant table's name for `name` ("Kiev" -> "Kyiv"), or `name` itself."""
    return lexicon().aliases.get(fold(name), name)


def _trim(span: Span, common: set[str]) -> Span | None:
    """The name in a tagged span, or None when it holds none: leading articles, words in lower case
    ("top of Obama") and symbols ("& Obama") go, as do trailing punctuation and a bracketed part
    ("World Health Organisation (WHO"); a span with no capital, with code or markup in it, or that is
    one common word written with a capital ("Views", "Vaccines" opening a sentence) is no name."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in _TRIM_START or not any(c.isalnum() for c in doc[start].text)
                           or _lower_word(doc[start])):
        start += 1
    end = next((i for i in range(start, end) if doc[i].text in ("(", "[")), end)  # "WHO (World Health ..."
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if start >= end:
        return None
    text = doc[start:end].text
    if _NOT_A_NAME.search(text) or not _capitalised(text):
        return None
    if end - start == 1 and _common_word(doc[start], span.label_, common):
        return None
    if span.label_ == "PERSON":  # titles written inside the span are roles, not names
        while start < end - 1 and span.doc[start].lower_ in lexicon().role_words:
            start += 1
        # "Antony J. Blinken" tagged as "J. Blinken": take the given name written just before.
        while (start > 0 and _INITIAL.match(span.doc[start].text) and span.doc[start - 1].pos_ == "PROPN"
               and span.doc[start - 1].text[:1].isupper() and span.doc[start - 1].lower_ not in lexicon().role_words):
            start -= 1
    trimmed = Span(span.doc, start, end, label=span.label_)
    return trimmed if any(c.isalpha() for c in trimmed.text) else None


_NOT_A_NAME = re.compile(r"[\n{}<>=;\\\"“”|]|\(\s*$|^\s*\)")


def _lower_word(token: Any) -> bool:
    """A leading word in lower case ("top of Obama"), but not a name's particle ("de Jong")."""
    return token.is_alpha and token.is_lower and token.lower_ not in _PARTICLES


def _capitalised(text: str) -> bool:
    """A name has a capital where its script has capitals (Chinese and Japanese have none)."""
    cased = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    return not cased or any(c.isupper() for c in cased)


def _common_word(token: Any, label: str, common: set[str]) -> bool:
    """One word with a capital that the same text also writes in lower case, where a capital means
    nothing (the start of a sentence; for people only there), or a stop word: not a name."""
    if token.is_stop or token.lower_ in _CONTRACTIONS:
        return True
    if token.text.isupper() or token.lower_ not in common:
        return False
    return token.is_sent_start or label != "PERSON"


def _inside_title(span: Span) -> bool:
    """Is this 'organisation' really a title ('Secretary of State', 'National Security Advisor')?"""
    if span.label_ not in ("ORG", "GPE"):
        return False
    if span.label_ == "ORG" and all(t.lower_ in lexicon().role_words for t in span):
        return True
    window = span.doc[max(0, span.start - 3): span.end + 1].text.lower()
    return any(phrase in window and fold(span.text) in phrase.split() for phrase in lexicon().role_phrases)


def _repeats(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans the tagger missed: other occurrences, in any case, of names it found and of their known variants."""
    matcher = PhraseMatcher(doc.vocab, attr="LOWER")
    labels: dict[str, str] = {}

    def add(words: list[str], label: str) -> None:
        key = " ".join(words).lower()
        if key not in labels and len(key) > 2:
            labels[key] = label
            matcher.add(key, [Doc(doc.vocab, words=words)])

    for span in spans:
        add([t.text for t in span], span.label_)
        canonical = canonical_name(span.text)
        for variant in (fold(canonical), *_variants().get(fold(canonical), ())):
            add(variant.split(), span.label_)  # folded forms are plain words, as the tokenizer splits them
    found = [Span(doc, start, end, label=labels[doc.vocab.strings[match_id]]) for match_id, start, end in matcher(doc)]
    return found + _surnames(doc, spans)


def _surnames(doc: Doc, spans: list[Span]) -> list[Span]:
    """'Rojas' alone after 'Ana María Rojas': matched as written (capitalised), so 'young' never matches 'Young'."""
    matcher = PhraseMatcher(doc.vocab, attr="ORTH")
    for span in spans:
        last = span[-1]
        if span.label_ == "PERSON" and len(span) > 1 and last.text[:1].isupper() and len(last.text) > 2:
            matcher.add("SURNAME", [Doc(doc.vocab, words=[last.text])])
    return [Span(doc, start, end, label="PERSON") for _, start, end in matcher(doc)]


@lru_cache(maxsize=1)
def _variants() -> dict[str, tuple[str, ...]]:
    """Folded canonical name -> its folded variants, from the variant table."""
    grouped: dict[str, list[str]] = {}
    for variant, canonical in lexicon().aliases.items():
        grouped.setdefault(fold(canonical), []).append(variant)
    return {k: tuple(v) for k, v in grouped.items()}


def _person_names(forms_seen: list[str]) -> dict[str, str]:
    """Map each person's written form (folded) to the fullest name the article uses for them."""
    forms = Counter(forms_seen)
    full = [f for f in forms if len(f.split()) >= 2]
    names: dict[str, str] = {}
    for form in list(forms) + [f.split()[-1] for f in full]:
        words = form.split()
        surname_only = all(_INITIAL.match(w) for w in words[:-1])  # "Blinken", "J. Blinken"
        candidates = [f for f in full if fold(f.split()[-1]) == fold(words[-1])
                      and (surname_only or _same_person(words, f.split()))]
        if not candidates:
            names.setdefault(fold(form), form)
            continue
        # The most used full form wins; between equals, the one without middle initials.
        best = max(candidates, key=lambda f: (forms[f], not any(_INITIAL.match(w) for w in f.split()), -len(f)))
        names[fold(form)] = best
    return names


def _same_person(words: list[str], other: list[str]) -> bool:
    """'Antony J. Blinken' and 'Antony Blinken': same first and last name, initials aside."""
    core = [w for w in words if not _INITIAL.match(w)]
    other_core = [w for w in other if not _INITIAL.match(w)]
    return [w.lower() for w in core] == [w.lower() for w in other_core]


def _role(span: Span) -> str | None:
    """The title written just before a name: 'U.S. Secretary of State Antony Blinken' -> 'U.S. Secretary of State'."""
    words = lexicon().role_words
    start = span.start
    while start > span.sent.start and span.doc[start - 1].lower_ in words:
        start -= 1
    tokens = list(span.doc[start: span.start])
    while tokens and tokens[0].lower_ in ("the", "of"):
        tokens.pop(0)
    if not any(t.lower_ not in ("the", "of", "us", "u.s.", "uk", "u.k.") for t in tokens):
        return None
    return span.doc[tokens[0].i: tokens[-1].i + 1].text
