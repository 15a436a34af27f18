"""The run's own files, written after every plan is checked.

* ``results.csv``: one row per result of every plan (passes too, so pass rates can be
  computed; the columns of ``beredskab.dashboard.frames.RESULT_COLUMNS``). UTF-8 with a
  byte-order mark so Excel reads æ/ø/å; every text cell through
  ``beredskab.excel_safe.csv_text`` (no cell starts with ``= + - @``, tab or CR);
* ``results.parquet``: the same table with its types (for pandas: ``pd.read_parquet``),
  text as it is (Parquet is never evaluated);
* ``run.json``: tool and rule-pack version, as-of date, options, every input file with
  its SHA-256, municipality, status, outputs and notes, the counts and the duration;
* ``dashboard.xlsx``: see ``beredskab.dashboard``; with ``--record`` its Revisioner sheet
  lists every version in the history (``due_rows``), not only this run's plans.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beredskab import __version__
from beredskab.excel_safe import csv_column

if TYPE_CHECKING:
    from beredskab.batch.runner import BatchOptions, BatchRun, PlanOutcome
    from beredskab.dashboard import PlanEntry, RevisionRow
    from beredskab.rulepack import RulePack

RESULTS_CSV = "results.csv"
RESULTS_PARQUET = "results.parquet"
RUN_JSON = "run.json"
DASHBOARD = "dashboard.xlsx"


def entries(run: BatchRun) -> list[PlanEntry]:
    """The dashboard's entries for the run's plans (links relative to the run folder)."""
    from beredskab.batch.runner import PLANS_DIR
    from beredskab.batch.worker import HTML_SUFFIX
    from beredskab.dashboard import PlanEntry

    out = []
    for i, o in enumerate(run.outcomes):
        html = f"{o.name}{HTML_SUFFIX}"
        out.append(
            PlanEntry(
                report=o.report,
                file=o.input.path.name,
                kommunekode=o.kommunekode,
                received=o.input.received,
                version=o.input.version,
                html=f"{PLANS_DIR}/{html}" if html in o.outputs else None,
                notes=o.notes,
                order=i,
            )
        )
    return out


def sha256_of(outcome: PlanOutcome) -> str | None:
    if outcome.report.sha256:
        return outcome.report.sha256
    try:
        digest = hashlib.sha256()
        with outcome.input.path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def write_run_outputs(
    run: BatchRun, pack: RulePack, options: BatchOptions, started: float
) -> dict[str, str]:
    """Write results.csv, results.parquet, dashboard.xlsx and run.json into the run's
    folder; returns their paths by kind."""
    from beredskab.dashboard import DashboardData, results_frame, write_dashboard

    out = run.out
    plan_entries = entries(run)
    hashes = [sha256_of(o) for o in run.outcomes]
    frame = results_frame(plan_entries, run.as_of, options.lang)
    files: dict[str, str] = {}
    files["results_csv"] = str(write_csv(frame, out / RESULTS_CSV))
    parquet = write_parquet(frame, out / RESULTS_PARQUET)
    if parquet is not None:
        files["results_parquet"] = str(parquet)
    generated = datetime.now(UTC).replace(microsecond=0).isoformat()
    if options.dashboard:
        data = DashboardData(
            entries=tuple(plan_entries),
            as_of=run.as_of,
            pack=pack,
            revisions=_history_revisions(options, run),
            meta={
                "tool": "beredskab",
                "tool_version": __version__,
                "rule_pack": pack.label,
                "generated": generated,
                "source": ", ".join(
                    sorted({str(o.input.manifest or o.input.path.parent) for o in run.outcomes})
                ),
                "duration_seconds": round(time.perf_counter() - started, 1),
            },
            inputs=tuple(
                {"file": o.input.display, "sha256": h, "kommune": _name(o.kommunekode)}
                for o, h in zip(run.outcomes, hashes, strict=True)
            ),
        )
        files["dashboard"] = str(write_dashboard(data, out / DASHBOARD, options.lang))
    files["run_json"] = str(out / RUN_JSON)
    doc = run_document(run, pack, options, hashes, files, generated, started)
    _write_text(out / RUN_JSON, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return files


def _history_revisions(options: BatchOptions, run: BatchRun) -> tuple[RevisionRow, ...] | None:
    """With ``--record``, the Revisioner sheet shows every version in the history (also
    those recorded by earlier runs); otherwise None: this run's plans."""
    if not options.record:
        return None
    from beredskab.dashboard.history import revisions_from_history
    from beredskab.history import open_db

    with open_db(options.db_path) as db:
        return revisions_from_history(db, run.as_of)


