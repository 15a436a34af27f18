"""``beredskab history …`` (add, list, diff, recheck, export, import) and ``beredskab due``.

The database is chosen by ``--db``, else ``$BEREDSKAB_DB``, else ``./beredskab.sqlite``
when it exists, else ``$XDG_DATA_HOME/beredskab/history.sqlite``
(``~/.local/share/beredskab/history.sqlite``). See ``beredskab.history.db``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import click

from beredskab.cli.common import handle_errors, lang_option
from beredskab.cli.options import iso_date
from beredskab.errors import DocumentError, UsageError
from beredskab.i18n import resolve_lang, t

DB_HELP = (
    "Historik-databasen / the history database. Standard: $BEREDSKAB_DB, ellers "
    "./beredskab.sqlite hvis den findes, ellers ~/.local/share/beredskab/history.sqlite."
)


def _db_option(func: Any) -> Any:
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False), default=None, help=DB_HELP
    )(func)


def _date(value: str | None) -> date | None:
    return iso_date(value, "history.bad-date")


def _load_pack(rules: str | None) -> Any:
    if rules is None:
        return None
    from beredskab.rulepack import load_pack

    return load_pack(rules)


@click.group()
def history() -> None:
    """Versioner af kommunernes planer: gem, vis, sammenlign og tjek igen.

    Revision history of the municipalities' plans: store, list, compare, re-check.

    \b
    Databasen (SQLite) findes sådan / where the database is:
      1. --db FIL
      2. miljøvariablen BEREDSKAB_DB
      3. ./beredskab.sqlite, hvis filen findes i mappen
      4. $XDG_DATA_HOME/beredskab/history.sqlite
         (~/.local/share/beredskab/history.sqlite)

    Planens Word-fil gemmes i databasen, så 'history recheck' kan tjekke gamle
    versioner igen uden de oprindelige filer. Ingen kommando sletter noget.
    """


@history.command("add")
@click.argument("plans", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--kommune", default=None, help="Kommunen (navn, 'X Kommune' eller kode).")
@click.option("--received", default=None, help="Modtaget dato (ÅÅÅÅ-MM-DD); standard: i dag.")
@click.option("--rules", default=None, help="Regelsæt (mappe); standard: cde-2024.")
@click.option("--as-of", "as_of", default=None, help="Tjek pr. dato (ÅÅÅÅ-MM-DD); standard: i dag.")
@_db_option
@lang_option
@handle_errors
def add(
    plans: tuple[str, ...],
    kommune: str | None,
    received: str | None,
    rules: str | None,
    as_of: str | None,
    db_path: str | None,
    lang: str | None,
) -> None:
    """Gem en eller flere planer som nye versioner / record plans as versions."""
    from beredskab.history import open_db
    from beredskab.pipeline import analyse_path

    lang = resolve_lang(lang)
    received_date = _date(received)
    as_of_date = _date(as_of)
    pack = _load_pack(rules)
    failed = 0
    with open_db(db_path) as db:
        for plan in plans:
            try:
                analysis = analyse_path(plan, pack=pack, as_of=as_of_date)
                rec = db.record(analysis, file=plan, kommune=kommune, received=received_date)
            except (DocumentError, UsageError) as exc:
                failed += 1
                click.echo(
                    t("history.add-failed", lang, file=plan, reason=exc.message(lang)), err=True
                )
                continue
            name = Path(plan).name
            if rec.created:
                info = db.version_by_id(rec.version_id)
                click.echo(
                    t(
                        "history.added",
                        lang,
                        kommune=rec.kommune,
                        version=rec.version,
                        received=info.received.isoformat(),
                        file=name,
                    )
                )
            elif rec.results_added:
                click.echo(
                    t(
                        "history.already-new-results",
                        lang,
                        kommune=rec.kommune,
                        version=rec.version,
                        file=name,
                        pack=analysis.report.rule_pack,
                    )
                )
            else:
                click.echo(
                    t("history.already", lang, kommune=rec.kommune, version=rec.version, file=name)
                )
    if failed:
        sys.exit(2)


@history.command("list")
@click.argument("kommune", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_db_option
@lang_option
@handle_errors
def list_versions(kommune: str | None, fmt: str, db_path: str | None, lang: str | None) -> None:
    """Vis gemte versioner med datoer, score og fejl / list stored versions."""
    from beredskab.history import open_db
    from beredskab.history.render import to_json, versions_text

    with open_db(db_path) as db:
        versions = db.versions(kommune)
    if fmt == "json":
        click.echo(to_json([v.to_dict() for v in versions]), nl=False)
    else:
        click.echo(versions_text(versions, resolve_lang(lang)), nl=False)


@history.command("diff")
@click.argument("kommune")
@click.option("--from", "from_v", type=int, default=None, help="Fra version (standard: forrige).")
@click.option("--to", "to_v", type=int, default=None, help="Til version (standard: nyeste).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text")
@_db_option
@lang_option
@handle_errors
def diff(
    kommune: str,
    from_v: int | None,
    to_v: int | None,
    fmt: str,
    db_path: str | None,
    lang: str | None,
) -> None:
    """Hvad er ændret mellem to versioner / what changed between two versions."""
    from beredskab.history import diff_versions, open_db
    from beredskab.history.render import diff_html, diff_text, to_json

    with open_db(db_path) as db:
        result = diff_versions(db, kommune, from_v, to_v)
    lang = resolve_lang(lang)
    if fmt == "json":
        click.echo(to_json(result), nl=False)
    elif fmt == "html":
        click.echo(diff_html(result, lang), nl=False)
    else:
        click.echo(diff_text(result, lang), nl=False)


@history.command("recheck")
@click.argument("kommune", required=False)
@click.option("--rules", default=None, help="Regelsæt (mappe); standard: cde-2024.")
@click.option("--as-of", "as_of", default=None, help="Tjek pr. dato (ÅÅÅÅ-MM-DD).")
@_db_option
@lang_option
@handle_errors
def recheck_cmd(
    kommune: str | None,
    rules: str | None,
    as_of: str | None,
    db_path: str | None,
    lang: str | None,
) -> None:
    """Tjek gemte versioner igen, fx med et nyt regelsæt; gamle resultater bevares.

    Re-check stored versions (from the file bytes kept in the database); earlier
    results stay, keyed by the rule pack's label."""
    from beredskab.history import open_db, recheck
    from beredskab.history.render import _score

    lang = resolve_lang(lang)
    with open_db(db_path) as db:
        outcomes = recheck(db, pack=_load_pack(rules), as_of=_date(as_of), kommune=kommune)
    for o in outcomes:
        note = ""
        if o.error:
            note = t("history.recheck.unreadable", lang, reason=o.error)
        elif not o.added:
            note = t("history.recheck.same", lang)
        click.echo(
            t(
                "history.recheck.row",
                lang,
                kommune=o.version.kommune,
                version=o.version.version,
                pack=o.pack_label,
                score=_score(o.score),
                note=note,
            )
        )
    click.echo(t("history.recheck.done", lang, count=len(outcomes)))


