"""The REST API: the Python API over HTTP, described by its OpenAPI schema; and the web UI
(storyline.webui) beside it, on the same store.

`storyline serve` runs it with uvicorn, bound to 127.0.0.1 unless told otherwise. Every listing
pages (`limit`, `offset`) and says how many there are in all; every error is a problem+json
document (RFC 9457) whose `detail` is the one line the command line would print. Reading never
takes the store's writer lock, so the API serves while `storyline run` writes; the one write,
`POST /api/ingest`, is a background job that takes the lock like any writer (storyline.jobs). FastAPI's
documentation pages load their scripts from a CDN, so they are off; the schema is at
/openapi.json.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from storyline.api import Storyline
from storyline.config import IngestConfig
from storyline.jobs import Jobs, default_uploads
from storyline.errors import NotFoundError, StorylineError, TooLargeError, unexpected
from storyline.models import StorySummary
from storyline.serialize import analysis_dict, article_dict, copy_dict, entity_dict, linked_story_dict, search_hit_dict
from storyline.report.html import SERVED_CSP
from storyline.version import __version__
from storyline.webui import add_pages, error_page

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
MAX_LIMIT = 500
T = TypeVar("T")

_PROBLEM_SCHEMA = {"type": "object", "required": ["type", "title", "status", "detail"], "properties": {
    "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}}}
# Every operation may answer with a problem document; FastAPI's own 422 (plain JSON) gives way to it.
PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {"description": title, "content": {PROBLEM: {"schema": _PROBLEM_SCHEMA}}}
    for status, title in ((400, "Bad request"), (403, "Forbidden"), (404, "Not found"), (405, "Method not allowed"),
                          (413, "Content too large"), (422, "Invalid request"), (500, "Internal error"))}

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]


def create_app(db: str | Path, uploads: Path | None = None, max_upload: int = IngestConfig().max_file_bytes) -> FastAPI:
    """The application over one store, opened once for the app's life. Uploaded files are kept in
    `uploads` (default: beside an SQLite store, `NAME.db.uploads/`; else `storyline-uploads/`), each
    at most `max_upload` bytes."""
    storyline = Storyline(db)
    jobs = Jobs(db, uploads or default_uploads(db))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.close()
        storyline.close()

    app = FastAPI(title="Storyline", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  responses=PROBLEMS,
                  description="Stories, events, articles and findings of a Storyline store.")

    @app.exception_handler(StorylineError)
    async def storyline_error(request: Request, error: StorylineError) -> Response:
        status, title = (404, "Not found") if isinstance(error, NotFoundError) else (
            (413, "Content too large") if isinstance(error, TooLargeError) else (400, "Bad request"))
        return _problem(request, status, title, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"] if part not in ("query", "path"))
        return _problem(request, 422, "Invalid request", f"{where}: {first['msg']}")

    @app.middleware("http")
    async def failed(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """A bug is one line to the client and a traceback in the server's log; the connection stays up.
        Every answer carries the pages' Content-Security-Policy: nothing loads from elsewhere. A write
        sent by a page of another site (its Origin is not this server) is refused: no web page a
        reporter happens to open can make the server ingest."""
        origin = request.headers.get("origin")
        if request.method not in ("GET", "HEAD", "OPTIONS") and origin and origin != f"{request.url.scheme}://{request.headers.get('host')}":
            response = _problem(request, 403, "Forbidden", f"a write from another site ({origin}) is refused")
        else:
            try:
                response = await call_next(request)
            except Exception as error:
                log.error("%s %s failed", request.method, request.url.path, exc_info=True)
                response = _problem(request, 500, "Internal error", unexpected(error, hint=False))
        response.headers["Content-Security-Policy"] = SERVED_CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return _problem(request, error.status_code, str(error.detail), f"{error.detail}", error.headers)

    @app.get("/api/stories", summary="Stories, biggest first")
    def stories(limit: Limit = 50, offset: Offset = 0,
                since: Annotated[str | None, Query(description="ISO day: stories still running on or after it.")] = None,
                until: Annotated[str | None, Query(description="ISO day: stories begun on or before it.")] = None,
                entity: Annotated[str | None, Query(description="A name among the story's main entities.")] = None,
                outlet: Annotated[str | None, Query(description="An outlet that covered it.")] = None) -> dict[str, Any]:
        found = [s for s in storyline.stories() if _wanted(s, since, until, entity, outlet)]
        return _page([asdict(s) for s in found], limit, offset)

    @app.get("/api/stories/{story_id}", summary="One story: its events, oldest first, and their articles")
    def story(story_id: int) -> dict[str, Any]:
        return linked_story_dict(storyline.story(story_id))

    @app.get("/api/stories/{story_id}/explanation",
             summary="One story explained: timeline, key dates, findings, quotes, summary, coverage")
    def explanation(story_id: int) -> dict[str, Any]:
        return storyline.explanation(story_id)

    @app.get("/api/stories/{story_id}/findings",
             summary="One story's findings: where outlets disagree, figures that moved, what they agree on")
    def findings(story_id: int) -> dict[str, Any]:
        explained = storyline.explanation(story_id)
        return {"story": story_id, **{kind: explained[kind] for kind in ("disagreements", "updates", "agreements")}}

    @app.get("/api/articles", summary="Articles, oldest first, without their text")
    def articles(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        return _page([article_dict(a, with_text=False) for a in storyline.articles()], limit, offset)

    @app.get("/api/articles/{article_id}", summary="One article (id or unique prefix) with its annotations")
    def article(article_id: str) -> dict[str, Any]:
        item = storyline.article(article_id)
        return article_dict(item) | analysis_dict(storyline.analysis(item.id))

    @app.get("/api/entities", summary="Canonical entities, most mentioned first")
    def entities(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        return _page([entity_dict(e) for e in storyline.entities()], limit, offset)

    @app.get("/api/copies", summary="Copy links: which article copies which, how and how much")
    def copies(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        return _page([copy_dict(c) for c in storyline.copies()], limit, offset)

    @app.get("/api/search", summary="Articles matching a web-search style query, best first")
    def search(q: Annotated[str, Query(pattern=r"\w", description='Words, "a phrase", -excluded, OR; at least one word.')],
               limit: Limit = 20) -> dict[str, Any]:
        hits = [search_hit_dict(h) for h in storyline.search(q, limit)]
        return {"items": hits, "total": len(hits), "limit": limit, "offset": 0}

    @app.post("/api/ingest", status_code=202, summary="Ingest uploaded files and http(s) URLs as a background job",
              response_description="The job, queued; its Location is /api/jobs/{id}")
    async def ingest(files: Annotated[list[UploadFile], File(description="Articles: any format `storyline ingest` reads.")] = [],  # FastAPI copies defaults per request
                     urls: Annotated[list[str], Form(description="http(s) URLs of pages or feeds.")] = []) -> JSONResponse:
        job = await jobs.take(files, urls, max_upload)
        return JSONResponse(asdict(job), status_code=202, headers={"Location": f"/api/jobs/{job.id}"})

    @app.get("/api/jobs", summary="Ingest jobs, newest first")
    def job_list(limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        return _page([asdict(j) for j in jobs.all()], limit, offset)

    @app.get("/api/jobs/{job_id}", summary="One ingest job: its stage, progress and what it stored")
    def job(job_id: str) -> dict[str, Any]:
        found = jobs.get(job_id)
        if found is None:
            raise NotFoundError(f"no job with id {job_id}")
        return asdict(found)

    add_pages(app, storyline, jobs, max_upload, _wanted)
    return app


def _wanted(story: StorySummary, since: str | None, until: str | None, entity: str | None, outlet: str | None) -> bool:
    if since and (story.last or "") < since or until and (story.first or "9999") > until:
        return False
    if entity and entity.casefold() not in {e.casefold() for e in story.entities}:
        return False
    return not outlet or outlet.casefold() in {o.casefold() for o in story.outlets}


def _page(items: Sequence[T], limit: int, offset: int) -> dict[str, Any]:
    return {"items": list(items[offset:offset + limit]), "total": len(items), "limit": limit, "offset": offset}


def _problem(request: Request, status: int, title: str, detail: str,
             headers: Mapping[str, str] | None = None) -> Response:
    """A problem document for the REST API; a page saying the same for a person in the web UI."""
    if not request.url.path.startswith("/api/") and request.url.path != "/openapi.json":
        response = error_page(status, title, detail)
        response.headers.update(headers or {})
        return response
    return JSONResponse({"type": "about:blank", "title": title, "status": status, "detail": detail},
                        status_code=status, media_type=PROBLEM, headers=headers)
