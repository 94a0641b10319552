"""hybrid.v1: semantic similarity mixed with lexical keyword evidence.

score = (1 - w) * rescaled cosine + w * keyword strength. Keywords lift passages whose
wording is domain-specific but far from every prototype; the embedding finds paraphrases
no keyword list covers. docs/matching.md has the measurement behind the mix.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyser.match.base import IndicatorScores
from analyser.match.embedding import EmbeddingMatcher
from analyser.match.lexical import keyword_hits, lexical_strength
from analyser.taxonomy import Taxonomy


class HybridMatcher:
    id = "hybrid.v1"

    def __init__(self, embedding: EmbeddingMatcher, *, lexical_weight: float = 0.4) -> None:
        self.embedding = embedding
        self.model_name = embedding.model_name
        self.w = lexical_weight

    def warm_up(self, taxonomy: Taxonomy) -> None:
        self.embedding.warm_up(taxonomy)
        _ = taxonomy.keyword_patterns

    def match(self, texts: Sequence[str], ids: Sequence[str], taxonomy: Taxonomy) -> list[IndicatorScores]:
        sims = self.embedding.similarities(texts, taxonomy)
        scaled = self.embedding.rescale(sims)
        out = []
        for row, (pid, text) in enumerate(zip(ids, texts)):
            hits = keyword_hits(text, taxonomy)
            scores = {}
            semantic = {}
            for k, ind in enumerate(taxonomy.ids):
                lex = lexical_strength(hits.get(ind, ()))
                scores[ind] = round(float((1 - self.w) * scaled[row, k] + self.w * lex), 4)
                semantic[ind] = round(float(sims[row, k]), 4)
            out.append(IndicatorScores(passage_id=pid, scores=scores, semantic=semantic, lexical=hits))
        return out
