"""The only module that talks SQL. SQLite (WAL, busy timeout) is the embedded default; a
PostgreSQL store would implement the same public methods.

Jobs are leased: a worker claims one with a lease and extends it by heartbeats; a lease
that runs out (the worker died) puts the job back in the queue with attempts + 1. The
attempt number is the fencing token: only the holder of the current attempt can store a
result, so a job is finished at most once even if a presumed-dead worker wakes up."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from analyser.types import DocStatus, DocumentReport

OK_STATUSES = (DocStatus.OK.value, DocStatus.OK_WITH_WARNINGS.value)


class StoreError(Exception):
    """Base of the store's deliberate errors."""


class NotFoundError(StoreError):
    pass


class QueueFullError(StoreError):
    def __init__(self, active: int, limit: int) -> None:
        super().__init__(f"this organisation already has {active} documents queued or running (limit {limit}); retry when some finish")
        self.active = active
        self.limit = limit


MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "m001_create",
        """
        CREATE TABLE organisations(
            id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
        CREATE TABLE api_keys(
            id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
            hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT);
        CREATE TABLE documents(
            id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
            sha256 TEXT NOT NULL, filename TEXT NOT NULL, size INTEGER NOT NULL,
            title TEXT, country TEXT, year INTEGER, sector TEXT, language TEXT,
            status TEXT NOT NULL, doc_status TEXT, message TEXT,
            stage TEXT NOT NULL, fraction REAL NOT NULL, pages INTEGER,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            done_seq INTEGER, -- order of analysis, the order of coverage rows
            UNIQUE(org_id, sha256));
        CREATE INDEX documents_org ON documents(org_id, status, created_at);
        CREATE INDEX documents_done ON documents(org_id, status, done_seq);
        CREATE TABLE jobs(
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, worker TEXT,
            lease_until REAL, heartbeat_at REAL, queued_at REAL NOT NULL);
        CREATE INDEX jobs_state ON jobs(state, queued_at);
        CREATE TABLE reports(
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            json TEXT NOT NULL);
        -- one row per (analysed document, indicator), the document's filter columns are
        -- copied in (they never change after upload) so the ministry query needs no join,
        -- and rowid order is analysis order, document by document, in taxonomy order
        CREATE TABLE coverage(
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            org_id TEXT NOT NULL, country TEXT, year INTEGER, sector TEXT,
            indicator TEXT NOT NULL, position INTEGER NOT NULL,
            dimension TEXT NOT NULL, addressed INTEGER NOT NULL, returnee_level INTEGER NOT NULL,
            level_label TEXT NOT NULL, entry_point INTEGER NOT NULL, n_passages INTEGER NOT NULL,
            best_score REAL, evidence_pages TEXT NOT NULL,
            json TEXT NOT NULL, -- the row as the API returns it, serialised once at insert
            csv TEXT NOT NULL, -- the row's CSV line, document metadata included
            UNIQUE(document_id, indicator));
        CREATE INDEX coverage_org ON coverage(org_id);
        CREATE INDEX coverage_org_indicator ON coverage(org_id, indicator);
        -- covering index: the unfiltered summary reads no table row
        CREATE INDEX coverage_summary ON coverage(org_id, indicator, position, addressed, returnee_level);
        CREATE INDEX coverage_org_dimension ON coverage(org_id, dimension);
        CREATE INDEX coverage_org_country ON coverage(org_id, country);
        CREATE INDEX coverage_org_year ON coverage(org_id, year);
        -- all of a document's coverage rows pre-joined (JSON and CSV): queries that filter
        -- on document metadata only read one value per document instead of 29
        CREATE TABLE coverage_docs(
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            json TEXT NOT NULL, csv TEXT NOT NULL);
        CREATE TABLE workers(
            id TEXT PRIMARY KEY, pid INTEGER NOT NULL, started_at REAL NOT NULL, heartbeat_at REAL NOT NULL);
        """,
    ),
)

