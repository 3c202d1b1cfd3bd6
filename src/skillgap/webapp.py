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
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import io
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import streamlit as st
except ImportError as exc:  # pragma: no cover - the app's extra is not installed
    raise ImportError("the skillgap app needs Streamlit: pip install 'skillgap[app]'") from exc

from . import errors, report
from .analysis import Analysis, analyse_document
from .archives import zip_members
from .compare import Comparison, compare, format_comparison
from .documents import detect_format
from .extract import Extractor, get_extractor
from .isolation import IsolatedReader
from .limits import Limits, MiB
from .redact import redact, redactor_for
from .score import fit_competencies
from .screen import csv_safe
from .taxonomy import DEFAULT_ROLE, available_roles, load_role

log = logging.getLogger(__name__)

# Uploads: the same figure is set as ``server.maxUploadSize`` in .streamlit/config.toml
# (Streamlit refuses bigger files before they reach the app; this check covers pasted
# text, samples and zip members).
MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * MiB
UPLOAD_TYPES = ("pdf", "docx", "txt", "md")
BATCH_TYPES = (*UPLOAD_TYPES, "zip")
MAX_BATCH_FILES = 500
LIMITS = Limits(max_file_bytes=MAX_UPLOAD_BYTES, seconds=20.0)
READER_WORKERS = 2
PASTED_NAME = "pasted-text.txt"

HIGHLIGHT_COLOR = "orange"


# ----------------------------------------------------------------- choices


def role_choices() -> dict[str, str]:
    """Every role file found, id -> display name (the default role first)."""
    names: dict[str, str] = {}
    for role_id in sorted(available_roles(), key=lambda r: (r != DEFAULT_ROLE, r)):
        try:
            names[role_id] = load_role(role_id).name
        except errors.TaxonomyError as err:  # a broken role file must not hide the others
            log.warning("skipping role %s: %s", role_id, err.message)
    return names


def level_choices(role: str) -> dict[str, str]:
    """The role's career ladder, level id -> display name, junior first."""
    return {level.id: level.name for level in load_role(role).levels}


def category_names(role: str) -> dict[str, str]:
    return {c.id: c.name for c in load_role(role).categories}


def skill_choices(role: str) -> dict[str, str]:
    """The role's skills, id -> name, for the must-have filter."""
    return {s.id: s.name for s in load_role(role).skills}


def sample_files(folder: str | Path) -> dict[str, Path]:
    """The sample résumés shipped with the repository, file name -> path."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {
        p.name: p
        for p in sorted(folder.iterdir())
        if p.is_file()
        and p.suffix.lower().lstrip(".") in UPLOAD_TYPES
        and not p.name.upper().startswith("README")
    }


# ------------------------------------------------------------ the pipeline


@st.cache_resource(show_spinner=False)
def pipeline(role: str) -> Extractor:
    """The compiled extractor (and competency model) for ``role``, built once per process."""
    fit_competencies(load_role(role))
    return get_extractor(role)


@st.cache_resource(show_spinner=False)
def reader() -> IsolatedReader:
    """The reader processes (time and memory limits per file), started once per process.

    A hostile upload that hangs, crashes or blows up memory kills a worker, not the
    app; the worker is restarted for the next file.
    """
    pool = IsolatedReader(limits=LIMITS, workers=READER_WORKERS)
    atexit.register(pool.close)
    pool.read(b"warm-up", name="warm-up.txt")  # start a worker before the first upload
    return pool


def check_upload(data: bytes, name: str, *, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The format the bytes really are ("pdf", "docx", "txt", "md"), or a typed error.

    The size and the content are checked, never the file name's extension: a PNG
    renamed ``cv.pdf`` is refused as the image it is.
    """
    if len(data) > max_bytes:
        raise errors.TooLarge(
            name,
            f"{len(data) / MiB:.1f} MiB is over the app's {max_bytes / MiB:.0f} MiB limit",
            hint="upload a smaller file, or use the skillgap command line",
        )
    return detect_format(data, name=name)


