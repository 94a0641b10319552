"""Batch outputs, built only from the source listing and the per-document reports on disk.

    coverage_matrix.csv   one row per source entry: metadata, status, and per indicator
                          `<id>:addressed` (true/false) and `<id>:returnee_level` (0-3)
    summary.md            totals, roll-ups per country, per dimension and per indicator
    heatmap.png           documents x indicators, coloured by returnee level
    failures.csv          every entry that did not finish: typed status and message

Nothing here reads the ledger, a clock or worker timings, and every table is sorted by the
entry's path, so the outputs are a pure function of the reports: a resumed run and an
uninterrupted one write the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analyser.batch.source import SourceItem
from analyser.batch.state import REPORTS_DIRNAME, atomic_write
from analyser.report import DIMENSION_NAMES
from analyser.types import LEVEL_LABELS

OK_STATUSES = ("ok", "ok_with_warnings")
PENDING = "pending"
MATRIX_FILE = "coverage_matrix.csv"
SUMMARY_FILE = "summary.md"
HEATMAP_FILE = "heatmap.png"
FAILURES_FILE = "failures.csv"
OUTPUT_FILES = (MATRIX_FILE, SUMMARY_FILE, HEATMAP_FILE, FAILURES_FILE)
MATRIX_META = ("path", "document_id", "country", "year", "sector", "title", "status", "pages", "languages", "report")
FAILURE_FIELDS = ("path", "document_id", "country", "year", "status", "message")


@dataclass(frozen=True)
class Entry:
    """A source item with the identity of its content (sha256 of the bytes) when readable."""

    item: SourceItem
    sha256: str = ""
    size: int = 0
    error: str = ""

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class IndicatorCell:
    id: str
    dimension: str
    name: str
    addressed: bool
    level: int
    entry_point: bool


@dataclass(frozen=True)
class Row:
    """One source entry as the outputs see it (a report reduced to what they use)."""

    path: str
    doc_id: str
    country: str
    year: str
    sector: str
    title: str
    status: str
    message: str
    pages: int
    languages: tuple[str, ...]
    report: str
    indicators: tuple[IndicatorCell, ...]
    versions: tuple[str, str, str, str]  # analyser, config hash, taxonomy version, model

    @property
    def analysed(self) -> bool:
        return self.status in OK_STATUSES


def load_rows(out_dir: Path, entries: Sequence[Entry]) -> list[Row]:
    cache: dict[str, dict | None] = {}
    rows = []
    for e in sorted(entries, key=lambda e: e.item.path):
        it = e.item
        meta = {"path": it.path, "country": it.country, "year": it.year, "sector": it.sector, "title": it.title}
        error = it.error or e.error
        if error or not e.sha256:
            rows.append(Row(**meta, doc_id="", status="unreadable", message=error or "file could not be read", pages=0,
                            languages=(), report="", indicators=(), versions=("", "", "", "")))
            continue
        if e.doc_id not in cache:
            path = out_dir / REPORTS_DIRNAME / f"{e.doc_id}.json"
            try:
                cache[e.doc_id] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                cache[e.doc_id] = None
        data = cache[e.doc_id]
        if data is None:
            rows.append(Row(**meta, doc_id=e.doc_id, status=PENDING, message="not analysed yet; run the batch again",
                            pages=0, languages=(), report="", indicators=(), versions=("", "", "", "")))
            continue
        doc = data["document"]
        cells = tuple(
            IndicatorCell(i["id"], i["dimension"], i["name"], bool(i["addressed"]), int(i["returnee_level"]), bool(i["entry_point"]))
            for i in data.get("indicators", ())
        )
        rows.append(
            Row(
                **meta,
                doc_id=e.doc_id,
                status=doc["status"],
                message=doc.get("message", ""),
                pages=int(doc.get("pages", 0)),
                languages=tuple(doc.get("languages", ())),
                report=f"{REPORTS_DIRNAME}/{e.doc_id}.json",
                indicators=cells,
                versions=(data.get("analyser_version", ""), data.get("config_hash", ""), doc.get("taxonomy_version", ""), doc.get("model", "")),
            )
        )
    return rows


def indicator_columns(rows: Sequence[Row]) -> list[tuple[str, str, str]]:
    """(id, dimension, name) in first-seen order over the sorted rows."""
    seen: dict[str, tuple[str, str, str]] = {}
    for r in rows:
        for c in r.indicators:
            seen.setdefault(c.id, (c.id, c.dimension, c.name))
    return list(seen.values())


# ---------------------------------------------------------------------------- CSVs


def _csv(fields: Sequence[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def matrix_csv(rows: Sequence[Row]) -> str:
    inds = indicator_columns(rows)
    fields = list(MATRIX_META)
    for ind_id, _, _ in inds:
        fields += [f"{ind_id}:addressed", f"{ind_id}:returnee_level"]
    out = []
    for r in rows:
        rec: dict[str, object] = {
            "path": r.path, "document_id": r.doc_id, "country": r.country, "year": r.year, "sector": r.sector,
            "title": r.title, "status": r.status, "pages": r.pages if r.analysed else "",
            "languages": ";".join(r.languages), "report": r.report,
        }
        cells = {c.id: c for c in r.indicators}
        for ind_id, _, _ in inds:
            c = cells.get(ind_id)
            rec[f"{ind_id}:addressed"] = ("true" if c.addressed else "false") if c else ""
            rec[f"{ind_id}:returnee_level"] = c.level if c else ""
        out.append(rec)
    return _csv(fields, out)


def failures_csv(rows: Sequence[Row]) -> str:
    out = [
        {"path": r.path, "document_id": r.doc_id, "country": r.country, "year": r.year, "status": r.status, "message": r.message}
        for r in rows
        if not r.analysed
    ]
    return _csv(FAILURE_FIELDS, out)


# ---------------------------------------------------------------------------- summary


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f} %" if d else "–"


def _mean(n: int, d: int) -> str:
    return f"{n / d:.1f}" if d else "–"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_markdown(rows: Sequence[Row]) -> str:
    inds = indicator_columns(rows)
    analysed = [r for r in rows if r.analysed]
    failed = [r for r in rows if not r.analysed]
    distinct = {r.doc_id for r in rows if r.doc_id}
    lines = ["# Batch summary", ""]
    lines.append(
        f"- Source entries: {len(rows)} ({len(distinct)} distinct documents by content)\n"
        f"- Analysed: {len(analysed)} ({sum(r.status == 'ok_with_warnings' for r in analysed)} with warnings), "
        f"{sum(r.pages for r in analysed)} pages\n"
        f"- Not finished: {len(failed)} (listed in `{FAILURES_FILE}`)"
    )
    versions = sorted({r.versions for r in analysed})
    for v in versions:
        lines.append(f"- Analyser {v[0]}, config `{v[1]}`, taxonomy {v[2]}, matcher `{v[3]}`")
    if len(versions) > 1:
        lines.append("- **Warning**: the reports come from more than one analyser configuration")
    lines += [
        "",
        "Returnee level: 0 absent, 1 acknowledged (returnees named in context only), 2 partially mainstreamed "
        "(a measure covering returnees), 3 mainstreamed (such a measure with operational anchors). "
        "*Addressed*: the need is addressed for anyone. *Entry point*: addressed, but not for returnees.",
        "",
    ]
    n_ind = len(inds)

    # per country
    lines += ["## By country", ""]
    lines.append(
        "| country | documents | analysed | not finished | indicators addressed (mean of "
        f"{n_ind}) | level ≥ 1 (mean) | level ≥ 2 (mean) | level 3 (mean) | documents with a level ≥ 2 |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    countries: dict[str, list[Row]] = {}
    for r in rows:
        countries.setdefault(r.country or "(not given)", []).append(r)
    for country in sorted(countries, key=lambda c: (c == "(not given)", c.lower())):
        group = countries[country]
        ok = [r for r in group if r.analysed]
        cells = [c for r in ok for c in r.indicators]
        lines.append(
            f"| {_cell(country)} | {len(group)} | {len(ok)} | {len(group) - len(ok)} | "
            f"{_mean(sum(c.addressed for c in cells), len(ok))} | {_mean(sum(c.level >= 1 for c in cells), len(ok))} | "
            f"{_mean(sum(c.level >= 2 for c in cells), len(ok))} | {_mean(sum(c.level == 3 for c in cells), len(ok))} | "
            f"{sum(any(c.level >= 2 for c in r.indicators) for r in ok)} |"
        )
    lines.append("")

    # per dimension
    lines += ["## By dimension", "", f"Shares of document × indicator cells over the {len(analysed)} analysed documents.", ""]
    lines.append("| dimension | indicators | addressed | level ≥ 1 | level ≥ 2 | level 3 | entry points | documents with a level ≥ 2 |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    dims: dict[str, list[str]] = {}
    for ind_id, dim, _ in inds:
        dims.setdefault(dim, []).append(ind_id)
    for dim, ids in dims.items():
        cells = [c for r in analysed for c in r.indicators if c.dimension == dim]
        n = len(cells)
        docs = sum(any(c.level >= 2 and c.dimension == dim for c in r.indicators) for r in analysed)
        lines.append(
            f"| {DIMENSION_NAMES.get(dim, dim)} ({dim}) | {len(ids)} | {_pct(sum(c.addressed for c in cells), n)} | "
            f"{_pct(sum(c.level >= 1 for c in cells), n)} | {_pct(sum(c.level >= 2 for c in cells), n)} | "
            f"{_pct(sum(c.level == 3 for c in cells), n)} | {_pct(sum(c.entry_point for c in cells), n)} | {docs} |"
        )
    lines.append("")

    # per indicator
    lines += ["## By indicator", "", f"Number of analysed documents (of {len(analysed)}).", ""]
    lines.append("| indicator | name | addressed | level ≥ 1 | level ≥ 2 | level 3 | entry point |")
    lines.append("|---|---|---:|---:|---:|---:|---:|")
    for ind_id, _, name in inds:
        cells = [c for r in analysed for c in r.indicators if c.id == ind_id]
        lines.append(
            f"| {ind_id} | {_cell(name)} | {sum(c.addressed for c in cells)} | {sum(c.level >= 1 for c in cells)} | "
            f"{sum(c.level >= 2 for c in cells)} | {sum(c.level == 3 for c in cells)} | {sum(c.entry_point for c in cells)} |"
        )
    lines.append("")

    # failures
    lines += ["## Not finished", ""]
    if not failed:
        lines.append("Every document was analysed.")
    else:
        lines.append("| status | documents |")
        lines.append("|---|---:|")
        by_status: dict[str, int] = {}
        for r in failed:
            by_status[r.status] = by_status.get(r.status, 0) + 1
        for status in sorted(by_status):
            lines.append(f"| {status} | {by_status[status]} |")
        lines += ["", f"Each one, with what to do, is in `{FAILURES_FILE}`."]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- heatmap

# (colour, label) by cell category; a sequential blue scale reads in grey print and for the
# common colour-vision deficiencies, and the legend names every category in words.
CATEGORIES = (
    ("#bdbdbd", "document not analysed (see failures.csv)"),
    ("#f7f7f7", "need not addressed"),
    ("#c6dbef", "addressed, not for returnees (entry point)"),
    ("#6baed6", f"1 {LEVEL_LABELS[1]} (returnees in context only)"),
    ("#2171b5", f"2 {LEVEL_LABELS[2]}"),
    ("#08306b", f"3 {LEVEL_LABELS[3]}"),
)
MAX_LABELLED_ROWS = 250


def _category(cell: IndicatorCell | None) -> int:
    if cell is None:
        return 0
    if cell.level >= 1:
        return 2 + cell.level
    return 2 if cell.addressed else 1


def _row_label(r: Row, width: int = 58) -> str:
    label = f"{r.country} · {r.title}" if r.title else (f"{r.country} · {r.path}" if r.country else r.path)
    status = "" if r.analysed else f" [{r.status}]"
    room = width - len(status)
    return (label if len(label) <= room else label[: room - 1] + "…") + status


def heatmap_png(rows: Sequence[Row]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    inds = indicator_columns(rows)
    n_rows, n_cols = len(rows), len(inds)
    labelled = n_rows <= MAX_LABELLED_ROWS
    row_h = 0.24 if labelled else max(0.004, 30.0 / max(n_rows, 1))
    grid_w, grid_h = 0.3 * max(n_cols, 8), row_h * max(n_rows, 1)
    left, right, top, bottom = 4.0, 0.3, 2.3, 1.25  # inches: row labels; column ids and title; dimensions and legend
    width, height = left + grid_w + right, top + grid_h + bottom
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((left / width, bottom / height, grid_w / width, grid_h / height))
    if not n_rows or not n_cols:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no document was analysed", ha="center", va="center", fontsize=12)
    else:
        ids = [i[0] for i in inds]
        grid = []
        for r in rows:
            cells = {c.id: c for c in r.indicators}
            grid.append([(_category(cells.get(i)) if r.analysed else 0) for i in ids])
        cmap = ListedColormap([c for c, _ in CATEGORIES])
        norm = BoundaryNorm([x - 0.5 for x in range(len(CATEGORIES) + 1)], cmap.N)
        ax.imshow(grid, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
        ax.set_xticks(range(n_cols), ids, rotation=90, fontsize=8)
        ax.xaxis.tick_top()
        if labelled:
            ax.set_yticks(range(n_rows), [_row_label(r) for r in rows], fontsize=8)
            if n_rows <= 80:  # the level as a digit in the cell, not only as a colour
                for y in range(n_rows):
                    for x in range(n_cols):
                        cat = grid[y][x]
                        if cat >= 3:
                            ax.text(x, y, str(cat - 2), ha="center", va="center", fontsize=7, color="white" if cat >= 4 else "black")
        else:
            ax.set_yticks([])
            ax.set_ylabel(f"{n_rows} documents, in the order of {MATRIX_FILE}")
        # dimension groups: a separating line, and the dimension's name under its columns
        start = 0
        for k in range(1, n_cols + 1):
            if k == n_cols or inds[k][1] != inds[start][1]:
                if k < n_cols:
                    ax.axvline(k - 0.5, color="black", linewidth=1.2)
                dim = inds[start][1]
                x_mid = (left + grid_w * ((start + k) / 2) / n_cols) / width
                fig.text(x_mid, (bottom - 0.12) / height, DIMENSION_NAMES.get(dim, dim), ha="center", va="top",
                         fontsize=9, fontweight="bold")
                start = k
        ax.set_xticks([x - 0.5 for x in range(1, n_cols)], minor=True)
        if labelled:
            ax.set_yticks([y - 0.5 for y in range(1, n_rows)], minor=True)
        ax.grid(which="minor", color="white", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
    fig.text(0.15 / width, 1 - 0.15 / height, "Returnee mainstreaming by document and indicator", fontsize=12,
             fontweight="bold", ha="left", va="top")
    fig.legend(
        handles=[Patch(facecolor=c, edgecolor="#444444", label=label) for c, label in CATEGORIES],
        loc="lower left", bbox_to_anchor=(0.15 / width, 0.05 / height), ncol=3, fontsize=8, frameon=False,
        title="cell colour = returnee level of the indicator in the document (digit = level)", title_fontsize=8,
        alignment="left",
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


# ---------------------------------------------------------------------------- all of them


def build_outputs(out_dir: str | Path, entries: Sequence[Entry]) -> list[Row]:
    """Write the four outputs (atomically) from the reports on disk; returns the rows."""
    out = Path(out_dir)
    rows = load_rows(out, entries)
    atomic_write(out / MATRIX_FILE, matrix_csv(rows))
    atomic_write(out / FAILURES_FILE, failures_csv(rows))
    atomic_write(out / SUMMARY_FILE, summary_markdown(rows))
    atomic_write(out / HEATMAP_FILE, heatmap_png(rows))
    return rows
