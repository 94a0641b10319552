"""The same batch on a Dask distributed cluster (`analyser batch ... --cluster ADDRESS`).

Why Dask rather than Ray: the unit of work is one coarse, independent task per document with
no shared state, which Dask's `Client.submit` / `as_completed` express directly; Dask
distributed is a pure-Python install from PyPI (no native raylet, object store or dashboard
binaries), runs a real multi-process cluster on loopback for CI in a couple of seconds, and is
what HPC sites already deploy (dask-jobqueue for SLURM/PBS, dask-kubernetes, dask-cloudprovider).

Each task runs `analyse_job` on a Dask worker: the worker process keeps its sandboxes (worker
processes with the models loaded) in a process-local cache, so models load once per Dask
worker, and the per-document timeout and memory cap are enforced there exactly as in a local
run. The client keeps a bounded window of tasks in flight and writes every result through the
same state and outputs code as a local run, so the outputs are the same.

Requirements on the workers: the same analyser version, config and taxonomy (a worker whose
pipeline version differs refuses to start, and the batch stops with that message), and the
documents readable at the same absolute paths (a shared filesystem). The output folder only
needs to be on the client.
"""

from __future__ import annotations

from collections.abc import Iterator

from analyser.batch.sandbox import Job, Outcome, SandboxSpec, SandboxStartError, analyse_job, shutdown_sandboxes, unfinished
from analyser.errors import AnalyserError


class ClusterError(AnalyserError):
    """The Dask cluster cannot be reached or used."""


def _client(address: str, local_workers: int):  # type: ignore[no-untyped-def]
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError("--cluster needs Dask distributed: pip install 'reintegration-analyser[cluster]'") from exc
    if address == "local":
        cluster = LocalCluster(
            n_workers=local_workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
        return Client(cluster), cluster
    try:
        return Client(address, timeout="30s"), None
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


class DaskExecutor:
    def __init__(self, address: str, spec: SandboxSpec, *, local_workers: int = 2) -> None:
        self.address = address
        self.spec = spec
        self.local_workers = local_workers
        # connect now: a wrong address fails before anything else happens
        self._client, self._cluster = _client(address, local_workers)
        self.workers = len(self._client.scheduler_info().get("workers", {}))

    def outcomes(self, jobs: list[Job]) -> Iterator[Outcome]:
        if not jobs:
            self.close()
            return
        from distributed import as_completed

        client = self._client
        if client is None:
            raise ClusterError("the Dask client is closed")
        threads = sum(client.nthreads().values()) or 1
        window = max(2 * threads, 2)
        pending = iter(jobs)
        ac = as_completed()
        in_flight: dict = {}

        def submit(job: Job) -> None:
            fut = client.submit(analyse_job, job, self.spec, pure=False)
            in_flight[fut] = job
            ac.add(fut)

        clean = False
        try:
            for job in pending:
                submit(job)
                if len(in_flight) >= window:
                    break
            for fut in ac:
                job = in_flight.pop(fut)
                try:
                    outcome = fut.result()  # a worker that cannot start raises SandboxStartError here
                except SandboxStartError:
                    raise
                except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker: not the document's verdict
                    outcome = unfinished(job, f"cluster task failed ({exc.__class__.__name__}: {exc})")
                fut.release()
                yield outcome
                nxt = next(pending, None)
                if nxt is not None:
                    submit(nxt)
            clean = True
        finally:
            for fut in in_flight:
                fut.cancel()
            try:
                client.run(shutdown_sandboxes, not clean)  # free the models held by the workers
            except Exception:  # noqa: BLE001 - best effort: workers may be gone
                pass
            self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
