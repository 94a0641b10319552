"""Character n-gram tf-idf (analyser/match/ngrams.py) and calibrated.v1's n-gram features."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analyser.errors import ConfigError
from analyser.match.calibrated import (
    NGRAM_FEATURES,
    Calibration,
    FeatureSet,
    calibration_to_dict,
    calibration_to_json,
    fit_calibration,
)
from analyser.match.ngrams import NgramSpace, char_ngrams, linear_scores, normalise

CORPUS = [
    "Les travailleurs licenciés bénéficient d'une priorité de réembauche.",
    "Returnees will be offered jobs by the employment service.",
    "L'emploi des jeunes migrants de retour est une priorité.",
    "Health centres will be rebuilt; the employment office reopens.",
    "Création d'emplois pour les travailleurs de retour.",
]


def test_ngrams_are_padded_word_pieces_without_accents():
    g = char_ngrams("Émploi  é")
    assert normalise("Émploi\n\té") == "emploi e"
    assert g[" em"] == 1 and g["oi "] == 1 and g[" empl"] == 1 and g["emploi"] == 0
    assert g[" e "] == 1  # a one-letter word counts once, whatever n
    assert sorted(t for t in g if len(t) == 3) == sorted([" em", "emp", "mpl", "plo", "loi", "oi ", " e "])
    assert char_ngrams("") == {}


def test_ngram_space_matches_scikit_learns_tfidf():
    from sklearn.feature_extraction.text import TfidfVectorizer

    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), strip_accents="unicode", lowercase=True,
                          sublinear_tf=True, min_df=2).fit(CORPUS)
    space = NgramSpace.fit([char_ngrams(t) for t in CORPUS], max_features=10**6, min_df=2)
    assert space.index == ref.vocabulary_
    assert np.allclose(space.idf, ref.idf_)
    dense = ref.transform(CORPUS).toarray()
    for r, (idx, val) in enumerate(space.rows(char_ngrams(t) for t in CORPUS)):
        mine = np.zeros(len(space.index))
        mine[idx] = val
        assert np.allclose(mine, dense[r])


def test_ngram_space_caps_the_vocabulary_by_frequency_and_scores_unknown_text_as_bias():
    space = NgramSpace.fit([char_ngrams(t) for t in CORPUS], max_features=5, min_df=1)
    assert len(space.index) == 5 and list(space.index) == sorted(space.index)
    w = np.ones((2, 5))
    out = linear_scores(space.rows([char_ngrams("zzzz qqqq")]), w, np.array([0.5, -1.0]))
    assert out.tolist() == [[0.5, -1.0]]  # no known n-gram: the intercepts alone


def _word_signal(n: int = 90) -> tuple[FeatureSet, np.ndarray, list[str]]:
    """Indicator A is signalled only by words no keyword feature sees ('travailleur', 'emploi')."""
    rng = np.random.default_rng(3)
    pos = ["Le travailleur licencié garde une priorité de réembauche.", "Les travailleurs trouveront un emploi.",
           "Workers will find employment quickly."]
    neg = ["La route sera goudronnée jusqu'au village.", "Hospitals will be rebuilt in the region.",
           "Le budget de la santé augmentera."]
    texts, y = [], np.zeros((n, 2), dtype=np.int8)
    for i in range(n):
        if i % 2:
            texts.append(pos[rng.integers(0, 3)] + f" Ligne {i}.")
            y[i, 0] = 1
        else:
            texts.append(neg[rng.integers(0, 3)] + f" Ligne {i}.")
            y[i, 1] = 1
    x = np.zeros((n, 2, 6))
    x[:, :, 4] = 2.0  # log length only: nothing lexical to learn from
    fs = FeatureSet(x, ("kw", "kw_n", "kw_other", "fr", "log_len", "migration"), [{} for _ in texts], np.zeros((n, 2)), None,
                    [char_ngrams(t) for t in texts])
    return fs, y, ["A.JOBS", "B.OTHER"]


def test_calibrated_learns_ngram_features_and_round_trips_through_json(tmp_path):
    fs, y, ids = _word_signal()
    groups = [f"g{i // 5}" for i in range(len(y))]
    cal = fit_calibration(fs, y, ids, encoder="none", groups=groups, ngram_keep=200)
    assert set(NGRAM_FEATURES) <= set(cal.features) and cal.ngram_ids == tuple(ids)
    assert cal.ngram_w is not None and (np.count_nonzero(cal.ngram_w, axis=1) <= 200).all()
    new = FeatureSet(fs.x[:2], fs.names, [{}, {}], np.zeros((2, 2)), None,
                     [char_ngrams("Un travailleur cherche un emploi."), char_ngrams("La route du village.")])
    probs = cal.probabilities(new.select(cal, ids), ids)
    assert probs[0, 0] > 0.5 > probs[1, 0]
    path = tmp_path / "m.json"
    path.write_text(calibration_to_json(cal), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(calibration_to_dict(cal), ensure_ascii=False))
    again = Calibration.load(path)
    assert np.allclose(again.probabilities(new.select(again, ids), ids), probs, atol=1e-5)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["ngrams"]["n"] = [2, 4]
    with pytest.raises(ConfigError, match="ngrams.n"):
        Calibration.from_dict(data)
    del data["ngrams"]
    with pytest.raises(ConfigError, match="need the 'ngrams' section"):
        Calibration.from_dict(data)


def test_calibrated_can_leave_ngrams_out():
    fs, y, ids = _word_signal()
    cal = fit_calibration(fs, y, ids, encoder="none", ngram=False)
    assert not set(NGRAM_FEATURES) & set(cal.features) and cal.ngram_space is None
