"""Where a story's articles agree and where they disagree, each finding citing its passages.

Disagreements (figures, and the updates of a figure over time, are compared in `figures.py`):
- `number`: outlets giving different figures for the same thing at the same moment;
- `attribution`: one statement or request given to different named people by two reports of the
  same event. Officials at one event say alike things all the time ("the fire broke out at the
  entrance", "investigators are considering arson"), so the statement must be pinned down: the
  same figure and the same named thing in both ("two Patriot systems ... Kharkiv"), each speaker
  named where the quote is (no "he said", no "Reid's rep"), and the names not one person's
  spellings ("Ilene Wolfe", "Ilene Wolff"); a copy run by another outlet that gives the same
  words to another person needs nothing more;
- `date`: the same happening, told in nearly the same words by two outlets, on different days;
- `internal`: an article whose headline names a year its body never does, while the body dates
  what the headline is about to a later year (an earlier one is background: "previously hosted
  the Oscars in 2007"; the date a headline carries is not what it is about).

Agreements: the same statement by the same speaker, or the same fact, in independent reports
(articles linked as copies are one report: a wire story run by ten outlets agrees with no one).
An embedded post that carries a quote (a tweet of the speech) counts as a report of it.

A copy never confirms its original: agreements need independent reports (different copy groups).
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher

from storyline.explain import text
from storyline.explain.figures import Figures
from storyline.explain.material import Member, StoryMaterial
from storyline.models import Citation, Finding, Quote, Side

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
_POSSESSIVE = re.compile(r"\w\s?['\u2019]\s?s\b")  # "Reid's rep": the rep is speaking, not Reid
# What a headline's date says ("Thursday, December 11, 2008") is not what the headline is about.
_CALENDAR = re.compile(r"\b(?:(?:19|20)\d{2}|\d{1,2}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|"
                       r"april|may|june|july|august|september|october|november|december)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def disagreements(material: StoryMaterial, figures: Figures) -> list[Finding]:
    return [*figures.disagreements, *_attributions(material), *_dates(material), *_internal(material)]


def agreements(material: StoryMaterial, figures: Figures) -> list[Finding]:
    statements = _statement_agreements(material)
    told = {(c.article_id, c.start) for f in statements for side in f.sides for c in side.citations}
    facts = [f for f in _fact_agreements(material)
             if not {(c.article_id, c.start) for side in f.sides for c in side.citations} <= told]
    return [*statements, *facts, *figures.near_agreements]


# --- who said it ---------------------------------------------------------------------------------


def _statements(material: StoryMaterial, least: int) -> list[tuple[Member, Quote, frozenset[str]]]:
    found = []
    for member in material.members:
        for quote in member.analysis.quotes:
            words = text.stems(quote.text)
            if quote.speaker and len(words) >= least:
                found.append((member, quote, words))
    return found


def _people(member: Member) -> set[str]:
    return {m.name for m in member.analysis.mentions if m.label == "PERSON"}


def _attributions(material: StoryMaterial) -> list[Finding]:
    config = material.config
    statements = [s for s in _statements(material, config.copied_words) if s[1].speaker in _people(s[0]) and _named(s[1])]
    findings = []
    for i, j in text.pairs([w for _, _, w in statements], config.min_shared):
        (ma, qa, wa), (mb, qb, wb) = statements[i], statements[j]
        if ma.event_id != mb.event_id or _same_person(str(qa.speaker), str(qb.speaker), config.same_name):
            continue
        if material.group[ma.id] == material.group[mb.id]:  # one report: a copy gave the words to someone else
            if not _other_outlets(ma, mb) or text.similarity(wa, wb, material.idf) < config.same_words:
                continue
        elif min(len(wa), len(wb)) < config.min_quote_words or text.similarity(wa, wb, material.idf) < config.same_statement \
                or not _pinned(ma, qa, mb, qb):
            continue
        if _says_too(ma, qb.speaker, wa, material) or _says_too(mb, qa.speaker, wb, material):
            continue  # a report gives its statement to both people: no dispute over who made it
        if _names_near(ma, qa, str(qb.speaker), config.same_name) or _names_near(mb, qb, str(qa.speaker), config.same_name):
            continue  # the other speaker is named in the quote's sentence: a misread, not a dispute
        sides = (Side(str(qa.speaker), (_quote_citation(ma, qa),)), Side(str(qb.speaker), (_quote_citation(mb, qb),)))
        findings.append(Finding("attribution", f"who said or asked: {_short(qb.text)}", sides,
                                f"the same statement is given to {qa.speaker} and to {qb.speaker}", None,
                                material.independent([ma.id, mb.id])))
    return findings


def _names_near(member: Member, quote: Quote, person: str, same_name: float) -> bool:
    """The report names this person in the sentences of the quote itself ("“...,” DeGeneres said"
    where the parse took another name for the speaker). A name in the sentence before is context:
    "Zelensky thanked ... In particular, Putin asked for ..." is the outlet's own error."""
    spans = [(s.start, s.end) for s in member.sentences if s.start <= quote.end and quote.start < s.end]
    if not spans:
        return False
    low, high = spans[0][0], spans[-1][1]
    return any(m.label == "PERSON" and _same_person(m.name, person, same_name) and low <= m.start < high
               for m in member.analysis.mentions)


