"""Pure layout logic: positioned lines from any PDF engine -> clean page text.

Engines (pdfium, pdfplumber) only produce RawPage records; everything that decides what the
text *is* (reading order, running headers, headings, paragraphs, hyphenation) lives here so
both engines behave the same and it can be tested without PDFs.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from analyser.types import Heading, Page


@dataclass(frozen=True)
class RawLine:
    """One visual line. Coordinates in PDF points, origin top-left (y grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0
    bold: bool = False
    kind: str = "text"  # "table_row": one table row rendered with its header context


# one table found by an engine: (bbox x0, top, x1, bottom; [(row top, row bottom, cell texts)])
TableCells = tuple[tuple[float, float, float, float], list[tuple[float, float, list[str]]]]


@dataclass(frozen=True)
class RawPage:
    number: int
    width: float
    height: float
    lines: tuple[RawLine, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    rulings: int = 0  # vector path objects on the page: many suggest a ruled table
    tables: tuple[TableCells, ...] = ()  # ruled tables the engine read cell by cell, if asked


def looks_tabular(lines: tuple[RawLine, ...] | list[RawLine], *, cells: int = 3, rows: int = 3) -> bool:
    """At least `rows` rows holding `cells` or more separate lines side by side: cheap to
    see in the text layer, and what distinguishes a table from a designed page with shapes."""
    counts: dict[int, int] = {}
    for ln in lines:
        key = round(ln.top / 3)
        counts[key] = counts.get(key, 0) + 1
    return sum(1 for n in counts.values() if n >= cells) >= rows


_PAGE_NUMBER = re.compile(
    r"^\W{0,3}(?:page|p\.|pages?)?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*(?:(?:of|/|sur|de)\s*\d{1,4})?\W{0,3}$",
    re.IGNORECASE,
)
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}|(?:…){2,}|(?:_\s?){4,}")
_NUMBERED = re.compile(
    r"^(?:(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\)?|(?P<roman>[IVX]{1,5})[.)]|(?P<letter>[A-H])[.)])\s+[^\W\d_]"
)
_KEYWORD_HEADING = re.compile(
    r"^(?:chapter|chapitre|part|partie|section|axe|axis|pillar|pilier|annex|annexe|titre|title|"
    r"objectif stratégique|strategic objective|objectif spécifique|specific objective|programme|program|"
    r"sous-programme|sub-programme|mesure|measure|action|activit[ée]|activity|r[ée]sultat|result|output|outcome|"
    r"effet|produit|priorit[ée]|priority|article|art\.)\s*[\dIVXA-Z]",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[•▪◦●■□➢►✓\-–—*·]|\uf0b7|\uf0a7|\(?[a-z]\)|\(?[ivx]{1,4}\)|\d{1,2}\))\s")
_SENT_END = re.compile(r"[.!?:;»\"”)]$")
_SPACED_WORD = re.compile(r"^(?:\S )*\S$")


