"""The candidate view's data: headline numbers, category scores and chart, gaps, plan.

Pure functions of an :class:`~skillgap.analysis.Analysis`, no Streamlit: each returns
the rows of one table (or the spec of one chart, or one line of text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..analysis import Analysis
from .choices import category_names


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
