"""Reading and writing the link stage's tables inside one transaction.

Candidate events are found through the `event_entity` inverted index and the event dates, and
candidate copies through the `lsh_band` table, so the work per article does not grow with the
store.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, union_all, update

from storyline.models import PublishedDate, TimeRef
from storyline.store.schema import (analysis, article, copy_link, entity, event, event_entity, event_term, fingerprint,
                                    link_queue, lsh_band, membership, mention, story, time_ref, undated_event)

INDEXED_TERMS = 15  # an event's heaviest terms in the term index
KEPT_ENTITIES = 200  # entity counts kept per event and story, the most mentioned
POSTINGS = 40  # newest events read per entity or term: bounds the work per article however big the store
# The statements run for every article placed, built once with their parameters bound at each call:
# building the SQL anew cost as much as running it.
_FEATURES = (select(article.c.text, article.c.title, analysis.c.terms)
             .select_from(article.join(analysis, analysis.c.article_id == article.c.id))
             .where(article.c.id == bindparam("b_id")))
_ENTITY_COUNTS = (select(mention.c.entity_id, func.count()).join(entity, entity.c.id == mention.c.entity_id)
                  .where(mention.c.article_id == bindparam("b_id"), entity.c.type != "NORP")
                  .group_by(mention.c.entity_id))
_EVENTS = select(event).where(event.c.id.in_(bindparam("b_ids", expanding=True))).order_by(event.c.id)
_STORY = select(story).where(story.c.id == bindparam("b_id"))
_INDEXED_ENTITIES = select(event_entity.c.entity_id).where(
    event_entity.c.event_id == bindparam("b_id"), event_entity.c.entity_id.in_(bindparam("b_keys", expanding=True)))
_INDEXED_TERMS = select(event_term.c.term).where(
    event_term.c.event_id == bindparam("b_id"), event_term.c.term.in_(bindparam("b_keys", expanding=True)))
_UNQUEUE = delete(link_queue).where(link_queue.c.article_id == bindparam("b_id"))
_SAME_TEXT = (select(fingerprint.c.article_id).where(fingerprint.c.text_hash == bindparam("b_hash"))
              .order_by(fingerprint.c.article_id).limit(bindparam("b_limit")))
_BANDED = (select(lsh_band.c.article_id).where(lsh_band.c.key.in_(bindparam("b_keys", expanding=True)))
           .group_by(lsh_band.c.article_id).order_by(func.count().desc(), lsh_band.c.article_id)
           .limit(bindparam("b_limit")))
_TO_DATE = select(undated_event.c.event_id).where(undated_event.c.event_id == bindparam("b_id"))
_TIMES = select(time_ref).where(time_ref.c.article_id == bindparam("b_id")).order_by(time_ref.c.start)


@dataclass
class Features:
    """What linking needs of one article."""

    id: str
    text: str
    title: str | None
    day: str | None  # ISO day: published, else a provisional date (last updated, an embedded post)
    terms: dict[str, int]
    entities: Counter[int]


def features(conn: Connection, article_id: str, day: str | None) -> Features:
    row = conn.execute(_FEATURES, {"b_id": article_id}).one()
    entities = Counter(dict(conn.execute(_ENTITY_COUNTS, {"b_id": article_id}).all()))
    return Features(article_id, row.text, row.title, day, dict(row.terms or {}), entities)




def candidate_events(conn: Connection, item: Features, terms: dict[str, float], window_days: int,
                     limit: int) -> list[dict[str, Any]]:
    """Events sharing the article's most mentioned entities or heaviest terms, within the time window
    when it is dated; at most `limit` of each kind."""
    shared: Counter[int] = Counter()
    top_entities = [e for e, _ in item.entities.most_common(8)]
    top_terms = [t for t, _ in sorted(terms.items(), key=lambda kv: -kv[1])[:INDEXED_TERMS]]
    high = _shift(item.day, window_days) if item.day else "9999"
    low = _shift(item.day, -window_days) if item.day else ""
    if top_entities or top_terms:
        keys = {f"e{i}": key for i, key in enumerate(top_entities)} | {f"t{i}": key for i, key in enumerate(top_terms)}
        shared.update(conn.execute(_postings(len(top_entities), len(top_terms)), {**keys, "low": low, "high": high})
                      .scalars())
    # Ties go to the newest event; rows come back in id order, so every engine ranks alike.
    best = [event_id for event_id, _ in sorted(shared.items(), key=lambda kv: (-kv[1], -kv[0]))[:limit]]
    if not best:
        return []
    rows = conn.execute(_EVENTS, {"b_ids": best}).mappings()
    return [dict(row) for row in rows]


@lru_cache(maxsize=None)
def _postings(entities: int, terms: int) -> Any:
    """Newest postings of each key within the window, one index range scan per key, in one statement
    built once per shape (building SQL per article cost more than running it)."""
    def newest(index: Any, column: Any, name: str) -> Any:
        return (select(index.c.event_id).where(column == bindparam(name), index.c.day <= bindparam("high"))
                .where(or_(index.c.day >= bindparam("low"), index.c.day == "")).order_by(index.c.day.desc(), index.c.event_id.desc())
                .limit(POSTINGS).subquery().select())

    return union_all(*(newest(event_entity, event_entity.c.entity_id, f"e{i}") for i in range(entities)),
                     *(newest(event_term, event_term.c.term, f"t{i}") for i in range(terms)))


def _shift(day: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def new_story(conn: Connection, title: str, day: str | None, entities: Counter[int]) -> int:
    return int(conn.execute(insert(story).values(title=title, first=day, last=day,
                                                 entities={str(k): v for k, v in entities.items()}, size=1))
               .inserted_primary_key[0])


def new_event(conn: Connection, story_id: int, title: str, day: str | None, centroid: dict[str, float],
              entities: Counter[int]) -> int:
    event_id = int(conn.execute(insert(event).values(
        story_id=story_id, title=title, date=day, last=day, centroid=centroid,
        entities={str(k): v for k, v in entities.items()}, size=1)).inserted_primary_key[0])
    _index_entities(conn, event_id, entities, day)
    _index_terms(conn, event_id, centroid, day)
    return event_id


def grow_event(conn: Connection, row: dict[str, Any], day: str | None, centroid: dict[str, float],
               entities: Counter[int]) -> None:
    """Add a member to an event: entity counts, date range, the new centroid and its index entries."""
    grow(conn, event, row, day, centroid, entities)


def grow(conn: Connection, table: Any, row: dict[str, Any], day: str | None, centroid: dict[str, float] | None,
         entities: Counter[int]) -> None:
    """Add a member to an event or story: entity counts, date range and (events) the new centroid."""
    counts = Counter(dict((Counter({int(k): v for k, v in row["entities"].items()}) + entities)
                          .most_common(KEPT_ENTITIES)))
    first_column = "date" if table is event else "first"
    days = [d for d in (row[first_column], row["last"], day) if d]
    values = {"entities": {str(k): v for k, v in counts.items()}, "size": row["size"] + 1,
              first_column: min(days) if days else None, "last": max(days) if days else None}
    if centroid is not None:
        values["centroid"] = centroid
    conn.execute(_grow(table), {"b_id": row["id"], **values})
    if table is event and centroid is not None:
        _index_entities(conn, row["id"], entities, min(days) if days else None)
        _index_terms(conn, row["id"], centroid, min(days) if days else None)


@lru_cache(maxsize=None)
def _grow(table: Any) -> Any:
    """The update of one event or story row: its columns come from the parameters given."""
    return update(table).where(table.c.id == bindparam("b_id"))


def join_story(conn: Connection, story_id: int, day: str | None, entities: Counter[int]) -> None:
    row = conn.execute(_STORY, {"b_id": story_id}).mappings().one()
    grow(conn, story, dict(row), day, None, entities)


def _index_entities(conn: Connection, event_id: int, entities: Counter[int], day: str | None) -> None:
    known = set(conn.execute(_INDEXED_ENTITIES, {"b_id": event_id, "b_keys": list(entities)}).scalars())
    fresh = [{"entity_id": e, "event_id": event_id, "day": day or ""} for e in entities if e not in known]
    if fresh:
        conn.execute(insert(event_entity), fresh)


def _index_terms(conn: Connection, event_id: int, centroid: dict[str, float], day: str | None) -> None:
    top = [t for t, _ in sorted(centroid.items(), key=lambda kv: -kv[1])[:INDEXED_TERMS]]
    known = set(conn.execute(_INDEXED_TERMS, {"b_id": event_id, "b_keys": top}).scalars())
    fresh = [{"term": t, "event_id": event_id, "day": day or ""} for t in top if t not in known]
    if fresh:
        conn.execute(insert(event_term), fresh)


def join_event(conn: Connection, article_id: str, event_id: int, score: float) -> None:
    conn.execute(insert(membership), {"article_id": article_id, "event_id": event_id, "score": round(score, 4)})
    conn.execute(_UNQUEUE, {"b_id": article_id})


def copy_candidates(conn: Connection, text_hash: str, keys: list[str], limit: int) -> list[str]:
    """Articles most likely to share text: the same text first, then the most LSH bands in common."""
    same = list(conn.execute(_SAME_TEXT, {"b_hash": text_hash, "b_limit": limit}).scalars())
    banded = conn.execute(_BANDED, {"b_keys": keys, "b_limit": limit}).scalars()
    return list(dict.fromkeys([*same, *banded]))[:limit]


def remember_fingerprint(conn: Connection, article_id: str, text_hash: str, keys: list[str]) -> None:
    conn.execute(insert(fingerprint), {"article_id": article_id, "text_hash": text_hash})
    conn.execute(insert(lsh_band), [{"key": k, "article_id": article_id} for k in keys])


def save_copies(conn: Connection, found: list[Any]) -> None:
    """Store copy links, replacing any earlier link between the same two articles (either way round)."""
    if not found:
        return
    pairs = [pair for link in found for pair in ((link.original, link.copy), (link.copy, link.original))]
    conn.execute(delete(copy_link).where(or_(*(and_(copy_link.c.original == a, copy_link.c.copy == b) for a, b in pairs))))
    conn.execute(insert(copy_link), [{"original": link.original, "copy": link.copy, "kind": link.kind, "share": link.share,
                                      "pairs": [list(p) for p in link.pairs], "older_known": link.older_known}
                                     for link in found])


def texts(conn: Connection, article_ids: list[str]) -> list[tuple[str, str, str | None]]:
    """(id, cleaned text, ISO day published) of these articles."""
    if not article_ids:
        return []
    rows = conn.execute(select(article.c.id, article.c.text, article.c.published).where(article.c.id.in_(article_ids)))
    return [(r.id, r.text, r.published[:10] if r.published else None) for r in rows]


def times(conn: Connection, article_id: str) -> tuple[TimeRef, ...]:
    """An article's time expressions in text order."""
    rows = conn.execute(_TIMES, {"b_id": article_id}).mappings()
    return tuple(TimeRef(r["start"], r["end"], r["text"], r["kind"], r["value"], r["precision"], r["relative"],
                         r["anchor"], bool(r["upcoming"])) for r in rows)


