"""One article never sinks a run: an unexpected error in any stage costs only the article (or the part
of a story) it happened on, is recorded in the store with its stage and a one-line cause, is printed
naming the file, and the report is written for the rest.

The failures are injected where each stage does its per-article work, on the one article whose
text carries a marker, so every test knows exactly which article must be missing and why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from samples import STORIES, story_text
from storyline import Storyline
from storyline.analyse import pipeline as analyse_pipeline
from storyline.explain import timeline
from storyline.link import pipeline as link_pipeline
from storyline.report import html
from storyline.store import analyses

MARK = "Zebulon"  # a word no sample article uses: the poisoned article is the one that says it


@pytest.fixture
def pile(tmp_path: Path) -> Path:
    """Three sample articles and a fourth, the poisoned one, each a text file: title, date, text."""
    folder = tmp_path / "pile"
    folder.mkdir()
    for n, story in enumerate(STORIES):
        (folder / f"{n}.txt").write_text(f"{story['title']}\n{story['date'][:10]}\n\n{story_text(story)}", "utf-8")
    poisoned = STORIES[0]["paragraphs"][:2] + [f"Councillor Ana {MARK} voted against the plan on Tuesday."]
    (folder / "poisoned.txt").write_text(f"Tram line vote splits the council\n{STORIES[0]['date'][:10]}\n\n"
                                         + "\n\n".join(poisoned), "utf-8")
    return folder


def _poisoned(article_id: str, storyline: Storyline) -> bool:
    return MARK in storyline.article(article_id).text


def _fail_on_mark(real):
    def wrapped(*args, **kwargs):
        if any(MARK in getattr(a, "text", "") for a in args):
            raise RuntimeError("boom on purpose")
        return real(*args, **kwargs)
    return wrapped


def test_analyse_leaves_out_the_article_it_fails_on(pile: Path, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analyse_pipeline, "analyse_doc", _fail_on_mark(analyse_pipeline.analyse_doc))
    with Storyline(db) as sl:
        sl.ingest(pile)
        report = sl.analyse()
        assert report.analysed == 3
        [failed] = report.failed
        assert (failed.stage, Path(failed.origin).name) == ("analyse", "poisoned.txt")
        assert failed.cause == "unexpected RuntimeError: boom on purpose (run with --debug for details)"
        assert sl.problems() == [failed]
        assert sl.statuses()[failed.article_id].startswith("analyse failed: unexpected RuntimeError")
        monkeypatch.undo()
        again = sl.analyse()  # re-running tries it again, and the record goes once it works
        assert (again.analysed, again.failed, sl.problems()) == (1, [], [])


def test_a_batch_the_store_refuses_is_saved_one_analysis_at_a_time(pile: Path, db: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real = analyses.save_analyses

    def refuse(conn, batch):
        if any(a.mentions and any(MARK in m.text for m in a.mentions) for a in batch):
            raise IntegrityError("INSERT INTO mention", {}, Exception("FOREIGN KEY constraint failed"))
        return real(conn, batch)

    monkeypatch.setattr("storyline.store.db.save_analyses", refuse)
    with Storyline(db) as sl:
        sl.ingest(pile)
        report = sl.analyse()
        assert report.analysed == 3
        assert [(p.stage, Path(p.origin).name) for p in report.failed] == [("analyse", "poisoned.txt")]
        assert "IntegrityError" in report.failed[0].cause and "\n" not in report.failed[0].cause


def test_link_leaves_out_the_article_it_fails_on_and_a_new_run_retries_it(
        pile: Path, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Storyline(db) as sl:
        sl.ingest(pile)
        sl.analyse()
        real = link_pipeline._place

        def place(conn, article_id, *rest):
            if _poisoned(article_id, sl):
                raise ValueError("cannot place")
            return real(conn, article_id, *rest)

        monkeypatch.setattr(link_pipeline, "_place", place)
        report = sl.link()
        assert report.placed == 3
        assert [(p.stage, Path(p.origin).name, p.cause) for p in report.failed] == [
            ("link", "poisoned.txt", "unexpected ValueError: cannot place (run with --debug for details)")]
        assert sl.store.unlinked() == []  # off the queue: later batches of the same run do not retry it
        monkeypatch.undo()
        assert sl.link().placed == 1  # a new run puts it back in the queue
        assert sl.problems() == []


def test_explain_leaves_out_only_the_part_it_fails_on(pile: Path, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = timeline.build

    def build(material):
        if any(MARK in m.article.text for m in material.members):
            raise KeyError("no such date")
        return real(material)

    monkeypatch.setattr(timeline, "build", build)
    with Storyline(db) as sl:
        sl.ingest(pile)
        sl.analyse()
        sl.link()
        document = sl.export()
        poisoned = next(s for s in document["stories"] if any(MARK in sl.article(a).text for a in s["articles"]))
        healthy = [s for s in document["stories"] if s is not poisoned]
        assert poisoned["timeline"] == [] and poisoned["summary"] and poisoned["articles"]
        assert healthy and all(s["timeline"] for s in healthy)
        [item] = [s for s in document["skipped"] if s["stage"] == "explain"]
        assert item["origin"] == f"story {poisoned['id']}: timeline" and "KeyError" in item["reason"]
        assert [p.origin for p in sl.problems()] == [item["origin"]]


def test_a_story_page_that_cannot_be_rendered_is_replaced_by_a_note(pile: Path, db: str, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real = html.story_page
    with Storyline(db) as sl:
        sl.ingest(pile)
        sl.analyse()
        sl.link()
        document = sl.export()
        target = document["stories"][0]

        def page(story, *args, **kwargs):
            if story["id"] == target["id"]:
                raise ZeroDivisionError("bad plot")
            return real(story, *args, **kwargs)

        monkeypatch.setattr(html, "story_page", page)
        written = sl.write_report(document, tmp_path / "report")
        assert [p.origin for p in written.problems] == [f"story {target['id']}: HTML page"]
        page = (tmp_path / "report" / f"story-{target['id']}.html").read_text("utf-8")
        assert "could not be written: unexpected ZeroDivisionError: bad plot" in page
        assert "ZeroDivisionError" in (tmp_path / "report" / "index.html").read_text("utf-8")
        assert f"## {target['title']}" in (tmp_path / "report" / "report.md").read_text("utf-8")
        assert [p.stage for p in sl.problems()] == ["report"]


def test_run_with_one_poisoned_article_writes_the_report_for_the_rest(cli, pile: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analyse_pipeline, "analyse_doc", _fail_on_mark(analyse_pipeline.analyse_doc))
    result = cli("run", pile)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {pile / 'poisoned.txt'}: analyse: unexpected RuntimeError: boom on purpose "
                      "(run with --debug for details)"]
    assert result.stdout.splitlines()[-1] == "report: storyline-report/index.html"
    document = json.loads(Path("storyline-report/report.json").read_text("utf-8"))
    assert sum(len(s["articles"]) for s in document["stories"]) == 3
    assert [(s["stage"], Path(s["origin"]).name) for s in document["skipped"]] == [("analyse", "poisoned.txt")]
    assert "poisoned.txt" in Path("storyline-report/index.html").read_text("utf-8")
    assert "| analyse | " in Path("storyline-report/report.md").read_text("utf-8")
    listed = {Path(row.split("\t")[6]).name: row.split("\t")[7] for row in cli("articles").stdout.splitlines()}
    assert listed["poisoned.txt"].startswith("analyse failed: unexpected RuntimeError")
    assert all(status.startswith("story ") for name, status in listed.items() if name != "poisoned.txt")


def test_other_languages_are_counted_and_listed_and_do_not_fail_the_run(sqlite_cli, tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(f"{STORIES[1]['title']}\n\n{story_text(STORIES[1])}", "utf-8")
    (tmp_path / "de.txt").write_text(
        "Stadtrat beschließt neue Straßenbahnlinie\n\nDer Stadtrat hat am Dienstag mit großer Mehrheit den Bau "
        "einer neuen Straßenbahnlinie beschlossen. Die Strecke soll 2029 eröffnet werden und den Hafen mit der "
        "Universität verbinden. Gegner wollen nun prüfen, ob sie vor Gericht ziehen.", "utf-8")
    result = sqlite_cli("run", tmp_path / "en.txt", tmp_path / "de.txt")
    assert result.exit_code == 0
    assert f"note: {tmp_path / 'de.txt'}: language is 'de'; only English is analysed" in result.stderr
    assert "analysed 1, skipped 1 (languages: de 1)" in result.stderr
    assert "2 articles, 1 story; not in the stories: 1 at analyse" in result.stdout
    document = json.loads((tmp_path / "storyline-report" / "report.json").read_text("utf-8"))
    assert [(Path(s["origin"]).name, s["language"]) for s in document["skipped"]] == [("de.txt", "de")]


def test_ingest_stores_the_others_when_the_store_refuses_one_article(pile: Path, db: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.store import db as store_db

    real = store_db._to_row

    def to_row(item, source_id):
        if MARK in item.text:
            raise ValueError("cannot store this one")
        return real(item, source_id)

    monkeypatch.setattr(store_db, "_to_row", to_row)
    with Storyline(db) as sl:
        report = sl.ingest(pile)
        assert len(report.ingested) == 3 and len(sl.articles()) == 3
        assert report.failures == [f"{pile / 'poisoned.txt'}: unexpected ValueError: cannot store this one "
                                   "(run with --debug for details)"]
        assert [(p.stage, Path(p.origin).name) for p in sl.problems()] == [("ingest", "poisoned.txt")]
        monkeypatch.undo()
        assert len(sl.ingest(pile).ingested) == 1 and sl.problems() == []  # a re-run takes it, and forgets
