"""The ``skillgap screen`` command: its options, progress bar, summary and exit codes.

Kept light on purpose: ``skillgap`` builds this parser on every start (even for
``skillgap analyze``), so the engine (multiprocessing, archives, the readers,
Dask) is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .. import errors
from ..limits import Limits

EPILOG = """\
examples:
  skillgap screen cvs/ --out ranked.csv
  skillgap screen cvs/ applications.zip --require pytorch,docker --only-matching --out shortlist.csv
  skillgap screen cvs/ --blind --min-level senior --out blind.jsonl
  skillgap screen s3://bucket/cvs/ --scheduler tcp://10.0.0.5:8786 --out ranked.parquet

Killed or interrupted? Run the same command again: documents already in
OUT.journal.jsonl are not analysed twice.
"""


def add_screen_command(subparsers: Any) -> argparse.ArgumentParser:
    """The ``screen`` subcommand (kept here so that cli.py stays a thin shell)."""
    from ..taxonomy import DEFAULT_ROLE

    p = subparsers.add_parser(
        "screen",
        help="screen many résumés into one ranked table (resumable, parallel)",
        description="Screen files, folders, zip archives and fsspec URLs against a role or "
        "a job posting, and write one ranked row per document to a CSV, JSONL or Parquet file.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, .zip archives, URLs")
    p.add_argument(
        "--out",
        "-o",
        required=True,
        metavar="FILE",
        help="output file: .csv, .jsonl or .parquet (the journal goes beside it)",
    )
    p.add_argument(
        "--role", default=DEFAULT_ROLE, help="role id or role file (default: %(default)s)"
    )
    p.add_argument("--job", metavar="FILE", help="score against a job posting instead")
    p.add_argument(
        "--require",
        default="",
        metavar="SKILLS",
        help="must-have skills, comma separated (ids or names): adds a must_haves_met column",
    )
    p.add_argument(
        "--only-matching",
        action="store_true",
        help="keep only the résumés that have every --require skill",
    )
    p.add_argument("--min-level", metavar="LEVEL", help="keep only this level and above")
    p.add_argument(
        "--target-level",
        metavar="LEVEL",
        help="score every CV for this level (default: the role's middle rung, so that "
        "scores rank alike)",
    )
    p.add_argument(
        "--blind",
        action="store_true",
        help="remove names, e-mails, phones, addresses and links from every column",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="local worker processes (default: the number of cores; 0 = in this process)",
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster")
    p.add_argument(
        "--dask-local", type=int, metavar="N", help="start a local Dask cluster of N workers"
    )
    p.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="per-document time limit (default: SKILLGAP_SECONDS or 30)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    p.add_argument("--summary-json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=run_screen)
    return p


def run_screen(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``skillgap screen``: progress on stderr when it is a terminal, summary at the end."""
    from .run import screen  # the engine: loaded only when the command runs

    limits = Limits.from_env()
    if args.timeout is not None:
        limits = limits.override(seconds=args.timeout)
    try:
        run = screen(
            args.inputs,
            role=args.role,
            job=Path(args.job) if args.job else None,
            require=[args.require] if args.require else [],
            only_matching=args.only_matching,
            min_level=args.min_level,
            target_level=args.target_level,
            blind=args.blind,
            workers=args.workers,
            scheduler=args.scheduler,
            dask_local=args.dask_local,
            limits=limits,
            out=args.out,
        )
    except (ValueError, ImportError) as exc:
        print(f"skillgap screen: {exc}", file=sys.stderr)
        return 2
    progress = Progress(run.total, sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    with run:
        try:
            for _row in run:
                if progress:
                    progress.update(run.summary.done)
        except KeyboardInterrupt:
            if progress:
                progress.close()
            print(
                "skillgap screen: interrupted; run the same command again to finish",
                file=sys.stderr,
            )
            return 130
    if progress:
        progress.close()
    if args.summary_json:
        out.write(json.dumps(run.summary.to_dict(), indent=2) + "\n")
    elif not args.quiet:
        out.write(run.summary.format() + "\n")
    return 0


class Progress:
    """A one-line progress bar: count, rate and time left; redrawn at most 10 times a second."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.start = time.monotonic()
        self.last = 0.0

    def line(self, done: int, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        left = (self.total - done) / rate if rate > 0 else float("inf")
        eta = "--:--" if left == float("inf") else f"{int(left) // 60}:{int(left) % 60:02d}"
        width = 24
        filled = int(width * done / self.total) if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        return f"[{bar}] {done}/{self.total}  {rate:.1f} docs/s  {eta} left"

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done < self.total:
            return
        self.last = now
        self.stream.write("\r" + self.line(done, now))
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m skillgap.screen INPUT ... --out FILE`` (same as ``skillgap screen``)."""
    parser = argparse.ArgumentParser(prog="skillgap")
    add_screen_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["screen", *(sys.argv[1:] if argv is None else argv)])
    try:
        return run_screen(args, sys.stdout)
    except errors.SkillgapError as err:
        print(f"skillgap: {err.message}", file=sys.stderr)
        return errors.exit_code(err.code)
