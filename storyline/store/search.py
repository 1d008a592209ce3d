"""Full-text search with each engine's own facility: FTS5 on SQLite, a tsvector on PostgreSQL.

Queries use web-search syntax on both: words, "quoted phrases", `or` between alternatives and
`-word` to exclude. That is PostgreSQL's `websearch_to_tsquery`; for FTS5 the query is rebuilt
from its words, so no user input is ever read as FTS5 syntax (a stray quote or colon would
otherwise be an error). Both stem English words (FTS5's porter tokenizer, PostgreSQL's `english`
configuration), so "shells" finds "shelling".
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from storyline.errors import StoreError
from storyline.models import Article, SearchHit

_START, _STOP = "\x02", "\x03"  # snippet markers: control characters are removed from stored text
_WORDS = 24  # about this many words of context per snippet
# PostgreSQL's tsvector holds at most 1 MB; a longer text is indexed by its beginning.
_INDEXED_CHARS = 200_000
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


def create(conn: Connection) -> None:
    """Add the search index to a store whose tables exist (new, or migrating to schema 4)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("CREATE VIRTUAL TABLE article_search USING fts5("
                             "article_id UNINDEXED, title, text, tokenize='porter unicode61 remove_diacritics 2')")
        conn.exec_driver_sql("INSERT INTO article_search (article_id, title, text) "
                             "SELECT id, coalesce(title, ''), text FROM article")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "ALTER TABLE article ADD COLUMN search tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            f"setweight(to_tsvector('english', left(text, {_INDEXED_CHARS})), 'B')) STORED")
        conn.exec_driver_sql("CREATE INDEX ix_article_search ON article USING GIN (search)")


def index(conn: Connection, articles: list[Article]) -> None:
    """Index newly stored articles, in the caller's transaction (PostgreSQL does this itself)."""
    if conn.dialect.name == "sqlite" and articles:
        conn.execute(text("INSERT INTO article_search (article_id, title, text) VALUES (:id, :title, :text)"),
                     [{"id": a.id, "title": a.title or "", "text": a.text} for a in articles])


def reindex(conn: Connection, articles: list[Article]) -> None:
    """Index again articles whose stored text changed (PostgreSQL's generated column follows itself)."""
    if conn.dialect.name == "sqlite" and articles:
        conn.execute(text("DELETE FROM article_search WHERE article_id = :id"), [{"id": a.id} for a in articles])
        index(conn, articles)


def search(conn: Connection, query: str, limit: int) -> list[SearchHit]:
    """Articles matching `query`, best first, each with a highlighted snippet."""
    if not _WORD.search(query):
        raise StoreError(f"search: {query!r} has no word to look for")
    match = fts5_query(query)
    if match is None:
        raise StoreError(f"search: {query!r} excludes words but names none to find")
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text(
            "SELECT s.article_id, a.title, src.name AS source, a.published, "
            f"snippet(article_search, -1, :start, :stop, '…', {_WORDS}) AS snippet "
            "FROM article_search AS s JOIN article AS a ON a.id = s.article_id "
            "LEFT JOIN source AS src ON src.id = a.source_id "
            "WHERE article_search MATCH :match ORDER BY bm25(article_search, 0, 5.0, 1.0), s.article_id LIMIT :limit"),
            {"start": _START, "stop": _STOP, "match": match, "limit": limit}).all()
    elif conn.dialect.name == "postgresql":
        rows = conn.execute(text(
            "SELECT hit.id AS article_id, hit.title, src.name AS source, hit.published, "
            "ts_headline('english', hit.text, q, :options) AS snippet "
            "FROM (SELECT a.id, a.title, a.source_id, a.published, a.text, q, ts_rank_cd(a.search, q) AS rank "
            "      FROM article AS a, websearch_to_tsquery('english', :query) AS q WHERE a.search @@ q "
            "      ORDER BY rank DESC, a.id LIMIT :limit) AS hit "
            "LEFT JOIN source AS src ON src.id = hit.source_id ORDER BY hit.rank DESC, hit.id"),
            {"query": query, "limit": limit,
             "options": f"StartSel={_START}, StopSel={_STOP}, MaxWords={_WORDS}, MinWords={_WORDS // 2}, "
                        "MaxFragments=2, FragmentDelimiter=\" … \""}).all()
    else:
        raise StoreError(f"search: not available on {conn.dialect.name}; use SQLite or PostgreSQL")
    return [SearchHit(row.article_id, row.title, row.source, row.published, *_marked(row.snippet)) for row in rows]


def fts5_query(query: str) -> str | None:
    """Web-search syntax as an FTS5 expression: each word or phrase quoted, `or` joining
    neighbours, `-` excluding; None when nothing is left to find."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    joined = False
    for negated, phrase, bare in _TOKEN.findall(query):
        if bare.lower() == "or" and groups:
            joined = True
            continue
        if bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        words = _WORD.findall(phrase or bare)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if negated:
            excluded.append(term)
        elif joined:
            groups[-1].append(term)
        else:
            groups.append([term])
        joined = False
    if not groups:
        return None
    found = " AND ".join("(" + " OR ".join(group) + ")" if len(group) > 1 else group[0] for group in groups)
    return found + "".join(f" NOT {term}" for term in excluded)


def _marked(snippet: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Strip the markers from a snippet, keeping where they were."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    size, start = 0, None
    for piece in re.split(f"([{_START}{_STOP}])", snippet or ""):
        if piece == _START:
            start = size
        elif piece == _STOP:
            if start is not None and size > start:
                spans.append((start, size))
            start = None
        else:
            plain.append(piece)
            size += len(piece)
    return "".join(plain), tuple(spans)
