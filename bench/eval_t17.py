"""Timeline quality on Timeline17 H1N1 with the standard TLS metrics (tilse).

    make bench-tools && .venv/bin/python bench/eval_t17.py

As the anchors were scored (Ghalandari & Ifrim 2020, news-tls `experiments/evaluate.py`, after
Martschat & Markert 2018): the input is the Reuters articles published between the gold
timeline's first and last date (82 of the 207), and only days in that span are candidates. They go
through the whole pipeline (ingest, analyse, link); the story holding most of them is explained,
and its key dates (`storyline.explain.key_dates`, `within` the span) are asked for as many dates as
the gold timeline has, with its mean number of sentences per date (rounded). Printed: ROUGE-1 /
ROUGE-2 F1 under the concat, agreement and align+ m:1 metrics (tilse, with the original ROUGE-1.5.5
Perl script, which needs Debian's libxml-parser-perl) and date F1.
Anchors are averages over all 9 Timeline17 topics, this is one of them (Ghalandari & Ifrim 2020,
align+ m:1 R1 / R2 / date F1): DATEWISE .120 / .035 / .544, CLUST .082 / .020 / .407.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import tempfile
from pathlib import Path

from scoring import CORPORA, load, t17_articles
from tilse.data.timelines import GroundTruth, Timeline
from tilse.evaluation import dates as date_metrics
from tilse.evaluation import rouge

from storyline import Storyline
from storyline.explain import material
from storyline.explain.key_dates import key_dates

METRICS = {"concat": "evaluate_concat", "agreement": "evaluate_agreement",
           "align+ m:1": "evaluate_align_date_content_costs_many_to_one"}


def predict(storyline: Storyline, dates: int, per_date: int, within: tuple[str, str]) -> Timeline:
    biggest = max(storyline.stories(), key=lambda s: s.articles)
    story = material.load(storyline.store, biggest.id)
    chosen = key_dates(story, dates, per_date, within)
    return Timeline({datetime.date.fromisoformat(k.date): [c.text for c in k.sentences] for k in chosen})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the predicted timeline")
    parser.add_argument("--db", type=Path, help="keep the linked store here and reuse it when it exists")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # tilse logs every ROUGE call
    gold_files = sorted((CORPORA / "t17-h1n1" / "timelines").glob("*.txt"))
    gold = GroundTruth([Timeline.from_file(path.open(encoding="utf-8")) for path in gold_files])
    first = gold.timelines[0]
    dates = len(first.get_dates())
    per_date = round(sum(len(first[d]) for d in first.get_dates()) / dates)
    # As the anchors were scored (news-tls experiments/evaluate.py): the input is the articles published
    # within the gold timeline's first and last date, and only days inside that span are candidates.
    span = (min(first.get_dates()).isoformat(), max(first.get_dates()).isoformat())
    records = [r for r in t17_articles() if span[0] <= r["date"][:10] <= span[1]]
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "t17.db"
        fresh = not db.exists()
        with Storyline(db) as storyline:
            if fresh:
                load(storyline, Path(folder) / "t17.jsonl", records)
                storyline.link()
            predicted = predict(storyline, dates, per_date, span)
    if args.show:
        print(predicted)
    evaluator = rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])
    print(f"Timeline17 H1N1: {len(gold.timelines)} gold timeline(s), {dates} dates, {per_date} sentence(s) per date asked; "
          f"input: the {len(records)} articles published {span[0]} to {span[1]}, the gold timeline's span")
    print(f"{'':<14}{'R1 F1':>8}{'R2 F1':>8}")
    for label, method in METRICS.items():
        scores = getattr(evaluator, method)(predicted, gold)
        print(f"{label:<14}{scores['rouge_1']['f_score']:>8.3f}{scores['rouge_2']['f_score']:>8.3f}")
    print(f"{'date F1':<14}{date_metrics.evaluate_dates(predicted, gold)['f_score']:>8.3f}")
    print("anchors (all of Timeline17, align+ m:1 R1 / R2 / date F1): DATEWISE .120 / .035 / .544, CLUST .082 / .020 / .407")


if __name__ == "__main__":
    main()
