"""Read a PDF's text layer with pdfium (pypdfium2), as a reader of the page sees it.

What it reads: the text of every page, in pdfium's reading order, with three
things pdfium's own ``get_text_range`` gets wrong for résumés put right:

* **glued words.** LaTeX and HTML printed to PDF position words instead of
  drawing a space, so pdfium returns "professionalwith"; the gaps between
  character boxes on a line (:func:`_word_gaps`) put the spaces back.
* **hidden text.** Keyword stuffing in white, in a 1 pt font, in an invisible
  render mode or off the page is left out (:func:`_hidden_text_objects`), while
  an OCR layer over a scan and white text on a dark sidebar are kept.
* **flate bombs.** Every FlateDecode stream is inflated in steps and counted
  before pdfium inflates it whole (:func:`_check_pdf_streams`).

Why it is written this way: the per-object and per-character checks call
pdfium's C functions bare (:class:`_FastPdfium`), because pypdfium2's checked
bindings would cost more than the rest of the read; pdfium is loaded on first
use (~30 ms) and called under a lock (it is not thread-safe).
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import statistics
import threading
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from skillgap import errors
from skillgap.docx_reader import RATIO_FLOOR
from skillgap.limits import Limits
from skillgap.models import Document
from skillgap.text import build_document, join_soft_hyphens, why

# pdfium is not thread-safe and Streamlit runs scripts in threads.
_PDFIUM_LOCK = threading.Lock()
# A gap between two characters wider than the line's usual letter gap by this
# share of the glyph height is a word space the PDF drew by positioning instead
# of a space character. Measured on /work/shared/eval/pdfs: letters of a word
# are within 0.06 of the line median, word gaps without a space character
# 0.08-0.30 (LaTeX kerning, HTML printed to PDF).
_WORD_GAP = 0.075
# "f" overhangs its advance width, so the gap after it looks smaller: measured,
# "of|the" sits at 0.065-0.095 while letters after "f" inside a word are < 0.
_WORD_GAP_AFTER_F = 0.06
_PDF_BREAKS = frozenset(" \t\r\n\ufffe\x02")
_CLOSERS = frozenset(",.;:)]}!?%'\u2019")


_PDF_STREAM = re.compile(rb"stream\r?\n")
_INFLATE_STEP = 1 << 22


def _check_pdf_streams(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a PDF flate bomb before pdfium inflates it whole into memory.

    Each FlateDecode stream is inflated in 4 MiB steps and thrown away, counting:
    one stream may not inflate more than ``max_compression_ratio`` times its size
    (above 1 MiB), nor all of them past ``max_decompressed_bytes``. ~2 ms per
    100 KiB of PDF. Streams that do not inflate are left to pdfium.
    """
    total = 0
    view = memoryview(data)
    for match in _PDF_STREAM.finditer(data):
        head = data[max(0, match.start() - 1024) : match.start()]
        head = head[head.rfind(b"obj") + 1 :]
        if b"FlateDecode" not in head:
            continue
        start = match.end()
        end = data.find(b"endstream", start)
        piece: bytes | memoryview = view[start : end if end >= 0 else len(data)]
        cap = max(RATIO_FLOOR, len(piece) * limits.max_compression_ratio)
        inflater = zlib.decompressobj()
        produced = 0
        try:
            while piece and not inflater.eof:
                produced += len(inflater.decompress(piece, _INFLATE_STEP))
                if produced > cap:
                    raise errors.DecompressionBomb(
                        name,
                        f"a stream at byte {start:,} inflates over "
                        f"{limits.max_compression_ratio:,.0f}x its size (the limit)",
                    )
                if total + produced > limits.max_decompressed_bytes:
                    raise errors.DecompressionBomb(
                        name,
                        f"its streams inflate past {limits.max_decompressed_bytes:,} bytes "
                        "(the limit)",
                    )
                tail = inflater.unconsumed_tail
                if len(tail) == len(piece) and not produced:
                    break
                piece = tail
        except zlib.error:
            pass  # not deflate after all, or damaged: pdfium decides
        total += produced


