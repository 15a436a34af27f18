"""``read_document``: a Word file into the document model, or one typed error.

Reads the main part through the package relationships, then styles, numbering, the
body (with its exact paragraph index, see ``indexed_paragraphs``), headers, footers,
footnotes, endnotes, comments and core properties. Every failure leaves as
``DocumentError``; an exception nobody anticipated is wrapped too (code ``xml-error``,
with ``unexpected`` naming its type so tests can tell a reader bug from a broken file).
"""

from __future__ import annotations

import gc
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from lxml import etree

from beredskab.errors import DocumentError
from beredskab.model import (
    Block,
    Comment,
    ContentControl,
    CoreProperties,
    Document,
    Location,
    Paragraph,
    RevisionStats,
    iter_paragraphs,
)
from beredskab.reader._ns import (
    CP_NS,
    DC_NS,
    DCTERMS_NS,
    MC_FALLBACK,
    W_AUTHOR,
    W_BODY,
    W_COMMENT,
    W_DEL,
    W_DOCUMENT,
    W_ENDNOTE,
    W_FOOTNOTE,
    W_FORMAT_CHANGES,
    W_ID,
    W_INITIALS,
    W_INS,
    W_MOVETO,
    W_NS,
    W_NS_STRICT,
    W_P,
    W_TXBXCONTENT,
    W_TYPE,
)
from beredskab.reader.numbering import Numbering
from beredskab.reader.package import (
    DEFAULT_LIMITS,
    Limits,
    Package,
    load_source,
    open_bytes,
    parse_xml,
)
from beredskab.reader.styles import Styles
from beredskab.reader.walker import Context, Walker, scan

_NOTE_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_CORE_FIELDS = {
    f"{{{DC_NS}}}title": "title",
    f"{{{DC_NS}}}subject": "subject",
    f"{{{DC_NS}}}creator": "creator",
    f"{{{CP_NS}}}lastModifiedBy": "last_modified_by",
    f"{{{DCTERMS_NS}}}created": "created",
    f"{{{DCTERMS_NS}}}modified": "modified",
    f"{{{CP_NS}}}keywords": "keywords",
}


def indexed_paragraphs(body: etree._Element) -> Iterator[etree._Element]:
    """The body's ``w:p`` elements that carry a paragraph index, in index order.

    Every ``w:p`` descending from ``body`` in document order, except those inside a text
    box (``w:txbxContent``) or an ``mc:Fallback`` branch (the rule in
    ``beredskab.model``). Works on Transitional and on untranslated Strict trees.
    """
    p_tag, box_tag = W_P, W_TXBXCONTENT
    if isinstance(body.tag, str) and body.tag.startswith(f"{{{W_NS_STRICT}}}"):
        p_tag = p_tag.replace(W_NS, W_NS_STRICT)
        box_tag = box_tag.replace(W_NS, W_NS_STRICT)
    excluded: set[etree._Element] = set()
    for hidden in body.iter(box_tag, MC_FALLBACK):
        excluded.update(hidden.iter(p_tag))
    if not excluded:
        yield from body.iter(p_tag)
        return
    for p in body.iter(p_tag):
        if p not in excluded:
            yield p


