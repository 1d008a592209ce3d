"""Penn-Treebank-tokenised text put back the way it was written.

Research corpora and some scraped dumps store news one token per space: `Roche AG 's Tamiflu`,
`-LRB- Reuters -RRB-`, ``` `` quoted '' ```, `does n't`, `PARIS\\/ATLANTA`. Left like that it reaches
entity names, quotes and the report. Such text is told apart by its marks (bracket tokens, doubled
backquotes, split contractions) or by punctuation set off by spaces, and then each line goes through
the Moses detokenizer (sacremoses), after the Treebank's own escapes are undone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sacremoses import MosesDetokenizer

_MARKS = re.compile(r"-[LR][RSC]B-|``|''|\\/|\\\*| n't\b| '(?:s|re|ve|ll|d|m)\b")
_SPACED = re.compile(r"\w [,.;:?!](?=\s|$)")
_PUNCT = re.compile(r"\S[,.;:?!](?=\s|$)")
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}", "``": '"', "''": '"'}
_SAMPLE = 20_000


@lru_cache(maxsize=1)
def _moses() -> MosesDetokenizer:
    return MosesDetokenizer(lang="en")


def is_tokenised(text: str) -> bool:
    """Does this text look Treebank-tokenised? Two marks are enough; so is punctuation that is set
    off by a space far more often than it is attached (news text attaches nearly all of it)."""
    sample = text[:_SAMPLE]
    if len(_MARKS.findall(sample)) >= 2:
        return True
    spaced, attached = len(_SPACED.findall(sample)), len(_PUNCT.findall(sample))
    return spaced >= 5 and spaced > 3 * attached


def detokenise(text: str) -> str:
    """Each line detokenised on its own, so line breaks (paragraphs, one sentence a line) stay."""
    return "\n".join(_line(line) for line in text.split("\n"))


_GLUED = re.compile(r"-[LR][RSC]B-")


def _line(line: str) -> str:
    # Escapes undone, and bracket tokens set apart where the tokeniser glued them ("800-RRB-860-2442").
    words = _GLUED.sub(lambda m: f" {m.group()} ", line.replace("\\/", "/").replace("\\*", "*")).split()
    if not words:
        return ""
    out: list[str] = []
    opening, open_single = False, 0
    for word in (_BRACKETS.get(w, w) for w in words):
        if word == "`":  # the Treebank's opening single quote; its closing one is a lone '
            opening = True
            continue
        if opening:  # marked with a curly quote, which Moses leaves alone, and made straight below
            word, opening, open_single = "\u2018" + word, False, open_single + 1
        elif word == "'" and open_single and out:
            out[-1] += "'"
            open_single -= 1
            continue
        if word.lower() == "n't" and out:  # "does n't", "ca n't", "wo n't"
            out[-1] += word
            continue
        out.append(word)
    return _moses().detokenize(out).replace("\u2018", "'")
