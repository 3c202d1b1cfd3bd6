"""The CLI is a thin, documented shell: formats, exit codes, help with examples."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from skillgap.cli import build_parser, main
from skillgap.errors import EXIT_CODES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_resumes" / "senior_mle.txt"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_for_one_input_is_one_object_with_skills_and_evidence(capsys):
    code, out, _ = run(capsys, "analyze", str(SAMPLE), "--format", "json")
    assert code == 0
    obj = json.loads(out)
    assert obj["source"] == str(SAMPLE)
    ids = {s["id"] for s in obj["skills"]}
    assert {"python", "spark", "kafka", "gcp"} <= ids
    for skill in obj["skills"]:
        assert {"id", "name", "category", "evidence"} <= set(skill)
        assert skill["evidence"] and skill["evidence"][0]["sentence"]


def test_jsonl_keeps_input_order_and_goes_on_after_a_bad_file(capsys, tmp_path):
    bad = tmp_path / "photo.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    code, out, err = run(capsys, "analyze", str(bad), str(SAMPLE), "--format", "jsonl")
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["source"] == str(bad) and first["error"]["code"] == "unsupported-type"
    assert str(bad) in first["error"]["message"]
    assert second["source"] == str(SAMPLE) and second["skills"]
    assert code == EXIT_CODES["unsupported-type"]
    assert err.count("\n") == 1 and "photo.pdf" in err  # one line, naming the file


@pytest.mark.parametrize(
    ("setup", "code_name"),
    [
        (lambda p: None, "not-found"),
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n%%garbage"), "corrupt"),
        (lambda p: p.mkdir(), "not-a-regular-file"),
    ],
)
def test_each_failure_has_its_documented_exit_code(capsys, tmp_path, setup, code_name):
    path = tmp_path / "cv.pdf"
    setup(path)
    code, _, err = run(capsys, "analyze", str(path))
    assert code == EXIT_CODES[code_name]
    assert str(path) in err and len(err.strip().splitlines()) == 1


def test_unknown_role_names_the_valid_roles(capsys):
    code, _, err = run(capsys, "analyze", str(SAMPLE), "--role", "astronaut")
    assert code == EXIT_CODES["unknown-role"]
    assert "ml_engineer" in err


def test_table_is_for_people(capsys):
    code, out, _ = run(capsys, "analyze", str(SAMPLE))
    assert code == 0
    assert "Machine Learning Engineer" in out and "Evidence:" in out and "Apache Spark" in out


def test_eval_prints_micro_and_per_skill_figures_and_errors(capsys, tmp_path):
    labels = tmp_path / "labels.jsonl"
    items = [
        {"id": "a", "text": "Python and Docker on AWS.", "skills": ["python", "docker", "aws"]},
        {"id": "b", "text": "Led the R&D team.", "skills": ["r"]},
    ]
    labels.write_text("\n".join(json.dumps(i) for i in items), encoding="utf-8")
    code, out, _ = run(capsys, "eval", str(labels), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["micro"] == {
        "tp": 3, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.75, "f1": 0.8571,
    }  # fmt: skip
    assert report["per_skill"]["r"]["fn"] == 1
    assert any(e["item"] == "b" and e["kind"] == "fn" for e in report["errors"])


def _subcommands():
    parser = build_parser()
    (action,) = [a for a in parser._actions if a.dest == "command"]
    return action.choices


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_command_has_help_with_an_example(name):
    sub = _subcommands()[name]
    assert sub.description
    assert re.search(r"(?i)examples?:\s+skillgap ", sub.epilog or ""), sub.epilog


def test_console_script_runs_as_installed():
    bin_dir = Path(sys.executable).parent
    done = subprocess.run(
        [str(bin_dir / "skillgap"), "analyze", str(SAMPLE), "--format", "json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["skills"]


def test_limits_come_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("SKILLGAP_MAX_FILE_BYTES", "100")
    code, _, err = run(capsys, "analyze", str(SAMPLE))
    assert code == EXIT_CODES["too-large"]
    assert "over the limit of 100 bytes" in err
