"""Small hand-built plans for the facts tests: a ``Document`` with a front page, body
sections, headers/footers and content controls, its ``SectionTree`` and a ``Matching``
that maps chosen keys to sections, without the reader, tree builder or matcher."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from beredskab.facts import Facts, extract_facts
from beredskab.match import Matching, SectionMatch
from beredskab.model import (
    Block,
    ContentControl,
    CoreProperties,
    Document,
    Paragraph,
    iter_paragraphs,
)
from beredskab.tree import Section, SectionTree

Item = str | Paragraph | Block


@dataclass
class Plan:
    front: Sequence[Item] = ()
    sections: Sequence[tuple[str | None, str, Sequence[Item]]] = ()
    """(key or None, heading title, blocks)."""
    headers: Sequence[str] = ()
    footers: Sequence[str] = ()
    controls: Sequence[tuple[str | None, str]] = ()
    title: str | None = None
    _next: int = field(default=0, repr=False)

    def _para(self, item: Item) -> Block:
        if isinstance(item, str):
            p = Paragraph(item, index=self._next)
            self._next += 1
            return p
        if isinstance(item, Paragraph) and item.index is None:
            self._next += 1
            return replace(item, index=self._next - 1)
        return item

    def build(self) -> tuple[Document, SectionTree, Matching]:
        self._next = 0
        body: list[Block] = []
        front_blocks = tuple(self._para(i) for i in self.front)
        body.extend(front_blocks)
        sections = []
        matches: dict[str, SectionMatch] = {}
        for key, title, items in self.sections:
            heading = Paragraph(title, outline_level=0, index=self._next)
            self._next += 1
            blocks = tuple(self._para(i) for i in items)
            body.append(heading)
            body.extend(blocks)
            section = Section(title, None, 1, "outline", 1.0, heading, blocks)
            sections.append(section)
            if key:
                matches[key] = SectionMatch(key, section, 1.0, "title")
        doc = Document(
            body=tuple(body),
            headers=tuple(Paragraph(h, location="header") for h in self.headers),
            footers=tuple(Paragraph(f, location="footer") for f in self.footers),
            content_controls=tuple(ContentControl(t, None, x) for t, x in self.controls),
            core=CoreProperties(title=self.title),
            paragraph_count=self._next,
        )
        front = Section("", None, 0, "front-matter", 1.0, None, front_blocks)
        tree = SectionTree(doc, front, tuple(sections))
        return doc, tree, Matching(matches, ())

    def facts(self) -> Facts:
        return extract_facts(*self.build())


def facts_of(*texts: str, **kwargs: object) -> Facts:
    """Facts of a plan whose body is one untitled section holding ``texts``."""
    return Plan(sections=[(None, "Indhold", list(texts))], **kwargs).facts()  # type: ignore[arg-type]


__all__ = ["Plan", "facts_of", "iter_paragraphs"]
