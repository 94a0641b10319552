"""End to end in headless Chromium against the real API: an adviser's whole visit.

`analyser serve` runs on a loopback port with one worker; the organisation and its key are
made with the CLI. The page signs in, uploads a real strategy PDF with the file picker opened
from the keyboard, waits for the scorecard, opens an indicator's evidence, switches to French
and downloads the CSV. Screenshots go to tests/web/artifacts/e2e/ (path printed).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from webharness import api_server, artifacts_dir, chromium_path, cli, free_port, parse_secret, sync_playwright

pytestmark = [pytest.mark.real, pytest.mark.browser]

PDF_NAME = "NGA_2024_GAPs-return-policy-timeline_EN.pdf"
ANALYSIS_TIMEOUT_MS = 300_000  # two shared cores: model loading plus analysis can be slow


def _serve_options(tmp: Path) -> tuple[str, ...]:
    """Keep the analysis fast with the keyword matcher when `serve` offers a way to pick it."""
    help_text = subprocess.run([str(Path(sys.executable).parent / "analyser"), "serve", "--help"], capture_output=True, text=True).stdout
    if "--matcher" in help_text:
        return ("--matcher", "keyword.v1")
    if "--config" in help_text:
        cfg = tmp / "keyword.yaml"
        cfg.write_text("match:\n  matcher: keyword.v1\n", encoding="utf-8")
        return ("--config", str(cfg))
    return ()


def _api_json(base: str, path: str, key: str) -> dict:
    req = urllib.request.Request(f"{base}{path}", headers={"X-API-Key": key})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def test_web_adviser_signs_in_uploads_reads_evidence_in_french_and_downloads_csv(real_corpus: Path, tmp_path: Path) -> None:
    exe = chromium_path()
    pdf = real_corpus / PDF_NAME
    out = artifacts_dir("e2e")
    data_dir = tmp_path / "data"
    env = {**os.environ}
    # the organisation and its key, made exactly as an administrator would
    org_out = cli("org", "create", "Ministry of Labour test", "--data-dir", str(data_dir), env=env)
    org_id = parse_secret(org_out, ("id", "org_id", "organisation_id"))
    key = parse_secret(cli("key", "create", org_id, "--data-dir", str(data_dir), env=env))

    with api_server(data_dir, free_port(), tmp_path / "server.log", _serve_options(tmp_path)) as base:
        host = urllib.parse.urlsplit(base).hostname
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, headless=True)
            context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="en-GB")
            page = context.new_page()
            requested: list[str] = []
            page.on("request", lambda r: requested.append(r.url))
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))

            # 1. sign in: a wrong key is refused with a message, the real one is accepted
            page.goto(f"{base}/")
            page.wait_for_selector("body[data-ready=true]")
            page.fill("#api-key", "not-a-key")
            page.press("#api-key", "Enter")
            page.wait_for_selector("#signin-error:not([hidden])")
            page.screenshot(path=str(out / "01-signin-refused.png"))
            page.fill("#api-key", key)
            page.press("#api-key", "Enter")
            page.wait_for_selector("#view-analyse:not([hidden])")
            assert "Ministry of Labour test" in page.inner_text("#org-name")
            assert page.evaluate("sessionStorage.getItem('ra.apiKey')") == key
            page.screenshot(path=str(out / "02-signed-in.png"))

            # 2. upload: the drop zone is a button; Enter opens the file picker
            with page.expect_file_chooser() as chooser:
                page.focus("#drop-zone")
                page.keyboard.press("Enter")
            chooser.value.set_files(str(pdf))
            page.wait_for_selector("#progress-box:not([hidden]), #view-report:not([hidden])")
            page.screenshot(path=str(out / "03-progress.png"))

            # 3. the scorecard: 29 indicators in four dimensions, each with a level in words
            page.wait_for_selector("#view-report:not([hidden]) table.scorecard", timeout=ANALYSIS_TIMEOUT_MS)
            page.screenshot(path=str(out / "04-scorecard.png"), full_page=True)
            assert page.locator("#report section.dimension").count() == 4
            assert page.locator("#report button.ind-button").count() == 29
            english_labels = set(page.locator("table.scorecard .level .label").all_inner_texts())
            assert english_labels <= {"Absent", "Acknowledged", "Partially mainstreamed", "Mainstreamed"}

            # the page shows what the API reports, indicator by indicator
            doc_id = page.evaluate("location.hash").rsplit("/", 1)[-1]
            report = _api_json(base, f"/v1/documents/{doc_id}/report?format=json", key)
            assert report["document"]["file"] == PDF_NAME
            for ind in report["indicators"]:
                row = page.locator(f'tr[data-indicator-row="{ind["id"]}"]')
                assert row.get_attribute("data-level") == str(ind["returnee_level"])
                assert ("entry" in (row.get_attribute("class") or "")) == ind["entry_point"]
            assert page.locator("tr.entry .entry-badge").count() == sum(i["entry_point"] for i in report["indicators"])

            # 4. evidence drill-down from the keyboard: Enter opens, Escape closes
            with_evidence = [i for i in report["indicators"] if i["evidence"]]
            assert with_evidence, "the real PDF should yield evidence for at least one indicator"
            chosen = next((i for i in with_evidence if any(e["returnee_terms"] for e in i["evidence"])), with_evidence[0])
            trigger = page.locator(f'button.ind-button[data-indicator="{chosen["id"]}"]')
            trigger.focus()
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
            page.screenshot(path=str(out / "05-evidence.png"))
            page.keyboard.press("Escape")
            dialog.wait_for(state="hidden")
            assert page.evaluate("document.activeElement.dataset.indicator") == chosen["id"]

            # 5. French: labels, dimension names and <html lang> follow; the choice persists
            page.click("button[data-lang=fr]")
            page.wait_for_function("document.documentElement.lang === 'fr'")
            page.wait_for_selector("text=Tableau de bord de la réintégration")
            page.wait_for_selector("#report h3:has-text('Économique')")
            french_labels = set(page.locator("table.scorecard .level .label").all_inner_texts())
            assert french_labels and french_labels <= {"Absent", "Mentionné", "Partiellement intégré", "Intégré"}
            if any(i["returnee_level"] for i in report["indicators"]):
                assert french_labels - {"Absent"}, "a non-zero level should show a French label"
            assert "Besoins traités" in page.inner_text("#summary")
            assert page.evaluate("localStorage.getItem('ra.lang')") == "fr"
            page.screenshot(path=str(out / "06-french.png"), full_page=True)

            # 6. CSV download (fetched with the key, saved from a Blob)
            with page.expect_download() as dl:
                page.click("button.download[data-format=csv]")
            saved = out / dl.value.suggested_filename
            dl.value.save_as(saved)
            with saved.open(encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            assert rows and list(rows[0])[:4] == ["document_id", "file", "status", "indicator"]
            assert len(rows) == 29 and {r["indicator"] for r in rows} == {i["id"] for i in report["indicators"]}

            # 7. the organisation's documents and coverage matrix list it
            page.click("#nav a[data-route=documents]")
            page.wait_for_selector("table.matrix")
            assert page.locator(f'tr[data-document-id="{doc_id}"]').count() == 1
            page.screenshot(path=str(out / "07-documents.png"), full_page=True)

            # 8. print layout of the scorecard
            page.goto(f"{base}/#/documents/{doc_id}")
            page.wait_for_selector("table.scorecard")
            page.emulate_media(media="print")
            assert not page.locator("#nav").is_visible()
            page.screenshot(path=str(out / "08-print.png"), full_page=True)

            browser.close()

    assert errors == [], f"JavaScript errors: {errors}"
    outside = [u for u in requested if not u.startswith(("data:", "blob:")) and urllib.parse.urlsplit(u).hostname != host]
    assert requested and outside == [], f"requests left 127.0.0.1: {outside}"
