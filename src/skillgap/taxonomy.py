"""Roles are data: load and validate a role file into plain frozen objects.

A role file (``format: skillgap-role/1``, YAML) holds the role's skill
categories and skills with their aliases, implications and context rules, the
softer competencies, the career ladder and the courses. Every role also knows
the shared technologies of ``technologies.yaml`` by name. Errors name the file
and the key (``skills[3].category``) and list the valid values.

Role files are looked up in, in order: directories named by the environment
variable ``SKILLGAP_TAXONOMY_PATH`` (``os.pathsep``-separated), the ``roles``
folder shipped inside the installed package, and the repository's
``taxonomy/`` folder (for editable installs and a source checkout).

This module holds the objects and finds and reads the files; checking what a file
holds and building the objects from it is ``taxonomy_build``'s part.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import TaxonomyError, UnknownRole

ROLE_FORMAT = "skillgap-role/1"
TECHNOLOGIES_FORMAT = "skillgap-technologies/1"
TECHNOLOGIES_FILE = "technologies.yaml"
DEFAULT_ROLE = "ml_engineer"
# libyaml's safe loader when PyYAML was built with it: five times faster on a
# role file, a tenth of `skillgap analyze`'s start-up. Same safety as safe_load.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Alias:
    """One way a skill can be written, and the rules for accepting it."""

    term: str
    case_sensitive: bool = False
    needs: str | None = None  # a context id that must confirm the mention
    not_before: tuple[str, ...] = ()  # reject when the next token is one of these
    not_after: tuple[str, ...] = ()  # reject when the previous token is one of these
    fuzzy: bool = True  # may a misspelling of this term match?


@dataclass(frozen=True, slots=True)
class Skill:
    id: str
    name: str
    category: str  # a category id, or "" for a shared technology
    importance: float = 0.5
    aliases: tuple[Alias, ...] = ()
    implied_by: tuple[Alias, ...] = ()  # terms whose mention implies this skill
    implied_by_skills: tuple[str, ...] = ()  # skills whose presence implies this one
    patterns: tuple[str, ...] = ()  # regular expressions for forms no token matcher sees
    guide: str = ""  # how the role guide names it


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Context:
    id: str
    window: int
    cues: tuple[str, ...]
    anti_cues: tuple[str, ...] = ()
    lists: bool = True  # does standing in a list of technologies confirm?
    neighbours: tuple[str, ...] = ()  # only these technologies confirm (all when empty)


@dataclass(frozen=True, slots=True)
class Competency:
    id: str
    kind: str  # responsibility | domain | emerging
    name: str
    description: str
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    name: str
    min_years: float
    max_years: float | None
    expects: str
    target_coverage: Mapping[str, float]
    competencies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stage:
    id: str
    name: str
    duration: str = ""


@dataclass(frozen=True, slots=True)
class Course:
    id: str
    title: str
    provider: str
    stage: str
    teaches: tuple[str, ...]
    source: str = "skillgap"  # "guide" when the role guide names it
    url: str = ""
    effort_hours: float | None = None


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    version: int
    summary: str
    path: str
    categories: tuple[Category, ...]
    skills: tuple[Skill, ...]
    technologies: tuple[Skill, ...]
    contexts: Mapping[str, Context]
    competencies: tuple[Competency, ...]
    levels: tuple[Level, ...]
    stages: tuple[Stage, ...]
    courses: tuple[Course, ...]

    def skill(self, skill_id: str) -> Skill:
        for skill in self.skills:
            if skill.id == skill_id:
                return skill
        raise KeyError(skill_id)

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def skills_in(self, category_id: str) -> tuple[Skill, ...]:
        return tuple(s for s in self.skills if s.category == category_id)

    def level(self, level_id: str) -> Level:
        for level in self.levels:
            if level.id == level_id:
                return level
        valid = ", ".join(lv.id for lv in self.levels)
        raise UnknownRole(self.path, f"unknown level {level_id!r} (valid: {valid})")

    @property
    def middle_level(self) -> Level:
        """The ladder's middle rung (the lower of two): the common yardstick when many
        CVs are ranked and no target level is given."""
        return self.levels[(len(self.levels) - 1) // 2]

    @property
    def skill_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.skills)


# ---------------------------------------------------------------- locating


def search_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("SKILLGAP_TAXONOMY_PATH", "").split(os.pathsep) if p]
    here = Path(__file__).resolve().parent
    dirs += [here / "roles", here.parents[1] / "taxonomy"]
    return [d for d in dirs if d.is_dir()]


def available_roles() -> dict[str, Path]:
    """Every role file found, by role id (the first found wins)."""
    found: dict[str, Path] = {}
    for folder in search_dirs():
        for path in sorted(folder.glob("*.y*ml")):
            if path.name == TECHNOLOGIES_FILE:
                continue
            found.setdefault(path.stem, path)
    return found


def load_role(role: str | os.PathLike[str] = DEFAULT_ROLE) -> Role:
    """Load a role by id (``ml_engineer``) or by path to its file. Cached."""
    text = os.fspath(role)
    if text.endswith((".yaml", ".yml")) or os.sep in text:
        return _load_role_file(str(Path(text).resolve()))
    roles = available_roles()
    if text not in roles:
        valid = ", ".join(sorted(roles)) or "none found"
        raise UnknownRole(text, f"no such role (valid roles: {valid})")
    return _load_role_file(str(roles[text].resolve()))


@functools.lru_cache(maxsize=32)
def _load_role_file(path: str) -> Role:
    # Imported here, when a file is loaded, not at the top: taxonomy_build builds
    # this module's dataclasses, so it imports this module at its own top.
    from .taxonomy_build import build_role

    data = _read_yaml(Path(path))
    technologies, contexts = _load_technologies(Path(path).parent)
    return build_role(data, path, technologies, contexts)


@functools.lru_cache(maxsize=8)
def _load_technologies(folder: Path) -> tuple[tuple[Skill, ...], dict[str, Context]]:
    """The shared technologies, and the contexts they (and any role) may use."""
    path = folder / TECHNOLOGIES_FILE
    if not path.is_file():
        for other in search_dirs():
            if (other / TECHNOLOGIES_FILE).is_file():
                path = other / TECHNOLOGIES_FILE
                break
        else:
            return (), {}
    from .taxonomy_build import build_technologies  # see _load_role_file

    return build_technologies(_read_yaml(path), str(path))


def _read_yaml(path: Path) -> Mapping[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except OSError as err:
        raise TaxonomyError(str(path), f"cannot read the role file: {err.strerror}") from err
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise TaxonomyError(str(path), f"not valid YAML{line}: {err}") from err
    if not isinstance(data, Mapping):
        raise TaxonomyError(str(path), "the file must hold a mapping at the top level")
    return data