def normalise_repeat_key(text: str) -> str:
    """Key under which running headers/footers repeat: digits and case do not matter."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def repair_letter_spacing(text: str) -> str:
    """'U n  p r o g r a m m e' -> 'Un programme' (titles set with letter spacing: single
    characters separated by one space, words by two or more)."""
    stripped = text.strip()
    groups = re.split(r"\s{2,}", stripped)
    letters = sum(len(g.replace(" ", "")) for g in groups)
    if letters < 5 or not all(_SPACED_WORD.match(g) for g in groups):
        return text
    if max(len(g.replace(" ", "")) for g in groups) < 3:
        return text
    return " ".join(g.replace(" ", "") for g in groups)


def strip_repeated_lines(pages: list[RawPage], *, ratio: float, margin: float) -> list[RawPage]:
    """Drop running headers, footers and page numbers found in the page margins."""
    n = len(pages)
    counts: Counter[str] = Counter()
    for p in pages:
        keys = {normalise_repeat_key(ln.text) for ln in p.lines if _in_margin(ln, p, margin)}
        counts.update(keys)
    # two pages sharing a margin line is already a pattern; one page never is
    min_pages = max(2, int(ratio * n + 0.999)) if n >= 2 else 2
    repeated = {k for k, c in counts.items() if c >= min_pages and k}
    out = []
    for p in pages:
        kept = tuple(
            ln
            for ln in p.lines
            if not (
                _in_margin(ln, p, margin)
                and (normalise_repeat_key(ln.text) in repeated or _PAGE_NUMBER.match(ln.text.strip()))
            )
        )
        if p.lines and len(" ".join(ln.text for ln in kept).strip()) < 20 <= len(" ".join(ln.text for ln in p.lines)):
            # a running header comes with body text: a page that would be left without
            # text (identical pages, a one-line slide) keeps its repeated lines
            kept = tuple(ln for ln in p.lines if not _PAGE_NUMBER.match(ln.text.strip())) or p.lines
        out.append(RawPage(p.number, p.width, p.height, kept, p.warnings, p.rulings))
    return out


def _in_margin(line: RawLine, page: RawPage, margin: float) -> bool:
    return line.bottom <= page.height * margin or line.top >= page.height * (1 - margin)


def find_gutter(lines: list[RawLine], width: float) -> float | None:
    """x of a vertical gap splitting the page into two text columns, if there is one.

    Only narrow lines (at most ~half the text block) vote: full-width titles, intros and
    closing paragraphs above or below the columns must not hide the gutter."""
    body = [ln for ln in lines if len(ln.text.strip()) > 3 and ln.kind == "text"]
    if len(body) < 8:
        return None
    block_x0 = min(ln.x0 for ln in body)
    block_x1 = max(ln.x1 for ln in body)
    narrow = [ln for ln in body if ln.x1 - ln.x0 <= 0.55 * (block_x1 - block_x0)]
    if len(narrow) < 8:
        return None
    best: tuple[float, float] | None = None
    x = width * 0.3
    while x <= width * 0.7:
        crossing = sum(1 for ln in narrow if ln.x0 < x - 1 < ln.x1 or ln.x0 < x + 1 < ln.x1)
        left = sum(1 for ln in narrow if ln.x1 <= x)
        right = sum(1 for ln in narrow if ln.x0 >= x)
        if crossing <= 0.05 * len(narrow) and min(left, right) >= max(4, 0.2 * len(narrow)):
            score = min(left, right) - 3 * crossing
            if best is None or score > best[0]:
                best = (score, x)
        x += 2.0
    return best[1] if best else None


def order_lines(lines: list[RawLine], width: float) -> tuple[list[RawLine], int]:
    """Reading order: top to bottom; in two-column stretches, left column before right."""
    by_top = sorted(lines, key=lambda ln: (round(ln.top / 2), ln.x0))
    gutter = find_gutter(by_top, width)
    if gutter is None:
        return by_top, 1
    ordered: list[RawLine] = []
    left: list[RawLine] = []
    right: list[RawLine] = []
    for ln in by_top:
        if ln.x1 <= gutter + 1:
            left.append(ln)
        elif ln.x0 >= gutter - 1:
            right.append(ln)
        else:  # spans both columns (or a table row): closes the current two-column stretch
            ordered += _stretch_order(left, right) + [ln]
            left, right = [], []
    ordered += _stretch_order(left, right)
    return ordered, 2


def _stretch_order(left: list[RawLine], right: list[RawLine]) -> list[RawLine]:
    """Left column then right column. Lines above the rows both columns share keep their
    place at the top; lines below them go after the right column only when a gap sets
    them apart (a heading or note under both columns), not when they simply continue
    the longer column."""
    key = lambda ln: (round(ln.top / 2), ln.x0)  # noqa: E731
    if not left or not right:
        return sorted(left + right, key=key)
    band_top = max(min(ln.top for ln in left), min(ln.top for ln in right))
    band_bottom = min(max(ln.bottom for ln in left), max(ln.bottom for ln in right))
    above = [ln for ln in left + right if ln.bottom <= band_top]
    below: list[RawLine] = []
    columns: list[list[RawLine]] = []
    for col in (left, right):
        kept: list[RawLine] = []
        for ln in col:
            if ln in above:
                continue
            if ln.top >= band_bottom and kept:
                height = max(ln.bottom - ln.top, 1.0)
                if below or ln.top - kept[-1].bottom > 1.5 * height:
                    below.append(ln)
                    continue
            kept.append(ln)
        columns.append(kept)
    return sorted(above, key=key) + columns[0] + columns[1] + sorted(below, key=key)


def body_font_size(pages: list[RawPage]) -> float:
    sizes: Counter[float] = Counter()
    for p in pages:
        for ln in p.lines:
            if ln.size > 0:
                sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def heading_level(line: RawLine, body_size: float) -> int | None:
    """Heading level (1 = top) of a line, or None when it is body text."""
    text = line.text.strip()
    words = text.split()
    if not words or len(words) > 18 or len(text) < 3 or _DOT_LEADER.search(text):
        return None
    if text.endswith((",", ";")) or not any(ch.isalpha() for ch in text):
        return None
    m = _NUMBERED.match(text)
    bigger = body_size > 0 and line.size >= body_size * 1.15
    if body_size > 0 and 0 < line.size < body_size * 0.95:
        return None  # footnotes, captions and running text set smaller than the body
    first_alpha = next((ch for ch in text if ch.isalpha()), "")
    if m and m.group("num") and first_alpha.isupper() and not text.endswith("."):
        depth = m.group("num").count(".") + 1
        if bigger or line.bold or depth >= 1 and len(words) <= 12:
            return min(depth, 6)
    if _KEYWORD_HEADING.match(text) and len(words) <= 14 and not text.endswith("."):
        return 1
    if bigger and first_alpha.isupper():
        return 1 if line.size >= body_size * 1.45 else 2
    if line.bold and len(words) <= 10 and first_alpha.isupper() and not text.endswith("."):
        return 3
    if text.isupper() and 2 <= len(words) <= 10 and len(text) > 8:
        return 2
    return None


def dehyphenate(lines: list[str], vocabulary: set[str]) -> str:
    """Join lines of one paragraph, removing end-of-line hyphens inside words.

    A hyphen is kept when the hyphenated compound occurs unbroken elsewhere in the
    document (vocabulary), e.g. 'socio-' + 'economic' stays 'socio-economic'.
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        m = re.search(r"(\w+)[-\u00ad\u2010\x02]$", out)
        nxt = re.match(r"(\w+)", line)
        if m and nxt and line[0].islower():
            compound = f"{m.group(1)}-{nxt.group(1)}".lower()
            if compound in vocabulary:
                out = out[:-1] + "-" + line
            else:
                out = out[:-1] + line
        else:
            out = out + " " + line
    return out


