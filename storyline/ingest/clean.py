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

from storyline import sentences
from storyline.ingest.dates import parse_date_line
from storyline.ingest.wire import WireHead, read_wire_head
from storyline.models import LEDE_TITLE, Embed, PublishedDate, RemovedLine

NAVIGATION, COMMENTS, SHARE, COPYRIGHT = "navigation", "comment prompt", "share link", "copyright"
DISCLAIMER = "disclaimer"
TITLE_AGAIN, BYLINE, DATELINE, UPDATED = "repeated title", "byline", "dateline", "last updated"
CREDIT, CAPTION, BIO, EMBED, MARKUP = "credit line", "caption", "author bio", "embedded post", "markup"
HIGHLIGHTS, NOTE, RELATED = "story highlights", "editor's note", "related headline"
# Where a title came from, as Article.title_source says it.
FIRST_LINE, WIRE_HEADLINE, LEDE = "first line", "headline before the wire dateline", LEDE_TITLE
TITLE_WORDS = 20  # a first line longer than this is a lede, not a headline
_WIRE_HEAD_LINES = 3  # a wire head sits on one of the first lines, under a caption or related headline at most
_CAPTION_WORDS = 60
_LEDE_TITLE_WORDS = 16  # a title cut from a lede with no clause break early enough
_DANGLING = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or", "but", "as",
             "that", "which", "who", "its", "their", "his", "her", "has", "have", "had", "is", "are", "was", "were"}

_TABLE_REASONS = {"navigation": NAVIGATION, "comment_prompt": COMMENTS, "share_link": SHARE,
                  "copyright": COPYRIGHT, "disclaimer": DISCLAIMER}
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
    re.compile(rf"^(?P<name>{_NAME})\s+(?:is|has been|was)\s+(?:(?:a|an|the|our)\s+)?(?:[\w-]+\s+){{0,4}}?"
               r"(?i:reporter|writer|journalist|correspondent|editor|contributor|columnist|author|"
               r"analyst|freelancer|producer|blogger)s?\b"),
)
_ABOUT_AUTHOR = re.compile(r"^about the author:?$", re.IGNORECASE)
_LEDE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})?"
    r"|[A-Za-z][\w.'’-]+(?:\s+[A-Za-z][\w.'’-]+){0,2},\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?"
    r"\s*(?:\((?P<agency>[^)]{2,40})\))?\s*[—–-]{1,2}\s*(?=\S)"
)
_CAPTION_DATE = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                           r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{1,2},? (?:19|20)\d{2}\s*\.$")
_BULLET = re.compile(r"\s+\*\s+")
_TAG_AT_END = re.compile(r"\([A-Z][\w.&'’ -]{0,30}!?\)$")
_DASH_START = re.compile(r"^[-–—]{1,2}\s+\S")
_CLAUSE = re.compile(r"(?:,| --| -| —| –|;|:)\s")
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
    title_source: str | None = None  # FIRST_LINE, WIRE_HEADLINE or LEDE when the title came from the text
    outlets: tuple[tuple[str, str], ...] = ()  # (outlet, evidence) the text names, strongest first
    month_day: str | None = None  # "June 8" of a dateline that gives no year


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
    outlets: list[tuple[str, str]] = field(default_factory=list)
    segments: list[RemovedLine] = field(default_factory=list)  # parts of a line kept out, the rest kept
    month_day: str | None = None


