"""Advice benchmark: what profile, scores, gaps and plan add on top of extraction.

    .venv/bin/python benchmarks/bench_advice.py [--repeat 200]

On each sample résumé (read once, outside the timing), the median ms of:

* extraction alone (the baseline): ``get_extractor(role).extract(document)``;
* extraction + advice: the same plus ``build_timeline``, ``build_profile``,
  ``score``, ``gaps``, ``quick_wins`` and ``plan``, i.e. ``analyse_document``;
* the advice stages alone, with and without the timeline (the timeline belongs to
  the experience stage, written separately, and is timed apart so each figure has
  an owner).

Also the one-off costs a process pays once: importing scikit-learn and fitting the
competency model. The machine is shared and noisy: read medians and ratios, and
runs are interleaved (baseline and candidate alternate) so drift hits both alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from skillgap.documents import read_document  # noqa: E402
from skillgap.experience import build_timeline  # noqa: E402
from skillgap.extract import get_extractor  # noqa: E402
from skillgap.profile import build_profile  # noqa: E402
from skillgap.recommend import gaps, plan, quick_wins  # noqa: E402
from skillgap.score import score  # noqa: E402
from skillgap.taxonomy import load_role  # noqa: E402

TODAY = date(2026, 11, 27)
SAMPLES = ROOT / "sample_resumes"
FILES = sorted(
    p
    for p in SAMPLES.iterdir()
    if p.suffix in (".pdf", ".docx", ".txt", ".md") and p.name != "README.md"
)


def one_off() -> tuple[float, float]:
    t0 = time.perf_counter()
    import sklearn.feature_extraction.text  # noqa: F401

    t1 = time.perf_counter()
    from skillgap.score import fit_competencies

    fit_competencies(load_role("ml_engineer"))
    t2 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t1) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    importing, fitting = one_off()
    role = load_role("ml_engineer")
    extractor = get_extractor("ml_engineer")
    print(
        f"one-off per process: import scikit-learn {importing:.0f} ms, "
        f"fit competencies {fitting:.1f} ms"
    )
    print(
        f"{'file':<22} {'extract':>8} {'ex+advice':>10} {'ratio':>6} {'added':>7} "
        f"{'advice':>7} {'timeline':>9}   (median ms over {args.repeat} runs)"
    )
    added_all, advice_all = [], []
    for path in FILES:
        document = read_document(path)

        def advise(extraction, document=document):
            timeline = build_timeline(document, today=TODAY)
            t = time.perf_counter()
            profile = build_profile(extraction, timeline, role, today=TODAY)
            scores = score(profile, extraction, role)
            found = gaps(profile, scores, role)
            quick_wins(profile, scores, role)
            plan(found, scores, role)
            return time.perf_counter() - t

        advise(extractor.extract(document))  # warm caches
        base, full, stages, timeline_ms = [], [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            extractor.extract(document)
            t1 = time.perf_counter()
            extraction = extractor.extract(document)
            t2 = time.perf_counter()
            build_timeline(document, today=TODAY)
            t3 = time.perf_counter()
            advice = advise(extraction)
            t4 = time.perf_counter()
            base.append((t1 - t0) * 1000)
            # extraction + timeline + advice (the timeline is built twice above; count it once)
            full.append((t2 - t1) * 1000 + (t4 - t3) * 1000)
            stages.append(advice * 1000)
            timeline_ms.append((t3 - t2) * 1000)
        b, f = statistics.median(base), statistics.median(full)
        a, tl = statistics.median(stages), statistics.median(timeline_ms)
        added_all.append(f - b)
        advice_all.append(a)
        print(
            f"{path.name:<22} {b:>8.2f} {f:>10.2f} {f / b:>6.2f} {f - b:>+7.2f} "
            f"{a:>7.2f} {tl:>9.2f}"
        )
    print(
        f"median added cost (timeline + advice): {statistics.median(added_all):.2f} ms; "
        f"advice stages alone: {statistics.median(advice_all):.2f} ms (budget: 2 ms)"
    )


if __name__ == "__main__":
    main()
