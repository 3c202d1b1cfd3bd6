"""Screen many résumés at once: a ranked table that survives crashes and scales out.

    >>> run = skillgap.screen(["cvs/", "board-export.zip"], role="ml_engineer",
    ...                       require=["pytorch", "docker"], out="ranked.csv")
    >>> for row in run:            # rows stream in as documents finish
    ...     print(row.source, row.status)
    >>> print(run.summary.format())

The stages:

    inputs -> list_inputs() -> Refs      (files, folders, zip members, fsspec URLs)
    Refs   -> load on the driver          (local bytes; content hash; duplicates)
           -> analyse in workers          (local processes, or a Dask cluster)
           -> journal                     (one fsync'd JSON line per document)
    journal -> output                     (CSV / JSONL / Parquet, sorted, atomic)

**Never lose work.** Each finished document is appended to a journal next to the
output (``ranked.csv.journal.jsonl``) before it is reported. A rerun of the same
command skips every document already in the journal (key: source, content hash
and settings) and drops a torn last line left by ``kill -9``. The output is
rewritten from the journal with a temporary file and :func:`os.replace`.

**One bad document never stops a run.** Local workers run with a memory ceiling
(``Limits.memory_bytes`` above what the pipeline needs) and a per-document
timeout (``Limits.seconds``); a worker that hangs is killed, one that dies is
replaced, and the document becomes a failed row with its reason. The workers of a
``--dask-local`` cluster are guarded the same way, in their own process (see
``_Guard``); on a cluster the screen does not own, files are read in a separate
reader process (:mod:`skillgap.isolation`) so that no worker of it is ever killed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import difflib
import hashlib
import json
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import resource
import signal
import stat
import sys
import threading
import time
import types
import zipfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TextIO

from . import __version__, archives, errors
from .archives import safe_member_name as safe_member_name  # re-exported: tests, the app
from .documents import describe_mode
from .limits import Limits, resolve
from .redact import redactor_for

OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}
JOURNAL_SUFFIX = ".journal.jsonl"
ROW_FORMAT = 1  # bump when a journal row's meaning changes: old journals are then ignored
STATUSES = ("ok", "failed", "duplicate")
DASK_INSTALL = "pip install 'skillgap[dask]'"
FSSPEC_INSTALL = "pip install fsspec s3fs  (or gcsfs, adlfs: the backend of your URL)"
MAX_BATCH = 32
SYNC_EVERY = 0.05  # seconds: each line is written at once; fsync'd at most this much later


WorkerCrashed = errors.Crashed  # the process analysing a document died


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class ScreenRow:
    """One input document in the screen: its status, scores and the skills found."""

    source: str  # the path, "archive.zip!member" or URL (redacted when blind)
    id: str  # the first 12 hex digits of the SHA-256 of its bytes ("" if never read)
    status: str  # "ok", "failed" or "duplicate"
    error_code: str = ""
    error_message: str = ""
    duplicate_of: str = ""  # for duplicates: the source of the first copy
    format: str = ""
    pages: int | None = None
    skills: tuple[str, ...] = ()  # names of the role's skills found
    skill_ids: tuple[str, ...] = ()  # ids of the role's skills and other technologies found
    evidence: str = ""  # "Skill: the sentence | ..." (redacted when blind)
    overall: float | None = None
    level: str | None = None
    years: float | None = None
    categories: tuple[tuple[str, float], ...] = ()  # (category id, score)
    job_score: float | None = None
    job_required_met: str | None = None  # "3/5" of the posting's required skills
    must_haves: tuple[str, ...] = ()  # the --require skill ids
    must_haves_met: bool | None = None
    missing: tuple[str, ...] = ()  # must-haves not found
    resumed: bool = False  # taken from the journal of an earlier run

    @property
    def score(self) -> float:
        """What the screen sorts by: job score, else overall, else skills found."""
        for value in (self.job_score, self.overall):
            if value is not None:
                return value
        return float(len(self.skills))

    def to_record(self) -> dict[str, Any]:
        """The JSON object kept in the journal (must-haves are applied later)."""
        data = dataclasses.asdict(self)
        for name in ("must_haves", "must_haves_met", "missing", "resumed"):
            data.pop(name)
        data["categories"] = dict(self.categories)
        return data

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> ScreenRow:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("skills", "skill_ids"):
            values[name] = tuple(values.get(name) or ())
        values["categories"] = tuple((values.get("categories") or {}).items())
        return cls(**values)

    def columns(self, category_ids: Sequence[str] = (), advice: bool = True) -> dict[str, Any]:
        """The flat columns of the output file, in order."""
        scores = dict(self.categories)
        row: dict[str, Any] = {"source": self.source, "id": self.id, "status": self.status}
        if self.must_haves:
            row["must_haves_met"] = self.must_haves_met
            row["missing_must_haves"] = list(self.missing)
        if advice:
            row |= {"overall": self.overall, "level": self.level, "years": self.years}
            row |= {f"score_{c}": scores.get(c) for c in category_ids}
        if self.job_score is not None or self.job_required_met is not None:
            row |= {"job_score": self.job_score, "job_required_met": self.job_required_met}
        row |= {
            "skills_found": len(self.skills),
            "skills": list(self.skills),
            "format": self.format,
            "pages": self.pages,
            "error_code": self.error_code,
            "error_message": self.error_message,
            "duplicate_of": self.duplicate_of,
            "evidence": self.evidence,
        }
        return row


def _failed(source: str, digest: str, code: str, message: str) -> ScreenRow:
    return ScreenRow(source, digest[:12], "failed", error_code=code, error_message=message)


def _failed_from(source: str, digest: str, err: errors.SkillgapError) -> ScreenRow:
    return _failed(source, digest, err.code, err.message)


def sort_rows(rows: Iterable[ScreenRow]) -> list[ScreenRow]:
    """Best first: ok rows by score, then failed rows, then duplicates; ties by source."""
    order = {status: i for i, status in enumerate(STATUSES)}
    return sorted(rows, key=lambda r: (order.get(r.status, 9), -r.score, r.source))


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Ref:
    """One document to screen, before it is read."""

    source: str  # display name, unique within a run
    path: str = ""  # a local file, or the zip archive holding ``member``
    member: str = ""  # the zip member's own name: used to read it, never as a path
    url: str = ""  # an fsspec URL, read on the worker
    error: tuple[str, str] | None = None  # (code, message) found while listing


def _is_url(text: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+://", text))


def list_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    limits: Limits | None = None,
    exclude: Iterable[str] = (),
) -> list[Ref]:
    """Every document named by ``inputs``: files, folders (recursively), zips, URLs.

    Folders yield regular files only; FIFOs, devices, sockets and links leading
    outside the folder become refs with an error (failed rows), never reads.
    Hidden files and folders (``.name``) are skipped; so are ``exclude`` paths
    (the output and its journal). Sources are unique: a repeated name gets " (2)".
    """
    limits = resolve(limits)
    skip = {os.path.realpath(p) for p in exclude}
    refs: list[Ref] = []
    for raw in inputs:
        text = os.fspath(raw)
        if _is_url(text) and not text.startswith("file://"):
            refs.extend(_url_refs(text))
        else:
            refs.extend(_path_refs(text.removeprefix("file://"), limits, skip))
    return _unique(refs)


def _unique(refs: list[Ref]) -> list[Ref]:
    seen: Counter[str] = Counter()
    out = []
    for ref in refs:
        seen[ref.source] += 1
        if seen[ref.source] > 1:
            ref = dataclasses.replace(ref, source=f"{ref.source} ({seen[ref.source]})")
        out.append(ref)
    return out


def _error_ref(source: str, err: errors.SkillgapError) -> Ref:
    return Ref(source, error=(err.code, err.message))


def _path_refs(path: str, limits: Limits, skip: set[str]) -> Iterator[Ref]:
    try:
        info = os.stat(path)  # a path named by the user may be a link: follow it
    except FileNotFoundError:
        yield _error_ref(path, errors.NotFound(path, "no such file or folder"))
        return
    except OSError as exc:
        yield _error_ref(path, errors.NotFound(path, f"cannot read it: {exc.strerror or exc}"))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, limits, skip)
    elif stat.S_ISREG(info.st_mode):
        yield from _file_refs(path, os.path.realpath(path), path, limits)
    else:
        yield _error_ref(path, _not_regular(path, info.st_mode))


def _not_regular(label: str, mode: int) -> errors.NotARegularFile:
    return errors.NotARegularFile(label, f"this is {describe_mode(mode)}; it was not read")


def _walk(root: str, limits: Limits, skip: set[str]) -> Iterator[Ref]:
    root_real = os.path.realpath(root)

    def inside(real: str) -> bool:
        return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in list(dirnames):
            full = os.path.join(dirpath, name)
            if os.path.islink(full):  # os.walk does not descend links; say so
                dirnames.remove(name)
                yield _error_ref(
                    full,
                    errors.NotARegularFile(
                        full, "a link to a folder; links to folders are not followed"
                    ),
                )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = os.path.join(dirpath, name)
            try:
                info = os.lstat(full)
            except OSError as exc:
                yield _error_ref(full, errors.NotFound(full, f"cannot read it: {exc.strerror}"))
                continue
            real = full
            if stat.S_ISLNK(info.st_mode):
                real = os.path.realpath(full)
                if not inside(real):
                    yield _error_ref(
                        full,
                        errors.NotARegularFile(full, "a link leading outside the folder"),
                    )
                    continue
                try:
                    info = os.stat(real)
                except OSError:
                    yield _error_ref(full, errors.NotFound(full, "a broken link"))
                    continue
            if os.path.realpath(real) in skip:
                continue
            if not stat.S_ISREG(info.st_mode):
                yield _error_ref(full, _not_regular(full, info.st_mode))
                continue
            yield from _file_refs(full, real, full, limits)


def _open_nofollow(path: str) -> int:
    """Open without following a final link and without blocking on a swapped-in FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    return os.open(path, flags)


