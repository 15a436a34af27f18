"""Which comments the annotated copy gets, where, and what they say (no files)."""

from __future__ import annotations

from annotate_helpers import report, result, sections_found, small_pack

from beredskab.annotate import plan_comments

PACK = small_pack()
# intro (1), intro.vision (2), intro.goals (4), org (7), comms (14) found.
FOUND = sections_found(intro=1, intro__vision=2, intro__goals=4, org=7, comms=14)


def _plan(results, sections=FOUND, count=16, lang="da", pack=PACK):
    return plan_comments(report(results, sections), count, lang=lang, pack=pack)


def _where(comments):
    return {(c.rule, c.section): (c.paragraph, c.how) for c in comments}


def test_one_comment_per_failing_or_erroring_finding_plus_summary_first() -> None:
    comments, warnings = _plan(
        [
            result("INT002", section="intro.goals", paragraph=5),
            result("CON001", outcome="error", paragraph=10),
            result("DOC004", outcome="pass"),
            result("INT010", outcome="not-applicable"),
        ]
    )
    assert warnings == ()
    assert comments[0].how == "start" and comments[0].rule is None
    assert comments[0].paragraph == 0
    assert [(c.rule, c.paragraph, c.how) for c in comments[1:]] == [
        ("INT002", 5, "paragraph"),
        ("CON001", 10, "paragraph"),
    ]


def test_missing_section_goes_to_its_parent_heading() -> None:
    comments, _ = _plan([result("STR001", section="intro.responsibility")])
    assert _where(comments)[("STR001", "intro.responsibility")] == (1, "parent-section")
    text = " ".join(run for p in comments[1].paragraphs for run, _bold in p)
    assert "STR001" in text
    assert "under denne overskrift" in text
    assert "Tilføj afsnittet." in text  # the pack's how-to-fix


def test_missing_section_without_found_parent_goes_after_the_nearest_earlier_section() -> None:
    # org.procedure's parent org.infohus is missing; the nearest earlier found key in
    # template order is org (7), before it intro.goals (4).
    comments, _ = _plan([result("STR001", section="org.procedure")])
    assert _where(comments)[("STR001", "org.procedure")] == (7, "preceding-section")
    sections = sections_found(intro__goals=4)
    comments, _ = _plan([result("STR001", section="org.procedure")], sections=sections)
    assert _where(comments)[("STR001", "org.procedure")] == (4, "preceding-section")


def test_missing_top_section_without_anything_before_it_goes_to_the_first_heading() -> None:
    sections = sections_found(org=7, comms=14)
    comments, _ = _plan([result("STR001", section="intro")], sections=sections)
    assert _where(comments)[("STR001", "intro")] == (7, "first-heading")


def test_no_sections_found_goes_to_the_first_paragraph() -> None:
    comments, _ = _plan([result("STR001", section="intro.goals")], sections=sections_found())
    assert _where(comments)[("STR001", "intro.goals")] == (0, "first-paragraph")


def test_without_a_pack_the_dotted_prefix_is_the_parent() -> None:
    comments, _ = _plan([result("STR002", section="org.network")], pack=None)
    assert _where(comments)[("STR002", "org.network")] == (7, "parent-section")


def test_section_finding_without_paragraph_goes_to_the_section_heading() -> None:
    comments, _ = _plan([result("STR003", section="intro.goals")])
    assert _where(comments)[("STR003", "intro.goals")] == (4, "section")


def test_whole_plan_finding_goes_to_the_start() -> None:
    comments, _ = _plan([result("DOC003")])
    assert _where(comments)[("DOC003", None)] == (0, "start")


def test_paragraph_outside_the_plan_falls_back_and_warns() -> None:
    comments, warnings = _plan([result("INT002", section="intro.goals", paragraph=99)])
    assert _where(comments)[("INT002", "intro.goals")] == (4, "section")
    assert len(warnings) == 1 and "99" in warnings[0]


def test_duplicate_finding_gets_one_comment_and_a_warning() -> None:
    comments, warnings = _plan([result("DOC003"), result("DOC003")])
    assert len(comments) == 2
    assert len(warnings) == 1 and "DOC003" in warnings[0]


