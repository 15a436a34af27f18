"""SARIF 2.1.0: valid against the shipped OASIS schema, with the documented mapping."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fmt_samples import all_reports, mixed_report, passing_report, sample_pack, unreadable_report

from beredskab.formatters import get_formatter
from beredskab.formatters.sarif import artifact_uri, fingerprint, to_sarif
from beredskab.results import PlanInfo, Report

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "schemas" / "sarif-2.1.0.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)


def assert_valid(log: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(log)]
    assert not errors, errors


def results_by_rule(log: dict[str, Any], run: int = 0) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (r["ruleId"], r["properties"].get("section", "")): r for r in log["runs"][run]["results"]
    }


def test_shipped_schema_is_the_oasis_schema() -> None:
    from shared_data import shared_path

    spec = json.loads(shared_path("spec", "sarif", "sarif-schema-2.1.0.json").read_text("utf-8"))
    assert spec == SCHEMA


@pytest.mark.parametrize("with_pack", [True, False])
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("reports", [[r] for r in all_reports()] + [all_reports()])
def test_every_test_report_validates(reports: list[Report], lang: str, with_pack: bool) -> None:
    text = get_formatter("sarif")(reports, lang=lang, pack=sample_pack() if with_pack else None)
    log = json.loads(text)
    assert_valid(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == len(reports)


def test_kinds_levels_and_suppressions() -> None:
    log = to_sarif([mixed_report()], lang="da", pack=sample_pack())
    got = results_by_rule(log)
    assert got[("DOC003", "")]["kind"] == "pass"
    assert got[("DOC003", "")]["level"] == "none"
    assert got[("CON001", "")]["kind"] == "notApplicable"
    assert got[("INT002", "intro.goals")]["kind"] == "fail"
    assert got[("INT002", "intro.goals")]["level"] == "error"
    assert got[("DOC005", "")]["level"] == "note"
    # An evaluation error is a visible failure, marked as such, at the rule's severity.
    err = got[("INT007", "intro.definitions")]
    assert err["kind"] == "fail" and err["level"] == "warning"
    assert err["properties"]["evaluationError"] is True
    assert err["properties"]["outcome"] == "error"
    # The waived finding is reported, with an accepted external suppression.
    waived = got[("INT003", "intro.responsibility")]
    assert waived["kind"] == "fail"
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Aftalt ved møde 3. maj <2026>",
            "properties": {
                "acceptedBy": "CDE, Jens Hansen",
                "expires": "2027-12-31",
                "accepted": "2026-05-03",
            },
        }
    ]
    assert all("suppressions" not in r for k, r in got.items() if k[0] != "INT003")


def test_locations_paragraph_and_section() -> None:
    log = to_sarif([mixed_report()], lang="da", pack=sample_pack())
    result = results_by_rule(log)[("INT002", "intro.goals")]
    location = result["locations"][0]
    region = location["physicalLocation"]["region"]
    assert region["startLine"] == 16  # paragraph 15, counted from 1
    assert region["properties"]["paragraph"] == 15
    assert region["snippet"]["text"] == "Mål 1: …"
    assert (
        location["physicalLocation"]["artifactLocation"]["uri"] == "plans/skive%20plan%202024.docx"
    )
    logical = location["logicalLocations"][0]
    assert logical["fullyQualifiedName"] == "intro.goals"
    assert logical["name"].startswith("Vores mål")
    assert logical["kind"] == "module"
    # A section the plan lacks is named by the template's heading.
    missing = results_by_rule(log)[("STR001", "intro.definitions")]
    assert missing["locations"][0]["logicalLocations"][0]["name"] == (
        "1.4 Definitioner og bekymringstegn"
    )
    assert "region" not in missing["locations"][0]["physicalLocation"]


def test_rules_descriptors() -> None:
    pack = sample_pack()
    log = to_sarif([mixed_report()], lang="da", pack=pack)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({r.id for r in pack.rules})
    int007 = next(r for r in rules if r["id"] == "INT007")
    assert int007["defaultConfiguration"]["level"] == "warning"
    assert int007["shortDescription"]["text"] == "Definitioner"
    assert "Tekstblok 2" in int007["help"]["text"]
    assert "**Sådan retter I det:**" in int007["help"]["markdown"]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_rules_without_a_pack_come_from_the_results() -> None:
    log = to_sarif([unreadable_report()], lang="en", pack=None)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["DOC001"]
    assert rules[0]["defaultConfiguration"]["level"] == "error"


def test_invocation_and_notifications() -> None:
    broken = to_sarif([unreadable_report()], lang="da")["runs"][0]["invocations"][0]
    assert broken["executionSuccessful"] is False
    assert broken["toolExecutionNotifications"][0]["associatedRule"]["id"] == "DOC001"
    fine = to_sarif([passing_report()], lang="da")["runs"][0]["invocations"][0]
    assert fine["executionSuccessful"] is True
    notes = to_sarif([mixed_report()], lang="da")["runs"][0]["invocations"][0][
        "toolConfigurationNotifications"
    ]
    assert [n["descriptor"]["id"] for n in notes] == ["waiver-expired", "waiver-unused"]
    assert "udløb" in notes[0]["message"]["text"]


def test_fingerprints_are_stable_and_distinct() -> None:
    report = mixed_report()
    result = next(r for r in report.results if r.rule == "INT002")
    moved = replace(result, paragraph=99, evidence="anden tekst", message={"da": "ny tekst"})
    assert fingerprint(result, report) == fingerprint(moved, report)
    other_town = replace(report, plan=PlanInfo(municipality="Aarhus Kommune", kommunekode="751"))
    assert fingerprint(result, report) != fingerprint(result, other_town)
    str_results = [r for r in report.results if r.rule == "STR001"]
    prints = {fingerprint(r, report) for r in str_results}
    assert len(prints) == len(str_results)


def test_artifact_uris() -> None:
    assert artifact_uri("plans/Skive plan æ.docx") == "plans/Skive%20plan%20%C3%A6.docx"
    assert artifact_uri("/data/plan 1.docx") == "file:///data/plan%201.docx"
    assert artifact_uri("C:\\Planer\\plan.docx") == "file:///C:/Planer/plan.docx"


def test_byte_identical() -> None:
    render = get_formatter("sarif")
    assert render(all_reports(), lang="da", pack=sample_pack()) == render(
        all_reports(), lang="da", pack=sample_pack()
    )