def _name(code: str | None) -> str | None:
    from beredskab.reference import find_municipality

    m = find_municipality(code) if code else None
    return m.name if m else None


def write_csv(frame: Any, path: Path) -> Path:
    """The frame as CSV (UTF-8 with BOM) with every text cell escaped by
    ``excel_safe.csv_column`` (the vectorised ``csv_text``)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    safe = frame.copy()
    for column in safe.columns:
        if is_object_dtype(safe[column]) or is_string_dtype(safe[column]):
            safe[column] = csv_column(safe[column])
    fd, tmp = tempfile.mkstemp(prefix=".results-", suffix=".csv", dir=path.parent)
    os.close(fd)
    try:
        # RFC 4180 line ends: then a field holding a CR or LF is quoted, never split.
        safe.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_parquet(frame: Any, path: Path) -> Path | None:
    """The frame as Parquet (pyarrow); None when pyarrow is not installed."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return None
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    return path


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def run_document(
    run: BatchRun,
    pack: RulePack,
    options: BatchOptions,
    hashes: Sequence[str | None],
    files: dict[str, str],
    generated: str,
    started: float,
) -> dict[str, Any]:
    """The content of ``run.json``."""
    from beredskab.dashboard.model import all_municipalities, current_entries, plan_status

    plan_entries = entries(run)
    current = current_entries(plan_entries)
    statuses = dict.fromkeys(("approved", "missing", "overdue", "not-received"), 0)
    for m in all_municipalities():
        e = current.get(m.code)
        statuses[plan_status(e.report, run.as_of) if e else "not-received"] += 1
    files_out = []
    for o, h in zip(run.outcomes, hashes, strict=True):
        s = o.report.summary
        files_out.append(
            {
                "file": o.input.display,
                "sha256": h,
                "kommunekode": o.kommunekode,
                "kommune": _name(o.kommunekode),
                "manifest_kommunekode": o.input.kommunekode,
                "plan_kommune": o.report.plan.municipality,
                "received": o.input.received.isoformat() if o.input.received else None,
                "version": o.input.version,
                "status": plan_status(o.report, run.as_of),
                "error": o.error_code,
                "score": s.score,
                "error_failures": s.error_failures,
                "warning_failures": s.warning_failures,
                "seconds": o.seconds,
                "outputs": [f"plans/{name}" for name in o.outputs],
                "notes": list(o.notes),
                "recorded": o.recorded,
            }
        )
    return {
        "tool": {"name": "beredskab", "version": __version__},
        "rule_pack": pack.label,
        "as_of": run.as_of.isoformat(),
        "generated": generated,
        "duration_seconds": round(time.perf_counter() - started, 3),
        "check_seconds": run.check_seconds,
        "workers": run.workers,
        "options": {
            "timeout": options.timeout,
            "annotate": options.annotate,
            "record": options.record,
            "db": str(options.db_path) if options.db_path else None,
            "rules": str(options.rules) if options.rules else None,
            "waivers": str(options.waivers) if options.waivers else None,
            "lang": options.lang,
        },
        "counts": {
            "files": len(run.outcomes),
            "checked": sum(1 for o in run.outcomes if o.error_code is None),
            "unreadable": sum(1 for o in run.outcomes if o.error_code is not None),
            "timeouts": sum(1 for o in run.outcomes if o.error_code == "timeout"),
            "municipalities_received": len(current),
            **{k.replace("-", "_"): v for k, v in statuses.items()},
            "findings": sum(1 for o in run.outcomes for r in o.report.results if r.failed),
        },
        "outputs": {k: os.path.relpath(v, run.out) for k, v in files.items()},
        "files": files_out,
    }
