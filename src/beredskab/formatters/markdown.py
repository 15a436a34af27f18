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

from beredskab import __version__
from beredskab.formatters._common import (
    SectionGroup,
    explanation,
    format_date,
    group_results,
    interval_text,
    match_text,
    outcome_label,
    plan_title,
    quote,
    rule_of,
    score_text,
    severity_label,
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


def _label(result: Result, lang: str) -> str:
    if result.waived or result.outcome == "error":
        return outcome_label(result, lang)
    return severity_label(result.severity, lang)


def _finding(result: Result, pack: RulePack | None, lang: str) -> list[str]:
    rule = rule_of(result, pack)
    lines = [
        f"- **{md_escape(_label(result, lang))}:** {md_escape(result.text(lang), inline=True)}"
    ]
    details: list[str] = []
    if result.evidence:
        evidence = quote(md_escape(result.evidence, inline=True), lang)
        details.append(f"{md_escape(t('report.label.evidence', lang))}: {evidence}")
    if result.waived and result.waiver is not None:
        details.append(f"**{md_escape(waiver_text(result.waiver, lang), inline=True)}**")
    for part, key in (("why", "report.label.why"), ("source", "report.label.source")):
        value = explanation(rule, part, lang)
        if value:
            details.append(f"{md_escape(t(key, lang))}: {md_escape(value, inline=True)}")
    fix = explanation(rule, "fix", lang)
    if fix and not result.waived:
        details.append(f"{md_escape(t('report.label.fix', lang))}: {md_escape(fix, inline=True)}")
    block = text_block(rule)
    if block and not result.waived:
        details.append(md_escape(t("report.text-block", lang, number=block)))
    where = [f"{t('report.label.rule', lang)} {result.rule} ({result.name})"]
    if result.paragraph is not None:
        where.append(t("report.label.paragraph", lang, number=result.paragraph + 1))
    details.append(f"*{md_escape(' · '.join(where), inline=True)}*")
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
        n = len(group.passed)
        label = t("report.passed-one", lang) if n == 1 else t("report.passed-count", lang, count=n)
        lines += [f"✓ {md_escape(label, inline=True)}:", ""]
        for r in group.passed:
            item = r.text(lang) or explanation(rule_of(r, pack), "what", lang) or r.rule
            lines.append(f"- {md_escape(item)}")
        lines.append("")
    if group.not_applicable:
        n = len(group.not_applicable)
        label = t("report.na-one", lang) if n == 1 else t("report.na-count", lang, count=n)
        lines += [md_escape(label), ""]
    return lines


def _report(report: Report, pack: RulePack | None, lang: str, level: int) -> list[str]:
    plan = report.plan
    none = t("report.label.none", lang)
    lines = [f"{'#' * level} {md_escape(plan_title(report, lang), inline=True)}", ""]
    facts = [
        ("report.label.municipality", plan.municipality or none),
        ("report.label.year", plan.plan_year if plan.plan_year is not None else none),
        ("report.label.adopted", format_date(plan.adopted, lang) or none),
        ("report.label.police", plan.police_district or none),
        ("report.label.interval", interval_text(plan.revision_interval_years, lang)),
        ("report.label.next-revision", format_date(plan.next_revision_due, lang) or none),
        ("report.label.contacts", ", ".join((*plan.phones, *plan.emails)) or none),
        ("report.label.file", report.file),
        ("report.label.rule-pack", report.rule_pack or none),
        ("report.label.as-of", format_date(report.as_of, lang)),
    ]
    lines += [
        f"- **{md_escape(t(key, lang))}:** {md_escape(value, inline=True)}" for key, value in facts
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
    if summary.error_failures:
        must = t("report.must-fix-count", lang, count=summary.error_failures)
        lines += [f"**{md_escape(must, inline=True)}**", ""]

    sub = "#" * (level + 1)
    lines += [f"{sub} {md_escape(t('report.top3', lang))}", ""]
    top = top_findings(report, pack)
    if not top:
        lines.append(md_escape(t("report.top-none", lang)))
    for number, result in enumerate(top, start=1):
        label = md_escape(_label(result, lang))
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
    version = next((r.tool_version for r in reports if r.tool_version), "") or __version__
    packs = sorted({r.rule_pack for r in reports if r.rule_pack})
    footer = t("report.footer", language, version=version, pack=", ".join(packs) or "-")
    lines += ["---", "", f"*{md_escape(footer, inline=True)}*"]
    return "\n".join(lines) + "\n"
