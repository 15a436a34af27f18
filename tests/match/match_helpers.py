"""Hand-built section trees and the section catalogue for the matcher tests.

``catalogue()`` reads ``rules/cde-2024/sections.yaml`` into ``SectionSpec``s the way the
rule-pack loader does (order = list position), so these tests need neither the loader's
other files nor a Word document. ``tree(...)`` builds a ``SectionTree`` from a nested
outline: ``("1.2", "Mål", ["text", …], [children…])``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from beredskab.model import Block, Document, Paragraph
from beredskab.rulepack import SectionSpec
from beredskab.tree import Section, SectionTree

REPO = Path(__file__).resolve().parents[2]
SECTIONS_YAML = REPO / "rules" / "cde-2024" / "sections.yaml"

Outline = tuple[Any, ...]
"""(number, title) or (number, title, texts) or (number, title, texts, children)."""


@cache
def catalogue() -> tuple[SectionSpec, ...]:
    doc = yaml.safe_load(SECTIONS_YAML.read_text(encoding="utf-8"))
    return tuple(
        SectionSpec(
            key=item["key"],
            title=item["title"],
            number=item.get("number"),
            parent=item.get("parent"),
            order=i,
            requirement=item.get("requirement", "optional"),
            synonyms=tuple(item.get("synonyms") or ()),
            keywords=tuple(item.get("keywords") or ()),
        )
        for i, item in enumerate(doc["sections"])
    )


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n - 1


def _build(item: Outline, level: int, counter: _Counter) -> Section:
    number, title = item[0], item[1]
    texts: Sequence[Any] = item[2] if len(item) > 2 else ()
    children: Sequence[Outline] = item[3] if len(item) > 3 else ()
    heading_text = f"{number} {title}" if number else title
    heading = Paragraph(heading_text, outline_level=level - 1, index=counter.next())
    blocks: list[Block] = []
    for t in texts:
        if isinstance(t, str):
            blocks.append(Paragraph(t, index=counter.next()))
        elif isinstance(t, Paragraph):
            blocks.append(t)
        else:
            blocks.append(t)
    kids = tuple(_build(c, level + 1, counter) for c in children)
    return Section(
        title=title,
        number=number,
        level=level,
        detection="outline",
        confidence=1.0,
        heading=heading,
        blocks=tuple(blocks),
        children=kids,
    )


def tree(*outline: Outline, front: Sequence[str] = ()) -> SectionTree:
    counter = _Counter()
    front_blocks = tuple(Paragraph(t, index=counter.next()) for t in front)
    front_section = Section("", None, 0, "front-matter", 1.0, None, front_blocks)
    sections = tuple(_build(item, 1, counter) for item in outline)
    return SectionTree(Document(body=()), front_section, sections)


TEMPLATE_OUTLINE: tuple[Outline, ...] = (
    (
        "1",
        "Introduktion",
        [],
        [
            (
                "1.1",
                "Kommunens vision og formål for forebyggelse, opsporing og håndtering af "
                "ekstremisme",
            ),
            ("1.2", "Mål"),
            ("1.3", "Ansvar og opfølgning"),
            ("1.4", "Definitioner og bekymringstegn"),
        ],
    ),
    (
        "2",
        "Organisering og samarbejde",
        [],
        [
            ("2.1", "Organisering"),
            (
                "2.2",
                "Infohus-samarbejdet",
                [],
                [
                    (None, "Infohus [KOMMUNENS NAVN]"),
                    (None, "Procedure for modtagelse og håndtering af bekymring vedr. ekstremisme"),
                    (None, "Infohus netværk"),
                ],
            ),
        ],
    ),
    (
        "3",
        "Indsatser",
        [],
        [
            ("3.1", "Indsatser rettet mod borger"),
            ("3.2", "Indsatser rettet mod borgers omgivelser"),
            ("3.3", "Indsatser rettet mod fagprofessionelle"),
        ],
    ),
    (
        "4",
        "Kommunikation og opkvalificering",
        [],
        [
            ("4.1", "Formidling"),
            ("4.2", "Opkvalificering"),
            ("4.3", "Informationsstrategi i akutte situationer"),
        ],
    ),
)
