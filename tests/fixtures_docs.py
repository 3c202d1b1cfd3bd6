"""Build résumé files in memory for the reader tests (no binaries are committed)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from fpdf import FPDF

TEXT_BOX_XML = (
    '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
    "<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
    "<w:p><w:r><w:t>Text box: Kubernetes and Terraform</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
    "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>Text box: Kubernetes and Terraform</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
)


def pdf_bytes(build: Callable[[FPDF], None], **encryption: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    build(pdf)
    if encryption:
        pdf.set_encryption(**encryption)  # type: ignore[arg-type]
    return bytes(pdf.output())


def simple_pdf(*pages: str, **encryption: str) -> bytes:
    def build(pdf: FPDF) -> None:
        for text in pages:
            pdf.add_page()
            if text:
                pdf.multi_cell(0, 6, text)

    return pdf_bytes(build, **encryption)


def two_column_pdf() -> bytes:
    def build(pdf: FPDF) -> None:
        pdf.add_page()
        pdf.set_xy(10, 10)
        pdf.multi_cell(
            80, 6, "SKILLS\nPython and SQL\nDocker containers\nLANGUAGES\nEnglish and French"
        )
        pdf.set_xy(110, 10)
        pdf.multi_cell(
            80,
            6,
            "EXPERIENCE\nBuilt data pipelines for retail analytics\nLed a team of four engineers",
        )

    return pdf_bytes(build)


def unicode_pdf(text: str) -> bytes:
    """A PDF whose text uses glyphs outside Latin-1 (ligatures, bullets)."""

    def build(pdf: FPDF) -> None:
        pdf.add_font("dejavu", fname=_dejavu())
        pdf.set_font("dejavu", size=11)
        pdf.add_page()
        pdf.multi_cell(0, 6, text)

    return pdf_bytes(build)


def _dejavu() -> str:
    import glob

    for pattern in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/**/DejaVuSans.ttf",
        "/usr/share/fonts/**/*.ttf",
    ):
        found = glob.glob(pattern, recursive=True)
        if found:
            return found[0]
    raise FileNotFoundError("no TrueType font found")


def image_only_pdf() -> bytes:
    def build(pdf: FPDF) -> None:
        pdf.add_page()
        pdf.rect(20, 20, 100, 50, style="F")  # a drawing, no text

    return pdf_bytes(build)


def docx_bytes(*, text_box: bool = True) -> bytes:
    """Body, table, header and footer via python-docx; a text box added by hand."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Jane Roe - jane@example.com"
    section.footer.paragraphs[0].text = "Page footer: references on request"
    document.add_heading("Skills", level=1)
    document.add_paragraph("Python, SQL and Docker")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Languages"
    table.cell(0, 1).text = "Python"
    table.cell(1, 0).text = "Cloud"
    table.cell(1, 1).text = "AWS"
    document.add_heading("Experience", level=1)
    paragraph = document.add_paragraph("Data engineer at Acme")
    paragraph.add_run().add_break()
    paragraph.add_run("2019 to 2023")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    return add_text_box(data) if text_box else data


def add_text_box(data: bytes) -> bytes:
    def edit(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        root = re.search(r"<w:document [^>]*>", text)
        assert root is not None
        extra = (
            ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
            ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
            ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
            ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
            ' xmlns:v="urn:schemas-microsoft-com:vml"'
        )
        head = root.group()
        for declaration in re.findall(r' xmlns:\w+="[^"]*"', extra):
            if declaration.split("=")[0] not in head:
                head = head[:-1] + declaration + ">"
        text = text.replace(root.group(), head, 1)
        text = text.replace("<w:sectPr", TEXT_BOX_XML + "<w:sectPr", 1)
        return text.encode("utf-8")

    return rewrite_zip(data, {"word/document.xml": edit})


def rewrite_zip(
    data: bytes,
    edits: dict[str, Callable[[bytes], bytes]] | None = None,
    *,
    add: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
) -> bytes:
    edits = edits or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            content = src.read(info)
            if info.filename in edits:
                content = edits[info.filename](content)
            dst.writestr(info.filename, content, compress_type=zipfile.ZIP_DEFLATED)
        for name, content in (add or {}).items():
            dst.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
