"""What a screen did: counts by status and failure reason, its speed and peak memory."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .rows import ScreenRow


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
    target_level: str | None = None  # the level every CV was scored for

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
            "target_level": self.target_level,
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
            *([f"  scored for  {self.target_level} (every CV alike)"] if self.target_level else []),
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
