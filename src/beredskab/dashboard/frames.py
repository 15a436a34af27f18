"""The dashboard's tables as pandas frames, one per sheet (and the run's results table).

``build_frames(data, lang)`` is pure: it reads the plans' reports (never the documents)
and returns a ``Frames`` holding one DataFrame per sheet with stable column keys; the
workbook writer (``beredskab.dashboard.workbook``) gives the columns their labels and
formats. Labels inside the cells (statuses, outcomes, severities) are in ``lang``.

pandas is imported here and in the writer only, so ``beredskab check`` never pays for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from beredskab.dashboard.model import (
    CELLS,
    PlanEntry,
    RevisionRow,
    all_municipalities,
    current_entries,
    danish_sort_key,
    plan_status,
    result_state,
    rule_cells,
    version_numbers,
)
from beredskab.i18n import t
from beredskab.reference import find_municipality, police_districts
from beredskab.rulepack import RulePack

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class DashboardData:
    """Everything the workbook shows."""

    entries: tuple[PlanEntry, ...]
    as_of: date
    pack: RulePack | None = None
    revisions: tuple[RevisionRow, ...] | None = None
    """The Revisioner sheet's rows from the history; None: derived from ``entries``."""
    meta: dict[str, Any] = field(default_factory=dict)
    """tool, tool_version, rule_pack, generated, source, duration_seconds …"""
    inputs: tuple[dict[str, Any], ...] = ()
    """Input files: {"file", "sha256", "kommune"} (the Metadata sheet's hash list)."""


@dataclass(frozen=True, slots=True)
class Frames:
    """The dashboard's tables, one per sheet, built from the reports and the history."""

    overview: pd.DataFrame
    matrix: pd.DataFrame
    rules: pd.DataFrame
    districts: pd.DataFrame
    revisions: pd.DataFrame
    findings: pd.DataFrame
    metadata: pd.DataFrame
    inputs: pd.DataFrame
    rule_ids: tuple[str, ...]


def status_label(status: str, lang: str) -> str:
    return t(f"batch.status.{status}", lang)


def cell_label(cell: str, lang: str) -> str:
    return t(f"batch.outcome.{cell}", lang)


def severity_label(severity: str, lang: str) -> str:
    return t(f"batch.severity.{severity}", lang)


def revision_label(status: str, lang: str) -> str:
    return t(f"batch.revision.{status}", lang)


def note_text(notes: Sequence[dict[str, str]], lang: str) -> str | None:
    texts = [n.get(lang) or n.get("da") or "" for n in notes]
    return " ".join(x for x in texts if x) or None


def rule_order(entries: Sequence[PlanEntry], pack: RulePack | None) -> tuple[str, ...]:
    """The rules in the pack's order, then any other rule a report holds, by ID."""
    ids = [r.id for r in pack.rules] if pack is not None else []
    extra = sorted({r.rule for e in entries for r in e.report.results} - set(ids))
    return (*ids, *extra)


def _rule_names(entries: Sequence[PlanEntry], pack: RulePack | None, lang: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for e in entries:
        for r in e.report.results:
            names.setdefault(r.rule, r.name)
    if pack is not None:
        for spec in pack.rules:
            what = spec.explanation.get("what") if spec.explanation else None
            text = what.get(lang) or what.get("da") if isinstance(what, dict) else None
            names[spec.id] = str(text) if text else spec.name
    return names


def _severities(entries: Sequence[PlanEntry], pack: RulePack | None) -> dict[str, str]:
    out: dict[str, str] = {r.rule: r.severity for e in entries for r in e.report.results}
    if pack is not None:
        out.update({spec.id: spec.severity for spec in pack.rules})
    return out


def build_frames(data: DashboardData, lang: str = "da") -> Frames:
    """Every sheet's frame (see the module docstring)."""
    entries = data.entries
    current = current_entries(entries)
    statuses = {code: plan_status(e.report, data.as_of) for code, e in current.items()}
    rule_ids = rule_order(entries, data.pack)
    overview = _overview(current, statuses, lang)
    return Frames(
        overview=overview,
        matrix=_matrix(current, rule_ids, lang),
        rules=_rules(current, rule_ids, entries, data.pack, lang),
        districts=_districts(overview),
        revisions=_revisions(data, lang),
        findings=findings_frame(entries, lang),
        metadata=_metadata(data, lang),
        inputs=_inputs(data),
        rule_ids=rule_ids,
    )


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=list(columns))


OVERVIEW_COLUMNS = (
    "kommune",
    "kommunekode",
    "politikreds",
    "region",
    "plan_year",
    "adopted",
    "next_revision_due",
    "status",
    "score",
    "errors",
    "warnings",
    "report",
    "file",
    "received",
    "note",
)


