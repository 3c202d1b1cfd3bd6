"""Plain, frozen data types that flow between the stages of the pipeline.

    read -> Document -> extract -> Extraction -> profile -> score -> recommend

Every type here is immutable and converts to JSON-ready dicts with
``to_dict``; nothing here does work.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Canonical section names a reader may report (``other`` = text before or
# outside any recognised heading).
SECTION_NAMES = (
    "contact",
    "summary",
    "skills",
    "experience",
    "projects",
    "education",
    "certifications",
    "courses",
    "publications",
    "awards",
    "languages",
    "interests",
    "volunteering",
    "references",
    "other",
)


@dataclass(frozen=True, slots=True)
class Section:
    """A span of ``Document.text`` under one heading."""

    name: str  # canonical name, one of SECTION_NAMES
    heading: str  # the heading as written ("" for the text before any heading)
    start: int  # offset of the first character after the heading line
    end: int  # offset one past the last character of the section


@dataclass(frozen=True, slots=True)
class Document:
    """What a reader saw in one file: its text and how it was laid out."""

    source: str  # the file name (or "<text>" for pasted text)
    format: str  # "pdf", "docx", "txt" or "md": detected from content
    text: str
    pages: int = 1
    sections: tuple[Section, ...] = ()
    encoding: str | None = None  # text files only
    pages_without_text: tuple[int, ...] = ()  # 1-based page numbers
    warnings: tuple[str, ...] = ()

    def section_at(self, offset: int) -> str:
        """The canonical name of the section holding ``offset``."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section.name
        return "other"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("text")
        return data


@dataclass(frozen=True, slots=True)
class Mention:
    """One piece of evidence that a résumé shows a skill."""

    skill_id: str
    surface: str  # the text as written ("Pytorch", "tf.keras")
    start: int  # character span in Document.text
    end: int
    section: str
    method: str  # "exact" | "alias" | "fuzzy" | "implied"
    confidence: float  # 0..1
    sentence: str  # the line or sentence around the mention
    via: str | None = None  # for implied mentions: the skill or term that implied it
    note: str | None = None  # for rejected candidates: why they were not taken

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """A skill of the role that the résumé shows, with all its evidence."""

    id: str
    name: str
    category: str
    mentions: tuple[Mention, ...]

    @property
    def confidence(self) -> float:
        return max((m.confidence for m in self.mentions), default=0.0)

    @property
    def direct(self) -> bool:
        """True when the skill is named, not only implied by another."""
        return any(m.method != "implied" for m in self.mentions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "confidence": round(self.confidence, 3),
            "evidence": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """The skills found in one document, and the mentions that were rejected."""

    document: Document
    role: str
    skills: tuple[SkillMatch, ...]  # the role's skills found, in taxonomy order
    technologies: tuple[SkillMatch, ...] = field(default=())  # other known tools found
    rejected: tuple[Mention, ...] = field(default=())  # candidates the rules turned down

    @property
    def skill_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.skills)

    def get(self, skill_id: str) -> SkillMatch | None:
        for skill in self.skills:
            if skill.id == skill_id:
                return skill
        return None


# ------------------------------------------------------------------ advice
# The types of the later stages (profile -> score -> recommend -> jobs). The
# JSON of ``Analysis.to_dict`` is ``to_dict()`` of these.

EVIDENCE_STRENGTHS = ("used", "listed", "course", "none")  # strongest first


