"""Passage-level evaluation against labelled gold passages (pure metrics + a runner that
uses the same score_passages path as users get)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analyser.errors import AnalyserError


@dataclass(frozen=True)
class GoldPassage:
    id: str
    text: str
    lang: str
    indicators: frozenset[str]
    returnee: str
    kind: str = ""
    part: str = ""


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Metrics:
    per_indicator: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    micro: PRF = field(default_factory=PRF)
    targeted: PRF = field(default_factory=PRF)
    trap_returnee_flags: int = 0
    traps: int = 0
    n: int = 0

    @property
    def macro_f1(self) -> float:
        vals = [m.f1 for m in self.per_indicator.values() if m.tp + m.fn > 0]
        return sum(vals) / len(vals) if vals else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "micro": self.micro.as_dict(),
            "macro_f1": round(self.macro_f1, 4),
            "returnee_targeted": self.targeted.as_dict(),
            "trap_returnee_false_positive_rate": round(self.trap_returnee_flags / self.traps, 4) if self.traps else None,
            "per_indicator": {k: v.as_dict() for k, v in sorted(self.per_indicator.items())},
        }


def load_gold(path: str | Path) -> list[GoldPassage]:
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("indicators", []), list):
                raise TypeError("a JSON object with a list of indicators is required")
            out.append(
                GoldPassage(
                    id=str(obj["id"]), text=obj["text"], lang=obj.get("lang", "und"),
                    indicators=frozenset(obj.get("indicators", [])), returnee=obj.get("returnee", "none"),
                    kind=obj.get("kind", ""), part=obj.get("part", ""),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise AnalyserError(f"{path}:{n}: not a gold passage ({exc}); expected id, text, indicators, returnee") from exc
    return out


def score_gold(
    gold: Sequence[GoldPassage], predicted: Sequence[tuple[frozenset[str], str]], indicator_ids: Iterable[str]
) -> Metrics:
    """predicted[i] = (indicators addressed, returnee class) for gold[i]."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold passages but {len(predicted)} predictions")
    ids = list(indicator_ids)
    m = Metrics()
    for ind in ids:
        m.per_indicator[ind] = PRF()
    for g, (pred_inds, pred_ret) in zip(gold, predicted):
        m.n += 1
        for ind in ids:
            t, p = ind in g.indicators, ind in pred_inds
            cell = m.per_indicator[ind]
            if t and p:
                cell.tp += 1
                m.micro.tp += 1
            elif p:
                cell.fp += 1
                m.micro.fp += 1
            elif t:
                cell.fn += 1
                m.micro.fn += 1
        gt, pt = g.returnee == "targeted", pred_ret == "targeted"
        if gt and pt:
            m.targeted.tp += 1
        elif pt:
            m.targeted.fp += 1
        elif gt:
            m.targeted.fn += 1
        if g.kind == "trap":
            m.traps += 1
            if pred_ret in ("targeted", "context"):
                m.trap_returnee_flags += 1
    return m


def predict(gold: Sequence[GoldPassage], resources) -> list[tuple[frozenset[str], str]]:  # type: ignore[no-untyped-def]
    """Run the user-facing score_passages path over gold passages."""
    from analyser.pipeline import passages_from_texts, score_passages

    passages = passages_from_texts([(g.id, g.text, g.lang) for g in gold])
    scored = score_passages(passages, resources)
    thr = resources.config.score.passage_threshold
    return [(frozenset(i for i, s in ps.scores.items() if s >= thr), ps.returnee) for ps in scored]


def evaluate(gold: Sequence[GoldPassage], resources, *, by_lang: bool = True) -> dict[str, object]:  # type: ignore[no-untyped-def]
    preds = predict(gold, resources)
    ids = resources.taxonomy.ids
    out: dict[str, object] = {"all": score_gold(gold, preds, ids).as_dict()}
    if by_lang:
        for lang in sorted({g.lang for g in gold}):
            idx = [i for i, g in enumerate(gold) if g.lang == lang]
            out[lang] = score_gold([gold[i] for i in idx], [preds[i] for i in idx], ids).as_dict()
    return out
