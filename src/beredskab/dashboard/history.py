"""The dashboard from the revision history, without reading any plan again.

``data_from_history(db, as_of)`` takes every municipality's newest stored version and its
stored report (the newest evaluation, or the one of ``pack_label``: what
``HistoryDB.current_reports`` returns, here taken version by version so each report keeps
the municipality it was recorded for, also when the plan itself names none), and every
stored version for the Revisioner sheet, with the current versions' due status from
``due_rows``. ``write_reports`` renders each current report as HTML beside the workbook
so the Oversigt sheet's links work here too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beredskab.batch.names import plan_stem, unique_names
from beredskab.dashboard.frames import DashboardData
from beredskab.dashboard.model import PlanEntry, RevisionRow

if TYPE_CHECKING:
    from beredskab.history import HistoryDB
    from beredskab.rulepack import RulePack


def data_from_history(
    db: HistoryDB,
    as_of: date,
    *,
    pack: RulePack | None = None,
    pack_label: str | None = None,
    meta: dict[str, Any] | None = None,
) -> DashboardData:
    """Entries (newest version per municipality) and revision rows from ``db``."""
    current = db.current_versions()
    entries: list[PlanEntry] = []
    inputs: list[dict[str, Any]] = []
    for order, info in enumerate(current):
        report = db.report(info.id, pack_label)
        if report is None:
            continue
        entries.append(
            PlanEntry(
                report=report,
                file=info.file_name,
                kommunekode=info.kommunekode,
                received=info.received,
                version=info.version,
                order=order,
            )
        )
        inputs.append({"file": info.file_name, "sha256": info.sha256, "kommune": info.kommune})
    revisions = revisions_from_history(db, as_of)
    labels = sorted({e.report.rule_pack for e in entries if e.report.rule_pack})
    info_meta = {
        "tool": "beredskab",
        "rule_pack": ", ".join(labels) or (pack.label if pack else None),
        "source": str(db.path),
        **(meta or {}),
    }
    return DashboardData(
        entries=tuple(entries),
        as_of=as_of,
        pack=pack,
        revisions=revisions,
        meta=info_meta,
        inputs=tuple(inputs),
    )


def revisions_from_history(db: HistoryDB, as_of: date) -> tuple[RevisionRow, ...]:
    """Every stored version of every municipality; the newest versions' due date and
    status from ``due_rows``, older versions' computed the same way."""
    from beredskab.history import due_rows, next_revision_due
    from beredskab.history.due import status_for

    current_ids = {v.id for v in db.current_versions()}
    due = {row.kommunekode: row for row in due_rows(db, as_of)}
    revisions: list[RevisionRow] = []
    for v in db.versions():
        is_current = v.id in current_ids
        row = due.get(v.kommunekode) if is_current else None
        when = (
            row.next_revision_due
            if row is not None
            else next_revision_due(v.adopted, v.plan_year, v.revision_interval_years)
        )
        revisions.append(
            RevisionRow(
                kommunekode=v.kommunekode,
                version=v.version,
                file=v.file_name,
                received=v.received,
                plan_year=v.plan_year,
                adopted=v.adopted,
                interval_years=v.revision_interval_years,
                next_revision_due=when,
                status=row.status if row is not None else status_for(when, as_of, 6),
                current=is_current,
            )
        )
    return tuple(revisions)


def write_reports(
    data: DashboardData, folder: Path, link_base: Path, *, lang: str, pack: RulePack | None
) -> DashboardData:
    """Render each entry's report as HTML into ``folder``; the entries get links
    relative to ``link_base`` (the workbook's folder)."""
    import os

    from beredskab.formatters import get_formatter

    render = get_formatter("html")
    folder.mkdir(parents=True, exist_ok=True)
    names = unique_names([plan_stem(e.file, e.kommunekode) for e in data.entries])
    out: list[PlanEntry] = []
    for entry, name in zip(data.entries, names, strict=True):
        target = folder / f"{name}.html"
        target.write_text(render([entry.report], lang=lang, pack=pack), encoding="utf-8")
        link = Path(os.path.relpath(target, link_base)).as_posix()
        out.append(replace(entry, html=link))
    return replace(data, entries=tuple(out))
