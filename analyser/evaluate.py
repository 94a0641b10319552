"""Passage-level evaluation against labelled gold passages: pure metrics, a gold loader for
text and pointer records, and runners that use the same score_passages path as users get.

Held-out figures come from grouped cross-validation: a matcher with parameters fitted on
gold (calibrated.v1) is refitted on the other folds for each test fold, and no document
(group) is ever in both. Matchers with nothing fitted report the same figures for both.
"""

from __future__ import annotations

import csv
import glob
import json
import os
import re
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from analyser.errors import AnalyserError

# (indicators addressed, returnee class, document part) for one passage; the part may be
# left out (2-tuples) by callers that do not measure it
Prediction = tuple[frozenset[str], str, str] | tuple[frozenset[str], str]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD_DIR = ROOT / "corpora" / "gold"
# Written passages are short independent texts, but an author writes a run of them in one
# sitting (same invented country, same programmes): blocks of this many consecutive lines
# of a file form one cross-validation group, so near-twins do not straddle train and test.
WRITTEN_BLOCK = 10
BREAKDOWNS = ("lang", "indicator", "document")


def default_corpus_dir() -> Path:
    env = os.environ.get("ANALYSER_REAL_CORPUS")
    return Path(env) if env else ROOT.parent / "shared" / "corpora" / "real"


@dataclass(frozen=True)
class GoldPassage:
    id: str
    text: str
    lang: str
    indicators: frozenset[str]
    returnee: str
    kind: str = ""
    part: str = ""
    # cross-validation group: the document's sha256 for pointers, a block of lines for written text
    group: str = ""
    # the source document's file name for pointer passages ("" for written passages)
    doc: str = ""

    @property
    def cv_group(self) -> str:
        return self.group or f"passage:{self.id}"


@dataclass
class GoldSet:
    passages: list[GoldPassage]
    files: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    messages: list[str] = field(default_factory=list)
    corpus: str = ""

    def summary(self) -> dict[str, object]:
        return {
            "files": self.files,
            "n": len(self.passages),
            "by_lang": dict(sorted(Counter(g.lang for g in self.passages).items())),
            "documents": len({g.doc for g in self.passages if g.doc}),
            "skipped": dict(sorted(self.skipped.items())),
        }


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
    # document part (cues.document_part), normative as the positive class, over gold passages labelled with a part
    normative: PRF = field(default_factory=PRF)
    part_correct: int = 0
    part_n: int = 0
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
            "document_part": {"n": self.part_n, "accuracy": round(self.part_correct / self.part_n, 4) if self.part_n else None,
                              "normative": self.normative.as_dict()},
            "per_indicator": {k: v.as_dict() for k, v in sorted(self.per_indicator.items())},
        }


# --------------------------------------------------------------------------- loading


def _expand(paths: str | Path | Sequence[str | Path]) -> list[Path]:
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(p.glob("*.jsonl")))
        elif re.search(r"[*?\[]", str(item)):
            out.extend(sorted(Path(x) for x in glob.glob(str(item))))
        elif p.is_file():
            out.append(p)
        else:
            raise AnalyserError(f"gold file {p} does not exist; pass a JSONL file, a folder of them or a glob")
    return list(dict.fromkeys(out))


