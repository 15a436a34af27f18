"""Small Word packages built in the tests: python-docx for the base, lxml/zip edits after.

``make_docx(body)`` takes the inner XML of ``w:body`` (``w:`` and friends pre-declared)
and returns the bytes of a valid package that python-docx created, with its styles,
numbering and relationships; keyword arguments swap or add parts. Nothing here reads
``../shared``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from functools import cache

import docx
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'mc:Ignorable="wps"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@cache
def base_docx() -> bytes:
    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_parts(parts: dict[str, bytes], *, order: list[str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in order or list(parts):
            zf.writestr(name, parts[name])
    return buf.getvalue()


def p(text: str, style: str | None = None, ppr: str = "", rpr: str = "") -> str:
    """A paragraph with one run."""
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    run_props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (
        f"<w:p><w:pPr>{style_xml}{ppr}</w:pPr>"
        f'<w:r>{run_props}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    )


def numbered(text: str, num_id: int, ilvl: int = 0, style: str | None = None) -> str:
    return p(
        text, style, ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )


def table(*rows: list[str]) -> str:
    """A table; each cell is given as its inner block XML."""
    body = "".join("<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr/><w:tblGrid/>{body}</w:tbl>"


def level(
    ilvl: int, fmt: str = "decimal", text: str | None = None, start: int = 1, extra: str = ""
) -> str:
    lvl_text = text if text is not None else f"%{ilvl + 1}."
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{lvl_text}"/>{extra}</w:lvl>'
    )


def numbering_xml(inner: str) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    return f"{head}<w:numbering {NSDECL}>{inner}</w:numbering>".encode()


def style_xml(
    style_id: str,
    name: str,
    *,
    based_on: str | None = None,
    ppr: str = "",
    rpr: str = "",
    kind: str = "paragraph",
) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/>{based}'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def add_rel(rels_xml: bytes, rel_id: str, kind: str, target: str, external: bool = False) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    rel_type = kind if "://" in kind else f"{REL}/{kind}"
    entry = f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"{mode}/>'
    return rels_xml.replace(b"</Relationships>", entry.encode() + b"</Relationships>")


def make_docx(
    body: str = "",
    *,
    numbering: str | None = None,
    styles: str = "",
    doc_defaults: str | None = None,
    parts: dict[str, bytes] | None = None,
    rels: tuple[tuple[str, str, str, bool], ...] = (),
    overrides: dict[str, str] | None = None,
    main_content_type: str | None = None,
) -> bytes:
    """A package whose body is ``body`` (inner XML of ``w:body``)."""
    files = parts_of(base_docx())
    files["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NSDECL}>'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    ).encode()
    if numbering is not None:
        files["word/numbering.xml"] = numbering_xml(numbering)
    if styles or doc_defaults is not None:
        xml = files["word/styles.xml"]
        if doc_defaults is not None:
            xml = re.sub(
                rb"<w:docDefaults>.*?</w:docDefaults>", doc_defaults.encode(), xml, flags=re.S
            )
        files["word/styles.xml"] = xml.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
    for name, data in (parts or {}).items():
        files[name] = data
    for rel_id, kind, target, external in rels:
        files["word/_rels/document.xml.rels"] = add_rel(
            files["word/_rels/document.xml.rels"], rel_id, kind, target, external
        )
    content_types = files["[Content_Types].xml"]
    for part_name, ctype in (overrides or {}).items():
        entry = f'<Override PartName="{part_name}" ContentType="{ctype}"/>'
        content_types = content_types.replace(b"</Types>", entry.encode() + b"</Types>")
    if main_content_type is not None:
        content_types = content_types.replace(CT_MAIN.encode(), main_content_type.encode())
    files["[Content_Types].xml"] = content_types
    return zip_parts(files)


def edit_part(data: bytes, part: str, edit: Callable[[etree._Element], None]) -> bytes:
    """Apply an lxml edit to one part of a package."""
    files = parts_of(data)
    root = etree.fromstring(files[part])
    edit(root)
    files[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_parts(files)


def to_strict(data: bytes) -> bytes:
    """The same package in Strict OOXML namespaces (purl.oclc.org)."""
    files = parts_of(data)
    for name, content in files.items():
        if name.endswith((".xml", ".rels")):
            files[name] = re.sub(
                rb"http://schemas\.openxmlformats\.org/"
                rb"(officeDocument|wordprocessingml|drawingml)/2006/",
                rb"http://purl.oclc.org/ooxml/\1/",
                content,
            )
    return zip_parts(files)
