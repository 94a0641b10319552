"""The FastAPI application: create_app() builds it (no model is loaded here; analysis runs
in worker processes, api/worker.py). Serve with `analyser serve`, or
`uvicorn api.app:create_app --factory` with ANALYSER_* variables (api/config.py)."""


import json
import re
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from analyser import __version__
from api import schemas
from api.auth import Principal, authenticate
from api.blobs import BlobStore, UploadTooLargeError
from api.config import ServiceConfig
from api.errors import install_error_handlers
from api.limits import TokenBucket, UploadSizeLimit, estimate_pages, is_pdf, retry_after
from api.store import CoverageFilters, NotFoundError, QueueFullError, Store

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"
NOT_FOUND = "document not found"
ERRORS = {
    401: {"model": schemas.Error, "description": "missing, invalid or revoked API key"},
    404: {"model": schemas.Error, "description": "not found (or another organisation's)"},
    422: {"model": schemas.Error, "description": "invalid parameters"},
    429: {"model": schemas.Error, "description": "rate limited; see Retry-After"},
}
# metadata values end up in CSV cells and file names: printable text of a sane length
_TEXT = r"^[^\x00-\x1f\x7f]*$"
_CODE = re.compile(r"^[A-Za-z0-9._-]+$")
# comma-separated filter values, declared in the schema so clients (and fuzzers) know the rule
LIST = r"^[A-Za-z0-9._, -]*$"  # ids: status, indicator, dimension
TEXT_LIST = _TEXT  # metadata values: country, sector (free text such as "social protection")
YEARS = r"^ *([1-9][0-9]{3} *(, *[1-9][0-9]{3} *)*,? *)?$"


def _taxonomy_out(config: ServiceConfig) -> tuple[schemas.TaxonomyOut, tuple[str, ...], dict[str, str]]:
    from analyser.config import AnalyserConfig
    from analyser.taxonomy import load_taxonomy

    tax = load_taxonomy(AnalyserConfig.resolve(config.analyser_config).taxonomy)
    dims = []
    for dim in tax.dimensions:
        inds = [
            schemas.IndicatorOut(
                id=i.id, name_en=i.name.get("en"), name_fr=i.name.get("fr"),
                definition_en=i.definition.get("en"), definition_fr=i.definition.get("fr"), scope=i.scope,
            )
            for i in tax.indicators
            if i.dimension == dim.id
        ]
        dims.append(schemas.DimensionOut(id=dim.id, name_en=dim.name.get("en"), name_fr=dim.name.get("fr"), indicators=inds))
    return schemas.TaxonomyOut(version=tax.version, dimensions=dims), tax.ids, {i.id: i.dimension for i in tax.indicators}


def _split(value: str | None, what: str, strict: bool = False) -> tuple[str, ...]:
    """Comma-separated filter values (country=SEN,CIV); strict ones are ids."""
    if not value:
        return ()
    parts = tuple(dict.fromkeys(p.strip() for p in value.split(",") if p.strip()))
    bad = [p for p in parts if strict and not _CODE.match(p)]
    if bad:
        raise HTTPException(422, f"{what}: invalid value {bad[0][:40]!r} (letters, digits, '.', '_' and '-' only)")
    return parts


