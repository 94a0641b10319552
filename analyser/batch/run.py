"""A batch run: list the source, skip what is finished, analyse the rest in isolated worker
processes (a local pool, or a Dask cluster via cluster.py), record each result durably as it
arrives, then rebuild the outputs from the reports on disk.

Resumable and idempotent: a run killed at any point and started again ends with the same
outputs as an uninterrupted run; content finished under the same pipeline version (analyser
version + config hash + taxonomy fingerprint) is never analysed twice, failures included.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO

from analyser.batch.outputs import Entry, build_outputs
from analyser.batch.progress import Progress
from analyser.batch.sandbox import (
    DEFAULT_ANALYSE,
    Job,
    Outcome,
    SandboxSpec,
    SandboxStartError,
    SandboxStopped,
    analyse_job,
    shutdown_sandboxes,
    unfinished,
)
from analyser.batch.source import file_sha256, list_source
from analyser.batch.state import BatchState, RunLog, pipeline_version
from analyser.config import AnalyserConfig
from analyser.taxonomy import load_taxonomy


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class BatchOptions:
    workers: int | None = None  # local worker processes (default: one per core)
    cluster: str | None = None  # Dask scheduler address, or "local" for a LocalCluster here
    timeout: float = 300.0  # seconds per document
    max_memory_mb: int = 3072  # resident memory per worker while it analyses a document
    progress: bool | None = None  # None: a bar on a terminal, log lines otherwise
    analyse: str = DEFAULT_ANALYSE  # the per-document function the workers call


@dataclass
class BatchResult:
    out_dir: Path
    pipeline: str
    run: int
    entries: int = 0
    documents: int = 0  # distinct contents
    skipped: int = 0  # finished earlier under the same pipeline version
    analysed: int = 0  # finished in this run (reports and failures)
    pages: int = 0  # pages of the documents analysed in this run
    statuses: dict[str, int] = field(default_factory=dict)  # over all entries, this run's outputs
    pending: list[str] = field(default_factory=list)  # not finished this time (left for the next run)
    seconds: float = 0.0  # whole run
    analysis_seconds: float = 0.0  # first dispatch to last result
    workers: int = 0
    startup_seconds: float = 0.0  # longest worker start-up (model loading)

    @property
    def failed(self) -> int:
        return sum(n for s, n in self.statuses.items() if s not in ("ok", "ok_with_warnings"))

    @property
    def pages_per_minute(self) -> float:
        return 60.0 * self.pages / self.analysis_seconds if self.analysis_seconds > 0 else 0.0

    @property
    def complete(self) -> bool:
        return not self.pending


class Executor(Protocol):
    workers: int

    def outcomes(self, jobs: list[Job]) -> Iterator[Outcome]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """N threads, each driving one sandbox process at a time (analyse_job's process-local
    cache holds at most N). Threads only wait on pipes; the work is in the processes."""

    def __init__(self, spec: SandboxSpec, workers: int) -> None:
        self.spec = spec
        self.workers = max(1, workers)

    def outcomes(self, jobs: list[Job]) -> Iterator[Outcome]:
        if not jobs:
            return
        clean = False
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="batch-worker") as pool:
            futures = {pool.submit(analyse_job, job, self.spec): job for job in jobs}
            try:
                for fut in as_completed(futures):
                    try:
                        outcome = fut.result()
                    except (SandboxStartError, SandboxStopped):
                        raise
                    except Exception as exc:  # noqa: BLE001 - not the document's fault: left for the next run
                        outcome = unfinished(futures[fut], f"{exc.__class__.__name__}: {exc}")
                    yield outcome
                clean = True
            finally:
                for fut in futures:
                    fut.cancel()
                shutdown_sandboxes(kill=not clean)

    def close(self) -> None:
        shutdown_sandboxes(kill=True)


def hash_entries(items: Iterable, state: BatchState) -> list[Entry]:
    """Content sha256 per item, from the ledger's cache when size and mtime are unchanged."""
    items = list(items)
    stats: dict[str, tuple[int, int]] = {}
    for it in items:
        if it.error:
            continue
        try:
            st = it.abspath.stat()
            stats[str(it.abspath)] = (st.st_size, st.st_mtime_ns)
        except OSError:
            pass
    cached = state.hashes_for((Path(p), s, m) for p, (s, m) in stats.items())
    entries, fresh = [], []
    for it in items:
        if it.error:
            entries.append(Entry(item=it, error=it.error))
            continue
        key = str(it.abspath)
        if key not in stats:
            entries.append(Entry(item=it, error=f"cannot read {it.path}"))
            continue
        size, mtime = stats[key]
        sha = cached.get(key)
        if sha is None:
            try:
                sha = file_sha256(it.abspath)
            except OSError as exc:
                entries.append(Entry(item=it, error=f"cannot read {it.path}: {exc.strerror or exc}"))
                continue
            fresh.append((it.abspath, size, mtime, sha))
        entries.append(Entry(item=it, sha256=sha, size=size))
    if fresh:
        state.store_hashes(fresh)
    return entries


def resolve_config(config: AnalyserConfig | dict | str | Path | None) -> AnalyserConfig:
    """The config as workers will see it: the taxonomy path made absolute, so that the
    config hash (and the pipeline version) does not depend on the working directory."""
    cfg = AnalyserConfig.resolve(config)
    tax = Path(cfg.taxonomy)
    if not tax.is_absolute():
        cfg = cfg.with_updates(taxonomy=str(tax.resolve()))  # type: ignore[arg-type]
    return cfg