def read_pdf(data: bytes, name: str, limits: Limits) -> Document:
    """The PDF in ``data``: every page's visible text, and the pages without any."""
    import pypdfium2 as pdfium  # imported here: loading pdfium costs ~30 ms

    _check_pdf_streams(data, name, limits)

    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise _pdfium_open_error(exc, name) from None
        try:
            pages, warnings = _pdf_pages(pdf, name, limits)
        finally:
            pdf.close()
    empty = tuple(i for i, page in enumerate(pages, 1) if not page.strip())
    if len(empty) == len(pages):
        raise errors.NoTextLayer(name, f"none of its {len(pages)} page(s) holds any text")
    if empty:
        warnings.append(f"no text on page(s) {', '.join(map(str, empty))}")
    text = join_soft_hyphens("\n\n".join(p.strip("\r\n") for p in pages))
    return build_document(
        text, name, "pdf", warnings, empty=None, pages=len(pages), pages_without_text=empty
    )


def _pdfium_open_error(exc: Exception, name: str) -> errors.DocumentError:
    import pypdfium2.raw as pdfium_c

    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return errors.EncryptedDocument(name, "the PDF is protected by a password")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return errors.EncryptedDocument(name, "the PDF uses an unsupported encryption")
    return errors.CorruptDocument(name, f"not a readable PDF: {why(exc)}")


def _pdf_pages(pdf: object, name: str, limits: Limits) -> tuple[list[str], list[str]]:
    import pypdfium2 as pdfium

    assert isinstance(pdf, pdfium.PdfDocument)
    count = len(pdf)
    if count == 0:
        raise errors.EmptyDocument(name, "the PDF has no pages")
    if count > limits.max_pages:
        raise errors.TooManyPages(name, f"{count} pages is over the limit of {limits.max_pages}")
    pages: list[str] = []
    warnings: list[str] = []
    hidden_on: list[str] = []
    for index in range(count):
        try:
            text, hidden = _pdf_page_text(pdf, index)
        except pdfium.PdfiumError as exc:
            warnings.append(f"page {index + 1} could not be read: {why(exc)}")
            text, hidden = "", 0
        pages.append(text)
        if hidden:
            hidden_on.append(f"{hidden} on page {index + 1}")
    if hidden_on:
        warnings.append(
            "ignored invisible or off-page text (white, tiny, transparent or outside the "
            f"page; characters: {', '.join(hidden_on[:10])})"
        )
    return pages, warnings


def _pdf_page_text(pdf: object, index: int) -> tuple[str, int]:
    """A page's visible text and how many hidden characters were left out."""
    fast = _fast_pdfium()
    page = pdf[index]  # type: ignore[index]
    try:
        box = fast.FS_RECTF()
        if fast.FPDF_GetPageBoundingBox(page.raw, ctypes.byref(box)):
            page_box = (box.left, box.bottom, box.right, box.top)
        else:
            page_box = (-math.inf, -math.inf, math.inf, math.inf)
        hidden = _hidden_text_objects(page.raw, page_box)
        textpage = page.get_textpage()
        try:
            return _spaced_text(textpage, page_box, hidden)
        finally:
            textpage.close()
    finally:
        page.close()


class _Handle(ctypes.c_void_p):
    """A pdfium handle; a subclass so ctypes returns it as is, not as an int."""


