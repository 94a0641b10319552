"""Command line: a thin layer over analyser.pipeline (no analysis logic here)."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from typing import Annotated, Optional

import typer

from analyser import __version__
from analyser.errors import AnalyserError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Reintegration mainstreaming analyser.")

ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="YAML/JSON config file (sections: ingest, segment, match, score).")]
TaxonomyOpt = Annotated[Optional[Path], typer.Option("--taxonomy", help="Your own taxonomy YAML instead of the bundled one.")]
MatcherOpt = Annotated[Optional[str], typer.Option("--matcher", help="calibrated.v1 (default), hybrid.v1, embedding.v1 or keyword.v1.")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", help="Embedding model: package alias, local folder or hub name.")]


def _config(config: Path | None, taxonomy: Path | None, matcher: str | None, model: str | None, engine: str | None = None):  # type: ignore[no-untyped-def]
    from analyser.config import AnalyserConfig

    cfg = AnalyserConfig.resolve(config)
    updates: dict[str, object] = {}
    if taxonomy:
        updates["taxonomy"] = str(taxonomy)
    match = {k: v for k, v in (("matcher", matcher), ("model", model)) if v}
    if match:
        updates["match"] = match
    if engine:
        updates["ingest"] = {"engine": engine}
    if updates:
        cfg = cfg.with_updates(**updates)  # type: ignore[arg-type]
    return cfg


def _resources(config: Path | None, taxonomy: Path | None, matcher: str | None, model: str | None, engine: str | None = None):  # type: ignore[no-untyped-def]
    from analyser.pipeline import build_resources

    return build_resources(_config(config, taxonomy, matcher, model, engine))


@app.command()
def analyse(
    file: Annotated[Path, typer.Argument(help="Strategy PDF to analyse.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, md, html or csv.")] = "json",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write the report here instead of stdout.")] = None,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    matcher: MatcherOpt = None,
    model: ModelOpt = None,
    engine: Annotated[Optional[str], typer.Option("--engine", help="pdfium (fast, default) or pdfplumber.")] = None,
) -> None:
    """Analyse one strategy PDF and print or write its scorecard."""
    from analyser.pipeline import analyse_pdf_safely
    from analyser.report import FORMATS, render
    from analyser.types import DocStatus

    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", param_hint="--format")
    if not file.is_file():
        raise typer.BadParameter(f"{file} does not exist or is not a file", param_hint="FILE")
    resources = _resources(config, taxonomy, matcher, model, engine)
    report = analyse_pdf_safely(file, resources)
    text = render(report, fmt)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    status = report.document.status
    if status not in (DocStatus.OK, DocStatus.OK_WITH_WARNINGS):
        typer.echo(f"{status.value}: {report.document.message}", err=True)
        raise typer.Exit(2)
    if status == DocStatus.OK_WITH_WARNINGS:
        typer.echo(f"warning: {report.document.message}", err=True)
    if out:
        typer.echo(f"wrote {fmt} report to {out}", err=True)


@app.command("score-passages")
def score_passages_cmd(
    inp: Annotated[Path, typer.Option("--in", help="JSONL, one {\"id\", \"text\", \"lang\"?} per line ('-' for stdin).")],
    out: Annotated[Path, typer.Option("--out", help="JSONL output ('-' for stdout).")],
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    matcher: MatcherOpt = None,
    model: ModelOpt = None,
) -> None:
    """Score free-standing passages (pipelines, evaluation). Each output line:
    {"id", "indicators": [addressed ids], "returnee", "scores": {id: score}}."""
    from analyser.pipeline import passages_from_texts, score_passages

    lines = sys.stdin.read().splitlines() if str(inp) == "-" else inp.read_text(encoding="utf-8").splitlines()
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            records.append((str(obj["id"]), str(obj["text"]), obj.get("lang")))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise typer.BadParameter(f"line {n}: expected a JSON object with 'id' and 'text' ({exc})", param_hint="--in") from exc
    resources = _resources(config, taxonomy, matcher, model)
    threshold = resources.config.score.passage_threshold
    scored = score_passages(passages_from_texts(records), resources)
    rows = [
        json.dumps(
            {
                "id": s.passage.passage_id,
                "indicators": [i for i in resources.taxonomy.ids if s.scores.get(i, 0.0) >= threshold],
                "returnee": s.returnee,
                "scores": s.scores,
                "part": s.part,
                "anchors": list(s.anchors),
            },
            ensure_ascii=False,
        )
        for s in scored
    ]
    text = "\n".join(rows) + ("\n" if rows else "")
    if str(out) == "-":
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"scored {len(rows)} passages -> {out}", err=True)


@app.command()
def batch(
    source: Annotated[Path, typer.Argument(help="Folder of PDFs (searched recursively) or a manifest CSV (file, country, year, sector, title).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder: reports/, coverage_matrix.csv, summary.md, heatmap.png, failures.csv.")],
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", min=1, help="Worker processes (default: one per core; each holds the models, about 1.1 GiB).")] = None,
    cluster: Annotated[Optional[str], typer.Option("--cluster", help="Dask scheduler address (tcp://host:8786), or 'local' for a local Dask cluster of --workers processes.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds one document may take before its worker is killed (status timeout).")] = 300.0,
    max_memory_mb: Annotated[int, typer.Option("--max-memory-mb", min=64, help="Resident memory (MiB) a worker may use on one document before it is killed (status memory_limit).")] = 3072,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    matcher: MatcherOpt = None,
    model: ModelOpt = None,
    engine: Annotated[Optional[str], typer.Option("--engine", help="pdfium (fast, default) or pdfplumber.")] = None,
) -> int:
    """Analyse a whole archive: resumable (run it again after an interruption), parallel,
    one isolated worker process per document at a time. Exit 0 when every document has a
    report or a failure row, 1 when some are left to a later run, 2 when the batch cannot run."""
    from analyser.batch.run import BatchOptions, run_batch

    cfg = _config(config, taxonomy, matcher, model, engine)
    options = BatchOptions(workers=workers, cluster=cluster, timeout=timeout, max_memory_mb=max_memory_mb)

    def _stop(signum, frame):  # type: ignore[no-untyped-def]  # SIGTERM: stop like Ctrl-C, workers included
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _stop) if threading.current_thread() is threading.main_thread() else None
    try:
        result = run_batch(source, out, cfg, options)
    except KeyboardInterrupt:
        typer.echo("interrupted: run the same command again to resume", err=True)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    failed = ", ".join(f"{n} {s}" for s, n in sorted(result.statuses.items()) if s not in ("ok", "ok_with_warnings"))
    rate = f", {result.pages_per_minute:.0f} pages/min" if result.analysed else ""
    typer.echo(
        f"batch: {result.entries} entries, {result.analysed} analysed now, {result.skipped} already done{rate}; "
        f"not finished: {failed or 'none'}; outputs in {result.out_dir}",
        err=True,
    )
    if result.pending:
        typer.echo(
            f"{len(result.pending)} documents could not be finished this time (see batch-state/run-log.jsonl); "
            "run the same command again for them",
            err=True,
        )
        return 1
    return 0


@app.command()
def evaluate(
    gold: Annotated[Optional[list[str]], typer.Option("--gold", help="Gold JSONL file, folder or glob (repeatable; default corpora/gold/).")] = None,
    by: Annotated[str, typer.Option("--by", help="Breakdowns, comma-separated: lang, indicator, document.")] = "lang",
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Folder of the real PDFs gold pointers refer to (default ../shared/corpora/real or $ANALYSER_REAL_CORPUS).")] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, help="Grouped cross-validation folds for held-out figures (fitted matchers).")] = 5,
    trap_docs: Annotated[bool, typer.Option("--trap-docs", help="Also analyse the corpus manifest's trap documents whole (returnee levels must stay 0).")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    json_out: Annotated[Optional[Path], typer.Option("--json-out", help="Also write the JSON figures here.")] = None,
    card_out: Annotated[Optional[Path], typer.Option("--card-out", help="Also write the reliability card that reports show per indicator (held-out figures per language; needs --by lang,indicator). Reports use it when it lies beside the calibration file as <name>.card.json.")] = None,
    taxonomy: TaxonomyOpt = None,
    config: ConfigOpt = None,
    matcher: MatcherOpt = None,
    model: ModelOpt = None,
) -> None:
    """Precision, recall and F1 against gold passages (text or pointer records), in-sample
    and held out by document, through the same scoring path as score-passages."""
    from analyser.evaluate import BREAKDOWNS, evaluate_run, format_table, load_gold_set, trap_documents
    from analyser.reliability import card_from_evaluation, file_sha256

    parts = tuple(p.strip() for p in by.split(",") if p.strip())
    if set(parts) - set(BREAKDOWNS):
        raise typer.BadParameter(f"unknown breakdown in {by!r}; choose from {', '.join(BREAKDOWNS)}", param_hint="--by")
    if fmt not in ("table", "json"):
        raise typer.BadParameter("choose table or json", param_hint="--format")
    if card_out and not {"lang", "indicator"} <= set(parts):
        raise typer.BadParameter("--card-out needs per-language, per-indicator figures: add --by lang,indicator", param_hint="--card-out")
    gold_set = load_gold_set(gold or [str(Path(__file__).resolve().parents[1] / "corpora" / "gold")], corpus=corpus)
    for msg in gold_set.messages:
        typer.echo(f"warning: {msg}", err=True)
    resources = _resources(config, taxonomy, matcher, model)
    report = evaluate_run(gold_set, resources, folds=folds, by=parts)
    if trap_docs:
        report["trap_documents"] = trap_documents(resources, corpus)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(text + "\n", encoding="utf-8")
    if card_out:
        model_path = getattr(resources.matcher, "model_path", None)
        if model_path is None or "folds" not in report:
            raise typer.BadParameter(f"{resources.matcher.id} fits nothing, so it has no held-out figures for a card", param_hint="--card-out")
        card = card_from_evaluation(report, calibration_sha256=file_sha256(model_path), taxonomy_version=resources.taxonomy.version)
        card_out.parent.mkdir(parents=True, exist_ok=True)
        card_out.write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write((text if fmt == "json" else format_table(report, parts)) + "\n")


DataDirOpt = Annotated[Optional[Path], typer.Option("--data-dir", help="API data directory (default $ANALYSER_DATA_DIR or ./analyser-data).")]
org_app = typer.Typer(no_args_is_help=True, help="Organisations of the HTTP API.")
key_app = typer.Typer(no_args_is_help=True, help="API keys (stored hashed; shown once at creation).")
app.add_typer(org_app, name="org")
app.add_typer(key_app, name="key")


def _api_store(data_dir: Path | None):  # type: ignore[no-untyped-def]
    from api.config import ServiceConfig
    from api.store import Store

    return Store(ServiceConfig.from_env(data_dir=data_dir).db_path)


def _store_call(fn):  # type: ignore[no-untyped-def]
    from api.store import StoreError

    try:
        return fn()
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=0, help="Analysis worker processes (each loads the models).")] = 1,
    data_dir: DataDirOpt = None,
    matcher: MatcherOpt = None,
    config: ConfigOpt = None,
) -> None:
    """HTTP API (docs at /docs) plus worker processes, restarted when they die (api/)."""
    from api.config import ServiceConfig
    from api.supervisor import serve as run

    run(ServiceConfig.from_env(data_dir=data_dir, workers=workers, matcher=matcher, analyser_config=config), host=host, port=port)


@org_app.command("create")
def org_create(name: Annotated[str, typer.Argument(help="Organisation name (unique).")], data_dir: DataDirOpt = None) -> None:
    """Create an organisation; prints its id."""
    org = _store_call(lambda: _api_store(data_dir).create_org(name))
    typer.echo(f"{org.id}\t{org.name}")


@org_app.command("list")
def org_list(data_dir: DataDirOpt = None) -> None:
    """List organisations (id, name)."""
    for org in _api_store(data_dir).list_orgs():
        typer.echo(f"{org.id}\t{org.name}")


@key_app.command("create")
def key_create(org: Annotated[str, typer.Argument(help="Organisation id or name.")], data_dir: DataDirOpt = None) -> None:
    """Create an API key for an organisation; prints the key once (only its hash is kept)."""
    key_id, key = _store_call(lambda: _api_store(data_dir).create_key(org))
    typer.echo(key)
    typer.echo(f"key id {key_id}: store the key now, it cannot be shown again", err=True)


@key_app.command("revoke")
def key_revoke(key_id: Annotated[str, typer.Argument(help="Key id (the 8 characters after ra_).")], data_dir: DataDirOpt = None) -> None:
    """Revoke an API key; requests with it answer 401 from now on."""
    info = _store_call(lambda: _api_store(data_dir).revoke_key(key_id))
    typer.echo(f"{info.id}\t{info.org_name}\trevoked {info.revoked_at}")


@key_app.command("list")
def key_list(org: Annotated[Optional[str], typer.Argument(help="Organisation id or name (default: all).")] = None, data_dir: DataDirOpt = None) -> None:
    """List keys: id, organisation, created, revoked."""
    for k in _store_call(lambda: _api_store(data_dir).list_keys(org)):
        typer.echo(f"{k.id}\t{k.org_name}\t{k.created_at}\t{'revoked ' + k.revoked_at if k.revoked_at else 'active'}")


@app.command()
def version() -> None:
    """Print the analyser version."""
    typer.echo(__version__)


def main(argv: list[str] | None = None) -> int:
    """Entry point; callable from tests with an argument list. Returns the exit code."""
    try:
        rv = app(args=argv, standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        return 130
    except AnalyserError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    except Exception as exc:
        # usage errors (bad option, missing file, bad input line) come from the click copy
        # typer bundles; they know how to print themselves and their exit code
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            return exc.exit_code
        raise
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
