"""The section tree: the outline a human reader sees (stage 2 of the pipeline).

``build_tree(document)`` turns the document model into sections: headings from outline
levels first, then, for documents without heading styles, a marked low-confidence
heuristic. Text before the first heading is the front-matter node.

Rules (issue 2, design.md §2 "order of trust"):

* **Outline headings.** A paragraph with an outline level (``Paragraph.outline_level``,
  which the reader takes from ``w:outlineLvl``, the style chain or a ``heading N`` style
  name) is a heading of level ``outline_level + 1`` — in the body, or in a table cell
  (real plans put headings in one-cell "boxes"). Never: text-box paragraphs, table-of-
  contents paragraphs, empty paragraphs, Title/Subtitle paragraphs (front matter) and
  TOC styles. When a document has at least one outline heading, *only* outline headings
  count (bold numbered lines in such a document are body text).
* **Heuristic headings** (only for documents with no outline heading at all), marked
  ``detection="heuristic"`` with ``confidence < 1``: a body paragraph (never in a
  table or text box) of at most 12 words, not a bullet, not ending like a sentence, that
  is bold, larger than the body text, or typed-numbered ("1.2 Mål", "2. Organisering";
  a numeric label from numbering.xml counts when the line is also bold or larger, as
  a plain Word-numbered line is a list item; a typed number followed by a lower-case
  word, "24. juni 2025", is a date, not a section) — unless it is an item of a running list (a
  numbered neighbour of the same list that is a long sentence, or, for a paragraph that
  is neither bold nor larger, any numbered neighbour of the same list). When the
  document has numbered heuristic headings, unnumbered bold lines before the first of
  them are the front page, not sections. Bold alone (no number, body size) counts only
  when there are at least three such lines: one or two are emphasis. A heading needs a
  word (two letters).
* **Numbers and titles.** A computed label (``num_label`` "1.2.") gives number "1.2" and
  the text is the title; otherwise a typed number is split off ("1.2 Mål" → "1.2",
  "Mål"). Heuristic levels come from the number's depth ("1.2" → 2), else 1.
* **Nesting.** A heading closes every open section of the same or a deeper level; a
  level that skips (1 → 3) nests under the nearest shallower section.
* **Tables.** A table is a block of the section it appears in. A table whose cells hold
  outline headings is a layout box: a one-column table is unpacked (its cells' blocks
  are read in order, so the heading opens its section and the rest follows it); in a
  wider table the headings open their sections in order and the table (heading
  paragraphs removed) belongs to the first of them.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from beredskab.model import (
    Block,
    Cell,
    Document,
    Paragraph,
    Row,
    Table,
    iter_paragraphs,
    slots_constructor,
)

Detection = Literal["outline", "style-name", "heuristic", "front-matter"]


@dataclass(frozen=True, slots=True)
class Section:
    """A section of the plan: its heading, its own blocks and its subsections."""

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
    """The document's outline: the front matter and the top-level sections."""

    document: Document
    front_matter: Section
    sections: tuple[Section, ...]
    """Top-level sections (level 1, or the shallowest level the document uses)."""

    def walk(self) -> Iterator[Section]:
        """Every section depth-first, front matter first."""
        yield self.front_matter
        for s in self.sections:
            yield from s.walk()

    @property
    def heading_source(self) -> HeadingSource:
        """Where the headings came from: ``outline``, ``heuristic`` or ``none``."""
        for s in self.walk():
            if s.detection == "heuristic":
                return "heuristic"
            if s.detection in ("outline", "style-name"):
                return "outline"
        return "none"


HeadingSource = Literal["outline", "heuristic", "none"]

MAX_HEADING_WORDS = 12
"""A heuristic heading has at most this many words ("short")."""
MIN_BOLD_ONLY_HEADINGS = 3
"""Bold body-size lines without a number are weak evidence: a document gets them as
headings only when it has at least this many (one or two are emphasis, not an outline)."""
HEURISTIC_BASE_CONFIDENCE = 0.4
HEURISTIC_MAX_CONFIDENCE = 0.9

