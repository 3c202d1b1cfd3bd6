"""Skill extraction: what must match, what must not, and agreement with a slow reference."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap.documents import read_text
from skillgap.extract import get_extractor
from skillgap.models import Document, Section


def found(text: str) -> set[str]:
    return {s.id for s in get_extractor().extract(read_text(text)).skills}


def found_anywhere(text: str) -> set[str]:
    """The role's skills and the other technologies every role recognises."""
    extraction = get_extractor().extract(read_text(text))
    return {s.id for s in (*extraction.skills, *extraction.technologies)}


# (text, skills that must be found)
PRESENT = [
    ("Languages: Python, R, SQL", {"python", "r", "sql"}),
    ("Built models in Pytorch and Tensorflow2", {"pytorch", "tensorflow", "python"}),
    ("Deployed on kubernets with Docker", {"kubernetes", "docker"}),
    ("Used sklearn and XGBoost for churn", {"scikit-learn", "xgboost", "python"}),
    ("PySpark jobs on Databricks", {"spark", "python"}),
    ("Ran services on EKS", {"aws", "kubernetes"}),
    ("Stored features in MySQL", {"mysql", "sql"}),
    ("Fine-tuned BERT with tf.keras", {"tensorflow", "keras"}),
    ("C++, C#, CI/CD, Node.js, .NET", {"ci-cd", "javascript"}),
    ("Ran A/B tests on the ranking model", {"ab-testing"}),
    ("Hugging Face transformers library for NER", {"hugging-face-transformers"}),
    ("Set up MLflow model registry and DVC", {"mlflow", "model-versioning"}),
    ("Model monitoring with Prometheus and Grafana", {"monitoring-logging"}),
    ("Data lake on S3 with Hadoop", {"s3", "aws", "hdfs"}),
    ("Vector search with FAISS and Pinecone", {"vector-database"}),
    ("github.com/jdoe", {"git"}),
    ("Stack: MERN", {"mongodb", "nosql", "javascript"}),
    ("Python3.10, pandas, NumPy", {"python", "pandas", "numpy"}),
    ("have an idea of Scala", {"scala"}),
    ("Databases: Oracle, MySQL, SQL Server", {"sql", "mysql"}),
    ("Azure DocumentDB (now Cosmos DB)", {"azure", "nosql"}),
    ("Worked with Apache Kafka and Airflow DAGs", {"kafka", "airflow"}),
    ("ETL pipelines in Informatica", {"etl"}),
    ("Infrastructure as code with Terraform on GCP", {"terraform", "gcp"}),
    ("online\n  controlled experiments", {"ab-testing"}),
    ("Python- Exprience - 6 months", {"python"}),
    ("knowledge of C++,Java.", {"java"}),
    ("Built data pipelines in Spark processing 2TB/day.", {"spark"}),
    ("Migrated Hive jobs to Spark.", {"spark", "sql"}),
    ("Training on GPUs with Torch", {"pytorch"}),
    ("Shiny dashboards for stakeholders", {"r"}),
    ("Front end: Vue.js/React, Node.js/Express", {"javascript"}),  # not web addresses
    ("ASP.NET/C#, portfolio at github.com/jdoe/apps", {"git"}),
    ("Used Airflow to schedule the retraining", {"airflow"}),
    ("orchestrated nightly jobs with airflow", {"airflow"}),
    ("Sales dashboards with Chart.js and D3", {"javascript"}),
    ("Drift reports with NannyML", {"monitoring-logging"}),
    ("Built Ab Initio graphs feeding the data warehouse", {"etl"}),
    ("Data Mining, no-SQL Data Bases", {"nosql"}),
    ("Python, scikit, numpy", {"scikit-learn"}),
    ("Leveraging Cassandra and Spark for large-scale graph analyses", {"spark"}),
    ("Built an analytics application using Flask", {"python"}),
    ("Languages: C++, Go, JavaScript, Ruby, Fortran & R.", {"r"}),
    ("Data Storage: redis, elasticsearch, snowflake, s3, hdfs", {"s3", "aws"}),
    ("Javascript, PHP, and MYSQLi", {"mysql", "sql"}),
    ("Queries through psycopg2 and PyMongo", {"postgresql", "mongodb"}),
    ("Warehouse on Redshift and Snowflake", {"sql", "aws"}),
    ("Stored images as S3 objects", {"s3", "aws"}),
    ("Temporal cluster on OKD, with postgres and cassandra", {"nosql", "postgresql"}),
    ("Review search in AstraDB", {"nosql"}),
    ("Tags: Docker, Websocket, GCS", {"gcp"}),
    ("Tags: Docker · Websocket · GCS", {"gcp"}),  # a list separated by bullets
    ("Tools: Jenkins, Docker, Kubernetes", {"ci-cd"}),
    ("Skills: Python, Spark, A.I.", {"spark"}),
    ("Model development with pytorch, transformers", {"hugging-face-transformers"}),
    ("Intrusion Detection System using Suricata", {"monitoring-logging"}),
    ("ETL: Informatica, SSIS", {"etl"}),
    ("Monitoring and alerting for production services", {"monitoring-logging"}),
    ("Real-time threat monitoring and alert triage in the SOC", {"monitoring-logging"}),
]


