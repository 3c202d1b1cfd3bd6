"""The career timeline: roles, their kinds and blocks, and months without double counting."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from skillgap.dates import DateRange, YearMonth
from skillgap.experience import Role, Timeline, build_timeline, union_months
from skillgap.models import Document, Section

TODAY = date(2024, 6, 15)


def make_document(*parts: tuple[str, str]) -> Document:
    """A Document from (section name, body) pairs; each gets a heading line."""
    text, sections = "", []
    for name, body in parts:
        heading = name.upper() if name != "other" else ""
        if heading:
            text += heading + "\n"
        start = len(text)
        text += body.strip("\n") + "\n\n"
        sections.append(Section(name, heading, start, len(text)))
    return Document(source="<text>", format="txt", text=text, sections=tuple(sections))


def timeline(*parts: tuple[str, str], today: date = TODAY) -> Timeline:
    return build_timeline(make_document(*parts), today=today)


def block(document: Document, role: Role) -> str:
    return document.text[role.start : role.end]


EXPERIENCE = """
Senior Data Scientist, Acme Corp | Jan 2021 – Present
- Built churn models in PyTorch.
- Led the Mar 2022 – Jun 2022 migration to Spark.

Data Analyst
Beta Ltd, London
Jun 2018 – Dec 2020
- SQL and Tableau dashboards.

Software Engineering Intern, Gamma | Summer 2017
- Wrote unit tests in Java.
"""


def test_roles_titles_kinds_and_blocks() -> None:
    document = make_document(("experience", EXPERIENCE))
    result = build_timeline(document, today=TODAY)
    assert [(r.title, r.kind) for r in result.roles] == [
        ("Senior Data Scientist, Acme Corp", "full-time"),
        ("Beta Ltd, London", "full-time"),  # the line just above the dates
        ("Software Engineering Intern, Gamma", "internship"),
    ]
    first, second, third = (block(document, r) for r in result.roles)
    assert first.startswith("Senior Data Scientist") and "PyTorch" in first
    assert "Spark" in first and "SQL" not in first  # the bullet date is not a role
    assert second.startswith("Beta Ltd") and "Tableau" in second and "Java" not in second
    assert third.startswith("Software Engineering Intern") and "Java" in third
    assert result.roles[2].end == document.sections[0].end
    for role in result.roles:
        assert document.text[slice(*role.dates.span)] == role.dates.text


def test_internships_are_kept_apart() -> None:
    result = timeline(("experience", EXPERIENCE))
    # Jan 2021 – Jun 2024 (42) + Jun 2018 – Dec 2020 (31); Summer 2017 apart.
    assert (result.full_time_months, result.internship_months) == (73, 3)
    assert result.years == 6.1


def test_overlapping_full_time_roles_count_once() -> None:
    result = timeline(
        (
            "experience",
            "Engineer, Acme\nJan 2019 – Dec 2020\n\nConsultant, Beta\nJun 2020 – Jun 2021\n",
        )
    )
    assert [r.months for r in result.roles] == [24, 13]
    assert result.full_time_months == 30  # Jan 2019 – Jun 2021
    assert result.years == 2.5


def test_a_month_shared_by_two_roles_counts_once() -> None:
    result = timeline(("experience", "Acme Jan 2019 – Mar 2020\nBeta Mar 2020 – Present\n"))
    assert result.full_time_months == 15 + 52 - 1


def test_present_is_the_injected_today() -> None:
    parts = ("experience", "Engineer, Acme — Jan 2023 – Present\n")
    assert timeline(parts, today=date(2024, 6, 15)).full_time_months == 18
    assert timeline(parts, today=date(2023, 1, 2)).full_time_months == 1


def test_education_is_not_experience() -> None:
    result = timeline(
        ("experience", "Engineer, Acme | 2020 – 2021\n"),
        ("education", "B.Sc. Computer Science, Uni of Somewhere, 2016 – 2020\n"),
    )
    assert [r.kind for r in result.roles] == ["full-time", "education"]
    assert result.full_time_months == 24


def test_section_decides_projects_and_volunteering() -> None:
    result = timeline(
        ("experience", "Engineer, Acme | 2020 – 2021\n"),
        ("projects", "Movie recommender | Fall 2019\n"),
        ("volunteering", "Code club mentor | 2018 – Present\n"),
    )
    assert [r.kind for r in result.roles] == ["full-time", "project", "volunteering"]
    assert result.full_time_months == 24


def test_kind_words_on_the_heading_lines() -> None:
    result = timeline(
        (
            "experience",
            """
