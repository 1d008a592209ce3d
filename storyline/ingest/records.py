"""JSON and JSONL dumps: one article per object, common field names understood."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from storyline.errors import InputError
from storyline.ingest.dates import parse_any_date
from storyline.ingest.html import fragment_text
from storyline.models import Notice, PublishedDate, RawArticle

# Field names seen in news dumps (news APIs, scrapers, CMS exports), first match wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext", "full_text", "article_text", "story"),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "canonical_url", "permalink"),
    "date": ("date", "published", "published_at", "publishedAt", "pubDate", "date_publish",
             "datePublished", "publication_date", "time", "timestamp"),
    "source": ("source", "outlet", "site", "publisher", "site_name", "source_name", "domain"),
    "author": ("author", "byline", "authors", "creator"),
    "language": ("language", "lang"),
}
_WRAPPERS = ("articles", "items", "data", "results", "documents", "records", "entries", "news")


def read_records(text: str, origin: str, path: str | None) -> Iterator[RawArticle | InputError | Notice]:
    """Read a JSON document (an article, a list, or a wrapper object) or JSON Lines."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if text.lstrip().startswith("{") and "\n" in text.strip():
            yield from _json_lines(text, origin, path)
        else:
            yield InputError(origin, f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})")
        return
    if isinstance(document, dict):
        inner = next((document[k] for k in _WRAPPERS if isinstance(document.get(k), list)), None)
        document = inner if inner is not None else [document]
    if not isinstance(document, list):
        yield InputError(origin, "JSON holds no article objects (expected an object or a list of objects)")
        return
    for index, record in enumerate(document, start=1):
        where = f"{origin}#{index}"
        yield from _record(record, where, f"{path}#{index}" if path else None)


def _json_lines(text: str, origin: str, path: str | None) -> Iterator[RawArticle | InputError | Notice]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(where, f"malformed JSON line (column {error.colno}: {error.msg})")
            continue
        yield from _record(record, where, f"{path}:{number}" if path else None)


def _record(record: Any, where: str, path: str | None) -> Iterator[RawArticle | InputError | Notice]:
    if not isinstance(record, dict):
        yield InputError(where, f"expected a JSON object, found {type(record).__name__}")
        return
    body = _first(record, "text")
    if not isinstance(body, str) or not body.strip():
        names = ", ".join(FIELDS["text"][:3])
        problem = "empty text field" if body is not None else f"no text field (expected one of: {names})"
        yield InputError(where, problem)
        return
    url = _as_text(_first(record, "url"))
    raw_date = _first(record, "date")
    published = parse_any_date(raw_date)
    if raw_date not in (None, "") and published is None:
        yield Notice(where, f"cannot read the date {raw_date!r}; stored without a date")
    if published:
        published = PublishedDate(published.value, published.precision, evidence="JSON field")
    domain = urlsplit(url).hostname if url and url.startswith("http") else None
    language = _as_text(_first(record, "language"))
    title = _as_text(_first(record, "title"))
    source = _as_text(_first(record, "source"))
    yield RawArticle(
        text=fragment_text(body),
        origin=where,
        format="json",
        path=path,
        url=url,
        title=title,
        title_source="JSON field" if title else None,
        source=source,
        source_evidence="JSON field" if source else None,
        domain=domain.removeprefix("www.") if domain else None,
        author=_as_text(_first(record, "author")),
        published=published,
        language=language.lower()[:2] if language else None,
    )


def _first(record: dict[str, Any], field: str) -> Any:
    return next((record[name] for name in FIELDS[field] if record.get(name) not in (None, "", [])), None)


def _as_text(value: Any) -> str | None:
    """Flatten the shapes dumps use: `{"name": ...}`, lists of names, plain strings."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("href")
    if isinstance(value, list):
        value = ", ".join(filter(None, (_as_text(v) for v in value)))
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