def event_members(conn: Connection, event_id: int, limit: int | None = None) -> list[dict[str, Any]]:
    """Members' ids, dates (published, last updated) and embedded posts (the newest `limit` of them when given)."""
    return [dict(r) for r in conn.execute(_members(limit), {"b_id": event_id}).mappings()]


@lru_cache(maxsize=None)
def _members(limit: int | None) -> Any:
    query = (select(article.c.id, article.c.published, article.c.published_inferred, article.c.updated, article.c.embeds)
             .join(membership, membership.c.article_id == article.c.id).where(membership.c.event_id == bindparam("b_id"))
             .order_by(article.c.published.desc(), article.c.id))
    return query.limit(limit) if limit else query


def set_inferred_date(conn: Connection, article_id: str, published: PublishedDate) -> None:
    conn.execute(update(article).where(article.c.id == article_id).values(
        published=published.value, published_precision=published.precision, published_inferred=True,
        published_evidence=published.evidence))


def refresh_event_dates(conn: Connection, event_id: int) -> None:
    days = [d[:10] for d in conn.execute(select(article.c.published).join(membership, membership.c.article_id == article.c.id)
                                         .where(membership.c.event_id == event_id)).scalars() if d]
    conn.execute(update(event).where(event.c.id == event_id).values(date=min(days) if days else None,
                                                                     last=max(days) if days else None))


def update_times(conn: Connection, article_id: str, rows: list[tuple[int, str | None, str | None, str | None, bool]]) -> None:
    """Store re-resolved time expressions: (start, value, precision, anchor, upcoming)."""
    for start, value, precision, anchor, upcoming in rows:
        conn.execute(update(time_ref).where(time_ref.c.article_id == article_id, time_ref.c.start == start)
                     .values(value=value, precision=precision, anchor=anchor, upcoming=upcoming))


def to_date(conn: Connection, event_id: int) -> None:
    """Remember, in the placement's transaction, that this event's undated members are to be dated."""
    if conn.execute(_TO_DATE, {"b_id": event_id}).first() is None:
        conn.execute(insert(undated_event), {"event_id": event_id})


def events_to_date(conn: Connection) -> list[int]:
    return list(conn.execute(select(undated_event.c.event_id).order_by(undated_event.c.event_id)).scalars())


def dated(conn: Connection, event_id: int) -> None:
    conn.execute(delete(undated_event).where(undated_event.c.event_id == event_id))
