"""Unit tests of the sample generator: determinism, file layout, truth format, compare()."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from beredskab.reference import municipality_by_code
from beredskab.results import PlanInfo, Report, Result, SectionResult
from beredskab.sample import RULE_IDS, compare, generate_corpus
from beredskab.sample.corpus import corpus_specs, generate_plan
from beredskab.sample.spec import make_profile, plan_specs
from beredskab.sample.truth import RECOMMENDED, REQUIRED

AS_OF = date(2026, 11, 27)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_and_as_of_give_identical_bytes(tmp_path: Path) -> None:
    a = generate_corpus(tmp_path / "a", seed=7, municipalities=3, as_of=AS_OF)
    generate_corpus(tmp_path / "b", seed=7, municipalities=3, as_of=AS_OF)
    assert len(a.plans) >= 3
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_another_seed_gives_other_plans(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "a", seed=7, municipalities=3, as_of=AS_OF)
    generate_corpus(tmp_path / "b", seed=8, municipalities=3, as_of=AS_OF)
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_zip_entries_have_fixed_timestamps(tmp_path: Path) -> None:
    result = generate_corpus(tmp_path, seed=3, municipalities=2, as_of=AS_OF)
    with zipfile.ZipFile(io.BytesIO(result.plans[0].data)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2020, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert f"{result.plans[0].truth['received']}T08:00:00Z" in core


def test_files_manifest_and_missing(tmp_path: Path) -> None:
    result = generate_corpus(tmp_path, seed=2, municipalities=20, versions=2, as_of=AS_OF)
    rows = list(
        csv.DictReader((tmp_path / "manifest.csv").read_text(encoding="utf-8").splitlines())
    )
    assert list(rows[0]) == ["kommune", "kommunekode", "file", "received", "version"]
    assert len(rows) == len(result.plans)
    for row in rows:
        assert (tmp_path / row["file"]).is_file()
        truth = json.loads((tmp_path / row["file"].replace(".docx", ".truth.json")).read_text())
        assert truth["file"] == row["file"]
        assert truth["kommune"] == row["kommune"] and truth["version"] == int(row["version"])
    missing = json.loads((tmp_path / "missing.json").read_text(encoding="utf-8"))
    assert len(missing) == 1
    have = {r["kommunekode"] for r in rows}
    assert missing[0]["kommunekode"] not in have
    # Versions of one municipality are numbered 1, 2 … in order of received date.
    by_muni: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_muni.setdefault(row["kommunekode"], []).append(row)
    for group in by_muni.values():
        ordered = sorted(group, key=lambda r: r["received"])
        assert [int(r["version"]) for r in ordered] == list(range(1, len(group) + 1))


def test_truth_has_one_outcome_per_rule(tmp_path: Path) -> None:
    result = generate_corpus(tmp_path, seed=4, municipalities=6, as_of=AS_OF)
    for plan in result.plans:
        truth = plan.truth
        if not truth["readable"]:
            continue
        keys = set(truth["outcomes"])
        rules = {k.split(":")[0] for k in keys}
        assert rules == set(RULE_IDS)
        assert {k for k in keys if k.startswith("STR001:")} == {f"STR001:{k}" for k in REQUIRED}
        assert {k for k in keys if k.startswith("STR002:")} == {f"STR002:{k}" for k in RECOMMENDED}
        present = {k for k, v in truth["sections"].items() if v["present"]}
        assert {k for k in keys if k.startswith("STR003:")} == {f"STR003:{k}" for k in present}
        assert set(truth["outcomes"].values()) <= {"pass", "fail", "not-applicable"}
        facts = truth["facts"]
        for key in ("municipality", "kommunekode", "police_district", "plan_year", "adopted"):
            assert key in facts
        assert facts["goal_count"] == len(facts["goals"])
        assert truth["as_of"] == "2026-11-27"


def test_truth_is_derived_from_the_written_text() -> None:
    """A seeded defect changes the text and the truth together."""
    muni = municipality_by_code("779")
    assert muni is not None
    profile = make_profile(muni, 1)
    spec = plan_specs(profile, 1, AS_OF, 1)[-1]
    good = spec.__class__(**{**_fields(spec), "defects": frozenset(), "idioms": spec.idioms})
    bad = spec.__class__(
        **{**_fields(spec), "defects": frozenset({"goals-too-many", "hotline-wrong-number"})}
    )
    t_good = generate_plan(good, "a.docx").truth
    t_bad = generate_plan(bad, "b.docx").truth
    assert t_bad["facts"]["goal_count"] == 6 and t_bad["outcomes"]["INT002"] == "fail"
    assert 3 <= t_good["facts"]["goal_count"] <= 5 and t_good["outcomes"]["INT002"] == "pass"
    assert t_bad["outcomes"]["CON002"] == "fail" and "41749000" in t_bad["facts"]["phones"]
    assert t_good["outcomes"]["CON002"] == "pass"


def _fields(spec: object) -> dict[str, object]:
    return {name: getattr(spec, name) for name in spec.__dataclass_fields__}  # type: ignore[attr-defined]


def test_every_plan_of_a_small_corpus_is_a_valid_word_file(tmp_path: Path) -> None:
    import docx

    result = generate_corpus(tmp_path, seed=5, municipalities=4, as_of=AS_OF)
    for plan in result.plans:
        document = docx.Document(io.BytesIO(plan.data))
        assert any(p.text for p in document.paragraphs)


def test_specs_are_pure_and_seeded() -> None:
    a, miss_a = corpus_specs(11, 10, 2, AS_OF)
    b, miss_b = corpus_specs(11, 10, 2, AS_OF)
    assert a == b and miss_a == miss_b


def _report(results: list[Result], plan: PlanInfo, sections: list[SectionResult]) -> Report:
    return Report("x.docx", None, AS_OF, plan, tuple(sections), tuple(results))


def test_compare_reports_outcome_fact_and_section_disagreements() -> None:
    truth = {
        "outcomes": {"DOC001": "pass", "INT002": "fail", "STR001:intro.goals": "pass"},
        "facts": {
            "municipality": "Skive Kommune",
            "kommunekode": "779",
            "police_district": None,
            "plan_year": 2024,
            "adopted": "2024-06-24",
            "revision_interval_years": 4,
            "next_revision_due": "2028-06-24",
            "goal_count": 2,
        },
        "sections": {"intro.goals": {"present": True}, "org.network": {"present": False}},
    }

    def result(rule: str, outcome: str, section: str | None = None) -> Result:
        return Result(rule, rule.lower(), outcome, "error", {"da": ""}, section)  # type: ignore[arg-type]

    plan = PlanInfo(
        municipality="Skive Kommune",
        kommunekode="779",
        plan_year=2024,
        adopted=date(2024, 6, 24),
        revision_interval_years=5,
        next_revision_due=date(2028, 6, 24),
        goals=("a", "b"),
    )
    report = _report(
        [result("DOC001", "pass"), result("INT002", "pass")],
        plan,
        [SectionResult("intro.goals", True), SectionResult("org.network", True)],
    )
    found = {(d.kind, d.key): (d.expected, d.actual) for d in compare(report, truth)}
    assert found == {
        ("outcome", "INT002"): ("fail", "pass"),
        ("outcome", "STR001:intro.goals"): ("pass", "missing"),
        ("fact", "revision_interval_years"): (4, 5),
        ("section", "org.network"): (False, True),
    }


def test_cli_writes_a_corpus(tmp_path: Path) -> None:
    from beredskab.cli import main

    out = tmp_path / "s"
    res = CliRunner().invoke(
        main, ["sample", str(out), "--municipalities", "3", "--as-of", "2026-11-27"]
    )
    assert res.exit_code == 0, res.output
    assert "eksempelplaner" in res.output
    assert (out / "manifest.csv").is_file()


@pytest.mark.parametrize(
    "args",
    [
        ["--municipalities", "0"],
        ["--municipalities", "many"],
        ["--as-of", "27-11-2026"],
        ["--versions", "9"],
    ],
)
def test_cli_rejects_bad_options_in_danish(tmp_path: Path, args: list[str]) -> None:
    from beredskab.cli import main

    res = CliRunner().invoke(main, ["sample", str(tmp_path / "s"), *args])
    assert res.exit_code == 2
    assert "Fejl" in res.output
