"""Read documents in a worker process, where a hang, a crash or a runaway allocation
cannot take the caller down.

One call, for a single document (a shared worker, started on first use)::

    from skillgap.isolation import read_isolated
    doc = read_isolated("cv.pdf")                          # a path, bytes or a binary stream
    doc = read_isolated(upload, name=upload.name, limits=Limits(seconds=10))

A reader for a batch or an app (``workers`` processes; ``read`` is thread-safe and
blocks while every worker is busy)::

    with IsolatedReader(limits=Limits(seconds=10, memory_bytes=1 << 30), workers=2) as reader:
        for path in paths:
            try:
                doc = reader.read(path)
            except SkillgapError as err:        # err.code, str(err) names the file
                ...
            reader.last_peak_rss                 # bytes: the worker's peak for that document

What it guarantees, per document:

- ``Limits.seconds`` of wall time: past it the worker is killed (and restarted for
  the next document) and :class:`~skillgap.errors.Timeout` is raised.
- ``Limits.memory_bytes`` of address space (``RLIMIT_AS`` in the worker): a
  ``MemoryError`` there, or the worker dying the way allocators die when memory
  runs out (SIGKILL, SIGABRT, SIGTRAP, SIGILL), raises
  :class:`~skillgap.errors.OutOfMemory`; any other death raises
  :class:`~skillgap.errors.Crashed`. The worker is restarted either way.
- Every other failure is the reader's own typed error, unchanged (``corrupt``,
  ``encrypted``, ``too-many-pages``...), with the same one-line message.

The worker is a fresh interpreter (``subprocess``, fork + exec: safe when the
caller runs threads, as Streamlit does) that imports only the readers, not
spaCy, and is reused: the cost per document is a pipe round trip (measured in
``benchmarks/bench_isolation.py``). Paths are opened by the worker; bytes and
streams are read (bounded by ``max_file_bytes``) by the caller and sent.
On platforms without POSIX resource limits (Windows) documents are read in
process: the time and memory limits then do not apply.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from multiprocessing.connection import Connection
from typing import Any

from skillgap import errors
from skillgap.limits import Limits, resolve
from skillgap.models import Document

__all__ = ["IsolatedReader", "read_isolated", "shutdown"]

SUPPORTED = os.name == "posix"
_STARTUP_SECONDS = 60.0  # importing the readers: ~0.3 s; generous for a loaded machine
# How a process dies when an allocation fails in native code: the kernel's OOM
# killer (SIGKILL), C++ std::bad_alloc -> abort (SIGABRT), pdfium's OOM crash
# (a trap instruction: SIGTRAP or SIGILL).
_OOM_SIGNALS = frozenset(
    s for s in (signal.SIGKILL, signal.SIGABRT, getattr(signal, "SIGTRAP", None), signal.SIGILL)
    if s is not None
)  # fmt: skip


class IsolatedReader:
    """A small pool of reader processes with time and memory limits per document.

    ``limits`` are the defaults for :meth:`read` (``None``: ``Limits()``, or a
    dict of overrides). Workers start on first use and are restarted after a
    timeout or a crash. Use it as a context manager, or call :meth:`close`.
    """

    def __init__(self, limits: Limits | Mapping[str, Any] | None = None, *, workers: int = 1):
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers!r}")
        self.limits = resolve(limits)
        self.workers = workers
        self.last_peak_rss: int | None = None
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all = [_Worker() for _ in range(workers)]
        for worker in reversed(self._all):
            self._idle.put(worker)
        self._closed = False

    def __enter__(self) -> IsolatedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start every worker now rather than on first use (a read waits for it)."""
        for _ in self._all:
            worker = self._idle.get()
            try:
                if worker.proc is None or worker.proc.poll() is not None:
                    worker.start()
            finally:
                self._idle.put(worker)

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        self._closed = True
        for worker in self._all:
            worker.stop()

    def read(
        self,
        source: Any,
        *,
        name: str | None = None,
        limits: Limits | Mapping[str, Any] | None = None,
    ) -> Document:
        """Read one document in a worker: a path, bytes or a binary stream.

        Raises the reader's typed errors, :class:`~skillgap.errors.Timeout`,
        :class:`~skillgap.errors.OutOfMemory` or :class:`~skillgap.errors.Crashed`.
        """
        if self._closed:
            raise RuntimeError("this IsolatedReader is closed")
        limits = self.limits if limits is None else resolve(limits)
        request, label = _request(source, name, limits)
        if not SUPPORTED:
            from skillgap.documents import read_document

            return read_document(source, name=name, limits=limits)
        worker = self._idle.get()
        try:
            document, peak = worker.read(request, label, limits)
        finally:
            self._idle.put(worker)
        self.last_peak_rss = peak
        return document


