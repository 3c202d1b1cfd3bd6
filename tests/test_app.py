"""The Streamlit app, headless: each view, a bad upload, the role switch, and its helpers.

``AppTest`` cannot drive ``st.file_uploader``; the app sends pasted text and sample
résumés through the same bytes path as an upload (``webapp.analyse_upload``), and
the upload-only parts are tested through :mod:`skillgap.webapp` directly.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml

pytest.importorskip("streamlit")

from streamlit.testing.v1 import AppTest  # noqa: E402

from skillgap import analyse, errors  # noqa: E402
from skillgap import webapp as w  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SAMPLES = ROOT / "sample_resumes"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

MINI_ROLE = """\
format: skillgap-role/1
id: test_gardener
name: Test Gardener
version: 1
categories:
  - {id: tools, name: Garden tools, weight: 1.0}
skills:
  - {id: python, name: Python, category: tools, importance: 1.0, aliases: [Python]}
  - {id: shovel, name: Shovel, category: tools, importance: 0.5, aliases: [shovel]}
levels:
  - id: junior
    name: Junior Gardener
    min_years: 0
    max_years: null
    target_coverage: {tools: 0.5}
"""


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def use_sample(at: AppTest, name: str, key: str = "cand") -> AppTest:
    at.radio(key=f"{key}-source").set_value("Use a sample résumé").run()
    return at.selectbox(key=f"{key}-sample").set_value(name).run()


def metric(at: AppTest, label: str):
    return next(m.value for m in at.metric if m.label == label)


# ------------------------------------------------------------------ the app


def test_the_app_starts_on_the_candidate_view_without_errors() -> None:
    at = app()
    assert not at.exception
    assert not at.error
    assert at.sidebar.radio(key="view").value == "Candidate"
    assert (
        "ml_engineer" in at.sidebar.selectbox(key="role").options
        or at.sidebar.selectbox(key="role").value == "ml_engineer"
    )


def frame(at: AppTest, column: str):
    """The first dataframe on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_candidate_view_shows_scores_level_gaps_plan_and_evidence() -> None:
    at = use_sample(app(), "mid_level_mle.pdf")
    assert not at.exception and not at.error
    expected = w.analyse_upload(
        (SAMPLES / "mid_level_mle.pdf").read_bytes(), "x", role="ml_engineer"
    )
    assert metric(at, "Overall score") == w.percent(expected.scores.overall)
    assert metric(at, "Estimated level") == expected.profile.level_name
    assert metric(at, "Years of experience") == f"{expected.profile.years:.1f}"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = w.category_chart(w.category_rows(expected))
    assert [r["Category"] for r in spec["data"]["values"]] == [
        c.name for c in expected.scores.categories
    ]
    assert "PyTorch" in set(frame(at, "Shown as")["Skill"])
    assert list(frame(at, "Gap")["Gap"]) == [g.name for g in expected.gaps]
    assert set(frame(at, "Course")["Course"]) <= {c.title for c in expected.plan.courses}
    cv = "\n".join(m.value for m in at.markdown)
    assert ":orange-background[PyTorch]" in cv
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download JSON report", "Download Markdown report", "Download HTML report"]


def test_a_target_level_and_a_job_description_change_the_result() -> None:
    at = use_sample(app(), "student.pdf")
    estimated = metric(at, "Overall score")
    at.sidebar.selectbox(key="level-ml_engineer").set_value("senior").run()
    assert metric(at, "Scored against") == "Senior ML Engineer"
    assert int(metric(at, "Overall score").rstrip("%")) < int(estimated.rstrip("%"))
    at.sidebar.text_area(key="job").input("Requirements: PyTorch, Rust and Kubernetes.").run()
    assert not at.exception and not at.error
    assert "Job match" in [m.label for m in at.metric]
    asked = frame(at, "Asked as")
    assert {"PyTorch", "Kubernetes"} <= set(asked["Skill"])


