"""Dates for undated articles, from their event and their own words.

An undated article whose page says when it was last updated is taken to be published that day
(news is updated within days of its publication). Else it is dated from the dated members of its
event: its first weekday ("spoke on Wednesday") is resolved against the event's date, and the
article is taken to be published that day; with none, on the event's date. ("Yesterday" names
the event's day from the day after: resolved against the event's date it put the article a day
before its event, so such words leave it on the event's date.) An embedded post
gives a date too: the article cannot be older than the post it quotes. Every inferred date keeps
its evidence, and `inferred` is set.
"""

from __future__ import annotations

import re
from datetime import date

from storyline.analyse.times import resolve, toward
from storyline.models import Embed, PublishedDate, TimeRef

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def from_embeds(embeds: tuple[Embed, ...]) -> PublishedDate | None:
    dated = sorted((e.date[:10], e) for e in embeds if e.date and len(e.date) >= 10)
    if not dated:
        return None
    day, embed = dated[-1]
    who = f" by {embed.author}" if embed.author else ""
    return PublishedDate(day, "day", inferred=True, evidence=f"embedded post{who} dated {day}")


def from_updated(updated: str) -> PublishedDate:
    return PublishedDate(updated[:10], "day", inferred=True, evidence=f"last updated {updated}")


def from_event(times: tuple[TimeRef, ...], event_day: date, source_id: str) -> PublishedDate:
    """Resolve the article's first weekday against the event's date."""
    for ref in times:
        if ref.relative and ref.relative.startswith("WD:") and "@" not in ref.relative:
            value, _, _ = resolve(ref.relative, event_day)
            if value:
                return PublishedDate(value, "day", inferred=True, evidence=(
                    f"{ref.text!r} and the same event as {source_id} (dated {event_day.isoformat()}) "
                    f"give {date.fromisoformat(value).strftime('%A')} {value}"))
    return PublishedDate(event_day.isoformat(), "day", inferred=True,
                         evidence=f"the same event as {source_id} (dated {event_day.isoformat()})")


def closest_named_day(times: tuple[TimeRef, ...], last: date) -> date | None:
    """Of the calendar days an undated article names ("December 6", "Saturday December 13 2008"),
    read as if it were written on an event's `last` day, the latest up to then: the nearest the event.
    A yearless day is read at its nearest occurrence whatever its tense: "must be finalized by Dec.
    19", written in December 2008, names a day three months before an event of March 2009.

    Weekdays and "yesterday" fit any event, so only days named by month count, and only days up to
    the event's last: a date still to come ("takes office on Jan. 20") is a plan, which may lie
    months ahead. An article that names days and none near an event's period is about something
    else that happened then: the riots of December 2008 in Athens are not the bank fire of May 2010
    however alike their words. None when it names no such day, for then its words alone decide."""
    days = []
    for ref in times:
        if ref.relative and ref.relative.startswith("MD:"):
            value, _, _ = resolve(toward(ref.relative, "near"), last)
        elif ref.relative is None and ref.precision == "day" and ref.value and _ISO_DAY.fullmatch(ref.value):
            value = ref.value
        else:
            continue
        if value and (day := date.fromisoformat(value)) <= last:
            days.append(day)
    return max(days, default=None)
