"""Boilerplate learnt from the store: an outlet's footer, repeated under otherwise unrelated articles,
leaves them all, the stored ones too, and never reaches a summary; copies and updates of one story,
which share whole sentences as news, keep them."""

from __future__ import annotations

import json
from pathlib import Path

from storyline import Storyline

FOOTER = "Sign up to the Valley Times morning briefing for the stories that matter in the valley."
POLICY = "We welcome comments that advance the story through relevant opinion, anecdotes and data."
TOPICS = [
    ("Reservoirs fall to lowest level in 30 years", "Reservoirs serving the southern valley have fallen to 23 percent "
     "of capacity. Farmers have been told to cut irrigation by a third. Hydrologists blamed a dry winter."),
    ("Council approves new tram line", "The city council voted 31 to 18 to build a tram line to the university. The "
     "line will cost 410 million euros. Opponents said buses would be cheaper."),
    ("Chipmaker to open research centre", "A semiconductor maker will open a research centre with 600 engineers. It "
     "will design low-power chips for electric cars. The minister welcomed the investment."),
    ("Museum returns stolen painting", "The city museum returned a painting stolen from a chapel in 1972. Detectives "
     "traced it through an auction catalogue. The bishop thanked the curators."),
    ("Marathon record falls in heat", "A Kenyan runner broke the course record despite the heat. Organisers added "
     "water stations after complaints. Two runners were treated for exhaustion."),
    ("Bakery chain recalls bread", "A bakery chain recalled four kinds of bread over traces of sesame. Stores removed "
     "the loaves on Friday. No illnesses have been reported."),
    ("Ferry service cut for winter", "The island ferry will run twice a day instead of five times until March. "
     "Islanders said the cut would hurt shops. The operator blamed fuel costs."),
]


def _records(topics: list[tuple[str, str]], outlet: str | None = "Valley Times") -> str:
    rows = []
    for n, (title, text) in enumerate(topics):
        record = {"title": title, "text": f"{text}\n\n{POLICY}\n\n{FOOTER}", "date": f"2024-0{1 + n % 9}-1{n % 9}"}
        if outlet:
            record["source"] = outlet
        rows.append(json.dumps(record))
    return "\n".join(rows)


def test_a_footer_under_unrelated_articles_leaves_them_all_the_stored_ones_too(tmp_path: Path, db: str) -> None:
    (tmp_path / "first.jsonl").write_text(_records(TOPICS[:4]), "utf-8")
    (tmp_path / "later.jsonl").write_text(_records(TOPICS[4:]), "utf-8")
    with Storyline(db) as sl:
        sl.ingest(tmp_path / "first.jsonl")
        assert sl.analyse().analysed == 4
        assert all(FOOTER in a.text for a in sl.articles())  # four is not many yet
        sl.ingest(tmp_path / "later.jsonl")
        articles = sl.articles()
        assert len(articles) == 7
        assert not any(FOOTER in a.text or POLICY in a.text for a in articles)
        first = next(a for a in articles if a.title == TOPICS[0][0])
        assert {(r.text, r.reason) for r in first.removed} == {(FOOTER, "repeated in 7 articles of Valley Times"),
                                                              (POLICY, "repeated in 7 articles of Valley Times")}
        # The stored articles' offsets moved: their analyses are redone, their text searched anew.
        assert sl.analyse().analysed == 7
        assert sl.search("briefing") == []
        sl.link()
        summary = " ".join(s["text"] for story in sl.export()["stories"] for s in story["summary"])
        assert "briefing" not in summary and "welcome comments" not in summary


def test_versions_of_one_story_keep_the_sentences_they_share(tmp_path: Path) -> None:
    body = ("The council voted 31 to 18 on Tuesday to build a tram line linking the harbour with the university. "
            "The line will cost about 410 million euros and is due to open in 2029. Opponents argued that buses "
            "could serve the route at a fraction of the cost.")
    versions = [{"title": f"Tram line approved (update {n})", "source": "Valley Times",
                 "text": f"{body} Update {n}: councillor number {n} asked for a recount, which was refused."}
                for n in range(7)]
    (tmp_path / "updates.jsonl").write_text("\n".join(json.dumps(v) for v in versions), "utf-8")
    with Storyline(tmp_path / "u.db") as sl:
        assert len(sl.ingest(tmp_path / "updates.jsonl").ingested) == 7
        assert all(a.text.startswith("The council voted 31 to 18") for a in sl.articles())
        assert not any(r.reason.startswith("repeated in") for a in sl.articles() for r in a.removed)


def test_an_article_of_no_known_outlet_loses_an_outlets_furniture_and_is_taken_for_its_own(tmp_path: Path) -> None:
    (tmp_path / "outlet.jsonl").write_text(_records(TOPICS[:6]), "utf-8")
    (tmp_path / "stray.txt").write_text(f"{TOPICS[6][0]}\n\n{TOPICS[6][1]}\n\n{FOOTER}\n", "utf-8")
    with Storyline(tmp_path / "s.db") as sl:
        sl.ingest(tmp_path / "outlet.jsonl")
        [stray] = [sl.article(i) for i in sl.ingest(tmp_path / "stray.txt").ingested]
        assert FOOTER not in stray.text
        assert stray.source == "Valley Times"
        assert stray.source_evidence.startswith("carries furniture of 6 Valley Times articles: 'Sign up to the")


def test_an_article_that_is_only_furniture_is_refused_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "outlet.jsonl").write_text(_records(TOPICS[:6]), "utf-8")
    (tmp_path / "empty.jsonl").write_text(json.dumps({"title": "Newsletter", "source": "Valley Times",
                                                      "text": f"{POLICY}\n\n{FOOTER}"}), "utf-8")
    with Storyline(tmp_path / "e.db") as sl:
        sl.ingest(tmp_path / "outlet.jsonl")
        report = sl.ingest(tmp_path / "empty.jsonl")
        assert report.ingested == []
        assert report.failures == [f"{tmp_path / 'empty.jsonl'}#1: no article text left after removing boilerplate "
                                   "(every sentence is repeated in many articles of its outlet)"]
