"""``beredskab sample OUT_DIR``: write the national sample corpus with known truth.

Writes realistic, filled-in Danish plans (.docx) for the 98 municipalities (or a seeded
selection of N), one or more versions each, a ``<stem>.truth.json`` per plan, a
``manifest.csv`` and a ``missing.json`` (municipalities without any plan). The same
``--seed`` and ``--as-of`` give byte-identical files. See ``beredskab.sample``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from beredskab.cli.common import handle_errors, lang_option
from beredskab.errors import UsageError
from beredskab.i18n import resolve_lang, t


def _count(value: str) -> int | None:
    if value.strip().lower() == "all":
        return None
    if not value.strip().isdigit() or not 1 <= int(value) <= 98:
        raise UsageError("sample.bad-municipalities", value=value)
    return int(value)


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError("sample.bad-date", value=value) from None


@click.command("sample")
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--seed", type=int, default=1, show_default=True, help="Seed / frø.")
@click.option(
    "--municipalities",
    "municipalities",
    default="all",
    show_default=True,
    help="all eller et antal kommuner / all or a number of municipalities.",
)
@click.option(
    "--versions",
    type=int,
    default=2,
    show_default=True,
    help="Højst så mange versioner pr. kommune / at most this many versions each.",
)
@click.option("--as-of", "as_of", default=None, help="Dato for REV-reglerne (YYYY-MM-DD).")
@lang_option
@handle_errors
def sample(
    out_dir: Path,
    seed: int,
    municipalities: str,
    versions: int,
    as_of: str | None,
    lang: str | None,
) -> None:
    """Skriv et eksempelkorpus med facit / write a sample corpus with known truth."""
    from beredskab.sample import generate_corpus

    lang = resolve_lang(lang)
    count = _count(municipalities)
    if not 1 <= versions <= 5:
        raise UsageError("sample.bad-versions", value=versions)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError("sample.out-is-file", path=str(out_dir))
    result = generate_corpus(
        out_dir, seed=seed, municipalities=count, versions=versions, as_of=_as_of(as_of)
    )
    munis = len({p.truth["kommunekode"] for p in result.plans})
    click.echo(
        t(
            "sample.done",
            lang,
            plans=len(result.plans),
            municipalities=munis,
            folder=str(out_dir),
            seconds=f"{result.seconds:.1f}",
            missing=len(result.missing),
        )
    )
    click.echo(t("sample.files", lang))
