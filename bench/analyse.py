"""Analysis throughput: the full analyse stage against the bare spaCy pass, same articles, same run.

    .venv/bin/python bench/analyse.py [--articles 1000] [--processes 1]

Uses real news text (../shared/corpora: Timeline17 H1N1 and ECB+), ingested into a fresh store.
"full analysis" is `storyline analyse` end to end (reading the store, parsing, entities, quotes,
times, claims, writing the store); "bare nlp.pipe" is the same texts through the same pipeline
with nothing else. Target (issue 3): full >= 0.8x bare.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from storyline import Storyline
from storyline.analyse.nlp import load_pipeline, parse

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def write_corpus(folder: Path, count: int) -> None:
    """`count` JSONL records of real articles; repeats get a distinguishing line so none is a duplicate."""
    docs = []
    for line in (CORPORA / "t17-h1n1" / "articles.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        docs.append({"title": record["text"].split("\n")[0][:80], "text": record["text"], "date": record["time"]})
    for line in (CORPORA / "ecbplus-dev" / "docs.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        docs.append({"title": record["title"], "text": record["text"]})
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for n in range(count):
            doc = dict(docs[n % len(docs)])
            doc["text"] += f"\nThis copy was filed as number {n}."
            out.write(json.dumps(doc) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(Path(folder), args.articles)
        with Storyline(Path(folder) / "bench.db") as storyline:
            storyline.ingest(Path(folder) / "corpus.jsonl")
            texts = [a.text for a in storyline.articles()]
            load_pipeline()
            start = time.perf_counter()
            for _ in parse(texts, processes=args.processes):
                pass
            bare = len(texts) / (time.perf_counter() - start)
            start = time.perf_counter()
            report = storyline.analyse(processes=args.processes)
            full = report.analysed / (time.perf_counter() - start)
            words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} articles, {words:,} words of real news text; processes: {args.processes}")
    print(f"{'bare nlp.pipe':<28}{bare:>10.1f} articles/s")
    print(f"{'full analysis (analyse)':<28}{full:>10.1f} articles/s   ({report.summary()})")
    print(f"full / bare: {full / bare:.2f}x   (target >= 0.80x)")


if __name__ == "__main__":
    main()
