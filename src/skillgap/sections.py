"""Find the section headings of a résumé and split its text into sections.

A heading is a short line whose words, once normalised ("W O R K  E X P E R I E N C E",
"## Experience", "Technical Skills:", "Skills & Tools"), are a known heading
or a heading noun with only modifier words around it. "Experience in building
pipelines" is not a heading: "building" and "pipelines" are not modifiers.
"""

from __future__ import annotations

import re

from skillgap.models import Section

# Exact headings first: they settle the combinations the noun rule would get wrong.
_EXACT = {
    "summary of qualifications": "summary",
    "qualifications summary": "summary",
    "summary of skills": "skills",
    "skills summary": "skills",
    "programming languages": "skills",
    "computer languages": "skills",
    "languages and tools": "skills",
    "languages and technologies": "skills",
    "volunteer experience": "volunteering",
    "volunteer work": "volunteering",
    "research": "experience",
    "research experience": "experience",
    "teaching experience": "experience",
    "leadership experience": "experience",
    "educational qualifications": "education",
    "educational qualification": "education",
    "academic qualifications": "education",
    "academic qualification": "education",
    "academic background": "education",
    "personal details": "contact",
    "personal information": "contact",
    "personal info": "contact",
    "about me": "summary",
    "what i do": "summary",
    "company details": "experience",
}

# Heading nouns and the section each names.
_NOUNS = {
    "summary": "summary",
    "profile": "summary",
    "objective": "summary",
    "objectives": "summary",
    "overview": "summary",
    "about": "summary",
    "introduction": "summary",
    "skills": "skills",
    "skill": "skills",
    "competencies": "skills",
    "competences": "skills",
    "expertise": "skills",
    "technologies": "skills",
    "toolbox": "skills",
    "stack": "skills",
    "highlights": "skills",
    "qualifications": "skills",
    "strengths": "skills",
    "experience": "experience",
    "experiences": "experience",
    "employment": "experience",
    "history": "experience",
    "internships": "experience",
    "internship": "experience",
    "positions": "experience",
    "projects": "projects",
    "project": "projects",
    "portfolio": "projects",
    "education": "education",
    "academics": "education",
    "studies": "education",
    "certifications": "certifications",
    "certification": "certifications",
    "certificates": "certifications",
    "licenses": "certifications",
    "licences": "certifications",
    "accreditations": "certifications",
    "courses": "courses",
    "coursework": "courses",
    "training": "courses",
    "trainings": "courses",
    "publications": "publications",
    "papers": "publications",
    "patents": "publications",
    "presentations": "publications",
    "talks": "publications",
    "awards": "awards",
    "honors": "awards",
    "honours": "awards",
    "achievements": "awards",
    "accomplishments": "awards",
    "scholarships": "awards",
    "languages": "languages",
    "language": "languages",
    "interests": "interests",
    "hobbies": "interests",
    "activities": "interests",
    "volunteering": "volunteering",
    "volunteer": "volunteering",
    "references": "references",
    "referees": "references",
    "contact": "contact",
    "links": "contact",
}

# Words that may stand beside a heading noun without making the line prose.
_MODIFIERS = frozenset(
    """
    a and of my other additional key core main technical professional relevant
    selected personal academic work working career employment related recent
    soft hard it computer software tools tool technology technologies digital
    details detail information info areas area skills skill summary profile
    experience projects education courses training honors honours awards
    certifications licenses certificates languages interests extracurricular
    community volunteer leadership research teaching industry side open source
    notable major graduate undergraduate university online continuing
    programming or with list
    """.split()  # noqa: SIM905
)

_MAX_HEADING_CHARS = 60
_MAX_HEADING_WORDS = 6
_NON_WORD = re.compile(r"[^a-z ]+")
_LINE = re.compile(r"[^\n]*\n?")
_CONTACT_HINT = re.compile(
    r"@|https?://|www\.|linkedin|github|\+?\d[\d ().-]{7,20}\d", re.IGNORECASE
)


