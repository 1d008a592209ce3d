"""Articles as JSON-ready dicts: the field names documented in the README."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from storyline.models import Article


def article_dict(item: Article, with_text: bool = True) -> dict[str, Any]:
    data = asdict(item)
    data["credits"] = list(item.credits)
    data["embeds"] = [asdict(e) for e in item.embeds]
    data["removed"] = [asdict(r) for r in item.removed]
    data["words"] = len(item.text.split())
    if not with_text:
        for key in ("text", "removed", "embeds"):
            del data[key]
    return data
