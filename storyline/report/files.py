"""Writing report files so that an interrupted run never leaves half a file behind."""

from __future__ import annotations

from pathlib import Path


def write_atomic(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_text(content, "utf-8")
    partial.replace(path)
    return path
