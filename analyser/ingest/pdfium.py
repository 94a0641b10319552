"""Fast engine: the only pypdfium2 import. Reads positioned characters and groups them
into lines; layout.py does the rest. About 50x faster than pdfminer-based extraction."""

from __future__ import annotations

import ctypes
import statistics

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from analyser.errors import CorruptPdfError, EncryptedPdfError, TooLargeError
from analyser.ingest.layout import RawLine, RawPage

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
# character, left, right, bottom, top, font size, font weight
_Char = tuple[str, float, float, float, float, float, int]


def read_pages(data: bytes, *, file: str, max_pages: int, password: str | None = None) -> list[RawPage]:
    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower() or getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise EncryptedPdfError(
                f"{file} is encrypted and needs a password to open; "
                "ask the publisher for an unprotected copy or remove the password first",
                file=file,
            ) from exc
        raise CorruptPdfError(
            f"{file} could not be parsed as a PDF ({exc}); it may be truncated or damaged: "
            "re-download it or re-save it from a PDF viewer",
            file=file,
        ) from exc
    try:
        n = len(pdf)
        if n > max_pages:
            raise TooLargeError(
                f"{file} has {n} pages, above the limit of {max_pages}; "
                "raise ingest.max_pages or split the document",
                file=file,
            )
        pages = []
        for i in range(n):
            try:
                pages.append(_read_page(pdf, i))
            except pdfium.PdfiumError as exc:
                pages.append(RawPage(i + 1, 595.0, 842.0, (), (f"page {i + 1} could not be read: {exc}",)))
        return pages
    finally:
        pdf.close()


def render_gray(data: bytes, index: int, *, dpi: int, max_pixels: int = 40_000_000):  # type: ignore[no-untyped-def]
    """Page `index` as a 2-D uint8 numpy array (for OCR). Huge pages are scaled down to
    max_pixels so a hostile MediaBox cannot exhaust memory."""
    import numpy as np

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        try:
            w, h = page.get_size()
            scale = dpi / 72.0
            if w * h * scale * scale > max_pixels:
                scale = (max_pixels / max(w * h, 1.0)) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            arr = np.array(bitmap.to_numpy(), copy=True)
            return arr[:, :, 0] if arr.ndim == 3 else arr
        finally:
            page.close()
    finally:
        pdf.close()


def _read_page(pdf: pdfium.PdfDocument, index: int) -> RawPage:
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            lines = _page_lines(textpage, height)
        finally:
            textpage.close()
        rulings = _count_rulings(page) if lines else 0
    finally:
        page.close()
    return RawPage(index + 1, float(width), float(height), tuple(lines), rulings=rulings)


def _count_rulings(page: pdfium.PdfPage, cap: int = 3000) -> int:
    """Vector path objects on the page (rules, cell borders, but also decorations)."""
    n = min(pdfium_c.FPDFPage_CountObjects(page.raw), cap)
    return sum(
        1 for i in range(n) if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, i)) == pdfium_c.FPDF_PAGEOBJ_PATH
    )


def _page_lines(textpage: pdfium.PdfTextPage, height: float) -> list[RawLine]:
    """Characters -> lines. Hot loop: one Unicode and one box call per visible character;
    font size and weight are read once per line (its first character)."""
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    # loose boxes span the font's full height, so letters with and without descenders
    # share one top and bottom, and a line stays one row
    box = pdfium_c.FS_RECTF()
    pbox = ctypes.byref(box)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    lines: list[RawLine] = []
    chars: list[_Char] = []
    prev: _Char | None = None  # last visible character of the current line
    size = 0.0
    weight = 0
    last = 0  # index of that character

    def line_weight() -> int:
        # bold only if the line's first and last characters are: a bold run-in label
        # ("Lead institution:") does not make a body line a heading
        return min(weight, pdfium_c.FPDFText_GetFontWeight(raw, last))

    for k in range(n):
        code = get_unicode(raw, k)
        if code in (13, 10):  # \r \n: pdfium's line break
            if chars:
                _append_line(lines, chars, height, size, line_weight())
                chars, prev = [], None
            continue
        if code == 0xFFFE:  # pdfium's mark for a hyphen at a line break
            code = 0x2D
        if code <= 0 or code >= 0x110000 or code == 0xFFFF:
            continue
        ch = chr(code)
        if ch.isspace():
            if chars and chars[-1][0] != " ":
                chars.append((" ", 0.0, 0.0, 0.0, 0.0, 0.0, 0))
            continue
        get_box(raw, k, pbox)
        x0, x1, y0, y1 = box.left, box.right, box.bottom, box.top
        if prev is not None:
            h = max(prev[4] - prev[3], y1 - y0, 1.0)
            gap = x0 - prev[2]
            same_row = abs((y0 + y1) / 2 - (prev[3] + prev[4]) / 2) < 0.7 * h
            # a wide horizontal gap or a jump to another row starts a new line
            if not same_row or gap > max(2.5 * max(size, 1.0), 20.0) or gap < -3 * h:
                _append_line(lines, chars, height, size, line_weight())
                chars, prev = [], None
        if prev is None:
            size = pdfium_c.FPDFText_GetFontSize(raw, k)
            weight = pdfium_c.FPDFText_GetFontWeight(raw, k)
        prev = (ch, x0, x1, y0, y1, size, weight)
        last = k
        chars.append(prev)
    if chars:
        _append_line(lines, chars, height, size, line_weight())
    return lines


def _append_line(lines: list[RawLine], chars: list[_Char], height: float, size: float, weight: int) -> None:
    line = _chars_to_line(chars, height, size, weight)
    if line is not None:
        lines.append(line)


def _chars_to_line(chars: list[_Char], height: float, size: float, weight: int) -> RawLine | None:
    visible = [c for c in chars if c[0] != " "]
    if not visible:
        return None
    text = "".join(c[0] for c in chars).strip()
    tokens = text.split()
    if len(tokens) >= 5 and sum(len(t) == 1 for t in tokens) >= 0.8 * len(tokens):
        text = _respace_letter_spaced(visible)
    x0 = min(c[1] for c in visible)
    x1 = max(c[2] for c in visible)
    y_low = min(c[3] for c in visible)
    y_high = max(c[4] for c in visible)
    bold = weight >= 600
    return RawLine(text=text, x0=x0, x1=x1, top=height - y_high, bottom=height - y_low, size=size, bold=bold)


def _respace_letter_spaced(visible: list[_Char]) -> str:
    """Letter-spaced titles: rebuild spacing from geometry, one space between letters and
    two between words (gaps well above the typical letter gap), for layout's repair."""
    gaps = [b[1] - a[2] for a, b in zip(visible, visible[1:])]
    typical = statistics.median(gaps) if gaps else 0.0
    out = visible[0][0]
    for gap, ch in zip(gaps, visible[1:]):
        out += ("  " if gap > max(1.8 * typical, typical + 1.5) else " ") + ch[0]
    return out


def raw_page_texts(data: bytes) -> list[str]:
    """pdfium's own text per page, line ends as "\\n", untouched by our layout code.
    Gold pointers (analyser/gold.py) are character spans into this text, so they stay
    valid whatever the layout stage learns later."""
    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                tp = page.get_textpage()
                try:
                    out.append(tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
                finally:
                    tp.close()
            finally:
                page.close()
        return out
    finally:
        pdf.close()
