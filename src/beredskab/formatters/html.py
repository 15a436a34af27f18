"""The HTML report (``--format html``): one self-contained page for a municipal employee.

No external assets (inline CSS, no scripts, no fonts or images to fetch), prints well
(``@media print``), accessible (``lang`` attribute, one ``h1``, nested headings, text
contrast of at least 4.5:1, states told by words and not only by colour). Per plan: the
plan's name and year, municipality and key facts, the score, "the three most important
things to fix", then per template section (template order) the heading it was found
under with the confidence, and what is missing or wrong — each with the reason, how to
fix it and the template text block that helps; waived findings shown as waived (who,
why, until when); then waiver notes and the plan's sections that match no template
section. Several plans give one page with an index and one part per plan.

Everything that comes from the plan or the report is escaped (``html.escape``): plan
text is untrusted. The page holds no timestamp, so the same report gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from beredskab.formatters._common import (
    SectionGroup,
    badge_class,
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

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Calibri, Arial, Helvetica, sans-serif; font-size: 16px;
  line-height: 1.5; color: #1a1a1a; background: #ffffff; margin: 0; }
main { max-width: 56rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1, h2, h3, h4 { line-height: 1.25; color: #10284a; }
h1 { font-size: 1.9rem; margin: 0 0 .5rem; }
h2 { font-size: 1.45rem; margin: 2rem 0 .75rem; border-bottom: 2px solid #10284a;
  padding-bottom: .25rem; }
h3 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1.05rem; margin: 0 0 .25rem; }
.plan { margin-bottom: 3rem; }
.plan + .plan { border-top: 4px double #10284a; padding-top: 1rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem;
  margin: .75rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.facts ol { margin: 0; padding-left: 1.25rem; }
.score { display: flex; align-items: center; gap: 1.25rem; background: #eef3f9;
  border: 1px solid #b7c7dc; border-radius: .5rem; padding: .75rem 1rem; margin: 1rem 0; }
.score-value { font-size: 2.4rem; font-weight: 700; color: #10284a; white-space: nowrap; }
.score p { margin: .1rem 0; }
.must { font-weight: 600; color: #8a1c1c; }
.top ol { padding-left: 1.5rem; }
.top li { margin-bottom: .75rem; }
.group { border-left: 4px solid #b7c7dc; padding: .1rem 0 .1rem 1rem; margin: 1.25rem 0; }
.found { margin: 0 0 .5rem; font-style: italic; }
.found.missing { color: #8a1c1c; font-style: normal; font-weight: 600; }
.finding { border: 1px solid #d0d7de; border-left-width: 6px; border-radius: .35rem;
  padding: .6rem .9rem; margin: .6rem 0; background: #fff; break-inside: avoid;
  page-break-inside: avoid; }
.finding p { margin: .25rem 0; }
.finding.error { border-left-color: #b3261e; }
.finding.warning { border-left-color: #9a6700; }
.finding.info { border-left-color: #0b5cad; }
.finding.unknown { border-left-color: #6f42c1; }
.finding.waived { border-left-color: #57606a; background: #f6f8fa; }
.badge { display: inline-block; font-size: .85rem; font-weight: 700; padding: .05rem .5rem;
  border-radius: .25rem; margin-right: .5rem; }
.badge.error { background: #fde7e9; color: #8a1c1c; }
.badge.warning { background: #fff4d6; color: #6b4700; }
.badge.info { background: #e3f0ff; color: #0b4a8b; }
.badge.unknown { background: #f0e8ff; color: #4b2a8a; }
.badge.waived { background: #eaeef2; color: #32383f; }
.badge.pass { background: #dff5e3; color: #14532d; }
.msg { font-weight: 600; }
.evidence q { font-style: italic; }
html:lang(da) q { quotes: "»" "«" "›" "‹"; }
.explain { margin: .35rem 0 0; display: grid; grid-template-columns: max-content 1fr;
  gap: .1rem .75rem; }
.explain dt { font-weight: 600; }
.explain dd { margin: 0; }
.block { color: #14532d; font-weight: 600; }
.meta { color: #4a5561; font-size: .9rem; }
.passed { color: #14532d; margin: .5rem 0 0; }
.passed summary { cursor: pointer; }
.passed ul { margin: .25rem 0; font-size: .9rem; }
.na { color: #4a5561; margin: .25rem 0 0; }
.notes li { margin-bottom: .35rem; }
table.index { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
table.index th, table.index td { border: 1px solid #b7c7dc; padding: .35rem .6rem;
  text-align: left; }
table.index th { background: #eef3f9; }
a { color: #0b4a8b; }
footer { margin-top: 2rem; color: #4a5561; font-size: .85rem; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .plan + .plan { break-before: page; page-break-before: always; border-top: none; }
  .score { background: none; }
  .finding { background: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
}
""".strip()


CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""Nothing may load or run: the page is data, and plan text in it is untrusted."""


def _e(value: object) -> str:
    """Escaped text for HTML content and attribute values."""
    return escape(str(value), quote=True)


def _badge(result: Result, lang: str) -> str:
    return f'<span class="badge {badge_class(result)}">{_e(badge_label(result, lang))}</span>'


def _finding(result: Result, pack: RulePack | None, lang: str) -> str:
    rule = rule_of(result, pack)
    out = [f'<div class="finding {badge_class(result)}">']
    out.append(f'<p>{_badge(result, lang)}<span class="msg">{_e(result.text(lang))}</span></p>')
    if result.evidence:
        out.append(
            f'<p class="evidence">{_e(t("report.label.evidence", lang))}: '
            f'<q lang="da">{_e(result.evidence)}</q></p>'
        )
    if result.waived and result.waiver is not None:
        out.append(f"<p><strong>{_e(waiver_text(result.waiver, lang))}</strong></p>")
    rows = explanation_rows(result, pack, lang)
    if rows:
        items = "".join(f"<dt>{_e(label)}</dt><dd>{_e(text)}</dd>" for label, text in rows)
        out.append(f'<dl class="explain">{items}</dl>')
    block = text_block(rule)
    if block and not result.waived:
        out.append(f'<p class="block">{_e(t("report.text-block", lang, number=block))}</p>')
    out.append(f'<p class="meta">{_e(rule_line(result, lang))}</p>')
    out.append("</div>")
    return "\n".join(out)


def _passed_block(group: SectionGroup, pack: RulePack | None, lang: str) -> str:
    """Passed rules as a count that opens to the list (what each found), then the count of
    rules that did not apply. Collapsed: the reader's attention belongs to the problems."""
    out: list[str] = []
    if group.passed:
        label = passed_label(len(group.passed), lang)
        listed = "".join(f"<li>{_e(passed_item(r, pack, lang))}</li>" for r in group.passed)
        out.append(
            f'<details class="passed"><summary>✓ {_e(label)}</summary><ul>{listed}</ul></details>'
        )
    if group.not_applicable:
        label = not_applicable_label(len(group.not_applicable), lang)
        out.append(f'<p class="na">{_e(label)}</p>')
    return "\n".join(out)


def _group(group: SectionGroup, pack: RulePack | None, lang: str, h: int) -> str:
    out = ['<section class="group">', f"<h{h}>{_e(group.label)}</h{h}>"]
    found = match_text(group.match, lang, group.label)
    if found:
        missing = group.match is not None and not group.match.found
        out.append(f'<p class="found{" missing" if missing else ""}">{_e(found)}</p>')
    for result in (*group.problems, *group.waived):
        out.append(_finding(result, pack, lang))
    if not group.problems and not group.waived:
        out.append(f"<p>{_e(t('report.nothing-wrong', lang))}</p>")
    passed = _passed_block(group, pack, lang)
    if passed:
        out.append(passed)
    out.append("</section>")
    return "\n".join(out)


def _facts(report: Report, lang: str) -> str:
    plan = report.plan
    rows = fact_rows(report, lang)
    items = "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in rows)
    if plan.goals:
        goals = "".join(f'<li lang="da">{_e(goal)}</li>' for goal in plan.goals)
        items += f"<dt>{_e(t('report.label.goals', lang))}</dt><dd><ol>{goals}</ol></dd>"
    return f'<dl class="facts">{items}</dl>'


