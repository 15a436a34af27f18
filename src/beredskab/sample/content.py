"""The abstract plan the generator writes before it becomes a Word file.

A plan is a flat sequence of blocks (headings, paragraphs, tables, the contact box …)
plus a ``Ledger``: everything the section builders wrote that a rule can see (goals,
phone numbers, the police district as written, the adoption statement …). The builders
fill both at the same moment, so the truth file (``beredskab.sample.truth``) is derived
from what was written, never asserted beside it.

Paragraph text is a tuple of segments ``(kind, text)``: ``t`` plain, ``b`` bold,
``ins``/``del`` pending tracked changes, ``sdt`` a content control (the municipality's
name). The accepted view (what a reader sees) drops ``del`` segments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeAlias

SegKind = Literal["t", "b", "ins", "del", "sdt"]
Seg: TypeAlias = tuple[SegKind, str]
ParaKind = Literal["body", "bullet", "number", "title", "subtitle", "small"]
Role = Literal["text", "guidance", "question", "placeholder", "skeleton", "goal", "effort"]


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of a generated plan, with what it is for the truth file."""

    segs: tuple[Seg, ...]
    kind: ParaKind = "body"
    role: Role = "text"
    """What the paragraph is for the truth: ordinary text, template guidance, an
    unanswered template question, a placeholder, the template's bare skeleton words
    ("Indhold", "Ansvarlig"), a goal, an effort."""
    comment: str | None = None
    """A reviewer comment anchored on the paragraph (an open comment fails DOC002)."""
    list_group: int = 0
    """Numbered paragraphs with the same group continue one list; a new group restarts."""

    @property
    def text(self) -> str:
        """The accepted view: deleted text left out."""
        return "".join(s for k, s in self.segs if k != "del")


def para(text: str, kind: ParaKind = "body", role: Role = "text", **kw: object) -> Para:
    """A paragraph of plain text."""
    return Para((("t", text),), kind, role, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a generated plan and the template keys it stands for."""

    level: int
    title: str
    """Heading text without its number."""
    keys: tuple[str, ...] = ()
    """Template section keys this heading stands for (two or more when merged)."""
    number: str | None = None
    """Outline number ("1.2"), assigned when the plan is assembled."""


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A table of a generated plan."""

    rows: tuple[tuple[str, ...], ...]
    header: bool = True


@dataclass(frozen=True, slots=True)
class ContactBox:
    """The front page's "Er du bekymret …" box: rendered as a table or a text box."""

    paras: tuple[Para, ...]


@dataclass(frozen=True, slots=True)
class Toc:
    """Where the table-of-contents field goes."""


@dataclass(frozen=True, slots=True)
class PageBreak:
    """A page break in a generated plan."""


Block: TypeAlias = Para | Heading | TableBlock | ContactBox | Toc | PageBreak


@dataclass(slots=True)
class Ledger:
    """What the builders wrote that a rule can see (filled while writing)."""

    features: set[str] = field(default_factory=set)
    goals: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    """Every phone number written, digits only, in order of writing."""
    local_phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    police_raw: str | None = None
    police_official: str | None = None
    adopted: date | None = None
    adopted_by: str | None = None
    """"council", "committee", "administration" or None."""
    interval: int | None = None
    plan_year: int | None = None
    efforts: list[tuple[str, bool]] = field(default_factory=list)
    """(effort name, names who is responsible)."""
    hotline_hours: str | None = None
    """"8-22", "8-21" or None when no opening hours are written."""
    municipality_named: bool = False

    def phone(self, digits: str, local: bool = False) -> None:
        if digits not in self.phones:
            self.phones.append(digits)
        if local and digits not in self.local_phones:
            self.local_phones.append(digits)

    def email(self, address: str) -> None:
        if address not in self.emails:
            self.emails.append(address)


@dataclass(frozen=True, slots=True)
class PlanContent:
    """A plan ready to be written: blocks, header/footer text and what was written."""

    blocks: tuple[Block, ...]
    ledger: Ledger
    title: str
    header: str | None
    footer: str | None
    author: str
