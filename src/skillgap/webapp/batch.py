"""Many uploads at once: zip archives expanded in memory, each file analysed or failed.

One file that fails (unreadable, refused, a duplicate) becomes a :class:`Row` with its
reason; the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import errors
from ..analysis import Analysis
from ..archives import zip_members
from ..limits import Limits
from .resources import analyse_upload
from .uploads import LIMITS, MAX_BATCH_FILES, digest, explain


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


@dataclass(slots=True)
class Row:
    """One file of a batch: its analysis, or why it failed."""

    name: str
    analysis: Analysis | None = None
    error: str = ""
    code: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.analysis is not None


def expand_uploads(
    files: Iterable[tuple[str, bytes]], *, limits: Limits = LIMITS
) -> list[Row | Upload]:
    """Uploaded files with every zip archive replaced by its members (read in memory).

    A zip that cannot be read, or a member over the limits, becomes a failed
    :class:`Row`; the other files go on. Members are never written to disk, so their
    names (``../x``, ``/etc/y``) are only labels.
    """
    out: list[Row | Upload] = []
    for name, data in files:
        if not (data.startswith(b"PK\x03\x04") and name.lower().endswith(".zip")):
            out.append(Upload(name, data))
            continue
        try:
            out.extend(_zip_members(name, data, limits))
        except errors.SkillgapError as err:
            out.append(Row(name, error=err.message, code=err.code))
    return out[:MAX_BATCH_FILES]


def _zip_members(name: str, data: bytes, limits: Limits) -> list[Row | Upload]:
    """The members of an uploaded zip, with the limits of ``skillgap screen``'s zip reader.

    Raises (a damaged archive, too many entries) for :func:`expand_uploads` to turn the
    whole archive into one failed row.
    """
    return [
        Upload(m.label, m.data)
        if m.error is None
        else Row(m.label, error=m.error.message, code=m.error.code)
        for m in zip_members(data, name=name, limits=limits)
    ]


def analyse_batch(
    items: Sequence[Row | Upload],
    *,
    role: str,
    level: str | None = None,
    job: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Row]:
    """Analyse every upload; one that fails becomes a row with its reason."""
    rows: list[Row] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(items):
        if isinstance(item, Row):
            rows.append(item)
        else:
            key = digest(item.data)
            if key in seen:
                rows.append(
                    Row(
                        item.name,
                        error=f"{item.name}: the same file as {seen[key]}",
                        code="duplicate",
                    )
                )
            else:
                seen[key] = item.name
                try:
                    analysis = analyse_upload(item.data, item.name, role=role, level=level, job=job)
                    rows.append(Row(item.name, analysis=analysis))
                except Exception as err:  # one file never stops the batch
                    code = err.code if isinstance(err, errors.SkillgapError) else "error"
                    rows.append(Row(item.name, error=explain(err), code=code))
        if progress is not None:
            progress(i + 1, len(items), item.name)
    return rows
