"""Score/flag stage on hand-built records (no models): annotate() and flag_indicators()."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyser.config import DEFAULT_TAXONOMY, ScoreConfig
from analyser.match.base import IndicatorScores
from analyser.score import annotate, classify_returnee, flag_indicators, neighbour_anchors
from analyser.taxonomy import load_taxonomy
from analyser.types import LEVEL_LABELS, Passage, PassageScores

SMALL = load_taxonomy(Path(__file__).resolve().parents[1] / "fixtures" / "taxonomy_small.yaml")
BUNDLED = load_taxonomy(DEFAULT_TAXONOMY)
EMP = "ECO.EMPLOYMENT"


def _passage(n: int, text: str = "", *, page: int = 1, section: tuple[str, ...] = (), start: int | None = None) -> Passage:
    text = text or f"Passage number {n} about something."
    s = n * 100 if start is None else start
    return Passage(passage_id=f"p{n:03d}", doc_id="doc", page=page, section=section, char_start=s, char_end=s + len(text), text=text)


def _ps(
    n: int,
    score: float = 0.0,
    *,
    returnee: str = "none",
    part: str = "normative",
    anchors: tuple[str, ...] = (),
    page: int = 1,
    section: tuple[str, ...] = ("3. Measures",),
    ind: str = EMP,
    lexical: dict | None = None,
    terms: tuple[str, ...] = (),
) -> PassageScores:
    return PassageScores(
        passage=_passage(n, page=page, section=section),
        scores={ind: score},
        lexical=lexical or {},
        returnee=returnee,  # type: ignore[arg-type]
        returnee_terms=terms,
        part=part,  # type: ignore[arg-type]
        anchors=anchors,  # type: ignore[arg-type]
    )


def _result(items, ind: str = EMP, config: ScoreConfig | None = None):
    res = {r.id: r for r in flag_indicators(items, SMALL, config)}
    return res[ind]


# --------------------------------------------------------------------------- returnee level


def test_score_classify_returnee_table():
    assert classify_returnee("core", "normative") == "targeted"
    assert classify_returnee("core", "diagnostic") == "context"
    assert classify_returnee("adjacent", "normative") == "adjacent"
    assert classify_returnee("adjacent", "diagnostic") == "adjacent"
    assert classify_returnee("none", "normative") == "none"
    assert classify_returnee("excluded", "normative") == "none"


def test_score_level_0_without_returnee_passage():
    items = [_ps(1, 0.9, part="normative", anchors=("institution", "budget")), _ps(2, 0.8, returnee="adjacent", part="normative")]
    r = _result(items)
    assert r.returnee_level == 0
    assert r.level_label == "absent"
    assert r.addressed is True
    assert r.entry_point is True
    assert r.n_passages == 2


def test_score_level_0_for_empty_document():
    results = flag_indicators([], SMALL)
    assert [r.id for r in results] == list(SMALL.ids)
    for r in results:
        assert (r.addressed, r.returnee_level, r.n_passages, r.best_score, r.evidence, r.entry_point) == (False, 0, 0, 0.0, (), False)


def test_score_level_1_for_context_passage_above_threshold():
    r = _result([_ps(1, 0.6, returnee="context", anchors=("institution", "target", "budget"))])
    assert r.returnee_level == 1
    assert r.level_label == "acknowledged"
    # one passage at 0.6: below addressed_strong and fewer than two passages
    assert r.addressed is False
    assert r.entry_point is False


def test_score_context_passage_below_threshold_does_not_count():
    r = _result([_ps(1, 0.49, returnee="context")])
    assert r.returnee_level == 0
    assert r.evidence == ()


def test_score_targeted_passage_below_returnee_threshold_does_not_count():
    r = _result([_ps(1, 0.45, returnee="targeted", part="normative", anchors=("institution", "budget"))])
    assert r.returnee_level == 0
    assert r.addressed is False


def test_score_returnee_threshold_is_its_own_setting():
    cfg = ScoreConfig(returnee_threshold=0.3)
    r = _result([_ps(1, 0.35, returnee="targeted", part="normative")], config=cfg)
    assert r.returnee_level == 2
    assert r.n_passages == 0  # below passage_threshold: not a hit...
    assert r.addressed is True  # ...but a returnee measure makes the need addressed
    assert [e.passage_id for e in r.evidence] == ["p001"]


def test_score_level_2_for_targeted_passage_without_anchors():
    r = _result([_ps(1, 0.55, returnee="targeted", part="normative")])
    assert r.returnee_level == 2
    assert r.level_label == "partially mainstreamed"
    assert r.addressed is True  # level >= 2 implies addressed even with one weak passage
    assert r.entry_point is False
    assert r.n_passages == 1


def test_score_level_2_with_one_anchor():
    r = _result([_ps(1, 0.7, returnee="targeted", part="normative", anchors=("budget",))])
    assert r.returnee_level == 2


def test_score_level_3_with_anchors_in_the_passage():
    r = _result([_ps(1, 0.7, returnee="targeted", part="normative", anchors=("institution", "timeframe"))])
    assert r.returnee_level == 3
    assert r.level_label == "mainstreamed"
    assert r.evidence[0].anchors == ("institution", "timeframe")


def test_score_level_3_with_anchors_from_next_passages_in_same_section():
    sec = ("3. Measures", "3.1 Employment")
    items = [
        _ps(1, 0.7, returnee="targeted", part="normative", section=sec),
        _ps(2, 0.1, anchors=("institution",), section=sec),
        _ps(3, 0.1, anchors=("budget",), section=sec),
    ]
    r = _result(items)
    assert r.returnee_level == 3
    assert r.evidence[0].anchors == ("institution", "budget")


def test_score_level_3_with_anchor_from_previous_passage_on_previous_page():
    sec = ("3. Measures", "3.1 Employment")
    items = [
        _ps(1, 0.1, anchors=("target",), section=sec, page=4),
        _ps(2, 0.7, returnee="targeted", part="normative", anchors=("institution",), section=sec, page=5),
    ]
    assert _result(items).returnee_level == 3


def test_score_anchors_not_pooled_across_sections():
    items = [
        _ps(1, 0.7, returnee="targeted", part="normative", anchors=("institution",), section=("3. Measures", "3.1 Employment")),
        _ps(2, 0.1, anchors=("target", "budget", "timeframe"), section=("3. Measures", "3.2 Health")),
    ]
    r = _result(items)
    assert r.returnee_level == 2
    assert r.evidence[0].anchors == ("institution",)


def test_score_anchors_not_pooled_two_pages_away():
    sec = ("3. Measures",)
    items = [
        _ps(1, 0.7, returnee="targeted", part="normative", anchors=("institution",), section=sec, page=2),
        _ps(2, 0.1, anchors=("budget",), section=sec, page=4),
    ]
    assert _result(items).returnee_level == 2


def test_score_anchors_not_pooled_beyond_window():
    sec = ("3. Measures",)
    items = [_ps(0, 0.7, returnee="targeted", part="normative", anchors=("institution",), section=sec)]
    items += [_ps(n, 0.0, section=sec) for n in range(1, 7)]
    items += [_ps(7, 0.0, anchors=("budget",), section=sec)]  # 7 passages away: outside the window of 6
    assert _result(items).returnee_level == 2
    # one passage closer and it counts
    closer = items[:6] + [_ps(6, 0.0, anchors=("budget",), section=sec)]
    assert _result(closer).returnee_level == 3


def test_score_anchors_without_section_pool_only_adjacent_passages():
    items = [
        _ps(0, 0.7, returnee="targeted", part="normative", anchors=("institution",), section=()),
        _ps(1, 0.0, section=()),
        _ps(2, 0.0, anchors=("budget",), section=()),
    ]
    assert neighbour_anchors(items, 0) == ("institution",)
    assert _result(items).returnee_level == 2
    assert neighbour_anchors(items, 1) == ("institution", "budget")


def test_score_same_anchor_kind_twice_counts_once():
    sec = ("3. Measures",)
    items = [
        _ps(1, 0.7, returnee="targeted", part="normative", anchors=("institution",), section=sec),
        _ps(2, 0.1, anchors=("institution",), section=sec),
    ]
    assert _result(items).returnee_level == 2


def test_score_mainstreamed_min_anchors_is_configurable():
    items = [_ps(1, 0.7, returnee="targeted", part="normative", anchors=("institution", "budget"))]
    assert _result(items, config=ScoreConfig(mainstreamed_min_anchors=3)).returnee_level == 2
    assert _result(items, config=ScoreConfig(mainstreamed_min_anchors=1)).returnee_level == 3


def test_score_targeted_beats_context_and_adjacent_never_counts():
    items = [
        _ps(1, 0.9, returnee="adjacent", part="normative", anchors=("institution", "budget")),
        _ps(2, 0.6, returnee="context"),
        _ps(3, 0.55, returnee="targeted", part="normative", section=("other",)),
    ]
    assert _result(items).returnee_level == 2
    assert _result(items[:2]).returnee_level == 1
    assert _result(items[:1]).returnee_level == 0


def test_score_level_is_per_indicator():
    p = PassageScores(
        passage=_passage(1),
        scores={EMP: 0.8, "SOC.HEALTH": 0.2, "SOC.HOUSING": 0.6},
        returnee="targeted",
        part="normative",
        anchors=("institution", "budget"),
    )
    res = {r.id: r for r in flag_indicators([p], SMALL)}
    assert res[EMP].returnee_level == 3
    assert res["SOC.HEALTH"].returnee_level == 0
    assert res["SOC.HEALTH"].addressed is False
    assert res["SOC.HOUSING"].returnee_level == 3


def test_score_level_labels_match_level():
    for items, level in [
        ([_ps(1, 0.9)], 0),
        ([_ps(1, 0.9, returnee="context")], 1),
        ([_ps(1, 0.9, returnee="targeted", part="normative")], 2),
        ([_ps(1, 0.9, returnee="targeted", part="normative", anchors=("target", "budget"))], 3),
    ]:
        r = _result(items)
        assert (r.returnee_level, r.level_label) == (level, LEVEL_LABELS[level])


# --------------------------------------------------------------------------- addressed / entry point


def test_score_addressed_needs_min_passages():
    assert _result([_ps(1, 0.5), _ps(2, 0.5)]).addressed is True
    assert _result([_ps(1, 0.6), _ps(2, 0.49)]).addressed is False
    cfg = ScoreConfig(addressed_min_passages=3)
    assert _result([_ps(1, 0.6), _ps(2, 0.6)], config=cfg).addressed is False
    assert _result([_ps(1, 0.6), _ps(2, 0.6), _ps(3, 0.6)], config=cfg).addressed is True


def test_score_addressed_needs_a_normative_passage():
    # described in the diagnostic only: the strategy does not act on the need
    diagnostic = [_ps(1, 0.9, part="diagnostic"), _ps(2, 0.8, part="diagnostic")]
    assert _result(diagnostic).addressed is False
    assert _result(diagnostic + [_ps(3, 0.5, part="normative")]).addressed is True


def test_score_addressed_by_one_strong_passage():
    assert _result([_ps(1, 0.75)]).addressed is True
    assert _result([_ps(1, 0.74)]).addressed is False
    assert _result([_ps(1, 0.74)], config=ScoreConfig(addressed_strong=0.7)).addressed is True


def test_score_passage_threshold_is_configurable():
    items = [_ps(1, 0.45), _ps(2, 0.45)]
    assert _result(items).n_passages == 0
    r = _result(items, config=ScoreConfig(passage_threshold=0.4))
    assert r.n_passages == 2 and r.addressed is True


def test_score_entry_point_only_when_addressed_and_not_for_returnees():
    general = [_ps(1, 0.8), _ps(2, 0.8)]
    assert _result(general).entry_point is True
    assert _result(general + [_ps(3, 0.6, returnee="context")]).entry_point is True  # level 1
    assert _result(general + [_ps(3, 0.6, returnee="targeted", part="normative")]).entry_point is False
    assert _result([_ps(1, 0.3)]).entry_point is False  # not addressed


# --------------------------------------------------------------------------- evidence


def test_score_evidence_sorted_best_first_and_capped():
    items = [_ps(n, s) for n, s in enumerate([0.55, 0.9, 0.6, 0.95, 0.7, 0.8, 0.65, 0.51])]
    r = _result(items, config=ScoreConfig(max_evidence=3))
    assert [e.score for e in r.evidence] == [0.95, 0.9, 0.8]
    assert r.n_passages == 8
    assert r.best_score == 0.95
    r5 = _result(items)
    assert len(r5.evidence) == 5
    scores = [e.score for e in r5.evidence]
    assert scores == sorted(scores, reverse=True)


def test_score_evidence_keeps_returnee_passage_below_general_ones():
    items = [_ps(n, 0.9 - n * 0.01) for n in range(10)] + [_ps(20, 0.55, returnee="context")]
    r = _result(items, config=ScoreConfig(max_evidence=3))
    assert len(r.evidence) == 3
    ids = [e.passage_id for e in r.evidence]
    assert "p020" in ids
    assert ids[-1] == "p020"  # still sorted best first
    assert [e.returnee for e in r.evidence] == ["none", "none", "context"]


def test_score_evidence_prefers_targeted_over_context():
    items = [_ps(n, 0.95) for n in range(5)]
    items += [_ps(10, 0.9, returnee="context"), _ps(11, 0.6, returnee="targeted", part="normative", section=("x",))]
    r = _result(items, config=ScoreConfig(max_evidence=1))
    assert [e.passage_id for e in r.evidence] == ["p011"]
    assert r.returnee_level == 2


def test_score_evidence_fields_copied_from_passage():
    sec = ("3. Strategic axes", "3.1 Employment services")
    p = PassageScores(
        passage=_passage(7, "Returnees will be registered at job centres.", page=4, section=sec, start=120),
        scores={EMP: 0.8123456},
        lexical={EMP: ("job centres",)},
        returnee="targeted",
        returnee_terms=("Returnees",),
        part="normative",
        anchors=("timeframe", ),
    )
    neighbour = _ps(8, 0.0, anchors=("institution",), page=4, section=sec)
    r = _result([p, neighbour])
    assert r.returnee_level == 3
    (e,) = r.evidence
    assert e.page == 4
    assert e.section == "3. Strategic axes > 3.1 Employment services"
    assert e.text == "Returnees will be registered at job centres."
    assert e.score == 0.8123
    assert e.returnee == "targeted"
    assert e.part == "normative"
    assert e.anchors == ("institution", "timeframe")  # pooled, fixed order
    assert e.keywords == ("job centres",)
    assert e.returnee_terms == ("Returnees",)
    assert (e.passage_id, e.char_start, e.char_end) == ("p007", 120, 120 + len(p.passage.text))


def test_score_scores_clamped_to_unit_interval():
    r = _result([_ps(1, 1.37, returnee="targeted", part="normative"), _ps(2, -0.4)])
    assert r.best_score == 1.0
    assert r.evidence[0].score == 1.0
    for e in r.evidence:
        assert 0.0 <= e.score <= 1.0


def test_score_result_order_and_names_follow_taxonomy():
    results = flag_indicators([_ps(1, 0.9)], BUNDLED)
    assert [r.id for r in results] == list(BUNDLED.ids)
    assert results[0].name == "Employment and decent work"
    assert {r.dimension for r in results} == {"ECO", "SOC", "PSY", "STR"}


# --------------------------------------------------------------------------- monotonicity property

_SECTIONS = st.sampled_from([(), ("1. Context",), ("3. Measures", "3.1 Jobs"), ("3. Measures", "3.2 Health")])
_ANCHORS = st.lists(st.sampled_from(["institution", "target", "budget", "timeframe"]), unique=True, max_size=4).map(tuple)


@st.composite
def _items(draw, start: int, max_size: int = 12):
    n = draw(st.integers(0, max_size))
    out = []
    for k in range(n):
        cls = draw(st.sampled_from(["none", "context", "targeted", "adjacent"]))
        out.append(
            PassageScores(
                passage=_passage(start + k, page=draw(st.integers(1, 3)), section=draw(_SECTIONS)),
                scores={i: draw(st.floats(0.0, 1.0)) for i in SMALL.ids},
                returnee=cls,
                part="normative" if cls == "targeted" else draw(st.sampled_from(["normative", "diagnostic"])),
                anchors=draw(_ANCHORS),
            )
        )
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=_items(0), extra=_items(500), prepend=st.booleans())
def test_score_adding_passages_never_lowers_flags(base, extra, prepend):
    before = {r.id: r for r in flag_indicators(base, SMALL)}
    after = {r.id: r for r in flag_indicators(extra + base if prepend else base + extra, SMALL)}
    for ind in SMALL.ids:
        b, a = before[ind], after[ind]
        assert a.returnee_level >= b.returnee_level, ind
        assert a.n_passages >= b.n_passages, ind
        assert a.best_score >= b.best_score, ind
        assert a.addressed or not b.addressed, ind
        assert a.entry_point == (a.addressed and a.returnee_level <= 1)
        assert len(a.evidence) <= ScoreConfig().max_evidence


# --------------------------------------------------------------------------- annotate


def _match(p: Passage, scores: dict[str, float]) -> IndicatorScores:
    return IndicatorScores(passage_id=p.passage_id, scores=scores)


def _annotate(passages: list[Passage], scores: dict[str, float] | None = None) -> tuple[PassageScores, ...]:
    scores = scores or {EMP: 0.7}
    return annotate(passages, [_match(p, scores) for p in passages], BUNDLED)


def test_score_annotate_zeroes_migration_scoped_without_migration_context():
    scores = {"STR.COORDINATION": 0.9, "STR.FINANCING": 0.8, EMP: 0.7, "SOC.HEALTH": 0.6}
    p = _passage(1, "An inter-ministerial steering committee chaired by the Prime Minister will meet quarterly.")
    (ps,) = _annotate([p], scores)
    assert ps.scores == {"STR.COORDINATION": 0.0, "STR.FINANCING": 0.0, EMP: 0.7, "SOC.HEALTH": 0.6}
    assert ps.returnee == "none"


def test_score_annotate_keeps_migration_scoped_with_migration_context():
    scores = {"STR.COORDINATION": 0.9, EMP: 0.7}
    p = _passage(1, "An inter-ministerial committee on labour migration will meet quarterly.")
    (ps,) = _annotate([p], scores)
    assert ps.scores == scores


def test_score_annotate_migration_context_from_section_heading():
    scores = {"STR.COORDINATION": 0.9}
    p = _passage(1, "A steering committee will meet every quarter.", section=("4. Migration governance",))
    (ps,) = _annotate([p], scores)
    assert ps.scores["STR.COORDINATION"] == 0.9


def test_score_annotate_section_naming_returnees_makes_passage_core():
    sec = ("3. Strategic axes", "3.2 Support to returning migrants")
    text = "Job centres will register applicants and refer them to training."
    (ps,) = _annotate([_passage(1, text, section=sec)])
    assert ps.returnee == "targeted"
    assert ps.part == "normative"
    assert ps.returnee_terms == ("returning migrants",)
    (plain,) = _annotate([_passage(1, text, section=("3. Strategic axes", "3.2 Employment services"))])
    assert plain.returnee == "none"
    assert plain.returnee_terms == ()


def test_score_annotate_diagnostic_under_returnee_section_is_context():
    sec = ("1. Context", "1.3 Returnees")
    text = "In 2022, 41 % of applicants were recorded as unemployed according to the survey."
    (ps,) = _annotate([_passage(1, text, section=sec)])
    assert ps.part == "diagnostic"
    assert ps.returnee == "context"


def test_score_annotate_pronoun_continuation_after_core_passage():
    first = "Returning migrants will be registered at job centres."
    second = "They will receive a start-up grant and training."
    p1 = _passage(1, first, start=0)
    p2 = _passage(2, second, start=len(first) + 1)
    a1, a2 = _annotate([p1, p2])
    assert a1.returnee == "targeted"
    assert a2.returnee == "targeted"
    # the continuation carries no returnee term of its own
    assert a2.returnee_terms == ()


def test_score_annotate_pronoun_continuation_french():
    first = "Les migrants de retour seront inscrits à l'agence pour l'emploi."
    second = "Ils bénéficieront d'un appui à la création d'entreprise."
    a1, a2 = _annotate([_passage(1, first, start=10), _passage(2, second, start=10 + len(first) + 2)])
    assert a1.returnee == "targeted"
    assert a2.returnee == "targeted"


@pytest.mark.parametrize(
    "case",
    ["gap", "other_page", "no_pronoun", "prev_not_core"],
)
def test_score_annotate_pronoun_continuation_needs_adjacent_core(case):
    first = "Returning migrants will be registered at job centres."
    second = "They will receive a start-up grant and training."
    start2, page2 = len(first) + 1, 1
    if case == "gap":
        start2 = len(first) + 40
    elif case == "other_page":
        page2 = 2
    elif case == "no_pronoun":
        second = "Farmers will receive a start-up grant and training."
    elif case == "prev_not_core":
        first = "Young graduates will be registered at job centres."
    p1 = _passage(1, first, start=0)
    p2 = _passage(2, second, start=start2, page=page2)
    _, a2 = _annotate([p1, p2])
    assert a2.returnee == "none"


def test_score_annotate_excluded_groups_and_traps_are_none():
    texts = [
        "Returns to education are highest for tertiary graduates and will be monitored.",
        "Le programme de réinsertion des détenus sera étendu à toutes les régions.",
        "IDP returnees in the eastern provinces will receive shelter kits.",
    ]
    out = _annotate([_passage(n, t) for n, t in enumerate(texts)])
    assert [ps.returnee for ps in out] == ["none", "none", "none"]


def test_score_annotate_adjacent_group():
    (ps,) = _annotate([_passage(1, "Returning diaspora professionals will be offered tax incentives.")])
    assert ps.returnee == "adjacent"


def test_score_annotate_anchors_and_part():
    text = "The National Employment Agency will register 12,000 returnees by 2027 with a budget of USD 2 million."
    (ps,) = _annotate([_passage(1, text)])
    assert ps.returnee == "targeted"
    assert ps.anchors == ("institution", "target", "budget", "timeframe")
    assert ps.semantic == {} and ps.lexical == {}


def test_score_annotate_then_flag_end_to_end():
    sec = ("3. Measures", "3.1 Returnee employment desks")
    texts = [
        "Job centres will open desks for returning migrant workers.",
        "Lead institution: National Employment Agency.",
        "Target: 4,500 returnees placed by 2030.",
    ]
    passages = []
    pos = 0
    for n, t in enumerate(texts):
        passages.append(_passage(n, t, section=sec, start=pos))
        pos += len(t) + 1
    scores = [{EMP: 0.8}, {EMP: 0.1}, {EMP: 0.2}]
    annotated = annotate(passages, [_match(p, s) for p, s in zip(passages, scores)], BUNDLED)
    res = {r.id: r for r in flag_indicators(annotated, BUNDLED)}
    emp = res[EMP]
    assert emp.returnee_level == 3
    assert emp.addressed is True
    assert [e.passage_id for e in emp.evidence] == ["p000"]
    assert set(emp.evidence[0].anchors) >= {"institution", "target"}
    assert res["SOC.HEALTH"].returnee_level == 0


@pytest.mark.parametrize("text", ["– Responsable : CNAM.", "Responsible: MLESA.", "Porteur : DGTE."])
def test_score_annotate_responsible_label_is_institution_anchor(text):
    (ps,) = _annotate([_passage(1, text, section=("3. Measures", "Measure 1.2"))])
    assert "institution" in ps.anchors
