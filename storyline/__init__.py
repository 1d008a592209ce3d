"""Storyline: follow a developing news story across many outlets."""

from __future__ import annotations

from storyline.api import Storyline
from storyline.version import __version__

__all__ = ["Storyline", "__version__"]