_TYPED_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,5})(?:\.|\))?(?:\s+|$)(.*)$", re.DOTALL)
"""A typed section number at the start of a paragraph: "1.2 Mål", "2. Organisering",
"3.1. Indsatser", "4) Kommunikation". At most two digits per part, so a year, an
emergency number or a phone number ("2025 blev …", "112 ved fare") is not a number."""
_NUMERIC_LABEL = r"^\d{1,3}(?:\.\d{1,3}){0,5}$"
"""A numeric label ("1.2"); compiled on first use (``re``'s cache), as only documents
without outline headings need it."""
_TITLE_STYLES = frozenset({"title", "subtitle", "titel", "undertitel"})
_SENTENCE_END = (".", ",", ";", ":")
_QUESTION_END = ("?", "!")


def split_number(text: str) -> tuple[str | None, str]:
    """Split a typed number from a heading: ``"1.2 Mål"`` → ``("1.2", "Mål")``.

    Text without a typed number, or with nothing after the number, comes back whole
    with ``None``."""
    m = _TYPED_NUMBER.match(text)
    if m is None or not m.group(2).strip():
        return None, text
    return m.group(1), m.group(2).strip()


def label_number(label: str | None) -> str | None:
    """The number of a computed numbering label: ``"1.2."`` → ``"1.2"``, ``"a)"`` → ``"a"``;
    ``None`` for bullets and empty labels."""
    if not label:
        return None
    cleaned = label.strip().rstrip(".):").strip()
    return cleaned or None


def number_depth(number: str | None) -> int:
    """``"1.2"`` → 2, ``"3"`` → 1, ``None`` → 0."""
    if not number:
        return 0
    return len([part for part in number.split(".") if part])


