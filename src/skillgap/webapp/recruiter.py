"""The recruiter view's data: the ranked, filtered table and one candidate's evidence.

Pure functions of the batch's rows, no Streamlit; blind mode redacts every cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..analysis import Analysis
from ..redact import redact, redactor_for
from ..taxonomy import load_role
from .batch import Row
from .candidate import skills_table
from .choices import category_names, skill_choices


def level_rank(role: str) -> dict[str, int]:
    return {lv.id: i for i, lv in enumerate(load_role(role).levels)}


def must_haves_met(analysis: Analysis, must: Sequence[str]) -> list[str]:
    """The must-have skills the CV shows (in a role, a project, a list or a course)."""
    return [skill for skill in must if analysis.profile.skill(skill) is not None]


def ranked_table(
    rows: Sequence[Row],
    *,
    role: str,
    must: Sequence[str] = (),
    min_level: str | None = None,
    only_matching: bool = False,
    blind: bool = False,
) -> list[dict[str, Any]]:
    """The recruiter's table: best first, failed files last with their reason.

    ``only_matching`` drops those missing a must-have; ``min_level`` those estimated
    below it. In blind mode names, e-mails, phones, addresses and links are removed
    from every cell (file names included) and candidates are numbered instead.
    """
    ranks = level_rank(role)
    names = skill_choices(role)
    cats = category_names(role)
    table: list[dict[str, Any]] = []
    for row in rows:
        a = row.analysis
        if a is None:
            continue
        met = must_haves_met(a, must)
        if only_matching and len(met) < len(must):
            continue
        if min_level is not None and ranks.get(a.profile.level, -1) < ranks.get(min_level, 0):
            continue
        clean = redactor_for(a.document.text) if blind else (lambda x: x)
        item: dict[str, Any] = {
            "File": clean(row.name),
            "Status": "ok",
            "Overall": round(100 * a.scores.overall),
        }
        if a.job is not None:
            item["Job match"] = round(100 * a.job.score)
            item["Required met"] = f"{a.job.required_met}/{len(a.job.required)}"
        item["Level"] = a.profile.level_name
        item["Years"] = round(a.profile.years, 1)
        if must:
            item["Must-haves met"] = f"{len(met)}/{len(must)}"
            item["Missing"] = ", ".join(names.get(m, m) for m in must if m not in met)
        for c in a.scores.categories:
            item[cats.get(c.id, c.name)] = round(100 * c.score)
        item["Top gaps"] = ", ".join(g.name for g in a.gaps[:3])
        item["Reason"] = ""
        table.append(item)
    key = "Job match" if any("Job match" in t for t in table) else "Overall"
    table.sort(key=lambda t: (-t.get(key, 0), -t["Overall"]))
    for row in rows:
        if row.analysis is None:
            reason = row.error
            name = row.name
            if blind:
                reason = redact(reason.replace(name, "[file]"))
                name = "[hidden]"
            table.append({"File": name, "Status": row.code or "failed", "Reason": reason})
    columns: list[str] = []
    for t in table:
        columns += [k for k in t if k not in columns]
    out = []
    for i, t in enumerate(table, 1):
        full = {"#": i, **{k: t.get(k) for k in columns}}
        out.append(full)
    return out


def candidate_label(row: Row, index: int, *, blind: bool = False) -> str:
    if blind:
        return f"Candidate {index + 1}"
    return row.name


def candidate_details(row: Row, *, blind: bool = False) -> list[dict[str, Any]]:
    """One candidate's skills with evidence, redacted in blind mode."""
    assert row.analysis is not None
    clean = redactor_for(row.analysis.document.text) if blind else (lambda x: x)
    rows = skills_table(row.analysis)
    for r in rows:
        r["Evidence"] = clean(r["Evidence"])
        r["How"] = clean(r["How"])
    return rows
