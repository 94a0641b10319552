"""Evaluation beyond the metrics: pointer and multi-file gold, groups, grouped folds without
leakage, document-level flags, the confusion view, evaluate_run and the CLI command.
Model-free (keyword features, rule-based splitter)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analyser.config import AnalyserConfig
from analyser.errors import AnalyserError
from analyser.evaluate import (
    WRITTEN_BLOCK,
    GoldPassage,
    confusion,
    crossval_predict,
    document_flags,
    evaluate_run,
    format_table,
    group_folds,
    load_gold_set,
)
from analyser.gold import make_source

ROOT = Path(__file__).resolve().parents[2]
PDFS = ROOT / "tests" / "fixtures" / "pdfs"
IDS = ("A.X", "B.Y", "C.Z")


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(PDFS / "hyphenated.pdf", folder / "doc.pdf")
    return folder


def _pointer(corpus: Path, id_: str, **extra) -> dict:  # type: ignore[no-untyped-def]
    from analyser.gold import page_texts

    text = page_texts(str(corpus / "doc.pdf"))[0]
    end = min(len(text), 120)
    return {"id": id_, "source": make_source(corpus / "doc.pdf", 1, 0, end), "lang": "en", "indicators": ["ECO.SKILLS"],
            "returnee": "none", "kind": "general", **extra}


def test_evaluate_load_pointer_records_resolve_with_document_group(tmp_path, corpus):
    gold = _write(tmp_path / "real.jsonl", [_pointer(corpus, "r1")])
    gs = load_gold_set(gold, corpus=corpus)
    (p,) = gs.passages
    assert p.text.strip() and p.doc == "doc.pdf" and p.group.startswith("doc:") and len(p.group) == 4 + 64
    assert gs.summary()["documents"] == 1 and gs.skipped == {}


def test_evaluate_load_pointer_records_skipped_and_counted(tmp_path, corpus):
    changed = _pointer(corpus, "r2")
    changed["source"] = {**changed["source"], "text_sha256": "0" * 64}
    gold = _write(tmp_path / "real.jsonl", [_pointer(corpus, "r1"), changed])
    gs = load_gold_set(gold, corpus=corpus)
    assert [p.id for p in gs.passages] == ["r1"] and gs.skipped["unresolved"] == 1
    assert "hash mismatch" in gs.messages[0]
    absent = load_gold_set(gold, corpus=tmp_path / "nowhere")
    assert absent.passages == [] and absent.skipped["corpus_absent"] == 2
    assert "--corpus" in absent.messages[0] and "ANALYSER_REAL_CORPUS" in absent.messages[0]


def test_evaluate_load_folder_glob_groups_and_duplicates(tmp_path, monkeypatch):
    rows = [{"id": f"w{i}", "text": f"passage {i}", "lang": "en"} for i in range(WRITTEN_BLOCK + 2)]
    _write(tmp_path / "a.jsonl", rows)
    _write(tmp_path / "b.jsonl", [{"id": "x", "text": "t", "group": "mine"}])
    gs = load_gold_set(tmp_path)
    assert gs.files == ["a.jsonl", "b.jsonl"] and len(gs.passages) == WRITTEN_BLOCK + 3
    groups = [p.group for p in gs.passages]
    assert groups[0] == groups[WRITTEN_BLOCK - 1] == "a#0" and groups[WRITTEN_BLOCK] == "a#1" and groups[-1] == "mine"
    assert len(load_gold_set(str(tmp_path / "b*.jsonl")).passages) == 1
    _write(tmp_path / "c.jsonl", [{"id": "x", "text": "again"}])
    with pytest.raises(AnalyserError, match="duplicate gold ids"):
        load_gold_set(tmp_path)
    with pytest.raises(AnalyserError, match="does not exist"):
        load_gold_set(tmp_path / "missing.jsonl")


def test_evaluate_corpus_default_from_environment(tmp_path, monkeypatch, corpus):
    gold = _write(tmp_path / "real.jsonl", [_pointer(corpus, "r1")])
    monkeypatch.setenv("ANALYSER_REAL_CORPUS", str(corpus))
    assert len(load_gold_set(gold).passages) == 1


def _g(id_: str, inds: set[str], group: str, doc: str = "", returnee: str = "none") -> GoldPassage:
    return GoldPassage(id_, f"text {id_}", "en", frozenset(inds), returnee, group=group, doc=doc)


def test_evaluate_group_folds_never_split_a_group():
    gold = [_g(f"p{i}", set(), f"doc{i % 7}") for i in range(40)]
    folds = group_folds(gold, 5)
    by_group: dict[str, set[int]] = {}
    for g, f in zip(gold, folds):
        by_group.setdefault(g.group, set()).add(f)
    assert all(len(v) == 1 for v in by_group.values()) and len(set(folds)) == 5
    with pytest.raises(AnalyserError, match="at least 2 groups"):
        group_folds([_g("a", set(), "one"), _g("b", set(), "one")], 5)


def test_evaluate_crossval_fits_only_on_other_groups(monkeypatch, fake_resources):
    """Each fold's model is fitted on passages none of whose groups are in the test fold."""
    import analyser.evaluate as ev

    texts = ["Returning migrants will receive vocational training.", "Health centres will be rehabilitated.",
             "Apprenticeships for young people in construction trades.", "Hospitals and clinics will be equipped."]
    gold = [GoldPassage(f"p{i}", texts[i % 4], "en", frozenset({"ECO.SKILLS"} if i % 2 == 0 else {"SOC.HEALTH"}), "none",
                        group=f"doc{i // 4}") for i in range(40)]
    from dataclasses import replace

    from analyser.match.calibrated import CalibratedMatcher

    res = replace(fake_resources, matcher=CalibratedMatcher(None))
    seen: list[set[str]] = []
    real_fit = ev.fit_for

    def spy(train, resources, **kw):  # type: ignore[no-untyped-def]
        seen.append({g.group for g in train})
        return real_fit(train, resources, **kw)

    monkeypatch.setattr(ev, "fit_for", spy)
    preds = crossval_predict(gold, res, folds=5, centroids=False)
    assert len(seen) == 5 and len(preds) == 40
    folds = group_folds(gold, 5)
    for f, train_groups in enumerate(seen):
        test_groups = {g.group for g, k in zip(gold, folds) if k == f}
        assert not train_groups & test_groups
    assert sum("ECO.SKILLS" in p for p, *_ in preds[0::2]) >= 15  # the signal is learnable held out


