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
import struct
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
# Deflate's most output per input byte is 1032 (a 258-byte match coded in two
# bits); a little more, to be safe.
_DEFLATE_CEILING = 1040


def _check_pdf_streams(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a PDF flate bomb before pdfium inflates it whole into memory.

    Each FlateDecode stream is inflated in 4 MiB steps and thrown away, counting:
    one stream may not inflate more than ``max_compression_ratio`` times its size
    (above 1 MiB), nor all of them past ``max_decompressed_bytes``. ~2 ms per
    100 KiB of PDF. Streams that do not inflate are left to pdfium.

    A stream too small to reach either limit even at deflate's ceiling (~1 KiB
    for the ratio) is not inflated, only counted at that ceiling; should the
    running total then come near ``max_decompressed_bytes``, those streams are
    inflated after all, so the verdict and its message are the same as inflating
    every stream.
    """
    total = 0  # bytes inflated by the streams inflated so far
    pending: list[bytes | memoryview] = []  # the streams not inflated (yet)
    ceiling = 0  # what the pending streams could inflate to at most
    view = memoryview(data)
    for match in _PDF_STREAM.finditer(data):
        head = max(0, match.start() - 1024)
        obj = data.rfind(b"obj", head, match.start())
        if data.find(b"FlateDecode", obj + 1 if obj >= 0 else head, match.start()) < 0:
            continue
        start = match.end()
        end = data.find(b"endstream", start)
        piece: bytes | memoryview = view[start : end if end >= 0 else len(data)]
        cap = max(RATIO_FLOOR, len(piece) * limits.max_compression_ratio)
        most = len(piece) * _DEFLATE_CEILING
        if most <= cap and total + ceiling + most <= limits.max_decompressed_bytes:
            pending.append(piece)
            ceiling += most
            continue
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
                if total + ceiling + produced > limits.max_decompressed_bytes:
                    total += sum(map(_inflated_size, pending))  # the exact total, then
                    pending, ceiling = [], 0
                    if total + produced > limits.max_decompressed_bytes:
                        raise errors.DecompressionBomb(
                            name,
                            f"its streams inflate past {limits.max_decompressed_bytes:,} "
                            "bytes (the limit)",
                        )
                tail = inflater.unconsumed_tail
                if len(tail) == len(piece) and not produced:
                    break
                piece = tail
        except zlib.error:
            pass  # not deflate after all, or damaged: pdfium decides
        total += produced


def _inflated_size(data: bytes | memoryview) -> int:
    """How many bytes ``data`` inflates to, as :func:`_check_pdf_streams` counts."""
    inflater = zlib.decompressobj()
    produced = 0
    try:
        while data and not inflater.eof:
            produced += len(inflater.decompress(data, _INFLATE_STEP))
            tail = inflater.unconsumed_tail
            if len(tail) == len(data) and not produced:
                break
            data = tail
    except zlib.error:
        pass
    return produced


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


class _FastPdfium:
    """pdfium functions called per object or per character, without pypdfium2's checks.

    pypdfium2's bindings check every argument against ``argtypes``, which costs
    1-5 us a call; these take only ints and pointers, so they are safe to call
    nearly bare (~0.25 us), which keeps the hidden-text checks cheap. Two more
    savings: page objects are returned as plain ints (``c_void_p``; building a
    ctypes object per handle costs more than the call) and converted back by an
    ``argtypes`` of one ``c_void_p``; and the functions come from a ``PyDLL``
    view of the library, so a call does not release and retake the GIL (each
    one is a few microseconds of C, made under ``_PDFIUM_LOCK`` anyway).
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
_Object = int | None  # a page object as _FastPdfium returns it: its address, None for NULL
_RGBA = struct.Struct("@4I")  # FPDFPageObj_GetFillColor's four unsigned ints


