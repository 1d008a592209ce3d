"""Tables, as SQLAlchemy Core, identical on SQLite and PostgreSQL.

`SCHEMA_VERSION` counts schema changes. A new store is created at the current version; an
older one is brought forward by the steps in `MIGRATIONS` (index i takes version i+1 to i+2).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (JSON, Boolean, Column, Connection, Float, ForeignKey, Index, Integer, MetaData, String,
                        Table, Text, bindparam, inspect, select, update)

from storyline.identity import content_hash
from storyline.store import search

SCHEMA_VERSION = 8

metadata = MetaData()

meta = Table(
    "storyline_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

source = Table(
    "source", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", Text, nullable=False, unique=True),  # case-folded name, or domain
    Column("name", Text),
    Column("domain", Text),
)

article = Table(
    "article", metadata,
    Column("id", String(16), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("source_id", Integer, ForeignKey("source.id")),
    Column("path", Text),
    Column("url", Text),
    Column("title", Text),
    Column("title_source", Text),  # schema 5
    Column("source_evidence", Text),  # schema 5
    Column("author", Text),
    Column("published", Text),
    Column("published_precision", String(8)),
    Column("published_inferred", Boolean, nullable=False, default=False),
    Column("published_evidence", Text),
    Column("updated", Text),
    Column("language", Text),
    Column("format", String(8), nullable=False),
    Column("dateline_place", Text),
    Column("credits", JSON, nullable=False),
    Column("embeds", JSON, nullable=False),
    Column("removed", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Index("ix_article_published", "published"),
)

# The analyse stage (schema 2). Rows of one article are replaced together when it is re-analysed.
analysis = Table(
    "analysis", metadata,
    Column("article_id", String(16), ForeignKey("article.id"), primary_key=True),
    Column("status", String(8), nullable=False),  # "done" | "skipped"
    Column("language", Text),
    Column("note", Text),
    Column("analysed_at", String(32), nullable=False),
    Column("terms", JSON),  # content lemma -> count, for linking (schema 3)
)

def _spanned(name: str, *columns: Column) -> Table:
    """A table of things found in an article's text, each at [start, end) of its clean text."""
    return Table(
        name, metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("article_id", String(16), ForeignKey("article.id"), nullable=False, index=True),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("text", Text, nullable=False),
        *columns,
    )


entity = Table(
    "entity", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", Text, nullable=False, unique=True),  # folded canonical name
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),  # the majority of its mentions' labels
    Column("aliases", JSON, nullable=False),  # every form written, sorted
    Column("type_votes", JSON, nullable=False),  # label -> mentions
    Column("name_votes", JSON, nullable=False),  # in-article name -> mentions
    Column("mentions", Integer, nullable=False),
    Column("surname", Text, index=True),  # a person's last name, to resolve a lone surname (schema 3)
)

mention = _spanned(
    "mention",
    Column("entity_id", Integer, ForeignKey("entity.id"), nullable=False, index=True),
    Column("label", Text, nullable=False),
    Column("role", Text),
)

quote = _spanned(
    "quote",
    Column("kind", String(8), nullable=False),
    Column("speaker", Text),  # the article's name for the speaker, or the role phrase
    Column("speaker_entity_id", Integer, ForeignKey("entity.id")),
    Column("speaker_text", Text),
    Column("speaker_start", Integer),
    Column("cue", Text),
    Column("cue_start", Integer),
)

time_ref = _spanned(
    "time_ref",
    Column("kind", String(8), nullable=False),
    Column("value", Text),
    Column("precision", String(8)),
    Column("relative", Text),
    Column("anchor", Text),
    Column("upcoming", Boolean, nullable=False, default=False),
)

claim = _spanned(
    "claim",
    Column("value", Float, nullable=False),
    Column("unit", Text, nullable=False),
    Column("qualifier", Text),
    Column("about", Text),
    Column("value_to", Float),  # schema 6: a range's other end
)

ANALYSIS_TABLES = (analysis, entity, mention, quote, time_ref, claim)

