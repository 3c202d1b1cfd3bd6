"""Engine benchmark: each figure beside a baseline measured in the same run.

    .venv/bin/python benchmarks/bench_engine.py

1. Median ms to analyse one ~600-word text résumé after start-up, against the
   floor: one compiled regular expression over all aliases (no context, no
   evidence), on the same texts.
2. Median ms per PDF page for skillgap's reader, against pypdfium2's plain
   text extraction, on the same PDFs.
3. Wall time of `skillgap analyze` on one PDF, start-up included, against
   `python -c pass` (the interpreter's own start-up).
The machine is noisy: read the ratios and medians, not single runs.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from skillgap.documents import read_document, read_text  # noqa: E402
from skillgap.extract import get_extractor  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"


def texts_of_about(words: int) -> list[str]:
    """Résumé texts near ``words`` words: the eval set's when present, else the samples."""
    sources: list[str] = []
    labels = EVAL / "dev.jsonl"
    if labels.is_file():
        for line in labels.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if "text" in item:
                sources.append(item["text"])
    for path in sorted((ROOT / "sample_resumes").glob("*.[tm][xd]*")):
        sources.append(path.read_text(encoding="utf-8"))
    out = []
    for text in sources:
        tokens = text.split()
        if len(tokens) >= words // 2:
            out.append(" ".join(tokens[:words]) if len(tokens) > words else text)
    return out


def median_ms(fn, items, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)
        runs.append((time.perf_counter() - start) * 1000 / len(items))
    return statistics.median(runs)


def bench_extraction() -> None:
    extractor = get_extractor()
    terms = sorted(
        {a.term for s in extractor.role.skills for a in (*s.aliases, *s.implied_by)},
        key=len,
        reverse=True,
    )
    floor = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + r")(?!\w)", re.I)
    texts = texts_of_about(600)
    docs = [read_text(t) for t in texts]
    for d in docs:  # warm caches: we measure after start-up
        extractor.extract(d)
    words = statistics.median(len(t.split()) for t in texts)
    ours = median_ms(extractor.extract, docs)
    base = median_ms(lambda d: set(m.group().lower() for m in floor.finditer(d.text)), docs)
    print(f"extraction: {len(docs)} texts, median {words:.0f} words")
    print(f"  skillgap extract     {ours:7.2f} ms/résumé")
    print(f"  one regex (floor)    {base:7.2f} ms/résumé   ratio {ours / base:5.1f}x")


def bench_pdf() -> None:
    import pypdfium2 as pdfium

    pdfs = sorted((EVAL / "pdfs").glob("*.pdf")) if (EVAL / "pdfs").is_dir() else []
    pdfs += sorted((ROOT / "sample_resumes").glob("*.pdf"))
    blobs = [p.read_bytes() for p in pdfs]
    pages = sum(len(pdfium.PdfDocument(b)) for b in blobs)

    def plain(data: bytes) -> None:
        pdf = pdfium.PdfDocument(data)
        for page in pdf:
            page.get_textpage().get_text_range()

    for blob in blobs:  # warm up both: pdfium's library, our numpy and slot arrays
        read_document(blob)
        plain(blob)
    # Interleaved rounds, so both sides see the same machine load; the ratio is
    # the median of the rounds' ratios.
    ours_runs, base_runs = [], []
    for _ in range(9):
        ours_runs.append(median_ms(read_document, blobs, repeat=1) * len(blobs) / pages)
        base_runs.append(median_ms(plain, blobs, repeat=1) * len(blobs) / pages)
    ours, base = statistics.median(ours_runs), statistics.median(base_runs)
    ratio = statistics.median(o / b for o, b in zip(ours_runs, base_runs, strict=True))
    print(f"PDF reading: {len(blobs)} files, {pages} pages, 9 interleaved rounds")
    print(f"  skillgap reader      {ours:7.2f} ms/page")
    print(f"  pypdfium2 plain      {base:7.2f} ms/page   ratio {ratio:5.2f}x (median of rounds)")


def bench_startup() -> None:
    exe = Path(sys.executable).parent / "skillgap"
    pdf = ROOT / "sample_resumes" / "mid_level_mle.pdf"

    def wall(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        return time.perf_counter() - start

    command = [str(exe), "analyze", str(pdf), "--format", "json"]
    ours = statistics.median(wall(command) for _ in range(5))
    base = statistics.median(wall([sys.executable, "-c", "pass"]) for _ in range(5))
    print("start-up: `skillgap analyze` on one two-column PDF, wall time")
    print(f"  skillgap analyze     {ours:7.2f} s")
    print(f"  python -c pass       {base:7.2f} s")


if __name__ == "__main__":
    bench_extraction()
    bench_pdf()
    bench_startup()
