"""Gaps, quick wins and the learning plan: what a coach would say about each sample."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import pytest

from skillgap import analyse
from skillgap.models import Gap
from skillgap.recommend import courses_for, plan
from skillgap.taxonomy import load_role

SAMPLES = Path(__file__).resolve().parents[1] / "sample_resumes"
TODAY = date(2026, 11, 27)
ROLE = load_role("ml_engineer")
COURSES = {c.id: c for c in ROLE.courses}


@functools.cache
def sample(name: str, level: str | None = None):
    return analyse(SAMPLES / name, today=TODAY, target_level=level)


def top(name: str, n: int = 5) -> list[str]:
    return [g.id for g in sample(name).gaps[:n]]


# ------------------------------------------------------------------ gaps


def test_the_web_developer_needs_python_and_ml_first():
    gaps = top("web_developer.txt", 6)
    assert {"python", "pytorch"} <= set(gaps)
    assert set(gaps) <= {"python", "pytorch", "tensorflow", "pandas", "numpy", "scikit-learn",
                         "model-development", "data-pipelines"}  # fmt: skip


def test_the_student_needs_a_cloud_and_a_database_not_more_frameworks():
    gaps = top("student.pdf", 2)
    assert gaps[0] == "aws" and gaps[1] in {"postgresql", "mysql"}
    ids = [g.id for g in sample("student.pdf").gaps]
    assert "pytorch" not in ids and "scikit-learn" not in ids  # already shown in roles


def test_the_senior_engineer_lacks_databases_and_a_deep_learning_framework():
    gaps = top("senior_mle.txt", 5)
    assert "pytorch" in gaps and "postgresql" in gaps


def test_a_second_cloud_adds_nothing_once_one_is_closed():
    gaps = {g.id: g for g in sample("student.pdf").gaps}
    assert gaps["aws"].gain > 0
    assert gaps.get("azure") is None or gaps["azure"].gain == 0
    assert gaps.get("gcp") is None or gaps["gcp"].gain == 0


def test_gaps_are_ranked_by_gain_and_carry_advice_and_courses():
    for name in ("student.pdf", "senior_mle.txt", "web_developer.txt"):
        gaps = sample(name).gaps
        gains = [g.gain for g in gaps]
        assert gains == sorted(gains, reverse=True)
        for g in gaps:
            assert g.advice and g.kind in ("missing", "weak") and g.gain >= 0
            assert list(g.courses) == list(courses_for(g.id, ROLE))


def test_a_gap_for_a_higher_target_level_is_never_smaller():
    junior = {g.id: g.gain for g in sample("mid_level_mle.pdf", "junior").gaps}
    principal = {g.id: g.gain for g in sample("mid_level_mle.pdf", "principal").gaps}
    assert sum(principal.values()) > sum(junior.values())


# ------------------------------------------------------------------ quick wins


def test_skills_only_listed_are_quick_wins_named_with_a_suggestion():
    wins = {w.id: w for w in sample("mid_level_mle.pdf").quick_wins}
    assert {"sql", "numpy"} <= set(wins)  # listed in the skills column only
    assert "pytorch" not in wins  # shown in roles
    sql = wins["sql"]
    assert "SQL" in sql.suggestion and "role or project" in sql.suggestion
    assert "SQL" in sql.line and sql.gain > 0


def test_an_implied_skill_is_a_quick_win_to_name():
    wins = {w.id: w for w in sample("student.pdf").quick_wins}
    assert "python" in wins


# ------------------------------------------------------------------ plan


def test_the_guide_courses_appear_for_the_gaps_they_teach():
    for name in ("web_developer.txt", "student.pdf", "analyst_to_ml.docx"):
        a = sample(name)
        chosen = [c for c in a.plan.courses]
        assert any(c.source == "guide" for c in chosen), name
        for course in chosen:
            assert set(course.closes) <= set(COURSES[course.id].teaches)


def test_the_web_developers_plan_starts_with_a_guide_course_for_python():
    plan_ = sample("web_developer.txt").plan
    first = plan_.stages[0]
    assert first.id == "beginner"
    python = [c for c in plan_.courses if "python" in c.closes]
    assert python and python[0].source == "guide"


def test_one_course_closing_several_gaps_beats_several_closing_one():
    gaps = tuple(
        Gap(i, i, "x", "missing", "missing", 0.5, 0.1, "", ()) for i in ("pandas", "numpy", "sql")
    )
    a = sample("web_developer.txt")
    result = plan(gaps, a.scores, ROLE)
    assert [c.id for c in result.courses] == ["edx-harvard-cs109"]
    assert set(result.courses[0].closes) == {"pandas", "numpy", "sql"}


def test_the_plan_is_grouped_by_the_guides_stages_with_honest_hours():
    for name in ("web_developer.txt", "student.pdf", "senior_mle.txt"):
        p = sample(name).plan
        order = [s.id for s in ROLE.stages]
        assert [s.id for s in p.stages] == sorted((s.id for s in p.stages), key=order.index)
        for stage in p.stages:
            assert all(c.stage == stage.id for c in stage.courses)
            assert stage.effort_hours == sum(c.effort_hours or 0 for c in stage.courses)
        assert p.total_hours == sum(s.effort_hours for s in p.stages)
        assert set(p.unknown_effort) == {c.id for c in p.courses if c.effort_hours is None}


def test_a_listed_skill_gets_evidence_advice_not_a_course():
    a = sample("mid_level_mle.pdf")
    planned = {t for c in a.plan.courses for t in c.closes}
    assert "sql" not in planned and "numpy" not in planned


@pytest.mark.parametrize("name", ["principal_mle.md", "mid_level_mle.pdf"])
def test_plan_closes_only_gaps(name):
    a = sample(name)
    gap_ids = {g.id for g in a.gaps}
    assert {t for c in a.plan.courses for t in c.closes} <= gap_ids
    assert set(a.plan.uncovered) <= gap_ids
