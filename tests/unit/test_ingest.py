"""Ingest entry point (analyser/ingest/__init__.py) and both engines on the generated fixtures."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from analyser.config import IngestConfig
from analyser.errors import (
    CorruptPdfError,
    EncryptedPdfError,
    IngestError,
    NoTextLayerError,
    NotPdfError,
    TooLargeError,
)
from analyser.ingest import ingest_pdf, raw_to_document, sniff_kind, text_quality
from analyser.ingest import pdfium as pdfium_engine
from analyser.ingest import plumber as plumber_engine
from analyser.ingest.layout import RawLine, RawPage
from analyser.types import DocStatus, SourceDocument

ENGINES = ("pdfium", "pdfplumber")
ENGINE_MODULES = {"pdfium": pdfium_engine, "pdfplumber": plumber_engine}


def flat(doc: SourceDocument) -> str:
    return re.sub(r"\s+", " ", " ".join(p.text for p in doc.pages))


# --------------------------------------------------------------------------------------
# typed errors on the broken fixtures
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_ingest_not_a_pdf_raises_not_pdf_error(pdf_path, engine: str) -> None:
    with pytest.raises(NotPdfError) as info:
        ingest_pdf(pdf_path("not_a_pdf.pdf"), IngestConfig(engine=engine))
    err = info.value
    assert err.status is DocStatus.NOT_PDF
    assert err.status.value == "not_pdf"
    assert err.file == "not_a_pdf.pdf"
    assert "not a PDF" in str(err)
    assert "plain text" in str(err)


@pytest.mark.parametrize("engine", ENGINES)
def test_ingest_encrypted_with_password_raises_encrypted_error(pdf_path, engine: str) -> None:
    with pytest.raises(EncryptedPdfError) as info:
        ingest_pdf(pdf_path("encrypted_password.pdf"), IngestConfig(engine=engine))
    assert info.value.status is DocStatus.ENCRYPTED
    assert info.value.file == "encrypted_password.pdf"
    assert "password" in str(info.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_ingest_engine_opens_encrypted_with_right_password_only(pdf_path, engine: str) -> None:
    data = pdf_path("encrypted_password.pdf").read_bytes()
    mod = ENGINE_MODULES[engine]
    raw = mod.read_pages(data, file="enc.pdf", max_pages=10, password="secret")
    assert len(raw) == 1
    assert any("Confidential draft" in ln.text for ln in raw[0].lines)
    with pytest.raises(EncryptedPdfError):
        mod.read_pages(data, file="enc.pdf", max_pages=10, password="wrong")


@pytest.mark.parametrize("engine", ENGINES)
def test_ingest_encrypted_empty_password_opens(pdf_path, engine: str) -> None:
    doc = ingest_pdf(pdf_path("encrypted_empty_password.pdf"), IngestConfig(engine=engine))
    assert doc.n_pages == 1
    assert doc.pages[0].headings[0].text == "Internal note: employment desk procedures"
    assert "opens without a password" in flat(doc)
    assert doc.warnings == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_ingest_truncated_raises_corrupt_error(pdf_path, engine: str) -> None:
    with pytest.raises(CorruptPdfError) as info:
        ingest_pdf(pdf_path("truncated.pdf"), IngestConfig(engine=engine))
    assert info.value.status is DocStatus.UNREADABLE
    assert "could not be parsed as a PDF" in str(info.value)
    assert info.value.file == "truncated.pdf"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["empty_text.pdf", "image_only.pdf"])
def test_ingest_no_text_layer_raises(pdf_path, engine: str, name: str) -> None:
    with pytest.raises(NoTextLayerError) as info:
        ingest_pdf(pdf_path(name), IngestConfig(engine=engine, ocr=False))
    msg = str(info.value)
    assert info.value.status is DocStatus.NO_TEXT
    assert info.value.file == name
    assert "none of its 2 pages" in msg
    assert "OCR" in msg


def test_ingest_errors_share_the_ingest_base() -> None:
    for cls in (NotPdfError, EncryptedPdfError, CorruptPdfError, NoTextLayerError, TooLargeError):
        assert issubclass(cls, IngestError)
    statuses = {cls.status for cls in (NotPdfError, EncryptedPdfError, CorruptPdfError, NoTextLayerError, TooLargeError)}
    assert statuses == {DocStatus.NOT_PDF, DocStatus.ENCRYPTED, DocStatus.UNREADABLE, DocStatus.NO_TEXT, DocStatus.TOO_LARGE}


# --------------------------------------------------------------------------------------
# limits
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_ingest_max_pages_limit(pdf_path, engine: str) -> None:
    path = pdf_path("headers_footers.pdf")  # 4 pages
    with pytest.raises(TooLargeError) as info:
        ingest_pdf(path, IngestConfig(engine=engine, max_pages=3))
    assert info.value.status is DocStatus.TOO_LARGE
    assert "has 4 pages" in str(info.value)
    assert "limit of 3" in str(info.value)
    assert ingest_pdf(path, IngestConfig(engine=engine, max_pages=4)).n_pages == 4


@pytest.mark.parametrize(
    "engine",
    [
        "pdfium",
        pytest.param(
            "pdfplumber",
        ),
    ],
)
def test_ingest_max_pages_message_names_setting(pdf_path, engine: str) -> None:
    with pytest.raises(TooLargeError) as info:
        ingest_pdf(pdf_path("headers_footers.pdf"), IngestConfig(engine=engine, max_pages=2))
    assert "ingest.max_pages" in str(info.value)


def _big_pdf(pdf_path, tmp_path: Path) -> Path:  # noqa: ANN001
    data = pdf_path("hyphenated.pdf").read_bytes()
    big = tmp_path / "big.pdf"
    big.write_bytes(data + b"\n%" + b"x" * (1024 * 1024 + 10) + b"\n")
    return big


def test_ingest_max_file_mb_limit_on_path(pdf_path, tmp_path: Path) -> None:
    big = _big_pdf(pdf_path, tmp_path)
    with pytest.raises(TooLargeError) as info:
        ingest_pdf(big, IngestConfig(max_file_mb=1))
    msg = str(info.value)
    assert info.value.status is DocStatus.TOO_LARGE
    assert info.value.file == "big.pdf"
    assert "limit of 1 MiB" in msg
    assert "ingest.max_file_mb" in msg
    # the same file under a higher limit is a normal document
    assert ingest_pdf(big, IngestConfig(max_file_mb=2)).n_pages == 1


def test_ingest_max_file_mb_limit_on_bytes(pdf_path, tmp_path: Path) -> None:
    data = _big_pdf(pdf_path, tmp_path).read_bytes()
    with pytest.raises(TooLargeError):
        ingest_pdf(data, IngestConfig(max_file_mb=1), file="upload.pdf")


# --------------------------------------------------------------------------------------
# sniff_kind
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", None),
        (b"\xef\xbb\xbf\r\n  %PDF-1.4\n", None),  # junk before the header is allowed
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"II*\x00\x08\x00", "TIFF image"),
        (b"{\\rtf1\\ansi", "RTF document"),
        (b"<!DOCTYPE html>\n<html><body>404</body></html>", "HTML page"),
        (b"\n\n   <HTML><head></head>", "HTML page"),
        (b"", "empty file"),
        ("Plan stratégique national 2014-2018".encode(), "plain text"),
        (b"\x00\x9f\x92\x96\xff\xfe\x80", "unknown binary"),
    ],
)
def test_ingest_sniff_kind(data: bytes, expected: str | None) -> None:
    got = sniff_kind(data)
    if expected is None:
        assert got is None
    else:
        assert got is not None and expected in got


def test_ingest_sniff_kind_fixtures(pdf_path) -> None:
    assert sniff_kind(pdf_path("not_a_pdf.pdf").read_bytes()) == "a plain text file"
    for name in ("hyphenated.pdf", "truncated.pdf", "encrypted_password.pdf", "image_only.pdf"):
        assert sniff_kind(pdf_path(name).read_bytes()) is None, name


@pytest.mark.parametrize(
    ("data", "word"),
    [(b"PK\x03\x04rest-of-docx", "ZIP"), (b"<html><body>Not found</body></html>", "HTML"), (b"", "empty")],
)
def test_ingest_bytes_not_pdf_message(data: bytes, word: str) -> None:
    with pytest.raises(NotPdfError) as info:
        ingest_pdf(data, file="strategy.pdf")
    assert word in str(info.value)
    assert info.value.file == "strategy.pdf"


# --------------------------------------------------------------------------------------
# text_quality
# --------------------------------------------------------------------------------------

PROSE_EN = (
    "The Government will give priority to measures that raise the quality of employment for young "
    "people and women. Returning migrants will receive counselling at regional job centres (ANPE), "
    "and 1,200 of them will be placed in jobs by end-2027."
)
PROSE_FR = (
    "L’Agence nationale pour la promotion de l’emploi ouvrira un guichet destiné aux « migrants de "
    "retour » dans ses trois antennes régionales ; 34 % d’entre eux sont sans emploi."
)
TABLE = """Indicator 2021 2022 2023
Registered returnees 7,850 8,120 9,004
Placed in jobs (%) 12.5% 14.0% 15.2%
Budget (FCFA m) 420 -35.5 1 200
Ratio 3/4 1:2 0.75"""
GARBAGE_CONTROL = "\x01\x02\x03 \x04\x05 #$%& \x07\x08!! ()*+ \x0e\x0f" * 30
GARBAGE_SYMBOLS = '!"#$%&\'(&%&)*+",-.)$/-& - - 01234567819:;1;<=>49?@A6=6 ' * 10


@pytest.mark.parametrize("text", [PROSE_EN, PROSE_FR, TABLE])
def test_ingest_text_quality_prose_and_tables_high(text: str) -> None:
    assert text_quality(text) > 0.5


def test_ingest_text_quality_values() -> None:
    assert text_quality(PROSE_EN) > 0.9
    assert text_quality(TABLE) > 0.9
    assert text_quality("") == 0.0
    assert text_quality(" \n\t ") == 0.0


@pytest.mark.parametrize("text", [GARBAGE_CONTROL, GARBAGE_SYMBOLS, "(cid:6)(cid:7)(cid:8) (cid:9)(cid:10) (cid:11)" * 20])
def test_ingest_text_quality_garbage_low(text: str) -> None:
    assert text_quality(text) < 0.5


def test_ingest_text_quality_slash_glyph_ids_low() -> None:
    assert text_quality("/1/2/3/4/5 /6/7/8 /9/10/11/12/13/14 /15/16 " * 20) < 0.5


# --------------------------------------------------------------------------------------
# raw_to_document: empty and garbled pages
# --------------------------------------------------------------------------------------


def _raw(number: int, *texts: str) -> RawPage:
    lines = tuple(RawLine(t, 72, 520, 200 + 14 * i, 210 + 14 * i, 10.0) for i, t in enumerate(texts))
    return RawPage(number, 595.0, 842.0, lines)


GOOD = "Returning migrants will be registered at the regional job centres and referred to training."
BAD = "!\"#$%&'(&%&)*+\",-.)$/-& 01234567819:;1;<=>49?@A6=6 ()*+,-./ :;<=>?@[]^_ {|}~ !!## $$%% &&''"


def test_ingest_raw_to_document_reports_empty_pages() -> None:
    doc = raw_to_document([_raw(1, GOOD), _raw(2), _raw(3, "p. 3")], data=b"%PDF-x", file="a.pdf", config=IngestConfig())
    assert doc.n_pages == 3
    assert [p.text == "" for p in doc.pages] == [False, True, True]
    assert doc.warnings == ("2 of 3 pages have no text layer (blank, scanned or image-only): 2, 3; their content is not analysed",)


def test_ingest_raw_to_document_blanks_garbled_pages() -> None:
    doc = raw_to_document([_raw(1, GOOD), _raw(2, *[BAD] * 4)], data=b"%PDF-x", file="a.pdf", config=IngestConfig())
    assert doc.pages[1].text == ""
    assert doc.pages[1].headings == ()
    assert doc.pages[1].warnings == ("garbled text layer",)
    assert any("garbled" in w and ": 2;" in w for w in doc.warnings)
    assert doc.pages[0].text == GOOD


def test_ingest_raw_to_document_all_garbled_raises() -> None:
    with pytest.raises(NoTextLayerError) as info:
        raw_to_document([_raw(1, *[BAD] * 4), _raw(2, *[BAD] * 4)], data=b"%PDF-x", file="g.pdf", config=IngestConfig())
    assert "garbled text layer" in str(info.value)
    assert "2 pages" in str(info.value)


def test_ingest_raw_to_document_no_pages_raises() -> None:
    with pytest.raises(NoTextLayerError, match="has no pages"):
        raw_to_document([], data=b"%PDF-x", file="z.pdf", config=IngestConfig())


def test_ingest_raw_to_document_keeps_engine_warnings() -> None:
    broken = RawPage(2, 595.0, 842.0, (), ("page 2 could not be read: boom",))
    doc = raw_to_document([_raw(1, GOOD), broken], data=b"%PDF-x", file="w.pdf", config=IngestConfig())
    assert doc.warnings[0] == "page 2 could not be read: boom"
    assert "1 of 2 pages have no text layer" in doc.warnings[1]


def test_ingest_page_list_names_every_page_in_runs() -> None:
    raw = [_raw(1, GOOD)] + [_raw(i) for i in range(2, 21)] + [_raw(21, GOOD), _raw(22), _raw(23, GOOD)]
    doc = raw_to_document(raw, data=b"%PDF-x", file="m.pdf", config=IngestConfig())
    assert "20 of 23 pages" in doc.warnings[0]
    assert ": 2-20, 22; their content" in doc.warnings[0]


# --------------------------------------------------------------------------------------
# both engines on the text fixtures
# --------------------------------------------------------------------------------------

TEXT_FIXTURES = {
    "hyphenated.pdf": (1, ["Skills and decent work", "Santé maternelle et retour des travailleurs"], ["tracer survey of graduates", "l’accouchement", "plans locaux de développement"]),
    "headers_footers.pdf": (4, ["1. Context", "1.1 Labour market", "4.2 Cost and financing"], ["labour force grew by 2.6 percent", "twenty indicators", "EXD 310 million"]),
    "returnee_measures_fr.pdf": (2, ["1. Contexte", "2.1 Insertion professionnelle des migrants de retour", "3. Mise en œuvre et suivi"], ["guichet emploi", "poste frontière de Kandéra", "réinsertion des détenus"]),
    "encrypted_empty_password.pdf": (1, ["Internal note: employment desk procedures"], ["owner password", "until placement"]),
    "two_column.pdf": (
        2,
        ["Health and Education Services in Examplia", "Health services", "Education", "Next steps"],
        ["Primary health centres", "Health insurance covers 38 percent", "emergency transport", "School enrolment has risen", "Teacher shortages are acute", "single calendar"],
    ),
}


def _engine_fixture_params():
    for engine in ENGINES:
        for name in TEXT_FIXTURES:
            yield pytest.param(engine, name, id=f"{engine}-{name}")


def _in_order(haystack: str, phrases: list[str]) -> None:
    pos = 0
    for phrase in phrases:
        found = haystack.find(phrase, pos)
        assert found >= 0, f"{phrase!r} missing or out of order after offset {pos}"
        pos = found + len(phrase)


@pytest.mark.parametrize(("engine", "name"), list(_engine_fixture_params()))
def test_ingest_engines_on_text_fixtures(pdf_path, engine: str, name: str) -> None:
    n_pages, headings, order = TEXT_FIXTURES[name]
    doc = ingest_pdf(pdf_path(name), IngestConfig(engine=engine))
    assert doc.engine == engine
    assert doc.file == name
    assert doc.n_pages == n_pages == len(doc.pages)
    assert [p.number for p in doc.pages] == list(range(1, n_pages + 1))
    got = [h.text for p in doc.pages for h in p.headings]
    it = iter(got)
    assert all(h in it for h in headings), f"{headings} not a subsequence of {got}"
    _in_order(flat(doc), order)
    for p in doc.pages:
        for h in p.headings:
            assert p.text[h.char_start : h.char_start + len(h.text)] == h.text


@pytest.mark.parametrize("name", ["hyphenated.pdf", "headers_footers.pdf", "returnee_measures_fr.pdf", "encrypted_empty_password.pdf"])
def test_ingest_engines_agree_on_single_column_fixtures(pdf_path, name: str) -> None:
    a = ingest_pdf(pdf_path(name), IngestConfig(engine="pdfium"))
    b = ingest_pdf(pdf_path(name), IngestConfig(engine="pdfplumber"))
    assert [p.text for p in a.pages] == [p.text for p in b.pages]
    assert [p.headings for p in a.pages] == [p.headings for p in b.pages]


def test_ingest_pdfium_two_column_page_reports_two_columns(pdf_path) -> None:
    doc = ingest_pdf(pdf_path("two_column.pdf"))
    assert [p.columns for p in doc.pages] == [2, 1]


# --------------------------------------------------------------------------------------
# doc_id
# --------------------------------------------------------------------------------------


def test_ingest_doc_id_deterministic(pdf_path) -> None:
    path = pdf_path("headers_footers.pdf")
    data = path.read_bytes()
    a = ingest_pdf(path)
    b = ingest_pdf(data)
    c = ingest_pdf(path, IngestConfig(engine="pdfplumber"))
    assert a.doc_id == b.doc_id == c.doc_id == hashlib.sha256(data).hexdigest()[:16]
    assert re.fullmatch(r"[0-9a-f]{16}", a.doc_id)
    assert b.file == "document.pdf"
    assert ingest_pdf(pdf_path("hyphenated.pdf")).doc_id != a.doc_id


def test_ingest_doc_id_ignores_file_name(pdf_path, tmp_path: Path) -> None:
    copy = tmp_path / "renamed copy.pdf"
    copy.write_bytes(pdf_path("hyphenated.pdf").read_bytes())
    a, b = ingest_pdf(pdf_path("hyphenated.pdf")), ingest_pdf(copy)
    assert a.doc_id == b.doc_id
    assert b.file == "renamed copy.pdf"
    assert ingest_pdf(copy, file="override.pdf").file == "override.pdf"


# --------------------------------------------------------------------------- OCR


def test_ingest_ocr_reads_image_only_pages(pdf_path) -> None:
    doc = ingest_pdf(pdf_path("image_only.pdf"))
    assert doc.ocr_pages == (1, 2)
    assert any("read by OCR" in w and "1, 2" in w for w in doc.warnings)
    first = doc.pages[0].text
    assert first.startswith("REPUBLIC OF EXAMPLIA")
    assert "registration of jobseekers at regional job centres" in first
    assert doc.pages[1].text.startswith("Annex: monthly reporting form")


def test_ingest_ocr_blank_pages_still_no_text(pdf_path) -> None:
    with pytest.raises(NoTextLayerError):
        ingest_pdf(pdf_path("empty_text.pdf"))


def test_ingest_ocr_page_budget_reported(pdf_path) -> None:
    doc_or_error = None
    with pytest.raises(NoTextLayerError) as info:
        doc_or_error = ingest_pdf(pdf_path("image_only.pdf"), IngestConfig(ocr_max_pages=0))
    assert doc_or_error is None
    assert "OCR" in str(info.value)
    doc = ingest_pdf(pdf_path("image_only.pdf"), IngestConfig(ocr_max_pages=1))
    assert doc.ocr_pages == (1,)
    assert any("beyond ingest.ocr_max_pages=1: 2" in w for w in doc.warnings)


def test_ingest_ocr_results_cached(pdf_path, tmp_path, monkeypatch) -> None:
    from analyser.ingest import ocr

    monkeypatch.setenv("ANALYSER_CACHE_DIR", str(tmp_path))
    first = ingest_pdf(pdf_path("image_only.pdf"), IngestConfig(ocr_max_pages=1))
    assert len(list((tmp_path / "ocr").rglob("*.tsv"))) == 1

    def no_tesseract(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("tesseract called although the page is cached")

    monkeypatch.setattr(ocr, "_tesseract_tsv", no_tesseract)
    assert ingest_pdf(pdf_path("image_only.pdf"), IngestConfig(ocr_max_pages=1)).pages == first.pages


def test_ingest_ocr_tsv_lines_in_points() -> None:
    from analyser.ingest.ocr import tsv_to_lines

    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t200\t100\t100\t40\t95\tReturnees",
        "5\t1\t1\t1\t1\t2\t320\t100\t60\t40\t95\twill",
        "5\t1\t1\t1\t2\t1\t200\t160\t80\t40\t95\tregister",
        "4\t1\t1\t1\t2\t0\t200\t160\t80\t40\t-1\t",
    ]
    lines = tsv_to_lines("\n".join([header, *rows]), dpi=144)
    assert [ln.text for ln in lines] == ["Returnees will", "register"]
    assert lines[0].x0 == 100.0 and lines[0].x1 == 190.0 and lines[0].top == 50.0


# --------------------------------------------------------------------------- isolation


def test_ingest_isolated_same_result_as_in_process(pdf_path) -> None:
    from analyser.ingest import read_document

    path = pdf_path("headers_footers.pdf")
    assert read_document(path, IngestConfig(isolate=True)) == ingest_pdf(path)


@pytest.mark.parametrize(
    ("name", "error"),
    [("not_a_pdf.pdf", NotPdfError), ("encrypted_password.pdf", EncryptedPdfError), ("truncated.pdf", CorruptPdfError)],
)
def test_ingest_isolated_keeps_typed_errors(pdf_path, name: str, error: type) -> None:
    from analyser.ingest import read_document

    with pytest.raises(error) as info:
        read_document(pdf_path(name), IngestConfig(isolate=True))
    assert name in str(info.value)


def test_ingest_isolated_timeout_is_typed(pdf_path) -> None:
    from analyser.errors import ParseTimeoutError
    from analyser.ingest import read_document

    with pytest.raises(ParseTimeoutError, match="timeout_s"):
        read_document(pdf_path("image_only.pdf"), IngestConfig(isolate=True, timeout_s=0.05))


# --------------------------------------------------------------------------- tables


def test_ingest_table_rows_keep_header_context(pdf_path) -> None:
    doc = ingest_pdf(pdf_path("table.pdf"), IngestConfig(tables=True))
    text = doc.pages[0].text
    assert "Indicator | Baseline 2024 | Target 2030 | Responsible institution" in text
    row = (
        "Indicator: Returning migrants registered at job centres; Baseline 2024: 0; "
        "Target 2030: 12,000; Responsible institution: National Employment Agency"
    )
    assert row + "\n\n" in text  # one row, one paragraph, wrapped cell joined
    rows = [p for p in text.split("\n\n") if p.startswith("Indicator: ")]
    assert [r.split(";")[0] for r in rows] == [
        "Indicator: Returning migrants registered at job centres",
        "Indicator: Returnees with certified skills",
        "Indicator: Health insurance coverage (%)",
        "Indicator: Start-up grants awarded to returnees",
    ]
    assert text.index("Annex 1. Results matrix") < text.index(rows[0]) < text.index("Baselines come from")


def test_ingest_tables_off_keeps_cell_text(pdf_path) -> None:
    text = ingest_pdf(pdf_path("table.pdf"), IngestConfig(tables="off")).pages[0].text
    assert "Indicator: " not in text and "Returnees with certified skills" in text


def test_layout_table_row_lines_without_header() -> None:
    from analyser.ingest.layout import table_row_lines

    rows = [(10.0, 20.0, ["", "2024", ""]), (20.0, 30.0, ["Budget", "12", "EUR"])]
    lines = table_row_lines((0.0, 10.0, 100.0, 30.0), rows)
    assert [ln.text for ln in lines] == ["2024", "Budget | 12 | EUR"]
    assert all(ln.kind == "table_row" for ln in lines)