def _other_outlets(a: Member, b: Member) -> bool:
    outlets = [(m.outlet or "").lower() for m in (a, b)]
    return all(outlets) and outlets[0] != outlets[1]


def _named(quote: Quote) -> bool:
    """The speaker is written by name where the quote is, not as a pronoun or as someone's aide."""
    written = (quote.speaker_text or "").strip()
    return bool(written) and written.lower() not in _PRONOUNS and not _POSSESSIVE.search(written)


def _same_person(a: str, b: str, same_name: float) -> bool:
    """One person's names: "Tim Fanning" in "Constable Tim Fanning", "Ilene Wolfe" and "Ilene Wolff"."""
    wa, wb = a.lower().split(), b.lower().split()
    if set(wa) <= set(wb) or set(wb) <= set(wa):
        return True

    def alike(x: str, y: str) -> bool:
        return SequenceMatcher(None, x, y).ratio() >= same_name

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
    return any(q.speaker == speaker and text.similarity(text.stems(q.text), words, material.idf) >= material.config.same_statement
               for q in member.analysis.quotes)


# --- when it happened ----------------------------------------------------------------------------


def _dates(material: StoryMaterial) -> list[Finding]:
    """Two outlets tell the same happening in the same words but on different days: "the quake
    struck on Monday" against "on Tuesday". The two sentences share nearly all their words, each
    gives a day the other does not (a copy counts: a copy that moved the date is the finding), and a day
    written relative to the report ("today", "on Monday") is compared only between reports of the
    same day."""
    dated = []
    for member in material.members:
        days: dict[int, dict[str, str | None]] = defaultdict(dict)  # sentence -> day -> anchor if relative
        for ref in member.analysis.times:
            if ref.precision == "day" and ref.value and (s := text.sentence_at(member.sentences, ref.start)):
                relative = ref.anchor if ref.relative else None  # "Friday, June 24": the day written out
                day = ref.value[:10]
                days[s.index][day] = relative if days[s.index].get(day, relative) is not None else None
        dated += [(member, s, days[s.index]) for s in member.sentences
                  if s.index in days and len(s.words) >= material.config.fact_shared]
    findings = []
    for i, j in text.pairs([s.words for _, s, _ in dated], material.config.fact_shared):
        (ma, sa, days_a), (mb, sb, days_b) = dated[i], dated[j]
        only_a, only_b = sorted(set(days_a) - set(days_b)), sorted(set(days_b) - set(days_a))
        if not only_a or not only_b or ma.event_id != mb.event_id or not _other_outlets(ma, mb) or \
                text.similarity(sa.words, sb.words, material.idf) < material.config.same_words:
            continue
        anchors = {days_a[d] for d in only_a} | {days_b[d] for d in only_b}
        if anchors != {None} and len(anchors) > 1:
            continue  # "today" in a statement one outlet ran a day later: the same day, told from two days
        sides = (Side(", ".join(only_a), (text.cite(sa),)), Side(", ".join(only_b), (text.cite(sb),)))
        findings.append(Finding("date", f"when: {_short(sa.text)}", sides,
                                "the same happening is dated differently", None, material.independent([ma.id, mb.id])))
    return findings


