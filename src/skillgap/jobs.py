"""Job postings: what a posting asks for, what is required, and how a résumé meets it.

    posting = read_posting(Path("job.txt"))          # or read_posting("pasted text ...")
    match = match_job(posting, extraction, profile, role="ml_engineer", timeline=timeline)

Decisions:

* **Skills** are found with the same extractor as résumés: the role's skills and the
  shared technologies (Go, Ruby...) the role taxonomy lacks.
* **Required or nice to have** is decided per mention, most specific first: a cue in the
  mention's clause ("Python is a must", "Go is a plus", "ideally Rust"); else the
  posting's heading above it ("Requirements", "Nice to have", "Bonus points",
  "Preferred qualifications"); else *required*, since postings list what they need. A
  skill required anywhere in the posting is required. Skills under "Benefits" or
  "About us" are not asked for.
* **Met** means the résumé shows the skill at all; its credit follows the evidence
  strength as in scoring (used 1.0, listed 0.6, course 0.4). A shared technology the
  role does not know is matched by the extractor and, failing that, literally (the
  posting's word, on word boundaries) in the résumé's text.
* **The score** is the credit-weighted share of what is asked, required skills
  counting double nice-to-have ones.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from .documents import read_document, read_text
from .experience import Timeline
from .extract import get_extractor
from .models import Document, Extraction, JobMatch, JobSkill, Mention, Profile, SkillMatch
from .profile import mention_strength, skill_evidence
from .score import STRENGTH_CREDIT, section_strength, skill_credit
from .taxonomy import load_role

JobSource = str | os.PathLike[str] | bytes | BinaryIO | Document

REQUIRED_WEIGHT = 1.0
NICE_WEIGHT = 0.5

_NICE = re.compile(
    r"\b(?:nice[- ]to[- ]haves?|good[- ]to[- ]haves?|bonus(?:es)?(?: points)?|(?:a|big|huge) plus"
    r"|pluses|preferred|preferably|ideally|desirable|desired|would be (?:great|nice|a plus)"
    r"|not (?:required|necessary|a must)|optional|extra credit|is an advantage|an asset)\b"
    r"|\bplus\b(?=\s*[.!)]|\s*$)",
    re.IGNORECASE,
)
_REQUIRED = re.compile(
    r"\b(?:must(?:[- ]haves?)?|required|requirements?|mandatory|essential|you have|you bring"
    r"|you(?:'|’)ll need|you will need|we expect|minimum|basic qualifications|qualifications"
    r"|what we(?:'|’)re looking for|who you are|strong|proficien(?:t|cy)|solid|expert)\b",
    re.IGNORECASE,
)
_IGNORED = re.compile(
    r"\b(?:benefits|perks|what we offer|we offer|about us|about the company|equal opportunity"
    r"|compensation|salary)\b",
    re.IGNORECASE,
)
_KNOWN_HEADING = re.compile(
    r"(?:(?:basic|minimum|preferred|key|required|desired)\s+)?(?:requirements|qualifications"
    r"|skills|must[- ]haves?|nice[- ]to[- ]haves?|good[- ]to[- ]haves?|bonus(?: points)?"
    r"|pluses|responsibilities|benefits|perks|about us|about the (?:role|team|company)"
    r"|what you(?:'|’)ll do|what you will do|what you(?:'|’)ll bring|what you bring"
    r"|what we(?:'|’)re looking for|who you are|you have|your profile|the role"
    r"|what we offer|how to apply|tech stack|our stack)",
    re.IGNORECASE,
)
_HEADING_MARKS = re.compile(r"^\s*(?:#{1,6}\s*|\*\*|__)?(.*?)(?:\*\*|__)?\s*:?\s*$")
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)|\s[–—]\s")


def read_posting(source: JobSource, *, name: str | None = None) -> Document:
    """A posting as a Document: text (``str``), a path (``os.PathLike``), bytes or a stream.

    A plain ``str`` is the posting's text, never a file name: pass ``Path(...)`` for a file.
    """
    if isinstance(source, Document):
        return source
    if isinstance(source, str):
        fmt = "md" if re.search(r"^\s*#{1,6}\s", source, re.MULTILINE) else "txt"
        return read_text(source, name=name or "<job posting>", format=fmt)
    if isinstance(source, os.PathLike):
        return read_document(Path(source), name=name)
    return read_document(source, name=name)


def match_job(
    posting: Document,
    extraction: Extraction,
    profile: Profile,
    *,
    role: str = "ml_engineer",
    timeline: Timeline | None = None,
) -> JobMatch:
    """What ``posting`` asks for, split into required and nice to have, met by the résumé."""
    asked = get_extractor(role).extract(posting)
    headings = _headings(posting.text)
    work = [r for r in (timeline.roles if timeline else ()) if r.kind != "education"]
    cv_tech = {t.id: t for t in extraction.technologies}
    found: list[JobSkill] = []
    for match, in_role in _asked(asked, headings, role):
        decided = [
            d
            for d in (_requirement(posting.text, m, headings) for m in match.mentions)
            if d is not None
        ]
        if not decided:
            continue
        is_required = any(r for r, _, _ in decided)
        _, cue, line = next(d for d in decided if d[0] == is_required)
        if in_role:
            ev = profile.skill(match.id)
            strength = ev.strength if ev else "none"
            credit = skill_credit(ev)
            cv_line = ev.line if ev else ""
        else:
            strength, credit, cv_line = _technology(match, cv_tech.get(match.id), extraction, work)
        found.append(
            JobSkill(
                id=match.id,
                name=match.name,
                required=is_required,
                in_role=in_role,
                cue=cue,
                line=line,
                met=credit > 0,
                strength=strength,
                credit=credit,
                cv_line=cv_line,
            )
        )
    required = tuple(s for s in found if s.required)
    nice = tuple(s for s in found if not s.required)
    weight = REQUIRED_WEIGHT * len(required) + NICE_WEIGHT * len(nice)
    got = REQUIRED_WEIGHT * sum(s.credit for s in required) + NICE_WEIGHT * sum(
        s.credit for s in nice
    )
    value = min(1.0, got / weight) if weight else 0.0
    return JobMatch(
        source=posting.source,
        required=required,
        nice_to_have=nice,
        required_met=sum(1 for s in required if s.met),
        nice_to_have_met=sum(1 for s in nice if s.met),
        score=value,
        why=_why(required, nice, value),
    )


def _asked(
    asked: Extraction, headings: list[tuple[int, str, str]], role: str
) -> list[tuple[SkillMatch, bool]]:
    """The skills and technologies the posting names, in taxonomy order, with ``in_role``.

    A posting's list of requirements is the context an ambiguous name needs: "Go" or
    "Ruby" rejected for want of a cue nearby is taken back when it stands under a
    requirements or nice-to-have heading, or in a clause that says must, a plus, etc.
    """
    text = asked.document.text
    taken: dict[str, list[Mention]] = {}
    for m in asked.rejected:
        note = m.note or ""
        if not (note.startswith("no ") and note.endswith("nearby")):
            continue
        decided = _requirement(text, m, headings)
        if decided is not None and not decided[1].startswith("(default"):
            taken.setdefault(m.skill_id, []).append(m)
    pairs = [(s, True) for s in asked.skills] + [(t, False) for t in asked.technologies]
    if not taken:
        return pairs
    known = {m.id: m for m, _ in pairs}
    taxonomy = load_role(role)
    role_ids = set(taxonomy.skill_ids)
    out = []
    for skill in (*taxonomy.skills, *taxonomy.technologies):
        if skill.id not in known and skill.id not in taken:
            continue
        old = known[skill.id].mentions if skill.id in known else ()
        mentions = tuple(sorted((*old, *taken.get(skill.id, ())), key=lambda m: m.start))
        match = SkillMatch(skill.id, skill.name, skill.category, mentions)
        out.append((match, skill.id in role_ids))
    return out


# ------------------------------------------------------------- requirement


def _headings(text: str) -> list[tuple[int, str, str]]:
    """(offset, kind, heading) of the posting's headings: required, nice, ignored or other."""
    found = []
    pos = 0
    for raw in text.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        heading = _as_heading(raw)
        if heading is None:
            continue
        if _NICE.search(heading):
            kind = "nice"
        elif _IGNORED.search(heading):
            kind = "ignored"
        elif _REQUIRED.search(heading) or re.search(r"\bskills?\b|\bexperience\b", heading, re.I):
            kind = "required"
        else:
            kind = "other"
        found.append((start, kind, heading))
    return found


