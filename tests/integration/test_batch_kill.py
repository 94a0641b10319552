"""kill -9 durability: a batch over the shared real corpus, SIGKILLed (its whole process
group: the CLI, its worker processes and theirs) at random points several times and once
while it writes its outputs, then resumed, ends with the same bytes in every output file as an
uninterrupted run; no document is recorded twice and none is lost.

The model-free config (keyword.v1, rule-based splitter, no OCR) keeps it to a few minutes.
Set BATCH_KILL_SEED to replay the kill points of a failed run (the seed is in the message).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from analyser.config import IngestConfig

pytestmark = pytest.mark.real

ROOT = Path(__file__).resolve().parents[2]
MIN_KILLS = 3


def _config(tmp_path: Path) -> Path:
    cfg: dict = {"match": {"matcher": "keyword.v1"}, "segment": {"splitter": "sentencizer"}}
    if "ocr" in IngestConfig.model_fields:  # Tesseract is slow and not what this test is about
        cfg["ingest"] = {"ocr": False}
    path = tmp_path / "keyword.yaml"
    path.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    return path


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).parts[0] != "batch-state"
    }


def _events(out: Path) -> list[dict]:
    log = out / "batch-state" / "run-log.jsonl"
    events = []
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:  # the torn last line of a killed run
            pass
    return events


def _group_gone(pgid: int, timeout: float = 15.0) -> bool:
    """Every process of the group has exited (zombies awaiting a reaper count as gone)."""
    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for p in psutil.process_iter(["pid", "status"]):
            try:
                if os.getpgid(p.pid) == pgid and p.info["status"] != psutil.STATUS_ZOMBIE:
                    alive.append(p.pid)
            except (ProcessLookupError, PermissionError, psutil.Error):
                pass
        if not alive:
            return True
        time.sleep(0.2)
    return False


class Batch:
    def __init__(self, manifest: Path, out: Path, config: Path) -> None:
        self.cmd = [
            sys.executable, "-m", "analyser.cli", "batch", str(manifest), "--out", str(out),
            "--workers", "2", "--config", str(config), "--timeout", "600",
        ]
        self.out = out

    def start(self) -> subprocess.Popen:
        return subprocess.Popen(
            self.cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )

    def run(self) -> float:
        t = time.perf_counter()
        proc = subprocess.run(self.cmd, cwd=ROOT, capture_output=True, text=True, timeout=1200)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return time.perf_counter() - t

    @staticmethod
    def kill(proc: subprocess.Popen) -> bool:
        """SIGKILL the whole process group; False when it had already finished."""
        if proc.poll() is not None:
            return False
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _group_gone(proc.pid), "worker processes survived the kill of their batch"
        return True


def test_batch_kill9_at_random_points_then_resume_gives_identical_outputs(real_corpus, tmp_path):
    seed = int(os.environ.get("BATCH_KILL_SEED", time.time_ns() % 2**31))
    rng = random.Random(seed)
    config = _config(tmp_path)
    manifest = real_corpus / "manifest.csv"

    reference = Batch(manifest, tmp_path / "uninterrupted", config)
    t_full = reference.run()
    expected = _outputs(reference.out)
    n_docs = len(list((reference.out / "reports").glob("*.json")))
    assert n_docs >= 25 and "failures.csv" in expected

    # per-document seconds of the reference run: kill points are drawn over what is left to do
    seconds = {e["sha256"]: e["seconds"] for e in _events(reference.out) if e["event"] == "document"}
    startup = max(e["startup_seconds"] for e in _events(reference.out) if e["event"] == "document")

    batch = Batch(manifest, tmp_path / "killed", config)
    kill_times: list[float] = []
    finished: list[float] = []
    attempts = 0
    while len(kill_times) < MIN_KILLS and attempts < 12:
        attempts += 1
        done = set()
        if (batch.out / "batch-state" / "state.sqlite").exists():
            with sqlite3.connect(batch.out / "batch-state" / "state.sqlite") as db:
                done = {r[0] for r in db.execute("SELECT sha256 FROM results")}
        left = startup + sum(s for sha, s in seconds.items() if sha not in done) / 2
        delay = rng.uniform(0.3, 0.9 * left)
        proc = batch.start()
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        if batch.kill(proc):
            kill_times.append(round(delay, 2))
        else:  # it finished first: that must be a clean finish
            assert proc.returncode == 0, proc.stderr.read().decode()[-3000:] if proc.stderr else proc.returncode
            finished.append(round(delay, 2))
    assert len(kill_times) >= MIN_KILLS, f"seed {seed}: {MIN_KILLS} kills wanted, got {kill_times}; finished first: {finished}"

    # one more, aimed at the output stage: as soon as this run has recorded its last document
    proc = batch.start()
    while proc.poll() is None:
        events = [e for e in _events(batch.out) if e.get("run") == max((x.get("run", 0) for x in _events(batch.out)), default=0)]
        start = next((e for e in events if e["event"] == "start"), None)
        if start is not None and sum(e["event"] == "document" for e in events) >= start["todo"]:
            break
        time.sleep(0.02)
    killed_in_outputs = batch.kill(proc)

    batch.run()  # resume to the end
    got = _outputs(batch.out)
    context = f"seed {seed}, kills at {kill_times} s (+ output stage: {killed_in_outputs}) of a {t_full:.0f} s run"
    versions = {e["pipeline"] for out in (reference.out, batch.out) for e in _events(out) if e["event"] == "start"}
    assert len(versions) == 1, f"the analyser's code or config defaults changed while the test ran: {versions}"
    assert sorted(got) == sorted(expected), context
    for name in expected:
        assert got[name] == expected[name], f"{name} differs; {context}"

    # nothing duplicated: one ledger row per document, and no document recorded twice
    with sqlite3.connect(batch.out / "batch-state" / "state.sqlite") as db:
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT sha256) FROM results").fetchone() == (n_docs, n_docs)
    recorded = [e["sha256"] for e in _events(batch.out) if e["event"] == "document"]
    assert len(recorded) == len(set(recorded)), context
    assert len(recorded) >= n_docs - len(kill_times) - 1, context

    # and a further run has nothing left to do
    batch.run()
    last = [e for e in _events(batch.out) if e["event"] == "start"][-1]
    assert last["todo"] == 0 and _outputs(batch.out) == expected
