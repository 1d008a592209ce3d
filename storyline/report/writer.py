"""Write the report folder: index.html (+ a page per story), report.json and report.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.report import html, markdown
from storyline.report.files import write_atomic


def write_json(document: dict[str, Any], path: Path) -> Path:
    return write_atomic(path, json.dumps(document, indent=2, ensure_ascii=False))


def write_markdown(document: dict[str, Any], path: Path) -> Path:
    return write_atomic(path, markdown.render(document))


def write_folder(document: dict[str, Any], folder: Path) -> Path:
    """All three formats into `folder`; returns the index page."""
    index = html.write(document, folder)
    write_json(document, folder / "report.json")
    write_markdown(document, folder / "report.md")
    return index

