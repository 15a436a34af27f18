"""The checker against the sample corpus's known truth (issue 4: at least 98 % of rule
outcomes agree). Generates a small corpus in memory with ``beredskab.sample`` and checks
every plan through the real pipeline; prints per-rule agreement on failure."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from beredskab.errors import DocumentError
from beredskab.pipeline import check_path, unreadable_report
from beredskab.rulepack import RulePack
from beredskab.sample.corpus import corpus_specs, file_name, generate_plan
from beredskab.sample.truth import compare

AS_OF = date(2026, 11, 27)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 11])
def test_sample_corpus_agreement(seed: int, tmp_path: Path, pack: RulePack) -> None:
    specs, _missing = corpus_specs(seed, 12, 2, AS_OF)
    taken: set[str] = set()
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong: list[str] = []
    for spec in specs:
        plan = generate_plan(spec, file_name(spec, taken))
        path = tmp_path / plan.file
        path.write_bytes(plan.data)
        try:
            report = check_path(path, pack=pack, as_of=AS_OF)
        except DocumentError as exc:
            report = unreadable_report(path, exc, pack=pack, as_of=AS_OF)
        disagreements = {
            (d.rule, d.section) for d in compare(report, plan.truth) if d.kind == "outcome"
        }
        for key in plan.truth["outcomes"]:
            rule, _, section = key.partition(":")
            total[rule] += 1
            if (rule, section or None) in disagreements:
                wrong.append(f"{plan.file} {key}")
            else:
                agree[rule] += 1
    rate = sum(agree.values()) / sum(total.values())
    per_rule = {rule: f"{agree[rule]}/{n}" for rule, n in sorted(total.items()) if agree[rule] < n}
    assert rate >= 0.98, (rate, per_rule, wrong[:20])
    assert sum(total.values()) > 500
