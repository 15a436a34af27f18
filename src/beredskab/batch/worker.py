"""What one worker process does with one plan: check it and write its files.

The parent process starts the workers with ``init_worker(config)`` (the rule pack,
waivers, as-of date … once per worker) and sends each a ``Task``. ``run_task``:

1. checks the plan (``beredskab.pipeline.analyse_path``) under a per-file time limit: a
   ``SIGALRM`` timer raises ``FileTimeout`` in the worker when the limit passes (the
   parent also watches the clock and replaces a worker that does not come back, e.g.
   one stuck inside C code where the signal cannot interrupt);
2. turns a ``DocumentError`` (or the time limit) into the report with one DOC001 error
   result (``unreadable_report``); an unexpected exception inside the checker becomes a
   DOC001 error too, so one broken file never stops the run;
3. applies the waivers, writes ``<name>.json`` (the report contract) and ``<name>.html``
   and, when asked, the annotated copy ``<name>.annoteret.docx``;
4. returns a ``TaskResult`` (the report; the whole ``Analysis`` only when the parent
   records the plan in the history, which needs the tree and the matching).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beredskab.errors import BeredskabError, DocumentError
from beredskab.i18n import LANGS, t
from beredskab.results import Report

if TYPE_CHECKING:
    from beredskab.pipeline import Analysis
    from beredskab.rulepack import RulePack
    from beredskab.waivers import WaiverSet

JSON_SUFFIX = ".json"
HTML_SUFFIX = ".html"
ANNOTATED_SUFFIX = ".annoteret.docx"

Analyser = Callable[..., "Analysis"]


class FileTimeout(BaseException):
    """The per-file time limit passed. A BaseException so that no ``except Exception``
    inside the checker (the rule engine keeps going when one rule raises) swallows it."""


class CheckCrashed(DocumentError):
    """The checker raised an unexpected exception on this file (a bug, not the file's
    fault); reported as DOC001 ``error`` so the run goes on."""

    def __init__(self, **params: Any) -> None:
        BeredskabError.__init__(self, "batch.file-crashed", **params)
        self.code = "internal"


class WorkerDied(DocumentError):
    """The worker process checking this file died twice (e.g. killed for memory)."""

    def __init__(self, **params: Any) -> None:
        BeredskabError.__init__(self, "batch.worker-died", **params)
        self.code = "worker-died"


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What every worker process needs: the rule pack, the date, the language, the folders."""

    pack: RulePack
    as_of: date
    lang: str
    plans_dir: Path
    """Where each plan's files are written (absolute)."""
    timeout: float
    """Seconds one plan may take; 0 or less: no limit."""
    annotate: bool = False
    keep_analysis: bool = False
    """Return the whole ``Analysis`` (for recording in the history)."""
    waivers: WaiverSet | None = None
    analyse: Analyser | None = None
    """The checker (default ``beredskab.pipeline.analyse_path``; tests inject others)."""


@dataclass(frozen=True, slots=True)
class Task:
    """One plan for a worker to check."""

    index: int
    path: str
    name: str
    """The stem of the plan's output files (see ``beredskab.batch.names``)."""


@dataclass(frozen=True, slots=True)
class TaskResult:
    """A worker's answer for one plan: the report, the time taken, an error code."""

    index: int
    report: Report
    seconds: float
    error_code: str | None = None
    """The DocumentError code when the plan could not be read (DOC001), else None."""
    outputs: tuple[str, ...] = ()
    """File names written into the plans folder."""
    notes: tuple[dict[str, str], ...] = ()
    analysis: Analysis | None = None


_CONFIG: WorkerConfig | None = None


def init_worker(config: WorkerConfig) -> None:
    """Pool initialiser: keep the configuration for every task of this worker."""
    global _CONFIG
    _CONFIG = config
    # The parent handles Ctrl-C; a worker interrupted mid-plan would only print noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _on_alarm(signum: int, frame: Any) -> None:
    raise FileTimeout


