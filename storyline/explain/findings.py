"""Where a story's articles agree and where they disagree, each finding citing its passages.

Disagreements:
- `number`: claims with the same unit about the same thing (their surrounding words meet) that give
  different values — `close` when within rounding (5%), else `conflict`;
- `attribution`: one statement or request given to different named people by two reports of the
  same event. Officials at one event say alike things all the time ("the fire broke out at the
  entrance", "investigators are considering arson"), so the statement must be pinned down: the
  same figure and the same named thing in both ("two Patriot systems ... Kharkiv"), each speaker
  named where the quote is (no "he said", no "Reid's rep"), and the names not one person's
  spellings ("Ilene Wolfe", "Ilene Wolff");
- `internal`: an article whose headline names a year its body never does, while the body dates
  what the headline is about to a later year (an earlier one is background: "previously hosted
  the Oscars in 2007"; the date a headline carries is not what it is about).

Agreements: the same statement by the same speaker, or the same fact, in independent reports
(articles linked as copies are one report: a wire story run by ten outlets agrees with no one).
An embedded post that carries a quote (a tweet of the speech) counts as a report of it.

Only articles of different copy groups are ever compared, so a copy never confirms its original.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher

from storyline.explain import text
from storyline.explain.material import Member, StoryMaterial
from storyline.models import Citation, Claim, Finding, Quote, Side

CLOSE = 0.05  # relative difference of two numbers still read as the same figure rounded
SPECIFIC = 1000  # figures this big rarely meet by chance within rounding; small counts ("two") often do
MAX_RATIO = 2.0  # numbers further apart are about different things, not a disagreement
CONTEXT_CHARS = 80  # words this close to a number say what it counts
NUMBER_CONTEXT = 0.35  # weighted overlap of those words for two claims to be about the same thing
SAME_STATEMENT = 0.28  # weighted cosine of two quotes' words for the same statement
SAME_FACT = 0.6  # weighted overlap of two sentences for the same fact
MIN_WORDS = 4  # content words of a quote worth comparing ("is already on the way" is too little)
MIN_SHARED = 2  # content words two passages must share, whatever their overlap
FACT_SHARED = 5
RUN = 6  # words in a row a quote and an embedded post must share
SAME_NAME = 0.8  # similarity ratio of two name words spelt alike ("Wolfe", "Wolff"; "Jon", "John")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
_POSSESSIVE = re.compile(r"\w\s?['\u2019]\s?s\b")  # "Reid's rep": the rep is speaking, not Reid
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# What a headline's date says ("Thursday, December 11, 2008") is not what the headline is about.
_CALENDAR = re.compile(r"\b(?:(?:19|20)\d{2}|\d{1,2}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|"
                       r"april|may|june|july|august|september|october|november|december)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def disagreements(material: StoryMaterial) -> list[Finding]:
    return [*_numbers(material), *_attributions(material), *_internal(material)]


def agreements(material: StoryMaterial) -> list[Finding]:
    statements = _statement_agreements(material)
    told = {(c.article_id, c.start) for f in statements for side in f.sides for c in side.citations}
    facts = [f for f in _fact_agreements(material)
             if not {(c.article_id, c.start) for side in f.sides for c in side.citations} <= told]
    return [*statements, *facts]


# --- numbers -------------------------------------------------------------------------------------


def _numbers(material: StoryMaterial) -> list[Finding]:
    claims = [(m, c, _context(m, c)) for m in material.members for c in m.analysis.claims if c.unit]
    pairs = [(i, j) for i, j in text.pairs([w for _, _, w in claims], MIN_SHARED)
             if material.group[claims[i][0].id] != material.group[claims[j][0].id] and claims[i][1].unit == claims[j][1].unit
             and _same_thing(claims[i][1], claims[i][2], claims[j][1], claims[j][2], material.idf)]
    findings = []
    for component in _components(len(claims), pairs):
        items = [claims[i] for i in component]
        values = sorted({c.value for _, c, _ in items})
        if len(values) < 2 or _consistent([c for _, c, _ in items]) or _tells_apart(items):
            continue
        spread = (values[-1] - values[0]) / values[-1] if values[-1] else 0.0
        closeness = "close" if spread <= CLOSE else "conflict"
        sides = tuple(Side(_written(c for _, c, _ in items if c.value == v),
                           tuple(_claim_citation(m, c) for m, c, _ in items if c.value == v)) for v in reversed(values))
        about = _about([c for _, c, _ in items])
        note = ("close values, within rounding: shown side by side as a near-agreement" if closeness == "close"
                else "the reports give different figures")
        findings.append(Finding("number", about, sides, note, closeness, material.independent(
            [cit.article_id for side in sides for cit in side.citations])))
    return findings


def _tells_apart(items: list[tuple[Member, Claim, frozenset[str]]]) -> bool:
    """One article gives two of the figures ("23 pirates (12 Somali and 11 Yemeni)"): they count
    different things, whatever words they share."""
    values: dict[str, set[float]] = defaultdict(set)
    for member, claim, _ in items:
        values[member.id].add(claim.value)
    return any(len(v) > 1 for v in values.values())


def _context(member: Member, claim: Claim) -> frozenset[str]:
    sentence = text.sentence_at(member.sentences, claim.start)
    low, high = claim.start - CONTEXT_CHARS, claim.end + CONTEXT_CHARS
    if sentence is not None:
        low, high = max(low, sentence.start), min(high, sentence.end)
    window = member.article.text[max(0, low):claim.start] + " " + member.article.text[claim.end:high]
    return text.stems(window) | text.stems(claim.about or "")


def _same_thing(a: Claim, a_words: frozenset[str], b: Claim, b_words: frozenset[str], idf: text.Weights) -> bool:
    """Two claims count the same thing when the words around them meet. Big figures within rounding of
    each other ($60 vs $61 billion) need only share words; others need the same surroundings."""
    if a.value <= 0 or b.value <= 0 or max(a.value, b.value) / min(a.value, b.value) > MAX_RATIO:
        return False
    if len(a_words & b_words) < MIN_SHARED:
        return False
    close = abs(a.value - b.value) <= CLOSE * max(a.value, b.value)
    return (close and min(a.value, b.value) >= SPECIFIC) or text.overlap(a_words, b_words, idf) >= NUMBER_CONTEXT


def _consistent(claims: list[Claim]) -> bool:
    """'over 10,000' and '12,000' do not disagree, nor '40 to 50' and '45': every value fits every
    qualified bound and every range."""
    for a in claims:
        for b in claims:
            if a.value == b.value or a.to is not None and min(a.value, a.to) <= b.value <= max(a.value, a.to):
                continue
            q = (a.qualifier or "").lower()
            if q in ("over", "more than", "above", "at least") and b.value >= a.value:
                continue
            if q in ("almost", "nearly", "under", "less than", "up to", "at most") and b.value <= a.value:
                continue
            return False
    return True


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def _written(claims: Iterable[Claim]) -> str:
    """One way to write a side's figure: money as "$60 billion", else the most common wording."""
    claims = list(claims)
    value, unit = claims[0].value, claims[0].unit
    if unit in _SYMBOLS and claims[0].to is None:
        for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if value >= size:
                return f"{_SYMBOLS[unit]}{value / size:g} {word}"
        return f"{_SYMBOLS[unit]}{value:,.0f}"
    texts = [c.text for c in claims]
    return max(dict.fromkeys(texts), key=texts.count)  # ties: the first written


