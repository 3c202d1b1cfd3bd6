"""Find the role's skills in a document, each with its evidence.

The pipeline is built once per process and role (:func:`get_extractor`):
``spacy.blank("en")`` with tokenizer rules for skill names, two
``PhraseMatcher``s (case-insensitive aliases on ``LOWER``, case-sensitive ones
on ``ORTH``), a few regular expressions for forms no token matcher sees (profile
links), and a rapidfuzz pass over the words left unmatched for misspellings.

Each candidate then passes the rules of its alias: a token that must not follow
or precede it (``R&D``, ``Oracle Corporation``), a context that must confirm an
ambiguous name (``R``, ``Spark``, ``monitoring``), and negation or intent
("no experience with", "planning to learn"). Finally implications are added
(PySpark => spark and python; MySQL => sql).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .models import Document, Extraction, Mention, SkillMatch
from .spacy_lite import Doc, Language, PhraseMatcher, Tokenizer, spacy
from .taxonomy import Alias, Context, Role, Skill, load_role

# Characters that start a list item in résumés; they separate evidence lines.
BULLETS = "•▪●◦■►▸➢✓✔➤⦿∙·"

# Skill names the default tokenizer would split (or keep glued to neighbours).
SPECIAL_TOKENS = (
    "C#", "F#", "CI/CD", "A/B", "PL/SQL", "TCP/IP", "Pub/Sub", "C/C++", "R&D", "AT&T",
    "W&B", "P&L", "Q&A", "M&A", "UI/UX", "I/O",
)  # fmt: skip

# Negation and intent: a skill named after these, in the same clause, is not held.
_NEGATION = re.compile(
    r"\b(?:no|little|limited|zero|without)\s+(?:prior\s+|professional\s+|hands[- ]on\s+)?"
    r"(?:experience|exposure|knowledge|background)\b"
    r"|\bnot\s+(?:yet\s+)?(?:familiar|experienced|proficient|used|worked)\b"
    r"|\b(?:unfamiliar|never\s+(?:used|worked))\b"
    r"|\bha(?:ve|s)\s*(?:n['’]t|\s+not)\s+(?:yet\s+)?(?:used|worked)\b"
    r"|\b(?:plan(?:ning|s)?|hop(?:e|ing)|want(?:ing)?|would\s+like|eager|keen|aim(?:ing)?|"
    r"look(?:ing)?\s+forward|intend(?:ing)?|aspir(?:e|ing))\s+to\s+(?:learn|study|explore|pick\s+up)\b"
    r"|\binterested\s+in\s+learning\b|\bto\s+be\s+learn(?:ed|t)\b|\black(?:s|ing)?\b",
    re.IGNORECASE,
)
# A negation's scope ends at the end of its clause.
_CLAUSE_END = re.compile(r"[.;!?\n" + BULLETS + r"]|\bbut\b|\bhowever\b", re.IGNORECASE)

_VERSION_SUFFIX = re.compile(r"[\d.]+$")
# Words the fuzzy pass looks at: letters, maybe a version ("Python3.10", "Tensorflw").
_WORD = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z0-9]{3,}(?:\.\d+)*(?![\w+#])")
_FUZZY_MIN_LEN = 6
_FUZZY_CUTOFF = 88.0
_EVIDENCE_MAX = 240


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
        self.nlp = _blank_pipeline()
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
        condensed, offsets = _condense(text)
        doc = self.nlp.make_doc(condensed)
        doc.user_data["offsets"] = offsets
        candidates = self._candidates(doc)
        negated = _negated_spans(text)
        accepted: list[tuple[_Candidate, _Target]] = []
        rejected: list[Mention] = []
        confirmed_tokens = self._unambiguous_positions(candidates)
        for cand in candidates:
            for target in self.terms[cand.key]:
                why_not = self._rejection(doc, document, cand, target, confirmed_tokens)
                if why_not is None and _inside(_original(doc, doc[cand.start].idx), negated):
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
        offset = _original(doc, doc[cand.start].idx)
        if not context.neighbours and document.section_at(offset) == "skills":
            return True
        # A name standing in a list of other technologies is one of them.
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
            if _inside(_original(doc, span.start_char), negated):
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
        if choice.startswith(base) or base.startswith(choice) or _is_english_word(base):
            return None
        return self.fuzzy_words[choice], score

    def _pattern_mentions(
        self, doc: Doc, document: Document, negated: list[tuple[int, int]]
    ) -> list[Mention]:
        mentions = []
        for pattern, skill_id in self.patterns:
            for m in pattern.finditer(document.text):
                if _inside(m.start(), negated):
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
                        sentence=_evidence(document.text, m.start(), m.end()),
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
        start, end = _original(doc, span.start_char), _original(doc, span.end_char - 1) + 1
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
            sentence=_evidence(document.text, start, end),
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


def _blank_pipeline() -> Language:
    """``spacy.blank("en")`` with skillgap's tokenizer in place of English's.

    The tokenizer is named in the config, so spaCy builds only ours: building
    English's and then replacing it cost ~0.1 s of every start-up.
    """
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER}}})
    nlp.max_length = 5_000_000
    return nlp


_TOKENIZER = "skillgap.tokenizer.v1"


@spacy.registry.tokenizers(_TOKENIZER)
def _tokenizer_factory() -> Callable[[Language], Tokenizer]:
    return _skill_tokenizer


def _skill_tokenizer(nlp: Language) -> Tokenizer:
    """English's punctuation rules plus skillgap's, and only skillgap's special cases."""
    defaults = nlp.Defaults
    # Only skillgap's own special cases: English exceptions ("don't", "g.", "R.")
    # serve no skill, hide "Oracle 10g." and "Python, R." from the matcher, and
    # take a third of the start-up to load.
    rules: dict[str, list[dict[str, str]]] = {}
    for text in SPECIAL_TOKENS:
        for variant in {text, text.lower()}:
            rules[variant] = [{"ORTH": variant}]
    # Bullets glued to words ("training.•Python") and slashes between names
    # ("Vue.js/React") separate tokens; so do a comma with no space before a
    # name ("C++,Java"), a bracket glued to one ("AWS(S3, EC2)"), and a dash or
    # "://" closing a word ("Python- Experience", "Github:// name"). A period
    # after one capital letter is split off so
    # "Python, R." and "A/B." name their skills.
    # spaCy types these Optional (a language may have none); English has all three.
    if defaults.infixes is None or defaults.prefixes is None or defaults.suffixes is None:
        raise TypeError("spaCy's English defaults lack tokenizer prefixes, suffixes or infixes")
    infixes = [
        *defaults.infixes,
        r"[" + BULLETS + r"|/]",
        r"(?<=[^\s,]),(?=[A-Za-z])",
        r"(?<=\w)[(\[](?=\w)",
    ]
    prefixes = [*defaults.prefixes, r"[" + BULLETS + r"]"]
    suffixes = [*defaults.suffixes, r"-+", r":/*", r"(?<=(?<![A-Za-z])[A-Z])\."]
    return Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=spacy.util.compile_prefix_regex(prefixes).search,
        suffix_search=spacy.util.compile_suffix_regex(suffixes).search,
        infix_finditer=spacy.util.compile_infix_regex(infixes).finditer,
        token_match=defaults.token_match,
        url_match=_web_address_match(defaults.url_match),
    )


