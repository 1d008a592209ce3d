"""The CLI as a user drives it: listing, showing, JSON output, quiet mode, progress on a terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from conftest import SEEDS


def test_run_ingests_and_lists_the_example_corpus(cli) -> None:
    result = cli("run", SEEDS)
    assert result.exit_code == 0
    assert result.stderr == ("ingested 5, duplicates 0, failed 0\nanalysed 5, skipped 0\n"
                             "linked 5: 3 new events, 1 new stories, 0 copy links, 3 dates inferred\n")
    assert result.stdout.splitlines()[-1] == "report: storyline-report/index.html"
    assert Path("storyline-report/report.json").exists()
    rows = [line.split("\t") for line in cli("articles").stdout.splitlines()]
    assert [row[1] for row in rows] == ["2023-11-29", "2024-05-14 (inferred)", "2024-05-14T22:34",
                                        "2024-11-13 (inferred)", "2024-11-14 (inferred)"]
    assert rows[0][5] == "US says 'must and will' continue backing Ukraine"
    assert rows[2][3] == "Yagiz Efe Parmaksiz"
    assert all(Path(row[6]).parent == SEEDS for row in rows)


def test_run_twice_is_safe(cli) -> None:
    first = cli("run", SEEDS)
    again = cli("run", SEEDS)
    assert again.exit_code == 0
    assert again.stderr.splitlines()[-3:] == ["ingested 0, duplicates 5, failed 0", "analysed 0, skipped 0",
                                              "linked 0: 0 new events, 0 new stories, 0 copy links, 0 dates inferred"]
    assert again.stdout == first.stdout


def test_articles_json(cli) -> None:
    cli("ingest", SEEDS)
    listing = json.loads(cli("articles", "--json").stdout)
    assert len(listing) == 5
    first = listing[0]
    assert first["published"] == {"value": "2023-11-29", "precision": "day", "inferred": False,
                                   "evidence": "dateline 'AFP , Wednesday 29 Nov 2023'"}
    assert first["credits"] == ["AFP"] and first["format"] == "text" and first["language"] == "en"
    assert "text" not in first and first["words"] > 400


def test_listings_page_and_speak_csv_and_newline_json(sqlite_cli) -> None:
    sqlite_cli("run", SEEDS)
    every = json.loads(sqlite_cli("articles", "--json").stdout)
    page = [json.loads(line) for line in sqlite_cli("articles", "--nl", "--limit", "2", "--offset", "1").stdout.splitlines()]
    assert [a["id"] for a in page] == [a["id"] for a in every[1:3]]
    table = list(csv.DictReader(io.StringIO(sqlite_cli("articles", "--csv").stdout)))
    assert [row["id"] for row in table] == [a["id"] for a in every] and table[0]["credits"] == "AFP"
    [story] = csv.DictReader(io.StringIO(sqlite_cli("stories", "--csv").stdout))
    assert (story["first"], story["events"], story["articles"]) == ("2023-11-29", "3", "5")
    assert "Ukraine" in story["entities"].split("; ")
    assert sqlite_cli("stories", "--csv", "--offset", "1").stdout == ""  # past the end: nothing, not even a header
    names = [json.loads(line)["name"] for line in sqlite_cli("entities", "--nl", "--limit", "3", "--offset", "1").stdout.splitlines()]
    assert names == [e["name"] for e in json.loads(sqlite_cli("entities", "--json", "--limit", "4").stdout)][1:]
    hits = list(csv.DictReader(io.StringIO(sqlite_cli("search", "Patriot", "--csv").stdout)))
    assert hits and all("patriot" in h["snippet"].lower() for h in hits)
    both = sqlite_cli("stories", "--csv", "--json")
    assert (both.exit_code, both.stderr) == (2, "error: --json, --csv and --nl: choose one\n")


def test_article_json_and_text(cli) -> None:
    ids = json.loads(cli("ingest", "--json", SEEDS).stdout)["ingested"]
    listing = {a["title"]: a["id"] for a in json.loads(cli("articles", "--json").stdout)}
    article_id = listing["US Secretary of State Blinken reaffirms support for Ukraine amid Russian advances"]
    assert article_id in ids
    data = json.loads(cli("article", "--json", article_id[:8]).stdout)
    assert data["author"] == "Yagiz Efe Parmaksiz" and data["updated"] == "2024-06-03T17:01"
    assert data["removed"][0] == {"line": 1, "text": "Skip to content", "reason": "navigation"}
    assert data["text"].startswith("US Secretary of State Antony Blinken pledges unwavering support")
    shown = cli("article", article_id).stdout
    assert "author:         Yagiz Efe Parmaksiz" in shown
    assert "     1  navigation       Skip to content" in shown
    missing = cli("article", "ffffffffffff")
    assert (missing.exit_code, missing.stderr) == (1, "error: no article with id 'ffffffffffff'\n")


def test_quiet_prints_errors_only(cli, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = cli("--quiet", "ingest", SEEDS, tmp_path / "empty.txt")
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'empty.txt'}: empty file\n"


def _run_in_terminal(args: list[str]) -> str:
    """Run the CLI with a pseudo-terminal as stdout and stderr, as a person at a terminal would."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "storyline.cli", *args], stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=terminal, env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=120)
    os.close(controller)
    return output.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    shown = _run_in_terminal(["--db", str(tmp_path / "a.db"), "ingest", str(SEEDS)])
    assert "ingest" in shown and "5/5" in shown and "━" in shown
    quiet = _run_in_terminal(["--db", str(tmp_path / "b.db"), "--quiet", "ingest", str(SEEDS)])
    assert "━" not in quiet and quiet.strip() == ""
    piped = subprocess.run([sys.executable, "-m", "storyline.cli", "--db", str(tmp_path / "c.db"), "ingest",
                            str(SEEDS)], capture_output=True, text=True, timeout=120)
    assert piped.stderr == "ingested 5, duplicates 0, failed 0\n"


def test_help_lists_flags_without_a_type_and_shows_an_example(sqlite_cli) -> None:
    for command in ("stories", "articles", "entities", "search", "serve", "run"):
        shown = sqlite_cli(command, "--help").stdout
        assert "--help" in shown and "<bool>" not in shown, command
    assert "Example: storyline stories --csv --limit 10 > stories.csv" in sqlite_cli("stories", "--help").stdout
    assert "[default: 127.0.0.1]" in sqlite_cli("serve", "--help").stdout