def test_real_words_near_a_name_are_not_its_misspellings() -> None:
    assert "openai-api" not in found_anywhere("Documented the OpenAPI spec of the service")
    assert "openai-api" in found_anywhere("Prototyped with the OpenAI API")


@pytest.mark.parametrize(("text", "expected"), PRESENT)
def test_skills_a_reader_sees_are_found(text, expected):
    assert expected <= found(text)


# (text, skills that must NOT be found): the near misses of naive matchers.
ABSENT = [
    ("Led the R&D group", {"r"}),
    ("John R. Smith, Data Analyst", {"r"}),
    ("Designed systems that scale to millions", {"scala"}),
    ("Shipped the spring season release", {"java"}),
    ("Trained to react quickly to incidents", {"javascript"}),
    ("Account manager at Oracle Corporation", {"sql"}),
    ("Five years of JavaScript and TypeScript", {"java"}),
    ("Wrote Java Script widgets", {"java"}),
    ("Monitoring of patients in the ICU", {"monitoring-logging"}),
    ("Monitored department budgets and expenses", {"monitoring-logging"}),
    ("No experience with Kubernetes yet", {"kubernetes"}),
    ("Planning to learn Spark next year", {"spark"}),
    ("Not familiar with Docker", {"docker"}),
    ("Assisted the sales team", {"etl"}),
    ("Transformer models and BERT for NER", {"hugging-face-transformers"}),
    ("Documented processes and procedures", {"azure", "nosql"}),
    ("Fluent in Spanish", {"monitoring-logging"}),
    ("96 Node Cluster on premise", {"javascript"}),
    ("Worked with containers", {"docker"}),
    ("Passed with grade S3 in maths", {"s3", "aws"}),
    ("Used Firebase for auth", {"gcp"}),
    ("Elasticsearch for search", {"monitoring-logging", "nosql"}),
    ("Sparked interest in data", {"spark"}),
    ("Scalable services", {"scala"}),
    ("Spark joy in the team", {"spark"}),
    ("a spark of creativity", {"spark"}),
    ("Olympic torch relay volunteer", {"pytorch"}),
    ("Java developer, JavaScript free", {"javascript"} - {"javascript"}),
    ("Designed star and snowflake schemas for the warehouse", {"sql"}),
    (
        "Automated reports to monitor yield trend and workstation productivity",
        {"monitoring-logging"},
    ),
    ("Embeddings from sentence-transformers", {"hugging-face-transformers"}),
    ("Measured airflow and pressure drop across HVAC ducts", {"airflow"}),
    ("Conference on Electronics and Informatics", {"etl"}),
    ("Neural network models of ab initio potential energy surfaces", {"etl"}),
    ("A forecasting tool to monitor 200 pharmaceutical products", {"monitoring-logging"}),
    ("Enable business monitoring and reporting operations", {"monitoring-logging"}),
    ("IoT-integrated water quality monitoring system", {"monitoring-logging"}),
    ("scipy, pandas, scikit-image, pymc3", {"scikit-learn"}),
    ("Data Mining, no-SQL Data Bases", {"sql"}),
    ("- Monitoring and alerting", {"monitoring-logging"}),  # names no system
    ("Tools & IDEs: VS Code, GitHub Copilot", {"git"}),
    ("Experiment tracking: pytorch, tensorboard", {"tensorflow"}),
    ("Cultured cells in a flask overnight", {"python"}),
    ("Compliance: violation monitoring of trading desks", {"monitoring-logging"}),
    ("distributions3 (CRAN, Github): distributions as S3 Objects, object-oriented", {"s3", "aws"}),
    ("Superimposed High Redshift Spectra", {"sql", "aws"}),
    ("2020 Spring:   Workshop on MATLAB programming", {"java"}),
    ("A system for collecting and monitoring electronic lab reports", {"monitoring-logging"}),
    ("MLOps & Deployment: Docker, GitHub Actions, CI/CD, Monitoring, AWS", {"monitoring-logging"}),
    ("DocumentDB, AWS Glue, S3, CloudFormation", {"azure"}),  # Amazon's DocumentDB
    ("A cloud-monitored solar generation system", {"monitoring-logging"}),
    ("2. Jenkins, S. P., & Rios-Avila, F. (2023). Measurement error", {"ci-cd"}),
    ("Performance monitoring ERPs in a flanker task", {"monitoring-logging"}),
    ("Software Engineer Trainee (R&D)   Informatica - Bengaluru, KA", {"etl"}),
    ("A dynamic dashboard to monitor live stock data", {"monitoring-logging"}),
    ("Vision Transformers and transformers for NER", {"hugging-face-transformers"}),
]


