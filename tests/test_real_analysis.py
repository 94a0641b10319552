"""Issue #2 acceptance on the shared real corpus, with the real models and the default
config: every document ends with a status; traps and negatives get no returnee level;
the French magazine's returnee mentions are found; sectoral strategies are addressed on
their own sector. Skips when ../shared is absent."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analyser.types import DocStatus, DocumentReport

pytestmark = [pytest.mark.real, pytest.mark.model]


@pytest.fixture(scope="module")
def reports(real_corpus: Path) -> dict[str, tuple[dict[str, str], DocumentReport]]:
    from analyser.pipeline import analyse_pdf_safely, build_resources

    resources = build_resources()
    with (real_corpus / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {row["file"]: (row, analyse_pdf_safely(real_corpus / row["file"], resources)) for row in rows}


def _one(reports, marker: str) -> DocumentReport:
    found = [r for name, (_, r) in reports.items() if marker in name]
    assert len(found) == 1, marker
    return found[0]


def test_real_analysis_every_document_ends_with_a_status(reports) -> None:
    assert len(reports) == 30
    for name, (_, rep) in reports.items():
        assert isinstance(rep.document.status, DocStatus), name
        if rep.document.status in (DocStatus.OK, DocStatus.OK_WITH_WARNINGS):
            assert len(rep.indicators) == 29, name
        else:
            assert rep.document.message, f"{name}: failure without a message"
            assert rep.indicators == (), name


def test_real_analysis_not_a_pdf_has_typed_status(reports) -> None:
    rep = _one(reports, "NOT-A-PDF")
    assert rep.document.status == DocStatus.NOT_PDF
    assert "not a PDF" in rep.document.message


@pytest.mark.parametrize("marker", ["loi-2019-14", "decret-2011-159", "TUN_2024", "broken-encoding"])
def test_real_analysis_scanned_and_garbled_files_are_ocrd(reports, marker: str) -> None:
    rep = _one(reports, marker)
    assert rep.document.status == DocStatus.OK_WITH_WARNINGS
    assert rep.document.ocr_pages
    assert "read by OCR" in rep.document.message
    assert len(rep.indicators) == 29


def test_real_analysis_traps_and_negatives_have_no_returnee_level(reports) -> None:
    checked = 0
    for name, (row, rep) in reports.items():
        if row["category"] in ("trap", "negative") or "negative" in row["category"] or "fonctionnaires-justice" in name:
            checked += 1
            raised = {i.id: i.returnee_level for i in rep.indicators if i.returnee_level > 0}
            assert not raised, f"{name} ({row['category']}): {raised}"
    assert checked >= 15


def test_real_analysis_french_magazine_mentions_returnees(reports) -> None:
    rep = _one(reports, "MIAIE-magazine")
    assert rep.document.status in (DocStatus.OK, DocStatus.OK_WITH_WARNINGS)
    assert "fr" in rep.document.languages
    assert rep.document.returnee_mentions >= 1


def test_real_analysis_return_policy_figure_mentions_returnees(reports) -> None:
    assert _one(reports, "NGA_2024").document.returnee_mentions >= 1


@pytest.mark.parametrize(
    ("marker", "indicator"),
    [
        ("BGD_2015_7FYP-bg-health", "SOC.HEALTH"),
        ("KHM_2016_health", "SOC.HEALTH"),
        ("SEN_2022_cour-des-comptes-DAGE-ministere-sante", "SOC.HEALTH"),
        ("SME-development", "ECO.ENTREPRENEURSHIP"),
        ("NAM_2013_education", "SOC.EDUCATION"),
        ("social-protection-strategy", "SOC.SOCIAL_PROTECTION"),
    ],
)
def test_real_analysis_sectoral_strategies_addressed_on_their_sector(reports, marker: str, indicator: str) -> None:
    rep = _one(reports, marker)
    flags = {i.id: i for i in rep.indicators}
    assert flags[indicator].addressed, f"{marker}: {indicator} not addressed"
    assert flags[indicator].evidence and all(e.page >= 1 for e in flags[indicator].evidence)
