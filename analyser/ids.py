"""Content-addressed, deterministic identifiers: re-runs are idempotent and caches safe."""

from __future__ import annotations

import hashlib


def doc_id(pdf_bytes: bytes) -> str:
    return hashlib.sha256(pdf_bytes).hexdigest()[:16]


def passage_id(doc: str, page: int, start: int, end: int) -> str:
    raw = f"{doc}:{page}:{start}:{end}".encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
