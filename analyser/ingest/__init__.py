"""Ingest stage: PDF bytes -> SourceDocument (clean text per page, headings, warnings).

Content is sniffed (never trusted by file name), engine errors are translated into the
typed IngestError family here, and pages that carry no usable text are reported.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from analyser.config import IngestConfig
from analyser.errors import NoTextLayerError, NotPdfError, TooLargeError
from analyser.ids import doc_id
from analyser.ingest.layout import RawLine, RawPage, TableCells, looks_tabular, raw_pages_to_pages, table_row_lines
from analyser.types import Page, SourceDocument

__all__ = ["ingest_pdf", "is_garbled", "read_document", "sniff_kind", "text_quality"]

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (perhaps DOCX/XLSX/ODT): export it to PDF first"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office document (DOC/XLS): export it to PDF first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document: export it to PDF first"),
)


def sniff_kind(data: bytes) -> str | None:
    """None when the bytes look like a PDF, else a human description of what they are."""
    head = data[:1024]
    if b"%PDF-" in head:
        return None
    if not data:
        return "an empty file"
    for sig, what in _SIGNATURES:
        if head.startswith(sig):
            return what
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "an HTML page (perhaps a download error page)"
    try:
        head.decode("utf-8")
        return "a plain text file"
    except UnicodeDecodeError:
        return "an unknown binary file"


_NUMBER_TOKEN = re.compile(r"[(\[]?[-+]?\d[\d.,%:'-]*(?:/\d[\d.,%:'-]*){0,2}[)\]]?\**")
_LATIN_VOWELS = set("aeiouyàâäéèêëîïôöûùüÿæœAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÙÜŸÆŒ")


def _plausible_word(tok: str) -> bool:
    core = tok.strip(".,;:!?()[]{}«»\"'’“”-–—•")
    letters = [ch for ch in core if ch.isalpha()]
    if len(letters) < 0.6 * len(core) or not all(ch.isprintable() for ch in core):
        return False
    latin = [ch for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f"]
    if len(latin) < len(letters) or len(core) <= 3:
        return True  # other scripts, short words and acronyms: no Latin heuristics
    # Latin words have vowels; '_' and other joiners do not occur inside words
    return any(ch in _LATIN_VOWELS for ch in core) and "_" not in core


_SYMBOLS = set('!"#$&*+<=>?@[\\]^_`{|}~')


def symbol_share(text: str) -> float:
    """Share of visible characters that are ASCII symbols rarely found in prose."""
    visible = [ch for ch in text if not ch.isspace()]
    return sum(ch in _SYMBOLS for ch in visible) / len(visible) if visible else 0.0


def is_garbled(text: str) -> bool:
    """A text layer that is not text: few plausible tokens, or symbol soup in otherwise
    word-like tokens. Regression tables (brackets, asterisks) keep near-perfect token
    plausibility and stay readable."""
    sample = text[:3000]  # a page's first 3,000 characters tell; keeps the check cheap
    quality = text_quality(sample)
    return quality < 0.5 or (quality < 0.92 and symbol_share(sample) > 0.08)


def text_quality(text: str) -> float:
    """Share of plausible tokens (words or numbers). Garbage text layers (glyph ids such
    as '/1/2/3', control characters, letter soup from fonts without a Unicode map) score
    low; prose and statistical tables score near 1."""
    # bare punctuation (dashes, bullets) is neutral: neither word nor garbage
    tokens = [t for t in text.split() if t.strip(".,;:!?()[]{}«»\"'’“”-–—•")]
    if not tokens:
        return 0.0
    good = sum(1 for tok in tokens if _NUMBER_TOKEN.fullmatch(tok) or _plausible_word(tok))
    return good / len(tokens)


def ingest_pdf(source: str | Path | bytes, config: IngestConfig | None = None, *, file: str | None = None) -> SourceDocument:
    config = config or IngestConfig()
    if isinstance(source, (str, Path)):
        path = Path(source)
        file = file or path.name
        size = path.stat().st_size
        if size > config.max_file_mb * 1024 * 1024:
            raise TooLargeError(
                f"{file} is {size / 2**20:.0f} MiB, above the limit of {config.max_file_mb} MiB; "
                "raise ingest.max_file_mb or compress the PDF",
                file=file,
            )
        data = path.read_bytes()
    else:
        data = source
        file = file or "document.pdf"
        if len(data) > config.max_file_mb * 1024 * 1024:
            raise TooLargeError(
                f"{file} is {len(data) / 2**20:.0f} MiB, above the limit of {config.max_file_mb} MiB; "
                "raise ingest.max_file_mb or compress the PDF",
                file=file,
            )
    what = sniff_kind(data)
    if what is not None:
        raise NotPdfError(f"{file} is not a PDF: it looks like {what}", file=file)
    if config.engine == "pdfplumber":
        from analyser.ingest import plumber as engine
    else:
        from analyser.ingest import pdfium as engine  # type: ignore[no-redef]
    if config.engine == "pdfium":
        fast_tables = config.table_min_rulings if config.tables == "fast" else None
        raw = engine.read_pages(data, file=file, max_pages=config.max_pages, table_min_rulings=fast_tables)
    else:
        raw = engine.read_pages(data, file=file, max_pages=config.max_pages)
    raw = tables_as_rows(raw, data, config)
    raw, ocr_pages, ocr_warnings = ocr_unreadable_pages(raw, data, config)
    doc = raw_to_document(raw, data=data, file=file, config=config)
    return doc.model_copy(update={"ocr_pages": ocr_pages, "warnings": doc.warnings + ocr_warnings})


def tables_as_rows(raw: list[RawPage], data: bytes, config: IngestConfig) -> list[RawPage]:
    """Ruled tables become one line per row with its header context ("Indicator: ...;
    Target 2030: ..."), replacing the cell fragments the text layer gives. The fast path
    finds them while reading (RawPage.tables); "plumber" asks pdfplumber for the same pages."""
    if config.tables == "off":
        return raw
    found: dict[int, tuple[TableCells, ...]]
    if config.tables == "fast" and config.engine == "pdfium":
        found = {i: p.tables for i, p in enumerate(raw) if p.tables}
    else:
        candidates = [i for i, p in enumerate(raw) if p.rulings >= config.table_min_rulings and looks_tabular(p.lines)]
        if not candidates:
            return raw
        from analyser.ingest import plumber

        found = {i: tuple(t) for i, t in plumber.page_tables(data, candidates).items()}
    out = list(raw)
    for i, tables in found.items():
        if _needs_ocr(raw[i]):
            continue  # the cells of a garbled text layer are garbage too: the page goes to OCR whole
        # a table has at least two rows of two cells: a title in a box, a bordered
        # paragraph or a word split by a frame are not tables
        usable = [(bbox, rows) for bbox, rows in tables if sum(1 for r in rows if sum(1 for c in r[2] if c) >= 2) >= 2]
        if not usable:
            continue
        page = raw[i]
        kept = [ln for ln in page.lines if not any(_inside(ln, bbox) for bbox, _ in usable)]
        rows = [ln for bbox, table in usable for ln in table_row_lines(bbox, table)]
        out[i] = RawPage(page.number, page.width, page.height, tuple(kept + rows), page.warnings, page.rulings)
    return out


def _inside(line: RawLine, bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


def _needs_ocr(page: RawPage) -> bool:
    text = " ".join(ln.text for ln in page.lines)
    return len(text.strip()) < 20 or (len(text.split()) >= 3 and is_garbled(text))


def ocr_unreadable_pages(
    raw: list[RawPage], data: bytes, config: IngestConfig, *, clock: Callable[[], float] = time.monotonic
) -> tuple[list[RawPage], tuple[int, ...], tuple[str, ...]]:
    """Replace image-only and garbled pages by their OCR'd lines, in page order, within the
    page budget (ocr_max_pages) and the time budget (ocr_budget_s); the warnings name every
    page read and every page left out, and why."""
    todo = [i for i, p in enumerate(raw) if _needs_ocr(p)]
    if not todo or not config.ocr:
        return raw, (), ()
    from analyser.ingest import ocr
    from analyser.ingest.pdfium import render_gray

    if ocr.tesseract_path() is None:
        return raw, (), (
            f"{len(todo)} pages need OCR but Tesseract is not installed (make setup installs it); "
            f"{_page_list([i + 1 for i in todo])}; they are not analysed",
        )
    budget_s = config.ocr_budget_s if config.ocr_budget_s is not None else 0.75 * config.timeout_s
    deadline = clock() + budget_s
    done: list[int] = []
    failed: list[int] = []
    out_of_time: list[int] = []
    out = list(raw)
    for i in todo[: config.ocr_max_pages]:
        if clock() >= deadline:
            out_of_time.append(i + 1)
            continue
        try:
            image = ocr.pgm_bytes(render_gray(data, i, dpi=config.ocr_dpi))
            lines = ocr.ocr_lines(image, dpi=config.ocr_dpi, languages=config.ocr_languages, timeout_s=config.ocr_timeout_s)
        except Exception:  # noqa: BLE001 - one unreadable page must not lose the document
            failed.append(i + 1)
            continue
        if lines:
            p = raw[i]
            out[i] = RawPage(p.number, p.width, p.height, tuple(lines), p.warnings)
            done.append(i + 1)
    warnings: list[str] = []
    if done:
        warnings.append(f"{len(done)} pages were read by OCR (no usable text layer): {_page_list(done)}")
    if out_of_time:
        warnings.append(
            f"{len(out_of_time)} pages need OCR but the OCR time budget of {budget_s:.0f} s "
            f"(ingest.ocr_budget_s) ran out: {_page_list(out_of_time)}; they are not analysed"
        )
    skipped = [i + 1 for i in todo[config.ocr_max_pages :]]
    if skipped:
        warnings.append(
            f"{len(skipped)} further pages need OCR beyond ingest.ocr_max_pages={config.ocr_max_pages}: "
            f"{_page_list(skipped)}; they are not analysed"
        )
    if failed:
        warnings.append(f"OCR failed on pages {_page_list(failed)}; they are not analysed")
    return out, tuple(done), tuple(warnings)


def read_document(source: str | Path | bytes, config: IngestConfig | None = None, *, file: str | None = None) -> SourceDocument:
    """The ingest stage as the pipeline runs it: isolated in a limited child process unless
    the config says otherwise."""
    config = config or IngestConfig()
    if config.isolate:
        from analyser.ingest.isolate import ingest_isolated

        return ingest_isolated(source, config, file=file)
    return ingest_pdf(source, config, file=file)


def raw_to_document(raw: list[RawPage], *, data: bytes, file: str, config: IngestConfig) -> SourceDocument:
    pages = raw_pages_to_pages(raw, ratio=config.repeat_ratio, margin=config.margin)
    empty: list[int] = []
    garbled: list[int] = []
    kept: list[Page] = []
    for page in pages:
        if len(page.text.strip()) < 20:
            empty.append(page.number)
            kept.append(page.model_copy(update={"text": "", "headings": ()}))
        elif len(page.text.split()) >= 3 and is_garbled(page.text):
            garbled.append(page.number)
            kept.append(page.model_copy(update={"text": "", "headings": (), "warnings": page.warnings + ("garbled text layer",)}))
        else:
            kept.append(page)
    warnings: list[str] = [w for p in raw for w in p.warnings]
    if empty:
        warnings.append(
            f"{len(empty)} of {len(pages)} pages have no text layer (blank, scanned or image-only): "
            f"{_page_list(empty)}; their content is not analysed"
        )
    if garbled:
        warnings.append(
            f"{len(garbled)} of {len(pages)} pages have a garbled text layer (fonts without a Unicode map): "
            f"{_page_list(garbled)}; their content is not analysed"
        )
    if pages and len(empty) + len(garbled) == len(pages):
        reason = "a garbled text layer" if garbled else "no text layer"
        raise NoTextLayerError(
            f"{file}: none of its {len(pages)} pages has usable text ({reason}); it is probably scanned "
            "or image-only and needs OCR before it can be analysed",
            file=file,
        )
    if not pages:
        raise NoTextLayerError(f"{file} has no pages", file=file)
    return SourceDocument(
        doc_id=doc_id(data),
        file=file,
        n_pages=len(pages),
        pages=tuple(kept),
        engine=config.engine,
        warnings=tuple(warnings),
    )


def _page_list(numbers: list[int]) -> str:
    """Every page, runs of three or more compressed: [1, 2, 3, 7, 9, 10] -> '1-3, 7, 9, 10'
    (a report must say exactly which pages were left out, not '... and 189 more')."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}-{b}" if b - a >= 2 else ", ".join(str(n) for n in range(a, b + 1)) for a, b in runs)
