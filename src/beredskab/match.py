"""Matching the plan's sections to the template's keys (stage 3 of the pipeline).

``match_sections(tree, pack.sections)`` makes one assignment for the whole document
(not greedy per heading) from normalised Danish text, stems, synonyms, fuzzy similarity,
the template's order and section numbers. A heading that covers two keys ("Formål,
vision og mål") may satisfy both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from beredskab.model import Paragraph
from beredskab.tree import Section


@dataclass(frozen=True, slots=True)
class SectionMatch:
    key: str
    section: Section | None
    """The plan section matched to the key, or None when the key was not found."""
    confidence: float
    method: str
    """"number+title", "synonym", "fuzzy", "keywords", "merged", "content", "none" …"""

    @property
    def found(self) -> bool:
        return self.section is not None


@dataclass(frozen=True, slots=True)
class Matching:
    matches: dict[str, SectionMatch]
    """One entry per catalogue key, found or not."""
    unmatched: tuple[Section, ...]
    """Plan sections matched to no key (front matter excluded)."""

    def section(self, key: str) -> Section | None:
        m = self.matches.get(key)
        return m.section if m else None

    def paragraphs(self, key: str) -> Iterator[Paragraph]:
        """The text that belongs to ``key``: the matched section's own paragraphs and its
        descendants' (headings included). Empty when the key was not found."""
        s = self.section(key)
        if s is not None:
            yield from s.all_paragraphs()
