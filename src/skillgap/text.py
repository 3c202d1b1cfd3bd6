"""Read plain text and Markdown, and clean the text every reader produces.

What it reads: the bytes of a TXT or Markdown résumé (:func:`decode` picks the
encoding: a BOM, strict UTF-8, cp1252, then latin-1, refusing binary data), and
the raw text of the PDF and DOCX readers, which all end in :func:`build_document`.

Why it is written this way: résumés arrive mis-decoded, hyphenated across lines,
with icon-font bullets and ligatures, so :func:`normalise_text` runs one fixed
sequence on every reader's output (cheap fixes first; ftfy only on the lines that
can hold mojibake, since it costs ~50 us a line). Markdown is only stripped of its
marks (headings, emphasis, links as "text url"), never rendered: the section
finder wants the words and the line structure, not HTML.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Mapping

from skillgap import errors
from skillgap.models import Document
from skillgap.sections import find_sections

# --------------------------------------------------------------------------- text decoding

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_MAX_CONTROL_RATIO = 0.03  # binary files run at 10-30%; a pasted ESC or BEL is not binary


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was read with: BOM, strict UTF-8, cp1252, latin-1."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding.removesuffix("-sig"), errors="replace")
            return text, encoding
    sample = data[: 1 << 20]
    nuls = sample.count(b"\x00")
    if nuls:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return data.decode(utf16, errors="replace"), utf16
        if nuls > _MAX_CONTROL_RATIO * len(sample):
            raise errors.UnsupportedType(name, "binary data (NUL bytes), not text")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise errors.UnsupportedType(name, "binary data (control bytes), not text")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has NULs on every other byte."""
    sample = data[: 1 << 16]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


# --------------------------------------------------------------------------- normalisation

# Mojibake that ftfy cannot undo because a byte was lost on the way (the C1
# control in "â\x80¢" is often dropped, leaving "â¢"), plus the common forms.
_MOJIBAKE = {
    "â€¢": "•",
    "â¢": "•",
    "â€“": "–",
    "â€”": "—",
    "â€™": "'",
    "â€˜": "'",
    "â€œ": '"',
    "â€¦": "…",
    "Ã©": "é",
    "Ã¨": "è",
    "Ã¡": "á",
    "Ã³": "ó",
    "Ã¶": "ö",
    "Ã¼": "ü",
    "Ã¤": "ä",
    "Ã±": "ñ",
    "Ã§": "ç",
    "Â·": "·",
    "Â\xa0": " ",
}
_MOJIBAKE_RE = re.compile("|".join(re.escape(k) for k in sorted(_MOJIBAKE, key=len, reverse=True)))
_STRAY_A_CIRC = re.compile(r"(?<=[a-z,.;:)])Â(?=[\s·]|$)", re.MULTILINE)  # "orientedÂ in"

# UTF-8 read as cp1252/latin-1 always shows a lead byte (Â..ô) before a
# continuation byte (0x80-0xBF as latin-1, or its cp1252 glyph).
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
# Bullet glyphs seen in real résumés (plus private-use Wingdings/Symbol glyphs).
_BULLETS = frozenset("•◦▪▫■□●○◆◇♦❖➢➤►▶▸‣⁃∙·✓✔✗✘✶★☆➔→⇒❯»–—−*+")
_CONTROL_CHARS = dict.fromkeys(c for c in range(32) if c not in (9, 10)) | {
    0x7F: None,
    0xFEFF: None,
    0xFFFE: None,
    0x00AD: None,  # soft hyphen
    0x200B: None,  # zero-width space
    0x00A0: " ",
    0x2007: " ",
    0x202F: " ",
}
_AFTER_REPAIR = _CONTROL_CHARS | dict.fromkeys(range(0x80, 0xA0))


def _chars_class(table: Mapping[int, object]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(c)) for c in table) + "]")


# str.translate looks every character up in a dict: a regex scan in C first
# skips it for the many texts that hold none of the characters (a third of the
# cost of normalising a PDF's text).
_HAS_CONTROL = _chars_class(_CONTROL_CHARS)
_HAS_LIGATURE = _chars_class(_LIGATURES)
_HAS_AFTER_REPAIR = _chars_class(_AFTER_REPAIR)


def _translate(text: str, table: Mapping[int, str | int | None], has: re.Pattern[str]) -> str:
    return text.translate(table) if has.search(text) else text


