"""Quotes by speaker across a story: one statement carried by several outlets is one group, each
outlet's wording kept as a variant."""

from __future__ import annotations

from storyline.explain import text
from storyline.explain.material import StoryMaterial
from storyline.models import Citation, QuoteGroup


def by_speaker(material: StoryMaterial) -> tuple[QuoteGroup, ...]:
    """Named speakers' direct and partial quotes, most quoted speaker first, each speaker's groups
    in the order the story first reports them."""
    groups: list[tuple[str, str, list[tuple[frozenset[str], Citation, int]]]] = []  # speaker, kind, variants
    spoken: dict[str, list[int]] = {}  # speaker -> their groups, in order
    wordings: list[dict[frozenset[str], None]] = []  # each group's distinct wordings: copies repeat them
    for member in material.members:
        people = {m.name for m in member.analysis.mentions if m.label in ("PERSON", "ORG", "GPE", "NORP")}
        for quote in member.analysis.quotes:
            if quote.kind == "indirect" or not quote.speaker or quote.speaker not in people:
                continue
            words = text.stems(quote.text)
            citation = Citation(member.id, quote.start, quote.end, quote.text)
            found = next((i for i in spoken.get(quote.speaker, ()) if any(
                text.similarity(words, w, material.idf) >= material.config.same_wording for w in wordings[i])), None)
            if found is None:
                spoken.setdefault(quote.speaker, []).append(len(groups))
                groups.append((quote.speaker, quote.kind, [(words, citation, len(quote.text))]))
                wordings.append({words: None})
            else:
                groups[found][2].append((words, citation, len(quote.text)))
                wordings[found][words] = None
    counts = {speaker: sum(len(g[2]) for g in groups if g[0] == speaker) for speaker, _, _ in groups}
    ordered = sorted(range(len(groups)), key=lambda i: (-counts[groups[i][0]], groups[i][0], i))
    result = []
    for i in ordered:
        speaker, kind, variants = groups[i]
        longest = max(variants, key=lambda v: v[2])[1]
        result.append(QuoteGroup(speaker, longest.text, kind, tuple(c for _, c, _ in variants)))
    return tuple(result)
