"""The history database: recording, idempotence, numbering, results per pack, migrations."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from history_helpers import plan, write_file

from beredskab.errors import UsageError
from beredskab.history import default_db_path, open_db
from beredskab.history.db import MIGRATIONS, SCHEMA_VERSION, HistoryDB

SECTIONS = [
    ("intro.vision", "1.1", "Vision", "Vi vil forebygge ekstremisme."),
    ("intro.goals", "1.2", "Mål", "Mål et.\nMål to.\nMål tre."),
]
RESULTS = [
    ("INT002", "pass", None),
    ("STR001", "fail", "intro.goals"),
    ("STR001", "pass", "intro.vision"),
    ("INT005", "error", None),
]


@pytest.fixture
def db(tmp_path: Path) -> HistoryDB:
    with open_db(tmp_path / "h.sqlite") as handle:
        yield handle


def test_record_stores_a_version_with_everything(db: HistoryDB, tmp_path: Path) -> None:
    analysis = plan(sections=SECTIONS, results=RESULTS, plan_year=2025, adopted=date(2025, 2, 20))
    path = write_file(tmp_path, "kolding.docx")
    rec = db.record(analysis, file=path, received=date(2025, 3, 1))
    assert (rec.version, rec.kommune, rec.created, rec.kommunekode) == (
        1,
        "Kolding Kommune",
        True,
        "621",
    )
    [info] = db.versions("Kolding")
    assert info.received == date(2025, 3, 1)
    assert info.adopted == date(2025, 2, 20) and info.plan_year == 2025
    assert info.pack_label == "cde-2024@1"
    assert info.error_failures == 2 and info.score == pytest.approx(2 / 4)
    assert db.blob(info.sha256) == path.read_bytes()
    snaps = db.sections(info.id)
    assert [(s.key, s.heading) for s in snaps if s.level] == [
        ("intro.vision", "1.1 Vision"),
        ("intro.goals", "1.2 Mål"),
    ]
    assert snaps[-1].text == "Mål et.\nMål to.\nMål tre."
    assert db.facts(info.id)["adopted"] == "2025-02-20"


def test_same_file_twice_is_one_version(db: HistoryDB, tmp_path: Path) -> None:
    path = write_file(tmp_path, "a.docx")
    first = db.record(plan(results=RESULTS), file=path)
    again = db.record(plan(results=RESULTS), file=path, received=date(2030, 1, 1))
    assert first.created and not again.created
    assert first.results_added and not again.results_added
    assert again.version_id == first.version_id
    [info] = db.versions()
    assert info.evaluations == 1
    assert info.received == date.today()  # the second recording changed nothing


def test_versions_are_numbered_by_received_date(db: HistoryDB, tmp_path: Path) -> None:
    newer = db.record(plan(), file=write_file(tmp_path, "b.docx"), received=date(2026, 2, 1))
    assert newer.version == 1
    late_older = db.record(plan(), file=write_file(tmp_path, "a.docx"), received=date(2025, 3, 1))
    assert late_older.version == 1
    same_day = db.record(plan(), file=write_file(tmp_path, "c.docx"), received=date(2026, 2, 1))
    numbered = {v.file_name: v.version for v in db.versions("621")}
    assert numbered == {"a.docx": 1, "b.docx": 2, "c.docx": 3}
    assert same_day.version == 3
    assert db.version("Kolding Kommune").file_name == "c.docx"
    assert db.version("kolding", 2).file_name == "b.docx"
    with pytest.raises(UsageError):
        db.version("Kolding", 4)


def test_municipality_explicit_or_from_the_plan(db: HistoryDB, tmp_path: Path) -> None:
    rec = db.record(plan(), file=write_file(tmp_path, "a.docx"), kommune="Skive")
    assert (rec.kommune, rec.kommunekode) == ("Skive Kommune", "779")
    by_name = db.record(
        plan(kommune="Aabenraa Kommune", kommunekode=None), file=write_file(tmp_path, "b.docx")
    )
    assert by_name.kommunekode == "580"
    with pytest.raises(UsageError) as unknown:
        db.record(plan(), file=write_file(tmp_path, "c.docx"), kommune="Atlantis")
    assert "Atlantis" in unknown.value.message("da")
    with pytest.raises(UsageError) as missing:
        db.record(plan(kommune=None, kommunekode=None), file=write_file(tmp_path, "d.docx"))
    assert "--kommune" in missing.value.message("da")
    assert len(db.versions()) == 2


def test_a_joint_file_can_belong_to_two_municipalities(db: HistoryDB, tmp_path: Path) -> None:
    path = write_file(tmp_path, "faelles.docx")
    assert db.record(plan(), file=path, kommune="Esbjerg").created
    assert db.record(plan(), file=path, kommune="Fanø").created
    assert db.conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 1


def test_current_reports_rebuild_the_report(db: HistoryDB, tmp_path: Path) -> None:
    waiver = {"by": "CDE", "reason": "aftalt", "until": "2027-01-01"}
    results = [*RESULTS, ("CON003", "fail", None, waiver)]
    old = plan(results=[("INT002", "fail", None)], plan_year=2021)
    new = plan(results=results, plan_year=2025, adopted=date(2025, 2, 20), goals=["Et", "To"])
    db.record(old, file=write_file(tmp_path, "old.docx"), received=date(2021, 5, 1))
    db.record(new, file=write_file(tmp_path, "new.docx"), received=date(2025, 3, 1))
    db.record(plan(kommune=None, kommunekode="779"), file=write_file(tmp_path, "skive.docx"))
    reports = db.current_reports()
    assert [r.plan.kommunekode for r in reports] == ["621", "779"]
    rebuilt = reports[0]
    assert rebuilt.file == "new.docx"
    assert rebuilt.results == new.report.results
    assert rebuilt.plan == new.report.plan
    assert rebuilt.summary == new.report.summary
    assert rebuilt.rule_pack == "cde-2024@1" and rebuilt.as_of == new.report.as_of
    assert db.current_reports("other@9") == []


def test_record_results_keeps_old_results(db: HistoryDB, tmp_path: Path) -> None:
    rec = db.record(plan(results=RESULTS), file=write_file(tmp_path, "a.docx"))
    newer = plan(results=[("INT002", "pass", None), ("NEW001", "fail", None)], pack="cde-2025@1")
    assert db.record_results(rec.version_id, newer.report)
    assert not db.record_results(rec.version_id, newer.report)  # the same again adds nothing
    labels = [e.pack_label for e in db.evaluations(rec.version_id)]
    assert labels == ["cde-2024@1", "cde-2025@1"]
    old_report = db.report(rec.version_id, "cde-2024@1")
    assert old_report is not None and old_report.results == plan(results=RESULTS).report.results
    [current] = db.current_reports()
    assert current.rule_pack == "cde-2025@1"
    assert [r.rule for r in current.results] == ["INT002", "NEW001"]
    with pytest.raises(UsageError):
        db.record_results(999, newer.report)


def test_wal_mode_and_schema_version(db: HistoryDB) -> None:
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    assert db.integrity_check() == "ok"


def test_migrates_an_older_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO blobs VALUES ('abc', 1, x'00')")
    conn.execute(
        "INSERT INTO versions (kommunekode, kommune, sha256, file_name, received, recorded_at,"
        " facts) VALUES ('621', 'Kolding Kommune', 'abc', 'gammel.docx', '2020-01-02', 'x',"
        " '{\"plan_year\": 2020}')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with open_db(path) as db:
        assert db.schema_version == SCHEMA_VERSION
        [info] = db.versions("Kolding")
        assert (info.file_name, info.plan_year, info.source) == ("gammel.docx", 2020, "add")
        index = db.conn.execute(
            "SELECT name FROM sqlite_master WHERE name = 'versions_by_kommune'"
        ).fetchone()
        assert index is not None
        assert db.integrity_check() == "ok"


def test_refuses_a_newer_schema_and_non_databases(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(UsageError) as newer:
        open_db(path)
    assert "nyere" in newer.value.message("da")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(UsageError):
        open_db(junk)


def test_default_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("BEREDSKAB_DB", raising=False)
    assert default_db_path() == tmp_path / "xdg" / "beredskab" / "history.sqlite"
    (tmp_path / "beredskab.sqlite").touch()
    assert default_db_path() == tmp_path / "beredskab.sqlite"
    monkeypatch.setenv("BEREDSKAB_DB", str(tmp_path / "env.sqlite"))
    assert default_db_path() == tmp_path / "env.sqlite"
    with open_db() as db:
        assert db.path == tmp_path / "env.sqlite"
    assert (tmp_path / "env.sqlite").exists()
