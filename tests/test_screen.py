"""`skillgap screen`: inputs, duplicates, journal and resume, isolation, options, Dask."""

from __future__ import annotations

import argparse
import csv
import faulthandler
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import skillgap.screen.dask_engine
import skillgap.screen.local
from skillgap import screen as screen_module
from skillgap.analysis import analyse
from skillgap.errors import OutOfMemory, UnknownRole
from skillgap.screen import (
    Journal,
    Progress,
    ScreenRow,
    add_screen_command,
    csv_safe,
    journal_path,
    list_inputs,
    safe_member_name,
    screen,
)

ROOT = Path(__file__).resolve().parents[1]
SKILL_SETS = [
    "Python, PyTorch, Docker, Kubernetes, AWS, MLflow",
    "Python, SQL, pandas, scikit-learn",
    "Java, Spring, PostgreSQL",
    "Python, TensorFlow, Docker, Airflow, Spark",
    "R, SQL, Tableau",
]


def resume(i: int, *, name: str | None = None, extra: str = "") -> str:
    skills = SKILL_SETS[i % len(SKILL_SETS)]
    start = 2024 - (i % 9) - 1
    return (
        f"{name or f'Person Number{i}'}\n"
        "Machine Learning Engineer\n\n"
        "EXPERIENCE\n"
        f"ML Engineer, Company{i} Ltd, Jan {start} – Present\n"
        f"- Built and shipped models used by {1000 + i} customers with {skills}\n"
        f"- Project {i}: improved accuracy by {i % 40}%\n\n"
        f"SKILLS\n{skills}\n{extra}\n"
    )


def make_folder(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"cv_{i:03d}.txt").write_text(resume(i), encoding="utf-8")
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def run_all(*args: object, **kwargs: object) -> tuple[list[ScreenRow], screen_module.Summary]:
    run = screen(*args, **kwargs)  # type: ignore[arg-type]
    with run:
        rows = list(run)
    return rows, run.summary


# ----------------------------------------------------------------- inputs and summary


