"""Worker process: claims jobs from the store with a lease, heartbeats while it analyses
with resources built once per process, and stores report + coverage rows in one
transaction. Run by `analyser serve` (api/supervisor.py) or on its own:

    python -m api.worker --data-dir DIR [--matcher keyword.v1] [--lease-s 60]
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path

from api.blobs import BlobStore
from api.config import ServiceConfig
from api.limits import estimate_pages
from api.store import Claim, Store

log = logging.getLogger("analyser.worker")


class Progress:
    """Elapsed-time estimate of an analysis' progress (the pipeline reports no stages):
    expected time = estimated pages x this worker's measured seconds per page."""

    def __init__(self, seconds_per_page: float = 0.5) -> None:
        self.seconds_per_page = seconds_per_page
        self.measured: list[float] = []

    def fraction(self, elapsed: float, pages: int) -> float:
        expected = max(1.0, pages * self.seconds_per_page)
        return 0.05 + 0.9 * min(1.0, elapsed / expected)

    def record(self, elapsed: float, pages: int) -> None:
        if pages > 0:
            self.measured = (self.measured + [elapsed / pages])[-20:]
            self.seconds_per_page = sum(self.measured) / len(self.measured)


class Worker:
    def __init__(self, config: ServiceConfig, resources=None) -> None:  # type: ignore[no-untyped-def]
        self.config = config
        self.store = Store(config.db_path)
        self.blobs = BlobStore(config.data_dir / "blobs")
        self.id = f"{socket.gethostname()}-{os.getpid()}-{os.urandom(3).hex()}"
        self.stop = threading.Event()
        self.progress = Progress()
        self._resources = resources
        self._last_beat = 0.0

    @property
    def resources(self):  # type: ignore[no-untyped-def]
        if self._resources is None:
            from analyser.config import AnalyserConfig
            from analyser.pipeline import build_resources

            cfg = AnalyserConfig.resolve(self.config.analyser_config)
            if self.config.matcher:
                cfg = cfg.with_updates(match={"matcher": self.config.matcher})
            self._resources = build_resources(cfg)
            self._resources.warm_up()
        return self._resources

    def beat(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last_beat >= self.config.heartbeat_s:
            self.store.worker_beat(self.id, os.getpid())
            self._last_beat = now

    def run(self, *, poll_s: float = 0.5, max_jobs: int | None = None) -> int:
        """Loop until stopped (SIGTERM/SIGINT) or max_jobs are done; returns jobs done."""
        _ = self.resources  # load models before announcing readiness
        self.beat(force=True)
        done = 0
        try:
            while not self.stop.is_set() and (max_jobs is None or done < max_jobs):
                self.beat()
                claim = self.store.claim_job(self.id, lease_s=self.config.lease_s, max_attempts=self.config.max_attempts)
                if claim is None:
                    self.stop.wait(poll_s)
                    continue
                self.process(claim)
                done += 1
        finally:
            self.store.worker_gone(self.id)
        return done

    def process(self, claim: Claim) -> bool:
        """Analyse one claimed document; True when this worker stored the result."""
        from analyser.pipeline import analyse_pdf_safely
        from analyser.report import to_json

        path = self.blobs.path(claim.sha256)
        pages = (estimate_pages(str(path)) if path.exists() else None) or 30
        started = time.monotonic()
        finished = threading.Event()

        def heartbeat() -> None:
            # extends the lease while the analysis runs in this process' main thread
            while not finished.wait(self.config.heartbeat_s):
                fraction = self.progress.fraction(time.monotonic() - started, pages)
                if not self.store.heartbeat(claim, lease_s=self.config.lease_s, stage="analysing", fraction=fraction):
                    log.warning("lost the lease of %s (deleted or re-queued); its result will be discarded", claim.document_id)
                    return
                self.beat()

        beater = threading.Thread(target=heartbeat, name="lease-heartbeat", daemon=True)
        beater.start()
        try:
            if not path.exists():
                return self.store.fail_job(claim, "the uploaded file is missing from the data directory; upload it again")
            report = analyse_pdf_safely(path, self.resources, file=claim.filename)
            stored = self.store.finish_job(claim, report, to_json(report))
            self.progress.record(time.monotonic() - started, report.document.pages)
            log.info("%s %s: %s in %.1fs", claim.document_id, claim.filename, report.document.status.value, time.monotonic() - started)
            return stored
        except Exception as exc:  # one bad document must not take the worker down
            log.exception("analysis of %s failed", claim.document_id)
            return self.store.fail_job(claim, f"internal error during analysis ({type(exc).__name__}); the operator's worker log has details")
        finally:
            finished.set()
            beater.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.worker", description="Analysis worker for the HTTP API.")
    parser.add_argument("--data-dir", type=Path, default=None, help="data directory (default $ANALYSER_DATA_DIR or ./analyser-data)")
    parser.add_argument("--matcher", default=None, help="override the analyser config's matcher (e.g. keyword.v1)")
    parser.add_argument("--config", type=Path, default=None, help="AnalyserConfig YAML/JSON")
    parser.add_argument("--lease-s", type=float, default=None)
    parser.add_argument("--heartbeat-s", type=float, default=None)
    parser.add_argument("--max-attempts", type=int, default=None)
    parser.add_argument("--max-jobs", type=int, default=None, help="exit after this many jobs (tests, benchmarks)")
    parser.add_argument("--exit-with-parent", type=int, default=None, metavar="PID",
                        help="stop when process PID (the launcher) is no longer this worker's parent (set by analyser serve)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(process)d %(levelname)s %(message)s")
    config = ServiceConfig.from_env(
        data_dir=args.data_dir, matcher=args.matcher, analyser_config=args.config, lease_s=args.lease_s,
        heartbeat_s=args.heartbeat_s, max_attempts=args.max_attempts,
    )
    worker = Worker(config)

    def _stop(signum, frame):  # type: ignore[no-untyped-def]  # finish the current job, then exit
        worker.stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    if args.exit_with_parent is not None:
        parent = args.exit_with_parent  # passed in: the launcher may already be gone by now

        def watch_parent() -> None:
            # a supervisor killed with SIGKILL cannot stop its workers: they notice the
            # re-parenting and stop after the current job
            while True:
                if os.getppid() != parent:
                    log.warning("supervisor %d is gone; stopping", parent)
                    worker.stop.set()
                    return
                if worker.stop.wait(1.0):
                    return

        threading.Thread(target=watch_parent, name="parent-watch", daemon=True).start()
    worker.run(max_jobs=args.max_jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
