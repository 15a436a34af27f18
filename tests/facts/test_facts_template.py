"""The blank template (../shared/spec/template.txt) yields no facts a filled-in plan
would have: no owner, no year, no local contact, no goals, no interval, no adoption —
and the matcher finds every template section in it."""

from __future__ import annotations

import re

from beredskab.facts import extract_facts
from beredskab.match import match_sections
from beredskab.model import Document, Paragraph
from beredskab.rulepack import load_pack
from beredskab.tree import Section, SectionTree
from shared_data import shared_path

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_NUMBERED = re.compile(r"^(\d(?:\.\d)?)\.?\s+(\S.*)$")
_UNNUMBERED = {
    "Infohus [KOMMUNENS NAVN]",
    "Procedure for modtagelse og håndtering af bekymring vedr. ekstremisme",
    "Infohus netværk",
}


def _template_tree() -> SectionTree:
    """Lines of template.txt as paragraphs; its numbered and known unnumbered headings
    as sections (level by the number's depth; unnumbered ones under 2.2)."""
    lines = shared_path("spec", "template.txt").read_text(encoding="utf-8").splitlines()
    front: list[Paragraph] = []
    stack: list[tuple[int, str | None, str, list[Paragraph], list[object]]] = []
    top: list[tuple[int, str | None, str, list[Paragraph], list[object]]] = []
    index = 0
    for raw in lines:
        text = " ".join(_BOOKMARK.sub("", raw).replace("·", "").split())
        if not text:
            continue
        m = _NUMBERED.match(text)
        is_heading = (m is not None and len(text) < 120 and not text.endswith("?")) or (
            text in _UNNUMBERED
        )
        if text.startswith("Tekstblokke til udarbejdelse"):
            is_heading = False
        if is_heading:
            number, title = (m.group(1), m.group(2)) if m else (None, text)
            level = number.count(".") + 1 if number else 3
            node: tuple[int, str | None, str, list[Paragraph], list[object]] = (
                level, number, title, [Paragraph(text, outline_level=level - 1, index=index)], []
            )  # fmt: skip
            index += 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][4] if stack else top).append(node)
            stack.append(node)
            continue
        paragraph = Paragraph(text, index=index, is_bullet=raw.lstrip().startswith("·"))
        index += 1
        (stack[-1][3] if stack else front).append(paragraph)

    def freeze(node: tuple[int, str | None, str, list[Paragraph], list[object]]) -> Section:
        level, number, title, paras, children = node
        return Section(
            title, number, level, "outline", 1.0, paras[0], tuple(paras[1:]),
            tuple(freeze(c) for c in children),  # type: ignore[arg-type]
        )  # fmt: skip

    sections = tuple(freeze(n) for n in top)
    body: list[Paragraph] = list(front)
    for s in sections:
        for sec in s.walk():
            assert sec.heading is not None
            body.append(sec.heading)
            body.extend(p for p in sec.own_paragraphs())
    doc = Document(body=tuple(sorted(body, key=lambda p: p.index or 0)))
    return SectionTree(doc, Section("", None, 0, "front-matter", 1.0, None, tuple(front)), sections)


def test_blank_template_has_no_plan_facts() -> None:
    tree = _template_tree()
    pack = load_pack()
    matching = match_sections(tree, pack.sections)
    assert all(m.found for m in matching.matches.values()), [
        k for k, m in matching.matches.items() if not m.found
    ]
    facts = extract_facts(tree.document, tree, matching)
    assert facts.municipality is None
    assert facts.municipality_candidates == ()
    assert facts.plan_year is None
    assert facts.adopted is None and facts.adopted_by is None
    assert facts.revision_interval_years is None
    assert facts.next_revision_due is None
    assert facts.goals == ()
    assert facts.emails == ()
    assert sorted({p.value for p in facts.phones}) == ["112", "114", "41749090"]
    assert facts.police_district is None
    assert facts.police_district_raw == "[POLITIKREDSENS NAVN]"
    assert facts.nsk is None
