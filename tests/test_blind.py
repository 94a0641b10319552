"""The frozen blind set's figures (docs/blind.json, quoted in docs/quality.md) are current:
scoring corpora/blind/ with the shipped configuration gives them again."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 0.005


@pytest.mark.model
def test_blind_set_figures_reproduce():
    """docs/blind.json (the frozen blind set, scored with the shipped configuration) is current."""
    spec = importlib.util.spec_from_file_location("blind_check", ROOT / "scripts" / "blind_check.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    expected = json.loads((ROOT / "docs" / "blind.json").read_text(encoding="utf-8"))
    got = mod.blind_report(ROOT / "corpora" / "blind")
    assert got["gold"]["n"] == expected["gold"]["n"], "the blind set changed: rerun python scripts/blind_check.py --json docs/blind.json"
    rerun = "rerun python scripts/blind_check.py --json docs/blind.json and update docs/quality.md"
    for lang in ("all", "en", "fr"):
        for key in (("micro", "f1"), ("returnee_targeted", "f1"), ("returnee_targeted", "recall")):
            want, have = expected[lang][key[0]][key[1]], got[lang][key[0]][key[1]]
            assert abs(want - have) <= TOLERANCE, (lang, key, want, have, rerun)
        assert got[lang]["trap_returnee_false_positive_rate"] == pytest.approx(expected[lang]["trap_returnee_false_positive_rate"]), rerun
