"""The plain terminal report is wrapped without rich exactly as rich wraps it."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.text import Text as RichText

from beredskab.formatters.text import _ONE_CELL, PLAIN_WIDTH, Text, _Writer


def _rich_plain(text: str, indent: int) -> str:
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=PLAIN_WIDTH,
        force_terminal=False,
        color_system=None,
        no_color=True,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    body = RichText(text)
    console.print(Padding(body, (0, 0, 0, indent), expand=False) if indent else body)
    return buffer.getvalue()


def _ours(text: str | Text, indent: int) -> str:
    out = _Writer(PLAIN_WIDTH, color=False)
    out.line(text, indent)
    return out.getvalue()


def _clean(output: str) -> str:
    return "\n".join(line.rstrip() for line in output.splitlines())


def test_one_cell_characters_are_one_cell_for_rich() -> None:
    assert all(cell_len(c) == 1 for c in _ONE_CELL)


@pytest.mark.parametrize("indent", [0, 2, 4])
def test_plain_wrapping_matches_rich(indent: int) -> None:
    rnd = random.Random(indent)
    pieces = ["ord", "Beredskabsplanen", " ", "  ", "æøå", "“citat”", "✗", "—", "x" * 130]
    pieces += [chr(c) for c in rnd.sample(sorted(map(ord, _ONE_CELL)), 40)]
    for _ in range(800):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 60)))
        assert _clean(_ours(text, indent)) == _clean(_rich_plain(text, indent)), repr(text)


@pytest.mark.parametrize(
    "text", ["tab\there", "wide 漢字 text " * 9, "e\u0301 combining", "cr\rhere", "a\nb", ""]
)
def test_other_characters_go_through_rich(text: str) -> None:
    assert _clean(_ours(text, 4)) == _clean(_rich_plain(text, 4))


def test_styled_parts_are_plain_without_colour() -> None:
    line = Text("✗ Fejl", style="bold red")
    line.append("  [STR001]", style="dim")
    assert _ours(line, 2) == "  ✗ Fejl  [STR001]\n"


def test_colour_lines_keep_rich_base_style() -> None:
    """With colours every line goes through rich: a base style covers appended parts."""
    ours = Text("1 Introduktion", style="bold")
    ours.append(" — ")
    ours.append("Fundet", style="green")
    theirs = RichText("1 Introduktion", style="bold")
    theirs.append(" — ")
    theirs.append("Fundet", style="green")
    out = _Writer(PLAIN_WIDTH, color=True)
    out.line(ours, 2)
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=PLAIN_WIDTH,
        force_terminal=True,
        color_system="standard",
        no_color=False,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
    console.print(Padding(theirs, (0, 0, 0, 2), expand=False))
    assert out.getvalue() == buffer.getvalue()
    assert "\x1b[" in out.getvalue()
