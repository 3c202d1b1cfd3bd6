"""The ``skillgap`` command: a thin shell over the library.

Exit codes are stable (see ``errors.EXIT_CODES`` and the README): 0 when every
input was analysed; otherwise the code of the first input that failed, after
all the others were still analysed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .errors import EXIT_CODES, SkillgapError, exit_code
from .models import Document

# The analysis stack (spaCy, scikit-learn) is imported when a command needs it:
# `skillgap --help` and `skillgap roles` stay instant, and `analyze` starts the
# isolated reader before loading spaCy so that the two start-ups overlap.
if TYPE_CHECKING:
    from .analysis import Analysis
from .taxonomy import DEFAULT_ROLE, available_roles, load_role

FORMATS = ("table", "json", "jsonl", "markdown", "html")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, for example 2026-11-27"
        ) from None


def _add_advice_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--role", default=DEFAULT_ROLE, help="role id or role file (default: %(default)s)"
    )
    parser.add_argument(
        "--target-level",
        metavar="LEVEL",
        help="score against this level of the role's ladder (default: the estimated level; "
        "see `skillgap roles`)",
    )
    parser.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the date 'Present' means, for reproducible runs (default: today)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="skillgap",
        description="Find a target role's skills in résumés, with the evidence for each.",
        epilog="Example: skillgap analyze cv.pdf --format json",
    )
    parser.add_argument("--version", action="version", version=f"skillgap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    analyze = commands.add_parser(
        "analyze",
        aliases=["analyse"],
        help="analyse résumés (PDF, DOCX, TXT, Markdown)",
        description="Analyse one or more résumés against a role: skills with evidence, "
        "level, scores, gaps, quick wins and a learning plan.",
        epilog="Example: skillgap analyze cv.pdf --job posting.txt --today 2026-11-27 "
        "--format html > report.html",
    )
    analyze.add_argument("files", nargs="+", metavar="FILE", help="résumé files to analyse")
    _add_advice_options(analyze)
    analyze.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (for people), json (one object, or a list for several files), "
        "jsonl (one object per line, in input order), markdown, html (one printable "
        "page; one FILE only)",
    )
    analyze.add_argument(
        "--job", metavar="FILE", help="a job posting (PDF, DOCX, TXT, Markdown) to match against"
    )
    analyze.add_argument(
        "--notes", metavar="FILE", help="a text file of coach notes for the markdown/html report"
    )
    analyze.set_defaults(run=_run_analyze)

    cmp = commands.add_parser(
        "compare",
        help="compare two versions of a résumé",
        description="Show what changed between two versions of a résumé: skills gained and "
        "lost, evidence that got stronger or weaker, and the scores before and after.",
        epilog="Example: skillgap compare cv-2025.pdf cv-2026.pdf --today 2026-11-27",
    )
    cmp.add_argument("old", metavar="OLD", help="the earlier résumé")
    cmp.add_argument("new", metavar="NEW", help="the later résumé")
    _add_advice_options(cmp)
    cmp.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    cmp.set_defaults(run=_run_compare)

    ev = commands.add_parser(
        "eval",
        help="measure skill extraction against gold labels",
        description="Print micro precision, recall and F1 over (résumé, skill) pairs, "
        "per-skill figures and every false positive and false negative.",
        epilog="Example: skillgap eval ../shared/eval/dev.jsonl",
    )
    ev.add_argument("labels", metavar="LABELS.jsonl", help="labels file (items with text or file)")
    ev.add_argument("--role", default=DEFAULT_ROLE, help="role id (default: %(default)s)")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.set_defaults(run=_run_eval)

    roles = commands.add_parser(
        "roles",
        help="list the roles found",
        description="List every role file found, with its skill categories.",
        epilog="Example: skillgap roles",
    )
    roles.set_defaults(run=_run_roles)
    from .screen.cli import add_screen_command  # the screen command lives in screen/cli.py

    add_screen_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return int(args.run(args, sys.stdout))
    except SkillgapError as err:
        print(f"skillgap: {err.message}", file=sys.stderr)
        return exit_code(err.code)
    except KeyboardInterrupt:
        return 130


def _analyse_one(path: str, role: str, **options: Any) -> tuple[Analysis | None, dict[str, Any]]:
    from .analysis import analyse

    try:
        analysis = analyse(path, role=role, **options)
    except SkillgapError as err:
        return None, {"source": path, "error": err.to_dict()}
    except Exception as err:  # a bug: report it in the row, keep going with the rest
        message = f"{path}: internal error {type(err).__name__}: {err} (please report this)"
        return None, {"source": path, "error": {"code": "error", "message": message}}
    return analysis, analysis.to_dict()


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """The analysis options of ``analyze`` and ``compare``, checked once before any file."""
    role = load_role(args.role)  # an unknown role fails once, before any file is read
    if args.target_level is not None:
        role.level(args.target_level)  # ... and so does an unknown level
    return {"today": args.today, "target_level": args.target_level}


def _read_job(path: str | None) -> Document | None:
    if path is None:
        return None
    from .jobs import read_posting

    return read_posting(Path(path))


def _run_analyze(args: argparse.Namespace, out: TextIO) -> int:
    options = _options(args)
    if args.format == "html" and len(args.files) > 1:
        print(
            "skillgap: --format html makes one page per résumé: pass one FILE "
            "(for several, run it once per file)",
            file=sys.stderr,
        )
        return 2
    from .isolation import warm_up

    warm_up()
    options["job"] = _read_job(args.job)
    notes = Path(args.notes).read_text(encoding="utf-8") if args.notes else ""
    status = 0
    results = []
    for path in args.files:
        analysis, obj = _analyse_one(path, args.role, **options)
        if "error" in obj:
            print(f"skillgap: {obj['error']['message']}", file=sys.stderr)
            status = status or exit_code(obj["error"]["code"])
        if args.format == "jsonl":
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
            out.flush()
        elif args.format == "table" and analysis is not None:
            out.write(format_table(analysis) + "\n")
        elif args.format in ("markdown", "html") and analysis is not None:
            from .report import to_html, to_markdown

            render = to_html if args.format == "html" else to_markdown
            out.write(render(analysis, notes=notes) + "\n")
        results.append(obj)
    if args.format == "json":
        payload: Any = results[0] if len(results) == 1 else results
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return status


def format_table(analysis: Analysis) -> str:
    """A plain-text view for people: skills by category, then the evidence."""
    ex = analysis.extraction
    doc = ex.document
    role = load_role(ex.role)
    sections = ", ".join(dict.fromkeys(s.name for s in doc.sections)) or "none found"
    p, sc = analysis.profile, analysis.scores
    lines = [
        f"{doc.source}  ({doc.format}, {doc.pages} page{'s' if doc.pages != 1 else ''}; "
        f"sections: {sections})",
        f"Role: {role.name}",
        f"Level: {p.level_name} ({p.years:g} years full-time)   "
        f"Overall: {sc.overall:.0%} for {sc.target_level_name}",
        "",
    ]
    width = max(len(c.name) for c in role.categories)
    for category in role.categories:
        found = [s for s in ex.skills if s.category == category.id]
        total = len(role.skills_in(category.id))
        names = ", ".join(s.name for s in found) or "-"
        cat = sc.category(category.id)
        lines.append(
            f"  {category.name:<{width}}  {cat.score:>4.0%}  {len(found):>2}/{total:<2} {names}"
        )
    if ex.technologies:
        lines.append(
            f"  {'Other tools':<{width}}              " + ", ".join(t.name for t in ex.technologies)
        )
    comp = sc.category("competencies")
    lines.append(f"  {comp.name:<{width}}  {comp.score:>4.0%}")
    if analysis.job is not None:
        job = analysis.job
        lines.append(
            f"  Job match: {job.score:.0%} (required {job.required_met}/{len(job.required)}, "
            f"nice to have {job.nice_to_have_met}/{len(job.nice_to_have)})"
        )
    if analysis.gaps:
        lines.append("  Top gaps: " + ", ".join(g.name for g in analysis.gaps[:5]))
    lines += ["", "Evidence:"]
    for skill in ex.skills:
        m = skill.mentions[0]
        how = m.method if m.method != "implied" else f"implied by {m.via}"
        more = f" (+{len(skill.mentions) - 1} more)" if len(skill.mentions) > 1 else ""
        lines.append(f"  {skill.name:<26} {how:<22} [{m.section}] {m.sentence[:90]}{more}")
    return "\n".join(lines)


def _run_compare(args: argparse.Namespace, out: TextIO) -> int:
    from .compare import compare, format_comparison

    options = _options(args)
    from .analysis import analyse

    old = analyse(args.old, role=args.role, **options)
    new = analyse(args.new, role=args.role, **options)
    result = compare(old, new)
    if args.format == "json":
        out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(format_comparison(result) + "\n")
    return 0


def _run_eval(args: argparse.Namespace, out: TextIO) -> int:
    from .evaluate import evaluate, format_report

    report = evaluate(args.labels, role=args.role)
    if args.json:
        out.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        out.write(format_report(report) + "\n")
    return 0


def _run_roles(args: argparse.Namespace, out: TextIO) -> int:
    for role_id, path in sorted(available_roles().items()):
        role = load_role(path)
        cats = ", ".join(c.name for c in role.categories)
        out.write(f"{role_id:<16} {role.name} ({len(role.skills)} skills: {cats})\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["EXIT_CODES", "build_parser", "main"]
