"""HTML pages: main text and metadata through trafilatura (dates via htmldate)."""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html
import trafilatura

from storyline.errors import InputError
from storyline.ingest.dates import parse_iso_date
from storyline.models import PublishedDate, RawArticle

# htmldate's extensive search reads dates out of free text; for a publication date we only
# trust the page's metadata and URL, and never fall back to today.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article",
           "figcaption", "pre", "ul", "ol", "table")


def extract(html: str, url: str | None = None) -> trafilatura.settings.Document | None:
    """The one trafilatura call Storyline makes (the benchmark compares against it)."""
    return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                       date_extraction_params=_DATE_PARAMS)


def read_html(html: str, origin: str, path: str | None = None, url: str | None = None) -> RawArticle:
    try:
        result = extract(html, url)
    except Exception as exc:  # trafilatura raises many lxml types on broken markup
        raise InputError(origin, f"malformed HTML ({type(exc).__name__})") from None
    if result is None or not (result.text or "").strip():
        raise InputError(origin, "no article text found in the HTML")
    page_url = url or result.url
    domain = urlsplit(page_url).hostname if page_url else result.hostname
    published = None
    if result.date and (found := parse_iso_date(result.date)):
        published = PublishedDate(found.value, found.precision, evidence="HTML metadata")
    return RawArticle(
        text=result.text,
        origin=origin,
        format="html",
        path=path,
        url=page_url,
        title=result.title or None,
        title_source="HTML metadata" if result.title else None,
        source=result.sitename or None,
        source_evidence="HTML metadata (site name)" if result.sitename else None,
        domain=domain.removeprefix("www.") if domain else None,
        author=result.author or None,
        published=published,
    )


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
