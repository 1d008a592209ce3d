"""Explain one big story: seconds and peak memory, by the story's size.

    .venv/bin/python bench/explain_story.py [--sizes 1000 10000] [--cache /tmp/storyline-story]

For each size, `bench/synthetic.py` generates one story of that many articles (three events weeks
apart, many outlets, wire reruns, rounded figures), and a store is filled once with it (ingest,
analyse, link; kept in --cache). A fresh child process then explains the store's biggest story as
`storyline run` does when the story has changed (`Storyline.explain`), and prints how long that took
and its peak resident memory beside what it held before explaining (the store opened, nothing
read). Printed per size: the story's articles, explain seconds, milliseconds per article, peak MB,
and MB over the resting process.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import synthetic  # bench/synthetic.py, beside this script


def child(db: str) -> None:
    """Runs in its own process: explain the biggest story; prints its figures as JSON."""
    from storyline import Storyline

    with Storyline(db) as storyline:
        resting = psutil.Process().memory_info().rss / 2**20
        story = max(storyline.stories(), key=lambda s: s.articles)
        start = time.perf_counter()
        [explained] = storyline.explain([story.id])
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"articles": story.articles, "seconds": seconds, "peak_mb": peak, "resting_mb": resting,
                      "timeline": len(explained.timeline), "findings": len(explained.disagreements)}))


def store_for(size: int, cache: Path) -> Path:
    """A store holding one generated story of `size` articles, made once and kept."""
    from storyline import Storyline

    db = cache / f"story-{size}.db"
    if db.exists():
        return db
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        synthetic.write(Path(folder), size, per_story=size)
        partial = cache / f"story-{size}.partial.db"
        partial.unlink(missing_ok=True)
        with Storyline(partial) as storyline:
            storyline.ingest(folder)
            storyline.update()
        partial.rename(db)
        Path(f"{partial}.lock").unlink(missing_ok=True)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/storyline-story"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(f"{'articles':>9} {'explain s':>10} {'ms/article':>11} {'peak MB':>8} {'over rest':>10}")
    for size in args.sizes:
        db = store_for(size, args.cache)
        out = subprocess.run([sys.executable, __file__, "--child", str(db)], check=True, capture_output=True, text=True)
        figures = json.loads(out.stdout.splitlines()[-1])
        print(f"{figures['articles']:>9,} {figures['seconds']:>10.1f} {1000 * figures['seconds'] / figures['articles']:>11.2f}"
              f" {figures['peak_mb']:>8.0f} {figures['peak_mb'] - figures['resting_mb']:>10.0f}")


if __name__ == "__main__":
    main()
