"""A command used wrongly, told in Danish (English with ``--lang en``).

click words its usage errors in English ("No such option: --formt"). Municipal staff
type these commands too, so ``beredskab.cli.LazyGroup`` hands every ``click`` usage
error to ``describe`` instead, which says what was wrong and how to get help, in the
user's language, from the error's own fields (the option, the allowed choices, the
range), never from click's English sentence. A kind of error this module does not know
keeps click's sentence after a Danish lead-in rather than being hidden.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import click

from beredskab.i18n import resolve_lang, t


def language(argv: Sequence[str]) -> str:
    """``--lang en`` / ``--lang=en`` on the command line (even one that did not parse),
    else ``$BEREDSKAB_LANG``, else Danish."""
    chosen: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    return resolve_lang(chosen or os.environ.get("BEREDSKAB_LANG"))


def _param_name(error: click.BadParameter | click.MissingParameter) -> str:
    if error.param_hint is not None:
        hint = error.param_hint
        return " / ".join(hint) if not isinstance(hint, str) else hint
    param = error.param
    if param is None:
        return ""
    if isinstance(param, click.Option) and param.opts:
        return " / ".join(param.opts)
    return (param.human_readable_name or param.name or "").upper()


def _bad_value(error: click.BadParameter, lang: str) -> str:
    name = _param_name(error)
    kind = error.param.type if error.param is not None else None
    if isinstance(kind, click.Choice):
        choices = ", ".join(str(c) for c in kind.choices)
        return t("cli.usage.bad-choice", lang, param=name, choices=choices)
    if isinstance(kind, click.IntRange) and kind.min is not None and kind.max is not None:
        return t("cli.usage.bad-range", lang, param=name, low=kind.min, high=kind.max)
    if isinstance(kind, click.IntRange) and kind.min is not None:
        return t("cli.usage.bad-minimum", lang, param=name, low=kind.min)
    return t("cli.usage.bad-value", lang, param=name, detail=error.message)


def describe(error: click.ClickException, lang: str) -> str:
    """What to print on stderr for a usage error: the fault, then where help is."""
    if isinstance(error, click.exceptions.NoSuchOption):
        similar = ", ".join(error.possibilities or ())
        key = "cli.usage.no-such-option-similar" if similar else "cli.usage.no-such-option"
        text = t(key, lang, option=error.option_name, similar=similar)
    elif isinstance(error, click.exceptions.NoSuchCommand):
        similar = ", ".join(error.possibilities or ())
        key = "cli.usage.no-such-command-similar" if similar else "cli.usage.no-such-command"
        text = t(key, lang, command=error.command_name, similar=similar)
    elif isinstance(error, click.BadOptionUsage) and "requires" in error.message:
        text = t("cli.usage.needs-value", lang, option=error.option_name)
    elif isinstance(error, click.MissingParameter):
        text = t("cli.usage.missing", lang, param=_param_name(error))
    elif isinstance(error, click.BadParameter):
        text = _bad_value(error, lang)
    elif isinstance(error, click.UsageError) and error.message.startswith("Got unexpected"):
        text = t("cli.usage.extra-arguments", lang, detail=error.message.partition("(")[2][:-2])
    elif isinstance(error, click.UsageError):
        text = t("cli.usage.other", lang, detail=error.format_message())
    else:
        return f"{t('cli.error-prefix', lang)}: {error.format_message()}"
    ctx = getattr(error, "ctx", None)
    path = ctx.command_path if ctx is not None else "beredskab"
    help_hint = t("cli.usage.help", lang, command=f"{path} --help")
    return f"{t('cli.error-prefix', lang)}: {text}\n{help_hint}"
