"""What the sidebar and the pickers offer: roles, levels, skills and sample résumés."""

from __future__ import annotations

import logging
from pathlib import Path

from .. import errors
from ..taxonomy import DEFAULT_ROLE, available_roles, load_role
from .uploads import UPLOAD_TYPES

log = logging.getLogger(__name__)


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


def ranking_level(role: str, chosen: str | None) -> str:
    """The level a batch of CVs is scored for: the one chosen, else the role's middle
    rung, so that a ranked table compares every CV with one yardstick."""
    return chosen or load_role(role).middle_level.id


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
