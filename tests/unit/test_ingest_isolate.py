"""Isolation through the warm fork server: same results as the fresh-interpreter path,
typed errors, and no re-run of the caller's main script in the children."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analyser.config import IngestConfig
from analyser.errors import NotPdfError, ParseTimeoutError
from analyser.ingest import ingest_pdf, isolate, read_document

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("forked", [True, False])
def test_isolate_both_isolation_paths_give_the_in_process_result(pdf_path, monkeypatch, forked: bool) -> None:
    if not forked:
        monkeypatch.setattr(isolate, "_fork_server_usable", lambda: False)
    elif not isolate._fork_server_usable():
        pytest.skip("no fork server on this platform")
    config = IngestConfig(ocr=False)
    assert read_document(pdf_path("table.pdf"), config) == ingest_pdf(pdf_path("table.pdf"), config.model_copy(update={"isolate": False}))
    with pytest.raises(NotPdfError):
        read_document(pdf_path("not_a_pdf.pdf"), config)


def test_isolate_forked_child_that_overstays_is_a_timeout(pdf_path) -> None:
    if not isolate._fork_server_usable():
        pytest.skip("no fork server on this platform")
    with pytest.raises(ParseTimeoutError, match="timeout_s"):
        read_document(pdf_path("image_only.pdf"), IngestConfig(timeout_s=0.01))


def test_isolate_caller_script_without_main_guard_runs_once(pdf_path, tmp_path: Path) -> None:
    """multiprocessing would re-import the caller's script in every child; a library must not."""
    marker = tmp_path / "runs.txt"
    script = tmp_path / "caller.py"
    script.write_text(
        textwrap.dedent(
            f"""
            from analyser.config import IngestConfig
            from analyser.ingest import read_document
            with open({str(marker)!r}, "a") as fh:
                fh.write("run\\n")
            for _ in range(2):
                doc = read_document({str(pdf_path("table.pdf"))!r}, IngestConfig(ocr=False))
            print(doc.n_pages)
            """
        ),
        encoding="utf-8",
    )
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "1"
    assert marker.read_text().count("run") == 1


# --------------------------------------------------------------------------- OCR budgets


def test_ingest_ocr_page_and_time_budgets_name_every_page(monkeypatch) -> None:
    """Pages are OCR'd in order until the time budget runs out; the report names the pages
    read, the pages left for time and the pages beyond the page cap."""
    from analyser.ingest import ocr, ocr_unreadable_pages, pdfium
    from analyser.ingest.layout import RawLine, RawPage

    now = [0.0]

    def fake_ocr(image: bytes, **kwargs) -> list[RawLine]:  # noqa: ANN003
        now[0] += 10.0  # each page takes 10 s
        return [RawLine("Returning migrants are referred to job centres.", 72, 500, 100, 110, 10.0)]

    monkeypatch.setattr(ocr, "tesseract_path", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr, "ocr_lines", fake_ocr)
    monkeypatch.setattr(pdfium, "render_gray", lambda data, i, dpi: __import__("numpy").zeros((2, 2), dtype="uint8"))
    raw = [RawPage(n, 595.0, 842.0) for n in range(1, 8)]
    config = IngestConfig(ocr_max_pages=5, ocr_budget_s=25)
    out, done, warnings = ocr_unreadable_pages(raw, b"%PDF-", config, clock=lambda: now[0])
    assert done == (1, 2, 3)
    assert [p.lines != () for p in out] == [True, True, True, False, False, False, False]
    assert warnings == (
        "3 pages were read by OCR (no usable text layer): 1-3",
        "2 pages need OCR but the OCR time budget of 25 s (ingest.ocr_budget_s) ran out: 4, 5; they are not analysed",
        "2 further pages need OCR beyond ingest.ocr_max_pages=5: 6, 7; they are not analysed",
    )


def test_ingest_ocr_time_budget_defaults_to_three_quarters_of_the_timeout(monkeypatch) -> None:
    from analyser.ingest import ocr, ocr_unreadable_pages, pdfium
    from analyser.ingest.layout import RawPage

    now = [0.0]

    def slow_ocr(image: bytes, **kwargs) -> list:  # noqa: ANN003
        now[0] += 100.0
        return []

    monkeypatch.setattr(ocr, "tesseract_path", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr, "ocr_lines", slow_ocr)
    monkeypatch.setattr(pdfium, "render_gray", lambda data, i, dpi: __import__("numpy").zeros((2, 2), dtype="uint8"))
    raw = [RawPage(n, 595.0, 842.0) for n in range(1, 6)]
    _, done, warnings = ocr_unreadable_pages(raw, b"%PDF-", IngestConfig(timeout_s=300), clock=lambda: now[0])
    # 225 s budget: pages 1-3 are attempted (300 s), 4 and 5 are left for time
    assert any("time budget of 225 s" in w and ": 4, 5;" in w for w in warnings), warnings


def test_isolate_forked_child_sees_the_callers_current_environment(pdf_path, monkeypatch, tmp_path: Path) -> None:
    """The fork server starts once; OCR results must still go to the cache folder the
    caller names now (ANALYSER_CACHE_DIR), as with a fresh interpreter per document."""
    if not isolate._fork_server_usable():
        pytest.skip("no fork server on this platform")
    read_document(pdf_path("table.pdf"), IngestConfig(ocr=False))  # make sure the server runs
    monkeypatch.setenv("ANALYSER_CACHE_DIR", str(tmp_path))
    doc = read_document(pdf_path("image_only.pdf"), IngestConfig(ocr_max_pages=1))
    assert doc.ocr_pages == (1,)
    assert len(list((tmp_path / "ocr").rglob("*.tsv"))) == 1
