"""Hardening: inputs and outputs that once broke a run, each with the case that broke it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import SEEDS, LocalServer, Route
from samples import STORIES, rss, story_html, story_text
from storyline import Storyline
from storyline.config import IngestConfig
from storyline.ingest.decode import decode_counting
from storyline.report import markdown

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
HOSTILE = "<script>alert('pwned')</script><img src=x onerror=alert(1)>"


def test_a_file_name_that_is_not_utf8_is_read_and_named_with_escapes(tmp_path: Path, db: str) -> None:
    folder = os.fsencode(tmp_path / "in")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as handle:
        handle.write(f"{STORIES[0]['title']}\n\n{story_text(STORIES[0])}".encode())
    (tmp_path / "in" / "good.txt").write_text(f"{STORIES[1]['title']}\n\n{story_text(STORIES[1])}", "utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", "utf-8")
    with Storyline(db) as sl:
        report = sl.ingest(tmp_path / "in")
        assert len(report.ingested) == 2
        assert report.failures == [f"{tmp_path / 'in' / 'empty.txt'}: empty file"]
        assert sorted(Path(a.path).name for a in sl.articles()) == ["caf\\xe9.txt", "good.txt"]


def test_one_bad_byte_in_utf8_is_replaced_where_it_is_and_said(tmp_path: Path, sqlite_cli) -> None:
    text = ("Ministers “agreed” on a café-side plan — quotes intact. " * 12).encode("utf-8")
    (tmp_path / "stray.txt").write_bytes(b"Plan agreed\n\n" + text[:100] + b"\xff" + text[100:])
    assert decode_counting(b"Plan agreed\n\n" + text[:100] + b"\xff" + text[100:], "x")[1] == 1
    result = sqlite_cli("ingest", tmp_path / "stray.txt")
    assert f"note: {tmp_path / 'stray.txt'}: 1 byte not valid UTF-8 replaced with �" in result.stderr
    [row] = json.loads(sqlite_cli("articles", "--json").stdout)
    article = json.loads(sqlite_cli("article", row["id"], "--json").stdout)
    assert "“agreed”" in article["text"] and "â€" not in article["text"]
    # A Latin-1 file is still read as such: no UTF-8 in it to keep.
    assert decode_counting("café et crème brûlée".encode("latin-1"), "y") == ("café et crème brûlée", 0)


def test_a_feed_with_a_doctype_is_a_feed_and_a_truncated_one_says_so(tmp_path: Path, sqlite_cli) -> None:
    feed = rss(STORIES)
    doctype = feed.replace("?>", '?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                                 '"http://my.netscape.com/publish/formats/rss-0.91.dtd">', 1)
    (tmp_path / "doctype.xml").write_text(doctype, "utf-8")
    assert len(Storyline(tmp_path / "d.db").ingest(tmp_path / "doctype.xml").ingested) == 3
    (tmp_path / "cut.xml").write_text(feed[: int(len(feed) * 0.7)], "utf-8")
    result = sqlite_cli("ingest", tmp_path / "cut.xml")
    assert result.exit_code == 0
    assert f"note: {tmp_path / 'cut.xml'}: damaged feed (" in result.stderr and "before the damage" in result.stderr
    (tmp_path / "nothing.xml").write_text(feed[:400], "utf-8")
    nothing = sqlite_cli("ingest", tmp_path / "nothing.xml")
    assert nothing.exit_code == 1
    assert f"error: {tmp_path / 'nothing.xml'}: damaged feed, no article could be read (" in nothing.stderr


def test_library_log_lines_stay_off_stderr(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><div></div></body></html>", "utf-8")
    result = subprocess.run([sys.executable, "-m", "storyline.cli", "--db", str(tmp_path / "l.db"), "ingest", str(page)],
                            capture_output=True, text=True)
    assert result.stderr.splitlines() == [f"error: {page}: no article text found in the HTML",
                                          "ingested 0, duplicates 0, failed 1"]


def test_markdown_lets_no_html_through(tmp_path: Path) -> None:
    record = {"title": f"Floods {HOSTILE} *bold* [link](javascript:alert(1))", "source": f"Herald {HOSTILE}",
              "url": "https://example.org/a`b`c<img src=x onerror=alert(1)>", "published": "2021-03-01",
              "text": "Heavy rain flooded the river town of Ostrava on Monday, cutting power to thousands of homes. "
                      f"The mayor said {HOSTILE} crews were out, and &lt;b&gt; stays text."}
    (tmp_path / "hostile.jsonl").write_text(json.dumps(record), "utf-8")
    with Storyline(tmp_path / "m.db") as sl:
        sl.ingest([SEEDS, tmp_path / "hostile.jsonl"])
        sl.analyse()
        sl.link()
        rendered = MarkdownIt("commonmark").render(markdown.render(sl.export()))  # raw HTML allowed by CommonMark
    assert "<script" not in rendered and "<img" not in rendered and 'href="javascript' not in rendered
    assert "<code>https://example.org/a`b`c&lt;img src=x onerror=alert(1)&gt;</code>" in rendered
    assert "&lt;b&gt; stays text" in rendered and "<b>" not in rendered  # the text's markup, as text


def _first_weeks_of_t17(folder: Path) -> Path:
    source = CORPORA / "t17-h1n1" / "InputDocs"
    for day in sorted(source.iterdir())[:24]:
        shutil.copytree(day, folder / day.name)
    return folder


@pytest.fixture(scope="module")
def pile_store(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("seeded")
    pile = _first_weeks_of_t17(work / "pile")
    subprocess.run([sys.executable, "-m", "storyline.cli", "--quiet", "--db", str(work / "s.db"), "run", str(pile),
                    "--out", str(work / "report")], capture_output=True, check=False)
    return work / "s.db"


def test_exports_of_an_unchanged_store_are_byte_identical_under_any_hash_seed(pile_store: Path) -> None:
    exports = []
    for seed in ("0", "1", "4242"):
        out = pile_store.parent / f"export-{seed}.json"
        subprocess.run([sys.executable, "-m", "storyline.cli", "--db", str(pile_store), "export", "--out", str(out)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        document = json.loads(out.read_text("utf-8"))
        assert document["stories"] and document["stories"][0]["timeline"]
        exports.append(out.read_text("utf-8").replace(document["generated_at"], ""))
    assert exports[0] == exports[1] == exports[2]


@pytest.mark.parametrize("target, kind", [("http://169.254.169.254/latest/meta-data/", "link-local"),
                                          ("http://10.1.2.3/feed.xml", "private"),
                                          ("ftp://127.0.0.1/feed.xml", None)])
def test_a_redirect_to_an_address_the_user_did_not_name_is_not_followed(cli, server: LocalServer, target: str,
                                                                        kind: str | None) -> None:
    server.routes["/away"] = Route(b"", status=302, headers={"Location": target})
    result = cli("ingest", server.url("/away"))
    assert result.exit_code == 1
    reason = (f"redirected to {target.split('/')[2]}, a {kind} address; not followed" if kind
              else f"redirected to {target}, which is not http or https; not followed")
    assert result.stderr.splitlines()[0] == f"error: {server.url('/away')}: {reason}"


def test_a_redirect_within_the_users_own_server_is_followed(cli, server: LocalServer) -> None:
    server.routes["/old"] = Route(b"", status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(story_html(STORIES[0]).encode())
    assert cli("ingest", server.url("/old")).exit_code == 0
    assert server.requests == ["/old", "/new"]


def test_a_server_that_drips_is_cut_off_at_the_deadline(cli, server: LocalServer) -> None:
    server.routes["/slow"] = Route(b"<html><body><p>" + b"x" * 400 + b"</p></body></html>", drip=0.05)
    started = time.monotonic()
    result = cli("ingest", "--deadline", "1s", server.url("/slow"))
    assert time.monotonic() - started < 10
    assert result.stderr.splitlines()[0] == f"error: {server.url('/slow')}: download took over 1 s; cut off (--deadline)"


def test_one_stuck_feed_holds_up_no_other_in_a_watch_round(tmp_path: Path, server: LocalServer) -> None:
    server.routes["/good.xml"] = Route(rss(STORIES).encode(), "application/rss+xml")
    server.routes["/stuck.xml"] = Route(rss(STORIES[:1]).encode(), "application/rss+xml", drip=0.2)
    rounds = []
    started = time.monotonic()
    with Storyline(tmp_path / "w.db", IngestConfig(http_deadline=2.0)) as sl:
        sl.watch([server.url("/stuck.xml"), server.url("/good.xml")], every=3600, rounds=1, on_round=rounds.append)
    assert time.monotonic() - started < 15
    stuck, good = rounds[0].polls
    assert len(good.new) == 3 and good.error is None
    assert stuck.error == f"{server.url('/stuck.xml')}: download took over 2 s; cut off (--deadline)"


CRASH = """
import os, sys
from sqlalchemy import event
from storyline import Storyline
db, at, *inputs = sys.argv[1:]
with Storyline(db) as sl:
    commits = [0]
    def on_commit(conn):
        commits[0] += 1
        if commits[0] == int(at):
            os._exit(9)  # the process ends before commit number `at` lands: right after the one before
    event.listen(sl.store.engine, "commit", on_commit)
    sl.ingest(inputs)
    sl.update()
    print(commits[0])
