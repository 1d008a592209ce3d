"""Time expressions turned into calendar values relative to the publication date.

Where to look comes from the tagger (DATE and TIME spans); what a span means comes from the
grammar below, which yields TimeML values (`2024-11-13`, `2024-W46`, `2024-11`, `P3Y`,
`PAST_REF`). A relative expression also keeps an anchor-free code ("WD:2:past" = the last
Wednesday, "M-1" = last month, "MD:01-20:future" = the next 20 January), so `resolve` can
date it later against an inferred publication date.

Measured against dateparser on the spaCy spans of TimeBank (bench/eval_timebank.py): the
grammar reads news forms dateparser does not ("last month", "November 5th", "the 1990s",
"earlier this week", durations) and never answers with today's date for text it cannot read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.easter import easter
from spacy.tokens import Doc, Span, Token

from storyline.lexicon import lexicon
from storyline.analyse.nlp import doc_text
from storyline.models import TimeRef

_MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")], start=1) for name in names}
_WEEKDAYS = {name: number for number, names in enumerate([
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")]) for name in names}
_UNITS_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBERS = {"a": 1, "an": 1, "hundred": 100, **{w: i for i, w in enumerate(_UNITS_WORDS, start=1)},
            **{w: 10 * i for i, w in enumerate(_TENS_WORDS, start=2)}}
_VAGUE_NUMBERS = ("a few", "few", "several", "many", "some", "a couple of", "couple of", "the past few",
                  "recent", "coming", "the coming", "the next few", "the last few", "the past", "the last")
_UNIT_CODES = {"day": "D", "week": "W", "weekend": "W", "month": "M", "year": "Y", "quarter": "Q",
               "decade": "DE", "century": "CE", "hour": "H", "minute": "MIN", "second": "S"}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_STARTS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # the month each begins in the north
_OFFSET_WORDS = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1,
                 "following": 1}
_SPAN_ENDS = {"until", "till", "through", "thru", "by"}
_PLANS = {"be", "expect", "plan", "schedule", "set", "due", "aim", "hope", "go", "intend", "want", "seek", "try"}
_SCHEDULED = {"scheduled", "expected", "due", "set", "slated", "planned", "poised"}

_M = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ORDINAL_DAYS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                 "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                 "eighteenth", "nineteenth", "twentieth", *(f"twenty[- ]{o}" for o in
                 ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]),
                 "thirtieth", "thirty[- ]first"]
_ORDINAL_NUMBERS = {word.replace("[- ]", " "): n for n, word in enumerate(_ORDINAL_DAYS, start=1)}
_D = rf"(?P<day>\d{{1,2}}(?:st|nd|rd|th)?|{'|'.join(_ORDINAL_DAYS)})"  # "March 8th", "March eighth"
# A year in figures, or as spoken in transcripts: "nineteen ninety-six", "two thousand and one"
_SPOKEN_YEAR = (rf"(?:eighteen|nineteen|twenty)[- ](?:hundred|oh[- ](?:{'|'.join(_UNITS_WORDS[:9])})|"
                rf"(?:{'|'.join(_TENS_WORDS)})(?:[- ](?:{'|'.join(_UNITS_WORDS[:9])}))?|"
                rf"{'|'.join(sorted(_UNITS_WORDS[9:], key=len, reverse=True))})|"
                rf"two thousand(?:(?: and)? (?:{'|'.join(sorted(_UNITS_WORDS, key=len, reverse=True))}))?(?![- ]+[a-z])")
_Y = rf"(?P<year>(?:1[6-9]|20)\d{{2}}|{_SPOKEN_YEAR})"
# "24", "twenty four", "twenty-four", "sixty", "a"; longer words first so "sixteen" is not read as "six"
_N = (rf"(?P<n>\d+|(?:{'|'.join(_TENS_WORDS)})(?:[- ](?:{'|'.join(_UNITS_WORDS[:9])}))?|"
      rf"{'|'.join(sorted(_UNITS_WORDS, key=len, reverse=True))}|hundred|a couple of|couple of|an|a)")
_U = r"(?P<unit>second|minute|hour|day|week|weekend|month|year|quarter|decade|century)s?"
_HOLIDAY = (r"christmas(?: day| eve)?|new year's (?:day|eve)|thanksgiving(?: day)?|halloween|valentine's day|"
            r"independence day|easter(?: sunday| monday| week)?|good friday|election day")
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(p, re.IGNORECASE)) for name, p in [
    ("iso", r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    ("year_quarter", rf"\b{_Y}\s+(?P<ord>first|second|third|fourth)[\s-]+quarter\b"),  # "the 1988 second quarter"
    ("rel_year_quarter", r"\b(?P<rel>last|next|this)\s+year['’]s\s+(?P<ord>first|second|third|fourth)[\s-]+quarter\b"),
    ("weekday_date", rf"\b(?:this\s+coming\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                     rf",?\s+{_M}\s+{_D}(?:\s*,?\s*{_Y})?\b"),  # "Saturday, April 25": the date says which Saturday
    ("month_day", rf"\b{_M}\s+{_D}(?:\s*,?\s*{_Y})?\b"),
    ("day_month", rf"\b{_D}\s+(?:of\s+)?{_M}(?:\s*,?\s*{_Y})?\b"),
    ("month_year", rf"\b{_M}\s*,?\s+(?:of\s+)?{_Y}\b"),
    ("month_rel_year", rf"\b{_M}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b"),
    ("ago", rf"\b(?P<vague>a few|few|several|many|a couple of)?\s*{_N}?\s*{_U}\s+ago\b"),
    ("relative_unit", r"\b(?P<rel>last|past|previous|this|current|next|coming|following)\s+(?P<unit>week|weekend|month|year|quarter|decade|century)\b"),
    ("season", r"\b(?:(?P<rel>this\s+past|last|this|next|past)|the)\s+(?:early\s+|late\s+)?(?P<season>spring|summer|fall|autumn|winter)\b"),
    ("year_ended", r"\bthe\s+(?:fiscal\s+)?year(?=\s+end(?:ed|ing)\b)"),  # "the year ended March 31": a span of a year
    ("this_year", r"\b(?:the\s+(?:full\s+|current\s+|fiscal\s+)?year|year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+year)\b"
                  rf"(?![- ](?:ago|earlier|old)|\s+{_Y})"),  # not "the year two thousand", "the year 1998"
    ("weekend", r"\b(?:the|this|last|next)\s+weekend\b"),
    ("century", r"\b(?P<ord>\d{1,2})(?:st|nd|rd|th)[- ]century\b"),
    ("set", r"\b(?:(?P<adverb>daily|weekly|monthly|annually|yearly|hourly|nightly)|(?:each|every|per)\s+(?P<unit>day|week|month|year|quarter|hour))\b"),
    ("clock", r"\b(?P<hour>\d{1,2})(?:[:.]\s?(?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s?m\b\.?|\b(?P<noon>noon|midday|midnight)\b"),
    ("clock24", r"\b(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d)|(?P<hhmm>[0-5]\d)(?=\s*(?:GMT|UTC)))(?:\s*(?P<zone>GMT|UTC|BST|CET|CEST|EST|EDT|CST|PST|PDT|[A-Z]ST|local time))?\b"),
    ("day_part", r"\b(?:(?P<rel>this|last|tomorrow|yesterday)\s+)?(?P<part>morning|afternoon|evening|night|tonight)\b"),
    ("vague_ref", r"\b(?P<when>recent|the past few|the last few|the next few|coming|the coming|past few|upcoming)\s+(?P<unit>days|weeks|months|years|decades)\b"),
    ("deictic", r"\b(?P<word>(?:at\s+)?a\s+(?:later|future)\s+date|today|tonight|yesterday|tomorrow|now|currently|nowadays|recently|soon|lately|previously|current|this morning|this afternoon|this evening)\b"),
    ("holiday", rf"\b(?P<holiday>{_HOLIDAY})\b"),
    ("weekday", r"\b(?:(?P<rel>last|next|this|on|early|late)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ("decade", r"\b(?:the\s+)?(?:(?P<century>1[6-9]|20)(?P<decade>\d)0|'?(?P<short>\d)0)s\b"),
    ("part_year", rf"\b(?P<part>early|mid|late|end of|beginning of|start of)[- ]?(?:{_Y}|(?P<rel>last|this|next)\s+year)\b"),
    ("quarter", rf"\b(?P<ord>first|second|third|fourth)[\s-]+quarter(?:\s+of\s+{_Y})?\b"),
    ("last_quarter", r"\bthe\s+(?:latest\s+|most\s+recent\s+|last\s+|past\s+)?quarter\b"),
    ("month", rf"\b{_M}\b"),
    ("year", rf"\b(?:the\s+year\s+)?{_Y}\b"),
    ("duration", rf"\b{_N}(?P<half>\s+1/2|½)?[- ](?:(?:more|additional|extra|further)\s+)?"
                 rf"(?:(?:trading|business|working|calendar)\s+)?{_U}"
                 r"(?P<and_half>\s+and\s+a\s+half)?(?:-long)?\b"),
    ("ref_noun", r"\b(?:the\s+)?(?P<word>past|future)\b(?!\s+(?:\d|few|several|couple|two|three|four|five|six|seven|"
                 r"eight|nine|ten|twelve|twenty|thirty|hundred|decade|year|month|week|day|hour|centur|quarter))"),  # last: "the past two months" is a duration
    ("vague_duration", r"\b(?P<vague>the past|several|many|a few|a couple of)?\s*(?P<unit>hours|days|weeks|months|years|decades)\b"),
]]
_UPPER_ONLY = {"month": "month", "weekday": "weekday", "weekday_date": "weekday", "holiday": "holiday"}  # "may", "march", "sun" are words too: only when capitalised
_HOLIDAYS = {"christmas": "12-25", "christmas day": "12-25", "christmas eve": "12-24", "new year's day": "01-01",
             "new year's eve": "12-31", "halloween": "10-31", "valentine's day": "02-14", "independence day": "07-04"}


def _election_day(year: int) -> date:
    """The Tuesday after the first Monday of November: the United States' Election Day."""
    first_monday = date(year, 11, 1) + timedelta(days=(7 - date(year, 11, 1).weekday()) % 7)
    return first_monday + timedelta(days=1)


