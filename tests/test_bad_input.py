"""Bad input: one line on stderr per problem, naming the input; the rest still ingested; exit 1."""

from __future__ import annotations

import random
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LocalServer, Route
from samples import STORIES, story_text
from storyline import Storyline


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    """One good article plus every kind of bad input the ingest must survive."""
    _noise = random.Random(7)
    folder = tmp_path / "in"
    folder.mkdir()
    files = {
        "good": ("good.txt", f"{STORIES[0]['title']}\n\n{story_text(STORIES[0])}".encode()),
        "binary": ("photo.jpg.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8),
        "empty": ("empty.txt", b""),
        "blank": ("blank.md", b"  \n\n\t \n"),
        "unreadable": ("mojibake.txt", bytes(_noise.randrange(0x80, 0x100) for _ in range(3000))),
        "oversize": ("huge.txt", b"Huge\n\n" + b"word " * 300_000),
        "html": ("broken.html", b"<html><body><div><p><b><i></div>"),
        "jsonl": ("lines.jsonl", (
            '{"title": "Reservoirs low", "text": "%s"}\n{"title": "cut off", "text": "no end\n' % story_text(STORIES[1]).replace("\n", "\\n")
        ).encode()),
        "not_feed": ("catalog.xml", b'<?xml version="1.0"?><catalog><book id="1"/></catalog>'),
        "boilerplate_only": ("menu.txt", b"Title line\n\nSkip to content\nLeave a Reply\nShare\n"),
    }
    paths = {}
    for key, (name, data) in files.items():
        paths[key] = folder / name
        paths[key].write_bytes(data)
    return paths


EXPECTED = {
    "binary": "binary file, not text, HTML, JSON or a feed",
    "empty": "empty file",
    "blank": "empty file",
    "unreadable": "unreadable encoding: not UTF-8 and no other encoding fits",
    "oversize": "file is 1.5 MB, over the 1 MB limit (--max-size)",
    "html": "no article text found in the HTML",
    "not_feed": "not an RSS or Atom feed",
    "boilerplate_only": "no article text left after removing boilerplate",
}


def test_each_bad_input_gets_one_line_and_the_rest_is_ingested(cli, corpus: dict[str, Path]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    result = cli("ingest", "--max-size", "1MB", corpus["good"].parent, url, "missing/nowhere.txt")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    expected = {f"error: {corpus[k]}: {problem}" for k, problem in EXPECTED.items()} | {
        f"error: {corpus['jsonl']}:2: malformed JSON line (column 30: Unterminated string starting at)",
        "error: missing/nowhere.txt: no such file or directory",
    }
    assert expected <= set(errors)
    [unreachable] = [e for e in errors if e.startswith(f"error: {url}: unreachable: ")]
    assert len(errors) == len(expected) + 1
    assert result.stderr.splitlines()[-1] == "ingested 2, duplicates 0, failed 11"
    assert "Traceback" not in result.stderr + result.stdout


def test_cp1252_and_latin1_are_decoded(tmp_path: Path, db: str) -> None:
    text = ("Café owners protest new terrace fees\n\n“We cannot pay twice,” said Renée Müller, who runs a café "
            "near the cathedral — one of 40 owners who signed the letter. The council’s fee rises 15% in May.")
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    latin = text.replace("“", '"').replace("”", '"').replace("—", "-").replace("’", "'") + " Fees last rose in 2019."
    (tmp_path / "latin1.txt").write_bytes(latin.replace("Café", "Cafe").encode("latin-1"))
    with Storyline(db) as sl:
        report = sl.ingest(tmp_path)
        assert report.failures == [] and len(report.ingested) == 2
        texts = {Path(a.path).name: a for a in sl.articles()}
    assert texts["cp1252.txt"].title == "Café owners protest new terrace fees"
    assert "“We cannot pay twice,” said Renée Müller" in texts["cp1252.txt"].text
    assert "council’s fee" in texts["cp1252.txt"].text
    assert 'said Renée Müller, who runs a café near the cathedral - one' in texts["latin1.txt"].text


def test_http_errors_and_non_feed_urls(cli, server: LocalServer) -> None:
    server.routes["/gone"] = Route(b"", status=410)
    server.routes["/catalog.xml"] = Route(b'<?xml version="1.0"?><catalog/>', "application/xml")
    result = cli("ingest", server.url("/gone"), server.url("/catalog.xml"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {server.url('/gone')}: HTTP 410 Gone",
        f"error: {server.url('/catalog.xml')}: not an RSS or Atom feed",
        "ingested 0, duplicates 0, failed 2",
    ]


def test_oversized_download_is_cut_off(cli, server: LocalServer) -> None:
    server.routes["/big.html"] = Route(b"<html><body><p>" + b"x" * 3_000_000 + b"</p></body></html>")
    result = cli("ingest", "--max-size", "1MB", server.url("/big.html"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {server.url('/big.html')}: response is 3 MB, over the 1 MB limit (--max-size)"


def test_one_megabyte_paragraph_is_ingested(cli, tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("One long paragraph\n\n" + "The committee met again and talked. " * 29_000, "utf-8")
    result = cli("ingest", path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "ingested 1, duplicates 0, failed 0"


def test_bad_max_size_and_bad_database_are_one_line_errors(cli, tmp_path: Path) -> None:
    result = cli("ingest", "--max-size", "lots", str(tmp_path))
    assert (result.exit_code, result.stderr) == (1, "error: --max-size: cannot read 'lots' as a size (try 10MB or 500k)\n")
    not_db = tmp_path / "notes.db"
    not_db.write_text("these are my notes, not a database " * 100)
    result = cli("articles", database=str(not_db))
    assert result.exit_code == 1
    assert result.stderr == f"error: {not_db}: cannot open as a Storyline database (file is not a database)\n"
    result = cli("ingest", str(tmp_path / "notes.db"), database=str(tmp_path / "no" / "such" / "dir.db"))
    assert result.stderr == f"error: {tmp_path / 'no/such/dir.db'}: cannot create the database, folder {tmp_path / 'no/such'} does not exist\n"
    # A command that only reads says the store is not there, and leaves no empty one behind.
    for command in (["articles"], ["stories"], ["story", "1"], ["search", "flu"], ["entities"], ["article", "abc"]):
        result = cli(*command, database=str(tmp_path / "none.db"))
        assert (result.exit_code, result.stderr) == (1, f"error: {tmp_path / 'none.db'}: no such store; `storyline run` makes one\n")
    assert not (tmp_path / "none.db").exists()


def test_real_executable_exit_status_and_no_traceback(tmp_path: Path, corpus: dict[str, Path]) -> None:
    """The installed console script, as a user runs it, piped (so no progress bar)."""
    result = subprocess.run(
        [sys.executable, "-m", "storyline.cli", "--db", str(tmp_path / "s.db"), "ingest", str(corpus["good"]),
         str(corpus["binary"])],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: {corpus['binary']}: binary file, not text, HTML, JSON or a feed",
                                          "ingested 1, duplicates 0, failed 1"]
    assert result.stdout == ""
