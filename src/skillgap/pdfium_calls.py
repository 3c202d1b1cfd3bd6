"""pdfium's C functions that the PDF reader calls per page object or per character.

Why this module exists: pypdfium2's bindings check every argument against
``argtypes``, 1-5 us a call; the hidden-text pass (:mod:`skillgap.pdf_hidden`)
and the word-gap pass (:mod:`skillgap.pdf_words`) make one to three calls per
object or character, thousands a page, so they call the same C functions
nearly bare through :func:`fast_pdfium`. pdfium is not thread-safe: every call
is made under :data:`PDFIUM_LOCK`.
"""

from __future__ import annotations

import ctypes
import itertools
import threading
from typing import Any

# pdfium is not thread-safe and Streamlit runs scripts in threads.
PDFIUM_LOCK = threading.Lock()


class FastPdfium:
    """pdfium functions called per object or per character, without pypdfium2's checks.

    pypdfium2's bindings check every argument against ``argtypes``, which costs
    1-5 us a call; these take only ints and pointers, so they are safe to call
    nearly bare (~0.25 us), which keeps the hidden-text checks cheap. Two more
    savings: page objects are returned as plain ints (``c_void_p``; building a
    ctypes object per handle costs more than the call) and converted back by an
    ``argtypes`` of one ``c_void_p``; and the functions come from a ``PyDLL``
    view of the library, so a call does not release and retake the GIL (each
    one is a few microseconds of C, made under ``PDFIUM_LOCK`` anyway).
    """

    def __init__(self) -> None:
        import pypdfium2.raw as pdfium_c
        import pypdfium2_raw.bindings as bindings

        shared = bindings._libs["pdfium"]
        lib = ctypes.PyDLL(shared._name, handle=shared._handle)
        self.FS_RECTF = pdfium_c.FS_RECTF
        self.FS_MATRIX = pdfium_c.FS_MATRIX
        self.TEXT, self.PATH = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH
        self.FORM, self.IMAGE = pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_IMAGE
        self.SHADING = pdfium_c.FPDF_PAGEOBJ_SHADING
        handle = ctypes.c_void_p  # a page object: an int (None for NULL) both ways
        returns = {
            "FPDF_GetPageBoundingBox": (ctypes.c_int, False),
            "FPDFPage_CountObjects": (ctypes.c_int, False),
            "FPDFPage_GetObject": (handle, False),
            "FPDFPageObj_GetType": (ctypes.c_int, True),
            "FPDFPageObj_GetFillColor": (ctypes.c_int, True),
            "FPDFPageObj_GetBounds": (ctypes.c_int, True),
            "FPDFPageObj_GetMatrix": (ctypes.c_int, True),
            "FPDFTextObj_GetTextRenderMode": (ctypes.c_int, True),
            "FPDFTextObj_GetFontSize": (ctypes.c_int, True),
            "FPDFPath_GetDrawMode": (ctypes.c_int, True),
            "FPDFFormObj_CountObjects": (ctypes.c_int, True),
            "FPDFFormObj_GetObject": (handle, True),
            "FPDFText_GetTextObject": (handle, False),
            "FPDFText_GetLooseCharBox": (ctypes.c_int, False),
            "FPDFText_GetUnicode": (ctypes.c_uint, False),
        }
        for name, (restype, takes_object) in returns.items():
            function = lib[name]  # a new function object: pypdfium2's own stays as it is
            function.restype = restype
            if takes_object:  # the first argument is a page object (an int); the rest bare
                function.argtypes = (handle,)
            setattr(self, name, function)

    def __getattr__(self, name: str) -> Any:  # for type checkers: set in __init__
        raise AttributeError(name)


_FAST: list[FastPdfium] = []


def fast_pdfium() -> FastPdfium:
    if not _FAST:
        _FAST.append(FastPdfium())
    return _FAST[0]


# Arrays that pdfium writes its answers into, one item per object or character,
# with a pointer to each field of each item, made once and reused for every
# page (under PDFIUM_LOCK): making the pointers costs as much as the calls.
_SLOTS: dict[str, tuple[Any, list[list[Any]]]] = {}
_MAX_CACHED_ITEMS = 1 << 15  # ~2.5 MB of pointers; a page with more gets its own


def out_slots(
    kind: str, ctype: Any, width: int, fields: tuple[int, ...], count: int
) -> tuple[Any, list[list[Any]]]:
    """An array of at least ``count`` items of ``width`` ``ctype`` values, and per
    offset in ``fields`` a list of ``byref`` to that field of every item.

    ``kind`` names the cache entry: callers with one layout share one array.
    """
    cached = _SLOTS.get(kind)
    if cached is not None and len(cached[1][0]) >= count:
        return cached
    size = max(count, 1024, 2 * len(cached[1][0]) if cached else 0)
    size = max(min(size, _MAX_CACHED_ITEMS), count)
    values = (ctype * (width * size))()
    step = width * ctypes.sizeof(ctype)
    pointers = [
        list(
            map(
                ctypes.byref,
                itertools.repeat(values, size),
                range(field * ctypes.sizeof(ctype), step * size, step),
            )
        )
        for field in fields
    ]
    if size <= _MAX_CACHED_ITEMS:
        _SLOTS[kind] = (values, pointers)
    return values, pointers