def _plain(obj: Any) -> dict[str, Any]:
    """``asdict`` with floats rounded for JSON (3 decimals)."""

    def tidy(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, 3)
        if isinstance(value, dict):
            return {k: tidy(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [tidy(v) for v in value]
        return value

    return tidy(asdict(obj))


@dataclass(frozen=True, slots=True)
class SkillEvidence:
    """How strongly a résumé shows one skill of the role, and for how long."""

    id: str
    name: str
    category: str
    strength: str  # "used" (a role or project) > "listed" (skills, summary) > "course"
    implied: bool  # every mention at that strength is implied by another skill or term
    years: float  # union of the dates of the roles whose text holds a mention
    last_used: int | None  # the last year of those roles
    roles: tuple[str, ...]  # titles of those roles
    line: str  # the best line of evidence (the strongest mention's sentence)

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class CompetencyEvidence:
    """How the experience text shows one softer competency (responsibility, domain...)."""

    id: str
    name: str
    kind: str  # responsibility | domain | emerging
    score: float  # 0..1
    method: str  # "phrase" | "similar" | "none"
    strength: str  # the section's strength: "used" | "listed" | "course" | "none"
    phrase: str  # the phrase found ("" unless method == "phrase")
    line: str  # the line that gave the score

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Profile:
    """What the résumé shows: evidence per skill, career years and a level with reasons."""

    role: str
    years: float  # full-time career years (overlaps merged)
    internship_years: float  # kept apart: not counted in ``years``
    level: str  # a level id of the role's ladder
    level_name: str
    years_level: str  # the level by years alone, before skills and competencies
    level_reasons: tuple[str, ...]
    skills: tuple[SkillEvidence, ...]  # the role's skills found, in taxonomy order
    competencies: tuple[CompetencyEvidence, ...]  # every competency of the role
    today: str  # ISO date "Present" was read as

    def skill(self, skill_id: str) -> SkillEvidence | None:
        for skill in self.skills:
            if skill.id == skill_id:
                return skill
        return None

    def competency(self, competency_id: str) -> CompetencyEvidence | None:
        for item in self.competencies:
            if item.id == competency_id:
                return item
        return None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class ScoreItem:
    """One skill or competency's part in a category score."""

    id: str
    name: str
    weight: float  # the skill's importance (competencies: 1.0)
    credit: float  # 0..1: 1 for used, partial for weak evidence, 0 when missing
    evidence: str  # used | listed | course | implied | phrase | similar | missing
    line: str  # the CV line that gave the credit ("" when missing)


@dataclass(frozen=True, slots=True)
class CategoryScore:
    id: str
    name: str
    kind: str  # "skills" (a category of the role) | "competencies"
    weight: float  # the category's weight in the overall score
    coverage: float  # sum(weight * credit) / sum(weight) over its items
    target: float  # the coverage the target level expects
    score: float  # min(1, coverage / target), in [0, 1]
    items: tuple[ScoreItem, ...]
    why: str


@dataclass(frozen=True, slots=True)
class Scores:
    version: str  # SCORING_VERSION: scores of different versions do not compare
    target_level: str
    target_level_name: str
    overall: float  # weighted mean of the category scores, in [0, 1]
    categories: tuple[CategoryScore, ...]
    why: tuple[str, ...]

    def category(self, category_id: str) -> CategoryScore:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Gap:
    """A skill or competency that is missing or weakly shown, for the target level."""

    id: str
    name: str
    category: str  # a category id, or "competencies"
    kind: str  # "missing" | "weak"
    evidence: str  # what the résumé shows now: listed | course | implied | similar | missing
    importance: float
    gain: float  # what closing it would add to the overall score, at the target level
    advice: str
    courses: tuple[str, ...] = ()  # ids of the courses that teach it, the guide's first

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class QuickWin:
    """A skill only listed: a line of evidence in a role or project would count it fully."""

    id: str
    name: str
    line: str  # where it is listed
    gain: float
    suggestion: str

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class PlanCourse:
    id: str
    title: str
    provider: str
    url: str
    stage: str
    source: str  # "guide" (the role guide names it) | "skillgap"
    effort_hours: float | None
    closes: tuple[str, ...]  # the gap ids it teaches
    gain: float  # the sum of those gaps' gains


@dataclass(frozen=True, slots=True)
class PlanStage:
    id: str
    name: str
    duration: str
    courses: tuple[PlanCourse, ...]
    effort_hours: float  # the stage's known hours


@dataclass(frozen=True, slots=True)
class Plan:
    """The courses that close the gaps, grouped by the guide's learning stages."""

    stages: tuple[PlanStage, ...]  # only stages with courses, in the guide's order
    total_hours: float  # the courses with a known effort
    unknown_effort: tuple[str, ...]  # course ids without an effort estimate
    uncovered: tuple[str, ...]  # gap ids no course of the taxonomy teaches

    @property
    def courses(self) -> tuple[PlanCourse, ...]:
        return tuple(c for stage in self.stages for c in stage.courses)

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class JobSkill:
    """A skill a job posting asks for, and whether the résumé shows it."""

    id: str
    name: str
    required: bool
    in_role: bool  # a skill of the role's taxonomy (False: a shared technology)
    cue: str  # the wording or heading that decided required / nice to have
    line: str  # the posting's line
    met: bool
    strength: str  # the résumé's evidence: used | listed | course | none
    credit: float
    cv_line: str  # the résumé's line ("" when not met)


@dataclass(frozen=True, slots=True)
class JobMatch:
    source: str
    required: tuple[JobSkill, ...]
    nice_to_have: tuple[JobSkill, ...]
    required_met: int  # how many required skills the résumé shows
    nice_to_have_met: int
    score: float  # 0..1
    why: tuple[str, ...]

    @property
    def missing_required(self) -> tuple[JobSkill, ...]:
        return tuple(s for s in self.required if not s.met)

    @property
    def outside_role(self) -> tuple[JobSkill, ...]:
        """Skills the posting names that the role's taxonomy lacks."""
        return tuple(s for s in (*self.required, *self.nice_to_have) if not s.in_role)

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)
