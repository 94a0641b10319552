"""Matcher registry: named, versioned strategies created from the config.

A behaviour change gets a new name (hybrid.v2), never an edit of an existing one, so a
report's matcher id always means the same thing.
"""

from __future__ import annotations

from analyser.config import MatchConfig
from analyser.errors import ConfigError
from analyser.match.base import Encoder, IndicatorScores, Matcher
from analyser.match.cache import CachedEncoder
from analyser.match.calibrated import CalibratedMatcher
from analyser.match.embedding import EmbeddingMatcher, load_encoder
from analyser.match.hybrid import HybridMatcher
from analyser.match.lexical import KeywordMatcher

MATCHERS = ("hybrid.v1", "embedding.v1", "keyword.v1", "calibrated.v1")

__all__ = ["MATCHERS", "Encoder", "IndicatorScores", "Matcher", "create_matcher"]


def create_matcher(config: MatchConfig, encoder: Encoder | None = None) -> Matcher:
    """Build the configured matcher; `encoder` overrides the model (tests pass a fake)."""
    name = config.matcher
    if name == "keyword.v1":
        return KeywordMatcher()
    if name not in MATCHERS:
        raise ConfigError(f"unknown matcher {name!r}; available: {', '.join(MATCHERS)}")
    if name == "calibrated.v1" and encoder is None and config.model.lower() == "none":
        return CalibratedMatcher(None, model_path=config.calibration)
    enc = encoder or load_encoder(
        config.model, batch_size=config.batch_size, threads=config.threads, quantize=config.quantize, max_tokens=config.max_tokens
    )
    if name == "calibrated.v1":
        # texts recur across folds, variants and re-runs: encode each once
        return CalibratedMatcher(CachedEncoder(enc), model_path=config.calibration)
    emb = EmbeddingMatcher(enc, low=config.semantic_low, high=config.semantic_high)
    if name == "embedding.v1":
        return emb
    return HybridMatcher(emb, lexical_weight=config.lexical_weight)