def _file_refs(label: str, path: str, source: str, limits: Limits) -> Iterator[Ref]:
    """A file ref, or one ref per member when the file is a zip archive (not a DOCX)."""
    try:
        fd = _open_nofollow(path)
        with os.fdopen(fd, "rb") as handle:
            head = handle.read(4)
            if head not in (b"PK\x03\x04", b"PK\x05\x06"):
                yield Ref(source, path=path)
                return
            handle.seek(0)
            try:
                zf = zipfile.ZipFile(handle)
            except (zipfile.BadZipFile, OSError, ValueError):
                yield Ref(source, path=path)  # the reader will say it is damaged
                return
            with zf:
                if "[Content_Types].xml" in zf.namelist():
                    yield Ref(source, path=path)  # an Office document, not an archive
                    return
                yield from _zip_refs(zf, path, source, limits)
    except OSError as exc:
        yield _error_ref(label, errors.NotFound(label, f"cannot open it: {exc.strerror}"))


def _zip_refs(zf: zipfile.ZipFile, path: str, source: str, limits: Limits) -> Iterator[Ref]:
    try:
        entries = archives.list_members(
            zf, name=source, limits=limits, total_note="; the rest was not read"
        )
    except errors.DecompressionBomb as err:  # too many entries: the archive is one failed row
        yield _error_ref(
            source,
            errors.DecompressionBomb(
                source, err.reason, hint="split the archive, or raise max_zip_entries"
            ),
        )
        return
    for entry in entries:
        if entry.error is not None:
            yield _error_ref(entry.label, entry.error)
        else:
            yield Ref(entry.label, path=path, member=entry.info.filename)


