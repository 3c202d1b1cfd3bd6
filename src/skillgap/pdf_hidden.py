"""Which text objects of a PDF page a reader cannot see.

Keyword stuffing hides skills where a recruiter's eye never goes: in white, in
a 1 pt font, in an invisible render mode, transparent, or outside the page.
:func:`hidden_text_objects` finds the hidden text objects of a page (the PDF
reader then leaves their characters out); :func:`font_size` serves the
per-character check for tiny text in :mod:`skillgap.pdf_words`.
"""

from __future__ import annotations

import ctypes
import itertools

import numpy as np

from skillgap.pdfium_calls import fast_pdfium, out_slots

# Text a reader cannot see is not evidence: keyword stuffing hides skills in
# white, in a 1 pt font, in render mode 3 (invisible) or outside the page box.
# Per character (free: the word-gap pass already fetches every box): outside
# the page's crop box, or tiny. Per text object (three bare pdfium calls):
# invisible render mode or white fill with nothing under it, transparent fill.
# Invisible text over an image is an OCR layer (a scanned page made
# searchable) and white text over a coloured shape is a dark sidebar: kept.
MIN_FONT_PT = 2.5  # the smallest footnote in a real résumé is ~6 pt
_WHITE = 245  # every channel at least this: white on a white page
_INVISIBLE_MODES = (3, 7)  # FPDF_TEXTRENDERMODE_INVISIBLE, _CLIP
_MAX_FORM_DEPTH = 8
Box = tuple[float, float, float, float]  # left, bottom, right, top
_Object = int | None  # a page object as FastPdfium returns it: its address, None for NULL


def hidden_text_objects(page: object, page_box: Box) -> frozenset[int]:
    """Addresses of the page's text objects drawn invisible, transparent or white."""
    fast = fast_pdfium()
    count = fast.FPDFPage_CountObjects(page)
    objects = list(map(fast.FPDFPage_GetObject, itertools.repeat(page, count), range(count)))
    hidden: set[int] = set()
    suspects: list[tuple[int, _Object, bool]] = []
    _scan_objects(objects, hidden, suspects, 0)
    if suspects:
        _keep_text_on_backgrounds(objects, suspects, hidden)
    return frozenset(hidden)


def _scan_objects(
    objects: list[_Object],
    hidden: set[int],
    suspects: list[tuple[int, _Object, bool]],
    depth: int,
) -> None:
    """Sort the text objects: hidden for sure (transparent; invisible inside a
    form), suspects (white, or invisible, at the top level) and the rest.

    Two bare pdfium calls per object, made with ``map`` into arrays and judged
    with numpy: on pages that draw every character as its own object (thousands
    a page), a Python loop around the calls would double their cost.
    """
    fast = fast_pdfium()
    count = len(objects)
    modes = np.fromiter(map(fast.FPDFTextObj_GetTextRenderMode, objects), np.int64, count)
    if depth < _MAX_FORM_DEPTH:
        for i in np.flatnonzero(modes < 0).tolist():  # -1: not text
            if fast.FPDFPageObj_GetType(objects[i]) == fast.FORM:
                form = objects[i]
                inner = range(fast.FPDFFormObj_CountObjects(form))
                members = [fast.FPDFFormObj_GetObject(form, ctypes.c_ulong(j)) for j in inner]
                _scan_objects(members, hidden, [], depth + 1)
    positions = np.flatnonzero(modes >= 0)
    if not len(positions):
        return
    texts = [objects[i] for i in positions.tolist()]
    colours, channels = out_slots("rgba", ctypes.c_uint, 4, (0, 1, 2, 3), len(texts))
    filled = np.fromiter(map(fast.FPDFPageObj_GetFillColor, texts, *channels), np.int64, len(texts))
    rgba = np.frombuffer(colours, np.uint32, 4 * len(texts)).reshape(-1, 4)
    text_modes = modes[positions]
    invisible = (text_modes == _INVISIBLE_MODES[0]) | (text_modes == _INVISIBLE_MODES[1])
    coloured = ~invisible & (filled != 0)
    opaque = rgba[:, 3] != 0
    for k in np.flatnonzero(coloured & ~opaque).tolist():
        hidden.add(texts[k] or 0)
    white = coloured & opaque & (rgba[:, :3].min(axis=1) >= _WHITE)
    suspect = invisible | white
    for k, unseen in zip(
        np.flatnonzero(suspect).tolist(), invisible[suspect].tolist(), strict=True
    ):
        if depth == 0:
            suspects.append((int(positions[k]), texts[k], unseen))
        elif unseen:  # inside a form: no backgrounds to compare with
            hidden.add(texts[k] or 0)


def _keep_text_on_backgrounds(
    objects: list[_Object], suspects: list[tuple[int, _Object, bool]], hidden: set[int]
) -> None:
    """White text over a coloured shape or image, invisible text over an image: kept."""
    fast = fast_pdfium()
    shapes: list[tuple[int, Box]] = []
    images: list[tuple[int, Box]] = []
    channels = [ctypes.c_uint() for _ in range(4)]
    refs = [ctypes.byref(c) for c in channels]
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    for position, obj in enumerate(objects):
        kind = fast.FPDFPageObj_GetType(obj)
        if kind == fast.PATH:
            if not fast.FPDFPath_GetDrawMode(obj, ctypes.byref(mode), ctypes.byref(stroke)):
                continue
            if not mode.value or not fast.FPDFPageObj_GetFillColor(obj, *refs):
                continue
            red, green, blue, alpha = (c.value for c in channels)
            if alpha == 0 or min(red, green, blue) >= _WHITE:
                continue
            target = shapes
        elif kind in (fast.IMAGE, fast.SHADING):
            target = images
        else:
            continue
        bounds = _bounds(obj)
        if bounds is not None:
            target.append((position, bounds))
    for position, obj, invisible in suspects:
        bounds = _bounds(obj)
        if bounds is None:
            continue
        x, y = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
        under = images if invisible else shapes + images
        if not any(
            before < position and left <= x <= right and bottom <= y <= top
            for before, (left, bottom, right, top) in under
        ):
            hidden.add(obj or 0)


def _bounds(obj: _Object) -> Box | None:
    edges = [ctypes.c_float() for _ in range(4)]
    if not fast_pdfium().FPDFPageObj_GetBounds(obj, *(ctypes.byref(e) for e in edges)):
        return None
    left, bottom, right, top = (e.value for e in edges)
    return left, bottom, right, top


def font_size(obj: _Object) -> float:
    """The size the text is drawn at: its font size scaled by its matrix."""
    fast = fast_pdfium()
    size = ctypes.c_float()
    if not obj or not fast.FPDFTextObj_GetFontSize(obj, ctypes.byref(size)):
        return MIN_FONT_PT  # unknown: keep the text
    matrix = fast.FS_MATRIX()
    scale = 1.0
    if fast.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    return float(size.value) * scale
