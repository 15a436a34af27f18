"""Styles (styles.xml): display names, ``basedOn`` chains, outline levels, bold and size.

A paragraph's style decides much of what a reader sees: its display name (``heading 1``
for the Danish id ``Overskrift1``), its outline level, whether its text is bold and how
big, and sometimes its numbering. Everything is resolved once per style through the
``basedOn`` chain (cycle-safe) and cached, so paragraphs only look values up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from beredskab.reader._ns import (
    W_B,
    W_BASEDON,
    W_DEFAULT,
    W_DOCDEFAULTS,
    W_ILVL,
    W_NAME,
    W_NUMID,
    W_NUMPR,
    W_OUTLINELVL,
    W_PPR,
    W_PPRDEFAULT,
    W_RPR,
    W_RPRDEFAULT,
    W_STYLE,
    W_STYLEID,
    W_SZ,
    W_TYPE,
    W_VAL,
)

_HEADING_NAME = re.compile(r"^\s*heading\s*([1-9])\s*$", re.IGNORECASE)
_TOC_NAME = re.compile(r"^\s*toc\s*([1-9]|heading)\s*$", re.IGNORECASE)
_FALSE = frozenset({"0", "false", "off", "none"})
MAX_CHAIN = 32
WORD_DEFAULT_SIZE = 20
"""Half-points Word uses when neither a style nor the document defaults set a size."""


def on_off(el: etree._Element) -> bool:
    """An ``ST_OnOff`` element (``<w:b/>``, ``<w:b w:val="0"/>``) as a bool."""
    val = el.get(W_VAL)
    return val is None or val.lower() not in _FALSE


def int_val(el: etree._Element | None) -> int | None:
    """The integer ``w:val`` of an element, or None when absent or not a number."""
    if el is None:
        return None
    val = el.get(W_VAL)
    if val is None:
        return None
    try:
        return int(val.strip())
    except ValueError:
        try:
            return int(float(val.strip()))
        except (ValueError, OverflowError):
            return None


def heading_level_from_name(name: str | None) -> int | None:
    """0-based level of a ``heading N`` style name (any case), else None."""
    if not name:
        return None
    match = _HEADING_NAME.match(name)
    return int(match.group(1)) - 1 if match else None


@dataclass(frozen=True, slots=True)
class RunProps:
    """Bold and size set directly on a run, paragraph mark or style (None: not set)."""

    bold: bool | None = None
    size: int | None = None
    """Half-points."""


def run_props(rpr: etree._Element | None) -> RunProps:
    if rpr is None:
        return RunProps()
    bold: bool | None = None
    size: int | None = None
    for child in rpr:
        tag = child.tag
        if tag == W_B:
            bold = on_off(child)
        elif tag == W_SZ:
            size = int_val(child)
    return RunProps(bold, size)


class _RawStyle:
    """One ``w:style`` as written (unresolved). (A plain class: a dataclass costs a
    tenth of a millisecond of start-up, and nothing compares these.)"""

    __slots__ = ("based_on", "ilvl", "name", "num_id", "outline", "props", "style_type")

    def __init__(
        self,
        style_type: str,
        name: str | None,
        based_on: str | None,
        outline: int | None,
        props: RunProps,
        num_id: int | None,
        ilvl: int | None,
    ) -> None:
        self.style_type = style_type
        self.name = name
        self.based_on = based_on
        self.outline = outline
        self.props = props
        self.num_id = num_id
        self.ilvl = ilvl


@dataclass(frozen=True, slots=True)
class ParaStyle:
    """A paragraph style with everything resolved through its ``basedOn`` chain."""

    style_id: str | None
    name: str | None
    outline: int | None
    """``w:outlineLvl`` from the chain (9 = body text), None when no style sets one."""
    name_level: int | None
    """0-based level from a ``heading N`` name in the chain."""
    bold: bool
    size: int | None
    """Half-points, docDefaults and Word's default included."""
    num_id: int | None
    """Style-linked numbering (0 switches numbering off)."""
    ilvl: int | None
    is_toc: bool
    """A ``toc N`` / ``TOC Heading`` style (or based on one)."""
    level: int | None = None
    """The outline level a paragraph of this style has when it sets none itself:
    ``outline`` when it is a heading level (0-8), else the ``heading N`` name's."""


def _parse_style(el: etree._Element) -> _RawStyle:
    style_type = el.get(W_TYPE) or "paragraph"
    name = based_on = None
    outline = num_id = ilvl = None
    props = RunProps()
    for child in el:
        tag = child.tag
        if tag == W_NAME:
            name = child.get(W_VAL)
        elif tag == W_BASEDON:
            based_on = child.get(W_VAL)
        elif tag == W_RPR:
            props = run_props(child)
        elif tag == W_PPR:
            for prop in child:
                if prop.tag == W_OUTLINELVL:
                    outline = int_val(prop)
                elif prop.tag == W_NUMPR:
                    for sub in prop:
                        if sub.tag == W_NUMID:
                            num_id = int_val(sub)
                        elif sub.tag == W_ILVL:
                            ilvl = int_val(sub)
    return _RawStyle(style_type, name, based_on, outline, props, num_id, ilvl)


