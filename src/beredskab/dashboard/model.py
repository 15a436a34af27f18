"""What the dashboard is built from, and the verdicts it shows (pure, no pandas).

A ``PlanEntry`` is one checked plan: its report plus what the run knows beside it (the
municipality the manifest names, the received date, the link to its HTML report, notes).
A batch run makes one per input file; ``beredskab dashboard --db`` makes one per stored
version from the revision history.

Status of a municipality (its newest plan, by received date, then version, then input
order), against the as-of date:

* ``overdue`` (forfalden): REV001 fails (not waived), or the plan's next revision date
  lies before the as-of date (unless a waiver covers REV001);
* ``missing`` (mangler): any other failing or erroring result of severity ``error`` that
  no waiver covers (an unreadable file, DOC001, is one);
* ``approved`` (godkendt): otherwise;
* ``not-received`` (ikke modtaget): no plan for the municipality.

A rule's cell in the rule matrix sums up the results of that rule on the plan (rules with
one result per section have several): ``error`` when any result could not be decided,
else ``fail`` when any fails, else ``waived`` when any failing result is waived, else
``pass`` when any passes, else ``not-applicable``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from beredskab.reference import Municipality, find_municipality, municipalities
from beredskab.results import Report, Result

Status = Literal["approved", "missing", "overdue", "not-received"]
STATUSES: tuple[Status, ...] = ("approved", "missing", "overdue", "not-received")
Cell = Literal["pass", "fail", "waived", "not-applicable", "error"]
CELLS: tuple[Cell, ...] = ("pass", "fail", "waived", "not-applicable", "error")
REVISION_RULE = "REV001"


@dataclass(frozen=True, slots=True)
class PlanEntry:
    """One checked plan and what the run knows about it beside its report."""

    report: Report
    file: str
    """The plan's file as the run names it (shown in the workbook)."""
    kommunekode: str | None = None
    """Who the plan belongs to: the manifest's municipality, else the one the plan names."""
    received: date | None = None
    version: int | None = None
    """The version number (manifest or history); None: numbered by received date."""
    html: str | None = None
    """Path of the plan's HTML report relative to the workbook (for the link)."""
    notes: tuple[dict[str, str], ...] = ()
    """Notes in both languages ({"da": …, "en": …}), e.g. municipality disagreement."""
    order: int = 0
    """Position in the run (ties between plans with the same received date)."""

    @property
    def municipality(self) -> Municipality | None:
        if self.kommunekode:
            return find_municipality(self.kommunekode)
        return None


@dataclass(frozen=True, slots=True)
class RevisionRow:
    """One version of one municipality's plan for the Revisioner sheet."""

    kommunekode: str
    version: int
    file: str
    received: date | None
    plan_year: int | None
    adopted: date | None
    interval_years: int | None
    next_revision_due: date | None
    status: str
    """A ``beredskab.history.due`` status: overdue, due-soon, current, unknown."""
    current: bool


def owner_code(report: Report, manifest_code: str | None) -> str | None:
    """The municipality a plan counts for: the manifest's, else the plan's own."""
    if manifest_code:
        return manifest_code
    if report.plan.kommunekode:
        return report.plan.kommunekode
    if report.plan.municipality:
        found = find_municipality(report.plan.municipality)
        return found.code if found else None
    return None


def active_failures(results: Iterable[Result], severity: str = "error") -> list[Result]:
    return [r for r in results if r.failed and not r.waived and r.severity == severity]


def plan_status(report: Report, as_of: date) -> Status:
    """The plan's status (see the module docstring)."""
    rev = [r for r in report.results if r.rule == REVISION_RULE]
    due = report.plan.next_revision_due
    if any(r.outcome == "fail" and not r.waived for r in rev):
        return "overdue"
    # An accepted waiver for REV001 also covers the date it is about.
    if due is not None and due < as_of and not any(r.waived for r in rev):
        return "overdue"
    if active_failures(report.results):
        return "missing"
    return "approved"


def rule_cell(results: Sequence[Result]) -> Cell | None:
    """One rule's verdict on one plan from its results (None: the rule did not run)."""
    if not results:
        return None
    if any(r.outcome == "error" and not r.waived for r in results):
        return "error"
    if any(r.outcome == "fail" and not r.waived for r in results):
        return "fail"
    if any(r.waived for r in results):
        return "waived"
    if any(r.outcome == "pass" for r in results):
        return "pass"
    return "not-applicable"


def rule_cells(report: Report) -> dict[str, Cell]:
    """Every rule's verdict on the plan, by rule ID."""
    by_rule: dict[str, list[Result]] = {}
    for r in report.results:
        by_rule.setdefault(r.rule, []).append(r)
    out: dict[str, Cell] = {}
    for rule, results in by_rule.items():
        cell = rule_cell(results)
        if cell is not None:
            out[rule] = cell
    return out


def result_state(result: Result) -> Cell:
    """One result's state, with a waived failure as ``waived``."""
    return "waived" if result.waived else result.outcome


def current_entries(entries: Sequence[PlanEntry]) -> dict[str, PlanEntry]:
    """The newest plan per municipality code (received date, then version, then order);
    plans that belong to no known municipality are left out."""
    best: dict[str, tuple[Any, PlanEntry]] = {}
    for e in entries:
        if not e.kommunekode:
            continue
        key = (e.received or date.min, e.version or 0, e.order)
        if e.kommunekode not in best or key >= best[e.kommunekode][0]:
            best[e.kommunekode] = (key, e)
    return {code: pair[1] for code, pair in best.items()}


def version_numbers(entries: Sequence[PlanEntry]) -> dict[int, int]:
    """Version number per entry index: the manifest's, else by received date within its
    municipality (1 = oldest)."""
    groups: dict[str, list[tuple[Any, int]]] = {}
    for i, e in enumerate(entries):
        groups.setdefault(e.kommunekode or f"?{i}", []).append(
            ((e.received or date.min, e.order), i)
        )
    out: dict[int, int] = {}
    for items in groups.values():
        for n, (_key, i) in enumerate(sorted(items), start=1):
            out[i] = entries[i].version or n
    return out


def danish_sort_key(name: str) -> str:
    """Sort key putting æ, ø, å after z, as a Danish reader expects."""
    return name.lower().translate({ord("æ"): "{", ord("ø"): "|", ord("å"): "}"})


def all_municipalities() -> list[Municipality]:
    """The 98 municipalities in Danish alphabetical order."""
    return sorted(municipalities(), key=lambda m: danish_sort_key(m.name))
