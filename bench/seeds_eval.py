"""Score a store holding the analysed seed articles against gold.json (used by eval_seeds.py and the tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline import Storyline
from storyline.analyse.nlp import parse
from storyline.store.analyses import entity_key

TYPE_GROUPS = {"GPE": "place", "LOC": "place", "FAC": "place", "PERSON": "person", "ORG": "org", "NORP": "norp",
               "EVENT": "event"}


@dataclass
class Score:
    entities: int = 0
    quotes: int = 0
    claims: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def by_key(storyline: Storyline) -> dict[str, Any]:
    """Gold article keys ("000") -> stored article, matched by file name."""
    return {Path(a.path).name[:3]: a for a in storyline.articles() if a.path}


def score(storyline: Storyline, gold: dict[str, Any]) -> Score:
    result = Score(totals={"entities": len(gold["entities"]), "quotes": len(gold["quotes"]),
                           "claims": len(gold["claims"])})
    entities = storyline.entities()
    claimed: dict[int, str] = {}
    for name, expected in gold["entities"].items():
        ids = set()
        for alias in expected["aliases"]:
            found = {e.id for e in entities if alias in e.aliases
                     or any(a.endswith(" " + alias) for a in e.aliases)}
            if not found:  # never written in the cleaned texts: ask the resolver where it would go
                key = entity_key(alias, expected["type"])
                found = {e.id for e in entities if e.key == key}
            ids |= found or {-1}
        merged = len(ids) == 1 and -1 not in ids
        entity = next((e for e in entities if e.id in ids), None)
        right_type = entity is not None and TYPE_GROUPS[entity.type] == TYPE_GROUPS[expected["type"]]
        distinct = merged and claimed.setdefault(next(iter(ids)), name) == name
        if merged and right_type and distinct:
            result.entities += 1
        else:
            result.misses.append(f"entity {name}: ids {sorted(ids)}, type {entity and entity['type']}")
    articles = by_key(storyline)
    for quote in gold["quotes"]:
        analysis = storyline.analysis(articles[quote["article"]].id)
        if any(quote["text"] in q.text and q.speaker == quote["speaker"] for q in analysis.quotes):
            result.quotes += 1
        else:
            result.misses.append(f"quote {quote['article']} {quote['speaker']}: {quote['text']}")
    units = sorted({c["unit"] for c in gold["claims"]})
    lemmas = {u: "".join(t.lemma_.lower() + t.whitespace_ for t in doc) for u, doc in zip(units, parse(units))}
    for claim in gold["claims"]:
        analysis = storyline.analysis(articles[claim["article"]].id)
        unit = claim["unit"] if claim["unit"].isupper() else lemmas[claim["unit"]]  # a count's unit is a lemma
        if any(abs(c.value - claim["value"]) <= 1e-6 * claim["value"] and c.unit.lower() == unit.lower()
               for c in analysis.claims):
            result.claims += 1
        else:
            result.misses.append(f"claim {claim['article']} {claim['value']} {claim['unit']}")
    return result
