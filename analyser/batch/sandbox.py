"""Per-document isolation: each document is analysed in a separate, long-lived worker process
(a "sandbox") that builds the pipeline resources once and analyses many documents.

The supervising side (`Sandbox`) enforces the limits of one document from outside: a
wall-clock timeout and a resident-memory cap, both by killing the worker (SIGKILL) and
recording a `timeout` / `memory_limit` failure report; a worker that dies on its own (a crash
in native PDF code) becomes an `unreadable` failure. The next document gets a fresh worker.
A timeout inside the same process could not stop a loop in C code (see
shared/reference/reliability.md); a separate process can always be killed.

`analyse_job(job, spec)` is the one entry point used by both executors: the local pool calls
it from its threads, Dask calls it as a task on its workers. Either way the sandboxes live in
a process-local cache keyed by the spec, so models load once per worker process.

The worker side is `python -m analyser.batch.sandbox IN_FD OUT_FD`: it talks over two pipes
with multiprocessing's framed pickles and leaves stdout/stderr to logs. It exits when the
supervisor closes the pipe or dies (a watchdog checks its parent), so a kill -9 of the batch
leaves no orphans behind.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from analyser.errors import AnalyserError

DEFAULT_ANALYSE = "analyser.pipeline:analyse_pdf_safely"
STARTUP_TIMEOUT = 900.0  # model loading on a loaded machine; not part of a document's budget
POLL_SECONDS = 0.1


class SandboxStartError(AnalyserError):
    """A worker process could not build the pipeline (missing model, version mismatch...).
    This stops the batch: no document could be analysed by it."""


class SandboxStopped(AnalyserError):
    """The sandbox was shut down while analysing (the batch is stopping)."""


@dataclass(frozen=True)
class SandboxSpec:
    """Everything a worker process needs, picklable for Dask. `pipeline` is the version the
    supervisor computed; a worker whose analyser, config or taxonomy differ refuses to start."""

    config: dict
    pipeline: str
    timeout: float = 300.0
    max_memory_mb: int = 3072
    threads: int | None = None  # intra-op threads of the encoder (OMP_NUM_THREADS) per worker
    analyse: str = DEFAULT_ANALYSE  # "module:function" with analyse_pdf_safely's signature
    log_path: str | None = None  # the workers' stdout/stderr (inherited when None)
    recycle_memory_mb: int | None = None  # replace a worker idling above this (slow leaks)

    @property
    def key(self) -> str:
        return json.dumps(
            [self.config, self.pipeline, self.timeout, self.max_memory_mb, self.threads, self.analyse, self.log_path],
            sort_keys=True,
        )

    @property
    def recycle_mb(self) -> int:
        return self.recycle_memory_mb if self.recycle_memory_mb is not None else self.max_memory_mb // 2


@dataclass(frozen=True)
class Job:
    sha256: str
    path: str  # absolute path, readable where the sandbox runs
    file: str  # the name shown in the report (path relative to the source)


@dataclass
class Outcome:
    """What came back for one job. `report` is the per-document JSON (no timings); it is None
    only for a transient problem (the file changed while the batch ran), which is not recorded."""

    sha256: str
    file: str
    doc_id: str
    status: str
    report: str | None
    pages: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    worker: str = ""
    startup_seconds: float = 0.0
    error: str = ""


# ---------------------------------------------------------------------------- supervisor side


class Sandbox:
    """One worker process and the limits of the document it is analysing."""

    def __init__(self, spec: SandboxSpec) -> None:
        self.spec = spec
        self.proc: subprocess.Popen | None = None
        self.info: dict = {}
        self.startup_seconds = 0.0
        self._to: Connection | None = None
        self._from: Connection | None = None
        self._ps = None
        self._stopping = False
        self.dead = False
        self.recycle = False

    # -- lifecycle

    def start(self) -> Sandbox:
        t0 = time.perf_counter()
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        env = dict(os.environ)
        env.setdefault("TOKENIZERS_PARALLELISM", "false")
        env.setdefault("TQDM_DISABLE", "1")  # model-loading progress bars would cut into the batch's own
        # Dask's nanny sets a 64 KiB malloc trim threshold for its workers; inherited here it makes
        # the analysis ~40 % slower (measured, docs/batch.md). Workers are recycled on RSS instead.
        env.pop("MALLOC_TRIM_THRESHOLD_", None)
        if self.spec.threads:
            for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
                env[var] = str(self.spec.threads)
        log = open(self.spec.log_path, "ab") if self.spec.log_path else None  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "analyser.batch.sandbox", str(to_r), str(from_w)],
                pass_fds=(to_r, from_w),
                stdin=subprocess.DEVNULL,
                stdout=log if log else subprocess.DEVNULL,
                stderr=log,
                env=env,
                close_fds=True,
            )
        finally:
            os.close(to_r)
            os.close(from_w)
            if log:
                log.close()
        self._to = Connection(to_w, readable=False)
        self._from = Connection(from_r, writable=False)
        try:
            self._to.send(self.spec)
            msg = self._wait_message(STARTUP_TIMEOUT)
        except (OSError, EOFError) as exc:
            msg = ("error", f"the worker process exited during start-up ({exc.__class__.__name__})")
        if msg is None or msg[0] != "ready":
            why = msg[1] if msg else f"no answer within {STARTUP_TIMEOUT:g} s"
            self.kill()
            where = f"; see {self.spec.log_path}" if self.spec.log_path else ""
            raise SandboxStartError(f"a batch worker could not start: {why}{where}")
        self.info = msg[1]
        self.startup_seconds = time.perf_counter() - t0
        return self

    def close(self) -> None:
        """Ask the worker to exit; kill it if it does not within a few seconds."""
        if self.proc is None or self.dead:
            return
        self._stopping = True
        try:
            assert self._to is not None
            self._to.send(None)
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired, AssertionError):
            pass
        self.kill()

    def kill(self) -> None:
        self._stopping = True
        self._kill()

    def _kill(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                _kill_descendants(self.proc.pid)  # e.g. the ingest's own parser child, Tesseract
                try:
                    self.proc.kill()
                except ProcessLookupError:
                    pass
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        for conn in (self._to, self._from):
            if conn is not None:
                try:
                    conn.close()
                except OSError:
                    pass
        self._to = self._from = None
        self.dead = True

    @property
    def alive(self) -> bool:
        return not self.dead and self.proc is not None and self.proc.poll() is None

    # -- one document

    def run(self, job: Job) -> Outcome:
        """Analyse one document under the limits. Always returns an Outcome with a report,
        except when the sandbox is being shut down (SandboxStopped)."""
        assert self._to is not None and self._from is not None and self.proc is not None
        worker = f"{socket.gethostname()}:{self.proc.pid}"
        t0 = time.perf_counter()
        peak = 0.0
        cap = self.spec.max_memory_mb
        try:
            self._to.send(job)
        except OSError:
            return self._died(job, worker, t0, peak)
        while True:
            try:
                ready = self._from.poll(POLL_SECONDS)
            except (OSError, EOFError):
                return self._died(job, worker, t0, peak)
            if ready:
                try:
                    kind, payload = self._from.recv()
                except (OSError, EOFError):
                    return self._died(job, worker, t0, peak)
                return self._answered(job, worker, t0, peak, kind, payload)
            rss = self.rss_mb()
            peak = max(peak, rss)
            elapsed = time.perf_counter() - t0
            if self._stopping:
                raise SandboxStopped("batch stopping")
            if self.proc.poll() is not None:
                return self._died(job, worker, t0, peak)
            if elapsed > self.spec.timeout:
                self._kill()
                return self._limit(job, worker, t0, peak, "timeout")
            if rss > cap:
                self._kill()
                return self._limit(job, worker, t0, peak, "memory_limit")

    def rss_mb(self) -> float:
        if self.proc is None:
            return 0.0
        try:
            if self._ps is None:
                import psutil

                self._ps = psutil.Process(self.proc.pid)
            return self._ps.memory_info().rss / 2**20
        except Exception:  # noqa: BLE001 - the process is gone: the caller notices via poll()
            return 0.0

    def _wait_message(self, timeout: float):  # type: ignore[no-untyped-def]
        assert self._from is not None and self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._from.poll(POLL_SECONDS):
                return self._from.recv()
            if self.proc.poll() is not None:
                return ("error", f"the worker process exited during start-up (exit code {self.proc.returncode})")
        return None

    # -- outcomes

    def _answered(self, job: Job, worker: str, t0: float, peak: float, kind: str, payload: dict) -> Outcome:
        seconds = time.perf_counter() - t0
        if kind == "done":
            if self.rss_mb() > self.spec.recycle_mb:
                self.recycle = True  # idle memory crept up: a fresh worker for the next document
            if payload["doc_id"] != job.sha256[:16]:
                return Outcome(
                    sha256=job.sha256, file=job.file, doc_id=payload["doc_id"], status=payload["status"], report=None,
                    seconds=seconds, peak_rss_mb=round(peak, 1), worker=worker,
                    error=f"{job.file} changed or vanished while the batch ran; run the batch again",
                )
            return Outcome(
                sha256=job.sha256, file=job.file, doc_id=payload["doc_id"], status=payload["status"],
                report=payload["report"], pages=payload["pages"], seconds=seconds, timings=payload["timings"],
                peak_rss_mb=round(peak, 1), worker=worker,
            )
        # "failed": an unexpected exception inside the pipeline; the worker may be in a bad state
        self.recycle = True
        message = (
            f"internal error while analysing this file ({payload['error']}); "
            "please report it together with the file"
        )
        return self._failure(job, worker, seconds, peak, "unreadable", message)

    def _limit(self, job: Job, worker: str, t0: float, peak: float, status: str) -> Outcome:
        if status == "timeout":
            message = (
                f"the analysis did not finish within {self.spec.timeout:g} s; its worker process was stopped "
                "and replaced. Raise the limit with --timeout, or split the PDF"
            )
        else:
            message = (
                f"the analysis used more than {self.spec.max_memory_mb} MiB of memory; its worker process was "
                "stopped and replaced. Raise the limit with --max-memory-mb, or split the PDF"
            )
        return self._failure(job, worker, time.perf_counter() - t0, peak, status, message)

    def _died(self, job: Job, worker: str, t0: float, peak: float) -> Outcome:
        if self._stopping:
            raise SandboxStopped("batch stopping")
        self._kill()
        code = self.proc.returncode if self.proc is not None else None
        if code is not None and code < 0:
            try:
                how = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"killed by signal {-code}"
            if -code == signal.SIGKILL:
                how += ", perhaps by the system when memory ran out"
        else:
            how = f"exit code {code}"
        message = (
            f"the worker process analysing this file died ({how}); the file probably crashes the PDF engine. "
            "Try --engine pdfplumber, or repair the PDF"
        )
        return self._failure(job, worker, time.perf_counter() - t0, peak, "unreadable", message)

    def _failure(self, job: Job, worker: str, seconds: float, peak: float, status: str, message: str) -> Outcome:
        report = failure_report_text(self.spec, self.info, job, status, message)
        return Outcome(
            sha256=job.sha256, file=job.file, doc_id=job.sha256[:16], status=status, report=report,
            seconds=seconds, peak_rss_mb=round(peak, 1), worker=worker,
        )


def _kill_descendants(pid: int) -> None:
    """SIGKILL the processes a worker started: freeze it first so that it starts no more."""
    try:
        import psutil

        parent = psutil.Process(pid)
        parent.suspend()
        for child in parent.children(recursive=True):
            try:
                child.kill()
            except psutil.Error:
                pass
    except Exception:  # noqa: BLE001 - gone already, or psutil missing: the worker itself is still killed
        pass


def failure_report_text(spec: SandboxSpec, info: dict, job: Job, status: str, message: str) -> str:
    """The report of a document the worker could not finish, shaped like analyse_pdf_safely's
    failure reports (no indicators, status and an actionable message)."""
    from analyser import __version__
    from analyser.batch.state import report_text
    from analyser.config import AnalyserConfig
    from analyser.types import DocStatus, DocumentInfo, DocumentReport

    cfg = AnalyserConfig.resolve(spec.config)
    doc = DocumentInfo(
        id=job.sha256[:16],
        file=job.file,
        pages=0,
        languages=(),
        status=DocStatus(status),
        message=message,
        taxonomy_version=info.get("taxonomy_version", ""),
        model=info.get("model", ""),
        engine=cfg.ingest.engine,
    )
    report = DocumentReport(
        analyser_version=__version__, document=doc, config=cfg.echo(), config_hash=cfg.config_hash(), indicators=()
    )
    return report_text(report)


def unfinished(job: Job, error: str) -> Outcome:
    """An outcome recording nothing: the document stays to do for the next run."""
    return Outcome(sha256=job.sha256, file=job.file, doc_id="", status="pending", report=None, error=error)


# ---------------------------------------------------------------------------- process-local cache

_lock = threading.Lock()
_idle: dict[str, list[Sandbox]] = {}
_busy: set[Sandbox] = set()


def analyse_job(job: Job, spec: SandboxSpec) -> Outcome:
    """Analyse one document in a sandbox of this process's cache (started on first use).
    Raises SandboxStartError when no worker can be built, SandboxStopped on shutdown."""
    with _lock:
        idle = _idle.setdefault(spec.key, [])
        sandbox = idle.pop() if idle else None
    startup = 0.0
    if sandbox is None:
        sandbox = Sandbox(spec)
        with _lock:
            _busy.add(sandbox)
        try:
            sandbox.start()
        except BaseException:
            with _lock:
                _busy.discard(sandbox)
            raise
        startup = sandbox.startup_seconds
    else:
        with _lock:
            _busy.add(sandbox)
    try:
        outcome = sandbox.run(job)
    except BaseException:
        sandbox.kill()
        with _lock:
            _busy.discard(sandbox)
        raise
    outcome.startup_seconds = round(startup, 3)
    with _lock:
        _busy.discard(sandbox)
        healthy = sandbox.alive and not sandbox.recycle and not sandbox._stopping
        if healthy:
            _idle.setdefault(spec.key, []).append(sandbox)
    if not healthy:
        sandbox.close()
    return outcome


def shutdown_sandboxes(kill: bool = False) -> int:
    """Close every sandbox of this process (busy ones are killed). Returns how many."""
    with _lock:
        idle = [s for group in _idle.values() for s in group]
        busy = list(_busy)
        _idle.clear()
    for s in busy:
        s.kill()
    for s in idle:
        s.kill() if kill else s.close()
    return len(idle) + len(busy)


# ---------------------------------------------------------------------------- worker side


def _watch_parent(parent: int) -> None:
    """Exit when the supervisor is gone (kill -9 of the batch), even mid-document."""
    while True:
        if os.getppid() != parent:
            os._exit(70)
        time.sleep(0.5)


def _load_analyse(ref: str):  # type: ignore[no-untyped-def]
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def worker_main(in_fd: int, out_fd: int) -> int:
    # Ctrl-C and SIGTERM reach the whole process group: only the supervisor acts on them (it
    # stops the workers itself), so an interrupted batch never records a false failure.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True, name="parent-watchdog").start()
    inbox = Connection(in_fd, writable=False)
    outbox = Connection(out_fd, readable=False)
    try:
        spec: SandboxSpec = inbox.recv()
    except EOFError:
        return 0
    try:
        t0 = time.perf_counter()
        from analyser.batch.state import pipeline_version, report_text
        from analyser.config import AnalyserConfig
        from analyser.pipeline import build_resources

        resources = build_resources(AnalyserConfig.resolve(spec.config))
        mine = pipeline_version(resources.config, resources.taxonomy)
        if mine != spec.pipeline:
            from analyser import __version__

            raise SandboxStartError(
                f"pipeline version mismatch: this worker (analyser {__version__}, taxonomy fingerprint "
                f"{resources.taxonomy.fingerprint}) computes {mine}, the batch expects {spec.pipeline}; "
                "install the same analyser version and taxonomy on every worker"
            )
        analyse = _load_analyse(spec.analyse)
        resources.warm_up()  # models load here, once per worker
        for lang, text in (("en", "Warm up. Sentence two."), ("fr", "Mise en route. Deuxième phrase.")):
            resources.splitter.split([text], lang)
        info = {
            "pid": os.getpid(),
            "model": f"{resources.matcher.id}:{resources.matcher.model_name}",
            "taxonomy_version": resources.taxonomy.version,
            "startup_seconds": round(time.perf_counter() - t0, 3),
        }
    except BaseException as exc:  # noqa: BLE001 - reported to the supervisor, which stops the batch
        outbox.send(("error", f"{exc.__class__.__name__}: {exc}"))
        return 1
    outbox.send(("ready", info))
    while True:
        try:
            job = inbox.recv()
        except EOFError:
            return 0
        if job is None:
            return 0
        try:
            report = analyse(Path(job.path), resources, file=job.file)
            payload = {
                "doc_id": report.document.id,
                "status": report.document.status.value,
                "pages": report.document.pages,
                "timings": dict(report.timings),
                "report": report_text(report),
            }
            outbox.send(("done", payload))
        except Exception as exc:  # noqa: BLE001 - a bug or an unexpected library error: a failure row
            outbox.send(("failed", {"error": f"{exc.__class__.__name__}: {exc}"}))


if __name__ == "__main__":
    sys.exit(worker_main(int(sys.argv[1]), int(sys.argv[2])))
