"""Ingest jobs for the REST API: uploaded files and URLs taken in the background, one job at a time.

A job runs the main job's stages on its inputs (ingest, then analyse and link what is new, then
explain the stories that changed, so the web UI opens them at once) on a thread of its own,
through a Storyline of its own that holds the store's writer lock for the job's length and lets
go of it after: jobs queue behind each other, and a `storyline run` on the same store waits for
the job (or the job for the run) as any two writers do. Uploaded files are kept in the uploads
folder, one subfolder per job, so the articles' paths keep pointing at their originals. Jobs live
in the server's memory: a restart forgets them, never what they stored.
"""

from __future__ import annotations

import logging
import queue
import re
import shutil
import threading
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from storyline.api import Storyline
from storyline.errors import StorylineError, TooLargeError, unexpected
from storyline.serialize import problem_dict

log = logging.getLogger(__name__)
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Job:
    """What a job was given and how far it has got: `stage` is queued, ingest, analyse, explain,
    done or failed; `done` of `total` counts the current stage's units."""

    id: str
    inputs: tuple[str, ...]  # uploaded file names and URLs, as given
    stage: str = "queued"
    done: int = 0
    total: int | None = None
    ingested: tuple[str, ...] = ()  # article ids
    duplicates: int = 0
    rejected: tuple[dict[str, object], ...] = ()  # problems, as the export lists them
    stories: int | None = None  # stories in the store once it is done
    error: str | None = None  # why it failed, in one line
    created: str = field(default_factory=lambda: _now())
    finished: str | None = None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Upload(Protocol):
    """An uploaded file as the web framework hands it over (Starlette's UploadFile)."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


def default_uploads(db: str | Path) -> Path:
    """Where uploaded files are kept: beside an SQLite store, else in the working folder."""
    text = str(db)
    if "://" in text and not text.startswith("sqlite:///"):
        return Path("storyline-uploads")
    path = Path(text.removeprefix("sqlite:///"))
    return path.with_name(path.name + ".uploads")


def safe_name(name: str) -> str:
    """A file name an upload may be saved under: no folders, nothing but word characters, dots, dashes."""
    cleaned = _UNSAFE.sub("_", Path(name or "upload").name).strip("._") or "upload"
    return cleaned[:120]


class Jobs:
    """The queue of ingest jobs over one store, and the thread that works through it."""

    def __init__(self, db: str | Path, uploads: Path) -> None:
        self.db, self.uploads = db, uploads
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.queue: queue.Queue[tuple[str, tuple[Path | str, ...]] | None] = queue.Queue()
        self.thread = threading.Thread(target=self._work, name="storyline-jobs", daemon=True)
        self.thread.start()

    def folder(self) -> Path:
        """A new folder for one job's uploads."""
        path = self.uploads / uuid.uuid4().hex[:12]
        path.mkdir(parents=True)
        return path

    async def take(self, files: list[Upload], urls: list[str], limit: int) -> Job:
        """Check and keep what a request brought (files of at most `limit` bytes, http(s) URLs) and
        queue the job; raises StorylineError with the one line to answer otherwise."""
        wrong = [u for u in urls if not u.startswith(("http://", "https://"))]
        if wrong:
            raise StorylineError(f"urls: not an http(s) URL: {wrong[0]}")
        if not files and not urls:
            raise StorylineError("nothing to ingest: give files, urls or both")
        folder = self.folder() if files else None
        try:
            paths = [await _save(f, folder, limit) for f in files] if folder else []
        except StorylineError:
            shutil.rmtree(folder, ignore_errors=True)  # a refused request keeps none of its files
            raise
        names = [f.filename or p.name for f, p in zip(files, paths)]
        return self.submit((*names, *urls), (*paths, *urls))

    def submit(self, inputs: tuple[str, ...], sources: tuple[Path | str, ...]) -> Job:
        job = Job(uuid.uuid4().hex[:12], inputs)
        with self.lock:
            self.jobs[job.id] = job
        self.queue.put((job.id, sources))
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def all(self) -> list[Job]:
        """Every job, newest first."""
        with self.lock:
            return list(reversed(self.jobs.values()))  # submitted in this order

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(60)

    def _set(self, job_id: str, **changes: object) -> None:
        with self.lock:
            self.jobs[job_id] = replace(self.jobs[job_id], **changes)  # type: ignore[arg-type]

    def _work(self) -> None:
        while (item := self.queue.get()) is not None:
            job_id, sources = item
            try:
                self._run(job_id, sources)
            except StorylineError as exc:
                self._set(job_id, stage="failed", error=str(exc), finished=_now())
            except Exception as exc:
                log.error("ingest job %s failed", job_id, exc_info=True)
                self._set(job_id, stage="failed", error=unexpected(exc, hint=False), finished=_now())

    def _run(self, job_id: str, sources: tuple[Path | str, ...]) -> None:
        def progress(stage: str):
            return lambda done, total: self._set(job_id, stage=stage, done=done, total=total)

        with Storyline(self.db) as storyline:
            self._set(job_id, stage="ingest", total=len(sources))
            report = storyline.ingest(list(sources), progress=progress("ingest"))
            self._set(job_id, ingested=tuple(report.ingested), duplicates=len(report.duplicates),
                      rejected=tuple(problem_dict(p) for p in report.rejected), stage="analyse", done=0, total=None)
            storyline.update(progress=progress("analyse"))
            self._set(job_id, stage="explain", done=0, total=None)
            storyline.explain_changed(progress=progress("explain"))
            self._set(job_id, stage="done", stories=len(storyline.stories()), finished=_now())


async def _save(upload: Upload, folder: Path, limit: int) -> Path:
    """Keep an uploaded file under a safe name (a second of the same name gets a number)."""
    name = safe_name(upload.filename or "upload")
    path, n = folder / name, 1
    while path.exists():
        n += 1
        path = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > limit:
                out.close()
                path.unlink()
                raise TooLargeError(f"{upload.filename}: larger than {limit / 1_000_000:g} MB")
            out.write(chunk)
    return path
