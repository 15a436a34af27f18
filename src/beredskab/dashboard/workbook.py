"""Write the dashboard's frames as ``dashboard.xlsx`` with openpyxl.

Sheets (labels in the chosen language, Danish by default): Oversigt, Regelmatrix,
Regler, Politikredse, Revisioner, Fund, Metadata. Every sheet has a bold, frozen header
row, column widths that fit the content (within limits), number and date formats, an
autofilter, and no merged cells. Colours come from conditional formatting (so they follow
the values when a user sorts or filters): the status column's traffic light and the
score's traffic-light icons in Oversigt, the outcome colours in Regelmatrix, the overdue
rows in Revisioner and data bars for the pass rates in Regler. Regler and Politikredse
each carry a bar chart. Fund is an Excel table (filterable, banded rows).

Every text cell goes through ``beredskab.excel_safe.set_text`` (the one choke point): a
heading or goal from a plan that starts with ``=`` or ``+`` stays text. Links to the
plans' HTML reports are set with ``cell.hyperlink`` (a relative path), never with a
``HYPERLINK()`` formula built from data. The file is written to a temporary name in the
destination folder and moved into place, so a failed run never leaves half a workbook.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from beredskab.dashboard.frames import Frames, cell_label, revision_label, status_label
from beredskab.excel_safe import set_text
from beredskab.i18n import t

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl.worksheet.worksheet import Worksheet

Kind = Literal["text", "int", "float", "percent", "date", "link", "seconds"]

DATE_FORMAT = "dd-mm-yyyy"
PERCENT_FORMAT = "0%"
MIN_WIDTH, MAX_WIDTH = 6, 60

# Traffic-light colours (fill, font) — readable on screen and in black-and-white print.
GREEN = ("C6EFCE", "006100")
YELLOW = ("FFEB9C", "9C5700")
RED = ("FFC7CE", "9C0006")
GREY = ("E7E6E6", "3A3838")
BLUE = ("DDEBF7", "1F4E78")
HEADER_FILL = "1F4E78"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a dashboard sheet: its key, kind and width."""

    key: str
    kind: Kind = "text"
    width: int | None = None
    """Fixed width in characters (None: fit the content)."""


OVERVIEW = (
    Column("kommune"),
    Column("kommunekode"),
    Column("politikreds"),
    Column("region"),
    Column("plan_year", "int"),
    Column("adopted", "date"),
    Column("next_revision_due", "date"),
    Column("status"),
    Column("score", "percent"),
    Column("errors", "int"),
    Column("warnings", "int"),
    Column("report", "link"),
    Column("file"),
    Column("received", "date"),
    Column("note", width=60),
)
RULES = (
    Column("rule"),
    Column("name", width=50),
    Column("severity"),
    Column("plans", "int"),
    Column("pass", "int"),
    Column("fail", "int"),
    Column("waived", "int"),
    Column("not-applicable", "int"),
    Column("error", "int"),
    Column("pass_rate", "percent"),
)
DISTRICTS = (
    Column("politikreds"),
    Column("municipalities", "int"),
    Column("received", "int"),
    Column("approved", "int"),
    Column("missing", "int"),
    Column("overdue", "int"),
    Column("not-received", "int"),
    Column("avg_score", "percent"),
    Column("errors", "int"),
    Column("warnings", "int"),
)
REVISIONS = (
    Column("kommune"),
    Column("kommunekode"),
    Column("version", "int"),
    Column("file"),
    Column("received", "date"),
    Column("plan_year", "int"),
    Column("adopted", "date"),
    Column("interval_years", "int"),
    Column("next_revision_due", "date"),
    Column("status"),
    Column("current"),
)
FINDINGS = (
    Column("kommune"),
    Column("kommunekode"),
    Column("file"),
    Column("rule"),
    Column("name"),
    Column("section"),
    Column("outcome"),
    Column("severity"),
    Column("message", width=70),
    Column("evidence", width=60),
    Column("paragraph", "int"),
    Column("waiver", width=40),
)
METADATA = (Column("key", width=34), Column("value", width=70))
INPUTS = (Column("file", width=50), Column("sha256", width=66), Column("kommune"))


