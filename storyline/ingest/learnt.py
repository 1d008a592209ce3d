"""Boilerplate learnt from the store: the sentences one outlet's articles carry again and again.

The rules in boilerplate.toml catch furniture every site has. What only one site has, its footer,
comment policy or promo line, is learnt from the articles themselves: a sentence at the head or tail
of `repeats` articles of one outlet is furniture once those articles are otherwise unrelated.
(Updates and copies of one story share whole sentences too, and those are news: the articles
carrying a sentence are compared first, by their words and their other sentences.)

Learning is incremental: counts live in the store, and a sentence found to be furniture leaves the
new article, every later one, and the stored ones that carried it (their analyses are redone). It is
kept with the article's removed lines, "repeated in N articles of OUTLET", and it is found glued to
the end or start of another sentence too, as scrapers leave it. Articles of no known outlet learn
nothing on their own, as they may come from anywhere; they lose what some outlet's pages carry as
furniture, and that outlet is taken as theirs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from itertools import combinations

from sqlalchemy import Connection, select

from storyline.models import Article, Problem, RemovedLine
from storyline.store import passages
from storyline.store.passages import Passage
from storyline.store.schema import source

HEAD, TAIL = 2, 12  # sentences at each end of an article where furniture sits
MIN_WORDS = 4
GLUED_WORDS = 6  # furniture this long is also found at the end or start of another sentence
RELATED_SENTENCES = 0.5  # share of the shorter one's other sentences two versions of one story have in common
RELATED_WORDS = 0.3  # ... or Jaccard of their words (rewrites), what all the carriers share left out
RELATED_PAIRS = 0.25  # a sentence whose carriers are related in more of their pairs than this is news
_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s|$)")
_WORD = re.compile(r"\w+")
_CONTENT = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True)
class Unit:
    key: str  # digest of the sentence's words, lower case
    start: int
    end: int
    words: tuple[str, ...]


def units(text: str) -> list[Unit]:
    """Every sentence of the text, paragraph by paragraph, with its offsets."""
    return [u for u in (_unit(text, start, end) for start, end in _spans(text)) if u is not None]


def edge_units(text: str) -> list[Unit]:
    """The sentences at the head and tail, read without reading the others: what is counted."""
    spans = [(a, b) for a, b in _spans(text) if text.count(" ", a, b) >= MIN_WORDS - 1]
    if len(spans) > HEAD + TAIL:
        spans = spans[:HEAD] + spans[-TAIL:]
    return [u for u in (_unit(text, start, end) for start, end in spans) if u is not None]


def _spans(text: str) -> list[tuple[int, int]]:
    """Sentences as [start, end) offsets: each paragraph cut after a full stop, question or
    exclamation mark (and the quotes or brackets closing on it) that a space follows."""
    found = []
    for paragraph in re.finditer(r"[^\n]+", text):
        line, base, start = paragraph.group(), paragraph.start(), 0
        for end in _END.finditer(line):
            while start < end.start() and line[start].isspace():
                start += 1
            if start < end.start():  # a stop with nothing before it ("… ok, so") ends no sentence
                found.append((base + start, base + end.end()))
                start = end.end()
        while start < len(line) and line[start].isspace():
            start += 1
        if start < len(line):
            found.append((base + start, base + len(line.rstrip())))
    return found


def _unit(text: str, start: int, end: int) -> Unit | None:
    words = tuple(_WORD.findall(text[start:end].lower()))
    return Unit(digest(words), start, end, words) if len(words) >= MIN_WORDS else None


def digest(words: tuple[str, ...]) -> str:
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()


def group_of(item: Article) -> str:
    """The outlet key the store files an article's source under ("" when there is none)."""
    name = item.source or item.domain
    return name.casefold() if name else ""


@dataclass(frozen=True)
class _Cut:
    start: int
    end: int
    row: Passage


