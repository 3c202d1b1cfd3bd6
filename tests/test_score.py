"""Scores: ranges, monotonicity, determinism, explanations, and the TF-IDF oracle."""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillgap import analyse, analyse_text
from skillgap.experience import build_timeline
from skillgap.extract import get_extractor
from skillgap.models import Extraction, Mention, SkillMatch
from skillgap.profile import build_profile
from skillgap.score import (
    SCORING_VERSION,
    competency_document,
    competency_evidence,
    document_lines,
    fit_competencies,
    score,
    tokenize,
)
from skillgap.taxonomy import load_role

SAMPLES = Path(__file__).resolve().parents[1] / "sample_resumes"
TODAY = date(2026, 11, 27)
ROLE = load_role("ml_engineer")
LEVELS = [lv.id for lv in ROLE.levels]


@functools.cache
def base(name: str = "senior_mle.txt"):
    from skillgap.documents import read_document

    document = read_document(SAMPLES / name)
    extraction = get_extractor("ml_engineer").extract(document)
    timeline = build_timeline(document, today=TODAY)
    competencies = competency_evidence(document, ROLE)
    return extraction, timeline, competencies


def scores_for(extraction: Extraction, level: str | None = None, name: str = "senior_mle.txt"):
    _, timeline, competencies = base(name)
    profile = build_profile(extraction, timeline, ROLE, competencies=competencies)
    return profile, score(profile, extraction, ROLE, target_level=level)


def all_values(s) -> list[float]:
    return [s.overall, *(c.score for c in s.categories), *(c.coverage for c in s.categories)]


# --------------------------------------------------------------- strategies

SECTIONS = ["experience", "projects", "skills", "summary", "education", "certifications", "other"]


@st.composite
def extra_mentions(draw):
    """Mentions of role skills at random places of the base document."""
    extraction, _, _ = base()
    size = len(extraction.document.text)
    out = []
    for _ in range(draw(st.integers(1, 6))):
        skill = draw(st.sampled_from(ROLE.skills))
        start = draw(st.integers(0, size - 2))
        out.append(
            Mention(
                skill_id=skill.id,
                surface=skill.name,
                start=start,
                end=start + 1,
                section=draw(st.sampled_from(SECTIONS)),
                method=draw(st.sampled_from(["exact", "alias", "implied", "fuzzy"])),
                confidence=0.9,
                sentence=f"added {skill.name}",
            )
        )
    return out


def with_mentions(extraction: Extraction, extra: list[Mention]) -> Extraction:
    by_id = {s.id: list(s.mentions) for s in extraction.skills}
    for m in extra:
        by_id.setdefault(m.skill_id, []).append(m)
    skills = tuple(
        SkillMatch(s.id, s.name, s.category, tuple(sorted(by_id[s.id], key=lambda m: m.start)))
        for s in ROLE.skills
        if s.id in by_id
    )
    return replace(extraction, skills=skills)


def without(extraction: Extraction, drop: set[tuple[str, int]]) -> Extraction:
    skills = []
    for s in extraction.skills:
        kept = tuple(m for m in s.mentions if (s.id, m.start) not in drop)
        if kept:
            skills.append(SkillMatch(s.id, s.name, s.category, kept))
    return replace(extraction, skills=tuple(skills))


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------- properties


@PROPERTY
@given(extra=extra_mentions(), level=st.sampled_from(LEVELS))
def test_every_score_stays_in_range(extra, level):
    extraction, _, _ = base()
    _, s = scores_for(with_mentions(extraction, extra), level)
    for value in all_values(s):
        assert 0.0 <= value <= 1.0
    for c in s.categories:
        for item in c.items:
            assert 0.0 <= item.credit <= 1.0


@PROPERTY
@given(extra=extra_mentions(), level=st.sampled_from(LEVELS))
def test_adding_evidence_never_lowers_a_score(extra, level):
    extraction, _, _ = base()
    before_profile, before = scores_for(extraction, level)
    after_profile, after = scores_for(with_mentions(extraction, extra), level)
    assert after.overall >= before.overall - 1e-12
    for b, a in zip(before.categories, after.categories, strict=True):
        assert a.score >= b.score - 1e-12, a.id
        assert a.coverage >= b.coverage - 1e-12, a.id
    # and the estimated level never goes down
    assert LEVELS.index(after_profile.level) >= LEVELS.index(before_profile.level)


@PROPERTY
@given(data=st.data(), level=st.sampled_from(LEVELS))
def test_removing_evidence_never_raises_a_score(data, level):
    extraction, _, _ = base()
    keys = sorted({(s.id, m.start) for s in extraction.skills for m in s.mentions})
    drop = set(data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=8)))
    _, before = scores_for(extraction, level)
    _, after = scores_for(without(extraction, drop), level)
    assert after.overall <= before.overall + 1e-12
    for b, a in zip(before.categories, after.categories, strict=True):
        assert a.score <= b.score + 1e-12, a.id


