"""The one choke point for spreadsheet cells that may hold text from a plan.

A spreadsheet application treats a cell whose text starts with ``=``, ``+``, ``-`` or
``@`` (and, after import, a tab or carriage return) as a formula: text from a plan such as
``=HYPERLINK("http://x","y")`` or ``+45 41 74 90 90`` must never become one (OWASP ASVS
1.2.10, "CSV/formula injection"). openpyxl itself turns any string starting with ``=``
into a formula, and pandas' ``to_excel`` does too (pandas issue 29095), so every text cell
of the dashboard is written through ``set_text`` and every text cell of a CSV file through
``csv_text``:

* ``set_text(cell, value)``: the cell holds the text as a string (data type ``s``, never
  ``f``), and when it starts with a dangerous character the cell's ``quotePrefix`` is set
  (Excel's and LibreOffice's "this is text" flag, shown as a leading apostrophe in the
  formula bar and never evaluated);
* ``csv_text(value)``: the text with a leading ``'`` when it starts with a dangerous
  character (the convention spreadsheet applications strip on import).

Both also drop the control characters a workbook cannot store (openpyxl refuses them)
and cut text to the 32,767 characters a cell holds.
"""

from __future__ import annotations

import re
from typing import Any

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""

MAX_CELL_CHARS = 32_767
"""Excel's limit on the characters in one cell."""

# XML 1.0 forbids these in a worksheet (tab, LF and CR are allowed).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value: object) -> str:
    """``value`` as text a cell can store: no illegal control characters, bounded length."""
    text = _ILLEGAL.sub("", str(value))
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula (or a formula's start)."""
    return text.startswith(DANGEROUS_START)


def set_text(cell: Any, value: object) -> None:
    """Put ``value`` into the openpyxl ``cell`` as plain text, never as a formula.

    ``None`` leaves the cell empty. The data type is forced to string (openpyxl would
    otherwise store a leading ``=`` as a formula) and ``quotePrefix`` marks text that
    starts with ``= + - @``, tab or CR, so the spreadsheet shows it as text when the
    cell is edited or recalculated."""
    if value is None:
        cell.value = None
        return
    text = clean_text(value)
    cell.value = text
    cell.data_type = "s"
    if is_dangerous(text):
        cell.quotePrefix = True


def csv_text(value: object) -> str:
    """``value`` as a CSV cell: a leading ``'`` when it starts with ``= + - @``, tab or CR.

    ``None`` becomes the empty string."""
    if value is None:
        return ""
    text = clean_text(value)
    return "'" + text if is_dangerous(text) else text


def csv_value(value: object) -> object:
    """A CSV cell for any value: text through ``csv_text``; numbers, booleans and dates
    as they are (a number written by the tool is never text from a plan)."""
    if isinstance(value, str):
        return csv_text(value)
    if value is None:
        return ""
    return value


def csv_column(values: Any) -> Any:
    """``csv_text`` over a whole pandas Series of text (None/NA stay missing): the same
    rule, vectorised for the run's results table."""
    import pandas as pd

    text = values.astype("string").str.replace(_ILLEGAL, "", regex=True)
    text = text.str.slice(0, MAX_CELL_CHARS)
    dangerous = text.str.match(_DANGEROUS_RE).fillna(False).astype(bool)
    escaped = ("'" + text).where(dangerous, text)
    return escaped.astype(object).where(pd.notna(escaped), None)


_DANGEROUS_RE = re.compile("^[" + re.escape("".join(DANGEROUS_START)) + "]")
