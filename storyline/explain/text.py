"""Sentences and their content words: the unit every comparison of the explain stage works on.

Sentences come from spaCy's rule-based sentencizer over its English tokenizer, which keeps
"U.S." and "Jan. 20" whole. Words are compared as Snowball stems of the non-stop words, so
"invaded"/"invades" or "defence"/"defend" meet; weights are inverse document frequencies over the
story's own sentences, so the words every article of a story repeats ("Ukraine" in a story on
Ukraine) count for little and the telling ones ("Patriot", "Kharkiv") for much.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import Stemmer
from spacy.attrs import ORTH
from spacy.vocab import Vocab

from storyline.analyse.nlp import sentencizer
from storyline.models import Citation

T = TypeVar("T")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")  # a year as news writes it
READABLE_WORDS = (8, 60)  # a sentence worth showing on its own: neither a fragment nor a run-on
MAX_CHARS = 300  # longer sentences are shown as a window around the passage that matters
# A dateline before the first words of a report, and whatever a wire put before it (bullets,
# "Repeats ...", a byline): "WASHINGTON (Reuters) - ", "KYIV, Ukraine (AP) — ", "Kyiv, Ukraine —",
# "WASHINGTON — ", "By Maggie Fox WASHINGTON | Mon Mar 2, 2009 4:23 pm EST WASHINGTON (Reuters) - ".
_DATELINE = re.compile(r"^(?:.{0,300}?\((?:[A-Z][\w.&'-]*\s?){1,3}\)\s*[-\u2013\u2014]+"
                       r"|[^\W\d][\w.' ]{0,25},\s[\w.' ]{2,25}?\s?[\u2013\u2014]"
                       r"|[A-Z][A-Z.' ]{2,30}?\s?(?:[\u2013\u2014]|--))\s*(?=[A-Z\"\u201c\u2018'(])")


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int  # position in the article, from 0
    start: int
    end: int
    text: str
    words: frozenset[str]  # content stems


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=100_000)  # news reuses its words: each is stemmed once
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def sentences(article_id: str, text: str) -> tuple[Sentence, ...]:
    """The article's sentences with their offsets; paragraphs never run into each other."""
    paragraphs, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((offset, line))
        offset += len(line) + 1
    found: list[Sentence] = []
    for (offset, line), doc in zip(paragraphs, sentencizer().pipe(p for _, p in paragraphs)):
        orths = doc.to_array(ORTH).tolist()
        for sent in doc.sents:
            written = line[sent.start_char:sent.end_char]  # sent.text, without joining its tokens again
            text = written.strip()
            if not text:
                continue
            dateline = _DATELINE.match(text)
            cut = dateline.end() if dateline else 0
            start = offset + sent.start_char + len(written) - len(written.lstrip()) + cut
            words = stems(t for t in sent if t.idx - sent.start_char >= cut) if cut \
                else _stems(doc.vocab, orths[sent.start:sent.end])
            found.append(Sentence(article_id, len(found), start, start + len(text) - cut, text[cut:], words))
    return tuple(found)


def readable(sentence: Sentence) -> bool:
    """Long enough to say something on its own, short enough to read: what a summary may show."""
    low, high = READABLE_WORDS
    return low <= len(sentence.text.split()) <= high


def stems(tokens: Iterable[object]) -> frozenset[str]:
    """Content stems of spaCy tokens (or of a string, split into tokens)."""
    if isinstance(tokens, str):
        doc = sentencizer().make_doc(tokens)
        return _stems(doc.vocab, doc.to_array(ORTH).tolist())
    return frozenset(stem for t in tokens if (stem := _content_stem(t)) is not None)


def _stems(vocab: Vocab, orths: list[int]) -> frozenset[str]:
    """Content stems of the words with these ids: each word is looked at once, whatever its tokens."""
    found = set()
    for orth in orths:
        stem = _STEM_OF.get(orth, _UNSEEN)
        if stem is _UNSEEN:
            if len(_STEM_OF) > 500_000:  # a stream of new words: start again rather than grow
                _STEM_OF.clear()
            stem = _STEM_OF[orth] = _content_stem(vocab[orth])
        if stem is not None:
            found.add(stem)
    return frozenset(found)


def _content_stem(word: Any) -> str | None:
    """The stem of a content word (a token or its lexeme: the same flags), None for a stop word,
    punctuation or a single letter. Letters and digits together ("H1N1", "G20", "MH17") are a name,
    often the one that tells a story from its neighbours (H1N1 from H5N1)."""
    if word.like_num or (word.is_alpha and not word.is_stop and len(word.orth_) > 1):
        return _stem(word.lower_)
    if word.orth_.isalnum() and not word.orth_.isdigit() and not word.orth_.isalpha():
        return word.lower_
    return None


_STEM_OF: dict[int, str | None] = {}  # word id (a hash of its text, the same in every vocabulary) -> stem
_UNSEEN = object()


class Weights(dict[str, float]):
    """Inverse document frequencies; a word never seen weighs as much as the rarest one.

    A story's sentences are compared with each other many times over (timeline support, findings,
    summary), so the weight of each sentence's word set is summed once and kept, keyed by the set
    (a frozenset keeps its hash); only intersections are summed afresh.
    """

    top = 1.0

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self._totals: dict[tuple[frozenset[str], float], float] = {}

    def __missing__(self, word: str) -> float:
        return self.top

    def total(self, words: frozenset[str], power: float) -> float:
        """Summed weight of a set of words, each raised to `power`, for a set that comes again."""
        key = (words, power)
        found = self._totals.get(key)
        if found is None:
            found = self._totals[key] = _weight(words, self, power)
        return found


