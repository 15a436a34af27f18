"""Waivers: loading and validating the file, applying, expiry, unused, and clear errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from beredskab.errors import BeredskabError
from beredskab.formatters import get_formatter
from beredskab.formatters.json_format import report_to_dict
from beredskab.results import PlanInfo, Report, Result
from beredskab.waivers import (
    Waiver,
    WaiverError,
    apply_waivers,
    apply_waivers_all,
    load_waivers,
    municipality_key,
    parse_waivers,
)

REPO = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 27)

VALID_YAML = """\
# CDE's accepted deviations
waivers:
  - kommune: Skive Kommune
    rule: INT002
    accepted_by: CDE, Jens Hansen
    reason: Målene står i kommunens børne- og ungepolitik.
    expires: 2027-12-31
    accepted: 2026-01-15
  - kommune: "779"
    rule: STR001
    section: intro.definitions
    accepted_by: CDE
    reason: Definitionerne står i bilag 2.
    expires: 2027-06-30
"""

VALID_TOML = """\
[[waivers]]
kommune = "Skive"
rule = "INT002"
accepted_by = "CDE, Jens Hansen"
reason = "Målene står i kommunens børne- og ungepolitik."
expires = 2027-12-31
"""


def result(rule: str, outcome: str, section: str | None = None, severity: str = "error") -> Result:
    return Result(
        rule=rule,
        name=rule.lower(),
        outcome=outcome,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        message={"da": f"{rule} dansk", "en": f"{rule} English"},
        section=section,
    )


def report(municipality: str | None = "Skive Kommune", code: str | None = "779") -> Report:
    return Report(
        file="skive.docx",
        sha256=None,
        as_of=AS_OF,
        plan=PlanInfo(municipality=municipality, kommunekode=code, plan_year=2024),
        sections=(),
        results=(
            result("INT002", "fail", "intro.goals"),
            result("STR001", "fail", "intro.definitions"),
            result("STR001", "fail", "intro.goals"),
            result("STR001", "pass", "intro.vision"),
            result("CON001", "pass"),
            result("INT007", "error", "intro.definitions", "warning"),
        ),
    )


def waiver(rule: str, expires: date = date(2027, 1, 1), **kw: object) -> Waiver:
    return Waiver(
        kommune=str(kw.pop("kommune", "Skive Kommune")),
        rule=rule,
        accepted_by="CDE",
        reason="Aftalt",
        expires=expires,
        **kw,  # type: ignore[arg-type]
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_schema_is_valid() -> None:
    schema = json.loads((REPO / "schemas" / "waivers.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def test_load_yaml_and_toml(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, "w.yaml", VALID_YAML))
    assert len(waivers) == 2
    first, second = waivers.waivers
    assert first.expires == date(2027, 12, 31) and first.accepted == date(2026, 1, 15)
    assert second.kommune == "779" and second.section == "intro.definitions"
    assert waivers.source == str(tmp_path / "w.yaml")
    toml = load_waivers(write(tmp_path, "w.toml", VALID_TOML))
    assert [w.rule for w in toml] == ["INT002"]
    assert toml.waivers[0].expires == date(2027, 12, 31)
    # a bare list is accepted, and an empty file is an empty set
    assert len(parse_waivers([{**first.as_dict(), "section": "intro.goals"}])) == 1
    assert len(load_waivers(write(tmp_path, "empty.yaml", ""))) == 0


def test_applied(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, "w.yaml", VALID_YAML))
    before = report()
    after = apply_waivers(before, waivers, AS_OF)
    by_key = {(r.rule, r.section): r for r in after.results}
    int002 = by_key[("INT002", "intro.goals")]
    assert int002.waived and int002.outcome == "fail"
    assert int002.waiver is not None
    assert int002.waiver["accepted_by"] == "CDE, Jens Hansen"
    assert int002.waiver["expires"] == "2027-12-31"
    # the section-specific waiver covers only that section
    assert by_key[("STR001", "intro.definitions")].waived
    assert not by_key[("STR001", "intro.goals")].waived
    assert not by_key[("STR001", "intro.vision")].waived
    assert after.waiver_notes == ()
    assert (before.summary.failed, before.summary.waived) == (3, 0)
    assert (after.summary.failed, after.summary.waived) == (1, 2)
    assert after.summary.score is not None and before.summary.score is not None
    assert after.summary.score > before.summary.score
    # never hidden: the same results, in the same order
    assert [r.rule for r in after.results] == [r.rule for r in before.results]


def test_waiver_applies_through_its_expiry_day() -> None:
    last_day = apply_waivers(report(), [waiver("INT002", expires=AS_OF)], AS_OF)
    assert any(r.waived for r in last_day.results)


def test_expired() -> None:
    after = apply_waivers(report(), [waiver("INT002", expires=date(2026, 11, 26))], AS_OF)
    assert not any(r.waived for r in after.results)
    assert len(after.waiver_notes) == 1
    note = after.waiver_notes[0]
    assert note["status"] == "expired" and note["rule"] == "INT002"
    assert note["expires"] == "2026-11-26"
    text = get_formatter("text")([after], lang="da", pack=None)
    assert "Dispensationen for INT002 (Skive Kommune) udløb 26. november 2026" in text


def test_unused_when_the_rule_passes_or_is_absent() -> None:
    after = apply_waivers(report(), [waiver("CON001"), waiver("KOM004")], AS_OF)
    assert not any(r.waived for r in after.results)
    assert [(n["status"], n["rule"]) for n in after.waiver_notes] == [
        ("unused", "CON001"),
        ("unused", "KOM004"),
    ]
    text = get_formatter("text")([after], lang="en", pack=None)
    assert "The waiver for CON001 (Skive Kommune) is not used" in text


def test_not_yet_valid() -> None:
    after = apply_waivers(report(), [waiver("INT002", accepted=date(2027, 1, 1))], AS_OF)
    assert not any(r.waived for r in after.results)
    assert after.waiver_notes[0]["status"] == "not-yet-valid"


def test_error_outcomes_can_be_waived() -> None:
    after = apply_waivers(report(), [waiver("INT007")], AS_OF)
    assert next(r for r in after.results if r.rule == "INT007").waived
    assert after.summary.errors == 0 and after.summary.waived == 1


def test_other_municipalities_are_ignored() -> None:
    after = apply_waivers(report(), [waiver("INT002", kommune="Aarhus Kommune")], AS_OF)
    assert not any(r.waived for r in after.results) and after.waiver_notes == ()
    unknown = apply_waivers(report(None, None), [waiver("INT002")], AS_OF)
    assert not any(r.waived for r in unknown.results)


@pytest.mark.parametrize("kommune", ["Skive Kommune", "Skive", "skive kommune", "779", "0779"])
def test_municipality_by_name_or_code(kommune: str) -> None:
    after = apply_waivers(report(), [waiver("INT002", kommune=kommune)], AS_OF)
    assert any(r.waived for r in after.results)


def test_municipality_key() -> None:
    assert municipality_key("Københavns Kommune") == municipality_key("København")
    assert municipality_key("Bornholms Regionskommune") == municipality_key("Bornholm")
    assert municipality_key("Aabenraa Kommune") == municipality_key("Åbenrå")
    assert municipality_key("Lyngby-Taarbæk Kommune") != municipality_key("Lyngby")


def test_first_waiver_wins_and_a_redundant_one_is_unused() -> None:
    after = apply_waivers(report(), [waiver("INT002"), waiver("INT002", kommune="779")], AS_OF)
    assert [(n["status"], n["kommune"]) for n in after.waiver_notes] == [("unused", "779")]
    waived = next(r for r in after.results if r.rule == "INT002")
    assert waived.waiver is not None and waived.waiver["kommune"] == "Skive Kommune"


def test_default_as_of_is_the_reports_and_all_reports() -> None:
    reports = apply_waivers_all([report(), report("Aarhus Kommune", "751")], [waiver("INT002")])
    assert [any(r.waived for r in rep.results) for rep in reports] == [True, False]


def test_waived_report_is_valid_json_and_sarif() -> None:
    after = apply_waivers(report(), [waiver("INT002"), waiver("CON001", date(2020, 1, 1))], AS_OF)
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text("utf-8"))
    d = report_to_dict(after, "da")
    jsonschema.validate(d, schema, cls=jsonschema.Draft202012Validator)
    assert d["summary"]["waived"] == 1
    sarif = json.loads(get_formatter("sarif")([after], lang="da", pack=None))
    sarif_schema = json.loads((REPO / "schemas" / "sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(sarif, sarif_schema, cls=jsonschema.Draft4Validator)
    suppressed = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["INT002"]
    html = get_formatter("html")([after], lang="da", pack=None)
    assert "Dispensation givet af CDE til og med 1. januar 2027: Aftalt" in html
    assert "Dispensationen for CON001 (Skive Kommune) udløb 1. januar 2020" in html
    md = get_formatter("md")([after], lang="da", pack=None)
    assert "**Dispensation:** INT002 dansk" in md


# --- invalid files: a clear error naming the file, the waiver and key, and the problem


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        (
            "waivers:\n  - kommune: Skive\n    rule: INT002\n    accepted_by: CDE\n    reason: x\n",
            "dispensation nr. 1",
            "feltet »expires« mangler",
        ),
        (
            "waivers:\n  - kommune: Skive\n    rule: INT002\n    accepted_by: CDE\n"
            "    reason: x\n    expires: 31-12-2027\n",
            "dispensation nr. 1, feltet »expires«",
            "»31-12-2027« er ikke en gyldig dato",
        ),
        (
            "waivers:\n  - kommune: Skive\n    rule: INT002\n    accepted_by: CDE\n"
            "    reason: x\n    expires: 2027-12-31\n"
            "  - kommune: Skive\n    rule: INT002\n    accepted_by: CDE\n"
            "    reason: x\n    expires: '2027-02-30'\n",
            "dispensation nr. 2, feltet »expires«",
            "»2027-02-30« er ikke en gyldig dato",
        ),
        (
            "waivers:\n  - kommune: Skive\n    rule: int2\n    accepted_by: CDE\n"
            "    reason: x\n    expires: 2027-12-31\n",
            "dispensation nr. 1, feltet »rule«",
            "»int2« er ikke et regel-ID",
        ),
        (
            "waivers:\n  - kommune: Skive\n    rule: INT002\n    accepted_by: CDE\n"
            "    reason: x\n    expires: 2027-12-31\n    udløber: 2028-01-01\n",
            "dispensation nr. 1",
            "feltet »udløber« kendes ikke",
        ),
        (
            "waivers:\n  - kommune: Skive\n    rule: INT002\n    accepted_by: ''\n"
            "    reason: x\n    expires: 2027-12-31\n",
            "dispensation nr. 1, feltet »accepted_by«",
            "feltet må ikke være tomt",
        ),
        ("dispensationer: []\n", "filens øverste niveau", "feltet »waivers« mangler"),
    ],
)
def test_invalid_file(tmp_path: Path, text: str, where: str, problem: str) -> None:
    path = write(tmp_path, "dispensationer.yaml", text)
    with pytest.raises(WaiverError) as info:
        load_waivers(path)
    message = info.value.message("da")
    assert str(path) in message
    assert where in message
    assert problem in message
    assert isinstance(info.value, BeredskabError)
    assert str(path) in info.value.message("en")
    assert "is not valid at" in info.value.message("en")


def test_unreadable_and_missing_files(tmp_path: Path) -> None:
    bad = write(tmp_path, "w.yaml", "waivers: [\n  - {kommune: Skive\n")
    with pytest.raises(WaiverError, match="kan ikke læses"):
        load_waivers(bad)
    bad_toml = write(tmp_path, "w.toml", "[[waivers]\n")
    with pytest.raises(WaiverError, match=r"w\.toml"):
        load_waivers(bad_toml)
    with pytest.raises(WaiverError, match="findes ikke"):
        load_waivers(tmp_path / "nope.yaml")