_MOVABLE = {"easter": easter, "easter sunday": easter, "easter week": easter,
            "easter monday": lambda y: easter(y) + timedelta(days=1), "good friday": lambda y: easter(y) - timedelta(days=2),
            "election day": _election_day}  # holidays without a fixed day of the month


@dataclass(frozen=True)
class _Read:
    kind: str
    value: str | None
    precision: str | None
    relative: str | None = None


def extract_times(doc: Doc, anchor: date | None) -> list[TimeRef]:
    """Time expressions in the tagger's DATE/TIME spans, and the words the tagger leaves out ("now",
    "recently", "daily", "Christmas Day"), each read and (with an anchor) resolved. A span the grammar
    cannot read is kept, unvalued, when it names a time ("the day after", "this century"); a lone
    number or an age ("Kopp, 44,", "the 6-year-old") is no time expression."""
    found: list[TimeRef] = []
    spans = _time_spans(doc)
    for span in [*spans, *_untagged(doc, spans)]:
        pieces = _read_span(span)
        if not pieces and span.start > 0 and doc[span.start - 1].lower_ in _UNTAGGED_LEFT:
            # "this year's election": the tagger often leaves the word that says which year out
            wider = Span(doc, span.start - 1, span.end, label=span.label_)
            if pieces := _read_span(wider):
                span = wider
        if not pieces:
            text = span.text.strip(" ,.;")
            start = span.start_char + span.text.index(text) if text else span.start_char
            if _TIME_WORD.search(text) and not _AGE.search(text):
                found.append(TimeRef(start, start + len(text), text, "time" if span.label_ == "TIME" else "date",
                                     None, None))
            continue
        tense = _tense(span)
        pieces = _combine_day_and_time(pieces)
        pieces = [_widen(doc, piece, [p for p in pieces if p is not piece]) for piece in pieces]
        for start, end, read in pieces:
            if read.kind == "duration" and doc_text(doc)[end:end + 5].lower().startswith(("-old", " old", "-year-old")):
                continue  # an age ("a 52-year-old", "52 years old"), not a time
            relative = read.relative.replace("{tense}", tense) if read.relative else None
            value, precision, upcoming = read.value, read.precision, False
            if relative and anchor:
                value, precision, upcoming = resolve(relative, anchor)
            elif value and anchor and read.kind == "date":
                upcoming = value[:10] > anchor.isoformat()[: len(value[:10])]
            found.append(TimeRef(start, end, doc_text(doc)[start:end], read.kind, value, precision, relative,
                                 anchor.isoformat() if anchor and relative else None, upcoming))
    return _anaphora(_year_ago_quarters(sorted(found, key=lambda t: t.start)), doc_text(doc), anchor)


_UNTAGGED_LEFT = {"this", "last", "next", "past", "coming", "previous", "current"}


