"""Validate a role file's data and build the taxonomy's frozen objects from it.

    build_role(data, path, technologies, contexts) -> Role
    build_technologies(data, path) -> (technologies, contexts)

``taxonomy`` finds and reads the files (and is the front door); this module checks
what they hold, key by key, so that its rules and error messages (which name the
file and the key, ``skills[3].category``, and list the valid values) read apart
from the dataclasses and the file lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .errors import TaxonomyError
from .taxonomy import (
    ROLE_FORMAT,
    TECHNOLOGIES_FORMAT,
    Alias,
    Category,
    Competency,
    Context,
    Course,
    Level,
    Role,
    Skill,
    Stage,
)


def build_technologies(
    data: Mapping[str, Any], path: str
) -> tuple[tuple[Skill, ...], dict[str, Context]]:
    """The shared technologies of ``technologies.yaml``, and the contexts they may use."""
    v = _Validator(path)
    v.expect_format(data, TECHNOLOGIES_FORMAT)
    v.check_keys(data, ("format", "contexts", "technologies"), "")
    technologies = tuple(
        _build_skill(v, item, f"technologies[{i}]", categories=None)
        for i, item in enumerate(v.items(data, "technologies"))
    )
    contexts = _build_contexts(v, data)
    _check_contexts(v, technologies, contexts)
    return technologies, contexts


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


def build_role(
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
