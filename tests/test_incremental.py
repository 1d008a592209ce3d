"""An export explains only the stories that changed; the rest come as the last export kept them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SEEDS
from storyline import Storyline, api
from storyline.serialize import explanation_dict

FLOOD = ("Heavy rain flooded the river town of Ostrava on Monday, cutting power to thousands of homes. "
         "Emergency crews evacuated the lower districts overnight, the mayor said.")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The story ids the explain stage is asked for, in order."""
    asked: list[int] = []
    real = api.explain

    def explain(store, story_ids=None, progress=None, config=None):
        asked.extend(story_ids or [])
        return real(store, story_ids, progress, config)

    monkeypatch.setattr(api, "explain", explain)
    return asked


def test_an_unchanged_story_is_not_explained_again(db: str, tmp_path: Path, counted: list[int]) -> None:
    with Storyline(db) as storyline:
        storyline.ingest(SEEDS)
        storyline.update()
        first = storyline.export()
        [seeds] = [s["id"] for s in first["stories"]]
        assert counted == [seeds]
        again = storyline.export()
        assert counted == [seeds] and again["stories"] == first["stories"]  # kept, and the same document
        assert again["stories"] == [explanation_dict(x) for x in storyline.explain()]  # what explaining gives
        (tmp_path / "flood.jsonl").write_text(json.dumps({"title": "Floods in Ostrava", "source": "Herald",
                                                         "published": "2021-03-01", "text": FLOOD}), "utf-8")
        storyline.ingest(tmp_path / "flood.jsonl")
        storyline.update()
        third = storyline.export()
        [flood] = [s["id"] for s in third["stories"] if s["id"] != seeds]
        assert counted == [seeds, flood]  # only the new story
        assert storyline.explanation(seeds) == first["stories"][0]  # a reader gets the kept one too


def test_a_change_to_the_explain_code_or_to_the_story_explains_it_again(db: str, counted: list[int],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with Storyline(db) as storyline:
        storyline.ingest(SEEDS)
        storyline.update()
        [seeds] = [s["id"] for s in storyline.export()["stories"]]
        monkeypatch.setattr(api, "code_digest", lambda: "another release")
        storyline.export()
        assert counted == [seeds, seeds]
        storyline.link(redo=True)  # placed again: a new story, nothing kept for it
        [again] = [s["id"] for s in storyline.export()["stories"]]
        assert counted == [seeds, seeds, again]


def test_a_story_whose_explanation_failed_in_part_is_never_kept(db: str, counted: list[int],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.explain import pipeline

    def broken(story):
        raise KeyError("no timeline today")

    monkeypatch.setattr(pipeline.timeline, "build", broken)
    with Storyline(db) as storyline:
        storyline.ingest(SEEDS)
        storyline.update()
        first = storyline.export()
        second = storyline.export()
        assert len(counted) == 2 and first["stories"][0]["timeline"] == [] == second["stories"][0]["timeline"]
        assert [s["origin"] for s in second["skipped"] if s["stage"] == "explain"] == [f"story {counted[0]}: timeline"]


def test_the_explain_thresholds_are_one_typed_config_and_part_of_the_key(db: str) -> None:
    from storyline.config import ExplainConfig

    with Storyline(db) as storyline:
        storyline.ingest(SEEDS)
        storyline.update()
        [default] = storyline.export()["stories"]
    assert (len(default["summary"]), len(default["key_dates"])) == (5, 7)
    with Storyline(db, explain_config=ExplainConfig(summary_sentences=2, key_dates=3)) as storyline:
        [shorter] = storyline.export()["stories"]  # not the one kept under the default thresholds
    assert (len(shorter["summary"]), len(shorter["key_dates"])) == (2, 3)


def test_a_report_rewrites_only_the_pages_of_stories_that_changed(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "report"
    with Storyline(db) as storyline:
        storyline.ingest(SEEDS)
        storyline.update()
        storyline.write_report({**storyline.export(), "generated_at": "first"}, folder)
        [page] = folder.glob("story-*.html")
        assert "at first" in page.read_text("utf-8")
        storyline.write_report({**storyline.export(), "generated_at": "second"}, folder)
        assert "at first" in page.read_text("utf-8")  # the same story: its page stays as written
        assert "at second" in (folder / "index.html").read_text("utf-8")
        page.write_text(page.read_text("utf-8").replace("storyline-page", "edited"), "utf-8")
        storyline.write_report({**storyline.export(), "generated_at": "third"}, folder)
        assert "at third" in page.read_text("utf-8")  # a page that is not what it was written as is redone
        document = storyline.export()
        story = next(s for s in document["stories"] if f"story-{s['id']}.html" == page.name)
        story["title"] = "A story that changed"
        storyline.write_report({**document, "generated_at": "fourth"}, folder)
        assert "at fourth" in page.read_text("utf-8") and "A story that changed" in page.read_text("utf-8")
