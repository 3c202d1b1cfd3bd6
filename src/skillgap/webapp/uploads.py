"""What the app accepts: size limits, formats, pasted text, and errors as one sentence.

Pure functions, no Streamlit: the bytes are checked by content, never by the file
name, and every failure becomes one plain sentence for the page.
"""

from __future__ import annotations

import hashlib
import logging

from .. import errors
from ..documents import detect_format
from ..limits import Limits, MiB

log = logging.getLogger(__name__)

# Uploads: the same figure is set as ``server.maxUploadSize`` in .streamlit/config.toml
# (Streamlit refuses bigger files before they reach the app; this check covers pasted
# text, samples and zip members).
MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * MiB
UPLOAD_TYPES = ("pdf", "docx", "txt", "md")
BATCH_TYPES = (*UPLOAD_TYPES, "zip")
MAX_BATCH_FILES = 500
LIMITS = Limits(max_file_bytes=MAX_UPLOAD_BYTES, seconds=20.0)
PASTED_NAME = "pasted-text.txt"


def check_upload(data: bytes, name: str, *, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The format the bytes really are ("pdf", "docx", "txt", "md"), or a typed error.

    The size and the content are checked, never the file name's extension: a PNG
    renamed ``cv.pdf`` is refused as the image it is.
    """
    if len(data) > max_bytes:
        raise errors.TooLarge(
            name,
            f"{len(data) / MiB:.1f} MiB is over the app's {max_bytes / MiB:.0f} MiB limit",
            hint="upload a smaller file, or use the skillgap command line",
        )
    return detect_format(data, name=name)


def pasted(text: str) -> tuple[str, bytes]:
    """Pasted text as an upload: the same path as a file from here on."""
    return PASTED_NAME, text.encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def explain(err: BaseException) -> str:
    """One sentence for the page, never a traceback (plain text: escape it to show it)."""
    if isinstance(err, errors.SkillgapError):
        return err.message
    log.exception("unexpected error in the app", exc_info=err)
    return (
        f"Something unexpected went wrong ({type(err).__name__}); the file was not "
        "analysed. Please report it with the steps that led here."
    )
