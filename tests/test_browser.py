"""The HTML report in a real headless Chromium: the page works, and hostile article text stays text.

(Tags in an article's body are stripped at ingest; titles and outlet names are kept as written, so
the hostile markup rides in on those.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS
from storyline import Storyline

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="needs Debian's chromium package (apt-get install chromium); .ci/run installs it")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
TEXT = ("Heavy rain flooded the river town of Ostrava on Monday, cutting power to thousands of homes. "
        "Emergency crews evacuated the lower districts overnight, the mayor said.")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    (folder / "hostile.jsonl").write_text(json.dumps({"title": f"Floods {HOSTILE}", "source": f"Herald {HOSTILE}",
                                                      "published": "2021-03-01", "text": TEXT}), "utf-8")
    with Storyline(folder / "s.db") as storyline:
        storyline.ingest([SEEDS, folder / "hostile.jsonl"])
        storyline.analyse()
        storyline.link()
        return storyline.report(folder / "report")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _open(browser, url: str):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    return page, errors, requests


def test_the_story_page_shows_timeline_and_findings(browser, report: Path) -> None:
    index, errors, _ = _open(browser, report.as_uri())
    assert index.locator("#stories a").count() == 2
    index.locator("#stories a").filter(has_not_text="Floods").first.click()  # the seeds' story
    index.wait_for_load_state()
    assert index.locator("#timeline li").count() >= 10
    assert index.locator("#key-dates dt").count() >= 3
    assert "2024-11-13" in index.locator("#key-dates").inner_text()
    assert index.locator("#disagreements .finding").count() == 2  # who asked for Patriots; headline vs body
    assert index.locator("#agreements .finding").count() == 4  # three agreements and $61 vs $60 billion
    assert "$61 billion / $60 billion" in index.locator("#agreements .finding.close").inner_text()
    assert "Putin" in index.locator("#disagreements").inner_text()
    shot = report.parent / "story.png"
    index.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert errors == []


def test_hostile_article_text_shows_as_text_and_runs_nothing(browser, report: Path) -> None:
    page, errors, requests = _open(browser, report.as_uri())
    assert f"Floods {HOSTILE}" in page.locator("#stories").inner_text()  # its headline titles the story
    page.locator("#stories a", has_text="Floods").first.click()
    page.wait_for_load_state()
    assert page.title() == f"Floods {HOSTILE} · Storyline"  # the markup is text; no script set the title
    assert f"Floods {HOSTILE}" in page.locator("#sources").inner_text()
    assert page.locator("main img, blockquote img, li img").count() == 0
    assert all(url.startswith("file://") for url in requests)  # no request leaves the machine
    assert errors == []
