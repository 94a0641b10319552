"""Ingest speed on the text-layer documents of the shared corpus (OCR off: this measures
text-layer parsing), one line per variant and a final summary table.

    python scripts/bench_ingest.py [--corpus ../shared/corpora/real] [--runs 3] [--quick]
    python scripts/bench_ingest.py --compare-tables [--quick]   # rows: fast finder vs pdfplumber

Variants: pdfplumber only (the reference; slow, skipped with --quick); the fast path
(pypdfium2 + layout) in process with tables off, with the fast table finder (the
default) and with pdfplumber tables; and the default pipeline setting, an isolated child
process per document, one document at a time and two at a time (2 cores). Figures are
medians over --runs; the load average is printed because a shared machine skews them.
CLI wrapper; the logic measured lives in analyser.ingest.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(files: list[Path], cfg, workers: int) -> tuple[int, float, float]:  # noqa: ANN001
    """(pages, wall seconds, CPU seconds of this process) for ingesting all files,
    `workers` documents at a time. CPU time is robust to other load on the machine, but
    misses the work done in isolated child processes."""
    from analyser.errors import IngestError
    from analyser.ingest import read_document

    def one(f: Path) -> int:
        try:
            return read_document(f, cfg).n_pages
        except IngestError:
            return 0  # e.g. garbled text layer without OCR: counted as time, not pages

    start, cpu = time.perf_counter(), time.process_time()
    if workers == 1:
        pages = sum(one(f) for f in files)
    else:
        with ThreadPoolExecutor(workers) as pool:  # each call waits on its own child process
            pages = sum(pool.map(one, files))
    return pages, time.perf_counter() - start, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "real")
    ap.add_argument("--runs", type=int, default=3, help="runs per variant; the median is reported")
    ap.add_argument("--quick", action="store_true", help="skip the slow pdfplumber variants")
    ap.add_argument("--compare-tables", action="store_true", help="instead of timing: fast table rows versus pdfplumber's")
    args = ap.parse_args(argv)
    manifest = args.corpus / "manifest.csv"
    if not manifest.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2

    from analyser.config import IngestConfig

    with manifest.open(encoding="utf-8", newline="") as fh:
        files = [args.corpus / r["file"] for r in csv.DictReader(fh) if r["text_layer"].startswith("yes")]
    if args.compare_tables:
        return compare_tables(files, verbose=not args.quick)
    base = {"ocr": False}
    variants: list[tuple[str, IngestConfig, int, bool]] = [  # name, config, documents at a time, slow
        ("pdfplumber only", IngestConfig(engine="pdfplumber", isolate=False, tables="off", **base), 1, True),
        ("fast path, tables off", IngestConfig(isolate=False, tables="off", **base), 1, False),
        ("fast path, fast tables (default)", IngestConfig(isolate=False, tables="fast", **base), 1, False),
        ("fast path, pdfplumber tables", IngestConfig(isolate=False, tables="plumber", **base), 1, True),
        ("isolated, 1 document at a time", IngestConfig(isolate=True, **base), 1, False),
        ("isolated, 2 documents at a time", IngestConfig(isolate=True, **base), 2, False),
    ]
    print(f"{len(files)} text-layer documents from {args.corpus}; {args.runs} run(s) per variant; "
          f"{os.cpu_count()} CPUs; load average at start {_load()}")
    results = []
    for name, cfg, workers, slow in variants:
        if slow and args.quick:
            continue
        rates, cpu_rates, pages = [], [], 0
        for _ in range(args.runs):
            pages, seconds, cpu = _run(files, cfg, workers)
            rates.append(pages / seconds)
            cpu_rates.append(pages / cpu if cpu > 0 else 0.0)
        rate = statistics.median(rates)
        cpu_rate = statistics.median(cpu_rates) if not cfg.isolate else None
        results.append((name, pages, rate, cpu_rate, _load()))
        spread = f"{min(rates):.1f}-{max(rates):.1f}" if len(rates) > 1 else ""
        per_cpu = f"{cpu_rate:7.1f} pages/CPU-s" if cpu_rate else " " * 19
        print(f"  {name:34} {pages:5d} pages  {rate:7.1f} pages/s  {spread:>13}  {per_cpu}  load {_load()}", flush=True)
    ref = next((r for n, _, r, _, _ in results if n == "fast path, tables off"), None)
    print("\nSummary (median wall-clock pages/s; goal: >= 100 pages/s for text-layer PDFs on 2 cores)")
    print("| variant | pages | pages/s | vs tables off | pages per CPU-second (in process) | load average (1, 5, 15 min) |")
    print("|---|---|---|---|---|---|")
    for name, pages, rate, cpu_rate, load in results:
        rel = f"{rate / ref:.2f}x" if ref else "-"
        print(f"| {name} | {pages} | {rate:.1f} | {rel} | {f'{cpu_rate:.1f}' if cpu_rate else '-'} | {load} |")
    return 0


def compare_tables(files: list[Path], *, verbose: bool) -> int:
    """Rows (as rendered, with header context) from the fast finder and from pdfplumber on
    the pages pdfplumber would be asked about, and how many are identical."""
    import re

    from analyser.ingest import pdfium, plumber
    from analyser.ingest.layout import looks_tabular, table_row_lines

    def rows(tables) -> set[str]:  # noqa: ANN001
        usable = [(b, t) for b, t in tables if sum(1 for r in t if sum(1 for c in r[2] if c) >= 2) >= 2]
        return {re.sub(r"\s+", " ", ln.text.replace("-\x02", "-")) for b, t in usable for ln in table_row_lines(b, t)}

    n_fast = n_plumber = same = 0
    for f in files:
        data = f.read_bytes()
        pages = pdfium.read_pages(data, file=f.name, max_pages=5000, table_min_rulings=8)
        candidates = [i for i, p in enumerate(pages) if p.rulings >= 8 and looks_tabular(p.lines)]
        reference = plumber.page_tables(data, candidates) if candidates else {}
        for i in candidates:
            fast, ref = rows(pages[i].tables), rows(reference.get(i, []))
            n_fast, n_plumber, same = n_fast + len(fast), n_plumber + len(ref), same + len(fast & ref)
            if verbose and fast != ref:
                print(f"--- {f.name} page {i + 1}: fast {len(fast)} rows, pdfplumber {len(ref)}, identical {len(fast & ref)}")
                for text in sorted(fast - ref)[:3]:
                    print(f"   fast       {text[:150]}")
                for text in sorted(ref - fast)[:3]:
                    print(f"   pdfplumber {text[:150]}")
    print(f"table rows on pdfplumber's candidate pages: fast {n_fast}, pdfplumber {n_plumber}, identical {same}")
    return 0


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
