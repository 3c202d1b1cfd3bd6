"""What the extractor knows about English: negation and intent, and ordinary words.

Two guards against false skills, both about the language rather than the
taxonomy: a skill named in a clause such as "no experience with" or "planning
to learn" is not held (:func:`negated_spans`), and a word from the dictionary
is not a misspelt skill name (:func:`is_english_word`). They hold no matcher
state, and they are what would change for résumés in another language, so
they live apart from :mod:`skillgap.extract`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .tokenizer import BULLETS

# Negation and intent: a skill named after these, in the same clause, is not held.
_NEGATION = re.compile(
    r"\b(?:no|little|limited|zero|without)\s+(?:prior\s+|professional\s+|hands[- ]on\s+)?"
    r"(?:experience|exposure|knowledge|background)\b"
    r"|\bnot\s+(?:yet\s+)?(?:familiar|experienced|proficient|used|worked)\b"
    r"|\b(?:unfamiliar|never\s+(?:used|worked))\b"
    r"|\bha(?:ve|s)\s*(?:n['’]t|\s+not)\s+(?:yet\s+)?(?:used|worked)\b"
    r"|\b(?:plan(?:ning|s)?|hop(?:e|ing)|want(?:ing)?|would\s+like|eager|keen|aim(?:ing)?|"
    r"look(?:ing)?\s+forward|intend(?:ing)?|aspir(?:e|ing))\s+to\s+(?:learn|study|explore|pick\s+up)\b"
    r"|\binterested\s+in\s+learning\b|\bto\s+be\s+learn(?:ed|t)\b|\black(?:s|ing)?\b",
    re.IGNORECASE,
)
# A negation's scope ends at the end of its clause.
_CLAUSE_END = re.compile(r"[.;!?\n" + BULLETS + r"]|\bbut\b|\bhowever\b", re.IGNORECASE)


def negated_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` from a negation or intent to the end of its clause."""
    spans = []
    for m in _NEGATION.finditer(text):
        end = _CLAUSE_END.search(text, m.end())
        spans.append((m.start(), end.start() if end else len(text)))
    return spans


def inside(offset: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``offset`` falls in one of ``spans`` (such as :func:`negated_spans`)."""
    return any(a <= offset < b for a, b in spans)


# A misspelt skill name is not an English word: "documented" is not a typo of
# DocumentDB, nor "fluent" of Fluentd. Webster's word list (from the
# english-words package) has base forms only, so common inflections are undone.
_INFLECTIONS = ("ing", "ed", "es", "s", "er", "ers", "ly", "d")
# Real words of technical résumés that Webster's 1934 list lacks and that sit one
# letter from a skill name (found by running the fuzzy lookup over every word of
# the evaluation résumés): a field of study, not Informatica; a spec, not OpenAI.
_MODERN_WORDS = frozenset(["informatics", "bioinformatics", "geoinformatics", "openapi"])


@functools.cache
def _english_words() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=True))


def is_english_word(word: str) -> bool:
    words = _english_words()
    if word in words or word in _MODERN_WORDS:
        return True
    for suffix in _INFLECTIONS:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if (
                stem in words
                or stem + "e" in words
                or (len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in words)
            ):
                return True
    return False