def _url_refs(url: str) -> Iterator[Ref]:
    fsspec = _import_fsspec(url)
    try:
        fs, root = fsspec.core.url_to_fs(url)
        paths = sorted(fs.find(root)) if fs.isdir(root) else [root]
    except ImportError as exc:  # the backend (s3fs, gcsfs...) is missing
        raise ImportError(f"{url}: {exc} (install it with: {FSSPEC_INSTALL})") from None
    except (OSError, ValueError) as exc:
        yield _error_ref(url, errors.NotFound(url, f"cannot list it: {exc}"))
        return
    for p in paths:
        if p.rsplit("/", 1)[-1].startswith("."):
            continue
        full = fs.unstrip_protocol(p)
        yield Ref(full, url=full)


def _import_fsspec(url: str) -> Any:
    try:
        import fsspec
    except ImportError:
        raise ImportError(f"{url}: reading URLs needs fsspec: {FSSPEC_INSTALL}") from None
    return fsspec


class _Loader:
    """Reads local refs on the driver, keeping one zip archive open at a time."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._zip: tuple[str, zipfile.ZipFile] | None = None

    def load(self, ref: Ref) -> bytes:
        if ref.member:
            return self._member(ref)
        try:
            fd = _open_nofollow(ref.path)
        except FileNotFoundError:
            raise errors.NotFound(ref.source, "no such file (removed since listing?)") from None
        except OSError as exc:
            raise errors.NotFound(ref.source, f"cannot open it: {exc.strerror}") from None
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise _not_regular(ref.source, os.fstat(fd).st_mode)
            return self._bounded(handle, ref.source)

    def _bounded(self, handle: IO[bytes], source: str) -> bytes:
        data = handle.read(self.limits.max_file_bytes + 1)
        if len(data) > self.limits.max_file_bytes:
            raise errors.TooLarge(source, f"over the limit of {self.limits.max_file_bytes:,} bytes")
        return data

    def _member(self, ref: Ref) -> bytes:
        if self._zip is None or self._zip[0] != ref.path:
            self.close()
            try:
                self._zip = (ref.path, zipfile.ZipFile(ref.path))
            except (OSError, zipfile.BadZipFile) as exc:
                raise errors.CorruptDocument(
                    ref.source, f"cannot open the archive: {exc}"
                ) from None
        return archives.read_member(self._zip[1], ref.member, label=ref.source, limits=self.limits)

    def close(self) -> None:
        if self._zip is not None:
            self._zip[1].close()
            self._zip = None


# --------------------------------------------------------------------------- analysing one


@dataclass(frozen=True, slots=True)
class _Config:
    """What every worker needs: sent once to each local worker, with each Dask batch."""

    role: str
    limits: Limits
    blind: bool = False
    job: Any = None
    # Read each file through skillgap.isolation (a reader process with time and memory
    # limits). Local workers need not: they are themselves such a process, for the
    # whole analysis, so isolating again would only add a process and a pipe per file.
    isolate: bool = True
    # Guard the process that analyses, in the process itself: an address-space ceiling,
    # no core dumps, and a watchdog per document (see _Guard), its marker files in this
    # folder. For the workers of a Dask cluster that this screen started and owns
    # (``--dask-local``, on this machine), instead of isolate.
    guard: str = ""


# (source, bytes or None, URL or "", sha256 hex or "", duplicate of: source or "")
Item = tuple[str, bytes | None, str, str, str]


def _analysis_fields(analysis: Any, clean: Callable[[str], str] | None) -> dict[str, Any]:
    ex = analysis.extraction
    doc = ex.document

    def line(text: str) -> str:  # redacted whole, then cut: a cut e-mail would survive
        text = " ".join(text.split())
        return (clean(text) if clean else text)[:100]

    evidence = " | ".join(f"{s.name}: {line(s.mentions[0].sentence)}" for s in ex.skills)
    fields_: dict[str, Any] = {
        "format": doc.format,
        "pages": doc.pages,
        "skills": tuple(s.name for s in ex.skills),
        "skill_ids": tuple(s.id for s in (*ex.skills, *ex.technologies)),
        "evidence": evidence,
    }
    profile = getattr(analysis, "profile", None)
    if profile is not None:
        fields_["years"] = round(float(profile.years), 1)
        fields_["level"] = getattr(profile.level, "id", profile.level)
    scores = getattr(analysis, "scores", None)
    if scores is not None:
        fields_["overall"] = round(float(scores.overall), 4)
        fields_["categories"] = tuple((c.id, round(float(c.score), 4)) for c in scores.categories)
    job = getattr(analysis, "job", None)
    if job is not None:
        fields_["job_score"] = round(float(job.score), 4)
        required, met = job.required, job.required_met
        n_met = met if isinstance(met, int) else len(met)
        fields_["job_required_met"] = f"{n_met}/{len(required)}"
    return fields_


def _redacted(row: ScreenRow, text: str) -> ScreenRow:
    """Every free-text column of ``row`` without what identifies the person in ``text``."""
    clean = redactor_for(text)
    return dataclasses.replace(
        row,
        source=clean(row.source),
        error_message=clean(row.error_message),
        duplicate_of=clean(row.duplicate_of),
        evidence=" | ".join(clean(part) for part in row.evidence.split(" | ")),
    )


def analyse_item(item: Item, config: _Config) -> ScreenRow:
    """One document to one row; every failure becomes a failed row, never an exception.

    A ``MemoryError`` is re-raised after the row is built (as ``_OutOfMemory``) so
    that the worker that hit it is replaced.
    """
    from .analysis import analyse

    source, data, url, digest, duplicate_of = item
    text = ""
    try:
        if data is None:
            data = _read_url(url, source, config.limits)
        digest = digest or hashlib.sha256(data).hexdigest()
        kwargs = {"job": config.job} if config.job is not None else {}
        analysis = analyse(
            data,
            role=config.role,
            name=source,
            limits=config.limits,
            isolate=config.isolate,
            **kwargs,
        )
        text = analysis.document.text
        clean = redactor_for(text) if config.blind else None
        row = ScreenRow(source, digest[:12], "ok", **_analysis_fields(analysis, clean))
    except errors.SkillgapError as err:
        row = _failed_from(source, digest, err)
    except MemoryError:
        row = _failed_from(
            source, digest, errors.OutOfMemory(source, "ran out of memory while reading it")
        )
        raise _OutOfMemory(row) from None
    except Exception as exc:  # a bug in a reader: report it in the row and go on
        message = f"{source}: internal error {type(exc).__name__}: {exc} (please report this)"
        row = _failed(source, digest, "error", " ".join(message.split())[:500])
    if duplicate_of:  # blind mode analyses a copy only to learn the name to remove
        row = ScreenRow(source, digest[:12], "duplicate", duplicate_of=duplicate_of)
    if config.blind:
        row = _redacted(row, text)
    return row


class _OutOfMemory(Exception):
    def __init__(self, row: ScreenRow) -> None:
        super().__init__(row.error_message)
        self.row = row


def _read_url(url: str, source: str, limits: Limits) -> bytes:
    fsspec = _import_fsspec(url)
    try:
        with fsspec.open(url, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise errors.NotFound(source, "no such object") from None
    except (OSError, ValueError) as exc:
        raise errors.NotFound(source, f"cannot read it: {exc}") from None
    if len(data) > limits.max_file_bytes:
        raise errors.TooLarge(source, f"over the limit of {limits.max_file_bytes:,} bytes")
    return bytes(data)


def _peak_rss() -> int:
    """This process's peak resident memory in bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


