"""Composition only: ingest -> languages -> segment -> match -> annotate/flag -> report.

CLI, API and batch code call these functions; none of them holds analysis logic."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analyser import __version__
from analyser.config import AnalyserConfig
from analyser.errors import IngestError
from analyser.ids import doc_id, text_hash
from analyser.ingest import read_document
from analyser.lang import detect_language, detect_page_languages
from analyser.match import Encoder, Matcher, create_matcher
from analyser.reliability import ReliabilityCard, attach, find_card
from analyser.score import annotate, flag_indicators
from analyser.segment import SentenceSplitter, segment
from analyser.taxonomy import Taxonomy, load_taxonomy
from analyser.types import DocStatus, DocumentInfo, DocumentReport, Passage, PassageScores


@dataclass(frozen=True)
class Resources:
    """Loaded, reusable components. Build once per process; models load on warm_up()."""

    config: AnalyserConfig
    taxonomy: Taxonomy
    matcher: Matcher
    splitter: SentenceSplitter
    # held-out figures of this exact configuration, shown next to each verdict (None: unmeasured)
    card: ReliabilityCard | None = None

    def warm_up(self) -> None:
        self.matcher.warm_up(self.taxonomy)


def build_resources(
    config: AnalyserConfig | dict | str | Path | None = None,
    *,
    encoder: Encoder | None = None,
    splitter: SentenceSplitter | None = None,
) -> Resources:
    cfg = AnalyserConfig.resolve(config)
    taxonomy = load_taxonomy(cfg.taxonomy)
    matcher = create_matcher(cfg.match, encoder)
    card = find_card(
        getattr(matcher, "model_path", None), matcher=matcher.id, model=matcher.model_name,
        taxonomy_version=taxonomy.version, passage_threshold=cfg.score.passage_threshold,
    )
    return Resources(
        config=cfg, taxonomy=taxonomy, matcher=matcher, splitter=splitter or SentenceSplitter(cfg.segment.splitter), card=card
    )


def score_passages(passages: Sequence[Passage], resources: Resources) -> tuple[PassageScores, ...]:
    """Match + annotate: the per-passage half of the analysis (used by score-passages too)."""
    matches = resources.matcher.match([p.text for p in passages], [p.passage_id for p in passages], resources.taxonomy)
    return annotate(passages, matches, resources.taxonomy)


def passages_from_texts(records: Sequence[tuple[str, str, str | None]]) -> tuple[Passage, ...]:
    """(id, text, lang?) records -> Passage records for scoring outside a PDF."""
    out = []
    for rid, text, lang in records:
        out.append(
            Passage(
                passage_id=str(rid),
                doc_id=text_hash(text),
                page=1,
                char_start=0,
                char_end=max(len(text), 1),
                text=text,
                lang=lang or detect_language(text),
            )
        )
    return tuple(out)


def analyse_pdf(source: str | Path | bytes, resources: Resources, *, file: str | None = None) -> DocumentReport:
    """Analyse one PDF. Raises an IngestError subclass when the file cannot be read."""
    cfg = resources.config
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    doc = read_document(source, cfg.ingest, file=file)
    timings["ingest"] = time.perf_counter() - t0
    t = time.perf_counter()
    doc = detect_page_languages(doc)
    timings["language"] = time.perf_counter() - t
    t = time.perf_counter()
    passages = segment(doc, resources.splitter, cfg.segment)
    timings["segment"] = time.perf_counter() - t
    t = time.perf_counter()
    resources.warm_up()
    timings["warm_up"] = time.perf_counter() - t
    t = time.perf_counter()
    scored = score_passages(passages, resources)
    timings["match"] = time.perf_counter() - t
    t = time.perf_counter()
    results = attach(flag_indicators(scored, resources.taxonomy, cfg.score), resources.card, doc.languages)
    timings["flag"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    status = DocStatus.OK_WITH_WARNINGS if doc.warnings else DocStatus.OK
    info = DocumentInfo(
        id=doc.doc_id,
        file=doc.file,
        pages=doc.n_pages,
        languages=doc.languages,
        status=status,
        message="; ".join(doc.warnings),
        warnings=doc.warnings,
        taxonomy_version=resources.taxonomy.version,
        model=f"{resources.matcher.id}:{resources.matcher.model_name}",
        engine=doc.engine,
        ocr_pages=doc.ocr_pages,
        n_passages=len(passages),
        returnee_mentions=sum(1 for s in scored if s.returnee in ("targeted", "context")),
        adjacent_mentions=sum(1 for s in scored if s.returnee == "adjacent"),
    )
    return _report(info, resources, results, {k: round(v, 4) for k, v in timings.items()})


def analyse_pdf_safely(source: str | Path | bytes, resources: Resources, *, file: str | None = None) -> DocumentReport:
    """Like analyse_pdf, but an unreadable input becomes a report with a failure status and
    an actionable message instead of an exception: batch runs and the API never lose a file."""
    try:
        return analyse_pdf(source, resources, file=file)
    except IngestError as exc:
        if isinstance(source, (str, Path)):
            name = file or Path(source).name
            try:
                ident = doc_id(Path(source).read_bytes())
            except OSError:
                ident = ""
        else:
            name, ident = file or "document.pdf", doc_id(source)
        info = DocumentInfo(
            id=ident,
            file=name,
            pages=0,
            languages=(),
            status=exc.status,
            message=str(exc),
            taxonomy_version=resources.taxonomy.version,
            model=f"{resources.matcher.id}:{resources.matcher.model_name}",
            engine=resources.config.ingest.engine,
        )
        return _report(info, resources, (), {})


def _report(info: DocumentInfo, resources: Resources, results: tuple, timings: dict[str, float]) -> DocumentReport:
    return DocumentReport(
        analyser_version=__version__,
        document=info,
        config=resources.config.echo(),
        config_hash=resources.config.config_hash(),
        indicators=results,
        timings=timings,
    )