def _top(report: Report, pack: RulePack | None, lang: str, h: int) -> str:
    out = ['<section class="top">', f"<h{h}>{_e(t('report.top3', lang))}</h{h}>"]
    top = top_findings(report, pack)
    if not top:
        out.append(f"<p>{_e(t('report.top-none', lang))}</p>")
    else:
        out.append("<ol>")
        for result in top:
            where = where_text(result, pack, lang)
            fix = explanation(rule_of(result, pack), "fix", lang)
            item = f'{_badge(result, lang)}<span class="msg">{_e(result.text(lang))}</span>'
            item += f'<br><span class="meta">{_e(where)}'
            item += f" · {_e(result.rule)}</span>"
            if fix:
                item += f"<br>{_e(t('report.label.fix', lang))}: {_e(fix)}"
            out.append(f"<li>{item}</li>")
        out.append("</ol>")
    out.append("</section>")
    return "\n".join(out)


def _report(report: Report, pack: RulePack | None, lang: str, anchor: str, h: int) -> str:
    summary = report.summary
    out = [f'<article class="plan" id="{_e(anchor)}">', "<header>"]
    out.append(f"<h{h}>{_e(plan_title(report, lang))}</h{h}>")
    out.append(_facts(report, lang))
    out.append('<div class="score">')
    out.append(
        f'<span class="score-value" aria-label="{_e(t("report.label.score", lang))}">'
        f"{_e(score_text(summary.score, lang))}</span>"
    )
    out.append(f"<div><p>{_e(summary_counts(report, lang))}</p>")
    must = must_fix_text(report, lang)
    if must:
        out.append(f'<p class="must">{_e(must)}</p>')
    out.append("</div></div>")
    out.append("</header>")
    out.append(_top(report, pack, lang, h + 1))
    out.append(f"<section><h{h + 1}>{_e(t('report.by-section', lang))}</h{h + 1}>")
    for group in group_results(report, pack, lang):
        out.append(_group(group, pack, lang, h + 2))
    out.append("</section>")
    if report.waiver_notes:
        out.append(f'<section class="notes"><h{h + 1}>{_e(t("report.waivers", lang))}</h{h + 1}>')
        notes = "".join(f"<li>{_e(waiver_note_text(n, lang))}</li>" for n in report.waiver_notes)
        out.append(f"<ul>{notes}</ul></section>")
    if report.unmatched_sections:
        out.append(f"<section><h{h + 1}>{_e(t('report.unmatched', lang))}</h{h + 1}>")
        items = "".join(f'<li lang="da">{_e(s)}</li>' for s in report.unmatched_sections)
        out.append(f"<ul>{items}</ul></section>")
    out.append("</article>")
    return "\n".join(out)


def _index(reports: Sequence[Report], lang: str) -> str:
    head = "".join(
        f'<th scope="col">{_e(t(k, lang))}</th>'
        for k in ("report.label.municipality", "report.label.year", "report.label.score")
    )
    rows = []
    for i, report in enumerate(reports, start=1):
        name = report.plan.municipality or report.file
        year = report.plan.plan_year if report.plan.plan_year is not None else ""
        score = score_text(report.summary.score, lang)
        rows.append(
            f'<tr><td><a href="#plan-{i}">{_e(name)}</a></td><td>{_e(year)}</td>'
            f"<td>{_e(score)}</td></tr>"
        )
    return (
        f"<h2>{_e(t('report.index', lang))}</h2>"
        f'<table class="index"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def render(
    reports: Sequence[Report],
    *,
    lang: str,
    pack: RulePack | None = None,
    color: bool = False,
    fmt: str = "html",
) -> str:
    """One HTML document for all the plans (an index first when there are several)."""
    language = resolve_lang(lang)
    title = (
        plan_title(reports[0], language) if len(reports) == 1 else t("report.title-many", language)
    )
    body: list[str] = []
    if not reports:
        body.append(f"<h1>{_e(t('report.title', language))}</h1>")
        body.append(f"<p>{_e(t('report.no-reports', language))}</p>")
    elif len(reports) == 1:
        body.append(_report(reports[0], pack, language, "plan-1", 1))
    else:
        body.append(f"<h1>{_e(t('report.title-many', language))}</h1>")
        body.append(_index(reports, language))
        for i, report in enumerate(reports, start=1):
            body.append(_report(report, pack, language, f"plan-{i}", 2))
    footer = footer_text(reports, language)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{_e(language)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="beredskab">',
            f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
            f"<title>{_e(title)}</title>",
            f"<style>\n{CSS}\n</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            f"<footer><p>{_e(footer)}</p></footer>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )
