"""The ``beredskab`` command line.

Each sub-command lives in its own module and is imported only when it is run, so a
``beredskab check`` does not pay for pandas, openpyxl or the web framework.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from beredskab import __version__

# name -> "module:attribute" of a click command; one module per command.
COMMANDS: dict[str, str] = {
    "tree": "beredskab.cli.tree_cmd:tree",
    "check": "beredskab.cli.check_cmd:check",
    "rules": "beredskab.cli.rules_cmd:rules",
    "sample": "beredskab.cli.sample_cmd:sample",
    "history": "beredskab.cli.history_cmd:history",
    "due": "beredskab.cli.history_cmd:due",
    "batch": "beredskab.cli.batch_cmd:batch",
    "dashboard": "beredskab.cli.batch_cmd:dashboard",
    "serve": "beredskab.cli.serve_cmd:serve",
}


startup_pause = False
"""Set by ``beredskab.console.run``, which starts with the garbage collector paused: the
first command's import ends the pause, freezing what was imported so far (modules,
classes, tables: they live as long as the process) out of later collections."""


def _resume_collector(collecting: bool) -> None:
    global startup_pause
    if startup_pause:
        startup_pause = False
        gc.freeze()
        gc.enable()
    elif collecting:
        gc.enable()


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attr = target.split(":")
        collecting = gc.isenabled()
        gc.disable()  # importing makes many long-lived objects and no garbage
        try:
            module = importlib.import_module(module_name)
        finally:
            _resume_collector(collecting)
        command: click.Command = getattr(module, attr)
        return command

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """click's ``main``, with a usage error told in Danish (``cli.usage``)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = list(args) if args is not None else sys.argv[1:]
        try:
            value = super().main(argv, prog_name, complete_var, False, **extra)
        except click.ClickException as error:
            from beredskab.cli.usage import describe, language

            click.echo(describe(error, language(argv)), err=True)
            sys.exit(error.exit_code)
        except click.exceptions.Abort:
            from beredskab.cli.usage import language
            from beredskab.i18n import t

            click.echo(t("cli.usage.aborted", language(argv)), err=True)
            sys.exit(1)
        # Without standalone mode, --help/--version return their exit code.
        sys.exit(value if isinstance(value, int) else 0)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as error:
            # click suggests from the commands it holds; ours are imported on use.
            if error.possibilities:
                raise
            raise click.exceptions.NoSuchCommand(
                error.command_name, possibilities=self.list_commands(ctx), ctx=error.ctx
            ) from None

    @staticmethod
    def _available(name: str) -> bool:
        import importlib.util

        return importlib.util.find_spec(COMMANDS[name].split(":")[0]) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="beredskab")
def main() -> None:
    """beredskab: tjek kommunens beredskabsplan mod ekstremisme mod CDE's skabelon.

    Checks a municipality's preparedness plan against extremism against CDE's template.
    """
