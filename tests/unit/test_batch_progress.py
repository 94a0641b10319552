"""analyser.batch.progress and the sandbox's failure reports (no worker process started)."""

from __future__ import annotations

import io

from analyser.batch.progress import Progress
from analyser.batch.sandbox import Job, SandboxSpec, failure_report_text
from analyser.config import AnalyserConfig
from analyser.types import DocStatus, DocumentReport


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_without_a_tty_writes_plain_lines_with_pages_per_second_and_eta():
    out = io.StringIO()
    p = Progress(3, stream=out, interval=0.0)
    for pages in (10, 0, 5):
        p.update(pages)
    p.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and "\r" not in out.getvalue()
    assert lines[-1].startswith("analysing: 3/3 documents, 15 pages, ")
    assert "pages/s" in lines[-1] and "ETA 00:00" in lines[-1]


def test_progress_bar_shows_documents_pages_per_second_and_eta():
    out = _Tty()
    p = Progress(2, stream=out, bar=True)
    p.update(4)
    p.update(4)
    p.close()
    text = out.getvalue()
    assert "\r" in text and "2/2" in text and "pages/s" in text and "<00:00" in text


def test_progress_on_a_terminal_without_a_size_falls_back_to_lines():
    out = _Tty()  # isatty, but no terminal size to draw a bar in
    p = Progress(1, stream=out, interval=0.0)
    p.update(3)
    p.close()
    assert out.getvalue().startswith("analysing: 1/1 documents, 3 pages")


def test_progress_with_nothing_to_do_prints_nothing():
    out = _Tty()
    Progress(0, stream=out).close()
    assert out.getvalue() == ""


def test_sandbox_failure_report_is_a_cli_report_with_the_typed_status():
    cfg = AnalyserConfig()
    spec = SandboxSpec(config=cfg.model_dump(mode="json"), pipeline="p", timeout=5)
    job = Job(sha256="f" * 64, path="/x/a.pdf", file="dir/a.pdf")
    text = failure_report_text(spec, {"model": "keyword.v1:none", "taxonomy_version": "1.0.0"}, job, "timeout", "too slow")
    report = DocumentReport.model_validate_json(text)
    assert report.document.status is DocStatus.TIMEOUT
    assert (report.document.id, report.document.file, report.document.message) == ("f" * 16, "dir/a.pdf", "too slow")
    assert report.config_hash == cfg.config_hash() and report.indicators == ()
    assert '"timings"' not in text
