"""The output file: CSV, JSONL or Parquet, written atomically, with spreadsheet-safe cells.

Kept light (no workers, no readers): the web app imports :func:`csv_safe` from here.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from typing import Any, TextIO

from .rows import DASK_INSTALL

OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A spreadsheet would run ``=HYPERLINK(...)``: prefix such cells with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "yes" if value else "no"
    elif value is None:
        value = ""
    return csv_safe(value)


def output_format(path: str | os.PathLike[str]) -> str:
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if ext not in OUTPUT_FORMATS:
        valid = ", ".join(OUTPUT_FORMATS)
        raise ValueError(
            f"{os.fspath(path)}: unknown output format {ext or '(none)'!r} (valid: {valid})"
        )
    if OUTPUT_FORMATS[ext] == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ImportError(f"Parquet output needs pyarrow: {DASK_INSTALL}") from None
    return OUTPUT_FORMATS[ext]


def write_output(path: str, table: list[dict[str, Any]]) -> None:
    """Write ``table`` to ``path`` atomically: a temporary file, fsync, then os.replace."""
    fmt = output_format(path)
    folder = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(table), tmp)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                _write_text(f, fmt, table)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _write_text(f: TextIO, fmt: str, table: list[dict[str, Any]]) -> None:
    if fmt == "jsonl":
        for row in table:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    names = list(dict.fromkeys(name for row in table for name in row)) or ["source", "status"]
    writer = csv.writer(f)
    writer.writerow(names)
    for row in table:
        writer.writerow([_cell(row.get(name)) for name in names])