_YEAR_AGO = re.compile(r"(?i)^(?:the\s+)?(?:(?:a|one)\s+year\s+(?:ago|earlier)|year[- ](?:earlier|ago)(?:\s+(?:quarter|period))?|"
                       r"(?:comparable|corresponding)\s+year[- ](?:earlier|ago)\s+(?:quarter|period))$")


_YEAR_QUARTER = re.compile(r"(?i)^(?:the\s+)?((?:1[6-9]|20)\d{2})\s+(?:quarter|period)$")  # "the 1988 period"


def _year_ago_quarters(found: list[TimeRef]) -> list[TimeRef]:
    """ "Profit rose to $5 million in the third quarter from $4 million a year earlier": after a
    quarter, "a year ago", "a year earlier" and "the year-ago period" are that quarter a year before,
    and "the 1988 period" that quarter of 1988, as earnings reports mean them."""
    quarter: str | None = None
    result = []
    for ref in found:
        if ref.precision == "quarter" and ref.value and re.fullmatch(r"\d{4}-Q\d", ref.value):
            quarter = ref.value
        elif quarter and ((year := _YEAR_QUARTER.match(ref.text)) or _YEAR_AGO.match(ref.text)):
            value = f"{year.group(1) if year else int(quarter[:4]) - 1:0>4}-{quarter[5:]}"
            ref = replace(ref, kind="date", value=value, precision="quarter", relative=None, upcoming=False)
        result.append(ref)
    return result


_ANAPHOR = re.compile(
    r"(?i)^(?:(?:earlier|later)\s+(?:that|in\s+the)|(?:that\s+)?same|that|the\s+(?P<rel>following|previous|preceding|prior))"
    r"\s+(?P<unit>day|morning|afternoon|evening|night|week|month|quarter|year|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)$"
    # "the next year" is often next year; "the year" this year; but "in the morning" is the day's
    r"|^(?:the\s+(?P<next>next)\s+(?P<day_unit>day|morning|afternoon|evening|night)|"
    r"(?:early|late)\s+in\s+the\s+(?P<late_unit>day|morning|afternoon|evening|night)|"
    r"the\s+(?P<part_unit>morning|afternoon|evening|night))$")  # not "the day": "the day of the shooting"
_ANAPHOR_BEFORE = re.compile(r"(?i)\b(?:the|that)\s+(?:following|previous|preceding|prior|same)\s+$")
_DAY_GRAINS = {"day", "minute", "part"}
_REFERENCE = {"D": _DAY_GRAINS, "W": _DAY_GRAINS | {"week"}, "M": _DAY_GRAINS | {"month"},
              "Q": {"quarter"}, "Y": _DAY_GRAINS | {"week", "month", "quarter", "season", "year"}}
_GRAINS = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def _anaphora(found: list[TimeRef], text: str, anchor: date | None) -> list[TimeRef]:
    """ "On May 22, 1995, he was promoted, and the following year ...": "that day", "later that
    year", "the following month", "the previous Friday" count from the last date the text gave at
    that grain, not from the publication date. Without one, "the following year" keeps its reading
    against the publication date and "that day" stays unvalued."""
    result: list[TimeRef] = []
    for ref in found:
        around = _DAY_AROUND.search(text[max(0, ref.start - 20):ref.start])
        if around and ref.precision == "day" and (ref.value or ref.relative):
            ref = _day_around(ref, around, anchor)  # "the day after Easter", "the day before Oct. 12"
            result.append(ref)
            continue
        wording = ref.text
        widened = _ANAPHOR_BEFORE.search(text[max(0, ref.start - 30):ref.start])
        if widened:
            wording = widened.group() + ref.text
        match = _ANAPHOR.match(wording.strip())
        if match:
            ref = _from_reference(ref, match, result, anchor, len(widened.group()) if widened else 0) or ref
        result.append(ref)
    # what a widened expression took in is not a second one: "The day" of "The day after Easter"
    return [r for r in result if not any(o is not r and o.start <= r.start and r.end <= o.end and
                                         o.end - o.start > r.end - r.start for o in result)]


_DAY_AROUND = re.compile(r"(?i)\bthe\s+day\s+(?P<side>after|before)\s+$")


def _day_around(ref: TimeRef, around: re.Match[str], anchor: date | None) -> TimeRef:
    code = "D+1" if around.group("side").lower() == "after" else "D-1"
    return _counted(ref, code, ref, anchor, ref.start - len(around.group()), around.group() + ref.text, "date", "day")


def _from_reference(ref: TimeRef, match: re.Match[str], before: list[TimeRef], anchor: date | None,
                    widened: int) -> TimeRef | None:
    word = next(w for w in match.group("unit", "day_unit", "late_unit", "part_unit") if w).lower()
    rel = (match.group("rel") or match.group("next") or "").lower()
    offset = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}.get(rel, 0)
    if word in _WEEKDAYS:
        unit, code = "D", f"WD:{_WEEKDAYS[word]}:{'next' if offset > 0 else 'last'}"
    else:
        unit = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}.get(word, "D")
        code = f"{unit}{offset:+d}"
    reference = next((r for r in reversed(before) if r.kind in ("date", "time") and r.precision in _REFERENCE[unit]
                      and (r.value or r.relative)), None)
    if reference is None:
        return None
    if word in _PARTS:
        return _counted(ref, f"{code}@{_PARTS[word]}", reference, anchor, ref.start - widened, match.group(), "time",
                        "part")
    return _counted(ref, code, reference, anchor, ref.start - widened, match.group(), "date", _GRAINS[unit])


def _counted(ref: TimeRef, code: str, reference: TimeRef, anchor: date | None, start: int, text: str, kind: str,
             precision: str) -> TimeRef:
    """`ref` read as `code` counted from `reference`: valued now when the reference is absolute or
    there is an anchor, else kept as an `AN:` code for when the article is dated."""
    base = _without_time_of_day(reference.relative) if reference.relative else f"AB:{reference.value}"
    absolute = base.startswith("AB:")
    relative = f"AN:{code}|{base}"
    value, _, upcoming = resolve(relative, anchor) if anchor or absolute else (None, None, False)
    return replace(ref, start=start, text=text, kind=kind, value=value, precision=precision,
                   relative=None if absolute else relative,
                   anchor=anchor.isoformat() if anchor and not absolute else None, upcoming=upcoming)

_TIME_WORD = re.compile(r"(?i)\b(?:day|night|week|weekend|month|year|decade|century|centuries|quarter|season|spring|"
                        r"summer|fall|autumn|winter|morning|afternoon|evening|hour|minute|time|period|era|ago|since|"
                        r"past|future|eve|christmas|easter|thanksgiving|ramadan|holiday|date)s?\b")