def load_gold_set(paths: str | Path | Sequence[str | Path], *, corpus: str | Path | None = None) -> GoldSet:
    """Gold passages from JSONL files (or folders / globs of them). Text records carry
    `text`; pointer records carry `source` (analyser/gold.py) and are resolved against the
    corpus folder. Pointers that cannot be resolved are skipped, counted and reported."""
    from analyser.gold import GoldPointerError, resolve

    corpus_dir = Path(corpus) if corpus else default_corpus_dir()
    have_corpus = corpus_dir.is_dir()
    out = GoldSet(passages=[], corpus=str(corpus_dir))
    for path in _expand(paths):
        out.files.append(path.name)
        line_no = 0
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or not isinstance(obj.get("indicators", []), list):
                    raise TypeError("a JSON object with a list of indicators is required")
                src = obj.get("source")
                doc = ""
                if isinstance(src, dict):
                    if not have_corpus:
                        out.skipped["corpus_absent"] += 1
                        continue
                    try:
                        text = resolve(src, corpus_dir)
                    except GoldPointerError as exc:
                        out.skipped["unresolved"] += 1
                        out.messages.append(f"{path.name}:{n}: {exc}")
                        continue
                    group, doc = f"doc:{src['sha256']}", str(src.get("file", src["sha256"][:12]))
                else:
                    text = obj["text"]
                    group = str(obj.get("group") or f"{path.stem}#{line_no // WRITTEN_BLOCK}")
                line_no += 1
                out.passages.append(
                    GoldPassage(
                        id=str(obj["id"]), text=text, lang=obj.get("lang", "und"),
                        indicators=frozenset(obj.get("indicators", [])), returnee=obj.get("returnee", "none"),
                        kind=obj.get("kind", ""), part=obj.get("part", ""), group=group, doc=doc,
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                raise AnalyserError(
                    f"{path}:{n}: not a gold passage ({exc}); expected id, text, indicators, returnee "
                    "(or a pointer 'source' block instead of text)"
                ) from exc
    if out.skipped["corpus_absent"]:
        out.messages.insert(0, f"{out.skipped['corpus_absent']} pointer passages skipped: corpus folder {corpus_dir} is absent "
                               "(pass --corpus or set ANALYSER_REAL_CORPUS)")
    ids = Counter(g.id for g in out.passages)
    dup = [i for i, c in ids.items() if c > 1]
    if dup:
        raise AnalyserError(f"duplicate gold ids across files: {', '.join(sorted(dup)[:5])}")
    return out


def load_gold(paths: str | Path | Sequence[str | Path], *, corpus: str | Path | None = None) -> list[GoldPassage]:
    gs = load_gold_set(paths, corpus=corpus)
    for msg in gs.messages:
        warnings.warn(msg, stacklevel=2)
    return gs.passages


# --------------------------------------------------------------------------- metrics (pure)


def score_gold(
    gold: Sequence[GoldPassage], predicted: Sequence[Prediction], indicator_ids: Iterable[str]
) -> Metrics:
    """predicted[i] = (indicators addressed, returnee class[, document part]) for gold[i]."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold passages but {len(predicted)} predictions")
    ids = list(indicator_ids)
    m = Metrics()
    for ind in ids:
        m.per_indicator[ind] = PRF()
    for g, pred in zip(gold, predicted):
        pred_inds, pred_ret = pred[0], pred[1]
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
        if g.part and len(pred) > 2:
            m.part_n += 1
            m.part_correct += g.part == pred[2]
            gn, pn = g.part == "normative", pred[2] == "normative"
            m.normative.tp += gn and pn
            m.normative.fp += pn and not gn
            m.normative.fn += gn and not pn
        if g.kind == "trap":
            m.traps += 1
            if pred_ret in ("targeted", "context"):
                m.trap_returnee_flags += 1
    return m


def confusion(
    gold: Sequence[GoldPassage], predicted: Sequence[Prediction], indicator_ids: Sequence[str], worst: int = 5
) -> list[dict[str, object]]:
    """For the `worst` indicators by F1 (among those with gold positives): where their misses
    went (indicators predicted instead on passages that lacked it) and which gold indicators
    their false positives really were."""
    m = score_gold(gold, predicted, indicator_ids)
    ranked = sorted((v.f1, k) for k, v in m.per_indicator.items() if v.tp + v.fn > 0)[:worst]
    out = []
    for _f1, ind in ranked:
        missed_as: Counter = Counter()
        fp_really: Counter = Counter()
        examples: list[str] = []
        for g, (pi, *_rest) in zip(gold, predicted):
            if ind in g.indicators and ind not in pi:
                missed_as.update(pi - g.indicators or {"(nothing)"})
                if len(examples) < 3:
                    examples.append(g.id)
            elif ind in pi and ind not in g.indicators:
                fp_really.update(g.indicators or {"(no indicator)"})
        cell = m.per_indicator[ind]
        out.append({"indicator": ind, **cell.as_dict(), "missed_predicted_as": dict(missed_as.most_common(4)),
                    "false_positives_gold": dict(fp_really.most_common(4)), "missed_examples": examples})
    return out


def document_flags(gold: Sequence[GoldPassage], predicted: Sequence[Prediction], indicator_ids: Sequence[str]) -> dict[str, object]:
    """Flags aggregated per real document over its labelled passages: an indicator is
    flagged when at least one passage addresses it, the returnee flag when at least one
    passage is targeted. Accuracy over (document, indicator) cells."""
    docs: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        if g.doc:
            docs[g.doc].append(i)
    if not docs:
        return {"documents": 0}
    cells = agree = ret_agree = 0
    per_doc = {}
    for name, idx in sorted(docs.items()):
        gi = set().union(*(gold[i].indicators for i in idx)) & set(indicator_ids)
        pi = set().union(*(predicted[i][0] for i in idx)) & set(indicator_ids)
        ok = sum((ind in gi) == (ind in pi) for ind in indicator_ids)
        cells += len(indicator_ids)
        agree += ok
        g_ret = any(gold[i].returnee == "targeted" for i in idx)
        p_ret = any(predicted[i][1] == "targeted" for i in idx)
        ret_agree += g_ret == p_ret
        per_doc[name] = {"passages": len(idx), "flag_accuracy": round(ok / len(indicator_ids), 4),
                         "missed": sorted(gi - pi), "extra": sorted(pi - gi), "returnee_gold": g_ret, "returnee_predicted": p_ret}
    return {"documents": len(docs), "flag_accuracy": round(agree / cells, 4),
            "returnee_flag_accuracy": round(ret_agree / len(docs), 4), "per_document": per_doc}


def metrics_report(
    gold: Sequence[GoldPassage], predicted: Sequence[Prediction], indicator_ids: Sequence[str], by: Sequence[str] = ("lang",)
) -> dict[str, object]:
    """All figures for one set of predictions: overall, per language, per document group,
    document-level flags and the confusion view of the worst indicators."""
    ids = list(indicator_ids)
    out: dict[str, object] = {"all": score_gold(gold, predicted, ids).as_dict()}
    for lang in sorted({g.lang for g in gold}):
        idx = [i for i, g in enumerate(gold) if g.lang == lang]
        out[lang] = score_gold([gold[i] for i in idx], [predicted[i] for i in idx], ids).as_dict()
    source = {"written": [i for i, g in enumerate(gold) if not g.doc], "real": [i for i, g in enumerate(gold) if g.doc]}
    out["by_source"] = {
        k: {lang: score_gold([gold[i] for i in idx if gold[i].lang == lang], [predicted[i] for i in idx if gold[i].lang == lang], ids).as_dict()
            for lang in sorted({gold[i].lang for i in idx})}
        for k, idx in source.items() if idx
    }
    if "indicator" not in by:
        for key in [k for k in out if k != "by_source"]:
            out[key] = {k: v for k, v in out[key].items() if k != "per_indicator"}  # type: ignore[union-attr]
        for k in out["by_source"]:  # type: ignore[union-attr]
            for lang in out["by_source"][k]:  # type: ignore[index]
                out["by_source"][k][lang].pop("per_indicator", None)  # type: ignore[index]
    out["documents"] = document_flags(gold, predicted, ids)
    if "document" not in by and isinstance(out["documents"], dict):
        out["documents"].pop("per_document", None)  # type: ignore[union-attr]
    out["confusion"] = confusion(gold, predicted, ids)
    return out


# --------------------------------------------------------------------------- runners


def predict(gold: Sequence[GoldPassage], resources) -> list[Prediction]:  # type: ignore[no-untyped-def]
    """Run the user-facing score_passages path over gold passages."""
    from analyser.pipeline import passages_from_texts, score_passages

    if not gold:
        return []
    passages = passages_from_texts([(g.id, g.text, g.lang) for g in gold])
    scored = score_passages(passages, resources)
    thr = resources.config.score.passage_threshold
    return [(frozenset(i for i, s in ps.scores.items() if s >= thr), ps.returnee, ps.part) for ps in scored]


def evaluate(gold: Sequence[GoldPassage], resources, *, by_lang: bool = True) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """In-sample figures with the resources as given (overall and per language)."""
    preds = predict(gold, resources)
    ids = resources.taxonomy.ids
    out: dict[str, object] = {"all": score_gold(gold, preds, ids).as_dict()}
    if by_lang:
        for lang in sorted({g.lang for g in gold}):
            idx = [i for i, g in enumerate(gold) if g.lang == lang]
            out[lang] = score_gold([gold[i] for i in idx], [preds[i] for i in idx], ids).as_dict()
    return out


def is_fitted(resources) -> bool:  # type: ignore[no-untyped-def]
    """Does this matcher have parameters learned from gold passages (to refit per fold)?"""
    return getattr(resources.matcher, "id", "") == "calibrated.v1"


def training_arrays(gold: Sequence[GoldPassage], matcher, taxonomy):  # type: ignore[no-untyped-def]
    """Features (a FeatureSet), 0/1 labels (n, k) and the usable-pair mask for a calibrated
    matcher: structural indicators on passages without migration context are zeroed by
    annotate() whatever the matcher says, so those pairs are not fitted."""
    import numpy as np

    fs = matcher.features([g.text for g in gold], taxonomy)
    y = np.array([[ind in g.indicators for ind in taxonomy.ids] for g in gold], dtype=np.int8)
    scoped = np.array([ind.scope == "migration" for ind in taxonomy.indicators])
    no_migration = fs.x[:, :, list(fs.names).index("migration")] == 0
    usable = ~(no_migration & scoped[None, :])
    return fs, y, usable


def fit_for(gold: Sequence[GoldPassage], resources, *, tune: bool = True, meta: dict | None = None, **options):  # type: ignore[no-untyped-def]
    """Fit a calibration model on `gold` with the resources' calibrated matcher's features.
    options: c, indicator_bias, centroids, features (see match.calibrated.fit_calibration)."""
    from analyser.match.calibrated import fit_calibration

    fs, y, usable = training_arrays(gold, resources.matcher, resources.taxonomy)
    groups = [g.cv_group for g in gold] if tune else None
    return fit_calibration(fs, y, resources.taxonomy.ids, encoder=resources.matcher.model_name, groups=groups,
                           usable=usable, meta=meta, **options)


def with_calibration(resources, calibration):  # type: ignore[no-untyped-def]
    from analyser.match.calibrated import CalibratedMatcher

    m = resources.matcher
    # the reliability card describes the shipped model file, not this one
    return replace(resources, matcher=CalibratedMatcher(m.encoder, model_path=m.model_path, calibration=calibration), card=None)


def group_folds(gold: Sequence[GoldPassage], folds: int) -> list[int]:
    """Fold index per passage: GroupKFold over cv_group (no group in two folds)."""
    from analyser.match.calibrated import grouped_folds

    groups = [g.cv_group for g in gold]
    if min(folds, len(set(groups))) < 2:
        raise AnalyserError("held-out evaluation needs at least 2 groups of gold passages")
    return grouped_folds(groups, folds)


def crossval_predict(gold: Sequence[GoldPassage], resources, *, folds: int = 5, **fit_kwargs) -> list[Prediction]:  # type: ignore[no-untyped-def]
    """Out-of-fold predictions: for each fold, a calibration fitted on the other folds'
    groups, then the user-facing score_passages path on the fold's passages."""
    fold_of = group_folds(gold, folds)
    preds: list[Prediction | None] = [None] * len(gold)
    for f in sorted(set(fold_of)):
        train = [g for g, k in zip(gold, fold_of) if k != f]
        test_idx = [i for i, k in enumerate(fold_of) if k == f]
        cal = fit_for(train, resources, **fit_kwargs)
        for i, p in zip(test_idx, predict([gold[i] for i in test_idx], with_calibration(resources, cal))):
            preds[i] = p
    return preds  # type: ignore[return-value]


def evaluate_run(
    gold_set: GoldSet, resources, *, folds: int = 5, by: Sequence[str] = ("lang",), calibration=None, **fit_kwargs  # type: ignore[no-untyped-def]
) -> dict[str, object]:
    """The `analyser evaluate` report: in-sample figures with the configured matcher, and
    held-out (out-of-fold, grouped by document) figures when it is fitted on gold.
    `calibration` replaces a calibrated matcher's model file (e.g. one just fitted on all
    of `gold_set`, for in-sample figures on gold newer than the shipped model).
    passages_per_s includes encoding unless $ANALYSER_CACHE_DIR already holds the vectors."""
    gold = gold_set.passages
    if calibration is not None:
        resources = with_calibration(resources, calibration)
    ids = resources.taxonomy.ids
    cfg = resources.config.match
    resources.warm_up()
    t = time.perf_counter()
    preds = predict(gold, resources)
    elapsed = time.perf_counter() - t
    report: dict[str, object] = {
        "matcher": resources.matcher.id,
        "model": resources.matcher.model_name,
        "calibration": str(getattr(resources.matcher, "model_path", "")) and Path(resources.matcher.model_path).name,
        "passage_threshold": resources.config.score.passage_threshold,
        "config_hash": resources.config.config_hash(),
        "gold": gold_set.summary(),
        "passages_per_s": round(len(gold) / elapsed, 1) if elapsed > 0 else None,
        "in_sample": metrics_report(gold, preds, ids, by),
    }
    if is_fitted(resources):
        report["folds"] = folds
        report["held_out"] = metrics_report(gold, crossval_predict(gold, resources, folds=folds, **fit_kwargs), ids, by)
    else:
        report["held_out_note"] = (f"{cfg.matcher} fits nothing on gold passages, so held-out = in-sample "
                                   "(its few hand-set parameters were chosen on the written passages)")
        report["held_out"] = report["in_sample"]
    return report


def trap_documents(resources, corpus: str | Path | None = None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Analyse the corpus manifest's trap documents whole: returnee levels raised (target 0)."""
    from analyser.pipeline import analyse_pdf_safely

    corpus_dir = Path(corpus) if corpus else default_corpus_dir()
    manifest = corpus_dir / "manifest.csv"
    if not manifest.is_file():
        return {"skipped": f"no manifest.csv in {corpus_dir}"}
    out: dict[str, object] = {}
    with manifest.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if "trap" not in row.get("category", "") or not (corpus_dir / row["file"]).is_file():
                continue
            rep = analyse_pdf_safely(corpus_dir / row["file"], resources)
            raised = [r.id for r in rep.indicators if r.returnee_level > 0]
            out[row["file"]] = {"status": rep.document.status.value, "indicators_with_returnee_level": raised}
    return out


# --------------------------------------------------------------------------- table


def _row(label: str, m: dict) -> str:
    mi, rt = m["micro"], m["returnee_targeted"]
    trap = m["trap_returnee_false_positive_rate"]
    part = (m.get("document_part") or {}).get("accuracy")
    return (f"{label:22} {m['n']:5d} {mi['f1']:7.3f} {mi['precision']:6.3f} {mi['recall']:6.3f} {m['macro_f1']:7.3f} "
            f"{rt['f1']:6.3f} {'-' if trap is None else f'{trap:.2f}':>6} {'-' if part is None else f'{part:.3f}':>7}")


def format_table(report: dict, by: Sequence[str] = ("lang",)) -> str:
    """Plain-text view of an evaluate_run report."""
    lines = [
        f"matcher {report['matcher']} model {report['model']} {report.get('calibration') or ''} threshold {report['passage_threshold']}",
        f"gold: {report['gold']['n']} passages {report['gold']['by_lang']} from {', '.join(report['gold']['files'])}; "
        f"skipped {report['gold']['skipped'] or 'none'}; {report['passages_per_s']} passages/s",
        f"{'split / subset':22} {'n':>5} {'microF1':>7} {'P':>6} {'R':>6} {'macroF1':>7} {'retF1':>6} {'trapFP':>6} {'partAcc':>7}",
    ]
    splits = [("in-sample", report["in_sample"])]
    if report.get("folds"):
        splits.append((f"held-out ({report['folds']}-fold)", report["held_out"]))
    for name, figs in splits:
        lines.append(_row(f"{name} all", figs["all"]))
        if "lang" in by:
            for k, v in figs.items():
                if k not in ("all", "by_source", "documents", "confusion"):
                    lines.append(_row(f"  {k}", v))
            for src, langs in figs["by_source"].items():
                for lang, v in langs.items():
                    lines.append(_row(f"  {src} {lang}", v))
        d = figs["documents"]
        if d.get("documents"):
            lines.append(f"  documents: {d['documents']}, flag accuracy {d['flag_accuracy']:.3f}, returnee flag accuracy {d['returnee_flag_accuracy']:.3f}")
            if "document" in by:
                for doc, v in d["per_document"].items():
                    lines.append(f"    {doc[:48]:48} n={v['passages']:3d} acc {v['flag_accuracy']:.3f} missed {v['missed'][:3]} extra {v['extra'][:3]}")
    final = report["held_out"]
    if "indicator" in by and "per_indicator" in final["all"]:
        lines.append(f"per indicator ({'held-out' if report.get('folds') else 'in-sample'}): P R F1 tp fp fn")
        for ind, v in final["all"]["per_indicator"].items():
            lines.append(f"  {ind:28} {v['precision']:.2f} {v['recall']:.2f} {v['f1']:.2f} {v['tp']:4d} {v['fp']:4d} {v['fn']:4d}")
    lines.append("worst indicators (misses predicted as / false positives were):")
    for c in final["confusion"]:
        lines.append(f"  {c['indicator']:28} F1 {c['f1']:.2f}  missed->{c['missed_predicted_as']}  fp<-{c['false_positives_gold']}")
    if report.get("trap_documents"):
        lines.append(f"trap documents: {json.dumps(report['trap_documents'])}")
    return "\n".join(lines)