@settings(max_examples=15, deadline=None)
@given(skill=st.sampled_from([s for s in ROLE.skills if s.id not in ("r", "java", "scala")]))
def test_a_line_of_evidence_in_the_text_never_lowers_a_score(skill):
    text = (SAMPLES / "senior_mle.txt").read_text(encoding="utf-8")
    anchor = "EDUCATION\n---------"
    changed = text.replace(anchor, f"  * Shipped a service built with {skill.name}.\n\n{anchor}")
    before = analyse_text(text, today=TODAY, target_level="senior").scores
    after = analyse_text(changed, today=TODAY, target_level="senior").scores
    assert after.overall >= before.overall - 1e-12
    for b, a in zip(before.categories, after.categories, strict=True):
        assert a.score >= b.score - 1e-12, (skill.id, a.id)


def test_the_same_input_gives_the_same_output():
    first = analyse(SAMPLES / "principal_mle.md", today=TODAY).to_dict()
    again = analyse(SAMPLES / "principal_mle.md", today=TODAY).to_dict()
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)


# --------------------------------------------------------------- behaviour


def test_scores_are_versioned_and_explain_themselves():
    a = analyse(SAMPLES / "mid_level_mle.pdf", today=TODAY)
    s = a.scores
    assert s.version == SCORING_VERSION and s.target_level == a.profile.level
    assert s.why[0].startswith(f"Overall {s.overall:.2f}")
    frameworks = s.category("ml_frameworks")
    pytorch = next(i for i in frameworks.items if i.id == "pytorch")
    assert pytorch.credit == 1.0 and pytorch.evidence == "used" and "PyTorch" in pytorch.line
    assert "coverage" in frameworks.why
    missing = [i for c in s.categories for i in c.items if i.evidence == "missing"]
    assert missing and all(i.credit == 0 and i.line == "" for i in missing)


def test_weak_evidence_gets_partial_credit():
    s = analyse(SAMPLES / "mid_level_mle.pdf", today=TODAY).scores
    items = {i.id: i for c in s.categories for i in c.items}
    assert items["sql"].evidence == "listed" and items["sql"].credit == pytest.approx(0.6)
    assert items["python"].evidence == "implied" and items["python"].credit == pytest.approx(0.8)
    assert items["nosql"].credit == pytest.approx(0.48)  # listed and implied


def test_a_higher_target_level_never_scores_higher():
    a = analyse(SAMPLES / "student.pdf", today=TODAY)
    extraction, profile = a.extraction, a.profile
    overall = [score(profile, extraction, ROLE, target_level=lv).overall for lv in LEVELS]
    assert overall == sorted(overall, reverse=True)
    assert overall[0] > overall[-1]


def test_competencies_are_read_from_the_experience_text():
    a = analyse(SAMPLES / "senior_mle.txt", today=TODAY)
    lead = a.profile.competency("leadership")
    assert lead.score == 1.0 and lead.method == "phrase" and "Lead" in lead.line
    comp = a.scores.category("competencies")
    assert comp.kind == "competencies" and "leadership" in {i.id for i in comp.items}


def test_a_phrase_inside_a_hyphenated_word_is_not_a_phrase():
    # "re-embedded" is not edge AI's "embedded"
    a = analyse_text(
        "EXPERIENCE\nEngineer, Acme  2020 - 2022\n- Re-embedded 1B pages.\n", today=TODAY
    )
    assert a.profile.competency("edge-ai").method != "phrase"


def test_a_budget_monitoring_line_is_not_ml_monitoring():
    a = analyse(SAMPLES / "analyst_to_ml.docx", today=TODAY)
    assert a.profile.competency("monitoring-maintenance").score < 0.5


# --------------------------------------------------------------- oracle


def test_fast_tfidf_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    docs = [competency_document(c) for c in ROLE.competencies]
    vectorizer = TfidfVectorizer(
        tokenizer=tokenize, token_pattern=None, lowercase=False, sublinear_tf=True
    ).fit(docs)
    model = fit_competencies(ROLE)
    extraction, _, _ = base("principal_mle.md")
    lines = [line.text for line in document_lines(extraction.document)] + [
        "deploy deploy deployed models to production",  # repeated terms: sublinear tf
        "nothing of interest here",
        "",
    ]
    expected = cosine_similarity(vectorizer.transform(lines), vectorizer.transform(docs))
    got = np.array([model.similarities(line) for line in lines])
    assert np.allclose(got, expected, atol=1e-9)


def test_the_tfidf_cache_gives_what_scikit_learn_fits(tmp_path, monkeypatch):
    from skillgap.score import competency_document, tfidf_cached, tfidf_fit
    from skillgap.taxonomy import load_role

    monkeypatch.setenv("SKILLGAP_CACHE_DIR", str(tmp_path))
    docs = [competency_document(c) for c in load_role().competencies]
    fresh = tfidf_fit(docs)
    assert tfidf_cached(docs) == fresh  # a miss: fitted, then written
    assert len(list(tmp_path.glob("tfidf-*.json"))) == 1
    assert tfidf_cached(docs) == fresh  # a hit: read back, same numbers
    assert tfidf_cached(docs[:-1]) != fresh  # other role data, another entry