def run_task(task: Task) -> TaskResult:
    """Check one plan and write its files (see the module docstring)."""
    config = _CONFIG
    if config is None:  # pragma: no cover - the pool always runs init_worker first
        raise RuntimeError("init_worker was not called")
    return check_one(task, config)


def check_one(task: Task, config: WorkerConfig) -> TaskResult:
    """``run_task`` with an explicit configuration (also used in-process by tests)."""
    started = time.perf_counter()
    analysis, error = _analyse(task, config)
    seconds = time.perf_counter() - started
    if analysis is not None:
        report = analysis.report
        if config.waivers is not None:
            from beredskab.waivers import apply_waivers

            report = apply_waivers(report, config.waivers, config.as_of)
            analysis = replace(analysis, report=report)
    else:
        assert error is not None
        report = error_report(task.path, error, config)
    outputs, notes = write_plan_files(
        report, task.name, config, source=Path(task.path) if analysis is not None else None
    )
    return TaskResult(
        index=task.index,
        report=report,
        seconds=seconds,
        error_code=error.code if error is not None else None,
        outputs=outputs,
        notes=notes,
        analysis=analysis if config.keep_analysis else None,
    )


def _analyse(task: Task, config: WorkerConfig) -> tuple[Analysis | None, DocumentError | None]:
    analyse = config.analyse
    if analyse is None:
        from beredskab.pipeline import analyse_path

        analyse = analyse_path
    timed = config.timeout > 0 and hasattr(signal, "setitimer")
    previous = signal.signal(signal.SIGALRM, _on_alarm) if timed else None
    try:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, config.timeout)
        try:
            return analyse(task.path, pack=config.pack, as_of=config.as_of), None
        finally:
            if timed:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except FileTimeout:
        return None, timeout_error(task.path, config.timeout)
    except DocumentError as exc:
        return None, exc
    except Exception as exc:  # one broken file never stops the run
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        return None, CheckCrashed(file=Path(task.path).name, detail=detail)
    finally:
        if previous is not None:
            signal.signal(signal.SIGALRM, previous)


def timeout_error(path: str, seconds: float) -> DocumentError:
    shown = f"{seconds:g}"
    return DocumentError("timeout", file=Path(path).name, seconds=shown)


def error_report(path: str, error: DocumentError, config: WorkerConfig) -> Report:
    """The DOC001 report for a file that could not be checked."""
    from beredskab.pipeline import unreadable_report

    return unreadable_report(path, error, pack=config.pack, as_of=config.as_of)


def write_plan_files(
    report: Report, name: str, config: WorkerConfig, *, source: Path | None
) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    """Write the plan's JSON and HTML (and the annotated copy when asked and ``source``
    is a readable plan). Returns the file names written and notes (both languages)."""
    from beredskab.formatters import get_formatter
    from beredskab.formatters.json_format import dumps, report_to_dict

    folder = config.plans_dir
    written: list[str] = []
    notes: list[dict[str, str]] = []
    # The report contract, compact: json's C encoder is ~10x faster than its indenting one.
    data = dumps(report_to_dict(report, config.lang), compact=True)
    (folder / f"{name}{JSON_SUFFIX}").write_text(data + "\n", encoding="utf-8")
    html = get_formatter("html")([report], lang=config.lang, pack=config.pack)
    (folder / f"{name}{HTML_SUFFIX}").write_text(html + "\n", encoding="utf-8")
    written += [f"{name}{JSON_SUFFIX}", f"{name}{HTML_SUFFIX}"]
    if config.annotate and source is not None:
        from beredskab.annotate import annotate_docx

        target = folder / f"{name}{ANNOTATED_SUFFIX}"
        try:
            annotate_docx(source, target, report, lang=config.lang, pack=config.pack)
            written.append(target.name)
        except BeredskabError as exc:
            notes.append(
                {
                    lang: t("batch.note.annotate-failed", lang, reason=exc.message(lang))
                    for lang in LANGS
                }
            )
    return tuple(written), tuple(notes)
