"""Shared pieces of the command line: the language option and error handling."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from beredskab.errors import BeredskabError
from beredskab.i18n import resolve_lang, t

F = TypeVar("F", bound=Callable[..., Any])


def lang_option(func: F) -> F:
    """``--lang da|en`` (default: $BEREDSKAB_LANG, else Danish)."""
    return click.option(
        "--lang",
        type=click.Choice(["da", "en"]),
        default=None,
        help="Sprog for output / output language (da, en).",
    )(func)


def fail(message: str, code: int = 2) -> None:
    """Print a clear message on stderr and exit (2: input or usage error)."""
    click.echo(message, err=True)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Turn the project's typed errors into a message in the chosen language and exit 2.

    The command must take a ``lang`` keyword (see ``lang_option``)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = resolve_lang(kwargs.get("lang"))
        try:
            return func(*args, **kwargs)
        except BeredskabError as exc:
            fail(f"{t('cli.error-prefix', lang)}: {exc.message(lang)}")
        except KeyboardInterrupt:
            sys.exit(130)

    return wrapper  # type: ignore[return-value]
