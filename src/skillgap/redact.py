"""Remove what identifies a person from text, for blind screening.

    >>> redact("Jane Doe\\njane@example.com, +44 20 7946 0958\\nBuilt models at Acme")
    '[name]\\n[email], [phone]\\nBuilt models at Acme'

E-mail addresses, phone numbers, links, street addresses and postcodes are found
by pattern. The person's name is the first non-empty line of the document when
it looks like a name (two to four capitalised words, no job title); once known it
is removed everywhere, in any case, also inside file names (``jane_doe_cv.pdf``).
A redactor built from one document cleans every other string that belongs to it
(its file name, its evidence, its error messages)::

    clean = redactor_for(document_text)
    clean(source), clean(evidence)

Patterns err on the side of removing: a blind screen that leaks an e-mail is
worse than one that hides a street number.
"""

from __future__ import annotations

import re
from collections.abc import Callable

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)\S+"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|ai|co|uk|de|fr|nl|eu|info|app|page)"
    r"(?:/[^\s,;)]*)?(?![\w.])",
)
# A phone number: an optional +country code, then digit groups split by spaces,
# dots, dashes or brackets; validated below by its digit count.
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d ().\-–]{6,}\d(?![\w])")
STREET_WORDS = (
    "street|st|avenue|ave|road|rd|lane|ln|boulevard|blvd|drive|dr|way|court|ct|place|pl"
    "|square|sq|terrace|close|crescent|highway|hwy|parkway|pkwy|strasse|straße|rue|calle"
)
STREET = re.compile(
    rf"\b\d{{1,5}}[a-zA-Z]?,?\s+(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:{STREET_WORDS})\b\.?"
    r"(?:,?\s*(?:apt|suite|unit|flat)\.?\s*\w+)?",
    re.IGNORECASE,
)
POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"  # UK: SW1A 1AA
    r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"  # Canada: K1A 0B1
    r"|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"  # US state and ZIP: CA 94105
)
_YEAR = re.compile(r"(?:19|20)\d\d")

_NAME_WORD = re.compile(r"(?:[A-Z][a-zA-Z'’-]+|[A-Z]\.|[A-Z][A-Z'’-]+)$")
_PARTICLES = {"van", "von", "de", "der", "den", "da", "del", "di", "le", "la", "du", "bin", "al"}
_DEGREES = {"phd", "msc", "bsc", "mba", "ma", "ba", "md", "meng", "beng", "jr", "sr", "ii", "iii"}
_NOT_NAMES = {
    "curriculum", "vitae", "resume", "résumé", "cv", "profile", "summary", "contact",
    "experience", "skills", "education", "engineer", "developer", "scientist", "manager",
    "analyst", "consultant", "architect", "lead", "senior", "junior", "principal", "data",
    "machine", "learning", "software", "research", "student", "intern", "director", "head",
    "objective", "about", "me", "personal", "details", "information", "page",
}  # fmt: skip


def find_name(text: str) -> str | None:
    """The person's name: the first non-empty line, when it looks like a name."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            break
    else:
        return None
    words = line.replace(",", " ").split()
    while words and words[-1].lower().replace(".", "") in _DEGREES:
        words.pop()  # "Ada Lovelace, PhD"
    if not 2 <= len(words) <= 4:
        return None
    named = [w for w in words if w.lower() not in _PARTICLES]
    if len(named) < 2 or not all(_NAME_WORD.match(w) for w in named):
        return None
    if any(w.lower().strip(".") in _NOT_NAMES for w in words):
        return None
    return " ".join(words)


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    groups = re.findall(r"\d+", text)
    if not 9 <= len(digits) <= 15:
        return text
    if all(len(g) == 4 and _YEAR.fullmatch(g) for g in groups):
        return text  # "2019 - 2023", a date range
    return "[phone]"


def _name_pattern(name: str) -> re.Pattern[str] | None:
    parts = {p.strip(".") for p in name.split()}
    parts = {p for p in parts if len(p) >= 2 and p.lower() not in _PARTICLES}
    if not parts:
        return None
    alternatives = [re.escape(name)] + sorted((re.escape(p) for p in parts), key=len, reverse=True)
    # "_" and digits count as separators so that file names are cleaned too.
    return re.compile(rf"(?<![^\W_\d])(?:{'|'.join(alternatives)})(?![^\W_\d])", re.IGNORECASE)


def redactor_for(text: str, *, names: tuple[str, ...] = ()) -> Callable[[str], str]:
    """A function that redacts any string, knowing the name found in ``text``."""
    found = find_name(text)
    patterns = [p for n in (*names, *([found] if found else [])) if (p := _name_pattern(n))]

    def clean(value: str) -> str:
        value = EMAIL.sub("[email]", value)
        value = URL.sub("[url]", value)
        value = STREET.sub("[address]", value)
        value = POSTCODE.sub("[postcode]", value)
        value = PHONE.sub(_phone, value)
        for pattern in patterns:
            value = pattern.sub("[name]", value)
        return value

    return clean


def redact(text: str) -> str:
    """``text`` without e-mails, phones, links, addresses, postcodes or the person's name."""
    return redactor_for(text)(text)


__all__ = ["find_name", "redact", "redactor_for"]
