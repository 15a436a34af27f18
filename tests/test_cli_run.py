"""The console entry point ``beredskab.console.run``: the same output and exit codes as
``beredskab.cli.main``, everything flushed, and the exit handlers run, although it ends the process
with ``os._exit``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "eksempel-beredskabsplan.docx"
MODULES = {"run": "console", "main": "cli"}


def _beredskab(
    entry: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", f"from beredskab.{MODULES[entry]} import {entry}; {entry}()", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_run_gives_what_main_gives(tmp_path: Path) -> None:
    args = ("check", *[str(EXAMPLE)] * 5, "--format", "html", "--as-of", "2026-11-27")
    quick = _beredskab("run", *args)
    plain = _beredskab("main", *args)
    assert quick.returncode == plain.returncode
    assert quick.stdout == plain.stdout  # all of it flushed, larger than a pipe's buffer
    assert len(quick.stdout) > 65536
    assert quick.stderr == plain.stderr


def test_run_exit_codes() -> None:
    assert _beredskab("run", "--version").returncode == 0
    assert _beredskab("run", "check", "/no/such/plan.docx").returncode == 2
    assert _beredskab("run", "check", "--no-such-option").returncode == 2
    done = _beredskab("run", "check", str(EXAMPLE), "--format", "json")
    assert done.returncode in (0, 1)
    report = json.loads(done.stdout)
    expected = 1 if report["summary"]["error_failures"] else 0
    assert done.returncode == expected


def test_run_runs_the_exit_handlers(tmp_path: Path) -> None:
    """The caches are written by atexit handlers: a cold run must leave them behind."""
    home = tmp_path / "cache"
    done = _beredskab("run", "check", str(EXAMPLE), env={"XDG_CACHE_HOME": str(home)})
    assert done.returncode in (0, 1), done.stderr
    assert list((home / "beredskab" / "dataclasses").glob("*.marshal"))
    assert list((home / "beredskab" / "regex").glob("*.marshal"))


def test_python_dash_m_is_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "beredskab", "--version"], capture_output=True, check=False
    )
    assert done.returncode == 0 and b"beredskab" in done.stdout


def test_collector_back_on_once_the_command_is_imported() -> None:
    """The start-up pause ends when the command's module is imported; a command then runs
    with the garbage collector on (a batch of many plans needs it)."""
    probe = (
        "import gc, sys\n"
        "from beredskab import cli, console\n"
        "import click\n"
        "@click.command()\n"
        "def probe():\n"
        "    print(gc.isenabled(), cli.startup_pause)\n"
        "import beredskab.cli.tree_cmd as m\n"
        "m.tree = probe\n"
        "sys.argv = ['beredskab', 'tree']\n"
        "console.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=False)
    assert done.stdout.split() == [b"True", b"False"], done.stderr
