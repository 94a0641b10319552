"""Character n-grams of words, weighted tf-idf: the lexical side of calibrated.v1's learned
features. Pure Python and numpy, used the same way when training and when scoring.

Why character n-grams: hand-written keywords miss the plain words real strategies use
("emploi", "travailleur licencié", "jobs"), and word features miss French inflection and
English/French cognates; 3-5 character pieces of words cover both and need no
language-specific stemmer. A model learns per indicator which pieces count
(analyser.match.calibrated), so no keyword list is tuned by hand.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

MIN_N, MAX_N = 3, 5
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, accents removed (é -> e), whitespace collapsed: OCR and typing vary."""
    decomposed = unicodedata.normalize("NFKD", text).translate(_combining_marks())
    return _SPACE.sub(" ", decomposed).lower().strip()


@lru_cache(maxsize=1)
def _combining_marks() -> dict[int, None]:
    # str.translate deletes them in C; a per-character Python test cost as much as the rest
    return {c: None for c in range(0x10000) if unicodedata.combining(chr(c))}


def char_ngrams(text: str, lo: int = MIN_N, hi: int = MAX_N) -> Counter[str]:
    """Counts of the lo..hi character n-grams of each word padded with one space each side
    (' emploi ' -> ' em', 'emp', ..., 'oi '). A word shorter than n gives itself once."""
    out: Counter[str] = Counter()
    for word in normalise(text).split(" "):
        if word:
            out.update(_word_ngrams(word, lo, hi))
    return out


@lru_cache(maxsize=1 << 17)
def _word_ngrams(word: str, lo: int, hi: int) -> tuple[str, ...]:
    # cached: words repeat across passages, and this is most of the featuring time
    w = f" {word} "
    grams: list[str] = []
    for n in range(lo, hi + 1):
        if len(w) <= n:
            grams.append(w)
            break
        grams.extend(w[i : i + n] for i in range(len(w) - n + 1))
    return tuple(grams)


@dataclass(frozen=True)
class NgramSpace:
    """Vocabulary and smoothed idf (ln((1 + n) / (1 + df)) + 1) of the training passages."""

    index: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, grams: Sequence[Counter[str]], *, max_features: int = 20000, min_df: int = 2) -> NgramSpace:
        df: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for g in grams:
            df.update(g.keys())
            total.update(g)
        # most frequent n-grams first (ties by the n-gram itself: deterministic)
        kept = sorted((t for t, d in df.items() if d >= min_df), key=lambda t: (-total[t], t))[:max_features]
        kept.sort()
        n = len(grams)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept])
        return cls({t: i for i, t in enumerate(kept)}, idf)

    def rows(self, grams: Iterable[Counter[str]]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per passage: (column indices, L2-normalised sublinear tf-idf values)."""
        index, idf = self.index, self.idf
        out = []
        for g in grams:
            pos = np.fromiter(map(index.get, g.keys(), itertools.repeat(-1)), dtype=np.int64, count=len(g))
            cnt = np.fromiter(g.values(), dtype=np.float64, count=len(g))
            known = pos >= 0
            idx = pos[known]
            val = (np.log(cnt[known]) + 1.0) * idf[idx]
            norm = float(np.sqrt(val @ val))
            out.append((idx, val / norm if norm > 0 else val))
        return out


def linear_scores(rows: Sequence[tuple[np.ndarray, np.ndarray]], weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """(n, k) = sparse rows (n, V) . weights.T (V, k) + bias, without a sparse library."""
    out = np.tile(bias, (len(rows), 1)).astype(np.float64)
    for r, (idx, val) in enumerate(rows):
        if len(idx):
            out[r] += weights[:, idx] @ val
    return out
