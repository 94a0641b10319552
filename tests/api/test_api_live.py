"""The API as deployed: real uvicorn and worker processes on 127.0.0.1, over HTTP."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from apiharness import PY, ROOT, LiveService, bench_module, free_port, wait_done, wait_for

FIXTURE_PDF = ROOT / "tests" / "fixtures" / "pdfs" / "returnee_measures_fr.pdf"
NGA = "NGA_2024_GAPs-return-policy-timeline_EN.pdf"
FAST = ("--matcher", "keyword.v1")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    svc = LiveService(tmp_path_factory.mktemp("api-live"), rate_per_min=100000, heartbeat_s=0.5, lease_s=5)
    svc.data_dir.mkdir(parents=True, exist_ok=True)
    keys = {"a": svc.new_key("Org A"), "b": svc.new_key("Org B")}
    keys["revoked"] = svc.new_key("Org A")
    svc.cli("key", "revoke", keys["revoked"].split("_")[1])
    svc.start_api()
    svc.start_worker(*FAST)
    svc.start_worker(*FAST)  # two workers compete for jobs: each job must still run once
    try:
        svc.wait_ready()
        yield svc, keys
    finally:
        svc.stop()


@pytest.fixture(scope="module")
def own_doc(live) -> dict:  # noqa: ANN001
    svc, keys = live
    with svc.client(keys["a"]) as c:
        r = c.post("/v1/documents", files={"file": ("plan.pdf", FIXTURE_PDF.read_bytes(), "application/pdf")},
                   data={"country": "SEN", "year": "2021", "sector": "employment", "title": "Plan d'action"})
        assert r.status_code in (200, 202), r.text
        doc = wait_done(c, r.json()["document"]["id"])
    assert doc["status"] == "done", doc
    return doc


@pytest.mark.real
def test_live_real_pdf_upload_poll_report_and_coverage(live, real_corpus: Path) -> None:  # noqa: ANN001
    svc, keys = live
    pdf = (real_corpus / NGA).read_bytes()
    with svc.client(keys["a"]) as c:
        r = c.post("/v1/documents", files={"file": (NGA, pdf, "application/pdf")},
                   data={"country": "NGA", "year": "2024", "sector": "migration", "title": "Return policy timeline"})
        assert r.status_code == 202, r.text
        doc = r.json()["document"]
        assert r.json()["duplicate"] is False and doc["status"] in ("queued", "running")
        done = wait_done(c, doc["id"])
        assert (done["status"], done["doc_status"], done["pages"], done["attempts"]) == ("done", "ok", 1, 1), done
        assert done["progress"] == {"stage": "done", "fraction": 1.0}

        report = c.get(f"/v1/documents/{doc['id']}/report")
        assert report.headers["content-type"] == "application/json"
        body = report.json()
        assert body["document"]["file"] == NGA and len(body["indicators"]) == 29 and body["document"]["status"] == "ok"
        for fmt, media in (("csv", "text/csv"), ("html", "text/html"), ("md", "text/markdown")):
            r = c.get(f"/v1/documents/{doc['id']}/report", params={"format": fmt})
            assert r.status_code == 200 and r.headers["content-type"].startswith(media)
            assert f'filename="{doc["id"]}.{fmt}"' in r.headers["content-disposition"]

        best = max(body["indicators"], key=lambda i: i["best_score"])
        ev = c.get(f"/v1/documents/{doc['id']}/indicators/{best['id']}/evidence").json()
        assert ev["indicator"]["id"] == best["id"] and ev["evidence"] == best["evidence"]
        assert c.get(f"/v1/documents/{doc['id']}/indicators/NOPE.X/evidence").status_code == 404

        cov = c.get("/v1/coverage", params={"country": "NGA"}).json()
        assert [d["id"] for d in cov["documents"]] == [doc["id"]]
        assert len(cov["rows"]) == 29 and len(cov["indicators"]) == 29 and len(cov["summary"]) == 29
        row = next(r for r in cov["rows"] if r["indicator"] == best["id"])
        assert row["returnee_level"] == best["returnee_level"] and row["addressed"] == best["addressed"]
        table = c.get("/v1/coverage", params={"country": "NGA", "format": "csv"})
        assert table.headers["content-type"].startswith("text/csv") and len(table.text.strip().splitlines()) == 30

        again = c.post("/v1/documents", files={"file": ("renamed.pdf", pdf, "application/pdf")})
        assert again.status_code == 200 and again.json()["duplicate"] is True and again.json()["document"]["id"] == doc["id"]


def test_live_cross_organisation_matrix_has_no_leaks(live, own_doc: dict) -> None:  # noqa: ANN001
    svc, keys = live
    d = own_doc["id"]
    endpoints = [
        ("GET", "/v1/me", None), ("GET", "/v1/taxonomy", None), ("GET", "/v1/documents", None),
        ("GET", f"/v1/documents/{d}", "doc"), ("GET", f"/v1/documents/{d}/report", "doc"),
        ("GET", f"/v1/documents/{d}/report?format=csv", "doc"), ("GET", f"/v1/documents/{d}/report?format=html", "doc"),
        ("GET", f"/v1/documents/{d}/indicators/ECO.EMPLOYMENT/evidence", "doc"),
        ("GET", "/v1/coverage", None), ("GET", "/v1/coverage?format=csv", None),
        ("POST", "/v1/documents", "upload"), ("DELETE", f"/v1/documents/{d}", "doc"),
    ]
    secrets = (d, own_doc["sha256"], "Plan d'action")
    checked = 0
    for who in ("b", "none", "revoked", "a"):  # own organisation last: its DELETE really deletes
        with svc.client(keys.get(who)) as c:
            for method, path, kind in endpoints:
                files = {"file": ("plan.pdf", FIXTURE_PDF.read_bytes(), "application/pdf")} if kind == "upload" else None
                r = c.request(method, path, files=files)
                where = f"{who} {method} {path}: {r.status_code} {r.text[:200]}"
                assert r.status_code < 500, where
                if who in ("none", "revoked"):
                    assert r.status_code == 401 and set(r.json()) == {"detail"}, where
                elif who == "b":
                    if kind == "doc":
                        assert r.status_code == 404 and r.json() == {"detail": "document not found"}, where
                    else:
                        assert r.status_code in (200, 202), where
                    if kind != "upload":  # B's own upload of the same bytes is B's document
                        assert not any(s in r.text for s in secrets), where
                else:
                    assert r.status_code in (200, 202, 204), where
                checked += 1
    assert checked == 4 * len(endpoints)
    with svc.client(keys["a"]) as c:
        assert c.get(f"/v1/documents/{d}").status_code == 404  # deleted by its owner, and only then


def test_live_two_workers_run_each_job_exactly_once(live) -> None:  # noqa: ANN001
    svc, keys = live
    make = bench_module().strategy_pdf
    with svc.client(keys["b"]) as c:
        ids = [c.post("/v1/documents", files={"file": (f"s{n}.pdf", make(3, seed=100 + n), "application/pdf")}).json()["document"]["id"]
               for n in range(6)]
        done = [wait_done(c, i) for i in ids]
    assert [(d["status"], d["attempts"]) for d in done] == [("done", 1)] * 6
    logs = "\n".join(p.read_text(errors="replace") for p in svc.logs if p.name.startswith("worker"))
    assert all(logs.count(f"{i} s") == 1 for i in ids), logs[-3000:]  # "<id> s<n>.pdf: ok in ..." once each


def test_live_worker_sigkill_mid_job_and_api_restart_finish_once(tmp_path: Path) -> None:
    svc = LiveService(tmp_path / "data", rate_per_min=100000, heartbeat_s=0.3, lease_s=2, max_attempts=3)
    svc.data_dir.mkdir(parents=True)
    key = svc.new_key("Org K")
    pdf = bench_module().strategy_pdf(50)
    try:
        svc.start_api()
        first = svc.start_worker(*FAST)
        svc.wait_ready()
        with svc.client(key) as c:
            doc_id = c.post("/v1/documents", files={"file": ("strategy.pdf", pdf, "application/pdf")}).json()["document"]["id"]
            wait_for(lambda: c.get(f"/v1/documents/{doc_id}").json()["status"] == "running", 60, "the job to start", every=0.05)
        first.send_signal(signal.SIGKILL)
        first.wait()
        # the API goes down and up too; nothing lives in its memory
        assert svc.api is not None
        svc.api.send_signal(signal.SIGKILL)
        svc.api.wait()
        svc.start_api()
        with svc.client(key) as c:
            doc = c.get(f"/v1/documents/{doc_id}").json()
            assert (doc["status"], doc["attempts"]) == ("running", 1)  # lease still held by the dead worker
            svc.start_worker(*FAST)
            done = wait_done(c, doc_id, timeout=150)
            assert (done["status"], done["doc_status"], done["attempts"], done["pages"]) == ("done", "ok", 2, 50), done
            cov = c.get("/v1/coverage").json()
            assert len(cov["rows"]) == 29 and [d["id"] for d in cov["documents"]] == [doc_id]
            assert c.get(f"/v1/documents/{doc_id}/report").json()["document"]["pages"] == 50
    except AssertionError:
        print(svc.log_text())
        raise
    finally:
        svc.stop()


def test_live_schemathesis_finds_no_server_errors(live) -> None:  # noqa: ANN001
    svc, keys = live
    st = Path(PY).with_name("st")
    if not st.exists():
        pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
    with svc.client(keys["a"]) as c:  # a finished document of its own, so document routes get past 404
        r = c.post("/v1/documents", files={"file": ("fuzz.pdf", FIXTURE_PDF.read_bytes() + b"\n% fuzz\n", "application/pdf")})
        doc = wait_done(c, r.json()["document"]["id"])
    assert doc["status"] == "done"
    config = svc.data_dir / "fuzz" / "schemathesis.toml"  # not in the run's folder: only the second run reads it
    config.parent.mkdir(exist_ok=True)
    config.write_text(f'[parameters]\ndoc_id = "{doc["id"]}"\nindicator_id = "ECO.EMPLOYMENT"\n')
    base = ["run", f"{svc.base}/openapi.json", "-H", f"X-API-Key: {keys['a']}", "--checks", "not_a_server_error",
            "--workers", "1", "--phases", "examples,coverage,fuzzing", "--seed", "1", "--no-color", "--request-timeout", "30"]
    runs = {
        # the fixed document id reaches report/evidence; DELETE is left out so it stays
        "own document": [str(st), "--config-file", str(config), *base, "--max-examples", "10", "--exclude-method", "DELETE"],
        # then everything, DELETE included (schemathesis also reuses ids it saw in responses)
        "random ids": [str(st), *base, "--max-examples", "15"],
    }
    for name, argv in runs.items():
        out = subprocess.run(argv, capture_output=True, text=True, timeout=240, cwd=svc.data_dir)
        print(name, out.stdout[-1500:])  # shown with -s: operations tested, cases generated
        assert out.returncode == 0, name + "\n" + out.stdout[-4000:] + out.stderr[-2000:]
        assert "Server error" not in out.stdout and " passed" in out.stdout, name


def test_live_serve_supervisor_restarts_a_dead_worker(tmp_path: Path) -> None:
    import psutil

    port = free_port()
    data = tmp_path / "serve"
    env_svc = LiveService(data)
    proc = subprocess.Popen([PY, "-m", "analyser.cli", "serve", "--port", str(port), "--workers", "1", "--matcher", "keyword.v1",
                             "--data-dir", str(data)], env={**env_svc.env, "ANALYSER_HEARTBEAT_S": "0.5"}, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return httpx.get(base + "/v1/ready", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(ready, 120, "analyser serve to be ready", every=0.5)
        workers = psutil.Process(proc.pid).children()
        assert len(workers) == 1
        workers[0].send_signal(signal.SIGKILL)
        new = wait_for(lambda: [p for p in psutil.Process(proc.pid).children() if p.pid != workers[0].pid], 30, "a new worker")
        assert len(new) == 1
        time.sleep(2)  # the dead worker's heartbeat ages out (3 x 0.5 s)
        wait_for(ready, 120, "the new worker to be ready", every=0.5)
        assert json.loads(httpx.get(base + "/v1/ready").text)["workers_alive"] == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    workers = [*workers, *new]
    wait_for(lambda: not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in workers), 30, "the workers to stop with serve")


@pytest.mark.model
@pytest.mark.real
def test_live_default_model_worker_analyses_a_real_pdf(tmp_path: Path, real_corpus: Path) -> None:
    svc = LiveService(tmp_path / "data", rate_per_min=100000, heartbeat_s=1)
    svc.data_dir.mkdir(parents=True)
    key = svc.new_key("Org M")
    try:
        svc.start_api()
        svc.start_worker()  # the analyser's default matcher and model
        svc.wait_ready(timeout=300)
        with svc.client(key) as c:
            r = c.post("/v1/documents", files={"file": (NGA, (real_corpus / NGA).read_bytes(), "application/pdf")})
            done = wait_done(c, r.json()["document"]["id"], timeout=300)
            assert done["status"] == "done", done
            report = c.get(f"/v1/documents/{done['id']}/report").json()
        from analyser.config import AnalyserConfig

        assert report["document"]["model"].startswith(AnalyserConfig().match.matcher)
        assert len(report["indicators"]) == 29
    finally:
        svc.stop()
