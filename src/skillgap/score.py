"""Scores: how ready a résumé is for a level of the role, per category and overall.

    score(profile, extraction, role, target_level="senior") -> Scores

Decisions (``SCORING_VERSION`` changes when any of them does):

* **Credit per skill** comes from the strongest evidence (see ``profile``): used in a
  role or project 1.0, listed in a skills section or summary 0.6, a course or
  certificate only 0.4; a skill whose evidence at that strength is only implied by
  another (pandas => Python) gets 0.8 of that.
* **A category's coverage** is the importance-weighted share of its skills the résumé
  shows: ``sum(importance * credit) / sum(importance)``. Its **score** is that coverage
  against what the target level expects (the level's ``target_coverage``), capped at 1:
  a mid-level engineer is not expected to know 90% of the cloud tools.
* **Competencies** (responsibilities, domains, emerging technologies) are read from the
  experience text: a phrase of the taxonomy on a line (credit by the line's section as
  for skills), or else a line similar to the competency's description (TF-IDF cosine,
  fitted once per role on the competencies' names, descriptions and phrases; at most
  0.7). They form one more category: the target level's expected competencies, the best
  specialised domain and (at half weight) the best emerging technology; its target
  coverage is ``COMPETENCY_TARGET``.
* **Overall** is the mean of the category scores weighted by the taxonomy's category
  weights (competencies: ``COMPETENCY_WEIGHT``).

Every score is in [0, 1]; more evidence never lowers one (credits only grow with
evidence, and coverage, ``min`` and weighted means are monotone).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .competencies import (  # noqa: F401  (re-exported: imported from here elsewhere)
    _LOWER_TO_ASCII,
    _TOKEN,
    COURSE_SECTIONS,
    SIMILAR_HIGH,
    SIMILAR_LOW,
    SIMILAR_MAX,
    SIMILAR_TERMS,
    STRENGTH_CREDIT,
    USED_SECTIONS,
    CompetencyModel,
    Line,
    PhraseIndex,
    competency_document,
    competency_evidence,
    document_lines,
    fit_competencies,
    phrase_tokens,
    section_strength,
    similar_credit,
)
from .models import (
    CategoryScore,
    CompetencyEvidence,
    Document,
    Extraction,
    Profile,
    ScoreItem,
    Scores,
    SkillEvidence,
)
from .taxonomy import Competency, Level, Role
from .tfidf import (  # noqa: F401  (re-exported: imported from here elsewhere)
    CACHE_MAX_AGE_DAYS,
    _terms,
    cache_dir,
    tfidf_cached,
    tfidf_fit,
    tokenize,
)

SCORING_VERSION = "skillgap-scores/1"

# The credit of each evidence strength (STRENGTH_CREDIT), the sections behind each
# (section_strength) and the SIMILAR_* thresholds are in ``competencies``, with the
# lines they are read from; scoring skills uses the same ones.
IMPLIED_FACTOR = 0.8
COMPETENCY_TARGET = 0.7
COMPETENCY_WEIGHT = 1.0
EMERGING_WEIGHT = 0.5
COMPETENCY_CATEGORY = "competencies"


def skill_credit(evidence: SkillEvidence | None) -> float:
    if evidence is None:
        return 0.0
    credit = STRENGTH_CREDIT[evidence.strength]
    return credit * IMPLIED_FACTOR if evidence.implied else credit


# ------------------------------------------------------------------ scores


def score(
    profile: Profile,
    extraction: Extraction,
    role: Role,
    *,
    target_level: str | None = None,
    document: Document | None = None,
) -> Scores:
    """Per-category and overall scores of ``profile`` for ``target_level``.

    ``target_level`` defaults to the profile's estimated level. ``document`` (default:
    the extraction's) is the text the competencies are read from.
    """
    level = role.level(target_level or profile.level)
    competencies = profile.competencies
    if document is not None and document is not extraction.document:
        competencies = competency_evidence(document, role)
    categories = category_scores(profile.skills, competencies, role, level)
    overall = overall_score(categories)
    return Scores(
        version=SCORING_VERSION,
        target_level=level.id,
        target_level_name=level.name,
        overall=overall,
        categories=categories,
        why=_overall_why(categories, overall, level),
    )


def category_scores(
    skills: Iterable[SkillEvidence],
    competencies: Iterable[CompetencyEvidence],
    role: Role,
    level: Level,
) -> tuple[CategoryScore, ...]:
    by_id = {s.id: s for s in skills}
    result = []
    for category, members in per_role(role, "category-skills", _category_skills):
        items = tuple(_skill_item(s.id, s.name, s.importance, by_id.get(s.id)) for s in members)
        target = float(level.target_coverage.get(category.id, 0.5))
        result.append(
            _category(category.id, category.name, "skills", category.weight, target, items)
        )
    items = competency_items(competencies, role, level)
    result.append(
        _category(
            COMPETENCY_CATEGORY,
            "Responsibilities & domains",
            "competencies",
            COMPETENCY_WEIGHT,
            COMPETENCY_TARGET,
            items,
        )
    )
    return tuple(result)


def _category_skills(role: Role) -> tuple:
    return tuple((c, role.skills_in(c.id)) for c in role.categories)


def overall_score(categories: Iterable[CategoryScore]) -> float:
    cats = list(categories)
    total = sum(c.weight for c in cats)
    return _clip(sum(c.weight * c.score for c in cats) / total) if total else 0.0


def competency_items(
    competencies: Iterable[CompetencyEvidence], role: Role, level: Level
) -> tuple[ScoreItem, ...]:
    """The level's expected competencies, the best domain and the best emerging one."""
    by_id = {c.id: c for c in competencies}
    items = []
    for comp_id in level.competencies:
        comp = next((c for c in role.competencies if c.id == comp_id), None)
        if comp is not None:
            items.append(_competency_item(comp, by_id.get(comp.id), 1.0))
    for kind, weight in (("domain", 1.0), ("emerging", EMERGING_WEIGHT)):
        pool = [c for c in role.competencies if c.kind == kind and c.id not in level.competencies]
        if not pool:
            continue
        best = max(pool, key=lambda c: _evidence_score(by_id.get(c.id)))  # first on ties
        items.append(_competency_item(best, by_id.get(best.id), weight))
    return tuple(items)


