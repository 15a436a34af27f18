"""The pipeline in one call: file → reader → tree → matcher → facts → rules → report.

``analyse_path`` keeps every stage's output (the history and the annotator need the
tree and the matching); ``check_path`` returns only the report. An unreadable file
raises ``DocumentError``; ``unreadable_report`` turns that into a report with one
DOC001 ``error`` result, for batch runs where one broken file never stops the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from beredskab.errors import DocumentError
from beredskab.facts import Facts
from beredskab.match import Matching
from beredskab.model import Document
from beredskab.results import Report
from beredskab.rulepack import RulePack
from beredskab.tree import SectionTree


@dataclass(frozen=True, slots=True)
class Analysis:
    document: Document
    tree: SectionTree
    matching: Matching
    facts: Facts
    report: Report


def analyse_path(
    path: str | Path,
    *,
    pack: RulePack | None = None,
    as_of: date | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Analysis:
    """Read and check one plan. ``select``/``ignore`` take rule IDs or prefixes."""
    raise NotImplementedError  # filled in by the checker work


def check_path(
    path: str | Path,
    *,
    pack: RulePack | None = None,
    as_of: date | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Report:
    return analyse_path(path, pack=pack, as_of=as_of, select=select, ignore=ignore).report


def unreadable_report(
    path: str | Path,
    error: DocumentError,
    *,
    pack: RulePack | None = None,
    as_of: date | None = None,
) -> Report:
    """A report with one DOC001 ``error`` result saying why the file could not be read."""
    raise NotImplementedError  # filled in by the checker work
