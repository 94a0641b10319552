"""Report rendering (JSON, CSV, Markdown, HTML) of hand-built DocumentReports, and the
published JSON schema."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

from analyser.config import AnalyserConfig
from analyser.report import CSV_FIELDS, FORMATS, csv_rows, render, to_csv, to_html, to_json, to_markdown
from analyser.types import LEVEL_LABELS, DocStatus, DocumentInfo, DocumentReport, Evidence, IndicatorResult

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "write_schema.py"
SCHEMA_DOC = ROOT / "docs" / "report.schema.json"

# docs/report-schema.md, "The CSV format has one row per indicator with the columns ..."
DOCUMENTED_CSV_COLUMNS = (
    "document_id", "file", "status", "indicator", "dimension", "name", "addressed", "returnee_level",
    "level_label", "entry_point", "n_passages", "best_score", "evidence_pages", "top_evidence",
    "measured_lang", "measured_precision", "measured_recall",
)
SCRIPT_TEXT = '<script>alert("x")</script> & Co'


def _evidence(page: int, text: str, score: float, returnee: str = "none", section: str = "3. Axes > 3.1 Jobs", **kw) -> Evidence:
    return Evidence(
        page=page,
        section=section,
        text=text,
        score=score,
        returnee=returnee,  # type: ignore[arg-type]
        part=kw.pop("part", "normative"),
        anchors=kw.pop("anchors", ()),
        keywords=kw.pop("keywords", ()),
        returnee_terms=kw.pop("returnee_terms", ()),
        passage_id=f"pid{page}{int(score * 100)}",
        char_start=kw.pop("char_start", 10),
        char_end=kw.pop("char_end", 10 + len(text)),
    )


def _indicator(id_: str, level: int, addressed: bool, evidence: tuple[Evidence, ...] = (), name: str = "") -> IndicatorResult:
    return IndicatorResult(
        id=id_,
        dimension=id_.split(".")[0],
        name=name or id_.title(),
        addressed=addressed,
        returnee_level=level,
        level_label=LEVEL_LABELS[level],
        entry_point=addressed and level <= 1,
        n_passages=len(evidence),
        best_score=max((e.score for e in evidence), default=0.0),
        evidence=evidence,
    )


def _config() -> AnalyserConfig:
    return AnalyserConfig().with_updates(match={"matcher": "keyword.v1"})


@pytest.fixture
def report() -> DocumentReport:
    cfg = _config()
    indicators = (
        _indicator(
            "ECO.EMPLOYMENT",
            3,
            True,
            (
                _evidence(7, "The National Employment Agency will open returnee desks.", 0.88, "targeted",
                          anchors=("institution", "budget"), keywords=("employment agency",), returnee_terms=("returnee",)),
                _evidence(9, "Job centres will\nregister jobseekers.", 0.61),
                _evidence(7, "Wage subsidies for employers.", 0.55),
            ),
            name="Employment and decent work",
        ),
        _indicator("SOC.HEALTH", 0, True, (_evidence(11, f"Health centres {SCRIPT_TEXT} will be built.", 0.77),), name="Health care"),
        _indicator("PSY.MHPSS", 1, False, (_evidence(3, "Returnees report distress.", 0.52, "context", section="1. Context", part="diagnostic"),),
                   name="Mental health and psychosocial support"),
        _indicator("STR.FINANCING", 2, True, (_evidence(14, "A budget line for reintegration.", 0.66, "targeted"),), name="Budget and financing"),
        _indicator("STR.COORDINATION", 0, False, (), name="Coordination"),
    )
    return DocumentReport(
        analyser_version="0.1.0",
        document=DocumentInfo(
            id="0123456789abcdef",
            file="strategy.pdf",
            pages=15,
            languages=("en", "fr"),
            status=DocStatus.OK_WITH_WARNINGS,
            message="page 4 has no text layer",
            warnings=("page 4 has no text layer",),
            taxonomy_version="1.0.0",
            model="keyword.v1:none",
            engine="pdfium",
            n_passages=210,
            returnee_mentions=14,
            adjacent_mentions=2,
        ),
        config=cfg.echo(),
        config_hash=cfg.config_hash(),
        indicators=indicators,
        timings={"ingest": 0.1, "total": 1.0},
    )


@pytest.fixture
def failure_report() -> DocumentReport:
    cfg = _config()
    return DocumentReport(
        analyser_version="0.1.0",
        document=DocumentInfo(
            id="fedcba9876543210",
            file="locked.pdf",
            pages=0,
            languages=(),
            status=DocStatus.ENCRYPTED,
            message="locked.pdf is encrypted and needs a password to open; ask the publisher for an unprotected copy",
            taxonomy_version="1.0.0",
            model="keyword.v1:none",
        ),
        config=cfg.echo(),
        config_hash=cfg.config_hash(),
    )


# --------------------------------------------------------------------------- JSON


def test_report_json_round_trips(report, failure_report):
    for r in (report, failure_report):
        text = to_json(r)
        assert text.endswith("\n")
        back = DocumentReport.model_validate_json(text)
        assert back == r
        assert to_json(back) == text


def test_report_json_keeps_field_names(report):
    data = json.loads(to_json(report))
    assert data["schema_version"] == "1.0"
    doc = data["document"]
    for key in ("id", "file", "pages", "languages", "status", "taxonomy_version", "model"):
        assert key in doc, key
    assert doc["status"] == "ok_with_warnings"
    assert doc["languages"] == ["en", "fr"]
    assert data["config_hash"] == report.config_hash
    assert data["config"]["taxonomy"] == "bundled:reintegration.v1.yaml"
    ind = data["indicators"][0]
    for key in ("id", "dimension", "addressed", "returnee_level", "level_label", "entry_point", "n_passages", "best_score", "evidence"):
        assert key in ind, key
    assert (ind["id"], ind["dimension"], ind["addressed"], ind["returnee_level"], ind["level_label"]) == (
        "ECO.EMPLOYMENT", "ECO", True, 3, "mainstreamed")
    ev = ind["evidence"][0]
    for key in ("page", "section", "text", "score", "returnee"):
        assert key in ev, key
    assert (ev["page"], ev["section"], ev["score"], ev["returnee"]) == (7, "3. Axes > 3.1 Jobs", 0.88, "targeted")
    assert ev["anchors"] == ["institution", "budget"]


def test_report_json_keeps_non_ascii(report):
    fr = report.model_copy(update={"document": report.document.model_copy(update={"file": "stratégie_santé.pdf"})})
    text = to_json(fr)
    assert "stratégie_santé.pdf" in text
    assert "\\u00e9" not in text


def test_report_json_failure_report_has_empty_indicators(failure_report):
    data = json.loads(to_json(failure_report))
    assert data["indicators"] == []
    assert data["document"]["status"] == "encrypted"
    assert "password" in data["document"]["message"]


# --------------------------------------------------------------------------- CSV


def test_report_csv_columns_are_documented():
    assert CSV_FIELDS == DOCUMENTED_CSV_COLUMNS
    doc = re.sub(r"\s+", " ", (ROOT / "docs" / "report-schema.md").read_text(encoding="utf-8"))
    assert "`" + ", ".join(DOCUMENTED_CSV_COLUMNS) + "`" in doc


def test_report_csv_one_row_per_indicator(report):
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert [r["indicator"] for r in rows] == [i.id for i in report.indicators]
    assert tuple(rows[0].keys()) == DOCUMENTED_CSV_COLUMNS
    emp = rows[0]
    assert emp["document_id"] == "0123456789abcdef"
    assert emp["file"] == "strategy.pdf"
    assert emp["status"] == "ok_with_warnings"
    assert emp["addressed"] == "true"
    assert emp["returnee_level"] == "3"
    assert emp["level_label"] == "mainstreamed"
    assert emp["entry_point"] == "false"
    assert emp["n_passages"] == "3"
    assert emp["best_score"] == "0.88"
    assert emp["evidence_pages"] == "7;9"  # distinct, in evidence order
    assert emp["top_evidence"] == "The National Employment Agency will open returnee desks."
    health = rows[1]
    assert (health["addressed"], health["entry_point"], health["returnee_level"]) == ("true", "true", "0")
    last = rows[-1]
    assert last["evidence_pages"] == "" and last["top_evidence"] == ""


def test_report_csv_top_evidence_truncated():
    long = "word " * 200
    r = DocumentReport(
        analyser_version="0",
        document=DocumentInfo(id="x", file="f.pdf", pages=1, languages=(), status=DocStatus.OK, taxonomy_version="t", model="m"),
        config={},
        config_hash="h",
        indicators=(_indicator("ECO.SKILLS", 0, True, (_evidence(1, long, 0.9),)),),
    )
    (row,) = csv_rows(r)
    assert len(row["top_evidence"]) == 300


def test_report_csv_failure_report_has_header_only(failure_report):
    lines = to_csv(failure_report).splitlines()
    assert lines == [",".join(DOCUMENTED_CSV_COLUMNS)]


# --------------------------------------------------------------------------- HTML


def test_report_html_has_no_external_urls(report, failure_report):
    for r in (report, failure_report):
        html = to_html(r)
        assert "http://" not in html
        assert "https://" not in html
        assert not re.search(r"""(?:src|href)\s*=\s*["']?//""", html)
        assert "<link" not in html