_WARM_TEXT = b"Warm Up\nEXPERIENCE\nEngineer, Acme, 2020 - 2022\nSKILLS\nPython, SQL, Docker\n"
_warmed: set[tuple[str, bool]] = set()


def _warm(config: _Config) -> None:
    """Build the pipeline once per process: the first analysis imports the rest lazily."""
    if (config.role, config.isolate) in _warmed:
        return
    from .analysis import analyse

    with contextlib.suppress(errors.SkillgapError):
        analyse(_WARM_TEXT, role=config.role, name="<warm-up>", isolate=config.isolate)
    _warmed.add((config.role, config.isolate))


# --------------------------------------------------------------------------- local workers


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


# --------------------------------------------------------------------------- Dask


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


# --------------------------------------------------------------------------- journal


class Journal:
    """Append-only JSON lines, one per finished document, safe against kill -9.

    Each line is written with one ``write`` as its document finishes, so it
    survives the process being killed; the file is fsync'd (against a power cut)
    at most ``SYNC_EVERY`` seconds later and at the end. A last line without its
    newline (or unreadable) is torn and cut off when the journal is reopened.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            import fcntl

            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not POSIX
            pass
        except OSError:
            os.close(self.fd)
            raise errors.SkillgapError(
                path, "another screen is writing this journal", hint="wait for it to finish"
            ) from None
        self.rows: dict[str, ScreenRow] = {}
        self.dropped = 0
        self._load()
        self._dirty = False
        self._synced = 0.0

    def _load(self) -> None:
        with open(self.path, "rb") as f:
            data = f.read()
        good_end = 0
        offset = 0
        for line in data.splitlines(keepends=True):
            offset += len(line)
            if not line.endswith(b"\n"):
                self.dropped += 1  # torn: the process died while writing it
                break
            try:
                record = json.loads(line)
                self.rows[record["key"]] = ScreenRow.from_record(record["row"])
            except (ValueError, KeyError, TypeError):
                self.dropped += 1
                continue
            good_end = offset
        if good_end < len(data):
            os.ftruncate(self.fd, good_end)
        os.lseek(self.fd, 0, os.SEEK_END)

    def append(self, key: str, row: ScreenRow) -> None:
        record = {"key": key, "row": row.to_record()}
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        view = memoryview(line)
        while view:
            view = view[os.write(self.fd, view) :]
        self._dirty = True

    def sync(self, *, every: float = 0.0) -> None:
        """fsync what was appended, at most once per ``every`` seconds."""
        now = time.monotonic()
        if self._dirty and now - self._synced >= every:
            os.fsync(self.fd)
            self._dirty = False
            self._synced = now

    def close(self) -> None:
        if self.fd >= 0:
            self.sync()
            os.close(self.fd)
            self.fd = -1


def journal_path(out: str | os.PathLike[str]) -> str:
    return os.fspath(out) + JOURNAL_SUFFIX


def read_journal(path: str) -> Iterator[tuple[str, ScreenRow]]:
    """Every complete (key, row) of a journal file, in the order written."""
    with open(path, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                return
            with contextlib.suppress(ValueError, KeyError, TypeError):
                record = json.loads(line)
                yield record["key"], ScreenRow.from_record(record["row"])


# --------------------------------------------------------------------------- output

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A spreadsheet would run ``=HYPERLINK(...)``: prefix such cells with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "yes" if value else "no"
    elif value is None:
        value = ""
    return csv_safe(value)


def output_format(path: str | os.PathLike[str]) -> str:
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext not in OUTPUT_FORMATS:
        valid = ", ".join(OUTPUT_FORMATS)
        raise ValueError(
            f"{os.fspath(path)}: unknown output format {ext or '(none)'!r} (valid: {valid})"
        )
    if OUTPUT_FORMATS[ext] == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ImportError(f"Parquet output needs pyarrow: {DASK_INSTALL}") from None
    return OUTPUT_FORMATS[ext]


def write_output(path: str, table: list[dict[str, Any]]) -> None:
    """Write ``table`` to ``path`` atomically: a temporary file, fsync, then os.replace."""
    fmt = output_format(path)
    folder = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(table), tmp)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                _write_text(f, fmt, table)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _write_text(f: TextIO, fmt: str, table: list[dict[str, Any]]) -> None:
    if fmt == "jsonl":
        for row in table:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    names = list(dict.fromkeys(name for row in table for name in row)) or ["source", "status"]
    writer = csv.writer(f)
    writer.writerow(names)
    for row in table:
        writer.writerow([_cell(row.get(name)) for name in names])


# --------------------------------------------------------------------------- summary


@dataclass
class Summary:
    """What a screen did: counts by status and failure reason, and how fast."""

    total: int = 0  # documents listed
    ok: int = 0
    failed: Counter[str] = field(default_factory=Counter)  # by error code
    duplicates: int = 0
    resumed: int = 0  # rows taken from the journal of an earlier run
    written: int = 0  # rows in the output file (after --only-matching / --min-level)
    seconds: float = 0.0
    peak_memory: dict[str, int] = field(default_factory=dict)  # per worker, bytes
    output: str | None = None
    journal: str | None = None
    dropped_journal_lines: int = 0

    @property
    def done(self) -> int:
        return self.ok + sum(self.failed.values()) + self.duplicates

    @property
    def per_second(self) -> float:
        """Documents analysed by this run (not resumed) per second of wall time."""
        return (self.done - self.resumed) / self.seconds if self.seconds > 0 else 0.0

    def add(self, row: ScreenRow) -> None:
        if row.status == "ok":
            self.ok += 1
        elif row.status == "duplicate":
            self.duplicates += 1
        else:
            self.failed[row.error_code or "error"] += 1
        self.resumed += row.resumed

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "ok": self.ok,
            "failed": dict(sorted(self.failed.items())),
            "duplicates": self.duplicates,
            "resumed": self.resumed,
            "written": self.written,
            "seconds": round(self.seconds, 3),
            "documents_per_second": round(self.per_second, 1),
            "peak_memory_bytes": dict(self.peak_memory),
            "output": self.output,
            "journal": self.journal,
        }

    def format(self) -> str:
        failed = sum(self.failed.values())
        reasons = ", ".join(f"{code} {n}" for code, n in sorted(self.failed.items()))
        lines = [
            f"Screened {self.done} of {self.total} documents in {self.seconds:.1f} s "
            f"({self.per_second:.1f} documents/s)",
            f"  ok          {self.ok}",
            f"  failed      {failed}" + (f"  ({reasons})" if reasons else ""),
            f"  duplicates  {self.duplicates}",
        ]
        if self.resumed:
            lines.append(f"  resumed     {self.resumed} (already in the journal)")
        if self.dropped_journal_lines:
            lines.append(f"  dropped     {self.dropped_journal_lines} torn journal line(s)")
        if self.peak_memory:
            peaks = ", ".join(f"{v / 2**20:.0f} MiB" for v in self.peak_memory.values())
            lines.append(f"  peak memory per worker: {peaks}")
        if self.output:
            lines.append(f"  wrote {self.written} rows to {self.output}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- front door


def _resolve_require(role: Any, require: Iterable[str]) -> tuple[str, ...]:
    """Skill ids from ids or names ("pytorch", "PyTorch"); unknown names are refused."""
    skills = {*role.skills, *role.technologies}
    by_key = {}
    for skill in skills:
        by_key[skill.id.lower()] = skill.id
        by_key[skill.name.lower()] = skill.id
    out = []
    for raw in require:
        for word in (w.strip() for w in str(raw).split(",")):
            if not word:
                continue
            if word.lower() not in by_key:
                close = difflib.get_close_matches(word.lower(), sorted(by_key), n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise ValueError(f"--require: unknown skill {word!r} for role {role.id}{hint}")
            out.append(by_key[word.lower()])
    return tuple(dict.fromkeys(out))


def _settings_key(config: _Config, role: Any) -> str:
    with open(role.path, "rb") as f:
        role_hash = hashlib.sha256(f.read()).hexdigest()
    job = config.job
    job_text = "" if job is None else f"{job.format}\0{job.text}"
    payload = {
        "row_format": ROW_FORMAT,
        "version": __version__,
        "role": role.id,
        "role_file": role_hash,
        "job": hashlib.sha256(job_text.encode()).hexdigest(),
        "limits": dataclasses.asdict(config.limits),
        "blind": config.blind,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def _key(source: str, digest: str, settings: str) -> str:
    return hashlib.sha256(f"{source}\0{digest}\0{settings}".encode()).hexdigest()[:32]


class Screening(Iterator[ScreenRow]):
    """The running screen: iterate for rows as they finish; ``summary`` when done."""

    def __init__(self, rows: Iterator[ScreenRow], summary: Summary, close: Callable[[], None]):
        self._rows = rows
        self.summary = summary
        self._close = close

    @property
    def total(self) -> int:
        return self.summary.total

    def __next__(self) -> ScreenRow:
        return next(self._rows)

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close:
            close()
        self._close()

    def __enter__(self) -> Screening:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def screen(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    role: str = "ml_engineer",
    job: Any = None,
    require: Iterable[str] = (),
    only_matching: bool = False,
    min_level: str | None = None,
    blind: bool = False,
    workers: int | None = None,
    scheduler: Any = None,
    dask_local: int | None = None,
    limits: Limits | dict[str, Any] | None = None,
    out: str | os.PathLike[str] | None = None,
    batch_size: int | None = None,
) -> Screening:
    """Screen every document in ``inputs``; iterate the result for rows as they finish.

    ``inputs``: files, folders, zip archives and fsspec URLs. ``workers``: local
    processes (default: the machine's cores; 0 analyses in this process without
    isolation). ``scheduler``: a Dask scheduler address or a ``distributed.Client``;
    ``dask_local``: start a local Dask cluster of that many worker processes.
    ``job``: a posting as for :func:`skillgap.analyse` (its text as ``str``, a ``Path``,
    bytes or a ``Document``), read once here and sent to every worker.
    ``out``: a .csv, .jsonl or .parquet file, written at the end from the journal
    ``out + ".journal.jsonl"``; a rerun skips what the journal already holds.
    ``require``, ``only_matching`` and ``min_level`` shape the output file; every
    row is still yielded and counted in ``summary``.
    """
    from .taxonomy import load_role

    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    inputs = list(inputs)
    limits = resolve(limits)
    role_obj = load_role(role)  # an unknown role fails here, before any work
    must = _resolve_require(role_obj, require)
    level_order = [lv.id for lv in role_obj.levels]
    if min_level is not None and min_level not in level_order:
        raise ValueError(
            f"--min-level: unknown level {min_level!r} (valid: {', '.join(level_order)})"
        )
    if job is not None:  # read once here; workers get the posting as a Document
        from .jobs import read_posting

        job = read_posting(job)
    if scheduler is not None and dask_local:
        raise ValueError("use --scheduler or --dask-local, not both")
    if dask_local is not None and dask_local < 1:
        raise ValueError(f"--dask-local needs at least 1 worker, got {dask_local}")
    if scheduler is not None or dask_local:
        _import_distributed()  # fail now, with the install command
    workers = os.cpu_count() or 1 if workers is None else workers
    if workers < 0:
        raise ValueError(f"--workers must be 0 or more, got {workers}")
    out_path = os.fspath(out) if out is not None else None
    if out_path is not None:
        output_format(out_path)
    config = _Config(role=role, limits=limits, blind=blind, job=job)
    settings = _settings_key(config, role_obj)

    journal = Journal(journal_path(out_path)) if out_path else None
    exclude = [out_path, journal_path(out_path)] if out_path else []
    try:
        refs = list_inputs(inputs, limits=limits, exclude=exclude)
    except BaseException:
        if journal:
            journal.close()
        raise
    summary = Summary(total=len(refs), output=out_path, journal=journal.path if journal else None)
    if journal:
        summary.dropped_journal_lines = journal.dropped
    plan = _Plan(refs, config, settings, journal, must, level_order, min_level, only_matching)
    rows = plan.run(summary, workers, scheduler, dask_local, batch_size)
    return Screening(rows, summary, lambda: journal.close() if journal else None)


class _Plan:
    """Drives one screen: loads, dedupes, dispatches, journals and writes the output."""

    def __init__(
        self,
        refs: list[Ref],
        config: _Config,
        settings: str,
        journal: Journal | None,
        must: tuple[str, ...],
        level_order: list[str],
        min_level: str | None,
        only_matching: bool,
    ) -> None:
        self.refs = refs
        self.config = config
        self.settings = settings
        self.journal = journal
        self.must = must
        self.level_order = level_order
        self.min_level = min_level
        self.only_matching = only_matching
        self.ready: deque[tuple[str, ScreenRow, bool]] = deque()  # (key, row, from journal)
        self.keys: list[str] = []  # this run's documents, in input order
        self.first: dict[str, str] = {}  # content id -> source of its first copy
        self.work: dict[str, str] = {}  # source sent to a worker -> its journal key
        self.urls: set[str] = set()  # sources read by the workers

    def _items(self) -> Iterator[Item]:
        """Work for the workers; rows that need none go straight to ``ready``."""
        loader = _Loader(self.config.limits)
        done = self.journal.rows if self.journal else {}
        try:
            for ref in self.refs:
                if ref.url:  # read on the worker: its hash is known only afterwards
                    key = _key(ref.source, "url", self.settings)
                    if key in done:
                        self._ready(key, done[key], True)
                    else:
                        self.urls.add(ref.source)
                        yield self._send(key, (ref.source, None, ref.url, "", ""))
                    continue
                if ref.error is not None:
                    self._failed_early(_failed(ref.source, "", *ref.error), done)
                    continue
                try:
                    data = loader.load(ref)
                except errors.SkillgapError as err:
                    self._failed_early(_failed_from(ref.source, "", err), done)
                    continue
                digest = hashlib.sha256(data).hexdigest()
                key = _key(ref.source, digest, self.settings)
                first = self.first.setdefault(digest[:12], ref.source)
                if key in done:
                    self._ready(key, done[key], True)
                elif first == ref.source:
                    yield self._send(key, (ref.source, data, "", digest, ""))
                elif self.config.blind:  # analysed only to find the name to remove
                    yield self._send(key, (ref.source, data, "", digest, first))
                else:
                    row = ScreenRow(ref.source, digest[:12], "duplicate", duplicate_of=first)
                    self._ready(key, row, False)
        finally:
            loader.close()

    def _failed_early(self, row: ScreenRow, done: dict[str, ScreenRow]) -> None:
        """A document that could not be listed or read on the driver."""
        key = _key(row.source, "", self.settings)
        row = self._blind(row)  # cheap to redo: re-checked on every run, journaled on change
        self._ready(key, row, done.get(key) == row)

    def _send(self, key: str, item: Item) -> Item:
        self.keys.append(key)
        self.work[item[0]] = key
        return item

    def _blind(self, row: ScreenRow) -> ScreenRow:
        return _redacted(row, "") if self.config.blind else row

    def _ready(self, key: str, row: ScreenRow, resumed: bool) -> None:
        self.keys.append(key)
        self.ready.append((key, row, resumed))

    def _finish(self, key: str, row: ScreenRow, resumed: bool) -> ScreenRow:
        if self.journal is not None and not resumed:
            self.journal.append(key, row)
        if resumed:
            row = dataclasses.replace(row, resumed=True)
        if self.must:
            found = set(row.skill_ids)
            missing = tuple(s for s in self.must if s not in found)
            met = None if row.status != "ok" else not missing
            row = dataclasses.replace(
                row, must_haves=self.must, must_haves_met=met, missing=missing
            )
        return row

    def _returned(self, source: str, row: ScreenRow) -> tuple[str, ScreenRow]:
        key = self.work.pop(source)
        if source in self.urls and row.status == "ok" and row.id:
            # a URL: its content is known only now; the first copy to finish wins
            first = self.first.setdefault(row.id, source)
            if first != source:
                row = self._blind(ScreenRow(row.source, row.id, "duplicate", duplicate_of=first))
        return key, row

    def run(
        self,
        summary: Summary,
        workers: int,
        scheduler: Any,
        dask_local: int | None,
        batch_size: int | None,
    ) -> Iterator[ScreenRow]:
        start = time.monotonic()
        peaks = summary.peak_memory
        n = dask_local or workers or 1
        size = batch_size or max(1, min(MAX_BATCH, len(self.refs) // (4 * n)))
        items = self._items()

        def rows_from(backend: Iterator[Done]) -> Iterator[ScreenRow]:
            for source, row in backend:
                yield from self._flush(summary)
                key, row = self._returned(source, row)
                final = self._finish(key, row, False)
                summary.add(final)
                yield final
                if self.journal:
                    self.journal.sync(every=SYNC_EVERY)
            yield from self._flush(summary)

        if scheduler is not None or dask_local:
            with _dask_client(scheduler, dask_local) as (client, owned):
                dask = _run_dask(items, self.config, client, size, peaks, owned)
                yield from rows_from(dask)
        elif workers == 0:
            yield from rows_from(_run_inline(items, self.config, peaks))
        else:
            private = [self.journal.fd] if self.journal else []
            local = _run_local(items, self.config, workers, size, peaks, private)
            yield from rows_from(local)
        if self.journal is not None:
            self.journal.sync()
            if summary.output:
                summary.written = self._write(summary.output)
        summary.seconds = time.monotonic() - start

    def _flush(self, summary: Summary) -> Iterator[ScreenRow]:
        while self.ready:
            key, row, resumed = self.ready.popleft()
            final = self._finish(key, row, resumed)
            summary.add(final)
            yield final
        if self.journal:
            self.journal.sync(every=SYNC_EVERY)

    def _selected(self, row: ScreenRow) -> bool:
        if row.status != "ok":
            return True  # failed and duplicate rows are always listed: nothing vanishes
        if self.only_matching and self.must and not row.must_haves_met:
            return False
        if self.min_level is not None:
            if row.level not in self.level_order:
                return False
            return self.level_order.index(row.level) >= self.level_order.index(self.min_level)
        return True

    def _write(self, out: str) -> int:
        """The output from the journal: this run's documents once each, sorted."""
        assert self.journal is not None
        wanted = set(self.keys)
        latest: dict[str, ScreenRow] = {}
        for key, row in read_journal(self.journal.path):
            if key in wanted:
                latest[key] = row
        rows = [self._finish(key, row, True) for key, row in latest.items()]
        rows = [dataclasses.replace(r, resumed=False) for r in sort_rows(rows) if self._selected(r)]
        advice = any(r.overall is not None or r.level is not None for r in rows)
        category_ids = list(dict.fromkeys(c for r in rows for c, _ in r.categories))
        write_output(out, [r.columns(category_ids, advice) for r in rows])
        return len(rows)


