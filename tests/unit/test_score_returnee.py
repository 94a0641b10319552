"""annotate(): returnee class of independent texts (score-passages, gold evaluation)."""

from __future__ import annotations

from pathlib import Path

from analyser.config import DEFAULT_TAXONOMY
from analyser.match.base import IndicatorScores
from analyser.pipeline import passages_from_texts
from analyser.score import annotate
from analyser.taxonomy import load_taxonomy

BUNDLED = load_taxonomy(Path(DEFAULT_TAXONOMY))


def _classes(texts: list[str]) -> list[str]:
    passages = passages_from_texts([(str(i), t, "en") for i, t in enumerate(texts)])
    scored = annotate(passages, [IndicatorScores(passage_id=p.passage_id, scores={}) for p in passages], BUNDLED)
    return [s.returnee for s in scored]


def test_score_returnee_pronoun_does_not_carry_across_independent_texts() -> None:
    # passages_from_texts gives every text page 1 and offset 0: only the document id tells
    # that two records are not neighbours in one document
    assert _classes(["Returning migrants will be registered at job centres.",
                     "They will receive a start-up grant and training."]) == ["targeted", "none"]


def test_score_returnee_pronoun_continuation_inside_one_text() -> None:
    assert _classes(["Many migrants who come back struggle to find work. They will be referred to job counsellors."]) == ["targeted"]


def test_score_returnee_history_of_returns_is_context() -> None:
    assert _classes(["Between 2017 and 2020 a pilot project gave start-up grants to 1,300 returnees."]) == ["context"]
