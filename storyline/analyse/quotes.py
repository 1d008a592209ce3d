"""Quotations and who said them.

Direct quotes are found from the quote marks (curly or straight; nested quotes stay inside
their outer quote; a quote running over several paragraphs, each opened with a mark and only
the last closed, is one quote). Each is attributed through the parse: the nearest speech verb
outside the quote, then its subject ("Blinken said"), its agent ("described by Blinken as"),
or the object of "according to". A quote with no verb of its own takes the speaker of the next
attributed quote in its paragraph, else of the previous one nearby. "He said" is resolved to
the nearest person before it, subjects first. Indirect speech ("Blinken said the U.S. will
adapt ...") is the clausal complement of a speech verb.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from storyline.lexicon import lexicon
from storyline.analyse.nlp import doc_text
from storyline.models import Mention, Quote

_DOUBLE_OPEN = {"“": "”", "„": "“", "«": "»", '"': '"'}
_SINGLE_OPEN = {"‘": "’", "'": "'"}
_OPENING_CONTEXT = set(" \t\n([{—–-:;,/")
_PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON"}
_PLURAL_PRONOUNS = {"they", "them", "it", "we", "i", "you"}
_RELATIVES = frozenset({"who", "that", "which"})
_CLOSING_MARKS = frozenset("”’\"'»")
_LOOKBACK_SENTENCES = 4
_NEXT_ATTRIBUTION_SENTENCES = 2


@dataclass
class _Marked:
    start: int  # first character inside the marks
    end: int  # one past the last character inside
    outer_start: int
    outer_end: int


def find_quote_marks(text: str) -> list[_Marked]:
    """Spans between quote marks, paragraph-aware. Single marks count only outside double ones."""
    # Typewriter style ``like this'' and ''like this'': two marks are one double mark (same length kept).
    text = text.replace("``", '"\x00').replace("''", '"\x00')
    quotes: list[_Marked] = []
    paragraphs = _paragraph_bounds(text)
    open_at: int | None = None
    closer = ""
    for index, (p_start, p_end) in enumerate(paragraphs):
        i = p_start
        while i < p_end:
            char = text[i]
            if open_at is None:
                if char in _DOUBLE_OPEN and _opens(text, i, p_start):
                    open_at, closer = i, _DOUBLE_OPEN[char]
                    if i + 1 < p_end and text[i + 1] == "\x00":
                        open_at, i = i + 1, i + 1  # the second mark of a pair
                elif char in _SINGLE_OPEN and _opens(text, i, p_start) and i + 1 < p_end and text[i + 1].isalpha():
                    end = _single_close(text, i + 1, p_end, _SINGLE_OPEN[char])
                    if end is not None and len(text[i + 1:end].split()) >= 2:
                        quotes.append(_Marked(i + 1, end, i, end + 1))
                        i = end
            elif char in (closer, "”", '"') and i > open_at:  # writers mix straight and curly marks
                quotes.append(_Marked(open_at + 1, i, open_at, i + 1))
                open_at = None
            i += 1
        if open_at is not None:
            following = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
            if following is not None and text[following] in _DOUBLE_OPEN:
                continue  # the convention for a quote that runs on: the next paragraph reopens it
            if following is not None and _closes_first(text, *paragraphs[index + 1]):
                continue  # or it is closed in the next paragraph, not reopened: "“A.\n\nB,” said X."
            quotes.append(_Marked(open_at + 1, p_end, open_at, p_end))
            open_at = None
    return _merge_runs(quotes, text)


def _closes_first(text: str, start: int, end: int) -> bool:
    """The paragraph's first curly double mark closes a quote."""
    marks = [i for i in (text.find("“", start, end), text.find("”", start, end)) if i >= 0]
    return bool(marks) and text[min(marks)] == "”"


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for part in text.split("\n"):
        end = start + len(part)
        if part.strip():
            left = start + len(part) - len(part.lstrip())
            bounds.append((left, start + len(part.rstrip())))
        start = end + 1
    return bounds


def _opens(text: str, i: int, p_start: int) -> bool:
    return i == p_start or text[i - 1] in _OPENING_CONTEXT or text[i - 1] in "“‘\"'"


def _single_close(text: str, start: int, end: int, closer: str) -> int | None:
    for j in range(start, end):
        if text[j] == closer and text[j - 1] != " " and (j + 1 >= end or not text[j + 1].isalpha()):
            return j
        if text[j] in "“\"":
            return None
    return None


def _merge_runs(quotes: list[_Marked], text: str) -> list[_Marked]:
    """A quote left open at a paragraph's end and reopened in the next is one quote."""
    merged: list[_Marked] = []
    for quote in quotes:
        previous = merged[-1] if merged else None
        if previous and previous.outer_end == previous.end and text[previous.end:quote.outer_start].strip() == "":
            merged[-1] = _Marked(previous.start, quote.end, previous.outer_start, quote.outer_end)
        else:
            merged.append(quote)
    return merged


