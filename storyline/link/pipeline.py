"""The link stage: place each new article among copies, events and stories; date the undated.

Online and incremental: articles not linked yet are taken in publication order (undated last, so
the order files were given in never matters), each compared only with the candidates the index
returns, and each placed in its own transaction. Nothing already placed is rebuilt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from storyline.analyse.times import resolve
from storyline.config import LinkConfig
from storyline.errors import unexpected
from storyline.link import copies, dating
from storyline.link.similarity import entity_vector, merge, similarity, time_factor, weigh
from storyline.models import Embed, Problem, TimeRef
from storyline.store import links as db

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
# Texts aligned per new article. A wire story run by a hundred outlets links each new copy to the
# closest few (the rest stay connected through them), so the work per article stays bounded.
_COPY_CANDIDATES = 10


@dataclass
class LinkReport:
    placed: int = 0
    events: int = 0
    stories: int = 0
    copies: int = 0
    dated: int = 0
    failed: list[Problem] = field(default_factory=list)

    def add(self, other: LinkReport) -> None:
        for name in ("placed", "events", "stories", "copies", "dated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failed += other.failed

    def summary(self) -> str:
        failed = f", failed {len(self.failed)}" if self.failed else ""
        return (f"linked {self.placed}: {self.events} new events, {self.stories} new stories, "
                f"{self.copies} copy links, {self.dated} dates inferred{failed}")


def link(store: Any, config: LinkConfig | None = None, progress: Progress | None = None) -> LinkReport:
    """Place what is queued, then date the undated members of the events that grew. Each placement
    is one transaction and records its event as still to be dated, so a crash at any point leaves
    nothing undone for the next run. An unexpected error on one article rolls back only its own
    placement: it leaves the queue with a problem recorded (the next run tries it again)."""
    config = config or LinkConfig()
    report = LinkReport()
    pending = store.unlinked()
    placed: list[str] = []
    for done, (article_id, day) in enumerate(pending, start=1):
        try:
            with store.engine.begin() as conn:
                db.to_date(conn, _place(conn, article_id, day, config, report))
            placed.append(article_id)
        except OperationalError:
            raise
        except Exception as exc:
            log.debug("link failed on %s", article_id, exc_info=True)
            report.failed.append(Problem("link", store.origin(article_id), unexpected(exc), article_id))
            store.unqueue(article_id)
        if progress:
            progress(done, len(pending))
    with store.engine.connect() as conn:
        touched = db.events_to_date(conn)  # this run's, and any a crash left before they were dated
    for event_id in touched:
        try:
            with store.engine.begin() as conn:
                report.dated += _date_members(conn, event_id)
                db.dated(conn, event_id)
        except OperationalError:
            raise
        except Exception as exc:
            log.debug("dating the members of event %s failed", event_id, exc_info=True)
            report.failed.append(Problem("link", f"event {event_id}", f"dating its undated articles: {unexpected(exc)}"))
    store.clear_problems("link", article_ids=placed)
    store.record_problems(report.failed)
    return report


def _place(conn: Connection, article_id: str, day: str | None, config: LinkConfig, report: LinkReport) -> int:
    item = db.features(conn, article_id, day)
    terms = weigh(item.terms)
    entities = entity_vector(item.entities)
    when = _day(day)

    # An undated article that joins a dated event takes the event's date (`_date_members`), and no
    # date of its own tells two events of one kind apart (a coach fired in 2008, the same coach hired
    # in 2005): it joins a dated event only when surer, `undated_event_threshold`.
    # It also names days of its own: far from a dated event's, they weigh against it as a month's
    # distance weighs between the events of a story.
    times = db.times(conn, article_id) if when is None else ()
    best, best_score = None, 0.0
    for candidate in db.candidate_events(conn, item, terms, config.event_window_days, config.candidates):
        score = similarity(terms, entities, candidate["centroid"], candidate["entities"], config.term_weight)
        first, last = _day(candidate["date"]), _day(candidate["last"])
        score *= time_factor(when, first, last, config.event_window_days, config.time_scale_days)
        score *= _named_days_factor(times, first, last, config)
        needed = config.undated_event_threshold if when is None and candidate["date"] else config.event_threshold
        if score >= needed and score > best_score:
            best, best_score = candidate, score
    if best is not None:
        event_id = best["id"]
        db.grow_event(conn, best, day, merge(best["centroid"], best["size"], terms, config.centroid_terms), item.entities)
        db.join_story(conn, best["story_id"], day, item.entities)
    else:
        story_id = _story_for(conn, item, terms, entities, when, times, config, report)
        event_id = db.new_event(conn, story_id, item.title or item.text[:80], day, terms, item.entities)
        report.events += 1
        best_score = 1.0
    db.join_event(conn, article_id, event_id, best_score)
    report.copies += _find_copies(conn, item, event_id)
    report.placed += 1
    return event_id


def _story_for(conn: Connection, item: db.Features, terms: dict[str, float], entities: dict[str, float],
               when: date | None, times: tuple[TimeRef, ...], config: LinkConfig, report: LinkReport) -> int:
    """The story of the most similar event within the story window (threading), else a new story.

    Compared with events rather than a story's average, a long story does not blur as it grows. A
    link weakens with the time between the article and the event, down to `story_time_floor` of
    its similarity months away: a weak resemblance to an event months before (a page of 2015 and
    one of 2016 that both name the United States) no longer chains different subjects into one
    story, a story covered day after day always has a recent event to link to, and a sparse story
    told in the same words over a year (the seeds: 0.44 across six months) still holds.
    """
    best, best_score = None, 0.0
    for candidate in db.candidate_events(conn, item, terms, config.story_window_days, config.candidates):
        score = similarity(terms, entities, candidate["centroid"], candidate["entities"], config.term_weight)
        first, last = _day(candidate["date"]), _day(candidate["last"])
        score *= time_factor(when, first, last, config.story_window_days, config.story_time_scale_days,
                             config.story_time_floor)
        score *= _named_days_factor(times, first, last, config)
        if score > best_score:
            best, best_score = candidate, score
    if best is not None and best_score >= config.story_threshold:
        db.join_story(conn, best["story_id"], item.day, item.entities)
        return int(best["story_id"])
    report.stories += 1
    return db.new_story(conn, item.title or item.text[:80], item.day, item.entities)


def _named_days_factor(times: tuple[TimeRef, ...], first: date | None, last: date | None, config: LinkConfig) -> float:
    """How well the days an undated article names fit a dated event: weighed as a dated article's
    own distance would weigh in a story, 1 when it names none."""
    if not times or first is None:
        return 1.0
    named = dating.closest_named_day(times, last or first)
    return time_factor(named, first, last, config.story_window_days, config.story_time_scale_days,
                       config.story_time_floor)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _find_copies(conn: Connection, item: db.Features, event_id: int) -> int:
    text_hash = copies.text_hash(item.text)
    keys = copies.band_keys(copies.signature(item.text))
    members = [m["id"] for m in db.event_members(conn, event_id, limit=_COPY_CANDIDATES)]
    candidates = [c for c in dict.fromkeys([*db.copy_candidates(conn, text_hash, keys, _COPY_CANDIDATES), *members])
                  if c != item.id][:_COPY_CANDIDATES]
    found = [link for other_id, text, day in db.texts(conn, candidates)
             if (link := copies.compare((other_id, text, day), (item.id, item.text, item.day))) is not None]
    db.save_copies(conn, found)
    db.remember_fingerprint(conn, item.id, text_hash, keys)
    return len(found)


def _date_members(conn: Connection, event_id: int) -> int:
    """Date the event's undated members: from when their page says it was last updated, else from
    the event's dated members (or their embedded posts); returns how many."""
    dated_now = 0
    members = db.event_members(conn, event_id)
    if all(m["published"] for m in members):
        return 0
    for _ in range(len(members)):
        undated = [m for m in members if not m["published"]]
        if not undated:
            break
        anchors = sorted((m for m in members if m["published"]), key=lambda m: (bool(m["published_inferred"]), m["published"]))
        progress = False
        for member in sorted(undated, key=lambda m: not m["embeds"]):
            embeds = tuple(Embed(**e) for e in member["embeds"])
            if member["updated"]:
                published = dating.from_updated(member["updated"])
            elif anchors:
                anchor = anchors[0]
                published = dating.from_event(db.times(conn, member["id"]), date.fromisoformat(anchor["published"][:10]),
                                              anchor["id"])
            elif (published := dating.from_embeds(embeds)) is None:
                continue
            db.set_inferred_date(conn, member["id"], published)
            _reresolve(conn, member["id"], date.fromisoformat(published.day))
            member["published"], member["published_inferred"] = published.value, True
            dated_now += 1
            progress = True
            break  # the next member may anchor on this one
        if not progress:
            break
    db.refresh_event_dates(conn, event_id)
    return dated_now


def _reresolve(conn: Connection, article_id: str, anchor: date) -> None:
    rows = []
    for ref in db.times(conn, article_id):
        if ref.relative:
            value, precision, upcoming = resolve(ref.relative, anchor)
            rows.append((ref.start, value, precision, anchor.isoformat(), upcoming))
    db.update_times(conn, article_id, rows)
