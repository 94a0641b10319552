"""How often a verdict is right: the held-out figures of the configuration that produced it.

An adviser who reads "employment: not addressed" needs to know how often the analyser misses
employment passages. `analyser evaluate --card-out FILE` turns its held-out measurement
(docs/quality.md) into a small card stored next to the calibration model; the pipeline then
gives every indicator of a report the precision, recall and F1 measured for that indicator in
the document's main language. A card applies only to the calibration file (by sha256),
taxonomy version, encoder and passage threshold it was measured with: a retrained model or a
changed threshold gets no figures rather than stale ones.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analyser.errors import ConfigError
from analyser.types import IndicatorResult, Reliability

CARD_FORMAT = "reliability.v1"
LANGS = ("en", "fr")  # the languages with labelled passages; others get no figures


def card_path(calibration_path: str | Path) -> Path:
    """models/calibration/calibrated.v1.X.json -> models/calibration/calibrated.v1.X.card.json"""
    p = Path(calibration_path)
    return p.with_name(p.stem + ".card.json")


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True)
class ReliabilityCard:
    matcher: str
    model: str
    calibration_sha256: str
    taxonomy_version: str
    passage_threshold: float
    basis: str
    figures: Mapping[str, Mapping[str, Reliability]]  # indicator id -> language -> figures

    @classmethod
    def from_dict(cls, data: dict, source: str = "card") -> ReliabilityCard:
        try:
            if data.get("format") != CARD_FORMAT:
                raise ValueError(f"format is {data.get('format')!r}, expected {CARD_FORMAT!r}")
            basis = str(data["basis"])
            figures = {
                str(ind): {str(lang): Reliability(lang=str(lang), basis=basis, **vals) for lang, vals in langs.items()}
                for ind, langs in data["indicators"].items()
            }
            return cls(
                matcher=str(data["matcher"]), model=str(data["model"]), calibration_sha256=str(data["calibration_sha256"]),
                taxonomy_version=str(data["taxonomy_version"]), passage_threshold=float(data["passage_threshold"]),
                basis=basis, figures=figures,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{source}: not a {CARD_FORMAT} reliability card ({exc}); rewrite it with analyser evaluate --card-out") from exc

    @classmethod
    def load(cls, path: str | Path) -> ReliabilityCard:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read reliability card {path}: {exc}") from exc
        return cls.from_dict(data, str(path))

    def applies_to(self, *, matcher: str, model: str, calibration_sha256: str, taxonomy_version: str, passage_threshold: float) -> bool:
        return (
            (self.matcher, self.model, self.calibration_sha256, self.taxonomy_version) == (matcher, model, calibration_sha256, taxonomy_version)
            and abs(self.passage_threshold - passage_threshold) < 1e-9
        )

    def for_indicator(self, indicator_id: str, lang: str) -> Reliability | None:
        return self.figures.get(indicator_id, {}).get(lang)


def card_from_evaluation(report: Mapping, *, calibration_sha256: str, taxonomy_version: str) -> dict:
    """The card of an `analyser evaluate` report (its held-out side, per language and indicator)."""
    held = report.get("held_out")
    if not held or "folds" not in report:
        raise ConfigError("the evaluation has no held-out figures (a fitted matcher evaluated with folds is needed)")
    by_lang = report["gold"]["by_lang"]
    n = report["gold"]["n"]
    basis = (
        f"held-out: grouped {report['folds']}-fold cross-validation by document over {n:,} labelled passages "
        f"({', '.join(f'{k.upper()} {v:,}' for k, v in sorted(by_lang.items()))}); docs/quality.md"
    )
    indicators: dict[str, dict[str, dict]] = {}
    for lang in LANGS:
        for ind, m in (held.get(lang) or {}).get("per_indicator", {}).items():
            gold = int(m["tp"]) + int(m["fn"])
            if gold == 0:
                continue  # nothing measured: no figure rather than a zero recall
            indicators.setdefault(ind, {})[lang] = {
                "precision": round(float(m["precision"]), 3), "recall": round(float(m["recall"]), 3),
                "f1": round(float(m["f1"]), 3), "gold_passages": gold,
            }
    return {
        "format": CARD_FORMAT, "matcher": report["matcher"], "model": report["model"], "calibration": report.get("calibration"),
        "calibration_sha256": calibration_sha256, "taxonomy_version": taxonomy_version,
        "passage_threshold": report["passage_threshold"], "basis": basis,
        "indicators": {k: indicators[k] for k in sorted(indicators)},
    }


def attach(results: Sequence[IndicatorResult], card: ReliabilityCard | None, languages: Sequence[str]) -> tuple[IndicatorResult, ...]:
    """Each indicator's figures in the document's main language; unchanged without a card or
    for a language nothing was measured in."""
    lang = languages[0] if languages else ""
    if card is None or lang not in LANGS:
        return tuple(results)
    return tuple(r.model_copy(update={"reliability": card.for_indicator(r.id, lang)}) for r in results)


def find_card(
    calibration_path: str | Path | None, *, matcher: str, model: str, taxonomy_version: str, passage_threshold: float
) -> ReliabilityCard | None:
    """The card stored beside this calibration file if it was measured with exactly this
    configuration; None otherwise (no figures are better than figures of another model)."""
    if calibration_path is None or not Path(calibration_path).is_file():
        return None
    path = card_path(calibration_path)
    if not path.is_file():
        return None
    card = ReliabilityCard.load(path)
    fits = card.applies_to(
        matcher=matcher, model=model, calibration_sha256=file_sha256(calibration_path),
        taxonomy_version=taxonomy_version, passage_threshold=passage_threshold,
    )
    return card if fits else None
