"""ServiceConfig: the API's own settings (data dir, limits, workers), separate from the
AnalyserConfig that every report echoes. Read from ANALYSER_* environment variables so
`uvicorn api.app:create_app --factory` and worker processes agree without arguments."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

ENV_PREFIX = "ANALYSER_"


class ServiceConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path = Path("analyser-data")
    max_upload_mb: int = Field(64, ge=1)
    # checked on a cheap byte-level page count at upload; the pipeline enforces the exact limit
    max_pages: int = Field(2000, ge=1)
    rate_per_min: int = Field(120, ge=1)
    upload_cost: int = Field(5, ge=1)  # an upload spends this many tokens of the bucket
    max_active_jobs: int = Field(20, ge=1)  # queued + running per organisation
    lease_s: float = Field(60.0, gt=0)  # a job whose worker stops heartbeating is re-queued after this
    heartbeat_s: float = Field(5.0, gt=0)
    max_attempts: int = Field(3, ge=1)
    workers: int = Field(1, ge=0)
    matcher: str | None = None  # worker override of the analyser config's matcher
    analyser_config: Path | None = None  # worker: YAML/JSON AnalyserConfig file

    @property
    def db_path(self) -> Path:
        return self.data_dir / "analyser.sqlite3"

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @classmethod
    def from_env(cls, **overrides: object) -> ServiceConfig:
        """Fields from ANALYSER_<FIELD> variables (ANALYSER_DATA_DIR, ANALYSER_RATE_PER_MIN, ...),
        then explicit overrides (None values ignored)."""
        values: dict[str, object] = {}
        for name in cls.model_fields:
            raw = os.environ.get(ENV_PREFIX + name.upper())
            if raw not in (None, ""):
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            raise ValueError(f"invalid service settings (ANALYSER_* variables or options): {exc}") from exc

    def to_env(self) -> dict[str, str]:
        """The inverse of from_env, for child processes."""
        out = {}
        for name, value in self.model_dump().items():
            if value is not None:
                out[ENV_PREFIX + name.upper()] = str(value)
        return out
