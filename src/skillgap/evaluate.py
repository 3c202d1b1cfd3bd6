"""Measure the extractor against gold labels (the format of ``shared/eval``).

A labels file is JSON Lines: ``{"id", "skills": [...], "text": ...}`` or with
``"file"`` (relative to the labels file) instead of ``"text"``. Scores are micro
precision, recall and F1 over (résumé, skill) pairs, plus per-skill figures and
every false positive and false negative with its context.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import read_document, read_text
from .errors import SkillgapError, TaxonomyError
from .extract import get_extractor
from .models import Document, Extraction


@dataclass(frozen=True, slots=True)
class Error:
    item: str
    skill: str
    kind: str  # "fp" (found, not gold) or "fn" (gold, not found)
    context: str  # the evidence for a fp; for a fn, why a candidate was rejected, if any


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class Report:
    items: int
    micro: Counts
    per_skill: dict[str, Counts]
    errors: tuple[Error, ...]
    failed: tuple[tuple[str, str], ...] = field(default=())  # (item id, error message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "micro": self.micro.to_dict(),
            "per_skill": {k: v.to_dict() for k, v in sorted(self.per_skill.items())},
            "errors": [
                {"item": e.item, "skill": e.skill, "kind": e.kind, "context": e.context}
                for e in self.errors
            ],
            "failed": [{"item": i, "message": m} for i, m in self.failed],
        }


def load_labels(path: str | Path) -> list[dict[str, Any]]:
    path = Path(path)
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise SkillgapError(str(path), f"cannot read the labels file: {err.strerror}") from err
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            raise SkillgapError(f"{path}:{number}", f"not valid JSON: {err.msg}") from err
        if "skills" not in item or ("text" not in item and "file" not in item):
            raise SkillgapError(f"{path}:{number}", "an item needs 'skills' and 'text' or 'file'")
        item.setdefault("id", f"line-{number}")
        item["_base"] = path.parent
        items.append(item)
    return items


def _document(item: dict[str, Any]) -> Document:
    if "text" in item:
        return read_text(item["text"], name=item["id"])
    return read_document(item["_base"] / item["file"])


def evaluate(
    labels: str | Path,
    *,
    role: str = "ml_engineer",
    analyse: Callable[[Document], Extraction] | None = None,
) -> Report:
    extractor = get_extractor(role)
    analyse = analyse or extractor.extract
    evaluated = set(extractor.role.skill_ids)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors: list[Error] = []
    failed: list[tuple[str, str]] = []
    items = load_labels(labels)
    for item in items:
        gold = set(item["skills"])
        unknown = gold - evaluated
        if unknown:
            raise TaxonomyError(role, f"labels use skill ids the role lacks: {sorted(unknown)}")
        try:
            extraction = analyse(_document(item))
        except SkillgapError as err:
            failed.append((item["id"], err.message))
            fn.update(gold)
            continue
        found = {s.id for s in extraction.skills}
        for skill in found & gold:
            tp[skill] += 1
        for skill in sorted(found - gold):
            fp[skill] += 1
            match = extraction.get(skill)
            context = (
                "; ".join(f"{m.surface!r} in: {m.sentence}" for m in match.mentions[:3])
                if match
                else ""
            )
            errors.append(Error(item["id"], skill, "fp", context))
        for skill in sorted(gold - found):
            fn[skill] += 1
            why = [
                f"{m.surface!r} ({m.note}) in: {m.sentence}"
                for m in extraction.rejected
                if m.skill_id == skill
            ]
            errors.append(
                Error(item["id"], skill, "fn", "; ".join(why[:2]) or "no candidate found")
            )
    per_skill = {s: Counts(tp[s], fp[s], fn[s]) for s in sorted(evaluated)}
    micro = Counts(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return Report(len(items), micro, per_skill, tuple(errors), tuple(failed))


def format_report(report: Report) -> str:
    m = report.micro
    lines = [
        f"items: {report.items}   pairs: tp={m.tp} fp={m.fp} fn={m.fn}",
        f"micro precision {m.precision:.3f}   recall {m.recall:.3f}   F1 {m.f1:.3f}",
        "",
        f"{'skill':28} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}",
    ]
    for skill, c in report.per_skill.items():
        if c.tp + c.fp + c.fn == 0:
            continue
        lines.append(
            f"{skill:28} {c.tp:>4} {c.fp:>4} {c.fn:>4} "
            f"{c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
        )
    if report.errors:
        lines += ["", "errors (fp = found but not in gold, fn = in gold but not found):"]
        for e in report.errors:
            lines.append(f"  {e.kind} {e.item} {e.skill}: {e.context}")
    for item, message in report.failed:
        lines.append(f"  failed {item}: {message}")
    return "\n".join(lines)
