"""The analyse stage: stored articles -> parsed docs -> analyses -> store, incremental and batched."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from typing import TypeVar

from spacy.tokens import Doc

from storyline.analyse.claims import extract_claims
from storyline.analyse.entities import extract_mentions
from storyline.analyse.nlp import parse
from storyline.analyse.quotes import extract_quotes
from storyline.analyse.times import extract_times
from storyline.models import Analysis, Article
from storyline.parallel import ordered_map
from storyline.store.db import Store

Progress = Callable[[int, int], None]
ANALYSED_LANGUAGES = ("en",)
T = TypeVar("T")
TASK_ARTICLES = 25  # per task sent to a worker: enough to batch the parser, small enough to keep all busy
_CONTENT = {"NOUN", "PROPN", "VERB", "ADJ"}  # the bundled model is English; others are skipped with a note


@dataclass
class AnalyseReport:
    analysed: int = 0
    skipped: list[str] = field(default_factory=list)  # "id: why"

    def summary(self) -> str:
        return f"analysed {self.analysed}, skipped {len(self.skipped)}"


def analyse_doc(doc: Doc, article: Article) -> Analysis:
    """Everything found in one parsed article; a pure function of the doc and the article's date."""
    published = article.published
    anchor = date.fromisoformat(published.day) if published and published.precision in ("day", "minute") else None
    mentions = extract_mentions(doc)
    terms = Counter(t.lemma_.lower() for t in doc
                    if t.is_alpha and not t.is_stop and len(t) > 2 and t.pos_ in _CONTENT and len(t.lemma_) <= 60)
    return Analysis(
        article_id=article.id,
        language=article.language,
        mentions=tuple(mentions),
        quotes=tuple(extract_quotes(doc, mentions)),
        times=tuple(extract_times(doc, anchor)),
        claims=tuple(extract_claims(doc)),
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


def analyse_batch(articles: list[Article]) -> list[Analysis]:
    """One task of per-article work, as a worker process or a Dask worker runs it."""
    return list(analyse_articles(articles))


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
    articles = store.iter_articles(pending)
    if pool is None:
        results = analyse_articles(articles)
    else:
        results = chain.from_iterable(ordered_map(pool, analyse_batch, in_tasks(articles), window=4 * workers))
    done = 0
    while batch := list(islice(results, batch_size)):
        store.save_analyses(batch)
        for item in batch:
            if item.note:
                report.skipped.append(f"{item.article_id}: {item.note}")
            else:
                report.analysed += 1
        if after_batch:
            after_batch()
        done += len(batch)
        if progress:
            progress(done, len(pending))
    return report