def test_pasted_text_takes_the_same_path_as_an_upload() -> None:
    text = (SAMPLES / "senior_mle.txt").read_text(encoding="utf-8")
    at = app()
    at.radio(key="cand-source").set_value("Paste text").run()
    at.text_area(key="cand-text").input(text).run()
    assert not at.exception and not at.error
    expected = analyse(text.encode(), name=w.PASTED_NAME)
    assert metric(at, "Overall score") == w.percent(expected.scores.overall)
    assert set(frame(at, "Shown as")["Skill"]) == {s.name for s in expected.extraction.skills}


def test_cv_text_is_escaped_never_rendered() -> None:
    at = app()
    at.radio(key="cand-source").set_value("Paste text").run()
    hostile = "Python <img src=x onerror=alert(1)> [click](javascript:alert(1)) $x$ **bold**"
    at.text_area(key="cand-text").input(hostile).run()
    assert not at.exception
    [shown] = [m.value for m in at.markdown if "&lt;img" in m.value]
    assert "<img" not in shown and "](" not in shown and "**" not in shown
    assert "\\$x\\$" in shown and ":orange-background[Python]" in shown
    for element in at.markdown:
        assert not element.allow_html


def test_a_png_renamed_pdf_is_one_sentence_in_the_page(monkeypatch, tmp_path: Path) -> None:
    fake = tmp_path / "photo.pdf"
    fake.write_bytes(PNG)
    real = w.sample_files
    monkeypatch.setattr(w, "sample_files", lambda folder: {**real(folder), fake.name: fake})
    at = use_sample(app(), "photo.pdf")
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "photo" in message and "PNG" in message
    assert "\n" not in message and "Traceback" not in message
    assert "Overall score" not in [m.label for m in at.metric]  # nothing shown for a refused file


def test_the_role_switch_reanalyses_for_the_new_role(monkeypatch, tmp_path: Path) -> None:
    # The shared technologies need the contexts they name: borrow the real role's.
    real = yaml.safe_load((ROOT / "taxonomy" / "ml_engineer.yaml").read_text(encoding="utf-8"))
    role_file = yaml.safe_load(MINI_ROLE) | {"contexts": real["contexts"]}
    (tmp_path / "test_gardener.yaml").write_text(yaml.safe_dump(role_file), encoding="utf-8")
    monkeypatch.setenv("SKILLGAP_TAXONOMY_PATH", str(tmp_path))
    at = use_sample(app(), "mid_level_mle.pdf")
    role = at.sidebar.selectbox(key="role")
    assert {"Machine Learning Engineer", "Test Gardener"} <= set(role.options)
    before = set(frame(at, "Shown as")["Skill"])
    role.set_value("test_gardener").run()
    assert not at.exception and not at.error
    assert metric(at, "Scored against") == "Junior Gardener"
    after = set(frame(at, "Shown as")["Skill"])
    assert after == {"Python"}
    assert before > after


def recruiter() -> AppTest:
    at = app()
    at.sidebar.radio(key="view").set_value("Recruiter").run()
    at.sidebar.selectbox(key="level-ml_engineer").set_value("mid").run()
    return at.checkbox(key="rec-samples").check().run()


def test_recruiter_view_ranks_a_batch_with_a_csv_export() -> None:
    at = recruiter()
    assert not at.exception and not at.error
    table = frame(at, "Overall")
    assert set(w.sample_files(SAMPLES)) == set(table["File"])
    assert set(table["Status"]) == {"ok"}
    assert list(table["Overall"]) == sorted(table["Overall"], reverse=True)
    assert {"Level", "Years", "ML Frameworks & Libraries"} <= set(table.columns)
    assert [b.label for b in at.get("download_button")] == ["Download CSV"]


def test_recruiter_ranks_every_cv_against_one_level_even_when_none_is_chosen() -> None:
    at = app()
    at.sidebar.radio(key="view").set_value("Recruiter").run()
    at.checkbox(key="rec-samples").check().run()
    default = frame(at, "Overall")
    middle = w.level_choices("ml_engineer")["mid"]
    assert any(
        f"each scored against {middle} (the role's middle rung" in c.value for c in at.caption
    )
    chosen = recruiter()  # the same batch with "mid" picked in the sidebar
    assert list(default["Overall"]) == list(frame(chosen, "Overall")["Overall"])