_COMPOUND = re.compile(r"\b\w+-\w+\b")


def document_vocabulary(pages: list[RawPage]) -> set[str]:
    vocab: set[str] = set()
    for p in pages:
        for ln in p.lines:
            vocab.update(w.lower() for w in _COMPOUND.findall(ln.text))
    return vocab


def _line_gap_unit(lines: list[RawLine]) -> float:
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if 0 <= b.top - a.bottom < 40]
    heights = [ln.bottom - ln.top for ln in lines if ln.bottom > ln.top]
    h = statistics.median(heights) if heights else 10.0
    g = statistics.median(gaps) if gaps else h * 0.3
    return max(g, 0.0), h


def _same_style(a: RawLine, b: RawLine) -> bool:
    return a.bold == b.bold and abs(a.size - b.size) <= 0.5


_CONTROL = re.compile(r"[\x00-\x01\x03-\x08\x0b-\x1f\x7f\ufffd]")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")


def clean_line_text(text: str) -> str:
    """Control characters out; private-use glyphs (symbol-font bullets) become a bullet."""
    text = _PRIVATE_USE.sub("•", _CONTROL.sub("", text))
    return repair_letter_spacing(text).strip()


def build_page(raw: RawPage, body_size: float, vocabulary: set[str]) -> Page:
    """Ordered lines -> paragraphs and headings -> page text with heading offsets."""
    lines = [
        RawLine(clean_line_text(ln.text), ln.x0, ln.x1, ln.top, ln.bottom, ln.size, ln.bold, ln.kind)
        for ln in raw.lines
    ]
    lines = [ln for ln in lines if ln.text]
    ordered, columns = order_lines(lines, raw.width)
    gap, height = _line_gap_unit(ordered)
    col_width = raw.width / columns
    blocks: list[tuple[int | None, list[str]]] = []  # (heading level or None, lines)
    prev: RawLine | None = None
    for i, ln in enumerate(ordered):
        text = _DOT_LEADER.sub(" ", ln.text).strip()
        if not text:
            continue
        if ln.kind == "table_row" or (prev is not None and prev.kind == "table_row"):
            if ln.kind == "table_row":
                blocks.append((None, [rejoin_cell_hyphens(text, vocabulary)]))
            else:
                blocks.append((heading_level(ln, body_size), [text]))
            prev = ln
            continue
        styled = ln.bold or (body_size > 0 and ln.size >= body_size * 1.15)
        if (
            prev is not None
            and blocks
            and blocks[-1][0] is not None
            and styled
            and _same_style(ln, prev)
            and 0 <= ln.top - prev.bottom < height
            and not _SENT_END.search(prev.text.strip())
        ):
            blocks[-1][1].append(text)  # a heading wrapped over two lines
            prev = ln
            continue
        level = heading_level(ln, body_size)
        nxt_line = ordered[i + 1] if i + 1 < len(ordered) else None
        if level is not None and nxt_line is not None and nxt_line.text.lstrip()[:1].islower():
            if not (styled and _same_style(ln, nxt_line)):
                level = None  # the sentence goes on in the next body line: not a heading
        new_block = (
            prev is None
            or level is not None
            or blocks[-1][0] is not None
            or ln.top - prev.bottom > max(gap * 1.8, height * 0.6)
            or ln.top < prev.top - height  # jumped up: next column
            or _BULLET.match(text) is not None
            or (
                _SENT_END.search(prev.text.strip()) is not None
                and (prev.x1 - prev.x0) < 0.6 * col_width
            )
            or (body_size and abs(ln.size - prev.size) > 1.5)
        )
        if new_block:
            blocks.append((level, [text]))
        else:
            blocks[-1][1].append(text)
        prev = ln
    parts: list[str] = []
    headings: list[Heading] = []
    pos = 0
    for level, block_lines in blocks:
        text = dehyphenate(block_lines, vocabulary)
        if level is not None and len(block_lines) > 1 and text.rstrip().endswith((".", ";")):
            level = None  # a bold sentence over two lines, not a wrapped heading
        text = re.sub(r"[ \t]+", " ", text.replace("\x02", "-").replace("\u00ad", "")).strip()
        if not text:
            continue
        if parts:
            pos += 2  # the "\n\n" separator
        if level is not None:
            headings.append(Heading(text=text, level=level, char_start=pos))
        parts.append(text)
        pos += len(text)
    return Page(
        number=raw.number,
        text="\n\n".join(parts),
        headings=tuple(headings),
        columns=columns,
        role=page_role(lines),
        warnings=raw.warnings,
    )


