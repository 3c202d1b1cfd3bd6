"""Scores: how ready a résumé is for a level of the role, per category and overall.

    score(profile, extraction, role, target_level="senior") -> Scores

Decisions (``SCORING_VERSION`` changes when any of them does):

* **Credit per skill** comes from the strongest evidence (see ``profile``): used in a
  role or project 1.0, listed in a skills section or summary 0.6, a course or
  certificate only 0.4; a skill whose evidence at that strength is only implied by
  another (pandas => Python) gets 0.8 of that.
* **A category's coverage** is the importance-weighted share of its skills the résumé
  shows: ``sum(importance * credit) / sum(importance)``. Its **score** is that coverage
  against what the target level expects (the level's ``target_coverage``), capped at 1:
  a mid-level engineer is not expected to know 90% of the cloud tools.
* **Competencies** (responsibilities, domains, emerging technologies) are read from the
  experience text: a phrase of the taxonomy on a line (credit by the line's section as
  for skills), or else a line similar to the competency's description (TF-IDF cosine,
  fitted once per role on the competencies' names, descriptions and phrases; at most
  0.7). They form one more category: the target level's expected competencies, the best
  specialised domain and (at half weight) the best emerging technology; its target
  coverage is ``COMPETENCY_TARGET``.
* **Overall** is the mean of the category scores weighted by the taxonomy's category
  weights (competencies: ``COMPETENCY_WEIGHT``).

Every score is in [0, 1]; more evidence never lowers one (credits only grow with
evidence, and coverage, ``min`` and weighted means are monotone).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import importlib.metadata
import json
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .models import (
    CategoryScore,
    CompetencyEvidence,
    Document,
    Extraction,
    Profile,
    ScoreItem,
    Scores,
    SkillEvidence,
)
from .taxonomy import Competency, Level, Role

SCORING_VERSION = "skillgap-scores/1"

STRENGTH_CREDIT = {"used": 1.0, "listed": 0.6, "course": 0.4, "none": 0.0}
IMPLIED_FACTOR = 0.8
SIMILAR_MAX = 0.7  # a line like the description, without a phrase of it
SIMILAR_LOW, SIMILAR_HIGH = 0.12, 0.40  # cosine: no credit below, SIMILAR_MAX above
SIMILAR_TERMS = 2  # a similar line shares at least this many distinct terms
COMPETENCY_TARGET = 0.7
COMPETENCY_WEIGHT = 1.0
EMERGING_WEIGHT = 0.5
COMPETENCY_CATEGORY = "competencies"

# Sections whose lines show use; those that show a claim; those that show study.
USED_SECTIONS = frozenset({"experience", "projects", "volunteering", "publications", "awards"})
COURSE_SECTIONS = frozenset({"education", "courses", "certifications"})


def section_strength(section: str) -> str:
    if section in USED_SECTIONS:
        return "used"
    if section in COURSE_SECTIONS:
        return "course"
    return "listed"


def skill_credit(evidence: SkillEvidence | None) -> float:
    if evidence is None:
        return 0.0
    credit = STRENGTH_CREDIT[evidence.strength]
    return credit * IMPLIED_FACTOR if evidence.implied else credit


# ------------------------------------------------------------------ scores


def score(
    profile: Profile,
    extraction: Extraction,
    role: Role,
    *,
    target_level: str | None = None,
    document: Document | None = None,
) -> Scores:
    """Per-category and overall scores of ``profile`` for ``target_level``.

    ``target_level`` defaults to the profile's estimated level. ``document`` (default:
    the extraction's) is the text the competencies are read from.
    """
    level = role.level(target_level or profile.level)
    competencies = profile.competencies
    if document is not None and document is not extraction.document:
        competencies = competency_evidence(document, role)
    categories = category_scores(profile.skills, competencies, role, level)
    overall = overall_score(categories)
    return Scores(
        version=SCORING_VERSION,
        target_level=level.id,
        target_level_name=level.name,
        overall=overall,
        categories=categories,
        why=_overall_why(categories, overall, level),
    )


def category_scores(
    skills: Iterable[SkillEvidence],
    competencies: Iterable[CompetencyEvidence],
    role: Role,
    level: Level,
) -> tuple[CategoryScore, ...]:
    by_id = {s.id: s for s in skills}
    result = []
    for category, members in per_role(role, "category-skills", _category_skills):
        items = tuple(_skill_item(s.id, s.name, s.importance, by_id.get(s.id)) for s in members)
        target = float(level.target_coverage.get(category.id, 0.5))
        result.append(
            _category(category.id, category.name, "skills", category.weight, target, items)
        )
    items = competency_items(competencies, role, level)
    result.append(
        _category(
            COMPETENCY_CATEGORY,
            "Responsibilities & domains",
            "competencies",
            COMPETENCY_WEIGHT,
            COMPETENCY_TARGET,
            items,
        )
    )
    return tuple(result)


def _category_skills(role: Role) -> tuple:
    return tuple((c, role.skills_in(c.id)) for c in role.categories)


def overall_score(categories: Iterable[CategoryScore]) -> float:
    cats = list(categories)
    total = sum(c.weight for c in cats)
    return _clip(sum(c.weight * c.score for c in cats) / total) if total else 0.0


def competency_items(
    competencies: Iterable[CompetencyEvidence], role: Role, level: Level
) -> tuple[ScoreItem, ...]:
    """The level's expected competencies, the best domain and the best emerging one."""
    by_id = {c.id: c for c in competencies}
    items = []
    for comp_id in level.competencies:
        comp = next((c for c in role.competencies if c.id == comp_id), None)
        if comp is not None:
            items.append(_competency_item(comp, by_id.get(comp.id), 1.0))
    for kind, weight in (("domain", 1.0), ("emerging", EMERGING_WEIGHT)):
        pool = [c for c in role.competencies if c.kind == kind and c.id not in level.competencies]
        if not pool:
            continue
        best = max(pool, key=lambda c: _evidence_score(by_id.get(c.id)))  # first on ties
        items.append(_competency_item(best, by_id.get(best.id), weight))
    return tuple(items)


