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
from wordfreq import zipf_frequency

from storyline.lexicon import fold, lexicon
from storyline.analyse.nlp import doc_text
from storyline.analyse.teams import teams
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
_CALENDAR = frozenset({"january", "february", "march", "april", "june", "july", "august", "september", "october",
                       "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday"})  # "may" is also a name


def extract_mentions(doc: Doc) -> list[Mention]:
    """Entity mentions in reading order, each with its in-article name, label and role."""
    common = {t.lower_ for t in doc if t.is_lower and t.is_alpha}  # words this text writes in lower case
    tagged = [s for s in (_trim(e, common) for e in doc.ents if e.label_ in LABELS) if s is not None]
    tagged += _places_read_as_products(doc) + _datelines(doc, tagged)
    tagged, playing = teams(doc, [s for s in tagged if not _inside_title(s)])
    playing = {fold(name) for name in playing}
    voters = {(s.start, s.end) for s in tagged}
    spans = sorted(filter_spans(tagged + _repeats(doc, tagged)), key=lambda s: s.start_char)
    texts = [_POSSESSIVE.sub("", s.text).rstrip() for s in spans]
    people = _person_names([t for s, t in zip(spans, texts) if s.label_ == "PERSON"])
    given = _family_first(people)
    names = [given.get(fold(t), t) if s.label_ in ("PERSON", "ORG") and len(people.get(fold(t), t).split()) == 1
             else people.get(fold(t), t) for s, t in zip(spans, texts)]
    # One name, one label within an article. A surname of a person named in full is that
    # person whatever the tagger said; a name the variant table knows has its type; otherwise
    # the label the tagger gave most often (repeats it missed do not vote).
    votes: dict[str, Counter[str]] = {}
    for span, text, name in zip(spans, texts, names):
        if (fold(text) in people or name != text and fold(text) in given) and len(name.split()) > 1:
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
        if fold(name) in playing and len(name.split()) == 1:
            label = "ORG"  # a team in one line of the article ("Surrey 429-7") is the team in the others
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


_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,2})(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
                       r"\s+(?:\d{4}-\d{2}-\d{2}\b|\([A-Z][A-Za-z ]+\)\s*[-–—])", re.MULTILINE)


def _datelines(doc: Doc, tagged: list[Span]) -> list[Span]:
    """The place of a dateline, "BELGRADE 1996-08-30", "LONDON (Reuters) -", which the small model
    misses in capitals."""
    taken = {t for span in tagged for t in range(span.start, span.end)}
    places = []
    for match in _DATELINE.finditer(doc_text(doc)):
        span = doc.char_span(match.start("place"), match.end("place"), label="GPE")
        if span is not None and not taken & set(range(span.start, span.end)):
            places.append(span)
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
    person = span.label_ == "PERSON"  # no one's name holds a figure: "64 Bob Estes", "J. Adams 123" in a table
    while start < end and (person and doc[start].like_num or end - start > 1 and doc[start].lower_ in _CALENDAR):
        start += 1  # "September Treasury", "August Chicago NAPM": a month the tagger pulled in
    last_capital = max((i for i in range(start, end) if doc[i].text[:1].isupper()), default=end - 1)
    if last_capital < end - 1 and all(_lower_word(t) for t in doc[last_capital + 1:end]):
        end = last_capital + 1  # "Interfax news agency": the name, not what it is
    end = next((i for i in range(start, end) if doc[i].text in ("(", "[")), end)  # "WHO (World Health ..."
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or person and doc[end - 1].like_num and
                           not doc[end - 1].text[:1].isalpha()):
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
    found = [Span(doc, start, end, label=labels[doc.vocab.strings[match_id]]) for match_id, start, end in matcher(doc)
             if _name_like(doc[start:end])]
    return found + _surnames(doc, spans)


_COMMON_ZIPF = 5.5  # a word this frequent in English ("who", "us", "it", "may") written in lower case is that word


def _name_like(span: Span) -> bool:
    """A repeat in capitals is the name ("WHO SAYS ..."); in lower case only when no common word is
    written so: "kyiv" is Kyiv, but "who" is a pronoun, never the WHO."""
    return any(c.isupper() for c in span.text) or \
        all(zipf_frequency(t.lower_, "en") < _COMMON_ZIPF for t in span if t.is_alpha)


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


def _family_first(people: dict[str, str]) -> dict[str, str]:
    """ "Wang" after "Wang Donghai": names written family name first are referred to by their first
    word. Only a first word that is no one's surname here and names one person."""
    full = {name for name in people.values() if len(name.split()) == 2}
    surnames = {fold(name.split()[-1]) for name in full}
    firsts = Counter(fold(name.split()[0]) for name in full)
    return {fold(name.split()[0]): name for name in full
            if firsts[fold(name.split()[0])] == 1 and fold(name.split()[0]) not in surnames
            and len(people.get(fold(name.split()[0]), "").split()) < 2 and not _INITIAL.match(name.split()[0])}


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
