"""Walking WordprocessingML content (body, headers, notes, comments) into the model.

One ``Walker`` reads one stream (the body, or a header/footer/note/comment part) in
document order. It keeps the state that crosses paragraph boundaries: complex fields
(``fldChar`` begin/separate/end, possibly spanning paragraphs, as in a table of
contents), open content controls, and the numbering counters. Paragraph content is read
in the accepted view of tracked changes; field instructions, deleted text and
``mc:Fallback`` branches are never read. Text boxes found in a paragraph are read after
it and placed right after it, with the anchoring paragraph's index.

Speed: ``scan`` first makes one pass in C over a part and sorts its paragraphs. A
paragraph of plain runs (most of a long plan) has its text serialised by lxml in C
without a Python object per run; one whose runs set bold, size or a character style is
read by a run loop with local state (``Walker._plain``); anything else (fields,
hyperlinks, tracked changes, content controls, tabs, text boxes …) by the general walk
(``Walker._inline``). The fast paths read exactly what the general walk reads (the tests
compare the two with ``FAST_PATHS`` off). The inner loops compare precomputed tag
strings and dispatch through dicts; there is no XPath here. Tags of comments and entity
nodes are not strings and fall through to the generic branches harmlessly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import cache
from itertools import count
from typing import Any, TypeVar, cast

from lxml import etree

from beredskab.model import Block, Cell, Location, Paragraph, Row, Table, iter_paragraphs
from beredskab.reader._ns import (
    M_OMATH,
    M_OMATHPARA,
    M_T,
    MC_ALTERNATECONTENT,
    MC_CHOICE,
    MC_FALLBACK,
    R_ID,
    W_ALIAS,
    W_B,
    W_BDO,
    W_BODY,
    W_BOOKMARKEND,
    W_BOOKMARKSTART,
    W_BR,
    W_CHAR,
    W_COMMENT,
    W_COMMENTRANGEEND,
    W_COMMENTRANGESTART,
    W_CR,
    W_CUSTOMXML,
    W_DEL,
    W_DELINSTRTEXT,
    W_DELTEXT,
    W_DIR,
    W_DOCPARTGALLERY,
    W_DOCPARTOBJ,
    W_DRAWING,
    W_ENDNOTE,
    W_FLDCHAR,
    W_FLDCHARTYPE,
    W_FLDSIMPLE,
    W_FONT,
    W_FOOTNOTE,
    W_FTR,
    W_GRIDSPAN,
    W_HDR,
    W_HYPERLINK,
    W_ILVL,
    W_INS,
    W_INSTR,
    W_INSTRTEXT,
    W_MOVEFROM,
    W_MOVETO,
    W_NOBREAKHYPHEN,
    W_NUMID,
    W_NUMPR,
    W_OBJECT,
    W_OUTLINELVL,
    W_P,
    W_PERMEND,
    W_PERMSTART,
    W_PICT,
    W_PPR,
    W_PROOFERR,
    W_PSTYLE,
    W_PTAB,
    W_R,
    W_RPR,
    W_RSTYLE,
    W_RUBY,
    W_SDT,
    W_SDTCONTENT,
    W_SDTPR,
    W_SECTPR,
    W_SHOWINGPLCHDR,
    W_SMARTTAG,
    W_SYM,
    W_SZ,
    W_T,
    W_TAB,
    W_TAG,
    W_TBL,
    W_TC,
    W_TCPR,
    W_TR,
    W_TRPR,
    W_TXBXCONTENT,
    W_VAL,
)
from beredskab.reader.numbering import Numbering, NumberingState
from beredskab.reader.package import Relationship
from beredskab.reader.styles import ParaStyle, RunProps, Styles, int_val, on_off

# Inline dispatch codes
_SKIP, _HYPERLINK, _INS, _DEL, _SDT, _FLDSIMPLE, _ALT, _BOX, _BLOCK, _MATH_T = range(10)
_INLINE: dict[object, int] = {
    W_PPR: _SKIP,
    W_BOOKMARKSTART: _SKIP,
    W_BOOKMARKEND: _SKIP,
    W_PROOFERR: _SKIP,
    W_COMMENTRANGESTART: _SKIP,
    W_COMMENTRANGEEND: _SKIP,
    W_PERMSTART: _SKIP,
    W_PERMEND: _SKIP,
    MC_FALLBACK: _SKIP,
    W_SDTPR: _SKIP,
    W_HYPERLINK: _HYPERLINK,
    W_INS: _INS,
    W_MOVETO: _INS,
    W_DEL: _DEL,
    W_MOVEFROM: _DEL,
    W_SDT: _SDT,
    W_FLDSIMPLE: _FLDSIMPLE,
    MC_ALTERNATECONTENT: _ALT,
    W_TXBXCONTENT: _BOX,
    W_P: _BLOCK,
    W_TBL: _BLOCK,
    M_T: _MATH_T,
}
_BLOCK_SKIP = frozenset(
    {
        W_SECTPR,
        W_TCPR,
        W_PPR,
        W_SDTPR,
        W_BOOKMARKSTART,
        W_BOOKMARKEND,
        W_PROOFERR,
        W_PERMSTART,
        W_PERMEND,
        W_COMMENTRANGESTART,
        W_COMMENTRANGEEND,
        MC_FALLBACK,
        W_DEL,
        W_MOVEFROM,
    }
)
_NO_PROPS = RunProps()
_SPACE_TAGS = frozenset({W_TAB, W_PTAB, W_BR, W_CR})
_BOX_HOSTS = frozenset({W_DRAWING, W_PICT, W_OBJECT, MC_ALTERNATECONTENT})
_RUN_SPECIAL = (
    _SPACE_TAGS
    | _BOX_HOSTS
    | {
        W_FLDCHAR,
        W_INSTRTEXT,
        W_NOBREAKHYPHEN,
        W_SYM,
        W_DELTEXT,
    }
)
"""Run children that ``Walker._inline`` does more with than read text or properties."""

_RICH = 2
"""The paragraph kind ``scan`` marks: read by the general walk."""
_RICH_TAGS: tuple[str, ...] = (
    *(str(tag) for tag, kind in _INLINE.items() if kind != _SKIP and tag not in (W_P, W_TBL)),
    *_RUN_SPECIAL,
    MC_FALLBACK,
    W_RUBY,
    W_DELINSTRTEXT,
    W_SDTPR,
    W_CUSTOMXML,
    W_SMARTTAG,
    W_DIR,
    W_BDO,
    M_OMATH,
    M_OMATHPARA,
)
"""Elements that make the paragraph holding them more than runs of text (everything
``_inline`` treats specially, and wrappers and run children it reads or skips)."""
_RUN_FORMAT = (W_B, W_SZ, W_RSTYLE)
"""Run properties that can change bold or size (others, such as fonts and language,
cannot)."""
_STOP = frozenset({W_BODY, W_TC, W_TXBXCONTENT, W_HDR, W_FTR, W_FOOTNOTE, W_ENDNOTE, W_COMMENT})
"""Block containers: a paragraph is never looked for above them."""
_HIDING = frozenset({W_TXBXCONTENT, MC_FALLBACK})
"""Where paragraphs have no paragraph index of their own."""


_text_of = etree.tostring

FAST_PATHS = True
"""Read plain and styled paragraphs by the fast paths (``scan``, ``Walker._plain``).
The tests switch them off to compare with the general walk; nothing else does."""


@dataclass(frozen=True, slots=True)
class Scan:
    """What ``scan`` found under one root."""

    flags: dict[etree._Element, int]
    """``_RICH`` or ``_STYLED`` paragraphs (any other paragraph is plain text)."""
    paragraphs: list[etree._Element]
    """Every ``w:p`` in document order."""
    hidden: bool
    """Whether there is a text box or an ``mc:Fallback`` branch (whose paragraphs have
    no paragraph index of their own)."""
    spans: set[etree._Element]
    """The parents of ``w:gridSpan`` elements (the cell properties that span columns)."""
    formats: dict[etree._Element, int]
    """Paragraph → how many ``w:b``, ``w:sz`` and ``w:rStyle`` elements it holds (its
    mark's included; at least as many as it holds)."""
    props: dict[etree._Element, etree._Element]
    """Paragraph → its ``w:pPr`` (its first child when that is a ``w:pPr``; a paragraph
    without one is not listed), so paragraphs need not be opened to look for one."""

    def index(self) -> dict[etree._Element, int]:
        """The paragraph index (the rule in ``beredskab.model``) of a body's paragraphs
        when nothing is hidden; see ``beredskab.reader.indexed_paragraphs``."""
        if self.hidden:
            raise ValueError("paragraphs in text boxes or mc:Fallback: use indexed_paragraphs")
        return dict(zip(self.paragraphs, count()))


def scan(root: etree._Element) -> Scan:
    """Which paragraphs under ``root`` need more than their text read.

    One pass in C over the few elements that matter (``iter`` with tags creates no
    Python object for the others): a paragraph holding anything in ``_RICH_TAGS``, an
    entity reference, or a nested paragraph or table is ``_RICH``. For the others it
    counts the run properties that can change bold or size: a paragraph with none
    beyond its mark's is plain text (runs in the paragraph's own formatting, whose text
    is its ``w:t`` elements in document order); one with more has its runs walked. The
    same pass lists the paragraphs in document order and finds the spanning cells.
    """
    flags: dict[etree._Element, int] = {}
    paragraphs: list[etree._Element] = []
    hidden = False
    spans: set[etree._Element] = set()
    formats: dict[etree._Element, int] = {}
    props: dict[etree._Element, etree._Element] = {}
    last_p = None  # the latest paragraph: where the run properties that follow belong
    last_parent = root  # the block container of the latest paragraph
    for el in root.iter(W_P, W_PPR, W_TBL, *_RICH_TAGS, *_RUN_FORMAT, W_GRIDSPAN, etree.Entity):
        tag = el.tag
        if tag == W_PPR:
            # the latest paragraph's properties when they are its first child (as the
            # walker reads them); others (in a w:pPrChange, misplaced) are not
            if last_p is not None and el.getparent() is last_p and el.getprevious() is None:
                props[last_p] = el
            continue
        if tag in _RUN_FORMAT:
            # Counted for the latest paragraph, wherever they are in it (its mark's
            # properties too: the walker subtracts those). A paragraph holding a nested
            # one is rich, so what follows the nested one may be counted for it.
            if last_p is not None:
                formats[last_p] = formats.get(last_p, 0) + 1
            continue
        if tag == W_P:
            paragraphs.append(el)
            last_p = el
            node = el.getparent()
            if node is last_parent or node is None:
                continue
            if node.tag in _STOP:
                last_parent = node
                continue  # a paragraph in a block container: the usual place
        else:
            node = el.getparent()
            if node is None:
                continue
            if tag == W_GRIDSPAN:
                spans.add(node)
                continue
            if tag in _HIDING:
                hidden = True
            if tag == W_TBL and (node is root or node.tag in _STOP):
                continue  # a table in a block container
        while node is not None:  # the paragraph holding it is rich
            if node is last_p or node.tag == W_P:
                flags[node] = _RICH
                break
            if node.tag in _STOP:
                break
            node = node.getparent()
    return Scan(flags, paragraphs, hidden, spans, formats, props)


_SYMBOL_FONT_CHARS = {
    0xB7: "•",
    0xD7: "×",
    0xB0: "°",
    0xB1: "±",
    0xAE: "→",
    0xAC: "←",
    0xDE: "⇒",
    0xA3: "≤",
    0xB3: "≥",
    0xB9: "≠",
    0x2D: "−",
    0xA7: "▪",
    0x9F: "•",
    0xD8: "➢",
    0xE0: "→",
    0xE8: "➔",
    0x6C: "●",
    0x6E: "■",
    0x71: "❑",
    0xFC: "✓",
    0xFB: "✗",
    0xFE: "☑",
    0xA8: "☐",
}


@cache
def _hyperlink_switches() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A HYPERLINK field's switches with their argument, and bare switches (compiled
    on first use: few documents have such fields)."""
    return re.compile(r'\\[lotLOT]\s+("[^"]*"|\S+)'), re.compile(r"\\[a-zA-Z*]")


_PARAGRAPH_FIELDS = (
    "text",
    "style_id",
    "style_name",
    "outline_level",
    "num_label",
    "num_id",
    "num_level",
    "is_bullet",
    "bold",
    "font_size",
    "location",
    "index",
    "in_toc",
    "hyperlinks",
    "has_deleted_text",
    "has_inserted_text",
)


class _ParagraphSlots:
    """``Paragraph``'s slots, not frozen: the reader's paragraph constructor.

    A paragraph is the reader's most frequent allocation, and the frozen dataclass's
    ``__init__`` sets each of its sixteen fields through ``object.__setattr__`` (setting
    them through the slot descriptors, as before, is not much cheaper). This class has
    the very same slots, so its ``__init__`` fills them with plain attribute stores and
    then turns the object into a ``Paragraph`` by assigning ``__class__``, which Python
    allows between classes of identical slot layout: about a third of the slot-setter
    time, half a millisecond per thousand paragraphs. The result is an ordinary
    ``Paragraph`` (same type, equal, same hash, still frozen); ``new_paragraph`` falls
    back on the dataclass itself should ``Paragraph`` ever change shape."""

    __slots__ = _PARAGRAPH_FIELDS

    def __init__(
        self,
        text: str,
        style_id: str | None,
        style_name: str | None,
        outline_level: int | None,
        num_label: str | None,
        num_id: int | None,
        num_level: int | None,
        is_bullet: bool,
        bold: bool,
        font_size: float | None,
        location: Location,
        index: int | None,
        in_toc: bool,
        hyperlinks: tuple[str, ...],
        has_deleted_text: bool,
        has_inserted_text: bool,
    ) -> None:
        self.text = text
        self.style_id = style_id
        self.style_name = style_name
        self.outline_level = outline_level
        self.num_label = num_label
        self.num_id = num_id
        self.num_level = num_level
        self.is_bullet = is_bullet
        self.bold = bold
        self.font_size = font_size
        self.location = location
        self.index = index
        self.in_toc = in_toc
        self.hyperlinks = hyperlinks
        self.has_deleted_text = has_deleted_text
        self.has_inserted_text = has_inserted_text
        self.__class__ = Paragraph  # type: ignore[assignment]  # same slots: see above


class _CellSlots:
    """``Cell``'s slots, not frozen (as ``_ParagraphSlots``)."""

    __slots__ = ("blocks", "grid_span")

    def __init__(self, blocks: tuple[Block, ...], grid_span: int) -> None:
        self.blocks = blocks
        self.grid_span = grid_span
        self.__class__ = Cell  # type: ignore[assignment]  # same slots


