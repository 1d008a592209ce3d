"""What makes two inputs one article: the same headline and text from the same outlet, written
alike (compatibility forms, quotes, spaces and case aside)."""

from __future__ import annotations

import hashlib
import unicodedata

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                         "–": "-", "—": "-", "−": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """The form two copies of one text share: compatibility forms, plain quotes, one space, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


def content_hash(text: str, source: str | None, title: str | None = None) -> str:
    """Fingerprint of an article: its normalised headline and text within its outlet.

    The outlet is part of it so that one wire story run by two outlets stays two articles (a later
    stage links them as copies), and the headline so that a story re-run under a new headline is
    a new version, while the same file ingested twice is one.
    """
    key = normalise(source or "") + "\n" + normalise(title or "") + "\n" + normalise(text)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