def test_report_html_shows_text_labels_for_levels(report):
    html = to_html(report)
    assert html.lstrip().lower().startswith("<!doctype html>")
    for level, label in LEVEL_LABELS.items():
        assert f"{level} {label}" in html  # legend and cells carry text, not only a colour
    assert "ENTRY POINT" in html
    for ind in report.indicators:
        assert ind.id in html
    # the legend is shown once, each indicator's level once more
    assert html.count("3 mainstreamed") == 2
    assert "Yes" in html and "No" in html


def test_report_html_shows_evidence_and_pages(report):
    html = to_html(report)
    assert "The National Employment Agency will open returnee desks." in html
    assert "pages 7, 9" in html
    assert "none found" in html  # STR.COORDINATION has no evidence


def test_report_html_escapes_evidence_text(report):
    html = to_html(report)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; Co" in html


def test_report_html_escapes_file_name(failure_report):
    evil = failure_report.model_copy(
        update={"document": failure_report.document.model_copy(update={"file": "<img src=x onerror=alert(1)>.pdf"})}
    )
    html = to_html(evil)
    assert "<img" not in html
    assert "&lt;img" in html


def test_report_html_failure_report_says_why(failure_report):
    html = to_html(failure_report)
    assert "No indicators were scored" in html
    assert "needs a password" in html
    assert "encrypted" in html
    assert "<table>" not in html.split("</table>", 1)[1]  # only the meta table