def _request(source: Any, name: str | None, limits: Limits) -> tuple[tuple[Any, ...], str]:
    """What the worker is sent: a path to open, or bytes read here (bounded)."""
    from skillgap.documents import _load_bytes

    if isinstance(source, str | os.PathLike):
        label = name or os.fspath(source)
        return ("path", os.path.abspath(os.fspath(source)), label, limits), label
    data, label = _load_bytes(source, name, limits)  # bytes, or a stream read to its limit
    return ("bytes", data, label, limits), label


class _Worker:
    """One reader process, spoken to over two pipes; restarted when it dies."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.send: Connection | None = None
        self.recv: Connection | None = None
        self.stderr: Any = None

    def read(self, request: tuple[Any, ...], label: str, limits: Limits) -> tuple[Document, int]:
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        assert self.send is not None and self.recv is not None
        try:
            self.send.send_bytes(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
            ready = self.recv.poll(limits.seconds)
        except OSError:  # the worker died while the request was being written
            raise self._died(label, limits) from None
        if not ready:
            self.stop()
            raise errors.Timeout(
                label, f"reading it took longer than the limit of {limits.seconds:g} s"
            )
        try:
            reply = pickle.loads(self.recv.recv_bytes())
        except (EOFError, OSError):
            raise self._died(label, limits) from None
        return _outcome(reply, label, limits, self)

    def start(self) -> None:
        self.stop()
        parent_r, child_w = os.pipe()
        child_r, parent_w = os.pipe()
        package_dir = os.path.dirname(os.path.abspath(errors.__file__))
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _BOOT, package_dir, str(child_r), str(child_w)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self.stderr,
                pass_fds=(child_r, child_w),
                close_fds=True,
            )
        finally:
            os.close(child_r)
            os.close(child_w)
        self.send = Connection(parent_w, readable=False)
        self.recv = Connection(parent_r, writable=False)
        try:
            ok = self.recv.poll(_STARTUP_SECONDS) and self.recv.recv_bytes() == b"ready"
        except (EOFError, OSError):
            ok = False
        if not ok:
            detail = self._stderr_tail()
            self.stop()
            raise RuntimeError(f"the isolated reader process did not start: {detail}")

    def stop(self) -> None:
        """Kill the process (if any) and release its pipes."""
        if self.proc is not None:
            with contextlib.suppress(OSError):
                self.proc.kill()
            self.proc.wait()
            self.proc = None
        for conn in (self.send, self.recv):
            if conn is not None:
                conn.close()
        self.send = self.recv = None
        if self.stderr is not None:
            self.stderr.close()
            self.stderr = None

    def _died(self, label: str, limits: Limits) -> errors.DocumentError:
        assert self.proc is not None
        try:
            status = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            status = None
        self.stop()
        if status is not None and status < 0 and -status in _OOM_SIGNALS:
            return errors.OutOfMemory(
                label,
                f"reading it needed more than the limit of {_size(limits.memory_bytes)} "
                f"(the reader was stopped by {signal.Signals(-status).name})",
            )
        how = f"signal {signal.Signals(-status).name}" if status and status < 0 else status
        return errors.Crashed(label, f"the reader crashed on this file ({how})")

    def _stderr_tail(self) -> str:
        if self.stderr is None:
            return "no output"
        self.stderr.seek(0)
        lines = self.stderr.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else "no output"


def _outcome(
    reply: tuple[Any, ...], label: str, limits: Limits, worker: _Worker
) -> tuple[Document, int]:
    kind = reply[0]
    if kind == "ok":
        return reply[1], reply[2]
    if kind == "error":
        _kind, class_name, source, reason, hint, _peak = reply
        cls = getattr(errors, class_name, None)
        if not (isinstance(cls, type) and issubclass(cls, errors.DocumentError)):
            cls = errors.CorruptDocument
        raise cls(source, reason, hint=hint)
    if kind == "oom":
        worker.stop()  # a heap that hit its limit is not worth keeping
        raise errors.OutOfMemory(
            label, f"reading it needed more than the limit of {_size(limits.memory_bytes)}"
        )
    worker.stop()
    raise errors.Crashed(label, f"the reader failed on this file: {reply[1]}")


def _size(n: float) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:g} {unit}"
    return f"{n:g} bytes"


# --------------------------------------------------------------------------- one shared reader

_SHARED: list[IsolatedReader] = []
_SHARED_LOCK = threading.Lock()


def read_isolated(
    source: Any, *, name: str | None = None, limits: Limits | Mapping[str, Any] | None = None
) -> Document:
    """Read one document in a shared worker process; see the module docstring."""
    return _shared_reader().read(source, name=name, limits=resolve(limits))


def warm_up() -> None:
    """Start the shared worker in the background, so that its start-up overlaps
    the caller's own (the CLI loads spaCy meanwhile)."""
    threading.Thread(target=_shared_reader().start, daemon=True).start()


