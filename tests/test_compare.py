"""Comparing two versions of a résumé."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from skillgap import analyse_text
from skillgap.cli import main
from skillgap.compare import compare, format_comparison

SAMPLES = Path(__file__).resolve().parents[1] / "sample_resumes"
TODAY = date(2026, 11, 27)
OLD = (SAMPLES / "senior_mle.txt").read_text(encoding="utf-8")
# The new version: Terraform dropped; PostgreSQL and PyTorch added in a role.
NEW = OLD.replace(
    "Infra:        Terraform, Docker, GitLab CI", "Infra:        Docker, GitLab CI"
).replace(
    "  * Infrastructure as code with Terraform across 3 GCP projects; GKE autoscaling\n"
    "    saves about $210k a year.\n",
    "  * Trained PyTorch ranking models on features stored in PostgreSQL.\n",
)


def test_skills_gained_and_lost_and_scores_before_and_after():
    old = analyse_text(OLD, today=TODAY, target_level="senior")
    new = analyse_text(NEW, today=TODAY, target_level="senior")
    result = compare(old, new)
    assert {c.id for c in result.gained} == {"pytorch", "postgresql"}
    assert {c.id for c in result.lost} == {"terraform"}
    assert (
        result.overall.before == old.scores.overall and result.overall.after == new.scores.overall
    )
    frameworks = next(c for c in result.categories if c.id == "ml_frameworks")
    assert frameworks.after > frameworks.before and frameworks.delta > 0
    databases = next(c for c in result.categories if c.id == "databases_storage")
    assert databases.before == 0 and databases.after > 0
    text = format_comparison(result)
    assert "Skills gained:   PyTorch, PostgreSQL" in text and "Skills lost:     Terraform" in text


def test_comparing_a_résumé_with_itself_changes_nothing():
    a = analyse_text(OLD, today=TODAY)
    result = compare(a, a)
    assert not (result.gained or result.lost or result.stronger or result.weaker)
    assert all(c.delta == 0 for c in result.categories) and result.overall.delta == 0


def test_stronger_evidence_is_reported():
    old = analyse_text("SKILLS\nPython, Docker\n", today=TODAY)
    new = analyse_text(
        "SKILLS\nPython, Docker\n"
        "EXPERIENCE\nEngineer, Acme  2020 - 2022\n- Shipped Docker images.\n",
        today=TODAY,
    )
    result = compare(old, new)
    assert [(c.id, c.before, c.after) for c in result.stronger] == [("docker", "listed", "used")]


def test_cli_compare_table_and_json(capsys, tmp_path):
    (tmp_path / "old.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.txt").write_text(NEW, encoding="utf-8")
    args = [
        "compare",
        str(tmp_path / "old.txt"),
        str(tmp_path / "new.txt"),
        "--today",
        "2026-11-27",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Skills gained:" in out and "Overall" in out
    assert main([*args, "--format", "json", "--target-level", "senior"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {c["id"] for c in data["gained"]} == {"pytorch", "postgresql"}
    assert data["overall"]["delta"] == round(
        data["overall"]["after"] - data["overall"]["before"], 3
    )
