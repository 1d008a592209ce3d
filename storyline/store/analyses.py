"""Writing and reading analyses; entities made canonical across the whole store.

An entity's key is its folded canonical name: spelling variants and capitals standing for their
country come from the variant table, and a person's middle initials are dropped. A bare surname
joins the one person in the store with that surname; when a full name arrives for a surname
seen alone before, the two merge, so the result does not depend on the order of articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, update

from storyline.lexicon import fold, lexicon
from storyline.models import Analysis, Claim, Mention, Quote, TimeRef
from storyline.store.chunks import chunks
from storyline.store.schema import analysis, claim, entity, link_queue, membership, mention, problem, quote, time_ref

_PLACE_LABELS = ("GPE", "LOC", "FAC")
# Statements built once, with their parameters bound at each call: building SQL per entity and per
# row cost more than running it (half of saving a batch of analyses).
_BY_KEY = select(entity).where(entity.c.key == bindparam("b_key"))
_BY_SURNAME = select(entity.c.key).where(entity.c.surname == bindparam("b_surname"), entity.c.type == "PERSON")
_WRITE_BACK = update(entity).where(entity.c.id == bindparam("b_id"))


def entity_key(name: str, label: str) -> str:
    words = lexicon()
    folded = fold(name)
    canonical = words.aliases.get(folded) or (words.metonyms.get(folded) if label in _PLACE_LABELS else None)
    key = fold(canonical) if canonical else folded
    if label == "PERSON":
        key = " ".join(w for w in key.split() if len(w) > 1) or key
    return key


class EntityIndex:
    """The entities one batch touches, loaded on demand and written back once."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._rows: dict[str, dict[str, Any]] = {}
        self._touched: set[str] = set()
        self._merged: dict[int, int] = {}  # absorbed entity id -> the entity that took it over

    def current(self, entity_id: int) -> int:
        """The id an entity has now: a lone surname resolved earlier in the same article may since
        have merged into a full name, and its old row is gone."""
        while entity_id in self._merged:
            entity_id = self._merged[entity_id]
        return entity_id

    def _load(self, key: str) -> dict[str, Any] | None:
        if key not in self._rows:
            row = self._conn.execute(_BY_KEY, {"b_key": key}).mappings().first()
            if row is None:
                return None
            self._rows[key] = {**row, "aliases": set(row["aliases"]), "type_votes": Counter(row["type_votes"]),
                               "name_votes": Counter(row["name_votes"])}
        return self._rows[key]

    def _people_with_surname(self, surname: str) -> list[str]:
        like = self._conn.execute(_BY_SURNAME, {"b_surname": surname}).scalars().all()
        fresh = [k for k, r in self._rows.items() if r["type"] == "PERSON" and k.endswith(" " + surname)]
        return sorted(set(like) | set(fresh))

    def resolve(self, item: Mention) -> int:
        key = entity_key(item.name, item.label)
        if item.label == "PERSON" and " " not in key:
            full = self._people_with_surname(key)
            if len(full) == 1:
                key = full[0]
        row = self._load(key) or self._create(key, item)
        if item.label == "PERSON" and " " in key:
            self._absorb_surname(key, row)
        row["aliases"].add(item.text)
        if item.role:
            row["aliases"].add(f"{item.role} {item.text}")  # as written: "Secretary of State Antony Blinken"
        row["type_votes"][item.label] += 1
        row["name_votes"][item.name] += 1
        row["mentions"] += 1
        self._touched.add(key)
        return int(row["id"])

    def find(self, name: str, label: str = "PERSON") -> int | None:
        """The entity a name already belongs to, without creating one."""
        key = entity_key(name, label)
        row = self._load(key)
        if row is None and label == "PERSON" and " " not in key:
            full = self._people_with_surname(key)
            row = self._load(full[0]) if len(full) == 1 else None
        return int(row["id"]) if row else None

    def _create(self, key: str, item: Mention) -> dict[str, Any]:
        new_id = self._conn.execute(insert(entity), dict(
            key=key, name=item.name, type=item.label, aliases=[], type_votes={}, name_votes={}, mentions=0,
            surname=key.split()[-1] if item.label == "PERSON" and " " in key else None,
        )).inserted_primary_key[0]
        self._rows[key] = {"id": new_id, "key": key, "name": item.name, "type": item.label, "aliases": set(),
                           "type_votes": Counter(), "name_votes": Counter(), "mentions": 0}
        return self._rows[key]

    def _absorb_surname(self, key: str, row: dict[str, Any]) -> None:
        """A person first seen by surname alone joins their full name once it is known (and unique)."""
        surname = key.split()[-1]
        alone = self._load(surname)
        if alone is None or alone["type"] != "PERSON" or len(self._people_with_surname(surname)) != 1:
            return
        self._conn.execute(update(mention).where(mention.c.entity_id == alone["id"]).values(entity_id=row["id"]))
        self._conn.execute(update(quote).where(quote.c.speaker_entity_id == alone["id"]).values(speaker_entity_id=row["id"]))
        self._conn.execute(delete(entity).where(entity.c.id == alone["id"]))
        self._merged[int(alone["id"])] = int(row["id"])
        row["aliases"] |= alone["aliases"]
        row["type_votes"] += alone["type_votes"]
        row["name_votes"] += alone["name_votes"]
        row["mentions"] += alone["mentions"]
        del self._rows[surname]
        self._touched.discard(surname)
        self._touched.add(key)

    def flush(self) -> None:
        """Write the touched entities back. Their mention counts are counted from the mention rows in
        this same transaction, never carried forward, so they cannot drift from the rows they count."""
        known = lexicon().known_types
        ids = [self._rows[key]["id"] for key in self._touched]
        counted = mention_counts(self._conn, ids)
        changes = []
        for key in self._touched:
            row = self._rows[key]
            kind = known.get(key) or row["type_votes"].most_common(1)[0][0]
            row["mentions"] = counted.get(row["id"], 0)
            changes.append(dict(b_id=row["id"], name=_display_name(key, row, kind), type=kind,
                                aliases=sorted(row["aliases"]), type_votes=dict(row["type_votes"]),
                                name_votes=dict(row["name_votes"]), mentions=row["mentions"]))
        if changes:
            self._conn.execute(_WRITE_BACK, changes)
        self._touched.clear()


