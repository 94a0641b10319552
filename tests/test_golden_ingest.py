"""Golden tests: every tests/fixtures/expected/<name>.json against tests/fixtures/pdfs/<name>.pdf,
ingested with the default engine, plus a text snapshot tests/fixtures/expected/<name>.ingest.txt.

Refresh the snapshots after an intended change with:  python -m pytest tests/test_golden_ingest.py --update-golden
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from analyser.config import IngestConfig
from analyser.errors import NoTextLayerError
from analyser.ingest import ingest_pdf, raw_to_document
from analyser.ingest.layout import raw_pages_to_pages

HERE = Path(__file__).resolve().parent
PDFS = HERE / "fixtures" / "pdfs"
EXPECTED = HERE / "fixtures" / "expected"

# fixtures that only open with a password (tests/fixtures/pdfs/README.md)
PASSWORDS = {"encrypted_password": "secret"}
# fixtures without usable text: ingest must say so, the snapshot holds the (empty) layout text
NO_TEXT = {"empty_text"}
PAGE_SEP = "\n\f\n"

NAMES = sorted(p.name[: -len(".json")] for p in EXPECTED.glob("*.json"))


def _engine_module(config: IngestConfig):  # noqa: ANN202
    return importlib.import_module("analyser.ingest.pdfium" if config.engine == "pdfium" else "analyser.ingest.plumber")


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _extract(name: str) -> tuple[int, list[tuple[str, int]], list, str]:
    """(page count, [(heading, level)], pages, snapshot text) with the default engine."""
    config = IngestConfig()
    pdf = PDFS / f"{name}.pdf"
    if name in NO_TEXT:
        with pytest.raises(NoTextLayerError) as info:
            ingest_pdf(pdf, config)
        raw = _engine_module(config).read_pages(pdf.read_bytes(), file=pdf.name, max_pages=config.max_pages)
        assert f"none of its {len(raw)} pages has usable text" in str(info.value)
        pages = raw_pages_to_pages(raw, ratio=config.repeat_ratio, margin=config.margin)
        assert all(not p.text.strip() for p in pages), "a no-text fixture produced text"
        return len(pages), [], pages, PAGE_SEP.join(p.text for p in pages)
    if name in PASSWORDS:
        data = pdf.read_bytes()
        raw = _engine_module(config).read_pages(data, file=pdf.name, max_pages=config.max_pages, password=PASSWORDS[name])
        doc = raw_to_document(raw, data=data, file=pdf.name, config=config)
    else:
        doc = ingest_pdf(pdf, config)
    assert doc.engine == config.engine
    expected_ocr = tuple(json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8")).get("ocr_pages", ()))
    assert doc.ocr_pages == expected_ocr
    if expected_ocr:  # pages without a usable text layer are read by OCR and say so
        assert any("read by OCR" in w for w in doc.warnings), doc.warnings
    else:
        assert doc.warnings == (), doc.warnings
    headings = [(h.text, h.level) for p in doc.pages for h in p.headings]
    return doc.n_pages, headings, list(doc.pages), PAGE_SEP.join(p.text for p in doc.pages)


def test_golden_fixture_set_is_complete() -> None:
    assert len(NAMES) >= 8
    for name in NAMES:
        assert (PDFS / f"{name}.pdf").is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_golden_ingest_matches_expected(name: str) -> None:
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    n_pages, headings, pages, text = _extract(name)
    flat = _collapse(text)

    assert n_pages == expected["pages"]

    got_headings = [_collapse(h) for h, _ in headings]
    it = iter(got_headings)
    missing = [h for h in expected.get("headings", []) if _collapse(h) not in it]
    assert not missing, f"headings {missing} not found in order in {got_headings}"
    for h, level in headings:  # numbered headings: the level is the depth of the number
        m = re.match(r"^(\d+(?:\.\d+)*)\.?\s", h)
        if m and h in expected.get("headings", []):
            assert level == m.group(1).count(".") + 1, (h, level)

    pos = 0
    for phrase in expected.get("reading_order", []):
        found = flat.find(_collapse(phrase), pos)
        assert found >= 0, f"reading order: {phrase!r} missing or before offset {pos} in {flat[:200]!r}..."
        pos = found + len(_collapse(phrase))

    for word in expected.get("dehyphenated", []):
        assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", flat), f"{word!r} not whole"
        for i in range(2, len(word) - 1):
            for broken in (f"{word[:i]}- {word[i:]}", f"{word[:i]} {word[i:]}", f"{word[:i]}-{word[i:]}"):
                assert broken not in flat, f"broken word {broken!r} in text"

    for compound in expected.get("kept_hyphen", []):
        assert compound in flat, f"{compound!r} lost its hyphen"
        head, tail = compound.split("-", 1)
        assert head + tail not in flat, f"{head + tail!r} in text"
        assert f"{head}- {tail}" not in flat

    for absent in expected.get("absent", []):
        assert _collapse(absent) not in flat, f"{absent!r} should have been removed"

    for page in pages:
        for h in page.headings:
            assert page.text[h.char_start : h.char_start + len(h.text)] == h.text


@pytest.mark.parametrize("name", NAMES)
def test_golden_ingest_snapshot(name: str, update_golden: bool) -> None:
    _, _, _, text = _extract(name)
    snapshot = EXPECTED / f"{name}.ingest.txt"
    content = text + "\n"
    if update_golden:
        snapshot.write_text(content, encoding="utf-8", newline="\n")
        return
    assert snapshot.is_file(), f"missing snapshot {snapshot.name}; run pytest {Path(__file__).name} --update-golden"
    assert content == snapshot.read_text(encoding="utf-8"), (
        f"extracted text of {name}.pdf differs from {snapshot.name}; if the change is intended, "
        "rerun with --update-golden and review the diff"
    )
