"""``beredskab batch`` (check many plans at once) and ``beredskab dashboard`` (the Excel
overview again from the revision history).

``beredskab batch INPUT... --out reports/RUN`` checks every plan named by INPUT (files,
folders searched recursively, manifest CSV files) in parallel and writes, per plan, the
JSON and HTML report (with ``--annotate`` also a copy with Word comments) under
``RUN/plans/``, and for the run ``results.csv``, ``results.parquet``, ``dashboard.xlsx``
and ``run.json``. Exit code 0 when the run completed (the findings are in its files,
also when plans fail), 2 when the command was used wrongly.

``beredskab dashboard --db HISTORY --out dashboard.xlsx`` rebuilds the workbook from the
stored reports of every municipality's newest version, without reading the plans again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from beredskab.cli.common import handle_errors, lang_option
from beredskab.cli.options import iso_date
from beredskab.errors import UsageError
from beredskab.i18n import resolve_lang, t


def _date(value: str | None) -> date | None:
    return iso_date(value, "batch.bad-date")


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Mappe til kørslens resultater / folder for the run's results (reports/RUN).",
)
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Antal processer (standard: maskinens kerner) / worker processes (default: cores).",
)
@click.option(
    "--timeout",
    type=float,
    default=60.0,
    show_default=True,
    help="Sekunder pr. fil / seconds allowed per file.",
)
@click.option("--record", is_flag=True, help="Gem planerne i historikken / record in the history.")
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Historik-databasen (med --record) / the history database (with --record).",
)
@click.option(
    "--annotate", is_flag=True, help="Lav en kopi med kommentarer / write annotated copies."
)
@click.option("--as-of", "as_of", default=None, help="Dato for tjekket / check date (YYYY-MM-DD).")
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path, exists=True),
    default=None,
    help="Regelsæt (mappe) / rule pack folder.",
)
@click.option(
    "--waivers",
    "waivers_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Fil med godkendte undtagelser / file of accepted waivers.",
)
@click.option(
    "--progress",
    type=click.Choice(["auto", "bar", "log", "none"]),
    default="auto",
    show_default=True,
    help="Statuslinje eller loglinjer / progress bar or log lines.",
)
@lang_option
@handle_errors
def batch(
    inputs: tuple[Path, ...],
    out: Path,
    workers: int | None,
    timeout: float,
    record: bool,
    db_path: Path | None,
    annotate: bool,
    as_of: str | None,
    rules_path: Path | None,
    waivers_path: Path | None,
    progress: str,
    lang: str | None,
) -> None:
    """Tjek mange planer på én gang og lav Excel-overblikket / check many plans at once."""
    from beredskab.batch import BatchOptions, collect_inputs, run_batch

    chosen = resolve_lang(lang)
    if workers is not None and workers < 1:
        raise UsageError("batch.bad-workers")
    if timeout <= 0:
        raise UsageError("batch.bad-timeout")
    options = BatchOptions(
        out=out,
        workers=workers,
        timeout=timeout,
        as_of=_date(as_of),
        rules=rules_path,
        waivers=waivers_path,
        lang=chosen,
        annotate=annotate,
        record=record,
        db_path=db_path,
        progress=progress,
    )
    run = run_batch(collect_inputs(inputs), options)
    counts = _counts(run.out / "run.json")
    click.echo(
        t(
            "batch.cli.summary",
            chosen,
            files=counts.get("files", len(run.outcomes)),
            seconds=f"{run.seconds:.1f}".replace(".", "," if chosen == "da" else "."),
            approved=counts.get("approved", 0),
            missing=counts.get("missing", 0),
            overdue=counts.get("overdue", 0),
            not_received=counts.get("not_received", 0),
            unreadable=counts.get("unreadable", 0),
        )
    )
    click.echo(
        t(
            "batch.cli.written",
            chosen,
            dashboard=run.files.get("dashboard", "-"),
            plans=str(run.out / "plans"),
        )
    )


def _counts(run_json: Path) -> dict[str, int]:
    import json

    data = json.loads(run_json.read_text(encoding="utf-8"))
    counts: dict[str, int] = data.get("counts", {})
    return counts


@click.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Historik-databasen / the history database.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("dashboard.xlsx"),
    show_default=True,
    help="Excel-filen / the workbook to write.",
)
@click.option("--as-of", "as_of", default=None, help="Dato for status / status date (YYYY-MM-DD).")
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path, exists=True),
    default=None,
    help="Regelsæt (rækkefølge og navne på regler) / rule pack (rule order and names).",
)
@click.option(
    "--reports/--no-reports",
    default=True,
    show_default=True,
    help="Skriv HTML-rapporter ved siden af / write HTML reports beside the workbook.",
)
@lang_option
@handle_errors
def dashboard(
    db_path: Path,
    out: Path,
    as_of: str | None,
    rules_path: Path | None,
    reports: bool,
    lang: str | None,
) -> None:
    """Lav Excel-overblikket igen ud fra historikken / rebuild the workbook from the history."""
    from beredskab import __version__
    from beredskab.dashboard import data_from_history, write_dashboard, write_reports
    from beredskab.history import open_db
    from beredskab.rulepack import load_pack

    chosen = resolve_lang(lang)
    if not db_path.is_file():
        raise UsageError("batch.db-missing", file=str(db_path))
    day = _date(as_of) or date.today()
    pack = load_pack(rules_path)
    with open_db(db_path) as db:
        data = data_from_history(db, day, pack=pack, meta={"tool_version": __version__})
    if reports:
        folder = out.parent / f"{out.stem}-rapporter"
        data = write_reports(data, folder, out.parent, lang=chosen, pack=pack)
    written = write_dashboard(data, out, chosen)
    click.echo(t("batch.cli.dashboard-written", chosen, file=str(written), plans=len(data.entries)))
