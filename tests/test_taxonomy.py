"""Roles are data: the default role, validation errors, a second role, packaging."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from skillgap.errors import TaxonomyError, UnknownRole
from skillgap.extract import Extractor
from skillgap.models import Document
from skillgap.taxonomy import available_roles, load_role

ROOT = Path(__file__).resolve().parents[1]

# The 40 evaluated ids of shared/eval/SKILLS.md, by category.
EVALUATED = {
    "languages": ["python", "r", "sql", "java", "scala", "javascript"],
    "ml_frameworks": [
        "tensorflow", "keras", "pytorch", "scikit-learn", "xgboost", "lightgbm",
        "hugging-face-transformers",
    ],
    "data_processing": ["pandas", "numpy", "spark", "dask", "kafka", "etl"],
    "cloud_infrastructure": [
        "aws", "azure", "gcp", "docker", "kubernetes", "airflow", "mlflow", "terraform",
    ],
    "databases_storage": [
        "postgresql", "mysql", "mongodb", "nosql", "redis", "s3", "hdfs", "vector-database",
    ],
    "devops_mlops": [
        "git", "ci-cd", "model-versioning", "monitoring-logging", "ab-testing",
    ],
}  # fmt: skip


def test_default_role_has_the_six_categories_and_the_40_evaluated_skills():
    role = load_role()
    assert [c.id for c in role.categories] == list(EVALUATED)
    for category, ids in EVALUATED.items():
        assert sorted(s.id for s in role.skills_in(category)) == sorted(ids)


def test_default_role_carries_the_guides_ladder_competencies_and_courses():
    role = load_role("ml_engineer")
    assert [(lv.id, lv.min_years, lv.max_years) for lv in role.levels] == [
        ("junior", 0, 2), ("mid", 2, 4), ("senior", 4, 7), ("principal", 7, None),
    ]  # fmt: skip
    kinds = {c.kind for c in role.competencies}
    assert kinds == {"responsibility", "domain", "emerging"}
    domains = {c.id for c in role.competencies if c.kind == "domain"}
    assert {"deep-learning", "nlp", "computer-vision", "reinforcement-learning"} <= domains
    assert [s.id for s in role.stages] == ["beginner", "intermediate", "advanced"]
    guide = {c.title for c in role.courses if c.source == "guide"}
    assert "Deep Learning Specialization" in guide
    assert "Practical Deep Learning for Coders" in guide


def test_implications_of_the_issue_hold():
    role = load_role()
    implied = {s.id: {a.term for a in s.implied_by} for s in role.skills}
    aliases = {s.id: {a.term for a in s.aliases} for s in role.skills}
    assert "mysql" in role.skill("sql").implied_by_skills
    assert "PySpark" in aliases["spark"] and "PySpark" in implied["python"]
    assert "EKS" in implied["aws"] and "EKS" in implied["kubernetes"]
    assert "tf.keras" in aliases["tensorflow"] and "tf.keras" in aliases["keras"]


def test_unknown_role_lists_the_valid_ones():
    with pytest.raises(UnknownRole) as err:
        load_role("astronaut")
    assert "ml_engineer" in str(err.value) and "data_engineer" in str(err.value)


def _write_role(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


MINIMAL = """\
    format: skillgap-role/1
    id: broken
    name: Broken
    categories:
      - {id: langs, name: Languages}
    skills:
      - {id: python, name: Python, category: langs, aliases: [Python]}
    contexts:
      context: {window: 4, cues: [language]}
"""


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        (("category: langs, aliases", "category: nope, aliases"), "skills[0].category", "unknown category 'nope'"),
        (("format: skillgap-role/1", "format: skillgap-role/9"), "format", "expected 'skillgap-role/1'"),
        (("aliases: [Python]}", "aliases: [Python], colour: red}"), "skills[0].colour", "unknown key"),
        (("aliases: [Python]}", "aliases: [{term: Py, needs: vibes}]}"), "needs", "unknown context 'vibes'"),
        (("aliases: [Python]}", "aliases: [Python], importance: 3}"), "skills[0].importance", "must be in (0, 1]"),
        (("id: broken\n", "id: [broken\n"), "YAML", "not valid YAML"),
    ],
)  # fmt: skip
def test_a_broken_role_file_names_the_file_and_the_key(tmp_path, change, key, reason):
    path = _write_role(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(TaxonomyError) as err:
        load_role(path)
    message = str(err.value)
    assert str(path) in message and reason in message
    if key != "YAML":
        assert key in message
    assert "\n" not in message


def test_a_second_role_works_with_no_code_change():
    assert {"ml_engineer", "data_engineer"} <= set(available_roles())
    role = load_role("data_engineer")
    extractor = Extractor(role).fit()
    text = "Built dbt models on Snowflake, orchestrated with Airflow; Spark jobs on S3 buckets."
    found = {s.id for s in extractor.extract(Document("de.txt", "txt", text)).skills}
    assert {"dbt", "snowflake", "airflow", "spark", "etl", "sql"} <= found
    assert "pytorch" not in role.skill_ids


def test_a_role_file_elsewhere_is_found_through_the_environment(tmp_path, monkeypatch):
    (tmp_path / "tiny.yaml").write_text(textwrap.dedent(MINIMAL).replace("id: broken", "id: tiny"))
    monkeypatch.setenv("SKILLGAP_TAXONOMY_PATH", str(tmp_path))
    assert "tiny" in available_roles()
    assert load_role("tiny").name == "Broken"


def test_the_wheel_ships_the_role_files(tmp_path):
    """A wheel holds only package files: the roles must travel inside it."""
    pytest.importorskip("hatchling")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "skillgap/roles/ml_engineer.yaml" in names
    assert "skillgap/roles/technologies.yaml" in names
    assert "skillgap/extract.py" in names


def test_a_role_may_use_the_shared_contexts_without_defining_them(tmp_path):
    body = MINIMAL.replace("aliases: [Python]}", "aliases: [{term: Spark, needs: data-context}]}")
    body = body.replace("    contexts:\n      context: {window: 4, cues: [language]}\n", "")
    path = _write_role(tmp_path, body)
    role = load_role(path)
    assert "data-context" in role.contexts and "context" in role.contexts