_AGE = re.compile(r"(?i)\d+[- ]years?[- ]old|\byear-old")
# Words the tagger seldom marks as DATE, read by the same grammar: deictic adverbs, sets, holidays,
# and clock times in tokenised text.
_UNTAGGED = re.compile(r"(?i)\b(?:right now|now|currently|nowadays|recently|lately|(?<=in )the past|"
                       r"today|tonight|yesterday|tomorrow|"
                       r"current|(?:in )?the future|daily|weekly|monthly|annually|yearly|hourly|nightly|"
                       r"every (?:day|week|month|year|morning|night)|each (?:day|week|month|year)|"
                       rf"(?:last |this |next )?(?:{_HOLIDAY}))\b"
                       r"|\b\d{1,2}(?:[:.]\s?\d{2})?\s?(?:[ap]\.\s?m\.|[ap]m\b)")  # a clock time it missed: "3: 33 a. m."


def _untagged(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans for time words outside the tagger's DATE/TIME spans ("now", "every day", "Thanksgiving")."""
    taken = [(s.start_char, s.end_char) for s in spans]
    extra = []
    for match in _UNTAGGED.finditer(doc_text(doc)):
        start, end = match.span()
        if match.group().lower().startswith("in "):
            start += 3
        if any(start < b and a < end for a, b in taken):
            continue
        span = doc.char_span(start, end, label="DATE")
        if span is None or span[0].ent_type_ in ("ORG", "WORK_OF_ART", "PRODUCT") or \
                match.group().lower() == "current" and span[0].pos_ != "ADJ":
            continue  # "the Current" (a river), "Now" (a magazine)
        extra.append(span)
    return extra


# Words TimeML puts inside an expression's extent though the grammar reads its value without them:
# "the last week", "early December", "nearly two years ago", "the end of November", "a year earlier".
_LEFT = sorted(["the", "last", "past", "next", "early", "late", "mid", "mid-", "first", "this", "fiscal", "each",
                "every", "nearly", "almost", "about", "around", "approximately", "roughly", "some", "over", "more than",
                "less than", "at least", "up to", "no more than", "the end of", "the beginning of", "the start of",
                "the middle of", "the week of", "end of", "beginning of", "middle of", "start of", "earlier", "later"],
               key=lambda w: -len(w.split()))
_PAST_WORDS, _NEXT_WORDS = {"last", "past"}, {"next"}
# "over an hour", "the first nine months"; not "over the weekend", "over the past 20 years"
_DURATION_ONLY = {"over", "first"}
_DATE_ONLY = {"earlier", "later"}  # "earlier this month", "later Sunday"; never "later two years"
_LATER = {"earlier": -1, "later": 1}


def _widen(doc: Doc, piece: tuple[int, int, _Read], others: list[tuple[int, int, _Read]]) -> tuple[int, int, _Read]:
    """A piece with the modifiers around it: its extent as TimeML marks it, its direction from "last"
    or "next", and "a year earlier" read like "a year ago"."""
    start, end, read = piece
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return piece
    first, last = span.start, span.end
    blocked = {t.i for a, b, _ in others for t in (doc.char_span(a, b, alignment_mode="expand") or [])}
    first, read = _quarter_of_year(doc, first, read, blocked)
    # "the Oct. 23 slaying", "the third-quarter loss": a date modifying the noun after it; the "the" is the noun's
    of_period = last < len(doc) and doc[last].lower_ in ("quarter", "period") and bool(read.value) and \
        re.fullmatch(r"\d{4}", read.value or "") is not None  # "the 1988 quarter": the period is the expression
    modifier = last < len(doc) and span.root.head.i >= last and span.root.head.pos_ in ("NOUN", "PROPN") and \
        span.root.dep_ in ("compound", "nmod", "amod", "nummod", "npadvmod") and not of_period
    added: list[str] = []
    widened = True
    while widened:
        widened = False
        for phrase in _LEFT:
            size = len(phrase.split())
            before = doc[max(0, first - size): first]
            if len(before) == size and " ".join(t.lower_ for t in before) == phrase and \
                    not blocked & {t.i for t in before} and not (phrase == "the" and modifier) and \
                    (phrase not in _DURATION_ONLY or read.kind == "duration" and doc[first].lower_ != "the") and \
                    (phrase not in _DATE_ONLY or read.kind == "date"):
                first -= size
                added.extend(phrase.split())
                widened = True
                break
    if last < len(doc) and doc[last].lower_ in _LATER and last not in blocked and read.kind == "duration" and \
            read.value and "X" not in read.value:
        offset = _LATER[doc[last].lower_]
        match = re.fullmatch(r"PT?(\d+)(D|W|M|Y|H)", read.value)
        if match and not read.value.startswith("PT"):
            n, unit = int(match.group(1)), match.group(2)
            read = _Read("date", None, None, f"{unit}{offset * n:+d}")
        last += 1
    if of_period:
        last += 1  # "the 1988 quarter": which quarter, the one the report is about (`_year_ago_quarters`)
    if read.relative and added and read.relative.endswith(":{tense}"):
        if _PAST_WORDS & set(added):
            read = _Read(read.kind, read.value, read.precision, read.relative.replace("{tense}", "past"))
        elif _NEXT_WORDS & set(added):
            read = _Read(read.kind, read.value, read.precision, read.relative.replace("{tense}", "future"))
        elif "this" in added and read.relative.startswith("MO:"):  # "this September": of the year written in
            read = _Read(read.kind, read.value, read.precision, f"MY:{read.relative.split(':')[1]}:+0")
    if (first, last) == (span.start, span.end) and read is piece[2]:
        return piece
    return doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text), read


def _quarter_of_year(doc: Doc, first: int, read: _Read, blocked: set[int]) -> tuple[int, _Read]:
    """ "The year-ago third quarter": a year before the one just past. ("The 1988 second quarter"
    and "next year's first quarter" are read whole by the `year_quarter` patterns.)"""
    if not (read.relative or "").startswith("QN:"):
        return first, read
    words = [t.lower_ for t in doc[max(0, first - 3): first]]
    if words in (["year", "-", "ago"], ["year", "-", "earlier"]) and not blocked & set(range(first - 3, first)):
        return first - 3, _Read(read.kind, None, read.precision, f"QN:{read.relative.split(':')[1]}:ago")
    return first, read