def _shared_reader() -> IsolatedReader:
    with _SHARED_LOCK:
        if not _SHARED:
            _SHARED.append(IsolatedReader(workers=1))
            atexit.register(shutdown)
        return _SHARED[0]


def shutdown() -> None:
    """Stop the shared worker (it restarts on the next :func:`read_isolated`)."""
    with _SHARED_LOCK:
        while _SHARED:
            _SHARED.pop().close()


# --------------------------------------------------------------------------- the worker side

# The worker imports skillgap's readers without running skillgap/__init__.py
# (which loads spaCy): a bare package module is registered first.
_BOOT = (
    "import sys, types\n"
    "package = types.ModuleType('skillgap')\n"
    "package.__path__ = [sys.argv[1]]\n"
    "sys.modules['skillgap'] = package\n"
    "from skillgap.isolation import serve\n"
    "serve(int(sys.argv[2]), int(sys.argv[3]))\n"
)


def serve(read_fd: int, write_fd: int) -> None:
    """The worker's loop: read requests, answer with a Document or an error."""
    import resource

    # Loaded once, not per document, and before any request's memory limit
    # (numpy's start-up alone could pass a low one).
    import ftfy  # noqa: F401
    import pypdfium2  # noqa: F401

    from skillgap import documents, pdf_hidden, pdf_words  # noqa: F401

    requests = Connection(read_fd, writable=False)
    replies = Connection(write_fd, readable=False)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    replies.send_bytes(b"ready")
    while True:
        try:
            kind, payload, label, limits = pickle.loads(requests.recv_bytes())
        except EOFError:
            return
        _reset_peak()
        try:
            resource.setrlimit(resource.RLIMIT_AS, (_cap(limits.memory_bytes, hard), hard))
            document = documents.read_document(payload, name=label, limits=limits)
            reply: tuple[Any, ...] = ("ok", document, 0)
        except errors.SkillgapError as exc:
            reply = ("error", type(exc).__name__, exc.source, exc.reason, exc.hint, 0)
        except MemoryError:
            reply = ("oom", 0)
        except RecursionError:
            reply = ("error", "CorruptDocument", label, "nested too deeply to read", None, 0)
        except Exception as exc:  # a bug in a reader: reported, the worker goes on
            reply = ("bug", f"{type(exc).__name__}: {exc}"[:300])
        finally:
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        if reply[0] != "bug":
            reply = (*reply[:-1], _peak_rss())
        replies.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
        if reply[0] == "oom":
            return


def _cap(memory: int, hard: int) -> int:
    import resource

    return memory if hard == resource.RLIM_INFINITY else min(memory, hard)


def _reset_peak() -> None:
    """Linux: reset the peak resident size, so it is measured per document."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def _peak_rss() -> int:
    """The worker's peak resident size in bytes (since the last reset on Linux)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024
