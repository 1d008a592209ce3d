"""The `storyline` command: parse options, call the API, print. No work is done here."""

from __future__ import annotations

import csv
import io
import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from storyline.api import Storyline
from storyline.config import DEFAULT_DB, IngestConfig, parse_size
from storyline.errors import StorylineError, unexpected
from storyline.analyse.pipeline import AnalyseReport
from storyline.link.pipeline import LinkReport
from storyline.models import Analysis, Article, IngestReport, Problem
from storyline.report import html, markdown, writer
from storyline.report.document import UNDATED, span, undated_warning
from storyline.report.overview import overview
from storyline.serialize import analysis_dict, article_dict, entity_dict, linked_story_dict, search_hit_dict
from storyline.version import __version__
from storyline.watch import Round, parse_interval

T = TypeVar("T")

app = typer.Typer(
    name="storyline",
    help="Follow a developing news story across many outlets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@dataclass(frozen=True)
class Options:
    db: str
    quiet: bool
    debug: bool


def _version(value: bool) -> None:
    if value:
        typer.echo(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[str, typer.Option("--db", envvar="STORYLINE_DB", help="SQLite file or database URL.")] = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no notes; errors only.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logging.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    ctx.obj = Options(db=db, quiet=quiet, debug=debug)
    if debug:
        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    elif not logging.getLogger().handlers:
        # Storyline speaks in its own one-line messages; the libraries' log lines (trafilatura's
        # warnings) would otherwise reach stderr through logging's last-resort handler.
        logging.getLogger().addHandler(logging.NullHandler())


@contextmanager
def _session(ctx: typer.Context, reads: bool = False) -> Iterator[Storyline]:
    """Open the store and turn every failure into one line on stderr and a non-zero exit. A command
    that only `reads` stops on a store that does not exist rather than create an empty one."""
    options: Options = ctx.obj
    if reads:
        _exists(options.db)
    try:
        with Storyline(options.db) as storyline:
            yield storyline
    except StorylineError as error:
        if options.debug:
            raise
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo("interrupted; the batch in flight was not stored, re-run to complete it", err=True)
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if options.debug:
            raise
        typer.echo(f"error: {unexpected(exc)}", err=True)
        raise typer.Exit(1) from None


def _exists(db: str) -> None:
    """Stop with one line when the store is an SQLite file that is not there."""
    if "://" not in db and not Path(db).is_file():
        typer.echo(f"error: {db}: no such store; `storyline run` makes one", err=True)
        raise typer.Exit(1)


PathsArg = Annotated[list[str], typer.Argument(help="Files, directories, .zip/.gz archives, feeds or http(s) URLs.")]
IncludeOpt = Annotated[list[str], typer.Option("--include", help="Only files matching this glob (repeatable).")]
ExcludeOpt = Annotated[list[str], typer.Option("--exclude", help="Skip files matching this glob (repeatable).")]
FollowOpt = Annotated[bool, typer.Option("--follow-links", help="Fetch the pages of feed items that carry no full text.")]
MaxSizeOpt = Annotated[str, typer.Option("--max-size", help="Largest file or download to read, e.g. 10MB.")]
DeadlineOpt = Annotated[str, typer.Option("--deadline", help="Longest a download may take, e.g. 60s or 2m.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="CSV on stdout, a header row first.")]
NlOpt = Annotated[bool, typer.Option("--nl", help="Newline-delimited JSON on stdout: one object a line.")]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", min=1, help="Show at most this many.")]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")]


@contextmanager
def _progress(ctx: typer.Context, label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr when it is a terminal and --quiet is off; otherwise nothing is drawn."""
    options: Options = ctx.obj
    show = sys.stderr.isatty() and not options.quiet
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True, disable=not show) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _ingest(ctx: typer.Context, storyline: Storyline, paths: list[str], include: list[str], exclude: list[str],
            follow_links: bool, max_size: str, deadline: str) -> IngestReport:
    options: Options = ctx.obj
    config = IngestConfig(include=tuple(include), exclude=tuple(exclude), follow_links=follow_links,
                          max_file_bytes=parse_size(max_size), http_deadline=parse_interval(deadline, "--deadline"))
    storyline.config = config
    with _progress(ctx, "ingest") as progress:
        report = storyline.ingest(paths, progress=progress)
    for failure in report.failures:
        typer.echo(f"error: {failure}", err=True)
    if not options.quiet:
        for notice in report.notices:
            typer.echo(f"note: {notice}", err=True)
        for duplicate in report.duplicates:
            typer.echo(f"duplicate: {duplicate.origin} is already stored as {duplicate.existing_id}", err=True)
        typer.echo(report.summary(), err=True)
    return report


@app.command("ingest")
def ingest_command(ctx: typer.Context, paths: PathsArg, include: IncludeOpt = [], exclude: ExcludeOpt = [],
                   follow_links: FollowOpt = False, max_size: MaxSizeOpt = "10MB", deadline: DeadlineOpt = "60s",
                   as_json: JsonOpt = False) -> None:
    """Read articles into the store. Re-running is safe: stored articles are reported as duplicates."""
    with _session(ctx) as storyline:
        report = _ingest(ctx, storyline, paths, include, exclude, follow_links, max_size, deadline)
        if as_json:
            typer.echo(json.dumps({"ingested": report.ingested,
                                   "duplicates": [vars(d) for d in report.duplicates],
                                   "failures": report.failures, "notices": report.notices}, indent=2))
    if report.failures:
        raise typer.Exit(1)


ProcessesOpt = Annotated[int, typer.Option("--processes", min=1, help="Analyse in this many local processes.")]
DaskOpt = Annotated[Optional[str], typer.Option(
    "--dask", metavar="ADDRESS", help="Analyse on Dask workers: a scheduler address, or local:N for N local workers.")]


def _say_problems(problems: list[Problem]) -> None:
    """One line on stderr per article a stage failed on, naming its file; always shown, like errors."""
    for problem in problems:
        typer.echo(f"error: {problem.origin}: {problem.stage}: {problem.cause}", err=True)


def _say_analysed(ctx: typer.Context, report: AnalyseReport) -> None:
    options: Options = ctx.obj
    _say_problems(report.failed)
    if not options.quiet:
        for skipped in report.skipped:
            typer.echo(f"note: {skipped}", err=True)
        typer.echo(report.summary(), err=True)


def _say_linked(ctx: typer.Context, report: LinkReport) -> None:
    options: Options = ctx.obj
    _say_problems(report.failed)
    if not options.quiet:
        typer.echo(report.summary(), err=True)


@app.command("analyse")
def analyse_command(ctx: typer.Context,
                    redo: Annotated[bool, typer.Option("--redo", help="Analyse every article again.")] = False,
                    processes: ProcessesOpt = 1, dask: DaskOpt = None) -> None:
    """Find entities, quotes, time expressions and numeric claims in articles not analysed yet."""
    with _session(ctx) as storyline, _progress(ctx, "analyse") as progress:
        report = storyline.analyse(redo=redo, processes=processes, dask=dask, progress=progress)
    _say_analysed(ctx, report)
    if report.failed:
        raise typer.Exit(1)


@app.command("link")
def link_command(ctx: typer.Context,
                 redo: Annotated[bool, typer.Option("--redo", help="Forget all links and place every article again.")] = False) -> None:
    """Find copies, group articles into events and stories, and date undated articles from their event."""
    with _session(ctx) as storyline, _progress(ctx, "link") as progress:
        report = storyline.link(redo=redo, progress=progress)
    _say_linked(ctx, report)
    if report.failed:
        raise typer.Exit(1)


@app.command("stories")
def stories_command(ctx: typer.Context, as_json: JsonOpt = False, as_csv: CsvOpt = False, as_nl: NlOpt = False,
                    limit: LimitOpt = None, offset: OffsetOpt = 0) -> None:
    """List stories, biggest first: title, date range, events, articles, outlets.

    Example: storyline stories --csv --limit 10 > stories.csv
    """
    with _session(ctx, reads=True) as storyline:
        stories = _page(storyline.stories(), limit, offset)
        if _machine([asdict(s) for s in stories], as_json, as_csv, as_nl):
            return
        for item in stories:
            typer.echo(f"{item.id:>4}  {span(item.first, item.last)}  {item.events} events, "
                       f"{item.articles} articles, {len(item.outlets)} outlets  {item.title}")


@app.command("story")
def story_command(ctx: typer.Context, story_id: Annotated[int, typer.Argument(help="Story id (see `stories`).")],
                  as_json: JsonOpt = False) -> None:
    """Show one story: its events, oldest first, and the articles of each."""
    with _session(ctx, reads=True) as storyline:
        item = storyline.story(story_id)
        if as_json:
            typer.echo(json.dumps(linked_story_dict(item), indent=2, ensure_ascii=False))
            return
        typer.echo(f"story {item.id}: {item.title}  ({span(item.first, item.last)})")
        for ev in item.events:
            typer.echo(f"\n  event {ev.id}  {ev.date or UNDATED}  {ev.title}")
            for a in ev.articles:
                typer.echo(f"    {a.id}  {_date(a):<28} {a.source or '':<20} {a.title or ''}")


OutOpt = Annotated[str, typer.Option("--out", help="Report folder (index.html, report.json, report.md).")]


@app.command("run")
def run_command(ctx: typer.Context, paths: PathsArg, include: IncludeOpt = [], exclude: ExcludeOpt = [],
                follow_links: FollowOpt = False, max_size: MaxSizeOpt = "10MB", deadline: DeadlineOpt = "60s",
                processes: ProcessesOpt = 1, dask: DaskOpt = None, out: OutOpt = "storyline-report") -> None:
    """The main job: ingest PATHS, analyse and link what is new, explain every story, write the report.

    An article a stage fails on is left out with one line naming its file (and listed in the report);
    the report is written all the same. Exit status 1 when any input was rejected or left out."""
    options: Options = ctx.obj
    with _session(ctx) as storyline:
        report = _ingest(ctx, storyline, paths, include, exclude, follow_links, max_size, deadline)
        with _progress(ctx, "analyse, link") as progress:
            analysed, linked = storyline.update(processes, dask, progress)
        _say_analysed(ctx, analysed)
        _say_linked(ctx, linked)
        with _progress(ctx, "explain") as progress:
            document = storyline.export(progress)
        explained = storyline.store.problems("explain")
        written = storyline.write_report(document, Path(out))
        _say_problems(explained + list(written.problems))
        ingested = set(report.ingested)
        warning = undated_warning([a for a in document["articles"] if a["id"] in ingested])
        if warning:
            typer.echo(f"warning: {warning}", err=True)
        if not options.quiet:
            typer.echo(overview(document))
        typer.echo(f"report: {written.index}")
    if report.failures or analysed.failed or linked.failed or explained or written.problems:
        raise typer.Exit(1)


def _format_seconds(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


@app.command("watch")
def watch_command(ctx: typer.Context,
                  feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.")],
                  every: Annotated[str, typer.Option("--every", help="Poll interval: 30s, 15m, 2h, 1d.")] = "15m",
                  rounds: Annotated[Optional[int], typer.Option(
                      "--rounds", min=1, help="Stop after this many rounds of polling (default: until Ctrl-C).")] = None,
                  follow_links: FollowOpt = False, max_size: MaxSizeOpt = "10MB", deadline: DeadlineOpt = "60s",
                  processes: ProcessesOpt = 1, dask: DaskOpt = None,
                  out: Annotated[Optional[str], typer.Option(
                      "--out", help="Rewrite this report folder after each round that brought new articles.")] = None,
                  ) -> None:
    """Poll feeds and keep the store current: only new items are ingested, then analysed and linked.

    Conditional requests (ETag, Last-Modified) make an unchanged feed cost one 304; a failing feed
    is retried after a delay that doubles each time. Ctrl-C (or SIGTERM) stops cleanly.
    """
    options: Options = ctx.obj
    bad = [f for f in feeds if not f.lower().startswith(("http://", "https://"))]
    if bad:
        typer.echo(f"error: {bad[0]}: watch takes feed URLs (http or https); ingest reads files", err=True)
        raise typer.Exit(1)

    def report(done: Round) -> None:
        for item in done.polls:
            if item.error:
                typer.echo(f"error: {item.error} (next try in {_format_seconds(item.retry_in)})", err=True)
            for problem in item.item_errors:
                typer.echo(f"error: {problem}", err=True)
        if not options.quiet:
            unchanged = sum(p.not_modified for p in done.polls)
            failed = sum(bool(p.error) for p in done.polls)
            duplicates = sum(p.duplicates for p in done.polls)
            line = (f"round {done.number}: {len(done.polls)} polled, {done.new} new, {duplicates} duplicates, "
                    f"{unchanged} unchanged, {failed} failed")
            typer.echo(line + (f"; {done.stages}" if done.stages else ""), err=True)

    stop = threading.Event()
    handler = stopper(stop)
    previous = {number: signal.signal(number, handler) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        with _session(ctx) as storyline:
            storyline.config = IngestConfig(follow_links=follow_links, max_file_bytes=parse_size(max_size),
                                            http_deadline=parse_interval(deadline, "--deadline"))
            try:
                storyline.watch(feeds, every, rounds, processes, dask, out, on_round=report, stop=stop)
            except KeyboardInterrupt:
                pass
            if stop.is_set():
                typer.echo("watch stopped; what was stored is kept, and the next run goes on from there", err=True)
    finally:
        for number, earlier in previous.items():
            signal.signal(number, earlier)


def stopper(stop: threading.Event) -> Callable[..., None]:
    """A handler for Ctrl-C and SIGTERM: it interrupts what the watch is doing, and sets `stop` too,
    because Python drops the KeyboardInterrupt of a signal that lands while a finaliser runs (it
    prints "Exception ignored"), and the watch would then poll on; with `stop` set it ends its round."""
    def handler(*_: Any) -> None:
        stop.set()
        raise KeyboardInterrupt

    return handler


@app.command("export")
def export_command(ctx: typer.Context,
                   format: Annotated[str, typer.Option("--format", help="json, md or html.")] = "json",
                   out: Annotated[Optional[str], typer.Option(
                       "--out", help="File for json/md (default: stdout); folder for html (default: storyline-report).")] = None,
                   ) -> None:
    """Write the stories and their explanations from the store, without ingesting anything."""
    with _session(ctx) as storyline:
        if format not in ("json", "md", "html"):
            raise StorylineError(f"--format: {format!r} is not one of json, md, html")
        with _progress(ctx, "explain") as progress:
            document = storyline.export(progress)
    if format == "html":
        index, problems = html.write(document, Path(out or "storyline-report"))
        _say_problems(problems)
        typer.echo(f"report: {index}")
    elif out:
        (writer.write_json if format == "json" else writer.write_markdown)(document, Path(out))
    else:
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False) if format == "json" else markdown.render(document))


@app.command("search")
def search_command(ctx: typer.Context, query: Annotated[str, typer.Argument(
                       help='Words (all must match), "a phrase", `or` between alternatives, -excluded.')],
                   limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most this many.")] = 20,
                   offset: OffsetOpt = 0, as_json: JsonOpt = False, as_csv: CsvOpt = False, as_nl: NlOpt = False) -> None:
    """Full-text search of titles and texts, best matches first, with the matching words highlighted.

    Example: storyline search '"swine flu" mexico -pork' --limit 5
    """
    with _session(ctx, reads=True) as storyline:
        hits = storyline.search(query, limit + offset)[offset:]
    if _machine([search_hit_dict(h) for h in hits], as_json, as_csv, as_nl):
        return
    console = Console(highlight=False) if sys.stdout.isatty() else None
    for hit in hits:
        head = f"{hit.article_id}  {(hit.published or 'undated')[:10]}  {hit.source or ''}  {hit.title or ''}"
        snippet = Text("    ")
        cursor = 0
        for start, end in hit.highlights:
            snippet.append(hit.snippet[cursor:start])
            # On a terminal the match is bold; piped, it is marked **like this** for grep and less.
            snippet.append(hit.snippet[start:end], style="bold yellow") if console else snippet.append(
                f"**{hit.snippet[start:end]}**")
            cursor = end
        snippet.append(hit.snippet[cursor:])
        if console:
            console.print(Text(head, style="bold"))
            console.print(snippet)
        else:
            typer.echo(f"{head}\n{snippet.plain}")


@app.command("serve")
def serve_command(ctx: typer.Context,
                  host: Annotated[str, typer.Option("--host", help="Address to listen on; another than "
                                                    "127.0.0.1 opens the store to the network.")] = "127.0.0.1",
                  port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
                  uploads: Annotated[Optional[Path], typer.Option(
                      "--uploads", help="Folder to keep uploaded files in (default: beside the store, NAME.db.uploads).")] = None
                  ) -> None:
    """Serve the store's web UI (at /) and REST API (OpenAPI schema at /openapi.json) until interrupted.

    Example: storyline --db news.db serve --port 8000, then open http://127.0.0.1:8000/
    """
    options: Options = ctx.obj
    _exists(options.db)
    try:
        import uvicorn

        from storyline.serve import create_app
    except ImportError:
        typer.echo("error: serving needs the serve extra: pip install 'storyline[serve]'", err=True)
        raise typer.Exit(1) from None
    try:
        app = create_app(options.db, uploads)
    except StorylineError as error:  # not a Storyline database, no driver, ...: one line
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    uvicorn.run(app, host=host, port=port, log_level="warning" if options.quiet else "info")


@app.command("entities")
def entities_command(ctx: typer.Context, as_json: JsonOpt = False, as_csv: CsvOpt = False, as_nl: NlOpt = False,
                     limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most this many.")] = 50,
                     offset: OffsetOpt = 0) -> None:
    """Canonical entities across the store, most mentioned first, with the spellings merged into each.

    Example: storyline entities --nl --limit 500 | grep PERSON
    """
    with _session(ctx, reads=True) as storyline:
        rows = _page(storyline.entities(), limit, offset)
        if _machine([entity_dict(r) for r in rows], as_json, as_csv, as_nl):
            return
        for row in rows:
            typer.echo(f"{row.mentions:>6}  {row.type:<7} {row.name}  ({', '.join(row.aliases)})")


@app.command("articles")
def articles_command(ctx: typer.Context, as_json: JsonOpt = False, as_csv: CsvOpt = False, as_nl: NlOpt = False,
                     limit: LimitOpt = None, offset: OffsetOpt = 0) -> None:
    """List stored articles, oldest first (undated last).

    Example: storyline articles --csv > articles.csv
    """
    with _session(ctx, reads=True) as storyline:
        articles = _page(storyline.articles(), limit, offset)
        status = storyline.statuses()
        rejected = storyline.store.problems("ingest")
        rows = [article_dict(a, with_text=False) | {"status": status[a.id]} for a in articles]
        if not _machine(rows, as_json, as_csv, as_nl):
            _print_articles(articles, status)
    for problem in rejected:  # inputs that never became articles
        typer.echo(f"not stored: {problem}", err=True)


@app.command("article")
def article_command(ctx: typer.Context, article_id: Annotated[str, typer.Argument(help="Id or unique id prefix.")],
                    as_json: JsonOpt = False) -> None:
    """Show one article: metadata, clean text and the lines removed from it."""
    with _session(ctx, reads=True) as storyline:
        item = storyline.article(article_id)
        result = storyline.analysis(item.id)
        if as_json:
            typer.echo(json.dumps(article_dict(item) | analysis_dict(result), indent=2, ensure_ascii=False))
        else:
            _print_article(item)
            _print_analysis(result)


def _page(items: list[T], limit: int | None, offset: int) -> list[T]:
    return items[offset:offset + limit if limit is not None else None]


def _machine(rows: list[dict[str, Any]], as_json: bool, as_csv: bool, as_nl: bool) -> bool:
    """Write `rows` as JSON, CSV (lists joined by "; ", objects as JSON) or one JSON object a line,
    when one of them is asked for; False when none is (the caller prints for people)."""
    if as_json + as_csv + as_nl > 1:
        typer.echo("error: --json, --csv and --nl: choose one", err=True)
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif as_nl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    elif as_csv and rows:  # no rows, no columns to name: nothing at all
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
        typer.echo(out.getvalue(), nl=False)
    return as_json or as_csv or as_nl


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list, tuple)) else value


def _date(item: Article) -> str:
    if not item.published:
        return UNDATED
    return item.published.value + (" (inferred)" if item.published.inferred else "")


def _print_articles(articles: list[Article], status: dict[str, str]) -> None:
    """A table on a terminal; tab-separated lines when piped, for scripts."""
    rows = [(a.id, _date(a), a.source or "", a.author or "", str(len(a.text.split())), a.title or "", a.origin,
             status[a.id]) for a in articles]
    if not sys.stdout.isatty():
        for row in rows:
            typer.echo("\t".join(" ".join(cell.split()) for cell in row))
        return
    table = Table("id", "published", "source", "author", "words", "title", "from", "status",
                  title=f"{len(rows)} articles")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # Text: article data is never read as markup
    Console().print(table)


def _print_article(item: Article) -> None:
    fields: list[tuple[str, Any]] = [
        ("id", item.id), ("title", item.title), ("source", item.source), ("domain", item.domain),
        ("author", item.author), ("published", _date(item)), ("evidence", item.published and item.published.evidence),
        ("updated", item.updated), ("language", item.language), ("format", item.format), ("from", item.origin),
        ("url", item.url), ("dateline place", item.dateline_place), ("credits", ", ".join(item.credits)),
    ]
    for name, value in fields:
        if value:
            typer.echo(f"{name + ':':16}{value}")
    typer.echo("")
    typer.echo(item.text)
    for embed in item.embeds:
        typer.echo(f"\n[embedded post] {embed.author or ''} {embed.handle or ''} {embed.date or ''}\n  {embed.text}")
    if item.removed:
        typer.echo("\nremoved lines:")
        for removed in item.removed:
            typer.echo(f"  {removed.line:>4}  {removed.reason:<16} {removed.text}")


def _print_analysis(result: Analysis | None) -> None:
    if result is None:
        typer.echo("\nnot analysed yet (storyline analyse)")
        return
    if result.note:
        typer.echo(f"\nnot analysed: {result.note}")
        return
    names: dict[tuple[str, str], int] = {}
    for m in result.mentions:
        names[(m.name, m.label)] = names.get((m.name, m.label), 0) + 1
    typer.echo("\nentities:")
    for (name, label), count in sorted(names.items(), key=lambda kv: -kv[1]):
        typer.echo(f"  {count:>3}  {label:<7} {name}")
    typer.echo("\nquotes:")
    for q in result.quotes:
        typer.echo(f"  [{q.kind}] {q.speaker or '?'}: {q.text}")
    typer.echo("\ntime expressions:")
    for t in result.times:
        extra = " (upcoming)" if t.upcoming else ""
        typer.echo(f"  {t.text!r:32} {t.kind:<9} {t.value or '-':<12} {t.relative or ''}{extra}")
    typer.echo("\nnumeric claims:")
    for c in result.claims:
        typer.echo(f"  {c.text!r:36} {c.value:>16,.10g} {c.unit:<10} {c.qualifier or '':<14} {c.about or ''}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
