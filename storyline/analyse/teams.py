"""Sports teams named after places or people: "Lotte 6 Hyundai 2", "CHICAGO AT TORONTO", "Leicestershire
beat Somerset".

The small model reads a club named for its town as the town, or as a person ("Surrey"), and misses
the names in a results line altogether. Results lines, tables and fixtures, and the verbs of a
result, say a name is a team. A country stays a place: its national team is, to CoNLL and to most
readers, the country.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from storyline.lexicon import lexicon
from storyline.analyse.nlp import doc_text

_NAME = r"[A-Z][\w.'&/-]*(?: [A-Z][\w.'&/-]*){0,3}"
_LINES = [re.compile(p) for p in (
    rf"^\s*(?P<a>{_NAME}) \d+ (?P<b>{_NAME}) \d+\s*(?:\(.*\))?\s*\.?$",  # "Lotte 6 Hyundai 2"
    rf"^\s*(?P<a>{_NAME}) (?:AT|at|v|vs\.?|versus) (?P<b>{_NAME})\s*$",  # "CHICAGO AT TORONTO"
    # a standings row: won-lost and a winning percentage ("BOSTON 69 65 .515 5 1/2"), or played, won,
    # drawn, lost, goals and points ("Ajax 5 4 1 0 12 3 13")
    rf"^\s*(?P<a>{_NAME})(?:(?:\s+\d+){{2,}}\s+\.\d{{3}}(?:\s+[-\d./]+)*|(?:\s+\d+){{5,}})\s*$",
)]
_RESULT_VERBS = frozenset({"beat", "defeat", "edge", "rout", "thrash", "hammer", "trounce", "overcome", "outplay",
                           "draw", "tie", "host", "play", "face", "oust", "eliminate", "upset", "crush", "whip",
                           "down", "blank", "sweep", "lose", "stun", "overpower", "outscore"})
_TEAM_WORDS = frozenset({"ORG", "GPE", "LOC", "PERSON"})


def teams(doc: Doc, spans: list[Span]) -> tuple[list[Span], set[str]]:
    """`spans` with the teams among them labelled ORG, and the teams of results lines the tagger
    missed; with the teams' names, lowercased."""
    found = _in_results_lines(doc)
    taken = {t for span in found for t in range(span.start, span.end)}
    result = [span for span in spans if not taken & set(range(span.start, span.end))]
    playing = [span for span in result if _plays(span)]
    result = [_relabelled(span) if span in playing else span for span in result]
    return result + found, {span.text.lower() for span in found + playing}


def _in_results_lines(doc: Doc) -> list[Span]:
    spans = []
    offset = 0
    for line in doc_text(doc).split("\n"):
        for pattern in _LINES:
            match = pattern.match(line)
            if match is None:
                continue
            for group in ("a", "b"):
                if group in match.groupdict() and match.group(group):
                    start, end = offset + match.start(group), offset + match.end(group)
                    span = doc.char_span(start, end, label="ORG", alignment_mode="contract")
                    if span is not None and len(span) and not _country(span):
                        spans.append(span)
            break
        offset += len(line) + 1
    return spans


def _plays(span: Span) -> bool:
    """A place or one-word 'person' that wins, loses or draws against another name: a team."""
    if span.label_ not in _TEAM_WORDS or span.label_ == "ORG" or _country(span):
        return False
    if span.label_ == "PERSON" and len(span) > 1:
        return False
    root = span.root
    verb = root.head
    if root.dep_ not in ("nsubj", "dobj", "pobj") or verb.lemma_.lower() not in _RESULT_VERBS:
        if root.dep_ == "pobj" and verb.lower_ in ("against", "over") and verb.head.lemma_.lower() in _RESULT_VERBS | {"win", "victory", "defeat"}:
            return True
        return False
    other = [c for c in verb.children if c.dep_ in ("nsubj", "dobj") and c.i != root.i]
    return any(c.pos_ == "PROPN" for c in other)


def _relabelled(span: Span) -> Span:
    return Span(span.doc, span.start, span.end, label="ORG")


def _country(span: Span) -> bool:
    return span.text.lower().removeprefix("the ") in lexicon().countries