def _split_years(value: str | None) -> tuple[int, ...]:
    out = []
    for part in _split(value, "year"):
        if not part.isdigit() or not 1000 <= int(part) <= 9999:
            raise HTTPException(422, f"year: {part!r} is not a four-digit year")
        out.append(int(part))
    return tuple(out)


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    config = config or ServiceConfig.from_env()
    store = Store(config.db_path)
    blobs = BlobStore(config.data_dir / "blobs")
    bucket = TokenBucket(config.rate_per_min)
    taxonomy, indicator_ids, indicator_dims = _taxonomy_out(config)

    app = FastAPI(
        title="Reintegration analyser API",
        version=__version__,
        description="Upload national strategy PDFs, follow their analysis, read the reports and the "
        "coverage of the 29 reintegration indicators across an organisation's documents. "
        "Every /v1 route except health and ready needs an API key (X-API-Key or Authorization: Bearer).",
    )
    app.state.store = store
    app.state.config = config

    def principal(request: Request) -> Principal:
        who = authenticate(store, request)
        wait = bucket.take(who.org.id)
        if wait:
            raise HTTPException(429, f"rate limit of {config.rate_per_min} requests a minute reached for this organisation",
                                headers={"Retry-After": retry_after(wait)})
        return who

    Auth = Annotated[Principal, Depends(principal)]

    install_error_handlers(app)
    app.add_middleware(UploadSizeLimit, limit=config.max_upload_bytes + 1024 * 1024, limit_mb=config.max_upload_mb)

    # -- open routes ------------------------------------------------------------------------------
    @app.get("/v1/health", response_model=schemas.Health, tags=["service"])
    def health() -> dict:
        return {"status": "ok", "version": __version__}

    @app.get("/v1/ready", response_model=schemas.Ready, tags=["service"],
             responses={503: {"model": schemas.Ready, "description": "store down or no live worker"}})
    def ready() -> JSONResponse:
        ok = store.ping()
        alive = store.workers_alive(within_s=3 * config.heartbeat_s) if ok else 0
        body = {
            "status": "ready" if ok and alive > 0 else "not_ready",
            "store": "ok" if ok else "error",
            "workers_alive": alive,
            "queued": store.queued_count() if ok else 0,
            "limits": {
                "max_upload_mb": config.max_upload_mb, "max_pages": config.max_pages, "rate_per_min": config.rate_per_min,
                "max_active_jobs": config.max_active_jobs, "lease_s": config.lease_s, "max_attempts": config.max_attempts,
            },
        }
        return JSONResponse(body, status_code=200 if body["status"] == "ready" else 503)

    # -- organisation-scoped routes -------------------------------------------------------------
    @app.get("/v1/me", response_model=schemas.Me, tags=["auth"], responses=ERRORS)
    def me(who: Auth) -> dict:
        return {"organisation": {"id": who.org.id, "name": who.org.name}, "key_id": who.key_id}

    @app.get("/v1/taxonomy", response_model=schemas.TaxonomyOut, tags=["taxonomy"], responses=ERRORS)
    def get_taxonomy(who: Auth) -> schemas.TaxonomyOut:
        return taxonomy

    @app.post(
        "/v1/documents", response_model=schemas.UploadResult, status_code=202, tags=["documents"],
        responses={
            **ERRORS,
            200: {"model": schemas.UploadResult, "description": "the same file is already in this organisation (duplicate: true)"},
            413: {"model": schemas.Error, "description": "file too large or too many pages"},
            415: {"model": schemas.Error, "description": "not a PDF (checked by content)"},
            503: {"model": schemas.Error, "description": "too many queued or running jobs; see Retry-After"},
        },
    )
    def upload(
        who: Auth,
        file: Annotated[UploadFile, File(description="the strategy PDF")],
        country: Annotated[str | None, Form(max_length=64, pattern=_TEXT)] = None,
        title: Annotated[str | None, Form(max_length=500, pattern=_TEXT)] = None,
        year: Annotated[int | None, Form(ge=1000, le=9999)] = None,
        sector: Annotated[str | None, Form(max_length=100, pattern=_TEXT)] = None,
        language: Annotated[str | None, Form(max_length=16, pattern=r"^[A-Za-z-]*$")] = None,
    ) -> JSONResponse:
        wait = bucket.take(who.org.id, config.upload_cost - 1)  # uploads weigh more than reads
        if wait:
            raise HTTPException(429, "upload rate limit reached for this organisation", headers={"Retry-After": retry_after(wait)})
        try:
            tmp, sha, size, head = blobs.receive(file.file, config.max_upload_bytes)
        except UploadTooLargeError as exc:
            raise HTTPException(413, str(exc)) from exc
        try:
            if not is_pdf(head):
                from analyser.ingest import sniff_kind

                raise HTTPException(415, f"not a PDF: the content looks like {sniff_kind(head) or 'something else'} (the file name does not matter)")
            pages = estimate_pages(str(tmp))
            if pages is not None and pages > config.max_pages:
                raise HTTPException(413, f"the PDF has about {pages} pages; the limit is {config.max_pages}")
            blobs.commit(tmp, sha)
        finally:
            tmp.unlink(missing_ok=True)
        filename = Path(file.filename or "document.pdf").name[:255] or "document.pdf"
        metadata = {"country": country, "title": title, "year": year, "sector": sector, "language": language}
        metadata = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in metadata.items()}
        try:
            doc, duplicate = store.add_document(
                who.org.id, sha256=sha, filename=filename, size=size, metadata=metadata, max_active=config.max_active_jobs
            )
        except QueueFullError as exc:
            raise HTTPException(503, str(exc), headers={"Retry-After": retry_after(config.heartbeat_s * 6)}) from exc
        return JSONResponse({"document": doc, "duplicate": duplicate}, status_code=200 if duplicate else 202)

    @app.get("/v1/documents", response_model=schemas.DocumentList, tags=["documents"], responses=ERRORS)
    def list_documents(
        who: Auth,
        country: Annotated[str | None, Query(max_length=1000, pattern=TEXT_LIST, description="comma-separated")] = None,
        year: Annotated[str | None, Query(max_length=1000, pattern=YEARS, description="comma-separated")] = None,
        sector: Annotated[str | None, Query(max_length=1000, pattern=TEXT_LIST, description="comma-separated")] = None,
        status: Annotated[str | None, Query(max_length=100, pattern=LIST, description="comma-separated: queued, running, done, failed")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    ) -> dict:
        statuses = _split(status, "status", strict=True)
        bad = set(statuses) - {"queued", "running", "done", "failed"}
        if bad:
            raise HTTPException(422, f"status: unknown value {sorted(bad)[0]!r}; choose from queued, running, done, failed")
        items, total = store.list_documents(
            who.org.id, country=_split(country, "country"), year=_split_years(year), sector=_split(sector, "sector"),
            status=statuses, limit=limit, offset=offset,
        )
        return {"items": items, "total": total}

    def _doc(who: Principal, doc_id: str) -> dict:
        try:
            return store.get_document(who.org.id, doc_id)
        except NotFoundError as exc:
            raise HTTPException(404, NOT_FOUND) from exc

    @app.get("/v1/documents/{doc_id}", response_model=schemas.Document, tags=["documents"], responses=ERRORS)
    def get_document(who: Auth, doc_id: str) -> dict:
        return _doc(who, doc_id)

    @app.delete("/v1/documents/{doc_id}", status_code=204, tags=["documents"], responses=ERRORS)
    def delete_document(who: Auth, doc_id: str) -> Response:
        try:
            store.delete_document(who.org.id, doc_id)
        except NotFoundError as exc:
            raise HTTPException(404, NOT_FOUND) from exc
        return Response(status_code=204)

    def _finished_report(who: Principal, doc_id: str) -> str:
        doc = _doc(who, doc_id)
        if doc["status"] in ("queued", "running"):
            raise HTTPException(409, f"analysis not finished (status {doc['status']})")
        report = store.get_report_json(who.org.id, doc_id)
        if doc["status"] == "failed" or report is None:
            raise HTTPException(409, f"analysis failed ({doc['doc_status'] or 'interrupted'}): {doc['message'] or 'no report'}")
        return report

    @app.get(
        "/v1/documents/{doc_id}/report", tags=["documents"],
        responses={
            **ERRORS,
            200: {"description": "the report as `analyser analyse --format FORMAT` writes it",
                  "content": {"application/json": {}, "text/csv": {}, "text/html": {}, "text/markdown": {}}},
            409: {"model": schemas.Error, "description": "analysis not finished, or failed (typed status and message)"},
        },
    )
    def get_report(who: Auth, doc_id: str, format: Literal["json", "csv", "html", "md"] = "json") -> Response:
        text = _finished_report(who, doc_id)
        if format == "json":
            return Response(text, media_type="application/json")  # stored exactly as the CLI renders it
        from analyser.report import render
        from analyser.types import DocumentReport

        rendered = render(DocumentReport.model_validate_json(text), format)
        media = {"csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}[format]
        return Response(rendered, media_type=media, headers={"Content-Disposition": f'attachment; filename="{doc_id}.{format}"'})

    @app.get(
        "/v1/documents/{doc_id}/indicators/{indicator_id}/evidence", response_model=schemas.EvidenceOut, tags=["documents"],
        responses={**ERRORS, 409: {"model": schemas.Error, "description": "analysis not finished or failed"}},
    )
    def get_evidence(who: Auth, doc_id: str, indicator_id: str) -> dict:
        report = json.loads(_finished_report(who, doc_id))
        for ind in report.get("indicators", []):
            if ind["id"] == indicator_id:
                evidence = ind.pop("evidence", [])
                return {"document_id": doc_id, "indicator": ind, "evidence": evidence}
        raise HTTPException(404, f"unknown indicator {indicator_id[:60]!r}; see /v1/taxonomy for the ids")

    @app.get(
        "/v1/coverage", response_model=schemas.Coverage, tags=["coverage"],
        responses={**ERRORS, 200: {"description": "JSON (schema below) or CSV, one row per (document, indicator)",
                                   "content": {"application/json": {}, "text/csv": {}}}},
    )
    def coverage(
        who: Auth,
        country: Annotated[str | None, Query(max_length=1000, pattern=TEXT_LIST, description="comma-separated, e.g. SEN,CIV")] = None,
        year: Annotated[str | None, Query(max_length=1000, pattern=YEARS, description="comma-separated years")] = None,
        sector: Annotated[str | None, Query(max_length=1000, pattern=TEXT_LIST, description="comma-separated")] = None,
        indicator: Annotated[str | None, Query(max_length=2000, pattern=LIST, description="comma-separated indicator ids")] = None,
        dimension: Annotated[str | None, Query(max_length=100, pattern=LIST, description="comma-separated: ECO, SOC, PSY, STR")] = None,
        min_level: Annotated[int, Query(ge=0, le=3)] = 0,
        format: Literal["json", "csv"] = "json",
    ) -> Response:
        inds, dims = _split(indicator, "indicator", strict=True), _split(dimension, "dimension", strict=True)
        unknown = [i for i in inds if i not in indicator_dims] or [d for d in dims if d not in set(indicator_dims.values())]
        if unknown:
            raise HTTPException(422, f"unknown indicator or dimension {unknown[0]!r}; see /v1/taxonomy")
        f = CoverageFilters(
            country=_split(country, "country"), year=_split_years(year), sector=_split(sector, "sector"),
            indicator=inds, dimension=dims, min_level=min_level,
        )
        if format == "csv":
            return Response(store.coverage_csv(who.org.id, f), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="coverage.csv"'})
        docs, rows, summary = store.coverage_json_parts(who.org.id, f)
        ids = [i for i in indicator_ids if (not inds or i in inds) and (not dims or indicator_dims[i] in dims)]
        filters = {"country": list(f.country), "year": list(f.year), "sector": list(f.sector), "indicator": list(inds),
                   "dimension": list(dims), "min_level": min_level}
        # the row arrays come from SQLite as JSON text and are spliced in as they are
        body = (
            f'{{"filters": {json.dumps(filters)}, "documents": {docs}, "indicators": {json.dumps(ids)}, '
            f'"rows": {rows}, "summary": {summary}}}'
        )
        return Response(body, media_type="application/json")

    if STATIC_DIR.is_dir():
        from fastapi.staticfiles import StaticFiles

        # mounted last so that /v1, /docs and /openapi.json win
        app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="web")
    return app
