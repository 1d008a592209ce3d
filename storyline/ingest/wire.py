"""The head of a wire story saved as one line of text, taken apart.

Wire services and the sites that carry them open a story with a run of furniture before the lede:

    UPDATE 1-GSK says Asia Pacific sales could double * Will lower prices in some Asian countries
    (Recasts with sales forecast) By Maggie Fox, Health and Science Editor WASHINGTON | Mon Mar 2,
    2009 4:23 pm EST WASHINGTON (Reuters) - Virtually all cases of ...

that is: a headline, story highlights (`* ...`), an editor's note in brackets, a byline, the place
and full date the story was filed, then the dateline proper (`PLACE (AGENCY) -`) that opens the
lede. Saved pages and scraped dumps often glue all of it onto the lede's line. The wire tag
(`(Reuters) -`, `(AP) —`) anchors the parse; everything before it is read right to left, each piece
only where its own shape fits, and whatever is left at the front is the headline. Nothing here
names an outlet: agencies are any short capitalised name in the tag's brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.ingest.dates import parse_date_line
from storyline.models import PublishedDate

_HEAD_CHARS = 700  # the tag sits this close to the start of the line, or the line is not a wire head
_TAG = re.compile(r"\((?P<agency>[A-Z][\w.&'’]*(?:[ -][A-Z][\w.&'’]*){0,3}!?)\)\s*(?:[-–—]{1,2}|:)\s+(?=\S)")
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
_PLACE = r"[A-Z][A-Z.'’&-]+(?:[ /][A-Z][A-Z.'’&-]+)*(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?"
_PLACE_BEFORE_TAG = re.compile(rf"(?P<place>{_PLACE})(?:,?\s*(?P<day>{_MONTH}\s+\d{{1,2}}))?\s*$")  # "TOKYO May 21" too
_PIPE_DATE = re.compile(rf"(?:(?P<place>{_PLACE})(?:,\s*{_MONTH}\s+\d{{1,2}})?\s*)?\|\s*(?P<date>[^|]{{6,60}}?)\s*$")
_BARE_DATE = re.compile(r"(?P<date>(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
                        rf"{_MONTH}\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}(?:\s+\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?)?"
                        r"(?:\s+[A-Z]{2,4})?)\s*$")
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:(?:de|da|van|von|der|al|bin|el|la|le)\s+)?[A-Z][\w'’.-]+){0,3}"
_BYLINE = re.compile(rf"(?:^|\s)(?P<byline>By\s+(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
                     r"(?:\s*,\s*(?P<role>[A-Z][\w'’.-]*(?:\s+(?:and|of|for|&|[A-Z][\w'’.-]*)){0,6}))?)\s*$")
_NOTE = re.compile(r"(?:^|\s)(?P<note>\((?:Updates|Adds|Recasts|Repeats|Corrects|Changes|Rewrites|Writes|"
                   r"Refiles|Fixes|Combines|Moves|Inserts|Removes|Deletes|Clarifies|Releads|Edits|Resends|"
                   r"Re-?issues|New)\b[^()]{0,200}\))\s*$")
_HIGHLIGHT = re.compile(r"\s*\*\s+")
_ZONE = re.compile(r"(?:[ECMP][SD]T|GMT|UTC|BST|IST|CET|CEST|EET|EEST|JST|KST|HKT|SGT|AEST|AEDT|MSK|WIB|PKT)\s+")
_ROLE = re.compile(r"\b(?:editor|correspondent|reporter|writer|columnist|chief|staff|bureau|contributor|analyst|"
                   r"producer|photographer|journalist)s?\b", re.IGNORECASE)
_VERSION = re.compile(r"^(?:UPDATE\s*\d*|RPT|REFILE|CORRECTED|WRAPUP\s*\d*|EXCLUSIVE|ANALYSIS|INSIGHT|"
                      r"FACTBOX|TIMELINE|SPECIAL REPORT|BREAKINGVIEWS|RPT-UPDATE\s*\d*)\s*[-–:]\s*")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class WireHead:
    """The furniture in front of a wire story's lede, each piece as written."""

    lede_start: int  # where the kept text starts: the dateline proper, `WASHINGTON (Reuters) - ...`
    agency: str
    place: str | None = None
    headline: str | None = None
    highlights: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    byline: str | None = None  # "By Maggie Fox, Health and Science Editor"
    authors: tuple[str, ...] = ()
    filed: str | None = None  # "Mon Mar 2, 2009 4:23 pm EST", as written
    published: PublishedDate | None = None  # read from `filed`
    month_day: str | None = None  # "June 8" of `WASHINGTON, June 8 (Reuters)`: a day without its year
    credit: str | None = None  # a photo credit glued in front ("Credit: Reuters/...")
    rest: str | None = None  # what was in front and fits none of these, without two words to be a headline