def extract_quotes(doc: Doc, mentions: list[Mention]) -> list[Quote]:
    """Direct and partial quotes, then indirect speech, each with its speaker."""
    words = lexicon()
    mentions = _Mentions(mentions)
    marked = find_quote_marks(doc_text(doc))
    inside = [(q.outer_start, q.outer_end) for q in marked]
    direct: list[Quote] = []
    pending: list[tuple[_Marked, Span]] = []
    turns = _transcript_turns(doc_text(doc), mentions)
    for quote in marked:
        if any(quote.start < turn.end and turn.start < quote.end for turn in turns):
            continue  # words quoted inside a speaker's turn are part of what they say
        content = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if content is None or not quote.end > quote.start:
            continue
        frame = _frame(doc, quote)
        cue = _nearest_cue(frame, quote, inside, words.direct_cues)
        kind = _kind(doc, quote, frame)
        signed = _signed(doc, quote, mentions)
        if signed is not None:
            direct.append(Quote(quote.start, quote.end, doc_text(doc)[quote.start:quote.end], "direct", *signed))
            continue
        if cue is None:
            cue = _closing_cue(doc, frame, inside, words.direct_cues)
        if cue is None:
            named = _headline_speaker(doc, quote, mentions)
            if named is not None:
                direct.append(Quote(quote.start, quote.end, doc_text(doc)[quote.start:quote.end], "direct", *named))
                continue
            pending.append((quote, frame))
            direct.append(Quote(quote.start, quote.end, doc_text(doc)[quote.start:quote.end], kind, None))
            continue
        direct.append(_attributed(doc, quote.start, quote.end, kind, cue, mentions, inside))
    direct = _join_interrupted(doc, _fill_unattributed(doc, direct))
    direct = [_whole_statement(doc, q, inside) if q.kind == "partial" else q for q in direct]
    indirect = _indirect(doc, mentions, inside, direct)
    return sorted(_partials_in_statements(doc, direct, indirect) + turns, key=lambda q: (q.start, q.kind))


_TURN = re.compile(r"^[ \t\"“]*((?:[A-Z][A-Z'’.-]+ ){0,2}[A-Z][A-Z'’.-]+):[ \t]+(?=\S)", re.MULTILINE)
_TURN_END = re.compile(r"[ \t\"”]*$")


def _transcript_turns(text: str, mentions: _Mentions) -> list[Quote]:
    """ "PENCE: Gennifer Flowers will not be attending ...": in an interview transcript each
    paragraph opened by a speaker's name in capitals is their words. Two turns by two speakers at
    least make a transcript, and a speaker is a person the article names or one who speaks twice;
    an "UPDATE:" or "WATCH:" is neither."""
    found = list(_TURN.finditer(text))
    people = {m.name.split()[-1].lower(): m.name for m in mentions if m.label == "PERSON"}
    times = Counter(m.group(1) for m in found)
    found = [m for m in found if times[m.group(1)] > 1 or m.group(1).split()[-1].lower() in people]
    if len({m.group(1) for m in found}) < 2:
        return []
    turns = []
    for match in found:
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        end = match.end() + len(_TURN_END.sub("", text[match.end():line_end]))
        written = match.group(1)
        speaker = people.get(written.split()[-1].lower(), written.title())
        turns.append(Quote(match.end(), end, text[match.end():end], "direct", speaker, written, match.start(1)))
    return turns


_SIGNATURE = re.compile(r"[^\S\n]*[―—–]+[^\S\n]*")  # no-break spaces too
# A signature alone on the rest of its line: two to five capitalised words ("Christina N Luis Olidem").
_SIGNED_NAME = re.compile(r"([A-Z][\w'’.-]*(?:[^\S\n]+[A-Z][\w'’.-]*){1,4})[^\S\n.]*\.?[^\S\n]*(?:\n|$)")


def _signed(doc: Doc, quote: _Marked, mentions: _Mentions) -> tuple[str, str, int] | None:
    """ '“Maybe we can build a wall around him.” ― Steve Quinlan': a quote signed with a dash and a
    person's name, as lists of readers' or voters' words print them: (speaker, as written, where).
    The small model misses many such names, so a name alone on the rest of the line is one too."""
    dash = _SIGNATURE.match(doc_text(doc), quote.outer_end)
    if dash is None:
        return None
    following = _mentions_between(mentions, dash.end(), dash.end() + 1)
    if following and following[0].label == "PERSON":
        return following[0].name, following[0].text, following[0].start
    name = _SIGNED_NAME.match(doc_text(doc), dash.end())
    if name is None:
        return None
    written = name.group(1).rstrip(".")
    return written, written, dash.end()


_AFTER_CUE = frozenset({"ADV", "NOUN", "PROPN", "NUM", "PUNCT", "ADP", "DET", "SPACE"})  # "said Monday."