# --- headline against body -----------------------------------------------------------------------


def _internal(material: StoryMaterial) -> list[Finding]:
    findings = []
    for member in material.members:
        title = member.article.title or ""
        years = set(text.YEAR.findall(title))
        body_years = {ref.value: ref for ref in member.analysis.times if ref.value and text.YEAR.fullmatch(ref.value)}
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
    statements = _statements(material, material.config.min_quote_words)
    pairs = [(i, j) for i, j in text.pairs([w for _, _, w in statements], material.config.min_shared)
             if statements[i][1].speaker == statements[j][1].speaker
             and material.group[statements[i][0].id] != material.group[statements[j][0].id]
             and text.similarity(statements[i][2], statements[j][2], material.idf) >= material.config.same_statement]
    linked = {i for pair in pairs for i in pair}
    findings = []
    for component in text.components(len(statements), pairs):
        items = [statements[i] for i in component]
        citations = [_quote_citation(m, q) for m, q, _ in items]
        findings.append(_statement(items[0][1], items, citations, material))
    run = material.config.embed_run
    posts = [(other, n, embed, _runs(embed.text, run)) for other in material.members
             for n, embed in enumerate(other.article.embeds)]
    for i, (member, quote, _) in enumerate(statements):  # a quote carried by another report's embedded post
        if i in linked or quote.kind == "indirect" or not posts:
            continue
        quoted = _runs(quote.text, run)
        embeds = [Citation(other.id, 0, len(embed.text), embed.text, f"embed:{n}") for other, n, embed, runs in posts
                  if material.group[other.id] != material.group[member.id] and not quoted.isdisjoint(runs)]
        if embeds:
            findings.append(_statement(quote, [statements[i]], [_quote_citation(member, quote), *embeds], material))
    return findings


def _statement(quote: Quote, items: list[tuple[Member, Quote, frozenset[str]]], citations: list[Citation],
               material: StoryMaterial) -> Finding:
    longest = max((q for _, q, _ in items), key=lambda q: (q.kind == "direct", len(q.text)))
    articles = list(dict.fromkeys(c.article_id for c in citations))
    return Finding("agreement", f"{quote.speaker}: {_short(longest.text)}", (Side("same statement", tuple(citations)),),
                   _independence(articles, material), None, material.independent(articles))


def _runs(passage: str, run: int) -> frozenset[tuple[str, ...]]:
    """Every run of `run` words of a passage, lower-cased: a quote and a post sharing one share words verbatim."""
    words = [w.lower() for w in _WORD.findall(passage)]
    return frozenset(tuple(words[i:i + run]) for i in range(len(words) - run + 1))


def _fact_agreements(material: StoryMaterial) -> list[Finding]:
    sentences = [s for m in material.members for s in m.sentences if len(s.words) >= material.config.fact_shared]
    pairs = [(i, j) for i, j in text.pairs([s.words for s in sentences], material.config.fact_shared)
             if material.group[sentences[i].article_id] != material.group[sentences[j].article_id]
             and text.overlap(sentences[i].words, sentences[j].words, material.idf) >= material.config.same_fact]
    findings = []
    for component in text.components(len(sentences), pairs):
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


def _sentence_citation(member: Member, offset: int) -> Citation | None:
    sentence = text.sentence_at(member.sentences, offset)
    return text.cite(sentence) if sentence else None


def _quote_citation(member: Member, quote: Quote) -> Citation:
    return member.cite(quote.start, quote.end, quote.text)


def _short(passage: str, words: int = 16) -> str:
    parts = passage.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
