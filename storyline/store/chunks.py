"""Ids for an `IN (...)` list, a few hundred at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
IN_LIST = 500  # ids per IN (...) query: well inside every database's limit on bound parameters


def chunks(items: Sequence[T], size: int = IN_LIST) -> Iterator[list[T]]:
    """`items` in lists of at most `size`, in order."""
    for start in range(0, len(items), size):
        yield list(items[start: start + size])
