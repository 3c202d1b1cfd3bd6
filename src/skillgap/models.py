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