def build_tree(document: Document) -> SectionTree:
    """The section tree of ``document`` (see the module docstring for the rules).

    The cyclic garbage collector is paused meanwhile, as while reading: the tree is made
    of a few thousand objects without reference cycles, and a collection here would
    mostly traverse the document just read. Its state is restored afterwards."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_tree(document)
    finally:
        if collecting:
            gc.enable()


def _build_tree(document: Document) -> SectionTree:
    stream = list(_flatten(document.body))
    outline = [
        p
        for p in stream
        if isinstance(p, Paragraph) and p.outline_level is not None and _is_outline_heading(p)
    ]
    if outline:
        headings = {id(p): _outline_heading(p) for p in outline}
    else:
        headings = _heuristic_headings(stream)
    return _assemble(document, stream, headings)


# --- internals ------------------------------------------------------------------------


# The private classes below are plain classes with slots rather than dataclasses: a
# dataclass costs a tenth of a millisecond of start-up, and nothing compares these.


class _Heading:
    """What makes a paragraph a section heading."""

    __slots__ = ("confidence", "detection", "level", "number", "title")

    def __init__(
        self, title: str, number: str | None, level: int, detection: Detection, confidence: float
    ) -> None:
        self.title = title
        self.number = number
        self.level = level
        self.detection = detection
        self.confidence = confidence


_new_section: Callable[..., Section] = slots_constructor(
    Section, "", None, 0, "front-matter", 1.0, None, (), ()
)
"""``Section(title, number, level, detection, confidence, heading, blocks, children)``,
quicker (``beredskab.model.slots_constructor``)."""


class _Builder:
    """A section being filled while the body is walked (frozen into a ``Section``)."""

    __slots__ = ("blocks", "children", "heading", "level", "paragraph")

    def __init__(self, heading: _Heading | None, paragraph: Paragraph | None, level: int) -> None:
        self.heading = heading
        self.paragraph = paragraph
        self.level = level
        self.blocks: list[Block] = []
        self.children: list[_Builder] = []

    def freeze(self) -> Section:
        children = tuple([c.freeze() for c in self.children]) if self.children else ()
        heading = self.heading
        if heading is None:
            return _new_section(
                "", None, 0, "front-matter", 1.0, None, tuple(self.blocks), children
            )
        return _new_section(
            heading.title,
            heading.number,
            heading.level,
            heading.detection,
            heading.confidence,
            self.paragraph,
            tuple(self.blocks),
            children,
        )


def _is_title_style(style_name: str | None, style_id: str | None) -> bool:
    names = {(style_name or "").strip().lower(), (style_id or "").strip().lower()}
    return bool(names & _TITLE_STYLES)


def _is_toc_style(style_name: str | None) -> bool:
    name = (style_name or "").strip().lower()
    return name == "toc heading" or re.fullmatch(r"toc \d", name) is not None


@lru_cache(maxsize=512)
def _is_excluded_style(style_name: str | None, style_id: str | None) -> bool:
    """A title or table-of-contents style (decided once per style: a document's
    headings share a handful)."""
    return _is_title_style(style_name, style_id) or _is_toc_style(style_name)


def _may_be_heading(p: Paragraph) -> bool:
    """Exclusions shared by both kinds of heading."""
    return (
        bool(p.text)
        and not p.in_toc
        and p.location in ("body", "table")
        and not _is_excluded_style(p.style_name, p.style_id)
    )


def _is_outline_heading(p: Paragraph) -> bool:
    return p.outline_level is not None and 0 <= p.outline_level < 9 and _may_be_heading(p)


def _outline_heading(p: Paragraph) -> _Heading:
    assert p.outline_level is not None
    number, title = _number_and_title(p)
    return _Heading(title, number, p.outline_level + 1, "outline", 1.0)


def _number_and_title(p: Paragraph) -> tuple[str | None, str]:
    if p.num_label and not p.is_bullet:
        number = label_number(p.num_label)
        if number is not None:
            return number, p.text
    return split_number(p.text)


def _table_has_outline_heading(table: Table) -> bool:
    for row in table.rows:
        for cell in row.cells:
            for block in cell.blocks:
                if isinstance(block, Paragraph):
                    if block.outline_level is not None and _is_outline_heading(block):
                        return True
                elif _table_has_outline_heading(block):
                    return True
    return False


def _flatten(blocks: Sequence[Block]) -> Iterator[Block]:
    """The body as a stream of blocks in which every outline heading is a top-level
    paragraph: one-column tables holding headings are unpacked; a wider table holding
    headings yields its first heading, the table without its heading paragraphs, then
    its other headings."""
    for block in blocks:
        if isinstance(block, Paragraph) or not _table_has_outline_heading(block):
            yield block
        elif all(len(row.cells) <= 1 for row in block.rows):
            for row in block.rows:
                for cell in row.cells:
                    yield from _flatten(cell.blocks)
        else:
            inner = [p for p in iter_paragraphs((block,)) if _is_outline_heading(p)]
            yield inner[0]
            yield _without(block, {id(p) for p in inner})
            yield from inner[1:]


def _without(table: Table, drop: set[int]) -> Table:
    """``table`` with the paragraphs whose ``id`` is in ``drop`` removed."""

    def blocks(seq: tuple[Block, ...]) -> tuple[Block, ...]:
        kept: list[Block] = []
        for b in seq:
            if isinstance(b, Paragraph):
                if id(b) not in drop:
                    kept.append(b)
            else:
                kept.append(_without(b, drop))
        return tuple(kept)

    rows = tuple(
        Row(cells=tuple(Cell(blocks=blocks(c.blocks), grid_span=c.grid_span) for c in r.cells))
        for r in table.rows
    )
    return Table(rows=rows, location=table.location, index=table.index)


def _top_paragraphs(stream: Sequence[Block]) -> Iterator[Paragraph]:
    """The stream's paragraphs outside tables (after ``_flatten``: every possible heading)."""
    for block in stream:
        if isinstance(block, Paragraph):
            yield block


