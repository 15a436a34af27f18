"""The revision history's SQLite database: every version of every municipality's plan.

Where the database lives (first that applies):

1. the ``--db`` option (``open_db(path)``),
2. the environment variable ``BEREDSKAB_DB``,
3. ``./beredskab.sqlite`` when that file exists in the current folder,
4. the per-user data folder: ``$XDG_DATA_HOME/beredskab/history.sqlite``
   (``~/.local/share/beredskab/history.sqlite`` without ``XDG_DATA_HOME``).

What is stored for a version (one row per municipality and file hash, so the same file
recorded twice is one version): the municipality, the received date, the original file
name and its bytes (in a content-addressed ``blobs`` table — plans are small, and
``history recheck`` re-reads a stored version without the original file), the extracted
facts, a snapshot of every section's heading and own text (for diffs), and one
*evaluation* per rule-pack label holding all results and the report's other fields.
Evaluations are only ever added: a recheck with a new pack keeps the old results beside
the new ones, keyed by the pack label. No ordinary command deletes anything.

Versions are numbered 1, 2, … per municipality in order of received date (ties in
insertion order). The numbers are computed when read, never stored, so an older plan
that arrives late renumbers the later ones correctly.

Safety: the database runs in WAL mode with ``synchronous=FULL``; every write is one
``BEGIN IMMEDIATE`` transaction, so two processes recording at once wait for each other
(``busy_timeout``) instead of failing, and a process killed mid-write leaves the last
committed state. The schema carries its version in ``PRAGMA user_version`` and is
brought up to date by the ordered ``MIGRATIONS`` when opened.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beredskab.errors import UsageError
from beredskab.history import kommuner
from beredskab.history.record import (
    SectionSnapshot,
    dumps,
    facts_dict,
    parse_date,
    report_from_stored,
    report_meta,
    result_from_dict,
    result_to_dict,
    results_digest,
    snapshot_sections,
)
from beredskab.results import Report, Result, summarise

if TYPE_CHECKING:
    from beredskab.pipeline import Analysis

ENV_VAR = "BEREDSKAB_DB"
LOCAL_NAME = "beredskab.sqlite"
BUSY_TIMEOUT_S = 60.0

MIGRATIONS: tuple[str, ...] = (
    # 1: versions, their file bytes, section snapshots, evaluations and results.
    """
    CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
    );
    CREATE TABLE versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kommunekode TEXT NOT NULL,
        kommune TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        file_name TEXT NOT NULL,
        received TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        facts TEXT NOT NULL,
        UNIQUE (kommunekode, sha256)
    );
    CREATE TABLE sections (
        version_id INTEGER NOT NULL REFERENCES versions(id),
        seq INTEGER NOT NULL,
        position INTEGER NOT NULL,
        key TEXT,
        heading TEXT NOT NULL,
        title TEXT NOT NULL,
        number TEXT,
        level INTEGER NOT NULL,
        text TEXT NOT NULL,
        paragraph INTEGER,
        PRIMARY KEY (version_id, seq)
    );
    CREATE TABLE evaluations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        version_id INTEGER NOT NULL REFERENCES versions(id),
        pack_label TEXT NOT NULL,
        as_of TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        digest TEXT NOT NULL,
        summary TEXT NOT NULL,
        meta TEXT NOT NULL,
        UNIQUE (version_id, pack_label, digest)
    );
    CREATE TABLE results (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
        seq INTEGER NOT NULL,
        rule TEXT NOT NULL,
        section TEXT,
        outcome TEXT NOT NULL,
        severity TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (evaluation_id, seq)
    );
    """,
    # 2: how each version and evaluation came in (add, batch, import, recheck), and the
    # index the per-municipality numbering reads.
    """
    ALTER TABLE versions ADD COLUMN source TEXT NOT NULL DEFAULT 'add';
    ALTER TABLE evaluations ADD COLUMN source TEXT NOT NULL DEFAULT 'add';
    CREATE INDEX versions_by_kommune ON versions (kommunekode, received, id);
    CREATE INDEX evaluations_by_version ON evaluations (version_id, id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_db_path() -> Path:
    """The database used without ``--db`` (see the module docstring for the order)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    local = Path.cwd() / LOCAL_NAME
    if local.exists():
        return local
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "beredskab" / "history.sqlite"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True, slots=True)
class Recorded:
    """What ``HistoryDB.record`` did."""

    version: int
    """The version's number within its municipality (by received date, at record time)."""
    kommune: str
    created: bool
    """False when the same file was already recorded for the municipality."""
    version_id: int = 0
    kommunekode: str = ""
    sha256: str = ""
    results_added: bool = False
    """True when the report's results were stored (always for a new version; for a
    known file only when they differ from every stored evaluation of its pack)."""


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One stored version as ``history list`` and the dashboard show it."""

    id: int
    kommune: str
    kommunekode: str
    version: int
    sha256: str
    file_name: str
    received: date
    recorded_at: str
    plan_year: int | None
    adopted: date | None
    revision_interval_years: int | None
    police_district: str | None
    source: str
    pack_label: str | None
    """Label of the newest evaluation, or None when the version has none."""
    score: float | None
    error_failures: int | None
    warning_failures: int | None
    evaluations: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "kommune": self.kommune,
            "kommunekode": self.kommunekode,
            "version": self.version,
            "sha256": self.sha256,
            "file": self.file_name,
            "received": self.received.isoformat(),
            "recorded_at": self.recorded_at,
            "plan_year": self.plan_year,
            "adopted": self.adopted.isoformat() if self.adopted else None,
            "revision_interval_years": self.revision_interval_years,
            "police_district": self.police_district,
            "rule_pack": self.pack_label,
            "score": self.score,
            "error_failures": self.error_failures,
            "warning_failures": self.warning_failures,
            "evaluations": self.evaluations,
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One rule pack's results on one version."""

    id: int
    version_id: int
    pack_label: str
    as_of: date
    recorded_at: str
    summary: dict[str, Any]
    meta: dict[str, Any]
    source: str


class HistoryDB:
    """A connection to the history database. Use ``open_db`` to get one.

    One ``HistoryDB`` per process or thread (an ``sqlite3`` connection is not shared
    between threads); any number of them may write to one database at once."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    # -- connection ------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> HistoryDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): all of it or nothing."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    # -- writing ---------------------------------------------------------------------

    def record(
        self,
        analysis: Analysis,
        *,
        file: str | Path,
        kommune: str | None = None,
        received: date | None = None,
        source: str = "add",
    ) -> Recorded:
        """Store one analysed plan as a version of its municipality's plan.

        ``kommune`` (any form: name, "X Kommune", code) overrides the municipality the
        plan names. The same file recorded again for the same municipality is the same
        version (``created=False``); its results are added only when they differ (a new
        rule pack)."""
        path = Path(file)
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        target = _kommune_for(analysis, kommune, path)
        sections = snapshot_sections(analysis.tree, analysis.matching)
        facts = facts_dict(analysis.facts)
        with self.transaction() as conn:
            _put_blob(conn, sha, data)
            row = conn.execute(
                "SELECT id FROM versions WHERE kommunekode = ? AND sha256 = ?",
                (target.code, sha),
            ).fetchone()
            created = row is None
            if row is None:
                version_id = _insert_version(
                    conn,
                    kommunekode=target.code,
                    kommune=target.name,
                    sha256=sha,
                    file_name=path.name,
                    received=(received or date.today()).isoformat(),
                    recorded_at=_now(),
                    facts=facts,
                    source=source,
                )
                _insert_sections(conn, version_id, sections)
            else:
                version_id = int(row[0])
            results_added = _insert_evaluation(conn, version_id, analysis.report, source=source)
        return Recorded(
            version=self._number(version_id),
            kommune=target.name,
            created=created,
            version_id=version_id,
            kommunekode=target.code,
            sha256=sha,
            results_added=results_added,
        )

    def record_results(self, version_id: int, report: Report, *, source: str = "recheck") -> bool:
        """Add a report's results to a stored version, keyed by ``report.rule_pack``.

        Earlier results stay. Returns False when identical results for the same pack
        label were already stored (nothing added)."""
        with self.transaction() as conn:
            if (
                conn.execute("SELECT 1 FROM versions WHERE id = ?", (version_id,)).fetchone()
                is None
            ):
                raise UsageError("history.no-such-version-id", id=version_id)
            return _insert_evaluation(conn, version_id, report, source=source)

    # -- reading ---------------------------------------------------------------------

    def _number(self, version_id: int) -> int:
        row = self.conn.execute(
            f"SELECT number FROM ({_NUMBERED}) WHERE id = ?", (version_id,)
        ).fetchone()
        return int(row[0])

    def versions(self, kommune: str | None = None) -> list[VersionInfo]:
        """Stored versions, by municipality name and version number. ``kommune`` in any
        form narrows to one municipality."""
        sql = f"SELECT * FROM ({_NUMBERED})"
        params: tuple[Any, ...] = ()
        if kommune is not None:
            sql += " WHERE kommunekode = ?"
            params = (kommuner.resolve(kommune).code,)
        sql += " ORDER BY kommune, number"
        rows = self.conn.execute(sql, params).fetchall()
        return [self._version_info(row) for row in rows]

    def version(self, kommune: str, number: int | None = None) -> VersionInfo:
        """Version ``number`` of a municipality (the newest when None)."""
        found = self.versions(kommune)
        if not found:
            raise UsageError("history.no-versions", kommune=kommuner.resolve(kommune).name)
        if number is None:
            return found[-1]
        for info in found:
            if info.version == number:
                return info
        raise UsageError(
            "history.no-such-version", kommune=found[0].kommune, version=number, count=len(found)
        )

    def version_by_id(self, version_id: int) -> VersionInfo:
        row = self.conn.execute(
            f"SELECT * FROM ({_NUMBERED}) WHERE id = ?", (version_id,)
        ).fetchone()
        if row is None:
            raise UsageError("history.no-such-version-id", id=version_id)
        return self._version_info(row)

    def _version_info(self, row: sqlite3.Row) -> VersionInfo:
        facts = json.loads(row["facts"])
        ev = self.conn.execute(
            "SELECT pack_label, summary FROM evaluations WHERE version_id = ? ORDER BY id DESC",
            (row["id"],),
        ).fetchall()
        summary = json.loads(ev[0]["summary"]) if ev else {}
        return VersionInfo(
            id=int(row["id"]),
            kommune=row["kommune"],
            kommunekode=row["kommunekode"],
            version=int(row["number"]),
            sha256=row["sha256"],
            file_name=row["file_name"],
            received=date.fromisoformat(row["received"]),
            recorded_at=row["recorded_at"],
            plan_year=facts.get("plan_year"),
            adopted=parse_date(facts.get("adopted")),
            revision_interval_years=facts.get("revision_interval_years"),
            police_district=facts.get("police_district"),
            source=row["source"],
            pack_label=ev[0]["pack_label"] if ev else None,
            score=summary.get("score"),
            error_failures=summary.get("error_failures"),
            warning_failures=summary.get("warning_failures"),
            evaluations=len(ev),
        )

    def facts(self, version_id: int) -> dict[str, Any]:
        row = self.conn.execute("SELECT facts FROM versions WHERE id = ?", (version_id,)).fetchone()
        if row is None:
            raise UsageError("history.no-such-version-id", id=version_id)
        facts: dict[str, Any] = json.loads(row[0])
        return facts

    def sections(self, version_id: int) -> tuple[SectionSnapshot, ...]:
        rows = self.conn.execute(
            "SELECT position, key, heading, title, number, level, text, paragraph"
            " FROM sections WHERE version_id = ? ORDER BY seq",
            (version_id,),
        ).fetchall()
        return tuple(SectionSnapshot.from_dict(dict(r)) for r in rows)

    def evaluations(self, version_id: int) -> list[Evaluation]:
        rows = self.conn.execute(
            "SELECT * FROM evaluations WHERE version_id = ? ORDER BY id", (version_id,)
        ).fetchall()
        return [
            Evaluation(
                id=int(r["id"]),
                version_id=int(r["version_id"]),
                pack_label=r["pack_label"],
                as_of=date.fromisoformat(r["as_of"]),
                recorded_at=r["recorded_at"],
                summary=json.loads(r["summary"]),
                meta=json.loads(r["meta"]),
                source=r["source"],
            )
            for r in rows
        ]

    def evaluation(self, version_id: int, pack_label: str | None = None) -> Evaluation | None:
        """The newest evaluation of a version (for ``pack_label`` when given)."""
        found = [
            e
            for e in self.evaluations(version_id)
            if pack_label is None or e.pack_label == pack_label
        ]
        return found[-1] if found else None

    def results(self, evaluation_id: int) -> list[Result]:
        rows = self.conn.execute(
            "SELECT body FROM results WHERE evaluation_id = ? ORDER BY seq", (evaluation_id,)
        ).fetchall()
        return [result_from_dict(json.loads(r[0])) for r in rows]

    def report(self, version_id: int, pack_label: str | None = None) -> Report | None:
        """The version's report rebuilt from stored data (newest evaluation, or the one
        for ``pack_label``); None when the version has no such evaluation."""
        ev = self.evaluation(version_id, pack_label)
        if ev is None:
            return None
        info = self.version_by_id(version_id)
        return report_from_stored(
            file=info.file_name,
            sha256=info.sha256,
            as_of=ev.as_of,
            rule_pack=ev.pack_label,
            meta=ev.meta,
            results=self.results(ev.id),
        )

    def current_reports(self, pack_label: str | None = None) -> list[Report]:
        """The newest version of every municipality with a stored evaluation, as
        reports. With ``pack_label``, a municipality whose newest version was not
        evaluated with that pack is left out."""
        reports: list[Report] = []
        for info in self.current_versions():
            report = self.report(info.id, pack_label)
            if report is not None:
                reports.append(report)
        return reports

    def current_versions(self) -> list[VersionInfo]:
        """The newest version (by received date) of every municipality."""
        newest: dict[str, VersionInfo] = {}
        for info in self.versions():
            newest[info.kommunekode] = info
        return sorted(newest.values(), key=lambda v: v.kommune)

    def blob(self, sha256: str) -> bytes:
        row = self.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise UsageError("history.no-blob", sha256=sha256)
        return bytes(row[0])


# Versions numbered per municipality by received date, ties in insertion order.
_NUMBERED = (
    "SELECT v.*, ROW_NUMBER() OVER (PARTITION BY kommunekode ORDER BY received, id) AS number"
    " FROM versions AS v"
)


def _kommune_for(analysis: Analysis, explicit: str | None, path: Path) -> kommuner.Kommune:
    if explicit:
        return kommuner.resolve(explicit)
    facts = analysis.facts
    if facts.kommunekode:
        found = kommuner.by_code(facts.kommunekode)
        if found is not None:
            return found
    name = facts.municipality or analysis.report.plan.municipality
    if name:
        return kommuner.resolve(name)
    raise UsageError("history.no-kommune", file=path.name)


def _put_blob(conn: sqlite3.Connection, sha: str, data: bytes) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)", (sha, len(data), data)
    )


def _insert_version(conn: sqlite3.Connection, **row: Any) -> int:
    cur = conn.execute(
        "INSERT INTO versions (kommunekode, kommune, sha256, file_name, received, recorded_at,"
        " facts, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row["kommunekode"],
            row["kommune"],
            row["sha256"],
            row["file_name"],
            row["received"],
            row["recorded_at"],
            dumps(row["facts"]),
            row["source"],
        ),
    )
    return int(cur.lastrowid or 0)


def _insert_sections(
    conn: sqlite3.Connection, version_id: int, sections: tuple[SectionSnapshot, ...]
) -> None:
    conn.executemany(
        "INSERT INTO sections (version_id, seq, position, key, heading, title, number, level,"
        " text, paragraph) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                version_id,
                seq,
                s.position,
                s.key,
                s.heading,
                s.title,
                s.number,
                s.level,
                s.text,
                s.paragraph,
            )
            for seq, s in enumerate(sections)
        ],
    )


def _summary_dict(results: tuple[Result, ...] | list[Result]) -> dict[str, Any]:
    s = summarise(results)
    return {
        "pass": s.passed,
        "fail": s.failed,
        "not_applicable": s.not_applicable,
        "error": s.errors,
        "waived": s.waived,
        "score": s.score,
        "error_failures": s.error_failures,
        "warning_failures": s.warning_failures,
    }


def _insert_evaluation(
    conn: sqlite3.Connection,
    version_id: int,
    report: Report,
    *,
    source: str,
    recorded_at: str | None = None,
) -> bool:
    meta = report_meta(report)
    digest = results_digest(report.results, meta)
    cur = conn.execute(
        "INSERT OR IGNORE INTO evaluations (version_id, pack_label, as_of, recorded_at, digest,"
        " summary, meta, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            version_id,
            report.rule_pack,
            report.as_of.isoformat(),
            recorded_at or _now(),
            digest,
            dumps(_summary_dict(report.results)),
            dumps(meta),
            source,
        ),
    )
    if cur.rowcount == 0:
        return False
    evaluation_id = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO results (evaluation_id, seq, rule, section, outcome, severity, body)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (evaluation_id, seq, r.rule, r.section, r.outcome, r.severity, dumps(result_to_dict(r)))
            for seq, r in enumerate(report.results)
        ],
    )
    return True


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    _set_wal(conn)
    # FULL: a commit survives a power cut as well as a killed process.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _set_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. When two processes open a new database at the same moment, SQLite
    may answer "database is locked" at once, without waiting for the busy timeout, while
    the other one switches: retry until the timeout instead of failing the run."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to ``target`` (one transaction per step); returns the version.

    The version is read inside the write transaction, so two processes opening a new
    database at once apply each step exactly once."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current > SCHEMA_VERSION:
                raise UsageError("history.schema-too-new", found=current, known=SCHEMA_VERSION)
            if current >= target:
                conn.execute("COMMIT")
                return current
            for statement in MIGRATIONS[current].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {current + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def open_db(path: str | Path | None = None) -> HistoryDB:
    """Open (creating and migrating as needed) the history database.

    ``path`` None means the default location (``default_db_path``)."""
    db_path = Path(path).expanduser() if path is not None else default_db_path()
    conn: sqlite3.Connection | None = None
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(db_path)
        migrate(conn)
    except (sqlite3.DatabaseError, OSError) as exc:
        if conn is not None:
            conn.close()
        raise UsageError("history.not-a-database", path=str(db_path), detail=str(exc)) from exc
    except UsageError:
        if conn is not None:
            conn.close()
        raise
    return HistoryDB(conn, db_path)
