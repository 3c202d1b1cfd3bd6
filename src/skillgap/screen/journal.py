"""The journal: one JSON line per finished document, written before it is reported.

A rerun of the same command reads it to skip what is already done, and the
output file is rewritten from it; so a screen that is killed loses no work.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator

from .. import errors
from .rows import ScreenRow

JOURNAL_SUFFIX = ".journal.jsonl"
SYNC_EVERY = 0.05  # seconds: each line is written at once; fsync'd at most this much later


class Journal:
    """Append-only JSON lines, one per finished document, safe against kill -9.

    Each line is written with one ``write`` as its document finishes, so it
    survives the process being killed; the file is fsync'd (against a power cut)
    at most ``SYNC_EVERY`` seconds later and at the end. A last line without its
    newline (or unreadable) is torn and cut off when the journal is reopened.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            import fcntl

            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not POSIX
            pass
        except OSError:
            os.close(self.fd)
            raise errors.SkillgapError(
                path, "another screen is writing this journal", hint="wait for it to finish"
            ) from None
        self.rows: dict[str, ScreenRow] = {}
        self.dropped = 0
        self._load()
        self._dirty = False
        self._synced = 0.0

    def _load(self) -> None:
        with open(self.path, "rb") as f:
            data = f.read()
        good_end = 0
        offset = 0
        for line in data.splitlines(keepends=True):
            offset += len(line)
            if not line.endswith(b"\n"):
                self.dropped += 1  # torn: the process died while writing it
                break
            try:
                record = json.loads(line)
                self.rows[record["key"]] = ScreenRow.from_record(record["row"])
            except (ValueError, KeyError, TypeError):
                self.dropped += 1
                continue
            good_end = offset
        if good_end < len(data):
            os.ftruncate(self.fd, good_end)
        os.lseek(self.fd, 0, os.SEEK_END)

    def append(self, key: str, row: ScreenRow) -> None:
        record = {"key": key, "row": row.to_record()}
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        view = memoryview(line)
        while view:
            view = view[os.write(self.fd, view) :]
        self._dirty = True

    def sync(self, *, every: float = 0.0) -> None:
        """fsync what was appended, at most once per ``every`` seconds."""
        now = time.monotonic()
        if self._dirty and now - self._synced >= every:
            os.fsync(self.fd)
            self._dirty = False
            self._synced = now

    def close(self) -> None:
        if self.fd >= 0:
            self.sync()
            os.close(self.fd)
            self.fd = -1


def journal_path(out: str | os.PathLike[str]) -> str:
    return os.fspath(out) + JOURNAL_SUFFIX


def read_journal(path: str) -> Iterator[tuple[str, ScreenRow]]:
    """Every complete (key, row) of a journal file, in the order written."""
    with open(path, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                return
            with contextlib.suppress(ValueError, KeyError, TypeError):
                record = json.loads(line)
                yield record["key"], ScreenRow.from_record(record["row"])