def _body_font_size(stream: Sequence[Block]) -> float | None:
    """The most common font size of body text, weighted by length (None if unknown)."""
    sizes: Counter[float] = Counter()
    for p in iter_paragraphs(tuple(stream)):
        if p.text and p.font_size is not None and p.location in ("body", "table"):
            sizes[p.font_size] += len(p.text)
    if not sizes:
        return None
    return sizes.most_common(1)[0][0]


class _Candidate:
    """A paragraph's heading features (heuristic headings)."""

    __slots__ = ("bold", "emphasised", "larger", "number", "paragraph", "title")

    def __init__(
        self,
        paragraph: Paragraph,
        number: str | None,
        title: str,
        emphasised: bool,
        bold: bool,
        larger: bool,
    ) -> None:
        self.paragraph = paragraph
        self.number = number
        self.title = title
        self.emphasised = emphasised
        self.bold = bold
        self.larger = larger


def _heuristic_candidate(p: Paragraph, body_size: float | None) -> _Candidate | None:
    """The paragraph's heading features, or None when it cannot be a heuristic heading."""
    if not _may_be_heading(p) or p.location != "body" or p.is_bullet:
        return None
    number: str | None
    if p.num_label:
        number = label_number(p.num_label)
        if number is None or not re.match(_NUMERIC_LABEL, number):
            return None  # "a)", "i." and such label list items, not sections
        title = p.text
    else:
        number, title = split_number(p.text)
        if number is not None and title[:1].islower():
            return None  # "24. juni 2025", "3 måneder": a date or an amount, not a section
    if len(p.text.split()) > MAX_HEADING_WORDS or sum(ch.isalpha() for ch in title) < 2:
        return None  # too long, or no word at all (a drop cap, a bare number)
    if title.endswith(_SENTENCE_END) or (number is None and title.endswith(_QUESTION_END)):
        return None
    larger = body_size is not None and p.font_size is not None and p.font_size >= body_size + 1
    if not (p.bold or larger or number is not None):
        return None
    if p.num_label and not (p.bold or larger):
        return None  # a plain paragraph numbered by Word is a list item
    return _Candidate(p, number, title, p.bold or larger, p.bold, larger)


def _is_long(p: Paragraph) -> bool:
    return len(p.text.split()) > MAX_HEADING_WORDS or p.text.endswith(".")


def _same_list(a: Paragraph, b: Paragraph) -> bool:
    """``a`` and ``b`` are neighbouring items of one list (auto or typed numbering)."""
    if a.num_id is not None or b.num_id is not None:
        return a.num_id == b.num_id and a.num_level == b.num_level and a.num_id is not None
    na, _ = split_number(a.text)
    nb, _ = split_number(b.text)
    if na is None or nb is None:
        return False
    pa, pb = na.split("."), nb.split(".")
    if len(pa) != len(pb) or pa[:-1] != pb[:-1]:
        return False
    return abs(int(pa[-1]) - int(pb[-1])) == 1


def _heuristic_headings(stream: Sequence[Block]) -> dict[int, _Heading]:
    body_size = _body_font_size(stream)
    body = [p for p in _top_paragraphs(stream) if p.text and p.location == "body"]
    found: list[_Candidate] = []
    for i, p in enumerate(body):
        cand = _heuristic_candidate(p, body_size)
        if cand is None:
            continue
        if cand.number is not None:
            neighbours = [body[j] for j in (i - 1, i + 1) if 0 <= j < len(body)]
            same = [n for n in neighbours if _same_list(p, n)]
            if any(_is_long(n) for n in same) or (same and not cand.emphasised):
                continue  # an item of a running list
        found.append(cand)
    if (
        all(c.number is None and not c.larger for c in found)
        and len(found) < MIN_BOLD_ONLY_HEADINGS
    ):
        return {}
    first_numbered = next((k for k, c in enumerate(found) if c.number is not None), None)
    if first_numbered is not None:
        found = found[first_numbered:]  # unnumbered bold lines before it: the front page
    headings: dict[int, _Heading] = {}
    for c in found:
        confidence = HEURISTIC_BASE_CONFIDENCE
        confidence += 0.15 * c.bold + 0.15 * c.larger + 0.2 * (c.number is not None)
        headings[id(c.paragraph)] = _Heading(
            title=c.title,
            number=c.number,
            level=number_depth(c.number) or 1,
            detection="heuristic",
            confidence=round(min(confidence, HEURISTIC_MAX_CONFIDENCE), 2),
        )
    return headings