def _overview(
    current: dict[str, PlanEntry], statuses: Mapping[str, str], lang: str
) -> pd.DataFrame:
    rows = []
    for m in all_municipalities():
        e = current.get(m.code)
        row: dict[str, Any] = {
            "kommune": m.name,
            "kommunekode": m.code,
            "politikreds": m.police_district,
            "region": m.region,
            "status_key": statuses.get(m.code, "not-received"),
        }
        row["status"] = status_label(row["status_key"], lang)
        if e is not None:
            plan = e.report.plan
            summary = e.report.summary
            row.update(
                plan_year=plan.plan_year,
                adopted=plan.adopted,
                next_revision_due=plan.next_revision_due,
                score=summary.score,
                errors=summary.error_failures,
                warnings=summary.warning_failures,
                report=e.html,
                file=e.file,
                received=e.received,
                note=note_text(e.notes, lang),
            )
        rows.append(row)
    return _frame(rows, (*OVERVIEW_COLUMNS, "status_key"))


def _matrix(current: dict[str, PlanEntry], rule_ids: Sequence[str], lang: str) -> pd.DataFrame:
    rows = []
    for m in all_municipalities():
        row: dict[str, Any] = {"kommune": m.name, "kommunekode": m.code}
        e = current.get(m.code)
        if e is not None:
            cells = rule_cells(e.report)
            for rule in rule_ids:
                if rule in cells:
                    row[rule] = cell_label(cells[rule], lang)
        rows.append(row)
    return _frame(rows, ("kommune", "kommunekode", *rule_ids))


RULE_COLUMNS = (
    "rule",
    "name",
    "severity",
    "plans",
    "pass",
    "fail",
    "waived",
    "not-applicable",
    "error",
    "pass_rate",
)


def _rules(
    current: dict[str, PlanEntry],
    rule_ids: Sequence[str],
    entries: Sequence[PlanEntry],
    pack: RulePack | None,
    lang: str,
) -> pd.DataFrame:
    names = _rule_names(entries, pack, lang)
    severities = _severities(entries, pack)
    counts: dict[str, dict[str, int]] = {rule: dict.fromkeys(CELLS, 0) for rule in rule_ids}
    for e in current.values():
        for rule, cell in rule_cells(e.report).items():
            counts.setdefault(rule, {c: 0 for c in CELLS})[cell] += 1
    rows = []
    for rule in rule_ids:
        c = counts[rule]
        decided = c["pass"] + c["waived"] + c["fail"] + c["error"]
        rows.append(
            {
                "rule": rule,
                "name": names.get(rule, ""),
                "severity": severity_label(severities.get(rule, "info"), lang),
                "plans": sum(c.values()),
                **c,
                "pass_rate": round((c["pass"] + c["waived"]) / decided, 4) if decided else None,
            }
        )
    return _frame(rows, RULE_COLUMNS)


DISTRICT_COLUMNS = (
    "politikreds",
    "municipalities",
    "received",
    "approved",
    "missing",
    "overdue",
    "not-received",
    "avg_score",
    "errors",
    "warnings",
)


