"""Fast table finder: grids from ruling segments (pure, hand-made geometry) and the
default ingest path on the table fixtures."""

from __future__ import annotations

import pytest

from analyser.config import IngestConfig
from analyser.ingest import ingest_pdf
from analyser.ingest.tables import Segment, find_grids, grid_rows


def h(y: float, x0: float, x1: float, weak: bool = False) -> Segment:
    return Segment(x0, y, x1, y, weak)


def v(x: float, y0: float, y1: float, weak: bool = False) -> Segment:
    return Segment(x, y0, x, y1, weak)


def rect(x0: float, y0: float, x1: float, y1: float, weak: bool = False) -> list[Segment]:
    return [h(y0, x0, x1, weak), h(y1, x0, x1, weak), v(x0, y0, y1, weak), v(x1, y0, y1, weak)]


def full_grid(xs: list[float], ys: list[float]) -> list[Segment]:
    return [h(y, xs[0], xs[-1]) for y in ys] + [v(x, ys[0], ys[-1]) for x in xs]


def text_at(cells: dict[tuple[float, float], str]):  # noqa: ANN201
    """A fake page: cell text found by the position of a point inside the asked box."""

    def read(box: tuple[float, float, float, float]) -> str:
        x0, top, x1, bottom = box
        return " ".join(t for (x, y), t in cells.items() if x0 < x < x1 and top < y < bottom)

    return read


def test_tables_grid_from_cell_rectangles_drawn_one_by_one() -> None:
    xs, ys = [50.0, 150.0, 250.0, 350.0], [100.0, 120.0, 140.0]
    # each cell its own rectangle, neighbours overlapping by a stroke width
    segs = [s for r in range(2) for c in range(3) for s in rect(xs[c] - 0.4, ys[r] - 0.4, xs[c + 1] + 0.4, ys[r + 1] + 0.4)]
    (grid,) = find_grids(segs)
    assert [round(x) for x in grid.xs] == [50, 150, 250, 350]
    assert [round(y) for y in grid.ys] == [100, 120, 140]
    rows = grid_rows(grid, text_at({(60, 110): "Indicator", (160, 110): "Target", (260, 110): "Owner",
                                    (60, 130): "Returnees employed", (160, 130): "1,200", (260, 130): "Agency"}))
    assert [r[2] for r in rows] == [["Indicator", "Target", "Owner"], ["Returnees employed", "1,200", "Agency"]]
    assert rows[0][:2] == pytest.approx((100, 120), abs=0.5)


def test_tables_merged_cells_are_read_once_in_their_first_column_and_row() -> None:
    xs, ys = [0.0, 100.0, 200.0, 300.0], [0.0, 20.0, 40.0, 60.0]
    segs = [h(0, 0, 300), h(60, 0, 300), h(20, 0, 300), h(40, 100, 300)]  # column 1 merged over rows 2-3
    segs += [v(0, 0, 60), v(300, 0, 60), v(100, 0, 60), v(200, 20, 60), v(200, 0, 20)]
    (grid,) = find_grids(segs)
    assert grid.xs == tuple(xs) and grid.ys == tuple(ys)
    rows = grid_rows(grid, text_at({(10, 45): "Economic", (110, 30): "Grants", (110, 50): "Jobs", (210, 30): "2.5", (210, 50): "0.8"}))
    assert [r[2] for r in rows] == [["", "", ""], ["Economic", "Grants", "2.5"], ["", "Jobs", "0.8"]]


def test_tables_a_row_spanning_title_merges_columns() -> None:
    segs = full_grid([0, 100, 200], [20, 40]) + [h(0, 0, 200), v(0, 0, 20), v(200, 0, 20)]
    (grid,) = find_grids(segs)
    rows = grid_rows(grid, text_at({(150, 10): "Table 3. Budget", (50, 30): "A", (150, 30): "B"}))
    assert [r[2] for r in rows] == [["Table 3. Budget", ""], ["A", "B"]]


def test_tables_shading_inset_in_a_cell_does_not_split_it() -> None:
    segs = full_grid([0, 100, 200], [0, 20, 40, 60])
    # header shading drawn 5 pt inside each header cell, without outline
    segs += rect(5, 5, 95, 15, weak=True) + rect(105, 5, 195, 15, weak=True)
    (grid,) = find_grids(segs)
    assert grid.xs == (0, 100, 200) and grid.ys == (0, 20, 40, 60)


def test_tables_row_shading_spanning_the_table_is_a_row_boundary() -> None:
    # only the frame and one column rule are drawn; rows are told apart by shaded bands
    segs = rect(0, 0, 200, 60) + [v(100, 0, 60)] + rect(0, 20, 200, 40, weak=True)
    (grid,) = find_grids(segs)
    assert grid.ys == (0, 20, 40, 60)


def test_tables_table_drawn_only_with_shaded_cells() -> None:
    segs = [s for r in range(3) for c in range(2) for s in rect(c * 100 + 1, r * 20 + 1, c * 100 + 99, r * 20 + 19, weak=True)]
    (grid,) = find_grids(segs)
    assert len(grid.xs) == 3 and len(grid.ys) == 4


def test_tables_two_tables_on_a_page_are_two_grids() -> None:
    segs = full_grid([0, 100, 200], [0, 20, 40]) + full_grid([0, 150, 300], [300, 320, 340, 360])
    grids = find_grids(segs)
    assert [len(g.ys) for g in grids] == [3, 4]
    assert grids[0].bbox == (0, 0, 200, 40)