@dataclass(frozen=True)
class _Furniture:
    exact: dict[str, str]
    pattern: re.Pattern[str]
    agencies: tuple[str, ...]
    caption_credit: re.Pattern[str]
    agency_prefix: re.Pattern[str]
    outlet_statements: tuple[re.Pattern[str], ...]
    link_label: re.Pattern[str]


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
        outlet_statements=tuple(re.compile(p) for p in data["outlet_statements"]["patterns"]),
        link_label=re.compile(r"^.*\b(?:" + "|".join(re.escape(n) for n in data["link_labels"]["names"]) + r")\s+"),
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
    _join_split_datelines(lines)
    found = _Found()
    title_source = None
    _mark_furniture(lines)
    if title_in_text:
        title, title_source = _take_title(lines, found)
    if title:
        _mark_repeated_title(lines, title)
    _mark_embeds(lines, found)
    _mark_header(lines, found)
    _mark_credits_and_captions(lines, found)
    _mark_bio(lines, found)
    _read_outlet_statements(lines, found)
    body = [line for line in lines if line.reason is None]
    if not body:  # a one-line story whose text is its headline: the "repeat" (or its only line) is the story
        headline_only = all(line.reason in ("title", BYLINE, DATELINE, UPDATED) for line in lines)
        for line in lines:
            if line.reason == TITLE_AGAIN or (line.reason == "title" and headline_only):
                line.reason = None
        body = [line for line in lines if line.reason is None]
    if body:
        found_head = _wire_head_near_top(body)
        if found_head is not None:
            at, head = found_head
            _take_wire_head(body[at], head, found)
            if title_in_text and title is None and head.headline:
                title, title_source = _headline(head.headline), WIRE_HEADLINE
            _read_lede_dateline(body[at].text, found)
        else:
            _read_lede_dateline(body[0].text, found)
    text_out = _paragraphs(body)
    if title_in_text and title is None and text_out:
        title, title_source = lede_title(text_out), LEDE
    removed = sorted([RemovedLine(line.number, line.text, line.reason)
                      for line in lines if line.reason not in (None, "title")] + found.segments,
                     key=lambda r: r.line)
    return Cleaned(
        title=title,
        text=text_out,
        removed=tuple(removed),
        author=found.author or found.bio_author,
        published=found.published,
        updated=found.updated,
        credits=tuple(dict.fromkeys(found.credits)),
        embeds=tuple(found.embeds),
        dateline_place=found.place,
        title_source=title_source,
        outlets=tuple(dict.fromkeys(found.outlets)),
        month_day=found.month_day,
    )


def _join_split_datelines(lines: list[_Line]) -> None:
    """`LONDON (Reuters Life!)` ending one line and `- More than two thousand ...` opening the next are
    one dateline and lede, broken by the tool that saved them."""
    for line, following in zip(lines[:_WIRE_HEAD_LINES + 1], lines[1:_WIRE_HEAD_LINES + 2]):
        if _TAG_AT_END.search(line.text) and _DASH_START.match(following.text):
            line.text = f"{line.text} {following.text}"
            following.text, following.key = "", ""
    lines[:] = [line for line in lines if line.text]


def _mark_furniture(lines: list[_Line]) -> None:
    furniture = _furniture()
    for line in lines:
        if line.key:
            line.reason = furniture.exact.get(line.key)
            if line.reason is None and (match := furniture.pattern.match(line.key)):
                line.reason = _TABLE_REASONS[match.lastgroup or ""]


def _take_title(lines: list[_Line], found: _Found) -> tuple[str | None, str | None]:
    """The headline of a plain text: its first line, unless that line is a lede (too long to be a
    headline: the title then comes from the lede), a wire head (its headline is the title), or a
    photo caption or related headline sitting above the wire head (then the wire head's is)."""
    free = [line for line in lines if line.reason is None]
    # "- Eric Auchard is a Reuters columnist." or "Dean Wright is Global Editor, ..." heads a column.
    while free and (_outlet_statement(free[0].text) or any(p.match(free[0].text.lstrip("-–— ")) for p in _BIO)
                    or parse_date_line(free[0].text)):
        if not parse_date_line(free[0].text):  # a dateline is left for the header's reading
            free[0].reason = BIO
        free = free[1:]
    if not free:
        return None, None
    first = free[0]
    found_head = _wire_head_near_top(free)
    if found_head is not None:
        at, head = found_head
        if at == 0:
            return None, None  # read with the body's first line
        if head.headline or any(_CAPTION_DATE.search(line.text) for line in free[:at]):
            # A photo caption (it ends with the photo's date) or a related story's headline above the
            # wire head: furniture, whatever else stands between them.
            for line in free[:at]:
                line.reason = CAPTION if _CAPTION_DATE.search(line.text) else RELATED
            return None, None
    title, *rest = _BULLET.split(_MARKDOWN_HEADING.sub("", first.text).strip())
    if len(title.split()) > TITLE_WORDS:
        return None, None
    first.reason = "title"
    index = lines.index(first)
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following and following.number == first.number + 1 and _SETEXT_RULE.match(following.text):
        following.reason = MARKUP
    for piece in rest:  # "Headline * Reuters is not responsible for the content in this press release."
        outlet = _outlet_statement(piece)
        if outlet:
            found.outlets.append(outlet)
        found.segments.append(RemovedLine(first.number, piece, CREDIT if outlet else HIGHLIGHTS))
    return _headline(title) or None, FIRST_LINE


