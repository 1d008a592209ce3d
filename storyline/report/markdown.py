"""The Markdown report: the same document as the HTML pages, for reading in a terminal or a repo."""

from __future__ import annotations

import logging
import re
from typing import Any

from storyline.errors import unexpected
from storyline.models import Problem
from storyline.report.document import UNDATED, counted, span

log = logging.getLogger(__name__)


def render(document: dict[str, Any]) -> str:
    return render_with_problems(document)[0]


def render_with_problems(document: dict[str, Any]) -> tuple[str, list[Problem]]:
    """The report, and the stories that could not be rendered (each is replaced by a line saying so)."""
    articles = {a["id"]: a for a in document["articles"]}
    lines = ["# Storyline report", ""]
    lines += [f"> **Warning:** {_md(w)}" for w in document.get("warnings", [])]
    lines += ["", f"{len(document['articles'])} articles in {len(document['stories'])} stories.", ""]
    problems = []
    for story in document["stories"]:
        try:
            lines += _story(story, articles)
        except Exception as exc:
            log.debug("rendering story %s failed", story["id"], exc_info=True)
            problem = Problem("report", f"story {story['id']}: Markdown", unexpected(exc))
            problems.append(problem)
            lines += [f"## {_md(story['title'])}", "", f"This story could not be rendered: {_md(problem.cause)}", ""]
    skipped = document.get("skipped", [])
    if skipped:
        lines += ["## Skipped, and why", "", "| Stage | Input | Why |", "|---|---|---|"]
        lines += [f"| {_md(s['stage'])} | {_md(s['origin'])} | {_md(s['reason'])} |" for s in skipped]
        lines.append("")
    return "\n".join(lines), problems


def _story(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    labels = {a: n for n, a in enumerate(story["articles"], start=1)}

    def cite(citations: list[dict[str, Any]]) -> str:
        return "".join(f"[{labels[c]}]" for c in dict.fromkeys(c["article"] for c in citations))

    about = f" · about {_md(', '.join(story['entities'][:5]))}" if story.get("entities") else ""
    lines += [f"## {_md(story['title'])}", "",
              f"{span(story['first'], story['last'])} · {len(story['events'])} events · "
              f"{len(story['articles'])} articles{about}", "", "### Summary", ""]
    lines += [f"- {_md(s['text'])} {cite(s['citations'])}" for s in story["summary"]]
    lines += ["", "### Key dates", ""]
    for k in story["key_dates"]:
        lines.append(f"- **{k['date']}** ({counted(len(k['sources']), 'article', 'articles')})")
        lines += [f"  - {_md(c['text'])} {cite([c])}" for c in k["sentences"]]
    lines += ["", "### Timeline", ""]
    for e in story["timeline"]:
        when = e["date"] + ("" if e["precision"] == "day" else f" ({e['precision']})")
        lines.append(f"- **{when}**{' *(upcoming)*' if e['upcoming'] else ''} {_md(e['text'])} {cite(e['citations'])}")
    lines += ["", "### Disagreements", ""]
    for f in story["disagreements"] or [None]:
        if f is None:
            lines.append("None found.")
            continue
        closeness = f" ({f['closeness']})" if f["closeness"] else ""
        lines.append(f"- **{_md(f['kind'] + closeness)}**: {_md(f['about'])} — {_md(f['note'])}")
        for side in f["sides"]:
            lines.append(f"  - **{_md(side['value'])}**")
            lines += [f"    > {_md(c['text'])} {cite([c])}" for c in side["citations"]]
    lines += ["", "### Updates", ""]
    for f in story["updates"] or [None]:
        if f is None:
            lines.append("None found.")
            continue
        lines.append(f"- **{_md(f['about'])}**: {_md(' -> '.join(side['value'] for side in f['sides']))}")
        for side in f["sides"]:
            lines.append(f"  - **{_md(side['value'])}**")
            lines += [f"    > {_md(c['text'])} {cite([c])}" for c in side["citations"][:3]]
    lines += ["", "### Agreements", ""]
    for f in story["agreements"] or [None]:
        if f is None:
            lines.append("None found.")
            continue
        values = f" ({_md(' / '.join(side['value'] for side in f['sides']))})" if f["closeness"] else ""
        lines.append(f"- **{_md(f['about'])}**{values} — {_md(f['note'])}")
        lines += [f"  > {_md(c['text'])} {cite([c])}" for side in f["sides"] for c in side["citations"]]
    lines += ["", "### Quotes by speaker", ""]
    for q in story["quotes"]:
        lines.append(f"- **{_md(q['speaker'])}**: “{_md(q['text'])}” {cite(q['variants'])}")
    lines += ["", "### Coverage", "", "| Outlet | Articles |", "|---|---|"]
    lines += [f"| {_md(o)} | {n} |" for o, n in story["coverage"]["outlets"].items()]
    lines += ["", "| Day | Articles |", "|---|---|"] + [f"| {_md(d)} | {n} |" for d, n in story["coverage"]["days"].items()]
    lines += ["", "### Copies", ""]
    lines += [f"- [{labels[c['copy']]}] is a {c['kind']} copy of [{labels[c['original']]}] ({c['share']:.0%})"
              for c in story["copies"]] or ["No article of this story copies another."]
    lines += ["", "### Sources", ""]
    for article_id, n in labels.items():
        a = articles[article_id]
        when = a["published"]["value"] if a["published"] else UNDATED
        lines.append(f"{n}. {_md(a['title'] or '(no title)')} — {_md(a['outlet'] or a['domain'] or 'unknown outlet')}, "
                     f"{_md(when)} · {code(a['url'] or a['path'] or '')} · id {code(article_id)}")
    lines.append("")
    return lines


def code(text: str) -> str:
    """Text as a CommonMark code span: fenced by a longer run of backticks than any inside it (a
    backtick in a path cannot close the span early), padded when it starts or ends with one, on one
    line. Inside a code span nothing is markup, so no HTML can pass."""
    text = " ".join(str(text).split()) or " "
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md(text: str) -> str:
    """Article text as Markdown text: no raw HTML, entity or code span, no accidental emphasis or links."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>|&":
        text = text.replace(char, "\\" + char)
    return text
