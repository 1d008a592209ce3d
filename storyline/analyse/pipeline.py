"""The analyse stage: stored articles -> parsed docs -> analyses -> store, incremental and batched."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain, islice
from typing import TypeVar

from spacy.tokens import Doc
from sqlalchemy.exc import OperationalError

from storyline.analyse.claims import extract_claims
from storyline.analyse.entities import extract_mentions
from storyline.analyse.nlp import parse
from storyline.analyse.quotes import extract_quotes
from storyline.analyse.times import extract_times
from storyline.errors import unexpected
from storyline.models import Analysis, Article, Problem
from storyline.parallel import ordered_map
from storyline.store.db import Store

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
ANALYSED_LANGUAGES = ("en",)
T = TypeVar("T")
TASK_ARTICLES = 25  # per task sent to a worker: enough to batch the parser, small enough to keep all busy
RECENT_ANSWERS = 256  # analyses kept to answer later copies of their text: wire copies run close together
_CONTENT = {"NOUN", "PROPN", "VERB", "ADJ"}  # the bundled model is English; others are skipped with a note


@dataclass
class AnalyseReport:
    analysed: int = 0
    reused: int = 0  # of those analysed, copies answered from an identical article's analysis, not parsed again
    skipped: list[str] = field(default_factory=list)  # "origin: why", on purpose: another language, no text
    languages: Counter[str] = field(default_factory=Counter)  # the languages of those skipped for theirs
    failed: list[Problem] = field(default_factory=list)  # an unexpected error on the article

    def summary(self) -> str:
        languages = ", ".join(f"{code} {n}" for code, n in self.languages.most_common())
        failed = f", failed {len(self.failed)}" if self.failed else ""
        reused = f" ({self.reused} copies of another's text, parsed once)" if self.reused else ""
        return f"analysed {self.analysed}{reused}, skipped {len(self.skipped)}" + (
            f" (languages: {languages})" if languages else "") + failed


def analyse_doc(doc: Doc, article: Article) -> Analysis:
    """Everything found in one parsed article; a pure function of the doc and the article's date."""
    anchor = _anchor(article)
    mentions = extract_mentions(doc)
    times = tuple(extract_times(doc, anchor))
    terms = Counter(t.lemma_.lower() for t in doc
                    if t.is_alpha and not t.is_stop and len(t) > 2 and t.pos_ in _CONTENT and len(t.lemma_) <= 60)
    return Analysis(
        article_id=article.id,
        language=article.language,
        mentions=tuple(mentions),
        quotes=tuple(extract_quotes(doc, mentions)),
        times=times,
        claims=tuple(extract_claims(doc, times)),
        terms=tuple(sorted(terms.items())),
    )


def skip_reason(article: Article) -> str | None:
    if article.language not in (None, *ANALYSED_LANGUAGES):
        return f"language is {article.language!r}; only English is analysed"
    if not article.text.strip():
        return "no text to analyse"
    return None


def analyse_articles(articles: Iterable[Article]) -> Iterator[Analysis]:
    """Analyses in input order; articles that cannot be analysed come back with a note."""
    queue: list[Article] = []

    def english() -> Iterator[str]:
        for article in articles:
            queue.append(article)
            if skip_reason(article) is None:
                yield article.text

    def skipped_first() -> Iterator[Analysis]:
        while queue and (reason := skip_reason(queue[0])) is not None:
            article = queue.pop(0)
            yield Analysis(article.id, article.language, note=reason)

    # `parse` pulls articles through english() ahead of the docs it returns, so the queue holds
    # the skipped articles in between, in order: drain them before pairing a doc with its article.
    for doc in parse(english()):
        yield from skipped_first()
        yield analyse_doc(doc, queue.pop(0))
    yield from skipped_first()


def in_tasks(articles: Iterable[T]) -> Iterator[list[T]]:
    """`articles` in lists of TASK_ARTICLES, as they are sent to workers, read only as they are sent."""
    rest = iter(articles)
    return iter(lambda: list(islice(rest, TASK_ARTICLES)), [])


def analyse_batch(articles: list[Article]) -> list[Analysis | Problem]:
    """One task of per-article work, as a worker process or a Dask worker runs it (and the store
    process, without workers). An unexpected error costs only the article it happened on: the
    task is redone one article at a time, and that one comes back as a Problem."""
    try:
        return list(analyse_articles(articles))
    except Exception:
        return [_analyse_alone(article) for article in articles]


def _analyse_alone(article: Article) -> Analysis | Problem:
    try:
        return next(iter(analyse_articles([article])))
    except Exception as exc:
        log.debug("analyse failed on %s", article.origin, exc_info=True)
        return Problem("analyse", article.origin, unexpected(exc), article.id)


Key = tuple[str, date | None, str | None]
Answer = Analysis | Problem


