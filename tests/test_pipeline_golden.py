"""Whole-pipeline golden tests with the fake encoder and the blank spaCy splitter.

A stable projection of each report (document fields, and per indicator: id, addressed,
returnee_level, evidence pages) is compared with tests/fixtures/expected/pipeline/<name>.report.json.
Refresh after an intended change and review the diff:

    python -m pytest tests/test_pipeline_golden.py --update-golden
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from analyser.errors import EncryptedPdfError, NoTextLayerError, NotPdfError
from analyser.ingest import ingest_pdf
from analyser.lang import detect_page_languages
from analyser.pipeline import analyse_pdf, analyse_pdf_safely, score_passages
from analyser.report import to_json
from analyser.score import neighbour_anchors
from analyser.segment import segment
from analyser.types import DocStatus, DocumentReport

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PDFS = HERE / "fixtures" / "pdfs"
SAMPLES = ROOT / "corpora" / "samples"
# Not directly in tests/fixtures/expected: tests/test_golden_ingest.py treats every *.json there
# as an ingest fixture named after the file.
GOLDEN = HERE / "fixtures" / "expected" / "pipeline"

DOCUMENTS = {
    "returnee_measures_fr": PDFS / "returnee_measures_fr.pdf",
    "sample_strategy_en": SAMPLES / "sample_strategy_en.pdf",
    "sample_strategy_fr": SAMPLES / "sample_strategy_fr.pdf",
}


def projection(report: DocumentReport) -> dict:
    """The parts of a report that must not change by accident (no timings, no scores)."""
    return {
        "document": report.document.model_dump(mode="json"),
        "indicators": [
            {
                "id": ind.id,
                "addressed": ind.addressed,
                "returnee_level": ind.returnee_level,
                "evidence_pages": [e.page for e in ind.evidence],
            }
            for ind in report.indicators
        ],
    }


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _without_timings(report: DocumentReport) -> dict:
    data = json.loads(to_json(report))
    assert set(data.pop("timings")) == {"ingest", "language", "segment", "warm_up", "match", "flag", "total"}
    return data


# --------------------------------------------------------------------------- golden projections


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_pipeline_golden_report(name, fake_resources, update_golden):
    pdf = DOCUMENTS[name]
    report = analyse_pdf(pdf, fake_resources)
    got = projection(report)

    # invariants that hold whatever the golden file says
    doc = got["document"]
    assert doc["status"] == "ok"
    assert doc["file"] == pdf.name
    assert doc["model"] == "hybrid.v1:fake-bow"
    assert doc["taxonomy_version"] == "1.0.0"
    assert doc["n_passages"] > 0
    assert [i["id"] for i in got["indicators"]] == list(fake_resources.taxonomy.ids)
    for ind in got["indicators"]:
        assert all(1 <= p <= doc["pages"] for p in ind["evidence_pages"]), ind
        assert len(ind["evidence_pages"]) <= fake_resources.config.score.max_evidence
        if ind["returnee_level"] >= 2:
            assert ind["addressed"], ind

    path = GOLDEN / f"{name}.report.json"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(got), encoding="utf-8", newline="\n")
    assert path.is_file(), f"missing golden file {path.relative_to(ROOT)}; run pytest {Path(__file__).name} --update-golden"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert got == expected, (
        f"report projection of {pdf.name} differs from {path.name}; if the change is intended, "
        "rerun with --update-golden and review the diff"
    )


def test_pipeline_golden_files_have_no_strays():
    assert sorted(p.name for p in GOLDEN.glob("*.report.json")) == sorted(f"{n}.report.json" for n in DOCUMENTS)


def test_pipeline_returnee_measures_fr_intended_classification(fake_resources):
    """tests/fixtures/pdfs/README.md: 2.1 is a level-3 employment measure, 2.2 a level-2
    reception measure without anchors, 2.3 a general health measure, the prisoners'
    « réinsertion » in 3. is a trap, and 1. is context only."""
    report = analyse_pdf(PDFS / "returnee_measures_fr.pdf", fake_resources)
    res = {i.id: i for i in report.indicators}
    assert report.document.languages == ("fr",)
    assert report.document.pages == 2

    emp = res["ECO.EMPLOYMENT"]
    assert emp.returnee_level == 3 and emp.addressed
    top = next(e for e in emp.evidence if e.returnee == "targeted")
    assert top.page == 1
    assert top.section.endswith("2.1 Insertion professionnelle des migrants de retour")
    assert top.part == "normative"
    assert {"institution", "target", "budget"} <= set(top.anchors)

    rec = res["STR.RECEPTION_SAFEGUARDS"]
    assert rec.returnee_level == 2
    assert any(e.section.endswith("2.2 Accueil et orientation des migrants de retour") and e.anchors == () for e in rec.evidence)

    health = res["SOC.HEALTH"]
    assert health.addressed and health.returnee_level == 0 and health.entry_point
    assert health.evidence[0].page == 2

    context = [e for i in report.indicators for e in i.evidence if e.section == "1. Contexte"]
    assert context and all(e.returnee == "context" and e.part == "diagnostic" for e in context)
    for ind in report.indicators:
        for e in ind.evidence:
            if "détenus" in e.text:
                assert e.returnee == "none", (ind.id, e.text)
    # 1. Contexte (1 passage) + 2.1 (5) + 2.2 (1); never the prisoners' passage
    assert report.document.returnee_mentions == 7
    assert report.document.adjacent_mentions == 0


def test_pipeline_returnee_measures_fr_measure_has_all_four_anchors(fake_resources):
    report = analyse_pdf(PDFS / "returnee_measures_fr.pdf", fake_resources)
    emp = next(i for i in report.indicators if i.id == "ECO.EMPLOYMENT")
    top = next(e for e in emp.evidence if e.returnee == "targeted")
    assert top.anchors == ("institution", "target", "budget", "timeframe")


@pytest.mark.parametrize(
    "heading, phrase",
    [
        ("Mesure 2.2 – Inscription des ménages de migrants de retour au RSU", "ménages de migrants de retour en situation de pauvreté"),
        ("Mesure 2.5 – Protection des femmes et des enfants migrants de retour", "Les femmes et les enfants migrants de retour"),
    ],
)
def test_pipeline_sample_fr_returnee_measure_keeps_its_own_section(fake_resources, heading, phrase):
    cfg = fake_resources.config
    doc = detect_page_languages(ingest_pdf(SAMPLES / "sample_strategy_fr.pdf", cfg.ingest))
    scored = score_passages(segment(doc, fake_resources.splitter, cfg.segment), fake_resources)
    idx = [i for i, s in enumerate(scored) if phrase in s.passage.text]
    assert idx, f"no passage contains {phrase!r}"
    i = idx[0]
    assert scored[i].returnee == "targeted"
    assert len(neighbour_anchors(scored, i)) < cfg.score.mainstreamed_min_anchors
    assert scored[i].passage.section[-1] == heading


# --------------------------------------------------------------------------- determinism and ids


def test_pipeline_analysis_is_deterministic(fake_resources, fake_encoder, blank_splitter):
    from analyser.pipeline import build_resources

    pdf = DOCUMENTS["sample_strategy_en"]
    first = analyse_pdf(pdf, fake_resources)
    second = analyse_pdf(pdf, fake_resources)
    assert _without_timings(first) == _without_timings(second)
    # a fresh set of resources (new matcher, no warm caches) gives the same report too
    fresh = build_resources(fake_resources.config, encoder=type(fake_encoder)(), splitter=blank_splitter)
    assert _without_timings(analyse_pdf(pdf, fresh)) == _without_timings(first)
    # and so do the PDF's bytes instead of its path
    from_bytes = analyse_pdf(pdf.read_bytes(), fake_resources, file=pdf.name)
    assert _without_timings(from_bytes) == _without_timings(first)


@pytest.mark.parametrize("name", ["returnee_measures_fr", "sample_strategy_fr"])
def test_pipeline_document_id_is_content_hash(name, fake_resources):
    pdf = DOCUMENTS[name]
    report = analyse_pdf(pdf, fake_resources)
    assert report.document.id == hashlib.sha256(pdf.read_bytes()).hexdigest()[:16]
    passage_ids = [e.passage_id for i in report.indicators for e in i.evidence]
    assert passage_ids and all(len(p) == 16 for p in passage_ids)


def test_pipeline_report_echoes_config(fake_resources):
    report = analyse_pdf(DOCUMENTS["returnee_measures_fr"], fake_resources)
    assert report.config == fake_resources.config.echo()
    assert report.config["taxonomy"] == "bundled:reintegration.v1.yaml"
    assert report.config["match"]["semantic_low"] == 0.1
    assert report.config_hash == fake_resources.config.config_hash()
    assert report.timings["total"] >= report.timings["match"] >= 0


# --------------------------------------------------------------------------- unreadable inputs

FAILURES = [
    ("not_a_pdf.pdf", DocStatus.NOT_PDF, NotPdfError, "is not a PDF"),
    ("encrypted_password.pdf", DocStatus.ENCRYPTED, EncryptedPdfError, "password"),
    ("empty_text.pdf", DocStatus.NO_TEXT, NoTextLayerError, "OCR"),
]


@pytest.mark.parametrize("name, status, _exc, hint", FAILURES)
def test_pipeline_analyse_safely_failure_report(name, status, _exc, hint, fake_resources, pdf_path):
    pdf = pdf_path(name)
    report = analyse_pdf_safely(pdf, fake_resources)
    doc = report.document
    assert doc.status == status
    assert hint in doc.message
    assert name in doc.message
    assert report.indicators == ()
    assert doc.id == hashlib.sha256(pdf.read_bytes()).hexdigest()[:16]
    assert doc.file == name
    assert doc.pages == 0
    assert doc.languages == ()
    assert doc.ocr_pages == ()
    assert doc.model == "hybrid.v1:fake-bow"
    assert report.timings == {}
    assert DocumentReport.model_validate_json(to_json(report)) == report


@pytest.mark.parametrize("name, status, _exc, hint", FAILURES)
def test_pipeline_analyse_safely_failure_report_from_bytes(name, status, _exc, hint, fake_resources, pdf_path):
    data = pdf_path(name).read_bytes()
    report = analyse_pdf_safely(data, fake_resources, file="upload.pdf")
    assert report.document.status == status
    assert report.document.file == "upload.pdf"
    assert report.document.id == hashlib.sha256(data).hexdigest()[:16]
    assert report.indicators == ()


@pytest.mark.parametrize("name, _status, exc, hint", FAILURES)
def test_pipeline_analyse_raises_typed_errors(name, _status, exc, hint, fake_resources, pdf_path):
    with pytest.raises(exc) as info:
        analyse_pdf(pdf_path(name), fake_resources)
    assert hint in str(info.value)
    assert info.value.status.value == _status.value


def test_pipeline_analyse_safely_unreadable_and_empty(fake_resources, pdf_path):
    truncated = analyse_pdf_safely(pdf_path("truncated.pdf"), fake_resources)
    assert truncated.document.status == DocStatus.UNREADABLE
    assert "damaged" in truncated.document.message
    empty = analyse_pdf_safely(pdf_path("empty_text.pdf"), fake_resources)
    assert empty.document.status == DocStatus.NO_TEXT
    assert empty.indicators == ()


def test_pipeline_image_only_pdf_is_ocrd_and_analysed(fake_resources, pdf_path):
    report = analyse_pdf(pdf_path("image_only.pdf"), fake_resources)
    assert report.document.status == DocStatus.OK_WITH_WARNINGS
    assert report.document.ocr_pages == (1, 2)
    assert "read by OCR" in report.document.message
    assert len(report.indicators) == 29
    emp = next(i for i in report.indicators if i.id == "ECO.EMPLOYMENT")
    assert emp.n_passages >= 1  # the circular is about registering jobseekers