def learn(conn: Connection, fresh: list[Article], repeats: int) -> tuple[list[Article], list[Problem]]:
    """Count the batch's sentences, strip what is furniture from it and from stored articles, and
    return the batch as it is to be stored, with the articles nothing is left of as problems."""
    if repeats <= 0 or not fresh:
        return fresh, []
    edge = {a.id: edge_units(a.text) for a in fresh}
    texts = {a.id: a.text for a in fresh}
    every = _Sentences(texts)
    groups = {a.id: group_of(a) for a in fresh}
    rows = passages.load(conn, {(groups[a.id], u.key) for a in fresh if groups[a.id] for u in edge[a.id]})
    furniture = passages.furniture(conn, {g for g in groups.values() if g})
    declared: dict[str, str] = {}  # article id -> its outlet, where furniture was found while counting (stored ones too)
    for item in fresh:
        group = groups[item.id]
        for key in dict.fromkeys(u.key for u in edge[item.id]) if group else ():
            row = rows.setdefault((group, key), Passage(group, key, next_check=repeats))
            row.articles += 1
            row.recent = (row.recent + [item.id])[-repeats:]
            row.changed = True
            if not row.furniture and row.articles >= row.next_check:
                if _unrelated(conn, row, every, texts):
                    row.furniture = True
                    row.text = next(_sentence(texts[i], every[i], key) for i in reversed(row.recent) if i in texts)
                    furniture.setdefault(group, {})[key] = row
                    for holder in row.recent:
                        declared[holder] = group
                else:
                    row.next_check *= 2
    fresh = _attribute(conn, fresh, edge, furniture)
    passages.save(conn, rows.values())
    names = _names(conn, set(furniture), fresh)
    kept, rejected = [], []
    for item in fresh:
        outlet_furniture = furniture.get(group_of(item), {})
        stripped = _strip(item, _cuts(item.text, every[item.id], outlet_furniture), names) if outlet_furniture else item
        if stripped.text.strip():
            kept.append(stripped)
        else:
            rejected.append(Problem("ingest", item.origin, "no article text left after removing boilerplate "
                                                           "(every sentence is repeated in many articles of its outlet)"))
    _strip_stored(conn, {i: g for i, g in declared.items() if i not in groups}, furniture, names)
    return kept, rejected


class _Sentences(dict[str, list[Unit]]):
    """Every sentence of an article, read when first asked for (most batches never need them all)."""

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__()
        self.texts = texts

    def __missing__(self, article_id: str) -> list[Unit]:
        self[article_id] = found = units(self.texts[article_id])
        return found


def _strip_stored(conn: Connection, groups: dict[str, str], furniture: dict[str, dict[str, Passage]],
                  names: dict[str, str]) -> None:
    """Stored articles that carried what has just been found to be furniture lose it too."""
    stored = passages.texts(conn, list(groups))
    changed = []
    for article_id, (text, removed) in stored.items():
        shell = Article(article_id, "", None, text, "text", removed=tuple(removed))
        stripped = _strip(shell, _cuts(text, units(text), furniture.get(groups[article_id], {})), names)
        if stripped.text.strip() and stripped.text != text:
            changed.append(stripped)
    passages.rewrite(conn, changed)


def _attribute(conn: Connection, fresh: list[Article], found: dict[str, list[Unit]],
               furniture: dict[str, dict[str, Passage]]) -> list[Article]:
    """An article of no known outlet carrying a known outlet's furniture (at its head or tail, where
    furniture sits) is taken to be that outlet's."""
    unknown = [a for a in fresh if not group_of(a)]
    if not unknown:
        return fresh
    keys = {u.key for a in unknown for u in found[a.id]}
    elsewhere = passages.furniture_of_any(conn, sorted(keys))
    for rows in furniture.values():  # what this batch has just found to be furniture
        for key, row in rows.items():
            if key in keys and (key not in elsewhere or row.articles > elsewhere[key].articles):
                elsewhere[key] = row
    names = _names(conn, {row.source_key for row in elsewhere.values()}, fresh)
    attributed = {}
    for item in unknown:
        hits = [(elsewhere[u.key], u) for u in found[item.id] if u.key in elsewhere]
        if hits:
            row, unit = max(hits, key=lambda h: h[0].articles)
            furniture.setdefault(row.source_key, {})[row.key] = row
            attributed[item.id] = replace(item, source=names[row.source_key], source_evidence=(
                f"carries furniture of {row.articles} {names[row.source_key]} articles: "
                f"{_short(item.text[unit.start: unit.end])!r}"))
    return [attributed.get(a.id, a) for a in fresh]


