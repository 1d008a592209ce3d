"""From a reader's raw article to the stored Article: clean, identify, fingerprint."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import fields, replace

from storyline.errors import InputError
from storyline.ingest.clean import clean
from storyline.ingest.language import detect_language
from storyline.models import Article, RawArticle

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                         "–": "-", "—": "-", "−": "-", "\u00a0": " "})


# Control characters carry nothing a reader sees, and PostgreSQL cannot store NUL in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """The form two copies of one text share: compatibility forms, plain quotes, one space, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


def content_hash(text: str, source: str | None) -> str:
    """Fingerprint of an article: its normalised text within its outlet.

    The outlet is part of it so that one wire story run by two outlets stays two articles
    (a later stage links them as copies), while the same file ingested twice is one.
    """
    key = normalise(source or "") + "\n" + normalise(text)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def build_article(raw: RawArticle) -> Article:
    """Clean a raw article; raise InputError when no text is left."""
    raw = replace(raw, **{f.name: _CONTROL.sub("", value) for f in fields(raw)
                          if isinstance(value := getattr(raw, f.name), str) and _CONTROL.search(value)})
    cleaned = clean(raw.text, title=raw.title, title_in_text=raw.title_in_text)
    if not cleaned.text.strip():
        raise InputError(raw.origin, "no article text left after removing boilerplate")
    digest = content_hash(cleaned.text, raw.source or raw.domain)
    return Article(
        id=digest[:16],
        content_hash=digest,
        title=cleaned.title,
        text=cleaned.text,
        format=raw.format,
        path=raw.path,
        url=raw.url,
        source=raw.source,
        domain=raw.domain,
        author=raw.author or cleaned.author,
        published=raw.published or cleaned.published,
        updated=cleaned.updated,
        language=raw.language or detect_language(cleaned.text),
        dateline_place=cleaned.dateline_place,
        credits=cleaned.credits,
        embeds=cleaned.embeds,
        removed=cleaned.removed,
    )