def test_evaluate_document_flags_and_confusion():
    gold = [_g("a", {"A.X"}, "d1", "one.pdf", "targeted"), _g("b", {"B.Y"}, "d1", "one.pdf"),
            _g("c", {"C.Z"}, "d2", "two.pdf"), _g("w", {"A.X"}, "w#0")]
    preds = [(frozenset({"A.X"}), "none"), (frozenset(), "targeted"), (frozenset({"A.X"}), "context"), (frozenset(), "none")]
    d = document_flags(gold, preds, IDS)
    assert d["documents"] == 2  # the written passage is no document
    assert d["per_document"]["one.pdf"]["missed"] == ["B.Y"] and d["per_document"]["two.pdf"]["extra"] == ["A.X"]
    assert d["flag_accuracy"] == pytest.approx(3 / 6)  # one.pdf 2/3 right, two.pdf 1/3
    assert d["returnee_flag_accuracy"] == 1.0  # one.pdf targeted somewhere in both; two.pdf in neither
    c = confusion(gold, preds, IDS, worst=2)
    assert [x["indicator"] for x in c] == ["B.Y", "C.Z"]
    assert c[1]["missed_predicted_as"] == {"A.X": 1} and c[0]["missed_predicted_as"] == {"(nothing)": 1}
    assert document_flags([_g("w", set(), "w#0")], [(frozenset(), "none")], IDS) == {"documents": 0}


def test_evaluate_run_keyword_report_and_table(tmp_path, fake_resources):
    from dataclasses import replace

    from analyser.match.lexical import KeywordMatcher

    rows = [{"id": "e1", "text": "Returning migrants will be registered by the public employment service.", "lang": "en",
             "indicators": ["ECO.EMPLOYMENT"], "returnee": "targeted", "kind": "positive"},
            {"id": "f1", "text": "Les migrants de retour seront inscrits comme demandeurs d'emploi.", "lang": "fr",
             "indicators": ["ECO.EMPLOYMENT"], "returnee": "targeted", "kind": "positive"}]
    gs = load_gold_set(_write(tmp_path / "g.jsonl", rows))
    res = replace(fake_resources, matcher=KeywordMatcher())
    rep = evaluate_run(gs, res, by=("lang", "indicator"))
    assert rep["held_out"] is rep["in_sample"] and "held_out_note" in rep
    assert rep["in_sample"]["en"]["micro"]["f1"] == 1.0 and rep["in_sample"]["all"]["per_indicator"]
    text = format_table(rep, ("lang", "indicator"))
    assert "in-sample all" in text and "ECO.EMPLOYMENT" in text and "held-out" not in text


def test_evaluate_cli_command(tmp_path, capsys):
    from analyser.cli import main

    cfg = tmp_path / "config.yaml"
    cfg.write_text("segment:\n  splitter: sentencizer\n", encoding="utf-8")
    gold = _write(tmp_path / "g.jsonl", [{"id": "e1", "text": "Returnees will get vocational training.", "lang": "en",
                                          "indicators": ["ECO.SKILLS"], "returnee": "targeted", "kind": "positive"}])
    out = tmp_path / "figs.json"
    rc = main(["evaluate", "--gold", str(gold), "--matcher", "keyword.v1", "--config", str(cfg), "--json-out", str(out), "--by", "lang,indicator"])
    assert rc == 0
    assert "in-sample all" in capsys.readouterr().out
    figs = json.loads(out.read_text(encoding="utf-8"))
    assert figs["matcher"] == "keyword.v1" and figs["gold"]["n"] == 1
    assert main(["evaluate", "--gold", str(gold), "--matcher", "keyword.v1", "--by", "colour"]) != 0