def _assemble(
    document: Document, stream: Sequence[Block], headings: dict[int, _Heading]
) -> SectionTree:
    front = _Builder(heading=None, paragraph=None, level=0)
    top: list[_Builder] = []
    stack: list[_Builder] = [front]
    for block in stream:
        # keyed by the ids of heading paragraphs: no table (alive in the stream) has one
        heading = headings.get(id(block))
        if heading is None or not isinstance(block, Paragraph):
            stack[-1].blocks.append(block)
            continue
        node = _Builder(heading=heading, paragraph=block, level=heading.level)
        while len(stack) > 1 and stack[-1].level >= node.level:
            stack.pop()
        if len(stack) == 1:
            top.append(node)
        else:
            stack[-1].children.append(node)
        stack.append(node)
    return SectionTree(
        document=document,
        front_matter=front.freeze(),
        sections=tuple(b.freeze() for b in top),
    )


# --- a stable, plain shape for JSON (``beredskab tree --format json``) ------------------

TREE_SCHEMA = "beredskab.tree/1"


def section_to_dict(section: Section) -> dict[str, Any]:
    """One node of the JSON outline (see ``tree_to_dict``)."""
    own = [p for p in section.own_paragraphs() if p.text]
    return {
        "number": section.number,
        "title": section.title,
        "heading_text": section.heading_text if section.heading is not None else None,
        "written_text": section.heading.text if section.heading is not None else None,
        "level": section.level,
        "detection": section.detection,
        "confidence": section.confidence,
        "first_paragraph": section.first_paragraph,
        "paragraphs": len(own),
        "tables": sum(1 for b in section.blocks if isinstance(b, Table)),
        "children": [section_to_dict(c) for c in section.children],
    }


def tree_to_dict(tree: SectionTree) -> dict[str, Any]:
    """The outline as plain data, shape ``beredskab.tree/1``::

        {"schema": "beredskab.tree/1", "file": str | None, "sha256": str | None,
         "heading_source": "outline" | "heuristic" | "none",
         "paragraph_count": int, "section_count": int,
         "front_matter": node, "sections": [node, ...]}

    where ``node`` is ``{"number": str | None, "title": str, "heading_text": str | None,
    "written_text": str | None, "level": int, "detection": "outline" | "style-name" |
    "heuristic" | "front-matter", "confidence": float, "first_paragraph": int | None,
    "paragraphs": int, "tables": int, "children": [node, ...]}``. ``heading_text`` is
    number and title as a reader sees them ("1.2 Mål"); ``written_text`` the heading
    paragraph's own text (a typed number included, one computed by Word's numbering
    not); both are None for the front matter. ``paragraphs`` counts the node's own
    non-empty paragraphs (table cells included), ``tables`` its own tables. Keys are only
    ever added, never renamed."""
    return {
        "schema": TREE_SCHEMA,
        "file": tree.document.path,
        "sha256": tree.document.sha256,
        "heading_source": tree.heading_source,
        "paragraph_count": tree.document.paragraph_count,
        "section_count": sum(1 for s in tree.walk()) - 1,
        "front_matter": section_to_dict(tree.front_matter),
        "sections": [section_to_dict(s) for s in tree.sections],
    }
