"""Report stage: one DocumentReport rendered as JSON, CSV, Markdown or self-contained HTML."""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache

from analyser.types import DocumentReport

FORMATS = ("json", "md", "html", "csv")
CSV_FIELDS = (
    "document_id", "file", "status", "indicator", "dimension", "name", "addressed", "returnee_level",
    "level_label", "entry_point", "n_passages", "best_score", "evidence_pages", "top_evidence",
    "measured_lang", "measured_precision", "measured_recall",
)
DIMENSION_NAMES = {"ECO": "Economic", "SOC": "Social", "PSY": "Psychosocial", "STR": "Structural"}


def to_json(report: DocumentReport) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def csv_rows(report: DocumentReport) -> list[dict[str, object]]:
    rows = []
    for ind in report.indicators:
        rows.append(
            {
                "document_id": report.document.id,
                "file": report.document.file,
                "status": report.document.status.value,
                "indicator": ind.id,
                "dimension": ind.dimension,
                "name": ind.name,
                "addressed": str(ind.addressed).lower(),
                "returnee_level": ind.returnee_level,
                "level_label": ind.level_label,
                "entry_point": str(ind.entry_point).lower(),
                "n_passages": ind.n_passages,
                "best_score": ind.best_score,
                "evidence_pages": ";".join(str(p) for p in dict.fromkeys(e.page for e in ind.evidence)),
                "top_evidence": ind.evidence[0].text[:300] if ind.evidence else "",
                "measured_lang": ind.reliability.lang if ind.reliability else "",
                "measured_precision": ind.reliability.precision if ind.reliability else "",
                "measured_recall": ind.reliability.recall if ind.reliability else "",
            }
        )
    return rows


def to_csv(report: DocumentReport) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(report))
    return buf.getvalue()


@lru_cache(maxsize=1)
def _env():  # type: ignore[no-untyped-def]
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("analyser.report", "templates"),
        # templates are named *.html.j2: escape those, never the Markdown one
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(template: str, report: DocumentReport) -> str:
    dims: dict[str, list] = {}
    for ind in report.indicators:
        dims.setdefault(ind.dimension, []).append(ind)
    return _env().get_template(template).render(r=report, dims=dims, dim_names=DIMENSION_NAMES)


def to_markdown(report: DocumentReport) -> str:
    return _render("scorecard.md.j2", report)


def to_html(report: DocumentReport) -> str:
    return _render("scorecard.html.j2", report)


def render(report: DocumentReport, fmt: str) -> str:
    renderers = {"json": to_json, "csv": to_csv, "md": to_markdown, "html": to_html}
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}; available: {', '.join(FORMATS)}")
    return renderers[fmt](report)
