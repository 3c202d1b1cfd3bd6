"""Screen many résumés at once: a ranked table that survives crashes and scales out.

    >>> run = skillgap.screen(["cvs/", "board-export.zip"], role="ml_engineer",
    ...                       require=["pytorch", "docker"], out="ranked.csv")
    >>> for row in run:            # rows stream in as documents finish
    ...     print(row.source, row.status)
    >>> print(run.summary.format())

The stages, one module each:

    inputs -> list_inputs() -> Refs      inputs       (files, folders, zip members, URLs)
    Refs   -> load on the driver          run          (local bytes; content hash; duplicates)
           -> analyse in workers          one          (one document -> one ScreenRow, rows)
                                          local        (local processes), or
                                          dask_engine  (a Dask cluster)
           -> journal                     journal      (one fsync'd JSON line per document)
    journal -> output                     output       (CSV / JSONL / Parquet, sorted, atomic)

plus ``summary`` (what a screen did), ``run`` (the front door, :func:`screen`) and
``cli`` (the ``skillgap screen`` command).

**Never lose work.** Each finished document is appended to a journal next to the
output (``ranked.csv.journal.jsonl``) before it is reported. A rerun of the same
command skips every document already in the journal (key: source, content hash
and settings) and drops a torn last line left by ``kill -9``. The output is
rewritten from the journal with a temporary file and :func:`os.replace`.

**One bad document never stops a run.** Local workers run with a memory ceiling
(``Limits.memory_bytes`` above what the pipeline needs) and a per-document
timeout (``Limits.seconds``); a worker that hangs is killed, one that dies is
replaced, and the document becomes a failed row with its reason. The workers of a
``--dask-local`` cluster are guarded the same way, in their own process (see
``dask_engine._Guard``); on a cluster the screen does not own, files are read in a
separate reader process (:mod:`skillgap.isolation`) so that no worker of it is
ever killed.

The names below are loaded on first use (PEP 562): ``skillgap --help`` builds the
``screen`` parser without importing multiprocessing, the readers or Dask.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..archives import safe_member_name
    from .cli import EPILOG, Progress, add_screen_command, main, run_screen
    from .dask_engine import analyse_batch
    from .inputs import FSSPEC_INSTALL, Ref, list_inputs
    from .journal import JOURNAL_SUFFIX, SYNC_EVERY, Journal, journal_path, read_journal
    from .local import Done, WorkerCrashed
    from .one import Item, analyse_item
    from .output import OUTPUT_FORMATS, csv_safe, output_format, write_output
    from .rows import DASK_INSTALL, ROW_FORMAT, STATUSES, ScreenRow, sort_rows
    from .run import MAX_BATCH, Screening, screen
    from .summary import Summary

# name -> the submodule that defines it
_LAZY = {
    "ROW_FORMAT": "rows",
    "STATUSES": "rows",
    "DASK_INSTALL": "rows",
    "ScreenRow": "rows",
    "sort_rows": "rows",
    "FSSPEC_INSTALL": "inputs",
    "Ref": "inputs",
    "list_inputs": "inputs",
    "safe_member_name": "inputs",  # from skillgap.archives
    "Item": "one",
    "analyse_item": "one",
    "Done": "local",
    "WorkerCrashed": "local",
    "analyse_batch": "dask_engine",
    "JOURNAL_SUFFIX": "journal",
    "SYNC_EVERY": "journal",
    "Journal": "journal",
    "journal_path": "journal",
    "read_journal": "journal",
    "OUTPUT_FORMATS": "output",
    "csv_safe": "output",
    "output_format": "output",
    "write_output": "output",
    "Summary": "summary",
    "MAX_BATCH": "run",
    "Screening": "run",
    "screen": "run",
    "EPILOG": "cli",
    "Progress": "cli",
    "add_screen_command": "cli",
    "main": "cli",
    "run_screen": "cli",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _CallableModule(types.ModuleType):
    """``skillgap.screen(...)`` works although ``skillgap.screen`` is also this package."""

    def __call__(self, *args: Any, **kwargs: Any) -> Screening:
        from .run import screen

        return screen(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = [
    "DASK_INSTALL",
    "EPILOG",
    "FSSPEC_INSTALL",
    "JOURNAL_SUFFIX",
    "MAX_BATCH",
    "OUTPUT_FORMATS",
    "ROW_FORMAT",
    "STATUSES",
    "SYNC_EVERY",
    "Done",
    "Item",
    "Journal",
    "Progress",
    "Ref",
    "ScreenRow",
    "Screening",
    "Summary",
    "WorkerCrashed",
    "add_screen_command",
    "analyse_batch",
    "analyse_item",
    "csv_safe",
    "journal_path",
    "list_inputs",
    "main",
    "output_format",
    "read_journal",
    "run_screen",
    "safe_member_name",
    "screen",
    "sort_rows",
    "write_output",
]
