"""Content-addressed PDF storage on disk: <data dir>/blobs/ab/abcdef....pdf (not in SQLite)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO


class UploadTooLargeError(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"file is larger than the upload limit of {limit // (1024 * 1024)} MiB")
        self.limit = limit


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "tmp").mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.pdf"

    def receive(self, stream: BinaryIO, limit: int, chunk: int = 1 << 20) -> tuple[Path, str, int, bytes]:
        """Copy an upload to a temporary file while hashing it; (temp path, sha256, size,
        first 1024 bytes). Stops reading as soon as the limit is passed."""
        digest = hashlib.sha256()
        size = 0
        head = b""
        fd, name = tempfile.mkstemp(dir=self.root / "tmp", suffix=".part")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                while True:
                    block = stream.read(chunk)
                    if not block:
                        break
                    size += len(block)
                    if size > limit:
                        raise UploadTooLargeError(limit)
                    if len(head) < 1024:
                        head += block[: 1024 - len(head)]
                    digest.update(block)
                    out.write(block)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp, digest.hexdigest(), size, head

    def commit(self, tmp: Path, sha256: str) -> Path:
        """Move a received file into place (atomic; identical content may already be there)."""
        final = self.path(sha256)
        if final.exists():
            tmp.unlink(missing_ok=True)
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        return final
