"""Generate the fictional sample résumés in ``sample_resumes/`` and their gold labels.

    .venv/bin/python sample_resumes/make_samples.py

Every person, company, school, e-mail address and phone number here is made up
(``example.com`` addresses, ``555`` numbers). The output is deterministic: no
randomness, fixed PDF creation dates and fixed ZIP timestamps in the DOCX, so
re-running the script rewrites identical bytes (given the same fpdf2 version and
the same DejaVu font files; without DejaVu the PDFs fall back to Helvetica and
en dashes become hyphens).

``expected.json`` holds the gold for each file: the skill ids of
``/work/shared/eval/SKILLS.md`` that a careful reader would list, the level on
the Machine Learning Engineer ladder (junior 0-2 years, mid 2-4, senior 4-7,
principal 7+; full-time work only, internships and study excluded) and the
approximate years of full-time experience as of ``REFERENCE_DATE`` ("Present"
counts up to that day). The gold is written by hand below, beside each résumé;
nothing is computed from the text.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Inches, Pt, RGBColor
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
REFERENCE_DATE = "2026-11-27"
FIXED_TIME = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)
ZIP_TIME = (2026, 11, 27, 12, 0, 0)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

# ---------------------------------------------------------------------------
# PDF rendering: a résumé is a list of blocks drawn into one column.
#   ("name", text)  ("title", text)  ("contact", text)  ("h", heading)
#   ("p", text)     ("b", bullet)    ("kv", key, value)
#   ("job", title, dates, org)       ("gap", mm)
# ---------------------------------------------------------------------------

Block = tuple

LATIN1 = str.maketrans({"–": "-", "—": "-", "•": "-", "→": "->", "≈": "~", "−": "-"})
ACCENT = (31, 78, 121)
GREY = (90, 90, 90)


class Pdf(FPDF):
    """FPDF with a fixed creation date and DejaVu when available."""

    def __init__(self, title: str, author: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="letter")
        self.set_creation_date(FIXED_TIME)
        self.set_title(title)
        self.set_author(author)
        self.set_creator("skillgap sample_resumes/make_samples.py")
        self.set_lang("en-US")
        if (DEJAVU / "DejaVuSans.ttf").exists():
            self.add_font("Body", "", str(DEJAVU / "DejaVuSans.ttf"))
            self.add_font("Body", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
            self.add_font("Body", "I", str(DEJAVU / "DejaVuSans-Oblique.ttf"))
            self.family, self.unicode = "Body", True
        else:
            self.family, self.unicode = "Helvetica", False

    def t(self, text: str) -> str:
        return text if self.unicode else text.translate(LATIN1)

    def use(self, style: str = "", size: float = 9.5, color: tuple[int, int, int] = (0, 0, 0)):
        self.set_font(self.family, style, size)
        self.set_text_color(*color)


def draw_blocks(pdf: Pdf, blocks: list[Block], x: float, w: float, size: float = 9.5) -> None:
    """Draw ``blocks`` top to bottom in the column [x, x + w], from the current y."""
    line = size * 0.47
    for kind, *args in blocks:
        pdf.set_x(x)
        if kind == "name":
            pdf.use("B", size * 2.3, ACCENT)
            pdf.multi_cell(w, size * 0.95, pdf.t(args[0]), new_x="LEFT", new_y="NEXT", align="L")
        elif kind == "title":
            pdf.use("", size * 1.25, GREY)
            pdf.multi_cell(w, size * 0.65, pdf.t(args[0]), new_x="LEFT", new_y="NEXT", align="L")
        elif kind == "contact":
            pdf.use("", size * 0.95, GREY)
            pdf.multi_cell(w, line, pdf.t(args[0]), new_x="LEFT", new_y="NEXT", align="L")
        elif kind == "h":
            pdf.ln(size * 0.25)
            pdf.set_x(x)
            pdf.use("B", size * 1.12, ACCENT)
            pdf.multi_cell(
                w, size * 0.6, pdf.t(args[0].upper()), new_x="LEFT", new_y="NEXT", align="L"
            )
            pdf.set_draw_color(*ACCENT)
            pdf.set_line_width(0.3)
            pdf.line(x, pdf.get_y() + 0.3, x + w, pdf.get_y() + 0.3)
            pdf.ln(1.4)
        elif kind == "p":
            pdf.use("", size)
            pdf.multi_cell(w, line, pdf.t(args[0]), new_x="LEFT", new_y="NEXT", align="L")
            pdf.ln(0.8)
        elif kind == "b":
            pdf.use("", size)
            pdf.cell(3.5, line, pdf.t("•"))
            pdf.multi_cell(w - 3.5, line, pdf.t(args[0]), new_x="LEFT", new_y="NEXT", align="L")
            pdf.ln(0.3)
        elif kind == "kv":
            pdf.use("", size)
            text = f"**{args[0]}** {args[1]}"
            pdf.multi_cell(
                w, line, pdf.t(text), markdown=True, new_x="LEFT", new_y="NEXT", align="L"
            )
            pdf.ln(0.5)
        elif kind == "job":
            title, dates, org = args
            pdf.ln(0.8)
            pdf.set_x(x)
            pdf.use("", size * 0.95, GREY)
            dates_w = pdf.get_string_width(pdf.t(dates)) + 1
            pdf.use("B", size * 1.02)
            pdf.cell(w - dates_w, line + 0.3, pdf.t(title))
            pdf.use("", size * 0.95, GREY)
            pdf.cell(dates_w, line + 0.3, pdf.t(dates), align="R", new_x="LEFT", new_y="NEXT")
            pdf.set_x(x)
            pdf.use("I", size * 0.95, GREY)
            pdf.multi_cell(w, line, pdf.t(org), new_x="LEFT", new_y="NEXT", align="L")
            pdf.ln(0.6)
        elif kind == "gap":
            pdf.ln(args[0])
        else:  # pragma: no cover - a typo in the data above
            raise ValueError(f"unknown block kind {kind!r}")


def block_text(blocks: list[Block]) -> str:
    return "\n".join(" ".join(str(a) for a in args) for _, *args in blocks)


# ---------------------------------------------------------------------------
# 1. student.pdf - Jordan Sample, final-year CS student, single column
# ---------------------------------------------------------------------------

STUDENT_HEAD: list[Block] = [
    ("name", "Jordan Sample"),
    (
        "contact",
        "Columbus, OH  |  jordan.sample@example.com  |  (555) 014-2231  |  "
        "github.com/jordan-sample-example",
    ),
]

STUDENT: list[Block] = [
    ("h", "Summary"),
    (
        "p",
        "Final-year Computer Science student (B.S. expected May 2027) looking for a Junior "
        "Machine Learning Engineer role. Two ML internships, a top-8% Kaggle finish and a habit "
        "of shipping small projects end to end, from data cleaning to a working demo.",
    ),
    ("h", "Education"),
    (
        "job",
        "B.S. Computer Science, minor in Statistics",
        "Aug 2023 – May 2027 (expected)",
        "Lakeshore State University, Columbus, OH  -  GPA 3.7/4.0, Dean's List 2024 and 2025",
    ),
    (
        "kv",
        "Coursework:",
        "Machine Learning, Deep Learning, Linear Algebra, Probability & Statistics, "
        "Data Structures & Algorithms, Database Systems, Operating Systems",
    ),
    ("h", "Experience"),
    (
        "job",
        "Machine Learning Intern",
        "Jun 2026 – Aug 2026",
        "Bluefin Analytics, Columbus, OH",
    ),
    (
        "b",
        "Built a customer churn model in scikit-learn (gradient boosting plus a calibrated "
        "logistic regression); recall in the top 10% of scores rose from 0.41 to 0.57 on the "
        "holdout set.",
    ),
    (
        "b",
        "Wrote the pandas / NumPy feature pipeline over 2.3M rows of subscription events; "
        "feature build time down from 40 min to 6 min.",
    ),
    (
        "b",
        "Presented results to the product team, wrote the model card, and got every change "
        "reviewed through GitHub pull requests.",
    ),
    (
        "job",
        "Undergraduate Research Assistant",
        "Summer 2025",
        "Vision & Learning Lab, Lakeshore State University",
    ),
    (
        "b",
        "Trained image classifiers in Pytorch on a 48k-image plant disease data set; a "
        "ResNet-18 with mixup reached 94.1% top-1 accuracy (+3.2 points over the lab baseline).",
    ),
    ("b", "Wrote data loading and augmentation utilities now reused by three other students."),
    ("h", "Projects"),
    (
        "job",
        "Tweet Sentiment Classifier",
        "2026",
        "github.com/jordan-sample-example/tweet-sentiment",
    ),
    (
        "b",
        "Fine-tuned DistilBERT with Hugging Face Transformers on 40k labelled tweets "
        "(macro-F1 0.88) and served it with a small Flask demo.",
    ),
    ("job", "Kaggle Playground Series - tabular regression", "2025", "Kaggle competition"),
    (
        "b",
        "Finished in the top 8% of 2,100 teams with an XGBoost + ridge ensemble; the public "
        "notebook has 300+ upvotes.",
    ),
    ("job", "Movie Recommender", "Fall 2024", "Course project, Database Systems"),
    (
        "b",
        "Matrix factorisation in NumPy on MovieLens 1M; ratings stored in SQLite, evaluation "
        "splits written as SQL queries.",
    ),
    ("h", "Skills"),
    ("kv", "Languages:", "Python, SQL, C++ (coursework)"),
    (
        "kv",
        "ML & data:",
        "Pytorch, scikit-learn, XGBoost, Hugging Face Transformers, pandas, NumPy, "
        "Matplotlib, Jupyter",
    ),
    ("kv", "Tools:", "Git, GitHub, Linux, VS Code, LaTeX"),
    ("kv", "Next:", "planning to learn Kubernetes over winter break."),
]


def make_student(path: Path) -> str:
    pdf = Pdf("Jordan Sample - Resume", "Jordan Sample")
    pdf.set_margins(18, 14, 18)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    w = pdf.w - 36
    draw_blocks(pdf, STUDENT_HEAD, 18, w, size=10)
    pdf.ln(1)
    draw_blocks(pdf, STUDENT, 18, w, size=9.6)
    pdf.output(str(path))
    return block_text(STUDENT_HEAD + STUDENT)


# ---------------------------------------------------------------------------
# 3. mid_level_mle.pdf - Alex Example, ~3 years, two-column layout
#    (left: contact, skills, education; right: summary, experience, projects)
# ---------------------------------------------------------------------------

MID_LEFT: list[Block] = [
    ("h", "Contact"),
    ("contact", "alex.example@example.com"),
    ("contact", "+1 (555) 010-4477"),
    ("contact", "Seattle, WA"),
    ("contact", "github.com/alex-example"),
    ("contact", "linkedin.com/in/alex-example"),
    ("h", "Skills"),
    ("kv", "Languages:", "Python, SQL, Bash"),
    (
        "kv",
        "ML:",
        "PyTorch, Tensorflow2 / Keras, XGBoost, scikit-learn, Hugging Face Transformers",
    ),
    ("kv", "Data:", "pandas, NumPy, Airflow, ETL"),
    (
        "kv",
        "MLOps:",
        "MLflow (model registry), Docker, kubernets, GitHub Actions (CI/CD), Prometheus, Grafana",
    ),
    ("kv", "Cloud & storage:", "AWS (SageMaker, S3, Lambda), PostgreSQL, Redis"),
    ("h", "Education"),
    ("kv", "M.S. Computer Science", ""),
    ("contact", "Cascadia Institute of Technology"),
    ("contact", "2021 – 2023"),
    ("gap", 1.5),
    ("kv", "B.S. Applied Mathematics", ""),
    ("contact", "Evergreen Valley University"),
    ("contact", "2017 – 2021"),
    ("h", "Certifications"),
    ("contact", "AWS Certified Machine Learning – Specialty (2024)"),
]

MID_RIGHT: list[Block] = [
    ("h", "Summary"),
    (
        "p",
        "ML engineer with 3+ years taking models from notebook to production: real-time "
        "ranking and NLP services on AWS serving 40M requests a day. I care about reproducible "
        "training, boring deployments and model monitoring that catches drift before "
        "customers do.",
    ),
    ("h", "Experience"),
    ("job", "Machine Learning Engineer", "Sep 2024 – Present", "Lumenfield Commerce, Seattle, WA"),
    (
        "b",
        "Own the product-ranking model (XGBoost, then a two-tower PyTorch model); +4.1% "
        "add-to-cart in a staged rollout.",
    ),
    (
        "b",
        "Moved batch training to SageMaker pipelines orchestrated by Airflow; training cost "
        "-38%, wall time from 9 h to 2.5 h.",
    ),
    (
        "b",
        "Serve models behind FastAPI in Docker on kubernets (3 clusters) with a Redis feature "
        "cache; p99 latency 45 ms at 3k requests/s, and the setup scales out in minutes.",
    ),
    (
        "b",
        "Built model monitoring with Prometheus metrics and Grafana dashboards for drift and "
        "latency, with paging alerts; it caught two silent data-pipeline breaks in 2025.",
    ),
    (
        "b",
        "Every model is versioned in the MLflow model registry; releases go through GitHub "
        "Actions CI/CD with automated evaluation gates.",
    ),
    (
        "job",
        "Machine Learning Engineer I",
        "07/2023 to 08/2024",
        "Harborline Insurance, Portland, OR",
    ),
    (
        "b",
        "Fine-tuned BERT-base with Hugging Face Transformers to route claim e-mails into 12 "
        "queues; macro-F1 from 0.83 to 0.91, saving about 1,100 agent hours a quarter.",
    ),
    ("b", "Ported two legacy Tensorflow2 / Keras models to a shared PyTorch training library."),
    (
        "b",
        "Wrote ETL jobs from PostgreSQL to S3 (Parquet) feeding the feature tables; "
        "data-quality checks cut bad rows by 97%.",
    ),
    ("job", "Machine Learning Intern", "Summer 2022", "Harborline Insurance, Portland, OR"),
    ("b", "Prototyped fraud-claim scoring with scikit-learn and pandas; AUC 0.86 on the backtest."),
    ("h", "Projects"),
    ("job", "tinyserve", "2024 – Present", "github.com/alex-example/tinyserve - 400 stars"),
    (
        "b",
        "A small model-serving library: batching, warm-up and health endpoints for PyTorch "
        "models in under 1,500 lines.",
    ),
    ("job", "Receipt OCR", "2023", "Side project"),
    (
        "b",
        "Fine-tuned a vision transformer in PyTorch and deployed it on AWS Lambda; 96% "
        "field-level accuracy on 2,000 test receipts.",
    ),
]


def make_mid(path: Path) -> str:
    pdf = Pdf("Alex Example - Resume", "Alex Example")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_page()
    # Full-width header band.
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 30, style="F")
    pdf.set_xy(12, 8)
    pdf.use("B", 22, (255, 255, 255))
    pdf.cell(0, 10, pdf.t("Alex Example"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(12)
    pdf.use("", 11.5, (220, 230, 240))
    pdf.cell(0, 7, pdf.t("Machine Learning Engineer"), new_x="LMARGIN", new_y="NEXT")
    # Left sidebar: shaded, drawn completely before the right column so that the
    # text layer holds two separate columns.
    pdf.set_fill_color(238, 241, 245)
    pdf.rect(0, 30, 66, pdf.h - 30, style="F")
    pdf.set_xy(8, 33)
    draw_blocks(pdf, MID_LEFT, 8, 52, size=9.2)
    left_bottom = pdf.get_y()
    pdf.set_xy(73, 33)
    draw_blocks(pdf, MID_RIGHT, 73, pdf.w - 73 - 9, size=9.2)
    right_bottom = pdf.get_y()
    if max(left_bottom, right_bottom) > pdf.h - 6:
        raise RuntimeError(
            f"mid_level_mle.pdf overflows the page (left ends at {left_bottom:.0f} mm, "
            f"right at {right_bottom:.0f} mm, page is {pdf.h:.0f} mm): shorten the text"
        )
    pdf.output(str(path))
    return "Alex Example\nMachine Learning Engineer\n" + block_text(MID_LEFT + MID_RIGHT)


# ---------------------------------------------------------------------------
# 2. analyst_to_ml.docx - Casey Placeholder, data analyst moving into ML
#    (contact details in the page header, a skills table, a footer)
# ---------------------------------------------------------------------------

ANALYST_HEADER = (
    "Casey Placeholder  ·  casey.placeholder@example.com  ·  (555) 013-8890  ·  Denver, CO  ·  "
    "linkedin.com/in/casey-placeholder-example"
)
ANALYST_FOOTER = "Casey Placeholder – Résumé – updated November 2026 – references on request"
ANALYST_SUMMARY = (
    "Data analyst with about a year and a half of full-time experience in e-commerce "
    "analytics, moving into machine learning. I turn messy SQL tables into decisions, run "
    "the company's A/B tests, and recently finished the Machine Learning Specialization; my "
    "first scikit-learn model now feeds the daily operations report."
)
ANALYST_SKILLS = [
    ("Querying & data", "SQL (Snowflake, SQL Server), Excel (Power Query, pivot tables, VLOOKUP)"),
    ("Programming", "Python (pandas, scikit-learn, Jupyter), R (tidyverse, ggplot2)"),
    ("BI & reporting", "Tableau, Power BI, Google Analytics"),
    ("Experimentation", "A/B testing, power analysis, CUPED, linear & logistic regression"),
    ("Collaboration", "Git / GitHub (basic), Jira, Confluence"),
]
ANALYST_JOBS = [
    (
        "Data Analyst",
        "Jul 2025 – Present",
        "Northwind Outfitters (online retail), Denver, CO",
        [
            "Own the weekly trading dashboard in Tableau (60+ users); rebuilt the SQL behind it "
            "and cut refresh time from 25 to 4 minutes.",
            "Designed and analysed 14 A/B tests on checkout and search; a free-shipping "
            "threshold test added an estimated $1.2M a year in gross margin.",
            "Built a logistic regression in scikit-learn that scores the return risk of each "
            "order (precision 0.71 in the top decile); it now runs in the daily ops report.",
            "Monitoring of monthly marketing budgets against forecast for 9 channels; flag "
            "overspend above 5% to finance.",
            "Automated 11 Excel reports with Python (pandas, openpyxl), saving the team about "
            "6 hours a week.",
        ],
    ),
    (
        "Analytics Intern",
        "Summer 2024",
        "Cobalt Credit Union, Boulder, CO",
        [
            "Cleaned member survey data in R and built ggplot2 charts for the board pack.",
            "Wrote SQL views over the core banking warehouse for a member retention study.",
        ],
    ),
]
ANALYST_EDUCATION = [
    (
        "B.S. Statistics & Economics",
        "2021 – 2025",
        "Front Range State University, Fort Collins, CO",
    ),
]
ANALYST_CERTS = [
    "Machine Learning Specialization – DeepLearning.AI & Stanford Online (Coursera), Sep 2026",
    "Google Data Analytics Professional Certificate (Coursera), 2024",
    "Tableau Desktop Specialist, 2025",
]
ANALYST_PROJECT = (
    "House prices (Specialization capstone): gradient-boosted trees in scikit-learn with "
    "pandas feature engineering; RMSE 0.118 on the log price, top 20% of the course board."
)


def _job_line(doc, title: str, dates: str, org: str) -> None:
    par = doc.add_paragraph()
    par.paragraph_format.space_before = Pt(6)
    par.paragraph_format.space_after = Pt(0)
    par.paragraph_format.tab_stops.add_tab_stop(Inches(6.9), WD_TAB_ALIGNMENT.RIGHT)
    par.add_run(title).bold = True
    par.add_run("\t" + dates)
    org_par = doc.add_paragraph()
    org_par.paragraph_format.space_after = Pt(2)
    run = org_par.add_run(org)
    run.italic = True
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def make_analyst(path: Path) -> str:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(0.8))
    section.top_margin = section.bottom_margin = Inches(0.7)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)

    header = section.header.paragraphs[0]
    header.text = ANALYST_HEADER
    header.runs[0].font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.text = ANALYST_FOOTER
    footer.runs[0].font.size = Pt(8)

    doc.add_heading("Casey Placeholder", level=0)
    doc.add_paragraph("Data Analyst → Machine Learning Engineer (career change)")

    doc.add_heading("Summary", level=1)
    doc.add_paragraph(ANALYST_SUMMARY)

    doc.add_heading("Skills", level=1)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Light Grid Accent 1"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Area", "Tools"
    for area, tools in ANALYST_SKILLS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = area, tools
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Inches(1.7), Inches(5.2)

    doc.add_heading("Experience", level=1)
    for title, dates, org, bullets in ANALYST_JOBS:
        _job_line(doc, title, dates, org)
        for bullet in bullets:
            doc.add_paragraph(bullet, style="List Bullet")

    doc.add_heading("Projects", level=1)
    doc.add_paragraph(ANALYST_PROJECT, style="List Bullet")

    doc.add_heading("Certifications", level=1)
    for cert in ANALYST_CERTS:
        doc.add_paragraph(cert, style="List Bullet")

    doc.add_heading("Education", level=1)
    for degree, dates, school in ANALYST_EDUCATION:
        _job_line(doc, degree, dates, school)

    props = doc.core_properties
    props.author = props.last_modified_by = "Casey Placeholder"
    props.title = "Casey Placeholder - Resume"
    props.created = props.modified = props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    _save_docx_deterministic(doc, path)

    parts = [ANALYST_HEADER, ANALYST_FOOTER, ANALYST_SUMMARY, ANALYST_PROJECT]
    parts += [f"{a} {b}" for a, b in ANALYST_SKILLS] + ANALYST_CERTS
    for title, dates, org, bullets in ANALYST_JOBS:
        parts += [title, dates, org, *bullets]
    return "\n".join(parts)


def _save_docx_deterministic(doc, path: Path) -> None:
    """python-docx stamps ZIP entries with the current time; rewrite them with a fixed one."""
    buffer = io.BytesIO()
    doc.save(buffer)
    with (
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            out.writestr(entry, src.read(info.filename))


# ---------------------------------------------------------------------------
# 4. senior_mle.txt - Sam Fictional, ~6 years, plain text
# ---------------------------------------------------------------------------

SENIOR_TXT = """\
SAM FICTIONAL
Senior Machine Learning Engineer
Austin, TX | sam.fictional@example.com | (555) 555-0142 | gitlab.com/sam-fictional