class _RowSlots:
    """``Row``'s slots, not frozen (as ``_ParagraphSlots``)."""

    __slots__ = ("cells",)

    def __init__(self, cells: tuple[Cell, ...]) -> None:
        self.cells = cells
        self.__class__ = Row  # type: ignore[assignment]  # same slots


_T = TypeVar("_T")


def _constructor(cls: type[_T], slots: type, *probe: object) -> Callable[..., _T]:
    """``slots`` (a class with ``cls``'s slots that becomes a ``cls``) when it makes the
    same objects as ``cls`` (same fields and slots, in the same order, and a layout
    that allows the class assignment), else ``cls`` itself."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    if getattr(cls, "__slots__", None) != names or getattr(slots, "__slots__", None) != names:
        return cls
    try:
        made = slots(*probe)
    except TypeError:  # the layouts differ after all (a __weakref__ slot, a base …)
        return cls
    return cast("Callable[..., _T]", slots) if type(made) is cls else cls


new_paragraph = _constructor(Paragraph, _ParagraphSlots, "", *(None,) * 15)
"""``Paragraph(...)`` with all sixteen fields given positionally, faster."""
new_cell = _constructor(Cell, _CellSlots, (), 1)
"""``Cell(blocks, grid_span)``, faster."""
new_row = _constructor(Row, _RowSlots, ())
"""``Row(cells)``, faster."""


def normalise(joined: str) -> str:
    """Paragraph text as the model keeps it: soft hyphens removed, white space (tabs,
    breaks, non-breaking spaces) folded into single spaces, stripped. Text that is all
    printable (so its only white space is the ASCII space) with no double space needs
    no folding: the common case, checked in C without splitting into words."""
    if "\u00ad" in joined:
        joined = joined.replace("\u00ad", "")
    if joined.isprintable() and "  " not in joined:
        return joined.strip(" ")
    return " ".join(joined.split())


def mark_props(rpr: etree._Element) -> tuple[RunProps, int]:
    """The paragraph mark's bold and size (``styles.run_props``), and how many of its
    children ``scan`` counted as run properties (``_RUN_FORMAT``)."""
    bold: bool | None = None
    size: int | None = None
    count = 0
    for child in rpr:
        tag = child.tag
        if tag == W_B:
            bold = on_off(child)
            count += 1
        elif tag == W_SZ:
            size = int_val(child)
            count += 1
        elif tag == W_RSTYLE:
            count += 1
    return RunProps(bold, size), count


def _dominant(sizes: dict[int | None, int]) -> int | None:
    """The size with the most visible characters (the first such on a tie)."""
    if len(sizes) == 1:
        return next(iter(sizes))
    return max(sizes, key=sizes.__getitem__)


def choice(alternate: etree._Element) -> etree._Element | None:
    """The ``mc:Choice`` branch of an ``mc:AlternateContent`` (one branch is read)."""
    for child in alternate:
        if child.tag == MC_CHOICE:
            return child
    return None


def sym_text(el: etree._Element) -> str:
    """Best-effort Unicode for a ``w:sym`` (Symbol/Wingdings private-use codes mapped)."""
    raw = el.get(W_CHAR) or ""
    try:
        code = int(raw, 16)
    except ValueError:
        return ""
    font = (el.get(W_FONT) or "").lower()
    if code >= 0xF000:
        code -= 0xF000
    if "symbol" in font or "wingding" in font or "webding" in font:
        return _SYMBOL_FONT_CHARS.get(code, "")
    if code < 0x20 or code > 0x10FFFF:
        return ""
    ch = chr(code)
    return ch if ch.isprintable() else ""


def hyperlink_field_target(instr: str) -> str | None:
    """The target of a ``HYPERLINK "url" \\o "tip"`` field instruction."""
    rest = instr.strip()[len("HYPERLINK") :]
    with_arg, switch = _hyperlink_switches()
    rest = switch.sub(" ", with_arg.sub(" ", rest)).strip()
    if not rest:
        return None
    if rest.startswith('"'):
        end = rest.find('"', 1)
        target = rest[1:end] if end > 0 else rest[1:]
    else:
        target = rest.split()[0]
    return target.strip() or None


class _Field:
    """A complex field being read (``fldChar`` begin … end). (A plain class: a
    dataclass costs a tenth of a millisecond of start-up.)"""

    __slots__ = ("instr", "result", "toc")

    def __init__(self) -> None:
        self.instr: list[str] = []
        self.result = False
        self.toc = False


class Control:
    """A content control being read (mutable; frozen into ``ContentControl`` at the end).
    (This and ``Context`` are plain classes: a dataclass costs a tenth of a millisecond
    of start-up, and nothing compares these.)"""

    __slots__ = ("alias", "location", "parts", "placeholder", "tag", "toc")

    def __init__(
        self, tag: str | None, alias: str | None, placeholder: bool, toc: bool, location: Location
    ) -> None:
        self.tag = tag
        self.alias = alias
        self.placeholder = placeholder
        self.toc = toc
        self.location: Location = location
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        if self.placeholder:
            return ""
        return " ".join("".join(self.parts).replace("\u00ad", "").split())


class Context:
    """What all streams of one document share."""

    __slots__ = ("controls", "numbering", "styles")

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.controls: list[Control] = []


class Walker:
    """Reads one stream of blocks. Not reentrant across streams; one per part."""

    __slots__ = (
        "_box_anchor",
        "_default",
        "_deferred",
        "_fast",
        "_fields",
        "_flags",
        "_formats",
        "_has_del",
        "_has_ins",
        "_has_numbering",
        "_in_box",
        "_instr",
        "_last_index",
        "_links",
        "_loc",
        "_not_bold",
        "_numbering",
        "_outside",
        "_para_styles",
        "_parts",
        "_pbold",
        "_plc",
        "_pprs",
        "_psize",
        "_sdts",
        "_sizes",
        "_span",
        "_spans",
        "_special",
        "_state",
        "_styles",
        "_toc_open",
        "_toc_sdt",
        "_toc_touched",
        "ctx",
        "index_of",
        "location",
        "rels",
    )

    def __init__(
        self,
        ctx: Context,
        rels: dict[str, Relationship],
        location: Location,
        index_of: dict[etree._Element, int] | None = None,
        scanned: Scan | None = None,
    ) -> None:
        self.ctx = ctx
        self.rels = rels
        self.location: Location = location
        self.index_of = index_of
        self._styles = ctx.styles
        self._numbering = ctx.numbering
        self._has_numbering = bool(ctx.numbering)
        self._state = NumberingState()
        self._fields: list[_Field] = []
        self._instr = 0
        self._plc = 0
        self._toc_open = 0
        self._toc_sdt = 0
        self._sdts: list[Control] = []
        self._in_box = False
        self._box_anchor: int | None = None
        self._last_index: int | None = None
        self._loc: Location = location
        self._span = 1
        self._para_styles: dict[str | None, ParaStyle] = {}
        self._fast = FAST_PATHS
        if not FAST_PATHS:
            scanned = None
        self._flags = scanned.flags if scanned is not None else None
        self._spans = scanned.spans if scanned is not None else None
        self._formats = scanned.formats if scanned is not None else None
        self._pprs = scanned.props if scanned is not None else None
        # The paragraphs the fast path for plain paragraphs without properties cannot
        # read (rich or styled ones, those with properties): one set look-up per
        # paragraph instead of three.
        self._special: set[etree._Element] | None = (
            None
            if scanned is None
            else scanned.flags.keys() | scanned.props.keys() | scanned.formats.keys()
        )
        self._default: tuple[Any, ...] | None = None
        """What that fast path writes of the default paragraph style (``_default_style``)."""
        self._reset_paragraph()

    def _default_style(self) -> tuple[Any, ...]:
        """The default paragraph style's fields as a plain paragraph takes them (style
        id, name, level, bold, size in points, whether a TOC style), or ``()`` when the
        style is numbered (then such paragraphs are read in full)."""
        pstyle = self._para_styles.get(None)
        if pstyle is None:
            pstyle = self._styles.para(None)
            self._para_styles[None] = pstyle
        if pstyle.num_id and self._has_numbering:
            return ()
        size = pstyle.size / 2 if pstyle.size else None
        return (pstyle.style_id, pstyle.name, pstyle.level, pstyle.bold, size, pstyle.is_toc)

    def _reset_paragraph(self) -> None:
        self._parts: list[str] = []
        self._not_bold = False
        """Some visible text of the paragraph is not bold."""
        self._outside = False
        """Some visible text of the paragraph lies outside a table-of-contents field."""
        self._sizes: dict[int | None, int] = {}
        self._links: list[str] = []
        self._has_del = False
        self._has_ins = False
        self._deferred: list[etree._Element] = []
        self._toc_touched = False
        self._pbold = False
        self._psize: int | None = None

    # Blocks ---------------------------------------------------------------------------

    def blocks(self, container: etree._Element, out: list[Block], loc: Location) -> None:
        """Append the blocks of ``container`` (body, cell, sdtContent, text box …)."""
        for child in container:
            if child.tag == W_P:
                self._paragraph(child, out, loc)
            else:
                self._block(child, out, loc)

    def _block(self, child: etree._Element, out: list[Block], loc: Location) -> None:
        """Append the blocks of one child of a block container other than a paragraph."""
        tag = child.tag
        if tag == W_TBL:
            out.append(self._table(child, loc))
        elif tag == W_SDT:
            content, control = self._open_sdt(child, loc)
            if content is not None:
                self.blocks(content, out, loc)
            self._close_sdt(control)
        elif tag == W_TCPR:
            if self._spans is None or child in self._spans:
                for prop in child:
                    if prop.tag == W_GRIDSPAN:
                        self._span = max(1, min(int_val(prop) or 1, 64))
        elif tag in _BLOCK_SKIP:
            return
        elif tag == MC_ALTERNATECONTENT:
            branch = choice(child)
            if branch is not None:
                self.blocks(branch, out, loc)
        elif tag == W_TXBXCONTENT:
            self._textbox(child, out, self._last_index)
        elif len(child):
            self.blocks(child, out, loc)  # customXml, ins, moveTo, unknown wrappers

    def _table(self, tbl: etree._Element, loc: Location) -> Table:
        cell_loc: Location = "table" if loc == "body" else loc
        rows: list[Row] = []
        self._rows(tbl, rows, cell_loc)
        index = None
        for row in rows:
            for cell in row.cells:
                for para in iter_paragraphs(cell.blocks):
                    if para.index is not None:
                        index = para.index
                        break
                if index is not None:
                    break
            if index is not None:
                break
        return Table(tuple(rows), location=cell_loc, index=index)

    def _rows(self, container: etree._Element, rows: list[Row], loc: Location) -> None:
        for child in container:
            tag = child.tag
            if tag == W_TR:
                row = self._row(child, loc)
                if row is not None:
                    rows.append(row)
            elif tag == W_SDT:
                content, control = self._open_sdt(child, loc)
                if content is not None:
                    self._rows(content, rows, loc)
                self._close_sdt(control)
            elif tag == W_CUSTOMXML:
                self._rows(child, rows, loc)
            elif tag == MC_ALTERNATECONTENT:
                branch = choice(child)
                if branch is not None:
                    self._rows(branch, rows, loc)

    def _row(self, tr: etree._Element, loc: Location) -> Row | None:
        cells: list[Cell] = []
        if self._cells(tr, cells, loc):
            return None  # a deleted row is not in the accepted view
        return new_row(tuple(cells))

    def _cells(self, container: etree._Element, cells: list[Cell], loc: Location) -> bool:
        """Append the cells of a row (or row-level wrapper); True when the row is deleted."""
        outer_span = self._span  # a table nested in a cell must not change that cell's span
        try:
            return self._cells_of(container, cells, loc)
        finally:
            self._span = outer_span

    def _cells_of(self, container: etree._Element, cells: list[Cell], loc: Location) -> bool:
        spans = self._spans
        for child in container:
            tag = child.tag
            if tag == W_TC:
                self._span = 1  # set by _block from the cell's tcPr
                blocks: list[Block] = []
                # As self.blocks(child, blocks, loc), in fewer calls: the cell's
                # properties skipped when scan found no column span in them.
                for sub in child:
                    tag = sub.tag
                    if tag == W_P:
                        self._paragraph(sub, blocks, loc)
                    elif tag != W_TCPR or spans is None or sub in spans:
                        self._block(sub, blocks, loc)
                cells.append(new_cell(tuple(blocks), self._span))
            elif tag == W_TRPR:
                for prop in child:
                    if prop.tag == W_DEL:
                        return True
            elif tag == W_SDT:
                content, control = self._open_sdt(child, loc)
                if content is not None:
                    self._cells(content, cells, loc)
                self._close_sdt(control)
            elif tag == W_CUSTOMXML:
                self._cells(child, cells, loc)
            elif tag == MC_ALTERNATECONTENT:
                branch = choice(child)
                if branch is not None:
                    self._cells(branch, cells, loc)
        return False

    def _textbox(self, box: etree._Element, out: list[Block], anchor: int | None) -> None:
        saved = (self._fields, self._instr, self._toc_open, self._in_box, self._box_anchor)
        self._fields, self._instr, self._toc_open = [], 0, 0
        if not self._in_box:
            self._in_box, self._box_anchor = True, anchor
        self.blocks(box, out, "textbox" if self.location == "body" else self.location)
        (self._fields, self._instr, self._toc_open, self._in_box, self._box_anchor) = saved

    # Content controls -----------------------------------------------------------------

    def _open_sdt(
        self, sdt: etree._Element, loc: Location
    ) -> tuple[etree._Element | None, Control]:
        tag = alias = None
        placeholder = toc = False
        content = None
        for child in sdt:
            if child.tag == W_SDTPR:
                for prop in child:
                    ptag = prop.tag
                    if ptag == W_TAG:
                        tag = prop.get(W_VAL)
                    elif ptag == W_ALIAS:
                        alias = prop.get(W_VAL)
                    elif ptag == W_SHOWINGPLCHDR:
                        placeholder = on_off(prop)
                    elif ptag == W_DOCPARTOBJ:
                        for part in prop:
                            if (
                                part.tag == W_DOCPARTGALLERY
                                and (part.get(W_VAL) or "").strip().lower() == "table of contents"
                            ):
                                toc = True
            elif child.tag == W_SDTCONTENT:
                content = child
        control = Control(tag, alias, placeholder, toc, loc)
        self.ctx.controls.append(control)
        self._sdts.append(control)
        if placeholder:
            self._plc += 1
        if toc:
            self._toc_sdt += 1
        return content, control

    def _close_sdt(self, control: Control) -> None:
        if self._sdts and self._sdts[-1] is control:
            self._sdts.pop()
        if control.placeholder:
            self._plc -= 1
        if control.toc:
            self._toc_sdt -= 1

    # Paragraphs -----------------------------------------------------------------------

    def _paragraph(self, p: etree._Element, out: list[Block], loc: Location) -> None:
        flags = self._flags
        special = self._special
        if (
            special is not None
            and p not in special
            and not (self._instr or self._plc or self._sdts or self._in_box)
        ):
            # The commonest paragraph: plain text (see scan) without paragraph properties,
            # so in the default style, with no mark formatting and no numbering of its own.
            # Everything below gives the same for it (the tests compare with FAST_PATHS
            # off), in more steps.
            default = self._default
            if default is None:
                default = self._default = self._default_style()
            if default:
                d_style, d_name, d_level, d_bold, d_size, d_toc = default
                index = self.index_of.get(p) if self.index_of is not None else None
                if index is not None:
                    self._last_index = index
                out.append(
                    new_paragraph(
                        normalise(_text_of(p, method="text", encoding=str, with_tail=False)),
                        d_style,
                        d_name,
                        d_level,
                        None,
                        None,
                        None,
                        False,
                        d_bold,
                        d_size,
                        loc,
                        index,
                        d_toc or self._toc_open > 0,
                        (),
                        False,
                        False,
                    )
                )
                return
        style_id: str | None = None
        own_num: int | None = None
        own_ilvl: int | None = None
        outline: int | None = None
        mark = _NO_PROPS
        marked = 0  # the mark's run properties that scan counted
        pprs = self._pprs
        if pprs is not None:
            ppr = pprs.get(p)  # found by scan
        elif len(p):
            ppr = p[0]  # pPr, when present, is the first child; _inline skips it
            if ppr.tag != W_PPR:
                ppr = None
        else:
            ppr = None
        if ppr is not None:
            for prop in ppr:
                tag = prop.tag
                if tag == W_PSTYLE:
                    style_id = prop.get(W_VAL)
                elif tag == W_NUMPR:
                    for sub in prop:
                        if sub.tag == W_NUMID:
                            own_num = int_val(sub)
                        elif sub.tag == W_ILVL:
                            own_ilvl = int_val(sub)
                elif tag == W_OUTLINELVL:
                    outline = int_val(prop)
                elif tag == W_RPR:
                    mark, count = mark_props(prop)
                    marked += count
        pstyle = self._para_styles.get(style_id)
        if pstyle is None:
            pstyle = self._styles.para(style_id)
            self._para_styles[style_id] = pstyle

        bold: bool | None
        size: int | None
        formats = self._formats
        if (
            flags is not None
            and formats is not None
            and p not in flags
            and formats.get(p, 0) <= marked
            and not (self._instr or self._plc or self._sdts)
        ):
            # plain text (see scan): serialised in C, all text under the paragraph being
            # its w:t elements in document order (other text elements make it rich, and
            # the parser drops blank text between elements)
            joined = _text_of(p, method="text", encoding=str, with_tail=False)
            if joined and not joined.isspace():
                bold = pstyle.bold
                size = pstyle.size
            else:  # no visible text: the paragraph mark's properties
                bold = mark.bold if mark.bold is not None else pstyle.bold
                size = mark.size if mark.size is not None else pstyle.size
            in_toc = pstyle.is_toc or self._toc_open > 0
            links: tuple[str, ...] = ()
            has_del = has_ins = False
            deferred = None
        else:
            self._loc = loc
            self._pbold = pstyle.bold
            self._psize = pstyle.size
            content = None
            if (
                self._fast
                and not (self._instr or self._plc or self._sdts)
                and (flags is None or p not in flags)
            ):
                content = self._plain(p)
            if content is not None:
                joined, bold, size = content
                in_toc = pstyle.is_toc or self._toc_sdt > 0 or self._toc_open > 0
                links = ()
                has_del = has_ins = False
                deferred = None
            else:
                joined, bold, size, in_toc = self._rich(p)
                in_toc = in_toc or pstyle.is_toc
                links = tuple(dict.fromkeys(self._links)) if self._links else ()
                has_del = self._has_del
                has_ins = self._has_ins
                deferred = self._deferred
                self._deferred = []
            if bold is None:  # no visible text: the paragraph mark's properties
                bold = mark.bold if mark.bold is not None else pstyle.bold
                size = mark.size if mark.size is not None else pstyle.size

        level = pstyle.level if outline is None else (outline if 0 <= outline <= 8 else None)

        nid = own_num if own_num is not None else pstyle.num_id
        label = None
        if nid and self._has_numbering:
            ilvl = own_ilvl
            if ilvl is None and own_num is None:
                ilvl = pstyle.ilvl
            if ilvl is None:
                ilvl = self._numbering.level_for_style(nid, pstyle.style_id)
            label = self._numbering.label(self._state, nid, ilvl or 0)

        if self._in_box:
            index = self._box_anchor
        elif self.index_of is not None:
            index = self.index_of.get(p)
            if index is not None:
                self._last_index = index
        else:
            index = None

        out.append(
            new_paragraph(  # positional; the order is pinned by a test
                normalise(joined),
                style_id if style_id is not None else pstyle.style_id,
                pstyle.name,
                level,
                None if label is None else (label.text or None),
                None if label is None else nid,
                None if label is None else label.level,
                False if label is None else label.is_bullet,
                bool(bold),
                size / 2 if size else None,
                loc,
                index,
                in_toc,
                links,
                has_del,
                has_ins,
            )
        )
        if self._sdts:
            for control in self._sdts:
                control.parts.append(" ")

        if deferred:
            for el in deferred:
                if el.tag == W_TXBXCONTENT:
                    self._textbox(el, out, index)
                elif el.tag == W_P:
                    self._paragraph(el, out, loc)
                else:
                    out.append(self._table(el, loc))

    def _plain(self, p: etree._Element) -> tuple[str, bool | None, int | None] | None:
        """Read a plain paragraph: runs of text and run properties, nothing else.

        The common case, read with local state only. Gives the same as ``_rich`` for
        such content; at the first element that needs more (a field, a hyperlink, a
        tracked change, a content control, a tab, a text box …) it gives up, having
        changed nothing, and returns None. Returns the text and the bold and dominant
        size of the visible text (None, None when there is none). Call only outside
        field instructions, placeholders and content controls.
        """
        parts: list[str] = []
        sizes: dict[int | None, int] = {}
        all_bold = True
        pbold = self._pbold
        psize = self._psize
        for child in p:
            tag = child.tag
            if tag == W_R:
                bold = pbold
                size = psize
                for sub in child:
                    stag = sub.tag
                    if stag == W_T:
                        text = sub.text
                        if len(sub):  # unexpanded entity references: keep the text around
                            text = (text or "") + "".join(e.tail or "" for e in sub)
                        if text:
                            parts.append(text)
                            if not text.isspace():
                                sizes[size] = sizes.get(size, 0) + len(text)
                                if not bold:
                                    all_bold = False
                    elif stag == W_RPR:
                        bold, size = self._run_props(sub)
                    elif stag in _RUN_SPECIAL:
                        return None
            else:
                kind = _INLINE.get(tag)
                if kind != _SKIP and (kind is not None or len(child)):
                    return None
        if not sizes:
            return "".join(parts), None, None
        return "".join(parts), all_bold, _dominant(sizes)

    def _rich(self, p: etree._Element) -> tuple[str, bool | None, int | None, bool]:
        """Read any paragraph's content through ``_inline``: text pieces, bold and
        dominant size of the visible text (None, None when there is none), and whether
        it lies in a table of contents. Links, revisions and deferred blocks are left
        in the walker's state."""
        self._parts = []
        self._not_bold = self._outside = False
        self._sizes = {}
        self._deferred = []
        self._links = []
        self._has_del = self._has_ins = False
        self._toc_touched = self._toc_open > 0
        self._inline(p)
        if self._instr:
            # A field whose instruction never reached "separate" in this paragraph: stop
            # hiding text, so one broken field cannot swallow the rest of the document.
            for fld in self._fields:
                if not fld.result:
                    self._field_result(fld)
        in_toc = self._toc_sdt > 0 or (self._toc_touched and not self._outside)
        joined = "".join(self._parts)
        if not self._sizes:
            return joined, None, None, in_toc
        return joined, not self._not_bold, _dominant(self._sizes), in_toc

    def _inline(self, container: Iterable[etree._Element]) -> None:
        """Paragraph content in document order. Runs are read here rather than in a
        method of their own: this loop is the reader's hottest code."""
        parts = self._parts
        sizes = self._sizes
        for child in container:
            tag = child.tag
            if tag == W_R:
                bold = self._pbold
                size = self._psize
                for sub in child:
                    stag = sub.tag
                    if stag == W_T:
                        text = sub.text
                        if len(sub):  # unexpanded entity references: keep the text around
                            text = (text or "") + "".join(e.tail or "" for e in sub)
                        if text and not (self._instr or self._plc):
                            parts.append(text)
                            if not text.isspace():
                                sizes[size] = sizes.get(size, 0) + len(text)
                                if not bold:
                                    self._not_bold = True
                                if self._toc_open:
                                    self._toc_touched = True
                                else:
                                    self._outside = True
                            if self._sdts:
                                for control in self._sdts:
                                    control.parts.append(text)
                    elif stag == W_RPR:
                        bold, size = self._run_props(sub)
                    elif stag in _SPACE_TAGS:
                        self._emit(" ", bold, size)
                    elif stag == W_FLDCHAR:
                        self._fld_char(sub)
                    elif stag == W_INSTRTEXT:
                        if self._fields and not self._fields[-1].result:
                            self._fields[-1].instr.append(sub.text or "")
                    elif stag == W_NOBREAKHYPHEN:
                        self._emit("-", bold, size)
                    elif stag == W_SYM:
                        self._emit(sym_text(sub), bold, size)
                    elif stag == W_DELTEXT:
                        self._has_del = True
                    elif stag in _BOX_HOSTS:
                        self._find_boxes(sub)
                continue
            kind = _INLINE.get(tag)
            if kind is None:
                if len(child):
                    self._inline(child)  # smartTag, customXml, dir, bdo, oMath, unknown
            elif kind == _SKIP:
                continue
            elif kind == _HYPERLINK:
                rel = self.rels.get(child.get(R_ID) or "")
                if rel is not None and rel.external and rel.target:
                    self._links.append(rel.target)
                self._inline(child)
            elif kind == _INS:
                if len(child):
                    self._has_ins = True
                    self._inline(child)
            elif kind == _DEL:
                if len(child):
                    self._has_del = True
            elif kind == _SDT:
                content, control = self._open_sdt(child, self._loc)
                if content is not None:
                    self._inline(content)
                self._close_sdt(control)
            elif kind == _FLDSIMPLE:
                self._simple_field(child)
            elif kind == _ALT:
                branch = choice(child)
                if branch is not None:
                    self._inline(branch)
            elif kind in (_BOX, _BLOCK):
                self._deferred.append(child)
            elif kind == _MATH_T and child.text:
                self._emit(child.text, self._pbold, self._psize)

    def _simple_field(self, fld: etree._Element) -> None:
        instr = (fld.get(W_INSTR) or "").strip()
        word = instr.split(None, 1)[0].upper() if instr else ""
        if word == "HYPERLINK":
            target = hyperlink_field_target(instr)
            if target:
                self._links.append(target)
        if word == "TOC":
            self._toc_open += 1
            self._toc_touched = True
            self._inline(fld)
            self._toc_open -= 1
        else:
            self._inline(fld)

    def _run_props(self, rpr: etree._Element) -> tuple[bool, int | None]:
        bold: bool | None = None
        size: int | None = None
        rstyle: str | None = None
        for child in rpr:
            tag = child.tag
            if tag == W_B:
                bold = on_off(child)
            elif tag == W_SZ:
                size = int_val(child)
            elif tag == W_RSTYLE:
                rstyle = child.get(W_VAL)
        if rstyle is not None and (bold is None or size is None):
            char = self._styles.char(rstyle)
            if bold is None:
                bold = char.bold
            if size is None:
                size = char.size
        return (self._pbold if bold is None else bold), (self._psize if size is None else size)

    def _emit(self, text: str, bold: bool, size: int | None) -> None:
        """Add displayed text to the paragraph (and to open content controls)."""
        if self._instr or self._plc:
            return
        self._parts.append(text)
        if not text.isspace():
            self._sizes[size] = self._sizes.get(size, 0) + len(text)
            if not bold:
                self._not_bold = True
            if self._toc_open:
                self._toc_touched = True
            else:
                self._outside = True
        for control in self._sdts:
            control.parts.append(text)

    def _find_boxes(self, el: etree._Element) -> None:
        """Queue the text boxes inside a drawing/picture (one branch of AlternateContent)."""
        for child in el:
            tag = child.tag
            if tag == W_TXBXCONTENT:
                self._deferred.append(child)
            elif tag == MC_ALTERNATECONTENT:
                branch = choice(child)
                if branch is None:
                    for sub in child:
                        if sub.tag == MC_FALLBACK:
                            branch = sub
                            break
                if branch is not None:
                    self._find_boxes(branch)
            elif tag == MC_FALLBACK:
                continue
            elif len(child):
                self._find_boxes(child)

    # Fields ---------------------------------------------------------------------------

    def _fld_char(self, el: etree._Element) -> None:
        kind = el.get(W_FLDCHARTYPE)
        if kind == "begin":
            self._fields.append(_Field())
            self._instr += 1
        elif kind == "separate":
            if self._fields and not self._fields[-1].result:
                self._field_result(self._fields[-1])
        elif kind == "end" and self._fields:
            fld = self._fields.pop()
            if not fld.result:
                self._instr -= 1
            elif fld.toc:
                self._toc_open -= 1

    def _field_result(self, fld: _Field) -> None:
        """The field's instruction is complete: its result (displayed text) follows."""
        fld.result = True
        self._instr -= 1
        instr = "".join(fld.instr).strip()
        word = instr.split(None, 1)[0].upper() if instr else ""
        if word == "TOC":
            fld.toc = True
            self._toc_open += 1
            self._toc_touched = True
        elif word == "HYPERLINK":
            target = hyperlink_field_target(instr)
            if target:
                self._links.append(target)
