"""Pure table geometry: ruling segments -> table grids -> cell regions.

Engines hand over the straight horizontal and vertical strokes of a page (cell borders,
rules, the edges of shaded cells) in top-left coordinates; this module finds the grids they
form and the (possibly merged) cells, so a table can be read cell by cell and rendered as
rows with their header context (layout.table_row_lines). No PDF library here: it is tested
with hand-made segments.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Grid", "Segment", "find_grids", "grid_rows"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Rows = list[tuple[float, float, list[str]]]  # (row top, row bottom, cell texts)


@dataclass(frozen=True)
class Segment:
    """A straight stroke; horizontal when y0 == y1, vertical when x0 == x1 (top-left origin)."""

    x0: float
    y0: float
    x1: float
    y1: float
    weak: bool = False  # the edge of a shaded box without outline (cell or row shading)

    @property
    def horizontal(self) -> bool:
        return self.y0 == self.y1


@dataclass(frozen=True)
class Grid:
    """One ruled table: column and row boundaries, and the strokes that draw it (to tell
    which boundaries a merged cell does not have)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    h: tuple[tuple[float, float, float], ...]  # (y, x0, x1)
    v: tuple[tuple[float, float, float], ...]  # (x, y0, y1)

    @property
    def bbox(self) -> Box:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _merge_collinear(items: list[tuple[float, float, float, bool]], tol: float) -> list[tuple[float, float, float, bool]]:
    """(position, start, end, weak) strokes on one line (positions within tol) that touch or
    overlap become one: a border drawn cell by cell, or the shared edge of two rectangles.
    Weak only if all its parts are; a drawn rule's position wins over a shading edge's."""
    lines: list[list[tuple[float, float, float, bool]]] = []
    for item in sorted(items):
        if lines and item[0] - lines[-1][-1][0] <= tol:
            lines[-1].append(item)
        else:
            lines.append([item])
    out: list[tuple[float, float, float, bool]] = []
    for parts in lines:
        strong = [p[0] for p in parts if not p[3]]
        pos = sum(strong) / len(strong) if strong else sum(p[0] for p in parts) / len(parts)
        run: list = []
        for _, a, b, weak in sorted(parts, key=lambda p: p[1]):
            if run and a <= run[1] + tol:
                run[1] = max(run[1], b)
                run[2] = run[2] and weak
            else:
                if run:
                    out.append((pos, run[0], run[1], run[2]))
                run = [a, b, weak]
        out.append((pos, run[0], run[1], run[2]))
    return out


def _cluster(values: list[float], tol: float) -> list[float]:
    """Positions closer than tol are one boundary (the two edges of a stroke, neighbouring
    rectangles drawn with a small overlap)."""
    out: list[list[float]] = []
    for x in sorted(values):
        if out and x - out[-1][-1] <= tol:
            out[-1].append(x)
        else:
            out.append([x])
    return [sum(c) / len(c) for c in out]


