"""The annotated copy of a real check: the pipeline's report and the project's rule pack."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from annotate_helpers import build_plan, read_comments, rule_of

from beredskab.annotate import annotate_docx
from beredskab.pipeline import check_path
from beredskab.reader import read_document
from beredskab.rulepack import load_pack


def test_copy_of_a_checked_plan(tmp_path: Path) -> None:
    plan = build_plan(tmp_path / "plan.docx")
    report = check_path(plan)
    failing = [r for r in report.results if r.failed]
    assert failing  # the sample plan is deliberately incomplete
    out = tmp_path / "plan-kommenteret.docx"
    outcome = annotate_docx(plan, out, report)  # the default rule pack

    comments = [c for c in read_comments(out) if c.author == "beredskab"]
    assert len(comments) == len(failing) + 1 == outcome.comments
    assert Counter(rule_of(c) for c in comments if rule_of(c)) == Counter(r.rule for r in failing)
    # The file holds what the result says, and findings with a paragraph sit on it.
    assert sorted((rule_of(c), c.paragraph) for c in comments if rule_of(c)) == sorted(
        (a.rule, a.paragraph) for a in outcome.anchors if a.rule
    )
    count = read_document(plan).paragraph_count
    for result in failing:
        if result.paragraph is not None and result.paragraph < count:
            assert (result.rule, result.paragraph) in {
                (a.rule, a.paragraph) for a in outcome.anchors if a.section == result.section
            }
    # Every comment carries the rule pack's how-to-fix in Danish.
    pack = load_pack()
    for comment in comments:
        rule = rule_of(comment)
        fix = pack.rule(rule).explanation.get("fix", {}).get("da") if rule else None
        if fix:
            assert f"Sådan retter I det: {fix}" in comment.text