def _evidence_score(evidence: CompetencyEvidence | None) -> float:
    return evidence.score if evidence is not None else 0.0


def _skill_item(skill_id: str, name: str, importance: float, ev: SkillEvidence | None) -> ScoreItem:
    if ev is None:
        return ScoreItem(skill_id, name, importance, 0.0, "missing", "")
    how = "implied" if ev.implied and ev.strength == "used" else ev.strength
    return ScoreItem(skill_id, name, importance, skill_credit(ev), how, ev.line)


def _competency_item(comp: Competency, ev: CompetencyEvidence | None, weight: float) -> ScoreItem:
    if ev is None or ev.score <= 0:
        return ScoreItem(comp.id, comp.name, weight, 0.0, "missing", "")
    return ScoreItem(comp.id, comp.name, weight, ev.score, ev.method, ev.line)


def _category(
    cat_id: str, name: str, kind: str, weight: float, target: float, items: tuple[ScoreItem, ...]
) -> CategoryScore:
    total = sum(i.weight for i in items)
    coverage = _clip(sum(i.weight * i.credit for i in items) / total) if total else 0.0
    value = _clip(coverage / target) if target > 0 else 1.0
    shown = [i for i in items if i.credit > 0]
    full = sum(1 for i in items if i.credit >= 1.0)
    why = (
        f"{len(shown)} of {len(items)} shown ({full} in full); coverage {coverage:.2f} "
        f"of the {target:.2f} the level expects, so {value:.2f}"
    )
    return CategoryScore(cat_id, name, kind, weight, coverage, target, value, items, why)


def _overall_why(
    categories: tuple[CategoryScore, ...], overall: float, level: Level
) -> tuple[str, ...]:
    lines = [
        f"Overall {overall:.2f} for {level.name}: the category scores weighted by category weight."
    ]
    for c in categories:
        lines.append(f"{c.name}: {c.score:.2f} x weight {c.weight:g} ({c.why})")
    return tuple(lines)


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


_ROLE_DATA: dict[tuple[str, str, int, str], tuple[Role, object]] = {}


def per_role(role: Role, name: str, build: Callable[[Role], object]) -> Any:
    """``build(role)``, computed once per role (roles hold dicts: not hashable)."""
    key = (role.path, role.id, role.version, name)
    cached = _ROLE_DATA.get(key)
    if cached is not None and (cached[0] is role or cached[0] == role):
        return cached[1]
    value = build(role)
    if len(_ROLE_DATA) > 64:
        _ROLE_DATA.clear()
    _ROLE_DATA[key] = (role, value)
    return value


def overall_with(categories: Iterable[CategoryScore], credits: Mapping[str, float]) -> float:
    """The overall score if the items named in ``credits`` had at least those credits."""
    changed = []
    for c in categories:
        if not any(i.id in credits for i in c.items):
            changed.append(c)
            continue
        total = sum(i.weight for i in c.items)
        got = sum(i.weight * max(i.credit, credits.get(i.id, 0.0)) for i in c.items)
        coverage = _clip(got / total) if total else 0.0
        value = _clip(coverage / c.target) if c.target > 0 else 1.0
        changed.append(
            CategoryScore(c.id, c.name, c.kind, c.weight, coverage, c.target, value, c.items, c.why)
        )
    return overall_score(changed)
