"""The files behind the download buttons: JSON, Markdown and HTML reports, and CSV.

Each report is a list of (button label, content, file name, MIME type); the CSV
neutralises cells a spreadsheet would run.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .. import report
from ..analysis import Analysis
from ..compare import Comparison, format_comparison
from ..screen import csv_safe


def json_text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def reports(analysis: Analysis, *, notes: str = "") -> list[tuple[str, str, str, str]]:
    """The downloads: (button label, content, file name, MIME type), JSON, Markdown, HTML."""
    stem = "skillgap-report"
    data = analysis.to_dict()
    if notes.strip():
        data["notes"] = notes.strip()
    return [
        ("JSON", json_text(data), f"{stem}.json", "application/json"),
        ("Markdown", report.to_markdown(analysis, notes=notes), f"{stem}.md", "text/markdown"),
        ("HTML", report.to_html(analysis, notes=notes), f"{stem}.html", "text/html"),
    ]


def json_report(analysis: Analysis) -> str:
    return json_text(analysis.to_dict())


def coach_report(
    before: Analysis, after: Analysis, comparison: Comparison, notes: str
) -> dict[str, Any]:
    """The coach's JSON download: the notes, what changed, and both analyses."""
    return {
        "notes": notes.strip(),
        "comparison": comparison.to_dict(),
        "before": before.to_dict(),
        "after": after.to_dict(),
    }


def coach_reports(
    before: Analysis, after: Analysis, comparison: Comparison, notes: str
) -> list[tuple[str, str, str, str]]:
    """The coach's downloads: the new version's report with the notes and what changed."""
    text = notes.strip()
    text += ("\n\n" if text else "") + "What changed since the previous version:\n"
    text += format_comparison(comparison)
    stem = "skillgap-coach-report"
    return [
        ("JSON", json_text(coach_report(before, after, comparison, notes)), f"{stem}.json",
         "application/json"),
        ("Markdown", report.to_markdown(after, notes=text), f"{stem}.md", "text/markdown"),
        ("HTML", report.to_html(after, notes=text), f"{stem}.html", "text/html"),
    ]  # fmt: skip


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return ""
    columns = list(rows[0])
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_safe(row.get(k, "")) for k in columns})
    return buf.getvalue()
