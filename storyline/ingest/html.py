"""HTML pages: main text through trafilatura; what the page declares (headline, site, date) read the
way Readability reads it, trafilatura's and htmldate's findings filling the gaps."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from trafilatura.utils import load_html

from storyline.errors import InputError
from storyline.ingest.dates import parse_any_date, parse_iso_date
from storyline.ingest.metadata import PageMetadata, page_metadata
from storyline.models import PublishedDate, RawArticle

# htmldate's extensive search reads dates out of free text; for a publication date we only
# trust the page's metadata and URL, and never fall back to today.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_HIDDEN_CANDIDATES = lxml.etree.XPath("//*[@hidden or @aria-hidden or @style]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article",
           "figcaption", "pre", "ul", "ol", "table")


def extract(html: str | lxml.html.HtmlElement, url: str | None = None) -> trafilatura.settings.Document | None:
    """The one trafilatura call Storyline makes (the benchmark compares against it)."""
    return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                       date_extraction_params=_DATE_PARAMS)


def read_html(html: str, origin: str, path: str | None = None, url: str | None = None) -> RawArticle:
    try:
        tree = load_html(html)
        declared = page_metadata(tree) if tree is not None else PageMetadata()
        visible = without_hidden(tree) if tree is not None else None
        repeats = repeated_paragraphs(visible) if visible is not None else {}
        result = extract(visible if visible is not None else html, url)
    except Exception as exc:  # trafilatura raises many lxml types on broken markup
        raise InputError(origin, f"malformed HTML ({type(exc).__name__})") from None
    if result is None or not (result.text or "").strip():
        raise InputError(origin, "no article text found in the HTML")
    text = with_repeats(result.text, repeats)
    page_url = url or result.url
    domain = urlsplit(page_url).hostname if page_url else result.hostname
    title, title_from = (declared.title, declared.title_from) if declared.title else (result.title, "trafilatura")
    site, site_from = (declared.site_name, declared.site_from) if declared.site_name else (result.sitename, "trafilatura")
    return RawArticle(
        text=text,
        origin=origin,
        format="html",
        path=path,
        url=page_url,
        title=title or None,
        title_source=f"HTML metadata ({title_from})" if title else None,
        source=site or None,
        source_evidence=f"HTML metadata ({site_from})" if site else None,
        domain=domain.removeprefix("www.") if domain else None,
        author=declared.author or result.author or None,
        published=_published(declared, result.date),
    )


def without_hidden(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The page as a reader sees it: elements the page hides (the `hidden` attribute, `display: none` or
    `visibility: hidden` inline, `aria-hidden="true"`) are dropped, their tails kept. Templates park
    menus, dialogs and the other edition of a text there; none of it is the article."""
    for element in _HIDDEN_CANDIDATES(tree):
        style = element.get("style") or ""
        hidden = (element.get("hidden") is not None or _HIDDEN_STYLE.search(style)
                  or (element.get("aria-hidden") == "true" and "fallback-image" not in (element.get("class") or "")))
        if hidden and element.getparent() is not None and element.tag not in ("html", "body"):
            element.drop_tree()
    return tree


def repeated_paragraphs(tree: lxml.html.HtmlElement) -> dict[str, int]:
    """Paragraph text -> how many times the page prints it, where it does so in one place (twin `<p>`s
    of one class under one parent). trafilatura drops a paragraph equal to the one before it, as
    its own candidates can overlap; a page that really says a thing twice is kept as it is."""
    runs: dict[str, int] = {}
    for parent in {p.getparent() for p in tree.iter("p") if p.getparent() is not None}:
        seen: dict[tuple[str | None, str], int] = {}
        for child in parent.iterchildren("p"):
            key = (child.get("class"), " ".join(child.text_content().split()))
            if key[1]:
                seen[key] = seen.get(key, 0) + 1
        for (_, paragraph), count in seen.items():
            if count > 1:
                runs[paragraph] = max(runs.get(paragraph, 1), count)
    return runs


def with_repeats(text: str, repeats: dict[str, int]) -> str:
    """The extracted text with each repeated paragraph as often as the page prints it, the copies
    right after the last one kept (wherever the extractor wrapped its lines)."""
    for paragraph, times in repeats.items():
        found = list(re.finditer(r"\s+".join(map(re.escape, paragraph.split())), text))
        if found and len(found) < times:
            last = found[-1]
            text = text[: last.end()] + ("\n" + last.group()) * (times - len(found)) + text[last.end():]
    return text


def _published(declared: PageMetadata, found_by_htmldate: str | None) -> PublishedDate | None:
    """The page's declared publication time, else the date htmldate finds in its markup or URL."""
    if declared.published and (stated := parse_any_date(declared.published)):
        return PublishedDate(stated.value, stated.precision, evidence=f"HTML metadata ({declared.published_from})")
    if found_by_htmldate and (found := parse_iso_date(found_by_htmldate)):
        return PublishedDate(found.value, found.precision, evidence="HTML metadata (htmldate)")
    return None


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item, a JSON `content` field), one block per paragraph."""
    if "<" not in fragment:
        return fragment
    try:
        tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return fragment
    for element in list(tree.iter("script", "style", "noscript")):
        element.drop_tree()
    for element in tree.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    return "\n\n".join(line for line in lines if line)
