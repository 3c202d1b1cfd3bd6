"""Job postings: required vs nice to have, matching a résumé, skills outside the role."""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

import pytest

from skillgap import analyse, analyse_text
from skillgap.cli import main
from skillgap.jobs import read_posting

ROOT = Path(__file__).resolve().parents[1]
JOBS = ROOT / "tests" / "data" / "jobs"
SAMPLES = ROOT / "sample_resumes"
TODAY = date(2026, 11, 27)


@functools.cache
def match(cv: str, job: str):
    return analyse(SAMPLES / cv, today=TODAY, job=JOBS / job).job


def asked(job) -> tuple[dict[str, bool], dict[str, bool]]:
    return {s.id: s.met for s in job.required}, {s.id: s.met for s in job.nice_to_have}


def test_requirements_and_nice_to_have_headings_split_a_markdown_posting():
    job = match("mid_level_mle.pdf", "ml_platform_engineer.md")
    required, nice = asked(job)
    assert {"python", "pytorch", "tensorflow", "docker", "kubernetes", "sql", "aws"} <= set(
        required
    )
    assert {"kafka", "terraform", "go"} <= set(nice)
    assert not set(required) & set(nice)
    assert "Requirements" in {s.cue for s in job.required}


def test_benefits_are_not_asked_for():
    job = match("mid_level_mle.pdf", "ml_platform_engineer.md")
    # "AWS certifications" under Benefits does not make AWS nice to have: it is required
    aws = next(s for s in job.required if s.id == "aws")
    assert "SageMaker" in aws.line


def test_a_posting_without_any_heading_uses_sentence_cues_and_defaults_to_required():
    job = match("analyst_to_ml.docx", "data_scientist_no_headings.txt")
    required, nice = asked(job)
    assert {"python", "pandas", "scikit-learn", "sql", "ab-testing"} <= set(required)
    assert {"r", "spark", "tableau"} <= set(nice)  # "a plus", "a bonus", "would be nice"
    cues = {s.id: s.cue for s in (*job.required, *job.nice_to_have)}
    assert cues["sql"] == "must" and cues["r"] == "a plus"
    assert cues["python"].startswith("(default")
    assert required["sql"] and required["ab-testing"] and nice["r"]  # the analyst has them


def test_skills_outside_the_role_are_reported_and_matched_literally():
    job = match("web_developer.txt", "backend_go_ruby.txt")
    outside = {s.id: s for s in job.outside_role}
    assert {"go", "ruby", "rust"} <= set(outside)
    assert not any(s.met for s in outside.values())
    cv = (SAMPLES / "senior_mle.txt").read_text(encoding="utf-8")
    cv = cv.replace(
        "  * Infrastructure as code",
        "  * Wrote the ledger service in Go and Ruby.\n  * Infrastructure as code",
    )
    job = analyse_text(cv, today=TODAY, job=JOBS.joinpath("backend_go_ruby.txt").read_text()).job
    met = {s.id: s for s in job.outside_role if s.met}
    assert {"go", "ruby"} <= set(met) and met["go"].strength == "used"
    assert "ledger service" in met["go"].cv_line


def test_the_score_counts_required_double_and_stays_in_range():
    for cv in ("web_developer.txt", "mid_level_mle.pdf", "student.pdf"):
        for posting in JOBS.iterdir():
            job = match(cv, posting.name)
            assert 0.0 <= job.score <= 1.0
            assert job.required_met == sum(s.met for s in job.required)
            weight = len(job.required) + 0.5 * len(job.nice_to_have)
            credit = sum(s.credit for s in job.required) + 0.5 * sum(
                s.credit for s in job.nice_to_have
            )
            assert job.score == pytest.approx(credit / weight)


def test_the_right_candidate_scores_higher_for_each_posting():
    ml = "ml_platform_engineer.md"
    assert match("mid_level_mle.pdf", ml).score > match("web_developer.txt", ml).score
    backend = "backend_go_ruby.txt"
    assert match("web_developer.txt", backend).required_met >= 4
    ds = "data_scientist_no_headings.txt"
    assert match("analyst_to_ml.docx", ds).score > match("web_developer.txt", ds).score


@pytest.mark.parametrize(
    ("line", "required"),
    [
        ("Python is a must.", True),
        ("Strong PyTorch skills.", True),
        ("Kafka is a plus.", False),
        ("Ideally some Terraform.", False),
        ("Docker preferred.", False),
        ("Experience with Airflow would be great.", False),
        ("Bonus: MLflow", False),
        ("You will use Docker every day.", True),  # no cue: required by default
    ],
)
def test_sentence_cues(line, required):
    job = analyse_text("EXPERIENCE\nEngineer, Acme  2020 - 2022\n", today=TODAY, job=line).job
    found = [*job.required, *job.nice_to_have]  # PyTorch brings the Python it implies
    assert any(s.name.split()[-1].lower() in line.lower() for s in found), found
    assert all(s.required is required for s in found)


def test_one_clause_decides_not_the_whole_line():
    job = analyse_text("x", today=TODAY, job="Strong Python; experience with Kafka is a plus.").job
    required, nice = asked(job)
    assert "python" in required and "kafka" in nice


def test_a_plain_string_is_posting_text_and_a_path_is_a_file():
    text = (JOBS / "backend_go_ruby.txt").read_text(encoding="utf-8")
    assert read_posting(text).text.startswith("SENIOR BACKEND")
    assert read_posting(JOBS / "backend_go_ruby.txt").source.endswith("backend_go_ruby.txt")
    assert analyse_text("x", today=TODAY).job is None


def test_cli_job_option_adds_the_match_to_json_and_table(capsys):
    args = [str(SAMPLES / "mid_level_mle.pdf"), "--today", "2026-11-27"]
    assert (
        main(["analyze", *args, "--job", str(JOBS / "ml_platform_engineer.md"), "--format", "json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["job"]["required_met"] >= 8 and 0 <= data["job"]["score"] <= 1
    assert main(["analyze", *args, "--job", str(JOBS / "ml_platform_engineer.md")]) == 0
    assert "Job match:" in capsys.readouterr().out
