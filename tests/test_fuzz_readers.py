"""Bounded fuzzing of each reader's entry point: mutated bytes of real PDF, DOCX and
text seeds give a Document or a typed error, never another exception.

Small budget for CI (``max_examples`` per reader, no deadline): about 10-20 s in all.
"""

from __future__ import annotations

import contextlib
import io
import zipfile

import fixtures_docs as fx
import hostile_corpus as hc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillgap import errors
from skillgap.documents import detect_format, read_document, read_text
from skillgap.limits import Limits

LIMITS = Limits(max_pages=20, max_decompressed_bytes=16 << 20)
SEEDS = {
    "pdf": fx.simple_pdf(hc.GOOD_CV),
    "docx": fx.docx_bytes(),
    "txt": hc.GOOD_CV.encode("utf-8"),
    "hidden-pdf": hc.hidden_text_pdf(),
}
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """Seed bytes with a few flips, cuts, insertions or duplicated slices."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "dup", "zero"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 4096))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "dup":
            size = draw(st.integers(1, 2048))
            data[at:at] = data[at : at + size] * draw(st.integers(1, 8))
        elif kind == "zero":
            data[at : at + 64] = bytes(len(data[at : at + 64]))
    return bytes(data)


def _read(data: bytes) -> None:
    try:
        doc = read_document(data, name="fuzz.bin", limits=LIMITS)
    except errors.DocumentError as exc:
        assert str(exc).startswith("fuzz.bin: ") and "\n" not in str(exc)
    else:
        assert doc.text.strip() and "\x00" not in doc.text


@FUZZ
@given(mutated(SEEDS["pdf"]))
def test_fuzz_pdf_reader(data: bytes) -> None:
    _read(data)


@FUZZ
@given(mutated(SEEDS["hidden-pdf"]))
def test_fuzz_pdf_hidden_text_checks(data: bytes) -> None:
    _read(data)


@FUZZ
@given(mutated(SEEDS["docx"]))
def test_fuzz_docx_reader(data: bytes) -> None:
    _read(data)


@FUZZ
@given(st.data())
def test_fuzz_docx_parts(data: st.DataObject) -> None:
    """Mutate the XML inside a valid zip, where byte flips of the zip itself cannot reach."""
    with zipfile.ZipFile(io.BytesIO(SEEDS["docx"])) as zf:
        xml = zf.read("word/document.xml")
    new = data.draw(mutated(xml))
    _read(fx.rewrite_zip(SEEDS["docx"], {"word/document.xml": lambda _old: new}))


@FUZZ
@given(mutated(SEEDS["txt"]) | st.binary(max_size=512))
def test_fuzz_text_reader_and_detection(data: bytes) -> None:
    _read(data)
    with contextlib.suppress(errors.DocumentError):
        assert detect_format(data, name="fuzz.bin") in ("pdf", "docx", "txt", "md")


@FUZZ
@given(st.text(max_size=2000))
def test_fuzz_pasted_text(text: str) -> None:
    try:
        doc = read_text(text, name="pasted")
    except errors.EmptyDocument as exc:
        assert str(exc).startswith("pasted: ")
    else:
        assert doc.text.strip() and "\x00" not in doc.text