class _FastPdfium:
    """pdfium functions called per object or per character, without ``argtypes``.

    pypdfium2's bindings check every argument against ``argtypes``, which costs
    1-5 us a call; these take only ints and pointers, so they are safe to call
    bare (~0.4 us), which keeps the hidden-text checks cheap.
    """

    def __init__(self) -> None:
        import pypdfium2.raw as pdfium_c
        import pypdfium2_raw.bindings as bindings

        lib = bindings._libs["pdfium"]
        self.FS_RECTF = pdfium_c.FS_RECTF
        self.FS_MATRIX = pdfium_c.FS_MATRIX
        self.TEXT, self.PATH = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH
        self.FORM, self.IMAGE = pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_IMAGE
        self.SHADING = pdfium_c.FPDF_PAGEOBJ_SHADING
        returns = {
            "FPDF_GetPageBoundingBox": ctypes.c_int,
            "FPDFPage_CountObjects": ctypes.c_int,
            "FPDFPage_GetObject": _Handle,
            "FPDFPageObj_GetType": ctypes.c_int,
            "FPDFPageObj_GetFillColor": ctypes.c_int,
            "FPDFPageObj_GetBounds": ctypes.c_int,
            "FPDFPageObj_GetMatrix": ctypes.c_int,
            "FPDFTextObj_GetTextRenderMode": ctypes.c_int,
            "FPDFTextObj_GetFontSize": ctypes.c_int,
            "FPDFPath_GetDrawMode": ctypes.c_int,
            "FPDFFormObj_CountObjects": ctypes.c_int,
            "FPDFFormObj_GetObject": _Handle,
            "FPDFText_GetTextObject": _Handle,
            "FPDFText_GetLooseCharBox": ctypes.c_int,
            "FPDFText_GetUnicode": ctypes.c_uint,
        }
        for name, restype in returns.items():
            function = lib[name]  # a new function object: pypdfium2's own stays as it is
            function.restype = restype
            setattr(self, name, function)

    def __getattr__(self, name: str) -> Any:  # for type checkers: set in __init__
        raise AttributeError(name)


_FAST: list[_FastPdfium] = []


def _fast_pdfium() -> _FastPdfium:
    if not _FAST:
        _FAST.append(_FastPdfium())
    return _FAST[0]


# Text a reader cannot see is not evidence: keyword stuffing hides skills in
# white, in a 1 pt font, in render mode 3 (invisible) or outside the page box.
# Per character (free: the word-gap pass already fetches every box): outside
# the page's crop box, or tiny. Per text object (three bare pdfium calls):
# invisible render mode or white fill with nothing under it, transparent fill.
# Invisible text over an image is an OCR layer (a scanned page made
# searchable) and white text over a coloured shape is a dark sidebar: kept.
_MIN_FONT_PT = 2.5  # the smallest footnote in a real résumé is ~6 pt
_WHITE = 245  # every channel at least this: white on a white page
_INVISIBLE_MODES = frozenset((3, 7))  # FPDF_TEXTRENDERMODE_INVISIBLE, _CLIP
_MAX_FORM_DEPTH = 8
Box = tuple[float, float, float, float]  # left, bottom, right, top


def _hidden_text_objects(page: object, page_box: Box) -> frozenset[int]:
    """Addresses of the page's text objects drawn invisible, transparent or white."""
    fast = _fast_pdfium()
    get_object = fast.FPDFPage_GetObject
    count = fast.FPDFPage_CountObjects(page)
    objects = list(map(get_object, itertools.repeat(page, count), range(count)))
    hidden: set[int] = set()
    suspects: list[tuple[int, _Handle, bool]] = []
    _scan_objects(objects, hidden, suspects, 0)
    if suspects:
        _keep_text_on_backgrounds(objects, suspects, hidden)
    return frozenset(hidden)


