"""What the human-readable formats (terminal, HTML, Markdown) share: one view of a report.

The formatters never recompute a result; they only arrange the report's results for a
reader: grouped by template section in the template's order (``pack.sections``), then the
plan-wide rules; the three most important things to fix first; labels, dates and rule
explanations in the chosen language. Everything here is pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from beredskab import __version__
from beredskab.i18n import t
from beredskab.results import SEVERITY_ORDER, Report, Result, SectionResult
from beredskab.rulepack import RulePack, RuleSpec

MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "da": (
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
"""Month names by language (also the sample generator's Danish dates)."""


@dataclass(frozen=True, slots=True)
class SectionGroup:
    """The results that belong to one template section (``key`` None: the whole plan)."""

    key: str | None
    label: str
    match: SectionResult | None
    problems: tuple[Result, ...]
    """Failing or erroring results without a waiver, most severe first."""
    waived: tuple[Result, ...]
    passed: tuple[Result, ...]
    not_applicable: tuple[Result, ...]


def format_date(value: date | str | None, lang: str) -> str:
    """``24. juni 2024`` in Danish, ``24 June 2024`` in English; '' for None."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return str(value)
    months = MONTH_NAMES["en" if lang == "en" else "da"]
    if lang == "en":
        return f"{value.day} {months[value.month - 1]} {value.year}"
    return f"{value.day}. {months[value.month - 1]} {value.year}"


def quote(text: str, lang: str) -> str:
    """Quoted plan text: »…« in Danish, “…” in English."""
    return f"“{text}”" if lang == "en" else f"»{text}«"


def score_text(score: float | None, lang: str) -> str:
    """The score as a whole percentage ("86 %"), or a sentence saying there is none."""
    if score is None:
        return t("report.score-none", lang)
    return f"{round(score * 100)} %"


def severity_label(severity: str, lang: str) -> str:
    return t(f"report.severity.{severity}", lang)


def outcome_label(result: Result, lang: str) -> str:
    if result.waived:
        return t("report.outcome.waived", lang)
    return t(f"report.outcome.{result.outcome}", lang)


def badge_label(result: Result, lang: str) -> str:
    """A finding's badge: "Dispensation"/"Kunne ikke tjekkes" when waived or not
    decidable, else its severity."""
    if result.waived or result.outcome == "error":
        return outcome_label(result, lang)
    return severity_label(result.severity, lang)


def badge_class(result: Result) -> str:
    """The badge's style: the severity, "waived", or "unknown" when not decidable."""
    if result.waived:
        return "waived"
    if result.outcome == "error":
        return "unknown"
    return result.severity


def rule_line(result: Result, lang: str) -> str:
    """ "Regel SEC002 (goals) · afsnit 5": the rule, and the paragraph when known."""
    parts = [f"{t('report.label.rule', lang)} {result.rule} ({result.name})"]
    if result.paragraph is not None:
        parts.append(t("report.label.paragraph", lang, number=result.paragraph + 1))
    return " · ".join(parts)


def explanation_rows(result: Result, pack: RulePack | None, lang: str) -> list[tuple[str, str]]:
    """(label, text) for why the rule exists, its source and — unless the finding is
    waived — how to fix it; parts the rule does not explain are left out."""
    rule = rule_of(result, pack)
    rows: list[tuple[str, str]] = []
    for part in ("why", "source", "fix"):
        value = explanation(rule, part, lang)
        if value and not (part == "fix" and result.waived):
            rows.append((t(f"report.label.{part}", lang), value))
    return rows


def passed_label(count: int, lang: str) -> str:
    """ "1 krav er opfyldt" / "3 krav er opfyldt"."""
    if count == 1:
        return t("report.passed-one", lang)
    return t("report.passed-count", lang, count=count)


def passed_item(result: Result, pack: RulePack | None, lang: str) -> str:
    """What a passed rule found: its message, else what the rule checks, else its ID."""
    return result.text(lang) or explanation(rule_of(result, pack), "what", lang) or result.rule


def not_applicable_label(count: int, lang: str) -> str:
    if count == 1:
        return t("report.na-one", lang)
    return t("report.na-count", lang, count=count)


def must_fix_text(report: Report, lang: str) -> str:
    """How many error-level findings must be fixed; '' when none."""
    count = report.summary.error_failures
    return t("report.must-fix-count", lang, count=count) if count else ""


def fact_rows(report: Report, lang: str, *, rule_pack: bool = True) -> list[tuple[str, str]]:
    """The plan's key facts as (label, value), "none" where a fact was not found; the
    rule pack's label only with ``rule_pack``."""
    plan = report.plan
    none = t("report.label.none", lang)
    rows: list[tuple[str, object]] = [
        ("report.label.municipality", plan.municipality or none),
        ("report.label.year", plan.plan_year if plan.plan_year is not None else none),
        ("report.label.adopted", format_date(plan.adopted, lang) or none),
        ("report.label.police", plan.police_district or none),
        ("report.label.interval", interval_text(plan.revision_interval_years, lang)),
        ("report.label.next-revision", format_date(plan.next_revision_due, lang) or none),
        ("report.label.contacts", ", ".join((*plan.phones, *plan.emails)) or none),
        ("report.label.file", report.file),
    ]
    if rule_pack:
        rows.append(("report.label.rule-pack", report.rule_pack or none))
    rows.append(("report.label.as-of", format_date(report.as_of, lang)))
    return [(t(key, lang), str(value)) for key, value in rows]


def footer_text(reports: Sequence[Report], lang: str) -> str:
    """The closing line: tool version and the rule packs the reports were checked with."""
    version = next((r.tool_version for r in reports if r.tool_version), "") or __version__
    packs = sorted({r.rule_pack for r in reports if r.rule_pack})
    return t("report.footer", lang, version=version, pack=", ".join(packs) or "-")


def section_label(key: str | None, pack: RulePack | None, lang: str) -> str:
    """The template's own heading with its number ("1.2 Mål"); the key when unknown."""
    if key is None:
        return t("report.whole-plan", lang)
    spec = pack.section(key) if pack is not None else None
    if spec is None:
        return key
    return f"{spec.number} {spec.title}" if spec.number else spec.title


def where_text(result: Result, pack: RulePack | None, lang: str) -> str:
    """ "i afsnit 1.2 Mål", or that the finding concerns the whole plan."""
    key = result_section(result, pack)
    if key is None:
        return t("report.where-whole-plan", lang)
    return t("report.section-where", lang, section=section_label(key, pack, lang))


def result_section(result: Result, pack: RulePack | None) -> str | None:
    """The section a result belongs to: its own key, else its rule's section in the pack."""
    if result.section:
        return result.section
    rule = pack.rule(result.rule) if pack is not None else None
    return rule.section if rule is not None else None


def _template_order(pack: RulePack | None) -> dict[str, int]:
    return {s.key: s.order for s in pack.sections} if pack is not None else {}


def _severity_rank(result: Result) -> int:
    return SEVERITY_ORDER.get(result.severity, len(SEVERITY_ORDER))


def group_results(report: Report, pack: RulePack | None, lang: str) -> list[SectionGroup]:
    """Results grouped by section: template order, then unknown keys (sorted), then the
    plan-wide rules. Sections without any result are left out."""
    order = _template_order(pack)
    matches = {s.key: s for s in report.sections}
    buckets: dict[str | None, list[Result]] = {}
    for result in sorted(report.results, key=Result.sort_key):
        buckets.setdefault(result_section(result, pack), []).append(result)

    def group_key(key: str | None) -> tuple[int, int, str]:
        if key is None:
            return (2, 0, "")
        if key in order:
            return (0, order[key], key)
        return (1, 0, key)

    groups: list[SectionGroup] = []
    for key in sorted(buckets, key=group_key):
        results = buckets[key]
        problems = sorted(
            (r for r in results if r.failed and not r.waived),
            key=lambda r: (_severity_rank(r), r.rule, r.section or ""),
        )
        groups.append(
            SectionGroup(
                key=key,
                label=section_label(key, pack, lang),
                match=matches.get(key) if key is not None else None,
                problems=tuple(problems),
                waived=tuple(r for r in results if r.waived),
                passed=tuple(r for r in results if r.outcome == "pass"),
                not_applicable=tuple(r for r in results if r.outcome == "not-applicable"),
            )
        )
    return groups


def top_findings(report: Report, pack: RulePack | None, count: int = 3) -> list[Result]:
    """The ``count`` findings to fix first: failing, not waived; by severity, then the
    template's order of sections (plan-wide rules first: they concern the whole plan),
    then rule ID."""
    order = _template_order(pack)

    def key(result: Result) -> tuple[int, int, str, str]:
        section = result_section(result, pack)
        position = -1 if section is None else order.get(section, len(order))
        return (_severity_rank(result), position, result.rule, result.section or "")

    problems = [r for r in report.results if r.failed and not r.waived]
    return sorted(problems, key=key)[:count]


def _localised(value: Any, lang: str) -> str:
    """A text that is either a plain string or a {da, en} mapping."""
    if value is None:
        return ""
    if isinstance(value, dict):
        text = value.get(lang) or value.get("da") or value.get("en") or ""
        return str(text)
    return str(value)


def explanation(rule: RuleSpec | None, part: str, lang: str) -> str:
    """One part of a rule's explanation ("what", "why", "fix", "source"), '' if absent."""
    if rule is None:
        return ""
    return _localised(rule.explanation.get(part), lang).strip()


def text_block(rule: RuleSpec | None) -> int | None:
    """The template text block that helps with a rule, if the pack names one."""
    if rule is None:
        return None
    value = rule.explanation.get("text_block")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def example(rule: RuleSpec | None, which: str, lang: str) -> str:
    """The rule's passing ("pass") or failing ("fail") example text, '' if absent."""
    if rule is None:
        return ""
    return _localised(rule.examples.get(which), lang).strip()


def plan_title(report: Report, lang: str) -> str:
    """ "Beredskabsplan for Skive Kommune 2024" (without the year or name when unknown)."""
    name = report.plan.municipality or t("report.unknown-municipality", lang)
    if report.plan.plan_year is not None:
        return t("report.plan-title-year", lang, municipality=name, year=report.plan.plan_year)
    return t("report.plan-title", lang, municipality=name)


def interval_text(years: int | None, lang: str) -> str:
    if years is None:
        return t("report.label.none", lang)
    if years == 1:
        return t("report.interval-one-year", lang)
    return t("report.interval-years", lang, years=years)


def match_text(match: SectionResult | None, lang: str, label: str = "") -> str:
    """How a section was found: heading and confidence, or that it is missing. The
    heading is left out when it is the template's own (``label``): no need to repeat it."""
    if match is None:
        return ""
    if not match.found:
        return t("report.section-missing", lang)
    confidence = round(match.confidence * 100)
    if match.heading and _plain(match.heading) == _plain(label):
        return t("report.section-found-same", lang, confidence=confidence)
    if match.heading:
        return t("report.section-found", lang, heading=match.heading, confidence=confidence)
    return t("report.section-found-no-heading", lang, confidence=confidence)


def _plain(heading: str) -> str:
    """A heading compared loosely: case, spacing and a trailing dot after numbers."""
    return " ".join(heading.replace(". ", " ").split()).casefold()


def waiver_text(waiver: dict[str, Any], lang: str) -> str:
    """ "Dispensation givet af … til og med …: …" for a waived result."""
    return t(
        "report.waived-by",
        lang,
        accepted_by=waiver.get("accepted_by", ""),
        expires=format_date(waiver.get("expires"), lang),
        reason=waiver.get("reason", ""),
    )


def waiver_note_text(note: dict[str, Any], lang: str) -> str:
    """A sentence for one waiver note (expired, unused, not yet valid)."""
    section = note.get("section")
    return t(
        f"report.waiver-note.{note.get('status', 'unused')}",
        lang,
        rule=note.get("rule", ""),
        section=f" / {section}" if section else "",
        kommune=note.get("kommune", ""),
        expires=format_date(note.get("expires"), lang),
        accepted=format_date(note.get("accepted"), lang),
    )


def summary_counts(report: Report, lang: str) -> str:
    s = report.summary
    return t(
        "report.summary",
        lang,
        passed=s.passed,
        failed=s.failed,
        waived=s.waived,
        na=s.not_applicable,
        errors=s.errors,
    )


def summary_line(report: Report, lang: str) -> str:
    return t(
        "report.summary-line",
        lang,
        score=score_text(report.summary.score, lang),
        counts=summary_counts(report, lang),
    )


def rule_of(result: Result, pack: RulePack | None) -> RuleSpec | None:
    return pack.rule(result.rule) if pack is not None else None