class Styles:
    """The style table of a document; ``para`` and ``char`` are cached lookups."""

    __slots__ = (
        "_char",
        "_elements",
        "_para",
        "_raw",
        "default_char",
        "default_para",
        "defaults",
    )

    def __init__(self, root: etree._Element | None) -> None:
        self._elements: dict[str, etree._Element] = {}
        """Style elements by id; parsed on first use (a document uses few of its styles)."""
        self._raw: dict[str, _RawStyle | None] = {}
        self._para: dict[str | None, ParaStyle] = {}
        self._char: dict[str | None, RunProps] = {}
        self.default_para: str | None = None
        self.default_char: str | None = None
        self.defaults = RunProps()
        if root is None:
            return
        for el in root:
            tag = el.tag
            if tag == W_STYLE:
                style_id = el.get(W_STYLEID)
                if style_id is None or style_id in self._elements:
                    continue
                self._elements[style_id] = el
                if el.get(W_DEFAULT) in ("1", "true", "on"):
                    style_type = el.get(W_TYPE) or "paragraph"
                    if style_type == "paragraph" and self.default_para is None:
                        self.default_para = style_id
                    elif style_type == "character" and self.default_char is None:
                        self.default_char = style_id
            elif tag == W_DOCDEFAULTS:
                self._doc_defaults(el)

    def _doc_defaults(self, el: etree._Element) -> None:
        for child in el:
            if child.tag == W_RPRDEFAULT:
                self.defaults = run_props(child.find(W_RPR))
            elif child.tag == W_PPRDEFAULT:
                pass  # paragraph defaults carry nothing the reader uses

    def _get(self, style_id: str) -> _RawStyle | None:
        if style_id in self._raw:
            return self._raw[style_id]
        el = self._elements.get(style_id)
        raw = _parse_style(el) if el is not None else None
        self._raw[style_id] = raw
        return raw

    def name(self, style_id: str | None) -> str | None:
        raw = self._get(style_id) if style_id is not None else None
        return raw.name if raw is not None else None

    def style_type(self, style_id: str) -> str | None:
        raw = self._get(style_id)
        return raw.style_type if raw is not None else None

    def numbering_style_num(self, style_id: str) -> int | None:
        """The ``numId`` of a numbering style (for ``numStyleLink``)."""
        for raw in self._chain(style_id):
            if raw.num_id is not None:
                return raw.num_id
        return None

    def _chain(self, style_id: str | None) -> list[_RawStyle]:
        chain: list[_RawStyle] = []
        seen: set[str] = set()
        current = style_id
        while current is not None and current not in seen and len(chain) < MAX_CHAIN:
            seen.add(current)
            raw = self._get(current)
            if raw is None:
                break
            chain.append(raw)
            current = raw.based_on
        return chain

    def para(self, style_id: str | None) -> ParaStyle:
        """The resolved paragraph style (the default paragraph style when None/unknown)."""
        cached = self._para.get(style_id)
        if cached is not None:
            return cached
        known = style_id is not None and style_id in self._elements
        lookup = style_id if known else self.default_para
        chain = self._chain(lookup)
        outline = name_level = num_id = ilvl = size = None
        bold: bool | None = None
        is_toc = False
        for raw in chain:
            if outline is None and raw.outline is not None:
                outline = raw.outline
            if name_level is None:
                name_level = heading_level_from_name(raw.name)
            if bold is None and raw.props.bold is not None:
                bold = raw.props.bold
            if size is None and raw.props.size is not None:
                size = raw.props.size
            if num_id is None and raw.num_id is not None:
                num_id = raw.num_id
                ilvl = raw.ilvl
            if not is_toc and raw.name and _TOC_NAME.match(raw.name):
                is_toc = True
        if bold is None:
            bold = bool(self.defaults.bold)
        if size is None:
            size = self.defaults.size if self.defaults.size is not None else WORD_DEFAULT_SIZE
        resolved = ParaStyle(
            style_id=style_id if style_id is not None else lookup,
            name=chain[0].name if chain and lookup == (style_id or lookup) else None,
            outline=outline,
            name_level=name_level,
            bold=bold,
            size=size,
            num_id=num_id,
            ilvl=ilvl,
            is_toc=is_toc,
            level=name_level if outline is None else (outline if 0 <= outline <= 8 else None),
        )
        self._para[style_id] = resolved
        return resolved

    def char(self, style_id: str | None) -> RunProps:
        """Bold and size of a character style through its chain (None: not set)."""
        cached = self._char.get(style_id)
        if cached is not None:
            return cached
        bold: bool | None = None
        size: int | None = None
        for raw in self._chain(style_id):
            if bold is None:
                bold = raw.props.bold
            if size is None:
                size = raw.props.size
        resolved = RunProps(bold, size)
        self._char[style_id] = resolved
        return resolved
