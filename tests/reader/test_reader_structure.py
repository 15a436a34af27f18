"""Blocks, the paragraph index, text boxes, the table of contents, Strict and formats."""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from reader_builders import make_docx, p, style_xml, table, to_strict

from beredskab.model import Paragraph, Table
from beredskab.reader import indexed_paragraphs, open_package, read_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def textbox_choice_and_fallback(text: str) -> str:
    """A run holding one text box twice, as Word writes it (DrawingML + VML fallback)."""
    box = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wp:anchor>"
        "<a:graphic><a:graphicData><wps:wsp><wps:txbx>"
        f"{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def vml_textbox(text: str) -> str:
    box = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return f"<w:r><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></w:r>"


BODY = (
    p("Forside")
    + "<w:p><w:r><w:t>Kontakt</w:t></w:r>"
    + textbox_choice_and_fallback("SSP-koordinator: Lis")
    + "</w:p>"
    + table([p("c1") + table([p("indlejret")]), p("c2")], [p("c3"), p("c4")])
    + "<w:sdt><w:sdtPr/><w:sdtContent>"
    + p("i kontrol")
    + "</w:sdtContent></w:sdt>"
    + "<w:p>"
    + vml_textbox("VML-boks")
    + "<w:r><w:t>Anker</w:t></w:r></w:p>"
    + "<mc:AlternateContent><mc:Choice Requires='w14'>"
    + p("valgt")
    + "</mc:Choice><mc:Fallback>"
    + p("reserve")
    + "</mc:Fallback></mc:AlternateContent>"
    + p("Slut")
)


def test_body_blocks_and_paragraph_index() -> None:
    data = make_docx(BODY)
    doc = read_document(data)
    flat = [(x.text, x.location, x.index) for x in doc.paragraphs()]
    assert flat == [
        ("Forside", "body", 0),
        ("Kontakt", "body", 1),
        ("SSP-koordinator: Lis", "textbox", 1),
        ("c1", "table", 2),
        ("indlejret", "table", 3),
        ("c2", "table", 4),
        ("c3", "table", 5),
        ("c4", "table", 6),
        ("i kontrol", "body", 7),
        ("Anker", "body", 8),
        ("VML-boks", "textbox", 8),
        ("valgt", "body", 9),
        ("Slut", "body", 10),
    ]
    assert doc.paragraph_count == 11
    tbl = doc.body[3]
    assert isinstance(tbl, Table) and tbl.index == 2
    inner = tbl.rows[0].cells[0].blocks[1]
    assert isinstance(inner, Table) and inner.index == 3
    # text-box paragraphs sit right after the anchoring paragraph in the body
    assert [b.text for b in doc.body[:3] if isinstance(b, Paragraph)] == [
        "Forside",
        "Kontakt",
        "SSP-koordinator: Lis",
    ]


