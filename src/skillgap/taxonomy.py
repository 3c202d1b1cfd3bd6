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
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
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
    data = _read_yaml(Path(path))
    technologies, contexts = _load_technologies(Path(path).parent)
    return _build_role(data, path, technologies, contexts)


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
    data = _read_yaml(path)
    v = _Validator(str(path))
    v.expect_format(data, TECHNOLOGIES_FORMAT)
    v.check_keys(data, ("format", "contexts", "technologies"), "")
    technologies = tuple(
        _build_skill(v, item, f"technologies[{i}]", categories=None)
        for i, item in enumerate(v.items(data, "technologies"))
    )
    contexts = _build_contexts(v, data)
    _check_contexts(v, technologies, contexts)
    return technologies, contexts


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


# -------------------------------------------------------------- validation


class _Validator:
    """Small typed accessors whose errors name the file and the key."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, key: str, reason: str) -> TaxonomyError:
        return TaxonomyError(self.path, f"{key}: {reason}")

    def expect_format(self, data: Mapping[str, Any], expected: str) -> None:
        found = data.get("format")
        if found != expected:
            raise self.fail("format", f"expected {expected!r}, found {found!r}")

    def get(self, data: Mapping[str, Any], key: str, kind: type, where: str, default: Any = ...):
        if key not in data or data[key] is None:
            if default is ...:
                raise self.fail(f"{where}{key}", "is required")
            return default
        value = data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind):
            raise self.fail(f"{where}{key}", f"must be a {kind.__name__}, found {value!r}")
        return value

    def items(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = self.get(data, key, list, "", default=[])
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise self.fail(f"{key}[{i}]", f"must be a mapping, found {item!r}")
        return value

    def strings(self, data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = self.get(data, key, list, where, default=[])
        for item in value:
            if not isinstance(item, str):
                raise self.fail(f"{where}{key}", f"must list strings, found {item!r}")
        return tuple(value)

    def check_refs(self, refs: Iterable[str], known: Iterable[str], key: str, what: str) -> None:
        """Every id in ``refs`` must be one of ``known``."""
        known = set(known)
        for ref in refs:
            if ref not in known:
                raise self.fail(key, f"unknown {what} {ref!r}")

    def check_keys(self, data: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            valid = ", ".join(sorted(allowed))
            raise self.fail(f"{where}{unknown[0]}", f"unknown key (valid keys: {valid})")


_ALIAS_KEYS = ("term", "case", "needs", "not_before", "not_after", "fuzzy")
_SKILL_KEYS = (
    "id", "name", "category", "importance", "aliases", "implied_by",
    "implied_by_skills", "patterns", "guide",
)  # fmt: skip


def _build_alias(v: _Validator, item: Any, where: str) -> Alias:
    if isinstance(item, str | int | float) and not isinstance(item, bool):
        return Alias(term=str(item))
    if not isinstance(item, Mapping):
        raise v.fail(where, f"an alias is a string or a mapping, found {item!r}")
    v.check_keys(item, _ALIAS_KEYS, f"{where}.")
    case = v.get(item, "case", str, f"{where}.", default="insensitive")
    if case not in ("sensitive", "insensitive"):
        raise v.fail(f"{where}.case", f"must be 'sensitive' or 'insensitive', found {case!r}")
    return Alias(
        term=str(v.get(item, "term", str, f"{where}.")),
        case_sensitive=case == "sensitive",
        needs=v.get(item, "needs", str, f"{where}.", default=None),
        not_before=tuple(str(t) for t in v.get(item, "not_before", list, f"{where}.", default=[])),
        not_after=tuple(str(t) for t in v.get(item, "not_after", list, f"{where}.", default=[])),
        fuzzy=v.get(item, "fuzzy", bool, f"{where}.", default=True),
    )


def _build_skill(
    v: _Validator, item: Mapping[str, Any], where: str, *, categories: set[str] | None
) -> Skill:
    v.check_keys(item, _SKILL_KEYS, f"{where}.")
    skill_id = v.get(item, "id", str, f"{where}.")
    category = ""
    if categories is not None:
        category = v.get(item, "category", str, f"{where}.")
        if category not in categories:
            valid = ", ".join(sorted(categories))
            raise v.fail(f"{where}.category", f"unknown category {category!r} (valid: {valid})")
    importance = v.get(item, "importance", float, f"{where}.", default=0.5)
    if not 0 < importance <= 1:
        raise v.fail(f"{where}.importance", f"must be in (0, 1], found {importance}")
    aliases = v.get(item, "aliases", list, f"{where}.", default=[])
    implied = v.get(item, "implied_by", list, f"{where}.", default=[])
    return Skill(
        id=skill_id,
        name=v.get(item, "name", str, f"{where}."),
        category=category,
        importance=importance,
        aliases=tuple(_build_alias(v, a, f"{where}.aliases[{i}]") for i, a in enumerate(aliases)),
        implied_by=tuple(
            _build_alias(v, a, f"{where}.implied_by[{i}]") for i, a in enumerate(implied)
        ),
        implied_by_skills=v.strings(item, "implied_by_skills", f"{where}."),
        patterns=v.strings(item, "patterns", f"{where}."),
        guide=v.get(item, "guide", str, f"{where}.", default=""),
    )


def _build_role(
    data: Mapping[str, Any],
    path: str,
    technologies: tuple[Skill, ...],
    shared_contexts: Mapping[str, Context],
) -> Role:
    v = _Validator(path)
    v.expect_format(data, ROLE_FORMAT)
    v.check_keys(
        data,
        ("format", "id", "name", "version", "summary", "categories", "skills", "contexts",
         "competencies", "levels", "stages", "courses"),
        "",
    )  # fmt: skip
    categories = tuple(
        Category(
            id=v.get(c, "id", str, f"categories[{i}]."),
            name=v.get(c, "name", str, f"categories[{i}]."),
            weight=v.get(c, "weight", float, f"categories[{i}].", default=1.0),
        )
        for i, c in enumerate(v.items(data, "categories"))
    )
    if not categories:
        raise v.fail("categories", "a role needs at least one category")
    category_ids = {c.id for c in categories}
    skills = tuple(
        _build_skill(v, s, f"skills[{i}]", categories=category_ids)
        for i, s in enumerate(v.items(data, "skills"))
    )
    _check_unique(v, "skills", [s.id for s in skills])
    skill_ids = {s.id for s in skills}
    for i, skill in enumerate(skills):
        v.check_refs(
            skill.implied_by_skills, skill_ids, f"skills[{i}].implied_by_skills", "skill id"
        )
    # A role may use the shared contexts of technologies.yaml, and override them.
    contexts = {**shared_contexts, **_build_contexts(v, data)}
    _check_contexts(v, skills, contexts)
    competencies = tuple(
        Competency(
            id=v.get(c, "id", str, f"competencies[{i}]."),
            kind=v.get(c, "kind", str, f"competencies[{i}]."),
            name=v.get(c, "name", str, f"competencies[{i}]."),
            description=v.get(c, "description", str, f"competencies[{i}]."),
            phrases=v.strings(c, "phrases", f"competencies[{i}]."),
        )
        for i, c in enumerate(v.items(data, "competencies"))
    )
    known = skill_ids | {c.id for c in competencies}
    levels = tuple(
        _build_level(v, lv, i, category_ids, known) for i, lv in enumerate(v.items(data, "levels"))
    )
    stages = tuple(
        Stage(
            id=v.get(s, "id", str, f"stages[{i}]."),
            name=v.get(s, "name", str, f"stages[{i}]."),
            duration=v.get(s, "duration", str, f"stages[{i}].", default=""),
        )
        for i, s in enumerate(v.items(data, "stages"))
    )
    stage_ids = {s.id for s in stages}
    courses = tuple(
        _build_course(v, c, i, stage_ids, known) for i, c in enumerate(v.items(data, "courses"))
    )
    return Role(
        id=v.get(data, "id", str, ""),
        name=v.get(data, "name", str, ""),
        version=v.get(data, "version", int, "", default=1),
        summary=v.get(data, "summary", str, "", default=""),
        path=path,
        categories=categories,
        skills=skills,
        technologies=tuple(t for t in technologies if t.id not in skill_ids),
        contexts=contexts,
        competencies=competencies,
        levels=levels,
        stages=stages,
        courses=courses,
    )


def _check_contexts(
    v: _Validator, skills: Iterable[Skill], contexts: Mapping[str, Context]
) -> None:
    for skill in skills:
        for alias in (*skill.aliases, *skill.implied_by):
            if alias.needs is not None and alias.needs not in contexts:
                valid = ", ".join(sorted(contexts))
                raise v.fail(
                    f"{skill.id}: {alias.term!r}.needs",
                    f"unknown context {alias.needs!r} (valid: {valid})",
                )


def _build_contexts(v: _Validator, data: Mapping[str, Any]) -> dict[str, Context]:
    raw = v.get(data, "contexts", dict, "", default={})
    contexts = {}
    for cid, c in raw.items():
        where = f"contexts.{cid}."
        if not isinstance(c, Mapping):
            raise v.fail(f"contexts.{cid}", "must be a mapping")
        v.check_keys(c, ("window", "cues", "anti_cues", "lists", "neighbours"), where)
        contexts[cid] = Context(
            id=cid,
            window=v.get(c, "window", int, where, default=8),
            cues=tuple(s.lower() for s in v.strings(c, "cues", where)),
            anti_cues=tuple(s.lower() for s in v.strings(c, "anti_cues", where)),
            lists=v.get(c, "lists", bool, where, default=True),
            neighbours=v.strings(c, "neighbours", where),
        )
    return contexts


def _build_level(
    v: _Validator, lv: Mapping[str, Any], i: int, categories: set[str], known: set[str]
) -> Level:
    where = f"levels[{i}]."
    coverage = v.get(lv, "target_coverage", dict, where, default={})
    for cat, value in coverage.items():
        if cat not in categories:
            raise v.fail(f"{where}target_coverage.{cat}", "unknown category")
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise v.fail(f"{where}target_coverage.{cat}", f"must be in [0, 1], found {value!r}")
    comps = v.strings(lv, "competencies", where)
    v.check_refs(comps, known, f"{where}competencies", "competency")
    max_years = lv.get("max_years")
    return Level(
        id=v.get(lv, "id", str, where),
        name=v.get(lv, "name", str, where),
        min_years=v.get(lv, "min_years", float, where),
        max_years=None if max_years is None else v.get(lv, "max_years", float, where),
        expects=v.get(lv, "expects", str, where, default=""),
        target_coverage={k: float(x) for k, x in coverage.items()},
        competencies=comps,
    )


def _build_course(
    v: _Validator, c: Mapping[str, Any], i: int, stages: set[str], known: set[str]
) -> Course:
    where = f"courses[{i}]."
    stage = v.get(c, "stage", str, where)
    if stage not in stages:
        raise v.fail(
            f"{where}stage", f"unknown stage {stage!r} (valid: {', '.join(sorted(stages))})"
        )
    teaches = v.strings(c, "teaches", where)
    v.check_refs(teaches, known, f"{where}teaches", "skill or competency")
    effort = c.get("effort_hours")
    return Course(
        id=v.get(c, "id", str, where),
        title=v.get(c, "title", str, where),
        provider=v.get(c, "provider", str, where, default=""),
        stage=stage,
        teaches=teaches,
        source=v.get(c, "source", str, where, default="skillgap"),
        url=v.get(c, "url", str, where, default=""),
        effort_hours=None if effort is None else v.get(c, "effort_hours", float, where),
    )


def _check_unique(v: _Validator, key: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            raise v.fail(f"{key}[{i}].id", f"duplicate id {item!r}")
        seen.add(item)
