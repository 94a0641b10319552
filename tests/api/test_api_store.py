"""api.store: keys, documents, leased jobs with fencing, coverage; and one worker pass with fakes."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from analyser.types import LEVEL_LABELS, DocStatus, DocumentInfo, DocumentReport, Evidence, IndicatorResult
from api.config import ServiceConfig
from api.store import CoverageFilters, NotFoundError, QueueFullError, Store, StoreError, hash_key

HERE = Path(__file__).resolve().parent
FIXTURE_PDF = HERE.parent / "fixtures" / "pdfs" / "returnee_measures_fr.pdf"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "db.sqlite3")


def _report(doc_id: str, levels: dict[str, int], status: DocStatus = DocStatus.OK) -> DocumentReport:
    inds = tuple(
        IndicatorResult(
            id=ind, dimension=ind.split(".")[0], name=ind, addressed=lvl > 0, returnee_level=lvl, level_label=LEVEL_LABELS[lvl],
            entry_point=False, n_passages=1 if lvl else 0, best_score=0.8 if lvl else 0.0,
            evidence=(Evidence(page=3, section="s", text="t", score=0.8, returnee="targeted", part="normative", passage_id="p", char_start=0, char_end=1),) if lvl else (),
        )
        for ind, lvl in levels.items()
    )
    info = DocumentInfo(id=doc_id, file="f.pdf", pages=4, languages=("en",), status=status, taxonomy_version="1", model="fake")
    return DocumentReport(analyser_version="0", document=info, config={}, config_hash="x", indicators=inds if status == DocStatus.OK else ())


def _add(store: Store, org: str, n: int, **meta: object) -> dict:
    doc, dup = store.add_document(org, sha256=f"{n:064x}", filename=f"d{n}.pdf", size=10, metadata=meta, max_active=100)
    assert not dup
    return doc


def _analyse(store: Store, levels: dict[str, int], status: DocStatus = DocStatus.OK) -> str:
    claim = store.claim_job("w", lease_s=60, max_attempts=3)
    assert claim is not None
    rep = _report(claim.document_id, levels, status)
    assert store.finish_job(claim, rep, rep.model_dump_json())
    return claim.document_id


def test_store_keys_hashed_authenticate_and_revoke(store: Store, tmp_path: Path) -> None:
    org = store.create_org("Ministry A")
    key_id, key = store.create_key("Ministry A")
    assert key.startswith(f"ra_{key_id}_") and len(key) > 30
    raw = (tmp_path / "db.sqlite3").read_bytes() + (tmp_path / "db.sqlite3-wal").read_bytes()
    assert key.encode() not in raw and hash_key(key).encode() in raw  # only the digest is stored
    assert store.authenticate(key) == (org, key_id)
    assert store.authenticate(key + "x") is None
    store.revoke_key(key_id)
    assert store.authenticate(key) is None
    assert store.list_keys(org.id)[0].revoked_at is not None
    with pytest.raises(NotFoundError):
        store.revoke_key("nope")
    with pytest.raises(StoreError):
        store.create_org("Ministry A")


def test_store_duplicate_upload_is_not_queued_twice_and_ids_are_org_scoped(store: Store) -> None:
    a, b = store.create_org("A"), store.create_org("B")
    doc, dup = store.add_document(a.id, sha256="ab" * 32, filename="x.pdf", size=1, metadata={"country": "SEN"}, max_active=5)
    again, dup2 = store.add_document(a.id, sha256="ab" * 32, filename="y.pdf", size=1, metadata={}, max_active=5)
    other, dup3 = store.add_document(b.id, sha256="ab" * 32, filename="x.pdf", size=1, metadata={}, max_active=5)
    assert (dup, dup2, dup3) == (False, True, False)
    assert again["id"] == doc["id"] and again["filename"] == "x.pdf" and other["id"] != doc["id"]
    assert store.queued_count() == 2
    with pytest.raises(NotFoundError):
        store.get_document(b.id, doc["id"])
    assert store.list_documents(b.id)[1] == 1


def test_store_queue_limit_per_org(store: Store) -> None:
    org = store.create_org("A")
    for n in range(2):
        store.add_document(org.id, sha256=f"{n:064x}", filename="x.pdf", size=1, metadata={}, max_active=2)
    with pytest.raises(QueueFullError, match="limit 2"):
        store.add_document(org.id, sha256=f"{9:064x}", filename="x.pdf", size=1, metadata={}, max_active=2)


def test_store_expired_lease_is_requeued_and_stale_worker_cannot_finish(store: Store) -> None:
    org = store.create_org("A")
    doc = _add(store, org.id, 1)
    first = store.claim_job("w1", lease_s=0.05, max_attempts=3)
    assert first is not None and first.attempt == 1
    assert store.claim_job("w2", lease_s=60, max_attempts=3) is None  # leased
    time.sleep(0.1)
    second = store.claim_job("w2", lease_s=60, max_attempts=3)
    assert second is not None and second.attempt == 2 and second.document_id == doc["id"]
    assert not store.heartbeat(first, lease_s=60)  # the first worker lost its lease
    rep = _report(doc["id"], {"ECO.EMPLOYMENT": 2})
    assert not store.finish_job(first, rep, rep.model_dump_json())
    assert store.heartbeat(second, lease_s=60, stage="analysing", fraction=0.5)
    assert store.get_document(org.id, doc["id"])["progress"] == {"stage": "analysing", "fraction": 0.5}
    assert store.finish_job(second, rep, rep.model_dump_json())
    assert not store.finish_job(second, rep, rep.model_dump_json())  # never twice
    got = store.get_document(org.id, doc["id"])
    assert got["status"] == "done" and got["attempts"] == 2 and got["doc_status"] == "ok" and got["pages"] == 4
    assert store.claim_job("w3", lease_s=60, max_attempts=3) is None  # a finished job never runs again


def test_store_max_attempts_then_failed_with_message(store: Store) -> None:
    org = store.create_org("A")
    doc = _add(store, org.id, 1)
    for _ in range(2):
        assert store.claim_job("w", lease_s=0.01, max_attempts=2) is not None
        time.sleep(0.03)
    assert store.claim_job("w", lease_s=0.01, max_attempts=2) is None
    got = store.get_document(org.id, doc["id"])
    assert got["status"] == "failed" and "2 times" in got["message"]


def test_store_typed_failure_status_has_report_but_no_coverage(store: Store) -> None:
    org = store.create_org("A")
    _add(store, org.id, 1)
    doc_id = _analyse(store, {}, DocStatus.ENCRYPTED)
    got = store.get_document(org.id, doc_id)
    assert (got["status"], got["doc_status"]) == ("failed", "encrypted")
    assert store.get_report_json(org.id, doc_id) is not None
    docs, rows, _ = store.coverage_json_parts(org.id, CoverageFilters())
    assert json.loads(rows) == [] and json.loads(docs) == []


def test_store_coverage_filters_order_summary_and_csv(store: Store) -> None:
    org, other = store.create_org("A"), store.create_org("B")
    ids = []
    for n, (country, year, lv) in enumerate([("SEN", 2020, 3), ("CIV", 2021, 1), ("SEN", 2022, 0)]):
        _add(store, org.id, n, country=country, year=year, sector="health", title=f"T{n}")
        ids.append(_analyse(store, {"ECO.EMPLOYMENT": lv, "SOC.HEALTH": 2, "STR.POLICY": 0}))
    _add(store, other.id, 99, country="SEN")
    _analyse(store, {"ECO.EMPLOYMENT": 3})

    docs, rows, summary = (json.loads(x) for x in store.coverage_json_parts(org.id, CoverageFilters()))
    assert [d["id"] for d in docs] == ids
    assert [(r["document_id"], r["indicator"]) for r in rows] == [(i, ind) for i in ids for ind in ("ECO.EMPLOYMENT", "SOC.HEALTH", "STR.POLICY")]
    assert rows[0] == {"document_id": ids[0], "indicator": "ECO.EMPLOYMENT", "dimension": "ECO", "addressed": True, "returnee_level": 3,
                       "level_label": "mainstreamed", "entry_point": False, "n_passages": 1, "best_score": 0.8, "evidence_pages": [3]}
    assert summary[0] == {"indicator": "ECO.EMPLOYMENT", "documents": 3, "addressed": 2, "mean_level": pytest.approx(4 / 3, abs=1e-3), "mainstreamed": 1}

    docs, rows, summary = (json.loads(x) for x in store.coverage_json_parts(org.id, CoverageFilters(country=("SEN",), min_level=2)))
    assert {(r["document_id"], r["indicator"]) for r in rows} == {(ids[0], "ECO.EMPLOYMENT"), (ids[0], "SOC.HEALTH"), (ids[2], "SOC.HEALTH")}
    assert [d["id"] for d in docs] == [ids[0], ids[2]]
    assert [(x["indicator"], x["documents"], x["mainstreamed"]) for x in summary] == [("ECO.EMPLOYMENT", 1, 1), ("SOC.HEALTH", 2, 0)]
    docs, rows, summary = (json.loads(x) for x in store.coverage_json_parts(org.id, CoverageFilters(country=("CIV",))))
    assert [d["id"] for d in docs] == [ids[1]] and len(rows) == 3 and [x["documents"] for x in summary] == [1, 1, 1]
    docs, rows, _ = (json.loads(x) for x in store.coverage_json_parts(org.id, CoverageFilters(year=(2021,), dimension=("ECO",))))
    assert [d["id"] for d in docs] == [ids[1]] and [r["indicator"] for r in rows] == ["ECO.EMPLOYMENT"]

    table = list(csv.DictReader(io.StringIO(store.coverage_csv(org.id, CoverageFilters(indicator=("ECO.EMPLOYMENT",))))))
    assert [(r["document_id"], r["country"], r["year"], r["addressed"], r["evidence_pages"]) for r in table] == [
        (ids[0], "SEN", "2020", "true", "3"), (ids[1], "CIV", "2021", "true", "3"), (ids[2], "SEN", "2022", "false", "")]

    store.delete_document(org.id, ids[0])
    docs, rows, _ = (json.loads(x) for x in store.coverage_json_parts(org.id, CoverageFilters()))
    assert ids[0] not in {d["id"] for d in docs} and len(rows) == 6


def test_worker_process_stores_report_and_coverage_with_fake_resources(tmp_path: Path, fake_resources) -> None:  # noqa: ANN001
    from analyser.report import to_json
    from api.blobs import BlobStore
    from api.worker import Worker

    config = ServiceConfig(data_dir=tmp_path, heartbeat_s=0.2, lease_s=5)
    store = Store(config.db_path)
    org = store.create_org("A")
    blobs = BlobStore(tmp_path / "blobs")
    with FIXTURE_PDF.open("rb") as fh:
        tmp, sha, size, _ = blobs.receive(fh, 10**8)
    blobs.commit(tmp, sha)
    doc, _ = store.add_document(org.id, sha256=sha, filename="plan.pdf", size=size, metadata={"country": "SEN"}, max_active=5)
    worker = Worker(config, resources=fake_resources)
    assert worker.run(max_jobs=1, poll_s=0.05) == 1
    got = store.get_document(org.id, doc["id"])
    assert got["status"] == "done" and got["attempts"] == 1 and got["progress"]["fraction"] == 1.0
    report = DocumentReport.model_validate_json(store.get_report_json(org.id, doc["id"]))
    assert report.document.file == "plan.pdf"
    assert store.get_report_json(org.id, doc["id"]) == to_json(report)  # byte-identical to the CLI's JSON
    _, rows, _ = store.coverage_json_parts(org.id, CoverageFilters())
    assert len(json.loads(rows)) == len(fake_resources.taxonomy.indicators)


def test_store_opened_by_many_processes_at_once_migrates_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = "import sys; from api.store import Store; s = Store(sys.argv[1]); s.create_org(sys.argv[2])"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "db.sqlite3"), f"org{n}"]) for n in range(4)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    store = Store(tmp_path / "db.sqlite3")
    assert sorted(o.name for o in store.list_orgs()) == ["org0", "org1", "org2", "org3"]
    assert store._conn().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
