"""Kinds about template leftovers: placeholders (TPL001), the template's instructions to
the author (TPL002) and guiding questions left without an answer (TPL003).

Placeholders and instructions are searched everywhere the plan has text (body, tables,
text boxes, headers, footers, content controls), the text-block appendix included: what
a plan keeps of the template is in the submitted document."""

from __future__ import annotations

import re

from beredskab.cache import regex
from beredskab.checks import CheckContext
from beredskab.checks.base import (
    Analysed,
    Line,
    analyse,
    analysed_texts,
    memo,
    own_lines,
    paragraphs,
    result,
    rx,
    template_text,
)
from beredskab.results import Result
from beredskab.rulepack import RuleSpec


def _all_texts(ctx: CheckContext) -> list[tuple[str, int | None, Analysed]]:
    """Every text of the document (table of contents left out) with its paragraph and
    its analysis."""

    def build() -> list[tuple[str, int | None, Analysed]]:
        known = analysed_texts(ctx)
        return [(text, i, known.get(text) or analyse(ctx, text)) for text, i in _texts(ctx)]

    return memo(ctx, "all-texts", build)


def _texts(ctx: CheckContext) -> list[tuple[str, int | None]]:
    doc = ctx.document
    out: list[tuple[str, int | None]] = [
        (p.text, p.index) for p in paragraphs(ctx) if p.text and not p.in_toc
    ]
    out += [(p.text, None) for p in (*doc.headers, *doc.footers) if p.text]
    out += [(c.text, None) for c in doc.content_controls if c.text]
    if doc.core.title:
        out.append((doc.core.title, None))
    return out


def placeholders(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """TPL001: none of the template's placeholders (``pack.yaml``) remain."""
    patterns: list[tuple[re.Pattern[str], str]] = list(template_text(ctx).placeholders)
    patterns += [
        (regex(p["pattern"], re.IGNORECASE | re.MULTILINE), str(p["label"]))
        for p in rule.params.get("extra") or ()
    ]
    extra = patterns[len(template_text(ctx).placeholders) :]
    hits: list[tuple[str, str, int | None]] = []
    # Every text below is a text of the document, analysed among all of them: a plan
    # none of whose texts holds a placeholder needs no walk (without extra patterns).
    found = extra or any(a.placeholders for a in analysed_texts(ctx).values())
    for text, index, a in _all_texts(ctx) if found else ():  # the pack's, once per text
        if a.placeholders:
            hits.extend((label, text, index) for label in a.placeholders)
        if extra:
            hits.extend((label, text, index) for p, label in extra if p.search(a.normalised))
    if not hits:
        return [result(rule, ctx, "pass")]
    labels = list(dict.fromkeys(label for label, _, _ in hits))
    first = next((h for h in hits if h[2] is not None), hits[0])
    data = {"count": len(hits), "placeholders": labels}
    return [
        result(
            rule,
            ctx,
            "fail",
            values={"count": len(hits), "labels": [f"“{x}”" for x in labels]},
            evidence=first[1],
            paragraph=first[2],
            data=data,
        )
    ]


def guidance_absent(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """TPL002: none of the template's instructions to the author remain."""
    extra = [rx(p) for p in rule.params.get("extra") or ()]
    hits: list[tuple[str, int | None]] = []
    found = extra or any(a.guidance for a in analysed_texts(ctx).values())  # (as TPL001)
    for text, index, a in _all_texts(ctx) if found else ():
        if a.guidance or (extra and any(p.search(a.normalised) for p in extra)):
            hits.append((text, index))
    if not hits:
        return [result(rule, ctx, "pass")]
    first = next((h for h in hits if h[1] is not None), hits[0])
    data = {"count": len(hits), "paragraphs": [i for _, i in hits if i is not None][:50]}
    return [
        result(
            rule,
            ctx,
            "fail",
            values={"count": len(hits)},
            evidence=first[0],
            paragraph=first[1],
            data=data,
        )
    ]


def _question_only(line: Line) -> bool:
    return bool(line.analysed.questions) and not line.analysed.is_content


def unanswered_questions(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """TPL003: every guiding question left in the plan is followed by an answer (content)
    before the next heading; a run of questions may share one answer."""
    unanswered: list[Line] = []
    # Every line and heading below is a text of the document, analysed among all of
    # them: a plan none of whose texts holds a question (most finished plans) has no
    # question to walk the sections for.
    asked = any(a.questions for a in analysed_texts(ctx).values())
    for section in ctx.tree.walk() if asked else ():
        lines = own_lines(ctx, section)  # not in the table of contents or the appendix
        pending: list[Line] = []
        for line in lines:
            if _question_only(line):
                pending.append(line)
            elif line.analysed.is_content:
                pending.clear()  # answered
            else:  # guidance or a placeholder after the questions: still unanswered
                unanswered.extend(pending)
                pending.clear()
        unanswered.extend(pending)
        # A question heading (a sub-heading written as the template's question) with no
        # content below it is unanswered as well.
        for child in section.children:
            if child.heading is not None and child.heading.text and not child.children:
                a = analyse(ctx, child.heading.text)
                if a.questions and not any(
                    analyse(ctx, p.text).is_content for p in child.own_paragraphs() if p.text
                ):
                    unanswered.append(Line(child.heading, True, a))
    if not unanswered:
        return [result(rule, ctx, "pass")]
    unanswered.sort(key=lambda ln: (ln.index is None, ln.index or 0))
    first = unanswered[0]
    data = {
        "count": len(unanswered),
        "paragraphs": [ln.index for ln in unanswered if ln.index is not None][:50],
    }
    return [
        result(
            rule,
            ctx,
            "fail",
            values={"count": len(unanswered), "question": first.paragraph.text},
            evidence=first.paragraph.text,
            paragraph=first.index,
            data=data,
        )
    ]
