"""Re-evaluating stored versions with a (new) rule pack, without the original files.

Every version's file bytes are kept in the database (``blobs``), so ``recheck`` writes
each to a private temporary folder, runs the pipeline on it (``analyse_path``) and adds
the results as a new evaluation keyed by the pack label. Earlier results stay; a
recheck that yields the very same results for the same pack adds nothing.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beredskab.errors import DocumentError

if TYPE_CHECKING:
    from beredskab.history.db import HistoryDB, VersionInfo
    from beredskab.results import Report
    from beredskab.rulepack import RulePack

WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")


@dataclass(frozen=True, slots=True)
class RecheckOutcome:
    """One stored version checked again: the version, the pack and whether results were added."""

    version: VersionInfo
    pack_label: str
    added: bool
    """False when the same results were already stored for this pack."""
    score: float | None
    error: str | None = None
    """Why the stored file could not be read (a DOC001 result is stored then)."""


Analyser = Callable[..., Any]


def _temp_name(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower()
    return "plan" + (suffix if suffix in WORD_SUFFIXES else ".docx")


def recheck(
    db: HistoryDB,
    *,
    pack: RulePack | None = None,
    as_of: date | None = None,
    kommune: str | None = None,
    analyse: Analyser | None = None,
) -> list[RecheckOutcome]:
    """Re-evaluate every stored version (of ``kommune``, when given)."""
    from beredskab import pipeline

    run = analyse or pipeline.analyse_path
    outcomes: list[RecheckOutcome] = []
    with tempfile.TemporaryDirectory(prefix="beredskab-recheck-") as tmp:
        for info in db.versions(kommune):
            path = Path(tmp) / _temp_name(info.file_name)
            path.write_bytes(db.blob(info.sha256))
            error: str | None = None
            try:
                report: Report = run(path, pack=pack, as_of=as_of).report
            except DocumentError as exc:
                error = exc.message()
                report = pipeline.unreadable_report(path, exc, pack=pack, as_of=as_of)
            report = dataclasses.replace(report, file=info.file_name, sha256=info.sha256)
            added = db.record_results(info.id, report, source="recheck")
            outcomes.append(
                RecheckOutcome(info, report.rule_pack, added, report.summary.score, error)
            )
            path.unlink()
    return outcomes
