"""`analyser serve`: uvicorn in this process plus N worker processes (python -m api.worker),
restarted when they die. Workers hold the models; the API process never loads one."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time

from api.config import ServiceConfig

log = logging.getLogger("analyser.serve")


class WorkerPool:
    def __init__(self, config: ServiceConfig, size: int, restart_delay_s: float = 1.0, max_delay_s: float = 60.0) -> None:
        self.config = config
        self.size = size
        self.restart_delay_s = restart_delay_s
        self.max_delay_s = max_delay_s
        self.procs: list[subprocess.Popen] = []
        self.started: list[float] = []
        self.failures: list[int] = []  # consecutive early deaths per slot
        self.restarts = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="worker-pool", daemon=True)

    def _spawn(self) -> subprocess.Popen:
        env = {**os.environ, **self.config.to_env()}
        return subprocess.Popen([sys.executable, "-m", "api.worker", "--exit-with-parent", str(os.getpid())], env=env)

    def start(self) -> None:
        self.procs = [self._spawn() for _ in range(self.size)]
        self.started = [time.monotonic()] * self.size
        self.failures = [0] * self.size
        self._thread.start()

    def _watch(self) -> None:
        due: dict[int, float] = {}
        while not self._stop.wait(self.restart_delay_s):
            now = time.monotonic()
            for i, proc in enumerate(self.procs):
                if proc.poll() is None or self._stop.is_set():
                    continue
                if i not in due:
                    # a worker that dies soon after starting (no model, bad config) is
                    # restarted with a growing delay instead of in a tight loop
                    early = now - self.started[i] < 30
                    self.failures[i] = self.failures[i] + 1 if early else 0
                    delay = min(self.max_delay_s, self.restart_delay_s * 2 ** self.failures[i]) if early else 0.0
                    due[i] = now + delay
                    log.warning("worker %d exited with %s; restarting in %.0fs (its job is retried when the lease runs out)",
                                proc.pid, proc.returncode, delay)
                if now >= due[i]:
                    del due[i]
                    self.procs[i] = self._spawn()
                    self.started[i] = time.monotonic()
                    self.restarts += 1

    def stop(self, timeout_s: float = 15.0) -> None:
        self._stop.set()
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()  # finishes its current job first
        deadline = time.monotonic() + timeout_s
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()  # its job goes back to the queue when the lease runs out
                proc.wait()


def serve(config: ServiceConfig, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    from api.app import create_app

    config.data_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(config)  # creates/migrates the store before workers open it
    pool = WorkerPool(config, config.workers)

    def _exit(signum, frame):  # type: ignore[no-untyped-def]
        raise SystemExit(0)

    # uvicorn re-raises the SIGTERM it caught after shutting down; with the default handler
    # that would end this process before `finally` stops the workers
    signal.signal(signal.SIGTERM, _exit)
    pool.start()
    try:
        uvicorn.run(app, host=host, port=port)
    finally:
        pool.stop()
