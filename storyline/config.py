"""Settings in one typed object, so no module keeps its own knobs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.errors import StorylineError

DEFAULT_DB = "storyline.db"


@dataclass(frozen=True)
class IngestConfig:
    """Limits and switches for reading inputs.

    The limits protect the store and the machine from hostile or accidental input: a
    decompression bomb, a 5 GB log file given by mistake, a server that never stops sending.
    """

    max_file_bytes: int = 10_000_000
    max_archive_bytes: int = 1_000_000_000
    max_archive_ratio: float = 100.0
    max_archive_members: int = 100_000
    http_timeout: float = 20.0  # longest wait for any one read
    http_deadline: float = 60.0  # longest a whole download may take, however the server paces it
    follow_links: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    batch_size: int = 200
    boilerplate_repeats: int = 5  # a sentence at the head or tail of this many articles of one outlet is its furniture (0: off)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "kib": 2**10, "m": 10**6, "mb": 10**6,
          "mib": 2**20, "g": 10**9, "gb": 10**9, "gib": 2**30}


def parse_size(text: str) -> int:
    """Parse a human size such as `10MB`, `512k` or `2GiB` into bytes."""
    match = _SIZE.match(text)
    unit = (match.group(2) or "").lower() if match else None
    if not match or unit not in _UNITS:
        raise StorylineError(f"--max-size: cannot read {text!r} as a size (try 10MB or 500k)")
    return int(float(match.group(1)) * _UNITS[unit])


def format_size(n: int) -> str:
    """Show a byte count the way a person reads it (10 MB, 1.2 MB, 800 bytes)."""
    if n >= 10**6:
        return f"{n / 10**6:.1f}".removesuffix(".0") + " MB"
    if n >= 10**3:
        return f"{n / 10**3:.1f}".removesuffix(".0") + " kB"
    return f"{n} bytes"


@dataclass(frozen=True)
class LinkConfig:
    """Thresholds of the link stage, set on public data (bench/eval_ecbplus.py, ECB+ dev and
    Timeline17 H1N1), never on the seed articles."""

    event_threshold: float = 0.20  # article-to-event similarity to join it
    undated_event_threshold: float = 0.35  # the same for an undated article and a dated event (it takes its date)
    story_threshold: float = 0.10  # similarity to the nearest event of a story to join the story
    event_window_days: int = 7  # a dated article only joins events this close in time
    story_window_days: int = 400
    time_scale_days: float = 4.0  # similarity halves about every 3 days of distance
    story_time_scale_days: float = 30.0  # a story link loses half its weight in about three weeks ...
    story_time_floor: float = 0.3  # ... down to this share of its similarity months away
    candidates: int = 30  # events scored per article, from the index
    centroid_terms: int = 200  # terms kept per event and story centroid
    term_weight: float = 0.6  # against 1 - term_weight for shared entities
