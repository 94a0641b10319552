"""HTTP API over the analyser: FastAPI app (app.py), SQLite store (store.py), worker
processes (worker.py) and the supervisor behind `analyser serve` (supervisor.py)."""
