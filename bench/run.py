"""The main job end to end against the bare spaCy pass: same articles, same run.

    .venv/bin/python bench/run.py [--articles 500]

Real news text (Timeline17 H1N1 and ECB+, as bench/analyse.py writes it). "whole pipeline" is
what `storyline run` does: ingest the JSONL file, analyse, link, explain every story and write the
report folder (HTML, JSON, Markdown). "bare nlp.pipe" is the same texts through the same spaCy
pipeline and nothing else.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from analyse import write_corpus

from storyline import Storyline
from storyline.analyse.nlp import load_pipeline, parse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_corpus(folder, args.articles)
        load_pipeline()
        stages = {}
        start = time.perf_counter()
        with Storyline(folder / "run.db") as storyline:
            for stage, work in (("ingest", lambda: storyline.ingest(folder / "corpus.jsonl")),
                                ("analyse", storyline.analyse), ("link", storyline.link),
                                ("explain + report", lambda: storyline.report(folder / "report"))):
                began = time.perf_counter()
                work()
                stages[stage] = time.perf_counter() - began
            texts = [a.text for a in storyline.articles()]
            stories = len(storyline.stories())
        whole = len(texts) / (time.perf_counter() - start)
        start = time.perf_counter()
        for _ in parse(texts):
            pass
        bare = len(texts) / (time.perf_counter() - start)
    print(f"corpus: {len(texts)} articles, {stories} stories")
    for stage, seconds in stages.items():
        print(f"  {stage:<18}{seconds:>8.1f} s")
    print(f"{'whole pipeline':<28}{whole:>8.1f} articles/s")
    print(f"{'bare nlp.pipe':<28}{bare:>8.1f} articles/s")
    print(f"whole / bare: {whole / bare:.2f}x")


if __name__ == "__main__":
    main()
