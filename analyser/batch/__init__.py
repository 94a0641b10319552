"""Batch analysis of whole archives: resumable, parallel, isolated per document.

    from analyser.batch import run_batch, BatchOptions
    result = run_batch("archive/", "out/", config=None, options=BatchOptions(workers=2))

Modules: source (folder / manifest listing), state (durable ledger and atomic writes),
sandbox (worker processes with per-document limits), run (the local pool and the run itself),
cluster (the same on Dask distributed), outputs (matrix, summary, heatmap, failures from the
reports on disk), progress (stderr progress). Nothing heavy is imported here.
"""

from __future__ import annotations

__all__ = ["BatchOptions", "BatchResult", "run_batch"]


def __getattr__(name: str):  # lazy, like analyser/__init__.py
    if name in __all__:
        from analyser.batch import run

        return getattr(run, name)
    raise AttributeError(name)
