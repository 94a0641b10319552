#!/usr/bin/env python3
"""Benchmark of the HTTP API (api/), against a real uvicorn process on loopback.

1. Coverage-query latency (p50, p95) over N stored document reports (default 1,000),
   generated synthetically and stored through api.store exactly as a worker stores them
   (claim -> finish: report JSON + 29 coverage rows per document).
2. Upload-to-report time of a synthetic 50-page strategy (fpdf2), or of --pdf FILE:
   POST /v1/documents, then poll until the report is ready, with a worker process that
   has already loaded its models.

    .venv/bin/python scripts/bench_api.py                          # both, default matcher
    .venv/bin/python scripts/bench_api.py --skip-upload --docs 1000
    .venv/bin/python scripts/bench_api.py --pdf strategy.pdf --matcher keyword.v1

Prints a JSON summary (with os.getloadavg(): the figures depend on the machine's load).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COUNTRIES = ("SEN", "CIV", "NGA", "BGD", "KHM", "MAR", "TUN", "BEN", "BFA", "GHA", "MLI", "GIN")
SECTORS = ("employment", "health", "education", "social protection", "development plan", "migration")
SENTENCES = (
    "The Ministry of Labour will open job centres in every region to register jobseekers and match them with employers.",
    "Returning migrants will be registered by the national employment agency and offered placement and training.",
    "Vocational training centres will deliver short certified courses in construction, agriculture and digital skills.",
    "A guarantee fund will ease access to credit for micro and small enterprises created by young people and returnees.",
    "Community health workers will extend primary health care to rural districts, with free maternal care.",
    "Psychosocial support services will be available to returnees and their families through district social workers.",
    "The national social protection floor will extend cash transfers to the poorest households by 2030.",
    "An inter-ministerial committee chaired by the Prime Minister's office will coordinate the implementation of the strategy.",
    "Indicator 3.2: number of returnees referred to services (baseline 2023: 0; target 2028: 5,000).",
    "The budget of the programme is estimated at 12 billion CFA francs over five years, financed by the State and partners.",
    "Civil registration offices will issue identity documents and birth certificates free of charge to all citizens.",
    "Local governments will receive transfers to maintain roads, water points and markets in secondary towns.",
    "The education sector plan aims to raise the completion rate of lower secondary school to 75 percent.",
    "Diagnosis: informal employment accounts for 90 percent of jobs and underemployment is widespread in rural areas.",
    "Migration data will be collected in a national information system shared with the statistics office.",
)


def strategy_pdf(pages: int, seed: int = 0) -> bytes:
    """A synthetic national strategy: numbered sections of policy sentences, `pages` pages."""
    from fpdf import FPDF

    rng = random.Random(seed)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=timezone.utc))  # same bytes every run
    pdf.set_auto_page_break(False)
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 10, f"{n}. Strategic axis {n}: priority measures", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for _ in range(4):
            text = " ".join(rng.sample(SENTENCES, 4))
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        pdf.set_y(-15)
        pdf.set_font("Helvetica", "", 8)
        pdf.cell(0, 10, f"National Strategy 2025-2030 - page {n}", align="C")
    return bytes(pdf.output())


def synthetic_report(doc_id: str, filename: str, rng: random.Random, taxonomy):  # type: ignore[no-untyped-def]
    """A DocumentReport of the real shape: 29 indicator results with up to 5 evidence passages."""
    from analyser import __version__
    from analyser.config import AnalyserConfig
    from analyser.types import LEVEL_LABELS, DocStatus, DocumentInfo, DocumentReport, Evidence, IndicatorResult

    cfg = AnalyserConfig()
    results = []
    for ind in taxonomy.indicators:
        level = rng.choices((0, 1, 2, 3), weights=(55, 20, 15, 10))[0]
        addressed = level >= 2 or rng.random() < 0.5
        evidence = tuple(
            Evidence(
                page=rng.randint(1, 60), section="2. Strategic axes > 2.3 Employment", text=rng.choice(SENTENCES),
                score=round(rng.uniform(0.5, 1.0), 4), returnee="targeted" if level >= 2 else "none",
                part="normative", anchors=("institution",) if level == 3 else (), keywords=("employment",),
                passage_id=f"{doc_id}-{ind.id}-{k}", char_start=0, char_end=100,
            )
            for k in range(rng.randint(0, 5) if addressed else 0)
        )
        results.append(
            IndicatorResult(
                id=ind.id, dimension=ind.dimension, name=ind.label(), addressed=addressed, returnee_level=level,
                level_label=LEVEL_LABELS[level], entry_point=addressed and level < 2, n_passages=len(evidence),
                best_score=max((e.score for e in evidence), default=0.0), evidence=evidence,
            )
        )
    info = DocumentInfo(id=doc_id, file=filename, pages=60, languages=("en",), status=DocStatus.OK,
                        taxonomy_version=taxonomy.version, model="synthetic:none", engine="pdfium", n_passages=400)
    return DocumentReport(analyser_version=__version__, document=info, config=cfg.echo(), config_hash=cfg.config_hash(),
                          indicators=tuple(results), timings={"total": 0.0})


def fill_store(data_dir: Path, n_docs: int, seed: int = 0) -> str:
    """N synthetic analysed documents in one organisation; returns an API key for it."""
    from analyser.config import AnalyserConfig
    from analyser.report import to_json
    from analyser.taxonomy import load_taxonomy
    from api.config import ServiceConfig
    from api.store import Store

    rng = random.Random(seed)
    taxonomy = load_taxonomy(AnalyserConfig().taxonomy)
    store = Store(ServiceConfig(data_dir=data_dir).db_path)
    org = store.create_org("Bench ministry")
    _, key = store.create_key(org.id)
    for i in range(n_docs):
        sha = f"{i:064x}"
        meta = {"country": rng.choice(COUNTRIES), "year": rng.randint(2010, 2025), "sector": rng.choice(SECTORS),
                "title": f"Synthetic strategy {i}"}
        doc, _ = store.add_document(org.id, sha256=sha, filename=f"strategy-{i}.pdf", size=1, metadata=meta, max_active=n_docs + 1)
        claim = store.claim_job("bench", lease_s=60, max_attempts=3)
        assert claim is not None and claim.document_id == doc["id"]
        report = synthetic_report(doc["id"], f"strategy-{i}.pdf", rng, taxonomy)
        assert store.finish_job(claim, report, to_json(report))
    return key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_api(data_dir: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the API did not start")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def bench_coverage(base: str, key: str, repeats: int) -> dict:
    import httpx

    queries = {
        "all documents (json)": "",
        "country=SEN": "country=SEN",
        "country=SEN,CIV&year=2020,2021,2022": "country=SEN,CIV&year=2020,2021,2022",
        "dimension=ECO&min_level=2": "dimension=ECO&min_level=2",
        "indicator=ECO.EMPLOYMENT": "indicator=ECO.EMPLOYMENT",
        "all documents (csv)": "format=csv",
    }
    out = {}
    with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=60) as client:
        for name, qs in queries.items():
            times, size, rows = [], 0, None
            for i in range(repeats + 3):
                t = time.perf_counter()
                r = client.get("/v1/coverage?" + qs)
                elapsed = time.perf_counter() - t
                assert r.status_code == 200, r.text[:300]
                if i >= 3:  # the first requests warm SQLite's page cache
                    times.append(elapsed * 1000)
                size = len(r.content)
                if "csv" not in qs:
                    rows = len(r.json()["rows"])
            out[name] = {"p50_ms": round(pct(times, 0.5), 1), "p95_ms": round(pct(times, 0.95), 1),
                         "mean_ms": round(statistics.mean(times), 1), "rows": rows, "bytes": size, "requests": len(times)}
    return out


def bench_upload(data_dir: Path, base: str, env: dict[str, str], pdfs: list[bytes], name: str, matcher: str | None) -> dict:
    import httpx

    from api.store import Store
    from api.config import ServiceConfig

    store = Store(ServiceConfig(data_dir=data_dir).db_path)
    org = store.create_org("Upload bench")
    _, key = store.create_key(org.id)
    worker = subprocess.Popen([sys.executable, "-m", "api.worker", *(["--matcher", matcher] if matcher else [])], env=env, cwd=ROOT)
    try:
        with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=120) as client:
            t0 = time.perf_counter()
            while client.get("/v1/ready").status_code != 200:  # the worker loads its models first
                if worker.poll() is not None:
                    raise SystemExit("the worker exited")
                time.sleep(0.5)
            warm = time.perf_counter() - t0
            results = []
            for run, body in enumerate(pdfs):
                t = time.perf_counter()
                r = client.post("/v1/documents", files={"file": (name, body, "application/pdf")})
                assert r.status_code == 202, r.text
                doc_id = r.json()["document"]["id"]
                while True:
                    doc = client.get(f"/v1/documents/{doc_id}").json()
                    if doc["status"] in ("done", "failed"):
                        break
                    time.sleep(0.2)
                rep = client.get(f"/v1/documents/{doc_id}/report")
                elapsed = time.perf_counter() - t
                assert rep.status_code == 200, rep.text[:300]
                report = rep.json()
                results.append({"seconds": round(elapsed, 2), "pages": doc["pages"], "doc_status": doc["doc_status"],
                                "pipeline_total_s": report["timings"].get("total"), "model": report["document"]["model"]})
        return {"worker_ready_s": round(warm, 1), "runs": results}
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=50, help="requests per coverage query")
    ap.add_argument("--pages", type=int, default=50, help="pages of the synthetic strategy")
    ap.add_argument("--pdf", type=Path, default=None, help="upload this PDF instead of the synthetic strategy")
    ap.add_argument("--matcher", default=None, help="worker matcher (default: the analyser's default)")
    ap.add_argument("--upload-runs", type=int, default=2)
    ap.add_argument("--skip-upload", action="store_true")
    ap.add_argument("--skip-coverage", action="store_true")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        data_dir = Path(tmp)
        env = {**os.environ, "ANALYSER_DATA_DIR": str(data_dir), "ANALYSER_RATE_PER_MIN": "100000",
               "ANALYSER_HEARTBEAT_S": "1"}
        summary: dict[str, object] = {"loadavg_start": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}
        key = None
        if not args.skip_coverage:
            t = time.perf_counter()
            key = fill_store(data_dir, args.docs)
            summary["fill_store_s"] = round(time.perf_counter() - t, 1)
        api, base = start_api(data_dir, env)
        try:
            if key:
                summary["coverage"] = {"documents": args.docs, "queries": bench_coverage(base, key, args.repeats)}
                summary["loadavg_after_coverage"] = [round(x, 2) for x in os.getloadavg()]
            if not args.skip_upload:
                if args.pdf:
                    # the same text again would hit the worker's in-memory embedding cache
                    # (analyser/match/cache.py): only the first run is a cold analysis
                    pdfs = [args.pdf.read_bytes() + f"\n% run {run}\n".encode() for run in range(args.upload_runs)]
                    name = args.pdf.name
                else:
                    pdfs = [strategy_pdf(args.pages, seed=run) for run in range(args.upload_runs)]  # different text each run
                    name = f"synthetic-strategy-{args.pages}p.pdf"
                summary["upload_to_report"] = {"file": name, **bench_upload(data_dir, base, env, pdfs, name, args.matcher)}
                summary["loadavg_after_upload"] = [round(x, 2) for x in os.getloadavg()]
        finally:
            api.send_signal(signal.SIGTERM)
            api.wait(timeout=30)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
