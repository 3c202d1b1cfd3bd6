"""skillgap: find a target role's skills in a résumé, score them, and say what is missing.

>>> import skillgap
>>> result = skillgap.analyse("cv.pdf")            # a path, a binary stream or bytes
>>> [s.id for s in result.extraction.skills]
"""

from __future__ import annotations

__version__ = "0.1.0"

from .analysis import Analysis, analyse, analyse_document, analyse_text  # noqa: E402
from .errors import SkillgapError  # noqa: E402

__all__ = [
    "Analysis",
    "SkillgapError",
    "__version__",
    "analyse",
    "analyse_document",
    "analyse_text",
]