"""


def _comparable(document: dict) -> dict:
    return {**document, "generated_at": None, "articles": [{**a, "ingested_at": None} for a in document["articles"]]}


def test_a_run_that_dies_after_any_commit_is_completed_by_the_next(tmp_path: Path) -> None:
    """For every commit of a small run: end the process right after it, run again, and the store is
    the one an uninterrupted run leaves (articles, placements, inferred dates, findings)."""
    inputs = [str(SEEDS / name) for name in ("000_5321d4b9c79daa93.txt", "002_8118fbd42351acfa.txt",
                                             "004_28057a8ab75d0ece.txt")]
    counted = subprocess.run([sys.executable, "-c", CRASH, str(tmp_path / "count.db"), "0", *inputs],
                             capture_output=True, text=True, check=True)
    commits = int(counted.stdout.split()[-1])
    assert commits >= 10
    with Storyline(tmp_path / "count.db") as sl:
        whole = _comparable(sl.export())
    assert any(a["published"] and a["published"]["inferred"] for a in whole["articles"])
    for at in range(1, commits + 1):
        db = tmp_path / f"crash-{at}.db"
        died = subprocess.run([sys.executable, "-c", CRASH, str(db), str(at), *inputs], capture_output=True)
        assert died.returncode == 9, died.stderr.decode()[-400:]
        with Storyline(db) as sl:
            sl.ingest(inputs)
            sl.update()
            assert _comparable(sl.export()) == whole, f"a crash before commit {at} was not made good"


HOLDER = """
import sys, time
from storyline import Storyline
with Storyline(sys.argv[1]) as sl:
    sl.ingest(sys.argv[2])
    print("holding", flush=True)
    time.sleep(60)
