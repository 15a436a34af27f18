"""Backup and transfer of the history as JSON lines.

``export_jsonl`` writes one JSON object per line: a ``header`` line, one ``blob`` line per
stored file (its bytes base64-encoded, with its sha256), and one ``version`` line per
version with its facts, section snapshot and every evaluation with all results.
``import_jsonl`` reads such a file into a database. Importing is idempotent: a version
already present (same municipality and file hash) is kept and only evaluations it lacks
are added, so importing the same file twice, or into the database it came from,
changes nothing. Nothing is deleted or overwritten. The whole import is one transaction:
a broken line leaves the database as it was.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from beredskab.errors import UsageError
from beredskab.history.db import SCHEMA_VERSION, HistoryDB, _insert_sections
from beredskab.history.record import SectionSnapshot, dumps

FORMAT = "beredskab-history"


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """What an import added to the history and what it already held."""

    versions_added: int = 0
    versions_present: int = 0
    evaluations_added: int = 0
    blobs_added: int = 0


def _lines(db: HistoryDB) -> Iterable[dict[str, Any]]:
    conn = db.conn
    yield {
        "type": "header",
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    for sha, size, data in conn.execute("SELECT sha256, size, data FROM blobs ORDER BY sha256"):
        yield {
            "type": "blob",
            "sha256": sha,
            "size": size,
            "data": base64.b64encode(bytes(data)).decode("ascii"),
        }
    for row in conn.execute("SELECT * FROM versions ORDER BY id").fetchall():
        evaluations = []
        for ev in conn.execute(
            "SELECT * FROM evaluations WHERE version_id = ? ORDER BY id", (row["id"],)
        ).fetchall():
            results = [
                json.loads(r[0])
                for r in conn.execute(
                    "SELECT body FROM results WHERE evaluation_id = ? ORDER BY seq", (ev["id"],)
                )
            ]
            evaluations.append(
                {
                    "pack_label": ev["pack_label"],
                    "as_of": ev["as_of"],
                    "recorded_at": ev["recorded_at"],
                    "digest": ev["digest"],
                    "source": ev["source"],
                    "summary": json.loads(ev["summary"]),
                    "meta": json.loads(ev["meta"]),
                    "results": results,
                }
            )
        yield {
            "type": "version",
            "kommunekode": row["kommunekode"],
            "kommune": row["kommune"],
            "sha256": row["sha256"],
            "file_name": row["file_name"],
            "received": row["received"],
            "recorded_at": row["recorded_at"],
            "source": row["source"],
            "facts": json.loads(row["facts"]),
            "sections": [s.to_dict() for s in db.sections(int(row["id"]))],
            "evaluations": evaluations,
        }


def export_jsonl(db: HistoryDB, out: IO[str]) -> int:
    """Write the whole history to ``out``; returns the number of versions written.

    Reads in one transaction, so a concurrent recording never yields half a version."""
    count = 0
    db.conn.execute("BEGIN")
    try:
        for line in _lines(db):
            out.write(dumps(line) + "\n")
            count += line["type"] == "version"
    finally:
        db.conn.execute("COMMIT")
    return count


def _need(obj: dict[str, Any], key: str, line_no: int) -> Any:
    if key not in obj:
        raise UsageError("history.import-bad-line", line=line_no, detail=f"'{key}' mangler")
    return obj[key]


def import_jsonl(db: HistoryDB, lines: Iterable[str]) -> ImportCounts:
    """Read an export into ``db`` (see the module docstring)."""
    added = present = evals = blobs = 0
    with db.transaction() as conn:
        for line_no, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise UsageError("history.import-bad-line", line=line_no, detail=str(exc)) from exc
            if not isinstance(obj, dict):
                raise UsageError("history.import-bad-line", line=line_no, detail="not an object")
            kind = obj.get("type")
            if kind == "header":
                if obj.get("format") != FORMAT:
                    raise UsageError("history.import-not-history", line=line_no)
            elif kind == "blob":
                sha = str(_need(obj, "sha256", line_no))
                try:
                    data = base64.b64decode(str(_need(obj, "data", line_no)), validate=True)
                except binascii.Error as exc:
                    raise UsageError(
                        "history.import-bad-line", line=line_no, detail=str(exc)
                    ) from exc
                if hashlib.sha256(data).hexdigest() != sha:
                    raise UsageError("history.import-bad-hash", line=line_no, sha256=sha)
                cur = conn.execute(
                    "INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                    (sha, len(data), data),
                )
                blobs += cur.rowcount
            elif kind == "version":
                new_version, new_evals = _import_version(db, obj, line_no)
                added += new_version
                present += not new_version
                evals += new_evals
            else:
                raise UsageError("history.import-bad-line", line=line_no, detail=f"type {kind!r}")
    return ImportCounts(added, present, evals, blobs)


def _import_version(db: HistoryDB, obj: dict[str, Any], line_no: int) -> tuple[bool, int]:
    conn = db.conn
    code = str(_need(obj, "kommunekode", line_no))
    sha = str(_need(obj, "sha256", line_no))
    if conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)).fetchone() is None:
        raise UsageError("history.import-no-blob", line=line_no, sha256=sha)
    row = conn.execute(
        "SELECT id FROM versions WHERE kommunekode = ? AND sha256 = ?", (code, sha)
    ).fetchone()
    created = row is None
    if row is None:
        cur = conn.execute(
            "INSERT INTO versions (kommunekode, kommune, sha256, file_name, received,"
            " recorded_at, facts, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                code,
                str(_need(obj, "kommune", line_no)),
                sha,
                str(_need(obj, "file_name", line_no)),
                str(_need(obj, "received", line_no)),
                str(obj.get("recorded_at") or ""),
                dumps(obj.get("facts") or {}),
                "import",
            ),
        )
        version_id = int(cur.lastrowid or 0)
        snaps = tuple(SectionSnapshot.from_dict(s) for s in obj.get("sections") or ())
        _insert_sections(conn, version_id, snaps)
    else:
        version_id = int(row[0])
    new_evals = 0
    for ev in obj.get("evaluations") or ():
        cur = conn.execute(
            "INSERT OR IGNORE INTO evaluations (version_id, pack_label, as_of, recorded_at,"
            " digest, summary, meta, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                version_id,
                str(_need(ev, "pack_label", line_no)),
                str(_need(ev, "as_of", line_no)),
                str(ev.get("recorded_at") or ""),
                str(_need(ev, "digest", line_no)),
                dumps(ev.get("summary") or {}),
                dumps(ev.get("meta") or {}),
                "import",
            ),
        )
        if cur.rowcount == 0:
            continue
        new_evals += 1
        evaluation_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO results (evaluation_id, seq, rule, section, outcome, severity, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    evaluation_id,
                    seq,
                    r["rule"],
                    r.get("section"),
                    r["outcome"],
                    r["severity"],
                    dumps(r),
                )
                for seq, r in enumerate(ev.get("results") or ())
            ],
        )
    return created, new_evals