class Copies:
    """Articles of one run whose text an earlier one has, word for word (a wire story in several
    outlets, the same page saved twice), with the same day to read dates from: the first is parsed,
    the others get its analysis as their own. Only recent answers are kept, so memory stays bounded;
    a copy of a text answered long before is parsed again, which costs time, never a wrong answer."""

    def __init__(self, keep: int = RECENT_ANSWERS) -> None:
        self._keep = keep
        self._waiting: dict[Key, list[Article]] = {}  # text in the workers -> its copies read since
        self._sent: dict[str, Key] = {}  # article id -> its text, while the workers have it
        self._recent: OrderedDict[Key, Answer] = OrderedDict()
        self._ready: list[Answer] = []

    def admit(self, article: Article) -> bool:
        """Whether the article goes to the workers; if not, its answer comes with its original's."""
        if skip_reason(article) is not None:
            return True
        key = (hashlib.sha256(article.text.encode("utf-8")).hexdigest(), _anchor(article), article.language)
        if key in self._recent:
            self._recent.move_to_end(key)
            self._ready.append(_as_copy(self._recent[key], article))
        elif key in self._waiting:
            self._waiting[key].append(article)
        else:
            self._waiting[key] = []
            self._sent[article.id] = key
            return True
        return False

    def answered(self, item: Answer) -> list[Answer]:
        """The answers that `item` brings: those of its copies, and of copies of texts answered earlier."""
        key = self._sent.pop(item.article_id or "", None)
        found = []
        if key is not None:
            found = [_as_copy(item, article) for article in self._waiting.pop(key)]
            self._recent[key] = item
            while len(self._recent) > self._keep:
                self._recent.popitem(last=False)
        return found + self.left()

    def left(self) -> list[Answer]:
        """Answers of copies read since the last answer came, to be given now (the last articles
        of a run may all be copies, read after the workers' last answer)."""
        found, self._ready = self._ready, []
        return found


def _as_copy(item: Answer, article: Article) -> Answer:
    if isinstance(item, Problem):
        return Problem(item.stage, article.origin, item.cause, article.id)
    return replace(item, article_id=article.id)


def _anchor(article: Article) -> date | None:
    """The day an article's relative dates ("on Tuesday") are read from."""
    published = article.published
    return date.fromisoformat(published.day) if published and published.precision in ("day", "minute") else None


def analyse(store: Store, redo: bool = False, pool: Executor | None = None, workers: int = 1,
            batch_size: int = 100, progress: Progress | None = None,
            after_batch: Callable[[], None] | None = None) -> AnalyseReport:
    """Analyse every article not analysed yet (all of them with `redo`), saving a batch at a time.

    With a `pool` of `workers` (see storyline.parallel), articles go out in tasks of a few dozen,
    a bounded number at a time, and come back in order. `after_batch` runs after each stored batch
    (linking it, in `Storyline.update`) while the workers go on with the next tasks.
    """
    if redo:
        store.clear_analyses()
    pending = store.unanalysed_ids()
    report = AnalyseReport()
    origins: dict[str, str] = {}
    copies = Copies()
    copied: set[str] = set()

    def articles() -> Iterator[Article]:
        for article in store.iter_articles(pending):
            origins[article.id] = article.origin
            if copies.admit(article):
                yield article
            else:
                copied.add(article.id)

    tasks = in_tasks(articles())
    if pool is None:
        parsed: Iterator[Answer] = chain.from_iterable(map(analyse_batch, tasks))
    else:
        parsed = chain.from_iterable(ordered_map(pool, analyse_batch, tasks, window=4 * workers))

    def with_copies() -> Iterator[Answer]:
        for item in parsed:
            yield item
            yield from copies.answered(item)
        yield from copies.left()

    results = with_copies()
    done = 0
    while batch := list(islice(results, batch_size)):
        analyses = [item for item in batch if isinstance(item, Analysis)]
        failed = [item for item in batch if isinstance(item, Problem)]
        failed += _save(store, analyses, origins)
        store.record_problems(failed)
        report.failed += failed
        lost = {p.article_id for p in failed}
        for item in analyses:
            if item.article_id in lost:
                continue
            if item.note:
                report.skipped.append(f"{origins.get(item.article_id, item.article_id)}: {item.note}")
                if item.language not in (None, *ANALYSED_LANGUAGES):
                    report.languages[item.language] += 1
            else:
                report.analysed += 1
                report.reused += item.article_id in copied
        if after_batch:
            after_batch()
        done += len(batch)
        if progress:
            progress(done, len(pending))
    return report


def _save(store: Store, analyses: list[Analysis], origins: dict[str, str]) -> list[Problem]:
    """Store a batch in one transaction; if that fails, each analysis in its own, so one article the
    store cannot take is recorded as a problem and the others go in. A database that is down or
    locked (OperationalError) is no article's fault and stops the stage."""
    try:
        store.save_analyses(analyses)
        return []
    except OperationalError:
        raise
    except Exception:
        log.debug("saving a batch of analyses failed; saving them one at a time", exc_info=True)
    problems = []
    for item in analyses:
        try:
            store.save_analyses([item])
        except OperationalError:
            raise
        except Exception as exc:
            log.debug("saving the analysis of %s failed", item.article_id, exc_info=True)
            problems.append(Problem("analyse", origins.get(item.article_id, item.article_id), unexpected(exc),
                                    item.article_id))
    return problems
