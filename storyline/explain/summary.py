"""An extractive summary of a story: the sentences closest to what all its reports say.

Centroid method with maximal marginal relevance: sentences are scored by their weighted word
similarity to the story's centroid (each independent report counted once, so a wire story copied
ten times does not set the agenda), earlier sentences of an article a little ahead (news puts the
point first), and each pick must not repeat an earlier one. Every sentence cites its article and the
independent reports that say the same.
"""

from __future__ import annotations

import math
from collections import Counter

from storyline.explain import text
from storyline.explain.material import StoryMaterial
from storyline.models import Citation, SummarySentence


def summarise(material: StoryMaterial, sentences: int | None = None) -> tuple[SummarySentence, ...]:
    """The story's `sentences` (by default its config's `summary_sentences`) most central sentences."""
    config = material.config
    sentences = sentences or config.summary_sentences
    reports = {}
    for member in material.members:  # one voice per copy group: its oldest member
        reports.setdefault(material.group[member.id], member)
    centroid: Counter[str] = Counter()
    for member in reports.values():
        for words in {w for s in member.sentences for w in s.words}:
            centroid[words] += 1
    pool = [s for m in reports.values() for s in m.sentences if text.readable(s)]
    norm = math.sqrt(math.fsum((c * material.idf[w]) ** 2 for w, c in centroid.items()))  # in any order alike
    relevance = {id(s): _cosine(s.words, centroid, norm, material.idf) + config.lead_bonus / (1 + s.index) for s in pool}
    chosen: list[text.Sentence] = []
    nearest = {id(s): 0.0 for s in pool}  # each sentence's highest similarity to those chosen so far
    while pool and len(chosen) < sentences:
        best = max(pool, key=lambda s: config.redundancy * relevance[id(s)] - (1 - config.redundancy) * nearest[id(s)])
        chosen.append(best)
        for s in pool:
            nearest[id(s)] = max(nearest[id(s)], text.similarity(s.words, best.words, material.idf))
        pool = [s for s in pool if s is not best and nearest[id(s)] < config.repeats]
    order = {m.id: i for i, m in enumerate(material.members)}
    chosen.sort(key=lambda s: (order[s.article_id], s.index))
    return tuple(SummarySentence(s.text, _citations(s, material)) for s in chosen)


def _cosine(words: frozenset[str], centroid: Counter[str], centroid_norm: float, idf: text.Weights) -> float:
    dot = math.fsum(centroid[w] * idf[w] ** 2 for w in words)
    norm = math.sqrt(math.fsum(idf[w] ** 2 for w in words)) * centroid_norm
    return dot / norm if norm else 0.0


def _citations(sentence: text.Sentence, material: StoryMaterial) -> tuple[Citation, ...]:
    found = [Citation(sentence.article_id, sentence.start, sentence.end, sentence.text)]
    for member in material.members:
        if member.id == sentence.article_id:
            continue
        same = max(member.sentences, key=lambda s: text.similarity(s.words, sentence.words, material.idf), default=None)
        if same is not None and text.similarity(same.words, sentence.words, material.idf) >= material.config.repeats:
            found.append(Citation(member.id, same.start, same.end, same.text))
    return tuple(found)
