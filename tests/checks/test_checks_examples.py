"""The passing and failing example texts in the rule pack say what they claim: for every
phrase rule (pattern-present / pattern-absent), the example placed under the rule's
section gives the stated outcome."""

from __future__ import annotations

import pytest
from checks_helpers import build_context

from beredskab.engine import evaluate
from beredskab.rulepack import RulePack, load_pack

PHRASE_KINDS = ("pattern-present", "pattern-absent")
RULES = [r for r in load_pack().rules if r.kind in PHRASE_KINDS]


def _plan(section: str | None, text: str, pack: RulePack) -> str:
    if section is None:
        return text
    spec = pack.section(section)
    assert spec is not None
    heading = f"{spec.number} {spec.title}" if spec.number else spec.title
    return f"## {heading} [{section}]\n{text}"


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
@pytest.mark.parametrize("which", ["pass", "fail"])
def test_example_gives_its_outcome(rule_id: str, which: str, pack: RulePack) -> None:
    rule = pack.rule(rule_id)
    assert rule is not None
    ctx = build_context(_plan(rule.section, rule.examples[which], pack), pack=pack)
    (result,) = evaluate(pack, ctx, select=[rule_id])
    assert result.outcome == which, (result.text("da"), result.evidence)
