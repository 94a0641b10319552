"""Benchmark batch throughput (pages per minute) over an archive: 1 and 2 local workers, and
a 2-worker local Dask cluster, each from a fresh output folder (nothing skipped), default
(real model) config unless --config says otherwise. Prints a Markdown table and the scaling
ratio. CLI wrapper; the logic measured lives in analyser.batch.

    python scripts/bench_batch.py                                   # ../shared/corpora/real/manifest.csv
    python scripts/bench_batch.py --source DIR_OR_MANIFEST --workers 1,2 --dask-workers 2 --config cfg.yaml

Pages are those of the documents that were analysed (failures count 0 pages). "Analysis" time
runs from the first document sent to the last result, so it includes each worker's start-up
(interpreter, imports, model loading), which a long archive amortises; "warm" subtracts the
slowest worker start-up from it to estimate the steady state. The CPU time used meanwhile by
processes outside the benchmark is printed: figures taken on a busy machine are too low.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyser.batch.run import BatchOptions, BatchResult, run_batch  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "corpora" / "real" / "manifest.csv"


class ForeignCpu:
    """CPU seconds used during a measurement by processes that are not this benchmark's
    (other users' jobs on a shared machine): a figure taken while they ran is too low."""

    def __init__(self, interval: float = 1.0) -> None:
        import threading

        self.interval = interval
        self.seconds = 0.0
        self._seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self, count: bool) -> None:
        import psutil

        me = psutil.Process()
        ours = {me.pid} | {c.pid for c in me.children(recursive=True)}
        for proc in psutil.process_iter(["pid"]):
            if proc.pid in ours:
                continue
            try:
                t = sum(proc.cpu_times()[:2])
            except psutil.Error:
                continue
            before = self._seen.get(proc.pid)
            if count:
                self.seconds += t - before if before is not None else 0.0
            self._seen[proc.pid] = t

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample(True)

    def __enter__(self) -> ForeignCpu:
        self._sample(False)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample(True)


def measure(label: str, source: Path, config: str | None, options: BatchOptions, scratch: Path) -> dict:
    out = scratch / label.replace(" ", "_")
    t = time.perf_counter()
    with ForeignCpu() as foreign:
        result: BatchResult = run_batch(source, out, config, options, stream=io.StringIO())
    wall = time.perf_counter() - t
    warm = max(result.analysis_seconds - result.startup_seconds, 1e-9)
    return {
        "label": label,
        "documents": result.documents,
        "analysed": result.analysed,
        "failed": result.failed,
        "pages": result.pages,
        "analysis_s": result.analysis_seconds,
        "startup_s": result.startup_seconds,
        "wall_s": wall,
        "ppm": result.pages_per_minute,
        "warm_ppm": 60.0 * result.pages / warm,
        "foreign_cpu_s": foreign.seconds,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of PDFs or manifest CSV")
    ap.add_argument("--config", default=None, help="analyser config (default: the built-in one, real model)")
    ap.add_argument("--workers", default="1,2", help="local worker counts to measure, comma-separated")
    ap.add_argument("--dask-workers", type=int, default=2, help="workers of the local Dask cluster (0: skip)")
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source} not found; pass --source", file=sys.stderr)
        return 2

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        scratch = Path(tmp)
        for n in [int(x) for x in args.workers.split(",") if x.strip()]:
            print(f"measuring {n} local worker(s)...", file=sys.stderr, flush=True)
            rows.append(measure(f"local, {n} worker{'s' if n > 1 else ''}", args.source, args.config,
                                BatchOptions(workers=n, timeout=args.timeout, progress=False), scratch))
        cluster_start = None
        if args.dask_workers:
            from distributed import LocalCluster

            print(f"measuring a local Dask cluster of {args.dask_workers} workers...", file=sys.stderr, flush=True)
            t = time.perf_counter()
            with LocalCluster(n_workers=args.dask_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                              dashboard_address=None) as cluster:
                cluster_start = time.perf_counter() - t
                rows.append(measure(f"Dask LocalCluster, {args.dask_workers} workers", args.source, args.config,
                                    BatchOptions(cluster=cluster.scheduler_address, timeout=args.timeout, progress=False), scratch))

    print(f"# Batch throughput: {args.source}")
    print()
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, config: {args.config or 'default'}")
    if cluster_start is not None:
        print(f"Dask cluster start-up (not included below): {cluster_start:.1f} s")
    print()
    print("| run | documents | failed | pages | analysis s | worker start-up s | pages/min | warm pages/min | other processes' CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['label']} | {r['documents']} | {r['failed']} | {r['pages']} | {r['analysis_s']:.1f} | "
              f"{r['startup_s']:.1f} | **{r['ppm']:.0f}** | {r['warm_ppm']:.0f} | {r['foreign_cpu_s']:.1f} |")
    busy = [r["label"] for r in rows if r["foreign_cpu_s"] > 0.05 * r["wall_s"] * (os.cpu_count() or 1)]
    if busy:
        print()
        print(f"Warning: other processes used more than 5 % of the cores during: {', '.join(busy)}; "
              "those figures are low, measure again on a quiet machine.")
    by = {r["label"]: r for r in rows}
    one, two = by.get("local, 1 worker"), by.get("local, 2 workers")
    if one and two and one["ppm"]:
        print()
        print(f"Scaling 1 -> 2 local workers: x{two['ppm'] / one['ppm']:.2f} (pages/min), x{two['warm_ppm'] / one['warm_ppm']:.2f} (warm)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