def mention_counts(conn: Connection, ids: Sequence[int]) -> dict[int, int]:
    """Entity id -> how many mention rows point at it."""
    found: dict[int, int] = {}
    for chunk in chunks(list(ids)):
        found.update(conn.execute(select(mention.c.entity_id, func.count()).where(
            mention.c.entity_id.in_(chunk)).group_by(mention.c.entity_id)).all())
    return found


@lru_cache(maxsize=1)
def _canonical_names() -> dict[str, str]:
    """Folded name -> the canonical spelling the variant tables give it (the first that folds so)."""
    words = lexicon()
    names: dict[str, str] = {}
    for value in [*words.aliases.values(), *words.metonyms.values()]:
        names.setdefault(fold(value), value)
    return names


def _display_name(key: str, row: dict[str, Any], kind: str) -> str:
    canonical = _canonical_names().get(key)
    if canonical:
        return canonical
    names = row["name_votes"]
    if kind == "PERSON":
        full = [n for n in names if len(n.split()) > 1]
        if full:
            return max(full, key=lambda n: (names[n], -sum(len(w) <= 2 for w in n.split())))
    # As usually written: not all in lower case ("kyiv"), nor in capitals where a dateline shouts ("WASHINGTON").
    written = ([n for n in names if not n.islower() and not n.isupper()] or [n for n in names if not n.islower()]
               or list(names))
    return max(written, key=lambda n: names[n])


def save_analyses(conn: Connection, analyses: Sequence[Analysis]) -> None:
    """Replace the analysis rows of these articles, in the caller's transaction.

    Articles already placed in an event keep their place (linking is incremental and never moves
    an article); `link --redo` re-places everything from the new analyses.
    """
    ids = [a.article_id for a in analyses]
    for table in (mention, quote, time_ref, claim, analysis, link_queue):
        conn.execute(delete(table).where(table.c.article_id.in_(ids)))
    conn.execute(delete(problem).where(problem.c.stage == "analyse", problem.c.article_id.in_(ids)))
    placed = set(conn.execute(select(membership.c.article_id).where(membership.c.article_id.in_(ids))).scalars())
    queued = [{"article_id": a.article_id} for a in analyses if not a.note and a.article_id not in placed]
    if queued:
        conn.execute(insert(link_queue), queued)
    index = EntityIndex(conn)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if analyses:
        conn.execute(insert(analysis), [dict(article_id=item.article_id, status="skipped" if item.note else "done",
                                             language=item.language, note=item.note, analysed_at=now,
                                             terms=dict(item.terms)) for item in analyses])
    rows: dict[Table, list[dict[str, Any]]] = {mention: [], quote: [], time_ref: [], claim: []}
    for item in analyses:  # rows gathered in order and each table written once: four executes a batch, not an article
        resolved = [index.resolve(m) for m in item.mentions]
        rows[mention] += [{"article_id": item.article_id, "entity_id": entity_id, "start": m.start,
                           "end": m.end, "text": m.text, "label": m.label, "role": m.role}
                          for m, entity_id in zip(item.mentions, resolved)]
        people = {m.name for m in item.mentions if m.label == "PERSON"}
        named = {m.name: m.label for m in item.mentions}
        rows[quote] += [{
            "article_id": item.article_id, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
            "speaker": q.speaker,
            "speaker_entity_id": index.find(q.speaker, "PERSON" if q.speaker in people else named[q.speaker])
            if q.speaker in named else None,
            "speaker_text": q.speaker_text, "speaker_start": q.speaker_start, "cue": q.cue, "cue_start": q.cue_start,
        } for q in item.quotes]
        rows[time_ref] += [{"article_id": item.article_id, **vars(t)} for t in item.times]
        rows[claim] += [{"article_id": item.article_id, "start": c.start, "end": c.end, "text": c.text,
                         "value": c.value, "unit": c.unit, "qualifier": c.qualifier, "about": c.about, "value_to": c.to}
                        for c in item.claims]
    # Entity ids are read as they are now, when written: a lone surname resolved earlier in the batch
    # may since have merged into a full name, and its old row is gone.
    for row in rows[mention]:
        row["entity_id"] = index.current(row["entity_id"])
    for row in rows[quote]:
        if row["speaker_entity_id"] is not None:
            row["speaker_entity_id"] = index.current(row["speaker_entity_id"])
    for table, found in rows.items():
        if found:
            conn.execute(insert(table), found)
    index.flush()