def _time_spans(doc: Doc) -> list[Span]:
    """The tagger's DATE and TIME spans, neighbours joined: 'Friday' + 'morning' is one expression."""
    spans: list[Span] = []
    for span in doc.ents:
        if span.label_ == "CARDINAL":
            span = _counted_unit(doc, span)
        if span.label_ not in ("DATE", "TIME"):
            continue
        previous = spans[-1] if spans else None
        if previous is not None and (span.start == previous.end or (
                span.start == previous.end + 1 and doc[previous.end].lower_ in ("at", "on", "in")) or (
                span.start == previous.end + 1 and doc[previous.end].text == "," and
                {span.label_, previous.label_} == {"DATE", "TIME"})):  # "5 p.m. EST, Nov. 6"
            spans[-1] = Span(doc, previous.start, span.end, label="TIME" if "TIME" in (span.label_, previous.label_) else "DATE")
        else:
            spans.append(span)
    return spans


_UNIT_WORDS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
_BETWEEN_COUNT_AND_UNIT = {"more", "additional", "extra", "further", "trading", "business", "working"}


def _counted_unit(doc: Doc, span: Span) -> Span:
    """A count the tagger calls CARDINAL, with the unit after it, is a duration: "at least two" +
    "more weeks", "about 5 1/2" + "hours"."""
    end = span.end
    while end < len(doc) and end - span.end < 2 and doc[end].lower_ in _BETWEEN_COUNT_AND_UNIT:
        end += 1
    if end < len(doc) and doc[end].lemma_.lower() in _UNIT_WORDS and not doc[end].ent_type_:
        return Span(doc, span.start, end + 1, label="DATE")
    return span


def _read_span(span: Span) -> list[tuple[int, int, _Read]]:
    """Every expression the grammar reads inside one span (a span can list several dates)."""
    text, offset = span.text, span.start_char
    taken: list[tuple[int, int]] = []
    pieces = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            if name in _UPPER_ONLY and not match.group(_UPPER_ONLY[name])[0].isupper():
                continue
            read = _interpret(name, match)
            if read is None:
                continue
            start += len(match.group()) - len(match.group().lstrip())
            end -= len(match.group()) - len(match.group().rstrip())
            taken.append((start, end))
            pieces.append((offset + start, offset + end, read))
    return sorted(pieces, key=lambda p: p[0])


def _combine_day_and_time(pieces: list[tuple[int, int, _Read]]) -> list[tuple[int, int, _Read]]:
    """'Friday morning', '10 p.m. Wednesday': one expression, the day's code with the time appended."""
    days = [p for p in pieces if p[2].kind == "date" and p[2].precision == "day" and (p[2].relative or p[2].value)]
    clocks = [p for p in pieces if p[2].relative and p[2].relative.startswith(("TM:", "DP:"))]
    if len(days) != 1 or len(clocks) != 1:
        return pieces
    (d_start, d_end, day), (c_start, c_end, clock) = days[0], clocks[0]
    code = clock.relative or ""
    time_code = code[3:] if code.startswith("TM:") else code.split(":")[1]
    merged = _Read("time", None, "minute", f"{day.relative or 'AB:' + str(day.value)}@{time_code}")
    rest = [p for p in pieces if p is not days[0] and p is not clocks[0]]
    return sorted(rest + [(min(d_start, c_start), max(d_end, c_end), merged)], key=lambda p: p[0])


def _year_figures(text: str) -> str:
    """ "1996" as it is; "nineteen ninety-six" -> "1996", "two thousand and one" -> "2001"."""
    if text.isdigit():
        return text
    words = re.split(r"[- ]+", text.lower())
    if words[:2] == ["two", "thousand"]:
        return str(2000 + (_NUMBERS.get(words[-1], 0) if len(words) > 2 else 0))
    century, rest = _NUMBERS[words[0]], words[1:]
    if rest == ["hundred"]:
        return f"{century}00"
    return f"{century}{sum(_NUMBERS.get(w, 0) for w in rest):02d}"  # "oh" counts 0: "nineteen oh five"


def _day_figures(text: str) -> str:
    """ "8th" -> "8", "eighth" -> "8", "twenty-first" -> "21"."""
    if text[:1].isdigit():
        return str(int(re.match(r"\d+", text).group()))
    return str(_ORDINAL_NUMBERS[" ".join(re.split(r"[- ]+", text.lower()))])


def _number(text: str | None) -> int | None:
    if text is None:
        return 1
    text = text.lower()
    if text.isdigit():
        return int(text)
    if text.endswith("couple of"):  # TimeML counts "a couple of years" as two: P2Y
        return 2
    words = re.split(r"[- ]", text)  # "twenty four"
    values = [_NUMBERS.get(w) for w in words]
    return sum(values) if all(v is not None for v in values) else None


