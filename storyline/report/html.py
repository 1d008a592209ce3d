"""The HTML report: an index page and one self-contained static page per story.

Jinja2 with autoescaping on: every piece of article text is escaped, links are written only for
http(s) URLs, and a Content-Security-Policy forbids scripts and every external request, so a
hostile article can neither run code nor make the page call out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline import __version__
from storyline.report.files import write_atomic

PLOT_WIDTH, PLOT_HEIGHT, BAR_MAX = 640, 80, 24


def write(document: dict[str, Any], folder: Path) -> Path:
    """Write index.html and story-ID.html into `folder`; returns the index path."""
    folder.mkdir(parents=True, exist_ok=True)
    env = Environment(loader=PackageLoader("storyline", "report/templates"), autoescape=select_autoescape(default=True))
    common = {"version": __version__, "generated_at": document["generated_at"], "schema": document["schema"]}
    articles = {a["id"]: a for a in document["articles"]}
    for story in document["stories"]:
        members = [articles[i] for i in story["articles"]]
        page = env.get_template("story.html.j2").render(
            story=story, members=members, labels={a["id"]: n for n, a in enumerate(members, start=1)},
            titles={a["id"]: a["title"] or a["id"] for a in members}, plot=_plot(story["coverage"]["days"]), **common)
        write_atomic(folder / f"story-{story['id']}.html", page)
    index = folder / "index.html"
    write_atomic(index, env.get_template("index.html.j2").render(stories=document["stories"], articles=document["articles"],
                                                          **common))
    return index


def _plot(days: dict[str, int]) -> dict[str, Any]:
    dated = [(d, n) for d, n in days.items() if d != "undated"]
    width = min(BAR_MAX, PLOT_WIDTH // max(1, len(dated)))
    top = max((n for _, n in dated), default=1)
    bars = [{"day": d, "n": n, "x": i * width, "w": max(1, width - 2), "h": round(PLOT_HEIGHT * n / top),
             "label": d if i in (0, len(dated) - 1) else ""} for i, (d, n) in enumerate(dated)]
    return {"width": max(PLOT_WIDTH, len(dated) * width), "height": PLOT_HEIGHT, "bars": bars}