def _closing_cue(doc: Doc, frame: Span, inside: list[tuple[int, int]], cues: frozenset[str]) -> Token | None:
    """ "..., Schiff said. “The other factor is ...”": a quote opening the sentence after one that
    ends with its speaker and verb goes on with that speaker, in the same paragraph."""
    if frame.start == 0:
        return None
    before = doc[frame.start - 1].sent
    if "\n" in doc_text(doc)[before.end_char: frame.start_char]:
        return None
    verbs = [t for t in before if t.pos_ == "VERB" and _outside(t, inside)]
    last = verbs[-1] if verbs else None
    if last is None or last.lemma_.lower() not in cues or _speaker_token(last) is None or \
            not any(c.dep_ == "nsubj" and c.i < last.i for c in last.children) or \
            any(t.pos_ not in _AFTER_CUE for t in doc[last.i + 1: before.end]):
        return None  # "Schiff said.", "Jordan said Monday.", "he told reporters."
    return last


def _headline_speaker(doc: Doc, quote: _Marked, mentions: _Mentions) -> tuple[str, str, int] | None:
    """ "Sanders: Clinton needs to 'get away from ...'", "A lesson from Loretta Lynch: 'Be the
    voice ...'": a headline gives a quote to the person named before the colon that opens it."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, quote.outer_start) + 1
    head = text[line_start: quote.outer_start].rstrip()
    if not head.endswith(":"):
        return None
    colon = line_start + len(head) - 1
    people = [m for m in _mentions_between(mentions, line_start, colon) if m.label == "PERSON"]
    if not people or text[people[-1].end: colon].strip():
        return None  # the name ends at the colon: not 'headers: {"Content-Type": "text/plain"}'
    return people[-1].name, people[-1].text, people[-1].start


def _frame(doc: Doc, quote: _Marked) -> Span:
    """The sentences a quote sits in, plus the one holding the text right after it (', he said.')."""
    first = doc.char_span(quote.outer_start, quote.outer_end, alignment_mode="expand")
    start_sent = first[0].sent if first is not None else doc[0].sent
    following = first.end if first is not None else next((t.i for t in doc if t.idx >= quote.outer_end), len(doc))
    after = doc[following] if following < len(doc) else None  # the first token after the closing mark
    end_sent = after.sent if after is not None and after.sent.start <= (first[-1].sent.end if first is not None else 0) + 1 \
        and "\n" not in doc_text(doc)[quote.outer_end:after.idx + len(after.text)] \
        else (first[-1].sent if first is not None else start_sent)  # never the next paragraph
    if after is not None and after.sent != end_sent and doc_text(doc)[quote.outer_end:after.idx].strip() == "" \
            and after.is_lower:
        end_sent = after.sent  # "... time," he said.  split by the sentencizer after the mark
    start, end = start_sent.start, max(end_sent.end, start_sent.end)
    # The parser's sentences can run over a paragraph break; a cue in another paragraph is not this quote's.
    breaks = [t.i for t in doc[start:end] if t.is_space and "\n" in t.text]
    start = max([start] + [i + 1 for i in breaks if doc[i].idx < quote.outer_start])
    end = min([end] + [i for i in breaks if doc[i].idx >= quote.outer_end])
    return doc[start:end]


def _outside(token: Token, ranges: list[tuple[int, int]]) -> bool:
    return not any(a <= token.idx < b for a, b in ranges)


def _nearest_cue(frame: Span, quote: _Marked, inside: list[tuple[int, int]], cues: frozenset[str]) -> Token | None:
    candidates = [t for t in frame if t.lemma_.lower() in cues and t.pos_ in ("VERB", "AUX") and _outside(t, inside)
                  and not _so_called(t)]
    candidates += [t for t in frame if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to"
                   and _outside(t, inside)]
    if not candidates:
        return None

    def distance(t: Token) -> int:
        return min(abs(t.idx - quote.outer_end), abs(t.idx - quote.outer_start))

    return min(candidates, key=distance)


def _so_called(token: Token) -> bool:
    """ "the so-called “reform”": an adjective, no one calling anything."""
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "so" or \
        token.lower_.startswith("so-")


def _kind(doc: Doc, quote: _Marked, frame: Span) -> str:
    """'direct' when the quote opens its sentence or follows 'X said:' / 'X said,'; else 'partial'."""
    before = doc_text(doc)[frame.start_char: quote.outer_start].strip()
    if not before or before.endswith((":", ",")) or before[-1] in "“\"'‘":
        return "direct"
    return "partial"


def _attributed(doc: Doc, start: int, end: int, kind: str, cue: Token, mentions: _Mentions,
                inside: list[tuple[int, int]]) -> Quote:
    speaker_token = _inverted_speaker(doc, end, cue) or _speaker_token(cue)
    cue_text = "according to" if cue.lower_ == "according" else cue.text
    if speaker_token is None:
        return Quote(start, end, doc_text(doc)[start:end], kind, None, cue=cue_text, cue_start=cue.idx)
    speaker, written, written_start = _speaker(doc, speaker_token, mentions, inside)
    return Quote(start, end, doc_text(doc)[start:end], kind, speaker, written, written_start, cue_text, cue.idx)


def _inverted_speaker(doc: Doc, quote_end: int, cue: Token) -> Token | None:
    """ "“...,” said Leslie Wimes, a ...": the cue right after the quote comes before its speaker, and
    the small parser often takes a word of the quote for the subject."""
    between = doc_text(doc)[quote_end:cue.idx]
    if cue.idx < quote_end or cue.lower_ == "according" or len(between) > 4 or any(c.isalnum() for c in between):
        return None
    after = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    if after is None or after.pos_ not in ("PROPN", "NOUN", "DET", "ADJ"):
        return None  # "“...,” he said" is in order
    token = after
    while token.head.i > token.i and token.head.pos_ in ("PROPN", "NOUN") and token.dep_ in ("compound", "amod", "det", "flat"):
        token = token.head
    return token if token.pos_ in ("PROPN", "NOUN") else None


def _speaker_token(cue: Token) -> Token | None:
    if cue.lower_ == "according":
        to = cue.doc[cue.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    for child in cue.children:
        if child.dep_ == "nsubj":
            return _across_break(child, cue)  # "Blinken, who noted ...": "who", resolved to Blinken by _speaker
    for child in cue.children:
        if child.dep_ == "agent":  # "described by Blinken as ..."
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if cue.dep_ in ("conj", "xcomp", "advcl") and cue.head is not cue:
        return _speaker_token(cue.head)
    if cue.dep_ == "pcomp" and cue.head.head is not cue.head:  # "responded by saying ...", "short of calling"
        return _speaker_token(cue.head.head)
    return _stranded_subject(cue) if cue.dep_ == "ROOT" else None


def _stranded_subject(cue: Token) -> Token | None:
    """ "In a meeting with the board of the Washington Post Trump said that ...": a sentence verb
    with no subject, right after a name the parser took for the end of an opening phrase; the name
    is its subject."""
    before = cue.i - 1
    while before >= cue.sent.start and cue.doc[before].head is cue and cue.doc[before].dep_ in ("aux", "neg", "advmod"):
        before -= 1
    if before < cue.sent.start:
        return None
    token = cue.doc[before]
    if token.pos_ == "PROPN" and token.dep_ == "pobj" and token.ent_type_ in _SOURCES:
        return token
    return None


_BREAK = re.compile(r"\n|:\s")


def _across_break(subject: Token, cue: Token) -> Token | None:
    """A subject the parser found before a line break or a colon is a liveblog's time stamp or a
    headline's label ("5:45 p.m. / Johnson's doctor is calling ...", "The Latest: Trump urges
    ..."): no subject reaches its verb across either, so the speaker is the first noun phrase after
    the last break."""
    between = doc_text(subject.doc)[subject.idx: cue.idx]
    breaks = list(_BREAK.finditer(between))
    if subject.i > cue.i or not breaks:
        return subject
    after = subject.idx + breaks[-1].end()
    chunk = next((c for c in cue.sent.noun_chunks if after <= c.start_char and c.end <= cue.i), None)
    return chunk.root if chunk is not None else None


def _speaker(doc: Doc, token: Token, mentions: _Mentions, inside: list[tuple[int, int]]) -> tuple[str | None, str, int]:
    """(canonical speaker, speaker as written, where it is written)."""
    if token.lower_ in _RELATIVES and token.head.dep_ == "relcl" and token.head.head is not token.head:
        return _speaker(doc, token.head.head, mentions, inside)[0], token.text, token.idx
    phrase = _phrase(token)
    written = phrase.text
    nearby = _mentions_between(mentions, phrase.start_char, phrase.end_char)
    people = [m for m in nearby if m.label == "PERSON"]
    if people:
        person = min(people, key=lambda m: abs(m.start - token.idx))
        return person.name, written, phrase.start_char
    named = [m for m in nearby if m.start <= token.idx < m.end]
    if named:
        return named[0].name, written, phrase.start_char
    if token.lower_ in _PRONOUNS:
        return _resolve_pronoun(doc, token, mentions, inside), written, phrase.start_char
    if token.lower_ in _PLURAL_PRONOUNS:
        return None, written, phrase.start_char
    return written, written, phrase.start_char


class _Mentions(list[Mention]):
    """Mentions in text order, with their starts kept for bisection (a long article has tens of thousands)."""

    def __init__(self, mentions: list[Mention]) -> None:
        super().__init__(sorted(mentions, key=lambda m: m.start))
        self.starts = [m.start for m in self]


def _mentions_between(mentions: _Mentions, start: int, end: int) -> list[Mention]:
    """Mentions starting in [start, end)."""
    return mentions[bisect_left(mentions.starts, start): bisect_left(mentions.starts, end)]


def _phrase(token: Token) -> Span:
    """A speaker's noun phrase without relative clauses or trailing modifiers: 'a senior US official'."""
    keep = {"compound", "amod", "det", "poss", "nummod", "nmod", "case", "appos", "flat", "advmod", "quantmod", "npadvmod"}
    left = token.i
    for child in sorted(token.lefts, key=lambda t: -t.i):
        if child.dep_ in keep and child.i == left - 1 or (child.dep_ in keep and child.right_edge.i == left - 1):
            left = child.left_edge.i
        else:
            break
    right = token.i
    for child in sorted(token.rights, key=lambda t: t.i):
        if child.dep_ in ("compound", "flat", "appos") and child.left_edge.i == right + 1:
            right = child.right_edge.i
        else:
            break
    return token.doc[left: right + 1]