def _hidden_text_objects(page: object, page_box: Box) -> frozenset[int]:
    """Addresses of the page's text objects drawn invisible, transparent or white."""
    fast = _fast_pdfium()
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
    fast = _fast_pdfium()
    fill_of = fast.FPDFPageObj_GetFillColor
    color = (ctypes.c_char * _RGBA.size)()  # red, green, blue, alpha: unsigned ints
    red_at, green_at, blue_at, alpha_at = (ctypes.byref(color, 4 * k) for k in range(4))
    plain: set[bytes] = set()  # colours seen opaque and not white, as pdfium wrote them
    modes = map(fast.FPDFTextObj_GetTextRenderMode, objects)  # -1: not text
    for position, obj, mode in zip(itertools.count(), objects, modes):
        if mode == 0 and fill_of(obj, red_at, green_at, blue_at, alpha_at) and color.raw in plain:
            continue  # the common case: filled, opaque, not white
        if mode < 0:
            if depth < _MAX_FORM_DEPTH and fast.FPDFPageObj_GetType(obj) == fast.FORM:
                count = fast.FPDFFormObj_CountObjects(obj)
                inner = [fast.FPDFFormObj_GetObject(obj, ctypes.c_ulong(j)) for j in range(count)]
                _scan_objects(inner, hidden, [], depth + 1)
            continue
        invisible = mode in _INVISIBLE_MODES
        if not invisible:
            if not fill_of(obj, red_at, green_at, blue_at, alpha_at):
                continue
            red, green, blue, alpha = _RGBA.unpack(color.raw)
            if alpha == 0:
                hidden.add(obj or 0)
                continue
            if min(red, green, blue) < _WHITE:
                plain.add(color.raw)
                continue
        if depth == 0:
            suspects.append((position, obj, invisible))
        elif invisible:  # inside a form: no backgrounds to compare with
            hidden.add(obj or 0)


def _keep_text_on_backgrounds(
    objects: list[_Object], suspects: list[tuple[int, _Object, bool]], hidden: set[int]
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
            hidden.add(obj or 0)


def _bounds(obj: _Object) -> Box | None:
    edges = [ctypes.c_float() for _ in range(4)]
    if not _fast_pdfium().FPDFPageObj_GetBounds(obj, *(ctypes.byref(e) for e in edges)):
        return None
    left, bottom, right, top = (e.value for e in edges)
    return left, bottom, right, top


def _font_size(obj: _Object) -> float:
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
    for at, gaps in _line_gaps(text, count, handle, page_box, unseen):
        spaces.extend(_word_gaps(text, at, gaps))
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
    flags = [False] * count
    for i in unseen:
        flags[i] = True
    if hidden:
        get_object = _fast_pdfium().FPDFText_GetTextObject
        owners = map(get_object, itertools.repeat(handle, count), range(count))
        for i, owner in enumerate(owners):
            if owner in hidden:
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
) -> Iterator[tuple[list[int], list[float]]]:
    """Per line, the index and gap / glyph height of each pair of touching characters.

    Also appends to ``unseen`` the characters whose box lies outside the page or
    that are drawn in a tiny font. With ``text`` None only ``unseen`` is filled.
    Every character's box is fetched first, in one ``map`` into one array (the
    C call is most of the cost; a Python loop around it would double it).
    """
    fast = _fast_pdfium()
    breaks = _PDF_BREAKS
    p_left, p_bottom, p_right, p_top = page_box

    def unseen_at(i: int, left: float, top: float, right: float, bottom: float) -> bool:
        return (right < p_left or left > p_right or top < p_bottom or bottom > p_top) or (
            top - bottom < _MIN_FONT_PT
            and _font_size(fast.FPDFText_GetTextObject(handle, i)) < _MIN_FONT_PT
        )

    if text is None:
        get_char: Callable[..., int] = fast.FPDFText_GetUnicode
        codes = map(get_char, itertools.repeat(handle, count), range(count))
        chars = [chr(code & 0x1FFFFF) for code in codes]
        boxes = zip(itertools.count(), chars, *_char_boxes(handle, count, chars))
        for i, char, left, top, right, bottom in boxes:
            if char not in breaks and unseen_at(i, left, top, right, bottom):
                unseen.append(i)
        return
    at: list[int] = []
    gaps: list[float] = []
    prev_right = prev_bottom = prev_height = 0.0
    have_prev = False
    for i, char, left, top, right, bottom in zip(
        itertools.count(), text, *_char_boxes(handle, count, text)
    ):
        if char in breaks:
            have_prev = False
            if char == "\n" and at:
                yield at, gaps
                at, gaps = [], []
            continue
        glyph = top - bottom
        if (right < p_left or left > p_right or top < p_bottom or bottom > p_top) or (
            glyph < _MIN_FONT_PT and unseen_at(i, left, top, right, bottom)
        ):
            unseen.append(i)
            have_prev = False
            continue
        height = glyph if glyph > prev_height else prev_height
        if have_prev and height > 0 and -0.5 * height < bottom - prev_bottom < 0.5 * height:
            at.append(i)
            gaps.append((left - prev_right) / height)
        prev_right, prev_bottom, prev_height = right, bottom, glyph
        have_prev = True
    if at:
        yield at, gaps


