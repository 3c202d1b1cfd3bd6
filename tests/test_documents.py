"""The document readers: formats, encodings, normalisation, limits and errors."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path

import fixtures_docs as fx
import pytest
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap import errors
from skillgap.documents import (
    detect_format,
    normalise_text,
    read_document,
    read_text,
    strip_markdown,
)
from skillgap.limits import Limits

EVAL_PDFS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pdfs"


# --------------------------------------------------------------------------- inputs


def test_path_bytes_and_stream_give_the_same_document(tmp_path: Path) -> None:
    data = b"Skills\nPython, SQL\n"
    path = tmp_path / "cv.txt"
    path.write_bytes(data)
    from_path = read_document(path)
    from_bytes = read_document(data, name="cv.txt")
    from_stream = read_document(io.BytesIO(data), name="cv.txt")
    assert from_path.text == from_bytes.text == from_stream.text == "Skills\nPython, SQL"
    assert from_path.source == str(path)
    assert from_bytes.source == from_stream.source == "cv.txt"


def test_stream_name_defaults_to_its_name_attribute(tmp_path: Path) -> None:
    path = tmp_path / "upload.txt"
    path.write_text("Python developer")
    with open(path, "rb") as handle:
        assert read_document(handle).source == str(path)


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda p: p / "missing.pdf", errors.NotFound, "no such file"),
        (lambda p: p, errors.NotARegularFile, "folder"),
        (lambda p: _fifo(p), errors.NotARegularFile, "pipe"),
    ],
    ids=["missing", "folder", "fifo"],
)
def test_bad_paths_are_refused_before_opening(make, error, words, tmp_path: Path) -> None:
    path = make(tmp_path)
    with pytest.raises(error) as caught:
        read_document(path)
    assert str(path) in str(caught.value) and words in str(caught.value)


def _fifo(folder: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    path = folder / "pipe.pdf"
    os.mkfifo(path)
    return path


def test_device_is_not_a_regular_file() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(errors.NotARegularFile):
        read_document("/dev/zero")


@pytest.mark.parametrize("kind", ["path", "bytes", "stream"])
def test_too_large_is_refused_before_reading(kind: str, tmp_path: Path) -> None:
    data = b"Python " * 200
    limits = Limits(max_file_bytes=1000)
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    source = {"path": path, "bytes": data, "stream": io.BytesIO(data)}[kind]
    with pytest.raises(errors.TooLarge, match="1,000"):
        read_document(source, name="big.txt", limits=limits)


def test_text_mode_stream_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="binary mode"):
        read_document(io.StringIO("text"), name="x.txt")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (fx.simple_pdf("Python"), "pdf"),
        (b"junk before header\n" + fx.simple_pdf("Python"), "pdf"),
        (fx.docx_bytes(text_box=False), "docx"),
        (b"Skills: Python\n", "txt"),
        (b"# Jane Roe\n\n## Skills\n- Python\n- **SQL**\n", "md"),
    ],
    ids=["pdf", "pdf-after-junk", "docx", "txt", "md"],
)
def test_detect_format_from_content(data: bytes, expected: str) -> None:
    assert detect_format(data) == expected


def test_pdf_renamed_docx_is_read_as_pdf() -> None:
    doc = read_document(fx.simple_pdf("Python developer"), name="cv.docx")
    assert doc.format == "pdf" and "Python developer" in doc.text


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, errors.UnsupportedType, "legacy Word"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, errors.UnsupportedType, "PNG"),
        (b"{\\rtf1\\ansi Python}", errors.UnsupportedType, "RTF"),
        (b"MZ\x90\x00\x03\x00\x00\x00" * 50, errors.UnsupportedType, "binary"),
        (bytes(range(1, 32)) * 20, errors.UnsupportedType, "binary"),
        (b"", errors.EmptyDocument, "empty"),
        (b"  \n\t\n  ", errors.EmptyDocument, "empty"),
        (b"%PDF-1.4\nnot really a pdf", errors.CorruptDocument, "not a readable PDF"),
        (b"PK\x03\x04truncated zip", errors.CorruptDocument, "damaged"),
    ],
    ids=["ole2-doc", "png", "rtf", "exe", "controls", "empty", "blank", "bad-pdf", "bad-zip"],
)
def test_unreadable_inputs_raise_typed_errors(data: bytes, error: type, words: str) -> None:
    with pytest.raises(error) as caught:
        read_document(data, name="cv.bin")
    assert str(caught.value).startswith("cv.bin: ") and words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_office_encrypted_package_is_reported_as_encrypted() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(errors.EncryptedDocument):
        read_document(data, name="cv.docx")


# --------------------------------------------------------------------------- PDF


def test_pdf_text_pages_and_format() -> None:
    doc = read_document(fx.simple_pdf("Skills\nPython and SQL", "Experience\nAcme"), name="cv")
    assert (doc.format, doc.pages, doc.encoding) == ("pdf", 2, None)
    assert "Python and SQL" in doc.text and "Acme" in doc.text
    assert [s.name for s in doc.sections] == ["skills", "experience"]


def test_two_column_pdf_keeps_columns_in_order() -> None:
    text = read_document(fx.two_column_pdf(), name="cv.pdf").text
    left = ["SKILLS", "Python and SQL", "Docker containers", "LANGUAGES", "English and French"]
    right = ["EXPERIENCE", "Built data pipelines for retail analytics", "Led a team of four"]
    for column in (left, right):
        positions = [text.index(line) for line in column]
        assert positions == sorted(positions), text
    assert "SQLBuilt" not in text and "SQL Built" not in text


def test_pdf_ligatures_and_bullets_are_normalised() -> None:
    pytest.importorskip("fpdf")
    try:
        data = fx.unicode_pdf("• ﬁnance and ﬂow ofﬁce\n▪ eﬃcient\n◦ develop-\nment")
    except FileNotFoundError:
        pytest.skip("no TrueType font to draw ligatures with")
    text = read_document(data, name="cv.pdf").text
    assert "- finance and flow office" in text
    assert "- efficient" in text
    assert "ﬁ" not in text and "•" not in text


def test_pdf_with_blank_page_reports_it() -> None:
    doc = read_document(fx.simple_pdf("Python", "", "SQL"), name="cv.pdf")
    assert doc.pages_without_text == (2,)
    assert any("page(s) 2" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "pdf", [fx.image_only_pdf(), fx.simple_pdf("", "")], ids=["image", "blank"]
)
def test_pdf_without_text_layer(pdf: bytes) -> None:
    with pytest.raises(errors.NoTextLayer, match="scanned"):
        read_document(pdf, name="scan.pdf")


def test_pdf_with_user_password_is_encrypted() -> None:
    data = fx.simple_pdf("secret", owner_password="own", user_password="usr")
    with pytest.raises(errors.EncryptedDocument, match="scan.pdf: the PDF is protected"):
        read_document(data, name="scan.pdf")


def test_pdf_with_owner_password_only_is_readable() -> None:
    data = fx.simple_pdf("Python developer", owner_password="own")
    assert "Python developer" in read_document(data, name="cv.pdf").text


def test_too_many_pages() -> None:
    data = fx.simple_pdf(*["page"] * 4)
    with pytest.raises(errors.TooManyPages, match="4 pages is over the limit of 3"):
        read_document(data, name="cv.pdf", limits=Limits(max_pages=3))


@pytest.mark.skipif(not EVAL_PDFS.is_dir(), reason="real PDFs not available here")
def test_real_pdfs_read_in_order_with_words_separated() -> None:
    for path in sorted(EVAL_PDFS.glob("*.pdf")):
        doc = read_document(path)
        words = re.findall(r"[A-Za-z]+", doc.text)
        assert len(words) > 100, path.name
        mean = sum(map(len, words)) / len(words)
        assert mean < 7.0, (path.name, mean)  # glued text measured 7.5-8.4
        glued = [w for w in words if len(w) > 20]
        assert len(glued) <= 2, (path.name, glued)
        assert any(s.name in ("experience", "skills") for s in doc.sections), path.name


# --------------------------------------------------------------------------- PDF text pinned


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _one_page(content: bytes, form: bytes = b"") -> bytes:
    """A page with Helvetica (/F1), a form (/Fm1), a 1x1 image (/Im1), /ca 0 (/G0), /ca 0.5 (/G1)."""
    import hostile_corpus as hc

    return hc.raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources"
            b" << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R /Im1 7 0 R >>"
            b" /ExtGState << /G0 8 0 R /G1 9 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            _stream(
                form,
                b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
                b" /Resources << /Font << /F1 5 0 R >> >>",
            ),
            _stream(
                b"\x80",
                b" /Type /XObject /Subtype /Image /Width 1 /Height 1"
                b" /ColorSpace /DeviceGray /BitsPerComponent 8",
            ),
            b"<< /Type /ExtGState /ca 0 >>",
            b"<< /Type /ExtGState /ca 0.5 >>",
        ]
    )


GLUED = _one_page(
    b"BT /F1 12 Tf 72 760 Td [(professional) -400 (with) -300 (of) -250 (the) -120 (S) -300"
    b" (kills) -500 (x) 200 (y)] TJ ET\n"
    b"BT /F1 12 Tf 72 740 Td [(A) -400 (Python) -400 (/) -400 (SQL) -400 (,) -400"
    b" (\\(Docker\\)) -400 (-) -400 (end.)] TJ ET\n"
    b"BT /F1 12 Tf 72 720 Td [(if) -80 (f) -70 (o) -65 (f) -90 (the)] TJ ET"
)
HIDDEN = _one_page(
    b"BT /F1 12 Tf 72 780 Td (Skills: Python) Tj ET\n"
    b"/G0 gs BT /F1 12 Tf 72 760 Td (TransparentPerl) Tj ET\n"
    b"/G1 gs BT /F1 12 Tf 72 740 Td (HalfAlpha Lua) Tj ET\n"
    b"q 300 0 0 40 50 690 cm /Im1 Do Q\n"
    b"BT 1 1 1 rg /F1 12 Tf 72 705 Td (WhiteOnImage Swift) Tj ET\n"
    b"BT 3 Tr /F1 12 Tf 72 695 Td (InvisibleOnImage Rust) Tj ET\n"
    b"BT 0 Tr 1 1 1 rg /F1 12 Tf 72 655 Td (WhiteBeforeShape Kotlin) Tj ET\n"
    b"0.1 0.1 0.4 rg 60 640 300 40 re f\n"
    b"BT 1 1 1 rg /F1 12 Tf 72 655 Td (WhiteOnShape Go) Tj ET\n"
    b"BT 3 Tr /F1 12 Tf 72 645 Td (InvisibleOnShape Dart) Tj ET\n"
    b"BT 0 Tr 0.97 g /F1 12 Tf 72 600 Td (NearWhite Zig) Tj ET\n"
    b"BT 0.9 g /F1 12 Tf 72 580 Td (LightGrey Julia) Tj ET\n"
    b"BT 0 g /F1 1 Tf 72 560 Td (Tiny Haskell) Tj ET\n"
    b"BT /F1 12 Tf 0.1 0 0 0.1 72 540 Tm (ScaledTiny Groovy) Tj ET\n"
    b"BT /F1 12 Tf 700 520 Td (OffPage Erlang) Tj ET\n"
    b"/Fm1 Do",
    form=b"BT 1 1 1 rg /F1 12 Tf 72 500 Td (FormWhite Java) Tj ET\n"
    b"BT 0 g 3 Tr /F1 12 Tf 72 480 Td (FormInvisible Scala) Tj ET\n"
    b"BT 0 Tr /F1 12 Tf 72 460 Td (FormVisible SQL) Tj ET",
)


@pytest.mark.parametrize(
    ("data", "text", "warnings"),
    [
        (
            GLUED,
            "professional with of the S kills xy\nA Python / SQL , (Docker) - end.\niffofthe",
            [],
        ),
        (
            HIDDEN,
            "Skills: Python\n\nHalfAlpha Lua\nWhiteOnImage Swift\nInvisibleOnImage Rust\n"
            " WhiteOnShape Go\n\nLightGrey Julia\n\nFormWhite Java\n\nFormVisible SQL",
            [
                "ignored invisible or off-page text (white, tiny, transparent or outside "
                "the page; characters: 131 on page 1)"
            ],
        ),
    ],
    ids=["glued-words", "hidden-text"],
)
def test_pdf_text_is_pinned(data: bytes, text: str, warnings: list[str]) -> None:
    """Exact text of glued words put apart and of text hidden in every way issue 6
    lists (white, transparent, invisible, tiny, off the page; over a shape or an
    image, before or after it; in a form), so a faster reader reads the same."""
    doc = read_document(data, name="cv.pdf")
    assert (doc.text, list(doc.warnings)) == (text, warnings)


def test_hidden_text_is_left_out_of_a_page_with_characters_outside_the_bmp() -> None:
    """An emoji takes two UTF-16 units, so pdfium's character indices and the text's
    differ: that page is read character by character, hidden text still dropped."""

    def build(pdf: FPDF) -> None:
        pdf.add_font("dejavu", fname=fx._dejavu())
        pdf.set_font("dejavu", size=11)
        pdf.add_page()
        pdf.text(20, 20, "Skills: Python \U0001f600 Docker")
        pdf.set_text_color(255, 255, 255)
        pdf.text(20, 30, "Kubernetes Terraform")

    doc = read_document(fx.pdf_bytes(build), name="cv.pdf")
    assert doc.text == "Skills: Python \U0001f600 Docker"
    assert "characters: 20 on page 1" in doc.warnings[0]


# --------------------------------------------------------------------------- DOCX


def test_docx_reads_body_table_header_footer_and_text_box() -> None:
    doc = read_document(fx.docx_bytes(), name="cv.docx")
    assert doc.format == "docx"
    lines = doc.text.split("\n")
    assert lines[0] == "Jane Roe - jane@example.com"  # header first
    assert lines[-1] == "Page footer: references on request"  # footer last
    assert "Languages | Python" in lines and "Cloud | AWS" in lines
    assert "Data engineer at Acme" in lines and "2019 to 2023" in lines
    assert doc.text.count("Text box: Kubernetes and Terraform") == 1  # Fallback skipped
    assert doc.text.index("Skills") < doc.text.index("Cloud | AWS") < doc.text.index("Experience")


def test_docm_is_refused_naming_macros() -> None:
    data = fx.rewrite_zip(fx.docx_bytes(), add={"word/vbaProject.bin": b"\0" * 10})
    with pytest.raises(errors.UnsupportedType, match="macro"):
        read_document(data, name="cv.docm")


def test_docm_content_type_is_refused() -> None:
    def edit(xml: bytes) -> bytes:
        return xml.replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
        )

    data = fx.rewrite_zip(fx.docx_bytes(), {"[Content_Types].xml": edit})
    with pytest.raises(errors.UnsupportedType, match="macro"):
        read_document(data, name="cv.docm")


def test_zip_that_is_not_docx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(errors.UnsupportedType, match="Excel"):
        read_document(out.getvalue(), name="cv.xlsx")


def test_docx_without_main_part_is_corrupt() -> None:
    data = fx.rewrite_zip(fx.docx_bytes(), drop=("word/document.xml",))
    with pytest.raises(errors.CorruptDocument, match="word/document.xml"):
        read_document(data, name="cv.docx")


def test_docx_with_doctype_is_refused() -> None:
    def edit(xml: bytes) -> bytes:
        laughs = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        return xml.replace(b"?>", b"?>" + laughs, 1)

    data = fx.rewrite_zip(fx.docx_bytes(), {"word/document.xml": edit})
    with pytest.raises(errors.CorruptDocument, match="DOCTYPE"):
        read_document(data, name="cv.docx")


def test_docx_bad_xml_is_corrupt() -> None:
    data = fx.rewrite_zip(fx.docx_bytes(), {"word/document.xml": lambda x: x[:-40]})
    with pytest.raises(errors.CorruptDocument, match="not well-formed"):
        read_document(data, name="cv.docx")


@pytest.mark.parametrize(
    ("limits", "words"),
    [
        (Limits(max_zip_entries=3), "ZIP entries"),
        (Limits(max_decompressed_bytes=2000), "inflates to"),
    ],
    ids=["entries", "total"],
)
def test_docx_zip_limits(limits: Limits, words: str) -> None:
    with pytest.raises(errors.DecompressionBomb, match=words):
        read_document(fx.docx_bytes(), name="cv.docx", limits=limits)


def test_docx_compression_ratio_bomb() -> None:
    data = fx.rewrite_zip(fx.docx_bytes(), add={"word/media/bomb.bin": b"\0" * (3 << 20)})
    with pytest.raises(errors.DecompressionBomb, match="bomb.bin inflates"):
        read_document(data, name="cv.docx")


def test_docx_lying_sizes_are_capped_while_inflating() -> None:
    """A central directory that understates sizes is caught by the bounded read."""
    data = bytearray(fx.docx_bytes(text_box=False))
    # Rewrite every declared uncompressed size to 1 byte: zipfile then stops at
    # 1 byte and fails the CRC check, which must surface as CorruptDocument.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        offsets = [info.header_offset for info in zf.infolist()]
    del offsets
    start = data.find(b"PK\x01\x02")
    while start != -1:
        data[start + 24 : start + 28] = (1).to_bytes(4, "little")
        start = data.find(b"PK\x01\x02", start + 4)
    with pytest.raises((errors.CorruptDocument, errors.EmptyDocument)):
        read_document(bytes(data), name="cv.docx")


# --------------------------------------------------------------------------- text files

RESUME = "Résumé — Skills: Python, SQL\n• Led the team's café project\n"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (RESUME.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + RESUME.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + RESUME.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + RESUME.encode("utf-16-be"), "utf-16-be"),
        (b"\xff\xfe\x00\x00" + RESUME.encode("utf-32-le"), "utf-32-le"),
        (b"\x00\x00\xfe\xff" + RESUME.encode("utf-32-be"), "utf-32-be"),
        (RESUME.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (RESUME.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "utf32le", "utf32be", "utf16-nobom", "cp1252"],
)
def test_text_encodings(encoded: bytes, encoding: str) -> None:
    doc = read_document(encoded, name="cv.txt")
    assert doc.encoding == encoding
    assert doc.text == "Résumé — Skills: Python, SQL\n- Led the team's café project"


def test_latin1_fallback_when_cp1252_cannot_decode() -> None:
    data = "Café".encode("latin-1") + b" \x81 Python"
    doc = read_document(data, name="cv.txt")
    assert doc.encoding == "latin-1" and doc.text.startswith("Café")
    assert any("latin-1" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Maven â¢ SVN â¢ Jenkins", "Maven • SVN • Jenkins"),
        ("â\x80¢ Python", "- Python"),
        ("â€¢ Python", "- Python"),
        ("â¢ Python", "- Python"),
        ("2019 â€“ 2021", "2019 – 2021"),
        ("Python â€” SQL", "Python — SQL"),
        ("Itâ€™s fine", "It's fine"),
        ("CafÃ© owner", "Café owner"),
        ("results-orientedÂ in sales", "results-oriented in sales"),
        ("Â· Excel", "- Excel"),
        ("â\x9e¢ Docker", "- Docker"),
    ],
)
def test_mojibake_is_repaired(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_kaggle_style_bytes_are_repaired_with_a_warning() -> None:
    doc = read_document("Skills â¢ Python â¢ SQL".encode(), name="kaggle.txt")
    assert doc.text == "Skills • Python • SQL"
    assert any("mojibake" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ﬁnance ﬂow eﬃcient oﬄine staﬀ", "finance flow efficient offline staff"),
        ("• Python", "- Python"),
        ("  ▪ Python", "- Python"),
        ("● SQL", "- SQL"),
        ("◦ Spark", "- Spark"),
        ("\uf0b7 Excel", "- Excel"),  # Symbol-font bullet
        ("\uf0a7Word", "- Word"),
        ("– Led a team", "- Led a team"),
        ("-5% churn", "-5% churn"),
        ("*args and **kwargs", "*args and **kwargs"),
        ("line one\r\nline two\rline three", "line one\nline two\nline three"),
        ("NUL\x00byte and\x07bell", "NULbyte andbell"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("develop-\nment of tools", "development\nof tools"),
        ("scikit-\nlearn and pandas", "scikit-learn\nand pandas"),
        ("data-\ndriven teams", "data-driven\nteams"),
        ("infor-\nmation and information", "information\nand information"),
        ("cross-\nfunctional, cross-functional", "cross-functional\n, cross-functional"),
        ("Python-\nSQL", "Python-\nSQL"),
        ("non\u00a0breaking", "non breaking"),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# Jane Roe", "Jane Roe"),
        ("## Experience ##", "Experience"),
        ("**Python** and __SQL__", "Python and SQL"),
        ("[GitHub](https://github.com/jane)", "GitHub https://github.com/jane"),
        ("[jane@x.io](mailto:jane@x.io)", "jane@x.io"),
        ("![logo](logo.png)", "logo logo.png"),
        ("Use `pandas`", "Use pandas"),
        ("> quoted", "quoted"),
        ("---", ""),
        ("#hashtag", "#hashtag"),
    ],
)
def test_strip_markdown(markdown: str, expected: str) -> None:
    assert strip_markdown(markdown) == expected


def test_markdown_file_is_detected_and_stripped() -> None:
    data = b"# Jane Roe\n\n## Skills\n\n- **Python**, SQL\n- [dbt](https://getdbt.com)\n"
    doc = read_document(data, name="cv.md")
    assert doc.format == "md" and doc.encoding == "utf-8"
    assert doc.text == "Jane Roe\n\nSkills\n\n- Python, SQL\n- dbt https://getdbt.com"
    assert [s.name for s in doc.sections] == ["other", "skills"]


def test_plain_text_with_dashes_is_not_markdown() -> None:
    assert read_document(b"Skills\n- Python\n- SQL\n", name="cv.txt").format == "txt"


def test_read_text_for_pasted_text() -> None:
    doc = read_text("SKILLS\r\n• Python\r\n")
    assert (doc.source, doc.format, doc.encoding) == ("<text>", "txt", None)
    assert doc.text == "SKILLS\n- Python"
    assert read_text("# Skills\n**Python**", format="md").text == "Skills\nPython"
    with pytest.raises(errors.EmptyDocument):
        read_text("   \n ")
    with pytest.raises(ValueError, match="'txt' or 'md'"):
        read_text("x", format="pdf")


def test_long_single_line_is_linear() -> None:
    """No regex may backtrack on a huge line: 4 MB of letters must be quick."""
    line = ("a" * 1000 + "-") * 4000
    start = time.perf_counter()
    doc = read_text(line + "\n" + "Skills: " + "b" * 10**6)
    assert time.perf_counter() - start < 5
    assert doc.text.startswith("aaa")


def test_documents_convert_to_dict_without_text() -> None:
    data = read_text("Skills\nPython").to_dict()
    assert "text" not in data and data["format"] == "txt"


# --------------------------------------------------------------------------- properties and limits


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_document_or_a_typed_error(data: bytes) -> None:
    try:
        doc = read_document(data, name="fuzz.bin")
    except errors.DocumentError as exc:
        assert str(exc).startswith("fuzz.bin: ")
    else:
        assert doc.text.strip() and doc.format in ("pdf", "docx", "txt", "md")


# Mojibake repair of adversarial Latin-1 soup is not idempotent (ftfy may decode
# its own output again), so the alphabet keeps only a few accented letters of it.
_TEXT = st.text(
    st.characters(exclude_characters=[chr(c) for c in range(0x80, 0x100)])
    | st.sampled_from("éüñç"),
    max_size=500,
)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert "\r" not in once and "\x00" not in once


def test_limits_defaults_override_and_env() -> None:
    limits = Limits()
    assert limits.max_pages == 100 and limits.max_file_bytes == 20 << 20
    assert limits.override(max_pages=5).max_pages == 5
    with pytest.raises(ValueError, match="valid: max_file_bytes"):
        limits.override(pages=5)
    with pytest.raises(ValueError, match="positive"):
        Limits(max_pages=0)
    env = {"SKILLGAP_MAX_PAGES": "7", "SKILLGAP_MAX_COMPRESSION_RATIO": "50.5"}
    assert Limits.from_env(env) == Limits(max_pages=7, max_compression_ratio=50.5)
    with pytest.raises(ValueError, match="SKILLGAP_MAX_PAGES='x'"):
        Limits.from_env({"SKILLGAP_MAX_PAGES": "x"})