def test_recruiter_filters_by_must_haves_and_minimum_level() -> None:
    at = recruiter()
    at.multiselect(key="rec-must").set_value(["pytorch", "kubernetes"]).run()
    table = frame(at, "Must-haves met")
    assert "web_developer.txt" in set(table["File"])
    at.toggle(key="rec-only").set_value(True).run()
    table = frame(at, "Must-haves met")
    assert set(table["Must-haves met"]) == {"2/2"}
    assert "web_developer.txt" not in set(table["File"])
    at.selectbox(key="rec-min-ml_engineer").set_value("senior").run()
    table = frame(at, "Must-haves met")
    assert set(table["Level"]) <= {"Senior ML Engineer", "Principal/Staff ML Engineer"}
    assert len(table) >= 1


def test_blind_mode_hides_names_emails_phones_and_links_everywhere() -> None:
    at = recruiter()
    at.toggle(key="rec-blind").set_value(True).run()
    assert not at.exception
    shown = "\n".join(d.value.to_csv() for d in at.dataframe)
    shown += "\n".join(str(o) for o in at.selectbox(key="rec-pick").options)
    for secret in ("Alex Example", "Example", "alex.example@example.com", "555", "linkedin.com"):
        assert secret not in shown
    assert "Candidate 1" in at.selectbox(key="rec-pick").options


def test_coach_view_compares_two_versions_and_keeps_the_notes() -> None:
    at = app()
    at.sidebar.radio(key="view").set_value("Coach").run()
    use_sample(at, "student.pdf", key="before")
    use_sample(at, "mid_level_mle.pdf", key="after")
    at.text_area(key="coach-notes").input("Add a project with Docker.").run()
    assert not at.exception and not at.error
    before = int(metric(at, "Overall before").rstrip("%"))
    assert metric(at, "Level after") == "ML Engineer"
    assert any("**Gained:**" in m.value and "Kubernetes" in m.value for m in at.markdown)
    changes = frame(at, "Before")
    assert changes["Before"][0] == before
    assert "Download HTML report" in [b.label for b in at.get("download_button")]


def test_the_coach_report_holds_the_notes_and_the_changes() -> None:
    old, new, diff = w.coach_pair(
        ("old.pdf", (SAMPLES / "student.pdf").read_bytes()),
        ("new.pdf", (SAMPLES / "mid_level_mle.pdf").read_bytes()),
        role="ml_engineer",
    )
    assert old.scores.target_level == new.scores.target_level == new.profile.level
    report = w.coach_report(old, new, diff, "  Add Docker.  ")
    assert report["notes"] == "Add Docker."
    assert "kubernetes" in [c["id"] for c in report["comparison"]["gained"]]
    assert report["before"]["source"] == "old.pdf" and report["after"]["source"] == "new.pdf"
    files = {
        label: content for label, content, _name, _mime in w.coach_reports(old, new, diff, "Hi <b>")
    }
    assert "Hi &lt;b&gt;" in files["HTML"] and "Skills gained:" in files["HTML"]
    assert "Kubernetes" in files["Markdown"]


# ------------------------------------------------------- the upload path


def test_an_upload_is_checked_by_content_not_by_name() -> None:
    pdf = (SAMPLES / "mid_level_mle.pdf").read_bytes()
    assert w.check_upload(pdf, "cv.txt") == "pdf"
    with pytest.raises(errors.UnsupportedType) as info:
        w.check_upload(PNG, "cv.pdf")
    assert "PNG" in info.value.message and "\n" not in info.value.message


def test_an_upload_over_the_limit_is_refused_before_reading() -> None:
    with pytest.raises(errors.TooLarge) as info:
        w.check_upload(b"x" * 2048, "big.txt", max_bytes=1024)
    assert "big.txt" in info.value.message


