"""Split an article's lines into main text, metadata and boilerplate.

Works line by line on what a reader produced (a text file, or the paragraphs trafilatura kept
from HTML). Every line kept out of the main text is returned with its reason, and lines that
carry data (a dateline, a byline, a credit, an embedded post) become metadata. The rules are
general: phrases live in `boilerplate.toml`, and nothing here names an outlet or a person.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from storyline.ingest.dates import parse_date_line
from storyline.models import Embed, PublishedDate, RemovedLine

NAVIGATION, COMMENTS, SHARE, COPYRIGHT = "navigation", "comment prompt", "share link", "copyright"
TITLE_AGAIN, BYLINE, DATELINE, UPDATED = "repeated title", "byline", "dateline", "last updated"
CREDIT, CAPTION, BIO, EMBED, MARKUP = "credit line", "caption", "author bio", "embedded post", "markup"

_TABLE_REASONS = {"navigation": NAVIGATION, "comment_prompt": COMMENTS, "share_link": SHARE,
                  "copyright": COPYRIGHT}
_HEADER_LINES = 8  # bylines sit near the top; lower down "By ..." is prose
_FURNITURE_CHARS = 300  # every boilerplate pattern is shorter: longer lines are prose, skip the regexes
_DATELINE_CHARS = 90  # "AFP , Wednesday 29 Nov 2023 10:34 PM GMT" and the like are short
_CAPTION_TAIL = 120  # a photo credit closes its caption within this many characters
_TAIL_LINES = 4  # author bios sit at the very end

_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:(?:de|da|van|von|der|al|bin|el|la|le)\s+)?[A-Z][\w'’.-]+){0,3}"
_BYLINE = re.compile(
    rf"^by\s+(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
    r"(?:\s*(?:,|\||/|-|–|—|\bfor\b|\bin\b)\s*(?P<org>[\w .&'’-]{2,40}))?$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^(?P<body>.*?)\s*[—–-]{1,2}\s*(?P<name>[^()—–]{1,80}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>[^()]{0,40})$"
)
_INSTAGRAM = re.compile(r"^a post shared by\s+(?P<name>.{1,80}?)\s*\((?P<handle>@[\w.]{1,30})\)",
                        re.IGNORECASE)
_POST_LINK = re.compile(r"\s*(?P<url>(?:https?://)?(?:pic\.twitter\.com|t\.co|x\.com/\w+/status)/\S+)\s*$")
_CREDIT = re.compile(
    r"^(?:source|sources|credit|credits|photo|photos|photograph|image|images|picture|video|via)"
    r"\s*:\s*(?P<who>\S.{0,100})$",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"^\(?(?:(?:additional\s+)?reporting|writing|editing|compiled|produced|translated)\s+by\b.{1,300}$",
    re.IGNORECASE,
)
_BIO = (
    re.compile(rf"^(?:I'?m|I’m|I am|My name is)\s+(?P<name>{_NAME})\b"),
    re.compile(rf"^(?P<name>{_NAME})\s+(?:is|has been|was)\s+(?:a|an|the|our)\s+(?:[\w-]+\s+){{0,4}}?"
               r"(?:reporter|writer|journalist|correspondent|editor|contributor|columnist|author|"
               r"analyst|freelancer|producer|blogger)s?\b"),
)
_ABOUT_AUTHOR = re.compile(r"^about the author:?$", re.IGNORECASE)
_LEDE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})?"
    r"|[A-Za-z][\w.'’-]+(?:\s+[A-Za-z][\w.'’-]+){0,2},\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\((?P<agency>[^)]{2,40})\))?\s*[—–-]{1,2}\s*(?=\S)"
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_SETEXT_RULE = re.compile(r"^(?:=+|-+|\*+|_+)$")
_TERMINAL = tuple(".!?:;\"'”’)]…")


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning: main text, what was removed and why, and the metadata found."""

    title: str | None
    text: str
    removed: tuple[RemovedLine, ...]
    author: str | None = None
    published: PublishedDate | None = None
    updated: str | None = None
    credits: tuple[str, ...] = ()
    embeds: tuple[Embed, ...] = ()
    dateline_place: str | None = None


@dataclass
class _Line:
    number: int
    text: str  # as written, trimmed
    key: str  # normalised for matching
    reason: str | None = None


@dataclass
class _Found:
    author: str | None = None
    bio_author: str | None = None
    published: PublishedDate | None = None
    updated: str | None = None
    credits: list[str] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    place: str | None = None


@dataclass(frozen=True)
class _Furniture:
    exact: dict[str, str]
    pattern: re.Pattern[str]
    agencies: tuple[str, ...]
    caption_credit: re.Pattern[str]
    agency_prefix: re.Pattern[str]


