"""Batch runs over the whole country (issue 8): many plans in parallel, one overview.

Public API (the ``beredskab batch`` command calls these):

- ``collect_inputs(paths) -> list[PlanInput]``: files, folders (recursive) and manifest
  CSV files (``kommune, kommunekode, file, received, version``);
- ``run_batch(inputs, BatchOptions(out=…), analyse=None, progress=None) -> BatchRun``:
  checks every plan in worker processes with a per-file time limit, writes each plan's
  JSON and HTML report (and annotated copy) under ``OUT/plans/``, records the plans in
  the history when asked, and writes ``results.csv``, ``results.parquet``,
  ``dashboard.xlsx`` and ``run.json`` into ``OUT``;
- ``safe_name`` / ``plan_stem`` / ``unique_names``: the output file names.

See ``runner`` for how slow, broken and crashing files are kept from stopping a run.
"""

from __future__ import annotations

from beredskab.batch.inputs import PlanInput, collect_inputs, parse_manifest, read_manifest
from beredskab.batch.names import plan_stem, safe_name, unique_names
from beredskab.batch.runner import BatchOptions, BatchRun, PlanOutcome, run_batch

__all__ = [
    "BatchOptions",
    "BatchRun",
    "PlanInput",
    "PlanOutcome",
    "collect_inputs",
    "parse_manifest",
    "plan_stem",
    "read_manifest",
    "run_batch",
    "safe_name",
    "unique_names",
]