def _evidence_score(evidence: CompetencyEvidence | None) -> float:
    return evidence.score if evidence is not None else 0.0


def _skill_item(skill_id: str, name: str, importance: float, ev: SkillEvidence | None) -> ScoreItem:
    if ev is None:
        return ScoreItem(skill_id, name, importance, 0.0, "missing", "")
    how = "implied" if ev.implied and ev.strength == "used" else ev.strength
    return ScoreItem(skill_id, name, importance, skill_credit(ev), how, ev.line)


def _competency_item(comp: Competency, ev: CompetencyEvidence | None, weight: float) -> ScoreItem:
    if ev is None or ev.score <= 0:
        return ScoreItem(comp.id, comp.name, weight, 0.0, "missing", "")
    return ScoreItem(comp.id, comp.name, weight, ev.score, ev.method, ev.line)


def _category(
    cat_id: str, name: str, kind: str, weight: float, target: float, items: tuple[ScoreItem, ...]
) -> CategoryScore:
    total = sum(i.weight for i in items)
    coverage = _clip(sum(i.weight * i.credit for i in items) / total) if total else 0.0
    value = _clip(coverage / target) if target > 0 else 1.0
    shown = [i for i in items if i.credit > 0]
    full = sum(1 for i in items if i.credit >= 1.0)
    why = (
        f"{len(shown)} of {len(items)} shown ({full} in full); coverage {coverage:.2f} "
        f"of the {target:.2f} the level expects, so {value:.2f}"
    )
    return CategoryScore(cat_id, name, kind, weight, coverage, target, value, items, why)