def run_batch(
    source: str | Path,
    out_dir: str | Path,
    config: AnalyserConfig | dict | str | Path | None = None,
    options: BatchOptions | None = None,
    *,
    stream: TextIO | None = None,
) -> BatchResult:
    """Analyse every document of `source` into `out_dir` (see the package docstring).
    Raises SourceError/StateError/ConfigError/SandboxStartError when the batch cannot run."""
    opts = options or BatchOptions()
    err = stream if stream is not None else sys.stderr
    t_run = time.perf_counter()
    cfg = resolve_config(config)
    taxonomy = load_taxonomy(cfg.taxonomy)
    pipeline = pipeline_version(cfg, taxonomy)
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    items = list_source(source, exclude=out)

    with BatchState(out) as state:
        run = state.start_run(pipeline, str(source))
        log = RunLog(state.state_dir / "run-log.jsonl")
        result = BatchResult(out_dir=out, pipeline=pipeline, run=run, entries=len(items))
        try:
            entries = hash_entries(items, state)
            first_path: dict[str, Entry] = {}
            for e in entries:  # entries are sorted by path: the first path names shared content
                if e.sha256:
                    first_path.setdefault(e.sha256, e)
            result.documents = len(first_path)
            todo = [e for sha, e in first_path.items() if not state.finished(sha, pipeline)]
            result.skipped = result.documents - len(todo)
            # largest first: the long documents do not end up alone at the tail of the run
            todo.sort(key=lambda e: (-e.size, e.item.path))
            jobs = [Job(sha256=e.sha256, path=str(e.item.abspath), file=e.item.path) for e in todo]

            executor = _executor(opts, cfg, pipeline, state, len(jobs))
            progress = None
            try:
                result.workers = executor.workers
                log.write(
                    "start", run=run, pipeline=pipeline, source=str(source), entries=len(items), documents=result.documents,
                    skipped=result.skipped, todo=len(jobs), workers=executor.workers, cluster=opts.cluster,
                    timeout=opts.timeout, max_memory_mb=opts.max_memory_mb,
                )
                if jobs:
                    err.write(
                        f"batch: {len(items)} entries, {result.documents} distinct documents, {result.skipped} already done, "
                        f"{len(jobs)} to analyse with {executor.workers} worker(s)"
                        f"{' on ' + opts.cluster if opts.cluster else ''}\n"
                    )
                    err.flush()
                progress = Progress(len(jobs), stream=err, bar=opts.progress)
                t0 = time.perf_counter()
                for outcome in executor.outcomes(jobs):
                    _record(outcome, state, log, result, pipeline, run)
                    progress.update(outcome.pages if outcome.report is not None else 0)
            finally:
                if progress is not None:
                    progress.close()
                executor.close()
            result.analysis_seconds = time.perf_counter() - t0 if jobs else 0.0

            rows = build_outputs(out, entries)
            state.prune_reports({e.doc_id for e in entries if e.sha256})
            for r in rows:
                result.statuses[r.status] = result.statuses.get(r.status, 0) + 1
            result.seconds = time.perf_counter() - t_run
            log.write(
                "end", run=run, analysed=result.analysed, skipped=result.skipped, pages=result.pages,
                analysis_seconds=round(result.analysis_seconds, 3), seconds=round(result.seconds, 3),
                pages_per_minute=round(result.pages_per_minute, 1), statuses=result.statuses, pending=result.pending,
            )
        finally:
            log.close()
    return result


def _record(outcome: Outcome, state: BatchState, log: RunLog, result: BatchResult, pipeline: str, run: int) -> None:
    fields = {
        "run": run, "file": outcome.file, "sha256": outcome.sha256, "doc_id": outcome.doc_id, "status": outcome.status,
        "pages": outcome.pages, "seconds": round(outcome.seconds, 3), "timings": outcome.timings,
        "peak_rss_mb": outcome.peak_rss_mb, "worker": outcome.worker, "startup_seconds": outcome.startup_seconds,
    }
    result.startup_seconds = max(result.startup_seconds, outcome.startup_seconds)
    if outcome.report is None:
        result.pending.append(outcome.file)
        log.write("pending", **fields, error=outcome.error)
        return
    state.record(outcome.sha256, pipeline, outcome.doc_id, outcome.status, outcome.report)
    result.analysed += 1
    result.pages += outcome.pages
    log.write("document", **fields)


def _executor(opts: BatchOptions, cfg: AnalyserConfig, pipeline: str, state: BatchState, n_jobs: int) -> Executor:
    if opts.timeout <= 0 or opts.max_memory_mb <= 0:
        from analyser.errors import ConfigError

        raise ConfigError("--timeout and --max-memory-mb must be positive")
    config = cfg.model_dump(mode="json")
    if opts.cluster and n_jobs:
        from analyser.batch.cluster import DaskExecutor

        spec = SandboxSpec(
            config=config, pipeline=pipeline, timeout=opts.timeout, max_memory_mb=opts.max_memory_mb, analyse=opts.analyse
        )
        return DaskExecutor(opts.cluster, spec, local_workers=opts.workers or default_workers())
    workers = max(1, min(opts.workers or default_workers(), max(n_jobs, 1)))
    spec = SandboxSpec(
        config=config,
        pipeline=pipeline,
        timeout=opts.timeout,
        max_memory_mb=opts.max_memory_mb,
        threads=max(1, default_workers() // workers),
        analyse=opts.analyse,
        log_path=str(state.state_dir / "workers.log"),
    )
    return LocalExecutor(spec, workers)
