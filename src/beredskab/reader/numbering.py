"""List and heading numbering (numbering.xml): the labels Word displays.

Word stores "1.2." nowhere in the text: a paragraph points at a ``w:num`` (directly or
through its style), the num at a ``w:abstractNum`` (possibly via ``numStyleLink`` to a
numbering style), and the abstractNum's ``w:lvl`` says how to draw the counter
(``lvlText`` "%1.%2.", ``numFmt``, ``start``, ``lvlRestart``, ``isLgl``). Counters
are shared by all nums of one abstractNum, also when a num redefines levels
(``lvlOverride/lvl``); only a num with a ``startOverride`` keeps its own. Labels must
be computed in document order; ``NumberingState`` holds the counters for one stream
(the body, or one header/note part).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from lxml import etree

from beredskab.reader._ns import (
    W_ABSTRACTNUM,
    W_ABSTRACTNUMID,
    W_ILVL,
    W_ISLGL,
    W_LVL,
    W_LVLOVERRIDE,
    W_LVLRESTART,
    W_LVLTEXT,
    W_NUM,
    W_NUMFMT,
    W_NUMID,
    W_NUMSTYLELINK,
    W_PSTYLE,
    W_START,
    W_STARTOVERRIDE,
    W_STYLELINK,
    W_VAL,
)
from beredskab.reader.styles import Styles, int_val, on_off

LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_SYMBOL_BULLETS = {
    0xF0B7: "•",
    0xF0A7: "▪",
    0xF0A8: "□",
    0xF06E: "■",
    0xF071: "❑",
    0xF075: "◆",
    0xF076: "❖",
    0xF0D8: "➢",
    0xF0E0: "➔",
    0xF0FC: "✓",
    0xF02D: "-",
    0xF0BE: "—",
}
"""Bullets drawn from the Symbol/Wingdings private-use area, as Unicode."""


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list definition (``w:lvl``)."""

    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    """``lvlRestart``: restart after a level < this (1-based) is used; 0 = never."""
    is_lgl: bool = False
    pstyle: str | None = None


_DEFAULT_LEVEL = Level()


@lru_cache(maxsize=1024)
def template_parts(template: str) -> tuple[str | int, ...]:
    """``"%1.%2."`` → ``(0, ".", 1, ".")``: literal text and 0-based level references."""
    parts: list[str | int] = []
    for i, piece in enumerate(_PLACEHOLDER.split(template)):
        if i % 2:
            parts.append(int(piece) - 1)
        elif piece:
            parts.append(piece)
    return tuple(parts)


class _Num:
    """A ``w:num``: its abstractNum and overrides. (A plain class: a dataclass costs
    a tenth of a millisecond of start-up, and nothing compares these.)"""

    __slots__ = ("abstract_id", "levels", "starts")

    def __init__(
        self, abstract_id: str | None, levels: dict[int, Level], starts: dict[int, int]
    ) -> None:
        self.abstract_id = abstract_id
        self.levels = levels
        """Whole-level overrides (``lvlOverride/lvl``)."""
        self.starts = starts
        """``lvlOverride/startOverride`` per level."""


class Label:
    """The label Word displays for one list paragraph. (This and ``NumberingState`` are
    plain classes: a dataclass costs a tenth of a millisecond of start-up, and nothing
    compares these.)"""

    __slots__ = ("is_bullet", "level", "text")

    def __init__(self, text: str, is_bullet: bool, level: int) -> None:
        self.text = text
        self.is_bullet = is_bullet
        self.level = level