def _overall_why(
    categories: tuple[CategoryScore, ...], overall: float, level: Level
) -> tuple[str, ...]:
    lines = [
        f"Overall {overall:.2f} for {level.name}: the category scores weighted by category weight."
    ]
    for c in categories:
        lines.append(f"{c.name}: {c.score:.2f} x weight {c.weight:g} ({c.why})")
    return tuple(lines)


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


# ------------------------------------------------------------- competencies

_BULLETS = "•◦▪▫●○■□►▸‣⁃∙·✓✔➢*-–—+>"
_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "ed", "es", "s")


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A deliberately tiny stemmer: deployed/deploying/deploys -> deploy."""
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


_WORD = re.compile(r"[a-z][a-z0-9+#]*")
# Words too common in résumés and descriptions to say which competency a line shows
# (stemmed forms: "models" -> "model").
_STOP_WORDS = (
    "a an and the of for to in on with by at from as or into their them our we i my it "
    "is are be was were this that these those over under per via all each every "
    "model machine learn learning work team product data system engineer use build built"
)
_STOP = frozenset(_STOP_WORDS.split())


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed words without the words every line of a résumé has."""
    return [s for s in (_stem(w) for w in _WORD.findall(text.lower())) if s not in _STOP]


# Word -> what ``tokenize`` makes of it ("" for a stop word): a résumé's words are the
# words of every résumé, so each is stemmed once per process (bounded, like ``_stem``).
_TERMS: dict[str, str] = {}


def _terms(lowered: str) -> list[str]:
    """``tokenize`` of a line already lower-cased (the same list, faster)."""
    words = _WORD.findall(lowered)
    terms = list(map(_TERMS.get, words))
    if None in terms:
        if len(_TERMS) > 65536:
            _TERMS.clear()
        for i, word in enumerate(words):
            if terms[i] is None:
                stem = _stem(word)
                terms[i] = _TERMS[word] = "" if stem in _STOP else stem
    return [t for t in terms if t]


