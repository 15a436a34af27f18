"""Export to JSON lines and import back: complete, idempotent, all-or-nothing."""

from __future__ import annotations

import base64
import io
import json
from datetime import date
from pathlib import Path

import pytest
from history_helpers import plan, write_file

from beredskab.errors import UsageError
from beredskab.history import export_jsonl, import_jsonl, open_db
from beredskab.history.db import HistoryDB

RESULTS = [("INT002", "pass", None), ("STR001", "fail", "intro.goals")]
SECTIONS = [("intro.goals", "1.2", "Mål", "Et mål.")]
BINARY = b"\x00\x01binary\xff"


def _fill(db: HistoryDB, folder: Path) -> None:
    rec = db.record(
        plan(sections=SECTIONS, results=RESULTS, plan_year=2024),
        file=write_file(folder, "a.docx", BINARY),
        received=date(2024, 2, 1),
    )
    db.record_results(rec.version_id, plan(results=[("X001", "fail", None)], pack="p@2").report)
    db.record(plan(), file=write_file(folder, "b.docx"), kommune="Skive", received=date(2025, 1, 1))


def _snapshot(db: HistoryDB) -> list[object]:
    out: list[object] = []
    for v in db.versions():
        out.append((v.kommune, v.version, v.sha256, v.file_name, v.received, db.blob(v.sha256)))
        out.append([s.to_dict() for s in db.sections(v.id)])
        out.append(db.facts(v.id))
        for ev in db.evaluations(v.id):
            out.append((ev.pack_label, ev.as_of, ev.meta, db.results(ev.id)))
    return out


def test_round_trip_and_idempotent_import(tmp_path: Path) -> None:
    with open_db(tmp_path / "src.sqlite") as src:
        _fill(src, tmp_path)
        buf = io.StringIO()
        assert export_jsonl(src, buf) == 2
        expected = _snapshot(src)
    lines = buf.getvalue().splitlines()
    assert json.loads(lines[0])["type"] == "header"
    blobs = [json.loads(x) for x in lines if json.loads(x)["type"] == "blob"]
    assert any(base64.b64decode(b["data"]) == BINARY and b["size"] == 9 for b in blobs)
    with open_db(tmp_path / "dst.sqlite") as dst:
        first = import_jsonl(dst, lines)
        assert (first.versions_added, first.evaluations_added, first.blobs_added) == (2, 3, 2)
        again = import_jsonl(dst, lines)
        assert (again.versions_added, again.versions_present, again.evaluations_added) == (0, 2, 0)
        assert _snapshot(dst) == expected
        assert {v.source for v in dst.versions()} == {"import"}
    # importing into the database it came from changes nothing either
    with open_db(tmp_path / "src.sqlite") as src:
        same = import_jsonl(src, lines)
        assert (same.versions_added, same.evaluations_added, same.blobs_added) == (0, 0, 0)


def test_a_damaged_export_imports_nothing(tmp_path: Path) -> None:
    with open_db(tmp_path / "src.sqlite") as src:
        _fill(src, tmp_path)
        buf = io.StringIO()
        export_jsonl(src, buf)
    lines = buf.getvalue().splitlines()
    damaged = []
    for line in lines:
        obj = json.loads(line)
        if obj["type"] == "blob" and obj["size"] == len(BINARY):
            obj["data"] = base64.b64encode(b"tampered").decode()
        damaged.append(json.dumps(obj))
    with open_db(tmp_path / "dst.sqlite") as dst:
        with pytest.raises(UsageError) as err:
            import_jsonl(dst, damaged)
        assert "kontrolsum" in err.value.message("da")
        assert dst.versions() == []
        assert dst.conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0
        with pytest.raises(UsageError):
            import_jsonl(dst, [lines[0], "{not json"])
        with pytest.raises(UsageError):
            import_jsonl(dst, [json.dumps({"type": "header", "format": "something-else"})])
        version_only = [x for x in lines if json.loads(x)["type"] == "version"]
        with pytest.raises(UsageError):
            import_jsonl(dst, version_only)  # its file bytes are missing
        assert dst.versions() == []
