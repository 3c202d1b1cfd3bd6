"""Analysing one document into one row, in whichever process runs it.

Shared by the local workers and the Dask tasks: the settings every worker gets
(:class:`_Config`), the work item, :func:`analyse_item` (every failure becomes a
failed row, never an exception) and the once-per-process warm-up.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from .. import errors
from ..limits import Limits
from ..redact import redactor_for
from .inputs import _import_fsspec
from .rows import ScreenRow, _failed, _failed_from


@dataclass(frozen=True, slots=True)
class _Config:
    """What every worker needs: sent once to each local worker, with each Dask batch."""

    role: str
    limits: Limits
    blind: bool = False
    job: Any = None
    target_level: str | None = None  # every CV is scored for this level (one yardstick)
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
    """Every free-text column of ``row`` without what identifies the person in ``text``.

    With no text (the file could not be read) nothing tells which words of its
    path are a name ("cvs/Jane Doe.pdf"), so the path becomes a pseudonym: the
    same on every run, so a failed row can still be found with a non-blind run.
    """
    patterns = redactor_for(text)
    source = unread_pseudonym(row.source) if not text and row.source else patterns(row.source)

    def clean(value: str) -> str:
        return patterns(value.replace(row.source, source) if row.source else value)

    return dataclasses.replace(
        row,
        source=source,
        error_message=clean(row.error_message),
        duplicate_of=clean(row.duplicate_of),
        evidence=" | ".join(clean(part) for part in row.evidence.split(" | ")),
    )


def unread_pseudonym(source: str) -> str:
    """``unread-<10 hex digits of the path's SHA-256><its extension>``."""
    suffix = PurePosixPath(source.rsplit("!", 1)[-1].replace("\\", "/")).suffix
    digest = hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f"unread-{digest}{suffix if suffix.isascii() and len(suffix) <= 6 else ''}"


def analyse_item(item: Item, config: _Config) -> ScreenRow:
    """One document to one row; every failure becomes a failed row, never an exception.

    A ``MemoryError`` is re-raised after the row is built (as ``_OutOfMemory``) so
    that the worker that hit it is replaced.
    """
    from ..analysis import analyse

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
            target_level=config.target_level,
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
    from ..analysis import analyse

    with contextlib.suppress(errors.SkillgapError):
        analyse(_WARM_TEXT, role=config.role, name="<warm-up>", isolate=config.isolate)
    _warmed.add((config.role, config.isolate))
