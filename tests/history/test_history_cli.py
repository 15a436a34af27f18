"""The ``history`` and ``due`` commands over a database filled through the API, and
``recheck`` (which re-reads stored file bytes) with a stand-in analyser."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from history_helpers import plan, write_file

from beredskab.cli import main
from beredskab.history import open_db, recheck
from beredskab.pipeline import Analysis


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    path = tmp_path / "cli.sqlite"
    with open_db(path) as db:
        db.record(
            plan(
                sections=[("intro.goals", "1.2", "Mål", "Et mål.")],
                results=[("INT005", "fail", None), ("INT002", "pass", None)],
                adopted=date(2021, 6, 1),
            ),
            file=write_file(tmp_path, "k1.docx"),
            received=date(2021, 7, 1),
        )
        db.record(
            plan(
                sections=[("intro.goals", "1.2", "Vores mål", "Et mål. To mål.")],
                results=[("INT005", "pass", None), ("INT002", "pass", None)],
                adopted=date(2025, 6, 1),
            ),
            file=write_file(tmp_path, "k2.docx"),
            received=date(2025, 7, 1),
        )
    return str(path)


def _run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_list_text_and_json(db_path: str) -> None:
    text = _run("history", "list", "--db", db_path)
    assert text.exit_code == 0
    assert (
        "Kolding Kommune (621)" in text.output and "version 2  modtaget 2025-07-01" in text.output
    )
    data = json.loads(
        _run("history", "list", "kolding", "--format", "json", "--db", db_path).output
    )
    assert [(v["version"], v["score"], v["error_failures"]) for v in data] == [
        (1, 0.5, 1),
        (2, 1.0, 0),
    ]
    english = _run("history", "list", "--db", db_path, "--lang", "en").output
    assert "received 2025-07-01" in english


def test_diff_formats(db_path: str) -> None:
    data = json.loads(
        _run("history", "diff", "Kolding", "--format", "json", "--db", db_path).output
    )
    assert data["findings"]["fixed"][0]["rule"] == "INT005"
    assert data["sections"]["renamed"] == [
        {"key": "intro.goals", "from": "1.2 Mål", "to": "1.2 Vores mål"}
    ]
    assert "Rettet siden sidst: 1" in _run("history", "diff", "621", "--db", db_path).output
    page = _run("history", "diff", "Kolding", "--format", "html", "--db", db_path).output
    assert page.startswith("<!DOCTYPE html>")
    bad = _run("history", "diff", "Kolding", "--to", "7", "--db", db_path)
    assert bad.exit_code == 2 and "ingen version 7" in bad.output


def test_due_json_has_98_rows(db_path: str) -> None:
    out = _run("due", "--as-of", "2026-11-27", "--format", "json", "--db", db_path).output
    rows = json.loads(out)
    assert len(rows) == 98
    [kolding] = [r for r in rows if r["kommunekode"] == "621"]
    assert kolding["status"] == "current" and kolding["next_revision_due"] == "2029-06-01"
    soon = json.loads(
        _run("due", "--as-of", "2029-01-01", "--format", "json", "--db", db_path).output
    )
    assert next(r for r in soon if r["kommunekode"] == "621")["status"] == "due-soon"
    bad = _run("due", "--within", "snart", "--db", db_path)
    assert bad.exit_code == 2 and "gyldig periode" in bad.output
    bad_date = _run("due", "--as-of", "27/11/2026", "--db", db_path)
    assert bad_date.exit_code == 2 and "ÅÅÅÅ-MM-DD" in bad_date.output


def test_export_then_import(db_path: str, tmp_path: Path) -> None:
    out = tmp_path / "backup.jsonl"
    assert _run("history", "export", "--out", str(out), "--db", db_path).exit_code == 0
    target = str(tmp_path / "copy.sqlite")
    first = _run("history", "import", str(out), "--db", target)
    assert "2 nye version(er)" in first.output
    second = _run("history", "import", str(out), "--db", target)
    assert "0 nye version(er), 2 fandtes allerede" in second.output
    assert not list(tmp_path.glob(".export-*"))


def test_history_help_documents_the_database(db_path: str) -> None:
    text = _run("history", "--help").output
    assert "BEREDSKAB_DB" in text and "beredskab.sqlite" in text and "history.sqlite" in text


def test_recheck_keeps_old_results_and_reads_stored_bytes(db_path: str) -> None:
    seen: list[bytes] = []

    def analyse(path: Path, *, pack: Any = None, as_of: date | None = None) -> Analysis:
        seen.append(Path(path).read_bytes())
        return plan(
            results=[("NEW001", "fail", None)], pack="cde-2025@1", as_of=as_of or date.today()
        )

    with open_db(db_path) as db:
        outcomes = recheck(db, as_of=date(2026, 1, 1), analyse=analyse)
        assert [o.added for o in outcomes] == [True, True]
        assert seen == [b"plan k1.docx", b"plan k2.docx"]
        again = recheck(db, as_of=date(2026, 1, 1), analyse=analyse)
        assert [o.added for o in again] == [False, False]
        for info in db.versions():
            assert [e.pack_label for e in db.evaluations(info.id)] == ["cde-2024@1", "cde-2025@1"]
            old = db.report(info.id, "cde-2024@1")
            assert old is not None and {r.rule for r in old.results} == {"INT005", "INT002"}
            new = db.report(info.id)
            assert new is not None and new.file == info.file_name and new.as_of == date(2026, 1, 1)
