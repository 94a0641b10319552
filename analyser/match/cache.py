"""Embedding cache keyed by (encoder name, kind, text sha256): in memory within a run, and
on disk under $ANALYSER_CACHE_DIR/embeddings.sqlite when that variable is set, so repeated
evaluations (cross-validation folds, matcher comparisons) encode each text once."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np


# Bumped when an encoder's vectors change for the same name: 2 = int8 vectors no longer
# depend on the other passages of their batch, so vectors cached before are not reused.
_KEY_VERSION = 2


def _key(name: str, kind: str, text: str) -> str:
    return hashlib.sha256(f"{_KEY_VERSION}\x00{name}\x00{kind}\x00{text}".encode()).hexdigest()


class CachedEncoder:
    """Wraps any Encoder; same `name`, so a report's model id is unchanged by caching.

    The memory side keeps the `max_items` most recently stored vectors (about 1.7 kB each
    for a 384-dimensional encoder): enough for the gold passages and prototypes that
    evaluation re-encodes, while an API or batch worker that sees new documents for days
    does not grow without bound."""

    def __init__(self, encoder, cache_dir: str | Path | None = None, max_items: int = 20000) -> None:  # type: ignore[no-untyped-def]
        self.encoder = encoder
        self.name = encoder.name
        self.max_items = max_items
        self._mem: dict[str, np.ndarray] = {}
        folder = cache_dir if cache_dir is not None else os.environ.get("ANALYSER_CACHE_DIR")
        self._db_path = Path(folder) / "embeddings.sqlite" if folder else None
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0

    def _conn(self) -> sqlite3.Connection | None:
        if self._db_path is None:
            return None
        if self._db is None:
            try:
                self._db_path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(self._db_path), timeout=30)
                self._db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB)")
            except (OSError, sqlite3.Error):  # a read-only or full disk only costs speed
                self._db_path = None
                return None
        return self._db

    def clear(self) -> None:
        """Forget the vectors held in memory (the disk cache stays)."""
        self._mem.clear()

    def _remember(self, items: dict[str, np.ndarray]) -> None:
        self._mem.update(items)
        while len(self._mem) > self.max_items:  # dicts keep insertion order: oldest first
            del self._mem[next(iter(self._mem))]

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        keys = [_key(self.name, kind, t) for t in texts]
        found = {k: self._mem[k] for k in dict.fromkeys(keys) if k in self._mem}
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        db = self._conn()
        if missing and db is not None:
            from_disk: dict[str, np.ndarray] = {}
            for i in range(0, len(missing), 500):
                chunk = missing[i : i + 500]
                rows = db.execute(f"SELECT key, vec FROM emb WHERE key IN ({','.join('?' * len(chunk))})", chunk).fetchall()
                for k, blob in rows:
                    from_disk[k] = np.frombuffer(blob, dtype=np.float32)
            found.update(from_disk)
            self._remember(from_disk)
            missing = [k for k in missing if k not in found]
        self.hits += len(keys) - len(missing)
        self.misses += len(missing)
        if missing:
            want = set(missing)
            todo: dict[str, str] = {}
            for k, t in zip(keys, texts):
                if k in want and k not in todo:
                    todo[k] = t
            vecs = np.asarray(self.encoder.encode(list(todo.values()), kind=kind), dtype=np.float32)
            fresh = dict(zip(todo, vecs))
            found.update(fresh)
            self._remember(fresh)
            if db is not None:
                try:
                    db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)", [(k, v.tobytes()) for k, v in fresh.items()])
                    db.commit()
                except sqlite3.Error:
                    pass
        if not keys:
            return np.asarray(self.encoder.encode([], kind=kind), dtype=np.float32)
        return np.stack([found[k] for k in keys])