def test_indexed_paragraphs_matches_paragraph_index() -> None:
    data = make_docx(BODY)
    doc = read_document(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    body = root.find(f"{W}body")
    assert body is not None
    elements = list(indexed_paragraphs(body))
    own_text = ".//w:t[not(ancestor::w:txbxContent)]/text()"
    ns = {"w": W[1:-1]}
    texts = ["".join(el.xpath(own_text, namespaces=ns)) for el in elements]
    assert len(elements) == doc.paragraph_count
    by_index = {x.index: x.text for x in doc.paragraphs() if x.location != "textbox"}
    assert texts == [by_index[i] for i in range(len(texts))]
    for el in elements:
        ancestors = {a.tag for a in el.iterancestors()}
        assert f"{W}txbxContent" not in ancestors
        assert MC_FALLBACK not in ancestors


def test_indexed_paragraphs_on_untranslated_strict_tree() -> None:
    data = to_strict(make_docx(BODY))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    body = root[0]
    assert len(list(indexed_paragraphs(body))) == 11


TOC_STYLES = style_xml("Indholdsfortegnelse1", "toc 1") + style_xml(
    "Overskrift1", "heading 1", ppr="<w:outlineLvl w:val='0'/>"
)


def toc_field_body() -> str:
    return (
        p("Indhold") + "<w:p><w:pPr><w:pStyle w:val='Normal'/></w:pPr>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText xml:space='preserve'> TOC \\o \"1-3\" \\h </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
        "<w:r><w:t>1 Indledning 3</w:t></w:r></w:p>"
        + p("2 Organisering 4")
        + "<w:p><w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "<w:r><w:t>1 Indledning</w:t></w:r></w:p>" + p("Brødtekst")
    )


def test_toc_field_region_spans_paragraphs() -> None:
    doc = read_document(make_docx(toc_field_body()))
    assert [(x.text, x.in_toc) for x in doc.paragraphs()] == [
        ("Indhold", False),
        ("1 Indledning 3", True),
        ("2 Organisering 4", True),
        ("1 Indledning", False),
        ("Brødtekst", False),
    ]


def test_toc_content_control_and_toc_styles() -> None:
    body = (
        "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val='Table of Contents'/>"
        "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>"
        + p("Indholdsfortegnelse", "TOCHeading")
        + p("Mål 2")
        + "</w:sdtContent></w:sdt>"
        + p("Indledning 3", "Indholdsfortegnelse1")
        + p("Indledning", "Overskrift1")
    )
    doc = read_document(make_docx(body, styles=TOC_STYLES))
    assert [(x.text, x.in_toc) for x in doc.paragraphs()] == [
        ("Indholdsfortegnelse", True),
        ("Mål 2", True),
        ("Indledning 3", True),
        ("Indledning", False),
    ]


def test_strict_ooxml_reads_like_transitional() -> None:
    body = p("Indledning", "Heading1") + table([p("celle")])
    transitional = read_document(make_docx(body))
    strict = read_document(to_strict(make_docx(body)))
    assert strict.strict is True and transitional.strict is False
    assert strict.body == transitional.body
    assert open_package(to_strict(make_docx(body))).strict is True


def test_macro_and_template_formats() -> None:
    types = {
        "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
        "dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
    for fmt, ctype in types.items():
        doc = read_document(make_docx(p("Skabelon"), main_content_type=ctype))
        assert doc.file_format == fmt
        assert [x.text for x in doc.paragraphs()] == ["Skabelon"]
    assert read_document(make_docx(p("x"))).file_format == "docx"


def test_main_part_found_through_package_relationship() -> None:
    data = make_docx(p("Et andet sted"))
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            files[name] = zf.read(name)
    files["word/main.xml"] = files.pop("word/document.xml")
    files["word/_rels/main.xml.rels"] = files.pop("word/_rels/document.xml.rels")
    files["_rels/.rels"] = files["_rels/.rels"].replace(b"word/document.xml", b"word/main.xml")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    doc = read_document(buf.getvalue())
    assert [x.text for x in doc.paragraphs()] == ["Et andet sted"]


def test_empty_body() -> None:
    doc = read_document(make_docx(""))
    assert doc.body == () and doc.paragraph_count == 0


def test_paragraph_field_order_the_walker_relies_on() -> None:
    """The walker builds Paragraph positionally (it is the hottest allocation)."""
    from dataclasses import fields

    assert [f.name for f in fields(Paragraph)][:16] == [
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
    ]


def test_simple_toc_field_and_header_text_box() -> None:
    header = (
        '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:p><w:r><w:t>Sidehoved</w:t></w:r>'
        f"{vml_textbox('Aarhus Kommune')}</w:p></w:hdr>"
    )
    body = (
        "<w:p><w:fldSimple w:instr=' TOC \\o &quot;1-3&quot; '><w:r><w:t>1 Mål 2</w:t></w:r>"
        "</w:fldSimple></w:p>" + p("Mål", "Heading1")
    )
    doc = read_document(
        make_docx(
            body,
            parts={"word/header9.xml": header.encode()},
            rels=(("rIdH9", "header", "header9.xml", False),),
        )
    )
    assert [(x.text, x.in_toc) for x in doc.paragraphs()] == [("1 Mål 2", True), ("Mål", False)]
    assert [(h.text, h.location, h.index) for h in doc.headers] == [
        ("Sidehoved", "header", None),
        ("Aarhus Kommune", "header", None),
    ]
