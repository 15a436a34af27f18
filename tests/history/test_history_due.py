"""The due list: next revision dates and statuses for all 98 municipalities."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from history_helpers import plan, write_file

from beredskab.errors import UsageError
from beredskab.history import due_rows, next_revision_due, open_db
from beredskab.history.due import add_months, parse_within, status_for
from beredskab.history.render import due_text


def test_next_revision_due_rule() -> None:
    assert next_revision_due(date(2024, 5, 28), 2024, 4) == date(2028, 5, 28)
    assert next_revision_due(date(2024, 5, 28), None, 2) == date(2026, 5, 28)
    assert next_revision_due(date(2024, 5, 28), None, 5) == date(2028, 5, 28)  # capped by law
    assert next_revision_due(date(2024, 5, 28), None, None) == date(2028, 5, 28)  # law's 4 years
    assert next_revision_due(None, 2023, 2) == date(2025, 1, 1)  # 1 January of the plan year
    assert next_revision_due(None, None, 4) is None
    assert next_revision_due(date(2024, 2, 29), None, 1) == date(2025, 2, 28)


def test_status_and_within() -> None:
    as_of = date(2026, 11, 27)
    assert status_for(date(2026, 11, 27), as_of, 6) == "overdue"  # as REV001: due must lie after
    assert status_for(date(2026, 11, 28), as_of, 6) == "due-soon"
    assert status_for(date(2027, 5, 27), as_of, 6) == "due-soon"
    assert status_for(date(2027, 5, 28), as_of, 6) == "current"
    assert status_for(None, as_of, 6) == "unknown"
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert [parse_within(x) for x in ("6m", "6", "1y", "2 år", "3 mdr")] == [6, 6, 12, 24, 3]
    with pytest.raises(UsageError):
        parse_within("soon")


def test_due_rows_for_all_98(tmp_path: Path) -> None:
    with open_db(tmp_path / "due.sqlite") as db:
        record = db.record
        # Kolding: an old plan, then a newer one (the newer decides).
        record(
            plan(adopted=date(2019, 6, 1)),
            file=write_file(tmp_path, "k1"),
            received=date(2019, 7, 1),
        )
        record(
            plan(adopted=date(2023, 3, 1), revision_interval_years=2),
            file=write_file(tmp_path, "k2"),
            received=date(2023, 4, 1),
        )
        # Skive: plan year only, no interval → 1 Jan 2023 + 4 years = 2027-01-01 (due soon).
        record(plan(plan_year=2023), file=write_file(tmp_path, "s"), kommune="Skive")
        # Aabenraa: adopted 2024-05-28, interval 5 → capped at 4 → 2028-05-28 (current).
        record(
            plan(adopted=date(2024, 5, 28), revision_interval_years=5),
            file=write_file(tmp_path, "a"),
            kommune="Aabenraa",
        )
        # Aalborg: no date at all → unknown.
        record(plan(), file=write_file(tmp_path, "b"), kommune="Aalborg")
        rows = due_rows(db, date(2026, 11, 27), 6)
    assert len(rows) == 98 and len({r.kommunekode for r in rows}) == 98
    assert [r.kommune for r in rows] == sorted(r.kommune for r in rows)
    by_name = {r.kommune: r for r in rows}
    kolding = by_name["Kolding Kommune"]
    assert (kolding.status, kolding.version, kolding.next_revision_due) == (
        "overdue",
        2,
        date(2025, 3, 1),
    )
    skive = by_name["Skive Kommune"]
    assert (skive.status, skive.next_revision_due, skive.plan_year) == (
        "due-soon",
        date(2027, 1, 1),
        2023,
    )
    aabenraa = by_name["Aabenraa Kommune"].to_dict()
    assert aabenraa == {
        "kommune": "Aabenraa Kommune",
        "kommunekode": "580",
        "status": "current",
        "version": 1,
        "adopted": "2024-05-28",
        "plan_year": None,
        "next_revision_due": "2028-05-28",
        "received": date.today().isoformat(),
        "revision_interval_years": 5,
    }
    assert by_name["Aalborg Kommune"].status == "unknown"
    assert sum(r.status == "never-received" for r in rows) == 94
    assert by_name["Odense Kommune"].to_dict()["version"] is None
    # A wider window turns Aabenraa due-soon.
    with open_db(tmp_path / "due.sqlite") as db:
        wide = {r.kommune: r for r in due_rows(db, date(2026, 11, 27), 24)}
    assert wide["Aabenraa Kommune"].status == "due-soon"
    text = due_text(rows, "2026-11-27", "da")
    assert text.index("Kolding Kommune") < text.index("Skive Kommune") < text.index("Odense")
    assert "1 skal have været revideret, 1 skal revideres snart" in text
