"""Quotes and speakers on PolNeAR dev (84 political news articles with attribution annotations).

    .venv/bin/python bench/eval_polnear.py [--overlap 0.3]

Every attribution's Content span is a gold quote (PolNeAR also annotates beliefs and intentions,
"Obama believes ...", which are attributions but not speech; they stay in the gold, so recall is
measured against all of it). Predicted quotes (direct, partial or indirect) and gold ones are
matched one to one, the largest overlaps first, a pair only when their character overlap is at
least `--overlap` of the longer of the two; every prediction and gold counts. Speaker accuracy:
among matched pairs whose gold has a Source, the share whose speaker head word (the syntactic head
of the source span as written, in the same parse: "Obama" in "Mr. Obama", "he") equals the head of
the speaker span Storyline found, case-insensitive.
Anchors: a rule-based news quote extractor 84.6 / 82.7 P/R at 0.3 overlap and 86.5% speaker
accuracy; citron (PARC3) 74.7 / 93.8.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scoring import CORPORA, HEADER, f_scores, one_to_one, row

from storyline.analyse.entities import extract_mentions
from storyline.analyse.nlp import parse
from storyline.analyse.quotes import extract_quotes

FOLDER = CORPORA / "polnear-dev" / "dev"


def gold_attributions(text_file: Path) -> list[tuple[int, int, tuple[int, int] | None]]:
    """(content start, content end, source span) of one article, from its first annotator's .ann file."""
    candidates = sorted((FOLDER / "attributions").glob(text_file.stem + "_*.ann"))
    spans: dict[str, tuple[str, int, int, str]] = {}
    events = []
    for line in candidates[0].read_text("utf-8").splitlines():
        if line.startswith("T"):
            ident, info, written = line.split("\t")
            kind, *offsets = info.replace(";", " ").split()
            bounds = [int(o) for o in offsets]  # a discontinuous span's pieces need not be in text order
            spans[ident] = (kind, min(bounds), max(bounds), written)
        elif line.startswith("E"):
            events.append(dict(part.split(":") for part in line.split("\t")[1].split()))
    result = []
    for event in events:
        if "Content" in event and event["Content"] in spans:
            _, start, end, _ = spans[event["Content"]]
            source = spans[event["Source"]][1:3] if event.get("Source") in spans else None
            result.append((start, end, source))
    return result


def head_word(doc, start: int | None, end: int | None) -> str | None:
    """The syntactic head of a span in the same parse: 'Center' in 'the Roper Center for Public Opinion Research'."""
    if start is None or end is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root.lower_ if span is not None and len(span) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overlap", type=float, default=0.3)
    args = parser.parse_args()
    files = sorted((FOLDER / "text").glob("*.txt"))
    texts = [f.read_text("utf-8") for f in files]
    totals = {"gold": 0, "pred": 0, "matched": 0, "with_source": 0, "speaker_right": 0}
    for path, doc in zip(files, parse(texts)):
        gold = gold_attributions(path)
        quotes = extract_quotes(doc, extract_mentions(doc))
        totals["gold"] += len(gold)
        totals["pred"] += len(quotes)

        def overlap(q, g) -> float:
            shared = min(q.end, g[1]) - max(q.start, g[0])
            return shared / max(q.end - q.start, g[1] - g[0], 1) if shared > 0 else 0.0

        pairs = one_to_one(quotes, gold, overlap, args.overlap)
        totals["matched"] += len(pairs)
        for i, j in pairs:
            quote, source = quotes[i], gold[j][2]
            if source:
                totals["with_source"] += 1
                ours = head_word(doc, quote.speaker_start, (quote.speaker_start or 0) + len(quote.speaker_text or ""))
                totals["speaker_right"] += ours is not None and ours == head_word(doc, *source)
    print(f"PolNeAR dev: {len(files)} articles, {totals['gold']} gold attributions, {totals['pred']} predicted quotes; "
          "one-to-one")
    print(HEADER)
    print(row(f"content, overlap >= {args.overlap:g}", *f_scores(totals["matched"], totals["pred"], totals["gold"]),
              "anchor: 84.6 / 82.7 P/R; citron 74.7 / 93.8"))
    accuracy = totals["speaker_right"] / totals["with_source"] if totals["with_source"] else 0.0
    print(f"speaker head word right: {100 * accuracy:.1f}% of {totals['with_source']} matched quotes with a source"
          "   (anchor: 86.5%)")


if __name__ == "__main__":
    main()
