"""Cleaning of text articles: the seeds against gold.json, and constructed cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.ingest.clean import clean


def _squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# Lines the gold file does not list but that are rightly kept out of the main text, by reason.
EXPECTED_EXTRA = {
    "000": set(),
    "001": set(),
    "002": {("US Secretary of State Blinken reaffirms support for Ukraine amid Russian advances", "repeated title")},
    "003": {("Tarun Kumar", "author bio")},
    "004": {("Antony Blinken with Dmytro Kuleba", "caption"),
            ("US Secretary of State Antony Blinken (L) and Ukrainian Foreign Minister Dmytro Kuleba give a press "
             "conference amid the Nato Foreign Ministers Meeting on Ukraine at NATO Headquarters in Brussels, on "
             "November 29, 2023. AFP", "caption")},
}


@pytest.fixture(scope="module")
def cleaned(seed_files: dict[str, Path]) -> dict[str, Any]:
    return {key: clean(path.read_text("utf-8"), title_in_text=True) for key, path in seed_files.items()}


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_seed_title_matches_gold(cleaned: dict[str, Any], gold: dict[str, Any], key: str) -> None:
    assert cleaned[key].title == gold["articles"][key]["title"]


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_seed_removes_exactly_the_boilerplate(cleaned: dict[str, Any], gold: dict[str, Any], key: str) -> None:
    result = cleaned[key]
    removed = [_squash(r.text) for r in result.removed]
    wanted = [_squash(f) for f in gold["articles"][key]["not_main_text"]]
    for fragment in wanted:
        assert any(line.startswith(fragment) for line in removed), f"{key}: {fragment!r} was not removed"
        assert fragment not in _squash(result.text), f"{key}: {fragment!r} is still in the text"
    explained = {line for line in removed if any(line.startswith(f) for f in wanted)}
    extra = {(_squash(r.text), r.reason) for r in result.removed if _squash(r.text) not in explained}
    assert extra == EXPECTED_EXTRA[key]


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_seed_keeps_every_gold_quote_in_the_text(cleaned: dict[str, Any], gold: dict[str, Any], key: str) -> None:
    text = _squash(cleaned[key].text)
    for quote in (q for q in gold["quotes"] if q["article"] == key):
        assert quote["text"] in text


def test_seed_datelines_become_publication_dates(cleaned: dict[str, Any], gold: dict[str, Any]) -> None:
    for key in ("002", "004"):
        published = cleaned[key].published
        assert published is not None and published.day == gold["articles"][key]["published"]["date"]
        assert not published.inferred
    assert cleaned["002"].published.value == "2024-05-14T22:34"
    assert cleaned["002"].updated == "2024-06-03T17:01"
    # No dateline, no date: 000, 001 and 003 are dated by a later stage, never from the clock.
    assert [cleaned[k].published for k in ("000", "001", "003")] == [None, None, None]


def test_seed_metadata_lines(cleaned: dict[str, Any], gold: dict[str, Any]) -> None:
    assert cleaned["002"].author == gold["articles"]["002"]["author"]
    assert cleaned["003"].author == gold["articles"]["003"]["author"]
    assert cleaned["002"].credits == ("AFP",)
    assert cleaned["003"].credits == ("AP", "Department of State")
    assert cleaned["004"].credits == ("AFP",)
    assert cleaned["001"].dateline_place == "KYIV, Ukraine"
    [embed] = cleaned["000"].embeds
    assert (embed.author, embed.handle, embed.date) == ("Eric Daugherty", "@EricLDaugh", "2024-11-14")
    assert embed.url == "pic.twitter.com/7m6VLLfTlI"
    assert embed.text.startswith("BREAKING:") and "pic.twitter" not in embed.text


def test_navigation_comments_and_share_lines() -> None:
    text = """Menu
Home
Search
Harbour cranes idle as strike enters second week
Subscribe now

Cargo ships are queueing outside the harbour as the dock strike drags on.

