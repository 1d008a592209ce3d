"""Where the per-article work runs: in this process, in a local process pool, or on Dask workers.

Both pools are a `concurrent.futures.Executor` (Dask's through `Client.get_executor`), so a stage
submits its work one way, and the store is written only by the calling process, in input order:
a parallel run stores exactly what a serial one does. Workers load the spaCy model once per
process (it is cached at module level) and keep it for every task they are given.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from storyline.errors import StorylineError

In = TypeVar("In")
Out = TypeVar("Out")
_CONNECT_TIMEOUT = "10s"
# Dask's housekeeping runs in every process it starts, and here the store process hosts the
# scheduler too: ticking every 20 ms, sampling memory and the system several times a second and
# profiling worker threads 100 times a second took CPU from the parsing and the linking on a
# two-core machine. Our tasks last seconds, so slower housekeeping loses nothing. Dask also starts
# its workers with MALLOC_TRIM_THRESHOLD_ set, which turns off glibc's adaptive mmap threshold: the
# parser's large, short-lived arrays were then mapped and unmapped on every batch, and the workers
# spent a quarter more CPU than a process pool's (65 against 50 core-seconds for 2,000 articles).
# Each of Dask's message streams (client to scheduler, scheduler to each worker) keeps its last
# low-level-log-length batches for debugging, and ours carry the articles of each task: at Dask's
# 1,000 the store process grew from 204 MB after 10k articles to 301 MB after 100k, at 100 from 190
# to 196 MB (bench/dask_overhead.py), since 10k articles already fill 100.
_DASK_CONFIG = {
    "distributed.admin.low-level-log-length": 100,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,  # None unsets it (Dask's own rule)
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}
# The store process is the pipeline's one serial stage: it saves and links every article. Where the
# workers share its machine they would get equal shares of the cores with it, and on two cores with
# two workers it got two thirds of one, fell behind, and left the workers idle with their window of
# tasks done: 31-37 articles/s at 20-40k articles against 39-45 with the workers at niceness 10,
# measured by turns in one run. Local workers run that much nicer, taking what the store process
# leaves; workers on other machines are left alone.
_WORKER_NICENESS = 10


@contextmanager
def workers(processes: int = 1, dask: str | None = None) -> Iterator[tuple[Executor | None, int]]:
    """An executor and how many workers it has; (None, 1) means work in this process.

    `dask` is a scheduler address ("tcp://host:8786") or "local:N" for a LocalCluster of N
    single-threaded worker processes started here and stopped on exit.
    """
    if dask:
        with _dask(dask) as pool:
            yield pool
    elif processes > 1:
        # spawn, not fork: the parent may hold threads (progress bar, database pool) a fork would copy.
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_lower_priority) as pool:
            yield pool, processes
    else:
        yield None, 1


@contextmanager
def _dask(address: str) -> Iterator[tuple[Executor, int]]:
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise StorylineError("--dask needs Dask distributed: pip install 'storyline[dask]'") from None
    with dask.config.set(_DASK_CONFIG):
        with _dask_client(address, Client, LocalCluster) as pool:
            yield pool


@contextmanager
def _dask_client(address: str, Client: Any, LocalCluster: Any) -> Iterator[tuple[Executor, int]]:  # noqa: N803
    cluster: Any = None
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise StorylineError(f"--dask {address}: give the number of local workers, e.g. local:2")
        cluster = LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=50)
        target: Any = cluster
    else:
        target = address
    try:
        client = Client(target, timeout=_CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise StorylineError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
    try:
        count = max(1, len(client.scheduler_info()["workers"]))
        if cluster is not None:
            client.run(_lower_priority)
        yield client.get_executor(pure=False), count
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _lower_priority() -> None:
    """Make this worker process `_WORKER_NICENESS` nicer. Linux keeps a niceness per thread, so every
    thread it has is changed (threads started later inherit it); elsewhere it is per process."""
    threads = Path("/proc/self/task")
    if threads.is_dir():
        for tid in (int(name) for name in os.listdir(threads)):
            with suppress(ProcessLookupError):  # the thread has ended since
                os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + _WORKER_NICENESS))
    elif hasattr(os, "nice"):
        os.nice(_WORKER_NICENESS)


def ordered_map(pool: Executor | None, task: Callable[[In], Out], items: Iterable[In], window: int) -> Iterator[Out]:
    """`task` over `items`, results in input order, at most `window` tasks in flight, so memory
    stays bounded however many items there are (Executor.map would submit them all at once)."""
    if pool is None:
        yield from map(task, items)
        return
    pending: deque[Any] = deque()
    for item in items:
        pending.append(pool.submit(task, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
