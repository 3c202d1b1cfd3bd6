"""Where a PDF page's words start when pdfium drew no space between them.

LaTeX and HTML printed to PDF position words instead of drawing a space, so
pdfium's text reads "professionalwith". The loose boxes of neighbouring
characters on a line tell the gaps apart: :func:`word_starts` returns the
indices where a space belongs, and :func:`unseen_chars` the characters a reader
cannot see (outside the page, or tiny), which the PDF reader leaves out.

Why numpy: the rule is a handful of comparisons per character, and a Python
loop over the ~3,000 characters of a page cost as much as pdfium's whole text
extraction; as array operations it costs a tenth of that. numpy comes with
spaCy. ``tests/test_pdf_words.py`` holds the rule as a plain Python loop, which
these functions must agree with.
"""

from __future__ import annotations

import ctypes
import itertools

import numpy as np

from skillgap.pdf_hidden import MIN_FONT_PT, Box, font_size
from skillgap.pdfium_calls import fast_pdfium, out_slots

# A gap between two characters wider than the line's usual letter gap by this
# share of the glyph height is a word space the PDF drew by positioning instead
# of a space character. Measured on /work/shared/eval/pdfs: letters of a word
# are within 0.06 of the line median, word gaps without a space character
# 0.08-0.30 (LaTeX kerning, HTML printed to PDF).
WORD_GAP = 0.075
# "f" overhangs its advance width, so the gap after it looks smaller: measured,
# "of|the" sits at 0.065-0.095 while letters after "f" inside a word are < 0.
WORD_GAP_AFTER_F = 0.06
# What pdfium puts between words and lines: a character with no box of its own.
BREAKS = frozenset(" \t\r\n\ufffe\x02")
_IS_BREAK = np.zeros(0x10000, dtype=bool)  # by code point: a lookup is 10x np.isin
_IS_BREAK[[ord(char) for char in BREAKS]] = True
_CLOSERS = frozenset(",.;:)]}!?%'\u2019")


def is_break(codes: np.ndarray) -> np.ndarray:
    """Per character code, whether it is one of :data:`BREAKS`."""
    return _IS_BREAK[np.minimum(codes, 0xFFFF)]


def char_codes(text: str) -> np.ndarray:
    """The code points of ``text``, one per character (a lone surrogate too)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def char_boxes(handle: object, codes: np.ndarray) -> np.ndarray:
    """Every character's loose box, one row each: left, top, right, bottom.

    The values are pdfium's floats widened to float64, exactly as Python would
    widen them one by one. A box pdfium cannot give is the last one it gave,
    as pdfium's own rectangles do.
    """
    count = len(codes)
    get_box = fast_pdfium().FPDFText_GetLooseCharBox
    boxes, (slots,) = out_slots("box", ctypes.c_float, 4, (0,), count)
    fetched = list(map(get_box, itertools.repeat(handle, count), range(count), slots))
    values = np.frombuffer(boxes, dtype=np.float32, count=4 * count).astype(np.float64)
    values = values.reshape(count, 4)
    if 0 in fetched:
        breaks = is_break(codes).tolist()
        last = np.zeros(4)
        for i, ok in enumerate(fetched):
            if breaks[i]:
                continue
            if ok:
                last = values[i].copy()
            else:
                values[i] = last
    return values


def unseen_chars(handle: object, codes: np.ndarray, boxes: np.ndarray, page_box: Box) -> np.ndarray:
    """Per character, whether a reader cannot see it: off the page, or tiny.

    A glyph box under :data:`MIN_FONT_PT` is checked against its text object's
    font size (a low box may be a dash or a dot drawn at a normal size).
    """
    left, top, right, bottom = boxes.T
    p_left, p_bottom, p_right, p_top = page_box
    real = ~is_break(codes)
    with np.errstate(invalid="ignore"):  # a hostile page's boxes may hold nan
        unseen = real & ((right < p_left) | (left > p_right) | (top < p_bottom) | (bottom > p_top))
        low = real & ~unseen & (top - bottom < MIN_FONT_PT)
    if low.any():
        get_object = fast_pdfium().FPDFText_GetTextObject
        for i in np.flatnonzero(low).tolist():
            unseen[i] = font_size(get_object(handle, i)) < MIN_FONT_PT
    return unseen


def word_starts(text: str, codes: np.ndarray, boxes: np.ndarray, unseen: np.ndarray) -> list[int]:
    """Indices of ``text`` that start a word with no space drawn before it.

    Each pair of neighbouring characters (both seen, neither a break, baselines
    within half a glyph) has a gap: the space between their boxes over the
    taller glyph. A gap wider than its line's median gap by :data:`WORD_GAP`
    starts a word; the median is the yardstick because some fonts draw glyphs
    tighter than their advance widths.
    """
    left, top, right, bottom = boxes.T
    seen = ~is_break(codes) & ~unseen
    with np.errstate(all="ignore"):  # a hostile page's boxes may hold inf and nan
        glyph = top - bottom
        height = np.maximum(glyph[1:], glyph[:-1])  # [k]: the pair (k, k + 1)
        rise = bottom[1:] - bottom[:-1]
        level = (-0.5 * height < rise) & (rise < 0.5 * height)  # one baseline
        paired = seen[1:] & seen[:-1] & (height > 0) & level
        at = np.flatnonzero(paired) + 1
        gaps = (left[at] - right[at - 1]) / height[at - 1]
        if not len(at):
            return []
        line = np.cumsum(codes == 10)[at]  # a pair never spans a newline: it is a break
        excess = gaps - _line_medians(line, gaps)
        wide = np.flatnonzero(excess > WORD_GAP_AFTER_F)  # below both limits: most pairs
    return [
        i
        for i, extra in zip(at[wide].tolist(), excess[wide].tolist(), strict=True)
        if _is_word_gap(text, i, extra)
    ]


def _line_medians(line: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """For each gap, the median gap of its line (``line`` is sorted ascending)."""
    ordered = gaps[np.lexsort((gaps, line))]
    first = np.flatnonzero(np.r_[True, line[1:] != line[:-1]])
    size = np.diff(np.r_[first, len(line)])
    high = first + size // 2
    low = high - 1 + size % 2
    return np.repeat((ordered[low] + ordered[high]) / 2, size)


def _is_word_gap(text: str, i: int, excess: float) -> bool:
    """Whether a gap ``excess`` wider than its line's usual one starts a word at ``i``:
    never after a hyphen, slash or opening bracket, nor before closing punctuation."""
    prev = text[i - 1]
    limit = WORD_GAP_AFTER_F if prev == "f" else WORD_GAP
    return (
        excess > limit
        and prev not in "-/("
        and text[i] not in _CLOSERS
        and not _is_initial(text, i)
    )


def _is_initial(text: str, i: int) -> bool:
    """A capital opening a line before lowercase ("S|kills" in a heading font) is
    a drop-cap-like wide advance, not a one-letter word; "A" and "I" are words."""
    return (
        (i < 2 or text[i - 2] == "\n")
        and text[i - 1].isupper()
        and text[i - 1] not in "AI"
        and text[i].islower()
    )
