"""Kinds about the plan's structure: a template section is present (STR001, STR002) and
a found section has the plan's own text, not only headings, template guidance, guiding
questions or placeholders (STR003, IND001)."""

from __future__ import annotations

from beredskab.checks import CheckContext
from beredskab.checks.base import content_words, heading_of, result, section_lines, template_heading
from beredskab.i18n import t
from beredskab.results import Result
from beredskab.rulepack import RuleSpec


def section_present(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """One result per key in ``params.keys``: pass with the heading it matched, or fail."""
    out: list[Result] = []
    for key in rule.params["keys"]:
        match = ctx.matching.matches.get(key)
        if match is not None and match.section is not None:
            heading = match.section.heading_text or template_heading(ctx, key)
            data = {"confidence": round(match.confidence, 3), "method": match.method}
            out.append(
                result(
                    rule,
                    ctx,
                    "pass",
                    section=key,
                    per_section=True,
                    values={"heading": heading},
                    evidence=heading,
                    paragraph=match.section.first_paragraph,
                    data=data,
                )
            )
        else:
            out.append(
                result(
                    rule,
                    ctx,
                    "fail",
                    section=key,
                    per_section=True,
                    evidence=t("check.searched.headings", "da", heading=template_heading(ctx, key)),
                )
            )
    return out


def section_not_empty(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    """One result per found key (``params.keys``, else the rule's section, else every
    catalogue key); a missing rule section gives ``params.missing`` (not-applicable by
    default). Pass when the
    key's own text (sub-sections matched to other keys left out, unless the key is in
    ``with_subsections``) has at least ``min_words`` words of content."""
    if rule.params.get("keys"):
        keys = list(rule.params["keys"])
    elif rule.section:
        keys = [rule.section]
    else:
        keys = [spec.key for spec in ctx.pack.sections]
    per_section = rule.section is None
    with_sub = set(rule.params.get("with_subsections") or ())
    min_words = int(rule.params.get("min_words", 5))
    out: list[Result] = []
    for key in keys:
        lines = section_lines(ctx, key, subkeys=key in with_sub)
        if lines is None:
            if rule.section == key:
                if rule.params.get("missing") == "fail":
                    heading = template_heading(ctx, key)
                    evidence = t("check.searched.headings", "da", heading=heading)
                    out.append(result(rule, ctx, "fail", "missing", evidence=evidence))
                else:
                    out.append(result(rule, ctx, "not-applicable", "section-missing"))
            continue  # STR001/STR002 report a missing section
        section = ctx.matching.section(key)
        first = section.first_paragraph if section is not None else None
        words = content_words(lines)
        data = {"words": words, "min_words": min_words}
        values = {"words": words, "min_words": min_words}
        content = next((ln for ln in lines if not ln.heading and ln.analysed.is_content), None)
        if words >= min_words and content is not None:
            out.append(
                result(
                    rule,
                    ctx,
                    "pass",
                    section=key,
                    per_section=per_section,
                    values=values,
                    evidence=content.paragraph.text,
                    paragraph=content.index,
                    data=data,
                )
            )
            continue
        template = next((ln for ln in lines if ln.analysed.is_template), None)
        if template is not None:
            variant = "template-only"
            evidence = template.paragraph.text
            para = template.index
        elif content is not None:
            variant = "too-short"
            evidence = content.paragraph.text
            para = content.index
        else:
            variant = "empty"
            evidence = heading_of(ctx, key) or template_heading(ctx, key)
            para = first
        out.append(
            result(
                rule,
                ctx,
                "fail",
                variant,
                section=key,
                per_section=per_section,
                values=values,
                evidence=evidence,
                paragraph=para if para is not None else first,
                data=data,
            )
        )
    return out
