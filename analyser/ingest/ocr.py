"""OCR for pages without a usable text layer: the only place that runs Tesseract.

Tesseract (Debian packages tesseract-ocr, -eng, -fra; installed by `make setup`) is called
as a subprocess on a grey-scale page image and returns words with boxes (TSV), which are
grouped into lines so the normal layout code (columns, headings, paragraphs) applies to
OCR'd pages as well.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import numpy as np

from analyser.ingest.layout import RawLine


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def pgm_bytes(gray: np.ndarray) -> bytes:
    """A 2-D uint8 array as a binary PGM image (Tesseract reads it; no imaging library)."""
    h, w = gray.shape
    return f"P5 {w} {h} 255\n".encode() + np.ascontiguousarray(gray, dtype=np.uint8).tobytes()


def cache_dir() -> Path:
    """Where OCR results are kept (content-addressed): $ANALYSER_CACHE_DIR or ~/.cache."""
    root = os.environ.get("ANALYSER_CACHE_DIR") or str(Path.home() / ".cache" / "reintegration-analyser")
    return Path(root) / "ocr"


def ocr_lines(image: bytes, *, dpi: int, languages: str, timeout_s: float) -> list[RawLine]:
    """Lines of text on one page image, coordinates in PDF points (top-left origin).
    Results are cached by image content, so re-analysing a scanned archive is cheap."""
    key = hashlib.sha256(image + f"|{dpi}|{languages}|psm3".encode()).hexdigest()
    cached = cache_dir() / key[:2] / f"{key}.tsv"
    if cached.is_file():
        return tsv_to_lines(cached.read_text(encoding="utf-8"), dpi=dpi)
    tsv = _tesseract_tsv(image, dpi=dpi, languages=languages, timeout_s=timeout_s)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(tsv, encoding="utf-8")
        tmp.replace(cached)  # atomic: a concurrent reader never sees half a file
    except OSError:
        pass  # a read-only cache only costs speed
    return tsv_to_lines(tsv, dpi=dpi)


def _tesseract_tsv(image: bytes, *, dpi: int, languages: str, timeout_s: float) -> str:
    exe = tesseract_path()
    if exe is None:
        raise FileNotFoundError("tesseract")
    proc = subprocess.run(
        [exe, "stdin", "stdout", "-l", languages, "--psm", "3", "--dpi", str(dpi), "tsv"],
        input=image,
        capture_output=True,
        timeout=timeout_s,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},  # one thread: workers run in parallel
        check=True,
    )
    return proc.stdout.decode("utf-8", "replace")


def tsv_to_lines(tsv: str, *, dpi: int) -> list[RawLine]:
    scale = 72.0 / dpi
    words: dict[tuple[int, int, int], list[dict[str, str]]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        words[(int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))].append(row)
    lines = []
    for key in sorted(words):
        ws = words[key]
        x0 = min(int(w["left"]) for w in ws)
        x1 = max(int(w["left"]) + int(w["width"]) for w in ws)
        top = min(int(w["top"]) for w in ws)
        bottom = max(int(w["top"]) + int(w["height"]) for w in ws)
        heights = sorted(int(w["height"]) for w in ws)
        size = heights[len(heights) // 2] * scale * 1.1  # x-height-ish box to font size
        lines.append(
            RawLine(
                text=" ".join(w["text"].strip() for w in ws),
                x0=x0 * scale,
                x1=x1 * scale,
                top=top * scale,
                bottom=bottom * scale,
                size=round(size * 2) / 2,
            )
        )
    return lines
