"""Where sentences end, in one place for every stage that splits text without a parse.

Three needs, three rules, all kept here so they are tuned together: `spans` splits a text into
rough sentences fast enough to align every pair of candidate copies (link/copies.py); `first`
finds the end of a lede's first sentence without stopping at "Mr." or "U.S." (ingest/clean.py,
for a headline taken from the lede); `CHUNK_END` is where a long text may be cut for the parser
(analyse/nlp.py). Sentences a reader is shown come from spaCy's sentencizer over its tokenizer
(explain/text.py, loaded in analyse/nlp.py with the parsing model: one place loads spaCy).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

CHUNK_END = re.compile(r"[.!?…][\"'”’)]?\s+")  # a sentence's end and the space after it
_SPAN = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|\n|$)")  # up to its end marks and closing quotes, or a line's end
_BREAK = re.compile(r"[.!?](?=\s+[A-Z\"“‘'(])")  # an end mark before a capital or an opening quote
ABBREVIATIONS = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Sgt", "St", "Jr",
                           "Sr", "Inc", "Corp", "Co", "Ltd", "No", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep",
                           "Oct", "Nov", "Dec"})


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Rough sentences of `text` with their offsets; a line never runs into the next."""
    for match in _SPAN.finditer(text):
        yield match.start(), match.end(), match.group()


def first(text: str) -> str:
    """Up to the first full stop that ends a sentence, not an abbreviation ("Mr.", "U.S.", "J.")."""
    for end in _BREAK.finditer(text):
        before = text[: end.start() + 1].rsplit(None, 1)[-1].rstrip(".!?").lstrip("(\"“‘'")
        if end.group()[0] != "." or not (before in ABBREVIATIONS or len(before) == 1 or "." in before):
            return text[: end.start() + 1]
    return text
