"""The front door: one call from a résumé (path, upload or text) to its analysis.

read -> extract -> timeline -> profile -> score -> recommend (-> job match)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from .documents import read_document, read_text
from .experience import Timeline, build_timeline
from .extract import get_extractor
from .jobs import JobSource, match_job, read_posting
from .limits import Limits
from .models import Document, Extraction, Gap, JobMatch, Plan, Profile, QuickWin, Scores
from .profile import build_profile
from .recommend import gaps as find_gaps
from .recommend import plan as make_plan
from .recommend import quick_wins as find_quick_wins
from .score import score
from .taxonomy import load_role

Source = str | os.PathLike[str] | bytes | BinaryIO


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything skillgap knows about one résumé for one role."""

    extraction: Extraction
    timeline: Timeline
    profile: Profile
    scores: Scores
    gaps: tuple[Gap, ...]
    quick_wins: tuple[QuickWin, ...]
    plan: Plan
    job: JobMatch | None = None

    @property
    def document(self) -> Document:
        return self.extraction.document

    @property
    def source(self) -> str:
        return self.extraction.document.source

    def to_dict(self) -> dict[str, Any]:
        """The documented, stable JSON object of ``skillgap analyze --format json``."""
        ex = self.extraction
        return {
            "source": ex.document.source,
            "role": ex.role,
            "document": ex.document.to_dict(),
            "skills": [s.to_dict() for s in ex.skills],
            "other_technologies": [
                {"id": t.id, "name": t.name, "evidence": [m.to_dict() for m in t.mentions]}
                for t in ex.technologies
            ],
            "profile": {**self.profile.to_dict(), "timeline": self.timeline.to_dict()},
            "scores": self.scores.to_dict(),
            "gaps": [g.to_dict() for g in self.gaps],
            "quick_wins": [w.to_dict() for w in self.quick_wins],
            "plan": self.plan.to_dict(),
            "job": self.job.to_dict() if self.job is not None else None,
        }


def analyse_document(
    document: Document,
    *,
    role: str = "ml_engineer",
    today: date | None = None,
    target_level: str | None = None,
    job: JobSource | None = None,
) -> Analysis:
    """Analyse a document already read. ``today`` is what "Present" means (default: today).

    ``job`` is a posting: its text (``str``), a path (``os.PathLike``), bytes, a binary
    stream, or a ``Document``.
    """
    today = today or date.today()
    taxonomy = load_role(role)
    if target_level is not None:
        taxonomy.level(target_level)  # an unknown level fails with the valid ones
    extraction = get_extractor(role).extract(document)
    timeline = build_timeline(document, today=today)
    profile = build_profile(extraction, timeline, taxonomy, today=today)
    scores = score(profile, extraction, taxonomy, target_level=target_level)
    found = find_gaps(profile, scores, taxonomy)
    match = None
    if job is not None:
        posting = job if isinstance(job, Document) else read_posting(job)
        match = match_job(posting, extraction, profile, role=role, timeline=timeline)
    return Analysis(
        extraction=extraction,
        timeline=timeline,
        profile=profile,
        scores=scores,
        gaps=found,
        quick_wins=find_quick_wins(profile, scores, taxonomy),
        plan=make_plan(found, scores, taxonomy),
        job=match,
    )


def analyse(
    source: Source,
    *,
    role: str = "ml_engineer",
    name: str | None = None,
    limits: Limits | None = None,
    today: date | None = None,
    target_level: str | None = None,
    job: JobSource | None = None,
    isolate: bool = True,
) -> Analysis:
    """Read a résumé (a path, a binary stream or bytes) and analyse it for ``role``.

    With ``isolate`` (the default) the file is read in a worker process with the
    time and memory limits of ``limits`` (see :mod:`skillgap.isolation`).
    Raises a :class:`skillgap.errors.SkillgapError` subclass with a stable
    ``code`` when the file cannot be read or the role is unknown.
    """
    if isolate:
        from .isolation import read_isolated

        document = read_isolated(source, name=name, limits=limits)
    else:
        document = read_document(source, name=name, limits=limits)
    return analyse_document(document, role=role, today=today, target_level=target_level, job=job)


def analyse_text(
    text: str,
    *,
    role: str = "ml_engineer",
    name: str = "<text>",
    today: date | None = None,
    target_level: str | None = None,
    job: JobSource | None = None,
) -> Analysis:
    """Analyse pasted text."""
    return analyse_document(
        read_text(text, name=name), role=role, today=today, target_level=target_level, job=job
    )
