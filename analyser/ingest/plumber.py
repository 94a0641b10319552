"""Layout-rich engine: the only pdfplumber import. Slower (pdfminer), kept for PDFs where
pdfium's character stream is poor and as a reference for the benchmarks."""

from __future__ import annotations

import io

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException

from analyser.errors import CorruptPdfError, EncryptedPdfError, TooLargeError
from analyser.ingest.layout import RawLine, RawPage


def read_pages(data: bytes, *, file: str, max_pages: int, password: str | None = None) -> list[RawPage]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if "password" in type(inner).__name__.lower() or "password" in str(inner).lower():
            raise EncryptedPdfError(
                f"{file} is encrypted and needs a password to open; "
                "ask the publisher for an unprotected copy or remove the password first",
                file=file,
            ) from exc
        raise CorruptPdfError(f"{file} could not be parsed as a PDF ({inner!r}); re-download or re-save it", file=file) from exc
    except Exception as exc:  # pdfminer raises assorted errors on damaged files
        raise CorruptPdfError(f"{file} could not be parsed as a PDF ({exc!r}); re-download or re-save it", file=file) from exc
    with pdf:
        n = len(pdf.pages)
        if n > max_pages:
            raise TooLargeError(
                f"{file} has {n} pages, above the limit of {max_pages}; raise ingest.max_pages or split the document",
                file=file,
            )
        pages = []
        for i, page in enumerate(pdf.pages):
            try:
                words = page.extract_words(extra_attrs=["size", "fontname"], use_text_flow=False)
                lines = _words_to_lines(words)
                pages.append(RawPage(i + 1, float(page.width), float(page.height), tuple(lines)))
            except Exception as exc:  # one damaged page must not lose the others
                pages.append(RawPage(i + 1, float(page.width), float(page.height), (), (f"page {i + 1} could not be read: {exc!r}",)))
            finally:
                page.close()
        return pages


def _words_to_lines(words: list[dict]) -> list[RawLine]:
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= 3:
            rows[-1].append(w)
        else:
            rows.append([w])
    lines: list[RawLine] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        segment: list[dict] = []
        for w in row:
            if segment and w["x0"] - segment[-1]["x1"] > max(2.5 * w["size"], 20.0):
                lines.append(_line(segment))
                segment = []
            segment.append(w)
        if segment:
            lines.append(_line(segment))
    return lines


def _line(words: list[dict]) -> RawLine:
    sizes = sorted(w["size"] for w in words)
    return RawLine(
        text=" ".join(w["text"] for w in words),
        x0=min(w["x0"] for w in words),
        x1=max(w["x1"] for w in words),
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        size=sizes[len(sizes) // 2],
        bold=sum("bold" in w.get("fontname", "").lower() for w in words) > len(words) / 2,
    )


def page_tables(data: bytes, indices: list[int]) -> dict[int, list[tuple[tuple[float, float, float, float], list[tuple[float, float, list[str]]]]]]:
    """Ruled tables on the given pages (0-based): page -> [(bbox, [(row top, row bottom, cells)])],
    coordinates in points from the top-left. Only pdfplumber finds tables from ruling lines."""
    out: dict[int, list] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i in indices:
            page = pdf.pages[i]
            try:
                found = []
                for table in page.find_tables():
                    cells = table.extract()
                    rows = [
                        (r.bbox[1], r.bbox[3], [" ".join((c or "").split()) for c in row])
                        for r, row in zip(table.rows, cells)
                    ]
                    found.append((tuple(table.bbox), rows))
                out[i] = found
            except Exception:  # noqa: BLE001 - a table we cannot read stays as plain text
                out[i] = []
            finally:
                page.close()
    return out