# --------------------------------------------------------------------------- CLI


EPILOG = """\
examples:
  skillgap screen cvs/ --out ranked.csv
  skillgap screen cvs/ applications.zip --require pytorch,docker --only-matching --out shortlist.csv
  skillgap screen cvs/ --blind --min-level senior --out blind.jsonl
  skillgap screen s3://bucket/cvs/ --scheduler tcp://10.0.0.5:8786 --out ranked.parquet

Killed or interrupted? Run the same command again: documents already in
OUT.journal.jsonl are not analysed twice.
"""


def add_screen_command(subparsers: Any) -> argparse.ArgumentParser:
    """The ``screen`` subcommand (kept here so that cli.py stays a thin shell)."""
    from .taxonomy import DEFAULT_ROLE

    p = subparsers.add_parser(
        "screen",
        help="screen many résumés into one ranked table (resumable, parallel)",
        description="Screen files, folders, zip archives and fsspec URLs against a role or "
        "a job posting, and write one ranked row per document to a CSV, JSONL or Parquet file.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, .zip archives, URLs")
    p.add_argument(
        "--out",
        "-o",
        required=True,
        metavar="FILE",
        help="output file: .csv, .jsonl or .parquet (the journal goes beside it)",
    )
    p.add_argument(
        "--role", default=DEFAULT_ROLE, help="role id or role file (default: %(default)s)"
    )
    p.add_argument("--job", metavar="FILE", help="score against a job posting instead")
    p.add_argument(
        "--require",
        default="",
        metavar="SKILLS",
        help="must-have skills, comma separated (ids or names): adds a must_haves_met column",
    )
    p.add_argument(
        "--only-matching",
        action="store_true",
        help="keep only the résumés that have every --require skill",
    )
    p.add_argument("--min-level", metavar="LEVEL", help="keep only this level and above")
    p.add_argument(
        "--blind",
        action="store_true",
        help="remove names, e-mails, phones, addresses and links from every column",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="local worker processes (default: the number of cores; 0 = in this process)",
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster")
    p.add_argument(
        "--dask-local", type=int, metavar="N", help="start a local Dask cluster of N workers"
    )
    p.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="per-document time limit (default: SKILLGAP_SECONDS or 30)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    p.add_argument("--summary-json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=run_screen)
    return p


