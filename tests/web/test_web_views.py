"""The pure helpers behind the pages: text-block labels, fact values, diff compaction
and the result view built from a hand-made report."""

from __future__ import annotations

from datetime import date

from beredskab.results import PlanInfo, Report, Result, SectionResult
from beredskab.rulepack import load_pack
from beredskab.web.views import (
    DIFF_CONTEXT_WORDS,
    compact_segments,
    fact_value,
    result_view,
    text_block_label,
)


def test_text_block_labels() -> None:
    assert text_block_label(None, "da") is None
    assert text_block_label(3, "da") == "Tekstblok 3: Til afsnittet om infohus-samarbejdet"
    assert text_block_label(6, "en") == "Text block 6: Info house network"
    assert text_block_label(9, "da") == "Tekstblok 9 i skabelonen kan bruges her."


def test_fact_values() -> None:
    assert fact_value(None, "da") == fact_value([], "da") == fact_value({}, "da")
    assert fact_value(["a", "b"], "da") == "a; b"
    assert fact_value({"phones": ["1"], "emails": ["x@y.dk"]}, "da") == "1; x@y.dk"
    assert fact_value("2024-03-12", "da") == "12. marts 2024"
    assert fact_value("2024-03-12", "en") == "12 March 2024"
    assert fact_value(4, "da") == "4"
    assert fact_value(True, "en") == "yes"


def test_long_unchanged_text_is_cut_but_changes_are_kept() -> None:
    long = " ".join(f"ord{i}" for i in range(100))
    out = compact_segments([["=", long], ["-", "gammel"], ["+", "ny"], ["=", long]])
    assert out[1:3] == [("-", "gammel"), ("+", "ny")]
    # Before the first change only its end is kept, after the last only its start.
    assert out[0][1].split() == ["…", *[f"ord{i}" for i in range(100 - DIFF_CONTEXT_WORDS, 100)]]
    assert out[3][1].split() == [*[f"ord{i}" for i in range(DIFF_CONTEXT_WORDS)], "…"]
    short = [["=", "kort tekst"], ["+", "x"]]
    assert compact_segments(short) == [("=", "kort tekst"), ("+", "x")]


def _result(rule: str, outcome: str, severity: str, section: str | None) -> Result:
    return Result(
        rule=rule,
        name=rule.lower(),
        outcome=outcome,
        severity=severity,
        message={"da": f"{rule} på dansk", "en": f"{rule} in English"},
        section=section,
        paragraph=4,
    )


def test_result_view_from_a_hand_made_report() -> None:
    pack = load_pack()
    goals = next(s for s in pack.sections if s.title == "Mål")
    rule = next(r for r in pack.rules if r.section == goals.key)
    report = Report(
        file="plan.docx",
        sha256=None,
        as_of=date(2026, 11, 27),
        plan=PlanInfo(municipality="Skive Kommune", plan_year=2024, goals=("Mål et",)),
        sections=(SectionResult(key=goals.key, found=True, heading="Mål", confidence=1.0),),
        results=(
            _result(rule.id, "fail", "error", goals.key),
            _result("ZZZ001", "fail", "warning", None),
            _result("ZZZ002", "pass", "error", None),
        ),
    )
    view = result_view(report, pack, "da")
    assert view.title == "Beredskabsplan for Skive Kommune 2024"
    assert view.score == "33 %"
    assert view.problem_count == 2
    assert view.must_fix is not None
    # The error comes before the warning; a finding points at a 1-based paragraph.
    assert [f.rule for f in view.top] == [rule.id, "ZZZ001"]
    assert view.top[0].badge == "Skal rettes" and view.top[0].paragraph == 5
    group = next(g for g in view.groups if g.key == goals.key)
    assert group.label == f"{goals.number} Mål"
    assert [f.message for f in group.problems] == [f"{rule.id} på dansk"]
    assert view.goals == ("Mål et",)
    english = result_view(report, pack, "en")
    assert english.top[0].message == f"{rule.id} in English"
