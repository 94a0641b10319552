"""Score/flag stage (pure): per-passage target group and concreteness, then per-indicator
document flags: addressed, returnee_level (0-3), evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analyser.config import ScoreConfig
from analyser.cues import document_part, find_anchors
from analyser.match.base import IndicatorScores
from analyser.targets import find_mentions, has_migration_context, target_group
from analyser.taxonomy import Taxonomy
from analyser.types import LEVEL_LABELS, AnchorKind, Evidence, IndicatorResult, Passage, PassageScores, ReturneeClass

# A passage opening with a pronoun continues the group named just before it.
_PRONOUN_OPENING = re.compile(r"^(?:they|them|their|these|such|those|ils|elles|eux|leur|leurs|ces|celles?-ci|ceux-ci)\b", re.IGNORECASE)


def classify_returnee(group: str, part: str) -> ReturneeClass:
    if group == "core":
        return "targeted" if part == "normative" else "context"
    if group == "adjacent":
        return "adjacent"
    return "none"


def annotate(passages: Sequence[Passage], matches: Sequence[IndicatorScores], taxonomy: Taxonomy) -> tuple[PassageScores, ...]:
    """Join match scores with target-group, document-part and anchor cues; indicators
    scoped to migration score 0 on passages that are not about migration."""
    migration_only = [ind.id for ind in taxonomy.indicators if ind.scope == "migration"]
    out: list[PassageScores] = []
    prev: Passage | None = None
    prev_group = "none"
    for p, m in zip(passages, matches):
        mentions = find_mentions(p.text)
        group = target_group(mentions)
        terms = tuple(dict.fromkeys(x.term for x in mentions if x.group == group)) if group != "none" else ()
        if group == "none" and p.section:
            head = find_mentions(" / ".join(p.section))
            if target_group(head) == "core":  # a section about returnees: its passages are too
                group, terms = "core", tuple(dict.fromkeys(x.term for x in head if x.group == "core"))
        if (
            group == "none"
            and prev is not None
            and prev_group == "core"
            and prev.doc_id == p.doc_id  # passages scored outside a PDF are independent texts
            and prev.page == p.page
            and p.char_start - prev.char_end <= 3
            and _PRONOUN_OPENING.match(p.text)
        ):
            group = "core"
        part = document_part(p.text, p.section)
        scores = m.scores
        if migration_only and not has_migration_context(p.text + " / " + " / ".join(p.section), mentions):
            scores = {**scores, **{i: 0.0 for i in migration_only if i in scores}}
        out.append(
            PassageScores(
                passage=p,
                scores=scores,
                semantic=m.semantic,
                lexical=m.lexical,
                returnee=classify_returnee(group, part),
                returnee_terms=terms,
                part=part,
                anchors=find_anchors(p.text),
            )
        )
        prev, prev_group = p, group
    return tuple(out)


def neighbour_anchors(items: Sequence[PassageScores], i: int, window: int = 6) -> tuple[AnchorKind, ...]:
    """Anchors of a passage and of nearby passages under the same heading. Action plans put
    'Lead institution:', 'Target:', 'Budget:' lines right after the measure they belong to;
    a new heading starts another measure, so pooling stops at the section boundary."""
    me = items[i].passage
    found = set(items[i].anchors)
    span = window if me.section else 1
    for j in range(max(0, i - span), min(len(items), i + span + 1)):
        other = items[j].passage
        if j != i and other.section == me.section and abs(other.page - me.page) <= 1:
            found.update(items[j].anchors)
    order = ("institution", "target", "budget", "timeframe")
    return tuple(a for a in order if a in found)  # type: ignore[misc]


def flag_indicators(items: Sequence[PassageScores], taxonomy: Taxonomy, config: ScoreConfig | None = None) -> tuple[IndicatorResult, ...]:
    config = config or ScoreConfig()
    context_anchors = [neighbour_anchors(items, i) for i in range(len(items))]
    results = []
    for ind in taxonomy.indicators:
        scored = [(ps.scores.get(ind.id, 0.0), i) for i, ps in enumerate(items)]
        hits = [(s, i) for s, i in scored if s >= config.passage_threshold]
        best = max((s for s, _ in scored), default=0.0)
        returnee_hits = [
            (s, i) for s, i in scored if s >= config.returnee_threshold and items[i].returnee in ("targeted", "context")
        ]
        level = 0
        for s, i in returnee_hits:
            if items[i].returnee == "targeted":
                lvl = 3 if len(context_anchors[i]) >= config.mainstreamed_min_anchors else 2
            else:
                lvl = 1
            level = max(level, lvl)
        # the need is addressed when the strategy acts on it (a normative passage), not when
        # it is only described in the diagnostic
        normative_hit = any(items[i].part == "normative" for _, i in hits)
        addressed = level >= 2 or (
            normative_hit and (len(hits) >= config.addressed_min_passages or best >= config.addressed_strong)
        )
        chosen = _pick_evidence(hits, returnee_hits, items, config.max_evidence)
        evidence = tuple(
            Evidence(
                page=items[i].passage.page,
                section=" > ".join(items[i].passage.section),
                text=items[i].passage.text,
                score=round(min(max(s, 0.0), 1.0), 4),
                returnee=items[i].returnee,
                part=items[i].part,
                anchors=context_anchors[i],
                keywords=items[i].lexical.get(ind.id, ()),
                returnee_terms=items[i].returnee_terms,
                passage_id=items[i].passage.passage_id,
                char_start=items[i].passage.char_start,
                char_end=items[i].passage.char_end,
            )
            for s, i in chosen
        )
        results.append(
            IndicatorResult(
                id=ind.id,
                dimension=ind.dimension,
                name=ind.label("en"),
                addressed=addressed,
                returnee_level=level,
                level_label=LEVEL_LABELS[level],
                entry_point=addressed and level <= 1,
                n_passages=len(hits),
                best_score=round(min(max(best, 0.0), 1.0), 4),
                evidence=evidence,
            )
        )
    return tuple(results)


def _pick_evidence(
    hits: list[tuple[float, int]], returnee_hits: list[tuple[float, int]], items: Sequence[PassageScores], limit: int
) -> list[tuple[float, int]]:
    """Best first; returnee passages (targeted before context) are kept even when a general
    passage scores higher, because they are what the level rests on."""
    rank = {"targeted": 0, "context": 1}
    ret = sorted(returnee_hits, key=lambda x: (rank[items[x[1]].returnee], -x[0]))[: max(1, limit // 2 + 1)]
    taken = {i for _, i in ret}
    rest = [h for h in sorted(hits, key=lambda x: -x[0]) if h[1] not in taken]
    chosen = ret + rest[: max(0, limit - len(ret))]
    return sorted(chosen, key=lambda x: -x[0])
