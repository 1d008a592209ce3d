"""Findings a fact-checker can trust: precision by kind on a labelled set, recall on injected cases.

    .venv/bin/python bench/eval_findings.py [--unlabelled FILE] [--keep DIR]

Precision. Every finding Storyline reports (disagreements, updates, near-agreements) on three
piles, the seeds (examples/ukraine-aid), raw Timeline17 H1N1 (t17-h1n1/InputDocs) and ECB+ dev
(ecbplus-dev/docs.jsonl), is looked up in `bench/findings/labels.jsonl`, where each was labelled
by reading its articles: `real` (the reports do say different things, or the figure did move) or
`noise`, with a one-line reason. A finding is known by its kind and the passages it cites, so a
change of code that cites other passages makes a new finding, printed as unlabelled (and written
with its evidence to `--unlabelled FILE`, to be read and labelled); precision counts labelled
findings only and the number left unlabelled is printed beside it.

Recall. Real articles of the Timeline17 and ECB+ piles (ones whose outlet is known) are copied to
fictional outlets, "The Injected Courier N" (one per copy), on the same day, each copy with one
change: an exact figure (no bound or hedge: "at least 1,000" and "at least 1,500" can both be
true) raised by half (must be a `number` disagreement citing the copy), the name of a quote's speaker
of ten words or more replaced by another name (an `attribution`), a written day of a sentence
of ten words or more moved by two days (a `date`); and
copies whose only change is a figure rounded to two significant digits (4,379 -> 4,400), which
must never be a `number` disagreement. A case counts as found (or, for rounding, as flagged) when
a finding of its kind puts the copy and its original on different sides. The copies are added to each pile's store at once, then
linked and explained with the rest.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from math import floor, log10
from pathlib import Path

from scoring import CORPORA

from storyline import Storyline
from storyline.explain import text
from storyline.models import Article, Finding, StoryExplanation

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "findings" / "labels.jsonl"
PILES = {"seeds": ROOT / "examples" / "ukraine-aid", "t17": CORPORA / "t17-h1n1" / "InputDocs",
         "ecb": CORPORA / "ecbplus-dev" / "docs.jsonl"}
INJECTED = ("t17", "ecb")
PER_CHANGE = 8  # injected copies of each change per pile
OUTLET = "The Injected Courier"
NEW_NAME = "Dana Whitfield"
_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+|\d{2,}")
_DAY = re.compile(r"\b([0-9]{1,2})\b")


@dataclass(frozen=True)
class Case:
    change: str  # "figure" | "speaker" | "date" | "rounding"
    original: str  # article id
    url: str  # of the copy
    record: dict


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unlabelled", type=Path, help="write the unlabelled findings here, as JSON lines")
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder")
    args = parser.parse_args()
    labels = {tuple(item["key"]): item for item in map(json.loads, LABELS.read_text("utf-8").splitlines()) if item}
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        unlabelled, recall = [], Counter()
        for pile, path in PILES.items():
            db = folder / f"{pile}.db"
            db.unlink(missing_ok=True)
            with Storyline(db) as storyline:
                storyline.ingest(path)
                storyline.analyse()
                storyline.link()
                stories = storyline.explain()
                names = {a.id: _origin(a, path) for a in storyline.articles()}
                for story in stories:
                    for finding in _reported(story):
                        key = _key(pile, finding, names)
                        label = labels.get(key)
                        if label is None:
                            counts[_kind(finding)]["unlabelled"] += 1
                            unlabelled.append(_evidence(key, finding, storyline))
                        else:
                            counts[_kind(finding)][label["label"]] += 1
                if pile in INJECTED:
                    recall += _injected(storyline, folder / f"{pile}-copies.jsonl")
    print("Precision on the labelled set (seeds, raw t17-h1n1, ECB+ dev)")
    print(f"{'kind':<16}{'real':>6}{'noise':>7}{'unlabelled':>12}{'precision':>11}")
    for kind in sorted(counts):
        c = counts[kind]
        labelled = c["real"] + c["noise"]
        precision = f"{c['real'] / labelled:.2f}" if labelled else "-"
        print(f"{kind:<16}{c['real']:>6}{c['noise']:>7}{c['unlabelled']:>12}{precision:>11}")
    print("\nRecall on injected copies (t17-h1n1 and ECB+ dev, one change each)")
    for change in ("figure", "speaker", "date"):
        found, total = recall[f"{change} found"], recall[change]
        print(f"  {change:<10} {found:>3} of {total:<3} found" + (f"   recall {found / total:.2f}" if total else ""))
    rounded = recall["rounding"]
    print(f"  rounding   {recall['rounding flagged']:>3} of {rounded:<3} flagged as a disagreement (must be 0)")
    if args.unlabelled is not None:
        args.unlabelled.write_text("".join(json.dumps(u, ensure_ascii=False) + "\n" for u in unlabelled), "utf-8")
        print(f"\n{len(unlabelled)} unlabelled findings written to {args.unlabelled}")
    return 0


def _reported(story: StoryExplanation) -> list[Finding]:
    near = [f for f in story.agreements if f.closeness == "close"]
    return [*story.disagreements, *story.updates, *near]


def _kind(finding: Finding) -> str:
    return "near-agreement" if finding.kind == "number" and finding.closeness == "close" else finding.kind


def _origin(article: Article, pile: Path) -> str:
    """The article as its pile names it: a file under the folder, or a line of the JSON lines file."""
    origin = article.origin
    root = str(pile if pile.is_dir() else pile.parent)
    return origin[len(root) + 1:] if origin.startswith(root + "/") else origin


def _key(pile: str, finding: Finding, names: dict[str, str]) -> tuple[str, ...]:
    cited = sorted({f"{names[c.article_id]}@{c.start}" for side in finding.sides for c in side.citations})
    return (pile, _kind(finding), *cited)


def _evidence(key: tuple[str, ...], finding: Finding, storyline: Storyline) -> dict:
    sides = []
    for side in finding.sides:
        cited = []
        for c in side.citations:
            article = storyline.article(c.article_id)
            cited.append({"outlet": article.source or article.domain,
                          "published": article.published.value if article.published else None, "text": c.text})
        sides.append({"value": side.value, "citations": cited})
    return {"key": list(key), "kind": _kind(finding), "about": finding.about, "note": finding.note, "sides": sides,
            "label": "", "reason": ""}


# --- injected copies ------------------------------------------------------------------------------


def _injected(storyline: Storyline, path: Path) -> Counter[str]:
    cases = _cases(storyline)
    path.write_text("".join(json.dumps(c.record) + "\n" for c in cases), "utf-8")
    storyline.ingest(path)
    storyline.analyse()
    storyline.link()
    copy_of = {a.url: a.id for a in storyline.articles() if a.url in {c.url for c in cases}}
    findings = [f for story in storyline.explain() for f in _reported(story)]
    result: Counter[str] = Counter()
    wanted = {"figure": "number", "speaker": "attribution", "date": "date", "rounding": "number"}
    for case in cases:
        copy = copy_of.get(case.url)
        result[case.change] += 1
        hit = copy is not None and any(_kind(f) == wanted[case.change] and _apart(f, copy, case.original)
                                       for f in findings)
        result[f"{case.change} {'flagged' if case.change == 'rounding' else 'found'}"] += hit
    return result


def _apart(finding: Finding, copy: str, original: str) -> bool:
    """The finding puts the copy and its original on different sides."""
    side_of = {c.article_id: n for n, side in enumerate(finding.sides) for c in side.citations}
    return copy in side_of and original in side_of and side_of[copy] != side_of[original]


def _cases(storyline: Storyline) -> list[Case]:
    """Up to PER_CHANGE copies of each change, each from an article of its own."""
    articles = sorted((a for a in storyline.articles() if a.source or a.domain), key=lambda a: a.id)
    cases: list[Case] = []
    for change, make in (("figure", _raise_figure), ("rounding", _round_figure), ("speaker", _rename_speaker),
                         ("date", _move_day)):
        made = 0
        for article in articles:  # ids are content hashes: this order spreads over the pile
            if made == PER_CHANGE:
                break
            analysis = storyline.analysis(article.id)
            changed = make(article, analysis) if analysis else None
            if changed is None or any(c.original == article.id for c in cases):
                continue
            url = f"https://injected.example/{change}/{article.id}"
            record = {"title": article.title, "text": changed, "source": f"{OUTLET} {len(cases) + 1}", "url": url,
                      "published": article.published.value if article.published else None}
            cases.append(Case(change, article.id, url, record))
            made += 1
    return cases


def _raise_figure(article: Article, analysis) -> str | None:  # type: ignore[no-untyped-def]
    """An exact figure raised by half. A bound or a hedge raised by half says nothing different:
    "at least 1,000 hospitalizations" and "at least 1,500", or "killed up to 36" and "up to 54",
    can both be true, so those are left alone."""
    for claim in analysis.claims:
        if claim.unit and claim.unit != "years old" and claim.to is None and not claim.qualifier \
                and _FIGURE.fullmatch(claim.text) \
                and claim.value >= 10 and not 1900 <= claim.value <= 2100:  # an age of 136 is no figure
            new = round(claim.value * 1.5)
            written = f"{new:,}" if "," in claim.text else str(new)
            return article.text[:claim.start] + written + article.text[claim.end:]
    return None


def _round_figure(article: Article, analysis) -> str | None:  # type: ignore[no-untyped-def]
    for claim in analysis.claims:
        if claim.unit and claim.to is None and _FIGURE.fullmatch(claim.text) and claim.value >= 1000 \
                and not 1900 <= claim.value <= 2100 and claim.value % 100:
            step = 10 ** (floor(log10(claim.value)) - 1)
            new = round(claim.value / step) * step
            written = f"{new:,}" if "," in claim.text else str(new)
            return article.text[:claim.start] + written + article.text[claim.end:]
    return None


def _rename_speaker(article: Article, analysis) -> str | None:  # type: ignore[no-untyped-def]
    people = {(m.start, m.end) for m in analysis.mentions if m.label == "PERSON" and " " in m.text}
    for quote in analysis.quotes:
        written = quote.speaker_text or ""
        if quote.kind == "direct" and quote.speaker_start is not None and len(quote.text.split()) >= 10 and \
                (quote.speaker_start, quote.speaker_start + len(written)) in people:
            return article.text[:quote.speaker_start] + NEW_NAME + article.text[quote.speaker_start + len(written):]
    return None


def _sentence(article: Article, offset: int) -> str:
    sentence = text.sentence_at(text.sentences(article.id, article.text), offset)
    return sentence.text if sentence else ""


def _move_day(article: Article, analysis) -> str | None:  # type: ignore[no-untyped-def]
    """The written day of a happening, in a sentence of ten words or more (not a dateline or a
    time stamp), moved by two days."""
    for ref in analysis.times:
        day = _DAY.search(ref.text)
        if ref.precision == "day" and ref.relative is None and day and ref.value and not ref.text.isdigit() and \
                len(_sentence(article, ref.start).split()) >= 10:
            number = int(day.group(1))
            moved = number + 2 if number <= 26 else number - 2
            start = ref.start + day.start(1)
            return article.text[:start] + str(moved) + article.text[ref.start + day.end(1):]
    return None


if __name__ == "__main__":
    sys.exit(main())
