"""The document model: what the reader hands to every later stage.

Plain, frozen dataclasses. The reader (``beredskab.reader``) builds them from a Word
package; nothing here knows about XML. Every paragraph keeps its provenance (where it
lives and its paragraph index) so a finding, a diff line or an Excel row can point back
into the document, and the annotator can anchor a Word comment on it.

Paragraph index (the one rule every stage and the annotator share): every ``w:p``
element that descends from ``w:body``, in document order (``body.iter(w:p)``), except
those inside a text box (``w:txbxContent``) or inside an ``mc:Fallback`` branch, is
numbered from 0 — table-cell and content-control paragraphs included.
``beredskab.reader.indexed_paragraphs(body)`` yields exactly these elements. A paragraph
inside a text box has no index of its own; it carries the index of the body paragraph
that anchors the text box, so a finding about it points at the nearest place a comment
can go. Paragraphs in headers, footers, footnotes, endnotes and comments have
``index=None``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Literal, TypeAlias, TypeVar, cast

Location = Literal["body", "table", "textbox", "header", "footer", "footnote", "endnote", "comment"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph in the accepted view of the document (deleted text left out)."""

    text: str
    """Normalised text: tabs and breaks as single spaces, soft hyphens removed,
    non-breaking spaces as spaces, runs of white space folded, stripped. Field results
    (not instructions) are included; deleted tracked text is not."""
    style_id: str | None = None
    style_name: str | None = None
    """The style's display name (``w:name``), e.g. ``heading 1`` for id ``Overskrift1``."""
    outline_level: int | None = None
    """0-based outline level (0 = Heading 1) from the paragraph's ``w:outlineLvl``, then the
    style chain, then a ``heading N`` style name. ``None`` is body text (Word's level 9)."""
    num_label: str | None = None
    """The label Word displays from numbering.xml, e.g. ``"1.2."``, ``"a)"`` or ``"•"``."""
    num_id: int | None = None
    num_level: int | None = None
    """``w:ilvl`` of a numbered or bulleted paragraph (0-based), else None."""
    is_bullet: bool = False
    bold: bool = False
    """True when all visible text is bold (run, paragraph mark or style)."""
    font_size: float | None = None
    """Dominant font size in points, when known."""
    location: Location = "body"
    index: int | None = None
    in_toc: bool = False
    """Inside a table-of-contents field result: never a section heading."""
    hyperlinks: tuple[str, ...] = ()
    """External targets of hyperlinks in the paragraph (``mailto:`` kept)."""
    has_deleted_text: bool = False
    """Pending tracked deletions were dropped from this paragraph."""
    has_inserted_text: bool = False

    @property
    def is_list_item(self) -> bool:
        return self.num_id is not None and self.num_label is not None


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its blocks and how many grid columns it spans."""

    blocks: tuple[Block, ...]
    grid_span: int = 1

    @property
    def text(self) -> str:
        return " ".join(p.text for p in iter_paragraphs(self.blocks) if p.text)


@dataclass(frozen=True, slots=True)
class Row:
    """A table row in the accepted view (deleted rows are left out)."""

    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table, row by row."""

    rows: tuple[Row, ...]
    location: Location = "table"
    index: int | None = None
    """Paragraph index of the table's first paragraph (for pointing at it)."""


Block: TypeAlias = Paragraph | Table


@dataclass(frozen=True, slots=True)
class ContentControl:
    """A ``w:sdt`` with its tag, alias and displayed text (placeholder text excluded)."""

    tag: str | None
    alias: str | None
    text: str
    location: Location = "body"


@dataclass(frozen=True, slots=True)
class Comment:
    """A Word comment: its author, initials and text."""

    author: str | None
    initials: str | None
    text: str
    comment_id: str | None = None


@dataclass(frozen=True, slots=True)
class CoreProperties:
    """The package's core properties (``docProps/core.xml``)."""

    title: str | None = None
    subject: str | None = None
    creator: str | None = None
    last_modified_by: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    keywords: str | None = None


@dataclass(frozen=True, slots=True)
class RevisionStats:
    """Pending (unaccepted) tracked changes and comments, for DOC002 and the report."""

    insertions: int = 0
    deletions: int = 0
    moves: int = 0
    format_changes: int = 0
    comments: int = 0

    @property
    def pending(self) -> int:
        return self.insertions + self.deletions + self.moves


@dataclass(frozen=True, slots=True)
class Document:
    """A Word document read into its parts, in the accepted view of tracked changes."""

    body: tuple[Block, ...]
    headers: tuple[Paragraph, ...] = ()
    footers: tuple[Paragraph, ...] = ()
    footnotes: tuple[Paragraph, ...] = ()
    endnotes: tuple[Paragraph, ...] = ()
    comments: tuple[Comment, ...] = ()
    content_controls: tuple[ContentControl, ...] = ()
    core: CoreProperties = field(default_factory=CoreProperties)
    revisions: RevisionStats = field(default_factory=RevisionStats)
    path: str | None = None
    sha256: str | None = None
    file_format: str = "docx"
    """``docx``, ``docm``, ``dotx`` or ``dotm`` (by the main part's content type)."""
    strict: bool = False
    """Strict OOXML (purl.oclc.org namespaces) was read."""
    paragraph_count: int = 0
    """Number of indexed body paragraphs (max index + 1)."""
    xml_parts: tuple[str, ...] = ()
    """The package members the reader parsed as XML, in the order it parsed them
    (content types, relationships, main part, styles, numbering, headers …); the
    benchmark's floor parses exactly these."""
    folded: bool = False
    """Every body paragraph's text is folded: no white space but single spaces between
    words (none at either end), as the reader makes them (``Paragraph.text``); the
    report's word count then counts spaces instead of splitting."""

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph of the body in document order, table cells and text boxes
        included (text-box paragraphs follow the paragraph that anchors them)."""
        return iter_paragraphs(self.body)

    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs() if p.text)


def iter_paragraphs(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Paragraph]:
    """Depth-first paragraphs of a block sequence (tables row by row, cell by cell)."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield from iter_paragraphs(cell.blocks)


_T = TypeVar("_T")


def slots_constructor(cls: type[_T], *probe: object) -> Callable[..., _T]:
    """A quicker ``cls(...)`` for a frozen slotted dataclass, all fields given
    positionally in field order.

    The frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
    (slot setters are not much cheaper). This makes a class with the very same slots
    whose ``__init__`` fills them with plain attribute stores and then turns the object
    into a ``cls`` by assigning ``__class__`` (Python allows it between classes of
    identical slot layout): about a third of the time. The result is an ordinary ``cls``
    (same type, equal, same hash, still frozen). ``probe`` (one value per field) is
    made once to check that; should the layouts ever differ (a ``__weakref__`` slot, a
    base class, fields that are not the slots) ``cls`` itself is returned.

    Shared by the reader's paragraphs, the facts' units and the checks' lines."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    if getattr(cls, "__slots__", None) != names or not names or len(probe) != len(names):
        return cls
    if not all(name.isidentifier() for name in names):
        return cls
    args = ", ".join(names)
    body = "".join(f"    self.{name} = {name}\n" for name in names)
    namespace: dict[str, object] = {"_cls": cls}
    exec(f"def __init__(self, {args}):\n{body}    self.__class__ = _cls\n", namespace)
    attributes = {"__slots__": names, "__init__": namespace["__init__"]}
    twin = type(f"_{cls.__name__}Slots", (), attributes)
    try:
        made = twin(*probe)
    except TypeError:  # the layouts differ after all
        return cls
    return cast("Callable[..., _T]", twin) if type(made) is cls else cls
