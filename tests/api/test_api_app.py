"""The FastAPI app in-process (no worker): limits, error shapes, auth, isolation. Fast."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.config import ServiceConfig
from api.limits import TokenBucket, estimate_pages, is_pdf, retry_after

PDFS = Path(__file__).resolve().parents[1] / "fixtures" / "pdfs"


def test_limits_token_bucket_refills_and_reports_wait() -> None:
    now = [0.0]
    bucket = TokenBucket(60, clock=lambda: now[0])  # one token a second, burst 60
    assert all(bucket.take("a") == 0.0 for _ in range(60))
    wait = bucket.take("a")
    assert wait == pytest.approx(1.0)
    assert bucket.take("b") == 0.0  # buckets are per organisation
    now[0] += 5
    assert bucket.take("a", cost=5) == 0.0 and bucket.take("a") > 0
    assert retry_after(0.2) == "1" and retry_after(3.4) == "4"


def test_limits_pdf_by_content_and_page_estimate(tmp_path: Path) -> None:
    assert is_pdf(b"junk\n%PDF-1.7\n") and not is_pdf(b"x" * 1100 + b"%PDF-") and not is_pdf(b"PK\x03\x04")
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(7):
        pdf.add_page()
    path = tmp_path / "seven.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert estimate_pages(str(path)) == 7
    (tmp_path / "none.pdf").write_bytes(b"%PDF-1.7\n nothing here")
    assert estimate_pages(str(tmp_path / "none.pdf")) is None


@pytest.fixture
def service(tmp_path: Path):  # type: ignore[no-untyped-def]
    from api.app import create_app

    config = ServiceConfig(data_dir=tmp_path, rate_per_min=1000, max_upload_mb=1, max_pages=5, max_active_jobs=2)
    app = create_app(config)
    store = app.state.store
    a, b = store.create_org("A"), store.create_org("B")
    keys = {"a": store.create_key(a.id)[1], "b": store.create_key(b.id)[1]}
    revoked_id, revoked = store.create_key(a.id)
    store.revoke_key(revoked_id)
    keys["revoked"] = revoked
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, keys, store


def _pdf(pages: int = 1, marker: str = "") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for _ in range(pages):
        pdf.add_page()
        pdf.cell(0, 10, f"The ministry will train returnees {marker}")
    return bytes(pdf.output())


def test_app_auth_headers_and_errors_are_json(service) -> None:  # noqa: ANN001
    client, keys, _ = service
    assert client.get("/v1/health").json()["status"] == "ok"
    assert client.get("/v1/ready").status_code == 503  # no worker alive
    r = client.get("/v1/me")
    assert r.status_code == 401 and "X-API-Key" in r.json()["detail"]
    assert client.get("/v1/me", headers={"X-API-Key": keys["revoked"]}).status_code == 401
    assert client.get("/v1/me", headers={"Authorization": "Bearer " + keys["a"]}).json()["organisation"]["name"] == "A"
    assert client.get("/v1/me", headers={"Authorization": "Basic " + keys["a"]}).status_code == 401
    h = {"X-API-Key": keys["a"]}
    r = client.get("/v1/documents?limit=0", headers=h)
    assert r.status_code == 422 and isinstance(r.json()["detail"], str)
    assert client.get("/v1/coverage?indicator=NOPE.X", headers=h).status_code == 422
    assert client.get("/v1/coverage?year=abc", headers=h).status_code == 422
    assert client.get("/v1/documents?status=lost", headers=h).status_code == 422
    tax = client.get("/v1/taxonomy", headers=h).json()
    assert sum(len(d["indicators"]) for d in tax["dimensions"]) == 29
    assert set(tax["dimensions"][0]["indicators"][0]) == {"id", "name_en", "name_fr", "definition_en", "definition_fr", "scope"}


def test_app_upload_limits(service) -> None:  # noqa: ANN001
    client, keys, _ = service
    h = {"X-API-Key": keys["a"]}
    r = client.post("/v1/documents", headers=h, files={"file": ("report.pdf", b"PK\x03\x04 a zip really", "application/pdf")})
    assert r.status_code == 415 and "not a PDF" in r.json()["detail"]
    r = client.post("/v1/documents", headers=h, files={"file": ("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), "application/pdf")})
    assert r.status_code == 413 and "1 MiB" in r.json()["detail"]
    r = client.post("/v1/documents", headers=h, files={"file": ("long.pdf", _pdf(6), "application/pdf")})
    assert r.status_code == 413 and "6 pages" in r.json()["detail"]
    r = client.post("/v1/documents", headers=h, files={"file": ("a.pdf", _pdf(1), "application/pdf")}, data={"year": "soon"})
    assert r.status_code == 422 and "year" in r.json()["detail"]
    r = client.post("/v1/documents", headers=h, files={"file": ("a.txt", _pdf(1, "a"), "text/plain")}, data={"country": "SEN", "year": "2024"})
    assert r.status_code == 202, r.text
    doc = r.json()["document"]
    assert (doc["status"], doc["country"], doc["year"], doc["filename"], r.json()["duplicate"]) == ("queued", "SEN", 2024, "a.txt", False)
    r = client.post("/v1/documents", headers=h, files={"file": ("again.pdf", _pdf(1, "a"), "application/pdf")})
    assert r.status_code == 200 and r.json() == {"document": doc, "duplicate": True}
    assert client.post("/v1/documents", headers=h, files={"file": ("b.pdf", _pdf(1, "b"))}).status_code == 202
    r = client.post("/v1/documents", headers=h, files={"file": ("c.pdf", _pdf(1, "c"))})
    assert r.status_code == 503 and int(r.headers["Retry-After"]) >= 1  # max_active_jobs=2
    r = client.get(f"/v1/documents/{doc['id']}/report", headers=h)
    assert r.status_code == 409 and r.json()["detail"] == "analysis not finished (status queued)"


def test_app_other_organisation_sees_404_and_nothing_in_lists(service) -> None:  # noqa: ANN001
    client, keys, _ = service
    r = client.post("/v1/documents", headers={"X-API-Key": keys["a"]}, files={"file": ("a.pdf", _pdf(1, "x"))})
    doc = r.json()["document"]
    hb = {"X-API-Key": keys["b"]}
    for path in (f"/v1/documents/{doc['id']}", f"/v1/documents/{doc['id']}/report", f"/v1/documents/{doc['id']}/indicators/ECO.EMPLOYMENT/evidence"):
        r = client.get(path, headers=hb)
        assert r.status_code == 404 and r.json() == {"detail": "document not found"}, path
    assert client.delete(f"/v1/documents/{doc['id']}", headers=hb).status_code == 404
    listing = client.get("/v1/documents", headers=hb)
    assert listing.json() == {"items": [], "total": 0} and doc["sha256"] not in listing.text
    assert client.get(f"/v1/documents/{doc['id']}", headers={"X-API-Key": keys["a"]}).status_code == 200
    assert client.delete(f"/v1/documents/{doc['id']}", headers={"X-API-Key": keys["a"]}).status_code == 204
    assert client.get(f"/v1/documents/{doc['id']}", headers={"X-API-Key": keys["a"]}).status_code == 404


def test_app_rate_limit_answers_429_with_retry_after(tmp_path: Path) -> None:
    from api.app import create_app

    app = create_app(ServiceConfig(data_dir=tmp_path, rate_per_min=5))
    key = app.state.store.create_key(app.state.store.create_org("A").id)[1]
    with TestClient(app) as client:
        codes = [client.get("/v1/me", headers={"X-API-Key": key}).status_code for _ in range(6)]
        assert codes == [200] * 5 + [429]
        r = client.get("/v1/me", headers={"X-API-Key": key})
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1 and "rate limit" in r.json()["detail"]


def test_app_unexpected_error_is_500_json_without_internals(service, monkeypatch) -> None:  # noqa: ANN001
    client, keys, store = service

    def boom(*a, **k):  # noqa: ANN002, ANN003
        raise RuntimeError("secret internal path /srv/x")

    monkeypatch.setattr(store, "list_documents", boom)
    r = client.get("/v1/documents", headers={"X-API-Key": keys["a"]})
    assert r.status_code == 500 and r.json() == {"detail": "internal error; it has been logged"}


def test_app_openapi_docs_and_static_page_do_not_shadow_the_api(service) -> None:  # noqa: ANN001
    from api.app import STATIC_DIR

    client, keys, _ = service
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/documents", "/v1/coverage", "/v1/documents/{doc_id}/report", "/v1/ready"} <= set(paths)
    r = client.get("/v1/nope", headers={"X-API-Key": keys["a"]})
    assert r.status_code == 404 and set(r.json()) == {"detail"}
    if (STATIC_DIR / "index.html").exists():  # the web page (api/web) when it is there
        assert client.get("/").headers["content-type"].startswith("text/html")


def test_app_announced_oversized_upload_is_refused_before_reading(service) -> None:  # noqa: ANN001
    client, keys, _ = service
    r = client.post("/v1/documents", headers={"X-API-Key": keys["a"]}, files={"file": ("big.pdf", b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024))})
    assert r.status_code == 413 and r.json() == {"detail": "file is larger than the upload limit of 1 MiB"}


def test_app_comma_separated_filters_tolerate_spaces(service) -> None:  # noqa: ANN001
    client, keys, _ = service
    h = {"X-API-Key": keys["a"]}
    r = client.get("/v1/coverage", params={"year": "2020, 2021", "country": "SEN, CIV", "sector": "social protection"}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["filters"]["year"] == [2020, 2021] and r.json()["filters"]["country"] == ["SEN", "CIV"]
    assert client.get("/v1/documents", params={"year": "2020,", "status": "done, failed"}, headers=h).status_code == 200
    assert client.get("/v1/documents", params={"year": "20"}, headers=h).status_code == 422


@pytest.mark.real
def test_limits_page_estimate_matches_the_real_corpus_manifest(real_corpus: Path) -> None:
    import csv

    rows = list(csv.DictReader((real_corpus / "manifest.csv").open(encoding="utf-8")))
    pdfs = [r for r in rows if is_pdf((real_corpus / r["file"]).read_bytes()[:1024])]
    assert len(pdfs) >= 20
    wrong = [(r["file"], r["pages"], estimate_pages(str(real_corpus / r["file"]))) for r in pdfs
             if estimate_pages(str(real_corpus / r["file"])) not in (int(r["pages"]), None)]
    assert not wrong  # never a wrong count; None (not countable) leaves the limit to the pipeline
    assert sum(estimate_pages(str(real_corpus / r["file"])) == int(r["pages"]) for r in pdfs) == len(pdfs)
