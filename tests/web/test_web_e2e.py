"""End to end in headless Chromium against the real API: advisers' visits.

One `analyser serve` (one worker, loopback, temporary data folder) serves the module; the
organisation and its key are made with the CLI. Screenshots of every step go to
tests/web/artifacts/<test>/ (the path is printed). Every request the browser makes is
recorded and must stay on 127.0.0.1.
"""

from __future__ import annotations

import base64
import csv
import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from webharness import accessibility_violations, api_server, artifacts_dir, chromium_path, cli, free_port, sync_playwright

pytestmark = [pytest.mark.real, pytest.mark.browser]
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'").expect

NGA = "NGA_2024_GAPs-return-policy-timeline_EN.pdf"
AFG = "AFG_2024_GAPs-return-policy-timeline_EN.pdf"
NOT_A_PDF = "KHM_2014_education-strategic-plan_EN_NOT-A-PDF.PDF"
ORG = "Ministry of Labour test"
ANALYSIS_TIMEOUT_MS = 300_000  # two shared cores: a queued job can wait behind others


@dataclass(frozen=True)
class Served:
    base: str
    key: str
    corpus: Path


@pytest.fixture(scope="module")
def served(real_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("web-e2e")
    data_dir = tmp / "data"
    # the organisation and its key, made as an administrator would
    org_id = cli("org", "create", ORG, "--data-dir", str(data_dir)).split("\t")[0].strip()
    key = cli("key", "create", org_id, "--data-dir", str(data_dir)).strip()  # printed once, alone on stdout
    assert org_id and key and "\n" not in key
    log = tmp / "server.log"
    print(f"\nserver log: {log}")
    # the keyword matcher keeps the worker quick on two shared cores; the page does not depend on it
    with api_server(data_dir, free_port(), log, ("--matcher", "keyword.v1")) as base:
        yield Served(base, key, real_corpus)
        print(f"server log tail:\n{log.read_text(errors='replace')[-3000:]}")


@dataclass
class Visit:
    page: object
    out: Path
    requested: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    step: int = 0

    def shot(self, name: str, full: bool = False) -> None:
        """Screenshot this step, and check it with axe-core: every view must pass its WCAG rules."""
        self.step += 1
        self.page.screenshot(path=str(self.out / f"{self.step:02d}-{name}.png"), full_page=full)  # type: ignore[attr-defined]
        assert accessibility_violations(self.page) == [], f"accessibility violations on step {name}"


@pytest.fixture
def visit(served: Served, request: pytest.FixtureRequest) -> Iterator[Visit]:
    exe = chromium_path()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="en-GB")
        page = context.new_page()
        v = Visit(page, artifacts_dir(request.node.name.removeprefix("test_web_")))
        page.on("request", lambda r: v.requested.append(r.url))
        page.on("pageerror", lambda e: v.errors.append(str(e)))
        try:
            yield v
        finally:
            # what the page showed last, and any message on it, for a failing run
            page.screenshot(path=str(v.out / "last.png"), full_page=True)
            print("messages on the page:", page.locator(".error:not([hidden])").all_inner_texts())
            browser.close()
    host = urllib.parse.urlsplit(served.base).hostname
    outside = [u for u in v.requested if not u.startswith(("data:", "blob:")) and urllib.parse.urlsplit(u).hostname != host]
    assert v.requested and outside == [], f"requests left 127.0.0.1: {outside}"
    assert v.errors == [], f"JavaScript errors: {v.errors}"


def _api_json(served: Served, path: str) -> dict:
    req = urllib.request.Request(f"{served.base}{path}", headers={"X-API-Key": served.key})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def _sign_in(v: Visit, served: Served) -> None:
    page = v.page
    page.goto(f"{served.base}/")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#api-key", served.key)
    page.press("#api-key", "Enter")
    page.wait_for_selector("#view-analyse:not([hidden])")


def _open_upload(v: Visit, **details: str) -> None:
    page = v.page
    page.goto(page.url.split("#")[0] + "#/analyse")
    page.wait_for_selector("#view-analyse:not([hidden])")
    if details:
        if not page.locator("#upload-form details").evaluate("d => d.open"):
            page.click("#upload-form details summary")
        for name, value in details.items():
            page.fill(f"#upload-form [name={name}]", value)


def _pick(v: Visit, path: Path) -> None:
    """The drop zone is a button: Enter opens the file picker."""
    with v.page.expect_file_chooser() as chooser:
        v.page.focus("#drop-zone")
        v.page.keyboard.press("Enter")
    chooser.value.set_files(str(path))


