"""The store: every stage reads and writes articles here, one transaction per batch."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, insert, make_url, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from storyline.errors import NotFoundError, StoreError
from storyline.models import (LEDE_TITLE, STAGES, Analysis, Article, CopyLink, Duplicate, Embed, Entity, Event, Problem,
                              PublishedDate, RemovedLine, SearchHit, Story, StorySummary)
from storyline.store import explanations, search
from storyline.store.analyses import load_analyses, save_analyses
from storyline.store.chunks import chunks
from storyline.store.lock import WriterLock
from storyline.store.schema import (ANALYSIS_TABLES, LINK_TABLES, MIGRATIONS, SCHEMA_VERSION, analysis, article,
                                    copy_link, entity, feed, feed_item, link_queue, membership, mention, meta, metadata,
                                    problem, source, story)
from storyline.store.schema import event as event_table


WRITER_WAIT = 10.0  # seconds a second writer waits for the first before it gives up

# Work done on a batch of new articles inside the transaction that stores them (learnt boilerplate):
# returns the articles as they are to be stored, and the ones refused, each with its reason.
Learner = Callable[[Connection, list[Article]], tuple[list[Article], list[Problem]]]


def database_url(db: str | Path) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as SQLite).

    `postgresql://` (and libpq's `postgres://`) mean the psycopg 3 driver, the one Storyline ships
    with its `postgresql` extra; SQLAlchemy alone would look for psycopg2.
    """
    text = str(db)
    if "://" not in text:
        return f"sqlite:///{text}"
    scheme, rest = text.split("://", 1)
    return f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else text