def forget_analyses(conn: Connection, ids: Sequence[str]) -> None:
    """Drop these articles' analyses (their text changed, so every offset is stale) and their share of
    the entities' mention counts; the next analyse redoes them. Their place in a story stays."""
    if not ids:
        return
    touched = set(conn.execute(select(mention.c.entity_id).where(mention.c.article_id.in_(ids))).scalars())
    for table in (mention, quote, time_ref, claim, analysis, link_queue):
        conn.execute(delete(table).where(table.c.article_id.in_(ids)))
    counted = mention_counts(conn, sorted(touched))
    for entity_id in touched:
        conn.execute(update(entity).where(entity.c.id == entity_id).values(mentions=counted.get(entity_id, 0)))


def load_analyses(conn: Connection, article_ids: Sequence[str]) -> dict[str, Analysis]:
    """The analyses of these articles (those analysed), with names as the store knows them ("Putin"
    -> "Vladimir Putin"). A handful of queries per few hundred articles: a story's members, or a
    whole export, are read together rather than six queries an article."""
    found: dict[str, Analysis] = {}
    for chunk in chunks(article_ids):
        found |= _load_chunk(conn, chunk)
    return found


def _load_chunk(conn: Connection, ids: list[str]) -> dict[str, Analysis]:
    heads = {r.article_id: r for r in conn.execute(select(analysis).where(analysis.c.article_id.in_(ids)))}
    if not heads:
        return {}
    names = select(entity.c.id, entity.c.name, entity.c.type)
    entities = {row.id: row for row in conn.execute(
        names.where(entity.c.id.in_(select(mention.c.entity_id).where(mention.c.article_id.in_(ids)))
                    | entity.c.id.in_(select(quote.c.speaker_entity_id).where(quote.c.article_id.in_(ids)))))}

    def rows(table: Any) -> dict[str, list[Any]]:
        grouped: dict[str, list[Any]] = {}
        for r in conn.execute(select(table).where(table.c.article_id.in_(ids))
                              .order_by(table.c.article_id, table.c.start, table.c.id)):
            grouped.setdefault(r.article_id, []).append(r)
        return grouped

    mentions, quotes, times, claims = rows(mention), rows(quote), rows(time_ref), rows(claim)
    return {article_id: Analysis(
        article_id, head.language,
        tuple(Mention(r.start, r.end, r.text, entities[r.entity_id].type, entities[r.entity_id].name, r.role)
              for r in mentions.get(article_id, ())),
        tuple(Quote(r.start, r.end, r.text, r.kind,
                    entities[r.speaker_entity_id].name if r.speaker_entity_id in entities else r.speaker,
                    r.speaker_text, r.speaker_start, r.cue, r.cue_start) for r in quotes.get(article_id, ())),
        tuple(TimeRef(r.start, r.end, r.text, r.kind, r.value, r.precision, r.relative, r.anchor, bool(r.upcoming))
              for r in times.get(article_id, ())),
        tuple(Claim(r.start, r.end, r.text, r.value, r.unit, r.qualifier, r.about, r.value_to)
              for r in claims.get(article_id, ())),
        head.note, tuple(sorted((head.terms or {}).items())),
    ) for article_id, head in heads.items()}
