"""The coach view's data: two versions of a CV scored alike, and what changed between them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..analysis import Analysis
from ..compare import Comparison, compare
from .resources import analyse_upload


def coach_pair(
    before: tuple[str, bytes],
    after: tuple[str, bytes],
    *,
    role: str,
    level: str | None = None,
    job: str | None = None,
) -> tuple[Analysis, Analysis, Comparison]:
    """Both versions scored for the same level (the chosen one, else the new CV's estimate)."""
    new = analyse_upload(after[1], after[0], role=role, level=level, job=job)
    target = level or new.scores.target_level
    old = analyse_upload(before[1], before[0], role=role, level=target, job=job)
    if level is None:
        new = analyse_upload(after[1], after[0], role=role, level=target, job=job)
    return old, new, compare(old, new)


def skill_changes(comparison: Comparison) -> dict[str, str]:
    """Skills gained, lost, stronger and weaker, each as one line of names."""

    def names(changes: Sequence[Any], arrow: bool = False) -> str:
        if arrow:
            return ", ".join(f"{c.name} ({c.before} → {c.after})" for c in changes) or "none"
        return ", ".join(c.name for c in changes) or "none"

    return {
        "Gained": names(comparison.gained),
        "Lost": names(comparison.lost),
        "Stronger evidence": names(comparison.stronger, arrow=True),
        "Weaker evidence": names(comparison.weaker, arrow=True),
    }


def score_changes(comparison: Comparison) -> list[dict[str, Any]]:
    """Overall and per-category scores before and after, in percent."""
    return [
        {
            "Score": c.name,
            "Before": round(100 * c.before),
            "After": round(100 * c.after),
            "Change": round(100 * c.after) - round(100 * c.before),
        }
        for c in (comparison.overall, *comparison.categories)
    ]
