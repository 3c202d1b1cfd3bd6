"""Build the hostile and edge-case corpus of issue 6 into a folder (nothing committed).

Each :class:`Case` names a file, how to build it, and the outcome the readers
must give: ``"ok"`` (with words that must or must not be in the text) or an
error code. ``build_corpus(folder)`` writes them all; the slow ones (2,000
pages, the bombs, 50 MB of one line) take about a second each.
"""

from __future__ import annotations

import codecs
import io
import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import fixtures_docs as fx

MiB = 1 << 20
GOOD_CV = (
    "Jane Roe\njane@example.com\n\nSkills\nPython, PyTorch, Docker, Kubernetes, SQL\n\n"
    "Experience\nMachine Learning Engineer, Acme, 2019 - 2024\n"
    "Built and deployed PyTorch models on Kubernetes.\n\n"
    "Education\nMSc Computer Science, 2018\n"
)


@dataclass(frozen=True)
class Case:
    name: str  # the file name written into the corpus folder
    build: Callable[[Path], None]  # writes the file at the given path
    expect: str  # "ok" or an error code
    has: tuple[str, ...] = ()  # words the text must contain (ok) or the message (error)
    lacks: tuple[str, ...] = ()  # words the text must not contain (ok)
    limits: dict[str, float] = field(default_factory=dict)  # overrides for this case
    fmt: str | None = None  # the detected format, for "ok"


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_bytes(data() if callable(data) else data)

    return build


# --------------------------------------------------------------------------- hand-written PDFs


def raw_pdf(objects: list[bytes], *, root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object i+1 is objects[i]) with a valid xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, trailer, xref)
    )
    return out.getvalue()


def _stream(content: bytes, *, compress: bool = False, extra: bytes = b"") -> bytes:
    if compress:
        content = zlib.compress(content, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def one_page_pdf(content: bytes, *, size: tuple[int, int] = (595, 842), compress=False) -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>" % size,
            _stream(content, compress=compress),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def deflate_spaces(size: int) -> tuple[bytes, int, int]:
    """Raw deflate data, CRC-32 and Adler-32 of ``size`` bytes of spaces, built fast.

    After a full flush the compressor starts afresh, so every 1 MiB block
    compresses to the same bytes: one is compressed and repeated.
    """
    block = b" " * MiB
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    unit = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    count = size // MiB
    crc, adler = 0, 1
    for _ in range(count):
        crc, adler = zlib.crc32(block, crc), zlib.adler32(block, adler)
    return unit * count + packer.flush(), crc, adler


def flate_bomb_pdf(inflated: int = 1 << 30) -> bytes:
    """A ~1 MiB PDF with a content stream that inflates to ``inflated`` bytes of spaces."""
    import struct

    raw, _crc, adler = deflate_spaces(inflated)
    body = b"\x78\xda" + raw + struct.pack(">I", adler)  # a zlib stream, as PDFs hold
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 6 0 R] "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            _stream(b"BT /F1 12 Tf 72 720 Td (Python developer) Tj ET"),
        ]
    )


def dense_page_pdf(glyphs: int = 200_000) -> bytes:
    """One big page holding ``glyphs`` visible characters in 6 pt Helvetica."""
    word = b"Python "
    per_line = 400
    lines = glyphs // per_line
    text = (word * (per_line // len(word) + 1))[:per_line]
    body = [b"BT /F1 6 Tf 8 TL 10 %d Td" % (lines * 8 + 10)]
    body += [b"(" + text + b") '" for _ in range(lines)]
    body.append(b"ET")
    return one_page_pdf(b"\n".join(body), size=(1400, lines * 8 + 40), compress=True)


def many_pages_pdf(pages: int = 2000) -> bytes:
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(b"BT /F1 12 Tf 72 720 Td (Python developer) Tj ET"),
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + pages)
    )
    objects += [page] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return raw_pdf(objects)


def nested_pdf(depth: int = 100_000) -> bytes:
    """A page whose resources hold an array nested ``depth`` deep, plus real text."""
    content = _stream(b"BT /F1 12 Tf 72 720 Td (Python developer) Tj ET")
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> /Deep 6 0 R >> >>",
            content,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"[" * depth + b"]" * depth,
        ]
    )