@pytest.mark.parametrize(
    "segs",
    [
        rect(0, 0, 300, 100),  # a bordered box (text frame, call-out)
        [h(10, 0, 500), h(700, 0, 500)],  # running header and footer rules
        rect(0, 0, 100, 50) + rect(100, 0, 200, 50),  # two boxes side by side: one row
        [v(50, 0, 800)],  # a margin rule
    ],
)
def test_tables_shapes_that_are_not_tables_give_no_grid(segs: list[Segment]) -> None:
    assert find_grids(segs) == []


def test_tables_pages_with_too_many_strokes_are_skipped() -> None:
    segs = full_grid([float(x) for x in range(0, 500, 5)], [float(y) for y in range(0, 500, 5)])
    assert find_grids(segs, max_segments=100) == []


@pytest.mark.parametrize(("value", "mode"), [(None, "fast"), (True, "plumber"), (False, "off"), ("fast", "fast"), ("off", "off")])
def test_tables_config_modes_and_booleans(value: object, mode: str) -> None:
    config = IngestConfig() if value is None else IngestConfig(tables=value)
    assert config.tables == mode


def test_tables_config_rejects_unknown_mode() -> None:
    with pytest.raises(ValueError):
        IngestConfig(tables="camelot")


def test_ingest_fast_tables_match_pdfplumber_on_the_results_matrix(pdf_path) -> None:
    fast = ingest_pdf(pdf_path("table.pdf"), IngestConfig(isolate=False))
    plumber = ingest_pdf(pdf_path("table.pdf"), IngestConfig(isolate=False, tables="plumber"))
    assert fast.pages[0].text == plumber.pages[0].text
    assert "Indicator: Returnees with certified skills; Baseline 2024: 150; Target 2030: 6,000" in fast.pages[0].text


def test_ingest_line_ruled_table_with_merged_cell_and_inset_shading(pdf_path) -> None:
    text = ingest_pdf(pdf_path("table_lines.pdf"), IngestConfig(isolate=False)).pages[0].text
    paragraphs = text.split("\n\n")
    assert "Pillar | Measure | Budget (EUR)" in paragraphs
    assert "Pillar: Economic reintegration; Measure: Start-up grants for returnees; Budget (EUR): 2,500,000" in paragraphs
    # the second row of the merged 'Economic reintegration' cell has no pillar of its own
    assert "Measure: Job placement through employment centres; Budget (EUR): 800,000" in paragraphs
    assert text.index("Pillar | Measure") < text.index("Budgets are indicative")


def test_ingest_tables_on_a_garbled_page_are_left_to_ocr() -> None:
    """Cells read from a font without a Unicode map are as garbled as the rest of the page;
    they must not turn the page into plausible-looking rows that skip OCR."""
    from analyser.ingest import tables_as_rows
    from analyser.ingest.layout import RawLine, RawPage

    table = ((50.0, 100.0, 300.0, 160.0), [(100.0, 120.0, ["Recettes", "Prévisions"]), (120.0, 140.0, ["5HFHWWHV¿VFDOHV", "113,00"]),
                                           (140.0, 160.0, ["'pS{WNRZHwWLHQ", "84,13"])])
    garbled = tuple(RawLine("!\" #$%& '()(*+,&- . /,/& 0+#/,$)) :;<=>?>@AB> W1XYZ[\\]]^ZY_[`aab^cY", 50, 500, y, y + 10, 10.0) for y in (200.0, 220.0))
    good = (RawLine("Returning migrants are registered at the regional job centres and referred to training.", 50, 500, 200, 210, 10.0),)
    config = IngestConfig()
    (kept,) = tables_as_rows([RawPage(1, 595.0, 842.0, garbled, tables=(table,))], b"", config)
    assert all(ln.kind == "text" for ln in kept.lines)
    (converted,) = tables_as_rows([RawPage(1, 595.0, 842.0, good, tables=(table,))], b"", config)
    assert [ln.text for ln in converted.lines if ln.kind == "table_row"][0] == "Recettes | Prévisions"


def test_tables_cell_line_breaks_follow_the_dehyphenation_rule() -> None:
    from analyser.ingest.layout import join_cell_lines, rejoin_cell_hyphens

    text = join_cell_lines(["income of small\ufffe", "scale producers", "North-", "South trade", "reinte-", "gration", "", "plans"])
    assert text == "income of small-\x02scale producers North-South trade reinte-\x02gration plans"
    # a compound written unbroken elsewhere in the document keeps its hyphen, a split word is joined
    assert rejoin_cell_hyphens(text, {"small-scale"}) == "income of small-scale producers North-South trade reintegration plans"


def test_tables_header_found_below_a_title_row_and_section_rows_stay_plain() -> None:
    from analyser.ingest.layout import table_row_lines

    rows = [
        (0.0, 10.0, ["Panel 1: investment", "", ""]),
        (10.0, 20.0, ["Theme", "Moderator", "Panellists"]),
        (20.0, 30.0, ["Remittances", "A. Journalist", "B. Banker"]),
        (30.0, 40.0, ["Panel 2: skills", "", ""]),
        (40.0, 50.0, ["Returning talent", "", "C. Recruiter"]),
    ]
    assert [ln.text for ln in table_row_lines((0.0, 0.0, 300.0, 50.0), rows)] == [
        "Panel 1: investment",
        "Theme | Moderator | Panellists",
        "Theme: Remittances; Moderator: A. Journalist; Panellists: B. Banker",
        "Panel 2: skills",
        "Theme: Returning talent; Panellists: C. Recruiter",
    ]


def test_tables_graph_paper_is_not_read_cell_by_cell() -> None:
    lines = [float(x) for x in range(0, 1000, 10)]  # 99 x 99 cells from 200 strokes
    assert find_grids(full_grid(lines, lines)) == []
    assert len(find_grids(full_grid(lines, lines), max_cells=10_000)) == 1
