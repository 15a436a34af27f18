"""``beredskab check PLAN...``: check one or more plans and report the findings.

Every plan is read, matched to the template and checked against the rule pack
(``--rules PACK`` replaces the default ``rules/cde-2024``); the reports are printed in
the chosen format (``text`` by default, Danish unless ``--lang en``) on stdout or in
``--output FILE``. ``--as-of DATE`` is the day the revision rules count from,
``--select``/``--ignore`` take rule IDs or prefixes (``INT``, ``INT00``, ``DOC002``),
``--waivers FILE`` marks accepted deviations, ``--annotate OUT.docx`` writes a copy of
the (single) plan with the findings as Word comments.

Exit codes (spec/report.md): 0 no ``error``-severity failure, 1 at least one, 2 a plan
could not be read or the command was used wrongly — always with a clear message on
stderr, never a traceback. An unreadable plan among several still gets its report
(one DOC001 ``error``), and the other plans are checked.

Only what ``check`` needs is imported: no pandas, openpyxl or web framework.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import click

# What every check needs is imported here, with the module: the command line imports a
# command's module with the garbage collector paused (see beredskab.console).
import beredskab.checks.registry
import beredskab.reader  # noqa: F401
from beredskab.cli.common import fail, handle_errors, lang_option
from beredskab.cli.options import iso_date
from beredskab.engine import unknown_selectors
from beredskab.errors import DocumentError, UsageError
from beredskab.i18n import resolve_lang, t
from beredskab.pipeline import analyse_path, unreadable_report
from beredskab.results import Report
from beredskab.rulepack import RulePack, load_pack

FORMATS = ("text", "json", "jsonl", "sarif", "html", "md")


def parse_date(value: str | None) -> date | None:
    """``YYYY-MM-DD`` (or None); a ``UsageError`` with a Danish message otherwise."""
    return iso_date(value, "check.cli.bad-date")


def split_ids(values: Sequence[str]) -> list[str]:
    """``--select INT,DOC002 --select KOM`` → ``["INT", "DOC002", "KOM"]``."""
    return [part.strip().upper() for v in values for part in v.split(",") if part.strip()]


def exit_code(reports: Sequence[Report], unreadable: int) -> int:
    """2 when a plan could not be read; else 1 when an ``error``-severity rule failed."""
    if unreadable:
        return 2
    return 1 if any(r.summary.error_failures for r in reports) else 0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _render(reports: list[Report], fmt: str, lang: str, pack: RulePack, color: bool) -> str:
    from beredskab.formatters import get_formatter

    try:
        render = get_formatter(fmt)
    except (KeyError, ModuleNotFoundError):
        raise UsageError("check.cli.format-missing", format=fmt) from None
    return render(reports, lang=lang, pack=pack, color=color, fmt=fmt)


def _use_color(output: Path | None, fmt: str) -> bool:
    if output is not None or fmt != "text" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.command(name="check")
@click.argument("plans", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Outputformat / output format.",
)
@lang_option
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="DATE",
    help="Dato for revisionsreglerne (ÅÅÅÅ-MM-DD; standard i dag) / as-of date.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="IDS",
    help="Kun disse regler (ID'er eller præfikser, kommasepareret) / only these rules.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="IDS",
    help="Spring disse regler over (ID'er eller præfikser) / skip these rules.",
)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path),
    default=None,
    metavar="PACK",
    help="Brug en anden regelpakke (mappe) / use another rule pack (folder).",
)
@click.option(
    "--waivers",
    "waivers_path",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FILE",
    help="Fil med godkendte undtagelser / file of accepted waivers.",
)
@click.option(
    "--annotate",
    "annotate_path",
    type=click.Path(path_type=Path),
    default=None,
    metavar="OUT.docx",
    help="Gem en kopi af planen med kommentarer / save a copy with comments.",
)
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FILE",
    help="Skriv rapporten til en fil / write the report to a file.",
)
@handle_errors
def check(
    plans: tuple[Path, ...],
    fmt: str,
    lang: str | None,
    as_of: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules_path: Path | None,
    waivers_path: Path | None,
    annotate_path: Path | None,
    output: Path | None,
) -> None:
    """Tjek planer mod skabelonens regler / check plans against the template's rules."""
    chosen = resolve_lang(lang)
    if not plans:
        raise UsageError("check.cli.no-plans")
    day = parse_date(as_of) or date.today()
    if annotate_path is not None and len(plans) != 1:
        raise UsageError("check.cli.annotate-one")
    for target in (output, annotate_path):
        if target is not None and any(_same_file(target, p) for p in plans):
            raise UsageError("check.cli.output-over-input", file=str(target))
    pack = load_pack(rules_path)
    selected, ignored = split_ids(select), split_ids(ignore)
    for selector in unknown_selectors(pack, selected + ignored):
        raise UsageError("check.cli.unknown-rule", pack=pack.label, selector=selector)
    waivers = None
    if waivers_path is not None:
        from beredskab.waivers import load_waivers

        waivers = load_waivers(waivers_path)

    reports: list[Report] = []
    unreadable = 0
    for plan in plans:
        try:
            analysis = analyse_path(plan, pack=pack, as_of=day, select=selected, ignore=ignored)
        except DocumentError as exc:
            unreadable += 1
            click.echo(
                t("check.cli.unreadable", chosen, file=str(plan), reason=exc.message(chosen)),
                err=True,
            )
            reports.append(unreadable_report(plan, exc, pack=pack, as_of=day))
            continue
        report = analysis.report
        if waivers is not None:
            from beredskab.waivers import apply_waivers

            report = apply_waivers(report, waivers, day)
        reports.append(report)
        if annotate_path is not None:
            from beredskab.annotate import annotate_docx

            annotate_docx(plan, annotate_path, report, lang=chosen, pack=pack)
            click.echo(t("check.cli.annotated", chosen, file=str(annotate_path)), err=True)

    text = _render(reports, fmt, chosen, pack, _use_color(output, fmt))
    if output is not None:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            fail(f"{t('cli.error-prefix', chosen)}: {output}: {exc.strerror or exc}")
        click.echo(t("check.cli.written", chosen, file=str(output)), err=True)
    else:
        click.echo(text)
    sys.exit(exit_code(reports, unreadable))