def _interpret(name: str, m: re.Match[str]) -> _Read | None:
    g = m.groupdict()
    if g.get("year"):
        g["year"] = _year_figures(g["year"])
    if g.get("day"):
        g["day"] = _day_figures(g["day"])
    if name == "iso":
        return _Read("date", f"{g['year']}-{g['mnum']}-{int(g['day']):02d}", "day")
    if name in ("month_day", "day_month", "weekday_date"):
        month, day = _MONTHS[g["month"].lower().rstrip(".")], int(g["day"])
        if not 1 <= day <= 31:
            return None
        if g.get("year"):
            return _Read("date", f"{g['year']}-{month:02d}-{day:02d}", "day")
        return _Read("date", None, "day", f"MD:{month:02d}-{day:02d}:{{tense}}")
    if name == "month_year":
        return _Read("date", f"{g['year']}-{_MONTHS[g['month'].lower().rstrip('.')]:02d}", "month")
    if name == "month_rel_year":  # "June last year"
        year = {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        return _Read("date", None, "month", f"MY:{_MONTHS[g['month'].lower().rstrip('.')]:02d}:{year:+d}")
    if name == "this_year":  # "the year", "year-end": news means the year it is written in
        return _Read("date", None, "year", "Y+0")
    if name == "weekend":
        rel = {"last": -1, "next": 1}.get(m.group(0).split()[0].lower(), 0)
        return _Read("date", None, "week", f"WE:{rel:+d}")
    if name == "century":
        return _Read("date", f"{int(g['ord']) - 1:02d}", "century")
    if name == "month":
        return _Read("date", None, "month", f"MO:{_MONTHS[g['month'].lower().rstrip('.')]:02d}:{{tense}}")
    if name == "year":
        return _Read("date", g["year"], "year")
    if name == "ago":
        unit = _UNIT_CODES[g["unit"].lower()]
        if g.get("vague") or g.get("n") is None and m.group(0).lower().startswith(("few", "several")):
            return _Read("date", "PAST_REF", None)
        n = _number(g.get("n"))
        return _Read("date", None, None, f"{unit}-{n}") if n else None
    if name == "relative_unit":
        unit = _UNIT_CODES[g["unit"].lower()]
        rel = _OFFSET_WORDS[g["rel"].lower()]
        return _Read("date", None, None, f"{unit}{rel:+d}")
    if name == "season":
        rel_word = re.sub(r"\s+", " ", (g.get("rel") or "this").lower())
        if rel_word == "this past":  # the latest one: "this past spring", written in October, is this year's
            return _Read("date", None, "season", f"SE:{_SEASONS[g['season'].lower()]}:latest")
        rel = {"last": -1, "past": -1, "this": 0, "next": 1}[rel_word]
        return _Read("date", None, "season", f"SE:{_SEASONS[g['season'].lower()]}:{rel:+d}")
    if name == "set":
        if g.get("adverb"):
            unit = {"daily": "day", "nightly": "day", "weekly": "week", "monthly": "month", "annually": "year",
                    "yearly": "year", "hourly": "hour"}[g["adverb"].lower()]
        else:
            unit = g["unit"].lower()
        return _Read("set", _duration(1, unit), None)
    if name == "clock":
        if g.get("noon"):
            hour, minute = (12, 0) if g["noon"].lower() != "midnight" else (24, 0)
        else:
            hour, minute = int(g["hour"]) % 12 + (12 if g["ampm"].lower() == "p" else 0), int(g["minute"] or 0)
        if hour > 24 or minute > 59:
            return None
        return _Read("time", None, "minute", f"TM:{hour:02d}:{minute:02d}")
    if name == "clock24":  # "15:00 GMT", "0735 GMT"
        return _Read("time", None, "minute", f"TM:{int(g['hour']):02d}:{g['minute'] or g['hhmm']}")
    if name == "day_part":
        part = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}[g["part"].lower()]
        offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get((g.get("rel") or "").lower(), 0)
        return _Read("time", None, "part", f"DP:{part}:{offset:+d}")
    if name == "ref_noun":
        return _Read("date", "PAST_REF" if g["word"].lower() == "past" else "FUTURE_REF", None)
    if name == "vague_ref":  # "in recent years", "the next few days": TimeML's PXY, PXD
        return _Read("duration", _duration(None, g["unit"].lower().rstrip("s")), None)
    if name == "deictic":
        word = g["word"].lower()
        if word in ("now", "currently", "nowadays", "current"):
            return _Read("date", "PRESENT_REF", None)
        if word in ("recently", "lately", "previously", "past", "the past"):
            return _Read("date", "PAST_REF", None)
        if word in ("soon", "future", "the future") or word.endswith(" date"):
            return _Read("date", "FUTURE_REF", None)
        return _Read("date", None, "day", {"yesterday": "D-1", "tomorrow": "D+1"}.get(word, "D+0"))
    if name == "holiday":
        holiday = g["holiday"].lower()
        if holiday.startswith("thanksgiving"):
            return _Read("date", None, "day", "TG:{tense}")
        if holiday in _MOVABLE:
            return _Read("date", None, "week" if holiday.endswith("week") else "day", f"HD:{holiday}:{{tense}}")
        return _Read("date", None, "day", f"MD:{_HOLIDAYS[holiday]}:{{tense}}")
    if name == "weekday":
        rel = (g.get("rel") or "").lower()
        direction = {"last": "last", "next": "next"}.get(rel, "{tense}")
        return _Read("date", None, "day", f"WD:{_WEEKDAYS[g['weekday'].lower()]}:{direction}")
    if name == "decade":
        if g.get("century"):
            return _Read("date", f"{g['century']}{g['decade']}", "decade")
        return _Read("date", f"19{g['short']}", "decade")
    if name == "part_year":
        if g.get("year"):
            return _Read("date", g["year"], "year")
        return _Read("date", None, "year", f"Y{_OFFSET_WORDS[g['rel'].lower()]:+d}")
    if name in ("quarter", "year_quarter", "rel_year_quarter"):
        quarter = ["first", "second", "third", "fourth"].index(g["ord"].lower()) + 1
        if g.get("rel"):
            return _Read("date", None, "quarter", f"QY:{quarter}:{_OFFSET_WORDS[g['rel'].lower()]}")
        if g.get("year"):
            return _Read("date", f"{g['year']}-Q{quarter}", "quarter")
        return _Read("date", None, "quarter", f"QN:{quarter}:{{tense}}")
    if name == "last_quarter":  # business news: "the quarter" is the last one reported
        return _Read("date", None, "quarter", "Q-1")
    if name == "duration":
        n = _number(g["n"])
        unit = g["unit"].lower()
        if n is None:
            return None
        if g.get("half") or g.get("and_half"):
            return _Read("duration", _and_a_half(n, unit.rstrip("s")), None)
        return _Read("duration", _duration(n, unit), None)
    if name == "year_ended":
        return _Read("duration", "P1Y", None)
    if name == "vague_duration":
        unit = g["unit"].lower().rstrip("s")
        return _Read("duration", _duration(None, unit), None)
    return None


_HALVES = {"year": "6M", "day": "T12H", "hour": "30M", "minute": "30S"}  # half of a unit in the next one down


def _and_a_half(n: int, unit: str) -> str:
    """ "2 1/2 years" (P2Y6M), "a minute and a half" (PT1M30S); a half TimeML cannot write plainly is left out."""
    whole = _duration(n, unit)
    return whole + _HALVES[unit] if unit in _HALVES else whole


def _duration(n: int | None, unit: str) -> str:
    amount = "X" if n is None else str(n)
    if unit in ("hour", "minute", "second"):
        return f"PT{amount}{ {'hour': 'H', 'minute': 'M', 'second': 'S'}[unit]}"
    if unit == "decade":
        return f"P{amount}DE" if n is None else f"P{n * 10}Y"
    if unit == "century":
        return f"P{amount}CE" if n is None else f"P{n * 100}Y"
    return f"P{amount}{ {'day': 'D', 'week': 'W', 'weekend': 'W', 'month': 'M', 'year': 'Y', 'quarter': 'Q'}[unit]}"


