"""Unit tests: the excel_safe choke point, output file names and input collection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from beredskab.batch.inputs import collect_inputs, parse_manifest, parse_received
from beredskab.batch.names import MAX_LEN, plan_stem, safe_name, unique_names
from beredskab.errors import UsageError
from beredskab.excel_safe import DANGEROUS_START, clean_text, csv_column, csv_text, set_text

# --- excel_safe --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","y")', "+45 41 74 90 90", "-2", "@A1", "\t=1", "\r=1"]
)
def test_set_text_never_makes_a_formula(text: str) -> None:
    cell = Workbook().active.cell(1, 1)  # type: ignore[union-attr]
    set_text(cell, text)
    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.quotePrefix is True


def test_set_text_plain_text_and_none() -> None:
    ws = Workbook().active
    assert ws is not None
    set_text(ws["A1"], "Skive")
    assert ws["A1"].value == "Skive" and not ws["A1"].quotePrefix
    set_text(ws["A2"], None)
    assert ws["A2"].value is None
    set_text(ws["A3"], "a\x00b\x1fc")  # control characters a workbook cannot hold
    assert ws["A3"].value == "abc"
    set_text(ws["A4"], "x" * 40_000)
    assert len(ws["A4"].value) == 32_767


def test_csv_text() -> None:
    assert csv_text("=1+1") == "'=1+1"
    assert csv_text("+45 12") == "'+45 12"
    assert csv_text("Skive") == "Skive"
    assert csv_text(None) == ""
    assert clean_text("a\x07b") == "ab"


@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=20))
def test_csv_column_is_csv_text(values: list[str | None]) -> None:
    got = list(csv_column(pd.Series(values, dtype=object)))
    want = [None if v is None else csv_text(v) for v in values]
    assert got == want
    assert not any(isinstance(v, str) and v.startswith(DANGEROUS_START) for v in got)


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skive-2024", "skive-2024"),
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c", "a-b-c"),
        ("plan\x00\x1f navn", "plan-navn"),
        ('<x>:"|?*', "x"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("...", "plan"),
        ("", "plan"),
        ("Højby Ærø", "Højby-Ærø"),
    ],
)
def test_safe_name(text: str, expected: str) -> None:
    assert safe_name(text) == expected


@given(st.text(max_size=300))
def test_safe_name_is_always_safe(text: str) -> None:
    name = safe_name(text)
    assert 0 < len(name) <= MAX_LEN + 1
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert not any(ord(ch) < 32 for ch in name)


def test_plan_stem_and_unique_names() -> None:
    assert plan_stem("skive-2024.docx", "779") == "779-skive-2024"
    assert plan_stem("dir/plan.docx") == "plan"
    assert unique_names(["a", "A", "a", "b"]) == ["a", "A-2", "a-3", "b"]
    long = ["x" * MAX_LEN, "x" * MAX_LEN]
    assert all(len(n) <= MAX_LEN for n in unique_names(long))


# --- inputs ------------------------------------------------------------------------------


def test_parse_received() -> None:
    assert parse_received("2024-06-24") == date(2024, 6, 24)
    assert parse_received("24-06-2024") == date(2024, 6, 24)
    assert parse_received("24.6.2024") == date(2024, 6, 24)
    assert parse_received(" ") is None
    with pytest.raises(ValueError):
        parse_received("juni 2024")


def test_manifest_columns_and_municipalities(tmp_path: Path) -> None:
    text = (
        "kommune,kommunekode,file,received,version\n"
        "Skive Kommune,779,skive-2024.docx,2024-06-30,1\n"
        "Københavns Kommune,,sub/kbh.docx,,\n"
        ",,loose.docx,,\n"
    )
    items = parse_manifest(text, tmp_path / "manifest.csv")
    assert [i.path for i in items] == [
        tmp_path / "skive-2024.docx",
        tmp_path / "sub" / "kbh.docx",
        tmp_path / "loose.docx",
    ]
    assert (items[0].kommune, items[0].kommunekode, items[0].received, items[0].version) == (
        "Skive",
        "779",
        date(2024, 6, 30),
        1,
    )
    assert items[1].kommunekode == "101"
    assert items[2].kommunekode is None
    assert items[0].line == 2


def test_manifest_semicolons_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes("\ufeffkommune;file;received\nÅrhus;a.docx;24-06-2024\n".encode())
    (item,) = collect_inputs([path])
    assert item.kommunekode == "751" and item.received == date(2024, 6, 24)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("kommune,navn\nSkive,x\n", "batch.manifest-no-file-column"),
        ("kommune,file,received\nSkive,a.docx,i går\n", "batch.manifest-bad-date"),
        ("kommune,file\nAtlantis,a.docx\n", "batch.manifest-unknown-kommune"),
        ("file,version\na.docx,v2\n", "batch.manifest-bad-version"),
    ],
)
def test_manifest_errors_name_file_and_line(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_manifest(text, tmp_path / "m.csv")
    assert info.value.key == key
    assert "m.csv" in info.value.message("da")


def test_folders_are_searched_recursively(tmp_path: Path) -> None:
    for name in ("b.docx", "sub/a.DOCX", "sub/c.docm", "x.dotx", "~$lock.docx", "notes.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.docx").write_bytes(b"x")
    found = [i.path.relative_to(tmp_path).as_posix() for i in collect_inputs([tmp_path])]
    assert found == ["b.docx", "sub/a.DOCX", "sub/c.docm", "x.dotx"]
    # The same file named again (directly) is read once.
    again = collect_inputs([tmp_path, tmp_path / "b.docx"])
    assert len(again) == 4


def test_missing_inputs(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        collect_inputs([])
    with pytest.raises(UsageError):
        collect_inputs([tmp_path / "nothing"])
    # A missing Word file still gets its row (DOC001 "does not exist").
    (item,) = collect_inputs([tmp_path / "gone.docx"])
    assert item.path.name == "gone.docx"
