"""Zip members read in memory: hostile names are only labels, bombs are refused by header."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from skillgap import errors
from skillgap.archives import list_members, read_member, safe_member_name, zip_members
from skillgap.limits import Limits, MiB

CV = b"Jane Doe\nML engineer: Python, PyTorch, Docker.\n"
LONG = "x" * 300 + ".txt"


def _zip(*members: tuple[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return _flag_encrypted(buf.getvalue(), {n for n, _ in members if n.startswith("locked")})


def _flag_encrypted(archive: bytes, names: set[str]) -> bytes:
    """Set the "encrypted" bit of these members (zipfile cannot write one): never read."""
    out = bytearray(archive)
    for sig, flags, size, start in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        at = out.find(sig)
        while at != -1:
            length = int.from_bytes(out[at + size : at + size + 2], "little")
            if out[at + start : at + start + length].decode() in names:
                out[at + flags] |= 0x1
            at = out.find(sig, at + 4)
    return bytes(out)


# (member name, its bytes, the label expected or None when skipped, the error code or "")
CASES: list[tuple[str, bytes, str | None, str]] = [
    ("../../escape.txt", CV, "cvs.zip!escape.txt", ""),
    ("/etc/absolute.txt", CV, "cvs.zip!etc/absolute.txt", ""),
    ("C:\\Users\\..\\win.txt", CV, "cvs.zip!Users/win.txt", ""),
    ("a\x1b[31m.txt", CV, "cvs.zip!a[31m.txt", ""),
    (LONG, CV, "cvs.zip!" + LONG, ""),  # kept whole: a label, never a path
    ("locked.pdf", CV, "cvs.zip!locked.pdf", "encrypted"),
    ("zeros.txt", b"0" * (2 * MiB), "cvs.zip!zeros.txt", "decompression-bomb"),  # ratio
    ("nested.zip", _zip(("cv.txt", CV)), "cvs.zip!nested.zip", "unsupported-type"),
    ("__MACOSX/._cv.txt", CV, None, ""),
    ("folder/.DS_Store", CV, None, ""),
    ("folder/", b"", None, ""),
]


@pytest.mark.parametrize(("member", "data", "label", "code"), CASES, ids=[c[0][:20] for c in CASES])
def test_one_member(member: str, data: bytes, label: str | None, code: str) -> None:
    members = list(zip_members(_zip((member, data)), name="cvs.zip", limits=Limits()))
    if label is None:
        assert members == []
        return
    (got,) = members
    assert got.label == label
    if code:
        assert got.error is not None and got.error.code == code and not got.ok
        assert got.error.source == label and got.data == b""
    else:
        assert got.error is None and got.ok and got.data == data


def test_every_case_in_one_archive_in_order() -> None:
    archive = _zip(*((m, d) for m, d, _label, _code in CASES))
    members = zip_members(archive, name="cvs.zip", limits=Limits())
    got = [(m.label, m.error.code if m.error else "") for m in members]
    assert got == [(label, code) for _m, _d, label, code in CASES if label is not None]


def test_too_many_entries_refuses_the_archive_before_listing() -> None:
    archive = _zip(*((f"cv{i}.txt", CV) for i in range(5)))
    with pytest.raises(errors.DecompressionBomb) as exc:
        zip_members(archive, name="cvs.zip", limits=Limits(max_zip_entries=4))
    assert exc.value.source == "cvs.zip" and "5 zip entries" in exc.value.reason
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        with pytest.raises(errors.DecompressionBomb):
            list_members(zf, name="cvs.zip", limits=Limits(max_zip_entries=4))
        assert len(list(list_members(zf, name="cvs.zip", limits=Limits(max_zip_entries=5)))) == 5


def test_members_past_the_total_are_refused_and_the_note_is_added() -> None:
    archive = _zip(("a.txt", b"a" * 600), ("b.txt", b"b" * 600), ("c.txt", b"c" * 10))
    limits = Limits(max_decompressed_bytes=1000)
    got = [
        (m.label, m.error.code if m.error else "")
        for m in zip_members(archive, name="z", limits=limits)
    ]
    assert got == [
        ("z!a.txt", ""),
        ("z!b.txt", "decompression-bomb"),
        ("z!c.txt", "decompression-bomb"),
    ]
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        reasons = [
            e.error.reason
            for e in list_members(zf, name="z", limits=limits, total_note="; more")
            if e.error
        ]
    assert all(r.endswith("in total; more") for r in reasons)


def test_a_member_over_max_file_bytes_is_too_large() -> None:
    (got,) = zip_members(_zip(("big.txt", CV)), name="z", limits=Limits(max_file_bytes=10))
    assert got.error is not None and got.error.code == "too-large"


def test_a_damaged_archive_is_corrupt() -> None:
    with pytest.raises(errors.CorruptDocument) as exc:
        zip_members(b"PK\x03\x04" + b"\0" * 100, name="bad.zip", limits=Limits())
    assert exc.value.source == "bad.zip"


def test_a_damaged_deflate_stream_is_a_corrupt_member() -> None:
    archive = bytearray(_zip(("cv.txt", CV * 50)))
    archive[60:70] = b"\xff" * 10  # inside the deflated data
    (got,) = zip_members(bytes(archive), name="z", limits=Limits())
    assert got.error is not None and got.error.code == "corrupt"


def test_read_member_by_name_and_an_office_document_inside_is_fine() -> None:
    docx = _zip(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>"))
    with zipfile.ZipFile(io.BytesIO(_zip(("cv.docx", docx)))) as zf:
        assert read_member(zf, "cv.docx", label="z!cv.docx", limits=Limits()) == docx


def test_safe_member_name_is_still_importable_from_screen() -> None:
    from skillgap import screen

    assert screen.safe_member_name is safe_member_name


# ------------------------------------------------- what each caller kept of its own


def test_screen_keeps_its_hint_and_its_note(tmp_path: Path) -> None:
    from skillgap.screen import list_inputs

    many = tmp_path / "many.zip"
    many.write_bytes(_zip(*((f"cv{i}.txt", CV) for i in range(3))))
    (ref,) = list_inputs([many], limits={"max_zip_entries": 2})
    assert ref.source == str(many) and ref.error is not None
    assert ref.error == (
        "decompression-bomb",
        f"{many}: 3 zip entries is over the limit of 2 "
        "(split the archive, or raise max_zip_entries)",
    )
    big = tmp_path / "big.zip"
    big.write_bytes(_zip(("a.txt", b"a" * 600), ("b.txt", b"b" * 600)))
    refs = list_inputs([big], limits={"max_decompressed_bytes": 1000})
    assert [r.error and r.error[0] for r in refs] == [None, "decompression-bomb"]
    assert refs[1].error is not None and "in total; the rest was not read (" in refs[1].error[1]


def test_the_app_keeps_one_failed_row_for_a_refused_archive() -> None:
    pytest.importorskip("streamlit")
    from skillgap import webapp

    archive = _zip(*((f"cv{i}.txt", CV) for i in range(3)))
    (row,) = webapp.expand_uploads([("cvs.zip", archive)], limits=Limits(max_zip_entries=2))
    assert isinstance(row, webapp.Row) and row.name == "cvs.zip"
    assert row.code == "decompression-bomb"
    assert row.error == (
        f"cvs.zip: 3 zip entries is over the limit of 2 ({errors.DecompressionBomb.hint})"
    )
    big = _zip(("a.txt", b"a" * 600), ("b.txt", b"b" * 600))
    rows = webapp.expand_uploads([("big.zip", big)], limits=Limits(max_decompressed_bytes=1000))
    assert isinstance(rows[0], webapp.Upload) and isinstance(rows[1], webapp.Row)
    assert "in total (" in rows[1].error
