"""Segment stage (analyser/segment.py): windows, false sentence breaks, section paths, passages."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyser.config import SegmentConfig
from analyser.ids import passage_id
from analyser.segment import SentenceSplitter, merge_false_breaks, section_paths, segment, window_spans
from analyser.types import Heading, Page, SourceDocument

# --------------------------------------------------------------------------------------
# window_spans
# --------------------------------------------------------------------------------------

_WORD = re.compile(r"\S+")


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text, start, end)]


@st.composite
def sentences_text(draw):  # noqa: ANN001, ANN201
    """Text made of sentences, and contiguous sentence spans like a spaCy splitter returns."""
    vocab = st.sampled_from(["migrants", "de", "retour", "returnees", "2025", "l’ANPE", "santé", "jobs,", "a", "«", "34 %"])
    seps = st.sampled_from([" ", "  ", "\n", " \u00a0", "\t"])
    n_sent = draw(st.integers(0, 12))
    text = draw(st.sampled_from(["", "  ", "\n"]))
    spans: list[tuple[int, int]] = []
    for _ in range(n_sent):
        if draw(st.booleans()) and draw(st.booleans()):  # a whitespace-only "sentence"
            start = len(text)
            text += draw(seps)
            spans.append((start, len(text)))
            continue
        words = draw(st.lists(vocab, min_size=1, max_size=40))
        start = len(text)
        for i, w in enumerate(words):
            text += w + ("." if i == len(words) - 1 else draw(seps))
        spans.append((start, len(text)))
        text += draw(seps)
    return text, spans


@settings(max_examples=300, deadline=None)
@given(sentences_text(), st.integers(1, 30))
def test_segment_window_spans_properties(data, max_words: int) -> None:  # noqa: ANN001
    text, spans = data
    windows = window_spans(text, spans, max_words)
    # never more than max_words words in a window
    for s, e in windows:
        assert 1 <= len(_words(text, s, e)) <= max_words
        assert not text[s].isspace() and not text[e - 1].isspace()
    # in order, no overlaps
    for (_, e1), (s2, _) in zip(windows, windows[1:]):
        assert e1 <= s2
    # every word of the input, once, in order
    covered = [w for s, e in windows for w in _words(text, s, e)]
    expected = [w for s, e in spans for w in _words(text, s, e)]
    assert covered == expected
    # a sentence that fits in a window is never cut
    for s, e in spans:
        if 0 < len(_words(text, s, e)) <= max_words:
            ws, we = _words(text, s, e)[0][0], _words(text, s, e)[-1][1]
            assert any(a <= ws and we <= b for a, b in windows)


def test_segment_window_spans_groups_sentences_greedily() -> None:
    text = "One two three four five. Six seven eight nine ten. Eleven twelve thirteen."
    spans = [(0, 24), (25, 50), (51, len(text))]

    def run(n: int) -> list[str]:
        return [text[s:e] for s, e in window_spans(text, spans, n)]

    assert run(10) == ["One two three four five. Six seven eight nine ten.", "Eleven twelve thirteen."]
    assert run(12) == run(10)
    assert run(13) == [text]
    assert run(9) == ["One two three four five.", "Six seven eight nine ten. Eleven twelve thirteen."]
    assert run(7) == ["One two three four five.", "Six seven eight nine ten.", "Eleven twelve thirteen."]
    assert run(4) == ["One two three four", "five.", "Six seven eight nine", "ten.", "Eleven twelve thirteen."]


def test_segment_window_spans_cuts_long_sentence_and_flushes_current() -> None:
    long = " ".join(f"w{i}" for i in range(25)) + "."
    text = "Short one here. " + long + " Tail."
    spans = [(0, 15), (16, 16 + len(long)), (17 + len(long), len(text))]
    windows = window_spans(text, spans, 10)
    assert [text[s:e] for s, e in windows] == [
        "Short one here.",
        " ".join(f"w{i}" for i in range(10)),
        " ".join(f"w{i}" for i in range(10, 20)),
        " ".join(f"w{i}" for i in range(20, 25)) + ".",
        "Tail.",
    ]


def test_segment_window_spans_empty_input() -> None:
    assert window_spans("", [], 10) == []
    assert window_spans("   \n  ", [(0, 6)], 10) == []


# --------------------------------------------------------------------------------------
# merge_false_breaks
# --------------------------------------------------------------------------------------


def _spans_at(text: str, *cuts: str) -> list[tuple[int, int]]:
    """Spans of text split just before each cut string."""
    starts = [0] + [text.index(c) for c in cuts]
    ends = [s for s in starts[1:]] + [len(text)]
    return [(s, e) for s, e in zip(starts, ends)]


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e].strip() for s, e in spans]


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("Conformément à l’art. 5 du décret, les migrants sont enregistrés.", "5 du"),
        ("Voir art. 12 et suivants.", "12 et"),
        ("Les services, p. ex. l’orientation, sont gratuits.", "ex. l’"),
        ("Les services, p. ex. l’orientation, sont gratuits.", "l’orientation"),
        ("See Circular No. 12 of 2024.", "12 of"),
        ("Returnees get support, e.g. Counselling and cash.", "Counselling"),
        ("Reçu par M. Diallo au ministère.", "Diallo"),
        ("Smith et al. Report that returns rose.", "Report"),
        ("Voir chap. 3 du plan.", "3 du"),
    ],
)
def test_segment_merge_false_breaks_after_abbreviation(text: str, cut: str) -> None:
    assert merge_false_breaks(text, _spans_at(text, cut)) == [(0, len(text))]


def test_segment_merge_false_breaks_lowercase_continuation() -> None:
    text = "The plan covers returnees. and their families. It starts in 2025."
    spans = _spans_at(text, "and their", "It starts")
    assert _texts(text, merge_false_breaks(text, spans)) == ["The plan covers returnees. and their families.", "It starts in 2025."]


def test_segment_merge_false_breaks_keeps_real_boundaries() -> None:
    text = "The plan covers returnees. Their families are included. 2025 is the first year. « Retour » compte."
    spans = _spans_at(text, "Their", "2025 is", "« Retour")
    assert merge_false_breaks(text, spans) == spans


def test_segment_merge_false_breaks_chain_and_empty() -> None:
    text = "Voir art. 5, al. 2 et p. 14. Fin."
    spans = _spans_at(text, "5, al", "2 et", "14.", "Fin.")
    assert _texts(text, merge_false_breaks(text, spans)) == ["Voir art. 5, al. 2 et p. 14.", "Fin."]
    assert merge_false_breaks("", []) == []


def test_segment_merge_false_breaks_word_ending_like_abbreviation_is_not_one() -> None:
    # 'heart.' ends in 'art.' but is not the abbreviation; 'stop.' ends in 'p.'
    text = "It is close to the heart. Workers stop. Then they leave."
    spans = _spans_at(text, "Workers", "Then")
    assert merge_false_breaks(text, spans) == spans


# --------------------------------------------------------------------------------------
# section_paths
# --------------------------------------------------------------------------------------


def _page(number: int, blocks: list[str], headings: dict[str, int], lang: str = "en") -> Page:
    """A page whose text is the blocks joined by blank lines; headings = {text: level}."""
    text = "\n\n".join(blocks)
    hs = tuple(Heading(text=h, level=lvl, char_start=text.index(h)) for h, lvl in headings.items())
    return Page(number=number, text=text, headings=hs, lang=lang)


def _doc(*pages: Page, doc_id: str = "d0c1d0c1d0c1d0c1") -> SourceDocument:
    return SourceDocument(doc_id=doc_id, file="t.pdf", n_pages=len(pages), pages=pages, engine="pdfium")


def test_segment_section_paths_stack() -> None:
    doc = _doc(
        _page(1, ["1. Context", "Body a.", "1.1 Labour", "Body b."], {"1. Context": 1, "1.1 Labour": 2}),
        _page(2, ["1.2 Informal", "Body c.", "2. Objectives", "2.1 Jobs", "2.1.1 Youth", "Body d."],
              {"1.2 Informal": 2, "2. Objectives": 1, "2.1 Jobs": 2, "2.1.1 Youth": 3}),
        _page(3, ["Body e.", "2.2 Skills", "3. Implementation", "Annex", "Deep"],
              {"2.2 Skills": 2, "3. Implementation": 1, "Annex": 1, "Deep": 4}),
    )
    paths = section_paths(doc)
    by_text = {v[-1]: v for v in paths.values()}
    assert by_text == {
        "1. Context": ("1. Context",),
        "1.1 Labour": ("1. Context", "1.1 Labour"),
        "1.2 Informal": ("1. Context", "1.2 Informal"),
        "2. Objectives": ("2. Objectives",),
        "2.1 Jobs": ("2. Objectives", "2.1 Jobs"),
        "2.1.1 Youth": ("2. Objectives", "2.1 Jobs", "2.1.1 Youth"),
        "2.2 Skills": ("2. Objectives", "2.2 Skills"),
        "3. Implementation": ("3. Implementation",),
        "Annex": ("Annex",),
        "Deep": ("Annex", "Deep"),
    }
    assert set(paths) == {(p.number, h.char_start) for p in doc.pages for h in p.headings}


def test_segment_section_paths_sorts_headings_and_truncates() -> None:
    long = "2.1 " + "Very long heading " * 10
    page = _page(1, ["1. First", "x", long.strip()], {long.strip(): 2, "1. First": 1})
    assert page.headings[0].text.startswith("2.1")  # stored out of order on purpose
    paths = section_paths(_doc(page))
    assert paths[(1, 0)] == ("1. First",)
    deep = paths[(1, page.text.index("2.1"))]
    assert deep[0] == "1. First" and len(deep[1]) == 120 and long.startswith(deep[1])


def test_segment_section_paths_no_headings() -> None:
    assert section_paths(_doc(_page(1, ["Only body text here."], {}))) == {}


# --------------------------------------------------------------------------------------
# segment() with the blank sentencizer
# --------------------------------------------------------------------------------------


def _sample_doc() -> SourceDocument:
    return _doc(
        _page(
            1,
            [
                "1. Context",
                "Returning migrants face high unemployment. About 34 percent have no job a year after return.",
                "1.1 Labour market",
                "The labour force grew quickly. Formal jobs did not.",
                "Too short.",
            ],
            {"1. Context": 1, "1.1 Labour market": 2},
        ),
        Page(number=2, text="", lang="und"),
        _page(
            3,
            [
                "Informal work dominates in agriculture and trade. Most workers lack social security.",
                "2. Measures",
                "The agency will open desks for returnees in every region by 2026.",
            ],
            {"2. Measures": 1},
        ),
    )


def _check_invariants(doc: SourceDocument, passages) -> None:  # noqa: ANN001
    pages = {p.number: p for p in doc.pages}
    for ps in passages:
        page = pages[ps.page]
        assert page.text[ps.char_start : ps.char_end] == ps.text
        assert ps.passage_id == passage_id(doc.doc_id, ps.page, ps.char_start, ps.char_end)
        assert ps.doc_id == doc.doc_id
        assert ps.lang == page.lang
        assert "\n\n" not in ps.text
        assert ps.text == ps.text.strip()
    assert len({p.passage_id for p in passages}) == len(passages)
    keys = [(p.page, p.char_start) for p in passages]
    assert keys == sorted(keys)


def test_segment_passages_carry_page_section_and_offsets(blank_splitter) -> None:
    doc = _sample_doc()
    passages = segment(doc, blank_splitter, SegmentConfig(splitter="sentencizer"))
    _check_invariants(doc, passages)
    assert [(p.page, p.section, p.text) for p in passages] == [
        (1, ("1. Context",), "Returning migrants face high unemployment. About 34 percent have no job a year after return."),
        (1, ("1. Context", "1.1 Labour market"), "The labour force grew quickly. Formal jobs did not."),
        (3, ("1. Context", "1.1 Labour market"), "Informal work dominates in agriculture and trade. Most workers lack social security."),
        (3, ("2. Measures",), "The agency will open desks for returnees in every region by 2026."),
    ]


def test_segment_ids_deterministic(blank_splitter) -> None:
    doc = _sample_doc()
    a = segment(doc, blank_splitter)
    b = segment(doc, SentenceSplitter("sentencizer", blank=True))
    assert a == b
    other = segment(doc.model_copy(update={"doc_id": "ffffffffffffffff"}), blank_splitter)
    assert [p.char_start for p in other] == [p.char_start for p in a]
    assert not {p.passage_id for p in other} & {p.passage_id for p in a}


def test_segment_max_and_min_words(blank_splitter) -> None:
    doc = _sample_doc()
    passages = segment(doc, blank_splitter, SegmentConfig(max_words=10, min_words=6))
    _check_invariants(doc, passages)
    assert all(6 <= len(p.text.split()) <= 10 for p in passages)
    assert [p.text for p in passages][:2] == [
        "About 34 percent have no job a year after return.",
        "The labour force grew quickly. Formal jobs did not.",
    ]
    assert all("Returning migrants face" not in p.text for p in passages)  # 5 words, dropped


def test_segment_keeps_abbreviation_sentences_whole(blank_splitter) -> None:
    text = (
        "Conformément à l’art. 5 du décret, les migrants de retour sont enregistrés à la frontière. "
        "Ils sont orientés, p. ex. vers l’ANPE, selon leurs besoins."
    )
    doc = _doc(Page(number=1, text=text, lang="fr"))
    passages = segment(doc, blank_splitter, SegmentConfig(max_words=18))
    _check_invariants(doc, passages)
    assert [p.text for p in passages] == [
        "Conformément à l’art. 5 du décret, les migrants de retour sont enregistrés à la frontière.",
        "Ils sont orientés, p. ex. vers l’ANPE, selon leurs besoins.",
    ]


def test_segment_empty_document(blank_splitter) -> None:
    assert segment(_doc(Page(number=1, text="")), blank_splitter) == ()


def test_segment_unknown_language_uses_blank_multilingual(blank_splitter) -> None:
    doc = _doc(Page(number=1, text="Mpango huu unawahusu wahamiaji wanaorudi. Unaanza mwaka 2025 kwa hakika.", lang="sw"))
    passages = segment(doc, blank_splitter)
    _check_invariants(doc, passages)
    assert len(passages) == 1 and passages[0].lang == "sw"


# --------------------------------------------------------------------------------------
# real spaCy pipelines
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def senter() -> SentenceSplitter:
    return SentenceSplitter("senter")


EN_PARAGRAPH = (
    "The Government will expand vocational training for young people. Returning migrants will "
    "receive counselling at regional job centres, e.g. in Dakar and Thiès, from Dr. Ndiaye's team. "
    "Progress will be reviewed every year by the steering committee."
)
FR_PARAGRAPH = (
    "Le Gouvernement étendra la formation professionnelle des jeunes. Les migrants de retour seront "
    "orientés vers l’ANPE, p. ex. dans les antennes de Kayes et de Sikasso. Conformément à l’art. 5 "
    "du décret, M. Diallo présidera le comité de pilotage. Les progrès seront évalués chaque année."
)


@pytest.mark.model
def test_segment_senter_splits_english(senter: SentenceSplitter) -> None:
    (spans,) = senter.split([EN_PARAGRAPH], "en")
    assert [EN_PARAGRAPH[s:e] for s, e in spans] == [
        "The Government will expand vocational training for young people.",
        "Returning migrants will receive counselling at regional job centres, e.g. in Dakar and Thiès, from Dr. Ndiaye's team.",
        "Progress will be reviewed every year by the steering committee.",
    ]


@pytest.mark.model
def test_segment_senter_splits_french(senter: SentenceSplitter) -> None:
    (spans,) = senter.split([FR_PARAGRAPH], "fr")
    assert [FR_PARAGRAPH[s:e] for s, e in spans] == [
        "Le Gouvernement étendra la formation professionnelle des jeunes.",
        "Les migrants de retour seront orientés vers l’ANPE, p. ex. dans les antennes de Kayes et de Sikasso.",
        "Conformément à l’art. 5 du décret, M. Diallo présidera le comité de pilotage.",
        "Les progrès seront évalués chaque année.",
    ]


@pytest.mark.model
def test_segment_senter_loads_statistical_pipelines(senter: SentenceSplitter) -> None:
    senter.split(["Une phrase. Deux phrases."], "fr")
    senter.split(["One sentence. Two sentences."], "en")
    assert senter._nlp["fr"].meta["name"] == "core_news_sm"  # type: ignore[attr-defined]
    assert "senter" in senter._nlp["en"].pipe_names  # type: ignore[attr-defined]
    assert "senter" in senter._nlp["fr"].pipe_names  # type: ignore[attr-defined]


@pytest.mark.model
def test_segment_with_senter_on_bilingual_document(senter: SentenceSplitter) -> None:
    doc = _doc(
        _page(1, ["Skills and decent work", EN_PARAGRAPH], {"Skills and decent work": 2}, lang="en"),
        _page(2, ["Santé et retour", FR_PARAGRAPH], {"Santé et retour": 2}, lang="fr"),
    )
    passages = segment(doc, senter, SegmentConfig(max_words=25))
    _check_invariants(doc, passages)
    assert {p.lang for p in passages} == {"en", "fr"}
    assert [p.section for p in passages if p.page == 2] == [("Santé et retour",)] * len([p for p in passages if p.page == 2])
    assert any(p.text.startswith("Conformément à l’art. 5 du décret, M. Diallo") for p in passages)
