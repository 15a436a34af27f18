"""Render an abstract plan into a Word file the way Word itself writes them.

python-docx gives the skeleton (package, styles, settings, header/footer parts, the
comments part); everything python-docx cannot write is built with lxml: numbering.xml
definitions for auto-numbered headings and lists, content controls, text boxes in
``mc:AlternateContent`` (Choice and Fallback), pending tracked changes, the TOC field,
bookmarks inside headings, and Word's XML noise (runs split mid-word and mid-number,
rsid attributes, proofing marks, soft hyphens, non-breaking spaces).

Output is byte-identical for the same plan: every random choice comes from a generator
seeded by the plan, the zip entries carry a fixed timestamp and the core properties
fixed dates.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import docx
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun
from lxml import etree

from beredskab.sample.content import (
    ContactBox,
    Heading,
    PageBreak,
    Para,
    PlanContent,
    Seg,
    TableBlock,
    Toc,
)
from beredskab.sample.spec import PlanSpec

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
VO = "urn:schemas-microsoft-com:office:office"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

BULLET_NUM = 90
HEADING_NUM = 92
ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_LONG_WORD = re.compile(r"[A-Za-zÆØÅæøå]{14,}")


@dataclass(frozen=True, slots=True)
class HeadingStyle:
    """How one plan marks its headings."""

    idiom: str
    typed: bool
    """Numbers typed into the heading text (else: auto-numbered or none)."""
    trailing_dot: bool
    number_level3: bool


def heading_style(spec: PlanSpec) -> HeadingStyle:
    idiom = spec.profile.heading_idiom
    if spec.blank:
        return HeadingStyle("builtin-headings-typed-numbers", True, False, False)
    rng = random.Random(f"{spec.profile.seed}:heading-style")
    typed = idiom in ("builtin-headings-typed-numbers", "bold-manual-headings") or (
        idiom in ("danish-style-ids", "custom-heading-style") and rng.random() < 0.7
    )
    return HeadingStyle(idiom, typed, rng.random() < 0.3, rng.random() < 0.5)


def heading_label(spec: PlanSpec, h: Heading) -> str | None:
    """The number a reader sees before the heading ("1.2"), typed or auto-numbered."""
    if h.number is None:
        return None
    style = heading_style(spec)
    if style.idiom == "auto-numbered-headings":
        return h.number
    if not style.typed or (h.level >= 3 and not style.number_level3):
        return None
    return h.number


def heading_text(spec: PlanSpec, h: Heading) -> str:
    """The heading as a reader sees it: "1.2 Vores mål" (no trailing dot)."""
    label = heading_label(spec, h)
    return f"{label} {h.title}" if label else h.title


@dataclass(slots=True)
class _State:
    """The writer's state while one plan's document is written."""

    spec: PlanSpec
    rng: random.Random
    style: HeadingStyle
    rsids: list[str]
    next_id: int = 1
    next_num: int = 100
    bookmarks: dict[int, list[str]] = field(default_factory=dict)
    comment_runs: list[tuple[etree._Element, etree._Element, str]] = field(default_factory=list)
    nums: list[etree._Element] = field(default_factory=list)
    list_nums: dict[tuple[int, int], int] = field(default_factory=dict)
    section_index: int = 0

    def idiom(self, name: str) -> bool:
        return self.spec.idiom(name)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


def _el(tag: str, attrs: dict[str, str] | None = None, **kw: str) -> etree._Element:
    e = etree.Element(qn(tag) if ":" in tag else tag)
    for k, v in {**(attrs or {}), **kw}.items():
        e.set(qn(k) if ":" in k else k, v)
    return e


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    e = etree.SubElement(parent, qn(tag))
    for k, v in attrs.items():
        e.set(qn(k.replace("_", ":", 1)) if "_" in k else k, v)
    return e


def _w(parent: etree._Element, tag: str, val: str | None = None) -> etree._Element:
    e = etree.SubElement(parent, qn(f"w:{tag}"))
    if val is not None:
        e.set(qn("w:val"), val)
    return e


# ---------------------------------------------------------------- runs and noise


def _nbsp(text: str) -> str:
    text = re.sub(r"(?<=\d) (?=\d)", "\u00a0", text)
    return text.replace("§ ", "§\u00a0").replace("stk. ", "stk.\u00a0").replace("kl. ", "kl.\u00a0")


def _cuts(text: str, rng: random.Random) -> list[int]:
    """Where Word happened to split the text into runs: mid-word and mid-number too."""
    if len(text) < 12 or rng.random() < 0.35:
        return []
    digits = [i for i in range(1, len(text)) if text[i - 1].isdigit() and text[i].isdigit()]
    cuts = set()
    for _ in range(rng.randint(1, 3)):
        if digits and rng.random() < 0.4:
            cuts.add(rng.choice(digits))
        else:
            cuts.add(rng.randrange(1, len(text)))
    return sorted(cuts)


def _run(st: _State, text: str, bold: bool, deleted: bool = False) -> etree._Element:
    r = _el("w:r")
    if st.idiom("rsid"):
        r.set(qn("w:rsidRPr"), st.rng.choice(st.rsids))
    if bold:
        rpr = _w(r, "rPr")
        _w(rpr, "b")
        _w(rpr, "bCs")
    tag = "delText" if deleted else "t"
    # Soft hyphens inside long words, as Word stores them (<w:softHyphen/>).
    pieces: list[str | None] = [text]
    if st.idiom("soft-hyphens") and not deleted and st.rng.random() < 0.3:
        m = _LONG_WORD.search(text)
        if m:
            cut = m.start() + len(m.group(0)) // 2
            pieces = [text[:cut], None, text[cut:]]
    for piece in pieces:
        if piece is None:
            _w(r, "softHyphen")
            continue
        if piece == "":
            continue
        t = _w(r, tag)
        t.text = piece
        if piece != piece.strip() or "  " in piece:
            t.set(XML_SPACE, "preserve")
    return r


def _runs(st: _State, text: str, bold: bool, deleted: bool = False) -> list[etree._Element]:
    if st.idiom("nbsp") and not deleted:
        text = _nbsp(text)
    pieces = [text]
    if st.idiom("split-runs"):
        cuts = _cuts(text, st.rng)
        pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    out: list[etree._Element] = []
    for piece in pieces:
        if not piece:
            continue
        r = _run(st, piece, bold, deleted)
        if st.idiom("proof-errors") and not deleted and st.rng.random() < 0.15:
            kind = st.rng.choice(("spell", "gram"))
            out += [_el("w:proofErr", {"w:type": f"{kind}Start"}), r]
            out.append(_el("w:proofErr", {"w:type": f"{kind}End"}))
        else:
            out.append(r)
    return out


def _seg_elements(st: _State, seg: Seg) -> list[etree._Element]:
    kind, text = seg
    author = st.spec.profile.contact_person
    stamp = f"{st.spec.adopted.isoformat()}T10:{st.rng.randrange(60):02d}:00Z"
    if kind in ("t", "b"):
        return _runs(st, text, kind == "b")
    if kind == "ins":
        ins = _el("w:ins", {"w:id": str(st.new_id()), "w:author": author, "w:date": stamp})
        for r in _runs(st, text, False):
            ins.append(r)
        return [ins]
    if kind == "del":
        d = _el("w:del", {"w:id": str(st.new_id()), "w:author": author, "w:date": stamp})
        for r in _runs(st, text, False, deleted=True):
            d.append(r)
        return [d]
    # Content control around the municipality's name.
    sdt = _el("w:sdt")
    pr = _w(sdt, "sdtPr")
    _w(pr, "alias", "Kommunens navn")
    _w(pr, "tag", "kommune")
    _w(pr, "id", str(100000 + st.new_id()))
    _w(pr, "text")
    content = _w(sdt, "sdtContent")
    for r in _runs(st, text, False):
        content.append(r)
    return [sdt]


def _paragraph(
    st: _State, segs: tuple[Seg, ...], style: str | None = None, num: tuple[int, int] | None = None
) -> etree._Element:
    p = _el("w:p")
    if st.idiom("rsid"):
        p.set(qn("w:rsidR"), st.rng.choice(st.rsids))
        p.set(qn("w:rsidRDefault"), st.rsids[0])
        p.set(f"{{{W14}}}paraId", f"{st.rng.randrange(0x10000000, 0x7FFFFFFF):08X}")
        p.set(f"{{{W14}}}textId", "77777777")
    if style or num:
        ppr = _w(p, "pPr")
        if style:
            _w(ppr, "pStyle", style)
        if num:
            numpr = _w(ppr, "numPr")
            _w(numpr, "ilvl", str(num[1]))
            _w(numpr, "numId", str(num[0]))
    for seg in segs:
        for e in _seg_elements(st, seg):
            p.append(e)
    return p


# ---------------------------------------------------------------- blocks


def _heading(st: _State, h: Heading, index: int) -> etree._Element:
    spec, style = st.spec, st.style
    label = heading_label(spec, h)
    typed = style.typed and label is not None
    text = h.title
    if typed:
        dot = "." if (style.trailing_dot or h.level == 1) else ""
        text = f"{label}{dot} {h.title}"
    level = min(h.level, 3)
    num = None
    if style.idiom == "bold-manual-headings":
        p = _paragraph(st, (("b", text),))
        rpr_size = str({1: 32, 2: 26, 3: 24}[level])
        for r in p.iter(qn("w:r")):
            rpr = r.find(qn("w:rPr"))
            if rpr is not None:
                _w(rpr, "sz", rpr_size)
        return p
    if style.idiom == "danish-style-ids":
        sid = f"Overskrift{level}"
    elif style.idiom == "custom-heading-style":
        sid = f"KommuneOverskrift{level}"
    else:
        sid = f"Heading{level}"
    if style.idiom == "auto-numbered-headings" and h.number is not None:
        num = (HEADING_NUM, level - 1)
    p = _paragraph(st, ((("t", text)),), style=sid, num=num)
    names = st.bookmarks.get(index)
    if names:
        ppr = p.find(qn("w:pPr"))
        pos = 1 if ppr is not None else 0
        for name in names:
            bid = str(st.new_id())
            p.insert(pos, _el("w:bookmarkStart", {"w:id": bid, "w:name": name}))
            pos += 1
            p.append(_el("w:bookmarkEnd", {"w:id": bid}))
    return p


def _list_num(st: _State, group: int) -> int:
    key = (st.section_index, group)
    if key not in st.list_nums:
        st.next_num += 1
        n = st.next_num
        num = _el("w:num", {"w:numId": str(n)})
        _w(num, "abstractNumId", "91")
        over = _el("w:lvlOverride", {"w:ilvl": "0"})
        _w(over, "startOverride", "1")
        num.append(over)
        st.nums.append(num)
        st.list_nums[key] = n
    return st.list_nums[key]


def _para_block(st: _State, b: Para) -> etree._Element:
    segs = b.segs
    if st.style.idiom == "bold-manual-headings" and all(k == "b" for k, _ in segs):
        # In a plan without heading styles, bold-only lines would look like headings.
        segs = tuple(("t", s) for _, s in segs)
    if b.kind == "title":
        return _paragraph(st, segs, style="Title")
    if b.kind == "subtitle":
        p = _paragraph(st, segs, style="Subtitle")
        if st.idiom("content-control") and any(ch.isdigit() for _, ch in segs):
            sdt = _el("w:sdt")
            pr = _w(sdt, "sdtPr")
            _w(pr, "alias", "Årstal")
            _w(pr, "tag", "aarstal")
            _w(pr, "id", str(100000 + st.new_id()))
            _w(sdt, "sdtContent").append(p)
            return sdt
        return p
    if b.kind == "bullet":
        return _paragraph(st, segs, style="ListParagraph", num=(BULLET_NUM, 0))
    if b.kind == "number":
        return _paragraph(st, segs, style="ListParagraph", num=(_list_num(st, b.list_group), 0))
    return _paragraph(st, segs)


def _table(
    st: _State, rows: list[list[list[etree._Element]]], header: bool = False, width: int = 8600
) -> etree._Element:
    tbl = _el("w:tbl")
    pr = _w(tbl, "tblPr")
    _w(pr, "tblStyle", "TableGrid")
    tw = _w(pr, "tblW")
    tw.set(qn("w:w"), str(width))
    tw.set(qn("w:type"), "dxa")
    _w(pr, "tblLook").set(qn("w:val"), "04A0")
    ncols = max(len(r) for r in rows)
    grid = _w(tbl, "tblGrid")
    for _ in range(ncols):
        _w(grid, "gridCol").set(qn("w:w"), str(width // ncols))
    for i, row in enumerate(rows):
        tr = _w(tbl, "tr")
        if st.idiom("rsid"):
            tr.set(qn("w:rsidR"), st.rng.choice(st.rsids))
        if i == 0 and header:
            _w(_w(tr, "trPr"), "tblHeader")
        for cell in row:
            tc = _w(tr, "tc")
            tcpr = _w(tc, "tcPr")
            cw = _w(tcpr, "tcW")
            cw.set(qn("w:w"), str(width // ncols))
            cw.set(qn("w:type"), "dxa")
            for p in cell or [_paragraph(st, ())]:
                tc.append(p)
    return tbl


def _table_block(st: _State, b: TableBlock) -> etree._Element:
    rows = []
    for i, row in enumerate(b.rows):
        bold_row = b.header and i == 0
        cells = []
        for j, text in enumerate(row):
            bold = bold_row or (not b.header and j == 0)
            cells.append([_paragraph(st, (("b" if bold else "t", text),) if text else ())])
        rows.append(cells)
    return _table(st, rows, header=b.header)


def _contact_table(st: _State, box: ContactBox) -> etree._Element:
    paras = [_para_block(st, p) for p in box.paras]
    tbl = _table(st, [[paras]])
    tcpr = tbl.find(f".//{qn('w:tcPr')}")
    assert tcpr is not None
    shd = _w(tcpr, "shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "DEEAF6")
    return tbl


def _contact_textbox(st: _State, box: ContactBox) -> etree._Element:
    """A text box as Word writes it: a DrawingML shape (Choice) and a VML copy (Fallback)."""
    anchor_p = _paragraph(st, ())
    r = _el("w:r")
    anchor_p.append(r)
    alt = etree.SubElement(r, f"{{{MC}}}AlternateContent")
    choice = etree.SubElement(alt, f"{{{MC}}}Choice", Requires="wps")
    drawing = _w(choice, "drawing")
    cx, cy = "5400000", "2200000"
    anchor = etree.SubElement(
        drawing,
        f"{{{WP}}}anchor",
        distT="0",
        distB="0",
        distL="114300",
        distR="114300",
        simplePos="0",
        relativeHeight="251659264",
        behindDoc="0",
        locked="0",
        layoutInCell="1",
        allowOverlap="1",
    )
    etree.SubElement(anchor, f"{{{WP}}}simplePos", x="0", y="0")
    ph = etree.SubElement(anchor, f"{{{WP}}}positionH", relativeFrom="column")
    etree.SubElement(ph, f"{{{WP}}}posOffset").text = "0"
    pv = etree.SubElement(anchor, f"{{{WP}}}positionV", relativeFrom="paragraph")
    etree.SubElement(pv, f"{{{WP}}}posOffset").text = "0"
    etree.SubElement(anchor, f"{{{WP}}}extent", cx=cx, cy=cy)
    etree.SubElement(anchor, f"{{{WP}}}effectExtent", l="0", t="0", r="0", b="0")
    etree.SubElement(anchor, f"{{{WP}}}wrapTopAndBottom")
    shape_id = str(st.new_id())
    etree.SubElement(anchor, f"{{{WP}}}docPr", id=shape_id, name=f"Tekstfelt {shape_id}")
    etree.SubElement(anchor, f"{{{WP}}}cNvGraphicFramePr")
    graphic = etree.SubElement(anchor, f"{{{A}}}graphic")
    gdata = etree.SubElement(graphic, f"{{{A}}}graphicData", uri=WPS)
    wsp = etree.SubElement(gdata, f"{{{WPS}}}wsp")
    etree.SubElement(wsp, f"{{{WPS}}}cNvSpPr", txBox="1")
    sppr = etree.SubElement(wsp, f"{{{WPS}}}spPr")
    xfrm = etree.SubElement(sppr, f"{{{A}}}xfrm")
    etree.SubElement(xfrm, f"{{{A}}}off", x="0", y="0")
    etree.SubElement(xfrm, f"{{{A}}}ext", cx=cx, cy=cy)
    geom = etree.SubElement(sppr, f"{{{A}}}prstGeom", prst="rect")
    etree.SubElement(geom, f"{{{A}}}avLst")
    txbx = etree.SubElement(wsp, f"{{{WPS}}}txbx")
    content = _w(txbx, "txbxContent")
    for p in box.paras:
        content.append(_para_block(st, p))
    etree.SubElement(wsp, f"{{{WPS}}}bodyPr", rot="0", vert="horz", wrap="square")
    fallback = etree.SubElement(alt, f"{{{MC}}}Fallback")
    pict = _w(fallback, "pict")
    shape = etree.SubElement(
        pict,
        f"{{{V}}}shape",
        id=f"Tekstfelt {shape_id}",
        type="#_x0000_t202",
        style="position:absolute;margin-left:0;margin-top:0;width:425pt;height:173pt;z-index:251659264",
    )
    shape.set(f"{{{VO}}}spid", f"_x0000_s{1025 + int(shape_id)}")
    vtb = etree.SubElement(shape, f"{{{V}}}textbox")
    # The Fallback branch repeats the same text (a reader must take one branch only).
    copy = etree.fromstring(etree.tostring(content))
    vtb.append(copy)
    return anchor_p


def _fld(st: _State, p: etree._Element, kind: str, instr: str | None = None) -> None:
    r = _el("w:r")
    if instr is None:
        _w(r, "fldChar").set(qn("w:fldCharType"), kind)
    else:
        t = _w(r, "instrText")
        t.text = instr
        t.set(XML_SPACE, "preserve")
    p.append(r)


def _toc(st: _State, entries: list[tuple[int, str, str]]) -> list[etree._Element]:
    """The TOC field: begin/instr/separate in the first entry, end after the last."""
    out = [
        _paragraph(
            st, (("t", st.rng.choice(("Indholdsfortegnelse", "Indhold"))),), style="TOCHeading"
        )
    ]
    for i, (level, text, bookmark) in enumerate(entries):
        p = _paragraph(st, (), style=f"TOC{level}")
        if i == 0:
            _fld(st, p, "begin")
            _fld(st, p, "", ' TOC \\o "1-3" \\h \\z \\u ')
            _fld(st, p, "separate")
        link = _el("w:hyperlink", {"w:anchor": bookmark, "w:history": "1"})
        for r in _runs(st, text, False):
            link.append(r)
        tab = _el("w:r")
        _w(tab, "tab")
        link.append(tab)
        _fld(st, link, "begin")
        _fld(st, link, "", f" PAGEREF {bookmark} \\h ")
        _fld(st, link, "separate")
        page = _el("w:r")
        _w(page, "t").text = str(2 + i // 3)
        link.append(page)
        _fld(st, link, "end")
        p.append(link)
        out.append(p)
    end = _paragraph(st, ())
    _fld(st, end, "end")
    out.append(end)
    return out


def _page_break(st: _State) -> etree._Element:
    p = _paragraph(st, ())
    r = _el("w:r")
    _w(r, "br").set(qn("w:type"), "page")
    p.append(r)
    return p


# ---------------------------------------------------------------- styles and numbering


def _set_styles(doc: docx.document.Document, st: _State) -> None:
    styles = doc.styles.element
    idiom = st.style.idiom
    if idiom == "danish-style-ids":
        rename = {f"Heading{i}": f"Overskrift{i}" for i in range(1, 10)}
        rename |= {f"Heading{i}Char": f"Overskrift{i}Tegn" for i in range(1, 10)}
        for s in styles.findall(qn("w:style")):
            sid = s.get(qn("w:styleId"))
            if sid in rename:
                s.set(qn("w:styleId"), rename[sid])
            for tag in ("w:basedOn", "w:link", "w:next"):
                ref = s.find(qn(tag))
                if ref is not None and ref.get(qn("w:val")) in rename:
                    ref.set(qn("w:val"), rename[ref.get(qn("w:val"))])
    if idiom == "custom-heading-style":
        for i in (1, 2, 3):
            s = _el("w:style", {"w:type": "paragraph", "w:customStyle": "1"})
            s.set(qn("w:styleId"), f"KommuneOverskrift{i}")
            _w(s, "name", f"Kommune Overskrift {i}")
            _w(s, "basedOn", f"Heading{i}")
            _w(s, "next", "Normal")
            _w(s, "qFormat")
            rpr = _w(s, "rPr")
            _w(rpr, "color", "1F4E79")
            styles.append(s)
    for i in (1, 2, 3):
        s = _el("w:style", {"w:type": "paragraph"})
        s.set(qn("w:styleId"), f"TOC{i}")
        _w(s, "name", f"toc {i}")
        _w(s, "basedOn", "Normal")
        _w(s, "next", "Normal")
        _w(s, "uiPriority", "39")
        _w(s, "unhideWhenUsed")
        ppr = _w(s, "pPr")
        _w(ppr, "ind").set(qn("w:left"), str(220 * (i - 1)))
        styles.append(s)


def _numbering(doc: docx.document.Document, st: _State) -> None:
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))

    def abstract(aid: int, levels: list[tuple[str, str, str]]) -> etree._Element:
        an = _el("w:abstractNum", {"w:abstractNumId": str(aid)})
        _w(an, "multiLevelType", "hybridMultilevel" if aid != HEADING_NUM else "multilevel")
        for ilvl, (fmt, text, pstyle) in enumerate(levels):
            lvl = _el("w:lvl", {"w:ilvl": str(ilvl)})
            _w(lvl, "start", "1")
            _w(lvl, "numFmt", fmt)
            if pstyle:
                _w(lvl, "pStyle", pstyle)
            _w(lvl, "lvlText", text)
            _w(lvl, "lvlJc", "left")
            ppr = _w(lvl, "pPr")
            ind = _w(ppr, "ind")
            ind.set(qn("w:left"), str(360 * (ilvl + 1)))
            ind.set(qn("w:hanging"), "360")
            if fmt == "bullet":
                rpr = _w(lvl, "rPr")
                fonts = _w(rpr, "rFonts")
                fonts.set(qn("w:ascii"), "Symbol")
                fonts.set(qn("w:hAnsi"), "Symbol")
                fonts.set(qn("w:hint"), "default")
            an.append(lvl)
        return an

    new = [
        abstract(BULLET_NUM, [("bullet", "\uf0b7", ""), ("bullet", "o", "")]),
        abstract(91, [("decimal", "%1.", ""), ("lowerLetter", "%2)", "")]),
    ]
    if st.style.idiom == "auto-numbered-headings":
        new.append(
            abstract(
                HEADING_NUM,
                [
                    ("decimal", "%1.", "Heading1"),
                    ("decimal", "%1.%2.", "Heading2"),
                    ("decimal", "%1.%2.%3.", "Heading3"),
                ],
            )
        )
    for an in new:
        if first_num is not None:
            first_num.addprevious(an)
        else:
            numbering.append(an)
    for nid in (BULLET_NUM, HEADING_NUM):
        if nid == HEADING_NUM and st.style.idiom != "auto-numbered-headings":
            continue
        num = _el("w:num", {"w:numId": str(nid)})
        _w(num, "abstractNumId", str(nid))
        numbering.append(num)
    for num in st.nums:
        numbering.append(num)


# ---------------------------------------------------------------- the document


def _rsids(rng: random.Random) -> list[str]:
    return [f"00{rng.randrange(0x100000, 0xFFFFFF):06X}" for _ in range(rng.randint(5, 12))]


def render(content: PlanContent, spec: PlanSpec) -> bytes:
    """The plan as .docx bytes (deterministic for the same plan)."""
    rng = random.Random(f"docx:{spec.seed}")
    st = _State(spec, rng, heading_style(spec), _rsids(rng))
    doc = docx.Document()
    _set_styles(doc, st)
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    assert sect is not None
    blocks = list(content.blocks)
    headings = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Heading)]
    toc_entries: list[tuple[int, str, str]] = []
    if st.idiom("bookmarks-in-headings") or any(isinstance(b, Toc) for b in blocks):
        for i, h in headings:
            names = [f"_Toc{rng.randrange(100000000, 199999999)}"]
            if rng.random() < 0.3:
                names.insert(0, f"_Toc{rng.randrange(100000000, 199999999)}")
            st.bookmarks[i] = names
            if h.level <= 3:
                toc_entries.append((h.level, heading_text(spec, h), names[-1]))
    commented: list[tuple[etree._Element, str]] = []
    for i, b in enumerate(blocks):
        elements: list[etree._Element]
        if isinstance(b, Heading):
            st.section_index += 1
            elements = [_heading(st, b, i)]
        elif isinstance(b, Para):
            el = _para_block(st, b)
            elements = [el]
            if b.comment:
                commented.append((el, b.comment))
        elif isinstance(b, TableBlock):
            elements = [_table_block(st, b)]
        elif isinstance(b, ContactBox):
            if st.idiom("contact-textbox"):
                elements = [_contact_textbox(st, b)]
            else:
                elements = [_contact_table(st, b)]
        elif isinstance(b, Toc):
            elements = _toc(st, toc_entries)
        elif isinstance(b, PageBreak):
            elements = [_page_break(st)]
        else:  # pragma: no cover - exhaustive
            raise TypeError(type(b))
        for el in elements:
            sect.addprevious(el)
    _numbering(doc, st)
    when = datetime(spec.received.year, spec.received.month, spec.received.day, 9, 0, tzinfo=UTC)
    for el, text in commented:
        runs = el.findall(f".//{qn('w:r')}")
        if not runs:
            continue
        parent = DocxParagraph(el, doc._body)  # type: ignore[arg-type]
        first, last = DocxRun(runs[0], parent), DocxRun(runs[-1], parent)  # type: ignore[arg-type]
        comment = doc.add_comment([first, last], text=text, author=spec.profile.contact_person)
        comment._comment_elm.date = when  # fixed, for byte-identical output
    if content.header:
        section = doc.sections[0]
        section.header.paragraphs[0].text = content.header
        footer = section.footer.paragraphs[0]
        footer.text = f"{content.footer} · Side "
        fp = footer._p
        _fld(st, fp, "begin")
        _fld(st, fp, "", " PAGE ")
        _fld(st, fp, "separate")
        r = _el("w:r")
        _w(r, "t").text = "1"
        fp.append(r)
        _fld(st, fp, "end")
    settings = doc.settings.element
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None and st.idiom("rsid"):
        for value in st.rsids:
            _w(rsids, "rsid", value)
    core = doc.core_properties
    core.title = content.title
    core.author = content.author
    core.last_modified_by = content.author
    core.created = datetime(spec.adopted.year, spec.adopted.month, 1, 8, 0)
    core.modified = datetime(spec.received.year, spec.received.month, spec.received.day, 8, 0)
    core.revision = 3 + spec.version
    core.keywords = "beredskab; ekstremisme"
    return _save(doc)


class _StableWriter:
    """python-docx's physical package writer, with fixed zip timestamps so the bytes
    depend on the content only."""

    def __init__(self, buf: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        self._zip.writestr(info, blob)

    def close(self) -> None:
        self._zip.close()


def _save(doc: docx.document.Document) -> bytes:
    """What ``Document.save`` does, through ``_StableWriter`` (one compression pass)."""
    package = doc.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    buf = io.BytesIO()
    writer = _StableWriter(buf)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)  # type: ignore[arg-type]
    writer.close()
    return buf.getvalue()


def received_stamp(d: date) -> str:
    return d.isoformat()
