"""What a web page declares about itself: headline, site, author, publication time.

A publisher states these for search engines and social cards: schema.org JSON-LD (an Article's
`headline`, `publisher`, `datePublished`), then Dublin Core, Open Graph, Twitter and Parse.ly meta
tags. They are read in the order Mozilla's Readability (Firefox Reader View) reads them, which is
what the readers of saved pages expect, and before anything guessed from the page's text: the
declared headline is the publisher's own, the `<title>` element often carries the site's name too.
When nothing is declared, the title comes from `<title>` with the site's part cut off, as Readability
cuts it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from typing import Any

from lxml.html import HtmlElement

_ARTICLE_TYPES = re.compile(
    r"^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|"
    r"BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|"
    r"ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|"
    r"DiscussionForumPosting|TechArticle|APIReference)$")
_PROPERTY = re.compile(r"\s*(article|dc|dcterm|og|twitter)\s*:\s*(author|creator|description|published_time|title|"
                       r"site_name)\s*", re.IGNORECASE)
_NAME = re.compile(r"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-.:]\s*)?"
                   r"(author|creator|pub-date|description|title|site_name)\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s[|\-–—\\/>»]\s")
_HIERARCHY = re.compile(r"\s[\\/>»]\s")
_WORDS = re.compile(r"\s+")


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    title_from: str | None = None  # "JSON-LD", "og:title" ..., or "<title>"
    site_name: str | None = None
    site_from: str | None = None
    author: str | None = None
    published: str | None = None  # as written: an ISO 8601 date or datetime, mostly
    published_from: str | None = None


def page_metadata(tree: HtmlElement) -> PageMetadata:
    values = _meta_values(tree)
    ld = _json_ld(tree)
    title, title_from = _first(("JSON-LD", _ld_title(ld, tree)), ("dc:title", values.get("dc:title")),
                               ("dcterm:title", values.get("dcterm:title")), ("og:title", values.get("og:title")),
                               ("weibo:article:title", values.get("weibo:article:title")),
                               ("weibo:webpage:title", values.get("weibo:webpage:title")),
                               ("meta title", values.get("title")), ("twitter:title", values.get("twitter:title")),
                               ("parsely-title", values.get("parsely-title")), ("<title>", article_title(tree)))
    site, site_from = _first(("JSON-LD publisher", _ld_name(ld.get("publisher"))),
                             ("og:site_name", values.get("og:site_name")))
    author_url = values.get("article:author")
    author, _ = _first(("JSON-LD", _ld_authors(ld.get("author"))), ("dc:creator", values.get("dc:creator")),
                       ("dcterm:creator", values.get("dcterm:creator")), ("author", values.get("author")),
                       ("parsely-author", values.get("parsely-author")),
                       ("article:author", None if not author_url or re.match(r"https?://", author_url) else author_url))
    published, published_from = _first(
        ("JSON-LD datePublished", ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None),
        ("article:published_time", values.get("article:published_time")),
        ("parsely-pub-date", values.get("parsely-pub-date")))
    return PageMetadata(title, title_from, site, site_from, author, published, published_from)


def _first(*options: tuple[str, str | None]) -> tuple[str | None, str | None]:
    for name, value in options:
        if value and value.strip():
            return " ".join(unescape(value).split()), name
    return None, None


def _meta_values(tree: HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        matched = False
        if prop := meta.get("property"):
            if found := _PROPERTY.search(prop):
                values[_WORDS.sub("", found.group().lower())] = content.strip()
                matched = True
        name = meta.get("name")
        if not matched and name and _NAME.match(name):
            values[_WORDS.sub("", name.lower()).replace(".", ":")] = content.strip()
    return values


def _json_ld(tree: HtmlElement) -> dict[str, Any]:
    """The page's schema.org article object, if it declares one."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        content = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", script.text or "")
        try:
            parsed = json.loads(content)
        except ValueError:
            continue
        candidates = parsed if isinstance(parsed, list) else [parsed]
        for item in candidates:
            found = _article(item)
            if found is not None:
                return found
    return {}


def _article(item: Any) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        return None
    context = item.get("@context")
    if isinstance(context, dict):
        context = context.get("@vocab")
    if not (isinstance(context, str) and re.match(r"^https?://schema\.org/?$", context)):
        return None
    if "@type" not in item and isinstance(item.get("@graph"), list):
        item = next((g for g in item["@graph"] if isinstance(g, dict) and _is_article(g.get("@type"))), None) or {}
        return item or None
    return item if _is_article(item.get("@type")) else None


def _is_article(kind: Any) -> bool:
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and _ARTICLE_TYPES.match(k) for k in kinds)


def _ld_title(ld: dict[str, Any], tree: HtmlElement) -> str | None:
    name, headline = ld.get("name"), ld.get("headline")
    if isinstance(name, str) and isinstance(headline, str) and name.strip() != headline.strip():
        # Some sites put their own name in `name`: take the one that is like the page's <title>.
        title = article_title(tree) or ""
        if _similarity(headline, title) > 0.75 and _similarity(name, title) <= 0.75:
            return headline
        return name
    return name if isinstance(name, str) else headline if isinstance(headline, str) else None


def _ld_name(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"]
    return None


def _ld_authors(value: Any) -> str | None:
    if isinstance(value, dict):
        return _ld_name(value)
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(n.strip() for n in names) or None
    return None


def _similarity(a: str, b: str) -> float:
    """How much of `b`'s wording `a` covers (Readability's text similarity)."""
    tokens_a = [t for t in re.split(r"\W+", a.lower()) if t]
    tokens_b = [t for t in re.split(r"\W+", b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [t for t in tokens_b if t not in tokens_a]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))


def article_title(tree: HtmlElement) -> str | None:
    """The `<title>`, without the site's name it is joined to: `Headline | Site` or `Site: Headline`."""
    element = tree.find(".//title")
    original = " ".join((element.text_content() if element is not None else "").split())
    if not original:
        return None
    title, hierarchical = original, False
    if _SEPARATORS.search(original):
        hierarchical = bool(_HIERARCHY.search(original))
        title = original[: list(_SEPARATORS.finditer(original))[-1].start()]
        if _count(title) < 3:
            title = re.sub(r"^[^|\-–—\\/>»]*[|\-–—\\/>»]", "", original, count=1)
    elif ": " in original:
        headings = {" ".join(h.text_content().split()) for h in tree.iter("h1", "h2")}
        if original not in headings:
            title = original[original.rindex(":") + 1:]
            if _count(title) < 3:
                title = original[original.index(":") + 1:]
            elif _count(original[: original.index(":")]) > 5:
                title = original
    elif len(original) > 150 or len(original) < 15:
        h1s = list(tree.iter("h1"))
        if len(h1s) == 1:
            title = h1s[0].text_content()
    title = " ".join(title.split())
    if _count(title) <= 4 and (not hierarchical or _count(title) != _count(_SEPARATORS.sub("", original)) - 1):
        title = original
    return title or None


def _count(text: str) -> int:
    return len(text.split())
