"""The explain stage and the report: the seeds against gold.json, constructed stories, the writers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import SEEDS
from storyline import Storyline
from storyline.explain.key_dates import key_dates
from storyline.explain.material import load
from storyline.explain import text
from storyline.explain.text import sentences
from storyline.models import StoryExplanation


@pytest.fixture(scope="module")
def story(seeds: Storyline) -> StoryExplanation:
    (only,) = seeds.explain()
    return only


@pytest.fixture(scope="module")
def key(seeds: Storyline) -> dict[str, str]:
    """Article id -> gold key ("000" ... "004")."""
    return {a.id: Path(a.path).name[:3] for a in seeds.articles()}


def test_three_events_with_their_dates(story: StoryExplanation, key: dict[str, str], gold: dict) -> None:
    found = {(e.date, frozenset(key[a] for a in e.articles)) for e in story.events}
    assert found == {(e["date"], frozenset(e["members"])) for e in gold["events"].values()}


def test_every_gold_timeline_entry_is_there_with_its_sources(story: StoryExplanation, key: dict[str, str],
                                                             gold: dict) -> None:
    for expected in gold["timeline"]:
        precision = expected.get("approx", "day")
        matches = [e for e in story.timeline if e.date.startswith(expected["date"])
                   and (e.precision == precision or precision == "day" and e.date == expected["date"])
                   and set(expected["sources"]) <= {key[a] for a in e.sources}]
        assert matches, f"no timeline entry for {expected}"
        assert matches[0].upcoming == ("(scheduled)" in expected["what"])
    dates = [e.date for e in story.timeline]
    assert dates == sorted(dates)


def test_timeline_entries_cite_the_sentences_they_come_from(seeds: Storyline, story: StoryExplanation) -> None:
    for entry in story.timeline:
        assert entry.citations
        for citation in entry.citations:
            text = seeds.article(citation.article_id).text
            assert citation.text.strip(" …") in text[citation.start:citation.end]


def _sides(f, key: dict[str, str]) -> tuple[str, frozenset]:
    return f.kind, frozenset(frozenset(key[a] for a in side.sources) for side in f.sides)


def test_the_gold_disagreements_and_nothing_else(story: StoryExplanation, key: dict[str, str], gold: dict) -> None:
    """The gold's near-agreement (figures within rounding, "shown as a near-agreement, not hidden")
    is listed with the agreements, every other gold disagreement with the disagreements."""
    found = {_sides(f, key) for f in story.disagreements}
    near = {_sides(f, key) for f in story.agreements if f.closeness == "close"}
    expected, expected_near = set(), set()
    for d in gold["disagreements"]:
        sides = frozenset(frozenset(s["articles"]) for s in d["sides"])
        item = (d["kind"], frozenset({next(iter(sides))}) if d["kind"] == "internal" else sides)
        (expected_near if "near-agreement" in d.get("note", "") else expected).add(item)
    assert found == expected and near == expected_near and len(expected_near) == 1
    number = next(f for f in story.agreements if f.kind == "number")
    assert number.closeness == "close"
    assert [side.value for side in number.sides] == ["$61 billion", "$60 billion"]
    attribution = next(f for f in story.disagreements if f.kind == "attribution")
    assert {side.value for side in attribution.sides} == {"Vladimir Putin", "Volodymyr Zelensky"}
    internal = next(f for f in story.disagreements if f.kind == "internal")
    assert [side.value for side in internal.sides] == ["headline: 2024", "body: 2025"]
    assert internal.sides[0].citations[0].part == "title"


def test_the_gold_agreements(story: StoryExplanation, key: dict[str, str], gold: dict) -> None:
    found = sorted(sorted({key[a] for side in f.sides for a in side.sources}) for f in story.agreements
                   if f.kind == "agreement")
    assert found == sorted(sorted(a["articles"]) for a in gold["agreements"])
    assert all(f.independent == 2 for f in story.agreements if f.kind == "agreement")
    embedded = next(f for f in story.agreements if any(c.part.startswith("embed") for c in f.sides[0].citations))
    assert "every dollar" in embedded.about


def test_quotes_by_speaker_hold_the_gold_quotes(story: StoryExplanation, key: dict[str, str], gold: dict) -> None:
    for expected in gold["quotes"]:
        assert any(q.speaker == expected["speaker"] and any(
            key[c.article_id] == expected["article"] and expected["text"] in c.text for c in q.variants)
            for q in story.quotes), expected


def test_summary_and_coverage(story: StoryExplanation) -> None:
    assert 3 <= len(story.summary) <= 5
    assert all(s.citations and s.citations[0].text == s.text for s in story.summary)
    assert sum(story.coverage["days"].values()) == 5
    assert story.coverage["days"]["2024-05-14"] == 2


def _records(path: Path, items: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(i) for i in items), "utf-8")
    return path


FLOOD = ("Heavy rain flooded the river town of Ostrava on Monday, cutting power to thousands of homes. "
         "\"We have never seen water rise this fast in our city,\" said Mayor Jana Novakova at the town hall. "
         "Emergency crews evacuated the lower districts overnight.")


def test_copies_count_once_and_a_different_toll_is_a_conflict(tmp_path: Path) -> None:
    wire = {"title": "Floods hit Ostrava", "source": "Wire", "published": "2024-06-03",
            "text": FLOOD + " Officials said 12 people were killed in the flooding."}
    copy = {**wire, "source": "Daily Copy", "title": "Ostrava under water"}
    own = {"title": "Ostrava counts the cost", "source": "Local Herald", "published": "2024-06-04",
           "text": ("Mayor Jana Novakova toured the flooded streets of Ostrava on Tuesday. \"We have never seen water "
                    "rise this fast in our city,\" Novakova said. Rescuers said 20 people were killed in the flooding.")}
    with Storyline(tmp_path / "s.db") as storyline:
        storyline.ingest(_records(tmp_path / "a.jsonl", [wire, copy, own]))
        storyline.analyse()
        storyline.link()
        (story,) = storyline.explain()
    statement = next(f for f in story.agreements if f.about.startswith("Jana Novakova"))
    assert len({a for side in statement.sides for a in side.sources}) == 3 and statement.independent == 2
    assert "counted once" in statement.note
    toll = next(f for f in story.disagreements if f.kind == "number")
    assert toll.closeness == "conflict" and [s.value for s in toll.sides] == ["20", "12"]
    assert [len(s.sources) for s in toll.sides] == [1, 2]


def _explain_one(tmp_path: Path, items: list[dict[str, str]]) -> StoryExplanation:
    with Storyline(tmp_path / "s.db") as storyline:
        storyline.ingest(_records(tmp_path / "a.jsonl", items))
        storyline.analyse()
        storyline.link()
        (story,) = storyline.explain()
    return story


def test_who_said_it_needs_a_pinned_statement_and_two_people(tmp_path: Path) -> None:
    said = "said two gunmen opened fire at Beaumont Hospital in Royal Oak on Monday, wounding a nurse."
    own = ["The hospital stayed closed to visitors through the evening while detectives searched the wards. "
           "Surgeons postponed routine operations. The state governor ordered flags lowered on public buildings.",
           "Neighbours described hearing several shots before patrol cars filled the parking lot. A school nearby "
           "kept its pupils indoors. Bus routes around the campus were changed until late at night.",
           "The city council postponed its Monday evening meeting after news of the attack spread. Union leaders "
           "asked for more guards on night shifts. Blood donors queued outside the emergency entrance."]
    items = [{"title": f"Shooting at Beaumont Hospital ({outlet})", "source": outlet, "published": "2024-06-03",
              "text": f"{speaker} {said} {extra} {held}"} for (outlet, speaker, held), extra in zip([
                 ("Outlet A", "Police Chief Charles Craft", "Officials said 12 Somali pirates were held in Royal Oak."),
                 ("Outlet B", "Hospital spokeswoman Ilene Wolff", "Officials said 12 Somali and 11 Yemeni pirates were held."),
                 ("Outlet C", "Hospital spokeswoman Ilene Wolfe", "In Royal Oak, 12 Somali pirates are being held, officials say.")],
                 own)]
    story = _explain_one(tmp_path, items)
    who = [f for f in story.disagreements if f.kind == "attribution"]
    assert sorted(sorted(s.value for s in f.sides) for f in who) == [
        ["Charles Craft", "Ilene Wolfe"], ["Charles Craft", "Ilene Wolff"]]  # Wolff and Wolfe: one person
    assert not [f for f in story.disagreements if f.kind == "number"]  # B tells 12 Somali from 11 Yemeni


def _flood(outlet: str, day: str, extra: str, title: str = "Floods hit Ostrava") -> dict[str, str]:
    return {"title": title, "source": outlet, "published": day, "text": f"{FLOOD} {extra}"}


def test_a_figure_one_outlet_moves_over_weeks_is_an_update_not_a_disagreement(tmp_path: Path) -> None:
    story = _explain_one(tmp_path, [
        _flood("Wire", "2024-06-03", "Crews have laid almost 800,000 feet of boom along the river banks."),
        _flood("Wire", "2024-06-10", "Crews have laid 900,000 feet of boom along the river banks.", "Ostrava cleans up"),
        _flood("Wire", "2024-06-17", "Crews have laid 1,100,000 feet of boom along the river banks.", "Ostrava rebuilds")])
    assert not [f for f in story.disagreements if f.kind == "number"]
    (update,) = story.updates
    assert [side.value for side in update.sides] == [
        "almost 800,000 feet (2024-06-03)", "900,000 feet (2024-06-10)", "1,100,000 feet (2024-06-17)"]
    assert "almost 800,000 feet (2024-06-03) -> 900,000 feet (2024-06-10)" in update.note


def test_rounding_and_hedges_agree_and_other_places_are_not_compared(tmp_path: Path) -> None:
    own = ("Storms over central Europe left the Ostrava region dark on Monday. The floods cut power to about 5 "
           "million people in the Ostrava region, the grid operator said. In Vienna, the river flooded 80 homes "
           "on Monday. Engineers expect to restore most lines within two days.")
    story = _explain_one(tmp_path, [
        _flood("Outlet A", "2024-06-03", "The floods cut power to 4.9 million people in the Ostrava region. "
                                         "In Prague, the river flooded 120 homes on Monday."),
        {"title": "Ostrava in the dark", "source": "Outlet B", "published": "2024-06-03", "text": own}])
    assert not story.disagreements  # 4.9 and "about 5" million agree; Prague's homes are not Vienna's
    (near,) = [f for f in story.agreements if f.closeness == "close"]
    assert [side.value for side in near.sides] == ["approximately 5 million", "4.9 million"]  # hedges normalised


def test_outlets_in_step_a_day_apart_do_not_disagree_but_at_odds_they_do(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    in_step = _explain_one(tmp_path / "a", [
        _flood("Wire", "2024-06-03", "Officials said 20 people were killed in the flooding."),
        _flood("Herald", "2024-06-04", "Officials said 26 people were killed in the flooding.", "Ostrava mourns"),
        _flood("Wire", "2024-06-04", "Officials said 26 people were killed in the flooding.", "Ostrava toll rises")])
    assert not [f for f in in_step.disagreements if f.kind == "number"]
    at_odds = _explain_one(tmp_path / "b", [
        _flood("Wire", "2024-06-03", "Officials said 20 people were killed in the flooding."),
        _flood("Herald", "2024-06-03", "Officials said 31 people were killed in the flooding.", "Ostrava mourns")])
    (toll,) = [f for f in at_odds.disagreements if f.kind == "number"]
    assert [side.value for side in toll.sides] == ["31", "20"]
    # The wire's own bound the next day ("more than 20") is no figure it gives: still at odds.
    (tmp_path / "c").mkdir()
    bound = _explain_one(tmp_path / "c", [
        _flood("Wire", "2024-06-03", "Officials said 20 people were killed in the flooding."),
        _flood("Herald", "2024-06-03", "Officials said 31 people were killed in the flooding.", "Ostrava mourns"),
        _flood("Wire", "2024-06-04", "Officials said more than 20 people were killed in the flooding.", "Ostrava toll")])
    assert [sorted(side.value for side in f.sides) for f in bound.disagreements if f.kind == "number"] == [["20", "31"]]


def test_a_count_beyond_others_is_not_the_total(tmp_path: Path) -> None:
    def numbers(name: str, second: str) -> list[list[str]]:
        (tmp_path / name).mkdir()
        story = _explain_one(tmp_path / name, [
            _flood("Wire", "2024-06-03", "Police said three victims were taken to hospital after the flooding."),
            _flood("Herald", "2024-06-03", f"Police said {second} were taken to hospital after the flooding.",
                   "Ostrava mourns")])
        return [[side.value for side in f.sides] for f in story.disagreements if f.kind == "number"]

    assert numbers("other", "two other victims") == []  # three in all, two besides the first
    assert numbers("total", "two victims") == [["three", "two"]]


def test_a_copy_that_moves_a_date_or_renames_a_speaker_is_a_finding(tmp_path: Path) -> None:
    said = (" The dam gave way on June 1, flooding the lower town, and rescuers worked through the night. "
            "\"We will rebuild every house that the water took from our city,\" said Petr Holub, the deputy mayor.")
    original = _flood("Wire", "2024-06-03", said)
    copy = _flood("Courier", "2024-06-03", said.replace("June 1", "June 2").replace("Petr Holub", "Karel Dvorak"))
    story = _explain_one(tmp_path, [original, copy])
    kinds = {f.kind: f for f in story.disagreements}
    assert [side.value for side in kinds["date"].sides] == ["2024-06-01", "2024-06-02"]
    assert {side.value for side in kinds["attribution"].sides} == {"Petr Holub", "Karel Dvorak"}


def test_a_later_date_needs_a_future_cue_to_be_upcoming(tmp_path: Path) -> None:
    story = _explain_one(tmp_path, [_flood("Wire", "2024-05-20", (
        "The council published its flood plan in January, after November's storms had cut the town off. "
        "The new river wall will open in September, the mayor said."))])
    dates = {e.date: e.upcoming for e in story.timeline}
    assert dates.get("2024-09") is True  # "will open in September"
    assert "2024-11" not in dates and "2023-11" in dates  # November's storms were last year's, not next


def test_an_earlier_year_in_the_body_is_background_not_a_contradiction(tmp_path: Path) -> None:
    item = {"title": "Ellen DeGeneres to host the 2014 Oscars", "source": "Outlet A", "published": "2013-08-02",
            "text": "Ellen DeGeneres will host the Academy Awards again, the Academy said on Friday. "
                    "DeGeneres previously hosted the Oscars in 2007 and was nominated for an Emmy for it."}
    assert not _explain_one(tmp_path, [item]).disagreements


def test_key_dates_are_the_days_other_reports_look_back_on(tmp_path: Path) -> None:
    later = [("2024-06-05", "Ostrava began to clear mud from its streets on Wednesday, two days after the floods of "
                            "June 3 drove thousands from their homes. Mayor Jana Novakova said the river had receded."),
             ("2024-06-10", "A week after the June 3 floods in Ostrava, the city council voted on Monday to rebuild the "
                            "river wall. Mayor Jana Novakova said the floods had damaged 400 homes."),
             ("2024-06-11", "Insurers in Ostrava said on Tuesday that claims from the June 3 floods topped 40 million "
                            "koruna. Mayor Jana Novakova asked the government for flood aid. The city last flooded "
                            "on July 7, 1997.")]
    items = [{"title": "Floods hit Ostrava", "source": "Wire", "published": "2024-06-03", "text": FLOOD}]
    items += [{"title": f"Ostrava report {n}", "source": f"Outlet {n}", "published": day, "text": body}
              for n, (day, body) in enumerate(later)]
    with Storyline(tmp_path / "s.db") as storyline:
        storyline.ingest(_records(tmp_path / "a.jsonl", items))
        storyline.analyse()
        storyline.link()
        (story,) = storyline.explain()
        material = load(storyline.store, story.story_id)
    (first,) = key_dates(material, dates=1, per_date=2)
    assert first.date == "2024-06-03" and len(first.sources) == 4
    # the day told by a report looking back on it and by the day's own report ("on Monday")
    assert [c.text for c in first.sentences] == [
        "A week after the June 3 floods in Ostrava, the city council voted on Monday to rebuild the river wall.",
        "Heavy rain flooded the river town of Ostrava on Monday, cutting power to thousands of homes."]
    assert [k.date for k in story.key_dates] == sorted(k.date for k in story.key_dates)
    assert story.key_dates[0] == key_dates(material, dates=10, per_date=2)[0]
    # The 1997 flood, named by one report, is the story's history: the second key date is a day
    # of the story's own reports, though none of them names it from another day.
    assert "1997-07-07" in {r.value for m in material.members for r in m.analysis.times}
    assert [k.date for k in key_dates(material, dates=2, per_date=1)] == ["2024-06-03", "2024-06-05"]
    # asked for a period, the most reported day outside it gives way to the next inside it
    assert [k.date for k in key_dates(material, dates=1, per_date=1, within=("2024-06-04", "2024-06-30"))] == \
        ["2024-06-05"]


def test_sentences_start_after_the_dateline() -> None:
    body = "KYIV, Ukraine (AP) — The first Patriot battery arrived. WASHINGTON — The Senate voted."
    first, second = sentences("a", body)
    assert first.text == "The first Patriot battery arrived." and body[first.start:first.end] == first.text
    assert second.text == "The Senate voted." and "kyiv" not in first.words


def test_a_quote_opening_a_sentence_is_its_own_not_the_one_before() -> None:
    body = 'Rain flooded Ostrava. "We never saw this," said the mayor. \u201cNor I,\u201d he added. It was "fine." (AP) Then.'
    assert [s.text for s in sentences("a", body)] == [
        "Rain flooded Ostrava.", '"We never saw this," said the mayor.', "\u201cNor I,\u201d he added.",
        'It was "fine."', "(AP) Then."]
    assert all(body[s.start:s.end] == s.text for s in sentences("a", body))


def test_sentence_words_are_content_stems_however_they_are_read() -> None:
    [sentence] = sentences("a", "The councils approved 3 new tram lines on Tuesday, a first.")
    assert sentence.words == {"council", "approv", "3", "new", "tram", "line", "tuesday", "first"}
    assert text.stems(sentence.text) == sentence.words  # a string, split into tokens again
    assert text.stems(token for token in text.sentencizer().make_doc(sentence.text)) == sentence.words


def test_centrality_compares_each_with_all_up_to_its_sample_then_with_a_spread() -> None:
    groups = [frozenset({"tram", "council", f"w{n % 7}"}) for n in range(30)] + [frozenset({"flood"})]
    idf = text.weights(groups)
    every = [sum(text.overlap(a, b, idf) for j, b in enumerate(groups) if j != i) for i, a in enumerate(groups)]
    assert text.centrality(groups, idf) == every
    assert every[-1] == 0.0 and min(every[:-1]) > 3  # the odd one out says nothing the others say
    assert text.spread(list(range(31)), 10) == [0, 4, 8, 12, 16, 20, 24, 28]
    assert text.spread(list(range(8)), 10) == list(range(8))
    sampled = text.centrality(groups, idf, sample=10)
    assert sampled[0] == sum(text.overlap(groups[0], groups[j], idf) for j in range(4, 31, 4))
    assert sampled.index(max(sampled)) != 30 and sampled[-1] == 0.0


HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"


def test_reports_escape_article_text(tmp_path: Path) -> None:
    item = {"title": f"Breaking {HOSTILE}", "source": "Evil <b>Outlet</b>", "published": "2024-06-03",
            "url": "javascript:alert(1)", "text": f"{FLOOD} {HOSTILE} The mayor said more rain is due."}
    with Storyline(tmp_path / "s.db") as storyline:
        storyline.ingest(_records(tmp_path / "a.jsonl", [item]))
        storyline.analyse()
        storyline.link()
        index = storyline.report(tmp_path / "report")
    pages = [p.read_text("utf-8") for p in index.parent.glob("*.html")]
    assert len(pages) == 2
    for page in pages:
        assert "<script" not in page and "<img" not in page and "javascript:" not in page
    assert "&lt;script&gt;" in (index.parent / "story-1.html").read_text("utf-8")
    markdown = (index.parent / "report.md").read_text("utf-8")
    assert re.search(r"(?<!\\)<", markdown) is None and "\\<script\\>" in markdown  # every < escaped
    document = json.loads((index.parent / "report.json").read_text("utf-8"))
    assert document["schema"] == "storyline/1" and HOSTILE in document["articles"][0]["title"]


def test_run_writes_the_report_and_prints_the_overview(cli, tmp_path: Path) -> None:
    result = cli("run", SEEDS, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1] == f"report: {tmp_path / 'out' / 'index.html'}"
    assert "! attribution" in result.stdout and "! number" not in result.stdout  # $61 vs $60 billion: rounding
    assert "5 articles, 1 story" in result.stdout and "2023-11-29  1 article   US says" in result.stdout
    document = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert document["schema"] == "storyline/1" and len(document["articles"]) == 5
    story = document["stories"][0]
    assert {"id", "title", "articles", "events", "timeline", "agreements", "disagreements", "quotes", "summary",
            "coverage", "copies"} <= set(story)
    assert all(a["story"] == story["id"] and (a["path"] or a["url"]) for a in document["articles"])
    again = cli("run", SEEDS, "--out", tmp_path / "out")  # re-running is safe and gives the same report
    assert again.exit_code == 0
    redo = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert redo["stories"] == document["stories"]


def test_export_formats(cli, tmp_path: Path) -> None:
    cli("run", SEEDS, "--out", tmp_path / "out")
    markdown = cli("export", "--format", "md")
    assert markdown.exit_code == 0 and "### Timeline" in markdown.stdout and "**2025-01-20** *(upcoming)*" in markdown.stdout
    assert json.loads(cli("export").stdout)["schema"] == "storyline/1"
    html = cli("export", "--format", "html", "--out", tmp_path / "html")
    assert html.exit_code == 0 and (tmp_path / "html" / "story-1.html").exists()
    cli("export", "--format", "json", "--out", tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["schema"] == "storyline/1"
    bad = cli("export", "--format", "pdf")
    assert bad.exit_code == 1 and bad.stderr.strip() == "error: --format: 'pdf' is not one of json, md, html"
