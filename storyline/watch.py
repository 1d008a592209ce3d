"""Watch RSS/Atom feeds: poll each on its schedule, take only items not seen before, then analyse
and link what arrived, incrementally.

Polite and cheap to re-run: every request carries the feed's last ETag and Last-Modified, so an
unchanged feed costs a 304 and nothing more; a failing feed is tried again after a delay that
doubles with each failure in a row (up to a day), while the others keep their schedule. What one
poll takes (articles, item keys, validators) is stored in one transaction, so stopping at any
moment loses nothing: the next run takes up where this one stopped.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from storyline.config import IngestConfig
from storyline.ingest.pipeline import learner
from storyline.errors import InputError, StorylineError
from storyline.ingest.build import build_article
from storyline.ingest.feeds import entry_articles, parse_feed
from storyline.ingest.fetch import Fetcher
from storyline.models import Article
from storyline.store.db import Store

MAX_BACKOFF = 24 * 3600.0
FEEDS_AT_ONCE = 8
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str, option: str = "--every") -> float:
    """"15m", "30s", "2h", "1d" or plain seconds."""
    match = _INTERVAL.match(text.lower())
    if not match or float(match.group(1)) <= 0:
        raise StorylineError(f"{option} {text!r}: give a duration such as 30s, 15m, 2h or 1d")
    return float(match.group(1)) * _SECONDS[match.group(2)]


def backoff(every: float, failures: int) -> float:
    """Seconds until the next poll of a feed that has failed `failures` times in a row."""
    return every if failures == 0 else min(every * 2 ** failures, max(every, MAX_BACKOFF))


@dataclass
class PollResult:
    url: str
    new: list[str] = field(default_factory=list)  # ids of articles stored
    duplicates: int = 0
    not_modified: bool = False
    error: str | None = None
    item_errors: list[str] = field(default_factory=list)
    retry_in: float = 0.0


@dataclass
class _Gathered:
    """What one poll brought back from the network, before anything of it is stored."""

    result: PollResult
    problem: str | None = None  # the feed failed: what to record
    etag: str | None = None
    last_modified: str | None = None
    articles: list[Article] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)  # item keys now dealt with


def poll(store: Store, fetcher: Fetcher, url: str, config: IngestConfig) -> PollResult:
    """Poll one feed once and store what is new; never raises for what the feed or network did."""
    return _keep(store, _gather(store, fetcher, url, config), config)


def _gather(store: Store, fetcher: Fetcher, url: str, config: IngestConfig) -> _Gathered:
    """Fetch, parse and build a feed's new items; reads the store, never writes it, so the feeds of a
    round are gathered side by side and one slow server holds up no other."""
    state = store.feed_state(url) or {}
    result = PollResult(url)
    try:
        fetched = fetcher.get(url, state.get("etag"), state.get("last_modified"))
    except InputError as error:
        result.error = str(error)
        return _Gathered(result, problem=error.problem)
    if fetched.status == 304:
        result.not_modified = True
        return _Gathered(result, etag=fetched.etag, last_modified=fetched.last_modified)
    feed = parse_feed(fetched.data, url)
    if isinstance(feed, InputError):
        result.error = str(feed)
        return _Gathered(result, problem=feed.problem)
    if feed.damage:
        result.item_errors.append(f"{url}: damaged feed ({feed.damage}); read the {len(feed.entries)} item(s) "
                                  "before the damage")
    seen = store.seen_items(url, [key for key, _ in feed.entries])
    gathered = _Gathered(result, etag=fetched.etag, last_modified=fetched.last_modified)
    for number, (key, entry) in enumerate(feed.entries, start=1):
        if key in seen:
            continue
        items = list(entry_articles(feed, entry, url, None, fetcher if config.follow_links else None, number))
        failures = [str(item) for item in items if isinstance(item, InputError)]
        built = []
        for raw in items:
            if not isinstance(raw, InputError):
                try:
                    built.append(build_article(raw))
                except InputError as error:
                    failures.append(str(error))
        result.item_errors += failures
        if not failures or built:  # an item whose page could not be fetched is tried again next poll
            gathered.articles += built
            gathered.taken.append(key)
    return gathered


def _keep(store: Store, gathered: _Gathered, config: IngestConfig) -> PollResult:
    """Store what a poll gathered, in one transaction."""
    result = gathered.result
    if gathered.problem is not None:
        store.record_poll(result.url, error=gathered.problem)
        return result
    added, duplicates, refused = store.record_poll(result.url, gathered.articles, gathered.taken, gathered.etag,
                                                   gathered.last_modified, learn=learner(config))
    result.item_errors += [str(p) for p in refused]
    result.new = [a.id for a in added]
    result.duplicates = len(duplicates)
    return result


@dataclass
class Round:
    """One pass over the feeds that were due."""

    number: int
    polls: list[PollResult]
    stages: str = ""  # what the later stages did with the new articles

    @property
    def new(self) -> int:
        return sum(len(p.new) for p in self.polls)


def watch(store: Store, feeds: Sequence[str], every: float, config: IngestConfig,
          after_new: Callable[[Round], str], on_round: Callable[[Round], None] | None = None,
          rounds: int | None = None, stop: threading.Event | None = None) -> None:
    """Poll `feeds` every `every` seconds until `rounds` rounds are done (forever when None) or
    `stop` is set. `after_new` runs the later stages when a round stored new articles and says
    what they did."""
    stop = stop or threading.Event()
    due = {url: 0.0 for url in dict.fromkeys(feeds)}
    fetcher = Fetcher(config)
    pool = ThreadPoolExecutor(max_workers=min(FEEDS_AT_ONCE, len(due)) or 1, thread_name_prefix="storyline-feed")
    try:
        number = 0
        while not stop.is_set():
            now = time.monotonic()
            polling = [u for u, at in due.items() if at <= now]
            # The feeds are fetched side by side (each within its own deadline); what they bring is
            # stored here, one feed after the other, in the order given: one writer.
            gathered = list(pool.map(lambda url: _gather(store, fetcher, url, config), polling))
            results = []
            for url, item in zip(polling, gathered):
                result = _keep(store, item, config)
                failures = (store.feed_state(url) or {}).get("failures", 0) if result.error else 0
                result.retry_in = backoff(every, failures)
                due[url] = time.monotonic() + result.retry_in
                results.append(result)
            number += 1
            done = Round(number, results)
            if done.new:
                done.stages = after_new(done)
            if on_round:
                on_round(done)
            if rounds is not None and number >= rounds:
                return
            stop.wait(max(0.0, min(due.values()) - time.monotonic()))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        fetcher.close()
