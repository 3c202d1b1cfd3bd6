"""skillgap: find a target role's skills in a résumé, score them, and say what is missing.

>>> import skillgap
>>> result = skillgap.analyse("cv.pdf")            # a path, a binary stream or bytes
>>> [s.id for s in result.extraction.skills]
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import SkillgapError  # noqa: E402

# The front door is loaded on first use (PEP 562): importing skillgap, or its
# CLI, does not load spaCy until an analysis needs it.
_LAZY = {
    "Analysis": "analysis",
    "analyse": "analysis",
    "analyse_document": "analysis",
    "analyse_text": "analysis",
    "screen": "screen",  # skillgap.screen(inputs, ...); Dask is imported only when used
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'skillgap' has no attribute {name!r}")


__all__ = [
    "Analysis",
    "SkillgapError",
    "__version__",
    "analyse",
    "analyse_document",
    "analyse_text",
]
