"""Pure layout logic (analyser/ingest/layout.py) on hand-built RawLine/RawPage records.

Coordinates are PDF points on an A4 page (595 x 842), origin top-left. With the default
margin of 0.12 the top margin ends at y = 101 and the bottom margin starts at y = 741.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyser.ingest.layout import (
    RawLine,
    RawPage,
    body_font_size,
    build_page,
    clean_line_text,
    dehyphenate,
    document_vocabulary,
    find_gutter,
    heading_level,
    normalise_repeat_key,
    order_lines,
    raw_pages_to_pages,
    repair_letter_spacing,
    strip_repeated_lines,
)

W, H = 595.0, 842.0
MARGIN = 0.12
BODY = 10.0


def line(text: str, top: float, *, x0: float = 72.0, x1: float | None = None, size: float = BODY,
         bold: bool = False, height: float = 10.0) -> RawLine:
    """A RawLine whose width follows its text (about 5 pt a character) unless x1 is given."""
    right = x1 if x1 is not None else min(x0 + 5.0 * len(text), 523.0)
    return RawLine(text=text, x0=x0, x1=right, top=top, bottom=top + height, size=size, bold=bold)


def page(number: int, *lines: RawLine, warnings: tuple[str, ...] = ()) -> RawPage:
    return RawPage(number=number, width=W, height=H, lines=tuple(lines), warnings=warnings)


def texts(p: RawPage) -> list[str]:
    return [ln.text for ln in p.lines]


# --------------------------------------------------------------------------------------
# strip_repeated_lines: running headers, footers and page numbers
# --------------------------------------------------------------------------------------


def _report(n_pages: int) -> list[RawPage]:
    pages = []
    for i in range(1, n_pages + 1):
        pages.append(
            page(
                i,
                line("National Employment Strategy 2024-2028", 40, size=8),
                line(f"Body paragraph {i} on returning migrants and their access to jobs.", 200),
                line("Returning migrants are a national priority.", 400),  # repeated body line
                line("Ministry of Labour — Republic of Examplia", 780, size=8),
                line(f"Page {i} of {n_pages}", 795, x0=480, size=8),
            )
        )
    return pages


def test_layout_strip_repeated_removes_running_header_and_footer() -> None:
    out = strip_repeated_lines(_report(4), ratio=0.3, margin=MARGIN)
    assert len(out) == 4
    for i, p in enumerate(out, start=1):
        assert texts(p) == [
            f"Body paragraph {i} on returning migrants and their access to jobs.",
            "Returning migrants are a national priority.",
        ]


def test_layout_strip_repeated_keeps_repeated_body_lines() -> None:
    out = strip_repeated_lines(_report(6), ratio=0.3, margin=MARGIN)
    kept = [t for p in out for t in texts(p) if t == "Returning migrants are a national priority."]
    assert len(kept) == 6


def test_layout_strip_repeated_keeps_page_number_fields_and_warnings() -> None:
    pages = [page(7, line("Body text here on page seven.", 300), warnings=("odd font",)), page(8, line("More body.", 300))]
    out = strip_repeated_lines(pages, ratio=0.3, margin=MARGIN)
    assert [(p.number, p.width, p.height, p.warnings) for p in out] == [(7, W, H, ("odd font",)), (8, W, H, ())]


@pytest.mark.parametrize(
    "number_line",
    ["Page 3 of 10", "- 4 -", "iv", "12", "Page 2 / 9", "p. 17", "Page 5 sur 12", "— 23 —", "XII"],
)
def test_layout_strip_repeated_drops_page_numbers_in_margins(number_line: str) -> None:
    # a single page: nothing can "repeat", page numbers still go
    p = page(1, line(number_line, 800, x0=290), line("A body sentence about reintegration.", 300), line(number_line, 20, x0=290))
    (out,) = strip_repeated_lines([p], ratio=0.3, margin=MARGIN)
    assert texts(out) == ["A body sentence about reintegration."]


@pytest.mark.parametrize("number_line", ["Page 3 of 10", "- 4 -", "iv", "12"])
def test_layout_strip_repeated_keeps_page_number_lookalikes_in_body(number_line: str) -> None:
    p = page(1, line("Table 4: registered returnees", 300), line(number_line, 320, x0=290), line("Total", 340))
    (out,) = strip_repeated_lines([p], ratio=0.3, margin=MARGIN)
    assert texts(out) == ["Table 4: registered returnees", number_line, "Total"]


def test_layout_strip_repeated_keeps_margin_line_seen_on_too_few_pages() -> None:
    # 10 pages, ratio 0.3 -> a margin line must be on >= 3 pages to be a running header
    pages = [page(i, line(f"Body line {i} about labour markets.", 300)) for i in range(1, 11)]
    pages[0] = page(1, line("Foreword by the Minister", 60), *pages[0].lines)
    pages[4] = page(5, line("Annex tables", 60), *pages[4].lines)
    pages[5] = page(6, line("Annex tables", 60), *pages[5].lines)
    out = strip_repeated_lines(pages, ratio=0.3, margin=MARGIN)
    assert texts(out[0])[0] == "Foreword by the Minister"
    assert texts(out[4])[0] == "Annex tables"
    assert texts(out[5])[0] == "Annex tables"


def test_layout_strip_repeated_header_with_changing_numbers_is_one_pattern() -> None:
    pages = [
        page(i, line(f"Chapter {i // 3 + 1} — Labour migration, page {i}", 40), line(f"Body {i} text of the chapter.", 300))
        for i in range(1, 7)
    ]
    out = strip_repeated_lines(pages, ratio=0.3, margin=MARGIN)
    assert [texts(p) for p in out] == [[f"Body {i} text of the chapter."] for i in range(1, 7)]


def test_layout_strip_repeated_margin_boundary() -> None:
    # bottom exactly at 12 % of the height is margin; a line one point lower is body
    edge = H * MARGIN
    pages = [
        page(i, line("Running title", edge - 10), line("Running title too", edge - 9), line("Body.", 300))
        for i in (1, 2)
    ]
    out = strip_repeated_lines(pages, ratio=0.3, margin=MARGIN)
    assert [texts(p) for p in out] == [["Running title too", "Body."]] * 2


def test_layout_normalise_repeat_key_ignores_digits_case_and_spaces() -> None:
    assert normalise_repeat_key("  Page 3 of 10 ") == "page # of #"
    assert normalise_repeat_key("PAGE 12   OF 140") == normalise_repeat_key("page 3 of 10")
    assert normalise_repeat_key("Plan 2025") != normalise_repeat_key("Plan B")


# --------------------------------------------------------------------------------------
# find_gutter / order_lines: reading order
# --------------------------------------------------------------------------------------


def _two_column_lines(n: int = 10, top: float = 160.0) -> tuple[list[RawLine], list[RawLine]]:
    left = [line(f"Left column sentence {i} on health", top + 14 * i, x0=72, x1=282) for i in range(n)]
    right = [line(f"Right column sentence {i} on schools", top + 14 * i, x0=312, x1=523) for i in range(n)]
    return left, right


def test_layout_find_gutter_between_columns() -> None:
    left, right = _two_column_lines()
    gutter = find_gutter(left + right, W)
    assert gutter is not None
    assert 282 <= gutter <= 312


def test_layout_find_gutter_none_for_single_column() -> None:
    lines = [line(f"A full width line of body text number {i} running across", 100 + 14 * i, x1=523) for i in range(20)]
    assert find_gutter(lines, W) is None


def test_layout_find_gutter_none_with_too_few_lines() -> None:
    left, right = _two_column_lines(n=3)
    assert find_gutter(left + right, W) is None


def test_layout_order_lines_left_column_before_right_with_title_first() -> None:
    left, right = _two_column_lines()
    title = line("Health and Education Services in Examplia", 100, x0=72, x1=420, size=16)
    intro = line("This note summarises two public services for households in the north.", 120, x0=72, x1=523)
    shuffled = [title, intro, *left, *right]
    random.Random(3).shuffle(shuffled)
    ordered, columns = order_lines(shuffled, W)
    assert columns == 2
    assert [ln.text for ln in ordered] == [title.text, intro.text] + [ln.text for ln in left] + [ln.text for ln in right]


def test_layout_order_lines_full_width_line_closes_column_stretch() -> None:
    left, right = _two_column_lines(n=6, top=100)
    left2, right2 = _two_column_lines(n=6, top=300)
    left2 = [RawLine(ln.text.replace("Left", "Lower left"), ln.x0, ln.x1, ln.top, ln.bottom, ln.size) for ln in left2]
    right2 = [RawLine(ln.text.replace("Right", "Lower right"), ln.x0, ln.x1, ln.top, ln.bottom, ln.size) for ln in right2]
    band = line("A full-width boxed statement that spans both columns of the page layout", 230, x0=72, x1=523)
    ordered, columns = order_lines([*right2, *left2, band, *right, *left], W)
    assert columns == 2
    expected = [ln.text for ln in left + right] + [band.text] + [ln.text for ln in left2 + right2]
    assert [ln.text for ln in ordered] == expected


def test_layout_order_lines_single_column_untouched() -> None:
    lines = [line(f"Line {i} of a single column paragraph that runs across the page", 100 + 14 * i, x1=500) for i in range(12)]
    ordered, columns = order_lines(list(reversed(lines)), W)
    assert columns == 1
    assert ordered == lines


def test_layout_order_lines_same_row_left_to_right() -> None:
    # a short table row: cells on one baseline read left to right, single column
    cells = [line("Region", 100, x0=72, x1=120), line("2023", 100.6, x0=300, x1=330), line("North", 114, x0=72, x1=110), line("1,200", 114.4, x0=300, x1=330)]
    ordered, columns = order_lines([cells[3], cells[1], cells[2], cells[0]], W)
    assert columns == 1
    assert [ln.text for ln in ordered] == ["Region", "2023", "North", "1,200"]


def test_layout_order_lines_two_columns_under_long_full_width_intro() -> None:
    intro = [line(f"Full width introduction line {i} that runs across the whole text block", 60 + 14 * i, x1=523) for i in range(8)]
    left, right = _two_column_lines(n=10, top=200)
    ordered, columns = order_lines(intro + left + right, W)
    assert columns == 2
    assert [ln.text for ln in ordered] == [ln.text for ln in intro + left + right]


def test_layout_order_lines_short_heading_below_columns_comes_after_right_column() -> None:
    left, right = _two_column_lines(n=8, top=100)
    heading = line("Conclusion", 230, x0=72, x1=140, size=13, bold=True)
    closing = line("A full width closing paragraph that spans the whole page width.", 250, x0=72, x1=523)
    ordered, _ = order_lines(left + right + [heading, closing], W)
    assert [ln.text for ln in ordered] == [ln.text for ln in left + right] + [heading.text, closing.text]


# --------------------------------------------------------------------------------------
# heading_level
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Context", 1),
        ("2 Strategic objectives", 1),
        ("2.1 Skills", 2),
        ("2.1. Skills for a changing economy", 2),
        ("3.2.1 Regional delivery", 3),
        ("1.2.3.4 Very deep section", 4),
    ],
)
def test_layout_heading_level_numbered(text: str, expected: int | None) -> None:
    assert heading_level(line(text, 300), BODY) == expected


def test_layout_heading_level_numbered_bold_and_big() -> None:
    assert heading_level(line("1. Context", 300, size=15, bold=True), 10.5) == 1
    assert heading_level(line("1.1 Labour market", 300, size=12.5, bold=True), 10.5) == 2


@pytest.mark.parametrize(
    ("size", "bold", "expected"),
    [
        (16.0, False, 1),  # >= 1.45 x body
        (14.5, False, 1),
        (12.0, False, 2),  # >= 1.15 x body
        (11.5, False, 2),
        (11.0, True, 3),  # only bold
        (10.0, True, 3),
        (10.0, False, None),
        (11.0, False, None),  # slightly bigger is not enough
    ],
)
def test_layout_heading_level_by_font(size: float, bold: bool, expected: int | None) -> None:
    assert heading_level(line("Skills and decent work", 300, size=size, bold=bold), BODY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1 See Ministry of Labour, Annual Report 2023",
        "2.1 Source: national labour force survey",
        "12 Returnees registered at the border",
    ],
)
def test_layout_heading_level_footnote_size_numbered_is_not_heading(text: str) -> None:
    assert heading_level(line(text, 780, size=8.0), 10.5) is None
    assert heading_level(line(text, 780, size=8.0, bold=True), 10.5) is None


@pytest.mark.parametrize(
    "text",
    [
        "2.1 Skills for a changing economy ........ 12",
        "2.1 Skills for a changing economy . . . . . . 12",
        "Chapter 3 Implementation …… 41",
        "Annex 2 Indicators ________ 60",
    ],
)
def test_layout_heading_level_toc_line_with_dot_leader_is_not_heading(text: str) -> None:
    assert heading_level(line(text, 300, bold=True), BODY) is None


@pytest.mark.parametrize(
    "text",
    [
        "The Government will expand vocational training.",  # body sentence
        "1. the first measure concerns returnees",  # numbered but lower case
        "Returnees, refugees and displaced persons,",  # ends with a comma
        "2.1",  # no letters
        "ab",  # too short
        " ".join(["word"] * 19),  # too long
    ],
)
def test_layout_heading_level_body_text_is_not_heading(text: str) -> None:
    assert heading_level(line(text, 300), BODY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chapitre 3 Emploi et formation", 1),
        ("Article 5 Des migrants de retour", 1),
        ("Axe 2 Santé", 1),
        ("NATIONAL EMPLOYMENT STRATEGY", 2),
        ("Annex A Indicators.", None),  # keyword, but a sentence
    ],
)
def test_layout_heading_level_keywords_and_capitals(text: str, expected: int | None) -> None:
    assert heading_level(line(text, 300), BODY) == expected


def test_layout_heading_level_without_font_sizes() -> None:
    # engines that report no size (0) still get numbered and bold headings
    assert heading_level(line("2.1 Skills", 300, size=0.0), 0.0) == 2
    assert heading_level(line("Skills and decent work", 300, size=0.0, bold=True), 0.0) == 3
    assert heading_level(line("Skills and decent work", 300, size=0.0), 0.0) is None


# --------------------------------------------------------------------------------------
# dehyphenate, document_vocabulary
# --------------------------------------------------------------------------------------


def test_layout_dehyphenate_joins_word_broken_at_line_end() -> None:
    out = dehyphenate(["measures that raise the quality of employ-", "ment for young people"], set())
    assert out == "measures that raise the quality of employment for young people"


def test_layout_dehyphenate_joins_lines_with_one_space() -> None:
    assert dehyphenate(["  first line  ", "", "second line", "third"], set()) == "first line second line third"


def test_layout_dehyphenate_keeps_compound_in_vocabulary() -> None:
    lines = ["public investment will support socio-", "economic change in the north"]
    assert dehyphenate(lines, {"socio-economic"}) == "public investment will support socio-economic change in the north"
    # without the unbroken compound elsewhere the hyphen is taken as a line-end break
    assert dehyphenate(lines, set()) == "public investment will support socioeconomic change in the north"


def test_layout_dehyphenate_vocabulary_is_case_insensitive() -> None:
    assert dehyphenate(["Socio-", "economic change"], {"socio-economic"}) == "Socio-economic change"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["liés à la grossesse et à l’accou-", "chement dans tous les centres"], "liés à la grossesse et à l’accouchement dans tous les centres"),
        (["un appui à la réinté-", "gration professionnelle"], "un appui à la réintégration professionnelle"),
        (["les plans locaux de dévelop-", "pement"], "les plans locaux de développement"),
        (["les sages-", "femmes sont peu nombreuses"], "les sages-femmes sont peu nombreuses"),
    ],
)
def test_layout_dehyphenate_french_accents(lines: list[str], expected: str) -> None:
    assert dehyphenate(lines, {"sages-femmes"}) == expected


@pytest.mark.parametrize("hyphen", ["\u00ad", "\u2010", "\x02"])
def test_layout_dehyphenate_soft_and_engine_hyphens(hyphen: str) -> None:
    assert dehyphenate([f"vocation{hyphen}", "al practice"], set()) == "vocational practice"


def test_layout_dehyphenate_keeps_hyphen_before_capital_or_digit() -> None:
    assert "20252027" not in dehyphenate(["over the period 2025-", "2027 the plan"], set())
    out = dehyphenate(["relations with the Franco-", "Ivorian chamber"], set())
    assert "FrancoIvorian" not in out
    assert out.startswith("relations with the Franco-")


def test_layout_document_vocabulary_collects_lowercase_compounds() -> None:
    pages = [page(1, line("Socio-economic change and sages-femmes", 300), line("self-employment, co-operation", 320)), page(2, line("no compound here", 300))]
    assert document_vocabulary(pages) == {"socio-economic", "sages-femmes", "self-employment", "co-operation"}


# --------------------------------------------------------------------------------------
# repair_letter_spacing, clean_line_text
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("R A P P O R T", "RAPPORT"),
        ("S O M M A I R E  2 0 1 3", "SOMMAIRE 2013"),
        ("  P r o g r a m m e  d ’ a p p u i  ", "Programme d’appui"),
        ("R A P P O R T  A N N U E L", "RAPPORT ANNUEL"),
    ],
)
def test_layout_repair_letter_spacing_joins_letters(raw: str, expected: str) -> None:
    assert repair_letter_spacing(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("U n  p r o g r a m m e", "Un programme"),
        ("L a  l e t t r e  d e  l ’ i n t é g r a t i o n", "La lettre de l’intégration"),
    ],
)
def test_layout_repair_letter_spacing_short_first_word(raw: str, expected: str) -> None:
    assert repair_letter_spacing(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Un programme de l’UE",
        "a b c",  # too short to be a spaced-out title
        "Plan A B C for returnees",
        "1 2 3",
        "Article 5 a) b) c)",
    ],
)
def test_layout_repair_letter_spacing_leaves_normal_text(raw: str) -> None:
    assert repair_letter_spacing(raw) == raw


def test_layout_clean_line_text_removes_controls_and_maps_symbol_bullets() -> None:
    assert clean_line_text("\x01Returnee\x07 support\ufffd ") == "Returnee support"
    assert clean_line_text("\uf0b7 Registration at job centres") == "• Registration at job centres"
    assert clean_line_text("employ\x02") == "employ\x02"  # engine hyphen survives for dehyphenate
    assert clean_line_text(" R A P P O R T  A N N U E L ") == "RAPPORT ANNUEL"


# --------------------------------------------------------------------------------------
# build_page: paragraphs, headings and their offsets
# --------------------------------------------------------------------------------------


def _assert_heading_offsets(p) -> None:  # noqa: ANN001
    for h in p.headings:
        assert p.text[h.char_start : h.char_start + len(h.text)] == h.text
        assert h.char_start == 0 or p.text[h.char_start - 2 : h.char_start] == "\n\n"


def test_layout_build_page_offsets_point_at_headings() -> None:
    raw = page(
        1,
        line("2. Strategic objectives", 90, size=15, bold=True, height=15),
        line("2.1 Decent jobs for young people", 120, size=12.5, bold=True, height=12),
        line("The first objective is to halve the gap between youth and adult", 140, x1=523),
        line("unemployment by 2028, with first-job subsidies for enterprises.", 152, x1=400),
        line("Public works will provide short-term income in lagging regions.", 175, x1=480),
        line("2.2 Skills for a changing economy", 205, size=12.5, bold=True, height=12),
        line("Sector skills councils will define occupational standards.", 225, x1=460),
    )
    p = build_page(raw, BODY, set())
    assert [(h.text, h.level) for h in p.headings] == [
        ("2. Strategic objectives", 1),
        ("2.1 Decent jobs for young people", 2),
        ("2.2 Skills for a changing economy", 2),
    ]
    _assert_heading_offsets(p)
    assert p.text.split("\n\n") == [
        "2. Strategic objectives",
        "2.1 Decent jobs for young people",
        "The first objective is to halve the gap between youth and adult unemployment by 2028, with first-job subsidies for enterprises.",
        "Public works will provide short-term income in lagging regions.",
        "2.2 Skills for a changing economy",
        "Sector skills councils will define occupational standards.",
    ]
    assert p.number == 1
    assert p.columns == 1


_HEADINGS = st.sampled_from(["1. Context", "2.1 Skills", "Health services", "Santé et retour", "3.2.1 Délais"])
_WORDS = st.lists(st.sampled_from(["emploi", "returnees", "the", "santé", "plan", "2025", "régions", "work"]), min_size=3, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_HEADINGS.map(lambda h: ("h", h)), st.lists(_WORDS, min_size=1, max_size=3).map(lambda p: ("p", p))), min_size=1, max_size=8))
def test_layout_build_page_heading_offsets_property(blocks) -> None:  # noqa: ANN001
    lines: list[RawLine] = []
    top = 80.0
    for kind, content in blocks:
        if kind == "h":
            lines.append(line(content, top, size=13, bold=True, height=13))
            top += 30
        else:
            for words in content:
                text = " ".join(words).capitalize() + "."
                lines.append(line(text, top, x1=523))
                top += 12
            top += 14
    p = build_page(page(2, *lines), BODY, set())
    _assert_heading_offsets(p)
    assert [h.text for h in p.headings] == [c for k, c in blocks if k == "h"]


def test_layout_build_page_sentence_continuing_on_next_line_is_not_heading() -> None:
    raw = page(
        1,
        line("The Government will support returning migrants", 100, x1=300, bold=True),
        line("through the regional employment agencies.", 112, x1=280, bold=True),
        line("Each agency opens a desk in 2025.", 140, x1=260),
    )
    p = build_page(raw, BODY, set())
    assert p.headings == ()
    assert p.text.startswith("The Government will support returning migrants through the regional employment agencies.")


def test_layout_build_page_numbered_paragraph_continuing_is_not_heading() -> None:
    raw = page(
        1,
        line("1. The Government will give priority to measures that", 100, x1=523),
        line("raise the quality of employment for young returnees.", 112, x1=400),
        line("2. Regional agencies will open desks for returning", 135, x1=523),
        line("migrants in every district capital by 2026.", 147, x1=360),
    )
    p = build_page(raw, BODY, set())
    assert p.headings == ()
    assert "1. The Government will give priority to measures that raise the quality of employment" in p.text


def test_layout_build_page_wrapped_heading_keeps_second_line() -> None:
    raw = page(
        1,
        line("2.1 Insertion professionnelle des migrants de retour dans les", 100, x1=500, size=12.5, bold=True, height=12),
        line("régions frontalières du nord", 116, x1=250, size=12.5, bold=True, height=12),
        line("L’Agence nationale ouvrira un guichet emploi destiné aux migrants.", 140, x1=520),
    )
    p = build_page(raw, BODY, set())
    assert [h.text for h in p.headings] == ["2.1 Insertion professionnelle des migrants de retour dans les régions frontalières du nord"]


def test_layout_build_page_paragraph_gap_and_bullets() -> None:
    raw = page(
        1,
        line("Reception of returnees will be organised at the border and at the", 100, x1=523),
        line("airport by the national agency.", 112, x1=250),
        line("Services include:", 140, x1=160),
        line("• registration and referral", 152, x0=80, x1=250),
        line("• a reintegration allowance", 164, x0=80, x1=250),
        line("A second paragraph starts after a blank gap and is long enough to fill", 200, x1=523),
        line("two lines of the page.", 212, x1=200),
    )
    p = build_page(raw, BODY, set())
    assert p.text.split("\n\n") == [
        "Reception of returnees will be organised at the border and at the airport by the national agency.",
        "Services include:",
        "• registration and referral",
        "• a reintegration allowance",
        "A second paragraph starts after a blank gap and is long enough to fill two lines of the page.",
    ]


def test_layout_build_page_dehyphenates_with_vocabulary() -> None:
    raw = page(
        1,
        line("Public investment will support socio-", 100, x1=523),
        line("economic change and raise the quality of employ-", 112, x1=523),
        line("ment for young people and vocation\x02", 124, x1=523),
        line("al training.", 136, x1=150),
    )
    p = build_page(raw, BODY, {"socio-economic"})
    assert p.text == "Public investment will support socio-economic change and raise the quality of employment for young people and vocational training."


def test_layout_build_page_strips_dot_leaders_and_repairs_letter_spacing() -> None:
    raw = page(
        1,
        line("R A P P O R T  A N N U E L", 90, x1=300, size=16, height=16),
        line("Returnee reception ........ 12", 130, x1=400),
    )
    p = build_page(raw, BODY, set())
    assert [h.text for h in p.headings] == ["RAPPORT ANNUEL"]
    assert "...." not in p.text
    assert "Returnee reception 12" in p.text


def test_layout_build_page_two_columns_reads_left_then_right() -> None:
    left, right = _two_column_lines(n=10, top=160)
    title = line("Health and Education Services", 100, x0=72, x1=420, size=16, height=16)
    p = build_page(page(1, *right, title, *left), BODY, set())
    assert p.columns == 2
    assert p.headings[0].text == "Health and Education Services"
    assert p.text.index("Left column sentence 9") < p.text.index("Right column sentence 0")
    assert p.text.index("Right column sentence 9") > p.text.index("Right column sentence 8")


def test_layout_build_page_empty() -> None:
    p = build_page(page(3, line("\x01\x07 ", 100), line("   ", 120)), BODY, set())
    assert (p.number, p.text, p.headings) == (3, "", ())


def test_layout_body_font_size_weighted_by_characters() -> None:
    pages = [page(1, line("Big title", 90, size=18), line("x" * 200, 120, size=10.4), line("y" * 150, 140, size=9.0)), page(2, line("z" * 100, 120, size=10.6))]
    assert body_font_size(pages) == 10.5
    assert body_font_size([page(1, line("no size", 100, size=0.0))]) == 0.0


def test_layout_raw_pages_to_pages_end_to_end() -> None:
    pages = raw_pages_to_pages(_report(3), ratio=0.3, margin=MARGIN)
    assert [p.number for p in pages] == [1, 2, 3]
    for i, p in enumerate(pages, start=1):
        assert "National Employment Strategy" not in p.text
        assert "Page" not in p.text
        assert f"Body paragraph {i} on returning migrants" in p.text
        assert "Returning migrants are a national priority." in p.text