def _web_address_match(url_match: Callable[[str], object] | None) -> Callable[[str], object]:
    """spaCy's URL rule, minus "Vue.js/React" and "Node.js/Express".

    spaCy takes any "name.letters/path" for a web address, so a slash between
    two JavaScript frameworks made one token and neither was found. Without a
    scheme or "www.", a web address here needs a lowercase top-level domain
    that is not "js" ("github.com/jdoe" stays whole; "ASP.NET/C#" splits).
    """

    def match(text: str) -> object:
        found = url_match(text) if url_match is not None else None
        if found is None or "://" in text or text.lower().startswith("www."):
            return found
        domain = text.split("/", 1)[0].rsplit(".", 1)[-1]
        return found if domain.islower() and domain != "js" else None

    return match


# Whitespace other than one space: spaCy would make it a token of its own and
# no phrase could match across a wrapped line ("online\n  controlled experiments").
_WHITESPACE_RUN = re.compile(r"\s{2,}|[^\S ]")


def _condense(text: str) -> tuple[str, tuple[list[int], list[int]]]:
    """The text with each whitespace run made one space (a blank line: one newline),
    and breakpoints to map its offsets back to the original."""
    pieces: list[str] = []
    new_starts: list[int] = []
    old_starts: list[int] = []
    old = new = 0
    for m in _WHITESPACE_RUN.finditer(text):
        pieces.append(text[old : m.start()])
        new += m.start() - old
        pieces.append("\n" if m.group().count("\n") >= 2 else " ")
        new += 1
        old = m.end()
        new_starts.append(new)
        old_starts.append(old)
    if not new_starts:
        return text, ([], [])
    pieces.append(text[old:])
    return "".join(pieces), (new_starts, old_starts)


