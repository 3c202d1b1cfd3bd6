"""Offsets and evidence lines: from the text the matcher sees back to the résumé's own.

The extractor matches on a condensed copy of the text (:func:`condense`), so
every position it finds is mapped back (:func:`original`) before it is
reported, with the line or sentence it stands in (:func:`evidence`). These are
plain text functions with no matcher state, kept apart so the extractor reads
as matching rules and they can be tested on strings alone.
"""

from __future__ import annotations

import bisect
import re

from .spacy_lite import Doc
from .tokenizer import BULLETS

# Whitespace other than one space: spaCy would make it a token of its own and
# no phrase could match across a wrapped line ("online\n  controlled experiments").
_WHITESPACE_RUN = re.compile(r"\s{2,}|[^\S ]")

_EVIDENCE_MAX = 240


def condense(text: str) -> tuple[str, tuple[list[int], list[int]]]:
    """The text with each whitespace run made one space (a blank line: one newline),
    and breakpoints to map its offsets back to the original."""
    pieces: list[str] = []
    new_starts: list[int] = []
    old_starts: list[int] = []
    old = new = 0
    for m in _WHITESPACE_RUN.finditer(text):
        pieces.append(text[old : m.start()])
        new += m.start() - old
        pieces.append("\n" if m.group().count("\n") >= 2 else " ")
        new += 1
        old = m.end()
        new_starts.append(new)
        old_starts.append(old)
    if not new_starts:
        return text, ([], [])
    pieces.append(text[old:])
    return "".join(pieces), (new_starts, old_starts)


def original(doc: Doc, offset: int) -> int:
    """The offset in the original text of ``offset`` in the condensed ``doc``
    (whose ``user_data["offsets"]`` holds :func:`condense`'s breakpoints)."""
    new_starts, old_starts = doc.user_data["offsets"]
    k = bisect.bisect_right(new_starts, offset) - 1
    if k < 0:
        return offset
    return old_starts[k] + (offset - new_starts[k])


def evidence(text: str, start: int, end: int) -> str:
    """The line (or, for long lines, the sentence) around a mention, trimmed.

    A bullet wrapped over several lines (PDF and plain-text CVs wrap at the
    page width) is taken whole: a line that does not end a sentence continues
    on a next line that starts in lower case or with a digit.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    while line_end < len(text) and line_end - line_start < _EVIDENCE_MAX:
        nxt = text[line_end + 1 : line_end + 40].lstrip(" \t")[:1]
        if not (nxt.islower() or nxt.isdigit()) or text[line_end - 1 : line_end] in ".!?;:":
            break
        following = text.find("\n", line_end + 1)
        line_end = len(text) if following == -1 else following
    while line_start > 0 and text[line_start : line_start + 1].islower():
        previous = text.rfind("\n", 0, line_start - 1) + 1
        if text[line_start - 2 : line_start - 1] in ".!?;:" or start - previous > _EVIDENCE_MAX:
            break
        line_start = previous
    if line_end - line_start > _EVIDENCE_MAX:
        for sep in BULLETS + ".;":
            cut = text.rfind(sep, line_start, start)
            if cut != -1 and start - cut < _EVIDENCE_MAX:
                line_start = max(line_start, cut + 1)
            cut = text.find(sep, end, line_end)
            if cut != -1:
                line_end = min(line_end, cut + 1)
    if line_end - line_start > _EVIDENCE_MAX:
        half = _EVIDENCE_MAX // 2
        line_start = max(line_start, start - half)
        line_end = min(line_end, end + half)
    return " ".join(text[line_start:line_end].split())
