"""How fast does `skillgap screen` go: one process, --workers 2, --dask-local 2.

    .venv/bin/python benchmarks/bench_screen.py            # 1,000 résumés
    .venv/bin/python benchmarks/bench_screen.py --n 200    # a quick look

Generates varied résumés (TXT, DOCX, one- and two-column PDF) from templates with
randomised names, employers, dates and skills into ``benchmarks/_generated/``
(git-ignored; reused when already there), then screens the folder with each
engine and prints documents per second two ways:

* **end to end**: listing, reading, starting workers (or the Dask cluster) and
  writing the CSV, divided into the wall time of the whole call;
* **steady**: documents per second from the first row back to the last, that is
  without the one-off start of the worker processes or cluster.

Targets on a 2-core machine: >= 150 docs/s with --workers 2; --workers 2 >= 1.7x
one process; Dask with 2 workers >= 0.85x --workers 2. The baseline (one process,
``workers=0``) is printed beside every figure, with the peak memory per worker.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "_generated" / "screen"

FIRST = ["Ana", "Ben", "Chen", "Dara", "Elif", "Femi", "Gita", "Hugo", "Ines", "Jon", "Kemal"]
LAST = ["Okafor", "Silva", "Novak", "Tanaka", "Berg", "Haddad", "Kowalski", "Moreau", "Singh"]
ORGS = ["Acme Analytics", "Northwind", "Globex", "Initech", "Umbrella Health", "Stark Retail"]
TITLES = ["Machine Learning Engineer", "Data Scientist", "ML Platform Engineer", "Data Engineer"]
SKILLS = [
    "Python", "SQL", "PyTorch", "TensorFlow", "scikit-learn", "pandas", "NumPy", "Docker",
    "Kubernetes", "AWS", "GCP", "Azure", "Airflow", "Spark", "Kafka", "MLflow", "Terraform",
    "PostgreSQL", "Redis", "Git", "FastAPI", "XGBoost", "Hugging Face Transformers", "R",
    "Java", "Go", "Tableau", "dbt", "Snowflake", "Ray", "ONNX", "LangChain",
]  # fmt: skip
VERBS = ["Built", "Shipped", "Led", "Designed", "Scaled", "Automated", "Maintained", "Migrated"]
THINGS = [
    "a recommendation service", "fraud detection models", "feature pipelines",
    "an experiment platform", "demand forecasting", "search ranking", "a model registry",
    "real-time scoring APIs", "data quality checks", "LLM evaluation tooling",
]  # fmt: skip


def resume_parts(rng: random.Random) -> dict[str, object]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    jobs = []
    year = 2025
    for _ in range(rng.randint(1, 4)):
        length = rng.randint(1, 4)
        start = year - length
        skills = rng.sample(SKILLS, 4)
        bullets = [
            f"{rng.choice(VERBS)} {rng.choice(THINGS)} with {', '.join(skills[:2])}",
            f"{rng.choice(VERBS)} {rng.choice(THINGS)} using {' and '.join(skills[2:])}, "
            f"cutting costs by {rng.randint(5, 60)}%",
        ]
        end = "Present" if year == 2025 else f"Dec {year}"
        jobs.append((rng.choice(TITLES), rng.choice(ORGS), f"Jan {start} - {end}", bullets))
        year = start
    return {
        "name": name,
        "contact": f"{name.split()[0].lower()}@example.com | +1 555 {rng.randint(100, 999)} "
        f"{rng.randint(1000, 9999)}",
        "summary": f"{rng.choice(TITLES)} with {2025 - year} years of experience.",
        "skills": ", ".join(rng.sample(SKILLS, rng.randint(5, 14))),
        "jobs": jobs,
        "education": "BSc Computer Science, University of " + rng.choice(["Leeds", "Oslo"]),
    }


def as_text(p: dict) -> str:
    lines = [p["name"], p["contact"], "", "SUMMARY", p["summary"], "", "EXPERIENCE"]
    for title, org, dates, bullets in p["jobs"]:
        lines += [f"{title}, {org}, {dates}", *[f"- {b}" for b in bullets], ""]
    lines += ["SKILLS", p["skills"], "", "EDUCATION", p["education"]]
    return "\n".join(lines) + "\n"


def as_docx(p: dict) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(p["name"], level=1)
    doc.add_paragraph(p["contact"])
    doc.add_heading("Summary", level=2)
    doc.add_paragraph(p["summary"])
    doc.add_heading("Experience", level=2)
    for title, org, dates, bullets in p["jobs"]:
        doc.add_paragraph(f"{title}, {org}, {dates}")
        for b in bullets:
            doc.add_paragraph(b, style="List Bullet")
    doc.add_heading("Skills", level=2)
    doc.add_paragraph(p["skills"])
    doc.add_heading("Education", level=2)
    doc.add_paragraph(p["education"])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def as_pdf(p: dict, columns: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 9, p["name"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 6, p["contact"], new_x="LMARGIN", new_y="NEXT")
    experience = "EXPERIENCE\n" + "\n".join(
        f"{t}, {o}, {d}\n" + "\n".join(f"- {b}" for b in bs) for t, o, d, bs in p["jobs"]
    )
    side = f"SKILLS\n{p['skills']}\n\nEDUCATION\n{p['education']}"
    if columns == 1:
        pdf.multi_cell(0, 5, f"SUMMARY\n{p['summary']}\n\n{experience}\n\n{side}")
    else:
        top = pdf.get_y() + 4
        pdf.set_xy(10, top)
        pdf.multi_cell(60, 5, side)
        pdf.set_xy(78, top)
        pdf.multi_cell(122, 5, f"SUMMARY\n{p['summary']}\n\n{experience}")
    return bytes(pdf.output())


def generate(n: int, folder: Path, seed: int = 7) -> Path:
    marker = folder / f".complete-{n}-{seed}"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    for i in range(n):
        parts = resume_parts(rng)
        kind = i % 4
        if kind == 0:
            (folder / f"cv_{i:04d}.txt").write_text(as_text(parts), encoding="utf-8")
        elif kind == 1:
            (folder / f"cv_{i:04d}.docx").write_bytes(as_docx(parts))
        else:
            (folder / f"cv_{i:04d}.pdf").write_bytes(as_pdf(parts, columns=kind - 1))
    marker.write_text("ok\n")
    return folder


def measure(label: str, folder: Path, out_dir: Path, **engine: object) -> dict[str, object]:
    from skillgap.screen import screen

    out = out_dir / f"{label.replace(' ', '_')}.csv"
    start = time.perf_counter()
    first = last = None
    n = 0
    run = screen([folder], out=out, **engine)  # type: ignore[arg-type]
    with run:
        for _row in run:
            now = time.perf_counter()
            first = first or now
            last = now
            n += 1
    wall = time.perf_counter() - start
    steady = (n - 1) / (last - first) if first and last and last > first else float("nan")
    summary = run.summary
    assert summary.ok + sum(summary.failed.values()) + summary.duplicates == n
    return {
        "label": label,
        "n": n,
        "ok": summary.ok,
        "failed": dict(summary.failed),
        "wall": wall,
        "end_to_end": n / wall,
        "steady": steady,
        "peaks": sorted(summary.peak_memory.values()),
    }


ENGINES = {
    "inline": ("one process", {"workers": 0}),
    "workers1": ("--workers 1", {"workers": 1}),
    "workers2": ("--workers 2", {"workers": 2}),
    "dask2": ("--dask-local 2", {"dask_local": 2}),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="résumés to generate (1000)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    parser.add_argument(
        "--engines",
        default=",".join(ENGINES),
        help="comma-separated engines to run, the first being the baseline "
        f"(default: {','.join(ENGINES)})",
    )
    parser.add_argument("--engine", help=argparse.SUPPRESS)  # one measurement, in a child
    args = parser.parse_args(argv)
    if args.engine:
        label, engine = ENGINES[args.engine]
        with tempfile.TemporaryDirectory() as tmp:
            folder = GENERATED / f"n{args.n}"
            print(json.dumps(measure(label, folder, Path(tmp), **engine)))
        return 0

    t = time.perf_counter()
    folder = generate(args.n, GENERATED / f"n{args.n}")
    kinds = sorted({p.suffix for p in folder.iterdir() if not p.name.startswith(".")})
    print(f"{args.n} résumés ({', '.join(kinds)}; TXT, DOCX, 1- and 2-column PDF) in {folder}")
    print(f"  generated or reused in {time.perf_counter() - t:.1f} s")
    print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")

    names = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = [e for e in names if e not in ENGINES]
    if unknown or not names:
        parser.error(f"--engines: unknown {unknown or 'none'} (valid: {', '.join(ENGINES)})")
    results = []
    for name in names:
        if name == "dask2" and args.no_dask:
            continue
        # a fresh process per engine: no engine inherits caches warmed by another
        cmd = [sys.executable, __file__, "--n", str(args.n), "--engine", name]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        r = results[-1]
        print(f"  ran {r['label']}: {r['n']} rows, ok {r['ok']}, failed {r['failed']}", flush=True)

    base = results[0]
    print()
    ratio_head = "x one process" if base["label"] == "one process" else f"x {base['label']}"
    print(f"{'engine':<16}{'end-to-end':>14}{'steady':>12}{ratio_head:>15}  peak memory")
    for r in results:
        peaks = ", ".join(f"{p / 2**20:.0f} MiB" for p in r["peaks"]) or "-"
        ratio = r["steady"] / base["steady"]
        print(
            f"{r['label']:<16}{r['end_to_end']:>9.1f} d/s{r['steady']:>8.1f} d/s"
            f"{ratio:>14.2f}x  {peaks}"
        )
    by = {r["label"]: r for r in results}
    w2 = by.get("--workers 2")
    print()
    if w2 is None:
        print(f"load average at the end: {os.getloadavg()[0]:.2f} (the machine is shared)")
        return 0
    print(
        f"target >= 150 docs/s with --workers 2: steady {w2['steady']:.0f}, "
        f"end to end {w2['end_to_end']:.0f}"
    )
    if base["label"] == "one process":
        print(
            f"target --workers 2 >= 1.7x one process: steady "
            f"{w2['steady'] / base['steady']:.2f}x, end to end "
            f"{w2['end_to_end'] / base['end_to_end']:.2f}x"
        )
    if "--dask-local 2" in by:
        d = by["--dask-local 2"]
        print(
            f"target Dask 2 >= 0.85x --workers 2: steady {d['steady'] / w2['steady']:.2f}x, "
            f"end to end {d['end_to_end'] / w2['end_to_end']:.2f}x"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (the machine is shared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
