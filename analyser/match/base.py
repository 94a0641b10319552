"""The matcher contract: named, versioned components that score passages per indicator."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from analyser.taxonomy import Taxonomy
from analyser.types import Record


class IndicatorScores(Record):
    """Match-stage output for one passage: combined score per indicator and its parts."""

    passage_id: str
    scores: dict[str, float]
    semantic: dict[str, float] = {}
    lexical: dict[str, tuple[str, ...]] = {}


class Matcher(Protocol):
    id: str
    model_name: str

    def warm_up(self, taxonomy: Taxonomy) -> None: ...

    def match(self, texts: Sequence[str], ids: Sequence[str], taxonomy: Taxonomy) -> list[IndicatorScores]: ...


class Encoder(Protocol):
    """Text -> L2-normalised vectors. `kind` lets asymmetric models (e5) prefix queries."""

    name: str

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray: ...
