"""api.supervisor.WorkerPool: dead workers are replaced; early deaths back off."""

from __future__ import annotations

import time
from pathlib import Path

from api.config import ServiceConfig
from api.supervisor import WorkerPool


class DeadOnArrival:
    pid = 0
    returncode = 1

    def poll(self) -> int:
        return 1


def test_supervisor_restarts_crashing_workers_with_growing_delay(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    spawned: list[float] = []

    def spawn(self) -> DeadOnArrival:  # noqa: ANN001
        spawned.append(time.monotonic())
        return DeadOnArrival()

    monkeypatch.setattr(WorkerPool, "_spawn", spawn)
    pool = WorkerPool(ServiceConfig(data_dir=tmp_path), size=1, restart_delay_s=0.05, max_delay_s=0.4)
    pool.start()
    time.sleep(1.6)
    pool._stop.set()
    gaps = [b - a for a, b in zip(spawned, spawned[1:])]
    assert len(spawned) >= 3  # replaced, again and again
    assert len(spawned) < 1.6 / 0.05  # but not in a tight loop
    assert gaps[-1] > gaps[0] and max(gaps) <= 0.4 + 0.6  # the delay grows up to its cap (slack for a busy machine)


def test_supervised_worker_stops_when_its_supervisor_is_killed(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    import psutil

    launcher = (
        "import os, subprocess, sys, time\n"
        "p = subprocess.Popen([sys.executable, '-m', 'api.worker', '--exit-with-parent', str(os.getpid()), '--matcher', 'keyword.v1'])\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", launcher], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "ANALYSER_DATA_DIR": str(tmp_path)})
    worker = psutil.Process(int(parent.stdout.readline()))
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    try:
        worker.wait(timeout=90)  # stops once re-parented (after loading its pipeline)
    except psutil.TimeoutExpired:
        worker.kill()
        raise AssertionError("the worker outlived its supervisor") from None
