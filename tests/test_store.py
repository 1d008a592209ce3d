"""The store: idempotent ingest, stable ids, all-or-nothing batches, schema versioning."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import event, update
from sqlalchemy.exc import OperationalError

from conftest import SEEDS, back_to_schema_4
from samples import STORIES, story_text
from storyline import Storyline
from storyline.errors import NotFoundError, StoreError
from storyline.models import Analysis, Mention, Quote
from storyline.store.schema import SCHEMA_VERSION, meta


def test_reingest_is_idempotent_and_reports_duplicates(db: str) -> None:
    with Storyline(db) as sl:
        first = sl.ingest(SEEDS)
        second = sl.ingest(SEEDS)
        assert len(first.ingested) == 5 and first.duplicates == []
        assert second.ingested == [] and len(second.duplicates) == 5
        assert {d.existing_id for d in second.duplicates} == set(first.ingested)
        assert sl.store.count() == 5


def test_same_text_twice_in_one_run_is_one_article(db: str, tmp_path: Path) -> None:
    text = f"{STORIES[0]['title']}\n\n{story_text(STORIES[0])}"
    (tmp_path / "a.txt").write_text(text, "utf-8")
    (tmp_path / "b.txt").write_text(text.replace("  ", " ") + "\n\n", "utf-8")
    with Storyline(db) as sl:
        report = sl.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert len(report.ingested) == 1
    assert [(Path(d.origin).name, d.existing_id) for d in report.duplicates] == [("b.txt", report.ingested[0])]


def test_one_wire_story_from_two_outlets_is_two_articles(db: str, tmp_path: Path) -> None:
    records = [{"title": "Wire story", "text": story_text(STORIES[1]), "source": outlet} for outlet in ("Daily A", "Daily B")]
    (tmp_path / "wire.json").write_text(json.dumps(records), "utf-8")
    with Storyline(db) as sl:
        report = sl.ingest(tmp_path / "wire.json")
        assert len(report.ingested) == 2
        assert sorted(a.source for a in sl.articles()) == ["Daily A", "Daily B"]


def test_ids_are_stable_across_stores(tmp_path: Path) -> None:
    ids = []
    for name in ("one.db", "two.db"):
        with Storyline(tmp_path / name) as sl:
            ids.append(sorted(sl.ingest(SEEDS).ingested))
    assert ids[0] == ids[1] and all(len(i) == 16 for i in ids[0])


def test_round_trip_keeps_every_field(db: str, seed_files: dict[str, Path]) -> None:
    with Storyline(db) as sl:
        [article_id] = sl.ingest(seed_files["000"]).ingested
        stored = sl.article(article_id)
    with Storyline(db) as sl:
        again = sl.article(article_id[:6])
    assert again == stored
    assert stored.embeds[0].handle == "@EricLDaugh"
    assert [(r.line, r.reason) for r in stored.removed] == [(6, "embedded post"), (7, "embedded post")]


def test_articles_are_listed_by_date_undated_last(db: str) -> None:
    with Storyline(db) as sl:
        sl.ingest(SEEDS)
        dates = [a.published.value if a.published else None for a in sl.articles()]
    assert dates == ["2023-11-29", "2024-05-14T22:34", None, None, None]


def test_unknown_and_ambiguous_ids(db: str, tmp_path: Path) -> None:
    # 17 articles with 16 possible first hex digits: two must share one (pigeonhole).
    for n in range(17):
        (tmp_path / f"{n}.txt").write_text(f"Notice {n}\n\nThe council published notice number {n} today.", "utf-8")
    with Storyline(db) as sl:
        ids = sl.ingest(tmp_path, include=("*.txt",)).ingested
        assert len(ids) == 17
        shared = next(a[0] for a in ids if sum(b[0] == a[0] for b in ids) > 1)
        with pytest.raises(NotFoundError, match=f"'{shared}' matches several articles; give more of the id"):
            sl.article(shared)
        with pytest.raises(NotFoundError, match="no article with id 'zzzz'"):
            sl.article("zzzz")
        assert sl.article(ids[3].upper()).id == ids[3]


def test_a_failure_mid_batch_stores_nothing_of_that_batch(db: str) -> None:
    with Storyline(db) as sl:
        sl.ingest(SEEDS / "004_28057a8ab75d0ece.txt")

        def explode(conn, cursor, statement, *_):  # after the articles are inserted, before the commit
            if statement.startswith("INSERT INTO article"):
                raise OperationalError(statement, {}, OSError("disk I/O error"))

        event.listen(sl.store.engine, "after_cursor_execute", explode)
        with pytest.raises(OperationalError, match="disk I/O error"):  # the store failing is no article's fault
            sl.ingest(SEEDS)
        event.remove(sl.store.engine, "after_cursor_execute", explode)
        assert sl.store.count() == 1
        report = sl.ingest(SEEDS)  # a re-run completes the work
        assert (len(report.ingested), len(report.duplicates)) == (4, 1)
        with sl.store.engine.connect() as conn:  # only the outlet of the one stored first (AFP, from its dateline)
            assert conn.exec_driver_sql("SELECT name FROM source").all() == [("AFP",)]


def test_a_killed_process_leaves_no_half_written_batch(tmp_path: Path) -> None:
    """A real crash: the process dies inside the transaction, after some rows were written."""
    db = tmp_path / "crash.db"
    script = textwrap.dedent(f"""
        import os
        from sqlalchemy import event
        from storyline import Storyline
        sl = Storyline({str(db)!r})
        sl.ingest({str(SEEDS / '004_28057a8ab75d0ece.txt')!r})
        def die(conn, cursor, statement, *_):
            if statement.startswith("INSERT INTO article"):
                os._exit(9)
        event.listen(sl.store.engine, "after_cursor_execute", die)
        sl.ingest({str(SEEDS)!r})
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert result.returncode == 9
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM article").fetchone() == (1,)
    with Storyline(db) as sl:
        assert len(sl.ingest(SEEDS).ingested) == 4


