"""Shared fixtures: the seed corpus and its gold analysis, a real local HTTP server, the CLI."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline import Storyline
from storyline.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "ukraine-aid"
DATA = Path(__file__).resolve().parent / "data"


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


class LocalServer:
    """A real HTTP server on 127.0.0.1 whose routes a test sets; it records the paths asked for."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                server.requests.append(self.path)
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *_: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run `storyline --db <tmp db> ARGS...` in-process, in a temporary working directory (where
    `run` writes its report); returns exit code, stdout and stderr apart."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str, database: str | None = None) -> CliResult:
        result = runner.invoke(app, ["--db", database or db, *map(str, args)])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return invoke
