"""Ingest speed on the text-layer documents of the shared corpus, pdfplumber-only versus the
fast path (pypdfium2 characters + the same layout code), in one run.

    python scripts/bench_ingest.py [--corpus ../shared/corpora/real] [--runs 1]

Prints pages/s per engine, and for the fast path also with process isolation (one child
process per document, as the pipeline runs it). OCR is off here: this measures text-layer
parsing. CLI wrapper; the logic measured lives in analyser.ingest.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "real")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args(argv)
    manifest = args.corpus / "manifest.csv"
    if not manifest.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2

    from analyser.config import IngestConfig
    from analyser.errors import IngestError
    from analyser.ingest import read_document

    with manifest.open(encoding="utf-8", newline="") as fh:
        files = [args.corpus / r["file"] for r in csv.DictReader(fh) if r["text_layer"].startswith("yes")]
    variants = {
        "pdfplumber only": IngestConfig(engine="pdfplumber", isolate=False, ocr=False),
        "fast path (pdfium)": IngestConfig(engine="pdfium", isolate=False, ocr=False),
        "fast path, isolated": IngestConfig(engine="pdfium", isolate=True, ocr=False),
    }
    print(f"{len(files)} text-layer documents from {args.corpus}")
    base = None
    for name, cfg in variants.items():
        rates = []
        for _ in range(args.runs):
            pages = 0
            start = time.perf_counter()
            for f in files:
                try:
                    pages += read_document(f, cfg).n_pages
                except IngestError:
                    pass  # e.g. garbled text layer without OCR: counted as time, not pages
            rates.append(pages / (time.perf_counter() - start))
        rate = statistics.median(rates)
        base = base or rate
        print(f"  {name:22} {pages:5d} pages  {rate:7.1f} pages/s  ({rate / base:4.1f}x pdfplumber)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
