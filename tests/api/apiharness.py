"""Real uvicorn and worker processes on loopback for the API tests (no in-process shortcuts)."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate: Callable[[], object], timeout: float, what: str, every: float = 0.1):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def bench_module():  # type: ignore[no-untyped-def]
    """scripts/bench_api.py holds the synthetic-strategy generator the tests reuse."""
    spec = importlib.util.spec_from_file_location("bench_api", ROOT / "scripts" / "bench_api.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


class LiveService:
    """A data dir, an API process and any number of worker processes."""

    def __init__(self, data_dir: Path, **settings: object) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "ANALYSER_DATA_DIR": str(data_dir),
            "PYTHONUNBUFFERED": "1",
            **{f"ANALYSER_{k.upper()}": str(v) for k, v in settings.items()},
        }
        self.api: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def cli(self, *args: str) -> str:
        out = subprocess.run([PY, "-m", "analyser.cli", *args, "--data-dir", str(self.data_dir)],
                             env=self.env, capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    def new_key(self, org: str) -> str:
        if org not in self.cli("org", "list"):
            self.cli("org", "create", org)
        return self.cli("key", "create", org)

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = self.data_dir / f"{name}-{len(self.logs)}.log"
        self.logs.append(log)
        fh = open(log, "wb")
        return subprocess.Popen(argv, env=self.env, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT)

    def start_api(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.api = self._spawn("api", [PY, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
                                       "--port", str(self.port), "--log-level", "warning"])
        wait_for(self._healthy, 60, "the API's /v1/health")

    def _healthy(self) -> bool:
        if self.api is not None and self.api.poll() is not None:
            raise AssertionError(f"API exited: {self.logs[0].read_text()[-2000:]}")
        try:
            return httpx.get(self.base + "/v1/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def start_worker(self, *args: str) -> subprocess.Popen:
        proc = self._spawn("worker", [PY, "-m", "api.worker", *args])
        self.workers.append(proc)
        return proc

    def wait_ready(self, timeout: float = 120) -> None:
        wait_for(lambda: httpx.get(self.base + "/v1/ready", timeout=5).status_code == 200, timeout, "a live worker (/v1/ready)", every=0.5)

    def client(self, key: str | None) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers={"X-API-Key": key} if key else {}, timeout=30)

    def stop(self) -> None:
        for proc in [*self.workers, *([self.api] if self.api else [])]:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in [*self.workers, *([self.api] if self.api else [])]:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def log_text(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in self.logs if p.exists())


def wait_done(client: httpx.Client, doc_id: str, timeout: float = 120) -> dict:
    def finished() -> dict | None:
        doc = client.get(f"/v1/documents/{doc_id}").json()
        return doc if doc["status"] in ("done", "failed") else None

    return wait_for(finished, timeout, f"document {doc_id} to finish", every=0.3)