_LINE_END_HYPHEN = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_SOFT_HYPHEN = re.compile("(?<=[a-z])\ufffe(?=[a-z])")
_WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
# Line-end hyphenation is joined when the part after the hyphen is a word ending.
_SUFFIXES = (
    "tion", "tions", "sion", "sions", "ment", "ments", "ing", "ings", "ness", "ity",
    "ities", "ence", "ences", "ance", "ances", "ical", "ically", "ally", "ible", "able",
    "ive", "ively", "ous", "ously", "ure", "ures", "ogy", "ologies", "ist", "ists",
    "ism", "ize", "ized", "izing", "ise", "ised", "ising", "ated", "ating", "ation",
    "ations", "ial", "ially", "ient", "ients", "ary", "ory", "ed", "er", "ers", "ly",
    "al", "ic", "ics", "ship", "est", "ment", "gram", "grams", "ming",
)  # fmt: skip
_SUFFIX_SET = frozenset(_SUFFIXES)


def normalise_text(text: str, warnings: list[str] | None = None) -> str:
    """Clean text from any reader: newlines, mojibake, ligatures, bullets, hyphenation."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _repair_mojibake(_translate(text, _CONTROL_CHARS, _HAS_CONTROL), warnings)
    text = _translate(text, _LIGATURES, _HAS_LIGATURE)
    text = _translate(text, _AFTER_REPAIR, _HAS_AFTER_REPAIR)  # what ftfy may emit
    text = _join_hyphenated(text)
    lines = [_normalise_line(line) for line in text.split("\n")]
    return _squeeze_blank_lines(lines).strip("\n")


def _repair_mojibake(text: str, warnings: list[str] | None) -> str:
    fixed = _MOJIBAKE_RE.sub(lambda m: _MOJIBAKE[m.group()], text)
    fixed = _STRAY_A_CIRC.sub("", fixed)
    if not fixed.isascii():
        fixed = unicodedata.normalize("NFC", _ftfy_suspect_lines(fixed))
    if fixed != text and warnings is not None and _had_mojibake(text):
        warnings.append("repaired mis-decoded characters (mojibake)")
    return fixed


def _ftfy_suspect_lines(text: str) -> str:
    """ftfy on the lines that can hold mojibake only: it costs ~50 us a line."""
    if _MOJIBAKE_HINT.search(text) is None:
        return text
    import ftfy  # imported here: it costs ~50 ms of start-up and most texts never need it

    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line) is not None:
            lines[i] = ftfy.fix_text(line, unescape_html=False, uncurl_quotes=False)
    return "\n".join(lines)


def _had_mojibake(text: str) -> bool:
    return "â" in text or "Ã" in text or "Â" in text


def _normalise_line(line: str) -> str:
    stripped = line.strip()
    if not stripped:
        return ""
    first = stripped[0]
    if first in _BULLETS or _is_private_use(first):
        rest = stripped[1:]
        # "*" "+" "–" only count as bullets when a space follows ("-5%" and "*args" stay).
        if first in "*+–—−" and not rest.startswith((" ", "\t")):
            return _drop_private_use(line).rstrip()
        rest = _drop_private_use(rest).strip()
        return "- " + rest if rest else ""
    return _drop_private_use(line).rstrip()


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _is_private_use(char: str) -> bool:
    return "\ue000" <= char <= "\uf8ff"


def _drop_private_use(line: str) -> str:
    """Icon-font glyphs (phone, e-mail, LinkedIn logos) are not text."""
    if line.isascii():
        return line
    return _PRIVATE_USE.sub(" ", line)


def _squeeze_blank_lines(lines: list[str]) -> str:
    out: list[str] = []
    blank = 0
    for line in lines:
        blank = blank + 1 if not line else 0
        if blank <= 1:
            out.append(line)
    return "\n".join(out)


def _join_hyphenated(text: str) -> str:
    """Undo line-end hyphenation: "develop-\\nment" -> "development".

    Rule, applied only to a hyphen that ends a line between lowercase letters:
    join (drop the hyphen) when the joined word occurs elsewhere in the text, or
    when the fragment after the hyphen is a word ending ("ment", "tion", "ing"...);
    keep the hyphen when the hyphenated form occurs elsewhere or otherwise
    ("scikit-\\nlearn", "data-\\ndriven"). Either way the word is made whole on
    the first line and the rest of the next line stays on its own line.
    """
    matches = list(_LINE_END_HYPHEN.finditer(text))
    if not matches:
        return text
    vocabulary = set(_WORD_RE.findall(text.lower()))
    out: list[str] = []
    last = 0
    for match in matches:
        if match.start() < last:
            continue
        left = _word_before(text, match.start())
        right_end = _word_end(text, match.end())
        right = text[match.end() : right_end]
        joiner = _hyphen_joiner(left.lower(), right.lower(), vocabulary)
        out.append(text[last : match.start()])
        out.append(joiner + right)
        rest = right_end
        while rest < len(text) and text[rest] in " \t":
            rest += 1
        if rest < len(text) and text[rest] != "\n":
            out.append("\n")
        last = rest
    out.append(text[last:])
    return "".join(out)


def join_soft_hyphens(text: str) -> str:
    """pdfium marks a word it re-joined across a line end with U+FFFE."""
    if "\ufffe" not in text:
        return text
    vocabulary = set(_WORD_RE.findall(text.lower()))
    out: list[str] = []
    last = 0
    for match in _SOFT_HYPHEN.finditer(text):
        left = _word_before(text, match.start()).lower()
        right = text[match.end() : _word_end(text, match.end())].lower()
        out.append(text[last : match.start()] + _hyphen_joiner(left, right, vocabulary))
        last = match.end()
    out.append(text[last:])
    return "".join(out).replace("\ufffe", "-")


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and end - start < 40 and text[start - 1].isalpha():
        start -= 1
    return text[start:end]


def _word_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and end - start < 40 and text[end].isalpha():
        end += 1
    return end


def _hyphen_joiner(left: str, right: str, vocabulary: set[str]) -> str:
    if left + right in vocabulary:
        return ""
    if f"{left}-{right}" in vocabulary:
        return "-"
    return "" if right in _SUFFIX_SET or len(right) <= 2 else "-"


# --------------------------------------------------------------------------- markdown

_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_MD_LINK = re.compile(r"(!?)\[([^\]\n]{0,500})\]\(([^)\s]{0,2000})(?:[ \t]+\"[^\"\n]{0,500}\")?\)")
_MD_RULE = re.compile(r"^ {0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$")


def looks_like_markdown(text: str) -> bool:
    """Markdown when it has ATX headings plus another mark, or bold and links."""
    sample = text[: 1 << 20]
    headings = len(_MD_HEADING.findall(sample))
    bold = "**" in sample or "__" in sample
    links = _MD_LINK.search(sample) is not None
    lists = re.search(r"^ {0,3}[-*+][ \t]+\S", sample, re.MULTILINE) is not None
    marks = sum((bold, links, lists, headings >= 2))
    return (headings >= 1 and marks >= 1) or (bold and links)


def strip_markdown(text: str) -> str:
    """Light markup removal: heading hashes, emphasis, links -> "text url", rules."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _MD_LINK.sub(_link_text, text)
    lines = [_strip_markdown_line(line) for line in text.split("\n")]
    return "\n".join(lines).replace("**", "").replace("__", "").replace("`", "")


