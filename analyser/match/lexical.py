"""keyword.v1: lexical evidence from the taxonomy's bilingual keyword patterns. No model."""

from __future__ import annotations

from collections.abc import Sequence

from analyser.match.base import IndicatorScores
from analyser.taxonomy import Taxonomy


def keyword_hits(text: str, taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    """Indicator id -> distinct matched keywords (lower-cased), for indicators with a hit."""
    out: dict[str, tuple[str, ...]] = {}
    for ind_id, rx in taxonomy.keyword_patterns.items():
        found = {m.group(0).lower() for m in rx.finditer(text)}
        if found:
            out[ind_id] = tuple(sorted(found))
    return out


def lexical_strength(hits: tuple[str, ...]) -> float:
    """1.0 when any keyword of the indicator occurs. Keywords are written to be specific
    to their domain; grading by count measured worse (single-keyword passages are the
    common case in real strategies, docs/matching.md)."""
    return 1.0 if hits else 0.0


class KeywordMatcher:
    id = "keyword.v1"
    model_name = "none"

    def warm_up(self, taxonomy: Taxonomy) -> None:
        _ = taxonomy.keyword_patterns  # compile once

    def match(self, texts: Sequence[str], ids: Sequence[str], taxonomy: Taxonomy) -> list[IndicatorScores]:
        out = []
        for pid, text in zip(ids, texts):
            hits = keyword_hits(text, taxonomy)
            scores = {i: lexical_strength(hits.get(i, ())) for i in taxonomy.ids}
            out.append(IndicatorScores(passage_id=pid, scores=scores, lexical=hits))
        return out
