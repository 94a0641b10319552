"""Durable batch state in the output folder: survives kill -9 at any instruction.

Layout of DIR:

    reports/<document id>.json   one report per distinct content (the CLI's JSON schema, without timings)
    coverage_matrix.csv, summary.md, heatmap.png, failures.csv   built from the reports (outputs.py)
    batch-state/state.sqlite     ledger: which (content sha256, pipeline version) is finished
    batch-state/run-log.jsonl    timings and run events (never part of the compared outputs)
    batch-state/workers.log      the worker processes' stderr

Protocol: a report is written to a temporary file, fsynced and renamed over its final name;
only then is its ledger row committed (SQLite WAL, synchronous=FULL). A kill between the two
leaves a report without a row: the document is analysed again and the same bytes are written.
A row counts only while its report file still holds the bytes it was recorded with, so a
report overwritten by another pipeline version is never mistaken for this one's.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from analyser import __version__
from analyser.config import AnalyserConfig
from analyser.errors import AnalyserError
from analyser.taxonomy import Taxonomy
from analyser.types import DocumentReport

STATE_DIRNAME = "batch-state"
REPORTS_DIRNAME = "reports"
TMP_SUFFIX = ".tmp"

_MIGRATIONS = (
    (
        "m001_create_ledger",
        """
        CREATE TABLE results (
            sha256 TEXT NOT NULL,
            pipeline TEXT NOT NULL,
            doc_id TEXT NOT NULL,
            status TEXT NOT NULL,
            report_sha256 TEXT NOT NULL,
            PRIMARY KEY (sha256, pipeline)
        );
        CREATE TABLE file_hashes (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL
        );
        CREATE TABLE runs (
            run INTEGER PRIMARY KEY AUTOINCREMENT,
            started TEXT NOT NULL,
            pipeline TEXT NOT NULL,
            source TEXT NOT NULL
        );
        """,
    ),
)


class StateError(AnalyserError):
    """The output folder's state cannot be used (locked by another run, unreadable)."""


def pipeline_version(config: AnalyserConfig, taxonomy: Taxonomy) -> str:
    """What must match for an earlier result to be reused: analyser version, config hash,
    taxonomy fingerprint and learned matcher parameters (content, not file names)."""
    raw = f"{__version__}|{config.config_hash()}|{taxonomy.fingerprint}|{_calibration_fingerprint(config)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _calibration_fingerprint(config: AnalyserConfig) -> str:
    """sha256 of the calibrated matcher's model file: retraining it changes results without
    changing the config, so results of the old model must not be reused."""
    if config.match.matcher != "calibrated.v1":
        return ""
    from analyser.match.calibrated import default_model_path

    path = Path(config.match.calibration) if config.match.calibration else default_model_path(config.match.model)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return "missing"  # the matcher will raise its own actionable error when it loads


