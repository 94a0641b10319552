"""Score the frozen blind set (corpora/blind/) with the shipped configuration, fitting nothing.

    python scripts/blind_check.py [--blind corpora/blind] [--json docs/blind.json]

corpora/blind/ holds team-written passages that no model was trained on and no cue was
tuned on (corpora/blind/README.md): its figures are what to expect on wording nobody has
written down yet, returnee targeting above all. Scoring only, so it takes seconds; the
held-out machinery of `analyser evaluate` would refit the calibration on these passages,
which is exactly what a blind set must not see. CLI wrapper over analyser.evaluate.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def blind_report(blind: str | Path, config=None) -> dict:  # type: ignore[no-untyped-def]
    from analyser.evaluate import load_gold_set, predict, score_gold
    from analyser.pipeline import build_resources

    gold_set = load_gold_set(blind)
    resources = build_resources(config)
    resources.warm_up()
    preds = predict(gold_set.passages, resources)
    ids = resources.taxonomy.ids
    out: dict[str, object] = {
        "matcher": resources.matcher.id, "model": resources.matcher.model_name,
        "calibration": Path(getattr(resources.matcher, "model_path", "") or "").name,
        "gold": gold_set.summary(),
    }
    for lang in ("all", "en", "fr"):
        idx = [i for i, g in enumerate(gold_set.passages) if lang == "all" or g.lang == lang]
        m = score_gold([gold_set.passages[i] for i in idx], [preds[i] for i in idx], ids).as_dict()
        m.pop("per_indicator", None)
        out[lang] = m
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--blind", default=str(ROOT / "corpora" / "blind"))
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args(argv)
    report = blind_report(args.blind)
    fmt = lambda x: "n/a" if x is None else f"{x:.3f}"  # noqa: E731  (empty subsets have no ratio)
    for lang in ("all", "en", "fr"):
        m = report[lang]
        if not m["n"]:
            continue
        rt = m["returnee_targeted"]
        print(f"{lang:3s} n={m['n']:4d} indicator micro-F1 {fmt(m['micro']['f1'])}  returnee-targeted F1 {fmt(rt['f1'])} "
              f"(P {fmt(rt['precision'])} R {fmt(rt['recall'])}, tp {rt['tp']} fp {rt['fp']} fn {rt['fn']})  "
              f"trap passages flagged {fmt(m['trap_returnee_false_positive_rate'])}  part accuracy {fmt(m['document_part']['accuracy'])}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
