"""Per-document overhead of the isolated reader against reading in process.

    .venv/bin/python benchmarks/bench_isolation.py

Prints, for each sample résumé, the best-of-N time in process and through a
warm ``IsolatedReader`` (path and bytes), the difference in ms, the worker's
start-up time, and the PDF reading cost against plain pypdfium2 extraction.
"""

from __future__ import annotations

import glob
import time
from pathlib import Path

from skillgap.documents import read_document
from skillgap.isolation import IsolatedReader

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_resumes").glob("*.*"))
SAMPLES = [p for p in SAMPLES if p.suffix in (".pdf", ".docx", ".txt", ".md")]
EVAL_PDFS = sorted(glob.glob("/work/shared/eval/pdfs/*.pdf"))
REPEAT = 15


def best(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def plain_pdfium(data: bytes) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


def main() -> None:
    start = time.perf_counter()
    reader = IsolatedReader()
    reader.read(b"warm up", name="warm.txt")
    print(f"worker start-up (first document): {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"{'file':28s} {'in-process':>11s} {'isolated':>9s} {'(bytes)':>8s} {'overhead':>9s}")
    overheads = []
    with reader:
        for path in SAMPLES:
            data = path.read_bytes()
            local = best(lambda: read_document(path))  # noqa: B023
            isolated = best(lambda: reader.read(path))  # noqa: B023
            sent = best(lambda: reader.read(data, name=path.name))  # noqa: B023
            overheads.append(isolated - local)
            print(
                f"{path.name:28s} {local:9.2f}ms {isolated:7.2f}ms {sent:6.2f}ms "
                f"{isolated - local:+7.2f}ms"
            )
    overheads.sort()
    print(f"median overhead per document: {overheads[len(overheads) // 2]:+.2f} ms")
    if EVAL_PDFS:
        datas = [Path(p).read_bytes() for p in EVAL_PDFS]
        plain = sum(best(lambda: plain_pdfium(d), 5) for d in datas)  # noqa: B023
        ours = sum(best(lambda: read_document(d, name="x.pdf"), 5) for d in datas)  # noqa: B023
        print(
            f"PDF reading, {len(datas)} eval PDFs: plain pypdfium2 {plain:.0f} ms, "
            f"skillgap reader {ours:.0f} ms ({ours / plain:.2f}x; hidden-text and "
            "flate-bomb checks included)"
        )


if __name__ == "__main__":
    main()
