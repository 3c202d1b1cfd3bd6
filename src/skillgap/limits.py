"""Resource limits for reading one document.

The defaults are far beyond any genuine résumé (an academic CV can run to 40
pages and carry a few photos) yet small enough that a hostile or broken file is
refused before it can exhaust the machine. The readers in
:mod:`skillgap.documents` enforce the size, page and ZIP limits themselves;
``seconds`` and ``memory_bytes`` are enforced by the isolation layer that runs
a reader in a child process.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

MiB = 1 << 20
GiB = 1 << 30

ENV_PREFIX = "SKILLGAP_"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one document may cost to read. Every field is a hard ceiling."""

    max_file_bytes: int = 20 * MiB
    max_pages: int = 100
    max_decompressed_bytes: int = 100 * MiB  # DOCX: total inflated size of its ZIP entries
    max_compression_ratio: float = 200.0  # DOCX: inflated / compressed, per ZIP entry
    max_zip_entries: int = 2000
    seconds: float = 30.0  # enforced by the isolation layer, not the readers
    memory_bytes: int = 2 * GiB  # enforced by the isolation layer, not the readers

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"Limits.{f.name} must be a positive number, got {value!r}")

    def override(self, **changes: Any) -> Limits:
        """A copy with some limits changed; unknown names are refused with the valid ones."""
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            valid = ", ".join(f.name for f in fields(self))
            raise ValueError(f"unknown limit(s) {', '.join(unknown)}; valid: {valid}")
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults overridden by ``SKILLGAP_MAX_PAGES=200``-style variables."""
        environ = os.environ if environ is None else environ
        changes: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is None or not raw.strip():
                continue
            kind = float if f.type in ("float", float) else int
            try:
                changes[f.name] = kind(raw)
            except ValueError:
                raise ValueError(
                    f"{ENV_PREFIX}{f.name.upper()}={raw!r} is not a {kind.__name__}"
                ) from None
        return cls(**changes)


DEFAULT_LIMITS = Limits()


def resolve(limits: Limits | Mapping[str, Any] | None) -> Limits:
    """Settings resolve from ``None`` (defaults, with any ``SKILLGAP_*`` environment
    overrides), a dict of overrides, or an instance."""
    if limits is None:
        return Limits.from_env()
    if isinstance(limits, Limits):
        return limits
    return DEFAULT_LIMITS.override(**dict(limits))
