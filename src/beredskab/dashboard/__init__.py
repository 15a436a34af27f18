"""The Excel dashboard for CDE: every municipality's plan status in one workbook.

Public API:

- ``PlanEntry``, ``RevisionRow``, ``DashboardData``: what the workbook is built from (a
  batch run makes the entries from its reports; ``data_from_history`` from the revision
  history);
- ``plan_status(report, as_of)`` → approved / missing / overdue (see ``model``);
- ``build_frames(data, lang)`` → one pandas frame per sheet (pure);
- ``write_workbook(frames, path, lang)`` → ``dashboard.xlsx`` (openpyxl);
- ``write_dashboard(data, path, lang)``: both steps;
- ``results_frame(entries, as_of, lang)``: the run's long results table.

pandas and openpyxl are imported only inside the functions that need them, so importing
this package (for its types) stays cheap.
"""

from __future__ import annotations

from pathlib import Path

from beredskab.dashboard.frames import DashboardData, Frames, build_frames, results_frame
from beredskab.dashboard.history import data_from_history, write_reports
from beredskab.dashboard.model import (
    STATUSES,
    PlanEntry,
    RevisionRow,
    Status,
    current_entries,
    plan_status,
    rule_cell,
)
from beredskab.dashboard.workbook import write_workbook


def write_dashboard(data: DashboardData, path: str | Path, lang: str = "da") -> Path:
    """Build the frames of ``data`` and write them as a workbook at ``path``."""
    return write_workbook(build_frames(data, lang), path, lang)


__all__ = [
    "STATUSES",
    "DashboardData",
    "Frames",
    "PlanEntry",
    "RevisionRow",
    "Status",
    "build_frames",
    "current_entries",
    "data_from_history",
    "plan_status",
    "results_frame",
    "rule_cell",
    "write_dashboard",
    "write_reports",
    "write_workbook",
]
