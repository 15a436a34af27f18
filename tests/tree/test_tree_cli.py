"""``beredskab tree`` through click's CliRunner, and the bundled example plan."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

from click.testing import CliRunner

from beredskab.cli import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "eksempel-beredskabsplan.docx"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_tree_of_the_example_plan_in_danish() -> None:
    code, out, _ = run("tree", str(EXAMPLE))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "Afsnit i eksempel-beredskabsplan.docx"
    assert "1 Introduktion (overskrift, sikkerhed 100 %, 1 tekstafsnit)" in lines
    assert any(line.startswith("  1.2 Mål (overskrift") for line in lines)
    assert any(line.startswith("    Infohus netværk (overskrift") for line in lines)
    assert lines[-1] == "I alt 19 afsnit."


def test_tree_json_in_english_options() -> None:
    code, out, _ = run("tree", str(EXAMPLE), "--format", "json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "beredskab.tree/1"
    assert data["heading_source"] == "outline"
    assert [s["heading_text"] for s in data["sections"]] == [
        "1 Introduktion",
        "2 Organisering og samarbejde",
        "3 Indsatser",
        "4 Kommunikation og opkvalificering",
    ]
    infohus = data["sections"][1]["children"][1]
    assert [c["title"] for c in infohus["children"]] == [
        "Infohus Skive",
        "Procedure for modtagelse og håndtering af bekymring vedr. ekstremisme",
        "Infohus netværk",
    ]
    procedure = infohus["children"][1]
    assert procedure["tables"] == 1
    assert data["front_matter"]["tables"] == 1  # the contact box


def test_unreadable_file_exits_2_with_a_danish_message(tmp_path: Path) -> None:
    bad = tmp_path / "plan.docx"
    bad.write_text("dette er ikke et Word-dokument", encoding="utf-8")
    code, out, err = run("tree", str(bad))
    assert code == 2
    assert err.startswith("Fejl: ")
    assert "plan.docx" in err
    assert "Traceback" not in out + err


def test_unreadable_file_in_english(tmp_path: Path) -> None:
    empty = tmp_path / "tom.docx"
    empty.write_bytes(b"")
    code, _, err = run("tree", str(empty), "--lang", "en")
    assert code == 2
    assert err.startswith("Error: ")


def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run("tree", str(tmp_path / "findes-ikke.docx"))
    assert code == 2
    assert "Traceback" not in err


def test_example_plan_is_small_and_regenerates_identically(tmp_path: Path) -> None:
    assert EXAMPLE.stat().st_size <= 60 * 1024
    script = runpy.run_path(str(REPO / "examples" / "make_example.py"))
    fresh = tmp_path / "fresh.docx"
    assert script["main"](["make_example.py", str(fresh)]) == 0
    assert fresh.read_bytes() == EXAMPLE.read_bytes(), "run examples/make_example.py"
