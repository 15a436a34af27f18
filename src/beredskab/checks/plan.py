"""Kinds over the facts extracted from the plan (``beredskab.facts``): the number of
goals (INT002), the revision interval and its legal maximum (INT004, INT005), adoption
by the council (INT006), the police district (ORG003) and the revision dates (REV001,
REV002, evaluated against ``ctx.as_of``).

Facts are found anywhere in the plan, so these kinds do not need their section to be
found; where that matters the rule says so with ``fallback``."""

from __future__ import annotations

from datetime import date
from typing import Any

from beredskab.checks import CheckContext
from beredskab.checks.base import analyse, norm, not_applicable_missing, result
from beredskab.facts import Evidence
from beredskab.i18n import LANGS, t
from beredskab.results import Outcome, Result
from beredskab.rulepack import RuleSpec


def _section_missing(rule: RuleSpec, ctx: CheckContext) -> bool:
    return (
        rule.section is not None
        and ctx.matching.section(rule.section) is None
        and rule.params.get("fallback") != "plan"
    )


def count_goals(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """INT002: ``min``–``max`` distinct goals (``Facts.goals``; template text left out)."""
    goals = []
    seen: set[str] = set()
    for goal in ctx.facts.goals:
        a = analyse(ctx, goal.value)
        key = norm(goal.value)
        if a.is_template or not a.content or key in seen:
            continue
        seen.add(key)
        goals.append(goal)
    if not goals and _section_missing(rule, ctx):
        return [not_applicable_missing(rule, ctx)]
    low, high = int(rule.params["min"]), int(rule.params["max"])
    n = len(goals)
    data: dict[str, Any] = {"count": n, "goals": [g.value for g in goals]}
    values = {"count": n, "min": low, "max": high}
    first = goals[0].evidence if goals else None
    evidence = first.text if first else None
    if low <= n <= high:
        outcome: Outcome = "pass"
        variant: str | None = None
    else:
        outcome = "fail"
        variant = "none" if n == 0 else "too-few" if n < low else "too-many"
    if evidence is None:
        from beredskab.checks.base import Area, searched, section_lines

        lines = section_lines(ctx, rule.section) if rule.section else None
        area = Area(lines, rule.section) if lines is not None else None
        evidence = searched(ctx, area)
    return [
        result(
            rule,
            ctx,
            outcome,
            variant,
            values=values,
            evidence=evidence,
            paragraph=first.paragraph if first else _first_paragraph(ctx, rule.section),
            data=data,
        )
    ]


def _first_paragraph(ctx: CheckContext, key: str | None) -> int | None:
    section = ctx.matching.section(key) if key else None
    return section.first_paragraph if section is not None else None


def interval(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """INT004: the plan states how often it is revised (``Facts.revision_interval_years``)."""
    years = ctx.facts.revision_interval_years
    ev = ctx.facts.interval_evidence
    if years is not None:
        return [
            result(
                rule,
                ctx,
                "pass",
                values={"years": years},
                evidence=ev.text if ev else None,
                paragraph=ev.paragraph if ev else None,
                data={"years": years},
            )
        ]
    return [
        result(
            rule,
            ctx,
            "fail",
            evidence=t("check.searched.interval", "da"),
            paragraph=_first_paragraph(ctx, rule.section),
        )
    ]


def interval_legal(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """INT005: the stated interval is at most ``max_years``; no interval: not-applicable
    (INT004 reports that)."""
    years = ctx.facts.revision_interval_years
    ev = ctx.facts.interval_evidence
    limit = int(rule.params["max_years"])
    if years is None:
        return [result(rule, ctx, "not-applicable", "no-interval")]
    outcome: Outcome = "pass" if years <= limit else "fail"
    return [
        result(
            rule,
            ctx,
            outcome,
            values={"years": years, "max": limit},
            evidence=ev.text if ev else None,
            paragraph=ev.paragraph if ev else None,
            data={"years": years, "max_years": limit},
        )
    ]


def adoption(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """INT006: adopted by the council (kommunalbestyrelse, byråd, borgerrepræsentation)
    with a date (``require_date``); a committee, steering group or the administration
    alone is a ``fail``."""
    facts = ctx.facts
    ev = facts.adoption_evidence
    body = facts.adopted_by
    data: dict[str, Any] = {
        "adopted_by": body,
        "adopted": facts.adopted.isoformat() if facts.adopted else None,
    }
    if body is None:
        return [
            result(
                rule, ctx, "fail", "none", evidence=t("check.searched.adoption", "da"), data=data
            )
        ]
    body_label = {lang: t(f"check.body.{body}", lang) for lang in LANGS}
    if body != "council":
        return [
            result(rule, ctx, "fail", "wrong-body", values={"body": body_label}, at=ev, data=data)
        ]
    if facts.adopted is None and rule.params.get("require_date", True):
        return [result(rule, ctx, "fail", "no-date", values={"body": body_label}, at=ev, data=data)]
    when = format_date(facts.adopted) if facts.adopted else {lang: "" for lang in LANGS}
    return [result(rule, ctx, "pass", values={"body": body_label, "date": when}, at=ev, data=data)]


def police_district(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """ORG003: the police district is named, is one of the 12, and is the district of the
    plan's municipality. Without a known municipality the last part cannot be decided:
    ``not-applicable`` saying why (DOC003 reports the missing municipality)."""
    from beredskab.reference import find_municipality

    facts = ctx.facts
    ev = facts.police_district_evidence
    if facts.police_district is None:
        if facts.police_district_raw:
            return [
                result(
                    rule,
                    ctx,
                    "fail",
                    "unknown",
                    values={"raw": facts.police_district_raw},
                    evidence=None if ev else facts.police_district_raw,
                    at=ev,
                )
            ]
        return [result(rule, ctx, "fail", "none", evidence=t("check.searched.district", "da"))]
    district = facts.police_district
    data: dict[str, Any] = {"district": district, "municipality": facts.municipality}
    if facts.municipality is None:
        return [
            result(
                rule,
                ctx,
                "not-applicable",
                "no-municipality",
                values={"district": district},
                at=ev,
            )
        ]
    municipality = find_municipality(facts.municipality)
    if municipality is None:
        return [
            result(
                rule,
                ctx,
                "error",
                "unknown-municipality",
                values={"municipality": facts.municipality},
                data=data,
                at=ev,
            )
        ]
    expected = municipality.police_district
    data["expected"] = expected
    values = {"district": district, "expected": expected, "municipality": facts.municipality}
    outcome: Outcome = "pass" if expected == district else "fail"
    variant = None if outcome == "pass" else "wrong"
    return [result(rule, ctx, outcome, variant, values=values, data=data, at=ev)]


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, 28)


def format_date(day: date) -> dict[str, str]:
    """ "24. juni 2028" / "24 June 2028"."""
    out = {}
    for lang in LANGS:
        months = t("check.months", lang).split(",")
        name = months[day.month - 1].strip() if len(months) == 12 else str(day.month)
        out[lang] = t("check.date", lang, day=day.day, month=name, year=day.year)
    return out


def next_revision_due(ctx: CheckContext, max_years: int) -> tuple[date | None, str]:
    """When the plan must be revised next, and what that rests on.

    The adoption date (else 1 January of the plan year) plus the stated interval, capped
    at ``max_years`` (Barnets lov § 15, stk. 3); with no interval stated, the law's
    maximum. A date the plan states itself ("revideres senest i 2027") wins when earlier."""
    due, basis, _base, _years = _due(ctx, max_years)
    return due, basis


def _due(ctx: CheckContext, max_years: int) -> tuple[date | None, str, date | None, int]:
    facts = ctx.facts
    years = min(facts.revision_interval_years or max_years, max_years)
    if facts.adopted is not None:
        base, basis = facts.adopted, "adopted"
    elif facts.plan_year is not None:
        base, basis = date(facts.plan_year, 1, 1), "plan-year"
    else:
        stated = facts.next_revision_due
        return stated, ("stated" if stated else "none"), None, years
    due = add_years(base, years)
    if facts.next_revision_due is not None and facts.next_revision_due < due:
        return facts.next_revision_due, "stated", base, years
    return due, basis, base, years


def revision_due(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """REV001 (``mode: overdue``): the next revision lies after the as-of date. REV002
    (``mode: soon``): it lies more than ``months`` after it (an overdue plan fails too)."""
    limit = int(rule.params["max_years"])
    due, basis, base, years = _due(ctx, limit)
    if due is None:
        return [result(rule, ctx, "not-applicable", "no-date")]
    as_of = ctx.as_of
    data: dict[str, Any] = {"due": due.isoformat(), "as_of": as_of.isoformat(), "basis": basis}
    values: dict[str, Any] = {"due": format_date(due), "as_of": format_date(as_of)}
    ev = ctx.facts.adoption_evidence or ctx.facts.plan_year_evidence
    computed = (
        t("check.evidence.due", "da", base=base.isoformat(), years=years, due=due.isoformat())
        if base is not None
        else None
    )
    if ev is not None and computed is not None:
        ev = Evidence(f"{ev.text} ({computed})", ev.paragraph, ev.location)
    elif computed is not None:
        ev = Evidence(computed, None)
    if rule.params["mode"] == "overdue":
        outcome: Outcome = "pass" if due > as_of else "fail"
        return [result(rule, ctx, outcome, values=values, data=data, at=ev)]
    months = int(rule.params.get("months", 6))
    values["months"] = months
    data["months"] = months
    if due > add_months(as_of, months):
        return [result(rule, ctx, "pass", values=values, data=data, at=ev)]
    variant = "overdue" if due <= as_of else None
    return [result(rule, ctx, "fail", variant, values=values, data=data, at=ev)]
