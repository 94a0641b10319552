"""The command line through analyser.cli.main(argv) -> exit code, with the model-free
keyword.v1 matcher and the rule-based sentence splitter (no model is loaded)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from analyser import __version__
from analyser.cli import main
from analyser.types import DocumentReport

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_EN = ROOT / "corpora" / "samples" / "sample_strategy_en.pdf"
SMALL_IDS = ["ECO.EMPLOYMENT", "SOC.HEALTH", "SOC.HOUSING"]

_EXIT_BUG = (
    "analyser.cli.main ignores the return value of app(args, standalone_mode=False): with standalone_mode=False "
    "typer (0.29, vendored click) converts typer.Exit(2) into a *returned* exit code instead of raising it, so "
    "main() (and the `analyser` console script) exits 0 for not_pdf/encrypted/no_text documents"
)
_USAGE_BUG = (
    "analyser.cli.main catches click.ClickException, but typer 0.29 vendors click (typer._click), so "
    "typer.BadParameter / usage errors are not click exceptions: they escape main() as a traceback instead "
    "of a message on stderr and a non-zero exit code"
)


@pytest.fixture
def keyword_args(tmp_path) -> list[str]:
    """Options selecting the model-free matcher and splitter."""
    cfg = tmp_path / "config.yaml"
    cfg.write_text("segment:\n  splitter: sentencizer\n", encoding="utf-8")
    return ["--matcher", "keyword.v1", "--config", str(cfg)]


def _invoke(argv: list[str], capsys) -> tuple[object, str, str]:
    """(exit code or the escaped exception, stdout, stderr). An exception escaping main()
    is returned, not raised, so message checks do not depend on how the code exits."""
    try:
        rc: object = main(argv)
    except Exception as exc:  # noqa: BLE001
        rc = exc
    cap = capsys.readouterr()
    err = cap.err + (f"\n{rc}" if isinstance(rc, Exception) else "")
    return rc, cap.out, err


# --------------------------------------------------------------------------- analyse, every format


def _check_json(text: str) -> None:
    report = DocumentReport.model_validate_json(text)
    assert report.document.status.value == "ok"
    assert report.document.file == "sample_strategy_en.pdf"
    assert report.document.pages == 15
    assert report.document.model == "keyword.v1:none"
    assert len(report.indicators) == 29
    emp = next(i for i in report.indicators if i.id == "ECO.EMPLOYMENT")
    assert emp.addressed is True
    assert emp.returnee_level >= 2
    assert all(e.page >= 1 for e in emp.evidence)
    assert report.config["segment"]["splitter"] == "sentencizer"


def _check_csv(text: str) -> None:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 29
    assert rows[0]["indicator"] == "ECO.EMPLOYMENT"
    assert {r["file"] for r in rows} == {"sample_strategy_en.pdf"}
    assert all(r["returnee_level"] in {"0", "1", "2", "3"} for r in rows)


def _check_md(text: str) -> None:
    assert text.startswith("# Reintegration mainstreaming scorecard: sample_strategy_en.pdf")
    assert "STR.RECEPTION_SAFEGUARDS" in text
    assert text.count("| ECO.") == 6


def _check_html(text: str) -> None:
    assert text.lstrip().lower().startswith("<!doctype html>")
    assert text.rstrip().endswith("</html>")
    assert "STR.RECEPTION_SAFEGUARDS" in text
    assert "https://" not in text and "http://" not in text


CHECKS = {"json": _check_json, "csv": _check_csv, "md": _check_md, "html": _check_html}


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "html"])
def test_cli_analyse_each_format_to_file(fmt, tmp_path, keyword_args, capsys):
    out = tmp_path / "sub" / f"report.{fmt}"
    rc, stdout, stderr = _invoke(["analyse", str(SAMPLE_EN), "--format", fmt, "--out", str(out), *keyword_args], capsys)
    assert rc == 0
    assert stdout == ""
    assert f"wrote {fmt} report to {out}" in stderr
    CHECKS[fmt](out.read_text(encoding="utf-8"))


def test_cli_analyse_json_to_stdout_by_default(keyword_args, capsys):
    rc, stdout, _ = _invoke(["analyse", str(SAMPLE_EN), *keyword_args], capsys)
    assert rc == 0
    _check_json(stdout)


def test_cli_analyse_small_taxonomy(tmp_path, keyword_args, small_taxonomy_path, capsys):
    out = tmp_path / "r.json"
    rc, _, _ = _invoke(["analyse", str(SAMPLE_EN), "--taxonomy", str(small_taxonomy_path), "--out", str(out), *keyword_args], capsys)
    assert rc == 0
    report = DocumentReport.model_validate_json(out.read_text(encoding="utf-8"))
    assert [i.id for i in report.indicators] == SMALL_IDS
    assert report.document.taxonomy_version == "test-0.1"
    assert report.config["taxonomy"] == str(small_taxonomy_path)


def test_cli_analyse_missing_taxonomy_is_error_2(keyword_args, tmp_path, capsys):
    missing = tmp_path / "none.yaml"
    rc, stdout, stderr = _invoke(["analyse", str(SAMPLE_EN), "--taxonomy", str(missing), *keyword_args], capsys)
    assert rc == 2
    assert stdout == ""
    assert "taxonomy file not found" in stderr
    assert str(missing) in stderr


def test_cli_analyse_unknown_matcher_is_error_2(tmp_path, capsys):
    rc, _, stderr = _invoke(["analyse", str(SAMPLE_EN), "--matcher", "nope.v9"], capsys)
    assert rc == 2
    assert "unknown matcher 'nope.v9'" in stderr
    assert "keyword.v1" in stderr


def test_cli_version(capsys):
    rc, stdout, _ = _invoke(["version"], capsys)
    assert rc == 0
    assert stdout.strip() == __version__


# --------------------------------------------------------------------------- unreadable inputs


def test_cli_not_a_pdf_reports_problem(pdf_path, tmp_path, keyword_args, capsys):
    out = tmp_path / "r.json"
    _, _, stderr = _invoke(["analyse", str(pdf_path("not_a_pdf.pdf")), "--out", str(out), *keyword_args], capsys)
    assert "not_pdf:" in stderr
    assert "not_a_pdf.pdf is not a PDF" in stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["document"]["status"] == "not_pdf"
    assert report["indicators"] == []


def test_cli_not_a_pdf_exit_code_2(pdf_path, keyword_args, capsys):
    rc, _, stderr = _invoke(["analyse", str(pdf_path("not_a_pdf.pdf")), *keyword_args], capsys)
    assert "not a PDF" in stderr
    assert rc == 2


def test_cli_encrypted_reports_problem(pdf_path, keyword_args, capsys):
    _, stdout, stderr = _invoke(["analyse", str(pdf_path("encrypted_password.pdf")), *keyword_args], capsys)
    assert "encrypted:" in stderr
    assert "password" in stderr
    assert json.loads(stdout)["document"]["status"] == "encrypted"


def test_cli_encrypted_exit_code_2(pdf_path, keyword_args, capsys):
    rc, _, _ = _invoke(["analyse", str(pdf_path("encrypted_password.pdf")), *keyword_args], capsys)
    assert rc == 2


def test_cli_missing_file_message(tmp_path, keyword_args, capsys):
    missing = tmp_path / "missing.pdf"
    rc, stdout, stderr = _invoke(["analyse", str(missing), *keyword_args], capsys)
    assert rc != 0
    assert stdout == ""
    assert f"{missing} does not exist or is not a file" in stderr


def test_cli_missing_file_exit_code(tmp_path, keyword_args, capsys):
    rc, _, stderr = _invoke(["analyse", str(tmp_path / "missing.pdf"), *keyword_args], capsys)
    assert isinstance(rc, int) and rc != 0
    assert "does not exist" in stderr


def test_cli_bogus_format_message(keyword_args, capsys):
    rc, stdout, stderr = _invoke(["analyse", str(SAMPLE_EN), "--format", "bogus", *keyword_args], capsys)
    assert rc != 0
    assert stdout == ""
    assert "unknown format 'bogus'" in stderr
    assert "json, md, html, csv" in stderr


def test_cli_bogus_format_exit_code(keyword_args, capsys):
    rc, _, _ = _invoke(["analyse", str(SAMPLE_EN), "--format", "bogus", *keyword_args], capsys)
    assert isinstance(rc, int) and rc != 0


# --------------------------------------------------------------------------- score-passages

PASSAGES = [
    {"id": "en-measure", "lang": "en",
     "text": "The National Employment Agency will register returning migrants as jobseekers and place them in jobs through the public employment service."},
    {"id": "fr-measure", "lang": "fr",
     "text": "L'Agence nationale pour l'emploi inscrira les migrants de retour comme demandeurs d'emploi et facilitera leur placement."},
    {"id": "trap", "lang": "en",
     "text": "Returns to education are highest for graduates of technical and vocational training."},
]


def _jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_cli_score_passages(tmp_path, keyword_args, capsys):
    inp = _jsonl(tmp_path / "in.jsonl", PASSAGES)
    out = tmp_path / "out.jsonl"
    rc, _, stderr = _invoke(["score-passages", "--in", str(inp), "--out", str(out), *keyword_args], capsys)
    assert rc == 0
    assert f"scored 3 passages -> {out}" in stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    rows = [json.loads(line) for line in lines]
    for row in rows:
        assert {"id", "indicators", "returnee", "scores"} <= set(row)
        assert len(row["scores"]) == 29
        assert all(0.0 <= s <= 1.0 for s in row["scores"].values())
    by_id = {r["id"]: r for r in rows}
    assert [r["id"] for r in rows] == ["en-measure", "fr-measure", "trap"]
    assert by_id["en-measure"]["returnee"] == "targeted"
    assert by_id["fr-measure"]["returnee"] == "targeted"
    assert by_id["trap"]["returnee"] == "none"
    assert "ECO.EMPLOYMENT" in by_id["en-measure"]["indicators"]
    assert "ECO.EMPLOYMENT" in by_id["fr-measure"]["indicators"]
    assert "ECO.EMPLOYMENT" not in by_id["trap"]["indicators"]
    for row in rows:  # 'indicators' are exactly the ids at or above the passage threshold
        assert row["indicators"] == [i for i, s in row["scores"].items() if s >= 0.5]


def test_cli_score_passages_to_stdout_skips_blank_lines(tmp_path, keyword_args, capsys):
    inp = _jsonl(tmp_path / "in.jsonl", [PASSAGES[0], "", "   ", PASSAGES[2]])
    rc, stdout, _ = _invoke(["score-passages", "--in", str(inp), "--out", "-", *keyword_args], capsys)
    assert rc == 0
    assert [json.loads(x)["id"] for x in stdout.splitlines()] == ["en-measure", "trap"]


def test_cli_score_passages_small_taxonomy(tmp_path, keyword_args, small_taxonomy_path, capsys):
    inp = _jsonl(tmp_path / "in.jsonl", PASSAGES[:1])
    rc, stdout, _ = _invoke(
        ["score-passages", "--in", str(inp), "--out", "-", "--taxonomy", str(small_taxonomy_path), *keyword_args], capsys
    )
    assert rc == 0
    (row,) = [json.loads(x) for x in stdout.splitlines()]
    assert list(row["scores"]) == SMALL_IDS
    assert row["indicators"] == ["ECO.EMPLOYMENT"]


@pytest.mark.parametrize("bad", ["{not json", '{"id": "x"}', '["id", "text"]'])
def test_cli_score_passages_bad_line_names_line_number(tmp_path, keyword_args, capsys, bad):
    inp = _jsonl(tmp_path / "in.jsonl", [PASSAGES[0], "", bad, PASSAGES[1]])
    out = tmp_path / "out.jsonl"
    rc, _, stderr = _invoke(["score-passages", "--in", str(inp), "--out", str(out), *keyword_args], capsys)
    assert rc != 0
    assert "line 3" in stderr  # counted in the file, blank lines included
    assert "'id' and 'text'" in stderr
    assert not out.exists()


def test_cli_score_passages_bad_line_exit_code(tmp_path, keyword_args, capsys):
    inp = _jsonl(tmp_path / "in.jsonl", [PASSAGES[0], "{not json"])
    rc, _, stderr = _invoke(["score-passages", "--in", str(inp), "--out", str(tmp_path / "o.jsonl"), *keyword_args], capsys)
    assert isinstance(rc, int) and rc != 0
    assert "line 2" in stderr