@dataclass(frozen=True, slots=True)
class CompetencyModel:
    """What ``fit_competencies`` learns for a role: phrase patterns and TF-IDF vectors."""

    competencies: tuple[Competency, ...]
    phrases: PhraseIndex
    analyzer: Callable[[str], list[str]]
    idf: Mapping[str, float]
    vectors: tuple[Mapping[str, float], ...]  # unit vectors, one per competency
    index: Mapping[str, tuple[tuple[int, float], ...]]  # term -> (competency, weight)

    def similarities(self, line: str) -> list[float]:
        """Cosine similarity of ``line`` with every competency (same as scikit-learn's)."""
        sims = [0.0] * len(self.competencies)
        for k, (sim, _) in self.match(line).items():
            sims[k] = sim
        return sims

    def match(self, line: str) -> dict[int, tuple[float, int]]:
        """Competency index -> (cosine similarity, distinct terms shared), when any."""
        return self.match_terms(self.analyzer(line))

    def match_terms(self, terms: Iterable[str]) -> dict[int, tuple[float, int]]:
        """:meth:`match` of a line the analyzer has already split into ``terms``."""
        idf = self.idf
        counts: dict[str, int] = {}  # in order of first use, as a Counter
        for t in terms:
            if t in idf:
                counts[t] = counts.get(t, 0) + 1
        if not counts:
            return {}
        weights = {t: (1.0 + math.log(n)) * idf[t] for t, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        dots: dict[int, float] = {}
        shared: dict[int, int] = {}
        for term, w in weights.items():
            for k, cw in self.index[term]:
                dots[k] = dots.get(k, 0.0) + w * cw
                shared[k] = shared.get(k, 0) + 1
        return {k: (dot / norm, shared[k]) for k, dot in dots.items()}


def competency_document(comp: Competency) -> str:
    return " ".join((comp.name, comp.description, *comp.phrases))


_MODELS: dict[tuple[str, str, int], tuple[tuple[Competency, ...], CompetencyModel]] = {}
_ROLE_DATA: dict[tuple[str, str, int, str], tuple[Role, object]] = {}


def per_role(role: Role, name: str, build: Callable[[Role], object]) -> Any:
    """``build(role)``, computed once per role (roles hold dicts: not hashable)."""
    key = (role.path, role.id, role.version, name)
    cached = _ROLE_DATA.get(key)
    if cached is not None and (cached[0] is role or cached[0] == role):
        return cached[1]
    value = build(role)
    if len(_ROLE_DATA) > 64:
        _ROLE_DATA.clear()
    _ROLE_DATA[key] = (role, value)
    return value


def fit_competencies(role: Role) -> CompetencyModel:
    """The TF-IDF model and phrase patterns of ``role``'s competencies: fitted once per role."""
    key = (role.path, role.id, role.version)
    cached = _MODELS.get(key)
    if cached is not None and (cached[0] is role.competencies or cached[0] == role.competencies):
        return cached[1]
    model = _fit(role.competencies)
    if len(_MODELS) > 32:
        _MODELS.clear()
    _MODELS[key] = (role.competencies, model)
    return model


def _fit(comps: tuple[Competency, ...]) -> CompetencyModel:
    idf, rows = tfidf_cached([competency_document(c) for c in comps])
    vectors: list[dict[str, float]] = []
    index: dict[str, list[tuple[int, float]]] = {}
    for k, vec in enumerate(rows):
        vectors.append(vec)
        for t, v in vec.items():
            index.setdefault(t, []).append((k, v))
    return CompetencyModel(
        competencies=comps,
        phrases=PhraseIndex.build(comps),
        analyzer=tokenize,
        idf=idf,
        vectors=tuple(vectors),
        index={t: tuple(v) for t, v in index.items()},
    )


def tfidf_fit(documents: list[str]) -> tuple[dict[str, float], list[dict[str, float]]]:
    """scikit-learn's TF-IDF of ``documents``: the idf per term and one unit row each."""
    if not documents:
        return {}, []
    from sklearn.feature_extraction.text import TfidfVectorizer  # slow import: only here

    vectorizer = TfidfVectorizer(
        tokenizer=tokenize, token_pattern=None, lowercase=False, stop_words=None, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(documents)
    terms = {i: t for t, i in vectorizer.vocabulary_.items()}
    idf = {t: float(vectorizer.idf_[i]) for i, t in terms.items()}
    rows = []
    for k in range(len(documents)):
        row = matrix.getrow(k)
        rows.append({terms[int(i)]: float(v) for i, v in zip(row.indices, row.data, strict=True)})
    return idf, rows


def tfidf_cached(documents: list[str]) -> tuple[dict[str, float], list[dict[str, float]]]:
    """:func:`tfidf_fit`, kept on disk between runs.

    Importing scikit-learn costs about a second, more than everything else a
    one-file ``skillgap analyze`` does; the fitted numbers of a role's
    competencies only change with the role data, this module's code or
    scikit-learn's version, which together key the cache. The cache holds role
    data only, never résumé text.
    """
    try:
        sklearn_version = importlib.metadata.version("scikit-learn")
    except importlib.metadata.PackageNotFoundError:
        sklearn_version = "?"
    digest = hashlib.sha256(
        json.dumps([documents, sklearn_version]).encode() + Path(__file__).read_bytes()
    ).hexdigest()[:24]
    path = cache_dir() / f"tfidf-{digest}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        idf, rows = dict(data["idf"]), [dict(r) for r in data["rows"]]
        os.utime(path)  # in use: not pruned
        return idf, rows
    except (OSError, ValueError, KeyError, TypeError):
        pass
    idf, rows = tfidf_fit(documents)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"idf": idf, "rows": rows}), encoding="utf-8")
        os.replace(tmp, path)
        _prune_cache(path.parent, keep=path)
    except OSError:
        pass  # a read-only home: fit again next time
    return idf, rows


CACHE_MAX_AGE_DAYS = 30


