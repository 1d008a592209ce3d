"""The web UI: server-rendered pages over the same store and the same templates as the static report.

Every page works without a script (filters and pagers are plain GET forms and links, highlight
toggles are CSS), ships no asset from elsewhere, and pages every long list, so a story of a
thousand articles stays a light page. A story's explanation is the one the last run kept, or is
worked out when the story has changed since (Storyline.explanation).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import FastAPI, File, Form, Query, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from storyline.api import Storyline
from storyline.errors import NotFoundError, StorylineError
from storyline.jobs import Jobs
from storyline.models import StorySummary
from storyline.report.document import exported_article
from storyline.report.html import render
from storyline.report.views import SOURCES_PAGE, Links, StoryRow, pages, pieces, segments, story_page
from storyline.serialize import SCHEMA, analysis_dict, article_dict, copy_dict

STORIES_PAGE = 50
SEARCH_LIMIT = 50
LINK = Links(served=True)


def add_pages(app: FastAPI, storyline: Storyline, jobs: Jobs, max_upload: int,
              wanted: Callable[[StorySummary, str | None, str | None, str | None, str | None], bool]) -> None:
    """The UI's routes on `app`; `wanted` filters stories as the REST API's listing does, `jobs`
    takes what the add-articles form brings."""
    common = {"schema": SCHEMA, "generated_at": None}

    def page(html: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(html, status_code=status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(page_number: Annotated[int, Query(alias="page", ge=1)] = 1, entity: str | None = None,
              outlet: str | None = None, since: str | None = None, until: str | None = None) -> HTMLResponse:
        every = storyline.stories()
        found = [s for s in every if wanted(s, since or None, until or None, entity or None, outlet or None)]
        filters = {"entity": entity, "outlet": outlet, "since": since, "until": until}
        at = pages(len(found), page_number, STORIES_PAGE, params=filters)
        shown = found[(at.number - 1) * STORIES_PAGE:at.number * STORIES_PAGE]
        rows = [StoryRow(s.id, s.title, s.first, s.last, s.events, s.articles, len(s.outlets), s.entities) for s in shown]
        total_articles = sum(s.articles for s in every)
        return page(render("index.html.j2", LINK, rows=rows, total=len(found), total_articles=total_articles,
                           warnings=[], skipped=[], failed=[], pages=at, filters=filters, **common))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(story_id: int, sources: Annotated[int, Query(ge=1)] = 1, outlet: str | None = None) -> HTMLResponse:
        members = {a.id: a for e in storyline.story(story_id).events for a in e.articles}
        exported = storyline.explanation(story_id)
        view = story_page(exported, [exported_article(a) for a in members.values()],
                          lambda i: members[i].text if i in members else None, page=sources, outlet=outlet or None)
        at = pages(view.matching, sources, SOURCES_PAGE, key="sources", params={"outlet": outlet})
        return page(render("story.html.j2", LINK, story=exported, page=view, pages=at, outlet=outlet, **common))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(article_id: str) -> HTMLResponse:
        item = storyline.article(article_id)
        analysis = analysis_dict(storyline.analysis(item.id))
        marked, counts = segments(item.text, analysis)
        return page(render("article.html.j2", LINK, article=article_dict(item), analysis=analysis, segments=marked,
                           counts=counts, story=storyline.story_of(item.id),
                           copies=[copy_dict(c) for c in storyline.copies(of=item.id)], **common))

    @app.post("/ingest", include_in_schema=False)
    async def ingest(files: Annotated[list[UploadFile], File()] = [],  # FastAPI copies defaults per request
                     urls: Annotated[str, Form()] = "") -> RedirectResponse:
        given = [f for f in files if f.filename]  # a form sent with no file chosen sends one empty part
        job = await jobs.take(given, urls.split(), max_upload)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job(job_id: str) -> HTMLResponse:
        found = jobs.get(job_id)
        if found is None:
            raise NotFoundError(f"no job with id {job_id}")
        return page(render("job.html.j2", LINK, job=found, **common))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(q: str = "") -> HTMLResponse:
        hits, error = [], None
        if q.strip():
            try:
                hits = [{"article_id": h.article_id, "title": h.title, "source": h.source, "published": h.published,
                         "pieces": pieces(h.snippet, h.highlights)} for h in storyline.search(q, SEARCH_LIMIT)]
            except StorylineError as exc:
                error = str(exc)
        return page(render("search.html.j2", LINK, query=q, hits=hits, error=error, limit=SEARCH_LIMIT, **common),
                    400 if error else 200)


def error_page(status: int, title: str, detail: str) -> HTMLResponse:
    """What a person sees for a page that does not exist or a request that cannot be answered."""
    return HTMLResponse(render("error.html.j2", LINK, title=title, detail=detail, schema=SCHEMA, generated_at=None),
                        status_code=status)