SUMMARY
-------
Senior ML engineer with ~6 years building fraud, pricing and forecasting models on
streaming data. I lead a team of five, set the technical direction of our ML platform
on GCP, and build systems that let on-call react quickly to incidents instead of writing
post-mortems about them later.

SKILLS
------
Languages:    Python, SQL
ML:           TensorFlow (TFX), LightGBM, pandas
Big data:     Spark / PySpark, Spark Structured Streaming, Kafka, Dataflow
GCP:          Vertex AI (Pipelines, Feature Store, Model Registry), BigQuery, GKE,
              Cloud Composer, Dataproc
Infra:        Terraform, Docker, GitLab CI
MLOps:        feature store design, model registry, drift monitoring, A/B testing,
              online/offline feature parity checks
Leadership:   tech lead for 5 engineers, hiring loops, design reviews, on-call rotation

EXPERIENCE
----------
Senior Machine Learning Engineer (Tech Lead), Pardalote Payments - Austin, TX
June 2023 - present
  * Lead a team of 5 MLEs that owns real-time fraud scoring (9k transactions/s);
    chargeback losses down 23% year over year.
  * Designed the streaming feature pipeline: Kafka -> Spark Structured Streaming ->
    Vertex AI Feature Store; feature freshness went from 1 hour to 30 seconds.
  * Introduced a model registry (Vertex AI Model Registry) with versioned models,
    sign-off before promotion and one-click rollback.
  * Built the A/B testing framework for model launches: 30+ experiments in 2025, each
    with guardrail metrics and a pre-registered decision rule.
  * Infrastructure as code with Terraform across 3 GCP projects; GKE autoscaling
    saves about $210k a year.
  * Set up drift monitoring and alerting (Vertex AI Model Monitoring + Grafana) so the
    team can react quickly to incidents at 3 a.m. without guessing.