def test_folder_with_fifo_links_duplicates_and_junk_gives_one_row_each(tmp_path: Path) -> None:
    cvs = make_folder(tmp_path / "cvs", 4)
    (cvs / "copy_of_0.txt").write_bytes((cvs / "cv_000.txt").read_bytes())
    (cvs / "empty.txt").write_bytes(b"")
    (cvs / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    os.mkfifo(cvs / "pipe.txt")
    outside = tmp_path / "secret.txt"
    outside.write_text(resume(99), encoding="utf-8")
    (cvs / "link_out.txt").symlink_to(outside)
    (cvs / "link_in.txt").symlink_to(cvs / "cv_001.txt")
    (cvs / "sub").mkdir()
    (cvs / "sub" / "cv_sub.txt").write_text(resume(7), encoding="utf-8")
    out = tmp_path / "ranked.csv"

    rows, summary = run_all([cvs], out=out, workers=2)

    by_source = {Path(r.source).name: r for r in rows}
    assert len(rows) == len(by_source) == 11  # every entry once, the run went on
    assert by_source["pipe.txt"].error_code == "not-a-regular-file"
    assert by_source["link_out.txt"].error_code == "not-a-regular-file"
    assert "outside the folder" in by_source["link_out.txt"].error_message
    assert by_source["copy_of_0.txt"].status == "ok"  # first in sorted order
    assert by_source["cv_000.txt"].status == "duplicate"
    assert by_source["cv_000.txt"].duplicate_of.endswith("copy_of_0.txt")
    assert by_source["link_in.txt"].status == "duplicate"  # a link inside: same bytes
    assert by_source["empty.txt"].error_code == "empty"
    assert by_source["photo.png"].error_code == "unsupported-type"
    assert by_source["cv_sub.txt"].status == "ok"
    assert summary.ok == 5
    assert dict(summary.failed) == {"not-a-regular-file": 2, "empty": 1, "unsupported-type": 1}
    assert summary.duplicates == 2
    assert summary.total == summary.done == 11
    text = summary.format()
    assert "failed      4  (empty 1, not-a-regular-file 2, unsupported-type 1)" in text
    assert "duplicates  2" in text and "documents/s" in text
    assert len(read_csv(out)) == 11


def test_output_is_sorted_by_score_and_every_format_agrees(tmp_path: Path) -> None:
    cvs = make_folder(tmp_path / "cvs", 10)
    (cvs / "broken.txt").write_bytes(b"")
    tables = {}
    for ext in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"out.{ext}"
        run_all([cvs], out=out, workers=0)
        if ext == "csv":
            table = read_csv(out)
        elif ext == "jsonl":
            table = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        else:
            import pyarrow.parquet as pq

            table = pq.read_table(out).to_pylist()
        tables[ext] = [(r["source"], r["status"], str(r["overall"] or "")) for r in table]
    assert tables["csv"] == tables["jsonl"] == tables["parquet"]
    statuses = [s for _, s, _ in tables["csv"]]
    assert statuses == ["ok"] * 10 + ["failed"]
    scores = [float(o) for _, s, o in tables["csv"] if s == "ok"]
    assert scores == sorted(scores, reverse=True)


def test_unknown_output_format_is_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown output format '\.xlsx' \(valid: \.csv"):
        screen([tmp_path], out=tmp_path / "out.xlsx")


# ----------------------------------------------------------------- zip archives


def test_zip_member_names_cannot_escape_and_are_shown_safely(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    archive = work / "board.zip"
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("nested.txt", resume(3))
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../../escape.txt", resume(1))
        z.writestr("/etc/cron.d/absolute.txt", resume(2))
        z.writestr("C:\\Windows\\drive.txt", resume(4))
        z.writestr("ok/normal.txt", resume(0))
        z.writestr("inner.zip", inner.getvalue())
    out = work / "out" / "ranked.csv"
    out.parent.mkdir()
    before = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")}
    cmd = [sys.executable, "-m", "skillgap.cli", "screen", "board.zip", "--out", "out/ranked.csv"]
    done = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr

    after = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")}
    assert after - before == {"work/out/ranked.csv", "work/out/ranked.csv.journal.jsonl"}
    assert not (tmp_path.parent / "escape.txt").exists()
    rows = {r["source"]: r for r in read_csv(out)}
    assert set(rows) == {
        "board.zip!escape.txt",
        "board.zip!etc/cron.d/absolute.txt",
        "board.zip!Windows/drive.txt",
        "board.zip!ok/normal.txt",
        "board.zip!inner.zip",
    }
    assert rows["board.zip!escape.txt"]["status"] == "ok"
    assert rows["board.zip!inner.zip"]["error_code"] == "unsupported-type"
    assert "nested archives are not opened" in rows["board.zip!inner.zip"]["error_message"]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../x.txt", "x.txt"),
        ("/abs/x.txt", "abs/x.txt"),
        ("C:\\a\\..\\b.txt", "a/b.txt"),
        ("a/./b/../c.txt", "a/b/c.txt"),
        ("..", "_"),
        ("a\x00\x1b[31m.txt", "a[31m.txt"),
    ],
)
def test_safe_member_name(name: str, shown: str) -> None:
    assert safe_member_name(name) == shown


def test_zip_limits_entries_and_ratio(tmp_path: Path) -> None:
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(5):
            z.writestr(f"cv{i}.txt", resume(i))
    refs = list_inputs([many], limits={"max_zip_entries": 4})
    assert [(r.source, r.error and r.error[0]) for r in refs] == [(str(many), "decompression-bomb")]

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.txt", b"0" * (3 << 20))
        z.writestr("cv.txt", resume(1))
    rows, _ = run_all([bomb], workers=0)
    codes = {r.source.split("!")[1]: r.error_code for r in rows}
    assert codes == {"zeros.txt": "decompression-bomb", "cv.txt": ""}


# ----------------------------------------------------------------- never lose work


def test_torn_last_journal_line_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    journal = Journal(str(path))
    journal.append("k1", ScreenRow("a.txt", "abc", "ok", skills=("Python",)))
    journal.close()
    with open(path, "ab") as f:
        f.write(b'{"key":"k2","row":{"source":"b.t')  # killed mid-write
    journal = Journal(str(path))
    assert list(journal.rows) == ["k1"] and journal.dropped == 1
    journal.append("k3", ScreenRow("c.txt", "def", "failed", error_code="empty"))
    journal.close()
    lines = path.read_bytes().splitlines()
    assert [json.loads(line)["key"] for line in lines] == ["k1", "k3"]


def test_a_journal_is_written_by_one_run_at_a_time(tmp_path: Path) -> None:
    first = Journal(str(tmp_path / "j.jsonl"))
    try:
        with pytest.raises(Exception, match="another screen is writing this journal"):
            Journal(str(tmp_path / "j.jsonl"))
    finally:
        first.close()


def test_rerun_skips_what_the_journal_holds_and_changed_settings_do_not(tmp_path: Path) -> None:
    cvs = make_folder(tmp_path / "cvs", 6)
    out = tmp_path / "out.csv"
    _, first = run_all([cvs], out=out, workers=0)
    assert first.resumed == 0
    (cvs / "new.txt").write_text(resume(42), encoding="utf-8")
    _, second = run_all([cvs], out=out, workers=0)
    assert (second.resumed, second.done) == (6, 7)
    _, blind = run_all([cvs], out=out, workers=0, blind=True)
    assert blind.resumed == 0  # other settings: other keys
    assert len(read_csv(out)) == 7  # only this run's documents are written


def test_kill_9_part_way_then_rerun_gives_the_complete_exact_output(tmp_path: Path) -> None:
    cvs = make_folder(tmp_path / "cvs", 60)
    reference = tmp_path / "reference.csv"
    run_all([cvs], out=reference, workers=1)

    out = tmp_path / "killed.csv"
    journal = Path(journal_path(out))
    cmd = [sys.executable, "-m", "skillgap.cli", "screen", str(cvs), "--out", str(out)]
    cmd += ["--workers", "1", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= 5:
            break
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    written = journal.read_bytes().count(b"\n")
    assert 5 <= written < 60, "the kill should land part-way"
    with open(journal, "ab") as f:
        f.write(b'{"key": "torn')  # as if killed inside a write

    rerun = subprocess.run(cmd + ["--summary-json"], capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["resumed"] == written and summary["ok"] == 60
    assert out.read_bytes() == reference.read_bytes()
    rows = read_csv(out)
    assert sorted(r["source"] for r in rows) == sorted(str(p) for p in cvs.iterdir())


# ----------------------------------------------------------------- isolation


@pytest.mark.skipif(
    skillgap.screen.local._mp_context().get_start_method() != "fork",
    reason="the misbehaving reader is patched in and reaches workers only when they fork",
)
def test_hang_crash_and_memory_blowup_become_failed_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import skillgap.analysis

    real = skillgap.analysis.analyse

    def misbehaving(source, *, name=None, **kwargs):  # type: ignore[no-untyped-def]
        base = Path(name).name  # (the test's own folder name holds "hang" and "crash")
        if base == "hang.txt":
            time.sleep(600)
        if base == "crash.txt":
            faulthandler.disable()  # pytest's handler would catch it
            os.kill(os.getpid(), signal.SIGSEGV)
        if base == "hog.txt":
            bytearray(8 << 30)  # refused by the worker's address-space ceiling
        return real(source, name=name, **kwargs)

    monkeypatch.setattr(skillgap.analysis, "analyse", misbehaving)
    cvs = make_folder(tmp_path / "cvs", 6)
    for i, bad in enumerate(("hang", "crash", "hog")):
        (cvs / f"{bad}.txt").write_text(resume(100 + i), encoding="utf-8")
    limits = {"seconds": 1.5, "memory_bytes": 512 << 20}

    rows, summary = run_all([cvs], workers=2, limits=limits, batch_size=3)

    by_name = {Path(r.source).name: r for r in rows}
    assert len(rows) == 9
    assert by_name["hang.txt"].error_code == "timeout"
    assert by_name["crash.txt"].error_code == "crashed", by_name["crash.txt"]
    assert "SIGSEGV" in by_name["crash.txt"].error_message
    assert by_name["hog.txt"].error_code == OutOfMemory.code
    assert summary.ok == 6, [(Path(r.source).name, r.error_code) for r in rows]


# ----------------------------------------------------------------- recruiter options


def test_require_only_matching_and_min_level(tmp_path: Path) -> None:
    cvs = make_folder(tmp_path / "cvs", 10)
    out = tmp_path / "all.csv"
    rows, _ = run_all([cvs], out=out, workers=0, require=["pytorch", "Docker"])
    table = read_csv(out)
    assert all(r["must_haves_met"] in ("yes", "no") for r in table)
    matching = {Path(r.source).name for r in rows if r.must_haves_met}
    assert matching == {f"cv_{i:03d}.txt" for i in range(10) if i % 5 == 0}
    missing = {r["missing_must_haves"] for r in table if r["must_haves_met"] == "no"}
    assert missing <= {"pytorch; docker", "pytorch", "docker"}

    only = tmp_path / "only.csv"
    run_all([cvs], out=only, workers=0, require=["pytorch,docker"], only_matching=True)
    assert {Path(r["source"]).name for r in read_csv(only)} == matching


def test_min_level_keeps_that_level_and_above(tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    samples.mkdir()
    for path in (ROOT / "sample_resumes").iterdir():
        if path.suffix in (".pdf", ".docx", ".txt") or path.name == "principal_mle.md":
            (samples / path.name).write_bytes(path.read_bytes())
    rows, _ = run_all([samples], workers=0)
    order = ["junior", "mid", "senior", "principal"]
    levels = {Path(r.source).name: r.level for r in rows}
    expected = {name for name, level in levels.items() if order.index(level or "junior") >= 2}
    assert expected and expected != set(levels), levels
    seniors = tmp_path / "seniors.csv"
    run_all([samples], out=seniors, workers=0, min_level="senior")
    assert {Path(r["source"]).name for r in read_csv(seniors)} == expected


def test_unknown_must_have_and_level_are_refused_with_the_valid_ones(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown skill 'pytorc'.*did you mean pytorch"):
        screen([tmp_path], require=["pytorc"])
    with pytest.raises(ValueError, match="valid: junior, mid, senior, principal"):
        screen([tmp_path], min_level="guru")
    with pytest.raises(UnknownRole, match="valid: junior, mid, senior, principal"):
        screen([tmp_path], target_level="guru")


@pytest.mark.parametrize(("target", "scored_for"), [(None, "mid"), ("senior", "senior")])
def test_every_cv_is_scored_for_one_level_so_scores_rank_alike(
    tmp_path: Path, target: str | None, scored_for: str
) -> None:
    """A junior and a principal are scored for the same level (by default the
    role's middle rung), not each for their own estimated level."""
    samples = ROOT / "sample_resumes"
    names = ["student.pdf", "mid_level_mle.pdf", "principal_mle.md"]
    folder = tmp_path / "cvs"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes((samples / name).read_bytes())
    rows, summary = run_all([folder], workers=0, target_level=target)
    assert summary.target_level == scored_for
    assert len({r.level for r in rows}) == 3  # three levels estimated, one yardstick
    for row in rows:
        alike = analyse(folder / Path(row.source).name, target_level=scored_for)
        assert row.overall == round(alike.scores.overall, 4), row.source


def test_blind_leaves_no_name_email_phone_or_link_anywhere(tmp_path: Path) -> None:
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    contact = (
        "jane.doe@example.com | +44 20 7946 0958 | https://github.com/janedoe | "
        "221B Baker Street, London NW1 6XE\n"
    )
    text = resume(0, name="Jane Doe").replace("Machine Learning Engineer\n", contact, 1)
    text += "Jane Doe built PyTorch models; contact jane.doe@example.com\n"
    (cvs / "Jane_Doe_CV.txt").write_text(text, encoding="utf-8")
    (cvs / "jane_doe_copy.txt").write_text(text, encoding="utf-8")
    os.mkfifo(cvs / "bob@example.com.txt")
    os.mkfifo(cvs / "Robert Smith CV.pdf")  # unreadable: nothing says which words are a name
    texts = []
    for ext in ("csv", "jsonl"):
        out = tmp_path / f"blind.{ext}"
        rows, summary = run_all([cvs], out=out, workers=1, blind=True)
        assert summary.ok == 1 and summary.duplicates == 1
        assert dict(summary.failed) == {"not-a-regular-file": 2}
        texts += [out.read_text(encoding="utf-8"), Path(journal_path(out)).read_text("utf-8")]
        texts += [repr(row) for row in rows]
    everything = "\n".join(texts)
    for secret in ("jane", "doe", "@example.com", "7946", "github.com", "Baker", "NW1"):
        assert secret.lower() not in everything.lower()
    for secret in ("robert", "smith", "bob"):
        assert secret not in everything.lower()
    assert "[name]" in everything and "PyTorch" in everything
    # the unread files keep a stable pseudonym, run after run
    unread = sorted({r.source for r in rows if r.status == "failed"})
    assert len(unread) == 2 and all(
        re.fullmatch(r"unread-[0-9a-f]{10}\.(txt|pdf)", s) for s in unread
    )


# ----------------------------------------------------------------- CSV safety, URLs, Dask


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (0.5, 0.5),
    ],
)
def test_csv_cells_cannot_start_a_formula(cell: object, safe: object) -> None:
    assert csv_safe(cell) == safe


def test_formula_file_names_are_neutralised_in_the_csv(tmp_path: Path) -> None:
    (tmp_path / "=cmd()+A1.txt").write_text(resume(1), encoding="utf-8")
    (tmp_path / "@SUM(1).txt").write_bytes(b"")
    out = tmp_path / "out" / "r.csv"
    out.parent.mkdir()
    cmd = [sys.executable, "-m", "skillgap.cli", "screen", "=cmd()+A1.txt", "@SUM(1).txt"]
    done = subprocess.run(
        cmd + ["--out", str(out), "--workers", "0", "-q"], cwd=tmp_path, timeout=60
    )
    assert done.returncode == 0
    rows = read_csv(out)
    assert {r["source"] for r in rows} == {"'=cmd()+A1.txt", "'@SUM(1).txt"}
    assert all(not r["error_message"].startswith(("=", "@")) for r in rows)


def test_fsspec_urls_are_read_on_the_worker(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    for i in range(3):
        fs.pipe(f"/bucket/cvs/cv{i}.txt", resume(i).encode())
    fs.pipe("/bucket/cvs/again.txt", resume(0).encode())
    try:
        refs = list_inputs(["memory://bucket/cvs/"])
        assert all(r.url and not r.path for r in refs)
        rows, summary = run_all(["memory://bucket/cvs/"], workers=0)
    finally:
        fs.rm("/bucket", recursive=True)
    assert summary.ok == 3 and summary.duplicates == 1
    assert all(r.source.startswith("memory://") for r in rows)
    names = {r.source.rsplit("/", 1)[1]: r.status for r in rows}
    assert names == {"again.txt": "ok", "cv0.txt": "duplicate", "cv1.txt": "ok", "cv2.txt": "ok"}


def test_missing_optional_dependencies_name_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r"pip install 'skillgap\[dask\]'"):
        screen([tmp_path], dask_local=2)
    monkeypatch.setitem(sys.modules, "fsspec", None)
    with pytest.raises(ImportError, match="pip install fsspec s3fs"):
        screen(["s3://bucket/cvs/"])


def test_dask_cluster_of_worker_processes_gives_the_local_result(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    cvs = make_folder(tmp_path / "cvs", 8)
    (cvs / "dup.txt").write_bytes((cvs / "cv_002.txt").read_bytes())
    local = tmp_path / "local.csv"
    run_all([cvs], out=local, workers=0)

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = set(client.run(os.getpid).values())
        assert len(pids) == 2 and os.getpid() not in pids  # processes, not threads
        out = tmp_path / "dask.csv"
        rows, summary = run_all([cvs], out=out, scheduler=cluster.scheduler_address)
    assert out.read_bytes() == local.read_bytes()
    assert summary.ok == 8 and summary.duplicates == 1
    assert set(summary.peak_memory) <= {f"pid {p}" for p in pids}


# ----------------------------------------------------------------- CLI


def test_screen_command_has_help_with_an_example() -> None:
    parser = argparse.ArgumentParser(prog="skillgap")
    commands = parser.add_subparsers(dest="command")
    sub = add_screen_command(commands)
    text = sub.format_help()
    assert "skillgap screen cvs/ --out ranked.csv" in text
    assert "--scheduler" in text and "--dask-local" in text and "--blind" in text
    for action in sub._actions:
        assert action.help, f"{action.option_strings} has no help text"


def test_progress_line_shows_count_rate_and_time_left() -> None:
    stream = io.StringIO()
    progress = Progress(100, stream)
    progress.start -= 2.0
    line = progress.line(50, progress.start + 2.0)
    assert "50/100" in line and "25.0 docs/s" in line and "0:02 left" in line


def test_cli_exit_code_for_bad_options(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "skillgap.cli", "screen", str(tmp_path), "--out", "x.xlsx"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "unknown output format" in done.stderr


def _misbehaving_analyse(source, *, name=None, **kwargs):  # type: ignore[no-untyped-def]
    """What the Dask test's workers run instead of skillgap.analysis.analyse."""
    import skillgap.analysis

    base = Path(name).name
    if base == "hang.txt":
        time.sleep(600)  # stuck in native code: only killing the worker ends it
    if base == "spin.txt":
        while True:  # stuck in Python code: the watchdog's exception ends it
            pass
    if base == "crash.txt":  # a real fault, in this thread, as native code would make
        import ctypes

        faulthandler.disable()
        ctypes.string_at(0)
    if base == "hog.txt":
        bytearray(8 << 30)  # refused by the worker's address-space ceiling
    return skillgap.analysis._real_analyse(source, name=name, **kwargs)


def _install_misbehaving() -> None:
    import skillgap.analysis

    if not hasattr(skillgap.analysis, "_real_analyse"):
        skillgap.analysis._real_analyse = skillgap.analysis.analyse  # type: ignore[attr-defined]
        skillgap.analysis.analyse = _misbehaving_analyse


def test_dask_local_workers_turn_hang_crash_and_memory_blowup_into_failed_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    cloudpickle = pytest.importorskip("cloudpickle")
    cloudpickle.register_pickle_by_value(sys.modules[__name__])

    class Misbehave(distributed.WorkerPlugin):  # on every worker, restarted ones included
        def setup(self, worker: object) -> None:
            _install_misbehaving()

    real_cluster = skillgap.screen.dask_engine._local_cluster

    def misbehaving_cluster(n: int) -> object:
        cluster = real_cluster(n)
        with distributed.Client(cluster) as client:
            client.register_plugin(Misbehave())
        return cluster

    monkeypatch.setattr(skillgap.screen.dask_engine, "_local_cluster", misbehaving_cluster)
    cvs = make_folder(tmp_path / "cvs", 6)
    for i, bad in enumerate(("hang", "spin", "crash", "hog")):
        (cvs / f"{bad}.txt").write_text(resume(100 + i), encoding="utf-8")
    limits = {"seconds": 1.5, "memory_bytes": 512 << 20}
    try:
        rows, summary = run_all([cvs], dask_local=2, limits=limits, batch_size=3)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])

    by_name = {Path(r.source).name: r for r in rows}
    assert len(rows) == 10
    assert by_name["hang.txt"].error_code == "timeout", by_name["hang.txt"]
    assert by_name["spin.txt"].error_code == "timeout", by_name["spin.txt"]
    assert by_name["crash.txt"].error_code == "crashed", by_name["crash.txt"]
    assert by_name["hog.txt"].error_code == OutOfMemory.code, by_name["hog.txt"]
    assert summary.ok == 6, [(Path(r.source).name, r.error_code) for r in rows]
