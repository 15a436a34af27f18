"""End to end through the real pipeline: two versions of a real .docx plan, recorded
with ``beredskab history add``; the diff shows the seeded changes.

Version 2 is the bundled example plan (Skive Kommune, adopted 24 June 2025, revised
every second year). Version 1 is made from it here, with python-docx, by seeding these
differences: adopted 20 February 2021 and revised every fifth year (INT005 fails, and
by 1 July 2025 the revision is overdue: REV001), plan year 2021, heading "1.2 Vores
mål" instead of "1.2 Mål", no section 4.3 (STR001 for comms.acute fails), and a
shorter first sentence in 4.2.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from beredskab.cli import main
from beredskab.history import open_db

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "eksempel-beredskabsplan.docx"
AS_OF = ("--as-of", "2025-07-01")
TRAINING_V2 = "Vi holder et kursus om bekymringstegn hvert forår og hvert efterår."


def _make_v1(target: Path) -> None:
    document = docx.Document(str(EXAMPLE))
    paragraphs = list(document.paragraphs)
    drop = False
    for p in paragraphs:
        text = p.text.strip()
        if text.startswith("4.3 Informationsstrategi"):
            drop = True
        elif drop and p.style is not None and p.style.name.startswith("Heading"):
            drop = False
        if drop:
            p._element.getparent().remove(p._element)
            continue
        if text == "1.2 Mål":
            p.text = "1.2 Vores mål"
        elif text.startswith("Byrådet vedtog planen"):
            p.text = "Byrådet vedtog planen den 20. februar 2021. Planen revideres hvert femte år."
        elif text == "Skive Kommune 2025":
            p.text = "Skive Kommune 2021"
        elif text.startswith(TRAINING_V2):
            p.text = text.replace(TRAINING_V2, "Vi holder et kursus om bekymringstegn hvert forår.")
    document.save(str(target))


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("e2e")
    v1 = folder / "skive-2021.docx"
    _make_v1(v1)
    db = folder / "h.sqlite"
    runner = CliRunner()
    for plan, received in ((v1, "2021-03-01"), (EXAMPLE, "2025-07-01")):
        result = runner.invoke(
            main,
            ["history", "add", str(plan), "--received", received, *AS_OF, "--db", str(db)],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        assert "Skive Kommune: gemt som version" in result.output
    again = runner.invoke(main, ["history", "add", str(EXAMPLE), "--db", str(db)])
    assert "allerede gemt som version 2" in again.output
    return db


def test_diff_of_two_real_versions(recorded: Path) -> None:
    out = CliRunner().invoke(
        main, ["history", "diff", "Skive", "--format", "json", "--db", str(recorded)]
    )
    assert out.exit_code == 0, out.output
    d = json.loads(out.output)
    fixed = {(f["rule"], f["section"]) for f in d["findings"]["fixed"]}
    assert {("INT005", None), ("REV001", None), ("STR001", "comms.acute")} <= fixed
    assert d["findings"]["new"] == []
    facts = d["facts"]
    assert facts["revision_interval_years"] == {"from": 5, "to": 2}
    assert facts["adopted"] == {"from": "2021-02-20", "to": "2025-06-24"}
    assert facts["plan_year"] == {"from": 2021, "to": 2025}
    assert set(facts) <= {"revision_interval_years", "adopted", "plan_year", "next_revision_due"}
    s = d["sections"]
    assert s["added"] == [
        {"key": "comms.acute", "heading": "4.3 Informationsstrategi i akutte situationer"}
    ]
    assert s["removed"] == [] and s["moved"] == []
    assert s["renamed"] == [{"key": "intro.goals", "from": "1.2 Vores mål", "to": "1.2 Mål"}]
    changed = {c["key"]: c for c in s["changed"]}
    assert set(changed) == {"intro.responsibility", "comms.training"}
    assert (
        changed["comms.training"]["words_added"],
        changed["comms.training"]["words_removed"],
    ) == (
        4,
        1,
    )


def test_due_and_list_after_recording(recorded: Path) -> None:
    with open_db(recorded) as db:
        [current] = db.current_reports()
        assert current.plan.municipality == "Skive Kommune"
        versions = db.versions("Skive")
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].adopted is not None and versions[1].adopted.isoformat() == "2025-06-24"
    out = CliRunner().invoke(
        main, ["due", "--as-of", "2027-03-01", "--format", "json", "--db", str(recorded)]
    )
    skive = next(r for r in json.loads(out.output) if r["kommunekode"] == "779")
    assert skive["next_revision_due"] == "2027-06-24" and skive["status"] == "due-soon"


def test_recheck_from_stored_bytes_keeps_old_results(recorded: Path, tmp_path: Path) -> None:
    with open_db(recorded) as db:
        before = {v.id: [e.id for e in db.evaluations(v.id)] for v in db.versions()}
    # A later as-of date changes the REV results of version 2 (due 24 June 2027).
    out = CliRunner().invoke(
        main, ["history", "recheck", "Skive", "--as-of", "2027-03-01", "--db", str(recorded)]
    )
    assert out.exit_code == 0, out.output
    assert "2 version(er) er tjekket igen" in out.output
    with open_db(recorded) as db:
        for v in db.versions():
            evaluations = db.evaluations(v.id)
            assert [e.id for e in evaluations][: len(before[v.id])] == before[v.id]
        newest = db.version("Skive")
        report = db.report(newest.id)
        assert report is not None and report.as_of == date(2027, 3, 1)
        assert report.file == "eksempel-beredskabsplan.docx"
        rev002 = [r.outcome for r in report.results if r.rule == "REV002"]
        assert rev002 == ["fail"]


def test_add_reports_a_file_it_cannot_read(recorded: Path, tmp_path: Path) -> None:
    bad = tmp_path / "ikke-en-plan.docx"
    bad.write_text("dette er ikke et Word-dokument", encoding="utf-8")
    out = CliRunner().invoke(main, ["history", "add", str(bad), "--db", str(recorded)])
    assert out.exit_code == 2
    assert "ikke-en-plan.docx er ikke gemt" in out.output
    with open_db(recorded) as db:
        assert len(db.versions()) == 2
