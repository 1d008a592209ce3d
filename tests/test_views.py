"""What a story page shows, worked out from a story document: axis, coverage grid, highlights, pages."""

from __future__ import annotations

from storyline.report.views import (AXIS_WIDTH, LABEL_WIDTH, Links, Source, axis, coverage, pages, pieces,
                                    readable_day, segments, source_of, story_page)


def _entry(day: str, text: str = "x", upcoming: bool = False, sources: int = 1) -> dict:
    return {"date": day, "text": text, "upcoming": upcoming, "sources": [f"a{n}" for n in range(sources)],
            "citations": [], "precision": "day" if len(day) == 10 else "month"}


def _anchored(entries: list[dict]) -> list[dict]:
    return [{**e, "anchor": f"t-{n}"} for n, e in enumerate(entries, start=1)]


def test_the_axis_spans_the_story_and_counts_what_falls_outside() -> None:
    entries = _anchored([_entry("1918"), _entry("2008-04-07"), _entry("2009-04-24"), _entry("2009-04-24"),
                         _entry("2009-05"), _entry("2009-06-30"), _entry("2009-09-01", upcoming=True),
                         _entry("2011-01-01", upcoming=True)])
    drawn = axis(entries, [{"date": "2009-04-29", "sources": ["a", "b"]}], "2009-04-24", "2009-06-30")
    assert (drawn.earlier, drawn.later) == (1, 1)  # 2008 before it; 2011 too far ahead; the year 1918 not drawn
    days = [m for m in drawn.marks if not m.width]
    assert [m.date for m in days] == ["2009-04-24", "2009-04-24", "2009-06-30", "2009-09-01"]
    assert days[0].x == days[1].x == 20 and days[1].y < days[0].y  # one day's entries stack
    assert days[-1].x == AXIS_WIDTH - 20  # the scheduled entry widened the axis to its day
    [may] = [m for m in drawn.marks if m.width]
    assert may.date == "2009-05" and may.width > 0
    [key] = drawn.key_marks
    assert key.date == "2009-04-29" and key.anchor == "k-2009-04-29" and days[0].x < key.x < days[2].x
    assert [t.label for t in drawn.ticks] == ["May 2009", "Jun 2009", "Jul 2009", "Aug 2009", "Sep 2009"]


def test_an_undated_story_has_no_axis() -> None:
    drawn = axis(_anchored([_entry("2009-04-24")]), [], None, None)
    assert (drawn.marks, drawn.ticks) == ((), ())


def _source(outlet: str, day: str | None, n: int = 0) -> Source:
    return Source(f"{outlet}{day}{n}", "t", outlet, day, None, None, None)


def test_coverage_counts_articles_by_outlet_and_day_busiest_outlets_first() -> None:
    members = [_source("Reuters", "2009-04-24", n) for n in range(3)] + [_source("AP", "2009-04-26"),
                                                                         _source("AP", None)]
    grid = coverage(members)
    assert grid.unit == "day" and grid.undated == 1
    assert [(name, n) for name, n, _ in grid.rows] == [("Reuters", 3), ("AP", 1)]
    assert [(c.x, c.count, c.opacity) for c in grid.cells] == [(LABEL_WIDTH, 3, 1.0), (LABEL_WIDTH + 36, 1, 0.43)]
    assert grid.cells[0].title == "Reuters, 24 Apr 2009: 3 articles"


def test_coverage_of_a_long_story_is_by_week_and_folds_small_outlets() -> None:
    members = [_source(f"outlet {n:02}", "2009-01-05") for n in range(12)] + [_source("outlet 00", "2009-12-28")]
    grid = coverage(members)
    assert grid.unit == "week"
    assert [name for name, _, _ in grid.rows][-1] == "2 other outlets" and len(grid.rows) == 11
    assert [c.title for c in grid.cells[:2]] == ["outlet 00, week of 5 Jan 2009: 1 article",
                                                 "outlet 00, week of 28 Dec 2009: 1 article"]
    assert grid.cells[-1].title == "2 other outlets, week of 5 Jan 2009: 2 articles"