# The first word a heading can start with: checked before the full analysis of
# a line, which most lines of a résumé (prose, bullets) would fail anyway.
_FIRST_WORDS = (
    frozenset(_NOUNS)
    | _MODIFIERS
    | frozenset(key.split()[0] for key in _EXACT)
    | frozenset(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"])
)
_FIRST_WORD = re.compile(r"[A-Za-z]+")


def _may_be_heading(text: str) -> bool:
    first = _FIRST_WORD.search(text)
    if first is None:
        return False
    word = first.group().lower()
    return len(word) == 1 or word in _FIRST_WORDS


def heading_name(line: str) -> tuple[str, int] | None:
    """(section name, length of the heading part) if ``line`` is a heading.

    The length is the whole line, or the part up to and including the colon of
    an inline heading ("Skills: Python, SQL").
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 300 or stripped.startswith("- "):
        return None
    if not _may_be_heading(stripped):
        return None
    head, sep, rest = stripped.partition(":")
    if sep and rest.strip():
        name = _name_of(head) if len(head) <= _MAX_HEADING_CHARS else None
        if name is None:
            return None
        return name, line.index(":") + 1
    if len(stripped) > _MAX_HEADING_CHARS or stripped.endswith((".", ",", ";")):
        return None
    name = _name_of(stripped.rstrip(":"))
    return (name, len(line)) if name else None


def _name_of(text: str) -> str | None:
    words = _words(text)
    if not words or len(words) > _MAX_HEADING_WORDS:
        return None
    key = " ".join(words)
    if key in _EXACT:
        return _EXACT[key]
    if not all(w in _NOUNS or w in _MODIFIERS for w in words):
        return None
    return next((_NOUNS[w] for w in words if w in _NOUNS), None)


def _words(text: str) -> list[str]:
    text = text.strip().lstrip("#").strip().strip("*_=").strip()
    text = re.sub(r"^(?:\d{1,2}|[ivx]{1,4})[.)]\s+", "", text, flags=re.IGNORECASE)
    text = _unspace(text)
    text = text.lower().replace("&", " and ").replace("+", " and ")
    return _NON_WORD.sub(" ", text).split()


def _unspace(text: str) -> str:
    """ "W O R K  E X P E R I E N C E" -> "WORK EXPERIENCE"."""
    tokens = text.split(" ")
    letters = [t for t in tokens if t]
    if len(letters) < 4 or sum(len(t) == 1 for t in letters) < 0.8 * len(letters):
        return text
    words = re.split(r" {2,}|\t", text)
    return " ".join(w.replace(" ", "") for w in words)


def find_sections(text: str) -> tuple[Section, ...]:
    """Sections covering ``text``; headings lie between them. Offsets index ``text``."""
    found: list[tuple[str, str, int, int]] = []  # name, heading, line start, content start
    offset = 0
    for match in _LINE.finditer(text):
        line = match.group()
        if not line:
            break
        hit = heading_name(line.rstrip("\n"))
        if hit is not None and not _is_sub_label(hit, line, found):
            name, length = hit
            content = offset + length
            while content < offset + len(line) and text[content] in " \t":
                content += 1
            heading = line[:length].strip().rstrip(":").strip()
            found.append((name, heading, offset, min(content + (line[length:] == "\n"), len(text))))
        offset += len(line)
    return _spans(text, found)


def _is_sub_label(hit: tuple[str, int], line: str, found: list[tuple[str, str, int, int]]) -> bool:
    """ "Languages: Python, SQL" inside a skills section lists programming languages."""
    name, length = hit
    inline = length < len(line.rstrip("\n"))
    return inline and name == "languages" and bool(found) and found[-1][0] == "skills"


def _spans(text: str, found: list[tuple[str, str, int, int]]) -> tuple[Section, ...]:
    sections: list[Section] = []
    first_heading = found[0][2] if found else len(text)
    if first_heading > 0 and text[:first_heading].strip():
        top = text[:first_heading]
        name = "contact" if found and _CONTACT_HINT.search(top) else "other"
        sections.append(Section(name, "", 0, first_heading))
    for index, (name, heading, _line_start, start) in enumerate(found):
        end = found[index + 1][2] if index + 1 < len(found) else len(text)
        sections.append(Section(name, heading, start, max(start, end)))
    return tuple(sections)
