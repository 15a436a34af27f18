"""The matcher and the facts against the generated sample corpus's truth files: real
Word files written the way municipalities write them (renamed, merged, reordered and
dropped sections, facts in headers, tables and content controls)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from beredskab.facts import Facts, extract_facts
from beredskab.match import Matching, match_sections
from beredskab.reader import read_document
from beredskab.rulepack import load_pack
from beredskab.sample import generate_corpus
from beredskab.tree import build_tree

AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def analysed(
    tmp_path_factory: pytest.TempPathFactory,
) -> list[tuple[dict[str, Any], Matching, Facts]]:
    out = tmp_path_factory.mktemp("match-sample")
    result = generate_corpus(out, seed=11, municipalities=24, versions=1, as_of=AS_OF)
    pack = load_pack()
    rows = []
    for plan in result.plans:
        if not plan.truth["readable"]:
            continue
        document = read_document(Path(out) / plan.file)
        tree = build_tree(document)
        matching = match_sections(tree, pack.sections)
        rows.append((plan.truth, matching, extract_facts(document, tree, matching)))
    assert len(rows) >= 20
    return rows


def test_sections_agree_with_the_truth(
    analysed: list[tuple[dict[str, Any], Matching, Facts]],
) -> None:
    total = 0
    wrong: list[tuple[str, str, str | None, str | None]] = []
    for truth, matching, _ in analysed:
        for key, expected in truth["sections"].items():
            total += 1
            got = matching.matches[key]
            want = expected.get("title") if expected["present"] else None
            have = got.section.title if got.section is not None else None
            if want != have:
                wrong.append((truth["file"], key, want, have))
    assert total >= 19 * 20
    assert len(wrong) / total <= 0.02, wrong


def _fact_values(facts: Facts) -> dict[str, Any]:
    return {
        "municipality": facts.municipality,
        "kommunekode": facts.kommunekode,
        "police_district": facts.police_district,
        "police_district_raw": facts.police_district_raw,
        "plan_year": facts.plan_year,
        "adopted": facts.adopted.isoformat() if facts.adopted else None,
        "adopted_by": facts.adopted_by,
        "revision_interval_years": facts.revision_interval_years,
        "next_revision_due": facts.next_revision_due.isoformat()
        if facts.next_revision_due
        else None,
        "goal_count": len(facts.goals),
        "phones": sorted({p.value for p in facts.phones}),
        "emails": sorted({e.value for e in facts.emails}),
    }


def test_facts_agree_with_the_truth(
    analysed: list[tuple[dict[str, Any], Matching, Facts]],
) -> None:
    checked: Counter[str] = Counter()
    wrong: list[tuple[str, str, Any, Any]] = []
    for truth, _, facts in analysed:
        expected = truth["facts"]
        for name, value in _fact_values(facts).items():
            if name not in expected:
                continue
            want = expected[name]
            if isinstance(want, list):
                want = sorted(set(want))
            checked[name] += 1
            if value != want:
                wrong.append((truth["file"], name, want, value))
    assert checked["municipality"] >= 20 and checked["goal_count"] >= 20
    assert len(wrong) <= sum(checked.values()) * 0.02, wrong


def test_every_fact_has_evidence(analysed: list[tuple[dict[str, Any], Matching, Facts]]) -> None:
    for _, _, facts in analysed:
        if facts.municipality:
            assert facts.municipality_evidence is not None
        if facts.police_district_raw:
            assert facts.police_district_evidence is not None
        if facts.adopted or facts.adopted_by:
            assert facts.adoption_evidence is not None
        if facts.revision_interval_years:
            assert facts.interval_evidence is not None
        for found in (*facts.goals, *facts.phones, *facts.emails):
            assert found.evidence.text
