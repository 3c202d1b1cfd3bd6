"""The cached parts: the pipeline and the reader as resources, each analysis as data.

The analysis pipeline is built once per process and role, the isolated reader once
per process; an analysis is cached by a hash of the file's bytes and every option
that changes it.
"""

from __future__ import annotations

import atexit

try:
    import streamlit as st
except ImportError as exc:  # pragma: no cover - the app's extra is not installed
    raise ImportError("the skillgap app needs Streamlit: pip install 'skillgap[app]'") from exc

from ..analysis import Analysis, analyse_document
from ..extract import Extractor, get_extractor
from ..isolation import IsolatedReader
from ..score import fit_competencies
from ..taxonomy import load_role
from .uploads import LIMITS, check_upload, digest

READER_WORKERS = 2


@st.cache_resource(show_spinner=False)
def pipeline(role: str) -> Extractor:
    """The compiled extractor (and competency model) for ``role``, built once per process."""
    fit_competencies(load_role(role))
    return get_extractor(role)


@st.cache_resource(show_spinner=False)
def reader() -> IsolatedReader:
    """The reader processes (time and memory limits per file), started once per process.

    A hostile upload that hangs, crashes or blows up memory kills a worker, not the
    app; the worker is restarted for the next file.
    """
    pool = IsolatedReader(limits=LIMITS, workers=READER_WORKERS)
    atexit.register(pool.close)
    pool.read(b"warm-up", name="warm-up.txt")  # start a worker before the first upload
    return pool


def analyse_upload(
    data: bytes,
    name: str,
    *,
    role: str,
    level: str | None = None,
    job: str | None = None,
) -> Analysis:
    """Check and analyse one uploaded (or pasted, or sample) file; cached by content.

    ``level`` is the target level (None: the estimated one); ``job`` a posting's text.
    """
    check_upload(data, name)
    job = job if job and job.strip() else None
    return _analysis(digest(data), name, role, level, job, _data=data)


@st.cache_data(max_entries=256, show_spinner=False)
def _analysis(
    key: str, name: str, role: str, level: str | None, job: str | None, *, _data: bytes
) -> Analysis:
    # ``key`` is the SHA-256 of ``_data``: Streamlit hashes the small arguments only.
    pipeline(role)
    document = reader().read(_data, name=name)
    return analyse_document(document, role=role, target_level=level, job=job)