def test_schema_version(db: str) -> None:
    with Storyline(db) as sl:
        assert sl.store.schema_version == SCHEMA_VERSION
        with sl.store.engine.begin() as conn:
            conn.execute(update(meta).where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION + 1)))
    with pytest.raises(StoreError, match=rf"made by a newer Storyline \(schema {SCHEMA_VERSION + 1}, this one knows "
                                         rf"{SCHEMA_VERSION}\); upgrade Storyline"):
        Storyline(db)


def test_sqlite_store_uses_wal(tmp_path: Path) -> None:
    with Storyline(tmp_path / "s.db") as sl, sl.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"


def test_a_schema_2_store_is_migrated_and_keeps_its_analyses(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Storyline(db) as sl:
        sl.ingest(SEEDS)
        sl.analyse()
        kuleba = next(e for e in sl.entities() if e.name == "Dmytro Kuleba").id
    with sqlite3.connect(db) as conn:  # what schema 2 looked like: no link tables, no terms, no surname
        back_to_schema_4(conn)
        for table in ("event_entity", "event_term", "membership", "copy_link", "fingerprint", "lsh_band", "term_df",
                      "link_queue",
                      "event", "story"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP TABLE article_search")
        conn.execute("DROP TABLE feed")
        conn.execute("DROP TABLE feed_item")
        conn.execute("DROP INDEX ix_entity_surname")
        conn.execute("ALTER TABLE entity DROP COLUMN surname")
        conn.execute("ALTER TABLE analysis DROP COLUMN terms")
        conn.execute("UPDATE storyline_meta SET value = '2' WHERE key = 'schema_version'")
    with Storyline(db) as sl:
        assert sl.store.schema_version == SCHEMA_VERSION
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT surname FROM entity WHERE id = ?", (kuleba,)).fetchone() == ("kuleba",)
        assert sl.link().placed == 5  # placed on entities alone: the old analyses hold no terms
        sl.analyse(redo=True)  # as the README says, analyse then link again to give linking the terms
        report = sl.link(redo=True)
        assert (report.placed, report.stories) == (5, 1)


def test_a_schema_4_store_gains_problems_and_keeps_its_articles(tmp_path: Path) -> None:
    db = tmp_path / "four.db"
    with Storyline(db) as sl:
        ids = sorted(sl.ingest(SEEDS).ingested)
    with sqlite3.connect(db) as conn:
        back_to_schema_4(conn)
    with Storyline(db) as sl:
        assert sl.store.schema_version == SCHEMA_VERSION
        assert sorted(a.id for a in sl.articles()) == ids
        assert sl.ingest(tmp_path / "missing.txt").failures == [f"{tmp_path / 'missing.txt'}: no such file or directory"]
        assert [(p.stage, p.origin) for p in sl.problems()] == [("ingest", str(tmp_path / "missing.txt"))]


def test_a_lone_surname_merged_by_a_later_mention_of_the_same_article(db: str, tmp_path: Path) -> None:
    """'Header' alone, then 'X Custom Header' in one article: the full name absorbs the surname's
    entity while the article's earlier mention still pointed at it (a FOREIGN KEY failure once)."""
    (tmp_path / "a.txt").write_text(f"{STORIES[0]['title']}\n\n{story_text(STORIES[0])}", "utf-8")
    with Storyline(db) as sl:
        article_id = sl.ingest(tmp_path / "a.txt").ingested[0]
        alone = Mention(0, 6, "Header", "PERSON", "Header")
        full = Mention(10, 27, "X Custom Header", "PERSON", "X Custom Header")
        sl.store.save_analyses([Analysis(article_id, "en", mentions=(alone, full))])
        people = {e.name: e.mentions for e in sl.entities()}
        assert people == {"X Custom Header": 2}
        assert [m.name for m in sl.analysis(article_id).mentions] == ["X Custom Header", "X Custom Header"]


def test_a_lone_surname_merged_by_a_later_article_of_the_same_batch(db: str, tmp_path: Path) -> None:
    """One batch, two articles: the first names and quotes 'Header' alone, the second 'X Custom
    Header'. The batch's rows are written together, after the merge, and all point at the full name."""
    for n, story in enumerate(STORIES[:2]):
        (tmp_path / f"{n}.txt").write_text(f"{story['title']}\n\n{story_text(story)}", "utf-8")
    with Storyline(db) as sl:
        first, second = (sl.ingest(tmp_path / f"{n}.txt").ingested[0] for n in range(2))
        said = Quote(10, 20, "We will.", "direct", speaker="Header", speaker_text="Header", speaker_start=0)
        sl.store.save_analyses([
            Analysis(first, "en", mentions=(Mention(0, 6, "Header", "PERSON", "Header"),), quotes=(said,)),
            Analysis(second, "en", mentions=(Mention(0, 15, "X Custom Header", "PERSON", "X Custom Header"),))])
        assert {e.name: e.mentions for e in sl.entities()} == {"X Custom Header": 2}
        assert [m.name for m in sl.analysis(first).mentions] == ["X Custom Header"]
        assert [q.speaker for q in sl.analysis(first).quotes] == ["X Custom Header"]


def test_analyses_read_together_are_those_read_one_by_one(seeds: Storyline) -> None:
    ids = [a.id for a in seeds.articles()]
    together = seeds.store.analyses([*ids, "0000000000000000"])  # an unknown id is simply missing
    assert sorted(together) == sorted(ids)
    for article_id in ids:
        one = seeds.store.analysis(article_id)
        assert together[article_id] == one and one.mentions and one.quotes and one.times
    assert [m.start for m in one.mentions] == sorted(m.start for m in one.mentions)
    assert seeds.store.analyses([]) == {}
