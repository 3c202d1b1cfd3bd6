"""Competencies read from a résumé's text: phrases of the taxonomy and lines like a description.

    competency_evidence(document, role) -> (CompetencyEvidence, ...)

The model of a role (:func:`fit_competencies`: its phrase index and TF-IDF vectors,
fitted once per role) and the lines it reads (:func:`document_lines`: each with its
section and evidence strength) live here, apart from ``score``, which only turns
evidence into category scores. The TF-IDF numbers come from ``tfidf``. The section
strengths and their credit are defined here, with the lines they are read from;
``score`` credits skills with the same ones.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .models import CompetencyEvidence, Document
from .taxonomy import Competency, Role
from .tfidf import _terms, tfidf_cached, tokenize

STRENGTH_CREDIT = {"used": 1.0, "listed": 0.6, "course": 0.4, "none": 0.0}
SIMILAR_MAX = 0.7  # a line like the description, without a phrase of it
SIMILAR_LOW, SIMILAR_HIGH = 0.12, 0.40  # cosine: no credit below, SIMILAR_MAX above
SIMILAR_TERMS = 2  # a similar line shares at least this many distinct terms

# Sections whose lines show use; those that show a claim; those that show study.
USED_SECTIONS = frozenset({"experience", "projects", "volunteering", "publications", "awards"})
COURSE_SECTIONS = frozenset({"education", "courses", "certifications"})


def section_strength(section: str) -> str:
    if section in USED_SECTIONS:
        return "used"
    if section in COURSE_SECTIONS:
        return "course"
    return "listed"


# ------------------------------------------------------------------ model


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


# ---------------------------------------------------------------- phrases

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


# ------------------------------------------------------- lines and evidence

_BULLETS = "•◦▪▫●○■□►▸‣⁃∙·✓✔➢*-–—+>"


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


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))
