"""The isolated reader: same results as in process, and bounded time, memory and crashes."""

from __future__ import annotations

import io
import os
import signal
import threading
import time
from pathlib import Path

import fixtures_docs as fx
import hostile_corpus as hc
import pytest

from skillgap import errors
from skillgap.documents import read_document
from skillgap.isolation import IsolatedReader, read_isolated, shutdown
from skillgap.limits import Limits
from skillgap.safety import safe_csv_cell

pytestmark = pytest.mark.skipif(os.name != "posix", reason="isolation needs POSIX limits")


@pytest.fixture(scope="module")
def reader():
    with IsolatedReader(Limits(seconds=10, memory_bytes=1 << 30)) as r:
        yield r


def test_path_bytes_and_stream_match_in_process(reader: IsolatedReader, tmp_path: Path) -> None:
    data = fx.simple_pdf(hc.GOOD_CV)
    path = tmp_path / "cv.pdf"
    path.write_bytes(data)
    expected = read_document(path)
    assert reader.read(path) == expected
    assert reader.read(data, name=str(path)) == expected
    assert reader.read(io.BytesIO(data), name=str(path)) == expected
    assert reader.last_peak_rss is not None and 0 < reader.last_peak_rss < 1 << 30


def test_typed_errors_cross_the_process_boundary(reader: IsolatedReader) -> None:
    with pytest.raises(errors.EncryptedDocument) as caught:
        reader.read(fx.simple_pdf("x", owner_password="o", user_password="u"), name="cv.pdf")
    assert caught.value.code == "encrypted"
    assert str(caught.value).startswith("cv.pdf: ") and "password" in str(caught.value)


def test_timeout_kills_and_restarts_the_worker(reader: IsolatedReader) -> None:
    slow = hc.dense_page_pdf()
    start = time.monotonic()
    with pytest.raises(errors.Timeout) as caught:
        reader.read(slow, name="dense.pdf", limits={"seconds": 0.05})
    assert time.monotonic() - start < 5
    assert str(caught.value).startswith("dense.pdf: ") and "0.05 s" in str(caught.value)
    assert reader.read(b"Python", name="after.txt").text == "Python"  # a fresh worker


def test_memory_limit_gives_out_of_memory_then_recovers(reader: IsolatedReader) -> None:
    limits = Limits(max_file_bytes=64 << 20, memory_bytes=160 << 20)
    with pytest.raises(errors.OutOfMemory) as caught:
        reader.read(hc.long_line(50 * 10**6), name="long.txt", limits=limits)
    assert caught.value.code == "out-of-memory" and "160 MiB" in str(caught.value)
    assert reader.read(b"Python", name="after.txt").text == "Python"


def test_a_crashing_worker_becomes_a_typed_error(reader: IsolatedReader) -> None:
    reader.read(b"warm", name="warm.txt")
    worker = reader._all[0]
    assert worker.proc is not None
    pid = worker.proc.pid
    threading.Timer(0.1, os.kill, (pid, signal.SIGSEGV)).start()
    with pytest.raises(errors.Crashed) as caught:
        reader.read(hc.dense_page_pdf(), name="dense.pdf")
    assert "SIGSEGV" in str(caught.value) and caught.value.code == "crashed"
    assert reader.read(b"Python", name="after.txt").text == "Python"


def test_shared_reader_and_threads() -> None:
    results: list[str] = []

    def work(i: int) -> None:
        results.append(read_isolated(f"Python {i}".encode(), name=f"{i}.txt").text)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    shutdown()
    assert sorted(results) == [f"Python {i}" for i in range(4)]


def test_pool_reads_in_parallel() -> None:
    with IsolatedReader(workers=2) as pool:
        docs = []
        threads = [
            threading.Thread(target=lambda i=i: docs.append(pool.read(b"SQL", name=f"{i}")))
            for i in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(docs) == 4


def test_closed_reader_refuses() -> None:
    pool = IsolatedReader()
    pool.close()
    with pytest.raises(RuntimeError, match="closed"):
        pool.read(b"x")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Python", "Python"),
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_safe_csv_cell(value: object, expected: object) -> None:
    assert safe_csv_cell(value) == expected
