"""The shipped gold files follow the labelling guide's rules (corpora/gold/LABELLING.md
sections 4, 5 and 7), checked without the real PDFs: labels only."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from analyser.config import DEFAULT_TAXONOMY
from analyser.gold import label_problems
from analyser.taxonomy import load_taxonomy

GOLD = Path(__file__).resolve().parents[2] / "corpora" / "gold"
IDS = frozenset(load_taxonomy(DEFAULT_TAXONOMY).ids)


def _records() -> list[tuple[str, dict]]:
    return [(p.name, json.loads(line)) for p in sorted(GOLD.glob("*.jsonl")) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_files_have_valid_labels():
    bad = {f"{name}:{obj.get('id')}": problems for name, obj in _records() if (problems := label_problems(obj, IDS))}
    assert not bad


def test_gold_ids_unique_and_corpus_size():
    recs = _records()
    dup = [i for i, c in Counter(obj["id"] for _, obj in recs).items() if c > 1]
    assert not dup
    by_lang = Counter(obj["lang"] for _, obj in recs)
    # the minimum: 600 passages, 250 of them French, every indicator covered
    assert len(recs) >= 600 and by_lang["fr"] >= 250
    assert IDS <= {i for _, obj in recs for i in obj["indicators"]}


def _ok(**over) -> dict:
    base = {"id": "x", "lang": "en", "text": " ".join(["word"] * 20), "indicators": ["ECO.EMPLOYMENT"], "returnee": "targeted",
            "part": "normative", "anchors": ["institution"], "kind": "positive"}
    return {**base, **over}


@pytest.mark.parametrize(
    ("over", "fragment"),
    [
        ({"indicators": ["ECO.JOBS"]}, "unknown indicator"),
        ({"returnee": "returnee"}, "returnee 'returnee'"),
        ({"part": "diagnostic", "anchors": []}, "targeted passages are normative"),
        ({"returnee": "context", "part": "diagnostic", "anchors": ["budget"], "kind": "context"}, "no anchors"),
        ({"kind": "general"}, "gives kind positive"),
        ({"returnee": "none", "kind": "unrelated"}, "unrelated has no indicator"),
        ({"returnee": "none", "kind": "general", "indicators": []}, "general needs at least one"),
        ({"text": "too short"}, "2 words"),
    ],
)
def test_gold_label_problems_found(over: dict, fragment: str):
    assert any(fragment in p for p in label_problems(_ok(**over), IDS))


def test_gold_label_problems_none_for_a_valid_record():
    assert label_problems(_ok(), IDS) == []
    pointer = {k: v for k, v in _ok().items() if k != "text"} | {"source": {"sha256": "0" * 64, "page": 1, "start": 0, "end": 9}}
    assert label_problems(pointer, IDS) == []


BLIND = GOLD.parent / "blind"


def test_blind_set_is_valid_and_shares_nothing_with_the_gold():
    """corpora/blind/ must stay unseen: no id or text of it may be in the training gold."""
    blind = [(p.name, json.loads(line)) for p in sorted(BLIND.glob("*.jsonl")) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(blind) >= 150 and {obj["lang"] for _, obj in blind} == {"en", "fr"}
    bad = {f"{name}:{obj.get('id')}": problems for name, obj in blind if (problems := label_problems(obj, IDS))}
    assert not bad
    ids = [obj["id"] for _, obj in blind]
    assert len(ids) == len(set(ids))
    gold = _records()
    assert not set(ids) & {obj["id"] for _, obj in gold}
    gold_texts = {" ".join(obj.get("text", "").lower().split()) for _, obj in gold}
    assert not {" ".join(obj["text"].lower().split()) for _, obj in blind} & gold_texts