def report_text(report: DocumentReport) -> str:
    """The per-document JSON a batch writes: the CLI's JSON without the machine-dependent
    `timings` (kept in the run log), so a resumed run writes the same bytes."""
    data = report.model_dump(mode="json", exclude={"timings"})
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write-then-rename with fsync of the file and its folder: after a crash the path holds
    either the old or the new bytes, never a mix."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BatchState:
    """The ledger of one output folder. One batch at a time per folder (an exclusive lock,
    released by the OS when the process dies, kill -9 included)."""

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        self.state_dir = self.out_dir / STATE_DIRNAME
        self.reports_dir = self.out_dir / REPORTS_DIRNAME
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.reports_dir.mkdir(exist_ok=True)
        self._lock = open(self.state_dir / "lock", "w")  # noqa: SIM115 - held for the object's life
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self._lock.close()
            raise StateError(f"another batch is running with output folder {self.out_dir}; wait for it or use another --out") from exc
        self.db = sqlite3.connect(self.state_dir / "state.sqlite", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self._migrate()
        self.remove_temporaries()

    # ------------------------------------------------------------------ lifecycle

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)")
        done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        for name, sql in _MIGRATIONS:
            if name in done:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for stmt in filter(str.strip, sql.split(";")):
                    self.db.execute(stmt)
                self.db.execute("INSERT INTO migrations (name) VALUES (?)", (name,))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def remove_temporaries(self) -> None:
        """Half-written files left by a killed run (never renamed into place)."""
        for folder in (self.out_dir, self.reports_dir):
            for tmp in folder.glob(f".*{TMP_SUFFIX}"):
                tmp.unlink(missing_ok=True)

    def close(self) -> None:
        self.db.close()
        self._lock.close()

    def __enter__(self) -> BatchState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ runs

    def start_run(self, pipeline: str, source: str) -> int:
        cur = self.db.execute(
            "INSERT INTO runs (started, pipeline, source) VALUES (?, ?, ?)",
            (time.strftime("%Y-%m-%dT%H:%M:%S%z"), pipeline, source),
        )
        return int(cur.lastrowid or 0)

    # ------------------------------------------------------------------ content hashes

    def hashes_for(self, items: Iterable[tuple[Path, int, int]]) -> dict[str, str]:
        """Cached sha256 per absolute path whose size and mtime are unchanged."""
        out: dict[str, str] = {}
        for path, size, mtime_ns in items:
            row = self.db.execute("SELECT size, mtime_ns, sha256 FROM file_hashes WHERE path = ?", (str(path),)).fetchone()
            if row and row[0] == size and row[1] == mtime_ns:
                out[str(path)] = row[2]
        return out

    def store_hashes(self, rows: Iterable[tuple[Path, int, int, str]]) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        self.db.executemany(
            "INSERT OR REPLACE INTO file_hashes (path, size, mtime_ns, sha256) VALUES (?, ?, ?, ?)",
            [(str(p), s, m, h) for p, s, m, h in rows],
        )
        self.db.execute("COMMIT")

    # ------------------------------------------------------------------ results

    def report_path(self, doc_id: str) -> Path:
        return self.reports_dir / f"{doc_id}.json"

    def finished(self, sha256: str, pipeline: str) -> bool:
        """True when this content was finished under this pipeline version (a report or a
        failure, recorded once) and its report file is intact."""
        row = self.db.execute(
            "SELECT doc_id, report_sha256 FROM results WHERE sha256 = ? AND pipeline = ?", (sha256, pipeline)
        ).fetchone()
        if row is None:
            return False
        try:
            data = self.report_path(row[0]).read_bytes()
        except OSError:
            return False
        return hashlib.sha256(data).hexdigest() == row[1]

    def record(self, sha256: str, pipeline: str, doc_id: str, status: str, text: str) -> None:
        """Write the report (atomically), then commit its ledger row."""
        data = text.encode("utf-8")
        atomic_write(self.report_path(doc_id), data)
        self.db.execute(
            "INSERT OR REPLACE INTO results (sha256, pipeline, doc_id, status, report_sha256) VALUES (?, ?, ?, ?, ?)",
            (sha256, pipeline, doc_id, status, hashlib.sha256(data).hexdigest()),
        )

    def prune_reports(self, keep: set[str]) -> list[str]:
        """Remove reports of documents no longer in the source (DIR describes the last batch)."""
        removed = []
        for path in sorted(self.reports_dir.glob("*.json")):
            if path.stem not in keep:
                path.unlink()
                removed.append(path.stem)
        return removed

    def count_results(self, pipeline: str | None = None) -> int:
        if pipeline is None:
            return int(self.db.execute("SELECT COUNT(*) FROM results").fetchone()[0])
        return int(self.db.execute("SELECT COUNT(*) FROM results WHERE pipeline = ?", (pipeline,)).fetchone()[0])


class RunLog:
    """Append-only JSON lines with timings and events; a torn last line (kill -9) is
    tolerated by readers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = open(path, "a", encoding="utf-8")  # noqa: SIM115

    def write(self, event: str, **fields: object) -> None:
        line = json.dumps({"event": event, "time": round(time.time(), 3), **fields}, ensure_ascii=False, default=str)
        self._fh.write(line + "\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


def read_run_log(path: Path) -> list[dict]:
    out = []
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out
