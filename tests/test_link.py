"""The link stage: copies on constructed pairs, the seeds' story, events and inferred dates."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

from conftest import SEEDS
from samples import STORIES, story_text
from storyline import Storyline
from storyline.link.copies import compare
from storyline.link.dating import closest_named_day
from storyline.link.similarity import rarity, time_factor, weigh
from storyline.models import TimeRef

PARAGRAPHS = STORIES[0]["paragraphs"]
ORIGINAL = story_text(STORIES[0])


def test_wire_copy_with_a_new_headline_is_exact() -> None:
    link = compare(("a", ORIGINAL, "2024-04-17"), ("b", ORIGINAL + "\n", "2024-04-18"))
    assert (link.original, link.copy, link.kind, link.share, link.older_known) == ("a", "b", "exact", 1.0, True)


def test_reordered_paragraphs_and_an_added_one_are_a_near_copy() -> None:
    rewritten = "\n\n".join([PARAGRAPHS[2], PARAGRAPHS[0], PARAGRAPHS[3], PARAGRAPHS[1],
                             "The council will publish the route map next month, officials added."])
    link = compare(("b", rewritten, "2024-04-18"), ("a", ORIGINAL, "2024-04-17"))
    assert (link.original, link.copy, link.kind) == ("a", "b", "near")
    assert 0.85 < link.share < 1.0
    assert len(link.pairs) == 5  # all five sentences of the original stand in the copy


def test_forty_percent_copied_is_a_rewrite_with_its_sentence_pairs() -> None:
    copied = "\n\n".join(PARAGRAPHS[:2])
    fresh = "\n\n".join(STORIES[2]["paragraphs"][:3])
    link = compare(("a", ORIGINAL, "2024-04-17"), ("b", copied + "\n\n" + fresh, "2024-04-19"))
    assert link.kind == "rewrite" and 0.3 < link.share < 0.5
    assert [ORIGINAL[p[0]:p[1]].split()[0] for p in link.pairs] == ["The", "The", "Construction"]


def test_same_event_in_other_words_is_not_a_copy() -> None:
    other = ("Councillors backed the harbour-to-campus tram by 31 votes to 18 on Tuesday after two years of argument. "
             "Transport chief Ahmed Sayed put the price at roughly 410 million euros and the opening in 2029. "
             "Bus advocates and a residents' group are weighing a legal challenge.")
    assert compare(("a", ORIGINAL, "2024-04-17"), ("b", other, "2024-04-17")) is None


def _key(article) -> str:
    return Path(article.path).name[:3]


def test_seeds_make_one_story_with_the_gold_events(seeds: Storyline, gold) -> None:
    [story] = seeds.stories()
    assert story.articles == 5 and story.events == 3
    events = seeds.story(story.id).events
    found = {ev.date: sorted(_key(a) for a in ev.articles) for ev in events}
    expected = {e["date"]: sorted(e["members"]) for e in gold["events"].values()}
    assert found == expected
    assert seeds.copies() == []


def test_undated_seeds_get_the_gold_dates_with_evidence(seeds: Storyline, gold) -> None:
    articles = {_key(a): a for a in seeds.articles()}
    for key, expected in gold["articles"].items():
        assert articles[key].published.day == expected["published"]["date"]
    assert articles["001"].published.inferred
    assert articles["001"].published.evidence.startswith("'Wednesday' and the same event as ")
    assert articles["003"].published.evidence.endswith("give Tuesday 2024-05-14")
    assert not articles["002"].published.inferred


def test_time_expressions_of_dated_articles_are_resolved_then(seeds: Storyline) -> None:
    articles = {_key(a): a for a in seeds.articles()}
    times = {t.text: t for t in seeds.analysis(articles["001"].id).times}
    assert (times["Jan. 20"].value, times["Jan. 20"].upcoming, times["Jan. 20"].anchor) == ("2025-01-20", True, "2024-11-13")
    assert times["Tuesday"].value == "2024-11-12"


def test_the_order_files_are_given_in_does_not_matter(tmp_path: Path) -> None:
    results = []
    for name, order in (("forward", sorted(SEEDS.glob("*.txt"))), ("backward", sorted(SEEDS.glob("*.txt"), reverse=True))):
        with Storyline(tmp_path / f"{name}.db") as storyline:
            storyline.ingest(order)
            storyline.analyse()
            storyline.link()
            story = storyline.story(storyline.stories()[0].id)
            results.append({ev.date: sorted(_key(a) for a in ev.articles) for ev in story.events})
    assert results[0] == results[1]


def test_wire_copies_between_outlets_are_linked(tmp_path: Path) -> None:
    records = [{"title": "Tram line approved", "text": ORIGINAL, "source": "Daily A", "date": "2024-04-17"},
               {"title": "Council says yes to tram", "text": ORIGINAL + "\n\nA public meeting is planned for May.",
                "source": "Daily B", "date": "2024-04-18"}]
    (tmp_path / "wire.json").write_text(json.dumps(records), "utf-8")
    with Storyline(tmp_path / "w.db") as storyline:
        storyline.ingest(tmp_path / "wire.json")
        storyline.analyse()
        report = storyline.link()
        [link] = storyline.copies()
        assert report.copies == 1 and link.kind == "near"
        original = storyline.article(link.original)
        assert original.source == "Daily A" and link.older_known
        [story] = storyline.stories()
        assert story.events == 1 and story.outlets == ("Daily A", "Daily B")
        # Links among many articles are read a few hundred originals at a time, and only those
        # whose both ends are among them come back.
        padding = [f"{n:016x}" for n in range(1200)]
        assert storyline.store.copies(among=[*padding, link.copy, *padding[::-1], link.original]) == [link]
        assert storyline.store.copies(among=[*padding, link.original]) == []


SANCTIONS = ("The United States will lift economic sanctions on Sudan, officials in Washington said on Tuesday, "
             "citing progress on fighting and on access for aid groups. Sudan's government welcomed the decision "
             "and said it honoured the country's efforts.")
FARMERS = ("Farmers in Gezira say they hope to sell cotton and sesame abroad again after the end of the embargo on "
           "Sudan. Merchants expect banks to reopen accounts with foreign lenders within months. Prices of imported "
           "seed and fertiliser have doubled over five years, growers told reporters.")


def test_a_loose_follow_up_joins_the_story_within_days_but_not_months_later(tmp_path: Path) -> None:
    """The farmers' report shares the subject, not the words: a follow-up two days on, a different
    story eight months on (a weak link no longer chains subjects across the months)."""
    def stories(name: str, second: str) -> int:
        records = [{"title": "US to lift Sudan sanctions", "text": SANCTIONS, "source": "Daily A", "date": "2015-03-10"},
                   {"title": "Sudan's farmers look abroad", "text": FARMERS, "source": "Daily B", "date": second}]
        (tmp_path / f"{name}.json").write_text(json.dumps(records), "utf-8")
        with Storyline(tmp_path / f"{name}.db") as storyline:
            storyline.ingest(tmp_path / f"{name}.json")
            storyline.analyse()
            storyline.link()
            return len(storyline.stories())

    assert stories("days", "2015-03-12") == 1
    assert stories("months", "2015-11-12") == 2


def test_an_undated_report_of_a_like_event_is_not_given_its_date(tmp_path: Path) -> None:
    """The undated hiring is like the dated firing (same coach, same team), and no date tells the
    two apart: like enough to share a story (0.29), not to be one event and take its date (0.35)."""
    fired = ("The Philadelphia 76ers fired coach Maurice Cheeks on Saturday after a 9-14 start. Assistant Tony "
             "DiLeo will take over for the rest of the season, general manager Ed Stefanski said.")
    hired = ("Maurice Cheeks will coach the Sixers on a four-year contract, owner Ed Snider announced a week after "
             "Jim O'Brien was let go. Cheeks, who played for the team for 11 seasons, said he was thrilled to return.")
    records = [{"title": "76ers fire Cheeks", "text": fired, "source": "Daily A", "date": "2008-12-13"},
               {"title": "Sixers hire Cheeks", "text": hired, "source": "Daily B"}]
    (tmp_path / "coach.json").write_text(json.dumps(records), "utf-8")
    with Storyline(tmp_path / "c.db") as storyline:
        storyline.ingest(tmp_path / "coach.json")
        storyline.analyse()
        storyline.link()
        [story] = storyline.stories()
        events = storyline.story(story.id).events
        assert [[a.title for a in ev.articles] for ev in events] == [["76ers fire Cheeks"], ["Sixers hire Cheeks"]]
        assert events[1].articles[0].published is None


def test_terms_weigh_by_their_rarity_in_the_language() -> None:
    assert rarity("flu") > rarity("year") > rarity("the") == 0.5  # the commonest words keep a floor
    assert rarity("qzxvbnm") == 6.0  # a word wordfreq does not list counts as rarer than any it does
    weights = weigh({"flu": 1, "year": 3})
    assert weights["flu"] > weights["year"] and abs(sum(w * w for w in weights.values()) - 1) < 1e-9


def test_a_story_link_decays_with_the_days_to_its_floor() -> None:
    day = date(2015, 3, 10)
    assert time_factor(day, day, day, 400, 30.0, 0.3) == 1.0
    assert abs(time_factor(date(2015, 3, 31), day, day, 400, 30.0, 0.3) - (0.3 + 0.7 * math.exp(-21 / 30))) < 1e-9
    assert 0.3 < time_factor(date(2015, 11, 12), day, day, 400, 30.0, 0.3) < 0.301
    assert time_factor(date(2016, 5, 1), day, day, 400, 30.0, 0.3) == 0.0  # past the story window
    assert time_factor(None, day, day, 400, 30.0, 0.3) == 1.0


def test_link_is_incremental_and_redo_rebuilds(tmp_path: Path) -> None:
    with Storyline(tmp_path / "i.db") as storyline:
        storyline.ingest(SEEDS)
        storyline.analyse()
        assert storyline.link().placed == 5
        assert storyline.link().placed == 0
        again = storyline.link(redo=True)
        assert (again.placed, again.events, again.stories, again.dated) == (5, 3, 1, 3)


def test_cli_stories_and_story(cli) -> None:
    cli("run", SEEDS)
    [story] = json.loads(cli("stories", "--json").stdout)
    assert (story["first"], story["last"], story["events"]) == ("2023-11-29", "2024-11-14", 3)
    shown = cli("story", str(story["id"])).stdout
    assert "event" in shown and "2024-11-13" in shown
    missing = cli("story", "999")
    assert (missing.exit_code, missing.stderr) == (1, "error: no story with id 999\n")


RIOT = ("Rioters set fire to a bank in Athens and fought police in Syntagma Square, and riot police fired tear gas "
        "at thousands of protesters marching through the Greek capital. Greece was paralysed by the riots, "
        "Prime Minister George Papandreou said.")
RIOT_AGAIN = ("Riot police fired tear gas at rioters in Athens for a sixth day, and protesters set fire to a bank "
              "near Syntagma Square, as the riots across Greece that began when police shot a schoolboy on "
              "December 6 went on.")


def test_an_undated_report_naming_days_far_from_a_like_event_stays_apart(tmp_path: Path) -> None:
    """The same words tell riots in Athens in May from riots in Athens the December before; the
    undated report names December 6, far from the dated event's days: not the same event, and not
    given its date. The same report naming May 3 joins the event and takes its date."""
    def events(name: str, undated: str) -> list[list[tuple[str, str | None]]]:
        records = [{"title": "Athens bank set on fire", "text": RIOT, "source": "Daily A", "date": "2010-05-05"},
                   {"title": "Riots go on", "text": undated, "source": "Daily B"}]
        (tmp_path / f"{name}.json").write_text(json.dumps(records), "utf-8")
        with Storyline(tmp_path / f"{name}.db") as storyline:
            storyline.ingest(tmp_path / f"{name}.json")
            storyline.analyse()
            storyline.link()
            return sorted(sorted((a.title, a.published and a.published.value) for a in ev.articles)
                          for s in storyline.stories() for ev in storyline.story(s.id).events)

    assert events("december", RIOT_AGAIN) == [[("Athens bank set on fire", "2010-05-05")], [("Riots go on", None)]]
    assert events("may", RIOT_AGAIN.replace("December 6", "May 3")) == [
        [("Athens bank set on fire", "2010-05-05"), ("Riots go on", "2010-05-05")]]


def test_an_undated_report_is_dated_by_its_last_update_else_never_before_its_event(tmp_path: Path) -> None:
    """A page dated only by 'Updated: November 11, 2011' is published that day; a report of the same
    event that says 'yesterday' is not put a day before the event it reports."""
    navy = ("The Indian Navy patrolling the Gulf of Aden thwarted a multi-boat attack by Somali pirates on "
            "merchant vessels, apprehending 26 pirates and seizing arms, in its fifth anti-piracy operation.")
    records = [{"title": "Navy foils pirate attack", "text": navy, "source": "Daily A", "date": "2011-11-11"},
               {"title": "Navy nabs 26 pirates", "source": "Daily B",
                "text": "Updated: November 12, 2011 20:09 IST\n" + navy.replace("thwarted", "on Thursday thwarted")},
               {"title": "Pirates caught", "text": navy.replace("thwarted", "yesterday thwarted"), "source": "Daily C"}]
    (tmp_path / "navy.json").write_text(json.dumps(records), "utf-8")
    with Storyline(tmp_path / "n.db") as storyline:
        storyline.ingest(tmp_path / "navy.json")
        storyline.analyse()
        storyline.link()
        [story] = storyline.stories()
        [event] = storyline.story(story.id).events
        dates = {a.title: (a.published.value, a.published.evidence) for a in event.articles}
    assert dates["Navy nabs 26 pirates"] == ("2011-11-12", "last updated 2011-11-12T20:09")
    assert dates["Pirates caught"][0] == "2011-11-11"


def test_a_day_an_undated_article_names_is_read_at_its_nearest_whatever_its_tense() -> None:
    """ "They must be finalized by Dec. 19 ... before Jan. 20": written in December 2008, so next to
    an event of March 2009 it names a day months before it, not one nine months after."""
    deadline = TimeRef(0, 7, "Dec. 19", "date", None, "day", "MD:12-19:future")
    office = TimeRef(10, 17, "Jan. 20", "date", None, "day", "MD:01-20:future")
    assert closest_named_day((deadline, office), date(2009, 3, 5)) == date(2009, 1, 20)
    assert closest_named_day((deadline,), date(2009, 3, 5)) == date(2008, 12, 19)
    assert closest_named_day((deadline,), date(2008, 12, 1)) is None  # still to come: a plan, no evidence
