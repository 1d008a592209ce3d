"""Events on ECB+ dev and stories on Timeline17 H1N1: the data the link thresholds are set on.

    .venv/bin/python bench/eval_ecbplus.py [--tune]

ECB+ dev, topics 1-20 without 15 and 17 (18 topics, 413 articles): each topic holds two similar but different events, so a topic's
articles must split into its events (hard negatives). Printed: BCubed and pairwise precision /
recall / F1 of our events against the gold `cluster`, and how many stories the topics became.
Timeline17 H1N1 (207 Reuters articles over months of one outbreak) must stay one story. Its
collection also holds off-topic articles the keyword search returned (Hubble, Kindle, Toyota, a
war-funding bill that names the flu once), which rightly form stories of their own. Each article
was read and labelled on or off the outbreak, with a reason (`bench/t17_topic.jsonl`: 156 on, 51
off); the measure is the share of the on-topic articles that land in the largest story, and, since
one story holding everything would score 1.0 on that, the share of the largest story that is on
topic.
Anchors (ECB+): TF-IDF average-link batch clustering B3 F1 0.87, pairwise F1 0.81; Miranda et
al. 2018 (online, on their own stream) pairwise F1 0.94.
`--tune` re-links with a grid of thresholds and prints each setting's scores.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from scoring import CORPORA, load, t17_articles

from storyline import Storyline
from storyline.config import LinkConfig

# Timeline17 H1N1 article id -> "on" or "off" the outbreak, as a reader labelled it.
TOPIC_LABELS = {label["id"]: label["topic"] for label in map(json.loads, (Path(__file__).parent / "t17_topic.jsonl")
                                                                 .read_text("utf-8").splitlines())}


def bcubed(pred: dict[str, int], gold: dict[str, str]) -> tuple[float, float, float]:
    items = list(gold)
    by_pred: dict[int, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item in items:
        by_pred.setdefault(pred[item], set()).add(item)
        by_gold.setdefault(gold[item], set()).add(item)
    precision = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in items) / len(items)
    recall = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items) / len(items)
    return precision, recall, 2 * precision * recall / (precision + recall)


def pairwise(pred: dict[str, int], gold: dict[str, str]) -> tuple[float, float, float]:
    same_pred = {pair for pair in combinations(sorted(gold), 2) if pred[pair[0]] == pred[pair[1]]}
    same_gold = {pair for pair in combinations(sorted(gold), 2) if gold[pair[0]] == gold[pair[1]]}
    both = len(same_pred & same_gold)
    precision = both / len(same_pred) if same_pred else 0.0
    recall = both / len(same_gold) if same_gold else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall)) if both else 0.0


def events_of(storyline: Storyline) -> tuple[dict[str, int], dict[str, int]]:
    """Article path (record number) -> event id and -> story id."""
    event_of, story_of = {}, {}
    for item in storyline.stories():
        for ev in storyline.story(item.id).events:
            for a in ev.articles:
                event_of[a.path] = ev.id
                story_of[a.path] = item.id
    return event_of, story_of


def score(ecb: Storyline, ecb_gold: dict[str, tuple[str, int]], t17: Storyline, t17_topical: list[str],
          config: LinkConfig) -> dict[str, float]:
    ecb.link(redo=True, config=config)
    event_of, story_of = events_of(ecb)
    for n, key in enumerate(k for k in ecb_gold if k not in event_of):  # stored once as a duplicate, or not English
        event_of[key] = story_of[key] = -1 - n
    gold_events = {k: v[0] for k, v in ecb_gold.items()}
    b3 = bcubed(event_of, gold_events)
    pw = pairwise(event_of, gold_events)
    topics_per_story = Counter(len({ecb_gold[k][1] for k in ecb_gold if story_of[k] == s}) for s in set(story_of.values()))
    t17.link(redo=True, config=config)
    t17_story_of = events_of(t17)[1]
    t17_stories = Counter(t17_story_of.values())
    main_story = t17_stories.most_common(1)[0][0]
    on_topic = sum(t17_story_of.get(key) == main_story for key in t17_topical) / len(t17_topical)
    # One story holding everything scores 1.0 above: its precision is the share of it that is on topic.
    precision = sum(t17_story_of.get(key) == main_story for key in t17_topical) / t17_stories[main_story]
    return {"b3_p": b3[0], "b3_r": b3[1], "b3_f": b3[2], "pw_p": pw[0], "pw_r": pw[1], "pw_f": pw[2],
            "ecb_stories": len(set(story_of.values())), "mixed_stories": sum(n for k, n in topics_per_story.items() if k > 1),
            "t17_stories": len(t17_stories), "t17_on_topic": on_topic, "t17_precision": precision}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true")
    args = parser.parse_args()
    ecb_records = [json.loads(line) for line in (CORPORA / "ecbplus-dev" / "docs.jsonl").read_text("utf-8").splitlines()]
    t17_records = t17_articles()
    with tempfile.TemporaryDirectory() as folder:
        ecb, t17 = Storyline(Path(folder) / "ecb.db"), Storyline(Path(folder) / "t17.db")
        ecb_path = Path(folder) / "ecb.jsonl"
        load(ecb, ecb_path, [{"title": r["title"], "text": r["text"], "source": r["doc_id"]} for r in ecb_records])
        t17_path = Path(folder) / "t17.jsonl"
        t17_topical = [f"{t17_path}:{n}" for n, r in enumerate(t17_records, start=1)
                       if TOPIC_LABELS[r["source"].removeprefix("reuters-")] == "on"]
        load(t17, t17_path, t17_records)
        ecb_gold = {f"{ecb_path}:{n}": (r["cluster"], r["topic"]) for n, r in enumerate(ecb_records, start=1)}
        base = LinkConfig()
        settings = [base]
        if args.tune:
            settings = [replace(base, event_threshold=e, undated_event_threshold=u, story_threshold=s)
                        for e in (0.2, 0.25) for u in (0.3, 0.35, 0.45) for s in (0.1, 0.15)]
        print(f"ECB+ dev: {len(ecb_records)} articles, {len({r['cluster'] for r in ecb_records})} gold events, "
              f"{len({r['topic'] for r in ecb_records})} topics; Timeline17 H1N1: {len(t17_records)} articles, one story")
        print(f"{'event':>6}{'undated':>8}{'story':>6} | {'B3 P':>6}{'R':>6}{'F1':>6} | {'pair P':>7}{'R':>6}{'F1':>6} | "
              f"{'ECB stories':>11}{'mixed':>6} | {'T17 stories':>11}{'on-topic in main':>17}{'main on-topic':>14}")
        for config in settings:
            r = score(ecb, ecb_gold, t17, t17_topical, config)
            print(f"{config.event_threshold:>6.2f}{config.undated_event_threshold:>8.2f}{config.story_threshold:>6.2f} | "
                  f"{r['b3_p']:>6.2f}{r['b3_r']:>6.2f}{r['b3_f']:>6.2f} | {r['pw_p']:>7.2f}{r['pw_r']:>6.2f}{r['pw_f']:>6.2f} | "
                  f"{r['ecb_stories']:>11}{r['mixed_stories']:>6} | {r['t17_stories']:>11}{r['t17_on_topic']:>17.3f}"
                  f"{r['t17_precision']:>14.3f}", flush=True)
        print("anchors (ECB+): TF-IDF average-link batch B3 F1 0.87, pairwise F1 0.81; Miranda et al. 2018 pairwise F1 0.94")


if __name__ == "__main__":
    main()
