"""Response models: the public contract (docs/api.md), precise in the OpenAPI schema.
Store rows are mapped to these, never returned as they are."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

JobStatus = Literal["queued", "running", "done", "failed"]


class Error(BaseModel):
    detail: str


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class Ready(BaseModel):
    status: Literal["ready", "not_ready"]
    store: Literal["ok", "error"]
    workers_alive: int
    queued: int
    limits: dict[str, float | int]


class OrganisationOut(BaseModel):
    id: str
    name: str


class Me(BaseModel):
    organisation: OrganisationOut
    key_id: str


class Progress(BaseModel):
    stage: str
    fraction: float = Field(ge=0.0, le=1.0)


class Document(BaseModel):
    id: str
    filename: str
    sha256: str
    title: str | None
    country: str | None
    year: int | None
    sector: str | None
    language: str | None
    status: JobStatus
    doc_status: str | None = Field(description="the report's status once analysed: ok, ok_with_warnings, encrypted, not_pdf, no_text, too_large, unreadable, timeout, memory_limit")
    message: str | None
    progress: Progress
    pages: int | None
    created_at: str = Field(description="ISO 8601 UTC")
    updated_at: str = Field(description="ISO 8601 UTC")
    attempts: int


class UploadResult(BaseModel):
    document: Document
    duplicate: bool


class DocumentList(BaseModel):
    items: list[Document]
    total: int


class IndicatorOut(BaseModel):
    id: str
    name_en: str | None
    name_fr: str | None
    definition_en: str | None
    definition_fr: str | None
    scope: str


class DimensionOut(BaseModel):
    id: str
    name_en: str | None
    name_fr: str | None
    indicators: list[IndicatorOut]


class TaxonomyOut(BaseModel):
    version: str
    dimensions: list[DimensionOut]


class EvidenceOut(BaseModel):
    document_id: str
    indicator: dict = Field(description="the report's indicator result (id, dimension, name, addressed, returnee_level, level_label, entry_point, n_passages, best_score)")
    evidence: list[dict] = Field(description="the report's evidence objects (page, section, text, score, returnee, part, anchors, ...)")


class CoverageDocument(BaseModel):
    id: str
    title: str | None
    country: str | None
    year: int | None
    sector: str | None
    filename: str


class CoverageRow(BaseModel):
    document_id: str
    indicator: str
    dimension: str
    addressed: bool
    returnee_level: int = Field(ge=0, le=3)
    level_label: str
    entry_point: bool
    n_passages: int
    best_score: float | None
    evidence_pages: list[int]


class CoverageSummary(BaseModel):
    indicator: str
    documents: int
    addressed: int
    mean_level: float
    mainstreamed: int


class CoverageFiltersOut(BaseModel):
    country: list[str]
    year: list[int]
    sector: list[str]
    indicator: list[str]
    dimension: list[str]
    min_level: int


class Coverage(BaseModel):
    filters: CoverageFiltersOut
    documents: list[CoverageDocument]
    indicators: list[str]
    rows: list[CoverageRow]
    summary: list[CoverageSummary]
