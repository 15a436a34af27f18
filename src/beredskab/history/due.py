"""Who must revise their plan: one row for each of the 98 municipalities.

Barnets lov § 15, stk. 3 requires the plan to be revised at least every fourth year.
The next revision is due on the adoption date of the newest version (or, when the plan
states no adoption date, 1 January of its plan year) plus the interval the plan states,
capped at 4 years; a plan that states no interval gets the law's 4 years
(spec/history.md). Status, against an as-of date:

- ``overdue``: the due date is on or before the as-of date (as rule REV001: a plan
  passes only while its due date lies after the as-of date);
- ``due-soon``: due within ``within_months`` after the as-of date;
- ``current``: due later;
- ``never-received``: no version is recorded;
- ``unknown``: a version is recorded, but it states neither an adoption date nor a
  plan year, so no due date can be computed (never guessed as current).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from beredskab.errors import UsageError
from beredskab.history import kommuner

if TYPE_CHECKING:
    from beredskab.history.db import HistoryDB

Status = Literal["current", "due-soon", "overdue", "never-received", "unknown"]
LEGAL_MAX_YEARS = 4
STATUS_ORDER: dict[str, int] = {
    "overdue": 0,
    "due-soon": 1,
    "unknown": 2,
    "never-received": 3,
    "current": 4,
}


@dataclass(frozen=True, slots=True)
class DueRow:
    """One municipality's line of the due list: its current plan and when revision is due."""

    kommune: str
    kommunekode: str
    status: Status
    version: int | None = None
    adopted: date | None = None
    plan_year: int | None = None
    next_revision_due: date | None = None
    received: date | None = None
    revision_interval_years: int | None = None
    """The interval the plan states (before the legal cap), or None."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kommune": self.kommune,
            "kommunekode": self.kommunekode,
            "status": self.status,
            "version": self.version,
            "adopted": self.adopted.isoformat() if self.adopted else None,
            "plan_year": self.plan_year,
            "next_revision_due": (
                self.next_revision_due.isoformat() if self.next_revision_due else None
            ),
            "received": self.received.isoformat() if self.received else None,
            "revision_interval_years": self.revision_interval_years,
        }


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months; the 29th–31st become the month's last day if needed
    (29 February + 4 years = 28 February in a non-leap year)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def next_revision_due(
    adopted: date | None, plan_year: int | None, interval_years: int | None
) -> date | None:
    """Adoption date (else 1 January of the plan year) + interval, capped at 4 years."""
    start = adopted or (date(plan_year, 1, 1) if plan_year else None)
    if start is None:
        return None
    years = LEGAL_MAX_YEARS if interval_years is None or interval_years <= 0 else interval_years
    return add_months(start, 12 * min(years, LEGAL_MAX_YEARS))


def status_for(due: date | None, as_of: date, within_months: int) -> Status:
    if due is None:
        return "unknown"
    if due <= as_of:
        return "overdue"
    if due <= add_months(as_of, within_months):
        return "due-soon"
    return "current"


_WITHIN = re.compile(r"^\s*(\d+)\s*(m|md|mdr|måned|måneder|months?|y|år|years?)?\s*$", re.I)


def parse_within(text: str) -> int:
    """``6m``, ``6``, ``1y``/``1år`` → months; anything else is a usage error."""
    m = _WITHIN.match(text)
    if not m:
        raise UsageError("history.bad-within", value=text)
    n = int(m.group(1))
    unit = (m.group(2) or "m").lower()
    return n * 12 if unit[0] in "yå" else n


def due_rows(db: HistoryDB, as_of: date, within_months: int = 6) -> list[DueRow]:
    """One row per municipality (all 98, by name), from its newest recorded version."""
    current = {v.kommunekode: v for v in db.current_versions()}
    rows: list[DueRow] = []
    for k in kommuner.all_kommuner():
        info = current.get(k.code)
        if info is None:
            rows.append(DueRow(kommune=k.name, kommunekode=k.code, status="never-received"))
            continue
        due = next_revision_due(info.adopted, info.plan_year, info.revision_interval_years)
        rows.append(
            DueRow(
                kommune=k.name,
                kommunekode=k.code,
                status=status_for(due, as_of, within_months),
                version=info.version,
                adopted=info.adopted,
                plan_year=info.plan_year,
                next_revision_due=due,
                received=info.received,
                revision_interval_years=info.revision_interval_years,
            )
        )
    return rows