def _prune_cache(folder: Path, keep: Path) -> None:
    """Drop cache files unused for :data:`CACHE_MAX_AGE_DAYS` (each code or role
    change leaves one behind); run only when a new one is written."""
    oldest = time.time() - CACHE_MAX_AGE_DAYS * 86400
    for old in folder.glob("tfidf-*.json"):
        with contextlib.suppress(OSError):  # another process may prune it first
            if old != keep and old.stat().st_mtime < oldest:
                old.unlink()


def cache_dir() -> Path:
    """Where skillgap keeps what it compiled from role data (``SKILLGAP_CACHE_DIR``)."""
    configured = os.environ.get("SKILLGAP_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "skillgap"


_TOKEN = re.compile(r"(-?)([A-Za-z0-9+#]+)")
_HYPHENED = re.compile(r"-?[A-Za-z0-9+#]+")  # _TOKEN's matches, hyphen and word together
_BARE = re.compile(r"[A-Za-z0-9+#]+")  # _TOKEN's words alone
# The only characters whose lower case holds an ASCII word character: "İ" -> "i̇" and the
# Kelvin sign -> "k" (tests/test_score.py checks every code point).
_LOWER_TO_ASCII = "\u0130\u212a"


def phrase_tokens(text: str) -> list[tuple[str, bool]]:
    """Words of ``text`` and, for each, whether a hyphen joins it to the word before."""
    return [(word, bool(hyphen)) for hyphen, word in _TOKEN.findall(text)]


@dataclass(frozen=True, slots=True)
class PhraseIndex:
    """The competencies' phrases as word sequences, looked up by their first word.

    A phrase matches whole words, with spaces and hyphens alike ("model serving" =
    "model-serving"), case-insensitively, except all-capital acronyms (CNN, RAG, NER)
    which must be written in capitals; it never starts inside a hyphenated word
    ("re-embedded" is not "embedded").
    """

    # first word -> ((words, case-sensitive, phrase, competency indexes), ...)
    first: Mapping[str, tuple[tuple[tuple[str, ...], bool, str, tuple[int, ...]], ...]]

    @classmethod
    def build(cls, comps: Iterable[Competency]) -> PhraseIndex:
        owners: dict[tuple[tuple[str, ...], bool, str], list[int]] = {}
        for k, comp in enumerate(comps):
            for phrase in comp.phrases:
                letters = [ch for ch in phrase if ch.isalpha()]
                exact = bool(letters) and all(ch.isupper() for ch in letters)
                words = tuple(w if exact else w.lower() for w, _ in phrase_tokens(phrase))
                if words:
                    owners.setdefault((words, exact, phrase), []).append(k)
        first: dict[str, list] = {}
        for (words, exact, phrase), ks in owners.items():
            first.setdefault(words[0].lower(), []).append((words, exact, phrase, tuple(ks)))
        for entries in first.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest first
        return cls({w: tuple(e) for w, e in first.items()})

    def find(self, text: str, lowered: str | None = None) -> dict[int, str]:
        """Competency index -> the first of its phrases found in ``text`` (as in the taxonomy).

        ``lowered`` is ``text.lower()`` when the caller has it.
        """
        # Lower-casing the line is lower-casing its words, but for _LOWER_TO_ASCII.
        same = "\u0130" not in text and "\u212a" not in text
        low = (text.lower() if lowered is None else lowered) if same else ""
        # Words with their hyphen ("-serving"): a key of ``first`` has none, so a word
        # joined to the one before never starts a phrase.
        lower = _HYPHENED.findall(low) if same else [w.lower() for w in _HYPHENED.findall(text)]
        first = self.first
        if first.keys().isdisjoint(lower):
            return {}
        bare: list[str] | None = None  # without hyphens, for the words after the first
        tokens: list[str] | None = None  # as written, for the acronyms
        hits: dict[int, str] = {}
        for i, word in enumerate(lower):
            entries = first.get(word)
            if entries is None:
                continue
            for words, exact, phrase, ks in entries:
                n = len(words)
                if exact:
                    if tokens is None:
                        tokens = _BARE.findall(text)
                    if tuple(tokens[i : i + n]) != words:
                        continue
                elif n > 1:  # a one-word phrase is its key: ``word`` matched it
                    if bare is None:
                        bare = _BARE.findall(low) if same else [w.lstrip("-") for w in lower]
                    if tuple(bare[i : i + n]) != words:
                        continue
                for k in ks:
                    hits.setdefault(k, phrase)
        return hits


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    start: int
    section: str
    strength: str


def document_lines(document: Document) -> list[Line]:
    """The non-blank lines of ``document`` with their section and evidence strength."""
    return [Line(*line) for line in _lines(document)]


def _lines(document: Document) -> list[tuple[str, int, str, str]]:
    """:func:`document_lines` as tuples (text, start, section, strength)."""
    lines = []
    text = document.text
    sections = sorted(document.sections, key=lambda sec: sec.start)
    starts = [sec.start for sec in sections]
    pos = 0
    for raw in text.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        stripped = raw.strip().lstrip(_BULLETS).strip()
        if len(stripped) < 3:
            continue
        section = _section_at(starts, sections, start + (len(raw) - len(raw.lstrip())))
        if section == "contact":
            continue
        lines.append((stripped, start, section, section_strength(section)))
    return lines


def _section_at(starts: list[int], sections: list, offset: int) -> str:
    """``Document.section_at`` by bisection (sections do not overlap)."""
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sections[i].start <= offset < sections[i].end:
        return sections[i].name
    return "other"


def competency_evidence(document: Document, role: Role) -> tuple[CompetencyEvidence, ...]:
    """How the text of ``document`` shows each competency of ``role``."""
    model = fit_competencies(role)
    comps = model.competencies
    fast = model.analyzer is tokenize  # then each line is lower-cased once, for both
    # competency index -> (score, method, strength, phrase, line); the first best line wins
    best: dict[int, tuple[float, str, str, str, str]] = {}
    for text, _, _, strength in _lines(document):
        lowered = text.lower()
        found: dict[int, tuple[float, str, str]] = {}
        if strength == "used":
            matched = model.match_terms(_terms(lowered)) if fast else model.match(text)
            for k, (sim, shared) in matched.items():
                if shared >= SIMILAR_TERMS and sim > SIMILAR_LOW:
                    found[k] = (similar_credit(sim), "similar", "")
        credit = STRENGTH_CREDIT[strength]
        for k, phrase in model.phrases.find(text, lowered).items():
            found[k] = (credit, "phrase", phrase)  # a phrase outranks a likeness
        for k, (value, method, phrase) in found.items():
            if value > (best[k][0] if k in best else 0.0):
                best[k] = (value, method, strength, phrase, text)
    none = (0.0, "none", "none", "", "")
    return tuple(
        CompetencyEvidence(c.id, c.name, c.kind, *best.get(k, none)) for k, c in enumerate(comps)
    )


def similar_credit(similarity: float) -> float:
    ramp = (similarity - SIMILAR_LOW) / (SIMILAR_HIGH - SIMILAR_LOW)
    return round(SIMILAR_MAX * _clip(ramp), 3)


def overall_with(categories: Iterable[CategoryScore], credits: Mapping[str, float]) -> float:
    """The overall score if the items named in ``credits`` had at least those credits."""
    changed = []
    for c in categories:
        if not any(i.id in credits for i in c.items):
            changed.append(c)
            continue
        total = sum(i.weight for i in c.items)
        got = sum(i.weight * max(i.credit, credits.get(i.id, 0.0)) for i in c.items)
        coverage = _clip(got / total) if total else 0.0
        value = _clip(coverage / c.target) if c.target > 0 else 1.0
        changed.append(
            CategoryScore(c.id, c.name, c.kind, c.weight, coverage, c.target, value, c.items, c.why)
        )
    return overall_score(changed)
