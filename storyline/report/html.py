"""The HTML pages: the static report folder (an index page and one page per story) and the web
UI's pages, rendered from the same templates.

Jinja2 with autoescaping on: every piece of article text is escaped, links are written only for
http(s) URLs, and a Content-Security-Policy forbids every script not shipped with Storyline and
every external request, so a hostile article can neither run code nor make the page call out.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline.errors import unexpected
from storyline.models import Problem
from storyline.report.document import UNDATED, span
from storyline.report.files import write_atomic
from storyline.report.views import Links, cited, readable_day, rows, story_page
from storyline.version import __version__

log = logging.getLogger(__name__)

STATIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"  # a file on disk: no script at all
SERVED_CSP = STATIC_CSP + "; form-action 'self'"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("storyline", "report/templates"), autoescape=select_autoescape(default=True))
    env.filters["span"] = span
    env.filters["day"] = readable_day
    env.filters["figure"] = lambda value: f"{value:,.10g}"
    env.globals.update(UNDATED=UNDATED, cited=cited, version=__version__)
    return env


@lru_cache(maxsize=1)
def _code() -> str:
    """A digest of what renders a page besides its data: the templates and the modules that fill them."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in [*sorted((here / "templates").iterdir()), here / "views.py", here / "html.py", here / "document.py"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _page_key(story: dict[str, Any], members: list[dict[str, Any]]) -> str:
    """What a story page shows, digested: the story, its members (text included) and the code."""
    data = json.dumps([_code(), story, [{k: v for k, v in m.items() if k != "ingested_at"} for m in members]],
                      sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _written_under(path: Path, key: str) -> bool:
    try:
        with path.open(encoding="utf-8") as page:
            return f'<meta name="storyline-page" content="{key}">' in page.read(4096)
    except (OSError, UnicodeDecodeError):
        return False


def render(template: str, link: Links, **context: Any) -> str:
    """One page; the web UI's pages and the report's files differ only in where links go."""
    csp = SERVED_CSP if link.served else STATIC_CSP
    return environment().get_template(template).render(link=link, csp=csp, **context)


def write(document: dict[str, Any], folder: Path) -> tuple[Path, list[Problem]]:
    """Write index.html and story-ID.html into `folder`; returns the index path and the stories whose
    page could not be rendered (each gets a page saying so, and the index lists them)."""
    folder.mkdir(parents=True, exist_ok=True)
    link = Links(served=False)
    common = {"generated_at": document["generated_at"], "schema": document["schema"]}
    articles = {a["id"]: a for a in document["articles"]}
    problems = []
    for story in document["stories"]:
        path = folder / f"story-{story['id']}.html"
        try:
            members = [articles[i] for i in story["articles"]]
            key = _page_key(story, members)
            if _written_under(path, key):
                continue  # the page there shows exactly this: a run rewrites only the stories that changed
            page = story_page(story, members, lambda i: articles[i].get("text"), fold=True)
            html = render("story.html.j2", link, story=story, page=page, key=key, **common)
        except Exception as exc:
            log.debug("rendering story %s failed", story["id"], exc_info=True)
            problem = Problem("report", f"story {story['id']}: HTML page", unexpected(exc))
            problems.append(problem)
            html = render("failed.html.j2", link, story=story, problem=problem, **common)
        write_atomic(path, html)
    index = folder / "index.html"
    write_atomic(index, render(
        "index.html.j2", link, rows=rows(document["stories"], document["articles"]), total=len(document["stories"]),
        total_articles=len(document["articles"]), warnings=document.get("warnings", []),
        skipped=document.get("skipped", []), failed=problems, **common))
    return index, problems