class NumberingState:
    """The running counters of one stream, keyed by abstractNum (or num with overrides)."""

    __slots__ = ("counters",)

    def __init__(self) -> None:
        self.counters: dict[object, list[int | None]] = {}


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    letter = chr(ord("a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0 or n >= 40000:
        return str(n)
    out = []
    for value, glyph in _ROMAN:
        while n >= value:
            out.append(glyph)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` in a ``w:numFmt`` format (unknown formats fall back to decimal)."""
    if fmt == "decimal":
        return str(n)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt == "none":
        return ""
    return str(n)


def bullet_text(text: str) -> str:
    """A bullet's ``lvlText`` as a readable character (private-use symbols mapped)."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xF000 <= code <= 0xF0FF:
            out.append(_SYMBOL_BULLETS.get(code, "•"))
        else:
            out.append(ch)
    return "".join(out).strip()


def _level(el: etree._Element) -> Level:
    start = 1
    fmt = "decimal"
    text: str | None = None
    restart: int | None = None
    is_lgl = False
    pstyle: str | None = None
    for child in el:
        tag = child.tag
        if tag == W_START:
            value = int_val(child)
            start = value if value is not None else 1
        elif tag == W_NUMFMT:
            fmt = child.get(W_VAL) or "decimal"
        elif tag == W_LVLTEXT:
            text = child.get(W_VAL)
        elif tag == W_LVLRESTART:
            restart = int_val(child)
        elif tag == W_ISLGL:
            is_lgl = on_off(child)
        elif tag == W_PSTYLE:
            pstyle = child.get(W_VAL)
    return Level(start, fmt, text, restart, is_lgl, pstyle)


def _levels(el: etree._Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for child in el:
        if child.tag == W_LVL:
            ilvl = _ilvl(child)
            if ilvl is not None and ilvl not in levels:
                levels[ilvl] = _level(child)
    return levels


def _ilvl(el: etree._Element) -> int | None:
    raw = el.get(W_ILVL)
    try:
        ilvl = int(raw) if raw is not None else 0
    except ValueError:
        return None
    return ilvl if 0 <= ilvl < LEVELS else None


class Numbering:
    """The numbering definitions of a document."""

    __slots__ = (
        "_abstract_levels",
        "_abstracts",
        "_by_style_link",
        "_labels",
        "_nums",
        "_resolved",
        "_style_links",
        "_styles",
    )

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self._styles = styles
        self._abstracts: dict[str, etree._Element] = {}
        """abstractNum elements by id; their levels are read on first use (a document
        uses few of the lists its template defines)."""
        self._abstract_levels: dict[str, dict[int, Level]] = {}
        self._style_links: dict[str, str] = {}
        """abstractNum id → numbering style it only refers to (``numStyleLink``)."""
        self._by_style_link: dict[str, str] = {}
        """numbering style id → abstractNum id that defines it (``styleLink``)."""
        self._nums: dict[int, _Num] = {}
        self._resolved: dict[int, tuple[object, dict[int, Level]] | None] = {}
        self._labels: dict[tuple[int | None, ...], Label] = {}
        """Labels already formatted, by num, level and the counters they were made from
        (a bullet's by num and level only)."""
        if root is None:
            return
        for el in root:
            if el.tag == W_ABSTRACTNUM:
                self._add_abstract(el)
            elif el.tag == W_NUM:
                self._add_num(el)

    def __bool__(self) -> bool:
        return bool(self._nums)

    def _add_abstract(self, el: etree._Element) -> None:
        abstract_id = el.get(W_ABSTRACTNUMID)
        if abstract_id is None or abstract_id in self._abstracts:
            return
        self._abstracts[abstract_id] = el
        for child in el:
            if child.tag == W_NUMSTYLELINK and child.get(W_VAL):
                self._style_links[abstract_id] = child.get(W_VAL) or ""
            elif child.tag == W_STYLELINK and child.get(W_VAL):
                self._by_style_link.setdefault(child.get(W_VAL) or "", abstract_id)

    def _add_num(self, el: etree._Element) -> None:
        try:
            num_id = int(el.get(W_NUMID) or "")
        except ValueError:
            return
        abstract_id: str | None = None
        levels: dict[int, Level] = {}
        starts: dict[int, int] = {}
        for child in el:
            if child.tag == W_ABSTRACTNUMID:
                abstract_id = child.get(W_VAL)
            elif child.tag == W_LVLOVERRIDE:
                ilvl = _ilvl(child)
                if ilvl is None:
                    continue
                for sub in child:
                    if sub.tag == W_STARTOVERRIDE:
                        value = int_val(sub)
                        if value is not None:
                            starts[ilvl] = value
                    elif sub.tag == W_LVL:
                        levels[ilvl] = _level(sub)
        self._nums.setdefault(num_id, _Num(abstract_id, levels, starts))

    def _abstract_for(self, num_id: int, depth: int = 0) -> str | None:
        """The abstractNum that really defines ``num_id`` (following numStyleLink)."""
        num = self._nums.get(num_id)
        if num is None or num.abstract_id is None:
            return None
        abstract_id = num.abstract_id
        for _ in range(5):
            link = self._style_links.get(abstract_id)
            if link is None:
                break
            target = self._by_style_link.get(link)
            if target is None:
                linked_num = self._styles.numbering_style_num(link)
                linked = self._nums.get(linked_num) if linked_num is not None else None
                target = linked.abstract_id if linked is not None else None
            if target is None or target == abstract_id:
                break
            abstract_id = target
        return abstract_id if abstract_id in self._abstracts else None

    def definition(self, num_id: int) -> tuple[object, dict[int, Level]] | None:
        """Counter key and effective levels of a num, or None when it is undefined."""
        if num_id in self._resolved:
            return self._resolved[num_id]
        resolved: tuple[object, dict[int, Level]] | None = None
        abstract_id = self._abstract_for(num_id)
        num = self._nums.get(num_id)
        if abstract_id is not None and num is not None:
            defined = self._abstract_levels.get(abstract_id)
            if defined is None:
                defined = _levels(self._abstracts[abstract_id])
                self._abstract_levels[abstract_id] = defined
            levels = dict(defined)
            levels.update(num.levels)
            for ilvl, start in num.starts.items():
                levels[ilvl] = replace(levels.get(ilvl, _DEFAULT_LEVEL), start=start)
            # Only a startOverride restarts the list; a num that merely redefines levels
            # keeps counting with the other nums of its abstractNum (as Word does).
            key: object = ("num", num_id) if num.starts else ("abstract", abstract_id)
            resolved = (key, levels)
        self._resolved[num_id] = resolved
        return resolved

    def level_for_style(self, num_id: int, style_id: str | None) -> int | None:
        """The level whose ``w:pStyle`` is ``style_id`` (style-linked headings)."""
        if style_id is None:
            return None
        found = self.definition(num_id)
        if found is None:
            return None
        for ilvl, level in found[1].items():
            if level.pstyle == style_id:
                return ilvl
        return None

    def label(self, state: NumberingState, num_id: int, ilvl: int) -> Label | None:
        """Advance the counters for one numbered paragraph and return its label."""
        found = self.definition(num_id)
        if found is None or not 0 <= ilvl < LEVELS:
            return None
        key, levels = found
        counters = state.counters.get(key)
        if counters is None:
            counters = [None] * LEVELS
            state.counters[key] = counters
        level = levels.get(ilvl, _DEFAULT_LEVEL)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        deeper_counters = counters[ilvl + 1 :]
        if deeper_counters.count(None) != len(deeper_counters):  # some deeper level counts
            for deeper in range(ilvl + 1, LEVELS):
                if counters[deeper] is None:
                    continue
                restart = levels.get(deeper, _DEFAULT_LEVEL).restart
                threshold = deeper if restart is None else restart
                if ilvl < threshold:
                    counters[deeper] = None
        # A bullet's label does not depend on the counters (they still advance above).
        memo = (num_id, ilvl) if level.fmt == "bullet" else (num_id, ilvl, *counters)
        cached = self._labels.get(memo)
        if cached is None:
            cached = self._format(levels, level, counters, ilvl)
            self._labels[memo] = cached
        return cached

    @staticmethod
    def _format(
        levels: dict[int, Level], level: Level, counters: list[int | None], ilvl: int
    ) -> Label:
        if level.fmt == "bullet":
            return Label(bullet_text(level.text or ""), True, ilvl)
        template = level.text if level.text is not None else f"%{ilvl + 1}."
        out = []
        for piece in template_parts(template):
            if isinstance(piece, str):
                out.append(piece)
                continue
            ref_level = levels.get(piece, _DEFAULT_LEVEL)
            value = counters[piece]
            if value is None:
                value = ref_level.start
            fmt = "decimal" if level.is_lgl and ref_level.fmt != "none" else ref_level.fmt
            out.append(format_number(value, fmt))
        return Label("".join(out).strip(), False, ilvl)
