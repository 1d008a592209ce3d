"""Choose a reader by what a document contains; the file name only breaks ties.

Magic bytes alone mislead: a news story that begins "Blink..." is "Blink archive data" to
`file(1)`. So we decode first and look at the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from storyline.errors import InputError
from storyline.ingest.decode import decode_counting
from storyline.ingest.feeds import read_feed
from storyline.ingest.fetch import Fetcher
from storyline.ingest.html import read_html
from storyline.ingest.records import read_records
from storyline.ingest.sources import Document
from storyline.models import Notice, RawArticle

_FEED_ROOT = re.compile(r"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*>\s*|<!doctype[^>]*>\s*)*"
                        r"<(?:rss|feed|rdf:rdf)\b", re.S)
_HTML_TAG = re.compile(r"<(?:html|head|body|article|main|div|p|h1|title|meta)\b", re.IGNORECASE)
_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
_FEED_SUFFIXES = (".rss", ".atom", ".xml")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def sniff(text: str, name: str, content_type: str | None = None) -> str:
    """Return "feed", "html", "json" or "text"."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    lowered = head.lower()
    suffix = PurePosixPath(name.lower()).suffix
    content_type = (content_type or "").lower()
    if _FEED_ROOT.match(lowered):
        return "feed"
    if lowered.startswith(("<!doctype html", "<html")) or (lowered.startswith("<") and _HTML_TAG.search(lowered)):
        return "html"
    if lowered.startswith(("{", "[")):
        return "json"
    if suffix in _JSON_SUFFIXES or "json" in content_type:
        return "json"
    if lowered.startswith("<?xml") or suffix in _FEED_SUFFIXES or any(t in content_type for t in ("rss", "atom", "xml")):
        return "feed"
    if lowered.startswith("<") and (suffix in _HTML_SUFFIXES or "html" in content_type):
        return "html"
    return "text"


def read_document(doc: Document, fetcher: Fetcher | None) -> Iterator[RawArticle | InputError | Notice]:
    """Read one document into raw articles; `fetcher` is set when feed links are to be followed."""
    try:
        text, replaced = decode_counting(doc.data, doc.origin, doc.charset)
    except InputError as error:
        yield error
        return
    if replaced:
        yield Notice(doc.origin, f"{replaced} byte{'s' if replaced > 1 else ''} not valid UTF-8 replaced with �")
    kind = sniff(text, doc.name, doc.content_type)
    if kind == "feed":
        yield from read_feed(doc.data, doc.origin, doc.path, fetcher)
    elif kind == "json":
        yield from read_records(text, doc.origin, doc.path)
    elif kind == "html":
        try:
            yield read_html(text, doc.origin, path=doc.path, url=doc.url)
        except InputError as error:
            yield error
    else:
        yield RawArticle(text=text, origin=doc.origin, format="text", path=doc.path, url=doc.url, title_in_text=True)
