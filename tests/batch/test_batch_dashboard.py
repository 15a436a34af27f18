"""The dashboard workbook from hand-built reports, read back with openpyxl and pandas."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from batch_helpers import AS_OF, FORMULA_TEXTS, GOOD, WAIVER, report, result, sample_entries

from beredskab.batch.outputs import write_csv
from beredskab.dashboard import (
    DashboardData,
    build_frames,
    plan_status,
    results_frame,
    write_dashboard,
)
from beredskab.excel_safe import DANGEROUS_START

SHEETS = ["Oversigt", "Regelmatrix", "Regler", "Politikredse", "Revisioner", "Fund", "Metadata"]


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = DashboardData(
        entries=tuple(sample_entries()),
        as_of=AS_OF,
        meta={"tool": "beredskab", "tool_version": "0.1.0", "rule_pack": "cde-2024@1"},
        inputs=({"file": "skive.docx", "sha256": "a" * 64, "kommune": "Skive"},),
    )
    return write_dashboard(data, tmp_path_factory.mktemp("dash") / "dashboard.xlsx")


def test_sheets_frozen_headers_and_no_merged_cells(workbook_path: Path) -> None:
    wb = openpyxl.load_workbook(workbook_path)
    assert wb.sheetnames == SHEETS
    assert wb["Oversigt"].freeze_panes == "B2"
    assert wb["Regelmatrix"].freeze_panes == "C2"
    for name in SHEETS:
        ws = wb[name]
        assert not ws.merged_cells.ranges, name
        assert ws.freeze_panes is not None, name
        assert ws["A1"].font.b, name


def test_overview_has_every_municipality_with_status(workbook_path: Path) -> None:
    frame = pd.read_excel(workbook_path, sheet_name="Oversigt")
    assert len(frame) == 98
    assert frame["Kommunekode"].astype(str).nunique() == 98
    status = dict(zip(frame["Kommune"], frame["Status"], strict=True))
    assert status["Skive"] == "godkendt"
    assert status["Aarhus"] == "mangler"
    assert status["Odense"] == "forfalden"  # REV001 fails
    assert status["Vejle"] == "forfalden"  # due date before the as-of date
    assert status["Aalborg"] == "godkendt"  # its only failure is waived
    assert status["København"] == "godkendt"  # the newer version counts
    assert status["Horsens"] == "mangler"
    assert status["Gentofte"] == "ikke modtaget"
    assert (frame["Status"] == "ikke modtaget").sum() == 98 - 7
    # Danish alphabetical order: Aabenraa first, Ærø last.
    assert frame["Kommune"].iloc[0] == "Aabenraa"
    assert frame["Kommune"].iloc[-1] == "Ærø"


def test_overview_types_formats_and_links(workbook_path: Path) -> None:
    ws = openpyxl.load_workbook(workbook_path)["Oversigt"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Skive")
    cells = dict(zip(header, row, strict=True))
    assert isinstance(cells["Vedtaget"].value, datetime)
    assert cells["Vedtaget"].number_format == "dd-mm-yyyy"
    assert cells["Score"].value == 1.0
    assert cells["Score"].number_format == "0%"
    assert cells["Planår"].value == 2024
    link = cells["Rapport"]
    assert link.hyperlink is not None and link.hyperlink.target == "plans/0.html"
    assert link.data_type == "s" and link.value == "Åbn rapport"


def _rules(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[str, object]]:
    out = []
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            out.append((rule.type, rule.formula or rule.iconSet))
    return out


def test_conditional_formatting_rules(workbook_path: Path) -> None:
    wb = openpyxl.load_workbook(workbook_path)
    overview = _rules(wb["Oversigt"])
    formulas = {f[0] for kind, f in overview if kind == "cellIs"}
    assert formulas == {'"godkendt"', '"mangler"', '"forfalden"', '"ikke modtaget"'}
    assert any(kind == "iconSet" for kind, _ in overview)
    matrix = {f[0] for kind, f in _rules(wb["Regelmatrix"]) if kind == "cellIs"}
    assert matrix == {
        '"bestået"',
        '"ikke bestået"',
        '"dispensation"',
        '"ikke relevant"',
        '"kunne ikke vurderes"',
    }
    revisions = [f[0] for kind, f in _rules(wb["Revisioner"]) if kind == "expression"]
    assert any('"forfalden"' in f for f in revisions)
    assert any(kind == "dataBar" for kind, _ in _rules(wb["Regler"]))


def test_matrix_rules_districts_revisions_findings(workbook_path: Path) -> None:
    sheets = pd.read_excel(workbook_path, sheet_name=None)
    matrix = sheets["Regelmatrix"].set_index("Kommune")
    assert matrix.loc["Aalborg", "INT002"] == "dispensation"
    assert matrix.loc["Aarhus", "INT002"] == "ikke bestået"
    assert matrix.loc["Skive", "INT002"] == "bestået"
    assert pd.isna(matrix.loc["Gentofte", "INT002"])

    rules = sheets["Regler"].set_index("Regel")
    # INT002 on the current plans: pass Skive, Odense, København, Vejle; fail Aarhus,
    # Horsens; waived Aalborg -> (4 + 1) / 7.
    assert rules.loc["INT002", "Andel bestået"] == pytest.approx(5 / 7, abs=1e-4)
    assert rules.loc["INT002", "Dispensation"] == 1

    districts = sheets["Politikredse"]
    assert len(districts) == 12
    assert districts["Kommuner"].sum() == 98
    assert districts["Godkendt"].sum() == 3  # Skive, Aalborg, København
    assert districts["Ikke modtaget"].sum() == 91

    revisions = sheets["Revisioner"]
    kbh = revisions[revisions["Kommune"] == "København"]
    assert list(kbh["Version"]) == [1, 2]
    assert list(kbh["Nyeste"]) == ["nej", "ja"]
    vejle = revisions[revisions["Kommune"] == "Vejle"]
    assert list(vejle["Status"]) == ["forfalden"]

    findings = sheets["Fund"]
    # Every failing result of every plan (the older København version too).
    assert len(findings) == 1 + 1 + 1 + 1 + 3 + 1
    assert set(findings["Resultat"]) == {"ikke bestået", "dispensation"}
    wb = openpyxl.load_workbook(workbook_path)
    assert "Fund" in wb["Fund"].tables
    assert len(wb["Regler"]._charts) == 1
    assert len(wb["Politikredse"]._charts) == 1


def test_no_formula_from_document_text(workbook_path: Path) -> None:
    wb = openpyxl.load_workbook(workbook_path)
    seen: set[str] = set()
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}: {cell.value!r}"
                value = cell.value
                if isinstance(value, str) and value.startswith(DANGEROUS_START):
                    assert cell.quotePrefix, f"{ws.title}!{cell.coordinate}"
                    seen.add(value)
    # The injected texts reached the workbook (as text), so the check above means something.
    assert {FORMULA_TEXTS[0], FORMULA_TEXTS[1], FORMULA_TEXTS[3]} <= seen
    assert '=HYPERLINK("http://x","y").docx' in seen
    fund = pd.read_excel(workbook_path, sheet_name="Fund")
    assert FORMULA_TEXTS[0] in set(fund["Det fandt vi"])
    assert FORMULA_TEXTS[1] in set(fund["Besked"])


def test_plan_status_rules() -> None:
    assert plan_status(report("Skive", "779", GOOD), AS_OF) == "approved"
    failing = [result("INT002", "fail", severity="warning"), *GOOD]
    assert plan_status(report("Skive", "779", failing), AS_OF) == "approved"
    unreadable = [result("DOC001", "error")]
    assert plan_status(report(None, None, unreadable, due=None), AS_OF) == "missing"
    waived_rev = [result("REV001", "fail", waiver=WAIVER)]
    late = report("Skive", "779", waived_rev, due=date(2025, 1, 1))
    assert plan_status(late, AS_OF) == "approved"


def test_english_labels(tmp_path: Path) -> None:
    data = DashboardData(entries=tuple(sample_entries()), as_of=AS_OF)
    path = write_dashboard(data, tmp_path / "d.xlsx", lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Overview"
    frame = pd.read_excel(path, sheet_name="Overview")
    assert set(frame["Status"]) == {"approved", "incomplete", "overdue", "not received"}


def test_results_csv_is_escaped(tmp_path: Path) -> None:
    entries = sample_entries()
    frame = results_frame(entries, AS_OF, "da")
    assert len(frame) == sum(len(e.report.results) for e in entries)
    path = write_csv(frame, tmp_path / "results.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["kommune", "kommunekode", "file"]
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c.startswith(DANGEROUS_START)]
    assert "'" + FORMULA_TEXTS[0] in cells
    assert "'" + '=HYPERLINK("http://x","y").docx' in cells


def test_frames_are_pure_and_repeatable() -> None:
    data = DashboardData(entries=tuple(sample_entries()), as_of=AS_OF)
    a, b = build_frames(data), build_frames(data)
    pd.testing.assert_frame_equal(a.overview, b.overview)
    pd.testing.assert_frame_equal(a.findings, b.findings)
