"""Fast engine: the only pypdfium2 import. Reads positioned characters and groups them
into lines; layout.py does the rest. About 50x faster than pdfminer-based extraction."""

from __future__ import annotations

import ctypes
import statistics

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from analyser.errors import CorruptPdfError, EncryptedPdfError, TooLargeError
from analyser.ingest.layout import RawLine, RawPage, TableCells, join_cell_lines, looks_tabular
from analyser.ingest.tables import Segment, find_grids, grid_rows

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
# character, left, right, bottom, top, font size, font weight
_Char = tuple[str, float, float, float, float, float, int]


def read_pages(
    data: bytes, *, file: str, max_pages: int, password: str | None = None, table_min_rulings: int | None = None
) -> list[RawPage]:
    """Positioned lines of every page. With table_min_rulings, pages with at least that many
    vector paths and cells side by side are also searched for ruled tables (RawPage.tables)."""
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
                pages.append(_read_page(pdf, i, table_min_rulings))
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


def _read_page(pdf: pdfium.PdfDocument, index: int, table_min_rulings: int | None = None) -> RawPage:
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        tables: tuple[TableCells, ...] = ()
        try:
            lines = _page_lines(textpage, height)
            rulings = _count_rulings(page) if lines else 0
            # a looser text gate than pdfplumber's: the grid itself is the real test, and
            # pdfium merges narrow neighbouring cells into one line
            if table_min_rulings is not None and rulings >= table_min_rulings and looks_tabular(lines, cells=2, rows=2):
                tables = _page_tables(page, textpage, float(width), float(height))
        finally:
            textpage.close()
    finally:
        page.close()
    return RawPage(index + 1, float(width), float(height), tuple(lines), rulings=rulings, tables=tables)


def _count_rulings(page: pdfium.PdfPage, cap: int = 3000) -> int:
    """Vector path objects on the page (rules, cell borders, but also decorations)."""
    n = min(pdfium_c.FPDFPage_CountObjects(page.raw), cap)
    return sum(
        1 for i in range(n) if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, i)) == pdfium_c.FPDF_PAGEOBJ_PATH
    )


def _page_tables(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, width: float, height: float) -> tuple[TableCells, ...]:
    """Ruled tables on the page, each read cell by cell with pdfium's own text-in-a-box."""
    grids = find_grids(_page_segments(page, width, height))
    out = []
    buf = (ctypes.c_ushort * 4096)()  # one read per cell, reused across the page's cells
    for grid in grids:
        rows = grid_rows(grid, lambda box: _bounded_text(textpage, box, height, buf))
        out.append((grid.bbox, rows))
    return tuple(out)


def _bounded_text(textpage: pdfium.PdfTextPage, box: tuple[float, float, float, float], height: float, buf: ctypes.Array) -> str:
    """Text of the characters inside a cell (top-left box, inset so border-touching
    neighbours stay out), its own line breaks joined."""
    x0, top, x1, bottom = box
    args = (textpage.raw, x0 + 0.5, height - top - 0.5, x1 - 0.5, height - bottom + 0.5)
    n = pdfium_c.FPDFText_GetBoundedText(*args, buf, len(buf))
    if n >= len(buf) - 1:  # a long cell: ask for its size, then read it whole
        size = pdfium_c.FPDFText_GetBoundedText(*args, None, 0)
        buf = (ctypes.c_ushort * (size + 1))()
        n = pdfium_c.FPDFText_GetBoundedText(*args, buf, size + 1)
    if n <= 0:
        return ""
    text = ctypes.string_at(buf, n * 2).decode("utf-16-le", "replace").replace("\x00", "")
    return join_cell_lines(text.replace("\r", "\n").split("\n"))


def _page_segments(
    page: pdfium.PdfPage, width: float, height: float, cap: int = 3000, max_points: int = 400, max_segments: int = 4000
) -> list[Segment]:
    """Horizontal and vertical strokes drawn by the page's path objects, top-left origin:
    thin paths (rules drawn as lines or as thin filled boxes) by their bounds, other
    outlined paths by walking their straight segments (cell rectangles, grids drawn as one
    path)."""
    raw = page.raw
    n = min(pdfium_c.FPDFPage_CountObjects(raw), cap)
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    bounds = (ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t))
    px, py = ctypes.c_float(), ctypes.c_float()
    ppx, ppy = ctypes.byref(px), ctypes.byref(py)
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pfill, pstroke = ctypes.byref(fill), ctypes.byref(stroke)
    matrix = pdfium_c.FS_MATRIX()
    pmatrix = ctypes.byref(matrix)
    path_type = pdfium_c.FPDF_PAGEOBJ_PATH
    lineto, moveto = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_MOVETO
    out: list[Segment] = []
    for i in range(n):
        if len(out) > max_segments:
            break  # a map or a dense chart, not a table: find_grids gives up on it anyway
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != path_type or not pdfium_c.FPDFPageObj_GetBounds(obj, *bounds):
            continue
        w, h = r.value - l.value, t.value - b.value
        if w > 0.9 * width and h > 0.9 * height:
            continue  # a page background is not a cell
        if w <= 3 and h >= 4:
            x = (l.value + r.value) / 2
            out.append(Segment(x, height - t.value, x, height - b.value))
            continue
        if h <= 3 and w >= 4:
            y = height - (b.value + t.value) / 2
            out.append(Segment(l.value, y, r.value, y))
            continue
        if w < 4 or h < 4:
            continue
        # a filled box without outline is shading (of a cell, a row, a panel): a weak border
        weak = not pdfium_c.FPDFPath_GetDrawMode(obj, pfill, pstroke) or not stroke.value
        count = pdfium_c.FPDFPath_CountSegments(obj)
        if count < 2 or count > max_points or not pdfium_c.FPDFPageObj_GetMatrix(obj, pmatrix):
            continue
        ma, mb, mc, md, me, mf = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = prev = None
        for k in range(count):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            pdfium_c.FPDFPathSegment_GetPoint(seg, ppx, ppy)
            x = ma * px.value + mc * py.value + me
            y = height - (mb * px.value + md * py.value + mf)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == moveto:
                start = prev = (x, y)
                continue
            if kind == lineto and prev is not None:
                _add_stroke(out, prev, (x, y), weak)
                if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                    _add_stroke(out, (x, y), start, weak)
            prev = (x, y)
    return out


def _add_stroke(out: list[Segment], a: tuple[float, float], b: tuple[float, float], weak: bool) -> None:
    if abs(a[0] - b[0]) <= 1.0 and abs(a[1] - b[1]) >= 4:
        x = (a[0] + b[0]) / 2
        out.append(Segment(x, min(a[1], b[1]), x, max(a[1], b[1]), weak))
    elif abs(a[1] - b[1]) <= 1.0 and abs(a[0] - b[0]) >= 4:
        y = (a[1] + b[1]) / 2
        out.append(Segment(min(a[0], b[0]), y, max(a[0], b[0]), y, weak))


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
