"""The HTML report: an index page and one self-contained static page per story.

Jinja2 with autoescaping on: every piece of article text is escaped, links are written only for
http(s) URLs, and a Content-Security-Policy forbids scripts and every external request, so a
hostile article can neither run code nor make the page call out.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.version import __version__
from storyline.errors import unexpected
from storyline.models import Problem
from storyline.report.document import UNDATED, span
from storyline.report.files import write_atomic

log = logging.getLogger(__name__)

PLOT_WIDTH, PLOT_HEIGHT, BAR_MAX = 640, 80, 24


def write(document: dict[str, Any], folder: Path) -> tuple[Path, list[Problem]]:
    """Write index.html and story-ID.html into `folder`; returns the index path and the stories whose
    page could not be rendered (each gets a page saying so, and the index lists them)."""
    folder.mkdir(parents=True, exist_ok=True)
    env = Environment(loader=PackageLoader("storyline", "report/templates"), autoescape=select_autoescape(default=True))
    env.filters["span"] = span
    env.globals["UNDATED"] = UNDATED
    common = {"version": __version__, "generated_at": document["generated_at"], "schema": document["schema"]}
    articles = {a["id"]: a for a in document["articles"]}
    problems = []
    for story in document["stories"]:
        try:
            members = [articles[i] for i in story["articles"]]
            page = env.get_template("story.html.j2").render(
                story=story, members=members, labels={a["id"]: n for n, a in enumerate(members, start=1)},
                titles={a["id"]: a["title"] or a["id"] for a in members}, plot=_plot(story["coverage"]["days"]),
                **common)
        except Exception as exc:
            log.debug("rendering story %s failed", story["id"], exc_info=True)
            problem = Problem("report", f"story {story['id']}: HTML page", unexpected(exc))
            problems.append(problem)
            page = env.get_template("failed.html.j2").render(story=story, problem=problem, **common)
        write_atomic(folder / f"story-{story['id']}.html", page)
    index = folder / "index.html"
    write_atomic(index, env.get_template("index.html.j2").render(
        stories=document["stories"], articles=document["articles"], warnings=document.get("warnings", []),
        skipped=document.get("skipped", []), failed=problems, **common))
    return index, problems


def _plot(days: dict[str, int]) -> dict[str, Any]:
    dated = [(d, n) for d, n in days.items() if d != "undated"]
    width = min(BAR_MAX, PLOT_WIDTH // max(1, len(dated)))
    top = max((n for _, n in dated), default=1)
    bars = [{"day": d, "n": n, "x": i * width, "w": max(1, width - 2), "h": round(PLOT_HEIGHT * n / top),
             "label": d if i in (0, len(dated) - 1) else ""} for i, (d, n) in enumerate(dated)]
    return {"width": max(PLOT_WIDTH, len(dated) * width), "height": PLOT_HEIGHT, "bars": bars}