# --------------------------------------------------------------------------- Markdown


def test_report_markdown_contains_each_indicator(report):
    md = to_markdown(report)
    assert md.startswith("# Reintegration mainstreaming scorecard: strategy.pdf")
    for ind in report.indicators:
        assert ind.id in md
    assert "## Economic (ECO)" in md
    assert "## Structural (STR)" in md
    assert "| ECO.EMPLOYMENT Employment and decent work | yes | 3 mainstreamed |  | 7, 9 |" in md
    assert "| SOC.HEALTH Health care | yes | 0 absent | **entry point** | 11 |" in md
    # evidence bullets are single lines (newlines in passage text are flattened)
    assert "Job centres will register jobseekers." in md
    assert "### STR.COORDINATION" not in md  # no evidence, no evidence section


def test_report_markdown_failure_report(failure_report):
    md = to_markdown(failure_report)
    assert "No indicators were scored: locked.pdf is encrypted" in md
    assert "| Status | encrypted:" in md


# --------------------------------------------------------------------------- render / schema


def test_report_render_dispatches_every_format(report):
    assert FORMATS == ("json", "md", "html", "csv")
    assert render(report, "json") == to_json(report)
    assert render(report, "csv") == to_csv(report)
    assert render(report, "md") == to_markdown(report)
    assert render(report, "html") == to_html(report)


def test_report_render_unknown_format_lists_formats(report):
    with pytest.raises(ValueError) as info:
        render(report, "pdf")
    assert "'pdf'" in str(info.value)
    assert "json, md, html, csv" in str(info.value)


def _write_schema_module():
    spec = importlib.util.spec_from_file_location("write_schema_under_test", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_report_schema_doc_is_current():
    module = _write_schema_module()
    current = module.schema_text()
    assert SCHEMA_DOC.read_text(encoding="utf-8") == current, "docs/report.schema.json is stale: run python scripts/write_schema.py"


def test_report_schema_describes_required_fields():
    schema = json.loads(SCHEMA_DOC.read_text(encoding="utf-8"))
    defs = schema["$defs"]
    assert set(schema["required"]) >= {"analyser_version", "document", "config", "config_hash"}
    assert set(defs["DocumentInfo"]["required"]) >= {"id", "file", "pages", "languages", "status", "taxonomy_version", "model"}
    assert set(defs["IndicatorResult"]["required"]) >= {"id", "dimension", "addressed", "returnee_level", "level_label"}
    assert set(defs["Evidence"]["required"]) >= {"page", "section", "text", "score", "returnee"}
    assert defs["DocStatus"]["enum"] == [s.value for s in DocStatus]