def weights(groups: Iterable[frozenset[str]]) -> Weights:
    """Inverse document frequency of each stem over `groups` (sentences)."""
    df: Counter[str] = Counter()
    n = 0
    for words in groups:
        df.update(words)
        n += 1
    idf = Weights((w, math.log((n + 1) / (c + 0.5))) for w, c in df.items())
    idf.top = max(idf.values(), default=1.0)
    return idf


def overlap(a: frozenset[str], b: frozenset[str], idf: Weights, power: float = 1.0) -> float:
    """Weighted share of the smaller word set found in the other: 1.0 when one says all the other does.

    `power` > 1 lets the rare words decide: two passages sharing the only mentions of "Patriot" in a
    story are about the same thing, whatever else each adds.
    """
    if not a or not b:
        return 0.0
    smaller = min(idf.total(a, power), idf.total(b, power))
    return _weight(a & b, idf, power) / smaller if smaller else 0.0


def similarity(a: frozenset[str], b: frozenset[str], idf: Weights) -> float:
    """Weighted cosine of two word sets: high only when each says much of what the other does."""
    if not a or not b:
        return 0.0
    return _weight(a & b, idf, 2) / math.sqrt(idf.total(a, 2) * idf.total(b, 2))


def _weight(words: frozenset[str], idf: Weights, power: float) -> float:
    # fsum: a set's order changes with the hash seed, and a float sum with its order; ties between
    # sentences, and so the report, would change from one run to the next.
    if power == 1:  # the common case, without a power per word
        return math.fsum(map(idf.__getitem__, words))
    return math.fsum(idf[w] ** power for w in words)


CENTRAL_SAMPLE = 100  # passages each one is compared with to find the most central: all, up to this many


def centrality(groups: list[frozenset[str]], idf: Weights, sample: int = CENTRAL_SAMPLE) -> list[float]:
    """How much of what the others say each word set says: its summed overlap with them.

    Up to `sample` sets, with every other; beyond, with `sample` of them spread evenly over the list,
    so a day named by a thousand reports (a story of 10,000 articles) costs a thousand times
    `sample` comparisons, not a million, and still ranks by what most reports say."""
    others = spread(range(len(groups)), sample)
    return [sum(overlap(words, groups[j], idf) for j in others if j != i) for i, words in enumerate(groups)]


def spread(items: Sequence[T], sample: int) -> Sequence[T]:
    """All of `items` up to `sample` of them; beyond, about `sample` spread evenly from first to last."""
    return items if len(items) <= sample else items[::-(-len(items) // sample)]


def postings(groups: Iterable[frozenset[str]]) -> dict[str, list[int]]:
    """Inverted index: each word -> the positions of the sets holding it."""
    index: dict[str, list[int]] = {}
    for i, words in enumerate(groups):
        for word in words:
            index.setdefault(word, []).append(i)
    return index


def cite(sentence: Sentence, start: int | None = None, end: int | None = None) -> Citation:
    """A citation of the sentence, shown as its excerpt (around [start, end) when given)."""
    return Citation(sentence.article_id, sentence.start, sentence.end, excerpt(sentence, start, end))


def pairs(groups: list[frozenset[str]], min_shared: int, common: int = 200) -> list[tuple[int, int]]:
    """Index pairs (i < j) of word sets sharing at least `min_shared` words that are not common.

    Through an inverted index, so a story of thousands of sentences is not compared pair by pair;
    words found in more than `common` sets (a story's own name) cannot make a pair on their own,
    and the similarity measures weigh them near zero anyway.
    """
    shared: Counter[tuple[int, int]] = Counter()
    for items in postings(groups).values():
        if 1 < len(items) <= common:
            shared.update((a, b) for n, a in enumerate(items) for b in items[n + 1:])
    return sorted(pair for pair, count in shared.items() if count >= min_shared)


def sentence_at(found: tuple[Sentence, ...], offset: int) -> Sentence | None:
    return next((s for s in found if s.start <= offset < s.end), None)


def excerpt(sentence: Sentence, start: int | None = None, end: int | None = None) -> str:
    """The sentence, or for a long one a window around [start, end) cut at word boundaries."""
    if len(sentence.text) <= MAX_CHARS or start is None:
        return sentence.text if len(sentence.text) <= MAX_CHARS else sentence.text[:MAX_CHARS].rsplit(" ", 1)[0] + " …"
    middle = ((start + (end or start)) // 2) - sentence.start
    low = max(0, middle - MAX_CHARS // 2)
    high = min(len(sentence.text), low + MAX_CHARS)
    low = max(0, high - MAX_CHARS)
    window = sentence.text[low:high]
    if low > 0:
        window = "… " + window.split(" ", 1)[-1]
    if high < len(sentence.text):
        window = window.rsplit(" ", 1)[0] + " …"
    return window


def components(n: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Connected groups of the items joined by `pairs` (items in no pair are left out)."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[int] = set()
    groups = []
    for start in range(n):
        if start in seen or start not in neighbours:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            item = stack.pop()
            group.append(item)
            for other in neighbours[item] - seen:
                seen.add(other)
                stack.append(other)
        groups.append(sorted(group))
    return groups
