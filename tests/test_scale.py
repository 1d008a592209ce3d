"""Growing past one machine gives the same answers: the seeds plus 300 generated articles, run on
SQLite in one process, on PostgreSQL with two worker processes, and on a local Dask cluster,
export the same document."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import SEEDS
from storyline import Storyline
from storyline.parallel import ordered_map, workers

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import synthetic  # noqa: E402  (bench/synthetic.py: the scale benchmark's generated corpus)


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """An export without the moments it was made (generated_at, each article's ingested_at)."""
    return {**document, "generated_at": None,
            "articles": [{**a, "ingested_at": None} for a in document["articles"]]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("generated")
    return [SEEDS, *synthetic.write(folder, 300, seed=7, per_file=100)]


@pytest.fixture(scope="module")
def serial(corpus: list[Path], tmp_path_factory) -> dict[str, Any]:
    with Storyline(tmp_path_factory.mktemp("serial") / "s.db") as storyline:
        storyline.ingest(corpus)
        analysed, linked = storyline.update()
        assert (analysed.analysed, linked.placed) == (305, 305)
        return comparable(storyline.export())


def test_the_generated_corpus_makes_stories_with_copies(serial: dict[str, Any]) -> None:
    stories = serial["stories"]
    # Six generated themes that share much of their wording, and the seeds: at least four stories.
    assert len(stories) >= 4 and sum(len(s["articles"]) for s in stories) == 305
    assert any(finding["kind"] in ("number", "update") for s in stories for finding in s["disagreements"] + s["updates"])


def test_postgresql_with_two_processes_stores_what_sqlite_in_one_does(corpus, serial, postgres) -> None:
    with Storyline(postgres.database()) as storyline:
        storyline.ingest(corpus)
        assert storyline.update(processes=2)[0].analysed == 305
        assert comparable(storyline.export()) == serial


def test_run_on_a_local_dask_cluster_stores_what_one_process_does(corpus, serial, sqlite_cli, tmp_path: Path) -> None:
    db = str(tmp_path / "test.db")
    result = sqlite_cli("--quiet", "run", *corpus, "--dask", "local:2", "--out", tmp_path / "report")
    assert result.exit_code == 0, result.stderr
    with Storyline(db) as storyline:
        assert comparable(storyline.export()) == serial
    assert json.loads((tmp_path / "report" / "report.json").read_text("utf-8"))["stories"] == serial["stories"]


@pytest.mark.parametrize(("address", "message"), [
    ("local:none", "--dask local:none: give the number of local workers, e.g. local:2"),
    ("tcp://127.0.0.1:9", "--dask tcp://127.0.0.1:9: cannot reach the scheduler"),
])
def test_a_bad_dask_address_is_one_clear_line(sqlite_cli, tmp_path: Path, address: str, message: str) -> None:
    result = sqlite_cli("run", SEEDS, "--dask", address, "--out", tmp_path / "report")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: {message}")


@pytest.mark.parametrize("kind", [{"processes": 2}, {"dask": "local:1"}])
def test_local_workers_run_nicer_than_the_store_process(kind: dict[str, Any]) -> None:
    """The store process links while the workers parse: on a machine short of cores it must not
    queue behind them for CPU."""
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    with workers(**kind) as (pool, _):
        assert pool is not None
        theirs = pool.submit(os.getpriority, os.PRIO_PROCESS, 0).result()
    assert theirs == min(19, mine + 10)


def test_dask_keeps_a_bounded_log_of_the_tasks_it_sent() -> None:
    """Dask logs its recent messages, which carry each task's articles; at its default length that
    log grew the store process by about 100 MB between 10k and 100k articles."""
    from distributed import default_client

    with workers(dask="local:1") as (pool, _):
        assert list(ordered_map(pool, len, (["an article"] * n for n in range(300)), window=4)) == list(range(300))
        client = default_client()
        streams = [client.scheduler_comm, *client.cluster.scheduler.stream_comms.values()]
        assert all(stream.batch_count > 100 for stream in streams)
        assert all(len(stream.recent_message_log) <= 100 for stream in streams)
