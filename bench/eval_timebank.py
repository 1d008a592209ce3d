"""Time expressions on TimeBank 1.2 + AQUAINT (TBAQ-cleaned), scored as in TempEval-3.

    .venv/bin/python bench/eval_timebank.py

Extents: strict (same span) and relaxed (any overlap) precision/recall/F1. Values: a relaxed
match whose value equals the gold TIMEX3 value is correct; value F1 = F1 over those (TempEval-3's
"value F1"). Every document is resolved against its DCT. Anchor: HeidelTime 77.6 value F1.

The same matched spans are also read by dateparser (RELATIVE_BASE = DCT), the library the
issue suggests; its value accuracy is printed beside ours. This is the measurement behind the
choice of Storyline's own grammar in storyline/analyse/times.py.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from scoring import CORPORA, HEADER, prf, row

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
    totals = {"gold": 0, "pred": 0, "strict": 0, "relaxed_pred": 0, "relaxed_gold": 0, "value": 0,
              "dateparser": 0, "matched": 0}
    for (text, dct, gold), doc in zip(documents, parse([t for t, _, _ in documents])):
        predicted = extract_times(doc, dct)
        totals["gold"] += len(gold)
        totals["pred"] += len(predicted)
        gold_spans = {(s, e) for s, e, _, _ in gold}
        totals["strict"] += sum((t.start, t.end) in gold_spans for t in predicted)
        totals["relaxed_gold"] += sum(any(t.start < e and s < t.end for t in predicted) for s, e, _, _ in gold)
        for t in predicted:
            matches = [g for g in gold if t.start < g[1] and g[0] < t.end]
            if not matches:
                continue
            totals["relaxed_pred"] += 1
            totals["matched"] += 1
            value = matches[0][3]
            totals["value"] += t.value == value
            totals["dateparser"] += dateparser_value(t.text, dct) == value
    print(f"TimeBank+AQUAINT: {len(files)} documents, {totals['gold']} gold TIMEX3, {totals['pred']} predicted")
    print(HEADER)
    print(row("extent, strict", *prf(totals["strict"], totals["pred"], totals["strict"], totals["gold"])))
    relaxed = prf(totals["relaxed_pred"], totals["pred"], totals["relaxed_gold"], totals["gold"])
    print(row("extent, relaxed", *relaxed))
    accuracy = totals["value"] / totals["matched"] if totals["matched"] else 0.0
    print(row("value (TempEval-3 value F1)", *prf(totals["value"], totals["pred"], totals["value"], totals["gold"]),
              "anchor: HeidelTime 77.6"))
    print(f"value accuracy on relaxed matches: storyline {100 * accuracy:.1f}%, "
          f"dateparser on the same spans {100 * totals['dateparser'] / max(totals['matched'], 1):.1f}%")


if __name__ == "__main__":
    main()
