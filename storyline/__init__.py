"""Storyline: follow a developing news story across many outlets."""

from __future__ import annotations

__version__ = "0.1.0"

from storyline.api import Storyline  # noqa: E402  (the version must exist before api imports it)

__all__ = ["Storyline", "__version__"]
