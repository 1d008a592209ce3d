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


@dataclass(frozen=True)
class ExplainConfig:
    """Thresholds of the explain stage, set on public data (bench/eval_findings.py's labelled set,
    ECB+ dev, Timeline17 H1N1), never on the seed articles. Weighted cosines and overlaps are over
    content stems weighted by their rarity in the story (explain/text.py)."""

    # Figures (explain/figures.py): when two are one measure, and when they disagree, agree or move.
    close: float = 0.05  # relative difference of two figures still read as one figure rounded
    hedged: float = 0.10  # how far "about", "nearly", "some" reach
    specific: float = 1000  # figures this big rarely meet by chance within rounding; small counts ("two") often do
    max_ratio: float = 2.0  # figures further apart are about different things
    context_chars: int = 80  # words this close to a figure say what it counts
    number_context: float = 0.35  # weighted overlap of those words for two figures to count the same thing
    alike: float = 0.2  # weighted cosine of two sentences that tell one fact (for a disagreement on a small figure)
    same_sentence: float = 0.8  # weighted cosine of two sentences that are one sentence, reworded at most
    min_shared: int = 2  # content words two contexts or passages must share, whatever their overlap
    subject_chars: int = 40  # a place or person this close to a figure is what it is about
    moved: float = 0.7  # share of a figure's values that must rise (or fall) in time order for an update
    window_days: int = 1  # reports this close in time tell of the same moment
    # Statements and facts (explain/findings.py, explain/quotes.py).
    same_statement: float = 0.28  # weighted cosine of two quotes' words for the same statement
    same_words: float = 0.8  # weighted cosine of a quote and its copy's: the same words
    same_fact: float = 0.6  # weighted overlap of two sentences for the same fact
    fact_shared: int = 5  # ... and the content words they must share
    min_quote_words: int = 4  # content words of a quote worth comparing ("is already on the way" is too little)
    copied_words: int = 3  # ... when a copy repeats it word for word ("all of humanity is under threat")
    embed_run: int = 6  # words in a row a quote and an embedded post must share
    same_name: float = 0.8  # similarity ratio of two name words spelt alike ("Wolfe", "Wolff"; "Jon", "John")
    same_wording: float = 0.5  # weighted cosine of two quotes of one speaker for one statement
    # Timeline (explain/timeline.py).
    same_happening: float = 0.5  # weighted overlap at which two sentences tell the same happening
    support: float = 0.6  # ... at which an undated sentence is cited for an entry
    common_words: int = 200  # a word in more sentences than this finds no supporting sentence on its own
    shared_words: int = 6  # or: this many content words in common ...
    shared_floor: float = 0.3  # ... and at least this overlap
    # Key dates (explain/key_dates.py) and summary (explain/summary.py).
    key_dates: int = 10  # the short timeline a report opens with
    per_date: int = 2  # sentences shown per key date
    repeats: float = 0.5  # weighted cosine at which a sentence only repeats one already chosen
    background_days: int = 7  # a day more than a week before the story's first report, or after its last, ...
    background_reports: int = 3  # ... is a key date only when this many independent reports name it
    lead_sentences: int = 5  # a report's first sentences naming no day tell of its day and the day before
    subject_share: float = 0.5  # a term in this share of a story's reports is its subject ...
    subject_rarity: float = 2.5  # ... unless common in the language (link.similarity.rarity; "health" 1.6, "flu" 3.0)
    summary_sentences: int = 5
    redundancy: float = 0.7  # trade-off between relevance and novelty (maximal marginal relevance's lambda)
    lead_bonus: float = 0.15  # a lead sentence's head start