def _headline(text: str) -> str:
    """A headline without the related-story link label some pages leave in front of it."""
    return _furniture().link_label.sub("", text).strip()


def _wire_head_near_top(lines: list[_Line]) -> tuple[int, WireHead] | None:
    """The wire head among the first lines still kept, below at most a short line or two."""
    for at, line in enumerate(lines[:_WIRE_HEAD_LINES]):
        head = read_wire_head(line.text)
        if head is not None:
            return at, head
        if len(line.text.split()) > _CAPTION_WORDS:
            return None
    return None


def _take_wire_head(line: _Line, head: WireHead, found: _Found) -> None:
    """Keep the lede from its dateline proper on; the pieces in front become metadata and removed parts."""
    for piece, reason in ([(head.rest, DATELINE)] + [(h, HIGHLIGHTS) for h in head.highlights]
                          + [(n, NOTE) for n in head.notes]
                          + [(head.byline, BYLINE), (head.filed, DATELINE), (head.credit, CREDIT)]):
        if piece:
            found.segments.append(RemovedLine(line.number, piece, reason))
    if head.headline:
        found.segments.append(RemovedLine(line.number, head.headline, "title"))
    if head.authors:
        found.author = found.author or ", ".join(head.authors)
    agency = agency_name(head.agency)
    found.credits.append(agency)
    found.outlets.insert(0, (agency, f"wire tag '({head.agency})'"))
    if head.published and found.published is None:
        found.published = PublishedDate(head.published.value, head.published.precision,
                                        evidence=f"dateline {head.filed!r}")
    found.month_day = head.month_day
    line.text = line.text[head.lede_start:]


def lede_title(text: str) -> str:
    """A short title from a lede, for a text that has no headline: its first sentence after the
    dateline, cut at a clause boundary when it is longer than a headline."""
    first = text.split("\n", 1)[0]
    match = _LEDE_DATELINE.match(first)
    if match and len(match.group("place")) <= 40:
        first = first[match.end():]
    sentence = sentences.first(first.strip().lstrip("-–—*• ")).rstrip(".")
    words = sentence.split()
    if len(words) <= TITLE_WORDS:
        return sentence
    head = " ".join(words[:TITLE_WORDS])
    cuts = [m.start() for m in _CLAUSE.finditer(head) if len(head[: m.start()].split()) >= 6]
    if cuts:
        return head[: cuts[-1]]
    kept = words[:_LEDE_TITLE_WORDS]
    while len(kept) > 6 and kept[-1].lower() in _DANGLING:
        kept.pop()
    return " ".join(kept) + " …"


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
            org = (byline.group("org") or "").strip()
            if org:
                found.credits.append(org)
            found.outlets += [(n, f"byline {line.text!r}") for n in [*names, org] if n.casefold() in known]
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
            found.outlets.append((agency, f"dateline {line.text!r}"))
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
        written = match.group("agency").strip()
        agency = agency_name(written)
        found.credits.append(agency)
        if (agency, f"wire tag '({written})'") not in found.outlets:
            found.outlets.insert(0, (agency, f"wire tag '({written})'"))


def agency_name(written: str) -> str:
    """A known agency under the name it goes by ("Reuters Life!" is Reuters); others as written."""
    folded = written.casefold()
    for name in _furniture().agencies:  # longest first
        if folded == name.casefold() or folded.startswith(name.casefold() + " "):
            return name
    return written


def _read_outlet_statements(lines: list[_Line], found: _Found) -> None:
    """Disclaimers and staff bios that name the publishing outlet, wherever they stand."""
    for line in lines:
        if line.text and (outlet := _outlet_statement(line.text)):
            found.outlets.append(outlet)


def _outlet_statement(text: str) -> tuple[str, str] | None:
    if len(text) > _FURNITURE_CHARS or not any(cue in text for cue in (" is ", "expressed", " joined ")):
        return None
    for pattern in _furniture().outlet_statements:
        if match := pattern.search(text):
            return match.group("outlet").rstrip("."), f"statement {text!r}"
    return None


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
