"""Run the checker over many plans in parallel, safely: ``run_batch``.

The plans are checked in a ``ProcessPoolExecutor`` (``workers`` processes, default one
per core). The parent keeps at most one plan per worker in flight, so the moment a plan
is handed out is (within milliseconds) the moment a worker starts on it, and the parent
can hold every plan to its time limit:

* a plan that takes longer than ``timeout`` seconds is stopped inside the worker (a
  timer signal) and gets a DOC001 ``error`` row (reason: timeout);
* a worker that does not come back ``grace`` seconds after that (stuck where the signal
  cannot reach, e.g. inside C code) is killed: the pool is replaced, the stuck plan gets
  its DOC001 timeout row and the other plans in flight are handed out again;
* a worker that dies (a crash, the kernel's out-of-memory killer) breaks the pool, and
  the executor cannot say which plan did it: the pool is replaced and each plan that was
  in flight is tried again *alone* (no other plan in flight); a plan that breaks the
  pool running alone gets a DOC001 ``error`` row, the innocent ones just finish.

Everything that touches shared state happens in the parent: recording in the history
(one transaction per plan), the progress display, and the run's tables. Workers write
only their own plan's files, under names the parent chose (unique and safe).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beredskab.batch.inputs import PlanInput
from beredskab.batch.names import plan_stem, unique_names
from beredskab.batch.progress import Progress, make_progress
from beredskab.batch.worker import (
    Analyser,
    Task,
    TaskResult,
    WorkerConfig,
    WorkerDied,
    error_report,
    init_worker,
    run_task,
    timeout_error,
    write_plan_files,
)
from beredskab.errors import BeredskabError, UsageError
from beredskab.i18n import LANGS, t
from beredskab.reference import find_municipality
from beredskab.results import Report

if TYPE_CHECKING:
    from beredskab.history import HistoryDB

PLANS_DIR = "plans"
DEFAULT_TIMEOUT = 60.0
MAX_ATTEMPTS = 2


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How a batch runs: where it writes, how many workers, the time allowed per plan."""

    out: Path
    workers: int | None = None
    """Worker processes (default: the machine's cores)."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds one plan may take (0: no limit)."""
    as_of: date | None = None
    rules: Path | None = None
    waivers: Path | None = None
    lang: str = "da"
    annotate: bool = False
    record: bool = False
    db_path: Path | None = None
    dashboard: bool = True
    progress: str = "auto"
    """auto (a bar on a terminal, log lines otherwise), bar, log or none."""
    grace: float | None = None
    """Extra seconds before a worker past its time limit is killed (default: the
    limit itself, at least 2 s)."""


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    """One input file's outcome in the run."""

    input: PlanInput
    name: str
    report: Report
    seconds: float
    error_code: str | None = None
    outputs: tuple[str, ...] = ()
    notes: tuple[dict[str, str], ...] = ()
    kommunekode: str | None = None
    """The municipality the plan counts for (manifest, else the plan's own)."""
    recorded: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class BatchRun:
    """A finished batch: every plan's outcome, the as-of date and the rule pack."""

    out: Path
    outcomes: tuple[PlanOutcome, ...]
    as_of: date
    pack_label: str
    seconds: float
    workers: int
    files: dict[str, str] = field(default_factory=dict)
    """Run-level files written (results_csv, results_parquet, dashboard, run_json)."""
    check_seconds: float = 0.0
    """Time spent checking the plans and writing their files (the parallel part)."""

    @property
    def unreadable(self) -> int:
        return sum(1 for o in self.outcomes if o.error_code is not None)


@dataclass(slots=True)
class _Flight:
    """A plan being checked by a worker: the task, when it started and which attempt."""

    task: Task
    started: float
    attempt: int