def read_wire_head(line: str) -> WireHead | None:
    """Take apart the furniture before a wire tag near the start of `line`; None if there is no tag."""
    tag = _TAG.search(line[:_HEAD_CHARS])
    if tag is None:
        return None
    head = line[: tag.start()].rstrip()
    place = _PLACE_BEFORE_TAG.search(head)
    lede_start = place.start() if place else tag.start()
    if place and (zone := _ZONE.match(line, lede_start)) and zone.end() < place.end("place"):
        lede_start = zone.end()  # "... 4:23 pm EST WASHINGTON (Reuters)": the zone ends the date
    head = line[: lede_start].rstrip()
    if not head and place is None and tag.start() > 0:
        return None
    found: dict[str, object] = {}
    if pipe := _PIPE_DATE.search(head):
        found["filed"] = pipe.group("date")
        head = head[: pipe.start()].rstrip()
    elif bare := _BARE_DATE.search(head):
        found["filed"] = bare.group("date")
        head = head[: bare.start()].rstrip()
    if byline := _BYLINE.search(head):
        found["byline"] = byline.group("byline")
        found["authors"] = _authors(byline.group("byline")[3:])
        head = head[: byline.start()].rstrip()
    notes = []
    while note := _NOTE.search(head):
        notes.insert(0, note.group("note"))
        head = head[: note.start()].rstrip()
    if _bracketed(head):  # "(For full coverage of the flu outbreak, click (nFLU))": the desk's note, no headline
        notes.insert(0, head)
        head = ""
    pieces = _HIGHLIGHT.split(" " + head) if "* " in head or head.startswith("*") else [head]
    headline, highlights = pieces[0].strip(), tuple(p.strip() for p in pieces[1:] if p.strip())
    if _bracketed(headline):  # "(For full coverage ...) * Quarantine sours relations * ...": the first point heads it
        notes.insert(0, headline)
        headline, highlights = (highlights[0], highlights[1:]) if highlights else ("", ())
    credit = None
    if re.match(r"^(?:photo\s+)?credits?\s*:", headline, re.IGNORECASE):
        credit, headline = headline, ""
    headline = _VERSION.sub("", headline).strip()
    filed = found.get("filed")
    worded = len(_WORD.findall(headline)) >= 2
    return WireHead(
        lede_start=lede_start, agency=tag.group("agency"), place=place.group("place") if place else None,
        headline=headline if worded else None, rest=None if worded or not headline else headline,
        highlights=highlights,
        notes=tuple(notes), byline=found.get("byline"), authors=found.get("authors", ()),  # type: ignore[arg-type]
        filed=filed, published=parse_date_line(filed) if isinstance(filed, str) else None,  # type: ignore[arg-type]
        month_day=place.group("day") if place else None, credit=credit)


def _authors(byline: str) -> tuple[str, ...]:
    """"Maggie Fox, Health and Science Editor" -> ("Maggie Fox",): after a comma, a part naming a
    role is the role, not another author."""
    parts = [p.strip() for p in byline.split(",")]
    names = []
    for part in parts:
        if _ROLE.search(part):
            break
        names += [n for n in re.split(r"\s+(?:and|&)\s+", part) if n]
    return tuple(names)


def _bracketed(text: str) -> bool:
    """Wholly inside one pair of brackets: "(For full coverage, click (nFLU))", not "(Updated) Summit (corrected)"."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for n, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and n < len(text) - 1:
            return False
    return True