def _tense(span: Span) -> str:
    """'future' when the clause of the date points forward ('will meet', 'must be returned by',
    'is scheduled to', 'as soon as Tuesday'), 'past' when its verb is past tense, else 'near'
    (resolve to the nearest occurrence).

    Only the date's own clause counts: a date that modifies a noun ("a dividend, payable Dec. 15",
    "the Jan. 14 deadline", a date inside the verb's subject) takes no tense from the verb above
    that noun. A date after "since" is past. The end of a span ("closed schools until May 6",
    "postponed until Tuesday") is 'until' whatever the verb's simple tense: the closing is past, the
    day it ends often still ahead, so a weekday or a date is the nearer one; only "will" or "had"
    give it a direction.
    """
    doc = span.doc
    before = doc[max(0, span.start - 3): span.start]
    if before.text.lower().endswith(("as soon as", "as early as")):
        return "future"
    token: Token = span.root
    if _after_since(span):
        return "past"  # "since March 3", "searching since shortly after the Oct. 23 slaying"
    span_end = token.head.lower_ in _SPAN_ENDS or (span.start > 0 and doc[span.start - 1].lower_ in _SPAN_ENDS)
    if not span_end and token.dep_ in ("compound", "nmod", "npadvmod", "amod", "poss") and \
            token.head.pos_ in ("NOUN", "ADJ") and token.head.dep_ not in ("npadvmod",):
        return "near"  # "payable Dec. 15", "the Jan. 14 deadline"
    modified = False  # on the way up, a word the date describes: "worth ... in October"
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        if token.lower_ in ("until", "till"):  # "until the end of May"; not "through ... and into his back Friday"
            span_end = True
        elif token.dep_ in ("nsubj", "nsubjpass") and modified:
            return "near"  # "her houses, worth $130 million in October, are worth half now": not the verb's time
        modified = modified or token.dep_ in ("amod", "acl", "appos")
        token = token.head
    helpers = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    if helpers & _MODALS or token.head.lower_ in _MODALS:
        return "future"
    if span_end:  # "closed schools until May 6": the closing is past, the day it ends is often still ahead
        return "past" if helpers & {"had"} else "until"
    governor = token.head.head if token.head.dep_ == "acomp" else token.head  # "had been due to expire"
    head_helpers = {c.lower_ for c in governor.children if c.dep_ in ("aux", "auxpass")}
    if helpers & {"to"} and token.dep_ in ("xcomp", "ccomp", "relcl", "acl", "advcl") and token.head.lemma_ in _PLANS:
        # "is to resume trading Tuesday", "expect the sale to be completed by Dec. 15"; not "had been due to expire"
        return "past" if head_helpers & {"had"} else "future"
    if token.lower_ in _SCHEDULED and helpers & {"is", "are", "'s", "'re", "am", "has", "have"}:
        return "future"  # "the vote is scheduled for Monday", "has scheduled a news conference Thursday"
    if token.tag_ == "VBN" and helpers & {"is", "are", "am", "'s", "'re"} and \
            not helpers & {"had", "has", "have", "was", "were", "been"}:
        return "future"  # "when the case is heard in May": a schedule in the present passive
    if token.tag_ in ("VBD", "VBN") or helpers & {"had", "has", "have", "was", "were", "did"}:
        return "past"
    if token.tag_ in ("VBZ", "VBP") and token.lemma_ not in lexicon().direct_cues:
        return "future"  # "the law takes effect on Jan. 20": news writes schedules in the present
    return "near"


def _after_since(span: Span) -> bool:
    """Whether "since" opens the phrase the date is in: "since March 3", "since shortly after the
    Oct. 23 slaying"; a verb or a comma in between ends the phrase."""
    doc = span.doc
    for token in reversed(doc[max(0, span.start - 6): span.start]):
        if token.lower_ == "since":
            return True
        if token.pos_ in ("VERB", "AUX", "PUNCT"):
            return False
    return False


_MODALS = {"will", "'ll", "shall", "would", "must", "might", "may", "should", "can", "wo", "ca"}  # "could": either way


