"""The HTML report and the web UI in a real headless Chromium: the pages work as a person clicks
through them, and hostile article text stays text.

(Tags in an article's body are stripped at ingest; titles and outlet names are kept as written, so
the hostile markup rides in on those.)"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SEEDS, serving
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
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    (folder / "hostile.jsonl").write_text(json.dumps({"title": f"Floods {HOSTILE}", "source": f"Herald {HOSTILE}",
                                                      "published": "2021-03-01", "text": TEXT}), "utf-8")
    with Storyline(folder / "s.db") as storyline:
        storyline.ingest([SEEDS, folder / "hostile.jsonl"])
        storyline.analyse()
        storyline.link()
    return folder / "s.db"


@pytest.fixture(scope="module")
def report(store: Path) -> Path:
    with Storyline(store) as storyline:
        return storyline.report(store.parent / "report")


@pytest.fixture(scope="module")
def ui(store: Path) -> Iterator[str]:
    from storyline.serve import create_app

    with serving(create_app(store)) as base:
        yield base


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
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(url)
    return page, errors, requests


def test_the_story_page_shows_timeline_and_findings(browser, report: Path) -> None:
    index, errors, _ = _open(browser, report.as_uri())
    assert index.locator("#stories a").count() == 2
    index.locator("#stories a").filter(has_not_text="Floods").first.click()  # the seeds' story
    index.wait_for_load_state()
    assert index.locator("#timeline li").count() >= 10
    assert index.locator("#key-dates dt").count() >= 3
    # on the time axis: the 7 entries of a day (the last scheduled after the last article), 3 of a month as spans
    assert (index.locator("#timeline-axis circle").count(), index.locator("#timeline-axis rect.span").count()) == (7, 3)
    assert index.locator("#timeline-axis path.key").count() == index.locator("#key-dates dt").count()
    assert "13 Nov 2024" in index.locator("#key-dates").inner_text()
    assert index.locator('#key-dates time[datetime="2024-11-13"]').count() == 1
    assert index.locator("#disagreements .finding").count() == 2  # who asked for Patriots; headline vs body
    assert index.locator("#agreements .finding").count() == 4  # three agreements and $61 vs $60 billion
    assert not index.locator("#agreements .finding").first.is_visible()  # folded until asked for
    index.locator("#agreements summary").click()
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


def test_a_reporter_clicks_from_the_stories_to_a_disagreement_its_source_and_a_search(browser, ui: str) -> None:
    page, errors, requests = _open(browser, ui)
    assert page.locator("#stories a").count() == 2
    page.locator("#stories a").filter(has_not_text="Floods").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Blinken Say Admin Sending More Aid"
    assert "Disagreements 2" in page.locator("#sections").inner_text()
    sections = [page.locator(f"#{name}").bounding_box()["y"] for name in ("disagreements", "updates", "timeline", "sources")]
    assert sections == sorted(sections)  # what outlets dispute comes first
    attribution = page.locator("#disagreements .finding.attribution")
    assert [v.inner_text() for v in attribution.locator(".value").all()] == ["Volodymyr Zelensky", "Vladimir Putin"]
    source = attribution.locator(".side").nth(1).locator(".by a").first
    assert source.inner_text() == "unknown outlet, 14 May 2024"  # named by outlet and day, not [3]
    assert "Putin asked for two Patriot batteries" in attribution.locator(".side").nth(1).locator(".said").inner_text()
    source.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{ui}/articles/")
    assert page.locator("h1").inner_text() == "US Secretary of State Blinken reaffirms support for Ukraine amid Russian advances"
    names = page.locator("#text .ent")
    assert names.count() >= 10 and "Kyiv" in names.all_inner_texts()
    assert page.locator("#text .quote").count() >= 1 and page.locator("#text .time").count() >= 1
    lit = names.first.evaluate("e => getComputedStyle(e).backgroundColor")
    page.locator("#show-ent").uncheck()
    assert names.first.evaluate("e => getComputedStyle(e).backgroundColor") != lit  # the toggle hides the names
    page.locator("header.top input[name=q]").fill('"Patriot batteries"')
    page.locator("header.top button").click()
    page.wait_for_load_state()
    hits = page.locator("#hits li")
    assert hits.count() == 1  # one seed writes the phrase; the other says "Patriot air defense systems"
    assert all(m.lower() == "patriot batteries" for m in page.locator("#hits mark").all_inner_texts())
    hits.first.locator("a").click()
    page.wait_for_load_state()
    assert "Patriot" in page.locator("#text").inner_text()
    assert all(url.startswith(ui) for url in requests)  # nothing loads from elsewhere
    assert errors == []


def test_the_ui_filters_sources_by_outlet_and_says_what_is_missing(browser, ui: str) -> None:
    page, errors, _ = _open(browser, ui)
    page.locator("#stories a").filter(has_not_text="Floods").first.click()
    page.wait_for_load_state()
    assert page.locator("#source-list li").count() == 5
    page.locator("#sources select[name=outlet]").select_option("AFP")
    page.locator("#sources button").click()
    page.wait_for_load_state()
    assert page.locator("#source-list li").count() == 1 and "AFP, 29 Nov 2023" in page.locator("#source-list").inner_text()
    page.goto(f"{ui}/stories/999")
    assert page.locator("#problem").inner_text() == "no story with id 999"
    assert errors == [] or all("404" in e for e in errors)


def test_hostile_text_stays_text_in_the_ui(browser, ui: str) -> None:
    page, errors, requests = _open(browser, ui)
    page.locator("#stories a", has_text="Floods").first.click()
    page.wait_for_load_state()
    assert page.title() == f"Floods {HOSTILE} · Storyline"
    page.locator("#source-list a").first.click()
    page.wait_for_load_state()
    assert page.title() == f"Floods {HOSTILE} · Storyline" and f"Herald {HOSTILE}" in page.locator("#byline").inner_text()
    assert page.locator("main img").count() == 0
    assert all(url.startswith(ui) for url in requests)
    assert errors == []


def test_a_reporter_adds_an_article_from_the_stories_page_and_follows_the_job(browser, store: Path,
                                                                               tmp_path: Path) -> None:
    from playwright.sync_api import expect

    from storyline.serve import create_app

    copy = tmp_path / "copy.db"
    with sqlite3.connect(store) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    upload = tmp_path / "quake.txt"
    upload.write_text("Quake shakes Valparaiso\n\nA strong earthquake shook the Chilean port of Valparaiso on "
                      "Tuesday, damaging old houses on its hills, the interior ministry said.", "utf-8")
    with serving(create_app(copy, tmp_path / "uploads")) as base:
        page, errors, requests = _open(browser, base)
        page.locator("#add summary").click()
        page.locator("#add input[type=file]").set_input_files(str(upload))
        page.locator("#add button").click()
        page.wait_for_url(f"{base}/jobs/*")
        expect(page.locator("#stage")).to_have_text(re.compile("^Done"), timeout=120_000)  # it refreshes until then
        assert page.locator("#stage").inner_text() == "Done: 1 new article, 0 already stored; 3 stories in the store."
        page.locator("#ingested a").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Quake shakes Valparaiso"
        assert "Valparaiso" in page.locator("#text .ent").all_inner_texts()
        assert all(url.startswith(base) for url in requests) and errors == []