def pasted(text: str) -> tuple[str, bytes]:
    """Pasted text as an upload: the same path as a file from here on."""
    return PASTED_NAME, text.encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def analyse_upload(
    data: bytes,
    name: str,
    *,
    role: str,
    level: str | None = None,
    job: str | None = None,
) -> Analysis:
    """Check and analyse one uploaded (or pasted, or sample) file; cached by content.

    ``level`` is the target level (None: the estimated one); ``job`` a posting's text.
    """
    check_upload(data, name)
    job = job if job and job.strip() else None
    return _analysis(digest(data), name, role, level, job, _data=data)


@st.cache_data(max_entries=256, show_spinner=False)
def _analysis(
    key: str, name: str, role: str, level: str | None, job: str | None, *, _data: bytes
) -> Analysis:
    # ``key`` is the SHA-256 of ``_data``: Streamlit hashes the small arguments only.
    pipeline(role)
    document = reader().read(_data, name=name)
    return analyse_document(document, role=role, target_level=level, job=job)


def explain(err: BaseException) -> str:
    """One sentence for the page, never a traceback (plain text: escape it to show it)."""
    if isinstance(err, errors.SkillgapError):
        return err.message
    log.exception("unexpected error in the app", exc_info=err)
    return (
        f"Something unexpected went wrong ({type(err).__name__}); the file was not "
        "analysed. Please report it with the steps that led here."
    )


# ------------------------------------------------------------- candidate


def percent(value: float) -> str:
    return f"{round(100 * value)}%"


def headline(analysis: Analysis) -> dict[str, str]:
    """The numbers at the top of the page: score, level, years, target (and job fit)."""
    p, s = analysis.profile, analysis.scores
    years = f"{p.years:.1f}"
    out = {
        "Overall score": percent(s.overall),
        "Estimated level": p.level_name,
        "Years of experience": years,
        "Scored against": s.target_level_name,
    }
    if analysis.job is not None:
        out["Job match"] = percent(analysis.job.score)
    return out


def category_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """One row per category: its score for the target level, coverage and target."""
    return [
        {
            "Category": c.name,
            "Kind": "competencies" if c.kind == "competencies" else "skills",
            "Score": round(100 * c.score),
            "Coverage": round(100 * c.coverage),
            "Target": round(100 * c.target),
            "Why": c.why,
        }
        for c in analysis.scores.categories
    ]


