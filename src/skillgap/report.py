"""Reports for people: Markdown, and one self-contained printable HTML page.

    to_markdown(analysis, notes="") -> str
    to_html(analysis, notes="") -> str

Both return text and never print. Résumé text is hostile: every string that comes
from a document (and, to be safe, from the taxonomy and the notes) is escaped, in
HTML with ``html.escape`` and in Markdown by escaping HTML and the Markdown
characters that make links, images, emphasis and table cells. The HTML page has
no script and no external asset: inline CSS and an inline SVG bar chart.
"""

from __future__ import annotations

import html
import re

from .analysis import Analysis
from .models import CategoryScore

BAR_COLOUR = "#1f6fb2"  # category bars (tests look for this colour in a screenshot)
OVERALL_COLOUR = "#e07b00"  # the overall bar
TARGET_COLOUR = "#333333"

SECTIONS = (
    "Summary",
    "Scores",
    "Evidence per skill",
    "Gaps",
    "Quick wins",
    "Learning plan",
    "Job match",
    "Coach notes",
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|!#~])")


# ---------------------------------------------------------------- Markdown


def md(text: object) -> str:
    """One line of untrusted text, safe inside Markdown (and a table cell)."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def to_markdown(analysis: Analysis, *, notes: str = "") -> str:
    p, s = analysis.profile, analysis.scores
    out = [
        f"# Skill-gap report: {md(analysis.source)}",
        "",
        f"Role: {md(_role_name(analysis))} · scored for **{md(s.target_level_name)}** · "
        f"scoring {md(s.version)}",
        "",
        "## Summary",
        "",
        f"- Estimated level: **{md(p.level_name)}** ({p.years:g} years full-time"
        + (f", internships {p.internship_years:g} years apart" if p.internship_years else "")
        + ")",
        f"- Overall score: **{s.overall:.0%}**",
    ]
    out += [f"- {md(r)}" for r in p.level_reasons]
    out += [
        "",
        "## Scores",
        "",
        "| Category | Score | Coverage / target | Why |",
        "|---|---|---|---|",
    ]
    out.append(f"| **Overall** | **{s.overall:.0%}** | | {md(s.why[0])} |")
    for c in s.categories:
        out.append(
            f"| {md(c.name)} | {c.score:.0%} | {c.coverage:.2f} / {c.target:.2f} | {md(c.why)} |"
        )
    out += [
        "",
        "## Evidence per skill",
        "",
        "| Skill | Shown as | Years | Last used | Line |",
        "|---|---|---|---|---|",
    ]
    for ev in p.skills:
        how = f"{ev.strength} (implied)" if ev.implied else ev.strength
        last = str(ev.last_used) if ev.last_used else ""
        out.append(f"| {md(ev.name)} | {how} | {ev.years:g} | {last} | {md(ev.line)} |")
    shown = [c for c in p.competencies if c.score > 0]
    if shown:
        out += ["", "| Competency | Score | How | Line |", "|---|---|---|---|"]
        for comp in shown:
            how = f'phrase "{md(comp.phrase)}"' if comp.method == "phrase" else comp.method
            out.append(f"| {md(comp.name)} | {comp.score:.0%} | {how} | {md(comp.line)} |")
    out += ["", "## Gaps", ""]
    if analysis.gaps:
        out += ["| # | Gap | Now | Adds | Advice |", "|---|---|---|---|---|"]
        for i, g in enumerate(analysis.gaps, 1):
            out.append(
                f"| {i} | {md(g.name)} | {g.evidence} | +{100 * g.gain:.1f} | {md(g.advice)} |"
            )
    else:
        out.append("No gaps for this level.")
    out += ["", "## Quick wins", ""]
    out += [
        f"- **{md(w.name)}**: {md(w.suggestion)} (now: {md(w.line)})" for w in analysis.quick_wins
    ]
    if not analysis.quick_wins:
        out.append("None: every skill shown is backed by a role or project.")
    out += ["", "## Learning plan", ""]
    names = {g.id: g.name for g in analysis.gaps}
    for stage in analysis.plan.stages:
        hours = f", about {stage.effort_hours:g} h" if stage.effort_hours else ""
        out += [f"### {md(stage.name)} ({md(stage.duration)}{hours})", ""]
        for course in stage.courses:
            effort = (
                f"{course.effort_hours:g} h"
                if course.effort_hours is not None
                else "effort not known"
            )
            guide = " · from the role guide" if course.source == "guide" else ""
            closes = ", ".join(md(names.get(t, t)) for t in course.closes)
            out.append(
                f"- **{md(course.title)}** ({md(course.provider)}; {effort}{guide})"
                f": closes {closes}"
            )
        out.append("")
    if analysis.plan.stages:
        out.append(f"Total: about {analysis.plan.total_hours:g} hours" + _unknown(analysis))
    else:
        out.append("No course needed for this level.")
    if analysis.plan.uncovered:
        out.append(
            "No course in the taxonomy teaches: "
            + ", ".join(md(names.get(u, u)) for u in analysis.plan.uncovered)
        )
    if analysis.job is not None:
        job = analysis.job
        out += [
            "",
            "## Job match",
            "",
            f"Score **{job.score:.0%}** · required met {job.required_met}/{len(job.required)} · "
            f"nice to have met {job.nice_to_have_met}/{len(job.nice_to_have)}",
            "",
            "| Skill | Asked as | Met | Your evidence | Posting line |",
            "|---|---|---|---|---|",
        ]
        for j in (*job.required, *job.nice_to_have):
            asked = "required" if j.required else "nice to have"
            met = "yes" if j.met else "**no**"
            out.append(f"| {md(j.name)} | {asked} | {met} | {j.strength} | {md(j.line)} |")
    out += ["", "## Coach notes", ""]
    out += [md(line) for line in notes.splitlines()] if notes.strip() else ["(none)"]
    return "\n".join(out) + "\n"


def _unknown(analysis: Analysis) -> str:
    n = len(analysis.plan.unknown_effort)
    return f" (+ {n} course{'s' if n != 1 else ''} without an estimate)" if n else ""


def _role_name(analysis: Analysis) -> str:
    from .taxonomy import load_role

    try:
        return load_role(analysis.extraction.role).name
    except Exception:  # a role file gone since the analysis: the id will do
        return analysis.extraction.role


# -------------------------------------------------------------------- HTML


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


_CSS = """
body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:1100px;margin:24px auto;
padding:0 24px;font-size:14px;line-height:1.4}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #ddd;
padding-bottom:4px;margin-top:28px}h3{font-size:15px;margin:16px 0 6px}
.meta{color:#555}.big{font-size:20px;font-weight:bold}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;white-space:nowrap}
.used{color:#11643a}.listed{color:#8a5a00}.course{color:#555}.missing{color:#a00}
.notes{white-space:pre-wrap;border:1px solid #ccc;padding:8px;min-height:60px}
section{page-break-inside:avoid}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}a{color:#222}}
"""


def chart_svg(overall: float, categories: tuple[CategoryScore, ...]) -> str:
    """A horizontal bar chart of the overall and per-category scores (inline SVG)."""
    label_w, bar_w, row_h = 230, 520, 30
    rows = [("Overall", overall, None, OVERALL_COLOUR)] + [
        (c.name, c.score, c.coverage / c.target if c.target else None, BAR_COLOUR)
        for c in categories
    ]
    height = row_h * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 70}" '
        f'height="{height}" role="img" aria-label="Scores by category">'
    ]
    for i, (name, value, _, colour) in enumerate(rows):
        y = 10 + i * row_h
        width = max(0.0, min(1.0, value)) * bar_w
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'font-family="Helvetica,Arial,sans-serif">{e(name)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="20" fill="#eeeeee"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="20" fill="{colour}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 17}" font-size="13" '
            f'font-family="Helvetica,Arial,sans-serif">{value:.0%}</text>'
        )
    for tick in (0.0, 0.5, 1.0):
        x = label_w + tick * bar_w
        parts.append(
            f'<line x1="{x:.1f}" y1="8" x2="{x:.1f}" y2="{height - 18}" stroke="#999" '
            f'stroke-dasharray="2,3"/><text x="{x:.1f}" y="{height - 4}" font-size="11" '
            f'text-anchor="middle">{tick:.0%}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def to_html(analysis: Analysis, *, notes: str = "") -> str:
    """One self-contained, printable HTML page (no script, no external asset)."""
    p, s = analysis.profile, analysis.scores
    body = [
        f"<h1>Skill-gap report: {e(analysis.source)}</h1>",
        f'<p class="meta">Role: {e(_role_name(analysis))} · scored for '
        f"<b>{e(s.target_level_name)}</b> · {e(s.version)}"
        + (f" · “Present” read as {e(p.today)}" if p.today else "")
        + "</p>",
        '<section id="summary"><h2>Summary</h2>',
        f'<p><span class="big">{s.overall:.0%}</span> overall · estimated level '
        f"<b>{e(p.level_name)}</b> · {p.years:g} years full-time"
        + (
            f" (internships: {p.internship_years:g} years, not counted)"
            if p.internship_years
            else ""
        )
        + "</p><ul>"
        + "".join(f"<li>{e(r)}</li>" for r in p.level_reasons)
        + "</ul></section>",
        '<section id="scores"><h2>Scores</h2>',
        chart_svg(s.overall, s.categories),
        "<table><tr><th>Category</th><th>Score</th><th>Coverage / target</th><th>Why</th></tr>",
    ]
    for c in s.categories:
        body.append(
            f'<tr><td>{e(c.name)}</td><td class="num">{c.score:.0%}</td>'
            f'<td class="num">{c.coverage:.2f} / {c.target:.2f}</td><td>{e(c.why)}</td></tr>'
        )
    body.append("</table></section>")
    body += [
        '<section id="evidence"><h2>Evidence per skill</h2>',
        "<table><tr><th>Skill</th><th>Category</th><th>Shown as</th><th>Years</th>"
        "<th>Last used</th><th>Line of the CV</th></tr>",
    ]
    cat_names = {c.id: c.name for c in s.categories}
    for ev in p.skills:
        how = ev.strength + (" (implied)" if ev.implied else "")
        body.append(
            f"<tr><td>{e(ev.name)}</td><td>{e(cat_names.get(ev.category, ev.category))}</td>"
            f'<td class="{e(ev.strength)}">{e(how)}</td><td class="num">{ev.years:g}</td>'
            f'<td class="num">{e(ev.last_used or "")}</td><td>{e(ev.line)}</td></tr>'
        )
    body.append("</table>")
    shown = [c for c in p.competencies if c.score > 0]
    if shown:
        body.append("<h3>Responsibilities and domains</h3><table><tr><th>Competency</th>"
                    "<th>Score</th><th>How</th><th>Line of the CV</th></tr>")  # fmt: skip
        for comp in shown:
            how = f"phrase “{comp.phrase}”" if comp.method == "phrase" else "similar wording"
            body.append(
                f'<tr><td>{e(comp.name)}</td><td class="num">{comp.score:.0%}</td><td>{e(how)}</td>'
                f"<td>{e(comp.line)}</td></tr>"
            )
        body.append("</table>")
    body.append("</section>")
    body.append('<section id="gaps"><h2>Gaps</h2>')
    if analysis.gaps:
        body.append(
            "<table><tr><th>#</th><th>Gap</th><th>Now</th><th>Adds</th><th>Advice</th></tr>"
        )
        for i, g in enumerate(analysis.gaps, 1):
            body.append(
                f'<tr><td class="num">{i}</td><td>{e(g.name)}</td><td class="{e(g.evidence)}">'
                f'{e(g.evidence)}</td><td class="num">+{100 * g.gain:.1f}</td>'
                f"<td>{e(g.advice)}</td></tr>"
            )
        body.append("</table>")
    else:
        body.append("<p>No gaps for this level.</p>")
    body.append("</section>")
    body.append('<section id="quick-wins"><h2>Quick wins</h2>')
    if analysis.quick_wins:
        body.append("<ul>")
        body += [
            f"<li><b>{e(w.name)}</b>: {e(w.suggestion)}<br><small>Now: {e(w.line)}</small></li>"
            for w in analysis.quick_wins
        ]
        body.append("</ul>")
    else:
        body.append("<p>None: every skill shown is backed by a role or project.</p>")
    body.append("</section>")
    body.append(_plan_html(analysis))
    if analysis.job is not None:
        body.append(_job_html(analysis))
    body.append('<section id="notes"><h2>Coach notes</h2>')
    body.append(f'<div class="notes">{e(notes)}</div></section>')
    title = f"skillgap: {analysis.source}"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>"
    )


def _plan_html(analysis: Analysis) -> str:
    plan = analysis.plan
    names = {g.id: g.name for g in analysis.gaps}
    parts = ['<section id="plan"><h2>Learning plan</h2>']
    if not plan.stages:
        parts.append("<p>No course needed for this level.</p>")
    for stage in plan.stages:
        hours = f" · about {stage.effort_hours:g} h" if stage.effort_hours else ""
        parts.append(f"<h3>{e(stage.name)} <small>({e(stage.duration)}{hours})</small></h3><ul>")
        for c in stage.courses:
            effort = f"{c.effort_hours:g} h" if c.effort_hours is not None else "effort not known"
            guide = " · <i>from the role guide</i>" if c.source == "guide" else ""
            title = e(c.title)
            if c.url.startswith("https://"):
                title = f'<a href="{e(c.url)}">{title}</a>'
            closes = ", ".join(e(names.get(t, t)) for t in c.closes)
            parts.append(
                f"<li><b>{title}</b> ({e(c.provider)}; {effort}{guide}): closes {closes}</li>"
            )
        parts.append("</ul>")
    if plan.stages:
        parts.append(
            f"<p>Total: about <b>{plan.total_hours:g} hours</b>{e(_unknown(analysis))}.</p>"
        )
    if plan.uncovered:
        parts.append("<p>No course in the taxonomy teaches: "
                     + ", ".join(e(names.get(u, u)) for u in plan.uncovered) + "</p>")  # fmt: skip
    parts.append("</section>")
    return "".join(parts)


def _job_html(analysis: Analysis) -> str:
    job = analysis.job
    assert job is not None
    parts = [
        '<section id="job"><h2>Job match</h2>',
        f'<p><span class="big">{job.score:.0%}</span> · required met {job.required_met}/'
        f"{len(job.required)} · nice to have met {job.nice_to_have_met}/{len(job.nice_to_have)}"
        f" · posting: {e(job.source)}</p>",
        "<table><tr><th>Skill</th><th>Asked as</th><th>Met</th><th>Your evidence</th>"
        "<th>Posting line</th></tr>",
    ]
    for j in (*job.required, *job.nice_to_have):
        parts.append(
            f"<tr><td>{e(j.name)}</td><td>{'required' if j.required else 'nice to have'}</td>"
            f'<td class="{"used" if j.met else "missing"}">{"yes" if j.met else "no"}</td>'
            f"<td>{e(j.strength)}</td><td>{e(j.line)}</td></tr>"
        )
    parts.append("</table></section>")
    return "".join(parts)