def _char_boxes(
    handle: object, count: int, chars: str | list[str]
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Every character's loose box: lefts, tops, rights and bottoms (FS_RECTF's order)."""
    get_box = _fast_pdfium().FPDFText_GetLooseCharBox
    boxes, slots = _box_slots(count)
    fetched = list(map(get_box, itertools.repeat(handle, count), range(count), slots))
    values = boxes[: 4 * count]
    if 0 in fetched:  # pdfium leaves the box as it was: the last one fetched, as in one rect
        last = [0.0] * 4
        for i, char in enumerate(chars):
            if char in _PDF_BREAKS:
                continue
            if fetched[i]:
                last = values[4 * i : 4 * i + 4]
            else:
                values[4 * i : 4 * i + 4] = last
    return values[0::4], values[1::4], values[2::4], values[3::4]


# One array of FS_RECTFs and a pointer to each, made once and reused for every
# page (under _PDFIUM_LOCK): making the pointers costs as much as the calls.
_BOX_SLOTS: list[tuple[Any, list[Any]]] = []
_MAX_CACHED_SLOTS = 1 << 15  # characters (~2.5 MB); a page with more gets its own


def _box_slots(count: int) -> tuple[Any, list[Any]]:
    """A float array of at least ``4 * count`` and a ``byref`` to each of its FS_RECTFs."""
    if _BOX_SLOTS and len(_BOX_SLOTS[0][1]) >= count:
        return _BOX_SLOTS[0]
    size = max(count, 1024, 2 * len(_BOX_SLOTS[0][1]) if _BOX_SLOTS else 0)
    size = max(min(size, _MAX_CACHED_SLOTS), count)
    boxes = (ctypes.c_float * (4 * size))()
    step = 4 * ctypes.sizeof(ctypes.c_float)
    slots = list(map(ctypes.byref, itertools.repeat(boxes, size), range(0, step * size, step)))
    if size <= _MAX_CACHED_SLOTS:
        _BOX_SLOTS[:] = [(boxes, slots)]
    return boxes, slots


def _word_gaps(text: str, at: list[int], gaps: list[float]) -> Iterator[int]:
    """Indices that start a new word: gaps well above the line's usual letter gap.

    The gap is measured against the line's median (fonts whose glyphs are drawn
    tighter than their advance widths have negative letter gaps), and never
    after a hyphen or slash or before closing punctuation.
    """
    ordered = sorted(gaps)
    half = len(ordered) // 2
    usual = ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2
    for i, gap in zip(at, gaps, strict=True):
        if gap - usual <= _WORD_GAP_AFTER_F:  # below both limits: the common case
            continue
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