Graduate Trainee, Big Bank | Sep 2015 – Aug 2016
Co-op Student, Hydro | Jan 2015 – Apr 2015
Freelance Web Developer | 2016 – 2017
Barista (part-time), Cafe | 2012 – 2014
Volunteer tutor, Library | 2013 – 2014
Teaching Assistant, Uni of Somewhere | Sep 2013 – May 2014
Research Assistant, Lab | 2018 – 2019
""",
        ),
        ("education", "BSc Physics, Uni of Somewhere | 2011 – 2015\n"),
    )
    assert [r.kind for r in result.roles] == [
        "internship",
        "internship",
        "full-time",  # freelance is a job
        "part-time",
        "volunteering",
        "part-time",  # an assistant during studies
        "full-time",  # an assistant after them
        "education",
    ]


def test_kind_words_in_bullets_do_not_count() -> None:
    result = timeline(("experience", "Team Lead, Acme | 2019 – 2020\n- Mentored 4 interns.\n"))
    assert result.roles[0].kind == "full-time"


def test_no_experience_heading_reads_other_sections() -> None:
    result = timeline(
        ("other", "Jane Doe\nEngineer, Acme | Mar 2019 – Feb 2020\n- Python\n"),
        ("skills", "Python 3.10, since 2015\n"),
        ("certifications", "AWS Certified, May 2021\n"),
        ("education", "MSc Data Science | 2017 – 2018\n"),
    )
    assert [(r.kind, r.title) for r in result.roles] == [
        ("full-time", "Engineer, Acme"),
        ("education", "MSc Data Science"),
    ]
    assert result.full_time_months == 12


def test_no_sections_at_all() -> None:
    text = "Jane Doe\nData Engineer 2019 – 2020\nBachelor of Arts, 2014 – 2018\n"
    result = build_timeline(Document("<text>", "txt", text), today=TODAY)
    assert [r.kind for r in result.roles] == ["full-time", "education"]
    assert (result.roles[0].start, result.roles[-1].end) == (9, len(text))
    assert result.full_time_months == 24


def test_roles_written_as_bullets() -> None:
    result = timeline(
        ("experience", "• Engineer, Acme (2019 – 2020)\n• Analyst, Beta (2017 – 2018)")
    )
    assert [r.title for r in result.roles] == ["Engineer, Acme", "Analyst, Beta"]


def test_title_below_the_dates_when_none_above() -> None:
    document = make_document(
        ("experience", "Jan 2020 – Dec 2020\nML Engineer, Acme\n- PyTorch\n\n2019\n")
    )
    role = build_timeline(document, today=TODAY).roles[0]
    assert role.title == "ML Engineer, Acme"
    assert block(document, role).startswith("Jan 2020")


def test_markdown_italic_dates_with_heading_above() -> None:
    body = "### Staff Engineer — Quillmark\n*Jan 2019 – Dec 2021*\n\n- Ranking in PyTorch\n"
    result = timeline(("experience", body))
    assert result.roles[0].title == "Staff Engineer — Quillmark"
    assert result.full_time_months == 36


def test_titles_keep_their_own_brackets() -> None:
    result = timeline(
        ("experience", "Engineer, Acme (remote) | (2019 – 2020)\n"),
        ("education", "B.S. Computer Science Aug 2023 – May 2027 (expected)\n"),
    )
    assert [r.title for r in result.roles] == [
        "Engineer, Acme (remote)",
        "B.S. Computer Science (expected)",
    ]


def test_a_date_of_the_document_is_not_a_role() -> None:
    footer = "Casey Placeholder – Résumé – updated November 2023 – references on request"
    result = timeline(("experience", "Analyst, Acme | Jul 2022 – Present\n"), ("education", footer))
    assert [r.title for r in result.roles] == ["Analyst, Acme"]


def test_problems_are_reported_with_document_spans() -> None:
    document = make_document(
        ("experience", "Engineer, Acme | 13/2019 – 06/2020\nAnalyst | 2021 – 2019\n")
    )
    result = build_timeline(document, today=TODAY)
    assert [p.reason for p in result.problems] == ["month 13", "end before start"]
    for problem in result.problems:
        assert document.text[slice(*problem.span)] == problem.text
    assert result.roles == () and result.full_time_months == 0


def test_to_dict_is_json_ready() -> None:
    data = timeline(("experience", EXPERIENCE)).to_dict()
    assert json.loads(json.dumps(data))["years"] == 6.1
    assert data["roles"][0]["dates"]["start"] == "2021-01"


# --- the months: fast union against a slow, obviously correct one ---------------------


def slow_union(ranges: list[DateRange]) -> int:
    return len({m for r in ranges for m in range(r.start.ordinal, r.end.ordinal + 1)})


ROLE_WORDS = ["Engineer", "Software Intern", "Analyst", "Freelance Developer", "Data Intern"]
months = st.builds(YearMonth, st.integers(2000, 2024), st.integers(1, 12)).filter(
    lambda p: p <= YearMonth(2024, 6)
)
role_specs = st.lists(st.tuples(months, months, st.sampled_from(ROLE_WORDS)), max_size=8)


@given(role_specs)
def test_months_never_double_count(specs: list[tuple[YearMonth, YearMonth, str]]) -> None:
    lines = [
        f"{word}, Company {i} | {min(a, b).month:02d}/{min(a, b).year} – "
        f"{max(a, b).month:02d}/{max(a, b).year}\n- did things"
        for i, (a, b, word) in enumerate(specs)
    ]
    result = timeline(("experience", "\n".join(lines) or "Nothing yet"))
    assert len(result.roles) == len(specs)
    full_time = [r.dates for r in result.roles if r.kind == "full-time"]
    interns = [r.dates for r in result.roles if r.kind == "internship"]
    assert all(r.months >= 1 for r in result.roles)
    assert result.full_time_months == slow_union(full_time)
    assert result.internship_months == slow_union(interns)
    assert result.full_time_months <= sum(r.months for r in full_time)
    assert result.full_time_months >= max((r.months for r in full_time), default=0)
    starts = [r.start for r in result.roles]
    assert starts == sorted(starts)
    assert all(a.end == b.start for a, b in zip(result.roles, result.roles[1:], strict=False))


def test_union_of_nothing_is_zero() -> None:
    assert union_months([]) == 0