def write_workbook(frames: Frames, path: str | Path, lang: str = "da") -> Path:
    """Write ``frames`` to ``path`` (see the module docstring). Returns the path."""
    from openpyxl import Workbook

    target = Path(path)
    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = t("batch.sheet.overview", lang)
    n = _write(overview, frames.overview, OVERVIEW, lang, freeze="B2")
    _overview_formats(overview, n, lang)

    matrix = wb.create_sheet(t("batch.sheet.matrix", lang))
    columns = (Column("kommune"), Column("kommunekode"), *(Column(r) for r in frames.rule_ids))
    n = _write(matrix, frames.matrix, columns, lang, freeze="C2", headers=frames.rule_ids)
    _matrix_formats(matrix, n, len(columns), lang)

    rules = wb.create_sheet(t("batch.sheet.rules", lang))
    n = _write(rules, frames.rules, RULES, lang)
    _rules_chart(rules, n, lang)

    districts = wb.create_sheet(t("batch.sheet.districts", lang))
    n = _write(districts, frames.districts, DISTRICTS, lang)
    _districts_chart(districts, n, lang)

    revisions = wb.create_sheet(t("batch.sheet.revisions", lang))
    n = _write(revisions, frames.revisions, REVISIONS, lang)
    _revision_formats(revisions, n, len(REVISIONS), lang)

    findings = wb.create_sheet(t("batch.sheet.findings", lang))
    n = _write(findings, frames.findings, FINDINGS, lang, autofilter=False)
    _findings_table(findings, n, len(FINDINGS))

    meta = wb.create_sheet(t("batch.sheet.metadata", lang))
    n = _write(meta, frames.metadata, METADATA, lang, autofilter=False)
    _write(meta, frames.inputs, INPUTS, lang, start_row=n + 3, autofilter=False, freeze=None)

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".dashboard-", suffix=".xlsx", dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


# --- writing cells -------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _put(cell: Any, value: Any, kind: Kind, lang: str) -> None:
    if _missing(value):
        return
    if kind == "text":
        set_text(cell, value)
    elif kind == "int":
        cell.value = int(value)
    elif kind in ("float", "seconds"):
        cell.value = float(value)
        cell.number_format = "0.00"
    elif kind == "percent":
        number = float(value)
        if not math.isfinite(number):
            return
        cell.value = number
        cell.number_format = PERCENT_FORMAT
    elif kind == "date":
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            cell.value = value
            cell.number_format = DATE_FORMAT
        else:
            set_text(cell, value)
    elif kind == "link":
        set_text(cell, t("batch.open-report", lang))
        cell.hyperlink = str(value)
        cell.style = "Hyperlink"


def _header_label(key: str, lang: str) -> str:
    return t(f"batch.col.{key}", lang)


