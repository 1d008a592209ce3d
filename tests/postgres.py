"""A real PostgreSQL server for the tests: initdb and pg_ctl in a temporary folder, on a free port.

Debian's `postgresql` package provides the binaries (`make test` installs it when run as root).
PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg


def find_bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """One throw-away cluster; `database()` hands out a fresh, empty database per test."""

    def __init__(self, bindir: Path, durable: bool = False) -> None:
        # Not under pytest's tmp_path: its root-only parent folders would lock out the postgres user.
        self.folder = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
        self.bindir = bindir
        self.port = _free_port()
        self.data = self.folder / "data"
        self._count = 0
        self._durable = durable  # tests skip fsync; a benchmark must not
        self._as: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as, *args], capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "storyline", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        if not self._durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def database(self) -> str:
        """A new empty database; its SQLAlchemy URL as a user would type it."""
        self._count += 1
        name = f"test_{self._count}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=storyline dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://storyline@127.0.0.1:{self.port}/{name}"
