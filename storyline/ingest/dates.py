"""Publication dates from datelines and metadata fields.

A dateline is accepted only when the whole line is a date (weekday, day, month, year, time,
zone), so body sentences that merely mention a date are never taken for one. A date without
a year is not a publication date: we never fill the gap from today's clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from dateutil import parser as dateutil_parser

from storyline.models import PublishedDate

_MONTHS = ("jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
           "sep|sept|september|oct|october|nov|november|dec|december")
_WEEKDAYS = "mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday"
_ZONES = "utc|gmt|uk|z|et|est|edt|ct|cst|cdt|pt|pst|pdt|cet|cest|bst|ist|eet|eest|msk|jst|aest"
_TOKEN = re.compile(
    rf"""
    (?P<iso>\d{{4}}-\d{{2}}-\d{{2}}(?:[t ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?)?(?:z|[+-]\d{{2}}:?\d{{2}})?)
  | (?P<dotted>\d{{1,2}}\.\d{{1,2}}\.\d{{4}})
  | (?P<slashed>\d{{1,2}}\s?/\s?\d{{1,2}}\s?/\s?(?:19|20)\d{{2}})
  | (?P<time>\d{{1,2}}(?:[:.]|:\s)\d{{2}}(?::\s?\d{{2}})?(?:\s?[ap]\.?\s?m\b\.?)?)
  | (?P<ampm>[ap]\.?\s?m\b\.?)
  | (?P<offset>[+-]\d{{2}}:?\d{{2}})
  | (?P<year>(?:19|20)\d{{2}})
  | (?P<day>\d{{1,2}})(?:st|nd|rd|th)?
  | (?P<month>(?:{_MONTHS})\b\.?)
  | (?P<weekday>(?:{_WEEKDAYS})\b\.?)
  | (?P<zone>(?:{_ZONES})\b)
  | (?P<filler>(?:at|on|of|the|h)\b)
  | (?P<sep>[,|/·•–—-]+)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MAX_LINE = 90
_DIGIT = re.compile(r"\d")
_PREFIX = re.compile(
    r"^(?:(?:first\s+)?(?:published|posted)(?:\s+(?:time|date))?|created|date|dated|updated|last\s+updated|"
    r"last\s+modified|modified)(?:\s+(?:on|at))?\s*:?\s*",
    re.IGNORECASE,
)


def _tokens(text: str) -> list[tuple[str, str]] | None:
    """Split `text` into date tokens, or None if anything else is in it."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        match = _TOKEN.match(text, pos)
        if not match or (match.end() < len(text) and text[match.end()].isalnum()
                         and match.lastgroup not in ("sep", "day")):
            return None
        tokens.append((match.lastgroup or "", match.group()))
        pos = match.end()
    return tokens


def parse_date_line(line: str) -> PublishedDate | None:
    """Read a line that is only a date, e.g. `May 14, 2024 10:34 PM` or `Wednesday 29 Nov 2023`.

    Returns None when the line holds anything but date words, or has no year.
    """
    if len(line) > _MAX_LINE or not _DIGIT.search(line):  # a dateline is short and has a year
        return None
    text = _PREFIX.sub("", line.replace("\u00a0", " ").strip())
    if not text or len(text) > 60:
        return None
    tokens = _tokens(text)
    if not tokens:
        return None
    kinds = [kind for kind, _ in tokens]
    if "iso" in kinds:
        return parse_iso_date(next(value for kind, value in tokens if kind == "iso"))
    if "dotted" in kinds:
        day, month, year = next(value for kind, value in tokens if kind == "dotted").split(".")
        return _build(int(year), int(month), int(day), None)
    if "slashed" in kinds:
        return _slashed(next(value for kind, value in tokens if kind == "slashed"),
                        next((value for kind, value in tokens if kind == "time"), None))
    if "year" not in kinds or "month" not in kinds or kinds.count("day") > 1:
        return None
    # Let dateutil read what we vetted; rebuilt from our tokens so only date words go in.
    clean = " ".join("".join(value.split()) for kind, value in tokens if kind not in ("sep", "filler", "weekday"))
    try:
        parsed = dateutil_parser.parse(clean, default=datetime(1, 1, 1), ignoretz=True)
    except (ValueError, OverflowError):
        return None
    time = (parsed.hour, parsed.minute) if "time" in kinds else None
    return _build(parsed.year, parsed.month, parsed.day if "day" in kinds else None, time)


def parse_iso_date(value: str) -> PublishedDate | None:
    """Read an ISO 8601 date or datetime (`2024-05-14`, `2024-05-14T22:34:00Z`, `2024-05`)."""
    text = value.strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        return _build(year, month, day, None)  # type: ignore[arg-type]
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return _build(parsed.year, parsed.month, parsed.day, (parsed.hour, parsed.minute))


def parse_any_date(value: object) -> PublishedDate | None:
    """Read a date from a metadata field: ISO, RFC 2822, a dateline-like string, or epoch seconds."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        if value > 10**11:  # milliseconds, as JavaScript writes them
            value = value / 1000
        moment = datetime.fromtimestamp(value, tz=timezone.utc)
        return _build(moment.year, moment.month, moment.day, (moment.hour, moment.minute))
    text = str(value).strip()
    if not text:
        return None
    found = parse_iso_date(text) or parse_date_line(text)
    if found:
        return found
    try:  # RFC 2822 and other long forms that carry a zone name or offset
        parsed = dateutil_parser.parse(text, default=datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None
    if parsed.year == 1:
        return None
    return _build(parsed.year, parsed.month, parsed.day, (parsed.hour, parsed.minute))


def _slashed(value: str, time_text: str | None) -> PublishedDate | None:
    """`11/27/2005` (American) or `27/11/2005` (most elsewhere): read only when the order cannot be
    mistaken, one part above 12 or both the same; `05/11/2010` is left unread rather than guessed."""
    first, second, year = (int(part) for part in value.replace(" ", "").split("/"))
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first or first == second:
        month, day = first, second
    else:
        return None
    time = None
    if time_text:
        moment = dateutil_parser.parse("".join(time_text.split()), default=datetime(1, 1, 1))
        time = (moment.hour, moment.minute)
    return _build(year, month, day, time)


def _build(year: int, month: int | None, day: int | None,
           time: tuple[int, int] | None) -> PublishedDate | None:
    try:
        datetime(year, month or 1, day or 1)
    except ValueError:
        return None
    if month is None:
        return PublishedDate(f"{year:04d}", "year")
    if day is None:
        return PublishedDate(f"{year:04d}-{month:02d}", "month")
    if time is None or time == (0, 0):
        return PublishedDate(f"{year:04d}-{month:02d}-{day:02d}", "day")
    return PublishedDate(f"{year:04d}-{month:02d}-{day:02d}T{time[0]:02d}:{time[1]:02d}", "minute")


# Dates in URLs and file paths, as htmldate reads URLs: year, month and day in that order, as path
# segments (/2024/05/14/), joined by - or _ (2024-05-14), or as eight digits set off from other digits.
_SPLIT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_/.](0?[1-9]|1[0-2])[-_/.](0?[1-9]|[12]\d|3[01])(?!\d)")
_COMPACT_DATE = re.compile(r"(?<![\d])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\d])")


def date_in_url(url: str | None) -> PublishedDate | None:
    """The date a URL's path gives (`/2024/05/14/slug`, `/20240514/`), never its query or host."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    path = unquote(urlsplit(url).path)
    found = _find(path)
    return PublishedDate(found.isoformat(), "day", evidence=f"URL {url!r}") if found else None


def date_in_path(path: str | None) -> PublishedDate | None:
    """The date a file's name or the name of a folder it sits in gives (`2010-05-24/123.txt`,
    `reuters_20100524_x.txt`), the nearest to the file first. Archive members count as folders."""
    if not path:
        return None
    parts = [p for p in PurePosixPath(path.replace("\\", "/").replace("!", "/")).parts if p not in ("/", "")]
    for depth, part in enumerate(reversed(parts)):
        found = _find(part)
        if found:
            kind = "file name" if depth == 0 else "folder name"
            return PublishedDate(found.isoformat(), "day", evidence=f"{kind} {part!r}")
    folders = "/".join(parts[:-1])  # a date split over folders: 2010/05/24/123.txt
    for match in reversed(list(_SPLIT_DATE.finditer(folders))):
        if match.group().count("/") == 2 and (found := _find(match.group())):
            return PublishedDate(found.isoformat(), "day", evidence=f"folder names {match.group()!r}")
    return None


def _find(text: str) -> date | None:
    for pattern in (_SPLIT_DATE, _COMPACT_DATE):
        for match in pattern.finditer(text):
            try:
                found = date(*(int(g) for g in match.groups()))
            except ValueError:
                continue
            if found <= datetime.now(timezone.utc).date():
                return found
    return None


def with_year(month_day: str, near: PublishedDate) -> PublishedDate | None:
    """A dateline's day without a year ("June 8") in the year that puts it nearest `near`'s date."""
    anchor = date.fromisoformat(near.day)
    try:
        written = dateutil_parser.parse(month_day, default=datetime(anchor.year, 1, 1))
    except (ValueError, OverflowError):
        return None
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(date(year, written.month, written.day))
        except ValueError:
            continue
    if not options:
        return None
    best = min(options, key=lambda d: abs((d - anchor).days))
    return PublishedDate(best.isoformat(), "day", evidence=f"dateline {month_day!r} in the year of the {near.evidence}")


def choose(candidates: list[PublishedDate | None]) -> PublishedDate | None:
    """The strongest date given (candidates come strongest first: the format's metadata, a dateline,
    the URL, the file path); any weaker one more than a day away is named in the evidence."""
    given = [c for c in candidates if c is not None]
    if not given:
        return None
    best = given[0]
    day = date.fromisoformat(best.day) if best.precision in ("day", "minute") else None
    against = [f"{c.evidence} says {c.day}" for c in given[1:] if day is not None and c.precision in ("day", "minute")
               and abs((date.fromisoformat(c.day) - day).days) > 1]
    if not against:
        return best
    return PublishedDate(best.value, best.precision, best.inferred, f"{best.evidence} (taken over: {'; '.join(against)})")
