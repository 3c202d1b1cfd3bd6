"""The Dask engine: batches to a cluster, one this screen started or someone else's.

On a ``--dask-local`` cluster the screen owns, each worker guards itself
(:class:`_Guard`: a memory ceiling, no core dumps, a watchdog per document) and
keeps a marker file naming its document, so that a worker's death blames that
document alone. On a cluster it does not own, files are read through
:mod:`skillgap.isolation` instead. ``distributed`` is imported only when used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import resource
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from typing import Any

from .. import errors
from .local import Done, WorkerCrashed, _next_batch, _set_memory_ceiling
from .one import Item, _Config, _OutOfMemory, _peak_rss, _redacted, _warm, analyse_item
from .rows import DASK_INSTALL, ScreenRow, _failed_from


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ImportError(f"--scheduler and --dask-local need Dask: {DASK_INSTALL}") from None
    return distributed


_GRACE = 2.0  # seconds past the limit before a document stuck in native code kills its worker


class _Hung(BaseException):
    """Raised in the analysing thread by the watchdog (not an Exception: nothing catches it)."""


class _Guard:
    """What a guarded worker is doing, and a watchdog over it (one per process).

    The worker keeps a one-line marker file, ``<folder>/<pid>``, saying which document
    it is analysing (``["A", source]``), that it is idle (an empty line) or that a
    document timed out (``["T", source]``): when the worker dies, the driver reads it
    to blame that document alone, and sends the rest of the batch again.

    Past ``Limits.seconds`` the watchdog raises :class:`_Hung` in the analysing
    thread (enough when the document is stuck in Python code); ``_GRACE`` seconds
    later, if the thread is still stuck (in native code), it marks the document as
    timed out and kills this worker process, which the Dask nanny replaces.
    """

    def __init__(self, folder: str) -> None:
        path = os.path.join(folder, str(os.getpid()))
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._doc: tuple[int, str, float, float] | None = None  # thread, source, limit, start
        self._fired = False
        threading.Thread(target=self._watch, name="skillgap-watchdog", daemon=True).start()

    def _mark(self, state: str, source: str = "") -> None:
        line = json.dumps([state, source]) if state else ""
        os.pwrite(self._fd, (line + "\n").encode(), 0)  # the first line is what counts

    def arm(self, source: str, seconds: float) -> None:
        with self._lock:
            self._mark("A", source)
            self._doc = (threading.get_ident(), source, seconds, time.monotonic())
            self._fired = False
            self._wake.notify()

    def disarm(self) -> bool:
        """Stop watching; True if the document ran out of time (no _Hung left pending)."""
        with self._lock:
            fired, doc = self._fired, self._doc
            if fired and doc is not None:
                _async_raise(doc[0], None)  # cancel it if not yet delivered
            if doc is not None:
                self._mark("")
            self._doc, self._fired = None, False
            return fired

    def _watch(self) -> None:
        with self._lock:
            while True:
                doc = self._doc
                if doc is None:
                    self._wake.wait()
                    continue
                thread, source, seconds, start = doc
                deadline = start + seconds + (_GRACE if self._fired else 0.0)
                left = deadline - time.monotonic()
                if left > 0:
                    self._wake.wait(left)
                    continue
                if not self._fired:
                    self._fired = True
                    _async_raise(thread, _Hung)
                    continue
                self._mark("T", source)
                os.kill(os.getpid(), signal.SIGKILL)


def _async_raise(thread: int, exc: type[BaseException] | None) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(exc) if exc is not None else ctypes.c_void_p()
    )


_guards: list[_Guard] = []


def _prepare(config: _Config) -> None:
    """Build the pipeline; for a guarded worker, then set its limits (once per process)."""
    _warm(config)
    if config.guard and not _guards:
        with contextlib.suppress(ValueError, OSError):  # no core dumps of résumés
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        _set_memory_ceiling(config.limits.memory_bytes)
        _guards.append(_Guard(config.guard))


def _timeout_row(item: Item, config: _Config) -> ScreenRow:
    reason = errors.Timeout(item[0], f"not read within {config.limits.seconds:g} seconds")
    row = _failed_from(item[0], item[3], reason)
    return _redacted(row, "") if config.blind else row


def _analyse_guarded(item: Item, config: _Config) -> ScreenRow:
    guard = _guards[0]
    try:
        guard.arm(item[0], config.limits.seconds)
        try:
            row = analyse_item(item, config)
        finally:
            hung = guard.disarm()
    except _Hung:
        guard.disarm()
        hung = True
    return _timeout_row(item, config) if hung else row


def analyse_batch(batch: list[Item], config: _Config) -> tuple[list[ScreenRow], str, int]:
    """The Dask task: a batch of documents in one worker (the pipeline is built once)."""
    _prepare(config)
    analyse_one = _analyse_guarded if config.guard else analyse_item
    rows = []
    for item in batch:
        try:
            rows.append(analyse_one(item, config))
        except _OutOfMemory as oom:
            rows.append(oom.row)
    return rows, f"pid {os.getpid()}", _peak_rss()


def _run_dask(
    items: Iterator[Item],
    config: _Config,
    client: Any,
    batch_size: int,
    peaks: dict[str, int],
    owned: bool = False,
) -> Iterator[Done]:
    """Batches to the cluster, ``2 x workers`` in flight; rows back as each batch finishes.

    On a cluster this screen started (``owned``: local worker processes), each worker
    analyses in its own process under the guards local workers have (a memory ceiling,
    no core dumps, a per-document timeout), and a worker that dies is replaced by its
    nanny: the document it was analysing becomes a failed row, the rest of its batch is
    sent again. On someone else's cluster, files are read through skillgap.isolation
    (a reader process and a pipe round trip per document), so that a bad file cannot
    take down a worker that is not ours; a failed batch is split to find the culprit.
    """
    if not owned:
        yield from _dask_batches(items, config, client, batch_size, peaks)
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="skillgap-screen-") as folder:
        guarded = dataclasses.replace(config, isolate=False, guard=folder)
        yield from _dask_batches(items, guarded, client, batch_size, peaks)


def _dask_batches(
    items: Iterator[Item],
    config: _Config,
    client: Any,
    batch_size: int,
    peaks: dict[str, int],
) -> Iterator[Done]:
    distributed = _import_distributed()
    addresses = list(client.scheduler_info().get("workers", {}))
    in_flight = 2 * max(1, len(addresses))
    # Each worker builds the pipeline once, all at the same time, before any work is sent.
    warming = [client.submit(_prepare, config, workers=[a], pure=False) for a in addresses]
    distributed.wait(warming)
    pending = distributed.as_completed()
    batches: dict[Any, list[Item]] = {}
    misses: Counter[str] = Counter()  # failed batches a document was in, not blamed
    blamed: dict[str, str] = {}  # source -> what its dead worker's marker said

    def submit(batch: list[Item]) -> None:
        future = client.submit(analyse_batch, batch, config, pure=False)
        batches[future] = batch
        pending.add(future)

    def top_up() -> None:
        while len(batches) < in_flight:
            batch = _next_batch(deque(), items, batch_size)
            if not batch:
                return
            submit(batch)

    top_up()
    for future in pending:
        batch = batches.pop(future)
        try:
            rows, who, peak = future.result()
        except Exception as exc:  # the worker died (KilledWorker) or the task failed
            reason = " ".join(repr(exc).split())[:300]
            if config.guard:
                blamed |= _last_documents(config.guard, {item[0] for item in batch})
            rest = []
            for item in batch:
                state = blamed.pop(item[0], "")
                if state == "T":  # its worker's watchdog killed the worker
                    yield item[0], _timeout_row(item, config)
                elif state == "A" or (
                    len(batch) == 1 and (not config.guard or misses[item[0]] >= 2)
                ):
                    crash = WorkerCrashed(item[0], f"the Dask task failed: {reason}")
                    yield item[0], _failed_from(item[0], item[3], crash)
                else:
                    misses[item[0]] += 1
                    rest.append(item)
            if config.guard and rest and all(misses[i[0]] < 3 for i in rest):
                submit(rest)  # innocent: queued on the worker that died, or with the culprit
            else:  # nobody blamed (or again and again): one document per task
                for item in rest:
                    submit([item])
        else:
            peaks[who] = max(peaks.get(who, 0), peak)
            yield from zip((item[0] for item in batch), rows, strict=True)
        future.release()
        top_up()


def _last_documents(folder: str, failed: set[str]) -> dict[str, str]:
    """{source: "A" (being analysed) or "T" (timed out)} from guarded workers' markers.

    Each guarded worker keeps ``folder/<pid>``. A marker naming one of the ``failed``
    batch's documents belongs to the worker that died running it (the scheduler
    runs a task on one worker, and gives up on it when that worker dies), even if
    that process is not quite gone yet. Any other marker is read (and removed)
    only once its process is gone: a live worker's marker names a document running.
    """
    found: dict[str, str] = {}
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if not name.isdigit():
            continue
        state = source = ""
        with contextlib.suppress(OSError, ValueError, TypeError):
            with open(path, encoding="utf-8") as f:
                line = f.readline().strip()
            if line:
                state, source = (str(x) for x in json.loads(line))
        if not _alive(int(name)):
            with contextlib.suppress(OSError):
                os.unlink(path)
        elif source not in failed:
            continue
        if source:
            found[source] = state
    return found


def _alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def _dask_client(scheduler: Any, dask_local: int | None) -> Iterator[tuple[Any, bool]]:
    """(a client, whether this screen owns the cluster: a ``--dask-local`` one)."""
    if scheduler is not None and not isinstance(scheduler, str):
        yield scheduler, False  # a distributed.Client made by the caller
        return
    distributed = _import_distributed()
    if scheduler is not None:
        with distributed.Client(scheduler) as client:
            yield client, False
        return
    assert dask_local is not None
    with _local_cluster(dask_local) as cluster, distributed.Client(cluster) as client:
        yield client, True


def _local_cluster(n_workers: int, **worker_kwargs: Any) -> Any:
    """The ``--dask-local`` cluster: worker processes of one thread each."""
    distributed = _import_distributed()
    return distributed.LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
        # a batch whose worker died is split at once, not retried whole elsewhere
        scheduler_kwargs={"allowed_failures": 0},
        **worker_kwargs,
    )