def _scan_objects(
    objects: list[_Handle],
    hidden: set[int],
    suspects: list[tuple[int, _Handle, bool]],
    depth: int,
) -> None:
    fast = _fast_pdfium()
    mode_of = fast.FPDFTextObj_GetTextRenderMode  # -1 for objects that are not text
    fill_of = fast.FPDFPageObj_GetFillColor
    channels = [ctypes.c_uint() for _ in range(4)]
    red, green, blue, alpha = channels
    refs = [ctypes.byref(c) for c in channels]
    modes = list(map(mode_of, objects))
    for position, obj in enumerate(objects):
        mode = modes[position]
        if (
            mode == 0
            and fill_of(obj, *refs)
            and alpha.value
            and min(red.value, green.value, blue.value) < _WHITE
        ):
            continue  # the common case: filled, opaque, not white
        if mode < 0:
            if depth < _MAX_FORM_DEPTH and fast.FPDFPageObj_GetType(obj) == fast.FORM:
                count = fast.FPDFFormObj_CountObjects(obj)
                inner = [fast.FPDFFormObj_GetObject(obj, ctypes.c_ulong(j)) for j in range(count)]
                _scan_objects(inner, hidden, [], depth + 1)
            continue
        invisible = mode in _INVISIBLE_MODES
        if not invisible and fill_of(obj, *refs):
            if alpha.value == 0:
                hidden.add(obj.value or 0)
                continue
            if min(red.value, green.value, blue.value) < _WHITE:
                continue
        elif not invisible:
            continue
        if depth == 0:
            suspects.append((position, obj, invisible))
        elif invisible:  # inside a form: no backgrounds to compare with
            hidden.add(obj.value or 0)


def _keep_text_on_backgrounds(
    objects: list[_Handle], suspects: list[tuple[int, _Handle, bool]], hidden: set[int]
) -> None:
    """White text over a coloured shape or image, invisible text over an image: kept."""
    fast = _fast_pdfium()
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
            hidden.add(obj.value or 0)


def _bounds(obj: _Handle) -> Box | None:
    edges = [ctypes.c_float() for _ in range(4)]
    if not _fast_pdfium().FPDFPageObj_GetBounds(obj, *(ctypes.byref(e) for e in edges)):
        return None
    left, bottom, right, top = (e.value for e in edges)
    return left, bottom, right, top


def _font_size(obj: _Handle) -> float:
    """The size the text is drawn at: its font size scaled by its matrix."""
    fast = _fast_pdfium()
    size = ctypes.c_float()
    if not obj or not fast.FPDFTextObj_GetFontSize(obj, ctypes.byref(size)):
        return _MIN_FONT_PT  # unknown: keep the text
    matrix = fast.FS_MATRIX()
    scale = 1.0
    if fast.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    return float(size.value) * scale


def _spaced_text(
    textpage: object, page_box: Box, hidden: frozenset[int] = frozenset()
) -> tuple[str, int]:
    """pdfium's visible text in reading order, with a space where a word gap has none.

    Many PDFs (LaTeX, HTML printed to PDF) position words instead of drawing a
    space, and pdfium then glues them ("professionalwith"). Comparing the loose
    boxes of neighbouring characters on a line finds those gaps. Characters that
    are off the page, tiny, or belong to a ``hidden`` text object are left out
    (each hidden run becomes one space); their count is returned with the text.
    """
    import pypdfium2.raw as pdfium_c

    text: str = textpage.get_text_range()  # type: ignore[attr-defined]
    handle = textpage.raw  # type: ignore[attr-defined]
    count = pdfium_c.FPDFText_CountChars(handle)
    unseen: list[int] = []
    if len(text) != count:
        # characters outside the BMP shift indices: no word-gap pass on this page
        for _line in _line_gaps(None, count, handle, page_box, unseen):
            pass
        dropped = _dropped(handle, count, hidden, unseen)
        return (_chars_text(handle, count, dropped), sum(dropped)) if dropped else (text, 0)
    spaces: list[int] = []
    for line in _line_gaps(text, count, handle, page_box, unseen):
        spaces.extend(_word_gaps(text, line))
    dropped = _dropped(handle, count, hidden, unseen)
    if dropped:
        return _assemble(text, spaces, dropped), sum(dropped)
    if not spaces:
        return text, 0
    pieces = [text[a:b] for a, b in zip([0, *spaces], [*spaces, len(text)], strict=True)]
    return " ".join(pieces), 0


def _dropped(handle: object, count: int, hidden: frozenset[int], unseen: list[int]) -> list[bool]:
    """Per character, whether to leave it out; [] when nothing is left out."""
    if not hidden and not unseen:
        return []
    get_object = _fast_pdfium().FPDFText_GetTextObject
    flags = [False] * count
    for i in unseen:
        flags[i] = True
    if hidden:
        for i in range(count):
            if get_object(handle, i).value in hidden:
                flags[i] = True
    return flags if any(flags) else []


