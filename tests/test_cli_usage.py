"""A command used wrongly gets a Danish message (English with ``--lang en``), exit 2,
and the way to help; never click's English sentence or a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from beredskab.cli import main
from beredskab.cli.usage import language


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, list(args), env=env or {"BEREDSKAB_LANG": ""}, prog_name="beredskab"
    )
    return result.exit_code, result.output  # stderr is mixed in


@pytest.mark.parametrize(
    ("args", "danish"),
    [
        (("check", "--bogus"), "Kommandoen kender ikke tilvalget --bogus."),
        (("check", "--formt", "json", "x"), "Mente du --format?"),
        (
            ("check", "x", "--format", "xml"),
            "Værdien til --format kan ikke bruges. Vælg en af: text, json, jsonl, sarif",
        ),
        (("check", "--format"), "Tilvalget --format skal have en værdi efter sig."),
        (("chek",), "Der er ingen kommando, der hedder »chek«. Mente du check?"),
        (("history", "diff"), "Du mangler at angive KOMMUNE."),
    ],
)
def test_usage_errors_in_danish(args: tuple[str, ...], danish: str) -> None:
    code, output = run(*args)
    assert code == 2
    assert output.startswith("Fejl: ")
    assert danish in output
    assert "--help« for at se, hvordan kommandoen bruges." in output
    assert "Usage:" not in output and "No such" not in output and "Traceback" not in output


def test_usage_error_in_english() -> None:
    code, output = run("check", "x", "--lang", "en", "--format", "xml")
    assert code == 2
    assert output.startswith("Error: The value of --format cannot be used. Choose one of:")
    assert "Type 'beredskab check --help' to see how the command is used." in output


def test_language_from_the_environment() -> None:
    code, output = run("check", "--bogus", env={"BEREDSKAB_LANG": "en"})
    assert code == 2 and output.startswith("Error: The command has no option --bogus.")


def test_help_and_version_still_exit_0() -> None:
    assert run("--help")[0] == 0
    code, output = run("check", "--help")
    assert code == 0 and "--format" in output
    code, output = run("--version")
    assert code == 0 and "beredskab" in output


def test_language_scan() -> None:
    assert language(["check", "--lang", "en"]) == "en"
    assert language(["check", "--lang=en", "--bogus"]) == "en"
    assert language(["check", "--lang"]) in ("da", "en")  # falls back, never fails