def run_screen(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``skillgap screen``: progress on stderr when it is a terminal, summary at the end."""
    limits = Limits.from_env()
    if args.timeout is not None:
        limits = limits.override(seconds=args.timeout)
    try:
        run = screen(
            args.inputs,
            role=args.role,
            job=Path(args.job) if args.job else None,
            require=[args.require] if args.require else [],
            only_matching=args.only_matching,
            min_level=args.min_level,
            blind=args.blind,
            workers=args.workers,
            scheduler=args.scheduler,
            dask_local=args.dask_local,
            limits=limits,
            out=args.out,
        )
    except (ValueError, ImportError) as exc:
        print(f"skillgap screen: {exc}", file=sys.stderr)
        return 2
    progress = Progress(run.total, sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    with run:
        try:
            for _row in run:
                if progress:
                    progress.update(run.summary.done)
        except KeyboardInterrupt:
            if progress:
                progress.close()
            print(
                "skillgap screen: interrupted; run the same command again to finish",
                file=sys.stderr,
            )
            return 130
    if progress:
        progress.close()
    if args.summary_json:
        out.write(json.dumps(run.summary.to_dict(), indent=2) + "\n")
    elif not args.quiet:
        out.write(run.summary.format() + "\n")
    return 0


class Progress:
    """A one-line progress bar: count, rate and time left; redrawn at most 10 times a second."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.start = time.monotonic()
        self.last = 0.0

    def line(self, done: int, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        left = (self.total - done) / rate if rate > 0 else float("inf")
        eta = "--:--" if left == float("inf") else f"{int(left) // 60}:{int(left) % 60:02d}"
        width = 24
        filled = int(width * done / self.total) if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        return f"[{bar}] {done}/{self.total}  {rate:.1f} docs/s  {eta} left"

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done < self.total:
            return
        self.last = now
        self.stream.write("\r" + self.line(done, now))
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m skillgap.screen INPUT ... --out FILE`` (same as ``skillgap screen``)."""
    parser = argparse.ArgumentParser(prog="skillgap")
    add_screen_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["screen", *(sys.argv[1:] if argv is None else argv)])
    try:
        return run_screen(args, sys.stdout)
    except errors.SkillgapError as err:
        print(f"skillgap: {err.message}", file=sys.stderr)
        return errors.exit_code(err.code)


class _CallableModule(types.ModuleType):
    """``skillgap.screen(...)`` works although ``skillgap.screen`` is also this module."""

    def __call__(self, *args: Any, **kwargs: Any) -> Screening:
        return screen(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