def resolve(relative: str, anchor: date) -> tuple[str | None, str | None, bool]:
    """Resolve an anchor-free code against `anchor`: (ISO value, precision, later than anchor?)."""
    if relative.startswith("AN:"):  # counted from a date the text gave: "AN:Y+1|AB:1995-05-22"
        return _from_base(*relative[3:].split("|", 1), anchor)
    if "@" in relative:  # a day and a time of day: "WD:4:past@MO", "AB:1998-02-12@22:00"
        day_code, time_code = relative.split("@")
        if day_code.startswith("AB:"):
            day, upcoming = day_code[3:], day_code[3:] > anchor.isoformat()
        else:
            day, _, upcoming = resolve(day_code, anchor)
        return (f"{day}T{time_code}", "minute", upcoming) if day else (None, None, False)
    kind, _, rest = relative.partition(":")
    if kind == "TM":
        return f"{anchor.isoformat()}T{rest}", "minute", False
    if kind == "DP":
        part, offset = rest.split(":")
        return f"{(anchor + timedelta(days=int(offset))).isoformat()}T{part}", "part", int(offset) > 0
    if kind == "WD":
        weekday, direction = rest.split(":")
        target = int(weekday)
        ahead = anchor + timedelta(days=(target - anchor.weekday()) % 7 or (7 if direction == "next" else 0))
        back = anchor - timedelta(days=(anchor.weekday() - target) % 7 or (7 if direction == "last" else 0))
        if direction == "until":  # the end of a span: the nearer one ("given until Tuesday", said on Monday)
            day = ahead if (ahead - anchor) < (anchor - back) else back
        else:  # "next Monday", said on a Monday, is a week away; news mostly looks back: "on Wednesday"
            day = ahead if direction in ("future", "next") else back
        return day.isoformat(), "day", day > anchor
    if kind == "MD":
        month_day, direction = rest.split(":")
        month, day_of_month = map(int, month_day.split("-"))
        day = _pick_year(anchor, direction, lambda y: _safe_date(y, month, day_of_month))
        return (day.isoformat(), "day", day > anchor) if day else (None, None, False)
    if kind == "MY":  # a month of a year counted from the anchor's: "June last year"
        month, offset = map(int, rest.split(":"))
        year = anchor.year + offset
        return f"{year:04d}-{month:02d}", "month", (year, month) > (anchor.year, anchor.month)
    if kind == "WE":  # a weekend: this week's, or the one before or after
        offset = int(rest)
        if offset == 0 and anchor.weekday() < 4:
            offset = -1  # "over the weekend", written early in the week: the one just past
        year, week, _ = (anchor + timedelta(weeks=offset)).isocalendar()
        return f"{year:04d}-W{week:02d}-WE", "week", offset > 0
    if kind == "HD":  # a movable holiday: "Easter", "Good Friday", "Election Day", "Easter week"
        name, direction = rest.split(":")
        day = _pick_year(anchor, direction, _MOVABLE[name])
        if name.endswith("week"):
            year, week, _ = day.isocalendar()
            return f"{year:04d}-W{week:02d}", "week", day > anchor
        return day.isoformat(), "day", day > anchor
    if kind == "TG":  # the fourth Thursday of November
        day = _pick_year(anchor, rest, lambda y: date(y, 11, 22 + (3 - date(y, 11, 22).weekday()) % 7))
        return (day.isoformat(), "day", day > anchor) if day else (None, None, False)
    if kind == "MO":
        month_text, direction = rest.split(":")
        month = int(month_text)
        # untensed, the nearest measured from mid-month: "in November", written in early May, is the one just past
        day = 1 if direction in ("past", "future") else 15
        first = _pick_year(anchor, direction, lambda y: date(y, month, day), same_unit=(anchor.month == month))
        return f"{first.year:04d}-{month:02d}", "month", (first.year, month) > (anchor.year, anchor.month)
    if kind == "QY":  # a quarter of a year counted from the anchor's: "next year's first quarter"
        quarter_text, offset = rest.split(":")
        year, current = anchor.year + int(offset), (anchor.month - 1) // 3 + 1
        return f"{year:04d}-Q{quarter_text}", "quarter", (year, int(quarter_text)) > (anchor.year, current)
    if kind == "QN":
        quarter_text, direction = rest.split(":")
        quarter, current = int(quarter_text), (anchor.month - 1) // 3 + 1
        year = anchor.year - 1 if quarter > current and direction != "future" else anchor.year
        if direction == "ago":  # "the year-ago third quarter": the one a year before the last third quarter
            year -= 1
        return f"{year:04d}-Q{quarter}", "quarter", (year, quarter) > (anchor.year, current)
    if kind == "SE":
        season, offset = rest.split(":")
        if offset == "latest":  # begun by the anchor's month, else last year's
            started = anchor.month >= _SEASON_STARTS[season]
            return f"{anchor.year - (0 if started else 1):04d}-{season}", "season", False
        return f"{anchor.year + int(offset):04d}-{season}", "season", int(offset) > 0
    match = re.fullmatch(r"(D|W|M|Y|Q|DE|CE|H|MIN|S)([+-]\d+)", relative)
    if not match:
        return None, None, False
    unit, offset = match.group(1), int(match.group(2))
    if unit == "D":
        day = anchor + timedelta(days=offset)
        return day.isoformat(), "day", offset > 0
    if unit == "W":
        year, week, _ = (anchor + timedelta(weeks=offset)).isocalendar()
        return f"{year:04d}-W{week:02d}", "week", offset > 0
    if unit == "M":
        months = anchor.year * 12 + anchor.month - 1 + offset
        return f"{months // 12:04d}-{months % 12 + 1:02d}", "month", offset > 0
    if unit == "Y":
        return f"{anchor.year + offset:04d}", "year", offset > 0
    if unit == "Q":
        quarters = anchor.year * 4 + (anchor.month - 1) // 3 + offset
        return f"{quarters // 4:04d}-Q{quarters % 4 + 1}", "quarter", offset > 0
    if unit == "DE":
        return f"{(anchor.year // 10 + offset):03d}", "decade", offset > 0
    if unit == "CE":  # "this century": TimeML writes the 20th as "19"
        return f"{(anchor.year // 100 + offset):02d}", "century", offset > 0
    return None, None, False


def toward(code: str, direction: str) -> str:
    """A yearless date's code read in another direction ("past", "near", ...): the direction is its
    last field, "MD:12-19:future" -> "MD:12-19:near"."""
    return f"{code.rsplit(':', 1)[0]}:{direction}"


def _without_time_of_day(code: str) -> str:
    """ "WD:4:past@NI" -> "WD:4:past"; "AN:D+1@MO|WD:3:past" -> "AN:D+1|WD:3:past"."""
    if code.startswith("AN:"):
        own, _, base = code[3:].partition("|")
        return f"AN:{own.split('@')[0]}|{base}"
    return code.split("@")[0]


def _from_base(code: str, base: str, anchor: date | None) -> tuple[str | None, str | None, bool]:
    """`code` ("D+1", "Y-1", "WD:4:last", "D+1@MO") counted from the first day of the date `base`
    resolves to ("AB:1995-05-22", or a relative code needing `anchor`)."""
    value = base[3:] if base.startswith("AB:") else (resolve(base, anchor)[0] if anchor else None)
    start = _first_day(value) if value else None
    if start is None:
        return None, None, False
    code, _, part = code.partition("@")
    value, precision, _ = resolve(code, start)
    if value and part:
        value, precision = f"{value}T{part}", "part"
    return value, precision, bool(value and anchor and value[:10] > anchor.isoformat()[:len(value[:10])])


def _first_day(value: str) -> date | None:
    """The first day of the period a TimeML value names: 2024-03-14, 2024-W10, 2024-Q2, 2024-03, 2024-SU, 2024."""
    if match := re.match(r"(\d{4})-W(\d\d)", value):
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    if match := re.match(r"(\d{4})-Q(\d)", value):
        return date(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)
    if match := re.match(r"(\d{4})-(SP|SU|FA|WI)", value):
        return date(int(match.group(1)), _SEASON_STARTS[match.group(2)], 1)
    if match := re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value):
        return _safe_date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    return None

def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _pick_year(anchor: date, direction: str, make, same_unit: bool = False) -> date | None:
    """The occurrence of a yearless date in the year before, of, or after the anchor."""
    options = [d for d in (make(anchor.year - 1), make(anchor.year), make(anchor.year + 1)) if d]
    if not options:
        return None
    if same_unit:
        return make(anchor.year)
    nearest = min(options, key=lambda d: (abs((d - anchor).days), d > anchor))
    if direction == "future":
        later = [d for d in options if d >= anchor]
        chosen = min(later) if later else options[-1]
    elif direction == "past":
        earlier = [d for d in options if d <= anchor]
        chosen = max(earlier) if earlier else options[0]
    else:
        return nearest
    # The tense points the way, but not a year off when the day is weeks away the other way: "had
    # been set to expire Nov. 6", written Nov. 2, is this Nov. 6; "Monday, Oct. 26" the day after.
    if abs((chosen - anchor).days) > _TENSE_REACH_DAYS and abs((nearest - anchor).days) <= _NEAR_DAYS:
        return nearest
    return chosen


_TENSE_REACH_DAYS = 300  # a tensed yearless date this far off ...
_NEAR_DAYS = 31  # ... gives way to its occurrence this near on the other side
