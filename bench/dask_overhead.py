"""Dask overhead: memory of the calling (store) process as tasks of articles go through Dask.

    .venv/bin/python bench/dask_overhead.py [--tasks 4000] [--workers 2]

Sends `--tasks` tasks of generated articles (as many per task as analysis sends) through
`storyline.parallel` with `--dask local:N`, the way `storyline run --dask` does, but each task only
counts characters, so what is measured is Dask's own bookkeeping in the calling process, where a
LocalCluster's scheduler also runs. Prints that process's resident memory after each tenth of the
tasks. With bounded bookkeeping it levels off; the first tenth of 4,000 tasks is the 10,000 articles and
all of them the 100,000 of `bench/scale.py`'s two corpora.
"""

from __future__ import annotations

import argparse
import gc

import psutil

import synthetic  # bench/synthetic.py, beside this script
from storyline.analyse.pipeline import TASK_ARTICLES, in_tasks
from storyline.parallel import ordered_map, workers


def characters(articles: list[dict[str, str]]) -> int:
    """The task: cheap, so the workers never hold the calling process back."""
    return sum(len(article["text"]) for article in articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    me = psutil.Process()
    tenths = {args.tasks * q // 10 for q in range(1, 11)}
    with workers(dask=f"local:{args.workers}") as (pool, count):
        print(f"{args.tasks:,} tasks of {TASK_ARTICLES} articles, dask local:{count}")
        print("| tasks done | articles | calling process MB |")
        print("| --- | --- | --- |")
        sent = in_tasks(synthetic.articles(args.tasks * TASK_ARTICLES))
        for done, _ in enumerate(ordered_map(pool, characters, sent, window=4 * count), 1):
            if done in tenths:
                gc.collect()
                print(f"| {done:,} | {done * TASK_ARTICLES:,} | {me.memory_info().rss / 2**20:.0f} |", flush=True)


if __name__ == "__main__":
    main()