@pytest.mark.parametrize(("text", "unexpected"), ABSENT)
def test_near_misses_do_not_match(text, unexpected):
    assert not (unexpected & found(text))


def test_negation_is_kept_as_a_rejected_candidate_with_its_reason():
    extraction = get_extractor().extract(read_text("Python. Planning to learn Kubernetes."))
    assert "kubernetes" not in extraction.skill_ids
    (rejected,) = [m for m in extraction.rejected if m.skill_id == "kubernetes"]
    assert "negated" in rejected.note


def test_every_mention_carries_its_evidence():
    text = "SKILLS\nPython, Docker\n\nEXPERIENCE\nServed PyTorch models on EKS.\n"
    extraction = get_extractor().extract(read_text(text))
    pytorch = extraction.get("pytorch")
    assert pytorch is not None
    (m,) = pytorch.mentions
    assert text[m.start : m.end] == "PyTorch" == m.surface
    assert m.section == "experience" and m.method == "exact" and m.confidence == 1.0
    assert m.sentence == "Served PyTorch models on EKS."
    aws = extraction.get("aws")
    assert aws is not None and aws.mentions[0].method == "implied" and aws.mentions[0].via == "EKS"
    python = extraction.get("python")
    assert python is not None and python.mentions[0].section == "skills"


def test_fuzzy_matches_are_marked_and_less_confident():
    extraction = get_extractor().extract(read_text("Deployed on kubernets"))
    (m,) = extraction.get("kubernetes").mentions
    assert m.method == "fuzzy" and 0.5 < m.confidence < 0.9


def test_skills_section_confirms_an_ambiguous_name():
    text = "Skills\nR\n"
    doc = Document("x", "txt", text, sections=(Section("skills", "Skills", 7, len(text)),))
    assert "r" in get_extractor().extract(doc).skill_ids


def test_offsets_survive_wrapped_lines_and_indentation():
    text = "Worked   on\n\n  Apache\n   Spark   streaming"
    extraction = get_extractor().extract(read_text(text))
    (m,) = extraction.get("spark").mentions
    assert " ".join(m.surface.split()) == "Apache Spark"
    assert extraction.document.text[m.start : m.end] == m.surface


# ------------------------------------------------------------ the oracle
# A slow, obviously correct reference: for texts made of list items, each item
# either an unambiguous alias or an ordinary word, the skills found must be
# exactly the skills those aliases name or imply (plus skill implications).

_EXTRACTOR = get_extractor()
_ROLE = _EXTRACTOR.role
_SIMPLE = sorted(
    {
        a.term
        for s in _ROLE.skills
        for a in (*s.aliases, *s.implied_by)
        if a.needs is None
        and not a.not_before
        and not a.not_after
        and len(a.term) > 2
        and a.term.lower() not in {"lacking"}
    }
)
_FILLER = ["delivered", "reports", "team", "customers", "weekly", "improved", "process", "budget"]


def reference_skills(items: list[str]) -> set[str]:
    """Naive matcher over list items: the item equals an alias (case-insensitively)."""
    found: set[str] = set()
    for item in items:
        for skill in _ROLE.skills:
            for alias in (*skill.aliases, *skill.implied_by):
                flags = 0 if alias.case_sensitive else re.IGNORECASE
                if re.fullmatch(re.escape(alias.term), item, flags):
                    found.add(skill.id)
    changed = True
    while changed:
        changed = False
        for skill in _ROLE.skills:
            if skill.id not in found and set(skill.implied_by_skills) & found:
                found.add(skill.id)
                changed = True
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_SIMPLE + _FILLER), min_size=1, max_size=12))
def test_fast_matcher_agrees_with_the_slow_reference(items):
    text = "Tools: " + ", ".join(items) + "."
    assert found(text) == reference_skills(items)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cloud: AWS(S3, EC2, SageMaker)", {"aws", "s3"}),
        ("ML: TensorFlow(Keras), PyTorch", {"tensorflow", "keras", "pytorch"}),
        ("Kubernetes(K8s) and Helm charts", {"kubernetes"}),
        ("CI with GitHub Actions", {"ci-cd", "git"}),
        ("Ran services on Elastic Kubernetes Service", {"aws", "kubernetes"}),
        ("Python · PyTorch · Docker", {"python", "pytorch", "docker"}),
        ("RAG with a Chroma vector store", {"vector-database"}),
        ("Data lake on S3/GCS", {"s3"}),
    ],
)
def test_layouts_of_ml_resumes(text, expected):
    assert expected <= found(text)


def test_evidence_takes_a_wrapped_bullet_whole():
    text = (
        "- Rewrote the nightly ETL from pandas scripts to PySpark; runtime from\n"
        "  12 min to 3 min.\n"
        "- Led hiring.\n"
    )
    (m,) = get_extractor().extract(read_text(text)).get("pandas").mentions
    assert m.sentence.endswith("runtime from 12 min to 3 min.")
    assert "hiring" not in m.sentence
