"""One error vocabulary for every way a résumé or a role file can fail.

Library code raises these and never prints or exits. Each error has a stable
``code`` (used in JSON output, batch rows and the app) and a one-line message
that names the file, says what is wrong and what the user can do. The CLI maps
codes to exit codes with :data:`EXIT_CODES`.
"""

from __future__ import annotations


class SkillgapError(Exception):
    """Base class. ``code`` is stable; ``str(err)`` is one line for people."""

    code = "error"
    hint = ""

    def __init__(self, source: str, reason: str, *, hint: str | None = None) -> None:
        self.source = source
        self.reason = reason
        if hint is not None:
            self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.source}: {self.reason}"
        if self.hint:
            text += f" ({self.hint})"
        return " ".join(text.split())  # always one line

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class DocumentError(SkillgapError):
    """A résumé or job posting could not be read."""


class NotFound(DocumentError):
    code = "not-found"
    hint = "check the path"


class PermissionDenied(DocumentError):
    code = "permission-denied"
    hint = "check the file's permissions, or copy it somewhere you can read"


class NotARegularFile(DocumentError):
    code = "not-a-regular-file"
    hint = "pass a regular file, not a folder, device, pipe or link leading elsewhere"


class UnsupportedType(DocumentError):
    code = "unsupported-type"
    hint = "save it as PDF, DOCX, TXT or Markdown"


class EmptyDocument(DocumentError):
    code = "empty"
    hint = "the file holds no text to analyse"


class CorruptDocument(DocumentError):
    code = "corrupt"
    hint = "open it in its editor and save or export it again"


class EncryptedDocument(DocumentError):
    code = "encrypted"
    hint = "remove the password and export it again"


class NoTextLayer(DocumentError):
    code = "no-text-layer"
    hint = "this looks like a scanned image: export it with text, or paste the text"


class TooLarge(DocumentError):
    code = "too-large"
    hint = "a résumé is far smaller; raise the limit if this file is genuine"


class TooManyPages(DocumentError):
    code = "too-many-pages"
    hint = "a résumé is far shorter; raise the page limit if this file is genuine"


class DecompressionBomb(DocumentError):
    code = "decompression-bomb"
    hint = "the file inflates far beyond its size; it was not read"


class Timeout(DocumentError):
    code = "timeout"
    hint = "the file took too long to read; raise the time limit if it is genuine"


class OutOfMemory(DocumentError):
    code = "out-of-memory"
    hint = "the file needed too much memory to read; raise the memory limit if it is genuine"


class Crashed(DocumentError):
    """The isolated reader died on this file (a crash in a native library)."""

    code = "crashed"
    hint = "the file may be damaged or hostile; open it in its editor and export it again"


class TaxonomyError(SkillgapError):
    """A role file is missing, malformed or refers to unknown ids."""

    code = "invalid-taxonomy"
    hint = "fix the role file; see taxonomy/README.md for the format"


class UnknownRole(TaxonomyError):
    code = "unknown-role"
    hint = ""


# Exit codes of the CLI: stable and documented in the README.
EXIT_CODES: dict[str, int] = {
    "ok": 0,
    "error": 1,  # an unexpected internal error (a bug: please report it)
    "usage": 2,
    "not-found": 10,
    "not-a-regular-file": 11,
    "unsupported-type": 12,
    "empty": 13,
    "corrupt": 14,
    "encrypted": 15,
    "no-text-layer": 16,
    "too-large": 17,
    "too-many-pages": 18,
    "decompression-bomb": 19,
    "timeout": 20,
    "out-of-memory": 21,
    "permission-denied": 22,
    "crashed": 23,
    "invalid-taxonomy": 30,
    "unknown-role": 31,
}


def exit_code(code: str) -> int:
    return EXIT_CODES.get(code, EXIT_CODES["error"])