def _districts(overview: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for district in sorted(police_districts(), key=lambda d: d.name):
        part = overview[overview["politikreds"] == district.name]
        keys = list(part["status_key"])
        scores = part["score"].dropna()
        rows.append(
            {
                "politikreds": district.name,
                "municipalities": len(part),
                "received": sum(1 for k in keys if k != "not-received"),
                "approved": keys.count("approved"),
                "missing": keys.count("missing"),
                "overdue": keys.count("overdue"),
                "not-received": keys.count("not-received"),
                "avg_score": round(float(scores.mean()), 4) if len(scores) else None,
                "errors": int(part["errors"].fillna(0).sum()),
                "warnings": int(part["warnings"].fillna(0).sum()),
            }
        )
    return _frame(rows, DISTRICT_COLUMNS)


REVISION_COLUMNS = (
    "kommune",
    "kommunekode",
    "version",
    "file",
    "received",
    "plan_year",
    "adopted",
    "interval_years",
    "next_revision_due",
    "status",
    "current",
)


def revisions_from_entries(entries: Sequence[PlanEntry], as_of: date) -> tuple[RevisionRow, ...]:
    """The Revisioner rows for a run without a history: every plan of the run."""
    from beredskab.history.due import status_for

    numbers = version_numbers(entries)
    current = {id(e) for e in current_entries(entries).values()}
    rows = []
    for i, e in enumerate(entries):
        if not e.kommunekode:
            continue
        plan = e.report.plan
        due = plan.next_revision_due
        rows.append(
            RevisionRow(
                kommunekode=e.kommunekode,
                version=numbers[i],
                file=e.file,
                received=e.received,
                plan_year=plan.plan_year,
                adopted=plan.adopted,
                interval_years=plan.revision_interval_years,
                next_revision_due=due,
                status=status_for(due, as_of, 6),
                current=id(e) in current,
            )
        )
    return tuple(rows)


def _revisions(data: DashboardData, lang: str) -> pd.DataFrame:
    revisions = data.revisions
    if revisions is None:
        revisions = revisions_from_entries(data.entries, data.as_of)
    rows = []
    for r in revisions:
        m = find_municipality(r.kommunekode)
        rows.append(
            {
                "kommune": m.name if m else r.kommunekode,
                "kommunekode": r.kommunekode,
                "version": r.version,
                "file": r.file,
                "received": r.received,
                "plan_year": r.plan_year,
                "adopted": r.adopted,
                "interval_years": r.interval_years,
                "next_revision_due": r.next_revision_due,
                "status": revision_label(r.status, lang),
                "status_key": r.status,
                "current": t("batch.yes" if r.current else "batch.no", lang),
            }
        )
    frame = _frame(rows, (*REVISION_COLUMNS, "status_key"))
    if len(frame):
        frame = frame.assign(_k=frame["kommune"].map(danish_sort_key))
        frame = frame.sort_values(["_k", "version"], kind="stable").drop(columns="_k")
    return frame.reset_index(drop=True)


FINDING_COLUMNS = (
    "kommune",
    "kommunekode",
    "file",
    "rule",
    "name",
    "section",
    "outcome",
    "severity",
    "message",
    "evidence",
    "paragraph",
    "waiver",
)


def _kommune_name(code: str | None) -> str | None:
    m = find_municipality(code) if code else None
    return m.name if m else None


def findings_frame(entries: Sequence[PlanEntry], lang: str) -> pd.DataFrame:
    """Every finding (a failing, erroring or waived result) of every plan."""
    rows = []
    for e in entries:
        name = _kommune_name(e.kommunekode)
        for r in e.report.results:
            if not r.failed:
                continue
            rows.append(
                {
                    "kommune": name,
                    "kommunekode": e.kommunekode,
                    "file": e.file,
                    "rule": r.rule,
                    "name": r.name,
                    "section": r.section,
                    "outcome": cell_label(result_state(r), lang),
                    "severity": severity_label(r.severity, lang),
                    "message": r.text(lang),
                    "evidence": r.evidence,
                    "paragraph": r.paragraph,
                    "waiver": (r.waiver or {}).get("reason") if r.waived else None,
                }
            )
    return _frame(rows, FINDING_COLUMNS)


RESULT_COLUMNS = (
    "kommune",
    "kommunekode",
    "file",
    "sha256",
    "status",
    "rule",
    "name",
    "section",
    "outcome",
    "waived",
    "severity",
    "message",
    "evidence",
    "paragraph",
    "note",
)


def results_frame(entries: Sequence[PlanEntry], as_of: date, lang: str) -> pd.DataFrame:
    """The run's results table for pandas users: one row per result of every plan
    (passes too, so pass rates can be computed), with plain codes for outcome,
    severity and status."""
    rows = []
    for e in entries:
        name = _kommune_name(e.kommunekode)
        status = plan_status(e.report, as_of)
        note = note_text(e.notes, lang)
        for r in e.report.results:
            rows.append(
                {
                    "kommune": name,
                    "kommunekode": e.kommunekode,
                    "file": e.file,
                    "sha256": e.report.sha256,
                    "status": status,
                    "rule": r.rule,
                    "name": r.name,
                    "section": r.section,
                    "outcome": r.outcome,
                    "waived": r.waived,
                    "severity": r.severity,
                    "message": r.text(lang),
                    "evidence": r.evidence,
                    "paragraph": r.paragraph,
                    "note": note,
                }
            )
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    return frame.astype({"paragraph": "Int64", "waived": "bool"})


def _metadata(data: DashboardData, lang: str) -> pd.DataFrame:
    meta = data.meta
    counts = _status_counts(data)
    rows: list[dict[str, Any]] = [
        {"key": t("batch.meta.tool", lang), "value": meta.get("tool", "beredskab")},
        {"key": t("batch.meta.tool-version", lang), "value": meta.get("tool_version")},
        {"key": t("batch.meta.rule-pack", lang), "value": meta.get("rule_pack")},
        {"key": t("batch.meta.as-of", lang), "value": data.as_of},
        {"key": t("batch.meta.generated", lang), "value": meta.get("generated")},
        {"key": t("batch.meta.source", lang), "value": meta.get("source")},
        {"key": t("batch.meta.plans", lang), "value": len(data.entries)},
        {"key": t("batch.meta.municipalities", lang), "value": counts["received"]},
    ]
    for status in ("approved", "missing", "overdue", "not-received"):
        rows.append({"key": status_label(status, lang), "value": counts[status]})
    if meta.get("duration_seconds") is not None:
        rows.append({"key": t("batch.meta.duration", lang), "value": meta["duration_seconds"]})
    return _frame(rows, ("key", "value"))


def _status_counts(data: DashboardData) -> dict[str, int]:
    current = current_entries(data.entries)
    counts = dict.fromkeys(("approved", "missing", "overdue", "not-received"), 0)
    for m in all_municipalities():
        e = current.get(m.code)
        counts[plan_status(e.report, data.as_of) if e else "not-received"] += 1
    counts["received"] = len(current)
    return counts


def _inputs(data: DashboardData) -> pd.DataFrame:
    rows = [
        {"file": i.get("file"), "sha256": i.get("sha256"), "kommune": i.get("kommune")}
        for i in data.inputs
    ]
    return _frame(rows, ("file", "sha256", "kommune"))
