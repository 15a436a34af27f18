"""Kinds about the document as a whole: readable (DOC001), no pending tracked changes
(DOC002), a fact the plan must state (DOC003 municipality, DOC004 plan year) and a fact
it should not have (DOC005 combined with negativ social kontrol)."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from beredskab.checks import CheckContext
from beredskab.checks.base import paragraphs, result
from beredskab.facts import Evidence
from beredskab.i18n import t
from beredskab.results import Result
from beredskab.rulepack import RuleSpec

_TEXT = attrgetter("text")


def readable(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """DOC001: the file was read and gave a section tree (an unreadable file never gets
    here: ``pipeline.unreadable_report`` gives the ``error``). A document without any
    text is an ``error`` too: there is nothing to check."""
    count = sum(map(bool, map(_TEXT, paragraphs(ctx))))  # (with text; C-level passes)
    sections = sum(1 for _ in ctx.tree.walk()) - 1
    data = {"paragraphs": count, "sections": sections}
    if count == 0:
        return [result(rule, ctx, "error", "empty", data=data)]
    return [result(rule, ctx, "pass", values=data, data=data)]


def no_pending_revisions(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """DOC002: no unaccepted tracked changes, and (``count_comments``) no open comments."""
    rev = ctx.document.revisions
    comments = rev.comments if rule.params.get("count_comments", True) else 0
    data = {
        "insertions": rev.insertions,
        "deletions": rev.deletions,
        "moves": rev.moves,
        "comments": comments,
    }
    values = dict(data, changes=rev.pending)
    if rev.pending == 0 and comments == 0:
        return [result(rule, ctx, "pass", values=values, data=data)]
    first = next(
        (
            p
            for p in paragraphs(ctx)
            if (p.has_inserted_text or p.has_deleted_text) and p.index is not None
        ),
        None,
    )
    evidence = t("check.evidence.revisions", "da", **values)
    if first is not None and first.text:
        evidence = f"{evidence}: “{first.text}”"
    elif comments and ctx.document.comments:
        evidence = f"{evidence}: “{ctx.document.comments[0].text}”"
    variant = "changes" if rev.pending else "comments"
    return [
        result(
            rule,
            ctx,
            "fail",
            variant,
            values=values,
            evidence=evidence,
            paragraph=first.index if first is not None else None,
            data=data,
        )
    ]


def _evidence_text(ev: Evidence | None) -> tuple[str | None, int | None]:
    return (ev.text, ev.paragraph) if ev is not None else (None, None)


def fact_present(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """DOC003 (``fact: municipality``) and DOC004 (``fact: plan_year``)."""
    facts = ctx.facts
    if rule.params["fact"] == "municipality":
        if facts.municipality:
            text, para = _evidence_text(facts.municipality_evidence)
            data = {"municipality": facts.municipality, "kommunekode": facts.kommunekode}
            vals = {"municipality": facts.municipality}
            return [
                result(rule, ctx, "pass", values=vals, evidence=text, paragraph=para, data=data)
            ]
        if len(facts.municipality_candidates) > 1:
            cands = list(facts.municipality_candidates)
            return [
                result(
                    rule,
                    ctx,
                    "fail",
                    "several",
                    values={"candidates": cands},
                    evidence=", ".join(cands),
                    data={"candidates": cands},
                )
            ]
        return [result(rule, ctx, "fail", evidence=t("check.searched.owner", "da"))]
    # plan_year
    if facts.plan_year is not None:
        text, para = _evidence_text(facts.plan_year_evidence)
        year: dict[str, Any] = {"year": facts.plan_year}
        return [result(rule, ctx, "pass", values=year, evidence=text, paragraph=para, data=year)]
    return [result(rule, ctx, "fail", evidence=t("check.searched.year", "da"))]


def fact_absent(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """DOC005 (``fact: nsk``): the plan is not combined with negativ social kontrol."""
    ev = ctx.facts.nsk
    if ev is None:
        return [result(rule, ctx, "pass")]
    return [result(rule, ctx, "fail", evidence=ev.text, paragraph=ev.paragraph)]
