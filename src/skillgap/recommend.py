"""Advice: the gaps that matter most for the target level, quick wins, a learning plan.

    gaps(profile, scores, role) -> tuple[Gap, ...]
    quick_wins(profile, scores, role) -> tuple[QuickWin, ...]
    plan(gaps, role) -> Plan

Decisions:

* **A gap** is a skill of the role, or a competency the target level expects (plus
  the best specialised domain), that the résumé does not show in a role or project.
  Its **gain** is what the overall score would rise by, at the target level, if it
  were shown in a role or project *after the gaps ranked above it are closed*
  (greedy): with one cloud learned, a second adds nothing for a junior. Gaps are
  ranked by that gain, then by importance. A skill that adds nothing is kept only when
  it is missing and important (``KEEP_IMPORTANCE``): it is still worth knowing.
* **Quick wins** are skills only listed (a skills section, the summary) or only
  implied by another tool: a line of evidence in a role or project counts them fully,
  without learning anything new.
* **The plan** covers the gaps a course can close: skills missing, and competencies
  not clearly shown. Skills already listed or studied need evidence, not a course.
  Only gaps that raise the score are planned for (``MAX_PLAN_GAPS`` at most).
  Courses are chosen greedily (set cover): first the course that closes the most
  open gaps, then the role guide's own course, then the one that also closes the
  important gaps that add nothing now, then the larger gain, then the smaller
  effort. They are grouped by the guide's learning stages.
"""

from __future__ import annotations

from .models import (
    CategoryScore,
    Gap,
    Plan,
    PlanCourse,
    PlanStage,
    Profile,
    QuickWin,
    Scores,
)
from .score import COMPETENCY_CATEGORY, overall_with, per_role
from .taxonomy import Course, Role

KEEP_IMPORTANCE = 0.8
MAX_PLAN_GAPS = 8  # the plan covers at most this many gaps, the highest gains first
_EPS = 1e-6


def gaps(profile: Profile, scores: Scores, role: Role) -> tuple[Gap, ...]:
    """Missing and weak skills and competencies, the most valuable first.

    A gap's gain is what closing it adds once the gaps ranked above it are closed: a
    second cloud adds nothing to a level that expects one. Categories add up
    independently, so closing the largest shortfall of each category first and merging
    the categories by gain is the greedy order.
    """
    total_weight = sum(c.weight for c in scores.categories) or 1.0
    order = per_role(role, "item-order", _item_order)
    found = []
    for category in scores.categories:
        items_weight = sum(i.weight for i in category.items) or 1.0
        got = sum(i.weight * i.credit for i in category.items)
        current = category.score
        shortfall = sorted(
            (i for i in category.items if i.credit < 1.0),
            key=lambda i: (-i.weight * (1.0 - i.credit), order.get(i.id, 0)),
        )
        for item in shortfall:
            got += item.weight * (1.0 - item.credit)
            new = (
                min(1.0, min(1.0, got / items_weight) / category.target)
                if category.target > 0
                else 1.0
            )
            gain = category.weight * (new - current) / total_weight
            current = new
            kind = "missing" if item.credit == 0 else "weak"
            important = kind == "missing" and item.weight >= KEEP_IMPORTANCE
            if gain <= _EPS and (category.kind == "competencies" or not important):
                continue
            found.append(
                Gap(
                    id=item.id,
                    name=item.name,
                    category=category.id,
                    kind=kind,
                    evidence=item.evidence,
                    importance=item.weight,
                    gain=round(max(gain, 0.0), 4),
                    advice=_advice(item.name, item.evidence, category, role, item.id),
                    courses=courses_for(item.id, role),
                )
            )
    return tuple(sorted(found, key=lambda g: (-g.gain, -g.importance, order.get(g.id, 0))))


def _item_order(role: Role) -> dict[str, int]:
    """Item id -> its place in the role: the skills, then the competencies."""
    order = {s.id: i for i, s in enumerate(role.skills)}
    order.update({c.id: len(order) + i for i, c in enumerate(role.competencies)})
    return order


def quick_wins(profile: Profile, scores: Scores, role: Role) -> tuple[QuickWin, ...]:
    """Skills shown without a role or project behind them: one line of evidence each."""
    wins = []
    items = {i.id: i for c in scores.categories if c.kind == "skills" for i in c.items}
    for skill in profile.skills:
        if skill.strength == "listed":
            suggestion = (
                f"{skill.name} is only listed. Add a line to a role or project that shows it "
                f"in use: what you built with {skill.name}, and the result."
            )
        elif skill.strength == "used" and skill.implied:
            suggestion = (
                f"{skill.name} is only implied by another tool in your experience. Name "
                f"{skill.name} in the line where you used it."
            )
        else:
            continue
        gain = overall_with(scores.categories, {skill.id: 1.0}) - scores.overall
        importance = items[skill.id].weight if skill.id in items else 0.0
        wins.append(
            (
                -gain,
                -importance,
                QuickWin(skill.id, skill.name, skill.line, round(max(gain, 0.0), 4), suggestion),
            )
        )
    return tuple(w for *_, w in sorted(wins, key=lambda t: (t[0], t[1], t[2].id)))


