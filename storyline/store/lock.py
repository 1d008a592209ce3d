"""One writer per store: the advisory lock a Storyline process holds while it changes the store.

Two runs on one store at once would place the same articles twice and count mentions twice; so
whatever writes (ingest, analyse, link, watch, an export recording its problems) takes the lock
first, and a second process waits for it a while, then stops with one line saying who holds it.
Readers (listing, showing, searching) never take it. SQLite: an exclusive `flock` on a file beside
the database (`storyline.db.lock`, which says which process holds it). PostgreSQL: a session-level
advisory lock, held on a connection of its own.
"""

from __future__ import annotations

import os
import time
import zlib
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from storyline.errors import StoreError

try:
    import fcntl
except ImportError:  # not on this platform: SQLite's own locking is all there is
    fcntl = None  # type: ignore[assignment]

_KEY = zlib.crc32(b"storyline writer") & 0x7FFFFFFF
_POLL = 0.2


class WriterLock:
    def __init__(self, engine: Engine, name: str, wait: float) -> None:
        self._engine = engine
        self._name = name
        self._wait = wait
        self._held: Any = None

    @property
    def held(self) -> bool:
        return self._held is not None

    def acquire(self) -> None:
        """Take the lock (again, if this process holds it already: nothing to do)."""
        if self._held is not None:
            return
        deadline = time.monotonic() + self._wait
        while True:
            holder = self._try()
            if holder is None:
                return
            if time.monotonic() >= deadline:
                raise StoreError(f"{self._name}: another Storyline process{holder} is writing to this store; "
                                 "run again when it has finished")
            time.sleep(_POLL)

    def _try(self) -> str | None:
        """None when the lock is now ours, else what is known of the process holding it."""
        if self._engine.dialect.name == "sqlite":
            database = self._engine.url.database
            if fcntl is None or not database or database == ":memory:":
                self._held = True
                return None
            path = Path(database).with_name(Path(database).name + ".lock")
            handle = open(path, "a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                pid = handle.read().strip()
                handle.close()
                return f" (pid {pid})" if pid.isdigit() else ""
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            self._held = handle
            return None
        conn = self._engine.connect()
        if conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": _KEY}).scalar():
            conn.commit()
            self._held = conn
            return None
        pid = conn.execute(text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = :key LIMIT 1"),
                           {"key": _KEY}).scalar()
        conn.close()
        return f" (PostgreSQL backend {pid})" if pid else ""

    def release(self) -> None:
        held, self._held = self._held, None
        if held is None or held is True:
            return
        if self._engine.dialect.name == "sqlite":
            held.truncate(0)
            fcntl.flock(held, fcntl.LOCK_UN)
            held.close()
        else:
            held.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _KEY})
            held.commit()
            held.close()
