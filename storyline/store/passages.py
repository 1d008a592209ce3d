"""The counts behind learnt boilerplate: how many articles of each outlet carry each sentence.

Read and written inside the caller's transaction (the batch being ingested), in chunks, so a batch
costs a few statements whatever its size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from storyline.models import Article, RemovedLine
from storyline.store import search
from storyline.store.analyses import forget_analyses
from storyline.store.schema import article, passage

_CHUNK = 400


@dataclass
class Passage:
    """One sentence's count in one outlet (`source_key` "" when the outlet is not known)."""

    source_key: str
    key: str
    articles: int = 0
    recent: list[str] = field(default_factory=list)  # the latest articles carrying it, newest last
    furniture: bool = False
    next_check: int = 0
    text: str | None = None  # the sentence, once it is furniture
    stored: bool = False  # a row exists already
    changed: bool = False


def load(conn: Connection, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Passage]:
    """The rows for these (outlet key, sentence key) pairs that exist."""
    found: dict[tuple[str, str], Passage] = {}
    by_source: dict[str, list[str]] = {}
    for source_key, key in wanted:
        by_source.setdefault(source_key, []).append(key)
    for source_key, keys in by_source.items():
        for offset in range(0, len(keys), _CHUNK):
            rows = conn.execute(select(passage).where(passage.c.source_key == source_key,
                                                      passage.c.key.in_(keys[offset: offset + _CHUNK])))
            for row in rows:
                found[(source_key, row.key)] = _passage(row)
    return found


def _passage(row: Any) -> Passage:
    return Passage(row.source_key, row.key, row.articles, list(row.recent), bool(row.furniture), row.next_check,
                   row.text, stored=True)


def furniture(conn: Connection, groups: set[str]) -> dict[str, dict[str, Passage]]:
    """Each of these outlets' furniture, by sentence key."""
    found: dict[str, dict[str, Passage]] = {}
    if groups:
        for row in conn.execute(select(passage).where(passage.c.source_key.in_(sorted(groups)),
                                                      passage.c.furniture.is_(True))):
            found.setdefault(row.source_key, {})[row.key] = _passage(row)
    return found


def furniture_of_any(conn: Connection, keys: Sequence[str]) -> dict[str, Passage]:
    """Sentence key -> the known outlet whose furniture it is (the one with most articles carrying it):
    what an article of unknown outlet shares with that outlet's pages."""
    found: dict[str, Passage] = {}
    keys = list(dict.fromkeys(keys))
    for offset in range(0, len(keys), _CHUNK):
        rows = conn.execute(select(passage).where(passage.c.key.in_(keys[offset: offset + _CHUNK]),
                                                  passage.c.furniture.is_(True), passage.c.source_key != ""))
        for row in rows:
            if row.key not in found or row.articles > found[row.key].articles:
                found[row.key] = _passage(row)
    return found


def save(conn: Connection, rows: Iterable[Passage]) -> None:
    fresh, changed = [], []
    for row in rows:
        values = {"source_key": row.source_key, "key": row.key, "articles": row.articles, "recent": row.recent,
                  "furniture": row.furniture, "next_check": row.next_check, "text": row.text}
        if not row.stored:
            fresh.append(values)
        elif row.changed:
            changed.append({f"b_{k}": v for k, v in values.items()})
    if fresh:
        conn.execute(passage.insert(), fresh)
    if changed:
        conn.execute(update(passage).where(passage.c.source_key == bindparam("b_source_key"),
                                           passage.c.key == bindparam("b_key"))
                     .values(articles=bindparam("b_articles"), recent=bindparam("b_recent"),
                             furniture=bindparam("b_furniture"), next_check=bindparam("b_next_check"),
                             text=bindparam("b_text")),
                     changed)


def texts(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[str, list[RemovedLine]]]:
    """Stored articles' text and removed lines, to judge and strip them."""
    found = {}
    for offset in range(0, len(ids), _CHUNK):
        rows = conn.execute(select(article.c.id, article.c.text, article.c.removed)
                            .where(article.c.id.in_(list(ids[offset: offset + _CHUNK]))))
        for row in rows:
            found[row.id] = (row.text, [RemovedLine(*r) for r in row.removed])
    return found


def rewrite(conn: Connection, changed: Sequence[Article]) -> None:
    """Store stripped texts of stored articles. Their analyses go (offsets moved), so the next
    analyse redoes them; their place in a story stays."""
    if not changed:
        return
    for item in changed:
        conn.execute(update(article).where(article.c.id == item.id).values(
            text=item.text, removed=[[r.line, r.text, r.reason] for r in item.removed]))
    search.reindex(conn, changed)
    forget_analyses(conn, [a.id for a in changed])
