"""Read a résumé (PDF, DOCX, TXT or Markdown) into a :class:`~skillgap.models.Document`.

One front door serves the CLI (paths), the batch screener and the Streamlit app
(uploads as bytes or binary streams)::

    doc = read_document("cv.pdf")
    doc = read_document(upload, name=upload.name)
    doc = read_text(pasted)

The format is detected from the content, never from the file name. Every failure
is raised as a typed :mod:`skillgap.errors` error whose one-line message names the
file and the reason; no library exception escapes.
"""

from __future__ import annotations

import codecs
import ctypes
import io
import itertools
import math
import os
import re
import stat
import statistics
import threading
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

import ftfy
from lxml import etree

from skillgap import errors
from skillgap.limits import Limits, resolve
from skillgap.models import Document
from skillgap.sections import find_sections

FORMATS = ("pdf", "docx", "txt", "md")

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO


# --------------------------------------------------------------------------- front door


def read_document(
    source: Source, *, name: str | None = None, limits: Limits | None = None
) -> Document:
    """Read a path, bytes or a binary stream; ``name`` names an in-memory upload."""
    limits = resolve(limits)
    data, label = _load_bytes(source, name, limits)
    return _read_bytes(data, label, limits)


def read_text(text: str, *, name: str = "<text>", format: str = "txt") -> Document:
    """A document from pasted text (``format`` "txt" or "md")."""
    if format not in ("txt", "md"):
        raise ValueError(f"read_text format must be 'txt' or 'md', got {format!r}")
    return _text_document(text, name, format, encoding=None, warnings=[])


def detect_format(data: bytes, *, name: str = "<bytes>") -> str:
    """ "pdf", "docx", "txt" or "md" from the content; raises UnsupportedType."""
    kind = _sniff(data, name)
    if kind != "text":
        return kind
    text, _encoding = _decode(data, name)
    return "md" if _looks_like_markdown(text) else "txt"


def _read_bytes(data: bytes, name: str, limits: Limits) -> Document:
    kind = _sniff(data, name)
    if kind == "pdf":
        return _read_pdf(data, name, limits)
    if kind == "docx":
        return _read_docx(data, name, limits)
    text, encoding = _decode(data, name)
    fmt = "md" if _looks_like_markdown(text) else "txt"
    warnings = [] if encoding.startswith("utf") else [f"decoded as {encoding} (not UTF-8)"]
    return _text_document(text, name, fmt, encoding=encoding, warnings=warnings)


