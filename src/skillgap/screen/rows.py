"""What one screened document becomes: a :class:`ScreenRow`, and the order rows sort in.

Separate because every stage makes or reads rows: the workers build them, the
journal stores them, the output file flattens them into columns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import errors

ROW_FORMAT = 1  # bump when a journal row's meaning changes: old journals are then ignored
STATUSES = ("ok", "failed", "duplicate")
DASK_INSTALL = "pip install 'skillgap[dask]'"  # named by the Dask engine and the Parquet writer


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