def _resolve_pronoun(doc: Doc, pronoun: Token, mentions: _Mentions, inside: list[tuple[int, int]]) -> str | None:
    """The nearest person before the pronoun, outside quotes; within a sentence, subjects first."""
    here_sentence = pronoun.sent
    sentences = [here_sentence]
    while len(sentences) <= _LOOKBACK_SENTENCES and sentences[0].start > 0:
        sentences.insert(0, doc[sentences[0].start - 1].sent)
    here = len(sentences) - 1
    for distance in range(0, _LOOKBACK_SENTENCES + 1):
        index = here - distance
        if index < 0:
            break
        sentence = sentences[index]
        people = [m for m in _mentions_between(mentions, sentence.start_char, min(sentence.end_char, pronoun.idx))
                  if m.label == "PERSON" and not any(a <= m.start < b for a, b in inside)]
        if not people:
            continue

        def salience(m: Mention) -> tuple[bool, bool, int]:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            is_subject = span is not None and span.root.dep_ in ("nsubj", "nsubjpass")
            main_clause = is_subject and span.root.head.dep_ == "ROOT"  # "X spoke after Y left": X
            return (main_clause, is_subject, m.start)

        return max(people, key=salience).name
    return None


def _fill_unattributed(doc: Doc, quotes: list[Quote]) -> list[Quote]:
    """A quote with no verb of its own: the next attributed quote in its paragraph, else the previous one."""
    filled = []
    for index, quote in enumerate(quotes):
        if quote.speaker is not None or quote.cue is not None or quote.kind == "partial":
            filled.append(quote)  # a partial quote with no cue of its own is no one's continued words
            continue
        source = _next_in_paragraph(doc, quotes, index) or _previous_nearby(doc, quotes, index, filled)
        if source is not None:
            quote = replace(quote, speaker=source.speaker, speaker_text=source.speaker_text,
                            speaker_start=source.speaker_start, cue=source.cue, cue_start=source.cue_start)
        filled.append(quote)
    return filled


