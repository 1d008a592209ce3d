"""The REST API on a real uvicorn server on a free port, read with a real HTTP client."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import SEEDS, free_port, serving
from storyline import Storyline
from storyline.serve import create_app

STORYLINE = str(Path(sys.executable).with_name("storyline"))  # the installed command


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serve") / "s.db"
    with Storyline(db) as storyline:
        storyline.ingest(SEEDS)
        storyline.analyse()
        storyline.link()
    return db


@pytest.fixture(scope="module")
def api(store: Path) -> Iterator[httpx.Client]:
    with serving(create_app(store)) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client


def test_stories_story_and_its_explanation(api: httpx.Client) -> None:
    listing = api.get("/api/stories").json()
    assert (listing["total"], listing["limit"], listing["offset"]) == (1, 50, 0)
    [story] = listing["items"]
    assert (story["first"], story["last"], story["events"], story["articles"]) == ("2023-11-29", "2024-11-14", 3, 5)
    one = api.get(f"/api/stories/{story['id']}").json()
    assert [e["date"] for e in one["events"]] == ["2023-11-29", "2024-05-14", "2024-11-13"]
    assert all("text" not in a for e in one["events"] for a in e["articles"])
    explained = api.get(f"/api/stories/{story['id']}/explanation").json()
    assert {d["kind"] for d in explained["disagreements"]} >= {"attribution", "internal"}
    assert len(explained["summary"]) == 5 and explained["timeline"]
    findings = api.get(f"/api/stories/{story['id']}/findings").json()
    assert [f["kind"] for f in findings["disagreements"]] == [f["kind"] for f in explained["disagreements"]]
    assert (len(findings["agreements"]), findings["updates"]) == (4, [])
    assert api.get("/api/stories/999/findings").json()["detail"] == "no story with id 999"


def test_listings_page_and_filter(api: httpx.Client) -> None:
    page = api.get("/api/articles", params={"limit": 2, "offset": 1}).json()
    assert (page["total"], len(page["items"]), page["offset"]) == (5, 2, 1)
    everything = api.get("/api/articles").json()["items"]
    assert [a["id"] for a in page["items"]] == [a["id"] for a in everything[1:3]]
    assert all("text" not in a for a in everything)
    outlet = everything[0]["source"]
    assert api.get("/api/stories", params={"outlet": outlet.upper()}).json()["total"] == 1
    assert api.get("/api/stories", params={"entity": "Atlantis"}).json()["total"] == 0
    assert api.get("/api/stories", params={"since": "2025-01-01"}).json()["total"] == 0
    assert api.get("/api/stories", params={"until": "2023-11-29"}).json()["total"] == 1
    names = [e["name"] for e in api.get("/api/entities", params={"limit": 500}).json()["items"]]
    assert "Volodymyr Zelensky" in names and "Kyiv" in names


def test_an_article_with_its_annotations_and_search(api: httpx.Client) -> None:
    first = api.get("/api/articles").json()["items"][0]["id"]
    article = api.get(f"/api/articles/{first[:6]}").json()
    assert article["id"] == first and article["text"]
    assert {"entities", "quotes", "times", "claims"} <= set(article) and article["analysis"]["status"] == "done"
    assert all(m["end"] > m["start"] for e in article["entities"] for m in e["mentions"])  # offsets into the text
    hits = api.get("/api/search", params={"q": "Patriot"}).json()["items"]
    assert hits and all("patriot" in h["snippet"].lower() for h in hits)


def test_errors_are_problem_documents_with_the_cli_line(api: httpx.Client) -> None:
    missing = api.get("/api/stories/999")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert missing.json() == {"type": "about:blank", "title": "Not found", "status": 404,
                              "detail": "no story with id 999"}
    invalid = api.get("/api/articles", params={"limit": 0})
    assert invalid.status_code == 422 and invalid.json()["detail"].startswith("limit: ")
    assert api.get("/api/articles/ffffffffffff").json()["detail"] == "no article with id 'ffffffffffff'"
    nowhere = api.get("/api/nothing")
    assert nowhere.status_code == 404 and nowhere.headers["content-type"] == "application/problem+json"


def test_an_unexpected_failure_is_a_problem_document_too(api: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Storyline) -> list:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(Storyline, "entities", broken)
    failed = api.get("/api/entities")
    assert failed.status_code == 500 and failed.headers["content-type"] == "application/problem+json"
    assert failed.json()["detail"] == "unexpected RuntimeError: the disk went away"


def test_the_schema_is_served_and_no_page_loads_a_cdn(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/search"} <= set(schema["paths"])
    assert api.get("/docs").status_code == 404 and api.get("/redoc").status_code == 404


def test_storyline_serve_runs_on_localhost(store: Path) -> None:
    port = free_port()
    command = [STORYLINE, "--db", str(store), "serve", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline and process.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=5)
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None and answer.json()["total"] == 1
    finally:
        process.terminate()
        process.wait(20)


def test_serve_on_a_store_that_does_not_exist_says_so(tmp_path: Path) -> None:
    result = subprocess.run([STORYLINE, "--db", str(tmp_path / "none.db"), "serve"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'none.db'}: no such store; `storyline run` makes one"
    assert not (tmp_path / "none.db").exists()


def test_the_api_keeps_to_its_schema_under_schemathesis(api: httpx.Client) -> None:
    """Schemathesis generates requests from /openapi.json (bounded: 10 examples an operation, a fixed
    seed) against the running server: no 5xx, every status and content type documented, valid
    requests accepted, a wrong method answered 405 with its Allow header. Not checked: that every
    malformed value is refused, since FastAPI reads `limit=7%C2%A0` as 7, as a reader would mean it."""
    command = [str(Path(sys.executable).with_name("schemathesis")), "run", f"{str(api.base_url).rstrip('/')}/openapi.json",
               "--max-examples", "10", "--seed", "1", "--exclude-checks", "negative_data_rejection",
               "--exclude-method", "POST"]  # ingesting what it makes up would fetch made-up URLs
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stdout[-4000:]
    generated, passed = re.search(r"(\d+) generated, (\d+) passed", result.stdout).groups()  # type: ignore[union-attr]
    assert int(generated) > 100 and passed == generated


FLOOD = ("Heavy rain flooded the river town of Ostrava on Monday, cutting power to thousands of homes. "
         "Emergency crews evacuated the lower districts overnight, the mayor said.")


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[tuple[httpx.Client, Path]]:
    """A server over a new store of its own, taking uploads of at most 2,000 bytes."""
    db = tmp_path / "new.db"
    with serving(create_app(db, tmp_path / "uploads", max_upload=2_000)) as base, \
            httpx.Client(base_url=base, timeout=60) as client:
        yield client, db


def _finished(client: httpx.Client, location: str) -> dict:
    deadline = time.monotonic() + 120
    while (job := client.get(location).json())["stage"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
    return job


def test_uploads_are_ingested_analysed_linked_and_explained_as_a_job(writable: tuple[httpx.Client, Path],
                                                                      tmp_path: Path) -> None:
    client, _ = writable
    files = [("files", ("flood.jsonl", json.dumps({"title": "Floods in Ostrava", "source": "Herald",
                                                  "published": "2021-03-01", "text": FLOOD}), "application/json")),
             ("files", ("../../empty.txt", b"", "text/plain"))]
    answer = client.post("/api/ingest", files=files)
    assert answer.status_code == 202 and answer.headers["location"] == f"/api/jobs/{answer.json()['id']}"
    assert answer.json()["inputs"] == ["flood.jsonl", "../../empty.txt"]
    job = _finished(client, answer.headers["location"])
    assert (job["stage"], len(job["ingested"]), job["duplicates"], job["stories"]) == ("done", 1, 0, 1)
    [rejected] = job["rejected"]
    assert rejected["origin"].endswith("/empty.txt") and rejected["reason"] == "empty file"
    saved = sorted(p.relative_to(tmp_path / "uploads").parts[1] for p in (tmp_path / "uploads").rglob("*.*"))
    assert saved == ["empty.txt", "flood.jsonl"]  # kept, under names that stay in their folder
    [story] = client.get("/api/stories").json()["items"]
    assert story["title"] == "Floods in Ostrava"
    assert client.get(f"/api/stories/{story['id']}/explanation").json()["timeline"]
    again = _finished(client, client.post("/api/ingest", files=files[:1]).headers["location"])
    assert (again["ingested"], again["duplicates"]) == ([], 1)
    assert [j["id"] for j in client.get("/api/jobs").json()["items"]] == [again["id"], job["id"]]


def test_ingest_refuses_what_it_must_not_take(writable: tuple[httpx.Client, Path]) -> None:
    client, db = writable
    cases = [({"data": {"urls": ["file:///etc/passwd"]}}, 400, "urls: not an http(s) URL: file:///etc/passwd"),
             ({"data": {"urls": ["/etc/passwd"]}}, 400, "urls: not an http(s) URL: /etc/passwd"),
             ({}, 400, "nothing to ingest: give files, urls or both"),
             ({"files": [("files", ("big.txt", b"x" * 2_001, "text/plain"))]}, 413, "big.txt: larger than 0.002 MB"),
             ({"data": {"urls": ["https://example.org/"]}, "headers": {"Origin": "https://elsewhere.example"}}, 403,
              "a write from another site (https://elsewhere.example) is refused")]
    for request, status, detail in cases:
        answer = client.post("/api/ingest", **request)
        assert (answer.status_code, answer.headers["content-type"], answer.json()["detail"]) == (
            status, "application/problem+json", detail)
    assert client.get("/api/jobs").json()["total"] == 0
    assert not any((db.parent / "uploads").rglob("*"))  # the refused upload kept nothing
    assert client.get("/api/jobs/nope").json()["detail"] == "no job with id nope"


def test_a_job_waits_for_the_stores_one_writer_and_says_so(writable: tuple[httpx.Client, Path]) -> None:
    client, db = writable
    with Storyline(db) as other:
        other.store.writer.acquire()  # as a `storyline run` in progress would
        location = client.post("/api/ingest", files=[("files", ("a.txt", FLOOD.encode(), "text/plain"))]).headers["location"]
        job = _finished(client, location)
    assert job["stage"] == "failed"
    assert job["error"].endswith("is writing to this store; run again when it has finished")
    retried = _finished(client, client.post("/api/ingest", files=[("files", ("a.txt", FLOOD.encode(), "text/plain"))])
                        .headers["location"])
    assert retried["stage"] == "done" and len(retried["ingested"]) == 1
