"""The indicator taxonomy: a versioned YAML data file, validated on load."""

from __future__ import annotations

import hashlib
import re
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from analyser.errors import TaxonomyError

REQUIRED_LANGS = ("en", "fr")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Dimension(_Model):
    id: str
    name: dict[str, str]
    description: dict[str, str] = {}


class Indicator(_Model):
    id: str = Field(pattern=r"^[A-Z]{2,5}\.[A-Z0-9_]+$")
    dimension: str
    name: dict[str, str]
    definition: dict[str, str]
    prototypes: dict[str, tuple[str, ...]]
    keywords: dict[str, tuple[str, ...]] = {}
    # 'migration': only passages about migration, return or reintegration can address it
    # (structural indicators describe reintegration governance, not sector governance).
    scope: Literal["general", "migration"] = "general"
    sources: tuple[str, ...] = ()
    sdg: tuple[str, ...] = ()
    gcm: tuple[str, ...] = ()

    @field_validator("name", "definition", "prototypes")
    @classmethod
    def _bilingual(cls, value: dict) -> dict:
        missing = [lang for lang in REQUIRED_LANGS if not value.get(lang)]
        if missing:
            raise ValueError(f"missing or empty language(s): {', '.join(missing)}")
        return value

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name["en"]


class Taxonomy(_Model):
    version: str
    name: dict[str, str]
    description: dict[str, str] = {}
    dimensions: tuple[Dimension, ...]
    indicators: tuple[Indicator, ...]
    source: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)

    def get(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise TaxonomyError(f"unknown indicator; available: {', '.join(self.ids)}", indicator_id=indicator_id)

    @cached_property
    def keyword_patterns(self) -> dict[str, re.Pattern[str]]:
        """One compiled alternation per indicator over all languages' keywords."""
        out = {}
        for ind in self.indicators:
            alts = [k for kws in ind.keywords.values() for k in kws]
            if alts:
                out[ind.id] = re.compile(r"\b(?:" + "|".join(f"(?:{k})" for k in alts) + r")\b", re.IGNORECASE)
        return out

    @cached_property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.model_dump_json(exclude={"source"}).encode()).hexdigest()[:12]


def load_taxonomy(path: str | Path) -> Taxonomy:
    path = Path(path)
    if not path.is_file():
        raise TaxonomyError("taxonomy file not found; pass an existing YAML file with --taxonomy", path=str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"not valid YAML: {exc}", path=str(path)) from exc
    if not isinstance(data, dict):
        raise TaxonomyError("expected a mapping with version, name, dimensions, indicators", path=str(path))
    try:
        tax = Taxonomy.model_validate({**data, "source": str(path)})
    except ValidationError as exc:
        raise TaxonomyError(f"invalid taxonomy: {exc}", path=str(path)) from exc
    validate_taxonomy(tax)
    return tax


def validate_taxonomy(tax: Taxonomy) -> None:
    path = tax.source
    seen: set[str] = set()
    dims = {d.id for d in tax.dimensions}
    if len(dims) != len(tax.dimensions):
        raise TaxonomyError("duplicate dimension ids", path=path)
    for ind in tax.indicators:
        if ind.id in seen:
            raise TaxonomyError("duplicate indicator id", path=path, indicator_id=ind.id)
        seen.add(ind.id)
        if ind.dimension not in dims:
            raise TaxonomyError(f"unknown dimension {ind.dimension!r}; declared: {', '.join(sorted(dims))}", path=path, indicator_id=ind.id)
        for lang, kws in ind.keywords.items():
            for k in kws:
                try:
                    rx = re.compile(r"\b(?:" + k + r")\b", re.IGNORECASE)
                except re.error as exc:
                    raise TaxonomyError(f"keyword {k!r} ({lang}) is not a valid regular expression: {exc}", path=path, indicator_id=ind.id) from exc
                if re.fullmatch(f"(?:{k})", "", re.IGNORECASE) is not None:
                    # an optional-only pattern would count as a hit at every word boundary
                    raise TaxonomyError(f"keyword {k!r} ({lang}) matches empty text", path=path, indicator_id=ind.id)
                del rx
    if not tax.indicators:
        raise TaxonomyError("no indicators", path=path)
