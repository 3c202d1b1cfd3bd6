"""Text from a CV as Markdown that Streamlit shows literally, with its evidence highlighted.

Text from a CV is never rendered as HTML: :func:`highlighted_markdown` escapes every
character Markdown or HTML would interpret, and the app never passes
``unsafe_allow_html``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis import Analysis

HIGHLIGHT_COLOR = "orange"

_MD_ESCAPE = {c: "\\" + c for c in "\\`*_{}[]()#+-.!|~:$^=\"'@/"}
_MD_ESCAPE.update({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MD_TABLE = str.maketrans(_MD_ESCAPE)


def escape_markdown(text: str) -> str:
    """Text that Streamlit's Markdown shows literally: no links, HTML, maths or styles."""
    return text.translate(_MD_TABLE)


md = escape_markdown  # the short name app.py uses for every string from a CV or a file


def evidence_spans(analysis: Analysis) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, skill name) spans of direct evidence, in order."""
    spans = []
    for skill in (*analysis.extraction.skills, *analysis.extraction.technologies):
        for m in skill.mentions:
            if m.method != "implied" and m.end > m.start:
                spans.append((m.start, m.end, skill.name))
    spans.sort()
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def highlighted_markdown(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """The CV text as escaped Markdown with each evidence span highlighted.

    Every piece of the CV is escaped before it is wrapped; line breaks are kept as
    Markdown hard breaks, blank lines as paragraph breaks.
    """
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end, _name in spans:
        if start < at or end > len(text):
            continue
        pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    pieces.append((text[at:], False))

    lines: list[list[str]] = [[]]
    for piece, marked in pieces:
        for i, part in enumerate(piece.split("\n")):
            if i:
                lines.append([])
            if not part:
                continue
            escaped = escape_markdown(part)
            lines[-1].append(f":{HIGHLIGHT_COLOR}-background[{escaped}]" if marked else escaped)
    out: list[str] = []
    for line in lines:
        joined = "".join(line).strip()
        if joined:
            out.append(joined + "  ")
        elif out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip()


def highlighted_cv(analysis: Analysis) -> str:
    return highlighted_markdown(analysis.document.text, evidence_spans(analysis))
