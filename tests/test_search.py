"""Full-text search on both engines (FTS5, tsvector): words, phrases, `or`, exclusion, stemming,
highlighted snippets, and queries that would be syntax errors if passed through."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import SEEDS, back_to_schema_4
from storyline import Storyline
from storyline.errors import StoreError
from storyline.store.schema import SCHEMA_VERSION
from storyline.store.search import fts5_query



@pytest.fixture
def store(db: str) -> Storyline:
    with Storyline(db) as storyline:
        storyline.ingest(SEEDS)
        yield storyline


def seed_ids(storyline: Storyline) -> dict[str, str]:
    """Article id -> its seed's key ("000" ... "004")."""
    return {a.id: Path(a.path).name[:3] for a in storyline.articles()}


def found(storyline: Storyline, query: str) -> list[str]:
    keys = seed_ids(storyline)
    return sorted(keys[hit.article_id] for hit in storyline.search(query))


@pytest.mark.parametrize(("query", "expected"), [
    ("Patriot Kharkiv", ["002", "003"]),
    ('"North Korean troops"', ["001"]),  # a phrase, not three words anywhere
    ("Kuleba -Kharkiv", ["004"]),
    ("Kharkiv or Kuleba", ["002", "003", "004"]),
    ("reaffirming", ["000", "002"]),  # stems: reaffirmed, reaffirms
])
def test_search_finds_what_the_query_asks(store: Storyline, query: str, expected: list[str]) -> None:
    assert found(store, query) == expected


def test_snippets_highlight_the_matching_words(store: Storyline) -> None:
    hits = store.search("Patriot Kharkiv")
    assert len(hits) == 2 and all(hit.title for hit in hits)
    for hit in hits:
        marked = [hit.snippet[start:end].lower() for start, end in hit.highlights]
        assert marked and all(word.startswith(("patriot", "kharkiv")) for word in marked), (hit.snippet, marked)
        assert len(hit.snippet.split()) <= 60
        assert "\x02" not in hit.snippet and "\x03" not in hit.snippet


@pytest.mark.parametrize("query", ['"Blinken', "(Blinken)", "Blinken:", "Blinken AND OR NOT", "Blinken*", "'Blinken'",
                                   "^Blinken", "Blinken -"])
def test_query_syntax_of_the_engine_is_never_exposed(store: Storyline, query: str) -> None:
    assert len(found(store, query)) == 5


@pytest.mark.parametrize(("query", "message"), [("***", "has no word to look for"),
                                                 ("-Blinken", "excludes words but names none")])
def test_a_query_with_nothing_to_find_is_a_clear_error(db: str, query: str, message: str) -> None:
    with Storyline(db) as storyline:
        with pytest.raises(StoreError, match=message):
            storyline.search(query)


def test_fts5_query_quotes_every_word() -> None:
    assert fts5_query('Kharkiv or "Patriot batteries" -Putin aid:') == '("Kharkiv" OR "Patriot batteries") AND "aid" NOT "Putin"'
    assert fts5_query("-only -excluded") is None


def test_search_command_prints_snippets_and_json(cli, db: str) -> None:
    assert cli("ingest", SEEDS).exit_code == 0
    with Storyline(db) as storyline:
        SEED_IDS = {key: article_id for article_id, key in seed_ids(storyline).items()}  # noqa: N806
    plain = cli("search", "Patriot")
    assert plain.exit_code == 0
    lines = [line for line in plain.stdout.splitlines() if line.startswith(tuple(SEED_IDS.values()))]
    assert sorted(line[:16] for line in lines) == sorted([SEED_IDS["002"], SEED_IDS["003"]])
    assert "**Patriot**" in plain.stdout  # piped: highlights in plain-text marks
    data = json.loads(cli("search", "Patriot", "--json").stdout)
    assert {h["id"] for h in data} == {SEED_IDS["002"], SEED_IDS["003"]}
    for hit in data:
        assert all(hit["snippet"][s:e].lower().startswith("patriot") for s, e in hit["highlights"])
    assert cli("search", "zzzyxxq").stdout.strip() == ""
    missing = cli("search", "***")
    assert missing.exit_code == 1 and "has no word to look for" in missing.stderr


def test_a_schema_3_store_gains_search_and_loses_its_document_frequencies(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Storyline(db) as sl:
        sl.ingest(SEEDS)
        sl.analyse()
        sl.link()
    with sqlite3.connect(db) as conn:  # what schema 3 looked like
        back_to_schema_4(conn)
        for table in ("article_search", "feed", "feed_item"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE term_df SET term = char(0) || 'documents' WHERE term = '#documents'")
        conn.execute("UPDATE storyline_meta SET value = '3' WHERE key = 'schema_version'")
    with Storyline(db) as sl:
        assert sl.store.schema_version == SCHEMA_VERSION
        assert found(sl, "Patriot") == ["002", "003"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'term_df'").fetchall() == []