Machine Learning Engineer, Kestrel Freight - Dallas, TX
Jan 2021 – May 2023
  * Built a LightGBM pricing model for spot freight quotes: margin +2.7 points with
    the win rate unchanged.
  * Rewrote the nightly ETL from pandas scripts to PySpark on Dataproc; runtime from
    6 h to 40 min on 1.8 TB.
  * Trained TensorFlow demand-forecasting models in TFX pipelines scheduled by Cloud
    Composer.
  * Moved the feature tables into BigQuery and wrote the SQL layer used by 4
    analytics teams.
  * Docker images and GitLab CI for every training job; merge-to-deployed-model time
    down from 3 days to 2 hours.

EDUCATION
---------
M.S. Operations Research, Gulf Coast Technical University, 2018 - 2020
B.S. Computer Engineering, Gulf Coast Technical University, 2014 - 2018

TALKS
-----
"Feature freshness at scale: streaming features for fraud", Austin ML Meetup, 2025
"""


# ---------------------------------------------------------------------------
# 5. principal_mle.md - Dana Demo, ~14 years, Markdown
# ---------------------------------------------------------------------------

PRINCIPAL_MD = """\
# Dana Demo

**Principal Machine Learning Engineer** · Boston, MA · dana.demo@example.com · +1 555 017 3321 ·
[GitHub](https://github.com/dana-demo-example) · [Scholar](https://scholar.example.com/dana-demo)

## Summary

Principal ML engineer with 14 years in search, ranking and language models. I set the
technical strategy for ML across product lines, design platforms used by hundreds of
engineers, and mentor senior engineers into staff roles. Most recently: taking LLM-based
retrieval and assistants to production with clear quality, cost and safety bars.

## Selected impact

- Wrote the three-year ML platform strategy adopted by 9 product teams (~220 engineers);
  consolidated five model-serving stacks into one on AKS.
- Led the company's LLM programme: retrieval-augmented generation over 40M documents with
  Pinecone and FAISS vector indexes; answer acceptance +31%, cost per query -62% after
  distilling the generator.
- Mentored 14 engineers, 6 of them promoted to senior or staff.

## Experience

### Principal Machine Learning Engineer — Corvid Health Systems, Boston, MA
*Jan 2022 – Present*

- Technical lead across four teams (search, assistant, document AI, ML platform); chair of
  the ML architecture review.
- Architected the LLM serving platform on Azure (Azure ML, AKS, Azure DevOps Pipelines):
  Kubernetes autoscaling for PyTorch and vLLM services at 99.95% availability.
- Built evaluation and observability for LLM features: offline eval suites, online
  controlled experiments, and Prometheus/Grafana dashboards for latency, cost and
  hallucination rate.
- Standardised experiment tracking and the model registry on MLflow; every production model
  is versioned and reproducible from a commit.
- Parallelised document preprocessing with Dask: 1.2B pages re-embedded in 3 days instead
  of 5 weeks.

### Staff Machine Learning Engineer — Quillmark Search, Cambridge, MA
*Jan 2019 – Dec 2021*

- Owned ranking for a 30M-user search product: learning-to-rank in PyTorch, later
  fine-tuned Hugging Face Transformers cross-encoders (+8.5% NDCG@10).
- Led the applied R&D group (6 people) that turned research prototypes into shipped
  features within a quarter.
- Moved the embedding pipeline to Azure Databricks; containerised every service with Docker.

### Senior Research Engineer — Quillmark Search, Cambridge, MA
*2015-2018*

- Built query-understanding models in TensorFlow 1.x and Scala Spark jobs on the Hadoop
  cluster (4 PB of query data) for ranking-feature generation.

### Software Engineer — Oracle Corporation, Burlington, MA
*07/2012 to 06/2015*

- Built C++ and Python test tooling for the storage-appliance firmware team; regression
  suite time down from 11 hours to 90 minutes.

## Skills

- **Languages:** Python, C++, Scala
- **ML:** PyTorch, Hugging Face Transformers, TensorFlow (earlier roles), LLM fine-tuning
  (LoRA), RAG, evaluation design
- **Data & compute:** Dask, Spark, Hadoop
- **Retrieval:** Pinecone, FAISS
- **Platform:** Azure (Azure ML, AKS), Kubernetes, Docker, MLflow
- **Leadership:** technical strategy, cross-team architecture, mentoring, hiring

## Publications

- D. Demo, R. Placeholder. "Cheap Cross-Encoders: Distilling Rerankers for Production
  Search." *Workshop on Applied Information Retrieval*, 2021.
- D. Demo, M. Example, K. Sample. "Query Intent at Web Scale with Weak Supervision."
  *Industry Track, Conference on Search Systems*, 2017.

## Education

- Ph.D. Computer Science (information retrieval), Northbridge University, 2007 – 2012
- B.Sc. Mathematics, Northbridge University, 2003 – 2007
"""


# ---------------------------------------------------------------------------
# 6. web_developer.txt - Taylor R. Mockton, ~5 years, web only, no ML
# ---------------------------------------------------------------------------

WEB_TXT = """\
Taylor R. Mockton
Full-Stack Web Developer
taylor.mockton@example.com · (555) 016-7720 · Raleigh, NC · github.com/taylor-mockton-example

PROFILE:
Full-stack developer with 5+ years building customer-facing web apps on the MERN stack.
I like fast pages, typed code and boring deploys. No machine learning experience.

TECHNICAL SKILLS:
  Languages .... JavaScript (ES2022), TypeScript, HTML5, CSS3/Sass
  Frontend ..... React, Next.js, Redux Toolkit, Tailwind
  Backend ...... Node.js, Express, REST, GraphQL (Apollo)
  Data ......... MongoDB (Mongoose), MySQL
  DevOps ....... Docker, Jenkins, Git/GitHub, Nginx, AWS (EC2, S3, CloudFront), New Relic
  Testing ...... Jest, Cypress, Playwright

EXPERIENCE:

Senior Software Engineer, Web | Brightwater Ticketing, Raleigh, NC (remote) | Feb 2023 – Present
  - Lead developer for the checkout front end (React + TypeScript), 1.4M orders a year;
    Largest Contentful Paint down from 3.9 s to 1.6 s.
  - Split the Node.js monolith into 4 Express services in Docker; Jenkins pipelines now
    deploy 20+ times a week.
  - Shipped the Spring 2024 release (new interactive seat map) two weeks early and worked
    with the R&D team on the accessibility prototype.
  - Set up New Relic dashboards and alerts for the checkout API; p95 latency down 35%.
  - Moved image assets to S3 behind CloudFront; bandwidth cost down 40%.

Web Developer | Bluebird Digital Agency, Durham, NC | 06/2021 to 01/2023
  - Built 15+ client sites and dashboards with React, Node.js and MongoDB; my component
    library was adopted across the agency.
  - Migrated a legacy PHP/MySQL booking system to Next.js; pages per session +22%.
  - Wrote Jenkins jobs for linting, tests and staging deploys; introduced code review on
    GitHub.

Web Development Intern | Oak City Community Tech (nonprofit), Raleigh, NC | Summer 2020
  - Rebuilt the volunteer sign-up site; sign-ups doubled over the season.

EDUCATION:
B.S. Information Systems, Piedmont State University, 2017 - 2021

CERTIFICATIONS:
AWS Certified Cloud Practitioner (2022)
"""


# ---------------------------------------------------------------------------
# Gold labels: written by hand from SKILLS.md, one entry per file.
# "traps" are phrases a naive matcher gets wrong; "not" lists the ids they must
# not produce. "variants" are spellings that must still be recognised.
# ---------------------------------------------------------------------------

EXPECTED: dict[str, dict] = {
    "student.pdf": {
        "name": "Jordan Sample",
        "who": "Final-year CS student: ML internship, summer research post, Kaggle, projects",
        "format": "pdf",
        "layout": "single column",
        "level": "junior",
        "years_experience": 0.0,
        "ml_experience": True,
        "skills": [
            "git",
            "hugging-face-transformers",
            "numpy",
            "pandas",
            "python",
            "pytorch",
            "scikit-learn",
            "sql",
            "xgboost",
        ],
        "traps": [
            {"text": "planning to learn Kubernetes", "not": ["kubernetes"], "why": "intent"},
        ],
        "variants": [{"text": "Pytorch", "skill": "pytorch"}],
        "notes": "No full-time work: an internship (Jun-Aug 2026) and a summer research "
        "post (Summer 2025); degree expected May 2027.",
    },
    "analyst_to_ml.docx": {
        "name": "Casey Placeholder",
        "who": "Data analyst (e-commerce) moving into ML; Coursera ML Specialization",
        "format": "docx",
        "layout": "contact details in the page header, skills in a table, footer",
        "level": "junior",
        "years_experience": 1.4,
        "ml_experience": True,
        "skills": ["ab-testing", "git", "pandas", "python", "r", "scikit-learn", "sql"],
        "traps": [
            {
                "text": "Monitoring of monthly marketing budgets",
                "not": ["monitoring-logging"],
                "why": "monitoring of budgets",
            },
            {
                "text": "Google Data Analytics Professional Certificate",
                "not": ["gcp"],
                "why": "Google, not Google Cloud",
            },
            {"text": "Google Analytics", "not": ["gcp"], "why": "Google, not Google Cloud"},
        ],
        "variants": [
            {"text": "SQL Server", "skill": "sql"},
            {"text": "R (tidyverse, ggplot2)", "skill": "r"},
        ],
        "notes": "Full-time since Jul 2025; the Summer 2024 internship does not count. The "
        "contact line is only in the DOCX header.",
    },
    "mid_level_mle.pdf": {
        "name": "Alex Example",
        "who": "Machine Learning Engineer, ~3 years, ranking and NLP on AWS",
        "format": "pdf",
        "layout": "two columns: narrow shaded left (contact, skills, education, "
        "certifications), wide right (summary, experience, projects), under a full-width "
        "name band",
        "level": "mid",
        "years_experience": 3.4,
        "ml_experience": True,
        "skills": [
            "airflow",
            "aws",
            "ci-cd",
            "docker",
            "etl",
            "git",
            "hugging-face-transformers",
            "keras",
            "kubernetes",
            "mlflow",
            "model-versioning",
            "monitoring-logging",
            "nosql",
            "numpy",
            "pandas",
            "postgresql",
            "python",
            "pytorch",
            "redis",
            "s3",
            "scikit-learn",
            "sql",
            "tensorflow",
            "xgboost",
        ],
        "traps": [
            {"text": "scales out in minutes", "not": ["scala"], "why": "scale is not Scala"},
        ],
        "variants": [
            {"text": "Tensorflow2", "skill": "tensorflow"},
            {"text": "kubernets", "skill": "kubernetes"},
        ],
        "notes": "Kubernetes and TensorFlow appear only misspelt (kubernets, Tensorflow2). "
        "Full-time from 07/2023 (two jobs, continuous); the Summer 2022 internship and the "
        "M.S. do not count.",
    },
    "senior_mle.txt": {
        "name": "Sam Fictional",
        "who": "Senior MLE / tech lead, ~6 years, streaming fraud and pricing on GCP",
        "format": "txt",
        "layout": "plain text, upper-case headings underlined with dashes",
        "level": "senior",
        "years_experience": 5.9,
        "ml_experience": True,
        "skills": [
            "ab-testing",
            "airflow",
            "ci-cd",
            "docker",
            "etl",
            "gcp",
            "git",
            "kafka",
            "kubernetes",
            "lightgbm",
            "model-versioning",
            "monitoring-logging",
            "pandas",
            "python",
            "spark",
            "sql",
            "tensorflow",
            "terraform",
        ],
        "traps": [
            {"text": "react quickly to incidents", "not": ["javascript"], "why": "verb"},
            {"text": "Feature freshness at scale", "not": ["scala"], "why": "scale"},
        ],
        "variants": [
            {"text": "Cloud Composer", "skill": "airflow"},
            {"text": "GKE", "skill": "kubernetes"},
            {"text": "BigQuery", "skill": "sql"},
            {"text": "GitLab CI", "skill": "ci-cd"},
        ],
        "notes": "Full-time from Jan 2021, continuous; M.S. 2018-2020 does not count.",
    },
    "principal_mle.md": {
        "name": "Dana Demo",
        "who": "Principal MLE, ~14 years: ML strategy, LLMs and retrieval, mentoring, papers",
        "format": "md",
        "layout": "Markdown with #/##/### headings, italic date lines, bold skill keys",
        "level": "principal",
        "years_experience": 14.4,
        "ml_experience": True,
        "skills": [
            "ab-testing",
            "azure",
            "ci-cd",
            "dask",
            "docker",
            "git",
            "hdfs",
            "hugging-face-transformers",
            "kubernetes",
            "mlflow",
            "model-versioning",
            "monitoring-logging",
            "python",
            "pytorch",
            "scala",
            "spark",
            "tensorflow",
            "vector-database",
        ],
        "traps": [
            {
                "text": "Oracle Corporation",
                "not": ["sql"],
                "why": "employer only; no database named anywhere",
            },
            {"text": "applied R&D group", "not": ["r"], "why": "R&D"},
            {"text": "R. Placeholder", "not": ["r"], "why": "an initial"},
        ],
        "variants": [
            {"text": "online controlled experiments", "skill": "ab-testing"},
            {"text": "Azure DevOps Pipelines", "skill": "ci-cd"},
            {"text": "Azure Databricks", "skill": "spark"},
            {"text": "Hadoop", "skill": "hdfs"},
            {"text": "AKS", "skill": "kubernetes"},
            {"text": "observability", "skill": "monitoring-logging"},
        ],
        "notes": "Full-time from 07/2012, continuous (the 2015-2018 role overlaps the Oracle "
        "one); the Ph.D. 2007-2012 does not count.",
    },
    "web_developer.txt": {
        "name": "Taylor R. Mockton",
        "who": "Full-stack web developer (MERN), ~5 years, no machine learning",
        "format": "txt",
        "layout": "plain text, headings with colons, pipe-separated job lines",
        "level": "senior",
        "years_experience": 5.4,
        "ml_experience": False,
        "skills": [
            "aws",
            "ci-cd",
            "docker",
            "git",
            "javascript",
            "mongodb",
            "monitoring-logging",
            "mysql",
            "nosql",
            "s3",
            "sql",
        ],
        "traps": [
            {"text": "JavaScript", "not": ["java"], "why": "JavaScript is not Java"},
            {"text": "Spring 2024 release", "not": ["java"], "why": "the season"},
            {"text": "R&D team", "not": ["r"], "why": "R&D"},
            {"text": "Taylor R. Mockton", "not": ["r"], "why": "an initial"},
        ],
        "variants": [
            {"text": "New Relic", "skill": "monitoring-logging"},
            {"text": "Jenkins", "skill": "ci-cd"},
            {"text": "MERN", "skill": "mongodb"},
        ],
        "notes": "Level is by years only (Jun 2021 - Present, continuous; the Summer 2020 "
        "internship does not count): no ML skills at all, so the ML score should be low.",
    },
}


def main() -> None:
    texts = {
        "student.pdf": make_student(HERE / "student.pdf"),
        "analyst_to_ml.docx": make_analyst(HERE / "analyst_to_ml.docx"),
        "mid_level_mle.pdf": make_mid(HERE / "mid_level_mle.pdf"),
    }
    for name, text in (
        ("senior_mle.txt", SENIOR_TXT),
        ("principal_mle.md", PRINCIPAL_MD),
        ("web_developer.txt", WEB_TXT),
    ):
        (HERE / name).write_text(text, encoding="utf-8", newline="\n")
        texts[name] = text

    # Every trap and variant named in the gold must really be in the résumé.
    for name, gold in EXPECTED.items():
        flat = " ".join(texts[name].split())
        for item in gold["traps"] + gold["variants"]:
            if item["text"] not in flat:
                raise RuntimeError(f"{name}: {item['text']!r} is in expected.json but not the text")
        if gold["skills"] != sorted(set(gold["skills"])):
            raise RuntimeError(f"{name}: skills must be sorted and unique")

    expected = {
        "reference_date": REFERENCE_DATE,
        "skills_spec": "/work/shared/eval/SKILLS.md",
        "levels": {"junior": [0, 2], "mid": [2, 4], "senior": [4, 7], "principal": [7, None]},
        "years_note": "Full-time experience only, as of reference_date ('Present' counts to "
        "that day); internships, research posts during study and degrees are excluded. "
        "Allow +/- 0.5 years.",
        "files": EXPECTED,
    }
    (HERE / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(texts)} résumés and expected.json to {HERE}")


if __name__ == "__main__":
    main()
