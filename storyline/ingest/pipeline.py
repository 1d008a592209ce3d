"""The ingest stage: inputs -> documents -> raw articles -> clean articles -> store, in batches."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from functools import partial

from sqlalchemy.exc import OperationalError

from storyline.config import IngestConfig
from storyline.errors import InputError, unexpected
from storyline.ingest.build import build_article
from storyline.ingest.fetch import Fetcher
from storyline.ingest.formats import read_document
from storyline.ingest.learnt import learn
from storyline.ingest.sources import Document, expand, open_unit, shown
from storyline.models import Article, Duplicate, IngestReport, Notice, Problem
from storyline.store.db import Learner, Store

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (inputs done, inputs in all)


def ingest(inputs: Sequence[str | os.PathLike[str]], store: Store, config: IngestConfig,
           progress: Progress | None = None) -> IngestReport:
    """Read every input and store what it holds; one bad input never stops the others.

    Articles are written `config.batch_size` at a time, each batch in one transaction, so an
    interruption loses at most the batch in flight and a re-run completes it. Rejected inputs are
    recorded in the store with their reason (the report lists them), replacing what an earlier run
    recorded for the same inputs.
    """
    units, errors = expand(inputs, config, skip=store.own_files())
    report = IngestReport(rejected=[_rejected(e) for e in errors])
    batch: list[Article] = []
    fetcher = Fetcher(config)

    def flush() -> None:
        added, duplicates, refused = _store(store, batch, learner(config))
        report.ingested += [a.id for a in added]
        report.duplicates += duplicates
        report.rejected += refused
        batch.clear()

    try:
        for done, unit in enumerate(units, start=1):
            try:
                for item in open_unit(unit, config, fetcher):
                    if isinstance(item, InputError):
                        report.rejected.append(_rejected(item))
                    else:
                        batch += _articles(item, fetcher if config.follow_links else None, report)
                    if len(batch) >= config.batch_size:
                        flush()
            except OperationalError:
                raise
            except Exception as exc:  # one input the readers did not foresee costs only that input
                log.debug("unexpected failure on %s", unit, exc_info=True)
                report.rejected.append(Problem("ingest", shown(unit), unexpected(exc)))
            if progress:
                progress(done, len(units))
        if batch:
            flush()
    finally:
        fetcher.close()
    store.clear_problems("ingest", within=[*map(shown, units), *(e.origin for e in errors)])
    store.record_problems(report.rejected)
    return report


def _store(store: Store, batch: list[Article], learn: Learner) -> tuple[list[Article], list[Duplicate], list[Problem]]:
    """The batch in one transaction; if the store refuses it, each article in its own, so the one it
    cannot take is a problem and the others go in. A database that is down stops the ingest."""
    try:
        return store.add_articles(batch, learn)
    except OperationalError:
        raise
    except Exception:
        log.debug("storing a batch failed; storing its articles one at a time", exc_info=True)
    added: list[Article] = []
    duplicates: list[Duplicate] = []
    refused: list[Problem] = []
    for item in batch:
        try:
            one = store.add_articles([item], learn)
        except OperationalError:
            raise
        except Exception as exc:
            log.debug("storing %s failed", item.origin, exc_info=True)
            refused.append(Problem("ingest", item.origin, unexpected(exc)))
            continue
        added += one[0]
        duplicates += one[1]
        refused += one[2]
    return added, duplicates, refused


def learner(config: IngestConfig) -> Learner:
    """Boilerplate learning as the store runs it on each new batch, with this ingest's settings."""
    return partial(learn, repeats=config.boilerplate_repeats)


def _rejected(error: InputError) -> Problem:
    return Problem("ingest", error.origin, error.problem)


def _articles(doc: Document, fetcher: Fetcher | None, report: IngestReport) -> list[Article]:
    articles: list[Article] = []
    try:
        for raw in read_document(doc, fetcher):
            if isinstance(raw, InputError):
                report.rejected.append(_rejected(raw))
            elif isinstance(raw, Notice):
                report.notices.append(str(raw))
            else:
                try:
                    articles.append(build_article(raw))
                except InputError as error:
                    report.rejected.append(_rejected(error))
    except Exception as exc:  # a bug or a library failure on one input must not sink the batch
        log.debug("unexpected failure on %s", doc.origin, exc_info=True)
        report.rejected.append(Problem("ingest", doc.origin, unexpected(exc)))
    return articles