# The link stage (schema 3).
story = Table(
    "story", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", Text, nullable=False),
    Column("first", String(10)),  # ISO day of its earliest dated event
    Column("last", String(10)),
    Column("entities", JSON, nullable=False),  # entity id -> mentions (its title names the top ones)
    Column("size", Integer, nullable=False),
)

event = Table(
    "event", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("story_id", Integer, ForeignKey("story.id"), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("date", String(10), index=True),  # ISO day it happened: its earliest dated member
    Column("last", String(10)),
    Column("centroid", JSON, nullable=False),
    Column("entities", JSON, nullable=False),
    Column("size", Integer, nullable=False),
)

event_entity = Table(  # inverted index: which events mention an entity, newest first by `day`
    "event_entity", metadata,
    Column("entity_id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("event.id"), primary_key=True),
    Column("day", String(10), nullable=False),  # the event's date, or "" when undated
    Index("ix_event_entity_newest", "entity_id", "day", "event_id"),  # schema 4: ties ordered alike everywhere
)

event_term = Table(  # inverted index: an event's heaviest content terms, newest first by `day`
    "event_term", metadata,
    Column("term", String(100), primary_key=True),
    Column("event_id", Integer, ForeignKey("event.id"), primary_key=True),
    Column("day", String(10), nullable=False),
    Index("ix_event_term_newest", "term", "day", "event_id"),
)

membership = Table(
    "membership", metadata,
    Column("article_id", String(16), ForeignKey("article.id"), primary_key=True),
    Column("event_id", Integer, ForeignKey("event.id"), nullable=False, index=True),
    Column("score", Float, nullable=False),  # similarity with the event when it joined (1.0 when it started it)
)

copy_link = Table(
    "copy_link", metadata,
    Column("original", String(16), ForeignKey("article.id"), primary_key=True),
    Column("copy", String(16), ForeignKey("article.id"), primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("share", Float, nullable=False),
    Column("pairs", JSON, nullable=False),
    Column("older_known", Boolean, nullable=False),
)

fingerprint = Table(
    "fingerprint", metadata,
    Column("article_id", String(16), ForeignKey("article.id"), primary_key=True),
    Column("text_hash", String(64), nullable=False, index=True),
)

lsh_band = Table(
    "lsh_band", metadata,
    Column("key", String(24), primary_key=True),
    Column("article_id", String(16), ForeignKey("article.id"), primary_key=True),
)

link_queue = Table(  # analysed articles waiting to be linked: finding them never scans the store
    "link_queue", metadata,
    Column("article_id", String(16), ForeignKey("article.id"), primary_key=True),
)

# Feed watching (schema 4): what each watched feed last answered, and the items already taken.
feed = Table(
    "feed", metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", String(32)),
    Column("failures", Integer, nullable=False, default=0),  # in a row, for the backoff
    Column("error", Text),
)

feed_item = Table(
    "feed_item", metadata,
    Column("feed", Text, primary_key=True),
    Column("key", Text, primary_key=True),  # the entry's id, else its link, else a hash of its content
)

# Real piles (schema 5): what never reached a story and why, and the sentences learnt as boilerplate.
problem = Table(  # an input rejected at ingest, or an article a stage failed on; replaced when it is tried again
    "problem", metadata,
    Column("stage", String(8), primary_key=True),
    Column("origin", Text, primary_key=True),
    Column("article_id", String(16), index=True),
    Column("cause", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

passage = Table(  # how many articles of one outlet carry a sentence: the ones in many are its furniture
    "passage", metadata,
    Column("source_key", Text, primary_key=True),  # the outlet's key, or "" when it is not known
    Column("key", String(16), primary_key=True),  # digest of the sentence's words
    Column("articles", Integer, nullable=False),
    Column("recent", JSON, nullable=False),  # ids of the latest articles carrying it, to judge and strip them
    Column("furniture", Boolean, nullable=False, default=False),
    Column("next_check", Integer, nullable=False),  # count at which it is judged (again)
    Column("text", Text),  # the sentence as first written, kept once it is furniture (to find it glued to others)
    Index("ix_passage_key", "key"),  # furniture of any outlet, for articles of none
)

undated_event = Table(  # events whose undated members are still to be dated: written with the placement
    "undated_event", metadata,  # that gave them one, so a crash before the dating step loses nothing
    Column("event_id", Integer, ForeignKey("event.id"), primary_key=True),
)

explanation = Table(  # a story's last export (`storyline/1`), reused while the story and the explain code stay the same
    "explanation", metadata,
    Column("story_id", Integer, primary_key=True),
    Column("key", String(64), nullable=False),  # digest of the story's state and the code that explained it
    Column("document", JSON, nullable=False),
)

LINK_TABLES = (story, event, event_entity, event_term, membership, copy_link, fingerprint, lsh_band, link_queue,
               undated_event, explanation)


def _add_analysis_tables(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(ANALYSIS_TABLES))


def _add_link_tables(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE analysis ADD COLUMN terms JSON")
    conn.exec_driver_sql("ALTER TABLE entity ADD COLUMN surname VARCHAR(100)")
    conn.exec_driver_sql("CREATE INDEX ix_entity_surname ON entity (surname)")
    conn.exec_driver_sql("UPDATE entity SET surname = substr(key, length(rtrim(key, replace(key, ' ', ''))) + 1) "
                         "WHERE type = 'PERSON' AND key LIKE '% %'")
    metadata.create_all(conn, tables=list(LINK_TABLES))
    conn.exec_driver_sql("INSERT INTO link_queue (article_id) SELECT article_id FROM analysis WHERE status = 'done'")


def _add_search_and_feeds(conn: Connection) -> None:
    """Schema 4: full-text search, feed watching, PostgreSQL-safe names and deterministic postings."""
    for old in ("ix_event_entity_day", "ix_event_term_day"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {old}")
    for table in (event_entity, event_term):
        for item in table.indexes:
            item.create(conn, checkfirst=True)
    search.create(conn)
    metadata.create_all(conn, tables=[feed, feed_item])


def _add_problems_and_passages(conn: Connection) -> None:
    """Schema 5: where titles and outlets came from, what was skipped and why, learnt boilerplate;
    the fingerprint takes the headline in (ids stay as they are)."""
    conn.exec_driver_sql("ALTER TABLE article ADD COLUMN title_source TEXT")
    conn.exec_driver_sql("ALTER TABLE article ADD COLUMN source_evidence TEXT")
    metadata.create_all(conn, tables=[problem, passage, undated_event])
    rows = conn.execute(select(article.c.id, article.c.title, article.c.text, source.c.name, source.c.domain)
                        .select_from(article.outerjoin(source, source.c.id == article.c.source_id))).all()
    if rows:
        conn.execute(update(article).where(article.c.id == bindparam("b_id")).values(content_hash=bindparam("b_hash")),
                     [{"b_id": r.id, "b_hash": content_hash(r.text, r.name or r.domain, r.title)} for r in rows])


def _add_claim_ranges(conn: Connection) -> None:
    """Schema 6: a claim can be a range ("40 to 50 hours"). A store from before schema 3 got today's
    claim table from `_add_analysis_tables`, column and all."""
    if "value_to" not in {c["name"] for c in inspect(conn).get_columns("claim")}:
        conn.exec_driver_sql("ALTER TABLE claim ADD COLUMN value_to FLOAT")


def _drop_document_frequencies(conn: Connection) -> None:
    """Schema 7: terms weigh by their rarity in the language (link/similarity.py), so the pile's
    document frequencies (table `term_df`, kept since schema 3) are no longer read."""
    conn.exec_driver_sql("DROP TABLE IF EXISTS term_df")


def _add_explanations(conn: Connection) -> None:
    """Schema 8: each story's last explanation is kept, so an unchanged story is not explained again."""
    metadata.create_all(conn, tables=[explanation])


MIGRATIONS: list[Callable[[Connection], None]] = [_add_analysis_tables, _add_link_tables, _add_search_and_feeds,
                                                  _add_problems_and_passages, _add_claim_ranges, _drop_document_frequencies,
                                                  _add_explanations]