def test_summary_counts_score_and_three_things_to_fix_first() -> None:
    results = [
        result("REF001", severity="warning", paragraph=2),
        result("CON001", outcome="error", paragraph=3),
        result("INT002", section="intro.goals", paragraph=5),
        result("DOC004", paragraph=1),
        result("KOM001", outcome="pass"),
        result("KOM002", outcome="pass"),
    ]
    comments, _ = _plan(results)
    lines = [" ".join(run for run, _ in p) for p in comments[0].paragraphs]
    # 2 of 6 decided rules pass: 33 %; errors: DOC004, INT002, CON001; warnings: REF001.
    assert "33 %" in lines[1] and "(2 af 6)" in lines[1]
    assert "3 ting, der skal rettes" in lines[2] and "1 ting, der bør rettes" in lines[2]
    first = [line.split(":")[0] for line in lines if line[:2] in ("1.", "2.", "3.")]
    # Failures of severity error first in document order, then the undecided one.
    assert first == ["1. DOC004", "2. INT002", "3. CON001"]


def test_summary_when_nothing_is_decidable_or_to_fix() -> None:
    comments, _ = _plan([result("KOM001", outcome="not-applicable")])
    text = " ".join(run for p in comments[0].paragraphs for run, _ in p)
    assert "ingen score" in text and "ikke noget, der skal rettes" in text


def test_waived_finding_is_marked_accepted_and_not_counted_as_to_fix() -> None:
    waiver = {"accepted_by": "CDE, Jens Hansen", "reason": "Ét samlet mål", "expires": "2027-12-31"}
    comments, _ = _plan([result("INT002", section="intro.goals", paragraph=5, waiver=waiver)])
    finding = comments[1]
    assert finding.waived
    text = "\n".join(" ".join(run for run, _ in p) for p in finding.paragraphs)
    assert text.startswith("INT002 · Accepteret afvigelse")
    assert "Ét samlet mål" in text and "2027-12-31" in text and "Jens Hansen" in text
    summary = " ".join(run for p in comments[0].paragraphs for run, _ in p)
    assert "0 ting, der skal rettes" in summary and "1 fund er accepteret" in summary
    assert "Ret disse først" not in summary


def test_english_comments() -> None:
    comments, _ = _plan([result("STR001", section="intro.responsibility")], lang="en")
    summary = " ".join(run for p in comments[0].paragraphs for run, _ in p)
    finding = " ".join(run for p in comments[1].paragraphs for run, _ in p)
    assert "overall assessment" in summary
    assert finding.startswith("STR001 · Must be fixed")
    assert "English message for STR001" in finding and "How to fix it: Add the section." in finding


def test_comment_heading_is_bold_and_severity_named_in_plain_danish() -> None:
    comments, _ = _plan([result("REF001", severity="warning", paragraph=2)])
    heading = comments[1].paragraphs[0]
    assert heading == (("REF001 · Bør rettes", True),)


def test_findings_ordered_by_paragraph_then_severity() -> None:
    comments, _ = _plan(
        [
            result("B", severity="warning", paragraph=3),
            result("A", severity="info", paragraph=3),
            result("C", severity="error", paragraph=3),
            result("D", paragraph=1),
        ]
    )
    assert [c.rule for c in comments[1:]] == ["D", "C", "B", "A"]


def test_three_first_follow_where_the_comments_sit() -> None:
    # A missing section has no paragraph of its own: it ranks by its comment's place
    # (the parent heading, paragraph 1), before a goal finding on paragraph 5.
    comments, _ = _plan(
        [
            result("INT002", section="intro.goals", paragraph=5),
            result("STR001", section="intro.responsibility"),
            result("REF001", severity="warning", paragraph=0),
        ]
    )
    lines = [" ".join(run for run, _ in p) for p in comments[0].paragraphs]
    first = [line.split(":")[0] for line in lines if line[:2] in ("1.", "2.", "3.")]
    assert first == ["1. STR001", "2. INT002", "3. REF001"]


def test_same_paragraph_findings_follow_the_template_order() -> None:
    comments, _ = _plan(
        [
            result("STR001", section="intro.definitions"),
            result("STR001", section="intro.responsibility"),
        ]
    )
    assert [c.section for c in comments[1:]] == ["intro.responsibility", "intro.definitions"]
