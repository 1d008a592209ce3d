"""Every reader, through the public API against a real SQLite store and a real local HTTP server."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import DATA, LocalServer, Route
from samples import STORIES, atom, json_record, rss, story_html, story_text
from storyline import Storyline
from storyline.ingest.formats import sniff


@pytest.fixture
def sl(db: str):
    with Storyline(db) as storyline:
        yield storyline


def _by_title(sl: Storyline) -> dict[str, object]:
    return {a.title: a for a in sl.articles()}


def test_plain_text_first_line_is_title(sl: Storyline, seed_files: dict[str, Path]) -> None:
    report = sl.ingest(seed_files["002"])
    assert report.failures == [] and len(report.ingested) == 1
    article = sl.article(report.ingested[0])
    assert article.title == "US Secretary of State Blinken reaffirms support for Ukraine amid Russian advances"
    assert article.format == "text" and article.language == "en"
    assert article.path == str(seed_files["002"])
    assert article.published is not None and article.published.value == "2024-05-14T22:34"


def test_markdown(sl: Storyline, tmp_path: Path) -> None:
    story = STORIES[1]
    path = tmp_path / "drought.md"
    path.write_text(f"# {story['title']}\n\n{story_text(story)}\n", "utf-8")
    [article] = [sl.article(i) for i in sl.ingest(path).ingested]
    assert article.title == story["title"]
    assert article.text == story_text(story)


def test_html_page_main_text_and_metadata(sl: Storyline) -> None:
    report = sl.ingest(DATA / "news-page.html")
    assert report.failures == []
    article = sl.article(report.ingested[0])
    assert article.title == "Port strike ends after 12 days as unions accept wage deal"
    assert article.source == "The Harbour Courier"
    assert article.author == "Maria Lindqvist"
    assert article.published is not None and article.published.day == "2024-03-08"
    assert article.format == "html"
    assert article.text.startswith("Dock workers at the country's two largest container ports")
    assert article.text.endswith("timber and machinery.")
    for furniture in ("Skip to content", "Subscribe", "Leave a Reply", "All rights reserved", "Privacy"):
        assert furniture not in article.text


def test_html_over_http(sl: Storyline, server: LocalServer) -> None:
    story = STORIES[2]
    server.routes["/chips"] = Route(story_html(story).encode())
    report = sl.ingest(server.url("/chips"))
    assert report.failures == []
    article = sl.article(report.ingested[0])
    assert article.url == server.url("/chips")
    assert article.domain == "127.0.0.1"
    assert (article.title, article.source, article.author) == (story["title"], story["source"], story["author"])
    assert article.published is not None and article.published.day == "2024-10-09"
    assert article.text == story_text(story)


def test_json_array_with_common_field_names(sl: Storyline, tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text("[" + ",".join(json_record(s) for s in STORIES) + "]", "utf-8")
    report = sl.ingest(path)
    assert report.failures == [] and len(report.ingested) == 3
    article = _by_title(sl)[STORIES[0]["title"]]
    assert article.source == "Northern Ledger" and article.domain == "ledger.example"
    assert article.author == "Priya Raman" and article.url == STORIES[0]["url"]
    assert article.published is not None and article.published.value == "2024-04-17T08:30"
    assert article.path == f"{path}#1"
    assert article.text == story_text(STORIES[0])


def test_json_wrapper_object_and_html_content(sl: Storyline, tmp_path: Path) -> None:
    story = STORIES[1]
    record = {"title": story["title"], "content": "".join(f"<p>{p}</p>" for p in story["paragraphs"]),
              "url": story["url"], "date": "2 August 2024", "source": "Valley Times"}
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"status": "ok", "articles": [record]}), "utf-8")
    [article] = [sl.article(i) for i in sl.ingest(path).ingested]
    assert article.text == story_text(story)
    assert article.published is not None and (article.published.value, article.published.precision) == ("2024-08-02", "day")


def test_jsonl_keeps_good_lines_and_reports_bad_ones(sl: Storyline, tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [json_record(STORIES[0]), '{"headline": "broken", "body": "no closing brace"',
             json.dumps({"headline": "No body here", "link": "https://x.example/a"}), json_record(STORIES[2])]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    report = sl.ingest(path)
    assert len(report.ingested) == 2
    assert report.failures == [
        f"{path}:2: malformed JSON line (column 50: Expecting ',' delimiter)",
        f"{path}:3: no text field (expected one of: text, content, body)",
    ]
    assert {a.path for a in sl.articles()} == {f"{path}:1", f"{path}:4"}


def test_json_unreadable_date_is_a_notice_not_a_failure(sl: Storyline, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": story_text(STORIES[0]), "date": "sometime soon"}), "utf-8")
    report = sl.ingest(path)
    assert report.failures == [] and len(report.ingested) == 1
    assert report.notices == [f"{path}#1: cannot read the date 'sometime soon'; stored without a date"]
    assert sl.article(report.ingested[0]).published is None


def test_rss_with_full_content(sl: Storyline, tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(rss(STORIES), "utf-8")
    report = sl.ingest(path)
    assert report.failures == [] and len(report.ingested) == 3
    article = _by_title(sl)[STORIES[1]["title"]]
    assert article.format == "feed" and article.source == "Regional News Feed"
    assert article.author == STORIES[1]["author"] and article.url == STORIES[1]["url"]
    assert article.published is not None and article.published.value == "2024-04-17T08:30"
    assert article.text == story_text(STORIES[1])


def test_atom_with_full_content(sl: Storyline, tmp_path: Path) -> None:
    path = tmp_path / "desk.atom"
    path.write_text(atom(STORIES[:2]), "utf-8")
    report = sl.ingest(path)
    assert report.failures == [] and len(report.ingested) == 2
    article = _by_title(sl)[STORIES[0]["title"]]
    assert article.source == "Atom Desk" and article.published.value == "2024-08-02T14:00"
    assert article.text == story_text(STORIES[0])


def test_summary_only_feed_is_skipped_without_follow_links(sl: Storyline, server: LocalServer) -> None:
    server.routes["/feed.xml"] = Route(rss(STORIES, full=False, base=server.base).encode(), "application/rss+xml")
    report = sl.ingest(server.url("/feed.xml"))
    assert report.ingested == [] and report.failures == []
    assert report.notices == [f"{server.url('/feed.xml')}: 3 item(s) carry only a summary and were skipped; "
                              "--follow-links fetches their pages"]
    assert server.requests == ["/feed.xml"]


def test_follow_links_fetches_item_pages(sl: Storyline, server: LocalServer) -> None:
    server.routes["/feed.xml"] = Route(rss(STORIES, full=False, base=server.base).encode(), "application/rss+xml")
    for story in STORIES[:2]:
        server.routes["/" + story["url"].rsplit("/", 1)[-1]] = Route(story_html(story).encode())
    report = sl.ingest(server.url("/feed.xml"), follow_links=True)
    assert len(report.ingested) == 2
    missing = server.url("/" + STORIES[2]["url"].rsplit("/", 1)[-1])
    assert report.failures == [f"{missing}: HTTP 404 Not Found"]
    article = _by_title(sl)[STORIES[0]["title"]]
    assert article.format == "html" and article.text == story_text(STORIES[0])
    assert article.url == server.url("/tram-line")


def test_directory_recursion_with_globs(sl: Storyline, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "drafts").mkdir(parents=True)
    (root / "a" / "b").mkdir(parents=True)
    for index, story in enumerate(STORIES):
        (root / "a" / "b" / f"story{index}.txt").write_text(f"{story['title']}\n\n{story_text(story)}", "utf-8")
    (root / "drafts" / "draft.txt").write_text(f"Draft\n\n{story_text(STORIES[0])} Draft.", "utf-8")
    (root / "notes.md").write_text("Notes\n\nNothing to see here, just a note to self.", "utf-8")
    (root / ".hidden.txt").write_text("Hidden\n\nA hidden file is skipped.", "utf-8")
    report = sl.ingest(root, include=("*.txt",), exclude=("drafts/*",))
    assert report.failures == []
    assert sorted(Path(a.path).name for a in sl.articles()) == ["story0.txt", "story1.txt", "story2.txt"]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_gzip_and_tar_archives(sl: Storyline, tmp_path: Path) -> None:
    texts = [f"{s['title']}\n\n{story_text(s)}".encode() for s in STORIES]
    (tmp_path / "batch.zip").write_bytes(_zip({"one/a.txt": texts[0], "__MACOSX/._a.txt": b"\x00\x05junk"}))
    (tmp_path / "single.txt.gz").write_bytes(gzip.compress(texts[1]))
    tar_buffer = io.BytesIO()
    with tarfile.open(fileobj=tar_buffer, mode="w") as archive:
        info = tarfile.TarInfo("inner/c.txt")
        info.size = len(texts[2])
        archive.addfile(info, io.BytesIO(texts[2]))
    (tmp_path / "bundle.tar.gz").write_bytes(gzip.compress(tar_buffer.getvalue()))
    report = sl.ingest(tmp_path)
    assert report.failures == [] and len(report.ingested) == 3
    assert sorted(a.path for a in sl.articles()) == sorted([
        f"{tmp_path / 'batch.zip'}!one/a.txt", str(tmp_path / "single.txt.gz"),
        f"{tmp_path / 'bundle.tar.gz'}!inner/c.txt"])


def test_archive_limits_refuse_bombs_and_oversized_members(sl: Storyline, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(_zip({"zeros.txt": b"a" * 5_000_000, "fine.txt": f"{STORIES[0]['title']}\n\n{story_text(STORIES[0])}".encode()}))
    gz_bomb = tmp_path / "bomb.txt.gz"
    gz_bomb.write_bytes(gzip.compress(b"b" * 5_000_000))
    report = sl.ingest([bomb, gz_bomb], max_archive_ratio=50)
    assert len(report.ingested) == 1
    assert report.failures[0].startswith(f"{bomb}!zeros.txt: compression ratio ")
    assert report.failures[0].endswith("is over 50:1, refused as a possible zip bomb")
    assert report.failures[1] == f"{gz_bomb}: compression ratio over 50:1, refused as a possible zip bomb"
    big = tmp_path / "big.zip"
    big.write_bytes(_zip({"big.txt": bytes(range(32, 127)) * 20_000}))
    report = sl.ingest(big, max_file_bytes=1_000_000)
    assert report.failures == [f"{big}!big.txt: file is 1.9 MB, over the 1 MB limit (--max-size)"]


@pytest.mark.parametrize(("head", "name", "kind"), [
    ("Blink and you miss it: the budget passed", "x.txt", "text"),
    ('<?xml version="1.0"?><rss version="2.0">', "x", "feed"),
    ("<feed xmlns='http://www.w3.org/2005/Atom'>", "x", "feed"),
    ("<!DOCTYPE html><html><body>", "x.txt", "html"),
    ("<div><p>fragment</p></div>", "x", "html"),
    ('{"text": "a"}', "x.txt", "json"),
    ("[]", "x", "json"),
    ("not json at all", "x.json", "json"),
    ("plain words", "feed.rss", "feed"),
])
def test_sniffing_by_content_with_name_as_tie_breaker(head: str, name: str, kind: str) -> None:
    assert sniff(head, name) == kind