@history.command("export")
@click.option(
    "--out", default=None, type=click.Path(dir_okay=False), help="Fil (standard: stdout)."
)
@_db_option
@lang_option
@handle_errors
def export_cmd(out: str | None, db_path: str | None, lang: str | None) -> None:
    """Eksportér hele historikken som JSON lines / export the history as JSON lines."""
    from beredskab.history import export_jsonl, open_db

    with open_db(db_path) as db:
        if out is None:
            export_jsonl(db, sys.stdout)
            return
        target = Path(out)
        # Written beside the target and renamed: a failed export never leaves half a file.
        fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".jsonl", dir=target.parent or ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                count = export_jsonl(db, fh)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    click.echo(t("history.export.done", resolve_lang(lang), count=count, out=out), err=True)


@history.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_db_option
@lang_option
@handle_errors
def import_cmd(file: str, db_path: str | None, lang: str | None) -> None:
    """Læs en eksport ind; det, der allerede findes, springes over / import an export."""
    from beredskab.history import import_jsonl, open_db

    with open_db(db_path) as db, open(file, encoding="utf-8") as fh:
        counts = import_jsonl(db, fh)
    click.echo(
        t(
            "history.import.done",
            resolve_lang(lang),
            added=counts.versions_added,
            present=counts.versions_present,
            evaluations=counts.evaluations_added,
        )
    )


@click.command("due")
@click.option("--as-of", "as_of", default=None, help="Pr. dato (ÅÅÅÅ-MM-DD); standard: i dag.")
@click.option("--within", default="6m", show_default=True, help="'Snart' betyder inden for.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_db_option
@lang_option
@handle_errors
def due(as_of: str | None, within: str, fmt: str, db_path: str | None, lang: str | None) -> None:
    """Hvem skal revidere planen: alle 98 kommuner / who is due to revise, all 98.

    Næste revision = vedtagelsesdato (ellers 1. januar i planåret) + det interval, planen
    angiver, højst 4 år (Barnets lov § 15, stk. 3)."""
    from beredskab.history import due_rows, open_db
    from beredskab.history.due import parse_within
    from beredskab.history.render import due_text, to_json

    day = _date(as_of) or date.today()
    months = parse_within(within)
    with open_db(db_path) as db:
        rows = due_rows(db, day, months)
    if fmt == "json":
        click.echo(to_json([r.to_dict() for r in rows]), nl=False)
    else:
        click.echo(due_text(rows, day.isoformat(), resolve_lang(lang)), nl=False)
