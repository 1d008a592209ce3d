"""Generated articles of real length from real news text, for the scale benchmark's real-length mode.

`bench/synthetic.py` writes articles of ~120 words from templates; real news runs 300 to 1,000,
and the parse, which is most of the cost, grows with it. Here each article is a walk of a word
chain (each word followed by one that follows it somewhere in the topic's real articles) over one
topic of `../shared/corpora` (an ECB+ event cluster, or PolNeAR's political news), as long as a
real article drawn at random: the words, names, numbers, quotes and sentence lengths of news, in
no article's order, so two generated articles share no sentence by chance and no copy is made
up. Each topic's articles are published over a few weeks from its own start. Deterministic for a
seed; JSON Lines files of `per_file` articles, as `synthetic.write` writes them.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from synthetic import OUTLETS

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d]?$")


@lru_cache(maxsize=1)
def topics() -> tuple[tuple[dict[str, list[str]], tuple[str, ...]], ...]:
    """Per topic: its word chain (word -> the words that follow it) and its articles' first words."""
    texts: dict[str, list[str]] = defaultdict(list)
    for line in (CORPORA / "ecbplus-dev" / "docs.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        texts[record["cluster"]].append(record["text"])
    for path in sorted((CORPORA / "polnear-dev" / "dev" / "text").glob("*.txt")):
        texts["polnear"].append(path.read_text("utf-8"))
    chains = []
    for name in sorted(texts):
        follows: dict[str, list[str]] = defaultdict(list)
        starts = []
        for text in texts[name]:
            words = text.split()
            if len(words) > 2:
                starts.append(words[0])
            for a, b in zip(words, words[1:]):
                follows[a].append(b)
        chains.append((dict(follows), tuple(starts)))
    return tuple(chains)


@lru_cache(maxsize=1)
def lengths() -> tuple[int, ...]:
    """Words per article in the real piles: the lengths generated articles are drawn from."""
    found = [len(json.loads(line)["text"].split())
             for line in (CORPORA / "ecbplus-dev" / "docs.jsonl").read_text("utf-8").splitlines()]
    found += [len(p.read_text("utf-8").split()) for p in (CORPORA / "polnear-dev" / "dev" / "text").glob("*.txt")]
    found += [len(json.loads(line)["text"].split())
              for line in (CORPORA / "t17-h1n1" / "articles.jsonl").read_text("utf-8").splitlines()]
    return tuple(sorted(n for n in found if n >= 50))


def _walk(rng: random.Random, follows: dict[str, list[str]], starts: tuple[str, ...], count: int) -> str:
    """About `count` words of the chain, in paragraphs of two or three sentences."""
    words, sentences = [rng.choice(starts)], 0
    paragraphs = []
    while len(words) + sum(len(p) for p in paragraphs) < count or not _SENTENCE_END.search(words[-1]):
        nexts = follows.get(words[-1])
        words.append(rng.choice(nexts) if nexts else rng.choice(starts))
        if _SENTENCE_END.search(words[-1]):
            sentences += 1
            if sentences >= rng.choice((2, 3)):
                paragraphs.append(words)
                words, sentences = [rng.choice(starts)], 0
    paragraphs.append(words)
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def articles(count: int, seed: int = 1, start: date = date(2023, 1, 1)) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    chains = topics()
    begins = [start + timedelta(days=rng.randrange(700)) for _ in chains]
    for number in range(count):
        topic = rng.randrange(len(chains))
        follows, starts = chains[topic]
        body = _walk(rng, follows, starts, rng.choice(lengths()))
        title = _walk(rng, follows, starts, 8).split("\n")[0][:90]
        published = begins[topic] + timedelta(days=rng.randrange(40))
        yield {"title": title, "text": body, "source": rng.choice(OUTLETS), "published": published.isoformat(),
               "url": f"https://news.example/real/{number}"}


def write(folder: Path, count: int, seed: int = 1, per_file: int = 1000) -> list[Path]:
    """The corpus as JSON Lines files in `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    records = articles(count, seed)
    while batch := [record for _, record in zip(range(per_file), records)]:
        paths.append(folder / f"articles-{len(paths):05d}.jsonl")
        paths[-1].write_text("".join(json.dumps(r) + "\n" for r in batch), "utf-8")
    return paths