def cyclic_pdf() -> bytes:
    """A page tree whose Kids point back at itself, and objects referring in a ring."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Ring 4 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
            b"<< /Next 5 0 R >>",
            b"<< /Next 4 0 R >>",
        ]
    )


def hidden_text_pdf() -> bytes:
    """Visible skills plus white, 1 pt, off-page and invisible (mode 3) keyword stuffing."""
    content = b"\n".join(
        [
            b"BT /F1 12 Tf 72 760 Td (Skills: Python and SQL) Tj ET",
            b"BT 1 1 1 rg /F1 12 Tf 72 700 Td (WhiteKubernetes) Tj ET",
            b"BT 0 0 0 rg /F1 1 Tf 72 650 Td (TinyTensorFlow) Tj ET",
            b"BT /F1 12 Tf 72 -400 Td (OffpageHaskell) Tj ET",
            b"BT /F1 12 Tf 3 Tr 72 600 Td (InvisibleScala) Tj ET",
            b"0.1 0.1 0.4 rg 60 520 300 40 re f",
            b"BT 0 Tr 1 1 1 rg /F1 12 Tf 72 535 Td (Sidebar Docker) Tj ET",
        ]
    )
    return one_page_pdf(content)


def ocr_layer_pdf() -> bytes:
    """A scanned page made searchable: an image with invisible (mode 3) text over it."""
    pixel = _stream(
        b"\x80",
        extra=b" /Type /XObject /Subtype /Image /Width 1 /Height 1 "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8",
    )
    content = (
        b"q 500 700 0 0 50 80 cm /Im1 Do Q\n"
        b"BT 3 Tr /F1 12 Tf 72 700 Td (Scanned CV: Python and PyTorch) Tj ET"
    )
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            pixel,
        ]
    )


# --------------------------------------------------------------------------- DOCX and zips


def _docx() -> bytes:
    return fx.docx_bytes(text_box=False)


def _with_document_xml(xml: bytes) -> Callable[[], bytes]:
    return lambda: fx.rewrite_zip(_docx(), {"word/document.xml": lambda _old: xml})


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from (name, raw deflate data, crc, declared size) entries, headers by hand."""
    import struct

    out = io.BytesIO()
    central = []
    for name, data, crc, size in entries:
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data),
                              size, len(encoded), 0))  # fmt: skip
        out.write(encoded + data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded  # fmt: skip
        )
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                          out.tell() - start, start, 0))  # fmt: skip
    return out.getvalue()


def zip_with_raw_entry(base: bytes, name: str, size: int, *, declared: int | None = None) -> bytes:
    """The entries of ``base`` plus ``name``: ``size`` bytes of spaces, declared as ``declared``."""
    entries = []
    with zipfile.ZipFile(io.BytesIO(base)) as src:
        for info in src.infolist():
            if info.filename == name:
                continue
            content = src.read(info)
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            data = packer.compress(content) + packer.flush()
            entries.append((info.filename, data, zlib.crc32(content), len(content)))
    data, crc, _adler = deflate_spaces(size)
    entries.append((name, data, crc, size if declared is None else declared))
    return raw_zip(entries)


def docx_xml_bomb(size: int = 1 << 30, *, declared: int | None = None) -> bytes:
    return zip_with_raw_entry(_docx(), "word/document.xml", size, declared=declared)


def docx_media_bomb(size: int = 1 << 30) -> bytes:
    return zip_with_raw_entry(_docx(), "word/media/image1.png", size)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
        for i in range(1, 10)
    )
    + b"]>\n<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
XXE_GENERAL = (
    b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)
XXE_PARAMETER = (
    b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd">'
    b"%remote;]>\n"
    b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
    b"<w:body><w:p><w:r><w:t>Python</w:t></w:r></w:p></w:body></w:document>"
)


def docm() -> bytes:
    def macro_types(xml: bytes) -> bytes:
        return xml.replace(
            b"wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml",
        )

    return fx.rewrite_zip(
        _docx(), {"[Content_Types].xml": macro_types}, add={"word/vbaProject.bin": b"\0" * 64}
    )


def xlsx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


def ole2_doc(*, encrypted: bool = False) -> bytes:
    body = "EncryptedPackage".encode("utf-16-le") if encrypted else b"WordDocument"
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + body + b"\0" * 512


