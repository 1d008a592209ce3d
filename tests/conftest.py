"""Shared fixtures: the seed corpus and its gold analysis, a real local HTTP server, the CLI."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline import Storyline
from postgres import PostgresServer, find_bindir
from storyline.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "ukraine-aid"
DATA = Path(__file__).resolve().parent / "data"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """An ASGI app on a real uvicorn server on a free port of 127.0.0.1; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def back_to_schema_4(conn: sqlite3.Connection) -> None:
    """Take the additions of schemas 5 and 8 out of an SQLite store, as a store of schema 4 had none of
    them, and put back the document frequencies that schema 7 dropped."""
    for table in ("problem", "passage", "undated_event", "explanation"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("CREATE TABLE term_df (term VARCHAR(100) NOT NULL PRIMARY KEY, df INTEGER NOT NULL)")
    conn.execute("INSERT INTO term_df VALUES ('#documents', 5)")
    for column in ("title_source", "source_evidence"):
        conn.execute(f"ALTER TABLE article DROP COLUMN {column}")
    conn.execute("UPDATE storyline_meta SET value = '4' WHERE key = 'schema_version'")


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    return json.loads((DATA / "seeds-gold.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Iterator[Storyline]:
    """The seeds ingested, analysed and linked, once per test module."""
    storyline = Storyline(tmp_path_factory.mktemp("seeds") / "s.db")
    storyline.ingest(SEEDS)
    storyline.analyse()
    storyline.link()
    yield storyline
    storyline.close()


@pytest.fixture(scope="session")
def seed_files() -> dict[str, Path]:
    """Seed files by their gold key ("000" ... "004")."""
    return {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0  # seconds between bytes of the body: a server that answers, and answers, slowly


class LocalServer:
    """A real HTTP server on 127.0.0.1 whose routes a test sets; it records the paths asked for and
    the headers of each request, and answers a conditional request whose validator still matches
    the route's ETag or Last-Modified with 304, as a well-behaved server does."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.headers: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                server.requests.append(self.path)
                server.headers.append(dict(self.headers))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                if route.status == 200 and self._unchanged(route):
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if not route.drip:
                    self.wfile.write(route.body)
                    return
                for byte in route.body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(route.drip)

            def _unchanged(self, route: Route) -> bool:
                etag, modified = route.headers.get("ETag"), route.headers.get("Last-Modified")
                if self.headers.get("If-None-Match"):
                    return self.headers["If-None-Match"] == etag
                return bool(modified) and self.headers.get("If-Modified-Since") == modified

            def log_message(self, *_: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                # A client that stops reading (a download cut off at --max-size) is what a test wants;
                # the stdlib would print its BrokenPipeError into the stderr the test is reading.
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    yield local
    local.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the whole session (CI installs it; elsewhere its tests are skipped)."""
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL's initdb/pg_ctl not found; `make test` installs Debian's postgresql package")
        pytest.skip("needs PostgreSQL's server binaries (apt-get install postgresql); `make test` installs them as root")
    server = PostgresServer(bindir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store on each engine: an SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("postgres").database()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def _invoker(default_db: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str, database: str | None = None) -> CliResult:
        result = runner.invoke(app, ["--db", database or default_db, *map(str, args)])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def cli(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run `storyline --db <tmp db> ARGS...` in-process, in a temporary working directory (where
    `run` writes its report); returns exit code, stdout and stderr apart. Runs on each engine."""
    return _invoker(db, tmp_path, monkeypatch)


@pytest.fixture
def sqlite_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`cli` on an SQLite file only, for what does not depend on the engine."""
    return _invoker(str(tmp_path / "test.db"), tmp_path, monkeypatch)
