"""Read a résumé (PDF, DOCX, TXT or Markdown) into a :class:`~skillgap.models.Document`.

One front door serves the CLI (paths), the batch screener and the Streamlit app
(uploads as bytes or binary streams)::

    doc = read_document("cv.pdf")
    doc = read_document(upload, name=upload.name)
    doc = read_text(pasted)

The format is detected from the content, never from the file name. Every failure
is raised as a typed :mod:`skillgap.errors` error whose one-line message names the
file and the reason; no library exception escapes.

This module is the front door only: it loads the bytes (a path is checked
before it is opened, a stream is read no further than the size limit), sniffs
the format from magic bytes, and hands the bytes to one reader:

* :mod:`skillgap.pdf_reader`: PDF, with pdfium (glued words, hidden text, flate bombs);
* :mod:`skillgap.docx_reader`: DOCX, with zipfile and lxml (text boxes, ZIP bombs);
* :mod:`skillgap.text`: TXT and Markdown, and the normalising every reader ends with.

``normalise_text`` and ``strip_markdown`` are re-exported here for callers that
imported them from this module.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from skillgap import errors
from skillgap.docx_reader import check_package, read_docx
from skillgap.limits import Limits, resolve
from skillgap.models import Document
from skillgap.pdf_reader import read_pdf
from skillgap.text import (
    decode,
    looks_like_markdown,
    normalise_text,
    strip_markdown,
    text_document,
    why,
)

__all__ = [
    "FORMATS",
    "Source",
    "detect_format",
    "normalise_text",
    "read_document",
    "read_text",
    "strip_markdown",
]

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
    return text_document(text, name, format, encoding=None, warnings=[])


def detect_format(data: bytes, *, name: str = "<bytes>") -> str:
    """ "pdf", "docx", "txt" or "md" from the content; raises UnsupportedType."""
    kind = _sniff(data, name)
    if kind != "text":
        return kind
    text, _encoding = decode(data, name)
    return "md" if looks_like_markdown(text) else "txt"


def _read_bytes(data: bytes, name: str, limits: Limits) -> Document:
    kind = _sniff(data, name)
    if kind == "pdf":
        return read_pdf(data, name, limits)
    if kind == "docx":
        return read_docx(data, name, limits)
    text, encoding = decode(data, name)
    fmt = "md" if looks_like_markdown(text) else "txt"
    warnings = [] if encoding.startswith("utf") else [f"decoded as {encoding} (not UTF-8)"]
    return text_document(text, name, fmt, encoding=encoding, warnings=warnings)


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
        raise errors.NotFound(label, f"cannot read it: {why(exc)}") from None
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
        raise errors.NotFound(label, f"cannot open it: {why(exc)}") from None
    with os.fdopen(fd, "rb") as handle:
        _check_regular(os.fstat(fd).st_mode, label)
        return _read_stream(handle, label, limits)


def _check_regular(mode: int, label: str) -> None:
    if stat.S_ISREG(mode):
        return
    raise errors.NotARegularFile(label, f"this is {describe_mode(mode)}")


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def describe_mode(mode: int) -> str:
    """What kind of file an ``os.stat`` mode is, for people ("a named pipe (FIFO)")."""
    return next((text for test, text in _FILE_KINDS if test(mode)), "not a regular file")


def _read_stream(stream: BinaryIO, label: str, limits: Limits) -> bytes:
    """Read at most one byte past the limit, so an endless stream cannot fill memory."""
    try:
        data = stream.read(limits.max_file_bytes + 1)
    except (OSError, ValueError) as exc:
        raise errors.CorruptDocument(label, f"cannot read it: {why(exc)}") from None
    if isinstance(data, str):
        raise TypeError(f"{label}: open the file in binary mode ('rb'), not text mode")
    data = bytes(data)
    if len(data) > limits.max_file_bytes:
        raise errors.TooLarge(label, f"over the limit of {limits.max_file_bytes:,} bytes")
    return data


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
        check_package(data, name)
        return "docx"
    if data.startswith(_OLE2_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise errors.EncryptedDocument(name, "a password-protected Office document")
        raise errors.UnsupportedType(name, "legacy Word .doc: save as DOCX or PDF", hint="")
    for magic, kind in _OTHER_MAGIC:
        if data.startswith(magic):
            raise errors.UnsupportedType(name, f"this is {kind}, not a résumé format")
    return "text"
