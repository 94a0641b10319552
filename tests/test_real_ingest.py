"""Every document of the shared real corpus (../shared/corpora/real/manifest.csv) must end with a
clear outcome: a SourceDocument or one typed IngestError. Skips when the corpus is absent."""

from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from analyser.errors import EncryptedPdfError, IngestError, NoTextLayerError, NotPdfError
from analyser.ingest import ingest_pdf
from analyser.types import DocStatus, SourceDocument

pytestmark = pytest.mark.real

TIME_BUDGET_S = 300.0  # includes OCR of the 4 scanned or garbled documents (about 90 pages)


@dataclass(frozen=True)
class Outcome:
    row: dict[str, str]
    result: SourceDocument | BaseException
    seconds: float

    @property
    def doc(self) -> SourceDocument:
        assert isinstance(self.result, SourceDocument), f"{self.row['file']}: {self.result!r}"
        return self.result


@dataclass(frozen=True)
class Run:
    outcomes: dict[str, Outcome]
    seconds: float

    def one(self, marker: str) -> Outcome:
        found = [o for name, o in self.outcomes.items() if marker in name]
        assert len(found) == 1, f"expected one manifest file containing {marker!r}, found {[o.row['file'] for o in found]}"
        return found[0]


@pytest.fixture(scope="module")
def run(real_corpus: Path) -> Run:
    with (real_corpus / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    outcomes: dict[str, Outcome] = {}
    t0 = time.perf_counter()
    for row in rows:
        t = time.perf_counter()
        try:
            result: SourceDocument | BaseException = ingest_pdf(real_corpus / row["file"])
        except Exception as exc:  # recorded, judged by the tests below
            result = exc
        outcomes[row["file"]] = Outcome(row, result, time.perf_counter() - t)
    return Run(outcomes, time.perf_counter() - t0)


def _flat(doc: SourceDocument) -> str:
    return re.sub(r"\s+", " ", " ".join(p.text for p in doc.pages))


def test_real_ingest_manifest_is_not_empty(run: Run) -> None:
    assert len(run.outcomes) >= 20


def test_real_ingest_every_file_has_clear_outcome(run: Run) -> None:
    problems = []
    for name, o in run.outcomes.items():
        if isinstance(o.result, SourceDocument):
            doc = o.result
            if o.row["pages"].strip() and doc.n_pages != int(o.row["pages"]):
                problems.append(f"{name}: {doc.n_pages} pages, manifest says {o.row['pages']}")
            if len(doc.pages) != doc.n_pages or [p.number for p in doc.pages] != list(range(1, doc.n_pages + 1)):
                problems.append(f"{name}: page records do not match n_pages")
            if not any(p.text.strip() for p in doc.pages):
                problems.append(f"{name}: a SourceDocument without any text")
            if doc.file != name:
                problems.append(f"{name}: file recorded as {doc.file!r}")
        elif isinstance(o.result, IngestError) and type(o.result) is not IngestError:
            if not str(o.result) or o.result.file != name:
                problems.append(f"{name}: {type(o.result).__name__} without a message naming the file")
            assert isinstance(o.result.status, DocStatus)
        else:
            problems.append(f"{name}: unexpected {type(o.result).__name__}: {o.result}")
    assert not problems, "\n".join(problems)


def test_real_ingest_whole_corpus_within_time_budget(run: Run) -> None:
    slowest = max(run.outcomes.values(), key=lambda o: o.seconds)
    assert run.seconds < TIME_BUDGET_S, f"{run.seconds:.1f} s; slowest {slowest.row['file']} {slowest.seconds:.1f} s"


def test_real_ingest_not_a_pdf(run: Run) -> None:
    o = run.one("NOT-A-PDF")
    assert isinstance(o.result, NotPdfError), repr(o.result)
    assert o.result.status is DocStatus.NOT_PDF
    assert "plain text" in str(o.result)


@pytest.mark.parametrize("marker", ["SEN_2019_loi-2019-14", "SEN_2011_decret-2011-159", "TUN_2024_GAPs-return-actors"])
def test_real_ingest_image_only_is_read_by_ocr(run: Run, marker: str) -> None:
    o = run.one(marker)
    assert "image-only" in o.row["file"]
    doc = o.doc
    assert doc.ocr_pages == tuple(range(1, int(o.row["pages"]) + 1))
    assert any("read by OCR" in w for w in doc.warnings)
    assert len(_flat(doc).split()) > 50 * len(doc.ocr_pages) // 2


def test_real_ingest_encrypted_magazine_opens(run: Run) -> None:
    o = run.one("_encrypted")
    assert o.row["encrypted"] == "True"
    assert not isinstance(o.result, EncryptedPdfError)
    doc = o.doc
    assert doc.n_pages == 16
    text = _flat(doc).lower()
    assert "réintégration" in text and "diaspora" in text
    # the manifest notes 2 pages without text; they are OCR'd and reported, not silently dropped
    assert doc.ocr_pages == (1, 2)
    assert any(w.startswith("2 pages were read by OCR") for w in doc.warnings), doc.warnings


def test_real_ingest_broken_encoding_is_flagged(run: Run) -> None:
    o = run.one("_broken-encoding")
    doc = o.doc
    assert any("garbled" in w for w in doc.warnings), doc.warnings
    # garbled pages are OCR'd up to the page budget; the rest are reported
    assert len(doc.ocr_pages) >= 40
    assert any("beyond ingest.ocr_max_pages" in w for w in doc.warnings)
    assert "RAPPORT" in _flat(doc)


def test_real_ingest_text_layer_files_give_documents(run: Run) -> None:
    problems = []
    for name, o in run.outcomes.items():
        layer = o.row["text_layer"]
        if not layer.startswith("yes"):
            continue
        if not isinstance(o.result, SourceDocument):
            problems.append(f"{name}: {o.result!r}")
            continue
        m = re.search(r"\((\d+) pages? without text\)", layer)
        if m:
            reported = [int(w.split(" of ")[0]) for w in o.result.warnings if "have no text layer" in w]
            # pages without text are either read by OCR or reported as not analysed
            if (reported[0] if reported else 0) + len(o.result.ocr_pages) < int(m.group(1)):
                problems.append(f"{name}: manifest has {m.group(1)} pages without text, warnings {o.result.warnings}")
    assert not problems, "\n".join(problems)


_FRENCH_FUNCTION_WORDS = {"de", "la", "le", "les", "des", "et", "en", "du", "à", "au", "aux", "un", "une", "pour", "par", "dans", "sur", "est", "que", "qui"}


def _function_word_share(text: str) -> float:
    tokens = [re.sub(r"^[ldLD]['’]", "", t).lower().strip(".,;:()") for t in text.split()]
    return sum(t in _FRENCH_FUNCTION_WORDS for t in tokens) / max(1, len(tokens))


def test_real_ingest_broken_encoding_keeps_no_garbage_pages(run: Run) -> None:
    o = run.one("_broken-encoding")
    if isinstance(o.result, NoTextLayerError):
        return
    garbage = [p.number for p in o.doc.pages if p.text.strip() and _function_word_share(p.text) < 0.05]
    assert not garbage, f"pages kept with garbage text: {garbage}"


def test_real_ingest_letter_spaced_title_repaired(run: Run) -> None:
    doc = run.one("_letter-spaced").doc
    text = _flat(doc)
    assert "Unprogrammedel" not in text
    assert "Un programme de l" in text


_ROW_WITH_HEADERS = re.compile(r"^[^:;\n]{1,80}: [^;\n]+(?:; [^:;\n]{1,80}: [^;\n]+)+$")
_ROW_OF_CELLS = re.compile(r"^[^|\n]+(?: \| [^|\n]+)+$")  # header rows, tables without a header


@pytest.mark.parametrize(("marker", "min_with_headers"), [("UGA_2019_gulu", 100), ("LBR_2016_UNDP", 5)])
def test_real_ingest_ruled_tables_become_rows(run: Run, marker: str, min_with_headers: int) -> None:
    """The corpus documents picked for their ruled tables give, on the default (fast) path,
    one paragraph per table row on many pages; where a header row exists, each row carries
    it (the Liberian profile's tables mostly continue across pages without one)."""
    doc = run.one(marker).doc
    paragraphs = [(p.number, para) for p in doc.pages for para in p.text.split("\n\n")]
    with_headers = [n for n, para in paragraphs if _ROW_WITH_HEADERS.match(para)]
    rows = with_headers + [n for n, para in paragraphs if _ROW_OF_CELLS.match(para)]
    assert len(with_headers) >= min_with_headers, f"{len(with_headers)} rows with header context"
    assert len(rows) >= 30 and len(set(rows)) >= 20, f"{len(rows)} table rows on {len(set(rows))} pages"
