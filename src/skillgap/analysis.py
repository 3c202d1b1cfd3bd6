"""The front door: one call from a résumé (path, upload or text) to its analysis."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, BinaryIO

from .documents import read_document, read_text
from .extract import get_extractor
from .limits import Limits
from .models import Document, Extraction

Source = str | os.PathLike[str] | bytes | BinaryIO


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything skillgap knows about one résumé for one role."""

    extraction: Extraction

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
        }


def analyse_document(document: Document, *, role: str = "ml_engineer") -> Analysis:
    return Analysis(get_extractor(role).extract(document))


def analyse(
    source: Source,
    *,
    role: str = "ml_engineer",
    name: str | None = None,
    limits: Limits | None = None,
) -> Analysis:
    """Read a résumé (a path, a binary stream or bytes) and analyse it for ``role``.

    Raises a :class:`skillgap.errors.SkillgapError` subclass with a stable
    ``code`` when the file cannot be read or the role is unknown.
    """
    document = read_document(source, name=name, limits=limits)
    return analyse_document(document, role=role)


def analyse_text(text: str, *, role: str = "ml_engineer", name: str = "<text>") -> Analysis:
    """Analyse pasted text."""
    return analyse_document(read_text(text, name=name), role=role)