def find_grids(
    segments: Sequence[Segment],
    *,
    tol: float = 2.0,
    min_cell: float = 4.0,
    near: float = 8.0,
    max_segments: int = 4000,
    max_cells: int = 5000,
) -> list[Grid]:
    """Grids of at least two rows and two columns formed by crossing strokes.

    Strokes that cross or touch form one table (connected components); its boundaries are
    the distinct stroke positions plus its outer box (tables drawn without an outer frame).
    The edge of a shaded box is a boundary only when no drawn rule is within `near`:
    shading set inside a bordered cell must not split it; a table drawn only with shaded
    cells keeps its boundaries.
    Pages with more strokes than max_segments (maps, dense charts) and grids of more than
    max_cells cells (graph paper, a hostile file: each cell is one text query) are not
    tables worth the time and give no grid."""
    if len(segments) > max_segments:
        return []
    h = _merge_collinear([(s.y0, min(s.x0, s.x1), max(s.x0, s.x1), s.weak) for s in segments if s.horizontal], tol)
    v = _merge_collinear([(s.x0, min(s.y0, s.y1), max(s.y0, s.y1), s.weak) for s in segments if not s.horizontal], tol)
    if len(h) < 2 or len(v) < 2:
        return []
    parent = list(range(len(h) + len(v)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    v_sorted = sorted(range(len(v)), key=lambda j: v[j][0])
    v_x = [v[j][0] for j in v_sorted]
    checks = 0
    for i, (y, x0, x1, _) in enumerate(h):
        lo = bisect.bisect_left(v_x, x0 - tol)
        hi = bisect.bisect_right(v_x, x1 + tol)
        checks += hi - lo
        if checks > 50 * max_segments:
            return []  # a mesh of crossing strokes (graph paper, a hostile file), not a table
        for j in v_sorted[lo:hi]:
            _, y0, y1, _ = v[j]
            if y0 - tol <= y <= y1 + tol:
                a, b = find(i), find(len(h) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(h)):
        groups.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(v)):
        groups.setdefault(find(len(h) + j), ([], []))[1].append(j)
    grids = []
    for hs, vs in groups.values():
        if len(hs) < 2 or len(vs) < 2:
            continue
        hh = [h[i] for i in hs]
        vv = [v[j] for j in vs]
        left = min(min(s[1] for s in hh), min(s[0] for s in vv))
        right = max(max(s[2] for s in hh), max(s[0] for s in vv))
        top = min(min(s[0] for s in hh), min(s[1] for s in vv))
        bottom = max(max(s[0] for s in hh), max(s[2] for s in vv))
        if all(s[3] for s in hh + vv):  # a table drawn only with shaded cells
            hh = [(*s[:3], False) for s in hh]
            vv = [(*s[:3], False) for s in vv]
        strong_x = [s[0] for s in vv if not s[3]] + [left, right]
        strong_y = [s[0] for s in hh if not s[3]] + [top, bottom]
        xs = _drop_thin(_boundaries(vv, [left, right], strong_y, tol, near), min_cell)
        ys = _drop_thin(_boundaries(hh, [top, bottom], strong_x, tol, near), min_cell)
        if len(xs) >= 3 and len(ys) >= 3 and (len(xs) - 1) * (len(ys) - 1) <= max_cells:
            grids.append(Grid(tuple(xs), tuple(ys), tuple(s[:3] for s in hh), tuple(s[:3] for s in vv)))
    return sorted(grids, key=lambda g: (g.ys[0], g.xs[0]))


def _boundaries(
    strokes: list[tuple[float, float, float, bool]], frame: list[float], across: list[float], tol: float, near: float
) -> list[float]:
    """Boundary positions: drawn rules and the frame; a shading edge only when it runs
    from one rule (or the frame) across to another (`across`: the perpendicular ones)
    and no rule is within `near` (shading inset in a cell neither splits nor doubles it)."""
    strong = [s[0] for s in strokes if not s[3]] + frame

    def spans(a: float, b: float) -> bool:
        return any(abs(a - q) <= 1.5 * tol for q in across) and any(abs(b - q) <= 1.5 * tol for q in across)

    kept = strong + [
        s[0] for s in strokes if s[3] and spans(s[1], s[2]) and all(abs(s[0] - q) > near for q in strong)
    ]
    return _cluster(kept, tol)


def _drop_thin(bounds: list[float], min_cell: float) -> list[float]:
    """Boundaries closer than min_cell (double rules, a shaded band's edge next to a
    border) are one: no text fits between them."""
    out: list[float] = []
    for b in bounds:
        if out and b - out[-1] < min_cell:
            if len(out) > 1:
                out[-1] = b  # keep the outer frame where it is; inner doubles collapse
            continue
        out.append(b)
    return out


def _covered(strokes: list[tuple[float, float, float]], pos: float, a: float, b: float, tol: float) -> bool:
    """Is the boundary at pos drawn over most of [a, b]?"""
    need = 0.5 * (b - a)
    got = 0.0
    for p, s0, s1 in strokes:
        if abs(p - pos) <= tol:
            got += max(0.0, min(b, s1) - max(a, s0))
    return got >= need


def grid_rows(grid: Grid, cell_text: Callable[[Box], str], *, tol: float = 2.0) -> Rows:
    """The grid's rows as (top, bottom, cells), one cell per column. A merged cell (no
    stroke between two grid cells) is read once over its whole area, its text goes to its
    first column and first row, like pdfplumber's table extraction."""
    xs, ys = grid.xs, grid.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def root(cell: tuple[int, int]) -> tuple[int, int]:
        while owner[cell] != cell:
            cell = owner[cell]
        return cell

    # the strokes on each boundary, found once (a grid has many cells, a page many strokes)
    v_on = [[s for s in grid.v if abs(s[0] - x) <= tol] for x in xs]
    h_on = [[s for s in grid.h if abs(s[0] - y) <= tol] for y in ys]
    for r in range(n_rows):
        for c in range(1, n_cols):  # the boundary left of column c, within row r
            if not _covered(v_on[c], xs[c], ys[r], ys[r + 1], tol):
                a, b = root((r, c)), root((r, c - 1))
                if a != b:
                    owner[max(a, b)] = min(a, b)
    for r in range(1, n_rows):
        for c in range(n_cols):  # the boundary above row r, within column c
            if not _covered(h_on[r], ys[r], xs[c], xs[c + 1], tol):
                a, b = root((r, c)), root((r - 1, c))
                if a != b:
                    owner[max(a, b)] = min(a, b)
    regions: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for cell in owner:
        regions.setdefault(root(cell), []).append(cell)
    cells = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for (r0, c0), members in regions.items():
        r1 = max(r for r, _ in members)
        c1 = max(c for _, c in members)
        cells[r0][c0] = " ".join(cell_text((xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])).split())
    return [(ys[r], ys[r + 1], cells[r]) for r in range(n_rows)]