def _drop(v: Visit, path: Path) -> None:
    """Drag and drop: a real `drop` event whose DataTransfer holds the file's bytes."""
    transfer = v.page.evaluate_handle(
        """([name, b64]) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const dt = new DataTransfer();
          dt.items.add(new File([bytes], name, { type: "application/pdf" }));
          return dt;
        }""",
        [path.name, base64.b64encode(path.read_bytes()).decode()],
    )
    v.page.dispatch_event("#drop-zone", "dragenter", {"dataTransfer": transfer})
    v.page.dispatch_event("#drop-zone", "drop", {"dataTransfer": transfer})


def _scored(v: Visit) -> str:
    """Wait for the scorecard the upload leads to; returns its document id."""
    v.page.wait_for_selector("#view-report:not([hidden]) table.scorecard", timeout=ANALYSIS_TIMEOUT_MS)
    return v.page.evaluate("location.hash").rsplit("/", 1)[-1]


def test_web_adviser_signs_in_uploads_reads_evidence_in_french_and_downloads_csv(served: Served, visit: Visit) -> None:
    page = visit.page

    # sign in: a wrong key is refused with a message, the organisation's key is accepted
    page.goto(f"{served.base}/")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#api-key", "not-a-key")
    page.press("#api-key", "Enter")
    page.wait_for_selector("#signin-error:not([hidden])")
    visit.shot("signin-refused")
    page.fill("#api-key", served.key)
    page.press("#api-key", "Enter")
    page.wait_for_selector("#view-analyse:not([hidden])")
    assert ORG in page.inner_text("#org-name")
    assert page.evaluate("sessionStorage.getItem('ra.apiKey')") == served.key
    visit.shot("signed-in")

    # upload with the file picker opened from the keyboard; progress shows while it runs
    page.click("#upload-form details summary")  # the optional details
    page.fill("#upload-form [name=country]", "Nigeria")
    page.fill("#upload-form [name=year]", "2024")
    with page.expect_file_chooser() as chooser:
        page.focus("#drop-zone")
        page.keyboard.press("Enter")
    chooser.value.set_files(str(served.corpus / NGA))
    page.wait_for_selector("#progress-box:not([hidden]), #view-report:not([hidden])")
    visit.shot("progress")

    # the scorecard: four dimensions, 29 indicators, each level in words, as the API reports it
    page.wait_for_selector("#view-report:not([hidden]) table.scorecard", timeout=ANALYSIS_TIMEOUT_MS)
    visit.shot("scorecard", full=True)
    assert page.locator("#report section.dimension").count() == 4
    assert page.locator("#report button.ind-button").count() == 29
    assert set(page.locator("table.scorecard .level .label").all_inner_texts()) <= {"Absent", "Acknowledged", "Partially mainstreamed", "Mainstreamed"}
    doc_id = page.evaluate("location.hash").rsplit("/", 1)[-1]
    report = _api_json(served, f"/v1/documents/{doc_id}/report?format=json")
    assert report["document"]["file"] == NGA
    for ind in report["indicators"]:
        row = page.locator(f'tr[data-indicator-row="{ind["id"]}"]')
        assert row.get_attribute("data-level") == str(ind["returnee_level"])
        assert ("entry" in (row.get_attribute("class") or "")) == ind["entry_point"]
    assert page.locator("tr.entry .entry-badge").count() == sum(i["entry_point"] for i in report["indicators"])

    # evidence drill-down from the keyboard: Enter opens it, Escape closes it
    with_evidence = [i for i in report["indicators"] if i["evidence"]]
    assert with_evidence, "the real PDF should yield evidence for at least one indicator"
    chosen = next((i for i in with_evidence if any(e["returnee_terms"] for e in i["evidence"])), with_evidence[0])
    page.locator(f'button.ind-button[data-indicator="{chosen["id"]}"]').focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#evidence-dialog")
    dialog.wait_for(state="visible")
    items = dialog.locator("ol.evidence > li")
    assert items.count() == len(chosen["evidence"])
    first = chosen["evidence"][0]
    assert f"Page {first['page']}" in items.first.inner_text()
    if first["section"]:
        assert first["section"] in items.first.inner_text()
    terms = {t.lower() for e in chosen["evidence"] for t in e["returnee_terms"]}
    marks = {m.lower() for m in dialog.locator("mark.returnee-term").all_inner_texts()}
    assert marks <= terms and bool(marks) == bool(terms)
    # measured reliability (held-out figures) or a plain statement that none exist
    reliability = dialog.locator("p.reliability").inner_text()
    rel = chosen.get("reliability")
    assert (f"finds {round(rel['recall'] * 100)} %" in reliability) if rel else reliability.startswith("No accuracy figures")
    visit.shot("evidence")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.dataset.indicator") == chosen["id"]

    # French: labels, dimension names and <html lang> follow, and the choice is kept
    page.click("button[data-lang=fr]")
    page.wait_for_selector("html[lang=fr]", state="attached")  # (the page's CSP forbids wait_for_function's eval)
    page.wait_for_selector("#report h3:has-text('Économique')")
    assert page.inner_text(".topbar h1") == "Tableau de bord de la réintégration"
    french = set(page.locator("table.scorecard .level .label").all_inner_texts())
    assert french and french <= {"Absent", "Mentionné", "Partiellement intégré", "Intégré"}
    if any(i["returnee_level"] for i in report["indicators"]):
        assert french - {"Absent"}, "a non-zero level should show a French label"
    assert "Besoins traités" in page.inner_text("#summary")
    assert page.evaluate("localStorage.getItem('ra.lang')") == "fr"
    visit.shot("french", full=True)
    page.locator(f'button.ind-button[data-indicator="{chosen["id"]}"]').focus()
    page.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    assert page.inner_text("#evidence-title").startswith("Éléments de preuve : ")
    assert f"Page {first['page']}" in items.first.inner_text() and "Personnes de retour" in items.first.inner_text()
    visit.shot("evidence-french")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")

    # CSV download: fetched with the key and saved from a Blob
    with page.expect_download() as dl:
        page.click("button.download[data-format=csv]")
    saved = visit.out / dl.value.suggested_filename
    dl.value.save_as(saved)
    with saved.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:4] == ["document_id", "file", "status", "indicator"]
    assert len(rows) == 29 and {r["indicator"] for r in rows} == {i["id"] for i in report["indicators"]}
    # JSON and the self-contained HTML report download the same way
    downloaded = {}
    for fmt in ("json", "html"):
        with page.expect_download() as dl:
            page.click(f"button.download[data-format={fmt}]")
        downloaded[fmt] = visit.out / dl.value.suggested_filename
        dl.value.save_as(downloaded[fmt])
    assert json.loads(downloaded["json"].read_text(encoding="utf-8"))["indicators"] == report["indicators"]
    html = downloaded["html"].read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and NGA in html and "http" not in html

    # print layout: no navigation or buttons, the scorecard stays
    page.emulate_media(media="print")
    assert not page.locator("#nav").is_visible() and not page.locator(".downloads").first.is_visible()
    assert page.locator("table.scorecard").first.is_visible()
    visit.shot("print", full=True)


