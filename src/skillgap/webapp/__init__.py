"""The logic behind ``app.py``: caching, upload checks, tables, chart data, escaped text.

``app.py`` only lays out widgets; everything it shows is built here, so it can be
tested without a browser. The analysis pipeline is cached as a resource (built once
per process and role); results are cached as data, keyed by a hash of the file's
bytes and every option that changes them. Nothing is written to disk or sent
anywhere: uploads live in memory for the length of the request, results in the
in-memory cache.

Text from a CV is never rendered as HTML: :func:`highlighted_markdown` escapes every
character Markdown or HTML would interpret, and the app never passes
``unsafe_allow_html``.

One module per concern; only :mod:`.resources` touches Streamlit (its caches):

- :mod:`.uploads`: limits, accepted formats, the content check, errors as one sentence
- :mod:`.choices`: roles, levels, skills and sample résumés for the pickers
- :mod:`.resources`: the cached pipeline and reader, and the cached analysis of an upload
- :mod:`.candidate`: the candidate view's headline, tables and chart
- :mod:`.markdown`: escaped Markdown and the highlighted CV
- :mod:`.downloads`: the JSON, Markdown, HTML and CSV downloads
- :mod:`.batch`: many uploads (zips expanded in memory), a failure a row
- :mod:`.recruiter`: the ranked and filtered table, one candidate's evidence
- :mod:`.coach`: two versions scored alike, and what changed

The names ``app.py`` and the tests use are re-exported here.
"""

from __future__ import annotations

from .batch import Row, Upload, analyse_batch, expand_uploads
from .candidate import (
    category_chart,
    category_rows,
    detected,
    gaps_table,
    headline,
    job_table,
    percent,
    plan_tables,
    quick_wins_table,
    skills_table,
    technologies_table,
)
from .choices import (
    category_names,
    level_choices,
    ranking_level,
    role_choices,
    sample_files,
    skill_choices,
)
from .coach import coach_pair, score_changes, skill_changes
from .downloads import coach_report, coach_reports, json_report, json_text, reports, to_csv
from .markdown import (
    HIGHLIGHT_COLOR,
    escape_markdown,
    evidence_spans,
    highlighted_cv,
    highlighted_markdown,
    md,
)
from .recruiter import (
    candidate_details,
    candidate_label,
    level_rank,
    must_haves_met,
    ranked_table,
)
from .resources import READER_WORKERS, analyse_upload, pipeline, reader
from .uploads import (
    BATCH_TYPES,
    LIMITS,
    MAX_BATCH_FILES,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    PASTED_NAME,
    UPLOAD_TYPES,
    check_upload,
    digest,
    explain,
    pasted,
)

__all__ = [
    "BATCH_TYPES",
    "HIGHLIGHT_COLOR",
    "LIMITS",
    "MAX_BATCH_FILES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MB",
    "PASTED_NAME",
    "READER_WORKERS",
    "UPLOAD_TYPES",
    "Row",
    "Upload",
    "analyse_batch",
    "analyse_upload",
    "candidate_details",
    "candidate_label",
    "category_chart",
    "category_names",
    "category_rows",
    "check_upload",
    "coach_pair",
    "coach_report",
    "coach_reports",
    "detected",
    "digest",
    "escape_markdown",
    "evidence_spans",
    "expand_uploads",
    "explain",
    "gaps_table",
    "headline",
    "highlighted_cv",
    "highlighted_markdown",
    "job_table",
    "json_report",
    "json_text",
    "level_choices",
    "ranking_level",
    "level_rank",
    "md",
    "must_haves_met",
    "pasted",
    "percent",
    "pipeline",
    "plan_tables",
    "quick_wins_table",
    "ranked_table",
    "reader",
    "reports",
    "role_choices",
    "sample_files",
    "score_changes",
    "skill_changes",
    "skill_choices",
    "skills_table",
    "technologies_table",
    "to_csv",
]
