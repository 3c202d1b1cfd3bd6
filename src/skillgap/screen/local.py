"""Local workers: processes on this machine, each analysing batches under guard.

Each worker has a memory ceiling and no core dumps; the driver waits on their
pipes and on the processes themselves, so that a worker that hangs past the
per-document timeout is killed, one that dies is replaced, and the document it
was reading becomes a failed row. ``workers=0`` (:func:`_run_inline`) analyses
in this process instead. Separate from the Dask engine, which reuses only the
batching and the memory ceiling.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

from .. import errors
from .one import Item, _Config, _OutOfMemory, _peak_rss, _warm, analyse_item
from .rows import ScreenRow, _failed_from

WorkerCrashed = errors.Crashed  # the process analysing a document died


def _set_memory_ceiling(extra: int) -> None:
    """Let this process grow by ``extra`` bytes of address space, and no further."""
    try:
        with open("/proc/self/statm") as f:
            current = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # not Linux: no ceiling (the per-document timeout still holds)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (current + extra, current + extra))


def _worker_main(
    conn: multiprocessing.connection.Connection, config: _Config, inherited: list[int]
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver decides when to stop
    with contextlib.suppress(ValueError, OSError):  # no core dumps of résumés, and no wait
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for fd in inherited:  # a forked copy of the driver's pipe ends and journal: let go of them,
        with contextlib.suppress(OSError):  # or the driver's death would go unnoticed here
            os.close(fd)
    _warm(config)
    _set_memory_ceiling(config.limits.memory_bytes)
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for item in batch:
            try:
                row = analyse_item(item, config)
            except _OutOfMemory as oom:
                conn.send((oom.row, _peak_rss(), True))
                return  # a process that hit MemoryError is not trusted again
            conn.send((row, _peak_rss(), False))


class _Slot:
    """One worker process, the documents sent to it and not yet answered."""

    def __init__(self, ctx: Any, config: _Config, inherited: list[int]) -> None:
        self.conn, child = ctx.Pipe()
        forked = ctx.get_start_method() == "fork"
        inherited = [*inherited, self.conn.fileno()] if forked else []
        self.proc = ctx.Process(target=_worker_main, args=(child, config, inherited), daemon=True)
        self.proc.start()
        child.close()
        self.pending: deque[Item] = deque()
        self.since = time.monotonic()
        self.warm = forked  # a spawned worker first builds its pipeline: more time

    def send(self, batch: list[Item]) -> None:
        self.pending.extend(batch)
        self.since = time.monotonic()
        self.conn.send(batch)

    def stop(self, timeout: float = 2.0) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.proc.join(timeout)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _mp_context() -> Any:
    """fork when it is safe (one thread: children share the warm pipeline), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _next_batch(queue: deque[Item], items: Iterator[Item], size: int) -> list[Item]:
    batch: list[Item] = []
    while queue and len(batch) < size:
        batch.append(queue.popleft())
    while len(batch) < size:
        item = next(items, None)
        if item is None:
            break
        batch.append(item)
    return batch


Done = tuple[str, ScreenRow]  # (the item's own source, its row)


def _run_local(
    items: Iterator[Item],
    config: _Config,
    workers: int,
    batch_size: int,
    peaks: dict[str, int],
    keep_private: Sequence[int] = (),
) -> Iterator[Done]:
    """Batches to ``workers`` processes; rows back one by one; hangs and crashes survived."""
    ctx = _mp_context()
    config = dataclasses.replace(config, isolate=False)  # these workers are the isolation
    if ctx.get_start_method() == "fork":
        _warm(config)  # built once here, shared copy-on-write by every worker
    startup = 120.0  # a spawned worker may take a while to build its pipeline
    slots: list[_Slot] = []

    def new_slot() -> _Slot:
        open_ends = [s.conn.fileno() for s in slots if not s.conn.closed]
        return _Slot(ctx, config, [*keep_private, *open_ends])

    for _ in range(workers):
        slots.append(new_slot())
    queue: deque[Item] = deque()  # documents handed back by a worker that died
    try:
        while True:
            for i, slot in enumerate(slots):
                if slot.pending:
                    continue
                batch = _next_batch(queue, items, batch_size)
                if not batch:
                    continue
                if not slot.proc.is_alive():  # it left after a MemoryError
                    slot.stop()
                    slots[i] = slot = new_slot()
                try:
                    slot.send(batch)
                except OSError:  # died just now: the next pass replaces it
                    slot.pending.clear()
                    queue.extendleft(reversed(batch))
            busy = [s for s in slots if s.pending]
            if not busy:
                return
            now = time.monotonic()
            deadline = min(s.since + (config.limits.seconds if s.warm else startup) for s in busy)
            waitables: list[Any] = [s.conn for s in busy] + [s.proc.sentinel for s in busy]
            multiprocessing.connection.wait(waitables, timeout=max(0.0, deadline - now) + 0.01)
            for i, slot in enumerate(slots):
                if not slot.pending:
                    continue
                yield from _drain(slot, peaks)
                reason = _slot_failure(slot, config, startup)
                if reason is None:
                    continue
                slot.proc.kill()
                slot.proc.join()
                if isinstance(reason, errors.SkillgapError):
                    first = slot.pending.popleft()
                    yield first[0], _failed_from(first[0], first[3], reason)
                queue.extendleft(reversed(slot.pending))
                slot.pending.clear()
                slot.conn.close()
                slots[i] = new_slot()
    finally:
        for slot in slots:
            slot.stop()


def _drain(slot: _Slot, peaks: dict[str, int]) -> Iterator[Done]:
    try:
        while slot.pending and slot.conn.poll():
            row, peak, must_exit = slot.conn.recv()
            item = slot.pending.popleft()
            slot.since = time.monotonic()
            slot.warm = True
            peaks[f"pid {slot.proc.pid}"] = peak
            yield item[0], row
            if must_exit:
                slot.proc.join(5)
                return
    except (EOFError, OSError):
        return


def _slot_failure(
    slot: _Slot, config: _Config, startup: float
) -> errors.SkillgapError | str | None:
    """Why this worker must be replaced, or None while it is healthy."""
    if not slot.pending:
        return "exited" if not slot.proc.is_alive() else None
    source = slot.pending[0][0]
    if not slot.proc.is_alive():
        code = slot.proc.exitcode or 0
        if code == 0:
            return "exited"  # it stopped after a MemoryError row; nothing to blame
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        if code == -signal.SIGKILL:
            return errors.OutOfMemory(source, "the worker reading it was killed (out of memory?)")
        return WorkerCrashed(source, f"the worker reading it died ({how})")
    limit = config.limits.seconds if slot.warm else startup
    if time.monotonic() - slot.since > limit:
        return errors.Timeout(source, f"not read within {config.limits.seconds:g} seconds")
    return None


def _run_inline(items: Iterator[Item], config: _Config, peaks: dict[str, int]) -> Iterator[Done]:
    """``workers=0``: in this process, without isolation (for debugging and tiny runs)."""
    for item in items:
        try:
            yield item[0], analyse_item(item, config)
        except _OutOfMemory as oom:
            yield item[0], oom.row
    peaks["this process"] = _peak_rss()