def _about(claims: list[Claim]) -> str:
    abouts = [c.about for c in claims if c.about]
    return max(dict.fromkeys(abouts), key=lambda a: (abouts.count(a), len(a))) if abouts else claims[0].unit


def _claim_citation(member: Member, claim: Claim) -> Citation:
    return _sentence_citation(member, claim.start) or Citation(member.id, claim.start, claim.end, claim.text)


# --- who said it ---------------------------------------------------------------------------------


def _statements(material: StoryMaterial) -> list[tuple[Member, Quote, frozenset[str]]]:
    found = []
    for member in material.members:
        for quote in member.analysis.quotes:
            words = text.stems(quote.text)
            if quote.speaker and len(words) >= MIN_WORDS:
                found.append((member, quote, words))
    return found


def _people(member: Member) -> set[str]:
    return {m.name for m in member.analysis.mentions if m.label == "PERSON"}


def _attributions(material: StoryMaterial) -> list[Finding]:
    statements = [s for s in _statements(material) if s[1].speaker in _people(s[0]) and _named(s[1])]
    findings = []
    for i, j in text.pairs([w for _, _, w in statements], MIN_SHARED):
        (ma, qa, wa), (mb, qb, wb) = statements[i], statements[j]
        if material.group[ma.id] == material.group[mb.id] or ma.event_id != mb.event_id \
                or _same_person(str(qa.speaker), str(qb.speaker)):
            continue
        if text.similarity(wa, wb, material.idf) < SAME_STATEMENT or not _pinned(ma, qa, mb, qb):
            continue
        if _says_too(ma, qb.speaker, wa, material) or _says_too(mb, qa.speaker, wb, material):
            continue  # a report gives its statement to both people: no dispute over who made it
        sides = (Side(str(qa.speaker), (_quote_citation(ma, qa),)), Side(str(qb.speaker), (_quote_citation(mb, qb),)))
        findings.append(Finding("attribution", f"who said or asked: {_short(qb.text)}", sides,
                                f"the same statement is given to {qa.speaker} and to {qb.speaker}", None,
                                material.independent([ma.id, mb.id])))
    return findings