_INTERRUPTION_CHARS = 160


def _join_interrupted(doc: Doc, quotes: list[Quote]) -> list[Quote]:
    """ "“A,” said Caddell. “B.”": one statement broken by its attribution is one quote, from the
    first mark to the last, its text the quoted words only."""
    joined: list[Quote] = []
    for quote in quotes:
        previous = joined[-1] if joined else None
        gap = (previous.end, quote.start) if previous is not None else (0, 0)
        cue_between = [q for q in (previous, quote) if q is not None and q.cue_start is not None and
                       gap[0] <= q.cue_start < gap[1] and q.speaker is not None]
        if previous is not None and cue_between and previous.kind == quote.kind == "direct" and \
                {previous.speaker, quote.speaker} - {None} == {cue_between[0].speaker} and \
                gap[1] - gap[0] <= _INTERRUPTION_CHARS and "\n" not in doc_text(doc)[gap[0]:gap[1]] and \
                all(q.cue_start is None or gap[0] <= q.cue_start < gap[1] for q in (previous, quote)):
            source = cue_between[0]
            joined[-1] = replace(previous, end=quote.end, text=f"{previous.text} {quote.text}", speaker=source.speaker,
                                 speaker_text=source.speaker_text, speaker_start=source.speaker_start,
                                 cue=source.cue, cue_start=source.cue_start)
        else:
            joined.append(quote)
    return joined


def _whole_statement(doc: Doc, quote: Quote, inside: list[tuple[int, int]]) -> Quote:
    """A partial quote inside the statement it belongs to: 'X said the plan was "dead on arrival"'
    is the statement 'the plan was "dead on arrival"', the quoted words within it."""
    if quote.cue_start is None or quote.cue == "according to":
        return quote
    cue = doc.char_span(quote.cue_start, quote.cue_start + len(quote.cue or ""), alignment_mode="expand")
    clause = _reported_clause(cue.root) if cue is not None else None
    if clause is None or not (clause.start_char <= quote.start and quote.end <= clause.end_char + 1):
        return quote
    end = max(clause.end_char, quote.end)
    return replace(quote, start=clause.start_char, end=end, text=doc_text(doc)[clause.start_char:end])


