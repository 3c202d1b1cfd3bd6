"""The TF-IDF of a role's competency texts: its analyzer, scikit-learn's fit, a disk cache.

    tfidf_cached(documents) -> (idf per term, one unit row per document)

Kept apart from ``competencies`` because this file is what the cache is keyed on:
:func:`tfidf_cached` hashes it, so only a change to the analyzer or the fitting code
(not to phrase matching or evidence) invalidates the fitted numbers on disk. Lines are
read with the same analyzer (:func:`tokenize`, and its faster twin ``_terms``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
import re
import time
from pathlib import Path

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
