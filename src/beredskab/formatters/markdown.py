"""The Markdown report (``--format md``): the HTML report's content for e-mails and wikis.

Plain CommonMark (headings, lists, emphasis; no tables, no HTML, no trailing-space line
breaks), so it reads well as raw text and renders the same in any viewer. Every text
that comes from the plan or the report is escaped (``md_escape``): Markdown special
characters get a backslash, line breaks are folded, so plan text can neither format the
report nor inject links, images or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from beredskab.formatters._common import (
    SectionGroup,
    badge_label,
    explanation,
    explanation_rows,
    fact_rows,
    footer_text,
    group_results,
    match_text,
    must_fix_text,
    not_applicable_label,
    passed_item,
    passed_label,
    plan_title,
    quote,
    rule_line,
    rule_of,
    score_text,
    summary_counts,
    text_block,
    top_findings,
    waiver_note_text,
    waiver_text,
    where_text,
)
from beredskab.i18n import resolve_lang, t
from beredskab.results import Report, Result
from beredskab.rulepack import RulePack

# Inline specials: code, emphasis, links and images (via the brackets), raw HTML,
# entities, GFM tables and strike-through. CommonMark allows a backslash before any
# ASCII punctuation; "(" and "!" need none once the brackets are escaped.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# Block markers that only matter where the text starts a block (a line or a list item).
_ORDERED = re.compile(r"^(\d+)([.)])")
_LEADING = re.compile(r"^([-+=#])")


def md_escape(text: object, *, inline: bool = False) -> str:
    """``text`` safe to place in Markdown: one line, specials backslash-escaped.

    ``inline=True`` when the text follows other text on its line (a label), so a leading
    "24." or "-" cannot start a list or a heading and needs no escape."""
    value = " ".join(str(text).split())
    value = _SPECIAL.sub(r"\\\1", value)
    if inline:
        return value
    value = _ORDERED.sub(r"\1\\\2", value)
    return _LEADING.sub(r"\\\1", value)


def _finding(result: Result, pack: RulePack | None, lang: str) -> list[str]:
    rule = rule_of(result, pack)
    lines = [
        f"- **{md_escape(badge_label(result, lang))}:** {md_escape(result.text(lang), inline=True)}"
    ]
    details: list[str] = []
    if result.evidence:
        evidence = quote(md_escape(result.evidence, inline=True), lang)
        details.append(f"{md_escape(t('report.label.evidence', lang))}: {evidence}")
    if result.waived and result.waiver is not None:
        details.append(f"**{md_escape(waiver_text(result.waiver, lang), inline=True)}**")
    for label, text in explanation_rows(result, pack, lang):
        details.append(f"{md_escape(label)}: {md_escape(text, inline=True)}")
    block = text_block(rule)
    if block and not result.waived:
        details.append(md_escape(t("report.text-block", lang, number=block)))
    details.append(f"*{md_escape(rule_line(result, lang), inline=True)}*")
    lines.extend(f"  - {d}" for d in details)
    return lines


def _group(group: SectionGroup, pack: RulePack | None, lang: str, level: int) -> list[str]:
    lines = [f"{'#' * level} {md_escape(group.label, inline=True)}", ""]
    found = match_text(group.match, lang, group.label)
    if found:
        lines += [f"*{md_escape(found, inline=True)}*", ""]
    findings = [*group.problems, *group.waived]
    for result in findings:
        lines += _finding(result, pack, lang)
    if findings:
        lines.append("")
    else:
        lines += [md_escape(t("report.nothing-wrong", lang)), ""]
    if group.passed:
        label = passed_label(len(group.passed), lang)
        lines += [f"✓ {md_escape(label, inline=True)}:", ""]
        lines += [f"- {md_escape(passed_item(r, pack, lang))}" for r in group.passed]
        lines.append("")
    if group.not_applicable:
        lines += [md_escape(not_applicable_label(len(group.not_applicable), lang)), ""]
    return lines


def _report(report: Report, pack: RulePack | None, lang: str, level: int) -> list[str]:
    plan = report.plan
    lines = [f"{'#' * level} {md_escape(plan_title(report, lang), inline=True)}", ""]
    lines += [
        f"- **{md_escape(label)}:** {md_escape(value, inline=True)}"
        for label, value in fact_rows(report, lang)
    ]
    if plan.goals:
        lines.append(f"- **{md_escape(t('report.label.goals', lang))}:**")
        lines += [f"  {n}. {md_escape(goal)}" for n, goal in enumerate(plan.goals, start=1)]
    lines.append("")
    summary = report.summary
    score = f"{t('report.label.score', lang)}: {score_text(summary.score, lang)}"
    lines += [
        f"**{md_escape(score)}** · {md_escape(summary_counts(report, lang), inline=True)}",
        "",
    ]
    must = must_fix_text(report, lang)
    if must:
        lines += [f"**{md_escape(must, inline=True)}**", ""]

    sub = "#" * (level + 1)
    lines += [f"{sub} {md_escape(t('report.top3', lang))}", ""]
    top = top_findings(report, pack)
    if not top:
        lines.append(md_escape(t("report.top-none", lang)))
    for number, result in enumerate(top, start=1):
        label = md_escape(badge_label(result, lang))
        where = md_escape(f"{where_text(result, pack, lang)} · {result.rule}", inline=True)
        message = md_escape(result.text(lang), inline=True)
        lines.append(f"{number}. **{label}:** {message} ({where})")
        fix = explanation(rule_of(result, pack), "fix", lang)
        if fix:
            fix_text = md_escape(fix, inline=True)
            lines.append(f"   - {md_escape(t('report.label.fix', lang))}: {fix_text}")
    lines.append("")

    lines += [f"{sub} {md_escape(t('report.by-section', lang), inline=True)}", ""]
    for group in group_results(report, pack, lang):
        lines += _group(group, pack, lang, level + 2)
    if report.waiver_notes:
        lines += [f"{sub} {md_escape(t('report.waivers', lang), inline=True)}", ""]
        lines += [f"- {md_escape(waiver_note_text(n, lang))}" for n in report.waiver_notes]
        lines.append("")
    if report.unmatched_sections:
        lines += [f"{sub} {md_escape(t('report.unmatched', lang), inline=True)}", ""]
        lines += [f"- {md_escape(s)}" for s in report.unmatched_sections]
        lines.append("")
    return lines


def render(
    reports: Sequence[Report],
    *,
    lang: str,
    pack: RulePack | None = None,
    color: bool = False,
    fmt: str = "md",
) -> str:
    """One Markdown document for all the plans (a list of plans first when several)."""
    language = resolve_lang(lang)
    lines: list[str] = []
    if len(reports) == 1:
        lines += _report(reports[0], pack, language, 1)
    else:
        lines += [f"# {md_escape(t('report.title-many', language))}", ""]
        if not reports:
            lines += [md_escape(t("report.no-reports", language)), ""]
        for report in reports:
            name = report.plan.municipality or report.file
            score = score_text(report.summary.score, language)
            lines.append(f"- {md_escape(name)}: {md_escape(score, inline=True)}")
        if reports:
            lines.append("")
        for report in reports:
            lines += _report(report, pack, language, 2)
    lines += ["---", "", f"*{md_escape(footer_text(reports, language), inline=True)}*"]
    return "\n".join(lines) + "\n"
