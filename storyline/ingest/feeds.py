"""RSS and Atom feeds: items with full text are articles; others are fetched with --follow-links."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from time import struct_time
from typing import Any
from urllib.parse import urlsplit

import feedparser

from storyline.errors import InputError
from storyline.ingest.decode import decode
from storyline.ingest.fetch import Fetcher
from storyline.ingest.html import fragment_text, read_html
from storyline.models import Notice, PublishedDate, RawArticle

# Fewer words than this is a teaser, not the article: most feeds carry a sentence or two.
FULL_TEXT_WORDS = 100


@dataclass(frozen=True)
class Feed:
    outlet: str | None
    entries: tuple[tuple[str, Any], ...]  # (key, entry): the key names the item across polls
    damage: str | None = None  # why the XML is not well formed, when it is not (truncated, say)


# What feedparser flags that is no damage to the items: a charset or media type other than declared.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def parse_feed(data: bytes, origin: str) -> Feed | InputError:
    # A file-like object, so feedparser never takes the content for a URL or a path to open.
    parsed = feedparser.parse(io.BytesIO(data))
    reason = parsed.get("bozo_exception")
    detail = str(reason).splitlines()[0] if reason else ""
    if not parsed.get("version") and not parsed.entries:
        return InputError(origin, "not an RSS or Atom feed" + (f" ({detail})" if detail else ""))
    if parsed.get("bozo") and reason is not None and not isinstance(reason, _HARMLESS) and not parsed.entries:
        return InputError(origin, f"damaged feed, no item could be read ({detail})")
    damage = detail if parsed.get("bozo") and reason is not None and not isinstance(reason, _HARMLESS) else None
    return Feed(parsed.feed.get("title") or None, tuple((_key(entry), entry) for entry in parsed.entries), damage)


def read_feed(data: bytes, origin: str, path: str | None, fetcher: Fetcher | None) -> Iterator[RawArticle | InputError | Notice]:
    """Yield the feed's articles; `fetcher` is given only when the user asked to follow links."""
    feed = parse_feed(data, origin)
    if isinstance(feed, InputError):
        yield feed
        return
    summaries = articles = 0
    for number, (_, entry) in enumerate(feed.entries, start=1):
        found = list(entry_articles(feed, entry, origin, f"{path}#{number}" if path else None, fetcher, number))
        summaries += not found
        articles += len(found)
        yield from found
    if summaries:
        yield Notice(origin, f"{summaries} item(s) carry only a summary and were skipped; "
                             "--follow-links fetches their pages")
    if feed.damage and articles:
        yield Notice(origin, f"damaged feed ({feed.damage}); read the {len(feed.entries)} item(s) before the damage")
    elif feed.damage:
        yield InputError(origin, f"damaged feed, no article could be read ({feed.damage})")


def entry_articles(feed: Feed, entry: Any, origin: str, path: str | None, fetcher: Fetcher | None,
                   number: int) -> Iterator[RawArticle | InputError]:
    """The article one item holds: its own full text, else its page when links are followed, else
    nothing (a teaser is not an article)."""
    link = entry.get("link") or None
    text = fragment_text(_content(entry))
    meta = _entry_metadata(entry, feed.outlet)
    if len(text.split()) >= FULL_TEXT_WORDS:
        yield RawArticle(text=text, origin=f"{origin}#{link or number}", format="feed", path=path, url=link, **meta)
    elif fetcher is not None and link:
        yield from _follow(link, fetcher, meta)


def _key(entry: Any) -> str:
    """An item's identity: its id (guid), else its link, else a digest of its title and content."""
    named = entry.get("id") or entry.get("link")
    if named:
        return str(named)
    return "sha256:" + hashlib.sha256(f"{entry.get('title', '')}\n{_content(entry)}".encode()).hexdigest()


def _follow(link: str, fetcher: Fetcher, meta: dict[str, Any]) -> Iterator[RawArticle | InputError]:
    try:
        fetched = fetcher.get(link)
        page = read_html(decode(fetched.data, link, fetched.charset), link, url=fetched.url)
    except InputError as error:
        yield error
        return
    # The page's own metadata wins; the feed fills what the page lacks.
    yield RawArticle(
        text=page.text, origin=link, format="html", url=page.url,
        title=page.title or meta["title"], title_source=page.title_source if page.title else meta["title_source"],
        source=page.source or meta["source"],
        source_evidence=page.source_evidence if page.source else meta["source_evidence"],
        domain=page.domain or meta["domain"], author=page.author or meta["author"],
        published=page.published or meta["published"],
    )


def _content(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "")
    return best if len(best) >= len(summary) else summary


def _entry_metadata(entry: Any, outlet: str | None) -> dict[str, Any]:
    link = entry.get("link") or ""
    host = urlsplit(link).hostname if link.startswith("http") else None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    title = entry.get("title") or None
    return {
        "title": title,
        "title_source": "feed item" if title else None,
        "source": outlet,
        "source_evidence": "feed title" if outlet else None,
        "domain": host.removeprefix("www.") if host else None,
        "author": entry.get("author") or None,
        "published": _from_struct(stamp) if stamp else None,
    }


def _from_struct(stamp: struct_time) -> PublishedDate:
    moment = datetime(*stamp[:6], tzinfo=timezone.utc)
    if (moment.hour, moment.minute) == (0, 0):
        return PublishedDate(moment.strftime("%Y-%m-%d"), "day", evidence="feed item date")
    return PublishedDate(moment.strftime("%Y-%m-%dT%H:%M"), "minute", evidence="feed item date")
