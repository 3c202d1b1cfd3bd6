"""The experience profile: evidence strength, years of use, career years and the level."""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillgap import analyse, analyse_text
from skillgap.profile import key_competency, years_level
from skillgap.taxonomy import load_role

SAMPLES = Path(__file__).resolve().parents[1] / "sample_resumes"
GOLD = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
TODAY = date.fromisoformat(GOLD["reference_date"])
ROLE = load_role("ml_engineer")


@functools.cache
def sample(name: str):
    return analyse(SAMPLES / name, today=TODAY)


# ------------------------------------------------------------ sample résumés


@pytest.mark.parametrize("name", sorted(GOLD["files"]))
def test_sample_years_and_years_level_match_the_gold(name):
    gold = GOLD["files"][name]
    profile = sample(name).profile
    assert profile.years == pytest.approx(gold["years_experience"], abs=0.5)
    assert profile.years_level == gold["level"]  # the gold's level is by years
    assert profile.level_reasons[0].startswith(f"{profile.years:g} years of full-time")


@pytest.mark.parametrize("name", [n for n, g in GOLD["files"].items() if g["ml_experience"]])
def test_a_sample_with_ml_experience_lands_at_its_level(name):
    profile = sample(name).profile
    assert profile.level == GOLD["files"][name]["level"], profile.level_reasons


def test_years_without_ml_skills_do_not_make_a_senior_ml_engineer():
    # web_developer.txt: ~5.4 years, senior by years, but no ML framework at all
    profile = sample("web_developer.txt").profile
    assert profile.years_level == "senior"
    assert profile.level == "junior"
    reasons = " ".join(profile.level_reasons)
    assert "not Senior ML Engineer" in reasons and "ML Frameworks & Libraries" in reasons
    assert "first rung" in profile.level_reasons[-1]


def test_internships_are_kept_apart_from_career_years():
    profile = sample("student.pdf").profile
    assert profile.years == 0 and profile.internship_years > 0
    assert any("internships" in r for r in profile.level_reasons)


def test_the_key_competency_of_a_level_is_the_one_its_expects_line_names():
    assert key_competency(ROLE.level("senior"), ROLE) == "leadership"
    assert key_competency(ROLE.level("principal"), ROLE) == "leadership"
    assert key_competency(ROLE.level("mid"), ROLE) == "model-deployment"


@pytest.mark.parametrize(
    ("years", "level"),
    [
        (0, "junior"),
        (1.9, "junior"),
        (2, "mid"),
        (3.99, "mid"),
        (4, "senior"),
        (7, "principal"),
        (30, "principal"),
    ],
)
def test_years_place_a_résumé_on_the_ladder(years, level):
    assert years_level(years, ROLE).id == level


# ------------------------------------------------------------ evidence


CV = """\
Pat Example
SUMMARY
ML engineer who likes Kafka.
SKILLS
Python, Docker, Terraform, Kafka
EXPERIENCE
Machine Learning Engineer, Acme Corp    Jan 2020 - Dec 2021
- Trained PyTorch models and served them with Docker.
Machine Learning Engineer, Beta Inc    Jan 2023 - Present
- Built Docker images for training jobs and pipelines in Python.
Data Intern, Gamma    Jun 2019 - Aug 2019
- Wrote pandas reports.
EDUCATION
B.S. Computer Science, State University    2015 - 2019
- Thesis on Apache Spark.
"""


@functools.cache
def small():
    return analyse_text(CV, today=date(2024, 6, 30))


def test_evidence_strength_is_used_over_listed_over_course():
    p = small().profile
    assert p.skill("pytorch").strength == "used"
    assert p.skill("docker").strength == "used"
    assert p.skill("terraform").strength == "listed"
    assert p.skill("kafka").strength == "listed"  # skills and summary: still only listed
    assert p.skill("spark").strength == "course"
    assert p.skill("pandas").strength == "used"  # an internship is a role


def test_years_of_use_are_the_union_of_the_roles_that_show_the_skill():
    p = small().profile
    docker = p.skill("docker")
    assert docker.years == pytest.approx((24 + 18) / 12, abs=0.1)  # 2020-21 and 2023-Jun 2024
    assert docker.last_used == 2024
    assert len(docker.roles) == 2
    pytorch = p.skill("pytorch")
    assert pytorch.years == 2.0 and pytorch.last_used == 2021
    assert p.skill("terraform").years == 0 and p.skill("terraform").last_used is None


def test_career_years_count_full_time_only():
    p = small().profile
    assert p.years == pytest.approx(3.5, abs=0.1)  # 24 + 18 months; the internship apart
    assert p.internship_years == 0.2


def test_an_implied_skill_is_marked_implied():
    text = "EXPERIENCE\nAnalyst, Acme    Jan 2020 - Dec 2021\n- Built reports in pandas.\n"
    p = analyse_text(text, today=date(2024, 1, 1)).profile
    python = p.skill("python")
    assert python is not None and python.strength == "used" and python.implied


def test_profile_round_trips_to_json():
    data = small().profile.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert {"years", "level", "level_reasons", "skills", "competencies"} <= set(data)


# ------------------------------------------- skill evidence = plain code


def _skill_evidence_reference(skill_id, name, category, mentions, work):
    """``skill_evidence`` as first written: every mention against every role."""
    from skillgap.experience import union_months
    from skillgap.models import SkillEvidence
    from skillgap.profile import _RANK, mention_strength

    rated = [(mention_strength(m, work), m) for m in mentions]
    if not rated:
        return SkillEvidence(skill_id, name, category, "none", False, 0.0, None, (), "")
    strength = min((s for s, _ in rated), key=_RANK.__getitem__)
    best = [m for s, m in rated if s == strength]
    line = min(best, key=lambda m: (m.method == "implied", -m.confidence, m.start)).sentence
    holding = [r for r in work if any(r.start <= m.start < r.end for _, m in rated)]
    return SkillEvidence(
        id=skill_id,
        name=name,
        category=category,
        strength=strength,
        implied=all(m.method == "implied" for m in best),
        years=round(union_months(r.dates for r in holding) / 12, 1),
        last_used=max((r.dates.end.year for r in holding), default=None),
        roles=tuple(dict.fromkeys(r.title for r in holding)),
        line=line,
    )


@given(
    roles=st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 30), st.integers(2000, 2025)), max_size=6
    ),
    mentions=st.lists(
        st.tuples(
            st.integers(0, 100),
            st.sampled_from(["experience", "skills", "education", "summary", "projects"]),
            st.sampled_from(["exact", "alias", "implied"]),
            st.sampled_from([0.5, 0.9, 1.0]),
        ),
        max_size=8,
    ),
)
def test_skill_evidence_is_what_the_plain_code_finds(roles, mentions):
    from skillgap.dates import DateRange, YearMonth
    from skillgap.experience import Role
    from skillgap.models import Mention
    from skillgap.profile import skill_evidence

    work = [
        Role(
            f"role {start % 3}",
            "full-time",
            DateRange(YearMonth(y, 1), YearMonth(y + 1, 6), False, "", (0, 0), "month"),
            start,
            start + length,  # an empty block when length is 0
        )
        for start, length, y in roles
    ]
    found = [
        Mention("python", "Python", at, at + 6, section, method, conf, f"line {i}")
        for i, (at, section, method, conf) in enumerate(mentions)
    ]
    args = ("python", "Python", "languages", found, work)
    assert skill_evidence(*args) == _skill_evidence_reference(*args)
