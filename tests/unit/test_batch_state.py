"""analyser.batch.state: the ledger, atomic writes and the pipeline version."""

from __future__ import annotations

import json
import os

import pytest

from analyser.batch.state import (
    BatchState,
    RunLog,
    StateError,
    atomic_write,
    pipeline_version,
    read_run_log,
    report_text,
)
from analyser.config import AnalyserConfig
from analyser.taxonomy import load_taxonomy
from analyser.types import DocStatus, DocumentInfo, DocumentReport

SHA = "ab" * 32


def _report(status: DocStatus = DocStatus.OK) -> DocumentReport:
    info = DocumentInfo(id=SHA[:16], file="a.pdf", pages=3, languages=("en",), status=status, taxonomy_version="1.0.0", model="keyword.v1:none")
    return DocumentReport(analyser_version="0.1.0", document=info, config={}, config_hash="c0ffee", timings={"total": 1.234})


def test_state_report_text_has_no_timings_and_is_a_valid_report():
    text = report_text(_report())
    data = json.loads(text)
    assert "timings" not in data
    assert DocumentReport.model_validate_json(text).document.id == SHA[:16]
    assert text == report_text(_report())  # same record, same bytes


def test_state_atomic_write_replaces_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "x.json"
    atomic_write(target, "one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_state_record_then_finished_only_for_same_pipeline_and_intact_report(tmp_path):
    with BatchState(tmp_path) as st:
        assert not st.finished(SHA, "p1")
        st.record(SHA, "p1", SHA[:16], "ok", report_text(_report()))
        assert st.finished(SHA, "p1")
        assert not st.finished(SHA, "p2")  # another pipeline version: analyse again
        assert st.count_results() == 1
        st.record(SHA, "p1", SHA[:16], "ok", report_text(_report()))  # idempotent
        assert st.count_results("p1") == 1
    with BatchState(tmp_path) as st:  # durable across processes/opens
        assert st.finished(SHA, "p1")
        # the report overwritten by another pipeline's run: this row no longer counts
        st.report_path(SHA[:16]).write_text(report_text(_report(DocStatus.NO_TEXT)), encoding="utf-8")
        assert not st.finished(SHA, "p1")
        st.report_path(SHA[:16]).unlink()
        assert not st.finished(SHA, "p1")


def test_state_failures_are_recorded_once_like_reports(tmp_path):
    with BatchState(tmp_path) as st:
        st.record(SHA, "p1", SHA[:16], "timeout", report_text(_report(DocStatus.TIMEOUT)))
        assert st.finished(SHA, "p1")


def test_state_open_removes_temporaries_of_a_killed_run(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / ".abc.json.123.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".summary.md.9.tmp").write_text("half", encoding="utf-8")
    with BatchState(tmp_path):
        pass
    assert not list(tmp_path.rglob("*.tmp"))


def test_state_one_batch_per_output_folder(tmp_path):
    with BatchState(tmp_path):
        with pytest.raises(StateError, match="another batch"):
            BatchState(tmp_path)
    with BatchState(tmp_path):  # released with the first
        pass


def test_state_hash_cache_is_keyed_by_size_and_mtime(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    st_ = pdf.stat()
    with BatchState(tmp_path / "out") as st:
        st.store_hashes([(pdf, st_.st_size, st_.st_mtime_ns, SHA)])
        assert st.hashes_for([(pdf, st_.st_size, st_.st_mtime_ns)]) == {str(pdf): SHA}
        assert st.hashes_for([(pdf, st_.st_size + 1, st_.st_mtime_ns)]) == {}


def test_state_prune_keeps_only_listed_reports(tmp_path):
    with BatchState(tmp_path) as st:
        for name in ("aaaa", "bbbb"):
            atomic_write(st.report_path(name), "{}")
        assert st.prune_reports({"aaaa"}) == ["bbbb"]
        assert [p.name for p in st.reports_dir.iterdir()] == ["aaaa.json"]


def test_state_pipeline_version_follows_config_and_taxonomy_content(tmp_path, small_taxonomy_path):
    cfg = AnalyserConfig()
    tax = load_taxonomy(cfg.taxonomy)
    base = pipeline_version(cfg, tax)
    assert base == pipeline_version(AnalyserConfig(), load_taxonomy(cfg.taxonomy))
    assert pipeline_version(cfg.with_updates(score={"max_evidence": 3}), tax) != base
    assert pipeline_version(cfg, load_taxonomy(small_taxonomy_path)) != base
    # same file name, other content: another version
    copy = tmp_path / "t.yaml"
    copy.write_text(small_taxonomy_path.read_text(encoding="utf-8"), encoding="utf-8")
    edited = tmp_path / "u.yaml"
    edited.write_text(small_taxonomy_path.read_text(encoding="utf-8").replace("Employment", "Jobs", 1), encoding="utf-8")
    assert load_taxonomy(copy).fingerprint == load_taxonomy(small_taxonomy_path).fingerprint
    assert load_taxonomy(edited).fingerprint != load_taxonomy(copy).fingerprint


def test_state_pipeline_version_follows_the_calibration_model_content(tmp_path):
    model = tmp_path / "cal.json"
    model.write_text('{"format": "calibrated.v1", "intercept": 0.1}', encoding="utf-8")
    cfg = AnalyserConfig().with_updates(match={"matcher": "calibrated.v1", "calibration": str(model)})
    tax = load_taxonomy(cfg.taxonomy)
    before = pipeline_version(cfg, tax)
    model.write_text('{"format": "calibrated.v1", "intercept": 0.2}', encoding="utf-8")  # retrained, same path
    assert pipeline_version(cfg, tax) != before
    keyword = cfg.with_updates(match={"matcher": "keyword.v1"})
    assert pipeline_version(keyword, tax) == pipeline_version(keyword, tax)


def test_state_run_log_tolerates_a_torn_last_line(tmp_path):
    log = RunLog(tmp_path / "log.jsonl")
    log.write("start", run=1)
    log.write("document", seconds=1.5)
    log.close()
    with open(tmp_path / "log.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"event": "docu')
    events = read_run_log(tmp_path / "log.jsonl")
    assert [e["event"] for e in events] == ["start", "document"]
    assert os.path.getsize(tmp_path / "log.jsonl") > 0
