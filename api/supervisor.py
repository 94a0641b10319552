"""`analyser serve`: uvicorn in this process plus N worker processes (python -m api.worker),
restarted when they die. Workers hold the models; the API process never loads one."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time

from api.config import ServiceConfig

log = logging.getLogger("analyser.serve")


class WorkerPool:
    def __init__(self, config: ServiceConfig, size: int, restart_delay_s: float = 1.0) -> None:
        self.config = config
        self.size = size
        self.restart_delay_s = restart_delay_s
        self.procs: list[subprocess.Popen] = []
        self.restarts = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="worker-pool", daemon=True)

    def _spawn(self) -> subprocess.Popen:
        env = {**os.environ, **self.config.to_env()}
        return subprocess.Popen([sys.executable, "-m", "api.worker"], env=env)

    def start(self) -> None:
        self.procs = [self._spawn() for _ in range(self.size)]
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(self.restart_delay_s):
            for i, proc in enumerate(self.procs):
                if proc.poll() is not None and not self._stop.is_set():
                    log.warning("worker %d exited with %s; starting a new one (its job is retried when the lease runs out)", proc.pid, proc.returncode)
                    self.procs[i] = self._spawn()
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
    pool.start()
    try:
        uvicorn.run(app, host=host, port=port)
    finally:
        pool.stop()
