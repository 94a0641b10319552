"""Request limits: per-organisation token bucket, PDF check by content, cheap page count."""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable

from starlette.responses import JSONResponse


class TokenBucket:
    """`rate_per_min` tokens a minute per key, bursting up to the same number. In-process:
    one API process holds the buckets (a multi-process deployment would move them to the store)."""

    def __init__(self, rate_per_min: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(rate_per_min)
        self.rate = rate_per_min / 60.0
        self._clock = clock
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, cost: int = 1) -> float:
        """0.0 when allowed (tokens spent), else seconds to wait before retrying."""
        now = self._clock()
        with self._lock:
            tokens, last = self._state.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= cost:
                self._state[key] = (tokens - cost, now)
                return 0.0
            self._state[key] = (tokens, now)
            return (min(cost, self.capacity) - tokens) / self.rate


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


def is_pdf(head: bytes) -> bool:
    """By content, never by name: the PDF header must appear within the first 1024 bytes."""
    return b"%PDF-" in head[:1024]


_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d{1,9})|/Count\s+(\d{1,9})[^>]*?/Type\s*/Pages\b")
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


def estimate_pages(path: str, max_bytes: int = 256 * 1024 * 1024) -> int | None:
    """Page count from the page tree without parsing the PDF (no C parser runs on untrusted
    input in the API process). The largest /Count of a /Pages node is the total; with
    compressed object streams neither is visible and None is returned: the pipeline then
    enforces ingest.max_pages exactly (status too_large)."""
    with open(path, "rb") as fh:
        data = fh.read(max_bytes)
    counts = [int(a or b) for a, b in _COUNT.findall(data)]
    if counts:
        return max(counts)
    pages = len(_PAGE.findall(data))
    return pages or None


class UploadSizeLimit:
    """Refuses a request whose announced body exceeds the upload limit before it is read and
    spooled. Plain ASGI, not BaseHTTPMiddleware: that one re-streams every response body
    through a queue, which costs time on multi-megabyte coverage answers."""

    def __init__(self, app, limit: int, limit_mb: int) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.limit = limit
        self.limit_mb = limit_mb

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] == "http" and scope["method"] == "POST":
            length = dict(scope["headers"]).get(b"content-length", b"")
            if length.isdigit() and int(length) > self.limit:
                response = JSONResponse({"detail": f"file is larger than the upload limit of {self.limit_mb} MiB"}, status_code=413)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