@lru_cache(maxsize=1)
def _furniture() -> _Furniture:
    data = tomllib.loads(resources.files("storyline.ingest").joinpath("boilerplate.toml").read_text("utf-8"))
    exact: dict[str, str] = {}
    groups: list[str] = []
    for table, reason in _TABLE_REASONS.items():
        exact.update({_key(line): reason for line in data[table].get("lines", [])})
        if data[table].get("patterns"):
            groups.append(f"(?P<{table}>" + "|".join(f"(?:{p})" for p in data[table]["patterns"]) + ")")
    agencies = tuple(sorted(data["agencies"]["names"], key=len, reverse=True))
    names = "|".join(re.escape(a) for a in agencies)
    return _Furniture(
        exact=exact,
        pattern=re.compile("|".join(groups), re.IGNORECASE),  # one regex call per line; the group names the reason
        agencies=agencies,
        caption_credit=re.compile(rf"(?:[.)]\s+|\s[|/]\s*)(?:photo\s*:\s*)?(?:{names})(?:\s*/\s*[\w .'’-]{{1,40}})?$",
                                  re.IGNORECASE),
        agency_prefix=re.compile(rf"^(?P<agency>{names}|[A-Z]{{2,6}})\s*[,|/–—-]\s*(?P<rest>.+)$",
                                 re.IGNORECASE),
    )