_DOC_COLUMNS = (
    "d.id, d.filename, d.sha256, d.title, d.country, d.year, d.sector, d.language, d.status, "
    "d.doc_status, d.message, d.stage, d.fraction, d.pages, d.created_at, d.updated_at, "
    "COALESCE(j.attempts, 0) AS attempts"
)
COVERAGE_CSV_FIELDS = (
    "document_id", "title", "country", "year", "sector", "filename", "indicator", "dimension", "addressed",
    "returnee_level", "level_label", "entry_point", "n_passages", "best_score", "evidence_pages",
)


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def hash_key(key: str) -> str:
    # keys carry 192 random bits, so an unsalted digest cannot be brute-forced back
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def document_id(org_id: str, sha256: str) -> str:
    """Deterministic and org-scoped: the same file in two organisations has two ids."""
    return hashlib.sha256(f"{org_id}:{sha256}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str


@dataclass(frozen=True)
class KeyInfo:
    id: str
    org_id: str
    org_name: str
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True)
class Claim:
    """A job held by one worker for one attempt."""

    document_id: str
    attempt: int
    sha256: str
    filename: str
    worker: str


@dataclass(frozen=True)
class CoverageFilters:
    country: tuple[str, ...] = ()
    year: tuple[int, ...] = ()
    sector: tuple[str, ...] = ()
    indicator: tuple[str, ...] = ()
    dimension: tuple[str, ...] = ()
    min_level: int = 0


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._migrate()

    # -- connections -------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # one connection per thread (FastAPI runs sync endpoints in a thread pool)
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout=30000")  # first: processes may open the file at once
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            # coverage answers read megabytes: map the file and keep hot pages in process
            conn.execute("PRAGMA mmap_size=268435456")
            conn.execute("PRAGMA cache_size=-65536")
            self._local.conn = conn
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taking the lock up front, so read-then-write is atomic."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _migrate(self) -> None:
        with self._tx() as conn:
            done = conn.execute("PRAGMA user_version").fetchone()[0]
            for number, (_, sql) in enumerate(MIGRATIONS, 1):
                if number > done:
                    for stmt in sql.split(";"):
                        if stmt.strip():
                            conn.execute(stmt)
                    conn.execute(f"PRAGMA user_version={number}")

    def ping(self) -> bool:
        try:
            self._conn().execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    # -- organisations and keys ----------------------------------------------------------
    def create_org(self, name: str) -> Organisation:
        name = name.strip()
        if not name:
            raise StoreError("an organisation needs a non-empty name")
        org = Organisation(id="org_" + secrets.token_hex(6), name=name)
        try:
            with self._tx() as conn:
                conn.execute("INSERT INTO organisations VALUES (?, ?, ?)", (org.id, org.name, utc_now()))
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"an organisation named {name!r} already exists") from exc
        return org

    def find_org(self, ref: str) -> Organisation:
        """By id or by name."""
        row = self._conn().execute("SELECT id, name FROM organisations WHERE id = ? OR name = ?", (ref, ref)).fetchone()
        if row is None:
            raise NotFoundError(f"no organisation with id or name {ref!r}; create one with `analyser org create NAME`")
        return Organisation(row["id"], row["name"])

    def list_orgs(self) -> list[Organisation]:
        return [Organisation(r["id"], r["name"]) for r in self._conn().execute("SELECT id, name FROM organisations ORDER BY created_at, name")]

    def create_key(self, org_ref: str) -> tuple[str, str]:
        """Returns (key id, full key). The full key is not stored and cannot be shown again."""
        org = self.find_org(org_ref)
        key_id = secrets.token_hex(4)
        key = f"ra_{key_id}_{secrets.token_urlsafe(24)}"
        with self._tx() as conn:
            conn.execute("INSERT INTO api_keys VALUES (?, ?, ?, ?, NULL)", (key_id, org.id, hash_key(key), utc_now()))
        return key_id, key

    def revoke_key(self, key_id: str) -> KeyInfo:
        with self._tx() as conn:
            cur = conn.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (utc_now(), key_id))
            if cur.rowcount == 0 and conn.execute("SELECT 1 FROM api_keys WHERE id = ?", (key_id,)).fetchone() is None:
                raise NotFoundError(f"no API key with id {key_id!r}; `analyser key list` shows them")
        return next(k for k in self.list_keys() if k.id == key_id)

    def list_keys(self, org_ref: str | None = None) -> list[KeyInfo]:
        sql = "SELECT k.id, k.org_id, o.name, k.created_at, k.revoked_at FROM api_keys k JOIN organisations o ON o.id = k.org_id"
        args: tuple = ()
        if org_ref:
            sql += " WHERE o.id = ?"
            args = (self.find_org(org_ref).id,)
        rows = self._conn().execute(sql + " ORDER BY k.created_at, k.id", args)
        return [KeyInfo(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def authenticate(self, key: str) -> tuple[Organisation, str] | None:
        """(organisation, key id) for a valid, unrevoked key; None otherwise."""
        row = self._conn().execute(
            "SELECT k.id, k.revoked_at, o.id AS org_id, o.name FROM api_keys k JOIN organisations o ON o.id = k.org_id WHERE k.hash = ?",
            (hash_key(key),),
        ).fetchone()
        if row is None or row["revoked_at"] is not None:
            return None
        return Organisation(row["org_id"], row["name"]), row["id"]

    # -- documents -------------------------------------------------------------------------
    def add_document(
        self,
        org_id: str,
        *,
        sha256: str,
        filename: str,
        size: int,
        metadata: dict[str, object],
        max_active: int,
    ) -> tuple[dict, bool]:
        """Insert a document and its job; (document, duplicate). Same bytes in the same
        organisation return the existing document and queue nothing."""
        doc_id = document_id(org_id, sha256)
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
                duplicate = True
            else:
                active = conn.execute(
                    "SELECT count(*) FROM documents WHERE org_id = ? AND status IN ('queued', 'running')", (org_id,)
                ).fetchone()[0]
                if active >= max_active:
                    raise QueueFullError(active, max_active)
                now = utc_now()
                conn.execute(
                    "INSERT INTO documents (id, org_id, sha256, filename, size, title, country, year, sector, language, "
                    "status, stage, fraction, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 'queued', 0.0, ?, ?)",
                    (
                        doc_id, org_id, sha256, filename, size, metadata.get("title"), metadata.get("country"),
                        metadata.get("year"), metadata.get("sector"), metadata.get("language"), now, now,
                    ),
                )
                conn.execute("INSERT INTO jobs (document_id, state, queued_at) VALUES (?, 'queued', ?)", (doc_id, time.time()))
                duplicate = False
        return self.get_document(org_id, doc_id), duplicate

    def get_document(self, org_id: str, doc_id: str) -> dict:
        row = self._conn().execute(
            f"SELECT {_DOC_COLUMNS} FROM documents d LEFT JOIN jobs j ON j.document_id = d.id WHERE d.id = ? AND d.org_id = ?",
            (doc_id, org_id),
        ).fetchone()
        if row is None:
            raise NotFoundError("document not found")
        return _doc_dict(row)

    def list_documents(
        self,
        org_id: str,
        *,
        country: Sequence[str] = (),
        year: Sequence[int] = (),
        sector: Sequence[str] = (),
        status: Sequence[str] = (),
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[dict], int]:
        where, args = ["d.org_id = ?"], [org_id]
        for col, values in (("country", country), ("year", year), ("sector", sector), ("status", status)):
            if values:
                where.append(f"d.{col} IN ({','.join('?' * len(values))})")
                args.extend(values)
        clause = " AND ".join(where)
        conn = self._conn()
        total = conn.execute(f"SELECT count(*) FROM documents d WHERE {clause}", args).fetchone()[0]
        rows = conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents d LEFT JOIN jobs j ON j.document_id = d.id WHERE {clause} "
            "ORDER BY d.created_at DESC, d.id LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        return [_doc_dict(r) for r in rows], total

    def delete_document(self, org_id: str, doc_id: str) -> None:
        """Removes the document, its job, report and coverage rows (the blob may be shared
        with other organisations and stays). A worker holding its job loses the fence."""
        with self._tx() as conn:
            cur = conn.execute("DELETE FROM documents WHERE id = ? AND org_id = ?", (doc_id, org_id))
            if cur.rowcount == 0:
                raise NotFoundError("document not found")

    def get_report_json(self, org_id: str, doc_id: str) -> str | None:
        self.get_document(org_id, doc_id)  # 404 for another organisation's id
        row = self._conn().execute("SELECT json FROM reports WHERE document_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    # -- jobs (worker side) --------------------------------------------------------------------
    def claim_job(self, worker: str, *, lease_s: float, max_attempts: int) -> Claim | None:
        """The oldest queued job, or a running one whose lease ran out (its worker died)."""
        while True:
            now = time.time()
            with self._tx() as conn:
                row = conn.execute(
                    "SELECT j.document_id, j.attempts, d.sha256, d.filename FROM jobs j JOIN documents d ON d.id = j.document_id "
                    "WHERE j.state = 'queued' OR (j.state = 'running' AND j.lease_until < ?) ORDER BY j.queued_at LIMIT 1",
                    (now,),
                ).fetchone()
                if row is None:
                    return None
                if row["attempts"] >= max_attempts:
                    message = (
                        f"analysis stopped {row['attempts']} times without finishing (worker killed or out of memory); "
                        "the file may be too demanding: try a smaller extract or contact the operator"
                    )
                    conn.execute("UPDATE jobs SET state = 'failed', worker = NULL, lease_until = NULL WHERE document_id = ?", (row["document_id"],))
                    conn.execute(
                        "UPDATE documents SET status = 'failed', message = ?, stage = 'failed', fraction = 1.0, updated_at = ? WHERE id = ?",
                        (message, utc_now(), row["document_id"]),
                    )
                    continue
                attempt = row["attempts"] + 1
                conn.execute(
                    "UPDATE jobs SET state = 'running', attempts = ?, worker = ?, lease_until = ?, heartbeat_at = ? WHERE document_id = ?",
                    (attempt, worker, now + lease_s, now, row["document_id"]),
                )
                conn.execute(
                    "UPDATE documents SET status = 'running', stage = 'analysing', fraction = 0.05, updated_at = ? WHERE id = ?",
                    (utc_now(), row["document_id"]),
                )
                return Claim(row["document_id"], attempt, row["sha256"], row["filename"], worker)

    def heartbeat(self, claim: Claim, *, lease_s: float, stage: str | None = None, fraction: float | None = None) -> bool:
        """Extend the lease (and record progress). False when the job is no longer ours."""
        now = time.time()
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE jobs SET lease_until = ?, heartbeat_at = ? WHERE document_id = ? AND worker = ? AND attempts = ? AND state = 'running'",
                (now + lease_s, now, claim.document_id, claim.worker, claim.attempt),
            )
            if cur.rowcount and stage is not None and fraction is not None:
                conn.execute(
                    "UPDATE documents SET stage = ?, fraction = ?, updated_at = ? WHERE id = ?",
                    (stage, max(0.0, min(1.0, fraction)), utc_now(), claim.document_id),
                )
            return cur.rowcount == 1

    def finish_job(self, claim: Claim, report: DocumentReport, report_json: str) -> bool:
        """Report, coverage rows and statuses in one transaction, only for the current
        attempt's holder. False (nothing written) when the job was re-leased or deleted."""
        status = report.document.status.value
        ok = status in OK_STATUSES
        with self._tx() as conn:
            job = conn.execute(
                "SELECT j.state, j.worker, j.attempts, d.org_id, d.country, d.year, d.sector, d.title, d.filename FROM jobs j JOIN documents d ON d.id = j.document_id WHERE j.document_id = ?",
                (claim.document_id,),
            ).fetchone()
            if job is None or job["state"] != "running" or job["worker"] != claim.worker or job["attempts"] != claim.attempt:
                return False
            conn.execute("INSERT OR REPLACE INTO reports VALUES (?, ?)", (claim.document_id, report_json))
            conn.execute("DELETE FROM coverage WHERE document_id = ?", (claim.document_id,))
            if ok:
                rows = []
                for pos, ind in enumerate(report.indicators):
                    row = coverage_row(claim.document_id, ind)
                    rows.append((
                        claim.document_id, job["org_id"], job["country"], job["year"], job["sector"], ind.id, pos, ind.dimension,
                        int(ind.addressed), ind.returnee_level, ind.level_label, int(ind.entry_point), ind.n_passages,
                        ind.best_score, json.dumps(row["evidence_pages"]), json.dumps(row, ensure_ascii=False, separators=(",", ":")),
                        _csv_line(claim.document_id, job, row),
                    ))
                conn.executemany("INSERT INTO coverage VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
                conn.execute(
                    "INSERT OR REPLACE INTO coverage_docs VALUES (?, ?, ?)",
                    (claim.document_id, ",".join(r[15] for r in rows), "".join(r[16] for r in rows)),
                )
            conn.execute(
                "UPDATE documents SET status = ?, doc_status = ?, message = ?, pages = ?, stage = ?, fraction = 1.0, updated_at = ?, "
                "done_seq = (SELECT COALESCE(max(done_seq), 0) + 1 FROM documents) WHERE id = ?",
                (
                    "done" if ok else "failed", status, report.document.message or None, report.document.pages or None,
                    "done" if ok else "failed", utc_now(), claim.document_id,
                ),
            )
            conn.execute("UPDATE jobs SET state = 'done', lease_until = NULL WHERE document_id = ?", (claim.document_id,))
        return True

    def fail_job(self, claim: Claim, message: str) -> bool:
        """Mark the current attempt failed without a report (an unexpected error, not a
        typed document status). Same fence as finish_job."""
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE jobs SET state = 'failed', lease_until = NULL WHERE document_id = ? AND worker = ? AND attempts = ? AND state = 'running'",
                (claim.document_id, claim.worker, claim.attempt),
            )
            if cur.rowcount == 0:
                return False
            conn.execute(
                "UPDATE documents SET status = 'failed', message = ?, stage = 'failed', fraction = 1.0, updated_at = ? WHERE id = ?",
                (message, utc_now(), claim.document_id),
            )
        return True

    def queued_count(self) -> int:
        return self._conn().execute("SELECT count(*) FROM jobs WHERE state = 'queued'").fetchone()[0]

    # -- worker registry (readiness) ---------------------------------------------------------------
    def worker_beat(self, worker: str, pid: int) -> None:
        now = time.time()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO workers VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
                (worker, pid, now, now),
            )

    def worker_gone(self, worker: str) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM workers WHERE id = ?", (worker,))

    def workers_alive(self, within_s: float) -> int:
        return self._conn().execute("SELECT count(*) FROM workers WHERE heartbeat_at >= ?", (time.time() - within_s,)).fetchone()[0]

    # -- coverage (the ministry's view) ------------------------------------------------------------
    def _coverage_where(self, org_id: str, f: CoverageFilters) -> tuple[str, list]:
        where, args = ["org_id = ?"], [org_id]
        for col, values in (
            ("country", f.country), ("year", f.year), ("sector", f.sector), ("indicator", f.indicator), ("dimension", f.dimension),
        ):
            if values:
                where.append(f"{col} IN ({','.join('?' * len(values))})")
                args.extend(values)
        if f.min_level:
            where.append("returnee_level >= ?")
            args.append(f.min_level)
        return " AND ".join(where), args

    def coverage_json_parts(self, org_id: str, f: CoverageFilters) -> tuple[str, str, str]:
        """(documents, rows, summary) as JSON array texts. Rows are stored pre-serialised and
        concatenated by SQLite: building tens of thousands of dicts in Python would dominate
        the latency. Ordered subqueries feed group_concat and json_group_array in order
        (tested in tests/api)."""
        where, args = self._coverage_where(org_id, f)
        doc_where, doc_args = ["org_id = ?", "status = 'done'"], [org_id]
        for col, values in (("country", f.country), ("year", f.year), ("sector", f.sector)):
            if values:
                doc_where.append(f"{col} IN ({','.join('?' * len(values))})")
                doc_args.extend(values)
        row_filters = bool(f.indicator or f.dimension or f.min_level)
        metadata_where, metadata_args = " AND ".join(doc_where), list(doc_args)
        if row_filters:
            doc_where.append(f"id IN (SELECT document_id FROM coverage WHERE {where})")
            doc_args.extend(args)
        conn = self._conn()
        docs = conn.execute(
            "SELECT COALESCE(json_group_array(json_object('id', id, 'title', title, 'country', country, 'year', year, "
            "'sector', sector, 'filename', filename)), '[]') "
            f"FROM (SELECT id, title, country, year, sector, filename FROM documents WHERE {' AND '.join(doc_where)} ORDER BY done_seq)",
            doc_args,
        ).fetchone()[0]
        if row_filters:
            rows = conn.execute(
                f"SELECT '[' || COALESCE(group_concat(json, ','), '') || ']' FROM (SELECT json FROM coverage WHERE {where} ORDER BY rowid)",
                args,
            ).fetchone()[0]
        else:
            # one pre-joined value per document; joining a thousand strings in Python is
            # cheaper than growing one in SQLite
            parts = conn.execute(
                "SELECT cd.json FROM documents JOIN coverage_docs cd ON cd.document_id = documents.id "
                f"WHERE {metadata_where} ORDER BY done_seq",
                metadata_args,
            ).fetchall()
            rows = "[" + ",".join(p[0] for p in parts) + "]"
        # unfiltered: grouped straight off the covering index, in index order; filtered: the
        # subset is materialised first, so the planner uses the selective index instead of
        # walking the whole covering index to save a sort
        source = "coverage" if where == "org_id = ?" else (
            "(SELECT indicator, position, addressed, returnee_level FROM coverage "
            f"WHERE {where} LIMIT -1 OFFSET 0)"  # LIMIT/OFFSET: not flattened into the outer query
        )
        outer_where = "WHERE org_id = ?" if where == "org_id = ?" else ""
        summary = conn.execute(
            "SELECT COALESCE(json_group_array(json_object('indicator', indicator, 'documents', n, 'addressed', a, "
            "'mean_level', m, 'mainstreamed', s)), '[]') FROM ("
            "SELECT indicator, min(position) AS pos, count(*) AS n, sum(addressed) AS a, "
            f"round(avg(returnee_level), 4) AS m, sum(returnee_level = 3) AS s FROM {source} {outer_where} "
            "GROUP BY indicator ORDER BY pos)",
            args,
        ).fetchone()[0]
        return docs, rows, summary

    def coverage_csv(self, org_id: str, f: CoverageFilters) -> str:
        where, args = self._coverage_where(org_id, f)
        conn = self._conn()
        if f.indicator or f.dimension or f.min_level:
            body = conn.execute(f"SELECT group_concat(csv, '') FROM (SELECT csv FROM coverage WHERE {where} ORDER BY rowid)", args).fetchone()[0]
        else:
            doc_where, doc_args = ["org_id = ?", "status = 'done'"], [org_id]
            for col, values in (("country", f.country), ("year", f.year), ("sector", f.sector)):
                if values:
                    doc_where.append(f"{col} IN ({','.join('?' * len(values))})")
                    doc_args.extend(values)
            body = "".join(p[0] for p in conn.execute(
                "SELECT cd.csv FROM documents JOIN coverage_docs cd ON cd.document_id = documents.id "
                f"WHERE {' AND '.join(doc_where)} ORDER BY done_seq",
                doc_args,
            ))
        return ",".join(COVERAGE_CSV_FIELDS) + "\n" + (body or "")


def coverage_row(doc_id: str, ind) -> dict:  # type: ignore[no-untyped-def]
    """One row of the coverage view for an IndicatorResult."""
    return {
        "document_id": doc_id, "indicator": ind.id, "dimension": ind.dimension, "addressed": ind.addressed,
        "returnee_level": ind.returnee_level, "level_label": ind.level_label, "entry_point": ind.entry_point,
        "n_passages": ind.n_passages, "best_score": ind.best_score,
        "evidence_pages": list(dict.fromkeys(e.page for e in ind.evidence)),
    }


def _csv_line(doc_id: str, doc: sqlite3.Row, row: dict) -> str:
    buf = io.StringIO()
    values = [
        doc_id, doc["title"], doc["country"], doc["year"], doc["sector"], doc["filename"], row["indicator"], row["dimension"],
        "true" if row["addressed"] else "false", row["returnee_level"], row["level_label"],
        "true" if row["entry_point"] else "false", row["n_passages"], row["best_score"],
        ";".join(str(p) for p in row["evidence_pages"]),
    ]
    csv.writer(buf, lineterminator="\n").writerow(["" if v is None else v for v in values])
    return buf.getvalue()


def _doc_dict(row: sqlite3.Row) -> dict:
    return {
        "id": row["id"],
        "filename": row["filename"],
        "sha256": row["sha256"],
        "title": row["title"],
        "country": row["country"],
        "year": row["year"],
        "sector": row["sector"],
        "language": row["language"],
        "status": row["status"],
        "doc_status": row["doc_status"],
        "message": row["message"],
        "progress": {"stage": row["stage"], "fraction": row["fraction"]},
        "pages": row["pages"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "attempts": row["attempts"],
    }