def _outermost(indirect: list[Quote]) -> list[Quote]:
    """ "Sanders said he plans to ramp up fundraising": one statement, not also "to ramp up
    fundraising" planned by him. A statement inside another of the same speaker goes; one of
    another speaker stays ("A said B claimed C" has two sources)."""
    return [q for q in indirect if not any(
        o is not q and o.start <= q.start and q.end <= o.end and (o.end - o.start) > (q.end - q.start) and
        (q.speaker == o.speaker or q.speaker is None) for o in indirect)]


def _partials_in_statements(doc: Doc, direct: list[Quote], indirect: list[Quote]) -> list[Quote]:
    """Quoted words inside a reported statement are that statement, quoted in part: 'Trump tweeted
    that Machado was “disgusting” and “a con”' is one partial quote, not three quotes. A quote
    no cue or neighbour attributes, of three words or fewer, is a scare quote, a term or a title,
    no one's words."""
    kept, statements = [], _outermost(indirect)
    for quote in direct:
        holder = next((i for i, s in enumerate(statements) if s.start <= quote.start and quote.end <= s.end + 1),
                      None) if quote.kind == "partial" else None
        if holder is not None:
            statement = statements[holder]
            text = doc_text(doc)
            end = max(statement.end, quote.end + (quote.end < len(text) and text[quote.end] in _CLOSING_MARKS))
            statements[holder] = replace(statement, end=end, text=text[statement.start:end], kind="partial")
        elif quote.cue is not None or quote.speaker is not None or len(quote.text.split()) > 3:
            kept.append(quote)  # not "SRL", "same-origin", a scare quote: a term in marks
    return kept + statements


def _next_in_paragraph(doc: Doc, quotes: list[Quote], index: int) -> Quote | None:
    quote = quotes[index]
    paragraph_end = doc_text(doc).find("\n", quote.end)
    paragraph_end = len(doc_text(doc)) if paragraph_end < 0 else paragraph_end
    for later in quotes[index + 1:]:
        if later.start > paragraph_end:
            return None
        if later.cue is not None and later.speaker is not None:
            between = doc.char_span(quote.end, later.start, alignment_mode="expand")
            if between is not None and len(list(between.sents)) <= _NEXT_ATTRIBUTION_SENTENCES + 1:
                return later
            return None
    return None


def _previous_nearby(doc: Doc, quotes: list[Quote], index: int, filled: list[Quote]) -> Quote | None:
    """The previous attributed quote, if it ends at most one paragraph before this one starts."""
    quote = quotes[index]
    for earlier in reversed(filled):
        if earlier.speaker is None:
            continue
        if doc_text(doc)[earlier.end: quote.start].count("\n\n") <= 1 and doc_text(doc)[earlier.end: quote.start].count("\n") <= 2:
            return earlier
        return None
    return None


_SAYS_SOMETHING = frozenset({"NOUN", "VERB", "AUX", "NUM", "PRON"})


def _indirect(doc: Doc, mentions: _Mentions, inside: list[tuple[int, int]], direct: list[Quote]) -> list[Quote]:
    """Reported speech: 'X said (that) CLAUSE', 'CLAUSE, X said', 'according to X, CLAUSE'."""
    cues = lexicon().indirect_cues | lexicon().stance_cues
    stance = lexicon().stance_cues
    found = []
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to" \
                and _outside(token, inside):
            found += _according_to(doc, token, mentions, inside)
            continue
        if token.pos_ == "NOUN" and token.lemma_.lower() in _REPORTING_NOUNS and _outside(token, inside):
            found += _claimed(doc, token, mentions, inside)
            continue
        if token.pos_ != "VERB" or token.lemma_.lower() not in cues or not _outside(token, inside) or _so_called(token):
            continue
        if token.lemma_.lower() in _VOICING and any(c.dep_ == "dobj" and c.lemma_.lower() in _CLAIM_NOUNS
                                                    for c in token.children):
            continue  # "expressed concern that ...": the noun's claim, voiced by the subject
        content = _passive_subject(token)
        if content is None:
            content = _stance_object(token) if token.lemma_.lower() in stance else _reported_clause(token)
        named_target = content is not None and token.lemma_.lower() in stance and content.root.pos_ == "PROPN"
        if content is None or not named_target and (len(content) < 3 or
                                                    not any(t.pos_ in _SAYS_SOMETHING for t in content)):
            continue  # "criticized the move": too little to report; "endorsed Trump" is a position
        if any(_covers(q, content) for q in direct if q.kind == "direct"):
            continue  # the reported clause is itself a direct quote
        speaker_token = _speaker_token(token)
        if speaker_token is None:
            continue
        speaker, written, written_start = _speaker(doc, speaker_token, mentions, inside)
        found.append(Quote(content.start_char, content.end_char, content.text, "indirect", speaker, written,
                           written_start, token.text, token.idx))
    return found


