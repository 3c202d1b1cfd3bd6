"""skillgap in the browser: ``streamlit run app.py`` (or ``make run``).

Layout and widgets only; the logic lives in :mod:`skillgap.webapp`. Text that comes
from a CV is shown escaped (``w.md``), in dataframes, or with ``st.text``; never
with ``unsafe_allow_html``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from skillgap import webapp as w

SAMPLES = w.sample_files(Path(__file__).parent / "sample_resumes")
VIEWS = ("Candidate", "Recruiter", "Coach")
SOURCES = ("Upload a file", "Paste text", "Use a sample résumé")

st.set_page_config(page_title="skillgap", layout="wide")


def pick_cv(key: str, label: str = "Your CV") -> tuple[str, bytes] | None:
    """One CV from an upload, pasted text or a sample: the same bytes path for all."""
    source = st.radio(label, SOURCES, horizontal=True, key=f"{key}-source")
    if source == SOURCES[0]:
        up = st.file_uploader(
            "PDF, DOCX, TXT or Markdown", type=list(w.UPLOAD_TYPES), key=f"{key}-file"
        )
        return (up.name, up.getvalue()) if up is not None else None
    if source == SOURCES[1]:
        text = st.text_area("Paste the CV text", height=200, key=f"{key}-text")
        return w.pasted(text) if text.strip() else None
    name = st.selectbox("Sample résumé", list(SAMPLES), key=f"{key}-sample")
    return (name, SAMPLES[name].read_bytes()) if name else None


def analysed(cv: tuple[str, bytes]):
    try:
        return w.analyse_upload(cv[1], cv[0], role=role, level=level, job=job)
    except Exception as err:  # noqa: BLE001 - shown as one sentence, never a traceback
        st.error(w.md(w.explain(err)))
        return None


def metrics(values: dict[str, str]) -> None:
    for col, (label, value) in zip(st.columns(len(values)), values.items(), strict=True):
        col.metric(label, value)


def table(rows, empty: str, **kwargs) -> None:
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", **kwargs)
    else:
        st.caption(empty)


def downloads(files, key: str = "cand") -> None:
    for col, (label, content, name, mime) in zip(st.columns(len(files)), files, strict=True):
        col.download_button(
            f"Download {label} report", content, file_name=name, mime=mime, key=f"{key}-{label}"
        )


# ------------------------------------------------------------------ sidebar
with st.sidebar:
    st.title("skillgap")
    view = st.radio("View", VIEWS, key="view")
    roles = w.role_choices()
    role = st.selectbox("Role", list(roles), format_func=roles.get, key="role")
    levels = w.level_choices(role)
    level = st.selectbox(
        "Target level",
        [None, *levels],
        format_func=lambda lv: "Estimated from the CV" if lv is None else levels[lv],
        key=f"level-{role}",
    )
    job = st.text_area("Job description (optional)", height=150, key="job")
    st.caption(
        f"Files up to {w.MAX_UPLOAD_MB} MB are read in memory and never stored or sent anywhere."
    )

w.pipeline(role)  # build the role's pipeline once per process, before the first upload
w.reader()  # start the isolated reader process before the first upload

# ---------------------------------------------------------------- candidate
if view == "Candidate":
    st.header("Where do I stand?")
    cv = pick_cv("cand")
    if cv is not None and (result := analysed(cv)) is not None:
        st.caption(w.md("Read: " + w.detected(result)))
        metrics(w.headline(result))
        downloads(w.reports(result))
        with st.expander("Why this level"):
            st.markdown("\n".join("- " + w.md(r) for r in result.profile.level_reasons))
        left, right = st.columns([2, 3])
        with left:
            st.subheader("Scores by category")
            rows = w.category_rows(result)
            st.vega_lite_chart(w.category_chart(rows), width="stretch")
        with right:
            st.subheader("Gaps, most valuable first")
            table(w.gaps_table(result), "No gaps for this level.")
            st.subheader("Quick wins")
            table(
                w.quick_wins_table(result),
                "No quick wins: every skill listed is also shown in use.",
            )
        tabs = st.tabs(
            ["Skills and evidence", "Your CV, highlighted", "Learning plan", "Job match"]
        )
        with tabs[0]:
            table(w.skills_table(result), "No skills of this role found.")
        with tabs[1]:
            st.markdown(w.highlighted_cv(result))
        with tabs[2]:
            plan = w.plan_tables(result)
            for heading, courses in plan:
                st.markdown("**" + w.md(heading) + "**")
                table(courses, "", column_config={"Link": st.column_config.LinkColumn()})
            if not plan:
                st.caption("No courses needed for this level.")
        with tabs[3]:
            table(w.job_table(result), "Paste a job description in the sidebar to match it.")

# ---------------------------------------------------------------- recruiter
elif view == "Recruiter":
    st.header("Who fits?")
    uploads = st.file_uploader(
        "CVs (PDF, DOCX, TXT, Markdown) or a zip of them",
        type=list(w.BATCH_TYPES),
        accept_multiple_files=True,
        key="rec-files",
    )
    use_samples = st.checkbox("Use the sample résumés", key="rec-samples")
    skills = w.skill_choices(role)
    f1, f2, f3 = st.columns([3, 2, 2])
    must = f1.multiselect("Must-have skills", list(skills), format_func=skills.get, key="rec-must")
    min_level = f2.selectbox(
        "Minimum level",
        [None, *levels],
        format_func=lambda lv: "Any level" if lv is None else levels[lv],
        key=f"rec-min-{role}",
    )
    with f3:
        only = st.toggle("Only those with every must-have", key="rec-only")
        blind = st.toggle(
            "Blind mode", key="rec-blind", help="Hide names, e-mails, phones, addresses, links"
        )
    files = [(u.name, u.getvalue()) for u in uploads or []]
    if use_samples:
        files += [(name, path.read_bytes()) for name, path in SAMPLES.items()]
    if files:
        yardstick = w.ranking_level(role, level)
        bar = st.progress(0.0, text="Analysing…")
        rows = w.analyse_batch(
            w.expand_uploads(files),
            role=role,
            level=yardstick,
            job=job,
            progress=lambda i, n, name: bar.progress(i / n, text=f"{i} of {n} analysed"),
        )
        bar.empty()
        ranked = w.ranked_table(
            rows, role=role, must=must, min_level=min_level, only_matching=only, blind=blind
        )
        ok = sum(r.ok for r in rows)
        against = f"each scored against {levels[yardstick]}" + (
            "" if level else " (the role's middle rung; pick a target level in the sidebar)"
        )
        st.caption(f"{ok} of {len(rows)} files analysed, {against}; {len(ranked)} rows shown.")
        table(ranked, "No file matches these filters.")
        st.download_button(
            "Download CSV", w.to_csv(ranked), file_name="skillgap-screen.csv", mime="text/csv"
        )
        good = [r for r in rows if r.ok]
        if good:
            st.subheader("One candidate's evidence")
            pick = st.selectbox(
                "Candidate",
                range(len(good)),
                format_func=lambda i: w.candidate_label(good[i], i, blind=blind),
                key="rec-pick",
            )
            table(w.candidate_details(good[pick], blind=blind), "No skills of this role found.")

# -------------------------------------------------------------------- coach
else:
    st.header("What changed?")
    left, right = st.columns(2)
    with left:
        before = pick_cv("before", "Before")
    with right:
        after = pick_cv("after", "After")
    notes = st.text_area("Coach's notes (they go into the report)", key="coach-notes")
    if before is not None and after is not None:
        try:
            old, new, diff = w.coach_pair(before, after, role=role, level=level, job=job)
        except Exception as err:  # noqa: BLE001 - shown as one sentence, never a traceback
            st.error(w.md(w.explain(err)))
        else:
            changes = w.score_changes(diff)
            a, b, c = st.columns(3)
            a.metric("Overall before", f"{changes[0]['Before']}%")
            b.metric(
                "Overall after", f"{changes[0]['After']}%", f"{changes[0]['Change']:+d} points"
            )
            c.metric("Level after", new.profile.level_name)
            was, target = old.profile.level_name, new.scores.target_level_name
            c.caption(w.md(f"Before: {was}; both scored for {target}"))
            st.markdown(
                "\n".join(f"- **{k}:** {w.md(v)}" for k, v in w.skill_changes(diff).items())
            )
            table(changes, "")
            downloads(w.coach_reports(old, new, diff, notes), "coach")