def _as_heading(line: str) -> str | None:
    """The heading a line is, or None: short, no sentence, marked by #, **, a colon or capitals."""
    stripped = line.strip()
    if (
        not stripped
        or len(stripped) > 60
        or stripped[0] in "-*•–·"
        and not stripped.startswith("**")
    ):
        return None
    match = _HEADING_MARKS.match(stripped)
    body = (match.group(1) if match else stripped).strip(" *_#:")
    if not body or len(body.split()) > 7 or body.endswith("."):
        return None
    marked = stripped.startswith(("#", "**", "__")) or stripped.endswith(":") or body.isupper()
    # Markdown read from a file has lost its marks: a short line that is a known heading
    known = len(body.split()) <= 5 and bool(_KNOWN_HEADING.fullmatch(body))
    return body if marked or known else None


def _requirement(
    text: str, mention: Mention, headings: list[tuple[int, str, str]]
) -> tuple[bool, str, str] | None:
    """(required, the cue that decided, the line), or None when not asked for."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end].strip()
    clause = _clause(text, line_start, line_end, mention.start, mention.end)
    nice = _NICE.search(clause)
    if nice:
        return False, nice.group(0), line
    need = _REQUIRED.search(clause)
    if need and not _as_heading(line):
        return True, need.group(0), line
    above = [h for h in headings if h[0] <= mention.start]
    # a heading on the mention's own line ("Nice to have: Go") counts as above
    for _, kind, heading in reversed(above):
        if kind == "ignored":
            return None
        if kind in ("required", "nice"):
            return kind == "required", heading, line
        if kind == "other":
            break
    return True, "(default: a posting lists what it needs)", line


def _clause(text: str, line_start: int, line_end: int, start: int, end: int) -> str:
    """The clause of the line around [start, end): between sentence marks or dashes."""
    before = text[line_start:start]
    cuts = [m.end() for m in _CLAUSE_END.finditer(before)]
    first = line_start + (cuts[-1] if cuts else 0)
    after = _CLAUSE_END.search(text, end, line_end)
    last = after.start() + 1 if after else line_end
    clause = text[first:last]
    # "Nice to have: Go, Rust" -> the label before a colon speaks for the whole line
    label = text[line_start:line_end].split(":", 1)[0] if ":" in text[line_start:start] else ""
    return f"{label} {clause}" if label else clause


# ---------------------------------------------------------------- matching


def _technology(
    asked: SkillMatch, cv: SkillMatch | None, extraction: Extraction, work: list
) -> tuple[str, float, str]:
    """Strength, credit and line of a technology outside the role, in the résumé."""
    if cv is not None:
        ev = skill_evidence(cv.id, cv.name, "", cv.mentions, work)
        return ev.strength, skill_credit(ev), ev.line
    text = extraction.document.text
    for word in _literal_words(asked):
        flags = 0 if len(word) <= 3 else re.IGNORECASE
        hit = re.search(r"(?<![\w.+#-])" + re.escape(word) + r"(?![\w+#]|\.\w)", text, flags)
        if hit:
            m = Mention(
                asked.id, hit.group(0), hit.start(), hit.end(),
                extraction.document.section_at(hit.start()), "exact", 1.0,
                _line(text, hit.start()),
            )  # fmt: skip
            strength = mention_strength(m, work)
            return strength, STRENGTH_CREDIT[strength], m.sentence
    return "none", 0.0, ""


def _literal_words(asked: SkillMatch) -> Iterable[str]:
    seen = []
    for word in (asked.name, *(m.surface for m in asked.mentions)):
        if word and word not in seen:
            seen.append(word)
    return seen


def _line(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return " ".join(text[start : len(text) if end == -1 else end].split())


def _why(
    required: tuple[JobSkill, ...], nice: tuple[JobSkill, ...], value: float
) -> tuple[str, ...]:
    if not required and not nice:
        return ("The posting names no skill skillgap knows; the score is 0.",)
    lines = [
        f"Score {value:.2f}: credit of the skills asked, required counting "
        f"{REQUIRED_WEIGHT / NICE_WEIGHT:g}x nice to have (used 1.0, listed 0.6, course 0.4)."
    ]
    met = [s.name for s in required if s.met]
    missing = [s.name for s in required if not s.met]
    lines.append(f"Required met ({len(met)}/{len(required)}): {', '.join(met) or '-'}")
    if missing:
        lines.append(f"Required missing: {', '.join(missing)}")
    nice_met = [s.name for s in nice if s.met]
    if nice:
        lines.append(
            f"Nice to have met ({len(nice_met)}/{len(nice)}): {', '.join(nice_met) or '-'}"
        )
    return tuple(lines)


__all__ = ["JobSource", "match_job", "read_posting", "section_strength"]
