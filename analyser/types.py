"""Stage records: one immutable type per pipeline boundary.

ingest -> SourceDocument (pages of clean text with headings)
segment -> Passage (a few sentences with page, section path and offsets)
match -> PassageScores (a score per indicator, lexical hits, target group, anchors)
score -> IndicatorResult (flags per indicator with evidence)
report -> DocumentReport (what every output format renders)
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DocStatus(str, Enum):
    """Final status of one document; every input ends with exactly one."""

    OK = "ok"
    OK_WITH_WARNINGS = "ok_with_warnings"
    ENCRYPTED = "encrypted"
    NOT_PDF = "not_pdf"
    NO_TEXT = "no_text"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    # limits enforced by the isolated parser (analyser/ingest/isolate.py) and batch workers
    TIMEOUT = "timeout"  # parsing or analysis exceeded its wall-clock limit
    MEMORY_LIMIT = "memory_limit"  # parsing or analysis exceeded its memory limit


ReturneeClass = Literal["targeted", "context", "adjacent", "none"]
DocPart = Literal["normative", "diagnostic"]
AnchorKind = Literal["institution", "target", "budget", "timeframe"]


class Heading(Record):
    text: str
    level: int = Field(ge=1, le=6)
    char_start: int = Field(ge=0)


class Page(Record):
    """Clean text of one page. Offsets of passages and headings index into `text`."""

    number: int = Field(ge=1)
    text: str
    headings: tuple[Heading, ...] = ()
    lang: str = "und"
    columns: int = 1
    # 'toc' and 'glossary' pages list headings or acronyms, not content: not segmented.
    role: Literal["body", "toc", "glossary"] = "body"
    warnings: tuple[str, ...] = ()


class SourceDocument(Record):
    doc_id: str
    file: str
    n_pages: int = Field(ge=0)
    pages: tuple[Page, ...]
    engine: str
    warnings: tuple[str, ...] = ()
    ocr_pages: tuple[int, ...] = ()  # pages whose text comes from OCR

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages by number of characters, most frequent first."""
        sizes: dict[str, int] = {}
        for p in self.pages:
            if p.text.strip() and p.lang != "und":
                sizes[p.lang] = sizes.get(p.lang, 0) + len(p.text)
        return tuple(sorted(sizes, key=lambda k: -sizes[k]))


class Passage(Record):
    passage_id: str
    doc_id: str
    page: int = Field(ge=1)
    section: tuple[str, ...] = ()
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    text: str
    lang: str = "und"

    @model_validator(mode="after")
    def _span(self) -> Passage:
        if not self.char_start < self.char_end:
            raise ValueError(f"empty passage span {self.char_start}..{self.char_end}")
        return self


class TargetMention(Record):
    """A target-group term found in text (core returnee, adjacent or excluded group)."""

    group: Literal["core", "adjacent", "excluded"]
    term: str
    start: int
    end: int


class PassageScores(Record):
    passage: Passage
    scores: dict[str, float]  # indicator id -> combined score in [0, 1]
    semantic: dict[str, float] = {}  # indicator id -> raw similarity (for audit/calibration)
    lexical: dict[str, tuple[str, ...]] = {}  # indicator id -> matched keywords
    returnee: ReturneeClass = "none"
    returnee_terms: tuple[str, ...] = ()
    part: DocPart = "diagnostic"
    anchors: tuple[AnchorKind, ...] = ()


class Evidence(Record):
    page: int
    section: str
    text: str
    score: float = Field(ge=0.0, le=1.0)
    returnee: ReturneeClass
    part: DocPart
    anchors: tuple[AnchorKind, ...] = ()
    keywords: tuple[str, ...] = ()
    returnee_terms: tuple[str, ...] = ()
    passage_id: str
    char_start: int
    char_end: int


LEVEL_LABELS = {
    0: "absent",
    1: "acknowledged",
    2: "partially mainstreamed",
    3: "mainstreamed",
}


class Reliability(Record):
    """Held-out figures of this indicator in one language, for the configuration that made
    the report (analyser/reliability.py): how often a passage flagged for it is right
    (precision) and how many of its passages are found (recall)."""

    lang: str
    precision: float = Field(ge=0.0, le=1.0)
    recall: float = Field(ge=0.0, le=1.0)
    f1: float = Field(ge=0.0, le=1.0)
    gold_passages: int = Field(ge=0)  # labelled passages of this indicator in this language
    basis: str


class IndicatorResult(Record):
    id: str
    dimension: str
    name: str
    addressed: bool
    returnee_level: int = Field(ge=0, le=3)
    level_label: str
    entry_point: bool  # addressed for anyone, but not for returnees
    n_passages: int = Field(ge=0)  # passages at or above the addressed threshold
    best_score: float = Field(ge=0.0, le=1.0)
    evidence: tuple[Evidence, ...] = ()
    # measured reliability in the document's language; None when nothing was measured for
    # this configuration or language
    reliability: Reliability | None = None


class DocumentInfo(Record):
    id: str
    file: str
    pages: int
    languages: tuple[str, ...]
    status: DocStatus
    message: str = ""
    warnings: tuple[str, ...] = ()
    taxonomy_version: str
    model: str
    engine: str = ""
    ocr_pages: tuple[int, ...] = ()
    n_passages: int = 0
    returnee_mentions: int = 0  # passages naming core returnees
    adjacent_mentions: int = 0  # passages naming only adjacent groups


class DocumentReport(Record):
    schema_version: str = "1.0"
    analyser_version: str
    document: DocumentInfo
    config: dict[str, object]
    config_hash: str
    indicators: tuple[IndicatorResult, ...] = ()
    timings: dict[str, float] = {}
