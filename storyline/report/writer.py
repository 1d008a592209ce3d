"""Write the report folder: index.html (+ a page per story), report.json and report.md."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.models import Problem
from storyline.report import html, markdown
from storyline.report.files import write_atomic


@dataclass(frozen=True)
class Written:
    """A report folder as written: its index page, and the stories a rendering could not show."""

    index: Path
    problems: tuple[Problem, ...] = ()


def write_json(document: dict[str, Any], path: Path) -> Path:
    return write_atomic(path, json.dumps(document, indent=2, ensure_ascii=False))


def write_markdown(document: dict[str, Any], path: Path) -> Path:
    return write_atomic(path, markdown.render(document))


def write_folder(document: dict[str, Any], folder: Path) -> Written:
    """All three formats into `folder`; a story one format cannot render is replaced there by a note
    saying why, and the other stories and formats are written all the same."""
    index, problems = html.write(document, folder)
    write_json(document, folder / "report.json")
    text, more = markdown.render_with_problems(document)
    write_atomic(folder / "report.md", text)
    return Written(index, tuple(problems + more))