def _unrelated(conn: Connection, row: Passage, every: _Sentences, texts: dict[str, str]) -> bool:
    """Are the articles carrying this sentence otherwise unrelated, as pages sharing only a footer are?

    Two are versions or copies of one story when they share half their other sentences, or (rewrites)
    when their words overlap, leaving out what all of them carry (the footer and its kin)."""
    missing = [i for i in row.recent if i not in texts]
    for article_id, (text, _) in passages.texts(conn, missing).items():
        texts[article_id] = text
    holders = [i for i in row.recent if i in texts]
    pairs = list(combinations(holders, 2))
    if not pairs:
        return False
    carried = {i: {u.key for u in every[i]} for i in holders}
    common = set.intersection(*carried.values())
    words = {i: {w for u in every[i] if u.key not in common for w in u.words if _CONTENT.fullmatch(w)}
             for i in holders}
    related = 0
    for a, b in pairs:
        shared = len(carried[a] & carried[b] - {row.key})
        smaller = max(1, min(len(carried[a]), len(carried[b])) - 1)
        overlap = len(words[a] & words[b]) / (len(words[a] | words[b]) or 1)
        related += shared >= RELATED_SENTENCES * smaller or overlap >= RELATED_WORDS
    return related <= RELATED_PAIRS * len(pairs)


def _cuts(text: str, found: list[Unit], furniture: dict[str, Passage]) -> list[_Cut]:
    """Where the outlet's furniture sits in these sentences: whole ones, or glued to an end of one."""
    if not furniture:
        return []
    glued = [(tuple(_WORD.findall(row.text.lower())), row) for row in furniture.values()
             if row.text and len(_WORD.findall(row.text)) >= GLUED_WORDS]
    cuts = []
    for unit in found:
        if unit.key in furniture:
            cuts.append(_Cut(unit.start, unit.end, furniture[unit.key]))
            continue
        for words, row in glued:
            n = len(words)
            if len(unit.words) > n and unit.words[-n:] == words:
                cuts.append(_Cut(unit.start + _word_start(text, unit, len(unit.words) - n), unit.end, row))
                break
            if len(unit.words) > n and unit.words[:n] == words:
                cuts.append(_Cut(unit.start, unit.start + _word_start(text, unit, n), row))
                break
    return cuts


def _word_start(text: str, unit: Unit, index: int) -> int:
    """Offset from the sentence's start of its word number `index`."""
    return [m.start() for m in _WORD.finditer(text[unit.start: unit.end])][index]


def _sentence(text: str, found: list[Unit], key: str) -> str:
    for unit in found:
        if unit.key == key:
            return text[unit.start: unit.end]
    return ""


def _names(conn: Connection, groups: set[str], fresh: list[Article]) -> dict[str, str]:
    """Outlet keys as the outlets are written."""
    names = {group_of(a): a.source or a.domain or "" for a in fresh if group_of(a) in groups}
    missing = [g for g in groups if g not in names]
    if missing:
        for row in conn.execute(select(source.c.key, source.c.name, source.c.domain).where(source.c.key.in_(missing))):
            names[row.key] = row.name or row.domain or row.key
    return {g: names.get(g, g) for g in groups}


def _strip(item: Article, cuts: list[_Cut], names: dict[str, str]) -> Article:
    if not cuts:
        return item
    pieces, removed, cursor = [], list(item.removed), 0
    for cut in cuts:
        pieces.append(item.text[cursor: cut.start])
        removed.append(RemovedLine(0, item.text[cut.start: cut.end].strip(),
                                   f"repeated in {cut.row.articles} articles of "
                                   f"{names.get(cut.row.source_key, cut.row.source_key)}"))
        cursor = cut.end
    pieces.append(item.text[cursor:])
    paragraphs = (" ".join(p.split()) for p in "".join(pieces).split("\n\n"))
    return replace(item, text="\n\n".join(p for p in paragraphs if p), removed=tuple(removed))


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
