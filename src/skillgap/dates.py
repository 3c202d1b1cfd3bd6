"""Date ranges as résumés write them: read them, and report the ones that cannot be read.

    find_date_ranges("Acme, Jan 2019 – Present", today=date(2024, 6, 1))
    -> [DateRange(start=2019-01, end=2024-06, ongoing=True, ...)]

Every result is either a :class:`DateRange` or a :class:`DateProblem` with a reason;
nothing is guessed silently. The decisions a reader of a CV has to make:

* **Inclusive months.** "Mar 2020 – Jun 2020" is 4 months; a single month is 1.
* **A single month** ("May 2021", "05/2021", "2021-05") is a one-month range
  (start == end), so every result has the same shape and ``months >= 1``.
* **Year-only** ranges run from January of the first year to December of the last
  ("2017 – 2020" is 48 months). A bare year on its own ("2019") is *not* taken as a date:
  too many version numbers, postcodes and product names look like one.
* **Seasons** are northern-hemisphere academic terms that partition the year: Winter
  Jan–Feb, Spring Mar–May, Summer Jun–Aug, Fall/Autumn Sep–Dec.
* **"Present"** (and Current, Now, Today, Ongoing, till date, to date, onwards, "since
  2019") is the month of the ``today`` argument.
* **The future.** A range that starts after ``today`` is a problem (no experience yet). One
  that ends after ``today`` but within :data:`MAX_YEARS_AHEAD` years (an expected
  graduation, a fixed-term contract) is clamped to today's month and marked ongoing; one
  that ends further out is a problem (almost always a typo).
* **Two-digit years.** With an apostrophe ("Jun '19") the year is unambiguous and takes
  the century that puts it no more than MAX_YEARS_AHEAD years after today. Without one
  ("99-01", "Jun 19 – Aug 21") it may be a day, a score or a page range: a problem.
  "2017-20" names its century, so it is a range; "2010-11" could also be November 2010
  (ISO), so it is a problem.

Why no library: python-dateutil's ``parser.parse`` reads one timestamp, not a range
("Jan 2019 - Dec 2020" raises ParserError), and with ``fuzzy=True`` it fills what is
missing from ``default`` instead of refusing: on the installed version "Python 3.10"
parses as the 3rd of the default month, "2 years" as the 2nd and "GPA 3.8" as the 3rd.
A résumé needs the opposite: ranges, and a reason when a date cannot be trusted.

Speed: one regular expression, compiled at import. It has no nested or unbounded
repetition (whitespace runs are capped at 10), so the work at each start position is
bounded and a scan is linear in the length of the text; two look-aheads on the first
letters leave the positions no date can start at quickly.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

# An end date up to this many years after today is clamped (expected graduation); further
# out it is reported. Also the pivot for apostrophe years: '29 is 2029 until 2024.
MAX_YEARS_AHEAD = 5

PRECISIONS = ("month", "season", "year")  # finest first

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_SEASONS = {"winter": (1, 2), "spring": (3, 5), "summer": (6, 8), "fall": (9, 12)}
_SEASONS["autumn"] = _SEASONS["fall"]


@dataclass(frozen=True, slots=True, order=True)
class YearMonth:
    """A calendar month; compares in time order."""

    year: int
    month: int  # 1..12

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, got {self.month!r}")

    @property
    def ordinal(self) -> int:
        """Months since January of year 0: subtract two to count months between."""
        return self.year * 12 + self.month - 1

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class DateRange:
    """A period found in text. ``start`` and ``end`` are both included."""

    start: YearMonth
    end: YearMonth
    ongoing: bool  # True when the range runs to today (Present, or clamped)
    text: str  # the range as written
    span: tuple[int, int]  # where ``text`` is in the searched text
    precision: str  # the coarsest of the two ends: "month" | "season" | "year"

    @property
    def months(self) -> int:
        return self.end.ordinal - self.start.ordinal + 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(start=str(self.start), end=str(self.end), months=self.months)
        return data


@dataclass(frozen=True, slots=True)
class DateProblem:
    """Text that looks like a date range but cannot be read without guessing."""

    text: str
    span: tuple[int, int]
    reason: str  # "month 13", "end before start", "two-digit year ambiguous", ...

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- the pattern --------------------------------------------------------------------

_SP = r"[ \t\u00a0]{0,10}"  # bounded, on one line: a range never spans a line break
_GAP = r"[ \t\u00a0]{1,10}"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_YEAR = r"(?:19|20)\d\d(?!\d)"
_APOS_YY = r"['’‘`]\d\d(?!\d)"
_DASH = r"(?:-{1,2}|[–—−‐‑])"
_SEP = rf"(?:{_SP}{_DASH}{_SP}|{_GAP}(?:to|until|till|through|thru){_GAP})"
_NOW_WORD = r"(?:present|current(?:ly)?|now|today|ongoing)"
_NOW_PHRASE = rf"(?:(?:till|til|until|up{_GAP}to|to){_GAP}(?:date|now|present)|onwards?)"


def _point(p: str, *, alone: bool = False) -> str:
    """One end of a range, with groups prefixed ``p``.

    Alone (no other end, no Present) only the forms that cannot be a version number or
    a postcode count: a month name, a season, or MM/YYYY.
    """
    forms = [
        rf"(?P<{p}mon>{_MONTH})\.?(?:{_SP}(?P<{p}day>\d{{1,2}})(?:st|nd|rd|th)?)?,?{_SP}"
        rf"(?P<{p}my>{_YEAR}|{_APOS_YY})",
        rf"(?P<{p}sea>{_SEASON}),?{_SP}(?P<{p}sy>{_YEAR}|{_APOS_YY})",
    ]
    if alone:
        forms.append(rf"(?P<{p}nm>\d{{1,2}})/(?P<{p}ny>{_YEAR})")
    else:  # German "03.2018", ISO "2018-03", dotted "2018.03", a bare year
        forms.append(rf"(?P<{p}nm>\d{{1,2}})[/.](?P<{p}ny>{_YEAR})")
        forms.append(rf"(?P<{p}iy>{_YEAR})[-./](?P<{p}im>\d\d)(?!\d)")
        forms.append(rf"(?P<{p}y>{_YEAR})")
    return "(?:" + "|".join(forms) + ")"


# Alternatives are tried in this order at each position; the first that matches wins.
_ALTERNATIVES = (
    # "Jan 2019 – Dec 2020", "2017 – 2020", "Jan – Mar 2020" (shared year)
    rf"(?P<range>(?:{_point('s_')}|(?P<s_bmon>{_MONTH})\.?){_SEP}{_point('e_')})",
    # "Jan 2019 – Present", "2015 - till date", "2019 to date", "2019 onwards"
    rf"(?P<ongoing>{_point('o_')}(?:{_SEP}(?:{_NOW_PHRASE}|{_NOW_WORD})|{_GAP}{_NOW_PHRASE}))",
    rf"(?P<since>since{_GAP}{_point('c_')})",
    # "2017-20", "2015/16", or ISO "2018-03" alone: decided in _short
    rf"(?P<short>(?P<sh_y>{_YEAR})(?P<sh_sep>[-–—/])(?P<sh_yy>\d\d)(?!\d))",
    rf"(?P<single>{_point('p_', alone=True)})",
    # day or two-digit year? "Jun 19 – Aug 21" (but "Jun 19 – Aug 21, 2020" is days)
    rf"(?P<month_yy>{_MONTH}\.?{_SP}\d\d{_SEP}{_MONTH}\.?{_SP}\d\d(?!,?{_SP}{_YEAR}))",
    # "99-01": only when the caller says the whole text is a date (see _build)
    rf"(?P<pair>\d\d{_SP}{_DASH}{_SP}\d\d)",
)
# Not glued to a word, a currency sign or a longer number ("555-2019", "ISO 9001:2015").
_LEFT = r"(?<![\w$£€¥#+@&])(?<!\d[.,/:-])"
_RIGHT = r"(?![\w%]|[.,/:-]\d)"
# Speed only: every match starts with a digit, a month, a season or "since", so a
# position that starts with none of them is left after one or two cheap tests instead
# of trying each alternative (most positions of a résumé are words: 4-5 times faster).
# The guards only reject positions where no alternative can match, so the matches are
# the same as without them (tests/test_dates.py compares both on every sample).
_FIRST = r"(?=[\djfmasondw])"
_OPENING = r"(?=\d|jan|feb|ma[ry]|apr|ju[nl]|aug|sep|oct|nov|dec|spr|sum|fal|aut|win|sin)"
_PATTERN = re.compile(
    _FIRST + _LEFT + _OPENING + "(?:" + "|".join(_ALTERNATIVES) + ")" + _RIGHT,
    re.IGNORECASE,
)

_STRIP = " \t\r\n()[]{},;*_"  # around a whole-text date: "(2016 - 2018)", "*2015-2018*"


# --- public API ---------------------------------------------------------------------


def parse_date_range(text: str, *, today: date) -> DateRange | DateProblem | None:
    """Read ``text`` as one date range; None when it is not one.

    Surrounding brackets and whitespace are allowed. Because the caller says the text is
    a date, bare two-digit pairs ("99-01") are reported rather than ignored.
    """
    begin = len(text) - len(text.lstrip(_STRIP))
    end = len(text.rstrip(_STRIP))
    match = _PATTERN.fullmatch(text, begin, max(begin, end))
    return None if match is None else _build(match, today, whole=True)


def find_date_ranges(text: str, *, today: date) -> list[DateRange | DateProblem]:
    """Every date range and every unreadable date-like text in ``text``, in order."""
    found = (_build(match, today, whole=False) for match in _PATTERN.finditer(text))
    return [item for item in found if item is not None]


# --- reading a match ----------------------------------------------------------------

_Point = tuple[YearMonth, YearMonth, str]  # first month, last month, precision


def _build(match: re.Match[str], today: date, *, whole: bool) -> DateRange | DateProblem | None:
    kind = match.lastgroup
    if kind == "pair" and not whole:
        return None  # "ages 18-25", "won 21-14": too common to report
    if kind in ("pair", "month_yy"):
        return _problem(match, "two-digit year ambiguous")
    if kind == "short":
        return _short(match, today)
    now = YearMonth(today.year, today.month)
    ends: tuple[_Point | str, _Point | str]
    if kind == "range":
        ends = _range_ends(match, today)
    else:
        prefix = {"ongoing": "o_", "since": "c_", "single": "p_"}[str(kind)]
        first = _read_point(match, prefix, today)
        ends = (first, (now, now, "month") if kind != "single" else first)
    return _finish(match, today, *ends, ongoing=kind in ("ongoing", "since"))


def _range_ends(match: re.Match[str], today: date) -> tuple[_Point | str, _Point | str]:
    last = _read_point(match, "e_", today)
    bare = match.group("s_bmon")
    if bare is None:
        return _read_point(match, "s_", today), last
    if isinstance(last, str):
        return last, last
    first = YearMonth(last[0].year, _MONTHS[bare[:3].lower()])  # "Jan – Mar 2020"
    return (first, first, "month"), last


def _read_point(match: re.Match[str], p: str, today: date) -> _Point | str:
    """The months one end covers, or the reason it cannot be read."""
    group = match.group
    if group(p + "mon"):
        day = group(p + "day")
        if day is not None and not 1 <= int(day) <= 31:
            return f"day {int(day)}"
        month = YearMonth(_year(group(p + "my"), today), _MONTHS[group(p + "mon")[:3].lower()])
        return month, month, "month"
    if group(p + "sea"):
        year = _year(group(p + "sy"), today)
        first, last = _SEASONS[group(p + "sea").lower()]
        return YearMonth(year, first), YearMonth(year, last), "season"
    if group(p + "nm"):
        return _numeric(int(group(p + "ny")), int(group(p + "nm")))
    if p + "iy" in match.re.groupindex and group(p + "iy"):
        return _numeric(int(group(p + "iy")), int(group(p + "im")))
    year = int(group(p + "y"))
    return YearMonth(year, 1), YearMonth(year, 12), "year"


def _numeric(year: int, month: int) -> _Point | str:
    if not 1 <= month <= 12:
        return f"month {month}"
    point = YearMonth(year, month)
    return point, point, "month"


def _year(text: str, today: date) -> int:
    if len(text) == 4:
        return int(text)
    year = 2000 + int(text[1:])  # "'19": the apostrophe says it is a year
    return year if year <= today.year + MAX_YEARS_AHEAD else year - 100


def _short(match: re.Match[str], today: date) -> DateRange | DateProblem:
    """YYYY-NN: a two-digit end year ("2017-20") or an ISO month ("2018-03")."""
    start = int(match.group("sh_y"))
    number = int(match.group("sh_yy"))
    end_year = start - start % 100 + number
    as_years = end_year >= start
    as_month = match.group("sh_sep") in "-/" and 1 <= number <= 12
    if as_years and as_month:
        return _problem(match, "month or two-digit year ambiguous")
    if as_month:
        month = YearMonth(start, number)
        return _finish(match, today, (month, month, "month"), (month, month, "month"))
    first = (YearMonth(start, 1), YearMonth(start, 12), "year")
    last = (YearMonth(end_year, 1), YearMonth(end_year, 12), "year")
    return _finish(match, today, first, last)


def _finish(
    match: re.Match[str],
    today: date,
    first: _Point | str,
    last: _Point | str,
    *,
    ongoing: bool = False,
) -> DateRange | DateProblem:
    """Check the two ends against each other and against today."""
    for point in (first, last):
        if isinstance(point, str):
            return _problem(match, point)
    assert not isinstance(first, str) and not isinstance(last, str)  # for the type checker
    start, end = first[0], last[1]
    now = YearMonth(today.year, today.month)
    if start > now:  # checked first: "Jan 2030 – Present" starts late, it does not end early
        return _problem(match, "starts after today")
    if end < start:
        return _problem(match, "end before start")
    if end.year > today.year + MAX_YEARS_AHEAD:
        return _problem(match, f"ends more than {MAX_YEARS_AHEAD} years after today")
    if end > now:
        end, ongoing = now, True
    precision = max(first[2], last[2], key=PRECISIONS.index)
    return DateRange(start, end, ongoing, match.group(), match.span(), precision)


def _problem(match: re.Match[str], reason: str) -> DateProblem:
    return DateProblem(match.group(), match.span(), reason)
