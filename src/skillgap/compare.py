"""What changed between two versions of a résumé.

    compare(old, new) -> Comparison

Skills gained and lost, skills whose evidence got stronger or weaker ("listed" ->
"used"), the level, and the scores before and after. Both analyses should use the
same role; the scores compare at the *new* analysis' target level only when both
were scored for the same level, so pass the same ``target_level`` (or ``today``) to
both runs for a like-for-like comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .analysis import Analysis
from .models import _plain

_RANK = {"used": 0, "listed": 1, "course": 2, "none": 3}


@dataclass(frozen=True, slots=True)
class Change:
    id: str
    name: str
    before: str  # evidence strength before ("none" when absent)
    after: str


@dataclass(frozen=True, slots=True)
class ScoreChange:
    id: str
    name: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Comparison:
    old: str  # sources
    new: str
    role: str
    gained: tuple[Change, ...]
    lost: tuple[Change, ...]
    stronger: tuple[Change, ...]
    weaker: tuple[Change, ...]
    level_before: str
    level_after: str
    target_before: str
    target_after: str
    overall: ScoreChange
    categories: tuple[ScoreChange, ...]

    def to_dict(self) -> dict[str, Any]:
        data = _plain(self)
        data["overall"]["delta"] = round(self.overall.delta, 3)
        for item, cat in zip(data["categories"], self.categories, strict=True):
            item["delta"] = round(cat.delta, 3)
        return data


def compare(old: Analysis, new: Analysis) -> Comparison:
    """Skills gained and lost, evidence changes and scores, from ``old`` to ``new``."""
    before = {s.id: s for s in old.profile.skills}
    after = {s.id: s for s in new.profile.skills}
    names = {
        **{s.id: s.name for s in old.profile.skills},
        **{s.id: s.name for s in new.profile.skills},
    }
    order = [*before, *(k for k in after if k not in before)]

    def change(skill_id: str) -> Change:
        b = before[skill_id].strength if skill_id in before else "none"
        a = after[skill_id].strength if skill_id in after else "none"
        return Change(skill_id, names[skill_id], b, a)

    changes = [change(k) for k in order]
    old_cats = {c.id: c for c in old.scores.categories}
    categories = tuple(
        ScoreChange(c.id, c.name, old_cats[c.id].score if c.id in old_cats else 0.0, c.score)
        for c in new.scores.categories
    )
    return Comparison(
        old=old.source,
        new=new.source,
        role=new.extraction.role,
        gained=tuple(c for c in changes if c.before == "none"),
        lost=tuple(c for c in changes if c.after == "none"),
        stronger=tuple(
            c
            for c in changes
            if "none" not in (c.before, c.after) and _RANK[c.after] < _RANK[c.before]
        ),
        weaker=tuple(
            c
            for c in changes
            if "none" not in (c.before, c.after) and _RANK[c.after] > _RANK[c.before]
        ),
        level_before=old.profile.level,
        level_after=new.profile.level,
        target_before=old.scores.target_level,
        target_after=new.scores.target_level,
        overall=ScoreChange("overall", "Overall", old.scores.overall, new.scores.overall),
        categories=categories,
    )


def format_comparison(result: Comparison) -> str:
    """A plain-text view for people."""

    def names(changes: tuple[Change, ...], arrow: bool = False) -> str:
        if not changes:
            return "-"
        if arrow:
            return ", ".join(f"{c.name} ({c.before} -> {c.after})" for c in changes)
        return ", ".join(c.name for c in changes)

    lines = [
        f"{result.old}  ->  {result.new}",
        f"Level: {result.level_before} -> {result.level_after}",
    ]
    if result.target_before != result.target_after:
        lines.append(
            f"Note: scored for {result.target_before} before and {result.target_after} after; "
            "pass --target-level for a like-for-like comparison"
        )
    lines += [
        f"Skills gained:   {names(result.gained)}",
        f"Skills lost:     {names(result.lost)}",
        f"Stronger:        {names(result.stronger, arrow=True)}",
        f"Weaker:          {names(result.weaker, arrow=True)}",
        "",
    ]
    width = max(len(c.name) for c in (result.overall, *result.categories))
    for c in (result.overall, *result.categories):
        lines.append(f"  {c.name:<{width}}  {c.before:>4.0%} -> {c.after:>4.0%}  ({c.delta:+.0%})")
    return "\n".join(lines)
