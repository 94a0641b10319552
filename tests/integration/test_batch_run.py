"""Batch runs with real worker processes (model-free config: keyword.v1 matcher, rule-based
sentence splitter): the fixture PDFs and their failure rows, resume, per-document limits,
the CLI with a manifest, and the same outputs through a local Dask cluster."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from analyser.batch.outputs import OUTPUT_FILES
from analyser.batch.run import BatchOptions, run_batch
from analyser.batch.source import list_source
from analyser.batch.state import report_text
from analyser.cli import main
from analyser.config import AnalyserConfig

HERE = Path(__file__).resolve().parent
PDFS = HERE.parent / "fixtures" / "pdfs"
KEYWORD_CONFIG = {"match": {"matcher": "keyword.v1"}, "segment": {"splitter": "sentencizer"}}
# what the fixture set is for: these must end as failure rows with these statuses
BROKEN = {"not_a_pdf.pdf": "not_pdf", "encrypted_password.pdf": "encrypted", "truncated.pdf": "unreadable", "empty_text.pdf": "no_text"}


def outputs_of(out: Path) -> dict[str, bytes]:
    """Every compared output file (all of DIR except the state/log folder), by relative path."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).parts[0] != "batch-state"
    }


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def kw_config_file(tmp_path_factory) -> Path:
    import yaml

    path = tmp_path_factory.mktemp("cfg") / "keyword.yaml"
    path.write_text(yaml.safe_dump(KEYWORD_CONFIG), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch") / "local"
    result = run_batch(PDFS, out, KEYWORD_CONFIG, BatchOptions(workers=2, progress=False), stream=io.StringIO())
    return out, result


def test_batch_fixture_reports_equal_in_process_analysis(local_run):
    """Each per-document JSON is the CLI report of that file (timings left out)."""
    from analyser.pipeline import analyse_pdf_safely, build_resources

    out, result = local_run
    items = list_source(PDFS)
    assert result.entries == len(items) and result.analysed == result.documents == len(items)
    assert result.complete and result.skipped == 0
    resources = build_resources(AnalyserConfig.resolve(KEYWORD_CONFIG))
    matrix = {r["path"]: r for r in _csv(out / "coverage_matrix.csv")}
    for it in items:
        expected = report_text(analyse_pdf_safely(it.abspath, resources, file=it.path))
        row = matrix[it.path]
        assert (out / row["report"]).read_text(encoding="utf-8") == expected, it.path
    assert len(list((out / "reports").glob("*.json"))) == len(items)


def test_batch_fixture_failure_rows_have_typed_statuses_and_messages(local_run):
    out, result = local_run
    failures = {r["path"]: r for r in _csv(out / "failures.csv")}
    for name, status in BROKEN.items():
        assert failures[name]["status"] == status, name
        assert failures[name]["message"], name
    matrix = {r["path"]: r for r in _csv(out / "coverage_matrix.csv")}
    # every failure row is a matrix row that did not finish, and the reverse
    assert set(failures) == {p for p, r in matrix.items() if r["status"] not in ("ok", "ok_with_warnings")}
    # image_only.pdf: a failure row (no_text) unless OCR read it; either way the same verdict as its report
    assert matrix["image_only.pdf"]["status"] in ("no_text", "ok_with_warnings")
    assert ("image_only.pdf" in failures) == (matrix["image_only.pdf"]["status"] == "no_text")
    assert result.failed == len(failures)
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert f"- Not finished: {len(failures)}" in summary
    assert "## By country" in summary and "## By dimension" in summary
    assert (out / "heatmap.png").read_bytes().startswith(b"\x89PNG")
    assert len(_csv(out / "coverage_matrix.csv")[0]) == 10 + 2 * 29


def test_batch_resume_skips_finished_documents_and_rewrites_identical_outputs(local_run):
    out, _ = local_run
    before = outputs_of(out)
    err = io.StringIO()
    result = run_batch(PDFS, out, KEYWORD_CONFIG, BatchOptions(workers=2, progress=False), stream=err)
    assert result.analysed == 0 and result.skipped == result.documents
    assert outputs_of(out) == before
    assert err.getvalue() == ""  # nothing to analyse: no worker started, no progress


def test_batch_limits_timeout_memory_crash_never_stop_the_run(tmp_path, monkeypatch):
    """A hanging document, one eating memory, one crashing its process and one raising: each
    gets its failure row, the others are analysed, and a rerun does not retry them."""
    monkeypatch.setenv("PYTHONPATH", str(HERE) + ":" + __import__("os").environ.get("PYTHONPATH", ""))
    src = tmp_path / "src"
    src.mkdir()
    base = (PDFS / "hyphenated.pdf").read_bytes()
    for name in ("fine", "hang", "hog", "crash", "boom"):
        (src / f"{name}.pdf").write_bytes(base + f"\n%{name}\n".encode())  # distinct content
    opts = BatchOptions(workers=2, timeout=4, max_memory_mb=1024, progress=False, analyse="batch_hooks:analyse")
    result = run_batch(src, tmp_path / "out", KEYWORD_CONFIG, opts, stream=io.StringIO())
    failures = {r["path"]: r for r in _csv(tmp_path / "out" / "failures.csv")}
    assert {p: r["status"] for p, r in failures.items()} == {
        "boom.pdf": "unreadable",
        "crash.pdf": "unreadable",
        "hang.pdf": "timeout",
        "hog.pdf": "memory_limit",
    }
    assert "within 4 s" in failures["hang.pdf"]["message"]
    assert "1024 MiB" in failures["hog.pdf"]["message"]
    assert "SIGSEGV" in failures["crash.pdf"]["message"]
    assert "internal error" in failures["boom.pdf"]["message"] and "injected failure" in failures["boom.pdf"]["message"]
    matrix = {r["path"]: r for r in _csv(tmp_path / "out" / "coverage_matrix.csv")}
    assert matrix["fine.pdf"]["status"] == "ok"
    assert result.complete and result.analysed == 5
    again = run_batch(src, tmp_path / "out", KEYWORD_CONFIG, opts, stream=io.StringIO())
    assert again.analysed == 0 and again.skipped == 5  # failures are recorded once, not retried


def test_batch_cli_with_a_manifest(tmp_path, kw_config_file, capsys):
    docs = tmp_path / "archive" / "docs"
    docs.mkdir(parents=True)
    shutil.copy(PDFS / "returnee_measures_fr.pdf", docs / "plan.pdf")
    shutil.copy(PDFS / "not_a_pdf.pdf", docs / "notes.pdf")
    manifest = tmp_path / "archive" / "manifest.csv"
    manifest.write_text(
        "file,country,year,sector,title\n"
        "docs/plan.pdf,Examplia,2025,employment,Plan d'action régional\n"
        "docs/notes.pdf,Otherland,2024,health,Notes\n"
        "docs/missing.pdf,Otherland,2023,,Lost\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    rc = main(["batch", str(manifest), "--out", str(out), "--workers", "1", "--config", str(kw_config_file), "--timeout", "120"])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert "analysing: 2/2 documents" in err  # progress without a TTY: plain lines
    assert "batch: 3 entries, 2 analysed now" in err
    matrix = {r["path"]: r for r in _csv(out / "coverage_matrix.csv")}
    assert list(matrix) == ["docs/missing.pdf", "docs/notes.pdf", "docs/plan.pdf"]
    plan = matrix["docs/plan.pdf"]
    assert (plan["country"], plan["year"], plan["sector"], plan["title"]) == ("Examplia", "2025", "employment", "Plan d'action régional")
    assert plan["ECO.EMPLOYMENT:returnee_level"] == "3"
    failures = {r["path"]: r["status"] for r in _csv(out / "failures.csv")}
    assert failures == {"docs/missing.pdf": "unreadable", "docs/notes.pdf": "not_pdf"}
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "| Examplia | 1 | 1 | 0 |" in summary and "| Otherland | 2 | 0 | 2 |" in summary


def test_batch_cli_refuses_a_missing_source(tmp_path, capsys):
    rc = main(["batch", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert rc == 2
    assert "does not exist" in capsys.readouterr().err


def test_batch_on_a_local_dask_cluster_gives_the_same_outputs(local_run, tmp_path):
    distributed = pytest.importorskip("distributed")
    out_local, _ = local_run
    with distributed.LocalCluster(
        processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        result = run_batch(
            PDFS, tmp_path / "dask", KEYWORD_CONFIG, BatchOptions(cluster=cluster.scheduler_address, progress=False),
            stream=io.StringIO(),
        )
        assert result.workers == 2
    assert result.complete and result.analysed == result.documents
    assert outputs_of(tmp_path / "dask") == outputs_of(out_local)
