"""The JSON report: the contract's fields, the schema, determinism and the round trip."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from fmt_samples import all_reports, mixed_report, passing_report, sample_pack, unreadable_report

from beredskab import __version__
from beredskab.formatters import get_formatter
from beredskab.formatters.json_format import report_from_dict, report_to_dict
from beredskab.results import Report, Result

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def assert_valid(instance: object) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(instance)]
    assert not errors, errors


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("report", all_reports(), ids=lambda r: r.file)
def test_every_report_validates(report: Report, lang: str) -> None:
    assert_valid(report_to_dict(report, lang))
    assert_valid(json.loads(get_formatter("json")([report], lang=lang, pack=None)))


def test_several_plans_give_an_array_and_jsonl_one_object_per_line() -> None:
    reports = all_reports()
    array = json.loads(get_formatter("json")(reports, lang="da", pack=None))
    assert isinstance(array, list) and len(array) == 3
    assert_valid(array)
    lines = get_formatter("jsonl")(reports, lang="da", pack=None, fmt="jsonl").splitlines()
    assert len(lines) == 3
    for line, report in zip(lines, reports, strict=True):
        obj = json.loads(line)
        assert_valid(obj)
        assert obj["file"] == report.file


def test_contract_fields_and_values() -> None:
    d = report_to_dict(mixed_report(), "da")
    assert list(d)[:9] == [
        "schema_version",
        "tool",
        "file",
        "sha256",
        "as_of",
        "lang",
        "rule_pack",
        "plan",
        "sections",
    ]
    assert d["schema_version"] == "1"
    assert d["tool"] == {"name": "beredskab", "version": "0.1.0"}
    assert d["as_of"] == "2026-11-27"
    assert d["plan"]["adopted"] == "2024-06-24"
    assert d["plan"]["contacts"] == {"phones": ["41749090"], "emails": ["infohus@skive.dk"]}
    int002 = next(r for r in d["results"] if r["rule"] == "INT002")
    assert int002["message"] == "INT002: besked på dansk"
    assert int002["data"] == {"goals": 2}
    assert int002["paragraph"] == 15 and int002["section"] == "intro.goals"
    # 3 pass, 4 fail (the waived one not counted), 1 waived, 1 n/a, 1 error
    assert d["summary"] == {
        "pass": 3,
        "fail": 4,
        "not_applicable": 1,
        "error": 1,
        "waived": 1,
        "score": round(4 / 9, 4),
        "error_failures": 3,
        "warning_failures": 1,
    }
    waived = next(r for r in d["results"] if r["rule"] == "INT003")
    assert waived["outcome"] == "fail" and waived["waived"] is True
    assert waived["waiver"]["accepted_by"] == "CDE, Jens Hansen"
    assert [n["status"] for n in d["waiver_notes"]] == ["expired", "unused"]


def test_message_follows_the_language() -> None:
    en = report_to_dict(mixed_report(), "en")
    assert all(r["message"].endswith("in English") for r in en["results"] if r["rule"] != "DOC001")
    assert en["lang"] == "en"


def test_results_are_sorted_and_output_is_byte_identical() -> None:
    report = mixed_report()
    shuffled = list(report.results)
    random.Random(7).shuffle(shuffled)
    other = replace(report, results=tuple(shuffled))
    render = get_formatter("json")
    first = render([report], lang="da", pack=sample_pack())
    assert first == render([report], lang="da", pack=sample_pack())
    assert first == render([other], lang="da", pack=sample_pack())
    keys = [(r["rule"], r["section"] or "") for r in json.loads(first)["results"]]
    assert keys == sorted(keys)


@pytest.mark.parametrize("report", all_reports(), ids=lambda r: r.file)
def test_round_trip(report: Report) -> None:
    back = report_from_dict(json.loads(json.dumps(report_to_dict(report, "da"))))
    expected = replace(
        report,
        results=tuple(sorted(report.results, key=Result.sort_key)),
        tool_version=report.tool_version or __version__,  # the JSON always names it
    )
    assert back == expected


def test_contract_only_dict_loads() -> None:
    """A dict with just the contract's fields (as in spec/report.md) reads back."""
    d = report_to_dict(passing_report(), "da")
    for key in ("lang", "rule_pack", "unmatched_sections", "document", "waiver_notes"):
        del d[key]
    for r in d["results"]:
        for key in ("messages", "data", "waived", "waiver"):
            del r[key]
    back = report_from_dict(d)
    assert back.results[0].message == {"da": back.results[0].text("da")}
    assert back.summary.passed == 3
    assert back.plan.municipality == "Aarhus Kommune"


def test_unknown_outcome_is_refused() -> None:
    d = report_to_dict(unreadable_report(), "da")
    d["results"][0]["outcome"] = "maybe"
    with pytest.raises(ValueError, match="maybe"):
        report_from_dict(d)
    assert list(VALIDATOR.iter_errors(d))
