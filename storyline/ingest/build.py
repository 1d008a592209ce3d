"""From a reader's raw article to the stored Article: clean, identify, fingerprint."""

from __future__ import annotations

import re
from dataclasses import fields, replace

from storyline.errors import InputError
from storyline.identity import content_hash
from storyline.ingest.clean import Cleaned, clean
from storyline.ingest.dates import choose, date_in_path, date_in_url, parse_date_line, with_year
from storyline.ingest.detokenize import detokenise, is_tokenised
from storyline.ingest.language import detect_language
from storyline.models import Article, PublishedDate, RawArticle

# Control characters carry nothing a reader sees, and PostgreSQL cannot store NUL in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def build_article(raw: RawArticle) -> Article:
    """Clean a raw article; raise InputError when no text is left."""
    raw = replace(raw, **{f.name: _CONTROL.sub("", value) for f in fields(raw)
                          if isinstance(value := getattr(raw, f.name), str) and _CONTROL.search(value)})
    if is_tokenised(raw.text):
        raw = replace(raw, text=detokenise(raw.text), title=detokenise(raw.title) if raw.title else raw.title)
    if raw.title and parse_date_line(raw.title):
        raw = _dateline_for_title(raw)
    cleaned = clean(raw.text, title=raw.title, title_in_text=raw.title_in_text)
    if not cleaned.text.strip():
        raise InputError(raw.origin, "no article text left after removing boilerplate")
    digest = content_hash(cleaned.text, raw.source or raw.domain, cleaned.title)
    source, source_evidence = outlet(raw, cleaned)
    return Article(
        id=digest[:16],
        content_hash=digest,
        title=cleaned.title,
        text=cleaned.text,
        format=raw.format,
        path=raw.path,
        url=raw.url,
        source=source,
        domain=raw.domain,
        title_source=raw.title_source if raw.title else cleaned.title_source,
        source_evidence=source_evidence,
        author=raw.author or cleaned.author,
        published=published(raw, cleaned),
        updated=cleaned.updated,
        language=raw.language or detect_language(cleaned.text),
        dateline_place=cleaned.dateline_place,
        credits=cleaned.credits,
        embeds=cleaned.embeds,
        removed=cleaned.removed,
    )


def _dateline_for_title(raw: RawArticle) -> RawArticle:
    """A dump that took a text's first line for its title may have taken the dateline above the
    headline ("DECEMBER 16, 2008"): the date is read as a dateline and the headline from the text."""
    first_line = next((line.strip() for line in raw.text.splitlines() if line.strip()), "")
    if first_line == raw.title.strip():  # type: ignore[union-attr]
        return replace(raw, title=None, title_source=None, title_in_text=True)
    return replace(raw, text=f"{raw.title}\n{raw.text}", title=None, title_source=None)


def outlet(raw: RawArticle, cleaned: Cleaned) -> tuple[str | None, str | None]:
    """Who published it, and how we know: the outlet the input declares (page metadata, a JSON
    field, the feed), else the one the text names (wire tag, dateline credit, byline, a disclaimer or
    staff bio), else the site's domain."""
    if raw.source:
        return raw.source, raw.source_evidence or f"given by the {raw.format} input"
    if cleaned.outlets:
        return cleaned.outlets[0]
    if raw.domain:
        return raw.domain, f"domain {raw.domain}"
    return None, None


def published(raw: RawArticle, cleaned: Cleaned) -> PublishedDate | None:
    """The publication date, by precedence: the format's metadata, then a dateline in the text, then
    a date in the URL, then one in a file or folder name. A dateline without its year ("June 8")
    takes the year that puts it nearest the URL's or path's date. Weaker sources that disagree by
    more than a day are named in the evidence."""
    from_url, from_path = date_in_url(raw.url), date_in_path(raw.path)
    dateline = cleaned.published
    if dateline is None and cleaned.month_day and (near := from_url or from_path):
        dateline = with_year(cleaned.month_day, near)
    return choose([raw.published, dateline, from_url, from_path])
