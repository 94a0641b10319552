"""Benchmark the end-to-end analysis of a ~100-page strategy: cold (new process, models
loaded from disk) and warm (models already loaded, a document not seen before in the
process is simulated by re-running analysis without any result cache).

Prints pages/s, passages/s, peak memory and where the time goes (median per stage).
CLI wrapper; the logic measured lives in analyser.pipeline.

    python scripts/bench_pipeline.py [--pdf FILE] [--runs 3] [--config cfg.yaml]

Without --pdf it uses the shared corpus' 104-page Cambodian social protection strategy when
../shared is present, else a 100-page PDF assembled from the bundled sample strategies.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DEFAULT = ROOT.parent / "shared" / "corpora" / "real" / "KHM_2011_national-social-protection-strategy_EN.pdf"


def hundred_page_sample(target: Path, pages: int = 100) -> Path:
    """Concatenate the bundled sample strategies until `pages` pages (project-owned text)."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(str(p)) for p in sorted((ROOT / "corpora" / "samples").glob("sample_strategy_*.pdf"))]
    while len(out) < pages:
        for src in sources:
            if len(out) >= pages:
                break
            take = min(len(src), pages - len(out))
            out.import_pages(src, list(range(take)), index=len(out))
    out.save(str(target))
    return target


def _cold(pdf: Path, config: str | None) -> dict:
    code = (
        "import json,time,resource,sys;t=time.perf_counter();"
        "from analyser.pipeline import build_resources, analyse_pdf;"
        f"r=build_resources({config!r});rep=analyse_pdf({str(pdf)!r}, r);"
        "print(json.dumps({'wall': time.perf_counter()-t, 'pages': rep.document.pages, 'passages': rep.document.n_passages,"
        "'timings': rep.timings, 'maxrss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))"
    )
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["process_wall"] = time.perf_counter() - t  # includes interpreter start and imports
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pdf", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--config", default=None, help="analyser config file (YAML/JSON)")
    args = ap.parse_args(argv)

    tmp = None
    pdf = args.pdf
    if pdf is None:
        if SHARED_DEFAULT.exists():
            pdf = SHARED_DEFAULT
        else:
            tmp = tempfile.TemporaryDirectory()
            pdf = hundred_page_sample(Path(tmp.name) / "sample_100_pages.pdf")
    print(f"document: {pdf.name}")
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")

    cold = _cold(pdf, args.config)
    pages, passages = cold["pages"], cold["passages"]
    print(f"\ncold (new process: imports + model load + analysis): {cold['process_wall']:.2f} s "
          f"({pages / cold['process_wall']:.1f} pages/s), peak RSS {cold['maxrss_mb']:.0f} MiB")
    print("  stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in cold["timings"].items()))

    from analyser.pipeline import analyse_pdf, build_resources

    os.environ.pop("ANALYSER_CACHE_DIR", None)  # no disk cache of embeddings either
    res = build_resources(args.config)
    analyse_pdf(pdf, res)  # load models and pipelines once
    encoder = getattr(res.matcher, "encoder", None)
    walls, stage_runs = [], []
    for _ in range(args.runs):
        if hasattr(encoder, "clear"):
            encoder.clear()  # warm means models loaded, not this document's vectors remembered
        t = time.perf_counter()
        rep = analyse_pdf(pdf, res)
        walls.append(time.perf_counter() - t)
        stage_runs.append(rep.timings)
    med = statistics.median(walls)
    stages = {k: statistics.median(r[k] for r in stage_runs) for k in stage_runs[0]}
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nwarm (models loaded), median of {args.runs}: {med:.2f} s for {pages} pages, {passages} passages")
    print(f"  {pages / med:.1f} pages/s, {passages / med:.1f} passages/s, peak RSS {rss:.0f} MiB")
    print(f"  per 100 pages: {100 * med / pages:.2f} s (goal < 10 s)")
    total = stages.get("total", med)
    print("  where the time goes: " + ", ".join(
        f"{k} {v:.2f}s ({100 * v / total:.0f}%)" for k, v in stages.items() if k != "total"))
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
