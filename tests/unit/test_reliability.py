"""Reliability cards: held-out figures shown next to each verdict, only for the exact
configuration they were measured with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyser.config import AnalyserConfig
from analyser.errors import ConfigError
from analyser.match.calibrated import default_model_path
from analyser.pipeline import build_resources
from analyser.reliability import CARD_FORMAT, ReliabilityCard, attach, card_from_evaluation, card_path, file_sha256, find_card
from analyser.report import csv_rows, to_html, to_markdown
from analyser.taxonomy import load_taxonomy
from analyser.types import LEVEL_LABELS, DocStatus, DocumentInfo, DocumentReport, IndicatorResult

ROOT = Path(__file__).resolve().parents[2]
QUALITY = ROOT / "docs" / "quality.json"


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def _evaluation() -> dict:
    """The shape `analyser evaluate --by lang,indicator` writes (only what a card reads)."""
    return {
        "matcher": "calibrated.v1", "model": "enc+int8", "calibration": "calibrated.v1.enc.json", "passage_threshold": 0.5,
        "gold": {"n": 30, "by_lang": {"fr": 14, "en": 16}}, "folds": 5,
        "held_out": {
            "all": {"per_indicator": {}},
            "en": {"per_indicator": {"ECO.EMPLOYMENT": _prf(6, 2, 3), "SOC.HEALTH": _prf(0, 1, 0)}},
            "fr": {"per_indicator": {"ECO.EMPLOYMENT": _prf(4, 4, 1)}},
        },
    }


def _card(tmp_path: Path) -> tuple[Path, ReliabilityCard]:
    cal = tmp_path / "calibrated.v1.enc.json"
    cal.write_text('{"format": "calibrated.v1"}', encoding="utf-8")
    data = card_from_evaluation(_evaluation(), calibration_sha256=file_sha256(cal), taxonomy_version="1.0.0")
    card_path(cal).write_text(json.dumps(data), encoding="utf-8")
    return cal, ReliabilityCard.from_dict(data)


def _result(id_: str) -> IndicatorResult:
    return IndicatorResult(id=id_, dimension=id_.split(".")[0], name=id_, addressed=False, returnee_level=0,
                           level_label=LEVEL_LABELS[0], entry_point=False, n_passages=0, best_score=0.0)


def test_card_holds_per_language_figures_and_says_what_they_rest_on(tmp_path: Path) -> None:
    _, card = _card(tmp_path)
    en = card.for_indicator("ECO.EMPLOYMENT", "en")
    fr = card.for_indicator("ECO.EMPLOYMENT", "fr")
    assert en is not None and fr is not None
    assert (en.precision, en.recall, en.gold_passages) == (0.75, 0.667, 9)
    assert (fr.precision, fr.recall, fr.gold_passages) == (0.5, 0.8, 5)
    assert "grouped 5-fold" in en.basis and "30 labelled passages (EN 16, FR 14)" in en.basis
    # an indicator without labelled passages in a language gets no figure, not a zero recall
    assert card.for_indicator("SOC.HEALTH", "en") is None
    assert card.for_indicator("ECO.EMPLOYMENT", "es") is None


def test_card_needs_held_out_figures() -> None:
    ev = _evaluation()
    del ev["folds"]  # a matcher that fits nothing: its "held-out" figures are in-sample
    with pytest.raises(ConfigError, match="held-out"):
        card_from_evaluation(ev, calibration_sha256="x", taxonomy_version="1.0.0")


def test_malformed_card_says_how_to_rewrite_it() -> None:
    with pytest.raises(ConfigError, match="--card-out"):
        ReliabilityCard.from_dict({"format": "something-else"})
    with pytest.raises(ConfigError, match="--card-out"):
        ReliabilityCard.from_dict({"format": CARD_FORMAT, "basis": "b", "indicators": {"X": {"en": {"precision": 2.0}}}})


def test_card_applies_only_to_the_configuration_it_measured(tmp_path: Path) -> None:
    cal, card = _card(tmp_path)
    same = dict(matcher="calibrated.v1", model="enc+int8", calibration_sha256=file_sha256(cal), taxonomy_version="1.0.0", passage_threshold=0.5)
    assert card.applies_to(**same)
    for change in ({"model": "enc"}, {"calibration_sha256": "0" * 64}, {"taxonomy_version": "1.1.0"}, {"passage_threshold": 0.4},
                   {"matcher": "hybrid.v1"}):
        assert not card.applies_to(**{**same, **change}), change
    assert find_card(cal, **{k: v for k, v in same.items() if k != "calibration_sha256"}) is not None


def test_retrained_model_gets_no_stale_figures(tmp_path: Path) -> None:
    cal, _ = _card(tmp_path)
    cfg = dict(matcher="calibrated.v1", model="enc+int8", taxonomy_version="1.0.0", passage_threshold=0.5)
    cal.write_text('{"format": "calibrated.v1", "retrained": true}', encoding="utf-8")
    assert find_card(cal, **cfg) is None
    assert find_card(tmp_path / "missing.json", **cfg) is None
    assert find_card(None, **cfg) is None
    other = tmp_path / "calibrated.v1.other.json"
    other.write_text("{}", encoding="utf-8")
    assert find_card(other, **cfg) is None  # no card beside it


def test_attach_uses_the_main_language(tmp_path: Path) -> None:
    _, card = _card(tmp_path)
    results = (_result("ECO.EMPLOYMENT"), _result("SOC.HEALTH"))
    fr_first = attach(results, card, ("fr", "en"))
    assert fr_first[0].reliability is not None and fr_first[0].reliability.lang == "fr"
    assert fr_first[1].reliability is None
    assert all(r.reliability is None for r in attach(results, card, ("es",)))
    assert attach(results, None, ("en",)) == results
    assert attach(results, card, ()) == results


def test_reports_show_the_figures_or_say_none_were_measured(tmp_path: Path) -> None:
    _, card = _card(tmp_path)
    cfg = AnalyserConfig().with_updates(match={"matcher": "keyword.v1"})
    info = DocumentInfo(id="d", file="f.pdf", pages=1, languages=("en",), status=DocStatus.OK, taxonomy_version="1.0.0", model="m")

    def report(results: tuple[IndicatorResult, ...]) -> DocumentReport:
        return DocumentReport(analyser_version="0", document=info, config=cfg.echo(), config_hash=cfg.config_hash(), indicators=results)

    measured = report(attach((_result("ECO.EMPLOYMENT"), _result("SOC.HEALTH")), card, ("en",)))
    md = to_markdown(measured)
    assert "| 0.75 / 0.67 (en, 9 labelled) |" in md and "| n/a |" in md
    assert "grouped 5-fold" in md
    assert "0.75 / 0.67" in to_html(measured)
    rows = csv_rows(measured)
    assert (rows[0]["measured_lang"], rows[0]["measured_precision"], rows[0]["measured_recall"]) == ("en", 0.75, 0.667)
    assert rows[1]["measured_precision"] == ""
    unmeasured = to_markdown(report((_result("ECO.EMPLOYMENT"),)))
    assert "not measured for this configuration or language" in unmeasured


def test_bundled_card_matches_the_bundled_model_and_docs_quality() -> None:
    """Retraining a model without re-running `analyser evaluate --card-out` fails here (and
    at run time the stale card would simply not be used)."""
    cfg = AnalyserConfig()
    cal = default_model_path(cfg.match.model)
    data = json.loads(card_path(cal).read_text(encoding="utf-8"))
    assert data["calibration_sha256"] == file_sha256(cal), "card is stale: rerun the evaluate command of docs/quality.md with --card-out"
    quality = json.loads(QUALITY.read_text(encoding="utf-8"))
    assert data == card_from_evaluation(quality, calibration_sha256=file_sha256(cal), taxonomy_version=data["taxonomy_version"])
    assert data["taxonomy_version"] == load_taxonomy(cfg.taxonomy).version
    assert data["passage_threshold"] == cfg.score.passage_threshold


def test_every_bundled_card_belongs_to_its_calibration_file() -> None:
    cards = sorted(default_model_path("none").parent.glob("*.card.json"))
    assert cards
    for path in cards:
        data = json.loads(path.read_text(encoding="utf-8"))
        cal = path.with_name(path.name[: -len(".card.json")] + ".json")
        assert cal.is_file(), f"{path.name} has no calibration file beside it"
        assert data["calibration_sha256"] == file_sha256(cal), f"{path.name} is stale: rerun analyser evaluate with --card-out"
        assert ReliabilityCard.from_dict(data).figures


def test_default_resources_find_the_bundled_card_without_loading_a_model() -> None:
    res = build_resources(None)
    assert res.card is not None
    emp = res.card.for_indicator("ECO.EMPLOYMENT", "fr")
    assert emp is not None and emp.gold_passages > 0
    # another threshold: the figures no longer describe what users get
    assert build_resources(AnalyserConfig().with_updates(score={"passage_threshold": 0.4})).card is None
