"""Reports: Markdown and a self-contained HTML page, escaped, checked in headless Chromium."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest

from skillgap import analyse, analyse_text
from skillgap.cli import main
from skillgap.report import BAR_COLOUR, OVERALL_COLOUR, SECTIONS, chart_svg, to_html, to_markdown

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_resumes"
JOB = ROOT / "tests" / "data" / "jobs" / "ml_platform_engineer.md"
TODAY = date(2026, 11, 27)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

HOSTILE = """\
Eve <script>alert('cv')</script> Attacker
SKILLS
Python, Docker, <img src=x onerror=alert(1)>
EXPERIENCE
Engineer "><svg onload=alert(2)>, Acme    Jan 2020 - Dec 2022
- Built Docker images in Python [click](javascript:alert(3)) | pipe ![x](http://evil/x.png)
"""


@functools.cache
def mid():
    return analyse(SAMPLES / "mid_level_mle.pdf", today=TODAY, job=JOB)


def test_html_has_every_section_a_chart_and_no_script_or_external_asset():
    page = to_html(mid(), notes="Focus on SQL evidence first.")
    for heading in SECTIONS:
        assert f"<h2>{heading}</h2>" in page
    assert page.count("<svg") == 1 and f'fill="{BAR_COLOUR}"' in page
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page.split("</h2>", 1)[0])
    assert "<link" not in page and "@import" not in page
    assert "Focus on SQL evidence first." in page


def test_every_bit_of_cv_text_is_escaped():
    a = analyse_text(HOSTILE, today=TODAY, name='<b>cv"name</b>.txt')
    notes = "<iframe src=//evil></iframe>"
    page = to_html(a, notes=notes)
    for raw in ("<script>", "<img", "<svg onload", "<iframe", "<b>cv"):
        assert raw not in page
    assert "&lt;iframe" in page and "&lt;b&gt;cv&quot;name" in page
    md = to_markdown(a, notes=notes)
    for raw in ("<script>", "<img", "<svg", "<iframe"):
        assert raw not in md
    # links and images are escaped: "\[click\](javascript:...)" is plain text
    assert not re.search(r"(?<!\\)\]\(", md) and "\\!\\[x\\]" in md
    # a table cell cannot be split by a pipe from the CV
    evidence = [line for line in md.splitlines() if line.startswith("| Docker |")]
    assert evidence and evidence[0].count(" | ") == 4


def test_markdown_has_the_sections_scores_plan_and_job():
    md = to_markdown(mid(), notes="Call on Friday.")
    for heading in SECTIONS:
        assert f"## {heading}" in md
    assert f"**{mid().scores.overall:.0%}**" in md
    assert "### " in md and "Total: about" in md
    assert "required met" in md and "Call on Friday." in md


def test_the_chart_draws_one_bar_per_category_plus_overall():
    s = mid().scores
    svg = chart_svg(s.overall, s.categories)
    assert svg.count(f'fill="{BAR_COLOUR}"') == len(s.categories)
    assert svg.count(f'fill="{OVERALL_COLOUR}"') == 1


def test_cli_writes_markdown_and_html(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Practise the SQL story.", encoding="utf-8")
    args = ["analyze", str(SAMPLES / "student.pdf"), "--today", "2026-11-27", "--notes", str(notes)]
    assert main([*args, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Skill-gap report") and "Practise the SQL story." in out
    assert main([*args, "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert (
        main(
            [
                "analyze",
                str(SAMPLES / "student.pdf"),
                str(SAMPLES / "student.pdf"),
                "--format",
                "html",
            ]
        )
        == 2
    )
    assert "one FILE" in capsys.readouterr().err


def test_cli_json_keeps_the_stable_keys_and_adds_the_advice(capsys):
    assert (
        main(
            [
                "analyze",
                str(SAMPLES / "senior_mle.txt"),
                "--today",
                "2026-11-27",
                "--format",
                "json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:5] == ["source", "role", "document", "skills", "other_technologies"]
    assert {"profile", "scores", "gaps", "quick_wins", "plan", "job"} <= set(data)
    assert data["profile"]["level"] == "senior" and data["job"] is None
    assert data["scores"]["version"].startswith("skillgap-scores/")


def test_cli_rejects_a_bad_date_and_an_unknown_level(capsys):
    assert main(["analyze", str(SAMPLES / "senior_mle.txt"), "--today", "27/11/2026"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["analyze", str(SAMPLES / "senior_mle.txt"), "--target-level", "wizard"]) != 0
    assert "junior" in capsys.readouterr().err  # the valid levels are listed


def test_table_shows_level_and_overall(capsys):
    assert main(["analyze", str(SAMPLES / "senior_mle.txt"), "--today", "2026-11-27"]) == 0
    out = capsys.readouterr().out
    assert "Level: Senior ML Engineer" in out and "Overall:" in out and "Top gaps:" in out


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)"
)
def test_html_report_renders_in_headless_chromium(tmp_path):
    from PIL import Image

    page = tmp_path / "report.html"
    page.write_text(to_html(mid(), notes="Coach notes here."), encoding="utf-8")
    png = tmp_path / "report.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run",
             f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1200,2400",
             page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    image = Image.open(png).convert("RGB")
    assert image.size == (1200, 2400)

    def box(colour: str) -> tuple[int, int, int, int] | None:
        want = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        pixels = image.load()
        found = [
            (x, y)
            for y in range(0, image.height, 2)
            for x in range(0, image.width, 2)
            if all(abs(a - b) <= 6 for a, b in zip(pixels[x, y], want, strict=True))
        ]
        if not found:
            return None
        xs, ys = [p[0] for p in found], [p[1] for p in found]
        return min(xs), min(ys), max(xs), max(ys)

    bars = box(BAR_COLOUR)
    overall = box(OVERALL_COLOUR)
    assert bars is not None and overall is not None, "the chart's bars are not on the page"
    # the category bars sit under the overall bar, form a block of 7 rows, in the top half
    assert overall[1] < bars[1]
    assert bars[2] - bars[0] > 200 and bars[3] - bars[1] > 150
    assert bars[3] < image.height // 2
