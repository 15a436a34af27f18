"""The revision history: every version of every municipality's plan, what changed
between versions, and who is due to revise (issue 7, spec/history.md).

Public API (the batch and dashboard commands call these):

- ``open_db(path=None) -> HistoryDB`` — see ``beredskab.history.db`` for where the
  database lives by default and what it stores;
- ``HistoryDB.record(analysis, file=…, kommune=…, received=…) -> Recorded``,
  ``HistoryDB.versions(kommune=None) -> list[VersionInfo]``,
  ``HistoryDB.current_reports(pack_label=None) -> list[Report]``,
  ``HistoryDB.record_results(version_id, report)``;
- ``diff_versions(db, kommune, from_v=None, to_v=None) -> dict``;
- ``due_rows(db, as_of, within_months=6) -> list[DueRow]``;
- ``recheck(db, pack=None, as_of=None)`` re-evaluates stored versions from their
  stored file bytes;
- ``export_jsonl`` / ``import_jsonl`` for backup and transfer.
"""

from __future__ import annotations

from beredskab.history.db import (
    HistoryDB,
    Recorded,
    VersionInfo,
    default_db_path,
    open_db,
)
from beredskab.history.diff import diff_versions
from beredskab.history.due import DueRow, due_rows, next_revision_due
from beredskab.history.export import export_jsonl, import_jsonl
from beredskab.history.recheck import RecheckOutcome, recheck

__all__ = [
    "DueRow",
    "HistoryDB",
    "RecheckOutcome",
    "Recorded",
    "VersionInfo",
    "default_db_path",
    "diff_versions",
    "due_rows",
    "export_jsonl",
    "import_jsonl",
    "next_revision_due",
    "open_db",
    "recheck",
]
