"""analyser.batch.outputs: matrix, summary, heatmap and failures as a pure function of the
source listing and the reports on disk."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from analyser.batch.outputs import OUTPUT_FILES, Entry, build_outputs, load_rows, summary_markdown
from analyser.batch.source import SourceItem
from analyser.batch.state import atomic_write, report_text
from analyser.types import LEVEL_LABELS, DocStatus, DocumentInfo, DocumentReport, IndicatorResult

INDICATORS = (("ECO.EMPLOYMENT", "ECO", "Employment"), ("ECO.SKILLS", "ECO", "Skills"), ("SOC.HEALTH", "SOC", "Health care"))


def _report(sha: str, file: str, status: DocStatus, levels: dict[str, tuple[bool, int]] | None = None) -> DocumentReport:
    inds = ()
    if status in (DocStatus.OK, DocStatus.OK_WITH_WARNINGS):
        inds = tuple(
            IndicatorResult(
                id=i, dimension=d, name=n, addressed=(levels or {}).get(i, (False, 0))[0],
                returnee_level=(levels or {}).get(i, (False, 0))[1], level_label=LEVEL_LABELS[(levels or {}).get(i, (False, 0))[1]],
                entry_point=(levels or {}).get(i, (False, 0))[0] and (levels or {}).get(i, (False, 0))[1] < 2,
                n_passages=1, best_score=0.5,
            )
            for i, d, n in INDICATORS
        )
    info = DocumentInfo(
        id=sha[:16], file=file, pages=10 if inds else 0, languages=("en",) if inds else (), status=status,
        message="" if inds else f"{file}: why and what to do", taxonomy_version="1.0.0", model="keyword.v1:none",
    )
    return DocumentReport(analyser_version="0.1.0", document=info, config={}, config_hash="cafe", indicators=inds)


def _setup(out: Path) -> list[Entry]:
    (out / "reports").mkdir(parents=True)
    docs = [
        ("b/strategy.pdf", "1" * 64, DocStatus.OK, {"ECO.EMPLOYMENT": (True, 3), "SOC.HEALTH": (True, 0)}, "Senegal"),
        ("a/plan.pdf", "2" * 64, DocStatus.OK_WITH_WARNINGS, {"ECO.SKILLS": (True, 2)}, "Cambodia"),
        ("c/scan.pdf", "3" * 64, DocStatus.NO_TEXT, None, "Senegal"),
        ("d/slow.pdf", "4" * 64, DocStatus.TIMEOUT, None, ""),
    ]
    entries = []
    for path, sha, status, levels, country in docs:
        atomic_write(out / "reports" / f"{sha[:16]}.json", report_text(_report(sha, path, status, levels)))
        entries.append(Entry(item=SourceItem(path=path, abspath=Path("/x") / path, country=country, year="2020", title=f"T {path}"), sha256=sha, size=1))
    # the same content under a second path, a listed file that is missing, one not analysed yet
    entries.append(Entry(item=SourceItem(path="e/copy-of-plan.pdf", abspath=Path("/x/e"), country="Cambodia"), sha256="2" * 64, size=1))
    entries.append(Entry(item=SourceItem(path="f/gone.pdf", abspath=Path("/x/f"), error="file not found: f/gone.pdf")))
    entries.append(Entry(item=SourceItem(path="g/new.pdf", abspath=Path("/x/g")), sha256="5" * 64, size=1))
    return entries


def _read(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def test_outputs_are_a_pure_function_of_reports_and_listing(tmp_path):
    entries = _setup(tmp_path)
    build_outputs(tmp_path, entries)
    first = _read(tmp_path)
    build_outputs(tmp_path, list(reversed(entries)))  # listing order does not matter
    assert _read(tmp_path) == first
    assert first["heatmap.png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert not list(tmp_path.glob(".*.tmp"))


def test_outputs_matrix_one_row_per_entry_sorted_with_two_columns_per_indicator(tmp_path):
    build_outputs(tmp_path, _setup(tmp_path))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "coverage_matrix.csv").read_text(encoding="utf-8"))))
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows)
    assert len(rows) == 7
    by = {r["path"]: r for r in rows}
    s = by["b/strategy.pdf"]
    assert (s["ECO.EMPLOYMENT:addressed"], s["ECO.EMPLOYMENT:returnee_level"]) == ("true", "3")
    assert (s["ECO.SKILLS:addressed"], s["ECO.SKILLS:returnee_level"]) == ("false", "0")
    assert s["status"] == "ok" and s["pages"] == "10" and s["country"] == "Senegal"
    assert s["report"] == "reports/1111111111111111.json"
    assert by["e/copy-of-plan.pdf"]["document_id"] == by["a/plan.pdf"]["document_id"]
    assert by["e/copy-of-plan.pdf"]["ECO.SKILLS:returnee_level"] == "2"
    assert by["c/scan.pdf"]["ECO.SKILLS:returnee_level"] == "" and by["c/scan.pdf"]["status"] == "no_text"
    header = list(rows[0].keys())
    assert header[-6:] == [
        "ECO.EMPLOYMENT:addressed", "ECO.EMPLOYMENT:returnee_level", "ECO.SKILLS:addressed",
        "ECO.SKILLS:returnee_level", "SOC.HEALTH:addressed", "SOC.HEALTH:returnee_level",
    ]


def test_outputs_failures_list_every_entry_that_did_not_finish(tmp_path):
    build_outputs(tmp_path, _setup(tmp_path))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "failures.csv").read_text(encoding="utf-8"))))
    assert [(r["path"], r["status"]) for r in rows] == [
        ("c/scan.pdf", "no_text"),
        ("d/slow.pdf", "timeout"),
        ("f/gone.pdf", "unreadable"),
        ("g/new.pdf", "pending"),
    ]
    assert all(r["message"] for r in rows)
    assert rows[2]["message"].startswith("file not found")


def test_outputs_summary_rolls_up_by_country_dimension_and_indicator(tmp_path):
    entries = _setup(tmp_path)
    text = summary_markdown(load_rows(tmp_path, entries))
    assert "- Source entries: 7 (5 distinct documents by content)" in text
    assert "- Analysed: 3 (2 with warnings), 30 pages" in text
    assert "- Not finished: 4" in text
    # Cambodia: plan + its copy, both analysed, one level-2 indicator each
    assert "| Cambodia | 2 | 2 | 0 | 1.0 | 1.0 | 1.0 | 0.0 | 2 |" in text
    # Senegal: strategy analysed (2 addressed, one level 3), scan not
    assert "| Senegal | 2 | 1 | 1 | 2.0 | 1.0 | 1.0 | 1.0 | 1 |" in text
    assert "| (not given) | 3 | 0 | 3 |" in text
    # 3 analysed documents x 2 economic indicators = 6 cells: 3 addressed, 3 at level >= 2, 1 at level 3
    assert "| Economic (ECO) | 2 | 50 % | 50 % | 50 % | 17 % |" in text
    assert "| SOC.HEALTH | Health care | 1 | 0 | 0 | 0 | 1 |" in text
    assert "| timeout | 1 |" in text and "| pending | 1 |" in text
    for word in ("seconds", "pages/s", "2026", "time"):
        assert word not in text.lower().replace("timeout", "")


def test_outputs_heatmap_handles_no_analysed_document_and_many_documents(tmp_path):
    from analyser.batch.outputs import heatmap_png

    assert heatmap_png([]).startswith(b"\x89PNG")
    entries = _setup(tmp_path)
    many = [Entry(item=SourceItem(path=f"x/{n:04d}.pdf", abspath=Path("/x")), sha256="1" * 64, size=1) for n in range(300)]
    png = heatmap_png(load_rows(tmp_path, entries + many))
    assert png.startswith(b"\x89PNG") and len(png) > 1000


def test_outputs_heatmap_row_label_keeps_the_status_of_a_long_title(tmp_path):
    from analyser.batch.outputs import _row_label

    entries = _setup(tmp_path)
    long = Entry(item=SourceItem(path="c/scan.pdf", abspath=Path("/x"), country="Senegal", title="T" * 200), sha256="3" * 64, size=1)
    (row,) = load_rows(tmp_path, [long])
    label = _row_label(row)
    assert label.startswith("Senegal · TTT") and label.endswith("… [no_text]") and len(label) <= 58
    assert entries  # reports written by _setup
