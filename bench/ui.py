"""The story page a reporter opens, measured in Debian's Chromium at 1400 px wide.

    .venv/bin/python bench/ui.py [--db STORE] [--shots DIR] [--scale 1000]

Without --db, builds a store from the raw wire pile (../shared/corpora/t17-h1n1/InputDocs, one
`storyline run`, about a minute). Serves it with `storyline serve` on a free port and opens its
biggest story: as the last run kept its explanation, then from a copy of the store that keeps none
(the story changed since the run: the first visit explains it, the next has it in memory); for each
the server's time, the HTML's size, the browser's time to the load event and the page's height.
Then the same story
scaled to --scale articles (its members repeated under new ids, so every list on the page grows
the same way) is rendered as a static report page and measured the same way: the page must stay
light at a thousand articles. Screenshots of the top of each page (1400 x 900) go to --shots.
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, sync_playwright

from storyline import Storyline
from storyline.report import html
from storyline.report.document import exported_article
from storyline.serialize import SCHEMA, explanation_dict

ROOT = Path(__file__).resolve().parents[1]
STORYLINE = str(Path(sys.executable).with_name("storyline"))
WIRE = ROOT.parent / "shared" / "corpora" / "t17-h1n1" / "InputDocs"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to serve (default: build one from the raw wire pile)")
    parser.add_argument("--shots", type=Path, default=Path("bench/out/ui"), help="where screenshots go")
    parser.add_argument("--scale", type=int, default=1000, help="articles of the scaled story")
    args = parser.parse_args()
    args.shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or _build(Path(scratch))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            rows = _served(db, browser, args.shots, ("served, explanation kept by the run",))
            unkept = _without_kept(db, Path(scratch))
            rows += _served(unkept, browser, args.shots, ("served, story changed since: explained now",
                                                          "served, again (held in memory)"))
            rows.append(_scaled(db, browser, args.scale, Path(scratch), args.shots))
            browser.close()
    print(f"{'page':<44} {'articles':>8} {'server s':>9} {'HTML KB':>8} {'load s':>7} {'height px':>10}")
    for row in rows:
        server = f"{row['server']:.2f}" if row["server"] is not None else "-"
        print(f"{row['page']:<44} {row['articles']:>8} {server:>9} {row['bytes'] / 1024:>8.0f} {row['load']:>7.2f} "
              f"{row['height']:>10,}")
    print(f"screenshots: {args.shots}")


def _build(folder: Path) -> Path:
    db = folder / "wire.db"
    print(f"building {db} from {WIRE} ...", file=sys.stderr)
    subprocess.run([STORYLINE, "--db", str(db), "-q", "run", "--out", str(folder / "report"), str(WIRE)], check=False,
                   stdout=subprocess.DEVNULL)
    return db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _without_kept(db: Path, scratch: Path) -> Path:
    copy = scratch / "unkept.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("DELETE FROM explanation")
    return copy


def _served(db: Path, browser: Browser, shots: Path, visits: tuple[str, ...]) -> list[dict[str, Any]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([STORYLINE, "--db", str(db), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=base, timeout=600) as client:
            for _ in range(600):
                try:
                    client.get("/api/stories", params={"limit": 1})
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            [story] = client.get("/api/stories", params={"limit": 1}).json()["items"]
            url = f"/stories/{story['id']}"
            rows = []
            for name in visits:
                started = time.perf_counter()
                answer = client.get(url)
                server_s = time.perf_counter() - started
                answer.raise_for_status()
                rows.append({"page": name, "articles": story["articles"], "server": server_s, "bytes": len(answer.content)})
        load, height = _open(browser, base + url, shots / "story-served.png")
        for row in rows:
            row.update(load=load, height=height)
        load, height = _open(browser, base + "/", shots / "stories-served.png")
        return rows
    finally:
        server.terminate()
        server.wait(30)


def _scaled(db: Path, browser: Browser, size: int, scratch: Path, shots: Path) -> dict[str, Any]:
    with Storyline(db) as storyline:
        [story] = storyline.explain(story_ids=[storyline.stories()[0].id])
        exported = explanation_dict(story)
        members = [exported_article(storyline.article(a)) for a in exported["articles"]]
    copies = -(-size // len(members))
    articles = [_renamed(a, set(exported["articles"]), n) for n in range(copies) for a in members][:size]
    document = {"schema": SCHEMA, "generated_at": None, "warnings": [], "skipped": [], "articles": articles,
                "stories": [_repeat(exported, copies, {a["id"] for a in articles})]}
    folder = scratch / "scaled"
    html.write(document, folder)
    page = folder / f"story-{exported['id']}.html"
    load, height = _open(browser, page.as_uri(), shots / "story-scaled.png")
    return {"page": f"static report, story scaled x{copies}", "articles": len(articles), "server": None,
            "bytes": page.stat().st_size, "load": load, "height": height}


def _renamed(value: Any, ids: set[str], n: int) -> Any:
    """`value` with every member id in it renamed to its nth twin's."""
    if isinstance(value, str) and value in ids:
        return f"{value}-{n}"
    if isinstance(value, list):
        return [_renamed(v, ids, n) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, ids, n) for k, v in value.items()}
    return value


def _repeat(story: dict[str, Any], copies: int, kept: set[str]) -> dict[str, Any]:
    """The story as if each member had `copies` twins: every list of it repeated once per twin."""
    ids = set(story["articles"])
    parts = [_renamed(story, ids, n) for n in range(copies)]
    scaled = dict(parts[0])
    for key in ("timeline", "agreements", "disagreements", "updates", "quotes", "copies", "articles"):
        scaled[key] = [item for part in parts for item in part[key]]
    scaled["articles"] = [a for a in scaled["articles"] if a in kept]
    return scaled


def _open(browser: Browser, url: str, shot: Path) -> tuple[float, int]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    started = time.perf_counter()
    page.goto(url, wait_until="load")
    load = time.perf_counter() - started
    height = int(page.evaluate("document.documentElement.scrollHeight"))
    page.screenshot(path=str(shot))
    page.close()
    return load, height


if __name__ == "__main__":
    main()