def _original(doc: Doc, offset: int) -> int:
    new_starts, old_starts = doc.user_data["offsets"]
    k = bisect.bisect_right(new_starts, offset) - 1
    if k < 0:
        return offset
    return old_starts[k] + (offset - new_starts[k])


def _negated_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _NEGATION.finditer(text):
        end = _CLAUSE_END.search(text, m.end())
        spans.append((m.start(), end.start() if end else len(text)))
    return spans


def _inside(offset: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


def _line_window(doc: Doc, start: int, end: int, window: int, text: str) -> tuple[int, int]:
    """Token range around [start, end) of at most ``window`` tokens each side,
    within the original line of the mention."""
    first = _original(doc, doc[start].idx)
    line_start = text.rfind("\n", 0, first) + 1
    line_end = text.find("\n", first)
    line_end = len(text) if line_end == -1 else line_end

    def inside(i: int) -> bool:
        return line_start <= _original(doc, doc[i].idx) < line_end and doc[i].text not in BULLETS

    lo = start
    while lo > 0 and start - lo < window and inside(lo - 1):
        lo -= 1
    hi = end
    while hi < len(doc) and hi - end < window and inside(hi):
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


def _evidence(text: str, start: int, end: int) -> str:
    """The line (or, for long lines, the sentence) around a mention, trimmed.

    A bullet wrapped over several lines (PDF and plain-text CVs wrap at the
    page width) is taken whole: a line that does not end a sentence continues
    on a next line that starts in lower case or with a digit.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    while line_end < len(text) and line_end - line_start < _EVIDENCE_MAX:
        nxt = text[line_end + 1 : line_end + 40].lstrip(" \t")[:1]
        if not (nxt.islower() or nxt.isdigit()) or text[line_end - 1 : line_end] in ".!?;:":
            break
        following = text.find("\n", line_end + 1)
        line_end = len(text) if following == -1 else following
    while line_start > 0 and text[line_start : line_start + 1].islower():
        previous = text.rfind("\n", 0, line_start - 1) + 1
        if text[line_start - 2 : line_start - 1] in ".!?;:" or start - previous > _EVIDENCE_MAX:
            break
        line_start = previous
    if line_end - line_start > _EVIDENCE_MAX:
        for sep in BULLETS + ".;":
            cut = text.rfind(sep, line_start, start)
            if cut != -1 and start - cut < _EVIDENCE_MAX:
                line_start = max(line_start, cut + 1)
            cut = text.find(sep, end, line_end)
            if cut != -1:
                line_end = min(line_end, cut + 1)
    if line_end - line_start > _EVIDENCE_MAX:
        half = _EVIDENCE_MAX // 2
        line_start = max(line_start, start - half)
        line_end = min(line_end, end + half)
    return " ".join(text[line_start:line_end].split())


def _dedupe(mentions: list[Mention]) -> Iterator[Mention]:
    """One mention per span: the strongest way it matched."""
    best: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        key = (m.start, m.end)
        if key not in best or m.confidence > best[key].confidence:
            best[key] = m
    return iter(best.values())


# A misspelt skill name is not an English word: "documented" is not a typo of
# DocumentDB, nor "fluent" of Fluentd. Webster's word list (from the
# english-words package) has base forms only, so common inflections are undone.
_INFLECTIONS = ("ing", "ed", "es", "s", "er", "ers", "ly", "d")
# Real words of technical résumés that Webster's 1934 list lacks and that sit one
# letter from a skill name (found by running the fuzzy lookup over every word of
# the evaluation résumés): a field of study, not Informatica; a spec, not OpenAI.
_MODERN_WORDS = frozenset(["informatics", "bioinformatics", "geoinformatics", "openapi"])


@functools.cache
def _english_words() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=True))


def _is_english_word(word: str) -> bool:
    words = _english_words()
    if word in words or word in _MODERN_WORDS:
        return True
    for suffix in _INFLECTIONS:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if (
                stem in words
                or stem + "e" in words
                or (len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in words)
            ):
                return True
    return False


def get_extractor(role: str = "ml_engineer") -> Extractor:
    """The compiled extractor for a role (an id or a role file), built once per process."""
    return _compiled(load_role(role).path)


@functools.lru_cache(maxsize=16)
def _compiled(role_path: str) -> Extractor:
    return Extractor(load_role(role_path)).fit()


def extract(document: Document, *, role: str = "ml_engineer") -> Extraction:
    return get_extractor(role).extract(document)
