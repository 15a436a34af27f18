"""Builders for the annotator's tests: small Word plans made with python-docx + lxml,
hand-made reports, a tiny rule pack, and an independent read-back of the comments.

The read-back deliberately does not use ``beredskab.annotate``: it finds each comment's
anchor paragraph with its own XPath version of the paragraph-index rule, so a test that
compares the two can fail.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt
from lxml import etree

from beredskab.results import PlanInfo, Report, Result, SectionResult
from beredskab.rulepack import RulePack, RuleSpec, SectionSpec

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "mc": MC}
NSDECL = (
    f'xmlns:w="{W}" xmlns:mc="{MC}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

# The sample plan's indexed paragraphs (see build_plan).
P_TITLE = 0
P_INTRO = 1  # Heading 1 "1. Introduktion"
P_VISION = 2  # Heading 2 "1.1 Vision og formål"
P_VISION_TEXT = 3
P_GOALS = 4  # Heading 2 "1.2 Mål"
P_GOAL_1 = 5
P_GOAL_2 = 6
P_ORG = 7  # Heading 1 "2. Organisering og samarbejde", inside a table cell
P_ORG_CELL_TEXT = 8
P_TEXTBOX_ANCHOR = 9  # anchors a text box (its paragraphs have no index of their own)
P_CONTROL = 10  # inside a content control (w:sdtContent)
P_COMMENTED = 11  # carries the plan's own, existing comment
P_TRACKED = 12  # tracked insertion and deletion
P_IMAGE = 13
P_COMMS = 14  # Heading 1 "4. Kommunikation og opkvalificering"
P_LAST = 15
PARAGRAPHS = 16


def tiny_png() -> bytes:
    """A valid 2x2 PNG (python-docx reads its size from the header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _fragment(xml: str) -> etree._Element:
    return etree.fromstring(xml, SAFE)


TEXTBOX_RUN = f"""<w:r {NSDECL}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset>
</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset>
</wp:positionV><wp:extent cx="2000000" cy="500000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="50" name="Tekstfelt 1"/>
<wp:cNvGraphicFramePr/><a:graphic><a:graphicData
 uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="500000"/>
</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>
<w:p><w:r><w:t>Hotline: 41 74 90 90</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/>
</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>
<v:shape id="Tekstfelt1" style="width:157pt;height:39pt" type="#_x0000_t202"><v:textbox>
<w:txbxContent><w:p><w:r><w:t>Hotline: 41 74 90 90</w:t></w:r></w:p></w:txbxContent></v:textbox>
</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""

CONTROL = f"""<w:sdt {NSDECL}><w:sdtPr><w:alias w:val="Kontakt"/><w:tag w:val="kontakt"/>
<w:id w:val="424242"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Kontakt: Infohus, 12 34 56 78,
infohus@eksempel.dk</w:t></w:r></w:p></w:sdtContent></w:sdt>"""

TRACKED = f"""<w:p {NSDECL}><w:r><w:t xml:space="preserve">Planen revideres </w:t></w:r>
<w:ins w:id="901" w:author="Redaktør" w:date="2026-01-05T10:00:00Z"><w:r><w:t>hvert fjerde år</w:t>
</w:r></w:ins><w:del w:id="902" w:author="Redaktør" w:date="2026-01-05T10:00:00Z"><w:r>
<w:delText>løbende</w:delText></w:r></w:del></w:p>"""


def build_plan(path: Path, *, existing_comment: bool = True) -> Path:
    """A small plan with every idiom the reader supports; PARAGRAPHS indexed paragraphs
    at the P_* indices above. Also a header, a footer, an image and a custom style."""
    document = docx.Document()
    style = document.styles.add_style("Kommunetekst", WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(12)
    section = document.sections[0]
    section.header.paragraphs[0].text = "Eksempel Kommune – beredskabsplan"
    section.footer.paragraphs[0].text = "Side 1"
    document.add_paragraph("Beredskabsplan mod ekstremisme 2026", style="Title")
    document.add_heading("1. Introduktion", level=1)
    document.add_heading("1.1 Vision og formål", level=2)
    document.add_paragraph("Vi vil forebygge ekstremisme blandt børn, unge og voksne.")
    document.add_heading("1.2 Mål", level=2)
    document.add_paragraph("Mål 1: Tidlig opsporing.", style="List Bullet")
    document.add_paragraph("Mål 2: Tryghed for borgerne.", style="List Bullet")
    table = document.add_table(rows=1, cols=1)
    cell = table.rows[0].cells[0]
    cell.paragraphs[0].text = "2. Organisering og samarbejde"
    cell.paragraphs[0].style = document.styles["Heading 1"]
    cell.add_paragraph("Organiseringen er beskrevet her.")
    anchor = document.add_paragraph("Se også tekstfeltet.")
    anchor._p.append(_fragment(TEXTBOX_RUN))
    body = document.element.body
    body.insert(body.index(anchor._p) + 1, _fragment(CONTROL))
    commented = document.add_paragraph("Her har kommunen selv skrevet en note.", "Kommunetekst")
    if existing_comment:
        document.add_comment(
            commented.runs[0], text="Husk at tjekke dette", author="Mette", initials="MJ"
        )
    tracked = _fragment(TRACKED)
    commented._p.addnext(tracked)
    picture = document.add_paragraph()
    picture_path = path.with_suffix(".png")
    picture_path.write_bytes(tiny_png())
    picture.add_run().add_picture(str(picture_path))
    picture_path.unlink()
    document.add_heading("4. Kommunikation og opkvalificering", level=1)
    document.add_paragraph("Planen ligger på kommunens hjemmeside.")
    document.save(str(path))
    return path


# --- reports and packs -----------------------------------------------------------------
def result(
    rule: str,
    outcome: str = "fail",
    *,
    severity: str = "error",
    section: str | None = None,
    paragraph: int | None = None,
    waiver: dict[str, Any] | None = None,
    da: str | None = None,
) -> Result:
    return Result(
        rule=rule,
        name=rule.lower(),
        outcome=outcome,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        message={
            "da": da or f"Dansk besked for {rule}",
            "en": f"English message for {rule}",
        },
        section=section,
        paragraph=paragraph,
        waiver=waiver,
    )


SECTION_KEYS = [
    ("intro", None, "1. Introduktion"),
    ("intro.vision", "intro", "1.1 Vision"),
    ("intro.goals", "intro", "1.2 Mål"),
    ("intro.responsibility", "intro", "1.3 Ansvar og opfølgning"),
    ("intro.definitions", "intro", "1.4 Definitioner og bekymringstegn"),
    ("org", None, "2. Organisering og samarbejde"),
    ("org.organisation", "org", "2.1 Organisering"),
    ("org.infohus", "org", "2.2 Infohus-samarbejdet"),
    ("org.procedure", "org.infohus", "Procedure"),
    ("efforts", None, "3. Indsatser"),
    ("efforts.citizen", "efforts", "3.1 Indsatser rettet mod borger"),
    ("comms", None, "4. Kommunikation og opkvalificering"),
    ("comms.dissemination", "comms", "4.1 Formidling"),
]


def small_pack() -> RulePack:
    sections = tuple(
        SectionSpec(key=k, title=title, number=None, parent=parent, order=i, requirement="required")
        for i, (k, parent, title) in enumerate(SECTION_KEYS)
    )
    rules = (
        RuleSpec(
            id="STR001",
            name="section-present",
            severity="error",
            kind="section_present",
            section=None,
            params={},
            messages={},
            explanation={"fix": {"da": "Tilføj afsnittet.", "en": "Add the section."}},
        ),
        RuleSpec(
            id="INT002",
            name="goals-count",
            severity="error",
            kind="count",
            section="intro.goals",
            params={},
            messages={},
            explanation={"fix": {"da": "Skriv 3-5 konkrete mål.", "en": "Write 3-5 goals."}},
        ),
    )
    return RulePack(name="test", version="1", sections=sections, rules=rules)


def sections_found(**paragraphs: int) -> tuple[SectionResult, ...]:
    """Found sections by key (dots written as ``__``) -> paragraph; the rest not found."""
    found = {k.replace("__", "."): v for k, v in paragraphs.items()}
    return tuple(
        SectionResult(
            key=k, found=k in found, heading=title if k in found else None, paragraph=found.get(k)
        )
        for k, _parent, title in SECTION_KEYS
    )


def report(
    results: list[Result], sections: tuple[SectionResult, ...] = (), file: str = "plan.docx"
) -> Report:
    return Report(
        file=file,
        sha256=None,
        as_of=date(2026, 11, 27),
        plan=PlanInfo(),
        sections=sections,
        results=tuple(results),
    )


# --- reading back ----------------------------------------------------------------------
@dataclass(frozen=True)
class ReadComment:
    comment_id: int
    author: str
    initials: str
    text: str
    paragraph: int | None
    """Indexed body paragraph holding commentRangeStart, commentRangeEnd and reference."""


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def indexed(root: etree._Element) -> list[etree._Element]:
    return root.xpath(
        "//w:body//w:p[not(ancestor::w:txbxContent) and not(ancestor::mc:Fallback)]",
        namespaces=NS,
    )


def read_comments(path: Path) -> list[ReadComment]:
    """Comments via python-docx's comments API, anchors via the document XML.

    A comment's anchor is the indexed paragraph holding its commentRangeStart, its
    commentRangeEnd and its reference; for a range around a whole content control
    (range markers between blocks) it is the control's first indexed paragraph."""
    document = docx.Document(str(path))
    root = etree.fromstring(part(path, "word/document.xml"), SAFE)
    paragraphs = indexed(root)
    number = {p: n for n, p in enumerate(paragraphs)}
    refs = {int(x) for x in root.xpath("//w:r/w:commentReference/@w:id", namespaces=NS)}
    where: dict[int, int] = {}
    for start in root.xpath("//w:commentRangeStart", namespaces=NS):
        cid = int(start.get(f"{{{W}}}id"))
        if cid not in refs:
            continue
        if start.getparent().tag == f"{{{W}}}p":
            p = start.getparent()
            if cid in {int(x) for x in p.xpath("w:commentRangeEnd/@w:id", namespaces=NS)}:
                where[cid] = number[p]
            continue
        control = start.getnext()
        while control is not None and control.tag == f"{{{W}}}commentRangeStart":
            control = control.getnext()
        if control is not None and control.tag == f"{{{W}}}sdt":
            ends = control.xpath("following-sibling::w:commentRangeEnd/@w:id", namespaces=NS)
            inner = [q for q in control.iter(f"{{{W}}}p") if q in number]
            if str(cid) in ends and inner:
                where[cid] = number[inner[0]]
    return [
        ReadComment(
            comment_id=c.comment_id,
            author=c.author,
            initials=c.initials or "",
            text=c.text,
            paragraph=where.get(c.comment_id),
        )
        for c in document.comments
    ]


def rule_of(comment: ReadComment) -> str | None:
    first = comment.text.split("·")[0].strip()
    return first if first[:3].isalpha() and first[3:].isdigit() else None


def rewrite(src: Path, dst: Path, changes: dict[str, Any]) -> Path:
    """A copy of the zip ``src`` with parts replaced (bytes), transformed (a callable on
    the old bytes) or added; the order of existing parts is kept."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            change = changes.get(info.filename)
            if callable(change):
                data = change(data)
            elif change is not None:
                data = change
            zout.writestr(info, data)
        for name, change in changes.items():
            if name not in zin.namelist():
                zout.writestr(name, change)
    return dst
