"""Progress on stderr: documents done, pages/s and ETA. A tqdm bar on a terminal; plain
lines every `interval` seconds otherwise (logs, CI, pipes, a pty without a size), so nothing
breaks without a TTY."""

from __future__ import annotations

import io
import os
import sys
import time
from typing import TextIO


def _eta(seconds: float) -> str:
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return 0


class Progress:
    def __init__(self, total: int, *, stream: TextIO | None = None, bar: bool | None = None, interval: float = 30.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total = total
        self.done = 0
        self.pages = 0
        self.start = time.perf_counter()
        self.interval = interval
        self._last = self.start
        isatty = getattr(self.stream, "isatty", lambda: False)
        # a terminal that reports no size (some CI ptys) gets plain lines: tqdm would draw nothing
        use_bar = bar if bar is not None else bool(isatty()) and _columns(self.stream) > 0
        self._bar = None
        if use_bar and total:
            try:
                from tqdm import tqdm

                self._bar = tqdm(total=total, unit="doc", file=self.stream, desc="analysing", dynamic_ncols=True, smoothing=0.1)
            except ImportError:  # plain lines then
                self._bar = None

    @property
    def pages_per_second(self) -> float:
        elapsed = time.perf_counter() - self.start
        return self.pages / elapsed if elapsed > 0 else 0.0

    def update(self, pages: int) -> None:
        self.done += 1
        self.pages += pages
        if self._bar is not None:
            self._bar.set_postfix_str(f"{self.pages_per_second:.1f} pages/s", refresh=False)
            self._bar.update(1)
            return
        now = time.perf_counter()
        if now - self._last >= self.interval or self.done == self.total:
            self._last = now
            self._line()

    def _line(self) -> None:
        elapsed = time.perf_counter() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = _eta((self.total - self.done) / rate) if rate > 0 else "?"
        self.stream.write(
            f"analysing: {self.done}/{self.total} documents, {self.pages} pages, "
            f"{self.pages_per_second:.1f} pages/s, elapsed {_eta(elapsed)}, ETA {eta}\n"
        )
        self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
