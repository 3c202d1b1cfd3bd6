"""Issue 6: a generated corpus of hostile and broken files, each read in the isolated
worker with tight limits; every outcome is a correct document or the right typed
error with a one-line message naming the file, within the time and memory bound."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import hostile_corpus as hc
import pytest

from skillgap import errors
from skillgap.isolation import IsolatedReader
from skillgap.limits import Limits

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs and process limits")

BOUND = Limits(seconds=10, memory_bytes=1 << 30)
SLACK = 3.0  # seconds: the worker's restart and a loaded CI machine
SAMPLES = Path(__file__).resolve().parent.parent / "sample_resumes"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hc.build_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def reader():
    with IsolatedReader(BOUND) as r:
        yield r


def test_the_corpus_is_large_enough() -> None:
    assert len(hc.CASES) >= 40
    assert len({c.name for c in hc.CASES}) == len(hc.CASES)


@pytest.mark.parametrize("case", hc.CASES, ids=[c.name for c in hc.CASES])
def test_hostile_case(case: hc.Case, corpus: dict[str, Path], reader: IsolatedReader) -> None:
    path = corpus[case.name]
    start = time.monotonic()
    try:
        doc = reader.read(path, limits=BOUND.override(**case.limits))
        outcome, message = "ok", ""
    except errors.DocumentError as exc:
        doc, outcome, message = None, exc.code, str(exc)
    elapsed = time.monotonic() - start
    assert elapsed < BOUND.seconds + SLACK
    if reader.last_peak_rss is not None:
        assert reader.last_peak_rss < BOUND.memory_bytes
    assert outcome == case.expect, message
    if doc is None:
        assert message.startswith(f"{path}: ") and "\n" not in message
        assert len(message) < 400
        for words in case.has:
            assert words in message
        return
    assert doc.text.strip() and doc.source == str(path)
    if case.fmt:
        assert doc.format == case.fmt
    for words in case.has:
        assert words in doc.text
    for words in case.lacks:
        assert words not in doc.text
    assert "\x00" not in doc.text and "\ufeff" not in doc.text


def test_hidden_text_is_reported_in_warnings(corpus: dict[str, Path], reader) -> None:
    doc = reader.read(corpus["hidden-text.pdf"])
    assert any("invisible or off-page" in w for w in doc.warnings)


# --------------------------------------------------------------------------- folders and zips


def test_folder_with_fifo_and_symlink_outside(tmp_path: Path) -> None:
    screen = pytest.importorskip("skillgap.screen")
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "good.txt").write_text(hc.GOOD_CV)
    os.mkfifo(folder / "pipe.pdf")
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    (folder / "link.txt").symlink_to(secret)
    refs = {Path(r.source).name: r for r in screen.list_inputs([folder])}
    assert refs["good.txt"].error is None
    assert refs["pipe.pdf"].error is not None and refs["pipe.pdf"].error[0] == "not-a-regular-file"
    assert refs["link.txt"].error is not None  # never read
    assert all("root:x" not in (r.error or ("", ""))[1] for r in refs.values())


def test_zip_with_hostile_member_names(tmp_path: Path, reader: IsolatedReader) -> None:
    """Through the batch screener's zip listing: every member is listed, none escapes."""
    screen = pytest.importorskip("skillgap.screen")
    archive = tmp_path / "board.zip"
    archive.write_bytes(hc.hostile_zip())
    refs = screen.list_inputs([archive])
    shown = [r.source.split("!", 1)[1] for r in refs]
    assert len(refs) == 5  # nothing silently dropped (the long name included)
    for name in shown:
        assert not name.startswith("/") and ".." not in name.split("/")
    assert any(len(name) > 255 for name in shown)
    with zipfile.ZipFile(archive) as zf:
        for ref in refs:
            if ref.error is not None:
                continue
            data = zf.read(ref.member)
            try:
                doc = reader.read(data, name=ref.source)
            except errors.DocumentError as exc:
                assert ref.member == "nested.zip" and exc.code == "unsupported-type"
            else:
                assert "PyTorch" in doc.text


def test_nested_zip_bomb_is_refused_by_the_listing(tmp_path: Path) -> None:
    screen = pytest.importorskip("skillgap.screen")
    with zipfile.ZipFile(io.BytesIO(hc.hostile_zip())) as zf:
        (tmp_path / "nested.zip").write_bytes(zf.read("nested.zip"))
    (ref,) = screen.list_inputs([tmp_path / "nested.zip"])
    assert ref.error is not None and ref.error[0] in ("decompression-bomb", "too-large")


# --------------------------------------------------------------------------- one batch


def test_a_batch_of_all_of_them_still_analyses_the_good_ones(
    corpus: dict[str, Path], reader: IsolatedReader
) -> None:
    from skillgap.analysis import analyse_document

    good = [SAMPLES / "mid_level_mle.pdf", SAMPLES / "analyst_to_ml.docx"]
    batch = [*corpus.values(), *good]
    outcomes: dict[Path, object] = {}
    for path in batch:
        try:
            outcomes[path] = reader.read(path)
        except errors.DocumentError as exc:
            outcomes[path] = exc.code
    for path in good:
        doc = outcomes[path]
        assert not isinstance(doc, str), doc
        analysis = analyse_document(doc)
        assert analysis.extraction.skills, path
    failed = [p for p, o in outcomes.items() if isinstance(o, str)]
    # the 50 MB line read "ok" only with its own raised limit: too large here
    assert len(failed) == sum(c.expect != "ok" or bool(c.limits) for c in hc.CASES)