Share this article
Read more: Unions reject first offer
3 Comments
Your email address will not be published. Required fields are marked *
© 2024 Harbour Media Ltd. All rights reserved."""
    result = clean(text, title_in_text=True)
    assert result.title == "Harbour cranes idle as strike enters second week"
    assert result.text == "Cargo ships are queueing outside the harbour as the dock strike drags on."
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons == {
        "Menu": "navigation", "Home": "navigation", "Search": "navigation", "Subscribe now": "navigation",
        "Share this article": "share link", "Read more: Unions reject first offer": "navigation",
        "3 Comments": "comment prompt",
        "Your email address will not be published. Required fields are marked *": "comment prompt",
        "© 2024 Harbour Media Ltd. All rights reserved.": "copyright",
    }


def test_byline_with_agency_and_prose_that_starts_with_by() -> None:
    text = """Glacier retreat speeds up
By Jane Doe and Ola Nordmann, Reuters
3 March 2024
By contrast with last year, the glacier lost 40 metres of ice.
Scientists blamed a warm autumn."""
    result = clean(text, title_in_text=True)
    assert result.author == "Jane Doe, Ola Nordmann"
    assert result.credits == ("Reuters",)
    assert result.published is not None and (result.published.value, result.published.precision) == ("2024-03-03", "day")
    assert result.text.startswith("By contrast with last year")


def test_dates_inside_prose_and_dates_without_year_are_not_datelines() -> None:
    text = """Talks resume
March 3
Negotiators met on March 3, 2024 to restart talks.
The next round is set for April."""
    result = clean(text, title_in_text=True)
    assert result.published is None
    assert "Negotiators met on March 3, 2024" in result.text
    assert "March 3" in result.text.splitlines()[0]


def test_embedded_posts_become_embed_records() -> None:
    text = """Minister resigns
The minister announced her resignation on Friday evening.
Today I informed the prime minister that I am stepping down. https://t.co/AbC123xyz
— Kari Hansen (@karihansen) March 1, 2024
Her deputy will act as minister until a successor is named.
A post shared by City Zoo (@cityzoo.official)"""
    result = clean(text, title_in_text=True)
    first, second = result.embeds
    assert first.author == "Kari Hansen" and first.handle == "@karihansen" and first.date == "2024-03-01"
    assert first.text == "Today I informed the prime minister that I am stepping down."
    assert first.url == "https://t.co/AbC123xyz"
    assert second.handle == "@cityzoo.official"
    assert "stepping down" not in result.text
    assert result.text.splitlines()[-1] == "Her deputy will act as minister until a successor is named."


def test_credit_lines_captions_and_bios() -> None:
    text = """Floods close rail line
Trains between the two cities were cancelled after the river burst its banks.
Flooded tracks near the station
Water covers the tracks near the central station on March 4, 2024. REUTERS/Anna Berg
Engineers expect repairs to take a week.
(Reporting by Anna Berg; Editing by Tom Lee)
Photo: Anna Berg
Anna Berg is a senior correspondent covering transport and climate."""
    result = clean(text, title_in_text=True)
    reasons = [(r.text, r.reason) for r in result.removed]
    assert reasons == [
        ("Flooded tracks near the station", "caption"),
        ("Water covers the tracks near the central station on March 4, 2024. REUTERS/Anna Berg", "caption"),
        ("(Reporting by Anna Berg; Editing by Tom Lee)", "credit line"),
        ("Photo: Anna Berg", "credit line"),
        ("Anna Berg is a senior correspondent covering transport and climate.", "author bio"),
    ]
    assert result.author == "Anna Berg"
    assert result.text == ("Trains between the two cities were cancelled after the river burst its banks.\n\n"
                           "Engineers expect repairs to take a week.")


def test_bio_like_sentence_inside_the_body_is_kept() -> None:
    text = """Court frees reporter
