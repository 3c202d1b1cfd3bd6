"""Date ranges as résumés write them: the forms read, the ones reported, the near misses."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillgap import dates
from skillgap.dates import (
    MAX_YEARS_AHEAD,
    DateProblem,
    DateRange,
    YearMonth,
    find_date_ranges,
    parse_date_range,
)
from skillgap.documents import read_document

TODAY = date(2024, 6, 15)
NOW = "2024-06"

# text -> (start, end, ongoing, precision); end "2024-06" with ongoing=True means "today".
READ = [
    ("Jan 2019 – Present", "2019-01", NOW, True, "month"),
    ("January 2019 - Current", "2019-01", NOW, True, "month"),
    ("Jan. 2019 to Dec. 2020", "2019-01", "2020-12", False, "month"),
    ("2017-20", "2017-01", "2020-12", False, "year"),
    ("2017 – 2020", "2017-01", "2020-12", False, "year"),
    ("2019 – now", "2019-01", NOW, True, "year"),
    ("2019–Today", "2019-01", NOW, True, "year"),
    ("03/2018 to 06/2021", "2018-03", "2021-06", False, "month"),
    ("3/2018 - 6/2021", "2018-03", "2021-06", False, "month"),
    ("2018.03 – 2021.06", "2018-03", "2021-06", False, "month"),
    ("2018-03 – 2021-06", "2018-03", "2021-06", False, "month"),
    ("Summer 2020", "2020-06", "2020-08", False, "season"),
    ("Fall 2019 – Spring 2021", "2019-09", "2021-05", False, "season"),
    ("Autumn 2018 – Winter 2019", "2018-09", "2019-02", False, "season"),
    ("Mar 2020 – Jun 2020", "2020-03", "2020-06", False, "month"),
    ("Sept 2015 – Aug 2017", "2015-09", "2017-08", False, "month"),
    ("since 2019", "2019-01", NOW, True, "year"),
    ("Since Jan 2022", "2022-01", NOW, True, "month"),
    ("2015 - till date", "2015-01", NOW, True, "year"),
    ("2019 to date", "2019-01", NOW, True, "year"),
    ("2019 onwards", "2019-01", NOW, True, "year"),
    ("Feb 2019 until now", "2019-02", NOW, True, "month"),
    ("Jun '19 – Aug '21", "2019-06", "2021-08", False, "month"),
    ("Sep ’98 – Jul ’03", "1998-09", "2003-07", False, "month"),
    ("(2016 - 2018)", "2016-01", "2018-12", False, "year"),
    ("*2015-2018*", "2015-01", "2018-12", False, "year"),
    ("May 2021", "2021-05", "2021-05", False, "month"),  # a single month is one month
    ("05/2021", "2021-05", "2021-05", False, "month"),
    ("2021-05", "2021-05", "2021-05", False, "month"),  # ISO: 05 cannot be the year 2005
    ("2010 to 2014", "2010-01", "2014-12", False, "year"),
    ("JANUARY 2019 — PRESENT", "2019-01", NOW, True, "month"),
    ("jan 2019-dec 2019", "2019-01", "2019-12", False, "month"),
    ("Jan 2019 -- Ongoing", "2019-01", NOW, True, "month"),
    ("Jan – Mar 2020", "2020-01", "2020-03", False, "month"),
    ("03.2018 - 06.2021", "2018-03", "2021-06", False, "month"),
    ("September 12, 2018 – May 3, 2019", "2018-09", "2019-05", False, "month"),
    ("2015/16", "2015-01", "2016-12", False, "year"),
    ("2019 – Mar 2021", "2019-01", "2021-03", False, "year"),
    ("Jul 2022 through Sep 2022", "2022-07", "2022-09", False, "month"),
    ("2024 – 2024", "2024-01", NOW, True, "year"),  # Dec 2024 is after today: clamped
    ("Nov 2023 – Dec 2025", "2023-11", NOW, True, "month"),  # expected end: clamped
    ("Aug 2023 – May 2027", "2023-08", NOW, True, "month"),  # degree expected
]

PROBLEMS = [
    ("13/2018", "month 13"),
    ("00/2018", "month 0"),
    ("13/2018 – 06/2019", "month 13"),
    ("2018-13 – 2019-01", "month 13"),
    ("2021 – 2019", "end before start"),
    ("Dec 2020 – Jan 2020", "end before start"),
    ("Mar – Jan 2020", "end before start"),  # not silently Mar 2019
    ("2019-15", "end before start"),  # 15 is no month, and 2015 is before 2019
    ("99-01", "two-digit year ambiguous"),
    ("(99 - 01)", "two-digit year ambiguous"),
    ("Jun 19 – Aug 21", "two-digit year ambiguous"),  # June 19th, or June 2019?
    ("2010-11", "month or two-digit year ambiguous"),  # Nov 2010, or 2010–2011?
    ("Jan 2026 – Present", "starts after today"),
    ("Summer 2025", "starts after today"),
    ("2019 – 2035", f"ends more than {MAX_YEARS_AHEAD} years after today"),
    ("Jan 45, 2019 – Feb 2020", "day 45"),
]

# Things a CV says that are not dates; find_date_ranges must return [] for each.
NEAR_MISSES = [
    "Python 3.10",
    "Java 1.8 and Python 2.7",
    "Ubuntu 20.04",
    "Spring Boot 2.7",
    "Anaconda 2020.07",  # YYYY.MM only counts inside a range
    "PyCharm 2021.3",
    "Visual Studio 2019",  # a bare year is not a date
    "Windows 10",
    "ISO 9001:2015",
    "ISO/IEC 27001:2013",
    "IEEE 802.11",
    "Intel i7-2019",
    "Call +1 (555) 201-2019",
    "Tel: 555-2019-2020",
    "(555) 555-0142",
    "Phone: 020 7946 0958",
    "+44 7700 900123",
    "Salary: $85,000 – $95,000",
    "£2000–2500 per month",
    "Expected salary 2000-3000 EUR",
    "salary $2019",
    "2 years of experience",
    "5+ years",
    "GPA: 3.8/4.0",
    "GPA 3.7/4.0, Dean's List 2024 and 2025",
    "CGPA 9.1/10",
    "Sydney NSW 2000",
    "2000-123 Lisboa",
    "SW1A 1AA London",
    "75001 Paris",
    "Oslo 0150",
    "ages 18-25",  # two-digit pairs are reported only by parse_date_range
    "won 21-14",
    "Released 2019-05-15",  # a day, not a range
    "3/4/2018",
    "Room 2019-20B",
    "Mayo Clinic 2019",
    "March Madness 2019",
    "COVID-19",
]


def ym(text: str) -> YearMonth:
    year, month = text.split("-")
    return YearMonth(int(year), int(month))


@pytest.mark.parametrize(("text", "start", "end", "ongoing", "precision"), READ)
def test_reads_real_world_forms(
    text: str, start: str, end: str, ongoing: bool, precision: str
) -> None:
    result = parse_date_range(text, today=TODAY)
    assert isinstance(result, DateRange), result
    assert (str(result.start), str(result.end)) == (start, end)
    assert (result.ongoing, result.precision) == (ongoing, precision)
    assert text[slice(*result.span)] == result.text


@pytest.mark.parametrize(("text", "reason"), PROBLEMS)
def test_reports_what_it_cannot_read(text: str, reason: str) -> None:
    result = parse_date_range(text, today=TODAY)
    assert isinstance(result, DateProblem), result
    assert result.reason == reason
    assert text[slice(*result.span)] == result.text


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_not_dates(text: str) -> None:
    assert find_date_ranges(text, today=TODAY) == []
    assert find_date_ranges(f"Skills: {text}.", today=TODAY) == []


@pytest.mark.parametrize("text", ["Python 3.10", "Jan 2019 – Present at Acme", "", "   "])
def test_parse_wants_the_whole_text_to_be_a_date(text: str) -> None:
    assert parse_date_range(text, today=TODAY) is None


def test_two_digit_pairs_are_reported_only_when_the_text_is_a_date() -> None:
    assert find_date_ranges("Acme 99-01", today=TODAY) == []
    assert isinstance(parse_date_range("99-01", today=TODAY), DateProblem)


def test_finds_ranges_inside_text_with_spans() -> None:
    text = "Engineer at Acme (Jan 2019 – Mar 2020), then Beta | 06/2020 to Present\n13/2021"
    found = find_date_ranges(text, today=TODAY)
    assert [text[slice(*item.span)] for item in found] == [
        "Jan 2019 – Mar 2020",
        "06/2020 to Present",
        "13/2021",
    ]
    assert [type(item) for item in found] == [DateRange, DateRange, DateProblem]


def test_ranges_do_not_cross_lines() -> None:
    found = find_date_ranges("Acme 2019\n- 2021 Beta", today=TODAY)
    assert found == []  # two bare years on two lines: neither is a date


def test_day_range_with_shared_year_is_not_a_two_digit_problem() -> None:
    found = find_date_ranges("Hackathon Jun 19 – Aug 21, 2020", today=TODAY)
    assert not any(isinstance(item, DateProblem) for item in found)


def test_present_is_the_injected_today() -> None:
    result = parse_date_range("Jan 2019 – Present", today=date(2020, 3, 31))
    assert isinstance(result, DateRange)
    assert (result.end, result.months) == (YearMonth(2020, 3), 15)


def test_months_are_inclusive() -> None:
    cases = {"Mar 2020 – Jun 2020": 4, "May 2021": 1, "2017 – 2020": 48, "Summer 2020": 3}
    for text, months in cases.items():
        result = parse_date_range(text, today=TODAY)
        assert isinstance(result, DateRange)
        assert result.months == months, text


def test_year_month_orders_and_validates() -> None:
    assert YearMonth(2019, 12) < YearMonth(2020, 1) < YearMonth(2020, 2)
    with pytest.raises(ValueError, match="13"):
        YearMonth(2020, 13)


def test_to_dict_is_json_ready() -> None:
    result = parse_date_range("Mar 2020 – Jun 2020", today=TODAY)
    assert isinstance(result, DateRange)
    assert result.to_dict()["start"] == "2020-03"
    assert result.to_dict()["months"] == 4


def test_scan_is_linear() -> None:
    # Worst cases for a backtracking engine: many almost-dates. Doubling the text must
    # not quadruple the time (generous margin for noisy machines).
    def seconds(n: int) -> float:
        text = ("Jan         12 – 2019 -" + " " * 9) * n
        begin = time.perf_counter()
        find_date_ranges(text, today=TODAY)
        return time.perf_counter() - begin

    small, large = seconds(5_000), seconds(20_000)
    assert large < 8 * small + 0.05


# --- round trip -----------------------------------------------------------------------

MONTH_NAMES = (
    "January February March April May June July August September October November December"
)
FORMATS = {
    "abbr": lambda p: f"{MONTH_NAMES.split()[p.month - 1][:3]} {p.year}",
    "full": lambda p: f"{MONTH_NAMES.split()[p.month - 1]} {p.year}",
    "dotted": lambda p: f"{MONTH_NAMES.split()[p.month - 1][:3]}. {p.year}",
    "apostrophe": lambda p: f"{MONTH_NAMES.split()[p.month - 1][:3]} '{p.year % 100:02d}",
    "slash": lambda p: f"{p.month:02d}/{p.year}",
    "iso": lambda p: f"{p.year}-{p.month:02d}",
    "year_dot": lambda p: f"{p.year}.{p.month:02d}",
    "german": lambda p: f"{p.month:02d}.{p.year}",
}
SEPARATORS = [" – ", "–", " - ", " — ", " to ", " until ", "-", " -- "]
PRESENT = ["Present", "present", "Current", "Now", "Today", "Ongoing", "till date"]

months = st.builds(YearMonth, st.integers(1990, TODAY.year), st.integers(1, 12)).filter(
    lambda p: p <= YearMonth(TODAY.year, TODAY.month)
)


@given(
    a=months,
    b=months,
    style=st.sampled_from(sorted(FORMATS)),
    sep=st.sampled_from(SEPARATORS),
    upper=st.booleans(),
)
def test_round_trip_month_ranges(
    a: YearMonth, b: YearMonth, style: str, sep: str, upper: bool
) -> None:
    start, end = min(a, b), max(a, b)
    fmt = FORMATS[style]
    text = f"{fmt(start)}{sep}{fmt(end)}"
    text = text.upper() if upper else text
    result = parse_date_range(text, today=TODAY)
    assert isinstance(result, DateRange), (text, result)
    assert (result.start, result.end, result.ongoing) == (start, end, False)
    assert result.months >= 1
    assert find_date_ranges(f"Acme Ltd | {text}\n", today=TODAY) == [
        DateRange(start, end, False, text, (11, 11 + len(text)), "month")
    ]


@given(a=months, style=st.sampled_from(sorted(FORMATS)), word=st.sampled_from(PRESENT))
def test_round_trip_ongoing(a: YearMonth, style: str, word: str) -> None:
    result = parse_date_range(f"{FORMATS[style](a)} - {word}", today=TODAY)
    assert isinstance(result, DateRange)
    assert (result.start, result.end, result.ongoing) == (a, YearMonth(2024, 6), True)


@given(
    a=st.integers(1990, TODAY.year),
    b=st.integers(1990, TODAY.year),
    sep=st.sampled_from(SEPARATORS),
)
def test_round_trip_years(a: int, b: int, sep: str) -> None:
    first, last = min(a, b), max(a, b)
    result = parse_date_range(f"{first}{sep}{last}", today=TODAY)
    assert isinstance(result, DateRange)
    expected_end = min(YearMonth(last, 12), YearMonth(TODAY.year, TODAY.month))
    assert (result.start, result.end) == (YearMonth(first, 1), expected_end)
    assert result.ongoing == (last == TODAY.year)


@given(st.text(alphabet=st.sampled_from("0123456789 -–/.'JanMayFl toPresnc\n"), max_size=60))
def test_anything_found_is_well_formed(text: str) -> None:
    for item in find_date_ranges(text, today=TODAY):
        assert text[slice(*item.span)] == item.text
        if isinstance(item, DateRange):
            assert item.months >= 1
            assert item.start <= item.end <= YearMonth(TODAY.year, TODAY.month)


# --- the fast scan finds what the plain pattern finds ---------------------------------

# The pattern without the look-aheads on the first letters (dates._FIRST, _OPENING),
# which are there for speed only: the scan must give the same matches with and without.
_REFERENCE = re.compile(
    dates._LEFT + "(?:" + "|".join(dates._ALTERNATIVES) + ")" + dates._RIGHT, re.IGNORECASE
)
ROOT = Path(__file__).resolve().parents[1]


def _find_date_ranges_reference(text: str, *, today: date) -> list[DateRange | DateProblem]:
    found = (dates._build(m, today, whole=False) for m in _REFERENCE.finditer(text))
    return [item for item in found if item is not None]


def _assert_same_scan(text: str) -> None:
    fast = [(m.span(), m.lastgroup, m.groupdict()) for m in dates._PATTERN.finditer(text)]
    plain = [(m.span(), m.lastgroup, m.groupdict()) for m in _REFERENCE.finditer(text)]
    assert fast == plain, text
    assert find_date_ranges(text, today=TODAY) == _find_date_ranges_reference(text, today=TODAY)
    whole = dates._PATTERN.fullmatch(text)
    plain_whole = _REFERENCE.fullmatch(text)
    assert (whole and whole.groupdict()) == (plain_whole and plain_whole.groupdict())


def _corpus() -> list[Path]:
    samples = [
        p
        for p in sorted((ROOT / "sample_resumes").iterdir())
        if p.suffix in (".pdf", ".docx", ".txt", ".md")
    ]
    data = sorted(p for p in (ROOT / "tests" / "data").rglob("*") if p.is_file())
    return samples + data


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_fast_scan_matches_the_plain_pattern_on_every_sample(path: Path) -> None:
    text = read_document(path).text
    _assert_same_scan(text)
    for line in text.splitlines():
        _assert_same_scan(line)


def test_the_samples_are_dense_with_dates() -> None:
    # So that the comparison above is not vacuous.
    resumes = [p for p in _corpus() if p.parent.name == "sample_resumes" and p.stem != "README"]
    assert len(resumes) >= 6
    for path in resumes:
        assert len(find_date_ranges(read_document(path).text, today=TODAY)) >= 3, path.name


def test_fast_scan_matches_the_plain_pattern_on_the_listed_forms() -> None:
    texts = [t for t, *_ in READ] + [t for t, _ in PROBLEMS] + NEAR_MISSES
    words = [*MONTH_NAMES.split(), *(m[:3] for m in MONTH_NAMES.split()), "Sept"]
    words += ["Spring", "Summer", "Fall", "Autumn", "Winter"]
    openers = [f"{w} 2019" for w in words] + [f"since {w} 2019" for w in words]
    for text in texts + openers:
        _assert_same_scan(text)
        _assert_same_scan(f"Acme, {text}; {text.upper()} and ({text.lower()})")
        assert parse_date_range(text, today=TODAY) is not None or text in NEAR_MISSES


# Pieces of dates and of what is near them, and characters whose case folds are special
# ("ſ" is a long s, "K" the Kelvin sign, "İ" and "ı" the Turkish i), Unicode digits and
# spaces: text built from these is dense with almost-dates.
DATE_PIECES = [
    *"0123456789 \t\n-–—/.,:'’`()$%+#@&",
    *"aeijnmsfowpdtSJMFAWſKİı٣\u00a0",
    "Jan", "jun", "JULY", "Sept", "September", "May", "Mar", "dec.", "Nov",
    "Spring", "summer", "Fall", "autumn", "Winter", "since", "Since",
    "19", "20", "2019", "2020", "1999", "'19", "’21", "12", "03", "31st", "1st",
    "Present", "now", "current", "till date", "to date", "onwards", "up to now",
    " to ", " until ", " through ", " thru ", " - ", " – ", "  ", "          ",
]  # fmt: skip


@given(st.lists(st.sampled_from(DATE_PIECES), max_size=40).map("".join))
def test_fast_scan_matches_the_plain_pattern_on_any_text(text: str) -> None:
    _assert_same_scan(text)


@given(st.text(max_size=80))
def test_fast_scan_matches_the_plain_pattern_on_arbitrary_unicode(text: str) -> None:
    _assert_same_scan(text)
