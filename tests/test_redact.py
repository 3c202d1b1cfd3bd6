"""Blind screening: what identifies a person is removed, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillgap.redact import find_name, redact, redactor_for


@pytest.mark.parametrize(
    ("text", "gone", "placeholder"),
    [
        ("Mail jane.doe+cv@example.co.uk today", "jane.doe+cv@example.co.uk", "[email]"),
        ("Call +44 20 7946 0958", "7946 0958", "[phone]"),
        ("Call (555) 123-4567", "123-4567", "[phone]"),
        ("tel 555.123.4567", "555.123.4567", "[phone]"),
        ("mobile 07700 900123", "07700 900123", "[phone]"),
        ("See https://github.com/janedoe/ml", "github.com/janedoe", "[url]"),
        ("See www.janedoe.dev for more", "www.janedoe.dev", "[url]"),
        ("linkedin.com/in/jane-doe", "jane-doe", "[url]"),
        ("Lives at 221B Baker Street, London", "Baker Street", "[address]"),
        ("1600 Amphitheatre Parkway, Mountain View", "Amphitheatre", "[address]"),
        ("London NW1 6XE", "NW1 6XE", "[postcode]"),
        ("Mountain View, CA 94043", "94043", "[postcode]"),
    ],
)
def test_personal_details_are_removed(text: str, gone: str, placeholder: str) -> None:
    out = redact(text)
    assert gone not in out
    assert placeholder in out


@pytest.mark.parametrize(
    "text",
    [
        "Machine learning engineer, 2019 - 2023",
        "2015-2019 2019-2023",
        "Served 10000 users with Node.js and ASP.NET",
        "Python 3.11, C++, CI/CD, scikit-learn",
        "Reduced latency by 35% across 12 services",
        "Jan 2020 – Present",
    ],
)
def test_ordinary_resume_text_survives(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("first_line", "name"),
    [
        ("Jane Doe", "Jane Doe"),
        ("JANE DOE", "JANE DOE"),
        ("Maria de la Cruz", "Maria de la Cruz"),
        ("Ada Lovelace, PhD", "Ada Lovelace"),
        ("Jean-Luc O'Neil", "Jean-Luc O'Neil"),
        ("Machine Learning Engineer", None),  # a title, not a name
        ("Curriculum Vitae", None),
        ("SKILLS", None),  # one word
        ("jane doe", None),  # not capitalised
        ("Built ML systems at scale for five years", None),  # a sentence
    ],
)
def test_name_is_the_first_line_when_it_looks_like_one(first_line: str, name: str | None) -> None:
    assert find_name(f"\n\n  {first_line}\nML Engineer\n") == name


def test_name_is_removed_everywhere_in_any_case_and_in_file_names() -> None:
    text = "Jane Doe\nML Engineer\nJane led the Doe-family project; JANE wrote it."
    clean = redactor_for(text)
    out = clean(text)
    assert "jane" not in out.lower() and "doe" not in out.lower()
    assert out.startswith("[name]\nML Engineer")
    assert clean("cvs/jane_doe_cv.pdf") == "cvs/[name]_[name]_cv.pdf"
    assert clean("Janet Doerr") == "Janet Doerr"  # whole words only


def test_no_name_when_the_first_line_is_a_title() -> None:
    text = "Senior Data Scientist\nPython, SQL"
    assert redact(text) == text


@given(
    user=st.from_regex(r"[a-z][a-z0-9._]{0,12}[a-z0-9]", fullmatch=True),
    domain=st.from_regex(r"[a-z]{2,10}\.(com|org|io|co\.uk)", fullmatch=True),
    before=st.sampled_from(["", "Contact: ", "e-mail "]),
)
def test_generated_emails_never_survive(user: str, domain: str, before: str) -> None:
    email = f"{user}@{domain}"
    assert email not in redact(f"{before}{email} | Python")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_redaction_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
