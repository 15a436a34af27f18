"""The terminal report: readable Danish by default (English with ``lang="en"``).

Per plan: a title line (municipality and year), the file, rule pack and as-of date; then
per template section, in the template's order, how the section was found (the heading it
matched and the confidence, or that it is missing) and every finding that needs work —
severity, the plain-language message (which says what to do), what was found, the rule ID
(``beredskab rules ID`` explains it; the HTML and Markdown reports carry the explanation
and how to fix it) — followed by the
passed and not-applicable rules as counts; then the plan-wide rules; waivers and waiver
notes; and a summary line with the score and counts.

Colours (via rich) only with ``color=True`` (the CLI passes whether stdout is a
terminal); otherwise plain text without any escape codes, at a fixed width of 100
columns so the output is the same everywhere. Plan text is never read as rich markup.

Plain text is wrapped here as rich wraps it (``rich._wrap.divide_line``) for lines of
ordinary one-cell characters, so a plain report does not import rich at all (start-up
time); a line with anything else (wide or combining characters, control codes, tabs)
is still printed through rich, so the output is the same byte for byte.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from io import StringIO
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from beredskab.formatters._common import (
    SectionGroup,
    format_date,
    group_results,
    match_text,
    outcome_label,
    plan_title,
    quote,
    severity_label,
    summary_line,
    waiver_note_text,
    waiver_text,
)
from beredskab.i18n import resolve_lang, t
from beredskab.results import Report, Result
from beredskab.rulepack import RulePack

if TYPE_CHECKING:
    from rich.console import Console

PLAIN_WIDTH = 100
EVIDENCE_LIMIT = 160

_MARKER = {"error": "✗", "warning": "!", "info": "i"}
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _shorten(text: str, limit: int = EVIDENCE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Text:
    """A line of text: a base style for all of it and appended parts with their own
    styles, as rich's ``Text`` (built from it only when the line goes through rich)."""

    __slots__ = ("parts", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        self.parts: list[tuple[str, str]] = [(text, "")] if text else []

    def append(self, text: str, style: str = "") -> None:
        self.parts.append((text, style))

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts)

    def rich(self) -> Any:
        from rich.text import Text as RichText

        out = RichText(style=self.style)
        for text, style in self.parts:
            out.append(text, style=style or None)
        return out


# One-cell characters that rich neither strips nor treats specially: printable ASCII,
# Latin-1 and Latin Extended (soft hyphen and no-break space left out) and the
# punctuation the reports use. tests/formatters checks each against rich.
_ONE_CELL = frozenset(
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA1, 0x250) if c != 0xAD]
    + list("–—‘’‚“”„†‡•…‰‹›€™✓✗")
)
_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap.re_word