_CLAIM_NOUNS = frozenset({"claim", "report", "charge", "statement", "assertion", "warning", "promise", "pledge",
                          "allegation", "suggestion", "argument", "belief", "view", "fear", "concern", "accusation",
                          "announcement", "insistence", "prediction", "admission", "contention", "notion", "theory",
                          "acknowledgment", "acknowledgement", "conclusion", "bet", "message", "finding", "recognition",
                          "hope", "doubt", "assurance", "assumption", "complaint"})
# Nouns of intent whose infinitive is the aim a source set out: "Clinton's plan to cap deductions",
# "an agreement to curb emissions", "his determination to act alone".
_INTENT_NOUNS = frozenset({"plan", "decision", "agreement", "promise", "pledge", "vow", "determination", "bid",
                           "motion", "proposal", "commitment", "offer", "demand", "call", "eagerness", "resolve"})
_REPORTING_NOUNS = _CLAIM_NOUNS | _INTENT_NOUNS


def _claimed(doc: Doc, noun: Token, mentions: _Mentions, inside: list[tuple[int, int]]) -> list[Quote]:
    """ "Trump's claim that there have been thousands of shootings": a statement a noun reports,
    its speaker the noun's possessor when it has one."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and
                   any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
    if clause is None and noun.lemma_.lower() in _INTENT_NOUNS:
        clause = next((c for c in noun.children if c.dep_ == "acl" and c.pos_ == "VERB" and
                       any(m.lower_ == "to" and m.dep_ == "aux" for m in c.children)), None)
    if clause is None:
        return []
    span = doc[clause.left_edge.i: clause.right_edge.i + 1]
    while len(span) and span[0].lower_ == "that":
        span = span[1:]
    content = _strip_punct(span)
    if len(content) < 3 or any(a <= content.start_char < b for a, b in inside):
        return []
    owner = _claimant(noun)
    if owner is None:
        return [Quote(content.start_char, content.end_char, content.text, "indirect", None, None, None, noun.text,
                      noun.idx)]
    speaker, written, written_start = _speaker(doc, owner, mentions, inside)
    return [Quote(content.start_char, content.end_char, content.text, "indirect", speaker, written, written_start,
                  noun.text, noun.idx)]


# Verbs whose subject voices the claim their object names: "Republicans have expressed concern that ...".
_VOICING = frozenset({"express", "voice", "make", "issue", "raise", "repeat", "renew", "reiterate", "air", "share",
                      "persist", "sign", "reach", "strike", "unveil", "announce", "file", "submit", "outline",
                      "extract", "offer", "propose"})


def _claimant(noun: Token) -> Token | None:
    """Who made a claim: its possessor ("Trump's claim"), its "from"/"by" ("warnings from his
    attorney"), or the subject of a verb voicing it ("Democrats persisted in arguments that ...");
    never the subject of one that answers it ("Democrats rejected claims that ...")."""
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
    if owner is not None:
        return owner
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
            source = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if source is not None:
                return source
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head if noun.dep_ == "dobj" else None
    if verb is not None and verb.lemma_.lower() in _VOICING:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and (subject.pos_ in ("PROPN", "PRON") or subject.ent_type_ in _SOURCES):
            return subject  # a source voices; "the bloodshed raised fears that ..." only caused them
    return None


_SOURCES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _according_to(doc: Doc, according: Token, mentions: _Mentions, inside: list[tuple[int, int]]) -> list[Quote]:
    """'CLAUSE, according to X' or 'According to X, CLAUSE': the sentence without the attribution."""
    speaker_token = _speaker_token(according)
    if speaker_token is None:
        return []
    sentence = according.sent
    phrase_start = according.i
    phrase_end = max(according.i + 2, speaker_token.right_edge.i + 1)
    before = _strip_punct(doc[sentence.start: phrase_start])
    after = _strip_punct(doc[phrase_end: sentence.end])
    content = before if len(before) >= len(after) else after
    if len(content) < 3 or any(a <= content.start_char < b for a, b in inside):
        return []
    speaker, written, written_start = _speaker(doc, speaker_token, mentions, inside)
    return [Quote(content.start_char, content.end_char, content.text, "indirect", speaker, written, written_start,
                  "according to", according.idx)]


_POSITION_PREPS = frozenset({"as", "for", "of", "to", "with", "over"})


def _stance_object(cue: Token) -> Span | None:
    """What a position verb takes: 'called for X', 'wants X (to ...)', 'rejected X', or a clause."""
    clause = _reported_clause(cue)
    if clause is not None:
        return clause
    target = next((c for c in cue.children if c.dep_ in ("dobj", "xcomp")), None)
    if target is None:
        prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("for", "on", "about", "against")), None)
        target = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if target is None:
        return None
    # What the target is called or taken for belongs to the position: 'called Trump a "liar"',
    # 'described Clinton as "a lifetime politician"', 'wants the talks to go on'.
    # So does what it is blamed, praised or likened for: 'mocked Romney for not releasing his
    # returns', 'accused the GOP of stoking the issue', 'likened RT to the BBC'.
    complements = [c for c in cue.children if c.i > target.i and
                   (c.dep_ in ("xcomp", "oprd", "dobj") or c.dep_ == "prep" and c.lower_ in _POSITION_PREPS)]
    end = max([target.right_edge.i] + [c.right_edge.i for c in complements])
    return _without_aside(_strip_punct(cue.doc[target.left_edge.i: end + 1]))


def _without_aside(span: Span) -> Span:
    """What was backed or rejected without the writer's aside on it: 'endorsed Trump, who says he
    is honored' -> 'Trump'; 'Clinton's plans, which include ...' -> 'Clinton's plans'."""
    doc = span.doc
    for token in span:
        if token.dep_ in ("relcl", "appos") and token.head.i < token.i and span.start < token.left_edge.i and \
                doc[token.left_edge.i - 1].text == "," and token.right_edge.i >= span.end - 1:
            return _strip_punct(doc[span.start: token.left_edge.i - 1])
    return span


def _passive_subject(cue: Token) -> Span | None:
    """ "The plan was endorsed by the union", "The issue was first reported by the Times": what the
    source said or backed is the passive verb's subject."""
    if not any(c.dep_ == "agent" for c in cue.children) or any(c.dep_ == "ccomp" for c in cue.children):
        return None
    subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    return _strip_punct(cue.doc[subject.left_edge.i: subject.right_edge.i + 1]) if subject is not None else None


def _covers(quote: Quote, content: Span) -> bool:
    shared = min(quote.end, content.end_char) - max(quote.start, content.start_char)
    return shared > 0.5 * (content.end_char - content.start_char)


def _reported_clause(cue: Token) -> Span | None:
    complement = next((c for c in cue.children if c.dep_ == "ccomp"), None) or _misread_clause(cue)
    if complement is None:  # "told his advisers to act": the object and what they were told to do
        clause = next((c for c in cue.children if c.dep_ == "xcomp"), None)
        target = next((c for c in cue.children if c.dep_ in ("dobj", "dative")), None)
        if clause is not None and target is not None and target.i < clause.i:
            return _strip_punct(cue.doc[target.left_edge.i: clause.right_edge.i + 1])
    if complement is not None:
        end = complement.right_edge.i + 1
        if complement.i < cue.i:  # "X paid 8.9%, the agency said, and those in the bottom fifth paid 1.5%"
            going_on = [c for c in cue.children if c.dep_ == "conj" and c.i > cue.i and c.pos_ in ("VERB", "AUX")
                        and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)]
            end = max([end] + [c.right_edge.i + 1 for c in going_on])
        span = cue.doc[complement.left_edge.i: end]
        while len(span) and span[0].lower_ == "that":
            span = span[1:]
        return _strip_punct(span)
    if cue.dep_ == "parataxis":  # "The U.S. will adapt ..., Blinken said", "Acts of protest, he said, are ..."
        head = cue.head
        # the attribution's own words: its speaker and the verb ("he said"), not a clause the parser hung on it
        own = [c.left_edge.i for c in cue.children if c.i < cue.i and c.dep_ in ("nsubj", "nsubjpass", "aux", "neg")]
        start, end = head.left_edge.i, min(own + [cue.i])
        if end <= start:
            return None
        # the attribution breaks the statement: all of it is ("A, he said, until B"), but not what
        # the speaker did next ("A, she said, and left")
        after = [c for c in head.children if c.i > cue.right_edge.i and not c.is_punct and not (
                 c.dep_ in ("conj", "cc") and not any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children))]
        rest = _strip_punct(cue.doc[cue.right_edge.i + 1: max(c.right_edge.i for c in after) + 1]) if after else None
        if rest is not None and len(rest):
            end = rest.end
        return _strip_punct(cue.doc[start: end])
    return None


def _misread_clause(cue: Token) -> Token | None:
    """ "Trump said after the convention he would not accept ...": the small parser hangs a reported
    clause that follows a phrase on the verb as an adverbial one; a clause with its own subject and
    no conjunction of its own ("when", "if", "because") is what was said."""
    for child in cue.rights:
        if child.dep_ == "advcl" and child.pos_ in ("VERB", "AUX") and \
                any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children) and \
                not any(c.dep_ == "mark" or c.tag_ in ("WRB", "WDT", "WP") for c in child.children) and \
                not any(t.is_punct for t in cue.doc[cue.i + 1: child.left_edge.i]):
            return child
    return None


def _strip_punct(span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and (span.doc[start].is_punct or span.doc[start].is_space):
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space):
        end -= 1
    return span.doc[start:end]
