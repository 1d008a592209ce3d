"""The main job end to end against the bare spaCy pass: same articles, each from a cold start.

    .venv/bin/python bench/run.py [--articles 500]

Real news text (Timeline17 H1N1 and ECB+, as bench/analyse.py writes it). "whole pipeline" is
what `storyline run` does: ingest the JSONL file, analyse, link, explain every story and write the
report folder (HTML, JSON, Markdown). "bare nlp.pipe" is the same texts through the same spaCy
pipeline and nothing else. Each runs in a fresh process with the model loaded before the clock
starts, so neither meets a vocabulary the other has already filled (a second pass over the same
texts parses about 8% faster).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analyse import write_corpus

STAGES = ("ingest", "analyse", "link", "explain + report")


def whole(folder: Path) -> dict[str, float]:
    """`storyline run` on the corpus, stage by stage."""
    from storyline import Storyline
    from storyline.analyse.nlp import load_pipeline

    load_pipeline()
    figures = {}
    start = time.perf_counter()
    with Storyline(folder / "run.db") as storyline:
        for stage, work in zip(STAGES, (lambda: storyline.ingest(folder / "corpus.jsonl"), storyline.analyse,
                                        storyline.link, lambda: storyline.report(folder / "report"))):
            began = time.perf_counter()
            work()
            figures[stage] = time.perf_counter() - began
        figures["articles"] = len(storyline.articles())
        figures["stories"] = len(storyline.stories())
    figures["seconds"] = time.perf_counter() - start
    return figures


def bare(folder: Path) -> dict[str, float]:
    """The same articles' texts (as stored) through the parser alone."""
    from storyline import Storyline
    from storyline.analyse.nlp import load_pipeline, parse

    with Storyline(folder / "run.db") as storyline:
        texts = [a.text for a in storyline.articles()]
    load_pipeline()
    start = time.perf_counter()
    for _ in parse(texts):
        pass
    return {"articles": len(texts), "seconds": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--part", choices=("whole", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        print(json.dumps((whole if args.part == "whole" else bare)(args.folder)))
        return
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_corpus(folder, args.articles)
        runs = {part: json.loads(subprocess.run([sys.executable, __file__, "--part", part, "--folder", name],
                                                check=True, capture_output=True, text=True).stdout.splitlines()[-1])
                for part in ("whole", "bare")}
    done, parsed = runs["whole"], runs["bare"]
    print(f"corpus: {done['articles']:.0f} articles, {done['stories']:.0f} stories")
    for stage in STAGES:
        print(f"  {stage:<18}{done[stage]:>8.1f} s")
    rate, bare_rate = done["articles"] / done["seconds"], parsed["articles"] / parsed["seconds"]
    print(f"{'whole pipeline':<28}{rate:>8.1f} articles/s")
    print(f"{'bare nlp.pipe':<28}{bare_rate:>8.1f} articles/s")
    print(f"whole / bare: {rate / bare_rate:.2f}x")


if __name__ == "__main__":
    main()