Ivan Petrov is a journalist who was detained for three months.
The court ruled on Monday that his detention was unlawful.
His lawyer said an appeal was unlikely.
The prosecutor did not comment.
Colleagues welcomed the ruling."""
    result = clean(text, title_in_text=True)
    assert result.removed == () and result.author is None


def test_markdown_title_and_hard_wrapped_paragraphs() -> None:
    text = """# Wind farm approved despite objections

The regional council approved the 40-turbine wind farm on Tuesday after a
debate that lasted more than six hours and drew protesters from both sides
of the argument.

Construction is expected to start next spring.
"""
    result = clean(text, title_in_text=True)
    assert result.title == "Wind farm approved despite objections"
    assert result.text.split("\n\n") == [
        "The regional council approved the 40-turbine wind farm on Tuesday after a debate that lasted more than "
        "six hours and drew protesters from both sides of the argument.",
        "Construction is expected to start next spring.",
    ]


def test_lede_dateline_is_kept_in_text_and_read_as_metadata() -> None:
    result = clean("Summit ends\nBRUSSELS (Reuters) - Leaders agreed on a budget late on Friday.", title_in_text=True)
    assert result.dateline_place == "BRUSSELS"
    assert result.credits == ("Reuters",)
    assert result.text.startswith("BRUSSELS (Reuters) - Leaders agreed")


def test_a_note_to_subscribers_before_the_wire_dateline_is_no_headline() -> None:
    result = clean("(For full coverage of the flu outbreak, click (nFLU)) HONG KONG, May 2 (Reuters) - Travellers "
                   "quarantined in a Hong Kong hotel expressed dismay on Saturday.\nPolice sealed off the hotel.",
                   title_in_text=True)
    assert (result.title, result.title_source) == (
        "Travellers quarantined in a Hong Kong hotel expressed dismay on Saturday", "lede")
    assert result.text.startswith("HONG KONG, May 2 (Reuters) - Travellers")
    pointed = clean("(For full coverage of the flu outbreak, click (nFLU)) * Quarantine sours relations * Spat "
                    "revives old tensions MEXICO CITY, May 5 (Reuters) - China's decision soured ties.\nMore.",
                    title_in_text=True)
    assert (pointed.title, pointed.title_source) == ("Quarantine sours relations", "headline before the wire dateline")
    titled = clean("(Updated) Summit ends (corrected) BRUSSELS (Reuters) - Leaders agreed on a budget.", title_in_text=True)
    assert titled.title_source == "headline before the wire dateline"


def test_a_wire_dateline_without_a_comma_before_its_day_is_a_dateline() -> None:
    result = clean("(Recasts; adds quotes) MEXICO CITY May 19 (Reuters) - Mexico's economy will likely recover "
                   "at the start of 2010.\nMore.", title_in_text=True)
    assert (result.title, result.dateline_place, result.credits) == (
        "Mexico's economy will likely recover at the start of 2010", "MEXICO CITY", ("Reuters",))


def test_title_from_metadata_drops_its_copy_in_the_text() -> None:
    result = clean("Budget passes\n\nThe budget passed by 52 votes to 48.", title="Budget passes")
    assert result.title == "Budget passes"
    assert result.text == "The budget passed by 52 votes to 48."
    assert [(r.line, r.reason) for r in result.removed] == [(1, "repeated title")]


def test_last_updated_line() -> None:
    result = clean("Rates held\nPublished: 12 June 2024\nLast updated: 13 June 2024 08:05\nThe bank held rates.",
                   title_in_text=True)
    assert result.published is not None and result.published.value == "2024-06-12"
    assert result.updated == "2024-06-13T08:05"
    assert result.text == "The bank held rates."


def test_a_story_that_is_only_its_headline_keeps_its_text() -> None:
    result = clean("The parliament election is over.", title="The parliament election is over.")
    assert (result.title, result.text, result.removed) == ("The parliament election is over.",
                                                           "The parliament election is over.", ())
