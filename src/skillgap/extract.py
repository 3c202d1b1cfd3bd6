"""Find the role's skills in a document, each with its evidence.

The pipeline is built once per process and role (:func:`get_extractor`):
``spacy.blank("en")`` with tokenizer rules for skill names
(:mod:`skillgap.tokenizer`), two ``PhraseMatcher``s (case-insensitive aliases
on ``LOWER``, case-sensitive ones on ``ORTH``), a few regular expressions for
forms no token matcher sees (profile links), and a rapidfuzz pass over the
words left unmatched for misspellings.

Each candidate then passes the rules of its alias: a token that must not follow
or precede it (``R&D``, ``Oracle Corporation``), a context that must confirm an
ambiguous name (``R``, ``Spark``, ``monitoring``), and negation or intent
("no experience with", "planning to learn"; :mod:`skillgap.english`, which
also keeps dictionary words from passing for misspelt names). Finally
implications are added (PySpark => spark and python; MySQL => sql).

Matching runs on the text with its whitespace condensed; each mention's offsets
are mapped back to the original and given its evidence line by
:mod:`skillgap.evidence`.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .english import inside, is_english_word, negated_spans
from .evidence import condense, evidence, original
from .models import Document, Extraction, Mention, SkillMatch
from .spacy_lite import Doc, PhraseMatcher
from .taxonomy import Alias, Context, Role, Skill, load_role
from .tokenizer import BULLETS, SPECIAL_TOKENS, blank_pipeline

__all__ = ["BULLETS", "SPECIAL_TOKENS", "Extractor", "extract", "get_extractor"]

_VERSION_SUFFIX = re.compile(r"[\d.]+$")
# Words the fuzzy pass looks at: letters, maybe a version ("Python3.10", "Tensorflw").
_WORD = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z0-9]{3,}(?:\.\d+)*(?![\w+#])")
_FUZZY_MIN_LEN = 6
_FUZZY_CUTOFF = 88.0


@dataclass(frozen=True, slots=True)
class _Target:
    """What a matched term says: which skill, and whether it names or implies it."""

    skill_id: str
    relation: str  # "alias" | "implied"
    alias: Alias
    canonical: bool  # the term is the skill's own name


@dataclass(slots=True)
class _Candidate:
    key: str
    start: int  # token span
    end: int


class Extractor:
    """Compiled matcher for one role. Build with :meth:`fit`, or use :func:`get_extractor`."""

    def __init__(self, role: Role) -> None:
        self.role = role

    # ------------------------------------------------------------ building
    def fit(self) -> Extractor:
        role = self.role
        self.nlp = blank_pipeline()
        self.skills: dict[str, Skill] = {s.id: s for s in (*role.skills, *role.technologies)}
        self.role_skill_ids = frozenset(s.id for s in role.skills)
        self.terms: dict[str, list[_Target]] = defaultdict(list)
        self.ci_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.cs_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for skill in self.skills.values():
            for alias in skill.aliases:
                self._add_term(skill, alias, "alias")
            for alias in skill.implied_by:
                self._add_term(skill, alias, "implied")
        self.patterns = [
            (re.compile(p), skill.id) for skill in self.skills.values() for p in skill.patterns
        ]
        self._build_fuzzy_index()
        return self

    def _add_term(self, skill: Skill, alias: Alias, relation: str) -> None:
        key = ("cs:" + alias.term) if alias.case_sensitive else ("ci:" + alias.term.lower())
        canonical = alias.term.lower() == skill.name.lower()
        if key not in self.terms:
            if alias.case_sensitive:
                self.cs_matcher.add(key, [self.nlp.make_doc(alias.term)])
            else:
                # LOWER matching makes case variants equal, except where the
                # tokenizer splits by case (special cases, "R." and the like).
                variants = {alias.term, alias.term.lower()}
                docs = {tuple(t.lower_ for t in self.nlp.make_doc(v)): v for v in variants}
                self.ci_matcher.add(key, [self.nlp.make_doc(v) for v in docs.values()])
        self.terms[key].append(_Target(skill.id, relation, alias, canonical))

    def _build_fuzzy_index(self) -> None:
        """Single-word, unambiguous terms long enough to be recognised when misspelt."""
        self.exact_words: dict[str, str] = {}
        fuzzy: dict[str, str] = {}
        for key, targets in self.terms.items():
            if not key.startswith("ci:") or " " in key:
                continue
            word = key[3:]
            if not all(t.alias.needs is None for t in targets):
                continue
            self.exact_words[word] = key
            if (
                len(word) >= _FUZZY_MIN_LEN
                and word.isalpha()
                and all(t.alias.fuzzy for t in targets)
            ):
                fuzzy[word] = key
        self.fuzzy_words = fuzzy
        self.fuzzy_choices = list(fuzzy)

    # ----------------------------------------------------------- extracting
    def extract(self, document: Document) -> Extraction:
        text = document.text
        condensed, offsets = condense(text)
        doc = self.nlp.make_doc(condensed)
        doc.user_data["offsets"] = offsets
        candidates = self._candidates(doc)
        negated = negated_spans(text)
        accepted: list[tuple[_Candidate, _Target]] = []
        rejected: list[Mention] = []
        confirmed_tokens = self._unambiguous_positions(candidates)
        for cand in candidates:
            for target in self.terms[cand.key]:
                why_not = self._rejection(doc, document, cand, target, confirmed_tokens)
                if why_not is None and inside(original(doc, doc[cand.start].idx), negated):
                    why_not = "negated or only intended"
                if why_not is None:
                    accepted.append((cand, target))
                else:
                    rejected.append(self._mention(doc, document, cand, target, note=why_not))
        mentions = [self._mention(doc, document, c, t) for c, t in accepted]
        mentions += self._fuzzy_mentions(doc, document, candidates, negated)
        mentions += self._pattern_mentions(doc, document, negated)
        mentions = self._with_implications(mentions)
        return self._assemble(document, mentions, rejected)

    def _candidates(self, doc: Doc) -> list[_Candidate]:
        vocab = self.nlp.vocab.strings
        raw = [
            _Candidate(vocab[mid], start, end)
            for matcher in (self.ci_matcher, self.cs_matcher)
            for mid, start, end in matcher(doc)
        ]
        # Longest match wins ("Java Script" over "Java", "Spark SQL" over "SQL").
        raw.sort(key=lambda c: (c.start - c.end, c.start))
        taken: set[int] = set()
        chosen: list[_Candidate] = []
        for cand in raw:
            span = range(cand.start, cand.end)
            if any(i in taken for i in span):
                if any(
                    c.start == cand.start and c.end == cand.end for c in chosen
                ):  # same span, another term (case-sensitive and -insensitive forms)
                    chosen.append(cand)
                continue
            taken.update(span)
            chosen.append(cand)
        chosen.sort(key=lambda c: c.start)
        return chosen

    def _unambiguous_positions(self, candidates: list[_Candidate]) -> dict[int, set[str]]:
        """Token index -> ids of skills named there by a term that needs no context."""
        found: dict[int, set[str]] = {}
        for cand in candidates:
            ids = {t.skill_id for t in self.terms[cand.key] if t.alias.needs is None}
            if ids:
                found[cand.start] = ids
        return found

    def _rejection(
        self,
        doc: Doc,
        document: Document,
        cand: _Candidate,
        target: _Target,
        confirmed: dict[int, set[str]],
    ) -> str | None:
        alias = target.alias
        after = doc[cand.end].text if cand.end < len(doc) else ""
        before = doc[cand.start - 1].text if cand.start > 0 else ""
        if after and (after in alias.not_before or after.lower() in alias.not_before):
            return f"followed by {after!r}"
        if before and (before in alias.not_after or before.lower() in alias.not_after):
            return f"preceded by {before!r}"
        if len(alias.term) == 1 and _looks_like_initial(doc, cand.start):
            return "an initial, not a skill"
        if _is_cited_author(doc, cand.end):
            return "an author's surname in a citation"
        if alias.needs is not None:
            context = self.role.contexts[alias.needs]
            if not self._confirmed(doc, document, cand, context, confirmed):
                return f"no {alias.needs} nearby"
        return None

    def _confirmed(
        self,
        doc: Doc,
        document: Document,
        cand: _Candidate,
        context: Context,
        confirmed: dict[int, set[str]],
    ) -> bool:
        lo, hi = _line_window(doc, cand.start, cand.end, context.window, document.text)
        words = {t.lower_ for t in doc[lo:hi]} - {t.lower_ for t in doc[cand.start : cand.end]}
        window_text = doc[lo:hi].text.lower()
        if any(_has_cue(cue, words, window_text) for cue in context.anti_cues):
            return False
        if any(_has_cue(cue, words, window_text) for cue in context.cues):
            return True
        if not context.lists:
            return False
        offset = original(doc, doc[cand.start].idx)
        if not context.neighbours and document.section_at(offset) == "skills":
            return True
        # A name standing in a list of other technologies is one of them; the
        # list may be separated by bullets ("Docker · Kubernetes · S3").
        lo, hi = _line_window(
            doc, cand.start, cand.end, context.window, document.text, through_bullets=True
        )
        wanted = set(context.neighbours)
        return any(
            lo <= i < hi and i != cand.start and (not wanted or ids & wanted)
            for i, ids in confirmed.items()
        )

    def _fuzzy_mentions(
        self,
        doc: Doc,
        document: Document,
        candidates: list[_Candidate],
        negated: list[tuple[int, int]],
    ) -> list[Mention]:
        # Scan words with a regex rather than spaCy tokens: building Token
        # objects for every word costs more than the whole phrase match.
        covered = {i for c in candidates for i in range(c.start, c.end)}
        mentions = []
        for word in _WORD.finditer(doc.text):
            hit = self._fuzzy_lookup(word.group().lower())
            if hit is None:
                continue
            span = doc.char_span(word.start(), word.end(), alignment_mode="expand")
            if span is None or len(span) != 1 or span.start in covered:
                continue
            if inside(original(doc, span.start_char), negated):
                continue
            key, score = hit
            cand = _Candidate(key, span.start, span.end)
            for target in self.terms[key]:
                method = "alias" if score >= 100 else "fuzzy"
                confidence = 0.95 if score >= 100 else round(0.85 * score / 100, 3)
                mentions.append(
                    self._mention(doc, document, cand, target, method=method, confidence=confidence)
                )
        return mentions

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one extractor per role lives for the process
    def _fuzzy_lookup(self, word: str) -> tuple[str, float] | None:
        """Map a word to a term: a versioned form ("python3.10") or a misspelling."""
        base = _VERSION_SUFFIX.sub("", word)
        if base != word and base in self.exact_words:
            return self.exact_words[base], 100.0
        if len(base) < _FUZZY_MIN_LEN or not base.isalpha():
            return None
        found = process.extractOne(
            base, self.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
        )
        if found is None:
            return None
        choice, score, _ = found
        # A misspelling keeps the first letters and about the length; a word that
        # is a whole prefix of a name is an ordinary word ("document"/"DocumentDB",
        # "fluent"/"Fluentd"), not a typo.
        if choice[:2] != base[:2] or abs(len(choice) - len(base)) > 1:
            return None
        if choice.startswith(base) or base.startswith(choice) or is_english_word(base):
            return None
        return self.fuzzy_words[choice], score

    def _pattern_mentions(
        self, doc: Doc, document: Document, negated: list[tuple[int, int]]
    ) -> list[Mention]:
        mentions = []
        for pattern, skill_id in self.patterns:
            for m in pattern.finditer(document.text):
                if inside(m.start(), negated):
                    continue
                mentions.append(
                    Mention(
                        skill_id=skill_id,
                        surface=m.group(0),
                        start=m.start(),
                        end=m.end(),
                        section=document.section_at(m.start()),
                        method="alias",
                        confidence=0.9,
                        sentence=evidence(document.text, m.start(), m.end()),
                    )
                )
        return mentions

    def _mention(
        self,
        doc: Doc,
        document: Document,
        cand: _Candidate,
        target: _Target,
        *,
        method: str | None = None,
        confidence: float | None = None,
        note: str | None = None,
    ) -> Mention:
        span = doc[cand.start : cand.end]
        start, end = original(doc, span.start_char), original(doc, span.end_char - 1) + 1
        if method is None:
            if target.relation == "implied":
                method = "implied"
            else:
                method = "exact" if target.canonical else "alias"
        if confidence is None:
            confidence = {"exact": 1.0, "alias": 0.95, "implied": 0.8}[method]
            if target.alias.needs is not None:
                confidence -= 0.1
        return Mention(
            skill_id=target.skill_id,
            surface=document.text[start:end],
            start=start,
            end=end,
            section=document.section_at(start),
            method=method,
            confidence=round(confidence, 3),
            sentence=evidence(document.text, start, end),
            via=document.text[start:end] if method == "implied" else None,
            note=note,
        )

    def _with_implications(self, mentions: list[Mention]) -> list[Mention]:
        """Add skills implied by other skills (MySQL => SQL), to a fixed point."""
        by_skill: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            by_skill[m.skill_id].append(m)
        changed = True
        while changed:
            changed = False
            for skill in self.skills.values():
                if skill.id in by_skill:
                    continue
                for source in skill.implied_by_skills:
                    if source in by_skill:
                        first = by_skill[source][0]
                        by_skill[skill.id].append(
                            Mention(
                                skill_id=skill.id,
                                surface=first.surface,
                                start=first.start,
                                end=first.end,
                                section=first.section,
                                method="implied",
                                confidence=round(min(first.confidence, 0.8), 3),
                                sentence=first.sentence,
                                via=source,
                            )
                        )
                        changed = True
                        break
        return [m for ms in by_skill.values() for m in ms]

    def _assemble(
        self, document: Document, mentions: list[Mention], rejected: list[Mention]
    ) -> Extraction:
        grouped: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            grouped[m.skill_id].append(m)
        order = {s.id: i for i, s in enumerate((*self.role.skills, *self.role.technologies))}
        skills: list[SkillMatch] = []
        others: list[SkillMatch] = []
        for skill_id in sorted(grouped, key=order.__getitem__):
            skill = self.skills[skill_id]
            found = sorted(_dedupe(grouped[skill_id]), key=lambda m: (m.start, m.method))
            match = SkillMatch(skill.id, skill.name, skill.category, tuple(found))
            (skills if skill_id in self.role_skill_ids else others).append(match)
        return Extraction(
            document=document,
            role=self.role.id,
            skills=tuple(skills),
            technologies=tuple(others),
            rejected=tuple(rejected),
        )


# ------------------------------------------------------------------ helpers


def _line_window(
    doc: Doc, start: int, end: int, window: int, text: str, *, through_bullets: bool = False
) -> tuple[int, int]:
    """Token range around [start, end) of at most ``window`` tokens each side,
    within the original line of the mention and, unless ``through_bullets``,
    within its bullet item (a cue in the next item says nothing of this one)."""
    first = original(doc, doc[start].idx)
    line_start = text.rfind("\n", 0, first) + 1
    line_end = text.find("\n", first)
    line_end = len(text) if line_end == -1 else line_end

    def on_line(i: int) -> bool:
        on = line_start <= original(doc, doc[i].idx) < line_end
        return on and (through_bullets or doc[i].text not in BULLETS)

    lo = start
    while lo > 0 and start - lo < window and on_line(lo - 1):
        lo -= 1
    hi = end
    while hi < len(doc) and hi - end < window and on_line(hi):
        hi += 1
    return lo, hi


def _has_cue(cue: str, words: set[str], window_text: str) -> bool:
    if " " in cue:
        return cue in window_text
    return cue in words


def _looks_like_initial(doc: Doc, i: int) -> bool:
    """``John R. Smith`` or ``R. Smith``: a one-letter name followed by a period and a name."""
    if i + 2 < len(doc) and doc[i + 1].text == "." and doc[i + 2].is_title:
        return True
    prev_is_name = i > 0 and doc[i - 1].is_title and doc[i - 1].is_alpha and len(doc[i - 1]) > 1
    next_is_name = i + 1 < len(doc) and doc[i + 1].is_title and doc[i + 1].is_alpha
    return prev_is_name and next_is_name


def _is_cited_author(doc: Doc, end: int) -> bool:
    """``Jenkins, S. P., & Rios-Avila, F. (2023)``: a name followed by a comma and
    an initial that is followed in turn by another initial, a comma, "&" or a
    bracket (so that "Python, R." ending a list stays a list)."""
    if end + 3 >= len(doc) or doc[end].text != "," or doc[end + 2].text != ".":
        return False
    initial, after = doc[end + 1].text, doc[end + 3].text
    if not (len(initial) == 1 and initial.isupper()) or initial + after == "AI":  # "A.I."
        return False
    return after in (",", "&", "(") or (len(after) == 1 and after.isupper())


def _dedupe(mentions: list[Mention]) -> Iterator[Mention]:
    """One mention per span: the strongest way it matched."""
    best: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        key = (m.start, m.end)
        if key not in best or m.confidence > best[key].confidence:
            best[key] = m
    return iter(best.values())


def get_extractor(role: str = "ml_engineer") -> Extractor:
    """The compiled extractor for a role (an id or a role file), built once per process."""
    return _compiled(load_role(role).path)


@functools.lru_cache(maxsize=16)
def _compiled(role_path: str) -> Extractor:
    return Extractor(load_role(role_path)).fit()


def extract(document: Document, *, role: str = "ml_engineer") -> Extraction:
    return get_extractor(role).extract(document)