def hostile_zip() -> bytes:
    """Members named with '..', an absolute path, an over-long name, and a nested bomb."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        info = zipfile.ZipInfo("bomb.txt")
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, b" " * (64 * MiB))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../../escape.txt", GOOD_CV)
        zf.writestr("/etc/absolute.txt", GOOD_CV)
        zf.writestr("x" * 300 + ".txt", GOOD_CV)
        zf.writestr("nested.zip", inner.getvalue())
        zf.writestr("good.txt", GOOD_CV)
    return out.getvalue()


# --------------------------------------------------------------------------- text


def _text(text: str, encoding: str, bom: bytes = b"") -> Callable[[], bytes]:
    return lambda: bom + text.encode(encoding)


def long_line(size: int = 50 * 10**6) -> bytes:
    words = b"Python Docker Kubernetes "
    return (words * (size // len(words) + 1))[:size]


def _fifo(path: Path) -> None:
    os.mkfifo(path)


# --------------------------------------------------------------------------- the table

PDF_OK = fx.simple_pdf(GOOD_CV)
DOCX_OK = fx.docx_bytes()
BIG = {"max_file_bytes": 64 * MiB}

CASES: list[Case] = [
    # empty, truncated, wrong-type and renamed files of each format
    Case("empty.pdf", _bytes(b""), "empty", ("0 bytes",)),
    Case("empty.docx", _bytes(b""), "empty"),
    Case("empty.txt", _bytes(b""), "empty"),
    Case("blank.txt", _bytes(b" \n\t\r\n "), "empty"),
    Case("truncated.pdf", _bytes(lambda: PDF_OK[: len(PDF_OK) // 3]), "corrupt"),
    Case("truncated.docx", _bytes(lambda: DOCX_OK[: len(DOCX_OK) // 2]), "corrupt"),
    Case("header-only.pdf", _bytes(b"%PDF-1.7\n"), "corrupt", ("not a readable PDF",)),
    Case("image.pdf", _bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64), "unsupported-type", ("PNG",)),
    Case("image.docx", _bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64), "unsupported-type", ("JPEG",)),
    Case("archive.txt", _bytes(b"\x1f\x8b\x08\x00" + b"\0" * 64), "unsupported-type", ("gzip",)),
    Case("pdf-renamed.docx", _bytes(PDF_OK), "ok", ("PyTorch",), fmt="pdf"),
    Case("docx-renamed.pdf", _bytes(DOCX_OK), "ok", ("Python",), fmt="docx"),
    Case("text-renamed.pdf", _bytes(GOOD_CV.encode()), "ok", ("Kubernetes",), fmt="txt"),
    Case("legacy.doc", _bytes(ole2_doc()), "unsupported-type", ("legacy Word",)),
    Case("legacy-renamed.docx", _bytes(ole2_doc()), "unsupported-type", ("legacy Word",)),
    Case("macros.docm", _bytes(docm), "unsupported-type", ("macro",)),
    Case("workbook.docx", _bytes(xlsx_like), "unsupported-type", ("Excel",)),
    Case("encrypted-office.docx", _bytes(lambda: ole2_doc(encrypted=True)), "encrypted"),
    # PDFs
    Case(
        "user-password.pdf",
        _bytes(lambda: fx.simple_pdf(GOOD_CV, owner_password="o", user_password="u")),
        "encrypted",
        ("password",),
    ),
    Case(
        "owner-password-only.pdf",
        _bytes(lambda: fx.simple_pdf(GOOD_CV, owner_password="owner")),
        "ok",
        ("PyTorch",),
        fmt="pdf",
    ),
    Case("scanned.pdf", _bytes(fx.image_only_pdf), "no-text-layer", ("scanned image",)),
    Case("thousands-of-pages.pdf", _bytes(many_pages_pdf), "too-many-pages", ("2000 pages",)),
    Case("flate-bomb.pdf", _bytes(flate_bomb_pdf), "decompression-bomb"),
    Case("dense-200k-glyphs.pdf", _bytes(dense_page_pdf), "ok", ("Python",), fmt="pdf"),
    Case("deeply-nested.pdf", _bytes(nested_pdf), "ok", ("Python developer",), fmt="pdf"),
    Case("cyclic.pdf", _bytes(cyclic_pdf), "no-text-layer", ("holds any text",)),
    Case(
        "hidden-text.pdf",
        _bytes(hidden_text_pdf),
        "ok",
        ("Python and SQL", "Sidebar Docker"),
        ("WhiteKubernetes", "TinyTensorFlow", "OffpageHaskell", "InvisibleScala"),
        fmt="pdf",
    ),
    Case("ocr-layer.pdf", _bytes(ocr_layer_pdf), "ok", ("Python and PyTorch",), fmt="pdf"),
    # DOCX
    Case("xml-bomb.docx", _bytes(docx_xml_bomb), "decompression-bomb", ("inflates",)),
    # zipfile reads no more than the declared size: the lie shows as a bad CRC
    Case(
        "xml-bomb-lying-sizes.docx",
        _bytes(lambda: docx_xml_bomb(declared=4000)),
        "corrupt",
        ("word/document.xml", "CRC"),
    ),
    Case("media-bomb.docx", _bytes(docx_media_bomb), "decompression-bomb"),
    Case(
        "billion-laughs.docx", _bytes(_with_document_xml(BILLION_LAUGHS)), "corrupt", ("DOCTYPE",)
    ),
    Case("xxe-general.docx", _bytes(_with_document_xml(XXE_GENERAL)), "corrupt", ("DOCTYPE",)),
    Case("xxe-parameter.docx", _bytes(_with_document_xml(XXE_PARAMETER)), "corrupt", ("DOCTYPE",)),
    Case(
        "missing-parts.docx",
        _bytes(lambda: fx.rewrite_zip(_docx(), drop=("word/document.xml",))),
        "corrupt",
        ("word/document.xml",),
    ),
    Case("corrupt-zip.docx", _bytes(b"PK\x03\x04" + os.urandom(2000)), "corrupt"),
    Case("text-box.docx", _bytes(fx.docx_bytes), "ok", ("Kubernetes and Terraform",), fmt="docx"),
    # text
    Case(
        "utf16-bom.txt",
        _bytes(_text(GOOD_CV, "utf-16-le", codecs.BOM_UTF16_LE)),
        "ok",
        ("PyTorch",),
        fmt="txt",
    ),
    Case("utf16-no-bom.txt", _bytes(_text(GOOD_CV, "utf-16-le")), "ok", ("PyTorch",), fmt="txt"),
    Case(
        "utf8-bom.txt",
        _bytes(_text(GOOD_CV, "utf-8", codecs.BOM_UTF8)),
        "ok",
        ("Jane Roe",),
        ("\ufeff",),
        fmt="txt",
    ),
    Case(
        "latin1.txt",
        _bytes(_text("Compétences: Python, données\x85", "latin-1")),
        "ok",
        ("Compétences",),
        fmt="txt",
    ),
    Case(
        "cp1252.txt",
        _bytes(_text("Skills \u2013 \u201cPython\u201d \u2022 SQL", "cp1252")),
        "ok",
        ("\u201cPython\u201d",),
        fmt="txt",
    ),
    Case("binary.txt", _bytes(lambda: bytes(range(256)) * 40), "unsupported-type", ("binary",)),
    Case(
        "nul-bytes.txt",
        _bytes(GOOD_CV.replace("Docker", "Do\0cker").encode()),
        "ok",
        ("Docker",),
        ("\0",),
        fmt="txt",
    ),
    Case(
        "control-chars.txt",
        _bytes(GOOD_CV.encode() + b"Tools\x1b[31m Rust\x07\x08 Go\n"),
        "ok",
        ("Rust",),
        ("\x1b", "\x07"),
        fmt="txt",
    ),
    Case(
        "rtl-emoji.txt",
        _bytes("مهارات: Python 🐍 ו-SQL ✨\nעברית Docker 🚀\n".encode()),
        "ok",
        ("Python 🐍", "עברית", "مهارات"),
        fmt="txt",
    ),
    Case("single-line-50mb.txt", _bytes(long_line), "too-large", ("20,971,520",)),
    Case(
        "single-line-50mb-allowed.txt",
        _bytes(long_line),
        "ok",
        ("Kubernetes",),
        limits=BIG,
        fmt="txt",
    ),
    # paths
    Case("fifo.pdf", _fifo, "not-a-regular-file", ("named pipe",)),
]
SLOW = {
    "thousands-of-pages.pdf",
    "flate-bomb.pdf",
    "xml-bomb.docx",
    "xml-bomb-lying-sizes.docx",
    "media-bomb.docx",
    "single-line-50mb.txt",
    "single-line-50mb-allowed.txt",
}


def build_corpus(folder: Path) -> dict[str, Path]:
    """Write every case into ``folder``; the paths by case name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in CASES:
        path = folder / case.name
        if case.build is _fifo and not hasattr(os, "mkfifo"):
            continue
        case.build(path)
        paths[case.name] = path
    return paths
