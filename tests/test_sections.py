"""Section headings: the usual spellings, cases and layouts, and lines that are not headings."""

from __future__ import annotations

import pytest

from skillgap.models import SECTION_NAMES
from skillgap.sections import find_sections, heading_name


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("SKILLS", "skills"),
        ("Skills", "skills"),
        ("skills", "skills"),
        ("Technical Skills:", "skills"),
        ("TECHNICAL SKILLS", "skills"),
        ("Skills & Tools", "skills"),
        ("Core Competencies", "skills"),
        ("Programming Languages", "skills"),
        ("Skill Details", "skills"),
        ("## Experience", "experience"),
        ("Work Experience", "experience"),
        ("W O R K  E X P E R I E N C E", "experience"),
        ("E X P E R I E N C E", "experience"),
        ("Professional Experience", "experience"),
        ("Employment History", "experience"),
        ("Work History", "experience"),
        ("Summary", "summary"),
        ("Professional Summary", "summary"),
        ("PROFILE", "summary"),
        ("Career Objective", "summary"),
        ("About Me", "summary"),
        ("Projects", "projects"),
        ("Personal Projects", "projects"),
        ("EDUCATION", "education"),
        ("Education Details", "education"),
        ("Academic Qualifications", "education"),
        ("Certifications", "certifications"),
        ("Licenses & Certifications", "certifications"),
        ("Relevant Coursework", "courses"),
        ("Courses", "courses"),
        ("Publications", "publications"),
        ("Awards", "awards"),
        ("Honors & Awards", "awards"),
        ("Languages", "languages"),
        ("Interests", "interests"),
        ("Hobbies", "interests"),
        ("Volunteer Experience", "volunteering"),
        ("Volunteering", "volunteering"),
        ("References", "references"),
        ("Contact", "contact"),
        ("Contact Information", "contact"),
        ("1. Education", "education"),
        ("**Skills**", "skills"),
    ],
)
def test_headings(line: str, name: str) -> None:
    hit = heading_name(line)
    assert hit is not None and hit[0] == name
    assert name in SECTION_NAMES


@pytest.mark.parametrize(
    "line",
    [
        "Experience in building pipelines",
        "Experience with Python and SQL in production systems.",
        "Led the skills assessment programme",
        "- Skills",
        "Python, SQL, Docker",
        "I have strong communication skills.",
        "Email: jane@example.com",
        "Education is important to me and I value it greatly in every team I join",
        "",
    ],
)
def test_not_headings(line: str) -> None:
    assert heading_name(line) is None


@pytest.mark.parametrize(
    ("line", "name", "heading_part"),
    [
        ("Skills: Python, SQL", "skills", "Skills:"),
        ("TECHNICAL SKILLS: Python", "skills", "TECHNICAL SKILLS:"),
        ("Languages: English, French", "languages", "Languages:"),
    ],
)
def test_inline_headings(line: str, name: str, heading_part: str) -> None:
    assert heading_name(line) == (name, len(heading_part))


def _layout(text: str) -> list[tuple[str, str, str]]:
    return [(s.name, s.heading, text[s.start : s.end]) for s in find_sections(text)]


def test_sections_cover_the_text_between_headings() -> None:
    text = "Jane Roe\njane@example.com\nSKILLS\nPython\nExperience\nAcme 2020\n"
    assert _layout(text) == [
        ("contact", "", "Jane Roe\njane@example.com\n"),
        ("skills", "SKILLS", "Python\n"),
        ("experience", "Experience", "Acme 2020\n"),
    ]


def test_top_block_without_contact_details_is_other() -> None:
    assert _layout("Jane Roe\nSkills\nPython")[0] == ("other", "", "Jane Roe\n")


def test_no_headings_is_one_other_section() -> None:
    text = "Python developer with SQL"
    assert _layout(text) == [("other", "", text)]


def test_inline_heading_section_starts_after_colon() -> None:
    text = "Jane\nSkills: Python, SQL\nEducation: BSc Physics"
    assert _layout(text)[1:] == [
        ("skills", "Skills", "Python, SQL\n"),
        ("education", "Education", "BSc Physics"),
    ]


def test_languages_label_inside_skills_stays_in_skills() -> None:
    text = "SKILLS\nLanguages: Python, SQL\nML: PyTorch\nEDUCATION\nBSc"
    assert [name for name, _h, _t in _layout(text)] == ["skills", "education"]


def test_letter_spaced_heading_in_a_document() -> None:
    text = "Jane\nW O R K  E X P E R I E N C E\nAcme\n"
    assert _layout(text)[1] == ("experience", "W O R K  E X P E R I E N C E", "Acme\n")


def test_offsets_are_ordered_and_in_range() -> None:
    text = "A\nSkills\nx\nEducation\ny\nProjects\n"
    sections = find_sections(text)
    for before, after in zip(sections, sections[1:], strict=False):
        assert before.end <= after.start
    assert all(0 <= s.start <= s.end <= len(text) for s in sections)
    assert sections[-1].end == len(text)