def _assemble(text: str, spaces: list[int], dropped: list[bool]) -> str:
    starts = set(spaces)
    out: list[str] = []
    for i, char in enumerate(text):
        if i in starts:
            out.append(" ")
        if not dropped[i]:
            out.append(char)
        elif out and out[-1] not in " \n":
            out.append(" ")
    return "".join(out)


def _chars_text(handle: object, count: int, dropped: list[bool]) -> str:
    get_char = _fast_pdfium().FPDFText_GetUnicode
    out: list[str] = []
    for i in range(count):
        if not dropped[i]:
            out.append(chr(get_char(handle, i) & 0x1FFFFF))
        elif out and out[-1] not in " \n":
            out.append(" ")
    joined = "".join(out).encode("utf-16-le", "surrogatepass")
    return joined.decode("utf-16-le", "replace")


def _line_gaps(
    text: str | None, count: int, handle: object, page_box: Box, unseen: list[int]
) -> Iterator[list[tuple[int, float]]]:
    """Per line, (index, gap / glyph height) for each pair of touching characters.

    Also appends to ``unseen`` the characters whose box lies outside the page or
    that are drawn in a tiny font. With ``text`` None only ``unseen`` is filled.
    """
    fast = _fast_pdfium()
    get_box: Callable[..., int] = fast.FPDFText_GetLooseCharBox
    get_char: Callable[..., int] = fast.FPDFText_GetUnicode
    rect = fast.FS_RECTF()
    ref = ctypes.byref(rect)
    line: list[tuple[int, float]] = []
    prev_right = prev_bottom = prev_height = 0.0
    have_prev = False
    breaks = _PDF_BREAKS
    p_left, p_bottom, p_right, p_top = page_box
    for i in range(count):
        char = text[i] if text is not None else chr(get_char(handle, i) & 0x1FFFFF)
        if char in breaks:
            have_prev = False
            if char == "\n" and line:
                yield line
                line = []
            continue
        get_box(handle, i, ref)
        bottom, top, left, right = rect.bottom, rect.top, rect.left, rect.right
        glyph = top - bottom
        if (right < p_left or left > p_right or top < p_bottom or bottom > p_top) or (
            glyph < _MIN_FONT_PT
            and _font_size(fast.FPDFText_GetTextObject(handle, i)) < _MIN_FONT_PT
        ):
            unseen.append(i)
            have_prev = False
            continue
        if text is None:
            continue
        height = glyph if glyph > prev_height else prev_height
        if have_prev and height > 0 and -0.5 * height < bottom - prev_bottom < 0.5 * height:
            line.append((i, (left - prev_right) / height))
        prev_right, prev_bottom, prev_height = right, bottom, glyph
        have_prev = True
    if line:
        yield line


def _word_gaps(text: str, line: list[tuple[int, float]]) -> Iterator[int]:
    """Indices that start a new word: gaps well above the line's usual letter gap.

    The gap is measured against the line's median (fonts whose glyphs are drawn
    tighter than their advance widths have negative letter gaps), and never
    after a hyphen or slash or before closing punctuation.
    """
    usual = statistics.median(gap for _i, gap in line)
    for i, gap in line:
        prev = text[i - 1]
        limit = _WORD_GAP_AFTER_F if prev == "f" else _WORD_GAP
        wide = gap - usual > limit
        if wide and prev not in "-/(" and text[i] not in _CLOSERS and not _is_initial(text, i):
            yield i


def _is_initial(text: str, i: int) -> bool:
    """A capital opening a line before lowercase ("S|kills" in a heading font) is
    a drop-cap-like wide advance, not a one-letter word; "A" and "I" are words."""
    return (
        (i < 2 or text[i - 2] == "\n")
        and text[i - 1].isupper()
        and text[i - 1] not in "AI"
        and text[i].islower()
    )
