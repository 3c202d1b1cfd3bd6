"""End to end on sample_resumes/: every format, every skill a careful reader lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skillgap import analyse

SAMPLES = Path(__file__).resolve().parents[1] / "sample_resumes"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["files"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_resume_shows_exactly_the_expected_skills(name):
    analysis = analyse(SAMPLES / name)
    found = {s.id for s in analysis.extraction.skills}
    assert found == set(EXPECTED[name]["skills"])
    for skill in analysis.extraction.skills:
        assert skill.mentions, skill.id
        for m in skill.mentions:
            assert m.sentence and 0 <= m.start < m.end <= len(analysis.document.text)


def test_samples_cover_every_format_and_a_two_column_pdf():
    formats = {analyse(SAMPLES / name).document.format for name in EXPECTED}
    assert formats == {"pdf", "docx", "txt", "md"}


def test_two_column_pdf_keeps_its_columns_apart():
    document = analyse(SAMPLES / "mid_level_mle.pdf").document
    names = [s.name for s in document.sections]
    # The narrow left column (skills, education) is read whole before the wide
    # right column (experience, projects): never interleaved.
    assert names.index("skills") < names.index("experience")
    assert names.index("education") < names.index("experience")
    assert names.count("experience") == 1 and names.count("skills") == 1