def courses_for(item_id: str, role: Role) -> tuple[str, ...]:
    """The ids of the courses that teach ``item_id``: the guide's first, then by stage."""
    return per_role(role, "courses-for", _courses_by_item).get(item_id, ())


def _courses_by_item(role: Role) -> dict[str, tuple[str, ...]]:
    stages = {s.id: i for i, s in enumerate(role.stages)}
    ranked = sorted(
        enumerate(role.courses),
        key=lambda t: (t[1].source != "guide", stages.get(t[1].stage, 99), t[0]),
    )
    out: dict[str, list[str]] = {}
    for _, course in ranked:
        for item in course.teaches:
            out.setdefault(item, []).append(course.id)
    return {k: tuple(v) for k, v in out.items()}


def plan(found: tuple[Gap, ...], scores: Scores, role: Role) -> Plan:
    """The courses that close the gaps, chosen by greedy set cover, grouped by stage."""
    wanted = [g for g in found if _plannable(g) and g.gain > 0][:MAX_PLAN_GAPS]
    extra = {g.id for g in found if _plannable(g) and g.gain <= 0}  # closed on the way
    open_ids = {g.id for g in wanted}
    gain = {g.id: g.gain for g in wanted}
    order, by_id = per_role(role, "course-order", _course_order)
    chosen: list[tuple[Course, tuple[str, ...]]] = []
    while open_ids:
        best = None
        candidates = {c for t in open_ids for c in courses_for(t, role)}
        for course in (by_id[c] for c in sorted(candidates, key=order.__getitem__)):
            closes = tuple(t for t in course.teaches if t in open_ids)
            also = tuple(t for t in course.teaches if t in extra)
            key = (
                len(closes),
                course.source == "guide",
                len(also),
                round(sum(gain[t] for t in closes), 6),
                -(course.effort_hours if course.effort_hours is not None else 1e6),
                -order[course.id],
            )
            if best is None or key > best[0]:
                best = (key, course, closes + also)
        if best is None:
            break
        _, course, closes = best
        chosen.append((course, closes))
        open_ids -= set(closes)
        extra -= set(closes)
    stages = []
    for stage in role.stages:
        courses = tuple(
            PlanCourse(
                id=c.id,
                title=c.title,
                provider=c.provider,
                url=c.url,
                stage=c.stage,
                source=c.source,
                effort_hours=c.effort_hours,
                closes=closes,
                gain=round(sum(gain.get(t, 0.0) for t in closes), 4),
            )
            for c, closes in chosen
            if c.stage == stage.id
        )
        if courses:
            hours = sum(c.effort_hours for c in courses if c.effort_hours is not None)
            stages.append(PlanStage(stage.id, stage.name, stage.duration, courses, hours))
    all_courses = [c for s in stages for c in s.courses]
    return Plan(
        stages=tuple(stages),
        total_hours=sum(c.effort_hours for c in all_courses if c.effort_hours is not None),
        unknown_effort=tuple(c.id for c in all_courses if c.effort_hours is None),
        uncovered=tuple(sorted(open_ids, key=[g.id for g in wanted].index)),
    )


def _course_order(role: Role) -> tuple[dict[str, int], dict[str, Course]]:
    return {c.id: i for i, c in enumerate(role.courses)}, {c.id: c for c in role.courses}


def _plannable(gap: Gap) -> bool:
    """Courses close missing skills and competencies not clearly shown."""
    if gap.category == COMPETENCY_CATEGORY:
        return gap.evidence in ("missing", "similar")
    return gap.kind == "missing"


def _advice(name: str, evidence: str, category: CategoryScore, role: Role, item_id: str) -> str:
    if category.kind == "competencies":
        comp = next((c for c in role.competencies if c.id == item_id), None)
        examples = ", ".join(f'"{p}"' for p in (comp.phrases[:3] if comp else ()))
        if evidence == "missing":
            return f"Show {name.lower()} in your experience: describe work such as {examples}."
        return (
            f"Make {name.lower()} explicit in a role: say what you did, in words such as "
            f"{examples}."
        )
    return {
        "missing": f"Learn {name} and use it in a project or at work; describe what you built.",
        "listed": f"{name} is listed but no role or project shows it: add a line of evidence.",
        "course": f"You studied {name}; use it in a project and describe the result.",
        "implied": f"Name {name} explicitly where you used it.",
    }.get(evidence, f"Show {name} in a role or project.")
