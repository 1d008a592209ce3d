"""The terminal overview `storyline run` prints: stories, their events, and what the outlets dispute."""

from __future__ import annotations

from collections import Counter
from typing import Any

from storyline.report.document import UNDATED, counted, span

STORIES, EVENTS, FINDINGS = 10, 8, 5


def overview(document: dict[str, Any]) -> str:
    stories = document["stories"]
    lines = [f"warning: {w}" for w in document.get("warnings", [])]
    lines.append(f"{_articles(document['articles'])}, {counted(len(stories), 'story', 'stories')}")
    skipped = Counter(item["stage"] for item in document.get("skipped", []))
    if skipped:
        lines[-1] += "; not in the stories: " + ", ".join(f"{n} at {stage}" for stage, n in skipped.items())
    for story in stories[:STORIES]:
        lines += ["", f"story {story['id']}: {story['title']}  ({span(story['first'], story['last'])}, "
                      f"{_articles(story['articles'])}, {counted(len(story['events']), 'event', 'events')})"]
        if story.get("entities"):
            lines.append(f"  about: {', '.join(story['entities'][:5])}")
        for event in story["events"][:EVENTS]:
            lines.append(f"  {event['date'] or UNDATED:<10}  {_articles(event['articles']):<10}  {event['title']}")
        if len(story["events"]) > EVENTS:
            lines.append(f"  ... {len(story['events']) - EVENTS} more events")
        for finding in story["disagreements"][:FINDINGS]:
            sides = " vs ".join(f"{side['value']} ({', '.join(a[:8] for a in side['sources'])})" for side in finding["sides"])
            closeness = f", {finding['closeness']}" if finding["closeness"] else ""
            lines.append(f"  ! {finding['kind']}{closeness}: {finding['about']}: {sides}")
        for finding in story["updates"][:FINDINGS]:
            steps = [side["value"] for side in finding["sides"]]
            steps = steps if len(steps) <= 4 else [*steps[:2], f"... {len(steps) - 3} more", steps[-1]]
            lines.append(f"  ~ update: {finding['about']}: {' -> '.join(steps)}")
        if story["agreements"]:
            agreements = counted(len(story["agreements"]), "agreement", "agreements")
            lines.append(f"  = {agreements}, e.g. {story['agreements'][0]['about']}")
    if len(stories) > STORIES:
        lines.append(f"\n... {len(stories) - STORIES} more stories in the report")
    return "\n".join(lines)


def _articles(ids: list[str]) -> str:
    return counted(len(ids), "article", "articles")