def _text_document(
    text: str, name: str, fmt: str, *, encoding: str | None, warnings: list[str]
) -> Document:
    if fmt == "md":
        text = strip_markdown(text)
    text = normalise_text(text, warnings)
    if not text.strip():
        raise errors.EmptyDocument(name, "the text is empty or only whitespace")
    return Document(
        source=name,
        format=fmt,
        text=text,
        encoding=encoding,
        sections=find_sections(text),
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- loading


def _load_bytes(source: Source, name: str | None, limits: Limits) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        label = name or "<bytes>"
        data = bytes(source)
        _check_size(len(data), label, limits)
        return data, label
    if isinstance(source, str | os.PathLike):
        label = name or os.fspath(source)
        return _read_path(os.fspath(source), label, limits), label
    if hasattr(source, "read"):
        label = name or str(getattr(source, "name", "") or "<upload>")
        return _read_stream(source, label, limits), label
    raise TypeError(f"read_document expects a path, bytes or a binary stream, got {source!r}")


def _check_size(size: int, label: str, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise errors.TooLarge(
            label, f"{size:,} bytes is over the limit of {limits.max_file_bytes:,} bytes"
        )


def _read_path(path: str, label: str, limits: Limits) -> bytes:
    # stat before opening: opening a FIFO blocks forever, a device never ends.
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise errors.NotFound(label, "no such file") from None
    except NotADirectoryError:
        raise errors.NotFound(label, "a parent of this path is not a folder") from None
    except PermissionError:
        raise errors.PermissionDenied(label, "permission denied") from None
    except (OSError, ValueError) as exc:
        raise errors.NotFound(label, f"cannot read it: {_why(exc)}") from None
    _check_regular(info.st_mode, label)
    _check_size(info.st_size, label, limits)
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since stat, open() must not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise errors.NotFound(label, "no such file") from None
    except PermissionError:
        raise errors.PermissionDenied(label, "permission denied") from None
    except OSError as exc:
        raise errors.NotFound(label, f"cannot open it: {_why(exc)}") from None
    with os.fdopen(fd, "rb") as handle:
        _check_regular(os.fstat(fd).st_mode, label)
        return _read_stream(handle, label, limits)


def _check_regular(mode: int, label: str) -> None:
    if stat.S_ISREG(mode):
        return
    kinds = {
        stat.S_ISDIR: "a folder",
        stat.S_ISFIFO: "a named pipe",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
    }
    kind = next((text for test, text in kinds.items() if test(mode)), "not a regular file")
    raise errors.NotARegularFile(label, f"this is {kind}")


def _read_stream(stream: BinaryIO, label: str, limits: Limits) -> bytes:
    """Read at most one byte past the limit, so an endless stream cannot fill memory."""
    try:
        data = stream.read(limits.max_file_bytes + 1)
    except (OSError, ValueError) as exc:
        raise errors.CorruptDocument(label, f"cannot read it: {_why(exc)}") from None
    if isinstance(data, str):
        raise TypeError(f"{label}: open the file in binary mode ('rb'), not text mode")
    data = bytes(data)
    if len(data) > limits.max_file_bytes:
        raise errors.TooLarge(label, f"over the limit of {limits.max_file_bytes:,} bytes")
    return data


def _why(exc: BaseException) -> str:
    """A library exception as a short, one-line reason."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


# --------------------------------------------------------------------------- sniffing

_PDF_MAGIC = b"%PDF-"
_PDF_JUNK_ALLOWED = 1024  # readers accept up to 1 KiB of junk before the header
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_MAGIC = (
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)


def _sniff(data: bytes, name: str) -> str:
    """ "pdf", "docx" or "text" from magic bytes; other known types are refused."""
    if not data:
        raise errors.EmptyDocument(name, "the file is empty (0 bytes)")
    if _PDF_MAGIC in data[: _PDF_JUNK_ALLOWED + len(_PDF_MAGIC)]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        _check_docx_package(data, name)
        return "docx"
    if data.startswith(_OLE2_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise errors.EncryptedDocument(name, "a password-protected Office document")
        raise errors.UnsupportedType(name, "legacy Word .doc: save as DOCX or PDF", hint="")
    for magic, kind in _OTHER_MAGIC:
        if data.startswith(magic):
            raise errors.UnsupportedType(name, f"this is {kind}, not a résumé format")
    return "text"


def _check_docx_package(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            types = _small_entry(zf, "[Content_Types].xml", name)
    except zipfile.BadZipFile as exc:
        raise errors.CorruptDocument(name, f"a damaged ZIP/DOCX file: {_why(exc)}") from None
    if b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise errors.UnsupportedType(
            name,
            "a macro-enabled Word document (.docm); macros are not run or read",
            hint="save it as a plain DOCX or PDF",
        )
    if "word/document.xml" in names or b"wordprocessingml.document" in types:
        return
    raise errors.UnsupportedType(
        name, f"a ZIP archive that is not a Word document ({_zip_kind(names)})"
    )


def _zip_kind(names: set[str]) -> str:
    if any(n.startswith("xl/") for n in names):
        return "looks like an Excel workbook"
    if any(n.startswith("ppt/") for n in names):
        return "looks like a PowerPoint file"
    if "mimetype" in names and "content.xml" in names:
        return "looks like an OpenDocument file"
    return f"{len(names)} entries, no word/document.xml"


def _small_entry(zf: zipfile.ZipFile, entry: str, name: str) -> bytes:
    """An entry of at most 1 MiB, or b"" if absent (used only for sniffing)."""
    try:
        info = zf.getinfo(entry)
    except KeyError:
        return b""
    if info.file_size > 1 << 20:
        raise errors.DecompressionBomb(name, f"{entry} declares {info.file_size:,} bytes")
    try:
        with zf.open(info) as handle:
            return handle.read(1 << 20)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise errors.CorruptDocument(name, f"damaged ZIP entry {entry}: {_why(exc)}") from None
    except (RuntimeError, NotImplementedError) as exc:
        raise errors.CorruptDocument(name, f"unreadable ZIP entry {entry}: {_why(exc)}") from None


# --------------------------------------------------------------------------- text decoding

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_MAX_CONTROL_RATIO = 0.03  # binary files run at 10-30%; a pasted ESC or BEL is not binary


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was read with: BOM, strict UTF-8, cp1252, latin-1."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding.removesuffix("-sig"), errors="replace")
            return text, encoding
    sample = data[: 1 << 20]
    nuls = sample.count(b"\x00")
    if nuls:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return data.decode(utf16, errors="replace"), utf16
        if nuls > _MAX_CONTROL_RATIO * len(sample):
            raise errors.UnsupportedType(name, "binary data (NUL bytes), not text")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise errors.UnsupportedType(name, "binary data (control bytes), not text")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has NULs on every other byte."""
    sample = data[: 1 << 16]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


# --------------------------------------------------------------------------- normalisation

# Mojibake that ftfy cannot undo because a byte was lost on the way (the C1
# control in "â\x80¢" is often dropped, leaving "â¢"), plus the common forms.
_MOJIBAKE = {
    "â€¢": "•",
    "â¢": "•",
    "â€“": "–",
    "â€”": "—",
    "â€™": "'",
    "â€˜": "'",
    "â€œ": '"',
    "â€¦": "…",
    "Ã©": "é",
    "Ã¨": "è",
    "Ã¡": "á",
    "Ã³": "ó",
    "Ã¶": "ö",
    "Ã¼": "ü",
    "Ã¤": "ä",
    "Ã±": "ñ",
    "Ã§": "ç",
    "Â·": "·",
    "Â\xa0": " ",
}
_MOJIBAKE_RE = re.compile("|".join(re.escape(k) for k in sorted(_MOJIBAKE, key=len, reverse=True)))
_STRAY_A_CIRC = re.compile(r"(?<=[a-z,.;:)])Â(?=[\s·]|$)", re.MULTILINE)  # "orientedÂ in"

# UTF-8 read as cp1252/latin-1 always shows a lead byte (Â..ô) before a
# continuation byte (0x80-0xBF as latin-1, or its cp1252 glyph).
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
# Bullet glyphs seen in real résumés (plus private-use Wingdings/Symbol glyphs).
_BULLETS = frozenset("•◦▪▫■□●○◆◇♦❖➢➤►▶▸‣⁃∙·✓✔✗✘✶★☆➔→⇒❯»–—−*+")
_CONTROL_CHARS = dict.fromkeys(c for c in range(32) if c not in (9, 10)) | {
    0x7F: None,
    0xFEFF: None,
    0xFFFE: None,
    0x00AD: None,  # soft hyphen
    0x200B: None,  # zero-width space
    0x00A0: " ",
    0x2007: " ",
    0x202F: " ",
}
_AFTER_REPAIR = _CONTROL_CHARS | dict.fromkeys(range(0x80, 0xA0))
_LINE_END_HYPHEN = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_SOFT_HYPHEN = re.compile("(?<=[a-z])\ufffe(?=[a-z])")
_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
# Line-end hyphenation is joined when the part after the hyphen is a word ending.
_SUFFIXES = (
    "tion", "tions", "sion", "sions", "ment", "ments", "ing", "ings", "ness", "ity",
    "ities", "ence", "ences", "ance", "ances", "ical", "ically", "ally", "ible", "able",
    "ive", "ively", "ous", "ously", "ure", "ures", "ogy", "ologies", "ist", "ists",
    "ism", "ize", "ized", "izing", "ise", "ised", "ising", "ated", "ating", "ation",
    "ations", "ial", "ially", "ient", "ients", "ary", "ory", "ed", "er", "ers", "ly",
    "al", "ic", "ics", "ship", "est", "ment", "gram", "grams", "ming",
)  # fmt: skip
_SUFFIX_SET = frozenset(_SUFFIXES)


def normalise_text(text: str, warnings: list[str] | None = None) -> str:
    """Clean text from any reader: newlines, mojibake, ligatures, bullets, hyphenation."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _repair_mojibake(text.translate(_CONTROL_CHARS), warnings)
    text = text.translate(_LIGATURES).translate(_AFTER_REPAIR)  # what ftfy may emit
    text = _join_hyphenated(text)
    lines = [_normalise_line(line) for line in text.split("\n")]
    return _squeeze_blank_lines(lines).strip("\n")


def _repair_mojibake(text: str, warnings: list[str] | None) -> str:
    fixed = _MOJIBAKE_RE.sub(lambda m: _MOJIBAKE[m.group()], text)
    fixed = _STRAY_A_CIRC.sub("", fixed)
    if not fixed.isascii():
        fixed = unicodedata.normalize("NFC", _ftfy_suspect_lines(fixed))
    if fixed != text and warnings is not None and _had_mojibake(text):
        warnings.append("repaired mis-decoded characters (mojibake)")
    return fixed


def _ftfy_suspect_lines(text: str) -> str:
    """ftfy on the lines that can hold mojibake only: it costs ~50 us a line."""
    if _MOJIBAKE_HINT.search(text) is None:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line) is not None:
            lines[i] = ftfy.fix_text(line, unescape_html=False, uncurl_quotes=False)
    return "\n".join(lines)


def _had_mojibake(text: str) -> bool:
    return "â" in text or "Ã" in text or "Â" in text


def _normalise_line(line: str) -> str:
    stripped = line.strip()
    if not stripped:
        return ""
    first = stripped[0]
    if first in _BULLETS or _is_private_use(first):
        rest = stripped[1:]
        # "*" "+" "–" only count as bullets when a space follows ("-5%" and "*args" stay).
        if first in "*+–—−" and not rest.startswith((" ", "\t")):
            return _drop_private_use(line).rstrip()
        rest = _drop_private_use(rest).strip()
        return "- " + rest if rest else ""
    return _drop_private_use(line).rstrip()


def _is_private_use(char: str) -> bool:
    return "\ue000" <= char <= "\uf8ff"


def _drop_private_use(line: str) -> str:
    """Icon-font glyphs (phone, e-mail, LinkedIn logos) are not text."""
    if line.isascii():
        return line
    return "".join(" " if _is_private_use(c) else c for c in line)


def _squeeze_blank_lines(lines: list[str]) -> str:
    out: list[str] = []
    blank = 0
    for line in lines:
        blank = blank + 1 if not line else 0
        if blank <= 1:
            out.append(line)
    return "\n".join(out)


def _join_hyphenated(text: str) -> str:
    """Undo line-end hyphenation: "develop-\\nment" -> "development".

    Rule, applied only to a hyphen that ends a line between lowercase letters:
    join (drop the hyphen) when the joined word occurs elsewhere in the text, or
    when the fragment after the hyphen is a word ending ("ment", "tion", "ing"...);
    keep the hyphen when the hyphenated form occurs elsewhere or otherwise
    ("scikit-\\nlearn", "data-\\ndriven"). Either way the word is made whole on
    the first line and the rest of the next line stays on its own line.
    """
    matches = list(_LINE_END_HYPHEN.finditer(text))
    if not matches:
        return text
    vocabulary = set(_WORD_RE.findall(text.lower()))
    out: list[str] = []
    last = 0
    for match in matches:
        if match.start() < last:
            continue
        left = _word_before(text, match.start())
        right_end = _word_end(text, match.end())
        right = text[match.end() : right_end]
        joiner = _hyphen_joiner(left.lower(), right.lower(), vocabulary)
        out.append(text[last : match.start()])
        out.append(joiner + right)
        rest = right_end
        while rest < len(text) and text[rest] in " \t":
            rest += 1
        if rest < len(text) and text[rest] != "\n":
            out.append("\n")
        last = rest
    out.append(text[last:])
    return "".join(out)


def _join_soft_hyphens(text: str) -> str:
    """pdfium marks a word it re-joined across a line end with U+FFFE."""
    if "\ufffe" not in text:
        return text
    vocabulary = set(_WORD_RE.findall(text.lower()))
    out: list[str] = []
    last = 0
    for match in _SOFT_HYPHEN.finditer(text):
        left = _word_before(text, match.start()).lower()
        right = text[match.end() : _word_end(text, match.end())].lower()
        out.append(text[last : match.start()] + _hyphen_joiner(left, right, vocabulary))
        last = match.end()
    out.append(text[last:])
    return "".join(out).replace("\ufffe", "-")


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and end - start < 40 and text[start - 1].isalpha():
        start -= 1
    return text[start:end]


def _word_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and end - start < 40 and text[end].isalpha():
        end += 1
    return end


def _hyphen_joiner(left: str, right: str, vocabulary: set[str]) -> str:
    if left + right in vocabulary:
        return ""
    if f"{left}-{right}" in vocabulary:
        return "-"
    return "" if right in _SUFFIX_SET or len(right) <= 2 else "-"


# --------------------------------------------------------------------------- markdown

_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_MD_LINK = re.compile(r"(!?)\[([^\]\n]{0,500})\]\(([^)\s]{0,2000})(?:[ \t]+\"[^\"\n]{0,500}\")?\)")
_MD_RULE = re.compile(r"^ {0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$")


def _looks_like_markdown(text: str) -> bool:
    """Markdown when it has ATX headings plus another mark, or bold and links."""
    sample = text[: 1 << 20]
    headings = len(_MD_HEADING.findall(sample))
    bold = "**" in sample or "__" in sample
    links = _MD_LINK.search(sample) is not None
    lists = re.search(r"^ {0,3}[-*+][ \t]+\S", sample, re.MULTILINE) is not None
    marks = sum((bold, links, lists, headings >= 2))
    return (headings >= 1 and marks >= 1) or (bold and links)


def strip_markdown(text: str) -> str:
    """Light markup removal: heading hashes, emphasis, links -> "text url", rules."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _MD_LINK.sub(_link_text, text)
    lines = [_strip_markdown_line(line) for line in text.split("\n")]
    return "\n".join(lines).replace("**", "").replace("__", "").replace("`", "")


def _link_text(match: re.Match[str]) -> str:
    label, url = match.group(2).strip(), match.group(3).strip()
    if url.startswith("mailto:"):
        url = url[len("mailto:") :]
    return f"{label} {url}" if label and label != url else url


def _strip_markdown_line(line: str) -> str:
    stripped = line.lstrip()
    if _MD_RULE.match(line):
        return ""
    if stripped.startswith("#"):
        body = stripped.lstrip("#")
        if body[:1] in (" ", "\t", ""):
            return body.strip().rstrip("#").rstrip()
    if stripped.startswith(">"):
        return stripped.lstrip("> ")
    return line


# --------------------------------------------------------------------------- PDF

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
        cap = max(_RATIO_FLOOR, len(piece) * limits.max_compression_ratio)
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


def _read_pdf(data: bytes, name: str, limits: Limits) -> Document:
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
    text = _join_soft_hyphens("\n\n".join(p.strip("\r\n") for p in pages))
    text = normalise_text(text, warnings)
    return Document(
        source=name,
        format="pdf",
        text=text,
        pages=len(pages),
        sections=find_sections(text),
        pages_without_text=empty,
        warnings=tuple(warnings),
    )


def _pdfium_open_error(exc: Exception, name: str) -> errors.DocumentError:
    import pypdfium2.raw as pdfium_c

    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return errors.EncryptedDocument(name, "the PDF is protected by a password")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return errors.EncryptedDocument(name, "the PDF uses an unsupported encryption")
    return errors.CorruptDocument(name, f"not a readable PDF: {_why(exc)}")


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
            warnings.append(f"page {index + 1} could not be read: {_why(exc)}")
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


# --------------------------------------------------------------------------- DOCX
#
# Why not python-docx: it loads the whole package, media included, into memory
# before we can check sizes, and it does not return text boxes (w:txbxContent),
# where many résumé templates keep their skills column. Reading the few XML
# parts with zipfile + lxml lets us check every entry's size and compression
# ratio before inflating, refuse DTDs, and walk the body in document order.

_XML_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "remove_comments": True,
    "remove_pis": True,
}
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_RATIO_FLOOR = 1 << 20  # a small entry cannot be a bomb whatever its ratio
_HEADER_RE = re.compile(r"^word/(header|footer)(\d*)\.xml$")
_DOCTYPE_RE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _read_docx(data: bytes, name: str, limits: Limits) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_zip_limits(zf, name, limits)
            parts = _docx_parts(zf, name)
            budget = [limits.max_decompressed_bytes]
            blocks = [_part_lines(zf, part, name, budget) for part in parts]
    except zipfile.BadZipFile as exc:
        raise errors.CorruptDocument(name, f"a damaged DOCX (ZIP) file: {_why(exc)}") from None
    except RecursionError:
        raise errors.CorruptDocument(name, "the document is nested too deeply to read") from None
    headers, body, footers = _order_parts(parts, blocks)
    warnings: list[str] = []
    text = normalise_text("\n".join(headers + body + footers), warnings)
    if not text.strip():
        raise errors.EmptyDocument(name, "the Word document holds no text")
    return Document(
        source=name,
        format="docx",
        text=text,
        sections=find_sections(text),
        warnings=tuple(warnings),
    )


def _order_parts(parts: list[str], blocks: list[list[str]]) -> tuple[list[str], ...]:
    """Headers first, body, footers last; a header repeated on every page once."""
    headers: list[str] = []
    body: list[str] = []
    footers: list[str] = []
    seen: set[str] = set()
    for part, lines in zip(parts, blocks, strict=True):
        if part == "word/document.xml" or not _HEADER_RE.match(part):
            body.extend(lines)
            continue
        key = "\n".join(lines).strip()
        if not key or key in seen:
            continue
        seen.add(key)
        (headers if "header" in part else footers).extend(lines)
    return headers, body, footers


def _check_zip_limits(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse a bomb from the declared sizes, before anything is inflated."""
    infos = zf.infolist()
    if len(infos) > limits.max_zip_entries:
        raise errors.DecompressionBomb(
            name, f"{len(infos):,} ZIP entries is over the limit of {limits.max_zip_entries:,}"
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_decompressed_bytes:
        raise errors.DecompressionBomb(
            name,
            f"inflates to {total:,} bytes, over the limit of {limits.max_decompressed_bytes:,}",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise errors.DecompressionBomb(
                name,
                f"{info.filename} inflates {ratio:,.0f}x, over the limit of "
                f"{limits.max_compression_ratio:,.0f}x",
            )


def _docx_parts(zf: zipfile.ZipFile, name: str) -> list[str]:
    names = zf.namelist()
    if "word/document.xml" not in names:
        raise errors.CorruptDocument(name, "the DOCX has no word/document.xml (main text)")
    extra = sorted(
        (n for n in names if _HEADER_RE.match(n)),
        key=lambda n: (n.split("/")[1][:6], int(_HEADER_RE.match(n).group(2) or 0)),  # type: ignore[union-attr]
    )
    return (
        [n for n in extra if "header" in n]
        + ["word/document.xml"]
        + [n for n in extra if "footer" in n]
    )


def _part_lines(zf: zipfile.ZipFile, part: str, name: str, budget: list[int]) -> list[str]:
    raw = _inflate(zf, part, name, budget)
    if _DOCTYPE_RE.search(raw[:4096]) or _DOCTYPE_RE.search(raw):
        raise errors.CorruptDocument(
            name,
            f"{part} declares a DOCTYPE, which Word never writes; refused as unsafe "
            "(entity expansion or external entities)",
        )
    try:
        root = etree.fromstring(raw, etree.XMLParser(**_XML_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise errors.CorruptDocument(name, f"{part} is not well-formed XML: {_why(exc)}") from None
    if root.getroottree().docinfo.doctype:
        raise errors.CorruptDocument(name, f"{part} declares a DOCTYPE; refused as unsafe")
    return _WordWalker(root).lines()


def _inflate(zf: zipfile.ZipFile, part: str, name: str, budget: list[int]) -> bytes:
    """Inflate one entry, reading at most the remaining budget (declared sizes can lie)."""
    try:
        with zf.open(part) as handle:
            raw = handle.read(budget[0] + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise errors.CorruptDocument(name, f"damaged ZIP entry {part}: {_why(exc)}") from None
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        raise errors.EncryptedDocument(name, f"{part} is encrypted: {_why(exc)}") from None
    except NotImplementedError as exc:
        raise errors.CorruptDocument(name, f"unsupported ZIP entry {part}: {_why(exc)}") from None
    budget[0] -= len(raw)
    if budget[0] < 0:
        raise errors.DecompressionBomb(name, f"{part} inflates beyond the size limit")
    return raw


class _WordWalker:
    """Lines of WordprocessingML in document order: paragraphs, tables, text boxes."""

    def __init__(self, root: etree._Element) -> None:
        tag = root.tag if isinstance(root.tag, str) else ""
        ns = tag[1 : tag.index("}")] if tag.startswith("{") else ""
        w = f"{{{ns}}}"
        self.p, self.tbl, self.tr, self.tc = w + "p", w + "tbl", w + "tr", w + "tc"
        self.t, self.tab, self.br, self.cr = w + "t", w + "tab", w + "br", w + "cr"
        self.txbx, self.nbhyphen = w + "txbxContent", w + "noBreakHyphen"
        self.skip = {w + "delText", w + "instrText", w + "rPr", w + "pPr", f"{{{_MC_NS}}}Fallback"}
        self.root = root

    def lines(self) -> list[str]:
        out: list[str] = []
        self._blocks(self.root, out)
        return out

    def _blocks(self, parent: etree._Element, out: list[str]) -> None:
        for child in parent:
            if child.tag == self.p:
                self._paragraph(child, out)
            elif child.tag == self.tbl:
                self._table(child, out)
            elif child.tag not in self.skip and isinstance(child.tag, str):
                self._blocks(child, out)  # body, sdt, sdtContent, customXml, ...

    def _paragraph(self, p: etree._Element, out: list[str]) -> None:
        parts: list[str] = []
        boxes: list[etree._Element] = []
        for node in self._inline_nodes(p, boxes):
            parts.append(node)
        out.append("".join(parts))
        for box in boxes:  # a text box anchored in this paragraph follows it
            self._blocks(box, out)

    def _inline_nodes(self, parent: etree._Element, boxes: list[etree._Element]) -> Iterator[str]:
        for node in parent:
            tag = node.tag
            if tag == self.t:
                yield node.text or ""
            elif tag == self.tab:
                yield "\t"
            elif tag in (self.br, self.cr):
                yield "\n"
            elif tag == self.nbhyphen:
                yield "-"
            elif tag == self.txbx:
                boxes.append(node)
            elif tag not in self.skip and isinstance(tag, str):
                yield from self._inline_nodes(node, boxes)

    def _table(self, tbl: etree._Element, out: list[str]) -> None:
        for row in self._rows(tbl):
            cells = []
            for cell in row.iterchildren(self.tc):
                lines: list[str] = []
                self._blocks(cell, lines)
                text = " ".join(line.strip() for line in lines if line.strip())
                if text:
                    cells.append(text)
            if cells:
                out.append(" | ".join(cells))

    def _rows(self, parent: etree._Element) -> Iterator[etree._Element]:
        """Rows of this table, also inside sdt wrappers, but not of nested tables."""
        for child in parent:
            if child.tag == self.tr:
                yield child
            elif child.tag not in (self.tc, self.tbl) and isinstance(child.tag, str):
                yield from self._rows(child)
