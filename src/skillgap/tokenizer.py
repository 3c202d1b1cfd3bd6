"""The spaCy pipeline the extractor matches on: a blank English with a tokenizer for skill names.

Separate from :mod:`skillgap.extract` because it is spaCy set-up, not matching:
which strings are one token ("C#", "CI/CD"), where résumé punctuation splits
words ("training.•Python", "Vue.js/React"), and how the pipeline is built
cheaply. Importing this module registers the tokenizer with spaCy, so
:func:`blank_pipeline` can name it in its config.
"""

from __future__ import annotations

from collections.abc import Callable

from .spacy_lite import Language, Tokenizer, spacy

# Characters that start a list item in résumés; they separate evidence lines.
BULLETS = "•▪●◦■►▸➢✓✔➤⦿∙·"

# Skill names the default tokenizer would split (or keep glued to neighbours).
SPECIAL_TOKENS = (
    "C#", "F#", "CI/CD", "A/B", "PL/SQL", "TCP/IP", "Pub/Sub", "C/C++", "R&D", "AT&T",
    "W&B", "P&L", "Q&A", "M&A", "UI/UX", "I/O",
)  # fmt: skip

_TOKENIZER = "skillgap.tokenizer.v1"


def blank_pipeline() -> Language:
    """``spacy.blank("en")`` with skillgap's tokenizer in place of English's.

    The tokenizer is named in the config, so spaCy builds only ours: building
    English's and then replacing it cost ~0.1 s of every start-up.
    """
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER}}})
    nlp.max_length = 5_000_000
    return nlp


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