def test_an_uploaded_pdf_gives_the_same_analysis_as_the_file() -> None:
    path = SAMPLES / "mid_level_mle.pdf"
    uploaded = w.analyse_upload(path.read_bytes(), path.name, role="ml_engineer")
    assert uploaded.to_dict() == analyse(path, name=path.name).to_dict()


def test_an_unexpected_error_is_one_sentence_too() -> None:
    text = w.explain(ZeroDivisionError("boom"))
    assert "ZeroDivisionError" in text and "\n" not in text


# ------------------------------------------------------------ the batch


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_a_zip_is_read_in_memory_and_a_bad_member_does_not_stop_the_rest() -> None:
    good = (SAMPLES / "senior_mle.txt").read_bytes()
    archive = _zip({"../../escape.txt": good, "/abs/photo.pdf": PNG, "bomb.txt": b"a" * 5_000_000})
    items = w.expand_uploads(
        [("cvs.zip", archive), ("student.pdf", (SAMPLES / "student.pdf").read_bytes())]
    )
    rows = w.analyse_batch(items, role="ml_engineer")
    by_name = {r.name: r for r in rows}
    assert by_name["cvs.zip!escape.txt"].ok
    assert by_name["student.pdf"].ok
    assert by_name["cvs.zip!abs/photo.pdf"].code == "unsupported-type"
    assert by_name["cvs.zip!bomb.txt"].code == "decompression-bomb"
    assert not (ROOT.parent / "escape.txt").exists()


def test_a_failing_file_keeps_its_reason_and_a_duplicate_is_marked() -> None:
    good = (SAMPLES / "senior_mle.txt").read_bytes()
    seen = []
    rows = w.analyse_batch(
        [w.Upload("a.txt", good), w.Upload("photo.pdf", PNG), w.Upload("b.txt", good)],
        role="ml_engineer",
        progress=lambda i, n, name: seen.append((i, n)),
    )
    assert [r.ok for r in rows] == [True, False, False]
    assert rows[1].code == "unsupported-type" and "photo.pdf" in rows[1].error
    assert rows[2].code == "duplicate"
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cell: str) -> None:
    out = w.to_csv([{"File": cell, "Score": 1}])
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["File"] == "'" + cell


# ------------------------------------------------------- escaping helper


@pytest.mark.parametrize(
    "text",
    ["<script>x</script>", "[a](http://b)", "**b**", "$x^2$", ":red[x]", "a_b_c", "`code`", "# h",
     "a@b.com", "www.example.com", "https://x.io/y", "1. item", "- item", "> quote", "~~s~~"],
)  # fmt: skip
def test_escaped_markdown_has_no_active_syntax(text: str) -> None:
    out = w.escape_markdown(text)
    inert = re.sub(r"&(?:amp|lt|gt);", "", re.sub(r"\\.", "", out))
    assert not set(inert) & set("\\`*_{}[]()#+-.!|~:$^=<>@/")


def test_highlight_wraps_only_the_spans_and_keeps_lines() -> None:
    text = "Skills: Python, C++\nUsed [Docker]"
    md = w.highlighted_markdown(text, [(8, 14, "Python"), (16, 19, "C++"), (26, 32, "Docker")])
    assert md.splitlines() == [
        "Skills\\: :orange-background[Python], :orange-background[C\\+\\+]  ",
        "Used \\[:orange-background[Docker]\\]",
    ]


def test_a_failing_file_in_the_recruiter_view_shows_its_reason_in_its_row(
    monkeypatch, tmp_path: Path
) -> None:
    fake = tmp_path / "photo.pdf"
    fake.write_bytes(PNG)
    real = w.sample_files
    monkeypatch.setattr(w, "sample_files", lambda folder: {**real(folder), fake.name: fake})
    at = recruiter()
    assert not at.exception and not at.error
    table = frame(at, "Overall")
    failed = table[table["File"] == "photo.pdf"]
    assert list(failed["Status"]) == ["unsupported-type"]
    assert "PNG" in failed["Reason"].iloc[0]
    assert (table["Status"] == "ok").sum() == len(real(SAMPLES))
    assert table["File"].iloc[-1] == "photo.pdf"  # failed files come last