def test_segments_mark_nested_and_overlapping_annotations() -> None:
    text = "Blinken said: aid of $61 billion arrives on Monday."
    analysis = {"entities": [{"name": "Antony Blinken", "type": "PERSON", "mentions": [{"start": 0, "end": 7}]}],
                "quotes": [{"start": 14, "end": 50, "speaker": "Antony Blinken"}],
                "times": [{"start": 44, "end": 50, "value": "2024-11-18"}],
                "claims": [{"start": 21, "end": 32, "value": 61e9, "to": None, "unit": "USD"}]}
    found, counts = segments(text, analysis)
    assert "".join(s.text for s in found) == text
    assert [(s.text, s.kinds) for s in found] == [
        ("Blinken", ("ent",)), (" said: ", ()), ("aid of ", ("quote",)), ("$61 billion", ("quote", "claim")),
        (" arrives on ", ("quote",)), ("Monday", ("quote", "time")), (".", ())]
    assert found[3].notes == ("quote: Antony Blinken", "claim: 6.1e+10 USD")
    assert counts == {"ent": 1, "quote": 1, "time": 1, "claim": 1}


def test_search_snippets_page_numbers_and_days_as_a_reader_reads_them() -> None:
    assert pieces("the Patriot batteries", [(4, 11)]) == [("the ", False), ("Patriot", True), (" batteries", False)]
    at = pages(101, 9, 50, params={"outlet": "AP", "entity": None})
    assert (at.number, at.count, at.query(2)) == (3, 3, "outlet=AP&page=2")
    assert [readable_day(d) for d in ("2009-04-29", "2009-04-29T16:23", "2009-04", "2009", None)] == [
        "29 Apr 2009", "29 Apr 2009", "Apr 2009", "2009", "undated"]


def test_sources_are_named_by_outlet_and_day_and_only_web_addresses_become_links() -> None:
    article = {"id": "a1", "title": None, "outlet": None, "domain": "example.org", "url": "javascript:alert(1)",
               "path": "x.html", "published": {"value": "2024-05-14T10:00", "inferred": True, "evidence": "its event"}}
    source = source_of(article)
    assert (source.label, source.title, source.url, source.inferred) == (
        "example.org, 14 May 2024", "(no title)", None, "its event")
    assert (Links(served=True).article("a1"), Links(served=False).article("a1")) == ("/articles/a1", "#a-a1")


def test_a_story_page_quotes_each_side_in_context_and_pages_its_sources() -> None:
    text = "Rain fell on Monday.\nThe mayor said 40 homes flooded. Crews were out all night. Power is back."
    articles = [{"id": f"a{n}", "title": f"T{n}", "outlet": "AP" if n % 2 else "AFP", "url": None, "path": None,
                 "published": {"value": f"2024-05-{n + 1:02}", "inferred": False}} for n in range(60)]
    side = {"value": "40 homes", "sources": ["a1", "a3"], "citations": [
        {"article": "a1", "start": 21, "end": 53, "text": "The mayor said 40 homes flooded.", "part": "text"}]}
    story = {"id": 1, "articles": [a["id"] for a in articles], "first": "2024-05-01", "last": "2024-06-29",
             "timeline": [], "key_dates": [], "quotes": [], "copies": [], "updates": [],
             "disagreements": [{"kind": "number", "about": "homes", "closeness": "conflict", "note": "", "independent": 2,
                                "sides": [side]}]}
    page = story_page(story, articles, lambda i: text if i == "a1" else None, page=2, outlet="ap")
    [quoted] = page.disagreements[0].sides[0].quoted
    assert (quoted.before, quoted.text, quoted.after) == ("", "The mayor said 40 homes flooded.", "Crews were out all night.")
    assert quoted.source.label == "AP, 2 May 2024" and [s.id for s in page.disagreements[0].sides[0].others] == ["a3"]
    assert (len(page.listed), page.matching) == (0, 30)  # 30 AP articles: one page of 50
    assert [s.id for s in story_page(story, articles, lambda i: None, page=1, outlet="ap").listed][:2] == ["a1", "a3"]
    folded = story_page(story, articles, lambda i: None, fold=True)
    assert (len(folded.listed), len(folded.folded)) == (50, 10)
