"""Dates for undated articles, from their event and their own words.

An undated article is dated from the dated members of its event: its first day-level relative
expression ("spoke on Wednesday") is resolved against the event's date, and the article is taken
to be published that day; with no such expression, on the event's date. An embedded post gives
a date too: the article cannot be older than the post it quotes. Every inferred date keeps its
evidence, and `inferred` is set.
"""

from __future__ import annotations

from datetime import date

from storyline.analyse.times import resolve
from storyline.models import Embed, PublishedDate, TimeRef

_DAY_CODES = ("WD:", "D+", "D-")


def from_embeds(embeds: tuple[Embed, ...]) -> PublishedDate | None:
    dated = sorted((e.date[:10], e) for e in embeds if e.date and len(e.date) >= 10)
    if not dated:
        return None
    day, embed = dated[-1]
    who = f" by {embed.author}" if embed.author else ""
    return PublishedDate(day, "day", inferred=True, evidence=f"embedded post{who} dated {day}")


def from_event(times: tuple[TimeRef, ...], event_day: date, source_id: str) -> PublishedDate:
    """Resolve the article's first day-level relative expression against the event's date."""
    for ref in times:
        if ref.relative and ref.relative.startswith(_DAY_CODES) and "@" not in ref.relative:
            value, _, _ = resolve(ref.relative, event_day)
            if value:
                return PublishedDate(value, "day", inferred=True, evidence=(
                    f"{ref.text!r} and the same event as {source_id} (dated {event_day.isoformat()}) "
                    f"give {date.fromisoformat(value).strftime('%A')} {value}"))
    return PublishedDate(event_day.isoformat(), "day", inferred=True,
                         evidence=f"the same event as {source_id} (dated {event_day.isoformat()})")