def _write(
    ws: Worksheet,
    frame: pd.DataFrame,
    columns: Sequence[Column],
    lang: str,
    *,
    start_row: int = 1,
    freeze: str | None = "A2",
    headers: Sequence[str] = (),
    autofilter: bool = True,
) -> int:
    """Write a header row and the frame's rows; returns the number of data rows."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    raw_headers = set(headers)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    widths: list[int] = []
    for j, col in enumerate(columns, start=1):
        label = col.key if col.key in raw_headers else _header_label(col.key, lang)
        cell = ws.cell(row=start_row, column=j)
        set_text(cell, label)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=False)
        widths.append(round(len(label) * 1.25) + 3)  # bold header text runs wider
    keys = [c.key for c in columns]
    present = [k for k in keys if k in frame.columns]
    data = frame.reindex(columns=keys) if present != keys else frame[keys]
    count = 0
    for i, values in enumerate(data.itertuples(index=False, name=None), start=start_row + 1):
        count += 1
        for j, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = ws.cell(row=i, column=j)
            _put(cell, value, col.kind, lang)
            if cell.value is not None:
                shown = 11 if col.kind == "date" else len(str(cell.value))
                widths[j - 1] = max(widths[j - 1], shown + 2)
    for j, col in enumerate(columns, start=1):
        width = col.width or widths[j - 1]
        ws.column_dimensions[get_column_letter(j)].width = max(MIN_WIDTH, min(MAX_WIDTH, width))
    if freeze:
        ws.freeze_panes = freeze
    if autofilter and columns:
        last = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A{start_row}:{last}{start_row + max(count, 1)}"
    ws.print_title_rows = f"{start_row}:{start_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return count


# --- formats, tables and charts --------------------------------------------------------------


def _fill(colours: tuple[str, str]) -> tuple[Any, Any]:
    from openpyxl.styles import Font, PatternFill

    return PatternFill("solid", bgColor=colours[0], fgColor=colours[0]), Font(color=colours[1])


def _quoted(text: str) -> str:
    """A label as a formula string literal (our own labels, never document text)."""
    return '"' + text.replace('"', '""') + '"'


def _equal_rule(label: str, colours: tuple[str, str]) -> Any:
    from openpyxl.formatting.rule import CellIsRule

    fill, font = _fill(colours)
    return CellIsRule(operator="equal", formula=[_quoted(label)], fill=fill, font=font)


def _column_letter(columns: Sequence[Column], key: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(next(i for i, c in enumerate(columns, start=1) if c.key == key))


def _overview_formats(ws: Worksheet, rows: int, lang: str) -> None:
    from openpyxl.formatting.rule import IconSetRule

    last = rows + 1
    status = _column_letter(OVERVIEW, "status")
    area = f"{status}2:{status}{last}"
    for key, colours in (
        ("approved", GREEN),
        ("missing", YELLOW),
        ("overdue", RED),
        ("not-received", GREY),
    ):
        ws.conditional_formatting.add(area, _equal_rule(status_label(key, lang), colours))
    score = _column_letter(OVERVIEW, "score")
    ws.conditional_formatting.add(
        f"{score}2:{score}{last}",
        IconSetRule("3TrafficLights1", "num", [0, 0.7, 0.9], showValue=True),
    )


def _matrix_formats(ws: Worksheet, rows: int, ncols: int, lang: str) -> None:
    from openpyxl.utils import get_column_letter

    if ncols <= 2:
        return
    area = f"C2:{get_column_letter(ncols)}{rows + 1}"
    for key, colours in (
        ("pass", GREEN),
        ("fail", RED),
        ("waived", BLUE),
        ("not-applicable", GREY),
        ("error", YELLOW),
    ):
        ws.conditional_formatting.add(area, _equal_rule(cell_label(key, lang), colours))
    for j in range(3, ncols + 1):
        ws.column_dimensions[get_column_letter(j)].width = 12


def _revision_formats(ws: Worksheet, rows: int, ncols: int, lang: str) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.utils import get_column_letter

    if rows == 0:
        return
    status = _column_letter(REVISIONS, "status")
    area = f"A2:{get_column_letter(ncols)}{rows + 1}"
    for key, colours in (("overdue", RED), ("due-soon", YELLOW)):
        fill, font = _fill(colours)
        formula = f"${status}2={_quoted(revision_label(key, lang))}"
        ws.conditional_formatting.add(area, FormulaRule(formula=[formula], fill=fill, font=font))


def _findings_table(ws: Worksheet, rows: int, ncols: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ref = f"A1:{get_column_letter(ncols)}{rows + 1}"
    if rows == 0:
        ws.auto_filter.ref = ref
        return
    table = Table(displayName="Fund", ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)


def _rules_chart(ws: Worksheet, rows: int, lang: str) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import DataBarRule

    if rows == 0:
        return
    rate = _column_letter(RULES, "pass_rate")
    ws.conditional_formatting.add(
        f"{rate}2:{rate}{rows + 1}",
        DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1, color="5B9BD5"),
    )
    col = next(i for i, c in enumerate(RULES, start=1) if c.key == "pass_rate")
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = t("batch.chart.pass-rate", lang)
    chart.y_axis.title = t("batch.col.pass_rate", lang)
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.number_format = PERCENT_FORMAT
    chart.x_axis.scaling.orientation = "maxMin"  # first rule at the top, as in the table
    chart.legend = None
    chart.gapWidth = 40
    data = Reference(ws, min_col=col, min_row=1, max_row=rows + 1)
    cats = Reference(ws, min_col=1, min_row=2, max_row=rows + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.height = max(8.0, 0.45 * rows)
    chart.width = 18
    ws.add_chart(chart, "L2")


def _districts_chart(ws: Worksheet, rows: int, lang: str) -> None:
    from openpyxl.chart import BarChart, Reference

    if rows == 0:
        return
    first = next(i for i, c in enumerate(DISTRICTS, start=1) if c.key == "approved")
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.style = 10
    chart.title = t("batch.chart.districts", lang)
    chart.x_axis.scaling.orientation = "maxMin"
    chart.gapWidth = 40
    data = Reference(ws, min_col=first, max_col=first + 3, min_row=1, max_row=rows + 1)
    cats = Reference(ws, min_col=1, min_row=2, max_row=rows + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    from openpyxl.chart.shapes import GraphicalProperties

    for series, colour in zip(chart.series, ("70AD47", "FFC000", "C00000", "A5A5A5"), strict=False):
        series.graphicalProperties = GraphicalProperties(solidFill=colour)
    chart.height = 10
    chart.width = 20
    ws.add_chart(chart, "L2")