def _wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells as rich breaks it
    (``divide_line`` with folding; every character is one cell wide)."""
    breaks: list[int] = []
    offset = 0
    for m in _WORD.finditer(text):
        start = m.start()
        word = m.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:  # fold a word longer than a line
            chunks = [word[i : i + width] for i in range(0, len(word), width)]
            for k, chunk in enumerate(chunks):
                if start:
                    breaks.append(start)
                if k == len(chunks) - 1:
                    offset = len(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    bounds = [0, *breaks, len(text)]
    return [text[a:b] for a, b in pairwise(bounds)]


class _Writer:
    """Prints indented, wrapped lines (markup and highlighting off): plain lines of
    one-cell characters directly, everything else through a rich console."""

    def __init__(self, width: int, color: bool) -> None:
        self.width = width
        self.color = color
        self.chunks: list[str] = []
        self._console: Console | None = None
        self._buffer = StringIO()

    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                file=self._buffer,
                width=self.width,
                force_terminal=self.color,
                color_system="standard" if self.color else None,
                no_color=not self.color,
                highlight=False,
                markup=False,
                emoji=False,
                legacy_windows=False,
            )
        return self._console

    def line(self, text: Text | str = "", indent: int = 0) -> None:
        plain = text.plain if isinstance(text, Text) else text
        if not self.color and _ONE_CELL.issuperset(plain):
            pad = " " * indent
            for part in _wrap(plain, self.width - indent if indent else self.width):
                self.chunks.append(pad + part + "\n")
            return
        from rich.padding import Padding
        from rich.text import Text as RichText

        body = text.rich() if isinstance(text, Text) else RichText(text)
        console = self.console()
        if indent:
            console.print(Padding(body, (0, 0, 0, indent), expand=False))
        else:
            console.print(body)
        self.chunks.append(self._buffer.getvalue())
        self._buffer.seek(0)
        self._buffer.truncate()

    def getvalue(self) -> str:
        return "".join(self.chunks)


def _problem(out: _Writer, result: Result, pack: RulePack | None, lang: str) -> None:
    if result.outcome == "error":
        marker, label, style = "?", outcome_label(result, lang), "magenta"
    else:
        marker = _MARKER.get(result.severity, "!")
        label = severity_label(result.severity, lang)
        style = _STYLE.get(result.severity, "")
    head = Text()
    head.append(f"{marker} {label}", style=style)
    head.append(f"  [{result.rule}]", style="dim")
    out.line(head, 2)
    out.line(result.text(lang), 4)
    if result.evidence:
        evidence = Text()
        evidence.append(f"{t('report.label.evidence', lang)}: ", style="dim")
        evidence.append(quote(_shorten(result.evidence), lang))
        out.line(evidence, 4)


def _waived(out: _Writer, result: Result, lang: str) -> None:
    head = Text()
    head.append(f"~ {outcome_label(result, lang)}", style="blue")
    head.append(f"  [{result.rule}]", style="dim")
    out.line(head, 2)
    out.line(result.text(lang), 4)
    if result.waiver is not None:
        out.line(Text(waiver_text(result.waiver, lang), style="blue"), 4)


def _group(out: _Writer, group: SectionGroup, pack: RulePack | None, lang: str) -> None:
    title = Text(group.label, style="bold")
    found = match_text(group.match, lang, group.label)
    if found:
        style = "green" if group.match is not None and group.match.found else "red"
        title.append(" — ")
        title.append(found, style=style)
    out.line(title)
    for result in group.problems:
        _problem(out, result, pack, lang)
    for result in group.waived:
        _waived(out, result, lang)
    counts: list[str] = []
    if group.passed:
        counts.append(
            t("report.passed-one", lang)
            if len(group.passed) == 1
            else t("report.passed-count", lang, count=len(group.passed))
        )
    if group.not_applicable:
        counts.append(
            t("report.na-one", lang)
            if len(group.not_applicable) == 1
            else t("report.na-count", lang, count=len(group.not_applicable))
        )
    if counts:
        out.line(Text("✓ " + ", ".join(counts), style="green"), 2)
    out.line()


def _report(out: _Writer, report: Report, pack: RulePack | None, lang: str) -> None:
    out.line(Text(plan_title(report, lang), style="bold underline"))
    meta = [f"{t('report.label.file', lang)}: {report.file}"]
    if report.rule_pack:
        meta.append(f"{t('report.label.rule-pack', lang)}: {report.rule_pack}")
    meta.append(f"{t('report.label.as-of', lang)} {format_date(report.as_of, lang)}")
    out.line(Text(" · ".join(meta), style="dim"))
    out.line()
    for group in group_results(report, pack, lang):
        _group(out, group, pack, lang)
    if report.waiver_notes:
        out.line(Text(t("report.waivers", lang), style="bold"))
        for note in report.waiver_notes:
            out.line(Text("! " + waiver_note_text(note, lang), style="yellow"), 2)
        out.line()
    if report.unmatched_sections:
        out.line(Text(t("report.unmatched", lang), style="bold"))
        for heading in report.unmatched_sections:
            out.line(f"- {heading}", 2)
        out.line()
    summary = report.summary
    style = "bold red" if summary.error_failures else "bold green"
    out.line(Text(summary_line(report, lang), style=style))
    if summary.error_failures:
        out.line(t("report.must-fix-count", lang, count=summary.error_failures))
    if summary.failed or summary.errors:
        out.line(Text(t("report.rules.hint", lang), style="dim"))


def render(
    reports: Sequence[Report],
    *,
    lang: str,
    pack: RulePack | None = None,
    color: bool = False,
    fmt: str = "text",
) -> str:
    """The terminal report of every plan, separated by a blank line."""
    language = resolve_lang(lang)
    width = shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns if color else PLAIN_WIDTH
    out = _Writer(width, color)
    if not reports:
        out.line(t("report.no-reports", language))
    for index, report in enumerate(reports):
        if index:
            out.line()
        _report(out, report, pack, language)
    text = out.getvalue()
    if not color:
        text = "\n".join(line.rstrip() for line in text.splitlines())
    return text.rstrip("\n")
