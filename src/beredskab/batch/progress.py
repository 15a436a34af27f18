"""How a batch run shows its progress: a rich bar on a terminal, log lines otherwise.

On a terminal (stderr is a TTY) a ``rich`` progress bar shows the plans done, the files
that could not be read and the time left. Anywhere else (a log file, CI) one plain line
per plan goes to stderr, so the log can be read afterwards:
``[ 12/170] skive-2024.docx: mangler (3 fejl, 1 advarsel) 0,4 s``.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from beredskab.i18n import t

if TYPE_CHECKING:
    from beredskab.batch.runner import PlanOutcome


class Progress(Protocol):
    def start(self, total: int, workers: int) -> None: ...

    def advance(self, outcome: PlanOutcome) -> None: ...

    def close(self) -> None: ...


def _status_word(outcome: PlanOutcome, lang: str) -> str:
    from beredskab.dashboard.model import plan_status

    if outcome.error_code is not None:
        return t("batch.log.unreadable", lang)
    return t(f"batch.status.{plan_status(outcome.report, outcome.report.as_of)}", lang)


class NoProgress:
    def start(self, total: int, workers: int) -> None:
        return None

    def advance(self, outcome: PlanOutcome) -> None:
        return None

    def close(self) -> None:
        return None


class LogProgress:
    """One line per plan on ``stream`` (stderr by default)."""

    def __init__(self, lang: str, stream: TextIO | None = None) -> None:
        self.lang = lang
        self.stream = stream or sys.stderr
        self.total = 0
        self.done = 0
        self.errors = 0
        self.started = 0.0

    def start(self, total: int, workers: int) -> None:
        self.total = total
        self.started = time.perf_counter()
        self._print(t("batch.log.start", self.lang, total=total, workers=workers))

    def advance(self, outcome: PlanOutcome) -> None:
        self.done += 1
        if outcome.error_code is not None:
            self.errors += 1
        summary = outcome.report.summary
        line = t(
            "batch.log.done",
            self.lang,
            n=f"{self.done:>{len(str(self.total))}}",
            total=self.total,
            file=outcome.input.path.name,
            status=_status_word(outcome, self.lang),
            errors=summary.error_failures,
            warnings=summary.warning_failures,
            seconds=_seconds(outcome.seconds, self.lang),
        )
        self._print(line)

    def close(self) -> None:
        if self.total:
            elapsed = time.perf_counter() - self.started
            self._print(
                t(
                    "batch.log.finished",
                    self.lang,
                    done=self.done,
                    errors=self.errors,
                    seconds=_seconds(elapsed, self.lang),
                )
            )

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


def _seconds(value: float, lang: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "da" else text


class BarProgress:
    """A rich progress bar on stderr: plans done, unreadable files, time left."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.errors = 0
        self._progress: Any = None
        self._task: Any = None

    def start(self, total: int, workers: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self._progress = RichProgress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[errors]}"),
            TimeElapsedColumn(),
            TextColumn("·"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(
            t("batch.bar.title", self.lang, workers=workers),
            total=total,
            errors=t("batch.bar.errors", self.lang, errors=0),
        )

    def advance(self, outcome: PlanOutcome) -> None:
        if outcome.error_code is not None:
            self.errors += 1
        self._progress.update(
            self._task,
            advance=1,
            errors=t("batch.bar.errors", self.lang, errors=self.errors),
        )

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def make_progress(mode: str, lang: str) -> Progress:
    """``auto``: a bar when stderr is a terminal, else log lines; ``bar``, ``log``, ``none``."""
    if mode == "none":
        return NoProgress()
    if mode == "bar" or (mode == "auto" and sys.stderr.isatty()):
        return BarProgress(lang)
    return LogProgress(lang)
