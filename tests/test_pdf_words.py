"""The word-gap rule, stated once as a plain Python loop, and the numpy version that
the PDF reader runs: they must agree on every page, real or generated."""

from __future__ import annotations

from pathlib import Path

import fixtures_docs as fx
import hostile_corpus as hc
import numpy as np
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillgap import pdf_words
from skillgap.pdf_words import BREAKS, WORD_GAP, WORD_GAP_AFTER_F

SAMPLES = Path(__file__).resolve().parents[1] / "sample_resumes"
CLOSERS = ",.;:)]}!?%'\u2019"


def reference_word_starts(
    text: str, boxes: list[tuple[float, ...]], unseen: list[bool]
) -> list[int]:
    """The rule, character by character: on each line, the gap between two
    neighbouring seen characters on one baseline, over the taller glyph; a gap
    wider than the line's median by WORD_GAP (WORD_GAP_AFTER_F after "f") starts
    a word, unless after "-", "/" or "(", before closing punctuation, or after a
    line's initial capital (not "A" or "I") before lowercase."""
    starts: list[int] = []
    line: list[tuple[int, float]] = []
    previous: tuple[float, float, float] | None = None  # right, bottom, glyph height

    def close_line() -> None:
        if not line:
            return
        ordered = sorted(gap for _, gap in line)
        half = len(ordered) // 2
        usual = ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2
        for i, gap in line:
            before = text[i - 1]
            limit = WORD_GAP_AFTER_F if before == "f" else WORD_GAP
            initial = (
                (i < 2 or text[i - 2] == "\n")
                and before.isupper()
                and before not in "AI"
                and text[i].islower()
            )
            if (
                gap - usual > limit
                and before not in "-/("
                and text[i] not in CLOSERS
                and not initial
            ):
                starts.append(i)
        line.clear()

    for i, char in enumerate(text):
        if char in BREAKS or unseen[i]:
            previous = None
            if char == "\n":
                close_line()
            continue
        left, top, right, bottom = boxes[i]
        glyph = top - bottom
        if previous is not None:
            prev_right, prev_bottom, prev_glyph = previous
            height = max(glyph, prev_glyph)
            if height > 0 and -0.5 * height < bottom - prev_bottom < 0.5 * height:
                line.append((i, (left - prev_right) / height))
        previous = (right, bottom, glyph)
    close_line()
    return starts


def numpy_word_starts(text: str, boxes: list[tuple[float, ...]], unseen: list[bool]) -> list[int]:
    codes = pdf_words.char_codes(text)
    array = np.array(boxes, dtype=np.float64).reshape(len(text), 4)
    return pdf_words.word_starts(text, codes, array, np.array(unseen, dtype=bool))


def test_glued_words_get_their_spaces_back() -> None:
    # "data" and "science" drawn 3 pt apart with no space: a word gap
    text = "datascience"
    boxes, x = [], 0.0
    for i, _char in enumerate(text):
        x += 3.0 if i == 4 else 0.5
        boxes.append((x, 10.0, x + 5.0, 0.0))
        x += 5.0
    assert numpy_word_starts(text, boxes, [False] * len(text)) == [4]
    assert reference_word_starts(text, boxes, [False] * len(text)) == [4]


def test_no_word_start_after_a_hyphen_or_before_a_comma() -> None:
    text = "ab-cd,ef"
    boxes, x = [], 0.0
    for char in text:
        x += 3.0 if char in "c," else 0.5
        boxes.append((x, 10.0, x + 5.0, 0.0))
        x += 5.0
    assert numpy_word_starts(text, boxes, [False] * len(text)) == []


LETTERS = st.sampled_from(list("abcdefIAS-/(,.) f\n"))


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, list[tuple[float, ...]], list[bool]]:
    """A line-broken text with jittered boxes: kerned letters, some wide gaps,
    baselines that drift, glyphs of mixed heights, some characters unseen."""
    text = "".join(draw(st.lists(LETTERS, min_size=0, max_size=120)))
    boxes: list[tuple[float, ...]] = []
    x, baseline = 0.0, 0.0
    for char in text:
        if char == "\n":
            x, baseline = 0.0, baseline - 14.0
        gap = draw(st.sampled_from([-0.4, 0.0, 0.3, 0.5, 1.2, 2.5, 4.0]))
        height = draw(st.sampled_from([0.0, 3.0, 9.0, 10.0, 12.0]))
        drift = draw(st.sampled_from([0.0, 0.5, 8.0]))
        x += gap
        boxes.append((x, baseline + drift + height, x + 5.0, baseline + drift))
        x += 5.0
    unseen = [draw(st.booleans()) and draw(st.booleans()) for _ in text]
    return text, boxes, unseen


@settings(max_examples=300, deadline=None, database=None)
@given(pages())
def test_numpy_rule_agrees_with_the_reference_loop(page: tuple[str, list, list]) -> None:
    text, boxes, unseen = page
    assert numpy_word_starts(text, boxes, unseen) == reference_word_starts(text, boxes, unseen)


def _real_pages() -> list[tuple[str, bytes, int]]:
    pdfs = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.pdf"))]
    pdfs.append(("two-column fixture", fx.two_column_pdf()))
    # words positioned apart with no space drawn, as LaTeX does (TJ offsets)
    glued = (
        b"BT /F1 11 Tf 72 760 Td [(Built) -350 (data) -300 (pipelines) -420 (with) -30 (Spark)"
        b" -320 (and) -280 (Airflow.)] TJ ET\n"
        b"BT /F1 11 Tf 72 745 Td [(Skills:) -400 (Python,) -300 (SQL,) -25 (scikit-) (learn)] TJ ET"
    )
    pdfs.append(("glued", hc.one_page_pdf(glued)))
    pdfs.append(("unicode fixture", fx.unicode_pdf("Naïve café — scikit-learn, ﬁne-tuning")))
    return [(name, data, i) for name, data in pdfs for i in range(len(pdfium.PdfDocument(data)))]


@pytest.mark.parametrize(("name", "data", "index"), _real_pages())
def test_agrees_with_the_reference_on_real_pages(name: str, data: bytes, index: int) -> None:
    pdf = pdfium.PdfDocument(data)
    textpage = pdf[index].get_textpage()
    text = textpage.get_text_range()
    codes = pdf_words.char_codes(text)
    boxes = pdf_words.char_boxes(textpage.raw, codes)
    unseen = pdf_words.unseen_chars(textpage.raw, codes, boxes, (0.0, 0.0, 1e4, 1e4))
    fast = pdf_words.word_starts(text, codes, boxes, unseen)
    slow = reference_word_starts(text, [tuple(row) for row in boxes.tolist()], unseen.tolist())
    assert fast == slow
    if name == "glued":
        words = [text[a:b] for a, b in zip([0, *fast], [*fast, len(text)], strict=True)]
        assert " ".join(words) == (
            "Built data pipelines withSpark and Airflow.\r\nSkills: Python, SQL,scikit-learn"
        )