def category_chart(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A Vega-Lite spec (rendered by Streamlit's bundled Vega: no network): score bars."""
    return {
        "data": {"values": [dict(r) for r in rows]},
        "height": {"step": 28},
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 3},
                "encoding": {
                    "y": {
                        "field": "Category",
                        "type": "nominal",
                        "sort": None,
                        "title": None,
                        "axis": {"labelLimit": 220},
                    },
                    "x": {
                        "field": "Score",
                        "type": "quantitative",
                        "scale": {"domain": [0, 100]},
                        "title": "Score for the target level (%)",
                    },
                    "color": {
                        "field": "Kind",
                        "type": "nominal",
                        "scale": {
                            "domain": ["skills", "competencies"],
                            "range": ["#1f6fb2", "#e07b00"],
                        },
                        "legend": {"orient": "bottom", "title": None},
                    },
                    "tooltip": [
                        {"field": "Category"},
                        {"field": "Score", "title": "Score %"},
                        {"field": "Coverage", "title": "Coverage %"},
                        {"field": "Target", "title": "Target coverage %"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {
                    "y": {"field": "Category", "type": "nominal", "sort": None},
                    "x": {"field": "Score", "type": "quantitative"},
                    "text": {"field": "Score", "type": "quantitative"},
                },
            },
        ],
    }


def gaps_table(analysis: Analysis) -> list[dict[str, Any]]:
    names = category_names(analysis.extraction.role)
    return [
        {
            "Rank": i,
            "Gap": g.name,
            "Category": names.get(g.category, g.category.capitalize()),
            "Now": g.evidence,
            "Adds (points)": round(100 * g.gain, 1),
            "Advice": g.advice,
        }
        for i, g in enumerate(analysis.gaps, 1)
    ]


def quick_wins_table(analysis: Analysis) -> list[dict[str, Any]]:
    return [
        {
            "Skill": q.name,
            "Listed in": q.line,
            "Adds (points)": round(100 * q.gain, 1),
            "Suggestion": q.suggestion,
        }
        for q in analysis.quick_wins
    ]


def plan_tables(analysis: Analysis) -> list[tuple[str, list[dict[str, Any]]]]:
    """The learning plan: (stage heading, courses) in the guide's order."""
    gap_names = {g.id: g.name for g in analysis.gaps}
    out = []
    for stage in analysis.plan.stages:
        heading = stage.name + (f" ({stage.duration})" if stage.duration else "")
        if stage.effort_hours:
            heading += f" · about {stage.effort_hours:.0f} h"
        rows = [
            {
                "Course": c.title,
                "Provider": c.provider,
                "Closes": ", ".join(gap_names.get(g, g) for g in c.closes),
                "Hours": c.effort_hours,
                "From the role guide": c.source == "guide",
                "Link": c.url or None,
            }
            for c in stage.courses
        ]
        out.append((heading, rows))
    return out


def job_table(analysis: Analysis) -> list[dict[str, Any]]:
    if analysis.job is None:
        return []
    return [
        {
            "Skill": s.name,
            "Asked as": "required" if s.required else "nice to have",
            "Met": s.met,
            "Your evidence": s.strength,
            "Your line": s.cv_line,
            "Posting line": s.line,
        }
        for s in (*analysis.job.required, *analysis.job.nice_to_have)
    ]


def skills_table(analysis: Analysis) -> list[dict[str, Any]]:
    """One row per skill found: category, strength, years, confidence and evidence line."""
    names = category_names(analysis.extraction.role)
    rows = []
    for skill in analysis.extraction.skills:
        best = max(skill.mentions, key=lambda m: (m.method != "implied", m.confidence))
        how = (
            "implied by " + (best.via or best.surface) if best.method == "implied" else best.method
        )
        ev = analysis.profile.skill(skill.id)
        rows.append(
            {
                "Skill": skill.name,
                "Category": names.get(skill.category, skill.category),
                "Shown as": ev.strength if ev else "",
                "Years": round(ev.years, 1) if ev else None,
                "Last used": ev.last_used if ev else None,
                "Confidence": round(skill.confidence, 2),
                "Evidence": ev.line if ev and ev.line else best.sentence,
                "How": how,
                "Mentions": len(skill.mentions),
            }
        )
    return rows


def technologies_table(analysis: Analysis) -> list[dict[str, Any]]:
    return [
        {"Technology": t.name, "Evidence": t.mentions[0].sentence if t.mentions else ""}
        for t in analysis.extraction.technologies
    ]


_MD_ESCAPE = {c: "\\" + c for c in "\\`*_{}[]()#+-.!|~:$^=\"'@/"}
_MD_ESCAPE.update({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MD_TABLE = str.maketrans(_MD_ESCAPE)


def escape_markdown(text: str) -> str:
    """Text that Streamlit's Markdown shows literally: no links, HTML, maths or styles."""
    return text.translate(_MD_TABLE)


def evidence_spans(analysis: Analysis) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, skill name) spans of direct evidence, in order."""
    spans = []
    for skill in (*analysis.extraction.skills, *analysis.extraction.technologies):
        for m in skill.mentions:
            if m.method != "implied" and m.end > m.start:
                spans.append((m.start, m.end, skill.name))
    spans.sort()
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def highlighted_markdown(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """The CV text as escaped Markdown with each evidence span highlighted.

    Every piece of the CV is escaped before it is wrapped; line breaks are kept as
    Markdown hard breaks, blank lines as paragraph breaks.
    """
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end, _name in spans:
        if start < at or end > len(text):
            continue
        pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    pieces.append((text[at:], False))

    lines: list[list[str]] = [[]]
    for piece, marked in pieces:
        for i, part in enumerate(piece.split("\n")):
            if i:
                lines.append([])
            if not part:
                continue
            escaped = escape_markdown(part)
            lines[-1].append(f":{HIGHLIGHT_COLOR}-background[{escaped}]" if marked else escaped)
    out: list[str] = []
    for line in lines:
        joined = "".join(line).strip()
        if joined:
            out.append(joined + "  ")
        elif out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip()


def highlighted_cv(analysis: Analysis) -> str:
    return highlighted_markdown(analysis.document.text, evidence_spans(analysis))


def detected(analysis: Analysis) -> str:
    """What the reader saw, in one line (format, pages, sections, warnings)."""
    doc = analysis.document
    parts = [doc.format.upper()]
    if doc.format == "pdf":
        parts.append(f"{doc.pages} page{'s' if doc.pages != 1 else ''}")
    if doc.encoding:
        parts.append(doc.encoding)
    sections = sorted({s.name for s in doc.sections if s.name != "other"})
    parts.append("sections: " + (", ".join(sections) if sections else "none recognised"))
    if doc.pages_without_text:
        parts.append("pages without text: " + ", ".join(map(str, doc.pages_without_text)))
    parts.extend(doc.warnings)
    return " · ".join(parts)


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


# ------------------------------------------------------------- recruiter


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


@dataclass(slots=True)
class Row:
    """One file of a batch: its analysis, or why it failed."""

    name: str
    analysis: Analysis | None = None
    error: str = ""
    code: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.analysis is not None


def expand_uploads(
    files: Iterable[tuple[str, bytes]], *, limits: Limits = LIMITS
) -> list[Row | Upload]:
    """Uploaded files with every zip archive replaced by its members (read in memory).

    A zip that cannot be read, or a member over the limits, becomes a failed
    :class:`Row`; the other files go on. Members are never written to disk, so their
    names (``../x``, ``/etc/y``) are only labels.
    """
    out: list[Row | Upload] = []
    for name, data in files:
        if not (data.startswith(b"PK\x03\x04") and name.lower().endswith(".zip")):
            out.append(Upload(name, data))
            continue
        try:
            out.extend(_zip_members(name, data, limits))
        except errors.SkillgapError as err:
            out.append(Row(name, error=err.message, code=err.code))
    return out[:MAX_BATCH_FILES]


def _zip_members(name: str, data: bytes, limits: Limits) -> list[Row | Upload]:
    """The members of an uploaded zip, with the limits of ``skillgap screen``'s zip reader.

    Raises (a damaged archive, too many entries) for :func:`expand_uploads` to turn the
    whole archive into one failed row.
    """
    return [
        Upload(m.label, m.data)
        if m.error is None
        else Row(m.label, error=m.error.message, code=m.error.code)
        for m in zip_members(data, name=name, limits=limits)
    ]


def analyse_batch(
    items: Sequence[Row | Upload],
    *,
    role: str,
    level: str | None = None,
    job: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Row]:
    """Analyse every upload; one that fails becomes a row with its reason."""
    rows: list[Row] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(items):
        if isinstance(item, Row):
            rows.append(item)
        else:
            key = digest(item.data)
            if key in seen:
                rows.append(
                    Row(
                        item.name,
                        error=f"{item.name}: the same file as {seen[key]}",
                        code="duplicate",
                    )
                )
            else:
                seen[key] = item.name
                try:
                    analysis = analyse_upload(item.data, item.name, role=role, level=level, job=job)
                    rows.append(Row(item.name, analysis=analysis))
                except Exception as err:  # one file never stops the batch
                    code = err.code if isinstance(err, errors.SkillgapError) else "error"
                    rows.append(Row(item.name, error=explain(err), code=code))
        if progress is not None:
            progress(i + 1, len(items), item.name)
    return rows


def level_rank(role: str) -> dict[str, int]:
    return {lv.id: i for i, lv in enumerate(load_role(role).levels)}


def must_haves_met(analysis: Analysis, must: Sequence[str]) -> list[str]:
    """The must-have skills the CV shows (in a role, a project, a list or a course)."""
    return [skill for skill in must if analysis.profile.skill(skill) is not None]


def ranked_table(
    rows: Sequence[Row],
    *,
    role: str,
    must: Sequence[str] = (),
    min_level: str | None = None,
    only_matching: bool = False,
    blind: bool = False,
) -> list[dict[str, Any]]:
    """The recruiter's table: best first, failed files last with their reason.

    ``only_matching`` drops those missing a must-have; ``min_level`` those estimated
    below it. In blind mode names, e-mails, phones, addresses and links are removed
    from every cell (file names included) and candidates are numbered instead.
    """
    ranks = level_rank(role)
    names = skill_choices(role)
    cats = category_names(role)
    table: list[dict[str, Any]] = []
    for row in rows:
        a = row.analysis
        if a is None:
            continue
        met = must_haves_met(a, must)
        if only_matching and len(met) < len(must):
            continue
        if min_level is not None and ranks.get(a.profile.level, -1) < ranks.get(min_level, 0):
            continue
        clean = redactor_for(a.document.text) if blind else (lambda x: x)
        item: dict[str, Any] = {
            "File": clean(row.name),
            "Status": "ok",
            "Overall": round(100 * a.scores.overall),
        }
        if a.job is not None:
            item["Job match"] = round(100 * a.job.score)
            item["Required met"] = f"{a.job.required_met}/{len(a.job.required)}"
        item["Level"] = a.profile.level_name
        item["Years"] = round(a.profile.years, 1)
        if must:
            item["Must-haves met"] = f"{len(met)}/{len(must)}"
            item["Missing"] = ", ".join(names.get(m, m) for m in must if m not in met)
        for c in a.scores.categories:
            item[cats.get(c.id, c.name)] = round(100 * c.score)
        item["Top gaps"] = ", ".join(g.name for g in a.gaps[:3])
        item["Reason"] = ""
        table.append(item)
    key = "Job match" if any("Job match" in t for t in table) else "Overall"
    table.sort(key=lambda t: (-t.get(key, 0), -t["Overall"]))
    for row in rows:
        if row.analysis is None:
            reason = row.error
            name = row.name
            if blind:
                reason = redact(reason.replace(name, "[file]"))
                name = "[hidden]"
            table.append({"File": name, "Status": row.code or "failed", "Reason": reason})
    columns: list[str] = []
    for t in table:
        columns += [k for k in t if k not in columns]
    out = []
    for i, t in enumerate(table, 1):
        full = {"#": i, **{k: t.get(k) for k in columns}}
        out.append(full)
    return out


def candidate_label(row: Row, index: int, *, blind: bool = False) -> str:
    if blind:
        return f"Candidate {index + 1}"
    return row.name


def candidate_details(row: Row, *, blind: bool = False) -> list[dict[str, Any]]:
    """One candidate's skills with evidence, redacted in blind mode."""
    assert row.analysis is not None
    clean = redactor_for(row.analysis.document.text) if blind else (lambda x: x)
    rows = skills_table(row.analysis)
    for r in rows:
        r["Evidence"] = clean(r["Evidence"])
        r["How"] = clean(r["How"])
    return rows


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


# ----------------------------------------------------------------- coach


def coach_pair(
    before: tuple[str, bytes],
    after: tuple[str, bytes],
    *,
    role: str,
    level: str | None = None,
    job: str | None = None,
) -> tuple[Analysis, Analysis, Comparison]:
    """Both versions scored for the same level (the chosen one, else the new CV's estimate)."""
    new = analyse_upload(after[1], after[0], role=role, level=level, job=job)
    target = level or new.scores.target_level
    old = analyse_upload(before[1], before[0], role=role, level=target, job=job)
    if level is None:
        new = analyse_upload(after[1], after[0], role=role, level=target, job=job)
    return old, new, compare(old, new)


def skill_changes(comparison: Comparison) -> dict[str, str]:
    """Skills gained, lost, stronger and weaker, each as one line of names."""

    def names(changes: Sequence[Any], arrow: bool = False) -> str:
        if arrow:
            return ", ".join(f"{c.name} ({c.before} → {c.after})" for c in changes) or "none"
        return ", ".join(c.name for c in changes) or "none"

    return {
        "Gained": names(comparison.gained),
        "Lost": names(comparison.lost),
        "Stronger evidence": names(comparison.stronger, arrow=True),
        "Weaker evidence": names(comparison.weaker, arrow=True),
    }


def score_changes(comparison: Comparison) -> list[dict[str, Any]]:
    """Overall and per-category scores before and after, in percent."""
    return [
        {
            "Score": c.name,
            "Before": round(100 * c.before),
            "After": round(100 * c.after),
            "Change": round(100 * c.after) - round(100 * c.before),
        }
        for c in (comparison.overall, *comparison.categories)
    ]


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


md = escape_markdown  # the short name app.py uses for every string from a CV or a file


def json_text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
