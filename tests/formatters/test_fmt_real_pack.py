"""The formatters with the shipped rule pack (rules/cde-2024): real rule and section data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from beredskab.formatters import FORMATS, get_formatter
from beredskab.results import PlanInfo, Report, Result, SectionResult
from beredskab.rulepack import RulePack, load_pack

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pack() -> RulePack:
    return load_pack()


def failing_everywhere(pack: RulePack) -> Report:
    """One failing result per rule (per section for rules without one of their own)."""
    results = [
        Result(
            rule=rule.id,
            name=rule.name,
            outcome="fail",
            severity=rule.severity,
            message={"da": f"{rule.id} mangler", "en": f"{rule.id} is missing"},
            section=rule.section,
            evidence="Kommunens navn",
            paragraph=3,
        )
        for rule in pack.rules
    ]
    sections = tuple(
        SectionResult(s.key, s.order % 2 == 0, s.title if s.order % 2 == 0 else None, s.order, 0.9)
        for s in pack.sections
    )
    return Report(
        file="blank.docx",
        sha256="0" * 64,
        as_of=date(2026, 11, 27),
        plan=PlanInfo(),
        sections=sections,
        results=tuple(results),
        rule_pack=pack.label,
    )


def test_sarif_lists_every_rule_and_validates(pack: RulePack) -> None:
    log = json.loads(get_formatter("sarif")([failing_everywhere(pack)], lang="da", pack=pack))
    schema = json.loads((REPO / "schemas" / "sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r.id for r in pack.rules)
    assert all(r["help"]["text"] for r in rules)


def test_sections_in_template_order_with_template_headings(pack: RulePack) -> None:
    report = failing_everywhere(pack)
    text = get_formatter("text")([report], lang="da", pack=pack)
    keyed = [s for s in pack.sections if any(r.section == s.key for r in pack.rules)]
    labels = [f"{s.number} {s.title}" if s.number else s.title for s in keyed]
    positions = [text.index(label) for label in labels]
    assert positions == sorted(positions)
    html = get_formatter("html")([report], lang="da", pack=pack)
    blocks = {r.explanation.get("text_block") for r in pack.rules} - {None}
    for number in blocks:
        assert f"Tekstblok {number} i skabelonen kan bruges her." in html


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_renders(pack: RulePack, fmt: str) -> None:
    """Every failing rule is shown in every format (nothing is dropped)."""
    out = get_formatter(fmt)([failing_everywhere(pack)], lang="en", pack=pack, fmt=fmt)
    missing = [rule.id for rule in pack.rules if rule.id not in out]
    assert not missing