def _named(quote: Quote) -> bool:
    """The speaker is written by name where the quote is, not as a pronoun or as someone's aide."""
    written = (quote.speaker_text or "").strip()
    return bool(written) and written.lower() not in _PRONOUNS and not _POSSESSIVE.search(written)


def _same_person(a: str, b: str) -> bool:
    """One person's names: "Tim Fanning" in "Constable Tim Fanning", "Ilene Wolfe" and "Ilene Wolff"."""
    wa, wb = a.lower().split(), b.lower().split()
    if set(wa) <= set(wb) or set(wb) <= set(wa):
        return True

    def alike(x: str, y: str) -> bool:
        return SequenceMatcher(None, x, y).ratio() >= SAME_NAME

    return alike(wa[-1], wb[-1]) and alike(wa[0], wb[0])


def _pinned(ma: Member, qa: Quote, mb: Member, qb: Quote) -> bool:
    """Both statements hold the same figure and name the same thing (neither speaker)."""
    def inside(member: Member, quote: Quote) -> tuple[set[float], set[str]]:
        figures = {c.value for c in member.analysis.claims if quote.start <= c.start < quote.end}
        names = {m.name for m in member.analysis.mentions if quote.start <= m.start < quote.end}
        return figures, names

    (fa, na), (fb, nb) = inside(ma, qa), inside(mb, qb)
    return bool(fa & fb) and bool((na & nb) - {qa.speaker, qb.speaker})


def _says_too(member: Member, speaker: str | None, words: frozenset[str], material: StoryMaterial) -> bool:
    return any(q.speaker == speaker and text.similarity(text.stems(q.text), words, material.idf) >= SAME_STATEMENT
               for q in member.analysis.quotes)


# --- headline against body -----------------------------------------------------------------------


def _internal(material: StoryMaterial) -> list[Finding]:
    findings = []
    for member in material.members:
        title = member.article.title or ""
        years = set(_YEAR.findall(title))
        body_years = {ref.value: ref for ref in member.analysis.times if ref.value and _YEAR.fullmatch(ref.value)}
        if not years or not body_years or years & set(body_years) or any(y in member.article.text for y in years):
            continue
        title_words = {w for w in text.stems(_CALENDAR.sub(" ", title)) if not w.isdigit()}
        evidence = [(value, ref) for value, ref in sorted(body_years.items())
                    if value > min(years) and (sentence := text.sentence_at(member.sentences, ref.start)) is not None
                    and sentence.words & title_words]
        if not evidence:
            continue
        headline = Side(f"headline: {', '.join(sorted(years))}", (Citation(member.id, 0, len(title), title, "title"),))
        body = Side(f"body: {', '.join(sorted({v for v, _ in evidence}))}",
                    tuple(c for _, ref in evidence if (c := _sentence_citation(member, ref.start)) is not None))
        findings.append(Finding("internal", "year in the headline vs the body", (headline, body),
                                "the headline's year appears nowhere in the text, which gives another", None, 1))
    return findings


