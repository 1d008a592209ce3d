"""The Python API. The CLI is a thin layer over this class, so both always agree."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from pathlib import Path
from typing import Any

from storyline.analyse.pipeline import AnalyseReport, analyse
from storyline.config import DEFAULT_DB, ExplainConfig, IngestConfig, LinkConfig
from storyline.errors import NotFoundError
from storyline.explain.pipeline import code_digest, explain
from storyline.ingest.pipeline import Progress, ingest
from storyline.link.pipeline import LinkReport, link
from storyline.models import (Analysis, Article, CopyLink, Entity, IngestReport, Problem, SearchHit, Story,
                              StoryExplanation, StorySummary)
from storyline.parallel import workers
from storyline.report import document, writer
from storyline.report.writer import Written
from storyline.serialize import explanation_dict
from storyline.store.db import Store
from storyline.watch import Round, parse_interval, watch

RECENT_EXPLANATIONS = 8  # stories explained on demand and held, for the web UI's next visit


class Storyline:
    """A story store: `Storyline("storyline.db").ingest(["articles/"])`.

    `db` is a file path (SQLite) or a SQLAlchemy URL.
    """

    def __init__(self, db: str | Path = DEFAULT_DB, config: IngestConfig | None = None,
                 explain_config: ExplainConfig | None = None) -> None:
        self.store = Store(db)
        self.config = config or IngestConfig()
        self.explain_config = explain_config or ExplainConfig()
        self._recent: OrderedDict[int, tuple[str, dict[str, Any]]] = OrderedDict()  # explanation() worked out lately
        self._lock = threading.Lock()

    def ingest(self, inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
               progress: Progress | None = None, **options: Any) -> IngestReport:
        """Ingest files, directories, archives, feeds and URLs.

        `options` override fields of IngestConfig for this call, e.g. `follow_links=True`,
        `include=("*.html",)`, `max_file_bytes=20_000_000`.
        """
        self.store.writer.acquire()  # one writer per store
        if isinstance(inputs, (str, os.PathLike)):
            inputs = [inputs]
        config = replace(self.config, **options) if options else self.config
        return ingest(inputs, self.store, config, progress)

    def analyse(self, redo: bool = False, processes: int = 1, dask: str | None = None,
                progress: Progress | None = None) -> AnalyseReport:
        """Find entities, quotes, time expressions and numeric claims in articles not analysed yet.

        `redo` analyses every article again. The per-article work runs in `processes` local worker
        processes, or on Dask workers: `dask` is a scheduler address or "local:N" for a local
        cluster of N. Either way the store holds exactly what a single-process run stores.
        """
        self.store.writer.acquire()  # one writer per store
        with workers(processes, dask) as (pool, count):
            return analyse(self.store, redo=redo, pool=pool, workers=count, progress=progress)

    def update(self, processes: int = 1, dask: str | None = None,
               progress: Progress | None = None) -> tuple[AnalyseReport, LinkReport]:
        """Analyse and link everything new, linking each batch as soon as it is analysed: the store
        process places articles while the workers parse the next ones. Batches go in publication
        order, so the result is the same however many workers there are."""
        self.store.writer.acquire()  # one writer per store
        with workers(processes, dask) as (pool, count):
            return self._update(pool, count, progress)

    def _update(self, pool: Executor | None, count: int,
                progress: Progress | None = None) -> tuple[AnalyseReport, LinkReport]:
        self.store.requeue_failed()
        linked = LinkReport()
        analysed = analyse(self.store, pool=pool, workers=count, progress=progress,
                           after_batch=lambda: linked.add(link(self.store)))
        linked.add(link(self.store))  # anything analysed earlier and not linked yet
        return analysed, linked

    def watch(self, feeds: Sequence[str], every: str | float = "15m", rounds: int | None = None,
              processes: int = 1, dask: str | None = None, report: str | os.PathLike[str] | None = None,
              on_round: Callable[[Round], None] | None = None, stop: threading.Event | None = None) -> None:
        """Poll RSS/Atom `feeds` (URLs) every `every` ("15m", "30s" or seconds) and ingest new items;
        after a round that brought any, analyse and link them, and rewrite the `report` folder when
        given. Runs until `rounds` rounds are done, `stop` is set, or KeyboardInterrupt. Worker
        processes (or the Dask cluster) stay up between rounds, with the model loaded."""
        self.store.writer.acquire()  # one writer per store
        seconds = parse_interval(every) if isinstance(every, str) else float(every)
        with workers(processes, dask) as (pool, count):
            def later(_: Round) -> str:
                analysed, linked = self._update(pool, count)
                done = f"{analysed.summary()}; {linked.summary()}"
                return done + (f"; report: {self.report(report)}" if report else "")

            watch(self.store, list(feeds), seconds, self.config, later, on_round, rounds, stop)

    def link(self, redo: bool = False, config: LinkConfig | None = None, progress: Progress | None = None) -> LinkReport:
        """Place analysed articles among copies, events and stories, and date the undated ones.

        Incremental: only articles not placed yet. `redo` forgets every link and starts again.
        """
        self.store.writer.acquire()  # one writer per store
        if redo:
            self.store.clear_links()
        self.store.requeue_failed()
        return link(self.store, config, progress)

    def explain(self, story_ids: list[int] | None = None, progress: Progress | None = None) -> list[StoryExplanation]:
        """What each story's articles say together: timeline, agreements, disagreements, quotes by
        speaker, summary, coverage. All stories, biggest first, unless `story_ids` are given."""
        return explain(self.store, story_ids, progress, self.explain_config)

    def export(self, progress: Progress | None = None) -> dict[str, Any]:
        """The whole store as one JSON-ready document (`"schema": "storyline/1"`, fields in the README).

        What the explain stage could not do (a part of a story, an unreadable member) is in the
        document's `skipped` list and is recorded in the store, replacing the last export's record."""
        stories, problems = self.explain_changed(progress)
        return document.build(self.store, stories, problems)

    def explain_changed(self, progress: Progress | None = None) -> tuple[list[dict[str, Any]], list[Problem]]:
        """Every story explained (`storyline/1`, biggest first), and what explaining could not do.

        Only stories changed since the last time are explained again; the others come as that time
        kept them (the same document, since nothing they are made from has changed). The new ones
        are kept, except a story whose explanation failed in part, which is explained afresh every
        time; the problems replace the store's record of the explain stage's."""
        self.store.writer.acquire()  # one writer per store
        ids = [s.id for s in self.store.stories()]
        stories, problems, made = [], [], []
        for done, story_id in enumerate(ids, start=1):
            key = self.store.explanation_key(story_id, self._made_by())
            kept = self.store.kept_explanation(story_id, key) if key else None
            if kept is None:
                [explained] = explain(self.store, [story_id], config=self.explain_config)
                kept = explanation_dict(explained)
                problems += explained.problems
                if key and not explained.problems:
                    made.append((story_id, key, kept))
            stories.append(kept)
            if progress:
                progress(done, len(ids))
        self.store.keep_explanations(made, ids)
        self.store.replace_problems("explain", problems)
        return stories, problems

    def explanation(self, story_id: int) -> dict[str, Any]:
        """One story explained, in the `storyline/1` shape of report.json: as the last export kept it
        while the story is unchanged since, else worked out now (and held in memory for the next
        call: a reader never writes to the store)."""
        key = self.store.explanation_key(story_id, self._made_by())
        if key is None:
            raise NotFoundError(f"no story with id {story_id}")
        with self._lock:
            if story_id in self._recent and self._recent[story_id][0] == key:
                self._recent.move_to_end(story_id)
                return self._recent[story_id][1]
        found = self.store.kept_explanation(story_id, key)
        if found is None:
            [explained] = explain(self.store, [story_id], config=self.explain_config)
            found = explanation_dict(explained)
        with self._lock:
            self._recent[story_id] = (key, found)
            while len(self._recent) > RECENT_EXPLANATIONS:
                self._recent.popitem(last=False)
        return found

    def _made_by(self) -> str:
        """What explains the stories, beside the store: the code and its thresholds."""
        return f"{code_digest()} {self.explain_config!r}"

    def report(self, folder: str | os.PathLike[str], progress: Progress | None = None) -> Path:
        """Write index.html (and a page per story), report.json and report.md into `folder`;
        returns the index page's path."""
        return self.write_report(self.export(progress), folder).index

    def write_report(self, exported: dict[str, Any], folder: str | os.PathLike[str]) -> Written:
        """Write an exported document as the report folder; stories a format could not render are
        recorded in the store as problems and returned with the index page's path."""
        self.store.writer.acquire()  # one writer per store
        written = writer.write_folder(exported, Path(folder))
        self.store.replace_problems("report", list(written.problems))
        return written

    def statuses(self) -> dict[str, str]:
        """Each article's place in the pipeline, in words: its story, or why it is in none."""
        return self.store.statuses()

    def problems(self) -> list[Problem]:
        """Inputs rejected at ingest and articles a stage failed on, each with its one-line cause."""
        return self.store.problems()

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles matching `query`, best first, each with a snippet and the offsets of its matches.

        Web-search syntax: words (all must match, stemmed), "a phrase", `or`, `-excluded`.
        """
        return self.store.search(query, limit)

    def stories(self) -> list[StorySummary]:
        """Stories, biggest first: id, title, first and last date, events, articles, outlets."""
        return self.store.stories()

    def story(self, story_id: int) -> Story:
        """One story: its events, oldest first, each with its articles."""
        return self.store.story(story_id)

    def copies(self, of: str | None = None) -> list[CopyLink]:
        """Copy links: original, copy, kind (exact, near, rewrite), share, aligned sentence pairs;
        only those `of` one article (its full id) when given."""
        return self.store.copies(of=of)

    def story_of(self, article_id: str) -> StorySummary | None:
        """The story an article (id or unique prefix) is in; None before it is linked."""
        return self.store.story_of(self.store.article(article_id).id)

    def analysis(self, article_id: str) -> Analysis | None:
        """An article's analysis (None before `analyse`), names as the whole store knows them."""
        return self.store.analysis(self.store.article(article_id).id)

    def entities(self) -> list[Entity]:
        """Canonical entities, most mentioned first: name, type, aliases, mention counts."""
        return self.store.entities()

    def articles(self) -> list[Article]:
        """Every stored article, oldest first, undated last."""
        return self.store.articles()

    def article(self, article_id: str) -> Article:
        """One article by id or unique id prefix; raises NotFoundError otherwise."""
        return self.store.article(article_id)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Storyline:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
