"""The section tree: the outline a human reader sees (stage 2 of the pipeline).

``build_tree(document)`` turns the document model into sections: headings from outline
levels first, then, for documents without heading styles, a marked low-confidence
heuristic. Text before the first heading is the front-matter node.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from beredskab.model import Block, Document, Paragraph, iter_paragraphs

Detection = Literal["outline", "style-name", "heuristic", "front-matter"]


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    """Heading text without its number label ("Mål")."""
    number: str | None
    """Number label, computed from numbering.xml or typed ("1.2"), without trailing dot."""
    level: int
    """1-based heading level; 0 for the front matter."""
    detection: Detection
    confidence: float
    """1.0 for outline levels and heading style names; lower for heuristics."""
    heading: Paragraph | None
    blocks: tuple[Block, ...]
    """The section's own blocks, up to its first child (heading paragraph excluded)."""
    children: tuple[Section, ...] = ()

    @property
    def heading_text(self) -> str:
        """The heading as the reader sees it: ``"1.2 Mål"``."""
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def first_paragraph(self) -> int | None:
        """Paragraph index of the heading (or of the first own paragraph)."""
        if self.heading is not None and self.heading.index is not None:
            return self.heading.index
        for p in iter_paragraphs(self.blocks):
            if p.index is not None:
                return p.index
        return None

    def own_paragraphs(self) -> Iterator[Paragraph]:
        return iter_paragraphs(self.blocks)

    def all_paragraphs(self) -> Iterator[Paragraph]:
        """Own paragraphs, then every descendant's heading and paragraphs, in order."""
        yield from self.own_paragraphs()
        for child in self.children:
            if child.heading is not None:
                yield child.heading
            yield from child.all_paragraphs()

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class SectionTree:
    document: Document
    front_matter: Section
    sections: tuple[Section, ...]
    """Top-level sections (level 1, or the shallowest level the document uses)."""

    def walk(self) -> Iterator[Section]:
        """Every section depth-first, front matter first."""
        yield self.front_matter
        for s in self.sections:
            yield from s.walk()