def test_web_documents_coverage_filters_and_comparison(served: Served, visit: Visit) -> None:
    page = visit.page
    _sign_in(visit, served)
    _open_upload(visit, country="Nigeria", year="2024")
    _pick(visit, served.corpus / NGA)
    nga = _scored(visit)
    # the same file again is recognised as a duplicate and opens the same result
    _open_upload(visit)
    _pick(visit, served.corpus / NGA)
    assert _scored(visit) == nga
    assert "already analysed" in page.inner_text("#report .notice")
    # the Afghan dossier arrives by drag and drop
    _open_upload(visit, country="Afghanistan", year="2024")
    _drop(visit, served.corpus / AFG)
    afg = _scored(visit)
    assert nga != afg
    assert _api_json(served, f"/v1/documents/{afg}")["country"] == "Afghanistan"

    # documents and coverage matrix: both, then only the Nigerian one with the country filter
    page.click("#nav a[data-route=documents]")
    page.wait_for_selector("#doc-list table.docs")
    page.wait_for_selector("table.matrix")
    assert page.locator(f'#doc-list tr[data-document-id="{nga}"], #doc-list tr[data-document-id="{afg}"]').count() == 2
    assert page.locator("table.matrix tbody tr").count() >= 2
    visit.shot("documents", full=True)
    page.fill("#filter-form [name=country]", "Nigeria")
    page.press("#filter-form [name=country]", "Enter")
    expect(page.locator("table.matrix tbody tr")).to_have_count(1)
    assert page.locator("#doc-list tr[data-document-id]").count() == 1
    assert page.locator(f'#doc-list tr[data-document-id="{nga}"]').count() == 1
    coverage = _api_json(served, "/v1/coverage?country=Nigeria")
    cells = page.locator("table.matrix tbody td.lvl-cell")
    assert cells.count() == len(coverage["indicators"]) == 29
    entry_cells = page.locator("table.matrix tbody td.lvl-cell.entry").count()
    assert entry_cells == sum(r["entry_point"] for r in coverage["rows"])
    totals = [t.split("\n")[0] for t in page.locator("table.matrix tfoot td").all_inner_texts()]
    assert totals == [f"{x['addressed']}/{x['documents']}" for x in sorted(coverage["summary"], key=lambda x: coverage["indicators"].index(x["indicator"]))]
    visit.shot("coverage-filtered", full=True)
    with page.expect_download() as dl:
        page.click("button.download[data-format=coverage-csv]")
    saved = visit.out / "coverage.csv"
    dl.value.save_as(saved)
    with saved.open(encoding="utf-8") as f:
        matrix = list(csv.DictReader(f))
    assert matrix and {r["document_id"] for r in matrix} == {nga}  # the filter applies to the download too

    # comparison of two versions: per indicator level A vs B and the direction of change
    page.click("#nav a[data-route=compare]")
    page.wait_for_selector("#cmp-a option", state="attached")
    page.select_option("#cmp-a", nga)
    page.select_option("#cmp-b", afg)
    page.click("#compare-form button[type=submit]")
    page.wait_for_selector("table.compare")
    levels = {
        doc: {i["id"]: i["returnee_level"] for i in _api_json(served, f"/v1/documents/{doc}/report?format=json")["indicators"]}
        for doc in (nga, afg)
    }
    rows = page.locator("table.compare tbody tr")
    assert rows.count() == 29
    for ind, a in levels[nga].items():
        b = levels[afg][ind]
        kind = "up" if b > a else "down" if b < a else "same"
        assert page.locator(f'table.compare tr[data-indicator="{ind}"]').get_attribute("class") == f"change-{kind}"
    visit.shot("compare", full=True)


