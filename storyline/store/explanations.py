"""Kept explanations: each story's last exported explanation, with the key it was made under.

A story's key digests everything its explanation is computed from in the store (its events, its
members with their dates and analyses, the copy links among them, its main entities) together with
a digest of the code that explains it, which the caller gives. While the key holds, the kept
document is what explaining the story again would give, so a run explains only the stories its new
articles touched and the web UI opens any other story at once.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from storyline.store.schema import analysis, article, copy_link, event, explanation, membership, story


def key(conn: Connection, story_id: int, code: str) -> str | None:
    """The story's key under `code`, None when there is no such story."""
    row = conn.execute(select(story.c.title, story.c.first, story.c.last, story.c.entities, story.c.size)
                       .where(story.c.id == story_id)).first()
    if row is None:
        return None
    events = conn.execute(select(event.c.id, event.c.date, event.c.last, event.c.title)
                          .where(event.c.story_id == story_id).order_by(event.c.id)).all()
    members = conn.execute(
        select(membership.c.article_id, membership.c.event_id, article.c.published, article.c.published_inferred,
               analysis.c.analysed_at)
        .select_from(membership.join(event, event.c.id == membership.c.event_id)
                     .join(article, article.c.id == membership.c.article_id)
                     .outerjoin(analysis, analysis.c.article_id == membership.c.article_id))
        .where(event.c.story_id == story_id).order_by(membership.c.article_id)).all()
    ids = [m.article_id for m in members]
    copies = conn.execute(select(copy_link.c.original, copy_link.c.copy, copy_link.c.kind, copy_link.c.share)
                          .where(copy_link.c.original.in_(ids), copy_link.c.copy.in_(ids))
                          .order_by(copy_link.c.original, copy_link.c.copy)).all()
    state = [code, list(row), [list(e) for e in events], [list(m) for m in members], [list(c) for c in copies]]
    return hashlib.sha256(json.dumps(state, default=str, sort_keys=True).encode()).hexdigest()


def kept(conn: Connection, story_id: int, wanted: str) -> dict[str, Any] | None:
    """The kept document of the story if it was made under `wanted`."""
    row = conn.execute(select(explanation.c.key, explanation.c.document).where(explanation.c.story_id == story_id)).first()
    return row.document if row is not None and row.key == wanted else None


def keep(conn: Connection, story_id: int, made_under: str, document: dict[str, Any]) -> None:
    conn.execute(delete(explanation).where(explanation.c.story_id == story_id))
    conn.execute(insert(explanation).values(story_id=story_id, key=made_under, document=document))


def forget_others(conn: Connection, story_ids: list[int]) -> None:
    """Drop what is kept for stories not among `story_ids` (merged or gone since)."""
    conn.execute(delete(explanation).where(explanation.c.story_id.not_in(story_ids)))
