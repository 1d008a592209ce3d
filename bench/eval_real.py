"""Real piles end to end: `storyline run` on raw wire stories and on saved web pages, read as a user would.

    .venv/bin/python bench/eval_real.py [--only wire|web] [--keep DIR] [--show]

wire: the 207 raw Reuters files of ../shared/corpora/t17-h1n1/InputDocs/<pubdate>/<id>.htm.txt (Penn
Treebank tokenised, one sentence a line), the date of each in its folder's name.
web: the 130 saved pages of ../shared/corpora/readability-pages/*/source.html, with Mozilla
Readability's expected-metadata.json (title, siteName, publishedTime, lang) and expected.html (the
main content).

Each pile goes through one `storyline run` in a new store, exactly as a user would run it; the figures
are read from the report it writes (report.json) and from what the command printed. Main text is
scored as the Article Extraction Benchmark (Scrapinghub, used by trafilatura's own evaluation)
scores it: 4-word shingles of \\w+ tokens, matched as multisets, precision and recall averaged over
pages (a page with nothing extracted has no precision and zero recall), F1 from the two averages.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from statistics import mean
from typing import Any

import lxml.html

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
WIRE = CORPORA / "t17-h1n1" / "InputDocs"
WEB = CORPORA / "readability-pages"
PTB = re.compile(r"-[LR][RSC]B-|``|''|\\/|\\\*| n't\b| '(?:s|re|ve|ll|d|m)\b")
CREDIT = re.compile(r"\b(?:credit|photo|picture|file photo)\s*:|reuters\s*/|is not responsible for the content", re.I)
TOKEN = re.compile(r"\w+")
DUPLICATE = re.compile(r"^duplicate: (?P<origin>.+) is already stored as (?P<id>[0-9a-f]{16})$")
FOOTER_FILES = 10  # a line in this many raw files of the pile is site furniture (footers, comment policies)
TITLE_WORDS = 20  # longer than any headline: a lede taken for a title
TARGETS = {"wire": "no run aborted; >= 98% dated right, >= 95% outlet Reuters, 0 PTB tokens, >= 90% in one story, "
                   "no footer sentence in any summary",
           "web": "title >= 90% exact, date >= 97% right, outlet >= 95% where siteName is given, main text F1 >= 0.95, "
                  "non-English pages listed as skipped"}


@dataclass
class Run:
    """One `storyline run`: how it ended, what it printed, the report it wrote."""

    code: int
    seconds: float
    stderr: str
    report: dict[str, Any] | None
    by_input: dict[str, str] = field(default_factory=dict)  # input path -> article id (duplicates too)

    @property
    def articles(self) -> dict[str, dict[str, Any]]:
        return {a["id"]: a for a in (self.report or {}).get("articles", [])}


def run(inputs: list[Path], work: Path, name: str) -> Run:
    out = work / f"{name}-report"
    command = [sys.executable, "-m", "storyline.cli", "--db", str(work / f"{name}.db"), "run", *map(str, inputs),
               "--out", str(out)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    report_path = out / "report.json"
    report = json.loads(report_path.read_text("utf-8")) if report_path.exists() else None
    result = Run(done.returncode, seconds, done.stderr, report)
    for item in result.articles.values():
        if item.get("path"):
            result.by_input[item["path"]] = item["id"]
    for line in done.stderr.splitlines():
        if match := DUPLICATE.match(line):
            result.by_input[match["origin"]] = match["id"]
    return result


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def shingle_prf(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """(tp, fp, fn) over n-word shingles matched as multisets, normalised to sum to 1 per page."""
    def grams(text: str) -> Counter[tuple[str, ...]]:
        words = tokens(text)
        return Counter(tuple(words[i: i + n]) for i in range(max(1, len(words) - n + 1)) if words[i: i + n])

    gold, got = grams(true), grams(pred)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def extraction_f1(pages: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    def score(part: float, other: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if part == other == 0 else part / (part + other)

    precision = mean(score(tp, fp, fp, fn) for tp, fp, fn in pages if tp + fp > 0)
    recall = mean(score(tp, fn, fp, fn) for tp, fp, fn in pages if tp + fn > 0)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def skipped(run: Run) -> list[dict[str, Any]]:
    return list((run.report or {}).get("skipped", []))


def say_run(label: str, run: Run, inputs: int) -> None:
    status = "completed" if run.report is not None else "ABORTED (no report)"
    print(f"{label}: {inputs} inputs, {status}, exit {run.code}, {run.seconds:.0f} s, "
          f"{len(run.articles)} articles stored")
    reasons = Counter(f"{s['stage']}: {_reason(s)}" for s in skipped(run))
    for reason, count in reasons.most_common():
        print(f"  skipped {count:>3}  {reason}")
    for line in (run.report or {}).get("warnings", []):
        print(f"  warning: {line}")
    if run.report is None:
        print("  " + "\n  ".join(run.stderr.strip().splitlines()[-3:]))


def _reason(item: dict[str, Any]) -> str:
    """A skip reason with the article's own details (a name, a number) taken out, so like reasons count together."""
    return re.sub(r"'[^']*'|\d+", "…", item["reason"])[:90]


