"""Time expressions on TimeBank 1.2 + AQUAINT (TBAQ-cleaned), scored as in TempEval-3.

    .venv/bin/python bench/eval_timebank.py

Predicted and gold TIMEX3s are matched one to one, as TempEval-3's scorer matches them: strict
pairs share their span exactly; relaxed pairs overlap, the largest overlaps first. Extent
precision, recall and F1 count the pairs; value F1 counts the pairs whose value equals the gold's,
over relaxed pairs (TempEval-3's "value F1") and over strict ones; every prediction and every gold
is counted. Every document is resolved against its DCT. Anchor: HeidelTime 77.6 value F1 (relaxed).

The same matched spans are also read by dateparser (RELATIVE_BASE = DCT), the library the
issue suggests; its value accuracy is printed beside ours. This is the measurement behind the
choice of Storyline's own grammar in storyline/analyse/times.py.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from scoring import CORPORA, HEADER, f_scores, one_to_one, row

from storyline.analyse.nlp import parse
from storyline.analyse.times import extract_times

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read(path) -> tuple[str, date, list[tuple[int, int, str, str]]]:
    """(text, DCT, gold timexes as (start, end, type, value)) of one .tml file."""
    raw = path.read_text("utf-8")
    dct_value = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S).group(1)
    dct = date.fromisoformat(dct_value[:10])
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S).group(1)
    text, gold, position, open_timex = [], [], 0, None
    cursor = 0
    for match in _TAG.finditer(body):
        chunk = html.unescape(body[cursor:match.start()])
        text.append(chunk)
        position += len(chunk)
        closing, name, attrs = match.groups()
        if name == "TIMEX3" and not closing:
            open_timex = (position, dict(_ATTR.findall(attrs)))
        elif name == "TIMEX3" and closing and open_timex:
            start, attributes = open_timex
            gold.append((start, position, attributes.get("type", ""), attributes.get("value", "")))
            open_timex = None
        cursor = match.end()
    text.append(html.unescape(body[cursor:]))
    return "".join(text), dct, gold


def dateparser_value(text: str, dct: date) -> str | None:
    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime(dct.year, dct.month, dct.day), "PREFER_DATES_FROM": "past"})
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    moment, period = data.date_obj, data.period
    if period == "year":
        return f"{moment.year:04d}"
    if period == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    if period == "week":
        year, week, _ = moment.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if period == "time":
        return moment.strftime("%Y-%m-%dT%H:%M")
    return moment.strftime("%Y-%m-%d")


def main() -> None:
    files = sorted((CORPORA / "timebank").rglob("*.tml"))
    documents = [read(path) for path in files]
    totals = {"gold": 0, "pred": 0, "strict": 0, "relaxed": 0, "value": 0, "strict_value": 0, "dateparser": 0}
    for (text, dct, gold), doc in zip(documents, parse([t for t, _, _ in documents])):
        predicted = extract_times(doc, dct)
        totals["gold"] += len(gold)
        totals["pred"] += len(predicted)
        strict = one_to_one(predicted, gold, lambda t, g: float((t.start, t.end) == (g[0], g[1])))
        relaxed = one_to_one(predicted, gold, lambda t, g: float(min(t.end, g[1]) - max(t.start, g[0])))
        totals["strict"] += len(strict)
        totals["relaxed"] += len(relaxed)
        totals["strict_value"] += sum(predicted[i].value == gold[j][3] for i, j in strict)
        totals["value"] += sum(predicted[i].value == gold[j][3] for i, j in relaxed)
        totals["dateparser"] += sum(dateparser_value(predicted[i].text, dct) == gold[j][3] for i, j in relaxed)
    print(f"TimeBank+AQUAINT: {len(files)} documents, {totals['gold']} gold TIMEX3, {totals['pred']} predicted; "
          "one-to-one")
    print(HEADER)
    print(row("extent, strict", *f_scores(totals["strict"], totals["pred"], totals["gold"])))
    print(row("extent, relaxed", *f_scores(totals["relaxed"], totals["pred"], totals["gold"])))
    print(row("value F1, relaxed matches", *f_scores(totals["value"], totals["pred"], totals["gold"]),
              "anchor: HeidelTime 77.6"))
    print(row("value F1, strict matches", *f_scores(totals["strict_value"], totals["pred"], totals["gold"])))
    matched = max(totals["relaxed"], 1)
    print(f"value accuracy on relaxed matches: storyline {100 * totals['value'] / matched:.1f}%, "
          f"dateparser on the same spans {100 * totals['dateparser'] / matched:.1f}%")


if __name__ == "__main__":
    main()