"""


def test_a_second_writer_waits_then_says_who_holds_the_store(db: str, tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, db, str(SEEDS / "000_5321d4b9c79daa93.txt")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        second = subprocess.run([sys.executable, "-m", "storyline.cli", "--db", db, "ingest", str(SEEDS)],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 1
        [line] = second.stderr.splitlines()
        assert line.startswith("error: ") and "another Storyline process (" in line
        assert line.endswith("is writing to this store; run again when it has finished")
        reader = subprocess.run([sys.executable, "-m", "storyline.cli", "--db", db, "articles"],
                                capture_output=True, text=True, timeout=60)
        assert reader.returncode == 0 and len(reader.stdout.splitlines()) == 1  # readers never wait
    finally:
        holder.kill()
        holder.wait()
    with Storyline(db) as sl:
        assert len(sl.ingest(SEEDS).ingested) == 4  # the lock went with the process


def test_mention_counts_are_the_mention_rows(tmp_path: Path) -> None:
    with Storyline(tmp_path / "c.db") as sl:
        sl.ingest(SEEDS)
        sl.analyse()
        sl.analyse(redo=True)
        with sl.store.engine.connect() as conn:
            rows = dict(conn.exec_driver_sql("SELECT entity_id, count(*) FROM mention GROUP BY entity_id").all())
        assert {e.id: e.mentions for e in sl.entities() if e.mentions} == rows