class Store:
    """Articles and their sources in one SQL database."""

    def __init__(self, db: str | Path) -> None:
        self.url = database_url(db)
        self.name = _display(db)  # how messages name the store: never with its password
        if self.url.startswith("sqlite:///") and not self.url.endswith(":memory:"):
            folder = Path(self.url.removeprefix("sqlite:///")).parent
            if not folder.is_dir():
                raise StoreError(f"{self.name}: cannot create the database, folder {folder} does not exist")
        try:
            self.engine: Engine = create_engine(self.url)
        except ImportError as exc:
            hint = "pip install 'storyline[postgresql]'" if self.url.startswith("postgresql") else str(exc)
            raise StoreError(f"{self.name}: this install has no driver for this database ({hint})") from None
        except ArgumentError as exc:
            raise StoreError(f"{self.name}: not a database URL this install can open ({exc})") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self._migrate()
        except (DatabaseError, OperationalError) as exc:
            raise StoreError(f"{self.name}: cannot open as a Storyline database ({_first_line(exc)})") from None
        self.writer = WriterLock(self.engine, self.name, WRITER_WAIT)

    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            if not self.engine.dialect.has_table(conn, meta.name):
                metadata.create_all(conn)
                search.create(conn)
                conn.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
                return
            version = int(conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar_one())
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.name}: made by a newer Storyline (schema {version}, this one knows "
                                 f"{SCHEMA_VERSION}); upgrade Storyline")
            for step in MIGRATIONS[version - 1:]:
                step(conn)
            conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION)))

    def own_files(self) -> frozenset[Path]:
        """The files of an SQLite store, so that ingesting the folder it sits in skips them."""
        if self.engine.dialect.name != "sqlite" or not self.engine.url.database or self.engine.url.database == ":memory:":
            return frozenset()
        main = Path(self.engine.url.database).resolve()
        return frozenset({main, main.with_name(main.name + "-wal"), main.with_name(main.name + "-shm"),
                          main.with_name(main.name + "-journal"), main.with_name(main.name + ".lock")})

    @property
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar_one())

    def add_articles(self, articles: Sequence[Article], learn: Learner | None = None
                     ) -> tuple[list[Article], list[Duplicate], list[Problem]]:
        """Store a batch in one transaction; articles whose content is already stored come back as
        duplicates. `learn` sees the new ones first and may change or refuse them."""
        with self.engine.begin() as conn:
            return self._add_articles(conn, articles, learn)

    def _add_articles(self, conn: Connection, articles: Sequence[Article], learn: Learner | None = None
                      ) -> tuple[list[Article], list[Duplicate], list[Problem]]:
        added: list[Article] = []
        duplicates: list[Duplicate] = []
        refused: list[Problem] = []
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        hashes = list({a.content_hash for a in articles})
        known = dict(conn.execute(select(article.c.content_hash, article.c.id)
                                  .where(article.c.content_hash.in_(hashes))).all()) if hashes else {}
        for item in articles:
            if item.content_hash in known:
                duplicates.append(Duplicate(item.origin, known[item.content_hash]))
            else:
                known[item.content_hash] = item.id
                added.append(replace(item, ingested_at=now))
        if added and learn:
            kept, refused = learn(conn, added)
            gone = {a.id: p for a in added for p in refused if p.origin == a.origin}
            # A copy of a refused article in the same batch is refused with it, not a duplicate of nothing.
            refused += [Problem(gone[d.existing_id].stage, d.origin, gone[d.existing_id].cause)
                        for d in duplicates if d.existing_id in gone]
            duplicates = [d for d in duplicates if d.existing_id not in gone]
            added = kept
        if added:
            source_ids = self._source_ids(conn, added)
            conn.execute(insert(article), [_to_row(a, source_ids.get(_source_key(a))) for a in added])
            search.index(conn, added)
        return added, duplicates, refused

    def _source_ids(self, conn: Connection, articles: Sequence[Article]) -> dict[str, int]:
        wanted = {key: a for a in articles if (key := _source_key(a))}
        if not wanted:
            return {}
        ids = dict(conn.execute(select(source.c.key, source.c.id).where(source.c.key.in_(list(wanted)))).all())
        missing = [{"key": k, "name": a.source, "domain": a.domain} for k, a in wanted.items() if k not in ids]
        if missing:
            conn.execute(insert(source), missing)
            ids.update(conn.execute(select(source.c.key, source.c.id).where(source.c.key.in_(list(wanted)))).all())
        return ids

    def articles(self) -> list[Article]:
        """All articles, oldest first; undated ones last."""
        query = _article_query().order_by(article.c.published.is_(None), article.c.published, article.c.id)
        with self.engine.connect() as conn:
            return [_from_row(row) for row in conn.execute(query)]

    def article(self, ref: str) -> Article:
        """One article by id or by a unique prefix of its id."""
        ref = ref.strip().lower()
        if not ref:
            raise NotFoundError("no article id given")
        with self.engine.connect() as conn:
            rows = conn.execute(_article_query().where(article.c.id.startswith(ref, autoescape=True)).limit(2)).all()
        if not rows:
            raise NotFoundError(f"no article with id {ref!r}")
        if len(rows) > 1:
            raise NotFoundError(f"{ref!r} matches several articles; give more of the id")
        return _from_row(rows[0])

    def unanalysed_ids(self) -> list[str]:
        """Ids of articles with no analysis yet, oldest first (undated last)."""
        query = (select(article.c.id).where(article.c.id.not_in(select(analysis.c.article_id)))
                 .order_by(article.c.published.is_(None), article.c.published, article.c.id))
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def iter_articles(self, ids: Sequence[str], page: int = 500) -> Iterator[Article]:
        """Articles by id, in the order given, read a page at a time so memory stays flat."""
        for offset in range(0, len(ids), page):
            chunk = ids[offset: offset + page]
            with self.engine.connect() as conn:
                found = {row.id: _from_row(row) for row in conn.execute(_article_query().where(article.c.id.in_(chunk)))}
            yield from (found[i] for i in chunk if i in found)

    def save_analyses(self, analyses: Sequence[Analysis]) -> None:
        """Store a batch of analyses in one transaction (replacing earlier ones of the same articles)."""
        with self.engine.begin() as conn:
            save_analyses(conn, analyses)

    def analysis(self, article_id: str) -> Analysis | None:
        return self.analyses([article_id]).get(article_id)

    def analyses(self, article_ids: Sequence[str]) -> dict[str, Analysis]:
        """The analyses of these articles, by id; articles not analysed are missing."""
        with self.engine.connect() as conn:
            return load_analyses(conn, article_ids)

    def clear_analyses(self) -> None:
        """Forget every analysis and entity, for a full re-analysis."""
        with self.engine.begin() as conn:
            for table in reversed(ANALYSIS_TABLES):
                conn.execute(table.delete())

    def entities(self) -> list[Entity]:
        """Canonical entities, most mentioned first."""
        query = select(entity.c.id, entity.c.name, entity.c.key, entity.c.type, entity.c.aliases, entity.c.mentions,
                       entity.c.type_votes)
        with self.engine.connect() as conn:
            return [Entity(r.id, r.name, r.key, r.type, tuple(r.aliases), r.mentions, dict(r.type_votes))
                    for r in conn.execute(query.order_by(entity.c.mentions.desc(), entity.c.name))]

    def unlinked(self) -> list[tuple[str, str | None]]:
        """Analysed articles not placed yet, with the day used to order them: published, else when
        the page says it was last updated (news is updated within days of its publication), else the
        date of an embedded post; by that day, undated last, then by id, so input order never matters."""
        # Placed articles leave the queue. An IN lookup makes the queue drive the query; a join let
        # SQLite scan every article instead.
        query = select(article.c.id, article.c.published, article.c.updated, article.c.embeds).where(
            article.c.id.in_(select(link_queue.c.article_id)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        dated = []
        for row in rows:
            embeds = [e["date"][:10] for e in row.embeds if e.get("date")]
            day = row.published or row.updated or (max(embeds) if embeds else None)
            dated.append((row.id, day[:10] if day else None))
        return sorted(dated, key=lambda item: (item[1] is None, item[1] or "", item[0]))

    def origin(self, article_id: str) -> str:
        """How messages name an article: the path or URL it came from."""
        with self.engine.connect() as conn:
            row = conn.execute(select(article.c.path, article.c.url).where(article.c.id == article_id)).first()
        return (row.path or row.url or article_id) if row else article_id

    def unqueue(self, article_id: str) -> None:
        """Take an article off the link queue (linking it failed; `requeue_failed` puts it back)."""
        with self.engine.begin() as conn:
            conn.execute(link_queue.delete().where(link_queue.c.article_id == article_id))

    def requeue_failed(self) -> None:
        """Queue again the analysed, unplaced articles that linking failed on, for a new try."""
        with self.engine.begin() as conn:
            failed = set(conn.execute(select(problem.c.article_id).where(
                problem.c.stage == "link", problem.c.article_id.is_not(None))).scalars())
            if not failed:
                return
            ready = set(conn.execute(select(analysis.c.article_id).where(
                analysis.c.article_id.in_(failed), analysis.c.status == "done")).scalars())
            ready -= set(conn.execute(select(membership.c.article_id).where(membership.c.article_id.in_(ready))).scalars())
            ready -= set(conn.execute(select(link_queue.c.article_id).where(link_queue.c.article_id.in_(ready))).scalars())
            if ready:
                conn.execute(insert(link_queue), [{"article_id": a} for a in sorted(ready)])

    def clear_links(self) -> None:
        """Forget stories, events, copies and inferred dates, for a full re-link."""
        with self.engine.begin() as conn:
            for table in reversed(LINK_TABLES):
                conn.execute(table.delete())
            conn.execute(link_queue.insert().from_select(
                ["article_id"], select(analysis.c.article_id).where(analysis.c.status == "done")))
            conn.execute(article.update().where(article.c.published_inferred.is_(True)).values(
                published=None, published_precision=None, published_inferred=False, published_evidence=None))

    def stories(self) -> list[StorySummary]:
        """Stories, biggest first: id, title, date range, events, articles, outlets."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(story).order_by(story.c.size.desc(), story.c.id)).mappings().all()
            return [self._story_summary(conn, dict(row)) for row in rows]

    def story(self, story_id: int) -> Story:
        """One story with its events (oldest first) and each event's member articles."""
        with self.engine.connect() as conn:
            row = conn.execute(select(story).where(story.c.id == story_id)).mappings().first()
            if row is None:
                raise NotFoundError(f"no story with id {story_id}")
            summary = self._story_summary(conn, dict(row))
            rows = conn.execute(select(event_table).where(event_table.c.story_id == story_id)
                                .order_by(event_table.c.date.is_(None), event_table.c.date, event_table.c.id)).mappings().all()
            events = []
            for item in rows:
                members = conn.execute(_article_query().join(membership, membership.c.article_id == article.c.id)
                                       .where(membership.c.event_id == item["id"])
                                       .order_by(article.c.published.is_(None), article.c.published, article.c.id)).all()
                events.append(Event(item["id"], item["date"], item["last"], item["title"],
                                    tuple(_from_row(m) for m in members)))
            return Story(summary.id, summary.title, summary.first, summary.last, summary.articles, summary.outlets,
                         summary.entities, tuple(events))

    def explanation_key(self, story_id: int, code: str) -> str | None:
        """What a story's explanation is made from, digested with `code` (the explain code's digest)."""
        with self.engine.connect() as conn:
            return explanations.key(conn, story_id, code)

    def kept_explanation(self, story_id: int, key: str) -> dict[str, Any] | None:
        """The story's last exported explanation, if it was made under `key`."""
        with self.engine.connect() as conn:
            return explanations.kept(conn, story_id, key)

    def keep_explanations(self, made: Sequence[tuple[int, str, dict[str, Any]]], stories: Sequence[int]) -> None:
        """Keep these (story id, key, document) explanations and forget those of stories not in `stories`."""
        with self.engine.begin() as conn:
            for story_id, key, document in made:
                explanations.keep(conn, story_id, key, document)
            explanations.forget_others(conn, list(stories))

    def story_of(self, article_id: str) -> StorySummary | None:
        """The story a linked article is in; None before it is linked."""
        query = select(story).join(event_table, event_table.c.story_id == story.c.id).join(
            membership, membership.c.event_id == event_table.c.id).where(membership.c.article_id == article_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
            return self._story_summary(conn, dict(row)) if row else None

    def _story_summary(self, conn: Connection, row: dict[str, Any]) -> StorySummary:
        events = conn.execute(select(event_table.c.id).where(event_table.c.story_id == row["id"])).scalars().all()
        members = conn.execute(select(article.c.id, source.c.name).select_from(
            article.join(membership, membership.c.article_id == article.c.id).outerjoin(source, source.c.id == article.c.source_id))
            .where(membership.c.event_id.in_(events))).all()
        weights = {int(k): v for k, v in row["entities"].items()}
        top = sorted(weights.items(), key=lambda kv: -kv[1])[:6]
        names = dict(conn.execute(select(entity.c.id, entity.c.name).where(entity.c.id.in_([k for k, _ in top]))).all())
        dates = conn.execute(select(func.min(event_table.c.date), func.max(event_table.c.last)).where(event_table.c.story_id == row["id"])).one()
        main = [names[k] for k, _ in top if k in names]
        return StorySummary(row["id"], _headline(conn, row["id"], weights) or ", ".join(main[:3]) or row["title"],
                            dates[0], dates[1], len(events), len(members), tuple(sorted({m.name for m in members if m.name})),
                            tuple(main))

    def copies(self, among: list[str] | None = None, of: str | None = None) -> list[CopyLink]:
        """Copy links, oldest original first; only those between `among` articles, or those `of` one
        article (as original or copy), when given."""
        query = select(copy_link).order_by(copy_link.c.original, copy_link.c.copy)
        if of is not None:
            query = query.where((copy_link.c.original == of) | (copy_link.c.copy == of))
        with self.engine.connect() as conn:
            if among is None:
                rows = list(conn.execute(query))
            else:  # a few hundred originals a query, the copies kept here: one IN list on each side of
                # 10,000 members took SQLite 15 times as long as reading every link, and a bigger story
                # would pass its limit on bound parameters
                kept = set(among)
                rows = [r for chunk in chunks(sorted(kept))
                        for r in conn.execute(query.where(copy_link.c.original.in_(chunk))) if r.copy in kept]
            return [CopyLink(r.original, r.copy, r.kind, r.share, tuple(tuple(p) for p in r.pairs), r.older_known)
                    for r in rows]

    def placements(self) -> dict[str, tuple[int, int]]:
        """Each linked article's story and event ids."""
        query = select(membership.c.article_id, event_table.c.story_id, membership.c.event_id).join(
            event_table, event_table.c.id == membership.c.event_id)
        with self.engine.connect() as conn:
            return {row.article_id: (row.story_id, row.event_id) for row in conn.execute(query)}

    def feed_state(self, url: str) -> dict[str, Any] | None:
        """What a watched feed last answered: etag, last_modified, checked_at, failures, error."""
        with self.engine.connect() as conn:
            row = conn.execute(select(feed).where(feed.c.url == url)).mappings().first()
            return dict(row) if row else None

    def seen_items(self, url: str, keys: Sequence[str]) -> set[str]:
        """Which of a feed's item keys were taken on an earlier poll."""
        with self.engine.connect() as conn:
            return {key for chunk in chunks(keys) for key in conn.execute(
                select(feed_item.c.key).where(feed_item.c.feed == url, feed_item.c.key.in_(chunk))).scalars()}

    def record_poll(self, url: str, articles: Sequence[Article] = (), keys: Sequence[str] = (),
                    etag: str | None = None, last_modified: str | None = None,
                    error: str | None = None, learn: Learner | None = None
                    ) -> tuple[list[Article], list[Duplicate], list[Problem]]:
        """One poll's outcome in one transaction: its new articles, the items now taken and the feed's
        validators, so an interrupted poll is redone whole, never half; a failure counts towards backoff."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            added, duplicates, refused = self._add_articles(conn, articles, learn)
            if keys:
                conn.execute(insert(feed_item), [{"feed": url, "key": key} for key in dict.fromkeys(keys)])
            state = conn.execute(select(feed).where(feed.c.url == url)).mappings().first()
            values: dict[str, Any] = {"checked_at": now, "error": error}
            if error:
                values["failures"] = (state["failures"] if state else 0) + 1
            else:
                values.update(failures=0, etag=etag, last_modified=last_modified)
            if state:
                conn.execute(feed.update().where(feed.c.url == url).values(**values))
            else:
                conn.execute(insert(feed).values(url=url, **{"failures": 0, **values}))
        return added, duplicates, refused

    def record_problems(self, problems: Sequence[Problem]) -> None:
        """Remember why inputs or articles are missing from the stories; a later problem of the same
        stage and origin replaces the earlier one."""
        if not problems:
            return
        latest = {(p.stage, p.origin): p for p in problems}
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            _delete_problems(conn, list(latest))
            conn.execute(insert(problem), [{"stage": p.stage, "origin": p.origin, "article_id": p.article_id,
                                            "cause": p.cause, "at": now} for p in latest.values()])

    def replace_problems(self, stage: str, problems: Sequence[Problem]) -> None:
        """Forget every problem of `stage` and record these (a stage redone as a whole: explain, report)."""
        with self.engine.begin() as conn:
            conn.execute(problem.delete().where(problem.c.stage == stage))
        self.record_problems(problems)

    def clear_problems(self, stage: str, origins: Sequence[str] = (), article_ids: Sequence[str] = (),
                       within: Sequence[str] = ()) -> None:
        """Forget the problems of `stage` for these origins or articles, or for everything read from
        the inputs `within` (a file's archive members and JSON lines: `a.zip!x.txt`, `dump.jsonl:3`),
        once they have been tried again."""
        with self.engine.begin() as conn:
            rows = conn.execute(select(problem.c.origin, problem.c.article_id).where(problem.c.stage == stage)).all()
            wanted, ids, roots = set(origins), set(article_ids), tuple(within)
            keys = [(stage, row.origin) for row in rows
                    if row.origin in wanted or row.article_id in ids
                    or any(row.origin == r or row.origin.startswith((r + "!", r + ":", r + "#")) for r in roots)]
            _delete_problems(conn, keys)

    def problems(self, stage: str | None = None) -> list[Problem]:
        """What was rejected or failed, in pipeline order, then by origin."""
        query = select(problem)
        if stage:
            query = query.where(problem.c.stage == stage)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        order = {name: n for n, name in enumerate(STAGES)}
        found = [Problem(r.stage, r.origin, r.cause, r.article_id) for r in rows]
        return sorted(found, key=lambda p: (order.get(p.stage, len(order)), p.origin))

    def statuses(self) -> dict[str, str]:
        """Article id -> where it stands: "story 3", "skipped: language is 'fr'; ...", "link failed: ..."."""
        with self.engine.connect() as conn:
            status = {row.id: "not analysed yet" for row in conn.execute(select(article.c.id))}
            for row in conn.execute(select(analysis.c.article_id, analysis.c.status, analysis.c.note)):
                status[row.article_id] = f"skipped: {row.note}" if row.status == "skipped" else "not linked yet"
            for row in conn.execute(select(membership.c.article_id, event_table.c.story_id).join(
                    event_table, event_table.c.id == membership.c.event_id)):
                status[row.article_id] = f"story {row.story_id}"
            for row in conn.execute(select(problem).where(problem.c.article_id.is_not(None))):
                if row.article_id in status and not status[row.article_id].startswith("story"):
                    status[row.article_id] = f"{row.stage} failed: {row.cause}"
        return status

    def not_analysed(self) -> list[tuple[str, str | None, str]]:
        """Articles the analyse stage skipped on purpose (another language, no text): id, language, why."""
        query = select(analysis.c.article_id, analysis.c.language, analysis.c.note).where(analysis.c.status == "skipped")
        with self.engine.connect() as conn:
            return [(r.article_id, r.language, r.note or "") for r in conn.execute(query.order_by(analysis.c.article_id))]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles matching a web-search style query, best first, with highlighted snippets."""
        with self.engine.connect() as conn:
            return search.search(conn, query, limit)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(article)).scalar_one())

    def close(self) -> None:
        self.writer.release()
        self.engine.dispose()


_HEADLINE_EVENTS = 3  # a story's headline is picked among the articles of its biggest events
_HEADLINE_CANDIDATES = 300


def _headline(conn: Connection, story_id: int, weights: dict[int, int]) -> str | None:
    """The headline of the story's most representative article: among the articles of its biggest
    events, the one whose named entities are most like the story's (cosine of mention counts, so a
    long essay naming everything does not win), a real headline before a title cut from a lede;
    ties go to the best fit with its event, then the earliest."""
    biggest = select(event_table.c.id).where(event_table.c.story_id == story_id).order_by(
        event_table.c.size.desc(), event_table.c.id).limit(_HEADLINE_EVENTS)
    rows = conn.execute(select(article.c.id, article.c.title, article.c.title_source, article.c.published,
                               membership.c.score).join(membership, membership.c.article_id == article.c.id)
                        .where(membership.c.event_id.in_(biggest), article.c.title.is_not(None))
                        .order_by(article.c.published, article.c.id).limit(_HEADLINE_CANDIDATES)).all()
    candidates = [r for r in rows if r.title_source != LEDE_TITLE] or list(rows)
    if not candidates:
        return None
    counts: dict[str, dict[int, int]] = {}
    for article_id, entity_id, n in conn.execute(
            select(mention.c.article_id, mention.c.entity_id, func.count())
            .where(mention.c.article_id.in_([r.id for r in candidates]))
            .group_by(mention.c.article_id, mention.c.entity_id)):
        counts.setdefault(article_id, {})[entity_id] = n
    story_norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0

    def fit(row: Row[Any]) -> float:
        own = counts.get(row.id, {})
        norm = math.sqrt(sum(v * v for v in own.values()))
        return sum(n * weights.get(e, 0) for e, n in own.items()) / (norm * story_norm) if norm else 0.0

    best = max(enumerate(candidates), key=lambda item: (round(fit(item[1]), 6), item[1].score, -item[0]))
    return best[1].title


def _delete_problems(conn: Connection, keys: Sequence[tuple[str, str]]) -> None:
    for stage, origin in keys:
        conn.execute(problem.delete().where(problem.c.stage == stage, problem.c.origin == origin))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at checkpoints, never corrupt
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _display(db: str | Path) -> str:
    text = str(db)
    if "://" not in text:
        return text
    try:
        return make_url(text).render_as_string(hide_password=True)
    except ArgumentError:
        return text.split("://", 1)[0] + "://..."


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0]


def _source_key(item: Article) -> str | None:
    name = item.source or item.domain
    return name.casefold() if name else None


def _article_query() -> Any:
    return select(article, source.c.name.label("source_name"), source.c.domain.label("source_domain")).select_from(
        article.outerjoin(source, article.c.source_id == source.c.id))


def _to_row(item: Article, source_id: int | None) -> dict[str, Any]:
    published = item.published
    return {
        "id": item.id, "content_hash": item.content_hash, "source_id": source_id, "path": item.path,
        "url": item.url, "title": item.title, "title_source": item.title_source,
        "source_evidence": item.source_evidence, "author": item.author,
        "published": published.value if published else None,
        "published_precision": published.precision if published else None,
        "published_inferred": bool(published and published.inferred),
        "published_evidence": published.evidence if published else None,
        "updated": item.updated, "language": item.language, "format": item.format,
        "dateline_place": item.dateline_place, "credits": list(item.credits),
        "embeds": [vars(e) for e in item.embeds],
        "removed": [[r.line, r.text, r.reason] for r in item.removed],
        "text": item.text, "ingested_at": item.ingested_at,
    }


def _from_row(row: Row[Any]) -> Article:
    m = row._mapping
    published = (PublishedDate(m["published"], m["published_precision"], bool(m["published_inferred"]),
                               m["published_evidence"] or "") if m["published"] else None)
    return Article(
        id=m["id"], content_hash=m["content_hash"], title=m["title"], text=m["text"], format=m["format"],
        path=m["path"], url=m["url"], source=m["source_name"], domain=m["source_domain"],
        title_source=m["title_source"], source_evidence=m["source_evidence"], author=m["author"],
        published=published, updated=m["updated"], language=m["language"], dateline_place=m["dateline_place"],
        credits=tuple(m["credits"]), embeds=tuple(Embed(**e) for e in m["embeds"]),
        removed=tuple(RemovedLine(*r) for r in m["removed"]), ingested_at=m["ingested_at"],
    )