def test_web_refused_upload_shows_the_reason_in_the_chosen_language(served: Served, visit: Visit) -> None:
    page = visit.page
    _sign_in(visit, served)
    # keyboard only: Tab from the top reaches the language switch and the drop zone, and every
    # control on the way shows a visible focus ring
    page.reload()  # still signed in (the key is in sessionStorage); focus starts at the top
    page.wait_for_selector("body[data-ready=true] #view-analyse:not([hidden])")
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const el = document.activeElement; const st = getComputedStyle(el);
                       return {id: el.id, lang: el.dataset.lang || null, tag: el.tagName,
                               ring: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2}; }"""
        )
        assert focused["ring"], f"no visible focus on {focused}"
        reached.append(focused)
        if focused["id"] == "drop-zone":
            break
    assert reached[-1]["id"] == "drop-zone" and len(reached) > 3, reached
    fr = next(f for f in reached if f["lang"] == "fr")
    assert fr["tag"] == "BUTTON"
    page.focus("button[data-lang=fr]")
    page.keyboard.press("Enter")
    page.wait_for_selector("html[lang=fr]", state="attached")
    # a file named .PDF that is not a PDF: the API refuses it (415) and says why
    _pick(visit, served.corpus / NOT_A_PDF)
    error = page.locator("#upload-error")
    error.wait_for(state="visible")
    text = error.inner_text()
    assert text.startswith("Envoi refusé : ") and "not a PDF" in text, text
    assert page.locator("#view-analyse").is_visible() and page.locator("#drop-zone").is_enabled()
    visit.shot("refused-fr")


def test_web_downloaded_html_report_prints_its_evidence(served: Served, visit: Visit) -> None:
    page = visit.page
    _sign_in(visit, served)
    _pick(visit, served.corpus / NGA)
    doc_id = _scored(visit)
    with page.expect_download() as dl:
        page.click("button.download[data-format=html]")
    saved = visit.out / f"{doc_id}.html"
    dl.value.save_as(saved)
    report = page.context.new_page()
    report.goto(saved.as_uri())
    report.emulate_media(media="print")
    report.screenshot(path=str(visit.out / "html-report-print.png"), full_page=True)
    quotes = report.locator("blockquote")
    assert quotes.count() > 0
    assert all(quotes.nth(i).is_visible() for i in range(quotes.count())), "evidence passages vanish when printed"
    report.close()