def _key(text: str) -> str:
    """Normalise a line for matching: compatibility forms, one space, lower case, no trailing ':' or '|'."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split()).lower().rstrip(":|· ").strip()


def clean(text: str, title: str | None = None, title_in_text: bool = False) -> Cleaned:
    """Clean one article's text.

    `title_in_text` says the first real line is the headline (plain text and Markdown);
    otherwise `title` comes from the format's metadata and a copy of it in the text is dropped.
    """
    # Long lines are prose: no furniture pattern or title is that long, so they need no key.
    lines = [_Line(n, " ".join(raw.split()), _key(raw) if len(raw) <= _FURNITURE_CHARS else "")
             for n, raw in enumerate(text.splitlines(), start=1) if raw.strip()]
    found = _Found()
    _mark_furniture(lines)
    if title_in_text:
        title = _take_title(lines)
    if title:
        _mark_repeated_title(lines, title)
    _mark_embeds(lines, found)
    _mark_header(lines, found)
    _mark_credits_and_captions(lines, found)
    _mark_bio(lines, found)
    body = [line for line in lines if line.reason is None]
    if not body:  # a one-line story whose text is its headline: the "repeat" is the story
        for line in lines:
            if line.reason == TITLE_AGAIN:
                line.reason = None
        body = [line for line in lines if line.reason is None]
    if body:
        _read_lede_dateline(body[0].text, found)
    removed = tuple(RemovedLine(line.number, line.text, line.reason)
                    for line in lines if line.reason not in (None, "title"))
    return Cleaned(
        title=title,
        text=_paragraphs(body),
        removed=removed,
        author=found.author or found.bio_author,
        published=found.published,
        updated=found.updated,
        credits=tuple(dict.fromkeys(found.credits)),
        embeds=tuple(found.embeds),
        dateline_place=found.place,
    )


def _mark_furniture(lines: list[_Line]) -> None:
    furniture = _furniture()
    for line in lines:
        if line.key:
            line.reason = furniture.exact.get(line.key)
            if line.reason is None and (match := furniture.pattern.match(line.key)):
                line.reason = _TABLE_REASONS[match.lastgroup or ""]


def _take_title(lines: list[_Line]) -> str | None:
    for index, line in enumerate(lines):
        if line.reason is None:
            line.reason = "title"
            following = lines[index + 1] if index + 1 < len(lines) else None
            if following and following.number == line.number + 1 and _SETEXT_RULE.match(following.text):
                following.reason = MARKUP
            return _MARKDOWN_HEADING.sub("", line.text).strip() or None
    return None


def _mark_repeated_title(lines: list[_Line], title: str) -> None:
    title_key = _key(_MARKDOWN_HEADING.sub("", title))
    for line in lines:
        if line.reason is None and line.key and (
                line.key == title_key
                or (line.text.startswith("#") and _key(_MARKDOWN_HEADING.sub("", line.text)) == title_key)):
            line.reason = TITLE_AGAIN


def _mark_embeds(lines: list[_Line], found: _Found) -> None:
    """Find posts embedded from social networks: a body line, then `— Name (@handle) date`."""
    for index, line in enumerate(lines):
        if line.reason is not None or "(@" not in line.text:  # every signature names a handle
            continue
        signature = _SIGNATURE.match(line.text) or _INSTAGRAM.match(line.text)
        if not signature:
            continue
        body = signature.groupdict().get("body") or ""
        # A tweet's text stands on the line above its signature; an Instagram credit stands alone.
        if not body and "body" in signature.groupdict() and index > 0 and lines[index - 1].reason is None:
            lines[index - 1].reason = EMBED
            body = lines[index - 1].text
        line.reason = EMBED
        link = _POST_LINK.search(body)
        date = parse_date_line(signature.groupdict().get("date") or "")
        found.embeds.append(Embed(
            text=body[: link.start()].strip() if link else body,
            author=signature.group("name").strip(),
            handle=signature.group("handle"),
            url=link.group("url") if link else None,
            date=date.value if date else None,
        ))


def _mark_header(lines: list[_Line], found: _Found) -> None:
    """Bylines near the top; date-only lines (datelines, 'Last Updated') anywhere."""
    furniture = _furniture()
    for position, line in enumerate(lines):
        if line.reason is not None:
            continue
        byline = _BYLINE.match(line.text) if position < _HEADER_LINES else None
        if byline and not line.text.endswith("."):
            line.reason = BYLINE
            names = [n for n in re.split(r"\s*(?:,|\band\b|&)\s*", byline.group("names")) if n]
            known = {a.casefold() for a in furniture.agencies}
            found.credits += [n for n in names if n.casefold() in known]
            found.author = found.author or ", ".join(n for n in names if n.casefold() not in known) or None
            if byline.group("org"):
                found.credits.append(byline.group("org").strip())
            continue
        if len(line.text) > _DATELINE_CHARS:
            continue
        agency = None
        date = parse_date_line(line.text)
        if date is None:
            prefixed = furniture.agency_prefix.match(line.text)
            if prefixed and (date := parse_date_line(prefixed.group("rest"))):
                agency = prefixed.group("agency")
        if date is None:
            continue
        if re.match(r"^\s*(?:last\s+)?(?:updated|modified)\b", line.text, re.IGNORECASE):
            line.reason = UPDATED
            found.updated = found.updated or date.value
            continue
        line.reason = DATELINE
        if agency:
            found.credits.append(agency)
        if found.published is None:
            found.published = PublishedDate(date.value, date.precision, evidence=f"dateline {line.text!r}")


def _mark_credits_and_captions(lines: list[_Line], found: _Found) -> None:
    caption_credit = _furniture().caption_credit
    for index, line in enumerate(lines):
        if line.reason is not None:
            continue
        credit = _CREDIT.match(line.text)
        if credit and len(credit.group("who").split()) <= 10:
            line.reason = CREDIT
            found.credits += [c for c in re.split(r"\s*(?:/|,|;|&|\band\b)\s*", credit.group("who").rstrip(".")) if c]
        elif _REPORTING.match(line.text):
            line.reason = CREDIT
        elif not line.text.endswith(_TERMINAL) and caption_credit.search(line.text[-_CAPTION_TAIL:]):
            # ("... in Brussels. AFP" ends on the agency's name, never on a full stop)
            line.reason = CAPTION
            before = lines[index - 1] if index > 0 else None
            # An image's alt text often stands right above its caption: short, no full stop.
            if (before and before.reason is None and before.number == line.number - 1
                    and len(before.text.split()) <= 8 and not before.text.endswith(_TERMINAL)):
                before.reason = CAPTION


def _mark_bio(lines: list[_Line], found: _Found) -> None:
    """An author bio closes the article: `I'm NAME, ...` or `NAME is a reporter ...`, often under the name."""
    tail = [line for line in lines if line.reason is None][-_TAIL_LINES:]
    for position, line in enumerate(tail):
        if _ABOUT_AUTHOR.match(line.text) and position + 1 < len(tail):
            line.reason = tail[position + 1].reason = BIO
            continue
        match = next((m for pattern in _BIO if (m := pattern.match(line.text))), None)
        if not match:
            continue
        name = match.group("name").rstrip(",.")
        line.reason = BIO
        found.bio_author = found.bio_author or name
        if position > 0 and _key(tail[position - 1].text) == _key(name):
            tail[position - 1].reason = BIO


def _read_lede_dateline(first: str, found: _Found) -> None:
    """`KYIV, Ukraine — The ...`: keep the sentence, note the place (and agency) it was filed from."""
    match = _LEDE_DATELINE.match(first)
    if not match or len(match.group("place")) > 40:
        return
    found.place = match.group("place").strip()
    if match.group("agency"):
        found.credits.append(match.group("agency").strip())


def _paragraphs(body: list[_Line]) -> str:
    """Join kept lines into paragraphs, re-joining hard-wrapped lines of one paragraph."""
    paragraphs: list[str] = []
    previous: _Line | None = None
    for line in body:
        wrapped = (previous is not None and line.number == previous.number + 1
                   and not previous.text.endswith(_TERMINAL)
                   and (len(previous.text) >= 40 or line.text[:1].islower()))
        if wrapped:
            paragraphs[-1] += " " + line.text
        else:
            paragraphs.append(line.text)
        previous = line
    return "\n\n".join(paragraphs)