_TOC_TITLE = re.compile(r"^(?:table\s+of\s+contents|contents|table\s+des\s+mati[èe]res|sommaire|[íi]ndice|contenido|sum[áa]rio)\b", re.IGNORECASE)
_GLOSSARY_TITLE = re.compile(
    r"^(?:(?:list\s+of\s+)?(?:acronyms|abbreviations)|acronyms\s+and\s+abbreviations|(?:liste\s+des\s+)?(?:sigles|acronymes|abr[ée]viations)|sigles\s+et\s+(?:acronymes|abr[ée]viations)|siglas)\b",
    re.IGNORECASE,
)
_ENDS_WITH_PAGE_REF = re.compile(r"[A-Za-zÀ-ÿ).]\s*(?:\.\s?){0,40}\s*\d{1,3}$")


def page_role(lines: list[RawLine]) -> str:
    """'toc' for tables of contents, 'glossary' for acronym lists, else 'body'."""
    texts = [ln.text.strip() for ln in lines if ln.text.strip()]
    if not texts:
        return "body"
    head = texts[:4]
    if any(_GLOSSARY_TITLE.match(t) for t in head):
        return "glossary"
    refs = sum(1 for t in texts if _ENDS_WITH_PAGE_REF.search(t))
    if any(_TOC_TITLE.match(t) for t in head) and refs >= 3:
        return "toc"
    if len(texts) >= 8 and refs >= 0.5 * len(texts):
        return "toc"
    return "body"


