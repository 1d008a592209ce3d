"""Cost of placing one new article as the store grows: 1k, 10k and 100k articles already linked.

    .venv/bin/python bench/link.py [--sizes 1000 10000 100000] [--probe 50]

The corpus is generated from real text: the 620 articles of Timeline17 H1N1 and ECB+ are
analysed once, then cloned with a distinguishing sentence, dates spread over two years, and
their people and organisations renamed in 40 variants, so the store holds many stories and
entities as a real one would. At each size, `--probe` new articles are linked and the mean time
per article is printed. Target (issue 4): the cost stays flat, 100k <= 2x 1k.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from scoring import CORPORA

from storyline import Storyline
from storyline.identity import content_hash
from storyline.models import Analysis, Article, Mention, PublishedDate

VARIANTS = 40
START = date(2023, 1, 1)


def base_corpus(folder: Path) -> list[tuple[Article, Analysis]]:
    records = [json.loads(line) for line in (CORPORA / "t17-h1n1" / "articles.jsonl").read_text("utf-8").splitlines()]
    records = [{"title": r["text"].split("\n")[0][:100], "text": r["text"]} for r in records]
    records += [{"title": r["title"], "text": r["text"]} for r in
                map(json.loads, (CORPORA / "ecbplus-dev" / "docs.jsonl").read_text("utf-8").splitlines())]
    (folder / "base.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    with Storyline(folder / "base.db") as storyline:
        storyline.ingest(folder / "base.jsonl")
        storyline.analyse()
        return [(a, storyline.analysis(a.id)) for a in storyline.articles() if storyline.analysis(a.id).mentions]


def clone(n: int, base: list[tuple[Article, Analysis]]) -> tuple[Article, Analysis]:
    article, analysis = base[n % len(base)]
    variant = (n // len(base)) % VARIANTS
    text = article.text + f"\n\nFiled as item {n}."
    digest = content_hash(text, f"outlet {n % 25}")
    day = START + timedelta(days=(n * 7919) % 730)
    mentions = tuple(Mention(m.start, m.end, m.text, m.label,
                             f"{m.name} {variant}" if m.label in ("PERSON", "ORG") and variant else m.name, m.role)
                     for m in analysis.mentions)
    new = replace(article, id=digest[:16], content_hash=digest, text=text, path=f"generated/{n}",
                  source=f"outlet {n % 25}", domain=None, published=PublishedDate(day.isoformat(), "day"))
    return new, replace(analysis, article_id=new.id, mentions=mentions)


def grow(storyline: Storyline, base: list[tuple[Article, Analysis]], start: int, stop: int, batch: int = 500) -> None:
    """Fill the store in batches; a line to stderr every 5,000 articles, since 100k takes hours."""
    began = time.perf_counter()
    for offset in range(start, stop, batch):
        pairs = [clone(n, base) for n in range(offset, min(stop, offset + batch))]
        storyline.store.add_articles([a for a, _ in pairs])
        storyline.store.save_analyses([x for _, x in pairs])
        storyline.link()
        done = min(stop, offset + batch)
        if done % 5000 == 0:
            print(f"  built {done} articles, {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--probe", type=int, default=50)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        base = base_corpus(Path(folder))
        with Storyline(Path(folder) / "grow.db") as storyline:
            held = 0
            for size in args.sizes:
                grow(storyline, base, held, size)
                held = size
                timings = []
                for n in range(10_000_000 + size, 10_000_000 + size + args.probe):
                    article, analysis = clone(n, base)
                    storyline.store.add_articles([article])
                    storyline.store.save_analyses([analysis])
                    start = time.perf_counter()
                    storyline.link()
                    timings.append(time.perf_counter() - start)
                rows.append((size, statistics.mean(timings) * 1000, statistics.median(timings) * 1000))
                print(f"{size:>8} articles held: {rows[-1][1]:7.1f} ms mean, {rows[-1][2]:7.1f} ms median per new article",
                      flush=True)
    print(f"\n{'articles held':>14}{'ms per article (mean)':>24}{'median':>10}")
    for size, mean, median in rows:
        print(f"{size:>14}{mean:>24.1f}{median:>10.1f}")
    print(f"largest / smallest: {rows[-1][1] / rows[0][1]:.2f}x   (target <= 2x)")


if __name__ == "__main__":
    main()
