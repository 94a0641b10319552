"""Passage-level evaluation: PRF arithmetic, score_gold on hand-made cases, load_gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyser.config import DEFAULT_TAXONOMY, AnalyserConfig
from analyser.errors import AnalyserError
from analyser.evaluate import PRF, GoldPassage, Metrics, evaluate, load_gold, predict, score_gold
from analyser.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpora" / "gold" / "written.v1.jsonl"
IDS = ("A.X", "B.Y", "C.Z")


def _gold(id_: str, indicators: set[str], returnee: str = "none", kind: str = "", lang: str = "en") -> GoldPassage:
    return GoldPassage(id=id_, text=f"text {id_}", lang=lang, indicators=frozenset(indicators), returnee=returnee, kind=kind)


def _pred(indicators: set[str], returnee: str = "none") -> tuple[frozenset[str], str]:
    return frozenset(indicators), returnee


# --------------------------------------------------------------------------- PRF


def test_evaluate_prf_arithmetic():
    m = PRF(tp=3, fp=1, fn=2)
    assert m.precision == pytest.approx(0.75)
    assert m.recall == pytest.approx(0.6)
    assert m.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert m.as_dict() == {"precision": 0.75, "recall": 0.6, "f1": 0.6667, "tp": 3, "fp": 1, "fn": 2}


def test_evaluate_prf_zero_divisions_are_zero():
    assert (PRF().precision, PRF().recall, PRF().f1) == (0.0, 0.0, 0.0)
    only_fp = PRF(fp=4)
    assert (only_fp.precision, only_fp.recall, only_fp.f1) == (0.0, 0.0, 0.0)
    only_fn = PRF(fn=2)
    assert (only_fn.precision, only_fn.recall, only_fn.f1) == (0.0, 0.0, 0.0)
    perfect = PRF(tp=5)
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)


# --------------------------------------------------------------------------- score_gold


@pytest.fixture
def case() -> Metrics:
    gold = [
        _gold("g1", {"A.X"}, "targeted", "positive"),
        _gold("g2", {"A.X", "B.Y"}, "none", "general"),
        _gold("g3", set(), "none", "trap"),
        _gold("g4", {"C.Z"}, "context", "context"),
    ]
    predicted = [
        _pred({"A.X", "B.Y"}, "targeted"),  # A tp, B fp; targeted tp
        _pred({"A.X"}, "context"),  # A tp, B fn
        _pred({"C.Z"}, "targeted"),  # C fp; targeted fp; trap flagged
        _pred(set(), "none"),  # C fn
    ]
    return score_gold(gold, predicted, IDS)


def test_evaluate_score_gold_per_indicator(case):
    pi = case.per_indicator
    assert set(pi) == set(IDS)
    assert (pi["A.X"].tp, pi["A.X"].fp, pi["A.X"].fn) == (2, 0, 0)
    assert (pi["B.Y"].tp, pi["B.Y"].fp, pi["B.Y"].fn) == (0, 1, 1)
    assert (pi["C.Z"].tp, pi["C.Z"].fp, pi["C.Z"].fn) == (0, 1, 1)
    assert pi["A.X"].f1 == 1.0 and pi["B.Y"].f1 == 0.0


def test_evaluate_score_gold_micro(case):
    assert (case.micro.tp, case.micro.fp, case.micro.fn) == (2, 2, 2)
    assert case.micro.precision == pytest.approx(0.5)
    assert case.micro.recall == pytest.approx(0.5)
    assert case.micro.f1 == pytest.approx(0.5)
    assert case.n == 4


def test_evaluate_score_gold_macro(case):
    assert case.macro_f1 == pytest.approx((1.0 + 0.0 + 0.0) / 3)


def test_evaluate_score_gold_macro_skips_indicators_without_gold_positives():
    gold = [_gold("g1", {"A.X"}), _gold("g2", set())]
    predicted = [_pred({"A.X"}), _pred({"B.Y"})]  # B.Y: a false positive only
    m = score_gold(gold, predicted, IDS)
    assert (m.per_indicator["B.Y"].fp, m.per_indicator["B.Y"].tp + m.per_indicator["B.Y"].fn) == (1, 0)
    assert m.macro_f1 == 1.0  # only A.X has gold positives
    assert m.micro.precision == pytest.approx(0.5)
    assert score_gold([_gold("g", set())], [_pred(set())], IDS).macro_f1 == 0.0


def test_evaluate_score_gold_targeted(case):
    assert (case.targeted.tp, case.targeted.fp, case.targeted.fn) == (1, 1, 0)
    assert case.targeted.precision == pytest.approx(0.5)
    assert case.targeted.recall == pytest.approx(1.0)
    assert case.targeted.f1 == pytest.approx(2 / 3)


def test_evaluate_score_gold_targeted_missed_and_context_is_not_targeted():
    gold = [_gold("g1", set(), "targeted"), _gold("g2", set(), "context")]
    m = score_gold(gold, [_pred(set(), "context"), _pred(set(), "context")], IDS)
    assert (m.targeted.tp, m.targeted.fp, m.targeted.fn) == (0, 0, 1)


def test_evaluate_score_gold_trap_rate(case):
    assert (case.traps, case.trap_returnee_flags) == (1, 1)
    assert case.as_dict()["trap_returnee_false_positive_rate"] == 1.0


def test_evaluate_score_gold_trap_rate_counts_targeted_and_context_only():
    gold = [_gold(f"t{i}", set(), kind="trap") for i in range(4)] + [_gold("p", set(), "targeted", "positive")]
    predicted = [_pred(set(), "context"), _pred(set(), "adjacent"), _pred(set(), "none"), _pred(set(), "targeted"), _pred(set(), "targeted")]
    m = score_gold(gold, predicted, IDS)
    assert (m.traps, m.trap_returnee_flags) == (4, 2)
    assert m.as_dict()["trap_returnee_false_positive_rate"] == 0.5


def test_evaluate_metrics_as_dict(case):
    d = case.as_dict()
    assert d["n"] == 4
    assert d["micro"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 2, "fp": 2, "fn": 2}
    assert d["macro_f1"] == 0.3333
    assert d["returnee_targeted"]["f1"] == 0.6667
    assert list(d["per_indicator"]) == sorted(IDS)
    assert d["per_indicator"]["A.X"]["f1"] == 1.0
    no_traps = score_gold([_gold("g", {"A.X"})], [_pred({"A.X"})], IDS).as_dict()
    assert no_traps["trap_returnee_false_positive_rate"] is None


def test_evaluate_score_gold_ignores_predictions_outside_ids():
    m = score_gold([_gold("g", {"A.X"})], [_pred({"A.X", "Q.Q"})], IDS)
    assert (m.micro.tp, m.micro.fp, m.micro.fn) == (1, 0, 0)
    assert "Q.Q" not in m.per_indicator


# --------------------------------------------------------------------------- load_gold


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_evaluate_load_gold_defaults(tmp_path):
    p = _jsonl(tmp_path / "g.jsonl", [
        json.dumps({"id": 7, "text": "Returnees will be registered."}),
        "",
        json.dumps({"id": "b", "text": "t", "lang": "fr", "indicators": ["A.X", "B.Y"], "returnee": "targeted", "kind": "positive", "part": "normative"}),
    ])
    a, b = load_gold(p)
    assert a == GoldPassage(id="7", text="Returnees will be registered.", lang="und", indicators=frozenset(), returnee="none", group="g#0")
    assert b.indicators == frozenset({"A.X", "B.Y"})
    assert (b.lang, b.returnee, b.kind, b.part) == ("fr", "targeted", "positive", "normative")


@pytest.mark.parametrize("bad", ["{not json", json.dumps({"id": "x"}), json.dumps({"text": "no id"})])
def test_evaluate_load_gold_bad_line_names_file_and_line(tmp_path, bad):
    p = _jsonl(tmp_path / "g.jsonl", [json.dumps({"id": "a", "text": "ok"}), "", bad])
    with pytest.raises(AnalyserError) as info:
        load_gold(p)
    msg = str(info.value)
    assert f"{p}:3:" in msg
    assert "expected id, text, indicators, returnee" in msg


@pytest.mark.parametrize("bad", ['["id", "text"]', "42", json.dumps({"id": "x", "text": "t", "indicators": 5})])
def test_evaluate_load_gold_non_object_line_names_line(tmp_path, bad):
    p = _jsonl(tmp_path / "g.jsonl", [json.dumps({"id": "a", "text": "ok"}), bad])
    with pytest.raises(AnalyserError) as info:
        load_gold(p)
    assert f"{p}:2:" in str(info.value)


def test_evaluate_load_gold_bundled_file_is_consistent():
    gold = load_gold(GOLD)
    ids = set(load_taxonomy(DEFAULT_TAXONOMY).ids)
    assert len(gold) == 240
    assert len({g.id for g in gold}) == len(gold)
    assert {g.lang for g in gold} == {"en", "fr"}
    assert {g.returnee for g in gold} <= {"targeted", "context", "adjacent", "none"}
    for g in gold:
        assert g.indicators <= ids, g.id
        assert g.text.strip(), g.id
    assert sum(g.kind == "trap" for g in gold) > 0
    assert all(g.returnee == "none" for g in gold if g.kind == "trap")


# --------------------------------------------------------------------------- runner (keyword matcher, no model)


def test_evaluate_runner_with_keyword_matcher(blank_splitter):
    from analyser.pipeline import build_resources

    cfg = AnalyserConfig().with_updates(match={"matcher": "keyword.v1"}, segment={"splitter": "sentencizer"})
    resources = build_resources(cfg, splitter=blank_splitter)
    gold = [
        GoldPassage("e1", "Returning migrants will be registered by the public employment service.", "en", frozenset({"ECO.EMPLOYMENT"}), "targeted", "positive"),
        GoldPassage("e2", "Returns to education are highest for tertiary graduates.", "en", frozenset(), "none", "trap"),
        GoldPassage("f1", "Les migrants de retour seront inscrits comme demandeurs d'emploi.", "fr", frozenset({"ECO.EMPLOYMENT"}), "targeted", "positive"),
    ]
    preds = predict(gold, resources)
    assert [p[1] for p in preds] == ["targeted", "none", "targeted"]
    assert [p[2] for p in preds] == ["normative", "diagnostic", "normative"]
    assert "ECO.EMPLOYMENT" in preds[0][0] and "ECO.EMPLOYMENT" in preds[2][0]
    out = evaluate(gold, resources)
    assert set(out) == {"all", "en", "fr"}
    assert out["all"]["n"] == 3
    assert out["en"]["n"] == 2 and out["fr"]["n"] == 1
    assert out["all"]["returnee_targeted"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 2, "fp": 0, "fn": 0}
    assert out["all"]["trap_returnee_false_positive_rate"] == 0.0
    assert out["fr"]["trap_returnee_false_positive_rate"] is None


def test_evaluate_score_gold_document_part():
    from dataclasses import replace

    gold = [replace(_gold(f"g{i}", set()), part=part) for i, part in enumerate(["normative", "normative", "diagnostic", "diagnostic"])]
    gold.append(_gold("unlabelled", set()))  # no gold part: not counted
    predicted = [(frozenset(), "none", p) for p in ["normative", "diagnostic", "normative", "diagnostic", "normative"]]
    m = score_gold(gold, predicted, IDS)
    assert (m.part_n, m.part_correct) == (4, 2)
    assert (m.normative.tp, m.normative.fp, m.normative.fn) == (1, 1, 1)
    assert m.as_dict()["document_part"]["accuracy"] == 0.5
    # predictions without a part (2-tuples) leave the part figures empty
    assert score_gold(gold, [_pred(set())] * 5, IDS).as_dict()["document_part"] == {
        "n": 0, "accuracy": None, "normative": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0}}
