"""What a batch analyses: the PDFs of a folder (recursive) or the rows of a manifest CSV.

A source is listed in one deterministic order (by relative path), so every output built from
it is too. Files are picked by their `.pdf` suffix (any case); their content is sniffed later
by the pipeline, so a `.pdf` that is not a PDF ends as a `not_pdf` failure row, not a crash.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analyser.errors import AnalyserError

METADATA_FIELDS = ("country", "year", "sector", "title")
PATH_COLUMNS = ("file", "path")


class SourceError(AnalyserError):
    """The batch source cannot be listed (missing folder, manifest without a file column...)."""


@dataclass(frozen=True)
class SourceItem:
    """One document of the source. `path` is the relative POSIX path shown in every output
    and the sort key; `error` is set when the file cannot be read at all."""

    path: str
    abspath: Path
    country: str = ""
    year: str = ""
    sector: str = ""
    title: str = ""
    error: str = ""


def list_source(source: str | Path, *, exclude: Path | None = None) -> list[SourceItem]:
    """A folder (every `*.pdf` below it, hidden files and folders skipped) or a manifest CSV
    (column `file` or `path`, relative to the manifest's folder; optional `country`, `year`,
    `sector`, `title`). `exclude` is a folder never listed (the batch's own output folder)."""
    src = Path(source)
    if src.is_dir():
        return list_folder(src, exclude=exclude)
    if src.is_file():
        if src.suffix.lower() != ".csv":
            raise SourceError(f"{src} is a file but not a manifest CSV; pass a folder of PDFs or a .csv manifest")
        return read_manifest(src)
    raise SourceError(f"batch source {src} does not exist; pass a folder of PDFs or a manifest CSV")


def list_folder(folder: Path, *, exclude: Path | None = None) -> list[SourceItem]:
    folder = folder.resolve()
    skip = exclude.resolve() if exclude is not None else None
    items: list[SourceItem] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (skip is None or here / d != skip))
        for name in files:
            if name.startswith(".") or not name.lower().endswith(".pdf"):
                continue
            path = here / name
            items.append(SourceItem(path=path.relative_to(folder).as_posix(), abspath=path))
    return sorted(items, key=lambda i: i.path)


def read_manifest(manifest: Path) -> list[SourceItem]:
    base = manifest.resolve().parent
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = [c.strip().lower() for c in (reader.fieldnames or [])]
            rows = [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"cannot read manifest {manifest}: {exc}") from exc
    column = next((c for c in PATH_COLUMNS if c in columns), None)
    if column is None:
        raise SourceError(
            f"manifest {manifest} has no 'file' (or 'path') column; found: {', '.join(columns) or 'no header'}"
        )
    items: dict[str, SourceItem] = {}
    for n, row in enumerate(rows, 2):
        raw = row.get(column, "")
        if not raw:
            raise SourceError(f"manifest {manifest}, line {n}: empty '{column}' cell")
        given = Path(raw)
        abspath = given if given.is_absolute() else base / given
        shown = given.as_posix() if given.is_absolute() else PurePosixPath(*given.parts).as_posix()
        if shown in items:  # the same file listed twice: keep the first row
            continue
        error = "" if abspath.is_file() else f"file not found: {shown} (relative to {base})"
        meta = {k: row.get(k, "") for k in METADATA_FIELDS}
        items[shown] = SourceItem(path=shown, abspath=abspath, error=error, **meta)
    return sorted(items.values(), key=lambda i: i.path)


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()