def test_cache_files_unused_for_a_month_are_pruned_when_one_is_written(tmp_path, monkeypatch):
    import os
    import time

    from skillgap.score import CACHE_MAX_AGE_DAYS, tfidf_cached

    monkeypatch.setenv("SKILLGAP_CACHE_DIR", str(tmp_path))
    tfidf_cached(["python models", "sql tables"])
    (in_use,) = tmp_path.glob("tfidf-*.json")
    stale, recent = tmp_path / "tfidf-stale.json", tmp_path / "tfidf-recent.json"
    month_ago = time.time() - (CACHE_MAX_AGE_DAYS + 1) * 86400
    for path, when in ((stale, month_ago), (recent, time.time() - 86400), (in_use, month_ago)):
        path.touch()
        os.utime(path, (when, when))
    tfidf_cached(["python models", "sql tables"])  # a hit marks its file as in use
    tfidf_cached(["docker images"])  # a miss writes a new file and prunes
    left = {p.name for p in tmp_path.glob("tfidf-*.json")}
    assert stale.name not in left
    assert {recent.name, in_use.name} <= left and len(left) == 3


# ------------------------------------------------- fast paths = plain code


def _find_reference(index, text: str) -> dict[int, str]:
    """``PhraseIndex.find`` as first written: one token list, compared word by word."""
    from skillgap.score import _TOKEN

    tokens = _TOKEN.findall(text)
    lower = [w.lower() for _, w in tokens]
    hits: dict[int, str] = {}
    for i, word in enumerate(lower):
        entries = index.first.get(word)
        if not entries or tokens[i][0]:
            continue
        for words, exact, phrase, ks in entries:
            n = len(words)
            got = tuple(w for _, w in tokens[i : i + n]) if exact else tuple(lower[i : i + n])
            if got == words:
                for k in ks:
                    hits.setdefault(k, phrase)
    return hits


def _competency_evidence_reference(document, role):
    """``competency_evidence`` as first written, on ``document_lines`` and ``match``."""
    from skillgap.models import CompetencyEvidence
    from skillgap.score import (
        SIMILAR_LOW,
        SIMILAR_TERMS,
        STRENGTH_CREDIT,
        similar_credit,
    )

    model = fit_competencies(role)
    comps = model.competencies
    best = {}
    for line in document_lines(document):
        found = {}
        if line.strength == "used":
            for k, (sim, shared) in model.match(line.text).items():
                if shared >= SIMILAR_TERMS and sim > SIMILAR_LOW:
                    found[k] = (similar_credit(sim), "similar", "")
        for k, phrase in _find_reference(model.phrases, line.text).items():
            found[k] = (STRENGTH_CREDIT[line.strength], "phrase", phrase)
        for k, (value, method, phrase) in found.items():
            if value > (best[k].score if k in best else 0.0):
                c = comps[k]
                best[k] = CompetencyEvidence(
                    c.id, c.name, c.kind, value, method, line.strength, phrase, line.text
                )
    return tuple(
        best.get(k) or CompetencyEvidence(c.id, c.name, c.kind, 0.0, "none", "none", "", "")
        for k, c in enumerate(comps)
    )


def test_only_two_characters_lower_case_to_ascii_word_characters():
    # PhraseIndex.find lower-cases a whole line instead of each word: the same unless
    # the line holds one of these.
    import sys

    from skillgap.score import _LOWER_TO_ASCII

    word = set("abcdefghijklmnopqrstuvwxyz0123456789+#-")
    found = [chr(c) for c in range(128, sys.maxunicode + 1) if not word.isdisjoint(chr(c).lower())]
    assert "".join(found) == _LOWER_TO_ASCII


PHRASE_WORDS = sorted(
    {w for c in ROLE.competencies for p in c.phrases for w in p.replace("-", " ").split()}
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(PHRASE_WORDS)
        | st.sampled_from([" ", "-", " - ", ", ", "İ", "K", "ı", "ſ", "3", "+", "#", "é"])
        | st.text(max_size=3),
        max_size=30,
    ).map(" ".join),
    st.booleans(),
)
def test_phrases_and_terms_are_read_as_the_plain_code_reads_them(text, upper):
    from skillgap.score import _terms

    text = text.upper() if upper else text
    model = fit_competencies(ROLE)
    assert model.phrases.find(text) == _find_reference(model.phrases, text)
    assert model.phrases.find(text, text.lower()) == _find_reference(model.phrases, text)
    assert _terms(text.lower()) == tokenize(text)
    assert model.match_terms(_terms(text.lower())) == model.match(text)


TEXTS = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".docx", ".txt", ".md"))
TEXTS += sorted((SAMPLES.parent / "tests" / "data" / "jobs").iterdir())


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_competency_evidence_is_what_the_plain_code_finds(path):
    from skillgap.documents import read_document

    document = read_document(path)
    model = fit_competencies(ROLE)
    for line in document_lines(document):
        assert model.phrases.find(line.text) == _find_reference(model.phrases, line.text)
    assert competency_evidence(document, ROLE) == _competency_evidence_reference(document, ROLE)
