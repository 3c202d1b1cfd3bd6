"""Output that cannot hurt: values from a CV made safe for a spreadsheet.

    >>> safe_csv_cell("=HYPERLINK(\\"http://x\\")")
    "'=HYPERLINK(\\"http://x\\")"

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read as a formula by Excel, LibreOffice and Google Sheets (OWASP "CSV
injection"); a leading apostrophe makes it text. Numbers pass unchanged, so a
negative score stays a number. HTML output escapes CV text separately
(:mod:`html` / Jinja autoescape in the report).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_cell(value: Any) -> Any:
    """``value`` with a leading apostrophe if a spreadsheet would run it as a formula.

    Non-strings (numbers, None, booleans) are returned as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
