"""The experience profile: what the résumé shows for each skill, for how long, and a level.

    build_profile(extraction, timeline, role) -> Profile

Decisions:

* **Evidence strength** of a skill is its strongest mention: *used* when the mention is
  in a role or project (an experience, projects, volunteering or publications section,
  or the text block of a dated role that is not education); *course* when it is only in
  education, courses or certifications; *listed* otherwise (skills section, summary,
  headline, a GitHub link in the contact line).
* **Years of use** of a skill are the union of the date ranges of the roles (not
  education) whose text block holds a mention; the last year used is the latest end.
* **Career years** are full-time years (``experience.build_timeline`` merges overlaps);
  internships are reported apart and never count.
* **The level.** Years place the résumé on the ladder (``min_years`` <= years <
  ``max_years``). That rung is a ceiling: skills never lift a level above what the
  years give. It is then lowered, one rung at a time, while the résumé does not support
  it. A level above the first is supported when all three hold:

  1. the role's core category (the one with the highest weight; for the ML engineer,
     ML frameworks) scores at least ``CORE_MIN`` at that level: ten years of web
     development without an ML framework is not a senior ML engineer;
  2. the skill categories together score at least ``SKILLS_MIN`` at that level;
  3. the level's key competency (the expected competency its ``expects`` line names,
     found by TF-IDF: leadership for senior "Architecture design, team leadership" and
     principal "Technical strategy, cross-team impact"; deployment for mid) shows with
     at least ``COMPETENCY_MIN``.

  The first rung needs nothing: it is where everyone starts. Every step is a reason.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date

from .experience import Role as TimelineRole
from .experience import Timeline, union_months
from .models import CompetencyEvidence, Extraction, Mention, Profile, SkillEvidence
from .score import competency_evidence, fit_competencies, per_role, section_strength, skill_credit
from .taxonomy import Level
from .taxonomy import Role as TaxonomyRole

CORE_MIN = 0.35
SKILLS_MIN = 0.5
COMPETENCY_MIN = 0.5

_RANK = {"used": 0, "listed": 1, "course": 2, "none": 3}
_WORK_KINDS = frozenset({"full-time", "internship", "part-time", "project", "volunteering"})


def build_profile(
    extraction: Extraction,
    timeline: Timeline,
    role: TaxonomyRole,
    *,
    today: date | None = None,
    competencies: tuple[CompetencyEvidence, ...] | None = None,
) -> Profile:
    """The profile of one résumé. ``today`` is only recorded (the timeline used it)."""
    work = [r for r in timeline.roles if r.kind in _WORK_KINDS]
    skills = tuple(
        skill_evidence(s.id, s.name, s.category, s.mentions, work) for s in extraction.skills
    )
    if competencies is None:
        competencies = competency_evidence(extraction.document, role)
    years = timeline.years
    level, years_level, reasons = estimate_level(years, skills, competencies, role)
    internship_years = round(timeline.internship_months / 12, 1)
    if internship_years:
        reasons = (
            reasons[0],
            f"internships ({internship_years:g} years) are not counted as career years",
            *reasons[1:],
        )
    return Profile(
        role=role.id,
        years=years,
        internship_years=internship_years,
        level=level.id,
        level_name=level.name,
        years_level=years_level.id,
        level_reasons=reasons,
        skills=skills,
        competencies=competencies,
        today=today.isoformat() if today else "",
    )


# ---------------------------------------------------------------- evidence


def mention_strength(mention: Mention, roles: Iterable[TimelineRole]) -> str:
    if any(r.start <= mention.start < r.end for r in roles):
        return "used"
    return section_strength(mention.section)


def skill_evidence(
    skill_id: str,
    name: str,
    category: str,
    mentions: Iterable[Mention],
    work: list[TimelineRole],
) -> SkillEvidence:
    mentions = tuple(mentions)
    if not mentions:
        return SkillEvidence(skill_id, name, category, "none", False, 0.0, None, (), "")
    # The roles holding a mention, and the mentions in a role (``mention_strength``),
    # found by bisection over the mentions' offsets.
    offsets = sorted(m.start for m in mentions)
    holding = []
    in_roles: set[int] = set()
    for r in work:
        i = bisect.bisect_left(offsets, r.start)
        j = bisect.bisect_left(offsets, r.end, i)
        if i < j:
            holding.append(r)
            in_roles.update(offsets[i:j])
    rated = [("used" if m.start in in_roles else section_strength(m.section), m) for m in mentions]
    strength = min((s for s, _ in rated), key=_RANK.__getitem__)
    best = [m for s, m in rated if s == strength]
    implied = all(m.method == "implied" for m in best)
    line = min(best, key=lambda m: (m.method == "implied", -m.confidence, m.start)).sentence
    months = union_months(r.dates for r in holding)
    return SkillEvidence(
        id=skill_id,
        name=name,
        category=category,
        strength=strength,
        implied=implied,
        years=round(months / 12, 1),
        last_used=max((r.dates.end.year for r in holding), default=None),
        roles=tuple(dict.fromkeys(r.title for r in holding)),
        line=line,
    )


# ------------------------------------------------------------------- level


def years_level(years: float, role: TaxonomyRole) -> Level:
    """The rung of the ladder that ``years`` of full-time experience reach."""
    found = role.levels[0]
    for level in role.levels:
        if years >= level.min_years:
            found = level
    return found


def estimate_level(
    years: float,
    skills: tuple[SkillEvidence, ...],
    competencies: tuple[CompetencyEvidence, ...],
    role: TaxonomyRole,
) -> tuple[Level, Level, tuple[str, ...]]:
    """(level, level by years alone, reasons)."""
    by_years = years_level(years, role)
    span = (
        f"{by_years.min_years:g}+ years"
        if by_years.max_years is None
        else f"{by_years.min_years:g}-{by_years.max_years:g} years"
    )
    reasons = [f"{years:g} years of full-time experience: {by_years.name} by years ({span})"]
    index = role.levels.index(by_years)
    coverages = skill_coverages(skills, role)
    for level in reversed(role.levels[1 : index + 1]):
        problems = level_problems(level, coverages, competencies, role)
        if not problems:
            reasons.append(
                f"{level.name}: supported by the skills and the {_key_name(level, role)} shown"
            )
            return level, by_years, tuple(reasons)
        reasons.append(f"not {level.name}: " + "; ".join(problems))
    first = role.levels[0]
    if index > 0:
        reasons.append(f"{first.name}: the first rung of the ladder")
    return first, by_years, tuple(reasons)


def skill_coverages(skills: tuple[SkillEvidence, ...], role: TaxonomyRole) -> dict[str, float]:
    """Category id -> importance-weighted share of its skills shown (as in ``score``)."""
    credits = {s.id: skill_credit(s) for s in skills}
    out = {}
    for category, members in per_role(role, "members", _members):
        total = sum(importance for _, importance in members)
        got = sum(importance * credits.get(skill_id, 0.0) for skill_id, importance in members)
        out[category.id] = min(1.0, got / total) if total else 0.0
    return out


def _members(role: TaxonomyRole) -> tuple:
    return tuple(
        (c, tuple((s.id, s.importance) for s in role.skills_in(c.id))) for c in role.categories
    )


def level_problems(
    level: Level,
    coverages: dict[str, float],
    competencies: tuple[CompetencyEvidence, ...],
    role: TaxonomyRole,
) -> list[str]:
    """Why the résumé does not support ``level`` (empty when it does)."""
    problems = []
    scores = {}
    for category in role.categories:
        target = float(level.target_coverage.get(category.id, 0.5))
        cov = coverages[category.id]
        scores[category.id] = min(1.0, cov / target) if target > 0 else 1.0
    core = role.category(core_category(role))
    if scores[core.id] < CORE_MIN:
        problems.append(
            f"{core.name} score {scores[core.id]:.2f} (coverage {coverages[core.id]:.2f} of the "
            f"{level.target_coverage.get(core.id, 0.5):.2f} expected; needs {CORE_MIN:.2f})"
        )
    total = sum(c.weight for c in role.categories)
    skills_score = sum(c.weight * scores[c.id] for c in role.categories) / total if total else 0.0
    if skills_score < SKILLS_MIN:
        problems.append(f"skills score {skills_score:.2f} at this level (needs {SKILLS_MIN:.2f})")
    key = key_competency(level, role)
    if key is not None:
        ev = next((c for c in competencies if c.id == key), None)
        if ev is None or ev.score < COMPETENCY_MIN:
            name = next(c.name for c in role.competencies if c.id == key)
            problems.append(
                f"no clear evidence of {name.lower()} (the level expects: {level.expects})"
            )
    return problems


def core_category(role: TaxonomyRole) -> str:
    """The category with the highest weight (the first on ties)."""
    return max(role.categories, key=lambda c: c.weight).id


def key_competency(level: Level, role: TaxonomyRole) -> str | None:
    """The expected competency of ``level`` its ``expects`` line is closest to (TF-IDF)."""
    keys = per_role(role, "key-competencies", _key_competencies)
    return keys.get(level.id)


def _key_competencies(role: TaxonomyRole) -> dict[str, str | None]:
    return {level.id: _closest(level, role) for level in role.levels}


def _closest(level: Level, role: TaxonomyRole) -> str | None:
    model = fit_competencies(role)
    sims = model.similarities(level.expects)
    ids = [c.id for c in model.competencies]
    scored = [(sims[ids.index(c)], -i, c) for i, c in enumerate(level.competencies) if c in ids]
    if not scored:
        return None
    sim, _, comp = max(scored)
    return comp if sim > 0 else None


def _key_name(level: Level, role: TaxonomyRole) -> str:
    key = key_competency(level, role)
    if key is None:
        return "experience"
    return next(c.name for c in role.competencies if c.id == key).lower()