def run_batch(
    inputs: Sequence[PlanInput],
    options: BatchOptions,
    *,
    analyse: Analyser | None = None,
    progress: Progress | None = None,
) -> BatchRun:
    """Check every input, write every plan's files and the run's tables and workbook."""
    from beredskab.rulepack import load_pack

    started = time.perf_counter()
    if not inputs:
        raise UsageError("batch.no-inputs")
    pack = load_pack(options.rules)
    waivers = None
    if options.waivers is not None:
        from beredskab.waivers import load_waivers

        waivers = load_waivers(options.waivers)
    as_of = options.as_of or date.today()
    out = _prepare_out(options.out, inputs)
    plans_dir = out / PLANS_DIR
    plans_dir.mkdir(parents=True, exist_ok=True)
    names = unique_names([plan_stem(i.path.name, i.kommunekode) for i in inputs])
    config = WorkerConfig(
        pack=pack,
        as_of=as_of,
        lang=options.lang,
        plans_dir=plans_dir.resolve(),
        timeout=options.timeout,
        annotate=options.annotate,
        keep_analysis=options.record,
        waivers=waivers,
        analyse=analyse,
    )
    tasks = [
        Task(i, str(inp.path), name)
        for i, (inp, name) in enumerate(zip(inputs, names, strict=True))
    ]
    workers = max(1, min(options.workers or os.cpu_count() or 1, len(tasks)))
    shown = progress or make_progress(options.progress, options.lang)
    db = _open_db(options) if options.record else None
    outcomes: dict[int, PlanOutcome] = {}

    def finish(result: TaskResult) -> None:
        outcome = _outcome(inputs[result.index], names[result.index], result, options.lang)
        if db is not None and result.analysis is not None:
            outcome = _record(db, outcome, result)
        outcomes[result.index] = outcome
        shown.advance(outcome)

    checking = time.perf_counter()
    try:
        shown.start(len(tasks), workers)
        _pool_loop(tasks, config, workers, options, finish)
    finally:
        shown.close()
        if db is not None:
            db.close()
    ordered = tuple(outcomes[i] for i in range(len(tasks)))
    run = BatchRun(
        out=out,
        outcomes=ordered,
        as_of=as_of,
        pack_label=pack.label,
        seconds=0.0,
        workers=workers,
        check_seconds=round(time.perf_counter() - checking, 3),
    )
    from beredskab.batch.outputs import write_run_outputs

    files = write_run_outputs(run, pack, options, started)
    return BatchRun(
        out=out,
        outcomes=ordered,
        as_of=as_of,
        pack_label=pack.label,
        seconds=round(time.perf_counter() - started, 3),
        workers=workers,
        files=files,
        check_seconds=run.check_seconds,
    )


def _prepare_out(out: Path, inputs: Sequence[PlanInput]) -> Path:
    if out.exists() and not out.is_dir():
        raise UsageError("batch.out-not-folder", file=str(out))
    resolved = out.resolve()
    for inp in inputs:
        if inp.path.exists() and inp.path.resolve().parent == resolved / PLANS_DIR:
            raise UsageError("batch.out-over-input", file=str(inp.path))
    out.mkdir(parents=True, exist_ok=True)
    return out


def _open_db(options: BatchOptions) -> HistoryDB:
    from beredskab.history import open_db

    return open_db(options.db_path)


# --- the pool ------------------------------------------------------------------------------


def _context() -> Any:
    """Fork where the platform has it: workers start in milliseconds and inherit the
    loaded rule pack and any injected checker; elsewhere the platform's default."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _new_pool(config: WorkerConfig, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=init_worker, initargs=(config,)
    )


def _kill_pool(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes (a worker stuck past its time limit cannot be
    stopped otherwise: the executor has no per-task cancel once a task runs)."""
    processes = dict(getattr(pool, "_processes", None) or {})
    for process in processes.values():
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes.values():
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=5)


def _pool_loop(
    tasks: Sequence[Task],
    config: WorkerConfig,
    workers: int,
    options: BatchOptions,
    finish: Callable[[TaskResult], None],
) -> None:
    limit = options.timeout if options.timeout > 0 else None
    grace = options.grace if options.grace is not None else max(2.0, options.timeout)
    queue: deque[tuple[Task, int]] = deque((task, 1) for task in tasks)
    flights: dict[Future[TaskResult], _Flight] = {}
    pool = _new_pool(config, workers)
    warmed = False
    try:
        while queue or flights:
            while queue and len(flights) < workers:
                task, attempt = queue[0]
                if attempt > 1 and flights:
                    break  # a plan that was in flight when a worker died runs alone
                queue.popleft()
                future = pool.submit(run_task, task)
                flights[future] = _Flight(task, time.monotonic(), attempt)
                if attempt > 1:
                    break
            if not warmed:
                # The workers exist now (forked without pandas, so they stay small); the
                # idle parent imports what the run's tables and workbook need meanwhile.
                threading.Thread(target=_preload, name="preload", daemon=True).start()
                warmed = True
            done, _ = wait(list(flights), timeout=0.25, return_when=FIRST_COMPLETED)
            broken: list[_Flight] = []
            for future in done:
                flight = flights.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken.append(flight)
                    continue
                except Exception as exc:  # e.g. a result that cannot be pickled
                    result = _failed(flight.task, config, exc)
                finish(result)
            if broken:
                # The pool is unusable: every plan still in flight goes round again.
                broken.extend(flights.values())
                flights.clear()
                _kill_pool(pool)
                pool = _new_pool(config, workers)
                for flight in reversed(broken):
                    if flight.attempt >= MAX_ATTEMPTS:  # it broke a pool running alone
                        finish(_died(flight.task, config))
                    else:
                        queue.appendleft((flight.task, flight.attempt + 1))
                continue
            if limit is None:
                continue
            now = time.monotonic()
            stuck = [f for f in flights.values() if now - f.started > limit + grace]
            if stuck:
                others = [f for f in flights.values() if f not in stuck]
                flights.clear()
                _kill_pool(pool)
                pool = _new_pool(config, workers)
                for flight in stuck:
                    finish(_timed_out(flight.task, config, now - flight.started))
                for flight in reversed(others):
                    queue.appendleft((flight.task, flight.attempt))
    finally:
        if flights:
            _kill_pool(pool)
        else:
            pool.shutdown(wait=True)