# --- agreements ----------------------------------------------------------------------------------


def _statement_agreements(material: StoryMaterial) -> list[Finding]:
    statements = _statements(material)
    pairs = [(i, j) for i, j in text.pairs([w for _, _, w in statements], MIN_SHARED)
             if statements[i][1].speaker == statements[j][1].speaker
             and material.group[statements[i][0].id] != material.group[statements[j][0].id]
             and text.similarity(statements[i][2], statements[j][2], material.idf) >= SAME_STATEMENT]
    linked = {i for pair in pairs for i in pair}
    findings = []
    for component in _components(len(statements), pairs):
        items = [statements[i] for i in component]
        citations = [_quote_citation(m, q) for m, q, _ in items]
        findings.append(_statement(items[0][1], items, citations, material))
    for i, (member, quote, _) in enumerate(statements):  # a quote carried by another report's embedded post
        if i in linked or quote.kind == "indirect":
            continue
        embeds = [c for other in material.members if material.group[other.id] != material.group[member.id]
                  for c in _embed_citations(other, quote.text)]
        if embeds:
            findings.append(_statement(quote, [statements[i]], [_quote_citation(member, quote), *embeds], material))
    return findings


def _statement(quote: Quote, items: list[tuple[Member, Quote, frozenset[str]]], citations: list[Citation],
               material: StoryMaterial) -> Finding:
    longest = max((q for _, q, _ in items), key=lambda q: (q.kind == "direct", len(q.text)))
    articles = list(dict.fromkeys(c.article_id for c in citations))
    return Finding("agreement", f"{quote.speaker}: {_short(longest.text)}", (Side("same statement", tuple(citations)),),
                   _independence(articles, material), None, material.independent(articles))


def _embed_citations(member: Member, quoted: str) -> list[Citation]:
    words = [w.lower() for w in _WORD.findall(quoted)]
    runs = {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}
    found = []
    for n, embed in enumerate(member.article.embeds):
        embed_words = [w.lower() for w in _WORD.findall(embed.text)]
        if any(tuple(embed_words[i:i + RUN]) in runs for i in range(len(embed_words) - RUN + 1)):
            found.append(Citation(member.id, 0, len(embed.text), embed.text, f"embed:{n}"))
    return found


def _fact_agreements(material: StoryMaterial) -> list[Finding]:
    sentences = [s for m in material.members for s in m.sentences if len(s.words) >= FACT_SHARED]
    pairs = [(i, j) for i, j in text.pairs([s.words for s in sentences], FACT_SHARED)
             if material.group[sentences[i].article_id] != material.group[sentences[j].article_id]
             and text.overlap(sentences[i].words, sentences[j].words, material.idf) >= SAME_FACT]
    findings = []
    for component in _components(len(sentences), pairs):
        items = [sentences[i] for i in component]
        articles = list(dict.fromkeys(s.article_id for s in items))
        shortest = min(items, key=lambda s: len(s.text))
        citations = tuple(text.cite(s) for s in items)
        findings.append(Finding("agreement", _short(shortest.text), (Side("same fact", citations),),
                                _independence(articles, material), None, material.independent(articles)))
    return findings


def _independence(articles: list[str], material: StoryMaterial) -> str:
    independent = material.independent(articles)
    if independent == len(articles):
        return f"{independent} independent reports"
    return f"{len(articles)} articles, {independent} independent reports (copies of one report counted once)"


# --- shared helpers ------------------------------------------------------------------------------


def _components(n: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Connected groups of the items joined by `pairs` (items in no pair are left out)."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[int] = set()
    groups = []
    for start in range(n):
        if start in seen or start not in neighbours:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            item = stack.pop()
            group.append(item)
            for other in neighbours[item] - seen:
                seen.add(other)
                stack.append(other)
        groups.append(sorted(group))
    return groups


def _sentence_citation(member: Member, offset: int) -> Citation | None:
    sentence = text.sentence_at(member.sentences, offset)
    return text.cite(sentence) if sentence else None


def _quote_citation(member: Member, quote: Quote) -> Citation:
    return _sentence_citation(member, quote.start) or Citation(member.id, quote.start, quote.end, quote.text)


def _short(passage: str, words: int = 16) -> str:
    parts = passage.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
