"""Tables, as SQLAlchemy Core, identical on SQLite and PostgreSQL.

`SCHEMA_VERSION` counts schema changes. A new store is created at the current version; an
older one is brought forward by the steps in `MIGRATIONS` (index i takes version i+1 to i+2).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (JSON, Boolean, Column, Connection, ForeignKey, Index, Integer, MetaData, String, Table,
                        Text)

SCHEMA_VERSION = 1

metadata = MetaData()

meta = Table(
    "storyline_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

source = Table(
    "source", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False, unique=True),  # case-folded name, or domain
    Column("name", String(300)),
    Column("domain", String(300)),
)

article = Table(
    "article", metadata,
    Column("id", String(16), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("source_id", Integer, ForeignKey("source.id")),
    Column("path", Text),
    Column("url", Text),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(20)),
    Column("published_precision", String(8)),
    Column("published_inferred", Boolean, nullable=False, default=False),
    Column("published_evidence", Text),
    Column("updated", String(20)),
    Column("language", String(8)),
    Column("format", String(8), nullable=False),
    Column("dateline_place", Text),
    Column("credits", JSON, nullable=False),
    Column("embeds", JSON, nullable=False),
    Column("removed", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Index("ix_article_published", "published"),
)

MIGRATIONS: list[Callable[[Connection], None]] = []