def _preload() -> None:
    try:
        import openpyxl  # noqa: F401
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:  # pragma: no cover - the run imports them again and says so
        pass


def _parent_result(task: Task, config: WorkerConfig, error: Any, seconds: float) -> TaskResult:
    report = error_report(task.path, error, config)
    outputs, notes = write_plan_files(report, task.name, config, source=None)
    return TaskResult(
        index=task.index,
        report=report,
        seconds=seconds,
        error_code=error.code,
        outputs=outputs,
        notes=notes,
    )


def _timed_out(task: Task, config: WorkerConfig, seconds: float) -> TaskResult:
    return _parent_result(task, config, timeout_error(task.path, config.timeout), seconds)


def _died(task: Task, config: WorkerConfig) -> TaskResult:
    return _parent_result(task, config, WorkerDied(file=Path(task.path).name), 0.0)


def _failed(task: Task, config: WorkerConfig, exc: BaseException) -> TaskResult:
    from beredskab.batch.worker import CheckCrashed

    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    return _parent_result(task, config, CheckCrashed(file=Path(task.path).name, detail=detail), 0.0)


# --- per-plan bookkeeping in the parent ------------------------------------------------------


def municipality_notes(report: Report, inp: PlanInput) -> tuple[dict[str, str], ...]:
    """Notes when the manifest and the plan disagree on the municipality, or when
    neither names one (the plan then counts for no municipality)."""
    if report.results and all(r.rule == "DOC001" for r in report.results):
        return ()  # an unreadable plan names nothing; DOC001 says why
    named = report.plan.kommunekode or (
        m.code
        if report.plan.municipality and (m := find_municipality(report.plan.municipality))
        else None
    )
    if inp.kommunekode and named and named != inp.kommunekode:
        manifest = find_municipality(inp.kommunekode)
        plan = find_municipality(named)
        params = {
            "manifest": manifest.official_name if manifest else inp.kommunekode,
            "plan": plan.official_name if plan else named,
        }
        return ({lang: t("batch.note.kommune-mismatch", lang, **params) for lang in LANGS},)
    if not inp.kommunekode and not named:
        return ({lang: t("batch.note.no-kommune", lang) for lang in LANGS},)
    return ()


def _outcome(inp: PlanInput, name: str, result: TaskResult, lang: str) -> PlanOutcome:
    from beredskab.dashboard.model import owner_code

    notes = municipality_notes(result.report, inp) + result.notes
    return PlanOutcome(
        input=inp,
        name=name,
        report=result.report,
        seconds=round(result.seconds, 3),
        error_code=result.error_code,
        outputs=result.outputs,
        notes=notes,
        kommunekode=owner_code(result.report, inp.kommunekode),
    )


def _record(db: HistoryDB, outcome: PlanOutcome, result: TaskResult) -> PlanOutcome:
    from dataclasses import replace

    assert result.analysis is not None
    inp = outcome.input
    try:
        recorded = db.record(
            result.analysis,
            file=inp.path,
            kommune=inp.kommunekode,
            received=inp.received,
            source="batch",
        )
    except BeredskabError as exc:
        note = {
            lang: t("batch.note.not-recorded", lang, reason=exc.message(lang)) for lang in LANGS
        }
        return replace(outcome, notes=(*outcome.notes, note))
    except (sqlite3.Error, OSError) as exc:  # a locked or full database: note it, go on
        detail = " ".join(str(exc).split()) or type(exc).__name__
        note = {lang: t("batch.note.not-recorded", lang, reason=detail) for lang in LANGS}
        return replace(outcome, notes=(*outcome.notes, note))
    info = {
        "kommune": recorded.kommune,
        "version": recorded.version,
        "created": recorded.created,
        "results_added": recorded.results_added,
    }
    return replace(outcome, recorded=info)
