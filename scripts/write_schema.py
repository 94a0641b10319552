"""Write docs/report.schema.json from the DocumentReport model (tests check it is current).

    python scripts/write_schema.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyser.types import DocumentReport  # noqa: E402

SCHEMA_PATH = ROOT / "docs" / "report.schema.json"


def schema_text() -> str:
    return json.dumps(DocumentReport.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
