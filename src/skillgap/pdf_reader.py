"""Read a PDF's text layer with pdfium (pypdfium2), as a reader of the page sees it.

What it reads: the text of every page, in pdfium's reading order, with three
things pdfium's own ``get_text_range`` gets wrong for résumés put right:

* **glued words.** LaTeX and HTML printed to PDF position words instead of
  drawing a space, so pdfium returns "professionalwith"; the gaps between
  character boxes on a line (:mod:`skillgap.pdf_words`) put the spaces back.
* **hidden text.** Keyword stuffing in white, in a 1 pt font, in an invisible
  render mode or off the page is left out (:mod:`skillgap.pdf_hidden`), while
  an OCR layer over a scan and white text on a dark sidebar are kept.
* **flate bombs.** Every FlateDecode stream is inflated in steps and counted
  before pdfium inflates it whole (:func:`_check_pdf_streams`).

Why it is written this way: the per-object and per-character checks call
pdfium's C functions bare (:mod:`skillgap.pdfium_calls`), because pypdfium2's checked
bindings would cost more than the rest of the read; pdfium is loaded on first
use (~30 ms) and called under a lock (it is not thread-safe).
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import zlib
from typing import TYPE_CHECKING

from skillgap import errors
from skillgap.docx_reader import RATIO_FLOOR
from skillgap.limits import Limits
from skillgap.models import Document
from skillgap.pdfium_calls import PDFIUM_LOCK, fast_pdfium
from skillgap.text import build_document, join_soft_hyphens, why

if TYPE_CHECKING:
    import numpy as np

    from skillgap.pdf_hidden import Box

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

    with PDFIUM_LOCK:
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
    from skillgap import pdf_hidden  # imported here: it loads numpy

    fast = fast_pdfium()
    page = pdf[index]  # type: ignore[index]
    try:
        box = fast.FS_RECTF()
        if fast.FPDF_GetPageBoundingBox(page.raw, ctypes.byref(box)):
            page_box = (box.left, box.bottom, box.right, box.top)
        else:
            page_box = (-math.inf, -math.inf, math.inf, math.inf)
        hidden = pdf_hidden.hidden_text_objects(page.raw, page_box)
        textpage = page.get_textpage()
        try:
            return _spaced_text(textpage, page_box, hidden)
        finally:
            textpage.close()
    finally:
        page.close()


def _spaced_text(
    textpage: object, page_box: Box, hidden: frozenset[int] = frozenset()
) -> tuple[str, int]:
    """pdfium's visible text in reading order, with a space where a word gap has none.

    Characters that are off the page, tiny, or belong to a ``hidden`` text
    object are left out (each hidden run becomes one space); their count is
    returned with the text.
    """
    import numpy as np
    import pypdfium2.raw as pdfium_c

    from skillgap import pdf_words  # imported here: it loads numpy

    text: str = textpage.get_text_range()  # type: ignore[attr-defined]
    handle = textpage.raw  # type: ignore[attr-defined]
    count = pdfium_c.FPDFText_CountChars(handle)
    exact = len(text) == count  # else characters outside the BMP shift the indices
    if exact:
        codes = pdf_words.char_codes(text)
    else:  # read the characters one by one; no word-gap pass on this page
        get_char = fast_pdfium().FPDFText_GetUnicode
        fetched = map(get_char, itertools.repeat(handle, count), range(count))
        codes = np.fromiter((code & 0x1FFFFF for code in fetched), np.uint32, count)
    boxes = pdf_words.char_boxes(handle, codes)
    unseen = pdf_words.unseen_chars(handle, codes, boxes, page_box)
    dropped = _dropped(handle, count, hidden, unseen)
    if not exact:
        if not dropped:
            return text, 0
        units = "".join(map(chr, codes.tolist()))  # UTF-16 code units, surrogates alone
        kept = _assemble(units, [], dropped).encode("utf-16-le", "surrogatepass")
        return kept.decode("utf-16-le", "replace"), sum(dropped)
    spaces = pdf_words.word_starts(text, codes, boxes, unseen)
    if dropped:
        return _assemble(text, spaces, dropped), sum(dropped)
    if not spaces:
        return text, 0
    pieces = [text[a:b] for a, b in zip([0, *spaces], [*spaces, len(text)], strict=True)]
    return " ".join(pieces), 0


def _dropped(handle: object, count: int, hidden: frozenset[int], unseen: np.ndarray) -> list[bool]:
    """Per character, whether to leave it out; [] when nothing is left out."""
    if not hidden and not unseen.any():
        return []
    flags: list[bool] = unseen.tolist()
    if hidden:
        get_object = fast_pdfium().FPDFText_GetTextObject
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
