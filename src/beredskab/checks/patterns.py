"""Kinds that search the plan's own text for phrases: ``pattern-present`` (groups of
terms, all or ``min_groups`` of them required: responsibility levels, definitions, the
four forms of extremism, the law's scope, meeting rhythms …) and ``pattern-absent``
(phrases that must not be there: a former centre name, an outdated law).

Regular expressions come from the rule's parameters, are matched case-insensitively on
normalised text (lower case, white space folded, dashes unified) and only on the plan's
own content: template guidance, questions and placeholders are removed first
(``checks.base``), so the template's wording never satisfies a rule."""

from __future__ import annotations

from typing import Any

from beredskab.checks import CheckContext
from beredskab.checks.base import (
    Area,
    Line,
    area,
    haystack,
    not_applicable_missing,
    result,
    rx,
    rx_any,
    searched,
)
from beredskab.results import Result
from beredskab.rulepack import RuleSpec


def pattern_present(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """Pass when at least ``min_groups`` (default: all) of ``groups`` occur in the area,
    each group being satisfied by any of its patterns; with ``same_paragraph`` they must
    occur together in one paragraph."""
    found_area = area(rule, ctx)
    if found_area is None:
        return [not_applicable_missing(rule, ctx)]
    groups: list[dict[str, Any]] = rule.params["groups"]
    need = int(rule.params.get("min_groups", len(groups)))
    data: dict[str, Any] = {"fallback": found_area.fallback} if found_area.fallback else {}
    hay = haystack(ctx, found_area.lines)
    if rule.params.get("same_paragraph"):
        # Every paragraph holding the first (most specific) group, and how many groups
        # it holds; the earliest with the most wins.
        counts = hay.lines_with_all([g["patterns"] for g in groups])
        if counts:
            best = min(counts, key=lambda pos: (-counts[pos], pos))
            line = hay.lines[best]
            content = line.analysed.content
            hit = [g for g in groups if rx_any(tuple(g["patterns"])).search(content)]
            if len(hit) >= need:
                return [_pass(rule, ctx, line, hit, data)]
            missing = [g for g in groups if g not in hit]
            return [_fail(rule, ctx, found_area, hit, missing, data, line)]
        return [_fail(rule, ctx, found_area, [], list(groups), data, None)]
    hits: list[tuple[dict[str, Any], Line]] = []
    for group in groups:
        found = hay.first(group["patterns"])
        if found is not None:
            hits.append((group, found[0]))
    if len(hits) >= need:
        return [_pass(rule, ctx, hits[0][1], [g for g, _ in hits], data)]
    hit_groups = [g for g, _ in hits]
    missing = [g for g in groups if g not in hit_groups]
    return [_fail(rule, ctx, found_area, hit_groups, missing, data, hits[0][1] if hits else None)]


def _labels(groups: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [dict(g["label"]) for g in groups]


def _pass(
    rule: RuleSpec, ctx: CheckContext, line: Line, hit: list[dict[str, Any]], data: dict[str, Any]
) -> Result:
    data = dict(data, found=[g["label"]["da"] for g in hit])
    return result(
        rule,
        ctx,
        "pass",
        values={"found": _labels(hit)},
        evidence=line.paragraph.text,
        paragraph=line.index,
        data=data,
    )


def _fail(
    rule: RuleSpec,
    ctx: CheckContext,
    found_area: Area,
    hit: list[dict[str, Any]],
    missing: list[dict[str, Any]],
    data: dict[str, Any],
    partial: Line | None,
) -> Result:
    data = dict(
        data, found=[g["label"]["da"] for g in hit], missing=[g["label"]["da"] for g in missing]
    )
    values = {"found": _labels(hit), "missing": _labels(missing)}
    limits = rule.params.get("limiting") or []
    limiting = haystack(ctx, found_area.lines).first(limits) if limits else None
    if limiting is not None:
        line = limiting[0]
        return result(
            rule,
            ctx,
            "fail",
            "limited",
            values=values,
            evidence=line.paragraph.text,
            paragraph=line.index,
            data=data,
        )
    if partial is not None:
        return result(
            rule,
            ctx,
            "fail",
            "partial",
            values=values,
            evidence=partial.paragraph.text,
            paragraph=partial.index,
            data=data,
        )
    first = next((ln.index for ln in found_area.lines if ln.index is not None), None)
    return result(
        rule,
        ctx,
        "fail",
        values=values,
        evidence=searched(ctx, found_area),
        paragraph=first if found_area.key is not None else None,
        data=data,
    )


def pattern_absent(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """Fail on the first paragraph where one of ``patterns`` occurs (with one of its
    ``near`` patterns in the same paragraph, when given) and none of its ``unless``
    patterns does."""
    found_area = area(rule, ctx)
    if found_area is None:
        return [not_applicable_missing(rule, ctx)]
    hay = haystack(ctx, found_area.lines)
    found: list[tuple[int, int]] = []
    findings: list[dict[str, Any]] = rule.params["patterns"]
    for k, finding in enumerate(findings):
        pattern = rx(finding["pattern"])
        for pos in hay.index.candidates_or_all(pattern.pattern, pattern.flags):
            text = hay.lines[pos].analysed.content
            if not pattern.search(text):
                continue
            if finding.get("near") and not any(rx(p).search(text) for p in finding["near"]):
                continue
            if any(rx(p).search(text) for p in finding.get("unless") or ()):
                continue
            found.append((pos, k))
    hits = [(findings[k], hay.lines[pos]) for pos, k in sorted(found)]
    if not hits:
        return [result(rule, ctx, "pass", evidence=None)]
    finding, line = hits[0]
    data = {"count": len(hits), "found": list(dict.fromkeys(f["label"]["da"] for f, _ in hits))}
    return [
        result(
            rule,
            ctx,
            "fail",
            values={"found": dict(finding["label"]), "count": len(hits)},
            evidence=line.paragraph.text,
            paragraph=line.index,
            data=data,
        )
    ]
