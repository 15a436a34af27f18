"""Text, JSON and HTML renderings of the history: version lists, diffs and due lists.

Pure functions from the dictionaries and rows the other modules build to strings; every
sentence comes from ``messages/history.yaml`` (Danish first, English with ``lang="en"``).
The HTML is one self-contained page (inline style, no scripts, no external resources)
and every value from a plan is escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from beredskab.history.db import VersionInfo
from beredskab.history.due import STATUS_ORDER, DueRow
from beredskab.i18n import t

CONTEXT_WORDS = 6
"""Unchanged words shown on each side of a change in the text diff."""


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n"


def _score(score: float | None) -> str:
    return "–" if score is None else f"{round(score * 100)} %"


def _na(value: Any) -> str:
    return "–" if value in (None, "", []) else str(value)


# -- list ------------------------------------------------------------------------------


def versions_text(versions: Sequence[VersionInfo], lang: str) -> str:
    if not versions:
        return t("history.list.empty", lang) + "\n"
    lines: list[str] = []
    current = None
    for v in versions:
        if v.kommunekode != current:
            current = v.kommunekode
            if lines:
                lines.append("")
            lines.append(f"{v.kommune} ({v.kommunekode})")
        lines.append(
            "  "
            + t(
                "history.list.row",
                lang,
                version=v.version,
                received=v.received.isoformat(),
                plan_year=_na(v.plan_year),
                adopted=_na(v.adopted),
                score=_score(v.score),
                errors=_na(v.error_failures),
                warnings=_na(v.warning_failures),
                pack=_na(v.pack_label),
                file=v.file_name,
            )
        )
    return "\n".join(lines) + "\n"


# -- diff ------------------------------------------------------------------------------


def _finding(item: dict[str, Any], lang: str) -> str:
    where = f" ({item['section']})" if item.get("section") else ""
    message = item.get("message") or {}
    text = message.get(lang) or message.get("da") or item.get("name") or ""
    return f"{item['rule']}{where}: {text}" if text else f"{item['rule']}{where}"


def _fact_value(value: Any, lang: str) -> str:
    if value is None or value == [] or value == {}:
        return t("history.diff.none", lang)
    if isinstance(value, bool):
        return t("history.yes" if value else "history.no", lang)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        parts = [", ".join(str(x) for x in v) for v in value.values() if v]
        return "; ".join(parts) or t("history.diff.none", lang)
    return str(value)


def compact_segments(
    segments: Sequence[Sequence[str]], context: int = CONTEXT_WORDS
) -> list[tuple[str, str]]:
    """Word-diff segments with unchanged stretches longer than twice ``context`` words
    shortened to their ends ("…"); the JSON keeps them whole."""
    out: list[tuple[str, str]] = []
    last = len(segments) - 1
    for i, (op, text) in enumerate(segments):
        words = text.split()
        if op == "=" and len(words) > 2 * context:
            head = words[:context] if i > 0 else []
            tail = words[-context:] if i < last else []
            text = " ".join([*head, "…", *tail])
        out.append((op, text))
    return out


def word_diff_text(segments: list[list[str]]) -> str:
    parts = []
    for op, text in compact_segments(segments):
        parts.append(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return " ".join(parts)


def _diff_title(diff: dict[str, Any], lang: str) -> str:
    f, to = diff["from"], diff["to"]
    return t(
        "history.diff.title",
        lang,
        kommune=diff["kommune"],
        from_version=f["version"],
        from_received=f["received"],
        to_version=to["version"],
        to_received=to["received"],
    )


def _section_lines(sections: dict[str, Any], lang: str) -> list[str]:
    """One sentence per section added, removed, renamed or moved (in that order)."""
    lines = [t("history.diff.added", lang, heading=s["heading"]) for s in sections["added"]]
    lines += [t("history.diff.removed", lang, heading=s["heading"]) for s in sections["removed"]]
    lines += [
        t("history.diff.renamed", lang, old=s["from"], new=s["to"]) for s in sections["renamed"]
    ]
    lines += [t("history.diff.moved", lang, heading=s["heading"]) for s in sections["moved"]]
    return lines


def _changed_label(change: dict[str, Any], lang: str) -> str:
    return t(
        "history.diff.changed",
        lang,
        heading=change["heading"],
        similarity=round(change["similarity"] * 100),
        added=change["words_added"],
        removed=change["words_removed"],
    )


def diff_text(diff: dict[str, Any], lang: str) -> str:
    f, to = diff["from"], diff["to"]
    lines = [
        _diff_title(diff, lang),
        "",
        t("history.diff.findings", lang),
    ]
    findings = diff["findings"]
    if f.get("rule_pack") != to.get("rule_pack"):
        lines.append(
            "  "
            + t("history.diff.other-pack", lang, old=f.get("rule_pack"), new=to.get("rule_pack"))
        )
    for group in ("fixed", "new", "unchanged"):
        items = findings[group]
        label = t(f"history.diff.findings.{group}", lang, count=len(items))
        lines.append(f"  {label}")
        lines.extend(f"    - {_finding(i, lang)}" for i in items)
    lines += ["", t("history.diff.facts", lang)]
    if not diff["facts"]:
        lines.append("  " + t("history.diff.facts.none", lang))
    for key, change in diff["facts"].items():
        lines.append(
            "  "
            + t(
                "history.diff.fact-change",
                lang,
                fact=t(f"history.fact.{key}", lang),
                old=_fact_value(change["from"], lang),
                new=_fact_value(change["to"], lang),
            )
        )
    sections = diff["sections"]
    lines += ["", t("history.diff.sections", lang)]
    if not any(sections.values()):
        lines.append("  " + t("history.diff.sections.none", lang))
    lines += ["  " + line for line in _section_lines(sections, lang)]
    for s in sections["changed"]:
        lines.append("  " + _changed_label(s, lang))
        lines.append("      " + word_diff_text(s["diff"]))
    if sections["changed"]:
        lines += ["", t("history.diff.legend", lang)]
    return "\n".join(lines) + "\n"


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse}
td,th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #eee}
ins{background:#d7f5dd;text-decoration:none}del{background:#fbd9d9}
.fixed{color:#11692a}.new{color:#a11}.muted{color:#666}.diff{white-space:pre-wrap}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def diff_html(diff: dict[str, Any], lang: str) -> str:
    title = _diff_title(diff, lang)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
        " style-src 'unsafe-inline'\">",
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<h2>{_e(t('history.diff.findings', lang))}</h2>",
    ]
    for group, css in (("fixed", "fixed"), ("new", "new"), ("unchanged", "muted")):
        items = diff["findings"][group]
        label = t(f"history.diff.findings.{group}", lang, count=len(items))
        out.append(f'<h3 class="{css}">{_e(label)}</h3>')
        if items:
            out.append(
                "<ul>" + "".join(f"<li>{_e(_finding(i, lang))}</li>" for i in items) + "</ul>"
            )
    out.append(f"<h2>{_e(t('history.diff.facts', lang))}</h2>")
    if diff["facts"]:
        out.append("<table>")
        for key, change in diff["facts"].items():
            out.append(
                f"<tr><th>{_e(t(f'history.fact.{key}', lang))}</th>"
                f"<td><del>{_e(_fact_value(change['from'], lang))}</del></td>"
                f"<td><ins>{_e(_fact_value(change['to'], lang))}</ins></td></tr>"
            )
        out.append("</table>")
    else:
        out.append(f'<p class="muted">{_e(t("history.diff.facts.none", lang))}</p>')
    sections = diff["sections"]
    out.append(f"<h2>{_e(t('history.diff.sections', lang))}</h2><ul>")
    out += [f"<li>{_e(line)}</li>" for line in _section_lines(sections, lang)]
    out.append("</ul>")
    for s in sections["changed"]:
        label = _changed_label(s, lang)
        body = []
        for op, text in s["diff"]:
            tag = {"+": "ins", "-": "del"}.get(op)
            body.append(f"<{tag}>{_e(text)}</{tag}>" if tag else _e(text))
        out.append(f'<h3>{_e(label)}</h3><p class="diff">{" ".join(body)}</p>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# -- due -------------------------------------------------------------------------------


def due_text(rows: Sequence[DueRow], as_of: str, lang: str) -> str:
    counts = {s: sum(1 for r in rows if r.status == s) for s in STATUS_ORDER}
    lines = [
        t("history.due.title", lang, as_of=as_of),
        t(
            "history.due.summary",
            lang,
            overdue=counts["overdue"],
            due_soon=counts["due-soon"],
            current=counts["current"],
            never=counts["never-received"],
            unknown=counts["unknown"],
        ),
        "",
    ]
    header = [
        t("history.due.col.kommune", lang),
        t("history.due.col.status", lang),
        t("history.due.col.version", lang),
        t("history.due.col.adopted", lang),
        t("history.due.col.due", lang),
    ]
    table = [header]
    ordered = sorted(
        rows, key=lambda r: (STATUS_ORDER[r.status], r.next_revision_due or date.max, r.kommune)
    )
    for r in ordered:
        table.append(
            [
                r.kommune,
                t(f"history.status.{r.status}", lang),
                _na(r.version),
                _na(r.adopted or (r.plan_year and str(r.plan_year))),
                _na(r.next_revision_due),
            ]
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"