def read_document(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Read a .docx/.docm/.dotx/.dotm (Transitional or Strict) into a ``Document``.

    Raises ``DocumentError`` and nothing else; ``name`` names the file in messages
    (defaults to the path's file name).
    """
    data, display, path = load_source(source, name)
    # The cyclic garbage collector is paused while reading: the reader makes tens of
    # thousands of short-lived objects (lxml element proxies, paragraphs) and no
    # reference cycles, so its collections would only cost time. Reference counting
    # still frees everything; the collector's state is restored afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(data, display, path, limits)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DocumentError("corrupt-zip", file=display, detail=str(exc)) from exc
    except etree.LxmlError as exc:
        raise DocumentError("xml-error", file=display, detail=str(exc)) from exc
    except RecursionError as exc:
        raise DocumentError("limit-exceeded", file=display, detail="nesting depth") from exc
    except MemoryError as exc:
        raise DocumentError("limit-exceeded", file=display, detail="memory") from exc
    except Exception as exc:  # never let a raw exception escape to the user
        raise DocumentError(
            "xml-error",
            file=display,
            detail=f"{type(exc).__name__}: {exc}",
            unexpected=type(exc).__name__,
        ) from exc
    finally:
        if collecting:
            gc.enable()


def _read(data: bytes, display: str, path: str | None, limits: Limits) -> Document:
    pkg = open_bytes(data, display, path=path, limits=limits)
    main = pkg.main_part
    root = pkg.xml(main)
    if root is None:
        raise DocumentError("missing-part", file=display, detail=main)
    if root.tag != W_DOCUMENT:
        raise DocumentError("xml-error", file=display, detail=f"{main}: {root.tag!s:.120}")

    styles = Styles(_styles_xml(pkg, main))
    numbering = Numbering(_related_xml(pkg, main, "numbering"), styles)
    ctx = Context(styles, numbering)
    counts = _RevisionCounter()
    counts.add(root)

    body_el = root.find(W_BODY)
    index_of: dict[etree._Element, int] = {}
    body: list[Block] = []
    if body_el is not None:
        found = scan(body_el)
        if found.hidden:
            index_of = {p: i for i, p in enumerate(indexed_paragraphs(body_el))}
        else:
            index_of = found.index()
        Walker(ctx, pkg.rels(main), "body", index_of, found).blocks(body_el, body, "body")

    headers = _stream(pkg, main, "header", "header", ctx, counts)
    footers = _stream(pkg, main, "footer", "footer", ctx, counts)
    footnotes = _notes(pkg, main, "footnotes", W_FOOTNOTE, "footnote", ctx, counts)
    endnotes = _notes(pkg, main, "endnotes", W_ENDNOTE, "endnote", ctx, counts)
    comments = _comments(pkg, main, ctx, counts)
    core = _core(pkg)

    return Document(
        body=tuple(body),
        headers=headers,
        footers=footers,
        footnotes=footnotes,
        endnotes=endnotes,
        comments=comments,
        content_controls=tuple(
            ContentControl(c.tag, c.alias, c.text, c.location) for c in ctx.controls
        ),
        core=core,
        revisions=RevisionStats(
            insertions=counts.insertions,
            deletions=counts.deletions,
            moves=counts.moves,
            format_changes=counts.format_changes,
            comments=len(comments),
        ),
        path=path,
        sha256=pkg.sha256,
        file_format=pkg.file_format,
        strict=pkg.strict or main in pkg.strict_parts,
        paragraph_count=len(index_of),
        xml_parts=tuple(dict.fromkeys(pkg.parsed)),
        folded=True,  # every paragraph text went through walker.normalise
    )


class _RevisionCounter:
    """Pending tracked changes, counted over every part read."""

    __slots__ = ("deletions", "format_changes", "insertions", "moves")

    def __init__(self) -> None:
        self.insertions = self.deletions = self.moves = self.format_changes = 0

    def add(self, root: etree._Element) -> None:
        for el in root.iter(W_INS, W_DEL, W_MOVETO, *W_FORMAT_CHANGES):
            tag = el.tag
            if tag == W_INS:
                self.insertions += 1
            elif tag == W_DEL:
                self.deletions += 1
            elif tag == W_MOVETO:
                self.moves += 1
            else:
                self.format_changes += 1


def _related_xml(pkg: Package, part: str, kind: str) -> etree._Element | None:
    for rel in pkg.related(part, kind):
        return pkg.xml(rel.target)
    return None


def _styles_xml(pkg: Package, main: str) -> etree._Element | None:
    """styles.xml without its table styles and latent styles, which the reader never uses
    and which make up most of the part (parsing it whole costs more than the body walk).
    Anything unexpected falls back on parsing the part as it is."""
    for rel in pkg.related(main, "styles"):
        data = pkg.read(rel.target)
        if data is None:
            return None
        slim = strip_unused_styles(data)
        if slim is not data:
            pkg.note_parsed(rel.target)
            try:
                return parse_xml(slim, rel.target, pkg.name)
            except DocumentError:
                pass
        return pkg.xml(rel.target)
    return None


def strip_unused_styles(data: bytes) -> bytes:
    """Cut ``w:latentStyles`` and ``w:style w:type="table"`` elements out of styles.xml
    bytes (plain byte search: style elements never nest). Returns ``data`` itself when
    there is nothing to cut."""
    pieces: list[bytes] = []
    pos = 0
    start = data.find(b"<w:latentStyles")
    if start >= 0:
        end = data.find(b"</w:latentStyles>", start)
        if end >= 0:
            pieces.append(data[:start])
            pos = end + len(b"</w:latentStyles>")
    while True:
        start = data.find(b'<w:style w:type="table"', pos)
        if start < 0:
            break
        tag_end = data.find(b">", start)
        if tag_end < 0:
            break
        if data[tag_end - 1 : tag_end] == b"/":  # <w:style .../>
            end = tag_end + 1
        else:
            close = data.find(b"</w:style>", tag_end)
            if close < 0:
                break
            end = close + len(b"</w:style>")
        pieces.append(data[pos:start])
        pos = end
    if not pieces:
        return data
    pieces.append(data[pos:])
    return b"".join(pieces)


def _parts_of(pkg: Package, main: str, kind: str) -> list[str]:
    return list(dict.fromkeys(rel.target for rel in pkg.related(main, kind)))


def _stream(
    pkg: Package,
    main: str,
    kind: str,
    location: Location,
    ctx: Context,
    counts: _RevisionCounter,
) -> tuple[Paragraph, ...]:
    out: list[Block] = []
    for part in _parts_of(pkg, main, kind):
        root = pkg.xml(part)
        if root is None:
            continue
        counts.add(root)
        Walker(ctx, pkg.rels(part), location, scanned=scan(root)).blocks(root, out, location)
    return tuple(iter_paragraphs(out))


def _notes(
    pkg: Package,
    main: str,
    kind: str,
    note_tag: str,
    location: Location,
    ctx: Context,
    counts: _RevisionCounter,
) -> tuple[Paragraph, ...]:
    out: list[Block] = []
    for part in _parts_of(pkg, main, kind):
        root = pkg.xml(part)
        if root is None:
            continue
        counts.add(root)
        walker = Walker(ctx, pkg.rels(part), location, scanned=scan(root))
        for note in root:
            if note.tag == note_tag and note.get(W_TYPE) not in _NOTE_SEPARATORS:
                walker.blocks(note, out, location)
    return tuple(iter_paragraphs(out))


def _comments(
    pkg: Package, main: str, ctx: Context, counts: _RevisionCounter
) -> tuple[Comment, ...]:
    found: list[Comment] = []
    for part in _parts_of(pkg, main, "comments"):
        root = pkg.xml(part)
        if root is None:
            continue
        counts.add(root)
        walker = Walker(ctx, pkg.rels(part), "comment", scanned=scan(root))
        for el in root:
            if el.tag != W_COMMENT:
                continue
            blocks: list[Block] = []
            walker.blocks(el, blocks, "comment")
            text = " ".join(p.text for p in iter_paragraphs(blocks) if p.text)
            found.append(Comment(el.get(W_AUTHOR), el.get(W_INITIALS), text, el.get(W_ID)))
    return tuple(found)


def _core(pkg: Package) -> CoreProperties:
    part = None
    for rel in pkg.related("", "core-properties"):
        part = rel.target
        break
    if part is None and pkg.has("docProps/core.xml"):
        part = "docProps/core.xml"
    if part is None:
        return CoreProperties()
    try:
        root = pkg.xml(part)
    except DocumentError as exc:
        if exc.code == "corrupt-zip":
            raise
        return CoreProperties()  # broken metadata never stops the reading
    if root is None:
        return CoreProperties()
    values: dict[str, str | datetime | None] = {}
    for el in root:
        key = _CORE_FIELDS.get(el.tag)
        if key is None:
            continue
        text = (el.text or "").strip() or None
        if key in ("created", "modified"):
            values[key] = _date(text)
        else:
            values[key] = text
    return CoreProperties(**values)  # type: ignore[arg-type]


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
