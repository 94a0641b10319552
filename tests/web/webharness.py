"""Helpers for the browser tests: Debian's Chromium under Playwright, loopback servers, artifacts.

No browser is ever downloaded: Playwright drives the system Chromium (`make system-deps`
installs it). Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STATIC = ROOT / "api" / "web" / "static"
ARTIFACTS = HERE / "artifacts"
VENV_BIN = Path(sys.executable).parent


def chromium_path() -> str:
    """Debian's chromium, or skip with the command that installs it."""
    found = os.environ.get("ANALYSER_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Debian's chromium is not installed: run `make system-deps` (apt-get install chromium)")
    return found


def sync_playwright():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    return start()


@functools.lru_cache(maxsize=1)
def _axe():  # type: ignore[no-untyped-def]
    # axe-core ships inside this package (dev extra) and is injected with page.evaluate: no download
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.fail("the accessibility checks need axe-playwright-python: pip install -e '.[dev]'")

    return Axe()


def accessibility_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG checks on what the page shows now; one line per violated rule."""
    found = _axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in found]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def artifacts_dir(name: str) -> Path:
    """A fresh folder per test, so that what it holds comes from the last run only."""
    out = ARTIFACTS / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    print(f"\nscreenshots and downloads: {out}")
    return out


@contextlib.contextmanager
def static_server(directory: Path = STATIC) -> Iterator[str]:
    """Serve the page's static files on loopback (for tests of its pure JS modules)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def cli(*args: str, env: dict[str, str] | None = None) -> str:
    """Run the project's own CLI and return stdout; fail the test with stderr on error."""
    exe = VENV_BIN / "analyser"
    cmd = [str(exe) if exe.exists() else "analyser", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


@contextlib.contextmanager
def api_server(data_dir: Path, port: int, log: Path, extra: tuple[str, ...] = ()) -> Iterator[str]:
    """`analyser serve` on loopback in its own process group, stopped by its pid at the end."""
    exe = VENV_BIN / "analyser"
    cmd = [str(exe), "serve", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--port", str(port), "--workers", "1", *extra]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_http(f"{base}/v1/health", timeout=120, proc=proc)
            yield base
        except BaseException:
            print(f"server log ({log}):\n{log.read_text(errors='replace')[-4000:]}")
            raise
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
