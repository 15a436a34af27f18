"""Hand-built plans for the check tests: hand-built plans, so the kinds are tested without the
reader, tree builder, matcher or facts extractor.

``build_context(markup, facts=…, as_of=…)`` turns a small markup into a ``CheckContext``:

    # 1.2 Mål [intro.goals]        a heading (level = number of #), matched to the key(s)
    - Alle skoler kender proceduren  a bullet paragraph
    Almindelig tekst                 a body paragraph
    | Indsats | Ansvarlig |          a table row (consecutive rows form one table)
    @header Skive Kommune            a header paragraph

Paragraph indices count body paragraphs from 0 in order, table-cell paragraphs included
(the rule in ``beredskab.model``).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from beredskab.checks import CheckContext
from beredskab.facts import Evidence, Facts, Found
from beredskab.match import Matching, SectionMatch
from beredskab.model import Block, Cell, Document, Paragraph, RevisionStats, Row, Table
from beredskab.rulepack import RulePack, load_pack
from beredskab.tree import Section, SectionTree

_HEADING = re.compile(r"^(#+)\s+(.*?)\s*(?:\[([a-z0-9_.,\s]+)\])?\s*$")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.*)$")


class _Node:
    def __init__(self, title: str, number: str | None, level: int, heading: Paragraph | None):
        self.title, self.number, self.level, self.heading = title, number, level, heading
        self.blocks: list[Block] = []
        self.children: list[_Node] = []
        self.keys: list[str] = []

    def freeze(self, out: dict[int, Section], nodes: dict[int, _Node]) -> Section:
        section = Section(
            title=self.title,
            number=self.number,
            level=self.level,
            detection="front-matter" if self.level == 0 else "outline",
            confidence=1.0,
            heading=self.heading,
            blocks=tuple(self.blocks),
            children=tuple(c.freeze(out, nodes) for c in self.children),
        )
        out[id(self)] = section
        nodes[id(self)] = self
        return section


def build_context(
    markup: str,
    *,
    facts: dict[str, Any] | None = None,
    as_of: date = date(2026, 11, 27),
    revisions: dict[str, int] | None = None,
    pack: RulePack | None = None,
) -> CheckContext:
    pack = pack if pack is not None else load_pack()
    index = 0
    front = _Node("", None, 0, None)
    stack: list[_Node] = [front]
    all_nodes: list[_Node] = []
    body: list[Block] = []
    headers: list[Paragraph] = []
    rows: list[Row] = []
    table_start: int | None = None

    def flush_table() -> None:
        nonlocal rows, table_start
        if rows:
            table = Table(rows=tuple(rows), index=table_start)
            stack[-1].blocks.append(table)
            body.append(table)
        rows, table_start = [], None

    for raw in markup.splitlines():
        line = raw.strip()
        if not line.startswith("|"):
            flush_table()
        if not line:
            continue
        if line.startswith("@header "):
            headers.append(Paragraph(text=line[8:], location="header"))
            continue
        m = _HEADING.match(line)
        if m:
            level = len(m.group(1))
            text = m.group(2)
            nm = _NUMBER.match(text)
            number, title = (nm.group(1), nm.group(2)) if nm else (None, text)
            para = Paragraph(
                text=text, outline_level=level - 1, index=index, style_name=f"heading {level}"
            )
            index += 1
            body.append(para)
            node = _Node(title, number, level, para)
            node.keys = [k.strip() for k in (m.group(3) or "").split(",") if k.strip()]
            while stack[-1].level >= level:
                stack.pop()
            stack[-1].children.append(node)
            stack.append(node)
            all_nodes.append(node)
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if table_start is None:
                table_start = index
            row_cells = []
            for c in cells:
                row_cells.append(Cell(blocks=(Paragraph(text=c, location="table", index=index),)))
                index += 1
            rows.append(Row(cells=tuple(row_cells)))
            continue
        if line.startswith("- ") or line.startswith("• "):
            para = Paragraph(
                text=line[2:], index=index, num_id=1, num_level=0, num_label="•", is_bullet=True
            )
        else:
            para = Paragraph(text=line, index=index)
        index += 1
        stack[-1].blocks.append(para)
        body.append(para)
    flush_table()

    frozen: dict[int, Section] = {}
    nodes: dict[int, _Node] = {}
    front_section = front.freeze(frozen, nodes)
    tops = front_section.children
    front_section = Section(
        title="",
        number=None,
        level=0,
        detection="front-matter",
        confidence=1.0,
        heading=None,
        blocks=front_section.blocks,
    )
    rev = RevisionStats(**(revisions or {}))
    document = Document(
        body=tuple(body), headers=tuple(headers), revisions=rev, paragraph_count=index
    )
    tree = SectionTree(document=document, front_matter=front_section, sections=tops)
    matches: dict[str, SectionMatch] = {
        spec.key: SectionMatch(spec.key, None, 0.0, "none") for spec in pack.sections
    }
    matched: set[int] = set()
    for node in all_nodes:
        for key in node.keys:
            matches[key] = SectionMatch(key, frozen[id(node)], 1.0, "test")
            matched.add(id(node))
    unmatched = tuple(frozen[id(n)] for n in all_nodes if id(n) not in matched)
    matching = Matching(matches=matches, unmatched=unmatched)
    return CheckContext(document, tree, matching, make_facts(facts or {}), pack, as_of)


def make_facts(spec: dict[str, Any]) -> Facts:
    """Facts from plain values: dates as ISO strings, goals/phones/emails as lists."""
    values: dict[str, Any] = {}
    for name, value in spec.items():
        if name in ("goals", "phones", "emails"):
            values[name] = tuple(
                Found(str(v), Evidence(text=str(v), paragraph=i)) for i, v in enumerate(value)
            )
        elif name in ("adopted", "next_revision_due") and value is not None:
            values[name] = date.fromisoformat(str(value))
        elif name == "nsk" and value:
            values[name] = Evidence(text=str(value), paragraph=0)
        elif name == "municipality_candidates":
            values[name] = tuple(value)
        else:
            values[name] = value
    for name, ev in (
        ("municipality", "municipality_evidence"),
        ("plan_year", "plan_year_evidence"),
        ("police_district", "police_district_evidence"),
        ("revision_interval_years", "interval_evidence"),
        ("adopted_by", "adoption_evidence"),
    ):
        if values.get(name) is not None and ev not in values:
            values[ev] = Evidence(text=str(values[name]), paragraph=0)
    return Facts(**values)


REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def shared_file(*parts: str) -> Path:
    """A file under ../shared, or skip the test with the reason when it is absent."""
    import pytest

    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} beside the checkout (not present here)")
    return path
