"""Read a Word document (DOCX) with zipfile and lxml.

What it reads: the main text, the headers and footers (each distinct one once),
tables (a row as "cell | cell") and text boxes, in document order. It also
checks, for format detection, that a ZIP archive is a Word document at all
(:func:`check_package`), and refuses macro-enabled ones.

Why it is written this way (and not with python-docx): see the comment below.
Every entry's declared size and compression ratio is checked before anything is
inflated, inflating is capped by a byte budget (declared sizes can lie), and any
part that declares a DOCTYPE is refused (entity expansion, external entities).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from skillgap import errors
from skillgap.limits import Limits
from skillgap.models import Document
from skillgap.text import build_document, why

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
RATIO_FLOOR = 1 << 20  # a small entry cannot be a bomb whatever its ratio
_HEADER_RE = re.compile(r"^word/(header|footer)(\d*)\.xml$")
_DOCTYPE_RE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def read_docx(data: bytes, name: str, limits: Limits) -> Document:
    """The Word document in ``data``: headers, body (tables, text boxes), footers."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_zip_limits(zf, name, limits)
            parts = _docx_parts(zf, name)
            budget = [limits.max_decompressed_bytes]
            blocks = [_part_lines(zf, part, name, budget) for part in parts]
    except zipfile.BadZipFile as exc:
        raise errors.CorruptDocument(name, f"a damaged DOCX (ZIP) file: {why(exc)}") from None
    except RecursionError:
        raise errors.CorruptDocument(name, "the document is nested too deeply to read") from None
    headers, body, footers = _order_parts(parts, blocks)
    warnings: list[str] = []
    text = "\n".join(headers + body + footers)
    return build_document(text, name, "docx", warnings, empty="the Word document holds no text")


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
        if info.file_size > RATIO_FLOOR and ratio > limits.max_compression_ratio:
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
        raise errors.CorruptDocument(name, f"{part} is not well-formed XML: {why(exc)}") from None
    if root.getroottree().docinfo.doctype:
        raise errors.CorruptDocument(name, f"{part} declares a DOCTYPE; refused as unsafe")
    return _WordWalker(root).lines()


def _inflate(zf: zipfile.ZipFile, part: str, name: str, budget: list[int]) -> bytes:
    """Inflate one entry, reading at most the remaining budget (declared sizes can lie)."""
    try:
        with zf.open(part) as handle:
            raw = handle.read(budget[0] + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise errors.CorruptDocument(name, f"damaged ZIP entry {part}: {why(exc)}") from None
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        raise errors.EncryptedDocument(name, f"{part} is encrypted: {why(exc)}") from None
    except NotImplementedError as exc:
        raise errors.CorruptDocument(name, f"unsupported ZIP entry {part}: {why(exc)}") from None
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


# --------------------------------------------------------------------------- sniffing


def check_package(data: bytes, name: str) -> None:
    """Sniffing: refuse a ZIP that is not a Word document, or is a macro-enabled one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            types = _small_entry(zf, "[Content_Types].xml", name)
    except zipfile.BadZipFile as exc:
        raise errors.CorruptDocument(name, f"a damaged ZIP/DOCX file: {why(exc)}") from None
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
        raise errors.CorruptDocument(name, f"damaged ZIP entry {entry}: {why(exc)}") from None
    except (RuntimeError, NotImplementedError) as exc:
        raise errors.CorruptDocument(name, f"unreadable ZIP entry {entry}: {why(exc)}") from None
