"""IND002: every described effort names its content and who is responsible (the
template's "Indhold" / "Ansvarlig" under 3.1–3.3).

An effort is a table row under "3. Indsatser" (a header row naming the columns left
out), else a sub-section with content, else the section itself. Its owner is a cell
under an "Ansvarlig" column, or text matching ``owner_patterns`` ("Ansvarlig:",
"tovholder", "forankret i", "varetages af" …)."""

from __future__ import annotations

from dataclasses import dataclass

from beredskab.checks import CheckContext
from beredskab.checks.base import analyse, norm, not_applicable_missing, quote, result, rx
from beredskab.model import Paragraph, Row, Table, iter_paragraphs
from beredskab.results import Result
from beredskab.rulepack import RuleSpec
from beredskab.tree import Section


@dataclass(frozen=True, slots=True)
class Effort:
    """One effort (indsats) of the plan, with whether it names who owns it."""

    name: str
    text: str
    paragraph: int | None
    has_owner: bool


def _has_owner(text: str, patterns: list[str]) -> bool:
    return any(rx(p).search(text) for p in patterns)


def _first_index(row: Row) -> int | None:
    return next((p.index for c in row.cells for p in iter_paragraphs(c.blocks)), None)


def _label_table(table: Table, patterns: list[str]) -> list[Effort] | None:
    """A two-column table of labels and values ("Indsats | Mentorforløb", "Indhold | …",
    "Ansvarlig | …"), one effort per run of rows starting with the first label; None when
    the table is not shaped like that."""
    rows = [[c.text.strip() for c in row.cells] for row in table.rows]
    if len(rows) < 2 or any(len(r) != 2 for r in rows):
        return None
    labels = [norm(r[0]) for r in rows]
    if any(len(label.split()) > 3 or not label for label in labels):
        return None
    if not any(_has_owner(label, patterns) for label in labels):
        return None  # "Ansvarlig" as a column header, not a row label: an ordinary table
    efforts: list[Effort] = []
    current: list[tuple[list[str], Row]] = []

    def close() -> None:
        if current:
            name = current[0][0][1] or current[0][0][0]
            text = " | ".join(f"{k}: {v}" for (k, v), _ in current if v)
            owned = any(_has_owner(norm(k), patterns) and v for (k, v), _ in current)
            efforts.append(Effort(name, text, _first_index(current[0][1]), owned))

    for cells, row in zip(rows, table.rows, strict=True):
        if norm(cells[0]) == labels[0] and current:
            close()
            current = []
        current.append((cells, row))
    close()
    return efforts


def _table_efforts(table: Table, patterns: list[str], ctx: CheckContext) -> list[Effort]:
    labelled = _label_table(table, patterns)
    if labelled is not None:
        return labelled
    rows = [[norm(c.text) for c in row.cells] for row in table.rows]
    if not rows:
        return []
    header = rows[0]
    owner_col = next((i for i, h in enumerate(header) if _has_owner(h, patterns)), None)
    body = (
        table.rows[1:]
        if owner_col is not None or (len(rows) > 1 and _is_header(header))
        else table.rows
    )
    out = []
    for row in body:
        cells = [c.text for c in row.cells]
        text = " | ".join(c for c in cells if c)
        if not text or not analyse(ctx, text).is_content:
            continue
        if owner_col is not None and owner_col < len(cells):
            owned = bool(cells[owner_col].strip()) and analyse(ctx, cells[owner_col]).content != ""
        else:
            owned = _has_owner(norm(text), patterns)
        first = _first_index(row)
        out.append(Effort(cells[0] if cells and cells[0] else text, text, first, owned))
    return out


def _is_header(cells: list[str]) -> bool:
    return all(len(c.split()) <= 4 for c in cells if c)


def _section_text(section: Section, ctx: CheckContext) -> list[Paragraph]:
    return [p for p in section.own_paragraphs() if p.text and analyse(ctx, p.text).content]


def _is_name_line(text: str) -> bool:
    n = norm(text)
    return 0 < len(n.split()) <= 6 and not n.startswith(("indhold", "ansvarlig"))


def _paragraph_efforts(
    section: Section, ctx: CheckContext, patterns: list[str], min_words: int
) -> list[Effort]:
    """Efforts written as paragraphs: runs starting at an "Indhold:" line (with the short
    name line before it), else one per bullet with content, else the section itself."""
    paragraphs = _section_text(section, ctx)
    starts = [i for i, p in enumerate(paragraphs) if norm(p.text).startswith("indhold")]
    segments: list[list[Paragraph]] = []
    if starts:
        bounds = [i - 1 if i > 0 and _is_name_line(paragraphs[i - 1].text) else i for i in starts]
        for k, begin in enumerate(bounds):
            end = bounds[k + 1] if k + 1 < len(bounds) else len(paragraphs)
            segments.append(paragraphs[begin:end])
    else:
        bullets = [p for p in paragraphs if p.is_list_item or p.is_bullet]
        if len(bullets) >= 2 and all(analyse(ctx, p.text).words >= min_words for p in bullets):
            segments = [[p] for p in bullets]
        else:
            segments = [paragraphs]
    out = []
    for seg in segments:
        words = sum(analyse(ctx, p.text).words for p in seg)
        if words < min_words:
            continue
        text = " ".join(analyse(ctx, p.text).content for p in seg)
        if len(segments) == 1 and not starts:
            name = section.heading_text or seg[0].text
            index = section.first_paragraph
        else:
            name = seg[0].text if _is_name_line(seg[0].text) else quote(seg[0].text, 60)
            index = seg[0].index
        out.append(Effort(name, text, index, _has_owner(text, patterns)))
    return out


def effort_owner(rule: RuleSpec, ctx: CheckContext) -> list[Result]:
    key = rule.section or "efforts"
    top = ctx.matching.section(key)
    if top is None:
        return [not_applicable_missing(rule, ctx)]
    patterns = list(rule.params["owner_patterns"])
    min_words = int(rule.params.get("min_words", 5))
    efforts: list[Effort] = []
    for section in top.walk():
        tables = [b for b in section.blocks if isinstance(b, Table)]
        for table in tables:
            efforts.extend(_table_efforts(table, patterns, ctx))
        if tables or (section is top and top.children):
            continue
        efforts.extend(_paragraph_efforts(section, ctx, patterns, min_words))
    if not efforts:
        return [result(rule, ctx, "not-applicable", "no-efforts")]
    missing = [e for e in efforts if not e.has_owner]
    data = {
        "efforts": len(efforts),
        "without_owner": [e.name for e in missing][:50],
    }
    values = {"total": len(efforts), "count": len(missing)}
    if not missing:
        return [
            result(
                rule,
                ctx,
                "pass",
                values=values,
                evidence=efforts[0].name,
                paragraph=efforts[0].paragraph,
                data=data,
            )
        ]
    names = [f"“{e.name}”" for e in missing[:5]]
    return [
        result(
            rule,
            ctx,
            "fail",
            values=dict(values, names=names),
            evidence=missing[0].text,
            paragraph=missing[0].paragraph,
            data=data,
        )
    ]