def share(hits: int, total: int) -> str:
    return f"{hits}/{total} ({100 * hits / total:.1f}%)" if total else "-"


def story_sizes(run: Run) -> list[int]:
    return sorted((len(s["articles"]) for s in (run.report or {}).get("stories", [])), reverse=True)


def wire(work: Path, show: bool) -> None:
    files = sorted(WIRE.glob("*/*.txt"))
    result = run([WIRE], work, "wire")
    say_run("wire (t17-h1n1 InputDocs, raw)", result, len(files))
    if result.report is None:
        return
    articles = result.articles
    dated = titled = reuters = 0
    stored = [(path, articles[result.by_input[str(path)]]) for path in files
              if result.by_input.get(str(path)) in articles]
    misses: dict[str, list[str]] = {"date": [], "title": [], "outlet": []}
    for path, item in stored:
        folder = date.fromisoformat(path.parent.name)
        got = item["published"]["value"][:10] if item["published"] else None
        if got and abs((date.fromisoformat(got) - folder).days) <= 1:
            dated += 1
        else:
            misses["date"].append(f"{path.parent.name}/{path.name}: {got}")
        title = item["title"] or ""
        if title and not PTB.search(title) and not CREDIT.search(title) and len(title.split()) <= TITLE_WORDS:
            titled += 1
        else:
            misses["title"].append(f"{path.parent.name}/{path.name}: {title[:100]!r}")
        if (item["outlet"] or "").casefold() == "reuters":
            reuters += 1
        else:
            misses["outlet"].append(f"{path.parent.name}/{path.name}: {item['outlet']}")
    texts = [a["text"] for a in articles.values()] + [a["title"] or "" for a in articles.values()]
    names = [e["name"] for a in articles.values() for e in a["entities"]]
    # Markdown escapes its own special characters (\\* for *): read the report as it renders.
    markdown = re.sub(r"\\(.)", r"\1", (work / "wire-report" / "report.md").read_text("utf-8"))
    ptb = {"text and titles": sum(len(PTB.findall(t)) for t in texts),
           "entity names": sum(bool(PTB.search(n)) for n in names),
           "report.md": len(PTB.findall(markdown))}
    sizes = story_sizes(result)
    footers = _footer_sentences(files, result.report)
    print(f"  dated on the folder's day (within a day): {share(dated, len(stored))}")
    print(f"  titles free of credits and tokens (<= {TITLE_WORDS} words): {share(titled, len(stored))}")
    print(f"  outlet Reuters: {share(reuters, len(stored))}")
    print("  PTB tokens left: " + ", ".join(f"{k} {v}" for k, v in ptb.items()))
    print(f"  largest story: {share(sizes[0] if sizes else 0, len(articles))} of the articles; "
          f"{len(sizes)} stories")
    print(f"  summary or timeline sentences that are site furniture (a line of >= {FOOTER_FILES} raw files): "
          f"{len(footers)}")
    if show:
        _show(misses, footers)


def _footer_sentences(files: list[Path], report: dict[str, Any]) -> list[str]:
    lines: Counter[tuple[str, ...]] = Counter()
    for path in files:
        lines.update({tuple(t.lower() for t in tokens(line)) for line in path.read_text("utf-8").splitlines()
                      if len(tokens(line)) >= 6})
    furniture = {words[i: i + 6] for words, n in lines.items() if n >= FOOTER_FILES for i in range(len(words) - 5)}
    found = []
    for story in report["stories"]:
        for text in [s["text"] for s in story["summary"]] + [e["text"] for e in story["timeline"]]:
            words = tuple(t.lower() for t in tokens(text))
            if any(words[i: i + 6] in furniture for i in range(len(words) - 5)):
                found.append(text)
    return found


def web(work: Path, show: bool) -> None:
    pages = sorted(p.parent for p in WEB.glob("*/source.html"))
    result = run([p / "source.html" for p in pages], work, "web")
    say_run("web (readability-pages, saved pages)", result, len(pages))
    if result.report is None:
        return
    articles = result.articles
    listed = {s["article"] for s in skipped(result) if s.get("article")}
    titles = dates = outlets = foreign = foreign_listed = 0
    title_total = date_total = outlet_total = 0
    extraction: list[tuple[float, float, float]] = []
    misses: dict[str, list[str]] = {"title": [], "date": [], "outlet": [], "text": [], "not listed": []}
    for page in pages:
        expected = json.loads((page / "expected-metadata.json").read_text("utf-8"))
        item = articles.get(result.by_input.get(str(page / "source.html"), ""))
        if expected.get("title"):
            title_total += 1
            got = " ".join(((item or {}).get("title") or "").split())
            if item and got == " ".join(expected["title"].split()):
                titles += 1
            else:
                misses["title"].append(f"{page.name}: {got!r} expected {expected['title']!r}")
        if expected.get("publishedTime"):
            date_total += 1
            want = _day(expected["publishedTime"])
            got_day = item["published"]["value"][:10] if item and item["published"] else None
            if want and got_day and abs((date.fromisoformat(got_day) - want).days) <= 1:
                dates += 1
            else:
                misses["date"].append(f"{page.name}: {got_day} expected {want}")
        if expected.get("siteName"):
            outlet_total += 1
            got = " ".join(((item or {}).get("outlet") or "").split())
            if got.casefold() == " ".join(expected["siteName"].split()).casefold():
                outlets += 1
            else:
                misses["outlet"].append(f"{page.name}: {got!r} expected {expected['siteName']!r}")
        gold_text = _html_text((page / "expected.html").read_text("utf-8"))
        scores = shingle_prf(gold_text, (item or {}).get("text", ""))
        extraction.append(scores)
        if scores[0] < 0.8:
            misses["text"].append(f"{page.name}: tp {scores[0]:.2f} fp {scores[1]:.2f} fn {scores[2]:.2f}")
        if (expected.get("lang") or "en")[:2].lower() != "en" and item is not None:
            foreign += 1
            if item["id"] in listed:
                foreign_listed += 1
            else:
                misses["not listed"].append(f"{page.name}: lang {expected.get('lang')}, stored as {item['language']}")
    precision, recall, f1 = extraction_f1(extraction)
    sizes = story_sizes(result)
    print(f"  title exact: {share(titles, title_total)}")
    print(f"  date on the right day (within a day), where publishedTime is given: {share(dates, date_total)}")
    print(f"  outlet = siteName, where given: {share(outlets, outlet_total)}")
    print(f"  main text, 4-word shingles: precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}")
    print(f"  non-English pages listed as skipped: {share(foreign_listed, foreign)}")
    print(f"  biggest story of unrelated pages: {sizes[0] if sizes else 0} articles; {len(sizes)} stories")
    if show:
        _show(misses, [])


def _day(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
        return date(*map(int, match.groups())) if match else None


def _html_text(html: str) -> str:
    tree = lxml.html.fromstring(html)
    for element in tree.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote"):
        element.tail = "\n" + (element.tail or "")
    return tree.text_content()


def _show(misses: dict[str, list[str]], footers: list[str]) -> None:
    for kind, items in misses.items():
        if items:
            print(f"  -- {kind} misses ({len(items)}):")
            for line in items:
                print(f"     {line}")
    for text in footers:
        print(f"  -- furniture in a summary or timeline: {text[:120]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("wire", "web"))
    parser.add_argument("--keep", type=Path, help="keep the stores and reports in this folder")
    parser.add_argument("--show", action="store_true", help="list every miss")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        work = args.keep or Path(name)
        work.mkdir(parents=True, exist_ok=True)
        for pile, evaluate in (("wire", wire), ("web", web)):
            if args.only in (None, pile):
                evaluate(work, args.show)
                print(f"  targets: {TARGETS[pile]}\n")


if __name__ == "__main__":
    main()
