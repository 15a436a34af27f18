"""What the web pages show, as plain values: built from a report, never recomputed.

The result page arranges a ``Report`` exactly as the HTML and terminal reports do (the
same grouping by template section, the same "fix these three first", the same rule
explanations: ``beredskab.formatters._common``), so the page, the downloaded HTML report
and the annotated copy never disagree. Everything here is pure: a report, the rule pack
and a language in, frozen dataclasses out; the templates only lay them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from beredskab.formatters._common import (
    SectionGroup,
    badge_class,
    badge_label,
    explanation,
    fact_rows,
    format_date,
    group_results,
    match_text,
    must_fix_text,
    passed_label,
    plan_title,
    rule_of,
    score_text,
    summary_counts,
    text_block,
    top_findings,
    waiver_text,
    where_text,
)
from beredskab.history import render as history_render
from beredskab.i18n import t
from beredskab.results import Report, Result
from beredskab.rulepack import RulePack

TEXT_BLOCKS = (1, 2, 3, 4, 5, 6)
"""The template's text blocks (spec/template.txt, "Tekstblokke til udarbejdelse …")."""


@dataclass(frozen=True, slots=True)
class FindingView:
    """One failing (or waived) result, with everything that explains it."""

    rule: str
    name: str
    badge: str
    badge_class: str
    message: str
    where: str
    evidence: str | None
    why: str
    fix: str
    source: str
    text_block: str | None
    """The template text block that helps, named with its number and title."""
    waiver: str | None
    paragraph: int | None
    """1-based paragraph number for people, or None."""


@dataclass(frozen=True, slots=True)
class GroupView:
    """One section of the web page's report: its heading and what was found."""

    key: str | None
    label: str
    found: str
    missing: bool
    problems: tuple[FindingView, ...]
    passed: str
    """A sentence listing the requirements met (empty when none)."""


@dataclass(frozen=True, slots=True)
class ResultView:
    """A report as the web page shows it."""

    title: str
    score: str
    score_value: float | None
    summary: str
    must_fix: str | None
    problem_count: int
    top: tuple[FindingView, ...]
    groups: tuple[GroupView, ...]
    facts: tuple[tuple[str, str], ...]
    goals: tuple[str, ...]
    unmatched: tuple[str, ...]


def text_block_label(number: int | None, lang: str) -> str | None:
    """ "Tekstblok 3: Til afsnittet om infohus-samarbejdet" (None when no block helps)."""
    if number is None:
        return None
    if number in TEXT_BLOCKS:
        return t("web.text-block", lang, number=number, title=t(f"web.text-block.{number}", lang))
    return t("report.text-block", lang, number=number)


def finding_view(result: Result, pack: RulePack | None, lang: str) -> FindingView:
    rule = rule_of(result, pack)
    waived = result.waived
    return FindingView(
        rule=result.rule,
        name=result.name,
        badge=badge_label(result, lang),
        badge_class=badge_class(result),
        message=result.text(lang),
        where=where_text(result, pack, lang),
        evidence=result.evidence or None,
        why=explanation(rule, "why", lang),
        fix="" if waived else explanation(rule, "fix", lang),
        source=explanation(rule, "source", lang),
        text_block=None if waived else text_block_label(text_block(rule), lang),
        waiver=waiver_text(result.waiver, lang) if waived and result.waiver else None,
        paragraph=result.paragraph + 1 if result.paragraph is not None else None,
    )


def _passed_sentence(group: SectionGroup, pack: RulePack | None, lang: str) -> str:
    if not group.passed:
        return ""
    label = passed_label(len(group.passed), lang)
    names = [
        explanation(rule_of(r, pack), "what", lang) or f"{r.rule} {r.name}" for r in group.passed
    ]
    return t("web.result.passed", lang, label=label, names=" ".join(dict.fromkeys(names)))


def group_view(group: SectionGroup, pack: RulePack | None, lang: str) -> GroupView:
    return GroupView(
        key=group.key,
        label=group.label,
        found=match_text(group.match, lang),
        missing=group.match is not None and not group.match.found,
        problems=tuple(finding_view(r, pack, lang) for r in (*group.problems, *group.waived)),
        passed=_passed_sentence(group, pack, lang),
    )


def result_view(report: Report, pack: RulePack | None, lang: str) -> ResultView:
    """The result page's content for one checked plan."""
    summary = report.summary
    groups = tuple(group_view(g, pack, lang) for g in group_results(report, pack, lang))
    return ResultView(
        title=plan_title(report, lang),
        score=score_text(summary.score, lang),
        score_value=summary.score,
        summary=summary_counts(report, lang),
        must_fix=must_fix_text(report, lang) or None,
        problem_count=sum(1 for r in report.results if r.failed and not r.waived),
        top=tuple(finding_view(r, pack, lang) for r in top_findings(report, pack)),
        groups=groups,
        facts=tuple(fact_rows(report, lang, rule_pack=False)),
        goals=report.plan.goals,
        unmatched=report.unmatched_sections,
    )


# -- the overview pages (history database) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueView:
    """One line of the web page's due list."""

    kommune: str
    kommunekode: str
    status: str
    status_label: str
    version: str
    adopted: str
    due: str
    has_versions: bool


STATUS_CLASSES = ("overdue", "due-soon", "unknown", "never-received", "current")


def due_view(row: Any, lang: str) -> DueView:
    """One municipality's row of the overview (``row`` is a ``history.DueRow``)."""
    adopted = format_date(row.adopted, lang) if row.adopted else ""
    if not adopted and row.plan_year is not None:
        adopted = str(row.plan_year)
    return DueView(
        kommune=row.kommune,
        kommunekode=row.kommunekode,
        status=row.status,
        status_label=t(f"history.status.{row.status}", lang),
        version=str(row.version) if row.version is not None else "",
        adopted=adopted,
        due=format_date(row.next_revision_due, lang) if row.next_revision_due else "",
        has_versions=row.version is not None,
    )


def status_counts(rows: Sequence[Any]) -> dict[str, int]:
    return {s: sum(1 for r in rows if r.status == s) for s in STATUS_CLASSES}


def fmt_date(value: date | str | None, lang: str) -> str:
    return format_date(value, lang)


# -- the diff page ---------------------------------------------------------------------------

DIFF_CONTEXT_WORDS = 12
"""Unchanged words kept on each side of a change; longer unchanged stretches are cut."""


def fact_value(value: Any, lang: str) -> str:
    """A stored fact as a short text: lists joined, empty values as "none"."""
    if value is None or value == [] or value == {} or value == "":
        return t("history.diff.none", lang)
    if isinstance(value, bool):
        return t("history.yes" if value else "history.no", lang)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        parts = [
            ", ".join(str(x) for x in v) if isinstance(v, list) else str(v)
            for v in value.values()
            if v
        ]
        return "; ".join(parts) or t("history.diff.none", lang)
    return format_date(value, lang) if _is_iso_date(value) else str(value)


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def compact_segments(segments: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """Word-diff segments with long unchanged stretches shortened to their ends ("…")."""
    return history_render.compact_segments(segments, DIFF_CONTEXT_WORDS)
