"""The word lists and variant tables the stages and the store read, loaded once from the TOML files beside this module."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    direct_cues: frozenset[str]
    indirect_cues: frozenset[str]
    stance_cues: frozenset[str]
    role_words: frozenset[str]
    role_phrases: tuple[str, ...]
    qualifiers: dict[str, str]
    currencies: dict[str, str]  # lowercased sign, code or word -> ISO 4217
    currencies_glued: dict[str, str]  # only glued to a figure: "PS2.7m"
    scales: dict[str, float]
    units: dict[str, str]  # lowercased word -> symbol
    unit_symbols: dict[str, str]  # symbol as written, case and all -> symbol
    numbered_names: frozenset[str]  # lowercased words a figure ends: "ftse" in "FTSE 100"
    countries: frozenset[str]  # lowercased country names
    aliases: dict[str, str]  # folded variant -> canonical name
    metonyms: dict[str, str]  # folded capital -> country
    known_types: dict[str, str]  # folded canonical name -> type, from the table it is listed in


_TYPES = {"places": "GPE", "organizations": "ORG", "persons": "PERSON"}


def _read(name: str) -> dict:
    return tomllib.loads(resources.files("storyline.lexicon").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    words = _read("lexicon.toml")
    variants = _read("aliases.toml")
    aliases = {fold(k): v for table in _TYPES for k, v in variants[table].items()}
    known_types = {fold(v): _TYPES[table] for table in _TYPES for v in variants[table].values()}
    known_types.update({fold(v): "GPE" for v in variants["metonyms"].values()})
    return Lexicon(
        direct_cues=frozenset(words["cues"]["direct"]),
        indirect_cues=frozenset(words["cues"]["indirect"]),
        stance_cues=frozenset(words["cues"]["stance"]),
        role_words=frozenset(words["roles"]["words"]),
        role_phrases=tuple(words["roles"]["phrases"]),
        qualifiers=dict(words["qualifiers"]),
        currencies=dict(words["currencies"]),
        currencies_glued=dict(words["currencies_glued"]),
        scales=dict(words["scales"]),
        units=dict(words["units"]),
        unit_symbols=dict(words["unit_symbols"]),
        numbered_names=frozenset(words["numbered_names"]["words"]),
        countries=frozenset(words["countries"]["names"]),
        aliases=aliases,
        metonyms={fold(k): v for k, v in variants["metonyms"].items()},
        known_types=known_types,
    )


_NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=100_000)  # pure, and called for every name of every article: news repeats its names
def fold(text: str) -> str:
    """Compare names without case, diacritics, punctuation, a leading "the" or a possessive: "Kíev's" -> "kiev"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’]s\b", "", text)
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split()).removeprefix("the ")
