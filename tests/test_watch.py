"""Feed watching against a real local HTTP server whose feed changes between polls."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import Route
from samples import STORIES, rss
from storyline import Storyline
from storyline.cli import stopper
from storyline.watch import Round, backoff, parse_interval

RSS = "application/rss+xml"


def feed_route(stories: list[dict], tag: str) -> Route:
    return Route(rss(stories).encode(), RSS, headers={"ETag": f'"{tag}"', "Last-Modified": f"Wed, 17 Apr 2024 0{len(stories)}:00:00 GMT"})


def test_only_new_items_are_taken_and_an_unchanged_feed_costs_a_304(server, db: str) -> None:
    server.routes["/feed.xml"] = feed_route(STORIES[:2], "v1")
    rounds: list[Round] = []

    def changed_after_first(done: Round) -> None:
        rounds.append(done)
        if done.number == 1:
            server.routes["/feed.xml"] = feed_route(STORIES, "v2")  # one item more

    with Storyline(db) as storyline:
        storyline.watch([server.url("/feed.xml")], every=0.05, rounds=3, on_round=changed_after_first)
        assert [(len(r.polls[0].new), r.polls[0].not_modified) for r in rounds] == [(2, False), (1, False), (0, True)]
        assert [h.get("If-None-Match") for h in server.headers] == [None, '"v1"', '"v2"']
        assert "analysed 2" in rounds[0].stages and "linked 2" in rounds[0].stages
        assert "analysed 1" in rounds[1].stages and rounds[2].stages == ""
        assert sorted(a.title for a in storyline.articles()) == sorted(s["title"] for s in STORIES)
        assert all(storyline.analysis(a.id) for a in storyline.articles())
        assert sum(s.articles for s in storyline.stories()) == 3
        state = storyline.store.feed_state(server.url("/feed.xml"))
        assert (state["etag"], state["failures"], state["error"]) == ('"v2"', 0, None)


def test_a_restarted_watch_asks_with_the_stored_validators_and_the_report_follows(server, tmp_path: Path) -> None:
    server.routes["/feed.xml"] = feed_route(STORIES[:1], "only")
    rounds: list[Round] = []
    for _ in range(2):
        with Storyline(tmp_path / "w.db") as storyline:
            storyline.watch([server.url("/feed.xml")], every=1, rounds=1, report=tmp_path / "report",
                            on_round=rounds.append)
    assert [h.get("If-None-Match") for h in server.headers] == [None, '"only"']
    assert rounds[0].stages.endswith(f"report: {tmp_path / 'report' / 'index.html'}") and rounds[1].stages == ""
    assert STORIES[0]["title"] in (tmp_path / "report" / "report.md").read_text("utf-8")


def test_a_failing_feed_backs_off_while_the_others_keep_their_schedule(server, tmp_path: Path) -> None:
    server.routes["/good.xml"] = feed_route(STORIES[:1], "good")
    server.routes["/bad.xml"] = Route(b"oops", "text/plain", status=500)
    rounds: list[Round] = []

    def bad_polls() -> list:
        return [p for r in rounds for p in r.polls if p.url.endswith("bad.xml")]

    def mend_after_two_failures(done: Round) -> None:
        rounds.append(done)
        if len(bad_polls()) == 2:
            server.routes["/bad.xml"] = feed_route(STORIES[1:2], "mended")

    with Storyline(tmp_path / "b.db") as storyline:
        storyline.watch([server.url("/good.xml"), server.url("/bad.xml")], every=0.25, rounds=8,
                        on_round=mend_after_two_failures)
    bad = bad_polls()
    assert "HTTP 500" in bad[0].error and [p.retry_in for p in bad[:2]] == [0.5, 1.0]
    assert bad[2].error is None and len(bad[2].new) == 1 and bad[2].retry_in == 0.25  # mended: back on schedule
    # While bad waited its doubled delay, good went on being polled on its own every 0.25 s.
    second, third = (next(i for i, r in enumerate(rounds) if p in r.polls) for p in bad[1:3])
    alone = [r for r in rounds[second + 1: third] if [Path(p.url).name for p in r.polls] == ["good.xml"]]
    assert len(alone) >= 2


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_the_watch_cleanly(server, tmp_path: Path, stop: int) -> None:
    server.routes["/feed.xml"] = feed_route(STORIES[:2], "v1")
    db = tmp_path / "c.db"
    process = subprocess.Popen([sys.executable, "-m", "storyline.cli", "--db", str(db), "watch",
                                server.url("/feed.xml"), "--every", "0.2s"],
                               stderr=subprocess.PIPE, text=True)
    first = process.stderr.readline()
    assert first.startswith("round 1: 1 polled, 2 new"), first
    time.sleep(0.5)  # a few more polls, all answered 304
    process.send_signal(stop)
    _, rest = process.communicate(timeout=60)
    assert process.returncode == 0, rest
    assert "watch stopped" in rest and "Traceback" not in rest
    with Storyline(db) as storyline:
        assert len(storyline.articles()) == 2 and sum(s.articles for s in storyline.stories()) == 2


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the dropped interrupt
def test_a_stop_signal_whose_interrupt_python_drops_still_ends_the_watch(server, db: str) -> None:
    server.routes["/feed.xml"] = feed_route(STORIES[:2], "v1")
    stop = threading.Event()
    handler = stopper(stop)
    rounds: list[int] = []

    class Finalised:
        def __del__(self) -> None:
            handler()  # a signal handled while a finaliser runs: its KeyboardInterrupt is printed and dropped

    def on_round(done: Round) -> None:
        rounds.append(done.number)
        if done.number == 2:
            Finalised()  # collected at once, so its __del__ runs here

    with Storyline(db) as storyline:
        storyline.watch([server.url("/feed.xml")], every=0.01, rounds=50, on_round=on_round, stop=stop)
    assert rounds == [1, 2]


def test_watch_input_errors_are_one_line(sqlite_cli) -> None:
    local = sqlite_cli("watch", "feeds/news.xml")
    assert local.exit_code == 1 and local.stderr.strip() == (
        "error: feeds/news.xml: watch takes feed URLs (http or https); ingest reads files")
    interval = sqlite_cli("watch", "http://127.0.0.1:9/feed.xml", "--every", "soon")
    assert interval.exit_code == 1
    assert interval.stderr.strip() == "error: --every 'soon': give a duration such as 30s, 15m, 2h or 1d"


def test_intervals_and_backoff() -> None:
    assert [parse_interval(t) for t in ("15m", "30s", "2h", "1d", "90", "0.5s")] == [900, 30, 7200, 86400, 90, 0.5]
    assert [backoff(900, n) for n in (0, 1, 2, 3, 10)] == [900, 1800, 3600, 7200, 86400]
