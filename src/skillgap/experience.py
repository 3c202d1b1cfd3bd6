"""The career timeline: which roles a résumé lists, of what kind, and for how long.

    build_timeline(document, today=date(2024, 6, 1)) -> Timeline(roles, problems, ...)

A role is a date range in a role section (experience, projects, education,
volunteering). Its block runs from its heading line to the next role or the end of the
section, so later stages can give the skills mentioned in that block the role's dates.

Decisions:

* **Where roles come from.** With an experience section, only the four role sections
  are read. Without one, every section is read except those whose dates are issue or
  publication dates (certifications, courses, publications, awards, skills, ...).
* **Which dates are roles.** A date on a bullet line ("- Led the 2020 migration (Mar –
  Jun 2020)") belongs to the role above it. Only when a section has no date outside
  bullets (roles written as bullets) do bullet dates count.
* **Kind.** The section decides for projects, education and volunteering. Elsewhere the
  heading lines decide: intern/internship/trainee/co-op/apprentice -> internship;
  volunteer -> volunteering; part-time/working student -> part-time; a teaching or
  research assistant is part-time while it overlaps an education range ("during
  studies") and full-time otherwise. Freelance, contract and self-employed work counts
  as full-time: it is usually the person's main job, and when it runs beside a job the
  merged intervals keep it from being counted twice.
* **Months.** Full-time and internship months are each the size of the union of their
  intervals: two jobs at once count once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date
from itertools import islice
from typing import Any

from .dates import DateProblem, DateRange, find_date_ranges
from .models import Document

KINDS = ("full-time", "internship", "part-time", "education", "volunteering", "project")

_SECTION_KIND = {"projects": "project", "education": "education", "volunteering": "volunteering"}
ROLE_SECTIONS = ("experience", *_SECTION_KIND)
# Dates in these sections say when something was issued, not how long someone worked.
_NOT_ROLES = frozenset(
    {"contact", "skills", "certifications", "courses", "publications", "awards"}
    | {"languages", "interests", "references"}
)

# Unicode bullets may touch the text ("•Built"); ASCII ones need a space, so that
# Markdown italics ("*Jan 2022 – Present*") and negative numbers are not bullets.
_BULLET = re.compile(r"[ \t]*(?:[•◦▪▫●○■□►▸‣⁃∙·✓✔➢]|[-*+>–—][ \t])")
_INTERNSHIP = re.compile(
    r"\b(?:intern(?:ship)?s?|trainee(?:ship)?|co-?op|apprentice(?:ship)?)\b", re.IGNORECASE
)
_VOLUNTEER = re.compile(r"\bvolunteer(?:ing|ed)?\b", re.IGNORECASE)
_PART_TIME = re.compile(
    r"\b(?:part[- ]time|half[- ]time|working student|werkstudent|student assistant)\b",
    re.IGNORECASE,
)
_ASSISTANT = re.compile(r"\b(?:teaching|research|graduate)\s+assistant(?:ship)?\b", re.IGNORECASE)
# Only used where no heading says "education": a degree line outside an education section.
_DEGREE = re.compile(
    r"\b(?:bachelor'?s?|master'?s|masters|b\.?sc|m\.?sc|b\.?eng|m\.?eng|ph\.?d|mba|b\.?tech"
    r"|m\.?tech|degree|diploma)\b",
    re.IGNORECASE,
)
_TITLE_STRIP = " \t|,;:–—-•·#*_@"
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}")  # left by "(2016 - 2018)"
# "Résumé updated November 2026" (a docx footer read into the last section) dates the
# document, not a role.
_DOCUMENT_DATE = re.compile(r"\b(?:updated|revised|as of|printed|generated)\W*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Role:
    """One dated entry of the résumé and the block of text that belongs to it."""

    title: str  # the line that names the role (best effort)
    kind: str  # one of KINDS
    dates: DateRange  # span is in Document.text
    start: int  # the role's block in Document.text: heading line to next role
    end: int

    @property
    def months(self) -> int:
        return self.dates.months


@dataclass(frozen=True, slots=True)
class Timeline:
    roles: tuple[Role, ...]
    problems: tuple[DateProblem, ...]  # dates in role sections that could not be read
    full_time_months: int  # union of full-time intervals
    internship_months: int  # union of internship intervals

    @property
    def years(self) -> float:
        """Full-time years, one decimal."""
        return round(self.full_time_months / 12, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "roles": [
                {**asdict(r), "dates": r.dates.to_dict(), "months": r.months} for r in self.roles
            ],
            "problems": [p.to_dict() for p in self.problems],
            "full_time_months": self.full_time_months,
            "internship_months": self.internship_months,
            "years": self.years,
        }


@dataclass(frozen=True, slots=True)
class _Region:
    name: str  # section name
    start: int
    end: int


def build_timeline(document: Document, *, today: date) -> Timeline:
    """The roles of ``document``, with months counted up to ``today``."""
    roles: list[Role] = []
    problems: list[DateProblem] = []
    for region in _regions(document):
        found = _find(document.text, region, today)
        problems += [item for item in found if isinstance(item, DateProblem)]
        ranges = [item for item in found if isinstance(item, DateRange)]
        roles += _roles(document.text, region, _anchors(document.text, ranges))
    roles = _assistants_during_studies(roles)
    return Timeline(
        roles=tuple(roles),
        problems=tuple(problems),
        full_time_months=union_months(r.dates for r in roles if r.kind == "full-time"),
        internship_months=union_months(r.dates for r in roles if r.kind == "internship"),
    )


def union_months(ranges: Iterable[DateRange]) -> int:
    """How many distinct months an iterable of DateRanges covers (overlaps count once)."""
    total, current = 0, None
    for first, last in sorted((r.start.ordinal, r.end.ordinal) for r in ranges):
        if current is not None and first <= current[1]:
            current = (current[0], max(current[1], last))
            continue
        if current is not None:
            total += current[1] - current[0] + 1
        current = (first, last)
    return total + (current[1] - current[0] + 1 if current is not None else 0)


# --- where to look ------------------------------------------------------------------


def _regions(document: Document) -> list[_Region]:
    if not document.sections:
        return [_Region("other", 0, len(document.text))]
    has_experience = any(s.name == "experience" for s in document.sections)
    return [
        _Region(s.name, s.start, s.end)
        for s in sorted(document.sections, key=lambda s: s.start)
        if (s.name in ROLE_SECTIONS if has_experience else s.name not in _NOT_ROLES)
    ]


def _find(text: str, region: _Region, today: date) -> list[DateRange | DateProblem]:
    """Dates in one region, with spans moved into ``text``."""
    found = find_date_ranges(text[region.start : region.end], today=today)
    return [_moved(item, region.start) for item in found]


def _moved(item: DateRange | DateProblem, by: int) -> DateRange | DateProblem:
    """``item`` with its span moved by ``by`` (``dataclasses.replace``, but cheaper)."""
    span = (item.span[0] + by, item.span[1] + by)
    if isinstance(item, DateRange):
        return DateRange(item.start, item.end, item.ongoing, item.text, span, item.precision)
    return DateProblem(item.text, span, item.reason)


def _anchors(text: str, ranges: list[DateRange]) -> list[DateRange]:
    """The dates that head a role: those outside bullets, unless every date is in one."""
    ranges = [r for r in ranges if not _DOCUMENT_DATE.search(_line_before(text, r.span[0]))]
    heads = [r for r in ranges if not _BULLET.match(_line(text, r.span[0])[2])]
    return heads or ranges


# --- roles --------------------------------------------------------------------------


def _roles(text: str, region: _Region, anchors: list[DateRange]) -> list[Role]:
    heads: list[tuple[str, int, str]] = []  # title, block start, heading text
    previous_end = region.start
    for index, dates in enumerate(anchors):
        next_start = anchors[index + 1].span[0] if index + 1 < len(anchors) else region.end
        heads.append(_heading(text, region, dates, previous_end, next_start))
        previous_end = dates.span[1]
    roles = []
    for index, (dates, (title, start, heading)) in enumerate(zip(anchors, heads, strict=True)):
        end = heads[index + 1][1] if index + 1 < len(heads) else region.end
        roles.append(Role(title, _kind(region.name, heading), dates, start, max(start, end)))
    return roles


def _heading(
    text: str, region: _Region, dates: DateRange, previous_end: int, next_start: int
) -> tuple[str, int, str]:
    """The role's title, where its block starts, and the lines that may name its kind.

    The title is the text beside the dates; failing that the line just above (when no
    blank line or earlier role separates them), then the line just below.
    """
    line_start, line_end, line = _line(text, dates.span[0], region)
    block_start = max(line_start, previous_end)
    beside = _clean(text[block_start : dates.span[0]] + " " + text[dates.span[1] : line_end])
    if next(islice(filter(str.isalpha, beside), 1, None), None) is not None:  # 2 letters
        return beside, block_start, line
    above = _line(text, line_start - 1, region) if line_start > region.start else None
    if above and above[0] >= previous_end and _is_title(above[2]):
        return _clean(above[2]), above[0], above[2] + "\n" + line
    below = _line(text, line_end + 1, region) if line_end < region.end else None
    if below and below[1] <= next_start and _is_title(below[2]):
        return _clean(below[2]), block_start, line + "\n" + below[2]
    return beside, block_start, line


def _kind(section: str, heading: str) -> str:
    if section in _SECTION_KIND:
        return _SECTION_KIND[section]
    if section != "experience" and _DEGREE.search(heading):
        return "education"  # no education heading: "B.Sc. Physics, 2010 – 2014"
    for pattern, kind in (
        (_INTERNSHIP, "internship"),
        (_VOLUNTEER, "volunteering"),
        (_PART_TIME, "part-time"),
        (_ASSISTANT, "assistant"),  # settled by _assistants_during_studies
    ):
        if pattern.search(heading):
            return kind
    return "full-time"


def _assistants_during_studies(roles: list[Role]) -> list[Role]:
    studies = [r.dates for r in roles if r.kind == "education"]

    def during(dates: DateRange) -> bool:
        return any(s.start <= dates.end and dates.start <= s.end for s in studies)

    return [
        replace(role, kind="part-time" if during(role.dates) else "full-time")
        if role.kind == "assistant"
        else role
        for role in roles
    ]


# --- lines --------------------------------------------------------------------------


def _line(text: str, offset: int, region: _Region | None = None) -> tuple[int, int, str]:
    """Start, end and text of the line holding ``offset``, cut to ``region``."""
    low, high = (region.start, region.end) if region else (0, len(text))
    start = max(low, text.rfind("\n", low, offset) + 1)
    end = text.find("\n", offset, high)
    end = high if end == -1 else end
    return start, end, text[start:end]


def _line_before(text: str, offset: int, limit: int = 40) -> str:
    """Up to ``limit`` characters before ``offset`` on its line."""
    start = text.rfind("\n", max(0, offset - limit), offset) + 1
    return text[max(start, offset - limit) : offset]


def _is_title(line: str) -> bool:
    return bool(line.strip()) and not _BULLET.match(line)


def _clean(text: str) -> str:
    return _EMPTY_BRACKETS.sub("", " ".join(text.split())).strip(_TITLE_STRIP)