def raw_pages_to_pages(raw_pages: list[RawPage], *, ratio: float, margin: float) -> list[Page]:
    cleaned = strip_repeated_lines(raw_pages, ratio=ratio, margin=margin)
    body = body_font_size(cleaned)
    vocab = document_vocabulary(cleaned)
    return [build_page(p, body, vocab) for p in cleaned]


def join_cell_lines(lines: list[str]) -> str:
    """A table cell's lines as one string. A hyphen at a line break (pdfium marks it
    U+FFFE) becomes '-\x02' when the next line goes on in lower case: build_page decides
    with the document's vocabulary whether it was a compound or a split word."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out.endswith(("-", "\ufffe")):  # lower case goes on: compound or split word; else 'North-South'
            out = out[:-1] + ("-\x02" if line[0].islower() else "-") + line
        elif out:
            out = out.rstrip("\ufffe") + " " + line
        else:
            out = line
    return out.replace("\ufffe", "-")


_CELL_HYPHEN = re.compile(r"(\w+)-\x02(\w+)")


def rejoin_cell_hyphens(text: str, vocabulary: set[str]) -> str:
    """'small-\x02scale' -> 'small-scale' when the compound occurs unbroken in the document,
    else 'smallscale' (the same rule as dehyphenate for body text)."""

    def join(m: re.Match[str]) -> str:
        compound = f"{m.group(1)}-{m.group(2)}"
        return compound if compound.lower() in vocabulary else m.group(1) + m.group(2)

    return _CELL_HYPHEN.sub(join, text)


def table_row_lines(
    bbox: tuple[float, float, float, float], rows: list[tuple[float, float, list[str]]]
) -> list[RawLine]:
    """Table rows as lines of text. The header is the first row (after at most two title
    rows spanning the table) that is mostly filled with short cells; every row below it
    carries it: 'Indicator: X; Target 2030: 12,000'. Title rows, the header itself and
    section rows (only their first cell filled) are cells joined with ' | '."""
    header_at = next((n for n, (_, _, cells) in enumerate(rows[:3]) if _header_like(cells)), None)
    header = rows[header_at][2] if header_at is not None else []
    out = []
    for n, (top, bottom, cells) in enumerate(rows):
        if not any(cells):
            continue
        filled = [i for i, c in enumerate(cells) if c]
        if header_at is not None and n > header_at and filled != [0]:
            text = "; ".join(f"{h}: {c}" if h else c for h, c in zip(header, cells) if c)
        else:
            text = " | ".join(c for c in cells if c)
        out.append(RawLine(text=text, x0=bbox[0], x1=bbox[2], top=top, bottom=bottom, kind="table_row"))
    return out


def _header_like(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= max(2, len(cells) // 2) and all(len(c.split()) <= 8 for c in filled)