def _link_text(match: re.Match[str]) -> str:
    label, url = match.group(2).strip(), match.group(3).strip()
    if url.startswith("mailto:"):
        url = url[len("mailto:") :]
    return f"{label} {url}" if label and label != url else url


def _strip_markdown_line(line: str) -> str:
    stripped = line.lstrip()
    if _MD_RULE.match(line):
        return ""
    if stripped.startswith("#"):
        body = stripped.lstrip("#")
        if body[:1] in (" ", "\t", ""):
            return body.strip().rstrip("#").rstrip()
    if stripped.startswith(">"):
        return stripped.lstrip("> ")
    return line


# --------------------------------------------------------------------------- documents


def text_document(
    text: str, name: str, fmt: str, *, encoding: str | None, warnings: list[str]
) -> Document:
    """A TXT or Markdown document from decoded (or pasted) text."""
    if fmt == "md":
        text = strip_markdown(text)
    return build_document(
        text, name, fmt, warnings, empty="the text is empty or only whitespace", encoding=encoding
    )


def build_document(
    text: str,
    name: str,
    fmt: str,
    warnings: list[str],
    *,
    empty: str | None,
    encoding: str | None = None,
    pages: int = 1,
    pages_without_text: tuple[int, ...] = (),
) -> Document:
    """Every reader's last step: normalise ``text``, find its sections, build the Document.

    Blank text after normalising is refused with ``empty`` as the reason (None:
    the reader has already checked, as the PDF reader does page by page).
    """
    text = normalise_text(text, warnings)
    if empty is not None and not text.strip():
        raise errors.EmptyDocument(name, empty)
    return Document(
        source=name,
        format=fmt,
        text=text,
        pages=pages,
        sections=find_sections(text),
        encoding=encoding,
        pages_without_text=pages_without_text,
        warnings=tuple(warnings),
    )


def why(exc: BaseException) -> str:
    """A library exception as a short, one-line reason."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
