"""Analysis cost: the full analyse stage and each analyser against the bare spaCy parse, same articles, same run.

    .venv/bin/python bench/analyse.py [--articles 1000] [--processes 1]

Uses real news text (../shared/corpora: Timeline17 H1N1 and ECB+), ingested into a fresh store.
"bare parse" is the texts through the pipeline with nothing else; each analyser (entities, quotes,
times, claims) is then timed alone on those parsed docs, in ms per article and as a share of the
parse; "full analysis" is `storyline analyse` end to end (reading the store, parsing, every
analyser, writing the store). Target (issue 3): full >= 0.8x bare.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date
from pathlib import Path

from storyline import Storyline
from storyline.analyse.claims import extract_claims
from storyline.analyse.entities import extract_mentions
from storyline.analyse.nlp import load_pipeline, parse
from storyline.analyse.quotes import extract_quotes
from storyline.analyse.times import extract_times

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
            docs = list(parse(texts))
            parse_seconds = time.perf_counter() - start
            costs = _analysers(docs)
            start = time.perf_counter()
            report = storyline.analyse(processes=args.processes)
            full = report.analysed / (time.perf_counter() - start)
            words = sum(len(t.split()) for t in texts)
    bare = len(texts) / parse_seconds
    per_article = 1000 * parse_seconds / len(texts)
    print(f"corpus: {len(texts)} articles, {words:,} words of real news text; processes: {args.processes}")
    print(f"{'bare parse':<28}{per_article:>8.2f} ms/article")
    for name, seconds in costs.items():
        cost = 1000 * seconds / len(texts)
        print(f"{name:<28}{cost:>8.2f} ms/article   ({100 * cost / per_article:.0f}% of the parse)")
    print(f"{'full analysis (analyse)':<28}{full:>8.1f} articles/s against {bare:.1f} bare ({report.summary()})")
    print(f"full / bare: {full / bare:.2f}x   (target >= 0.80x)")


def _analysers(docs: list) -> dict[str, float]:
    """Seconds each analyser takes over all docs, run alone (claims read the times themselves)."""
    anchor = date(2009, 6, 1)
    costs: dict[str, float] = {}
    for name, run in (("entities", lambda d: extract_mentions(d)),
                      ("quotes (with entities)", lambda d: extract_quotes(d, extract_mentions(d))),
                      ("times", lambda d: extract_times(d, anchor)),
                      ("claims (with times)", lambda d: extract_claims(d))):
        start = time.perf_counter()
        for doc in docs:
            run(doc)
        costs[name] = time.perf_counter() - start
    return costs


if __name__ == "__main__":
    main()
