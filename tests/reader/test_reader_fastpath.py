"""The reader's fast paths read exactly what its general walk reads.

``scan`` sorts paragraphs into plain text, styled runs and rich content; plain ones are
read by serialising their text in C without walking their runs, styled ones by a run
loop with local state (``Walker._plain``), rich ones by the general walk
(``Walker._rich``). Every document here is read twice, once as usual and once with the
fast paths switched off (``walker.FAST_PATHS``: no scan flags, pPr and span lookups, no
``_plain``), and the two documents must be equal, field by field. The other helpers the fast
paths rely on (the paragraph constructor, text normalisation, the scan's paragraph
index, the numbering label memo, the paused garbage collector) are checked directly.
"""

from __future__ import annotations

import gc
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from reader_builders import level, make_docx, numbered, p, style_xml, table
from test_reader_structure import BODY, textbox_choice_and_fallback, toc_field_body, vml_textbox

from beredskab.errors import DocumentError
from beredskab.model import Cell, Document, Paragraph, Row
from beredskab.reader import indexed_paragraphs, read_document, walker, xml_parser
from beredskab.reader.walker import (
    _PARAGRAPH_FIELDS,
    _RICH,
    _constructor,
    new_cell,
    new_paragraph,
    new_row,
    normalise,
    scan,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_BODY = f"{{{W_NS}}}body"


def general(data: bytes, monkeypatch: pytest.MonkeyPatch) -> Document:
    """``read_document`` with every paragraph read by the general walk."""
    with monkeypatch.context() as patch:
        patch.setattr(walker, "FAST_PATHS", False)
        return read_document(data)


def assert_same_as_general(data: bytes, monkeypatch: pytest.MonkeyPatch) -> Document:
    fast = read_document(data)
    slow = general(data, monkeypatch)
    assert list(fast.paragraphs()) == list(slow.paragraphs())
    assert fast == slow
    return fast


def run(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*content: str, ppr: str = "") -> str:
    return (
        f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(content)}</w:p>"
        if ppr
        else f"<w:p>{''.join(content)}</w:p>"
    )


RUBY = (
    "<w:r><w:ruby><w:rt><w:r><w:t>ふ</w:t></w:r></w:rt>"
    "<w:rubyBase><w:r><w:t>字</w:t></w:r></w:rubyBase></w:ruby></w:r>"
)
STYLES = style_xml("Fed", "Fed tegn", kind="character", rpr="<w:b/>") + style_xml(
    "Stor", "Stor", rpr='<w:sz w:val="40"/>'
)

BODIES = {
    "plain runs": para(run("Mål "), run("og "), run("midler")) + para(run("  ")) + para(),
    "language and fonts only": para(
        run("Køge ", '<w:rFonts w:ascii="Arial"/><w:lang w:val="da-DK"/>'),
        run("Kommune", '<w:color w:val="FF0000"/><w:i/>'),
    ),
    "bold and size runs": para(run("Fed ", "<w:b/>"), run("og stor", '<w:sz w:val="36"/>'))
    + para(run("alt fed", "<w:b/>"), run(" ", "<w:b w:val='0'/>"), run("også", "<w:b/>"))
    + para(run("tegnstil", '<w:rStyle w:val="Fed"/>'), ppr='<w:pStyle w:val="Stor"/>'),
    "paragraph mark only": para(ppr="<w:rPr><w:b/><w:sz w:val='48'/></w:rPr>")
    + para(run("tekst"), ppr="<w:rPr><w:b/></w:rPr>"),
    "paragraph mark and runs": para(
        run("alt fed", "<w:b/>"), ppr="<w:rPr><w:sz w:val='40'/></w:rPr>"
    )
    + para(run("stor", "<w:sz w:val='40'/>"), ppr="<w:rPr><w:b/><w:sz w:val='40'/></w:rPr>"),
    "bookmarks and proofing marks": para(
        '<w:bookmarkStart w:id="0" w:name="a"/>',
        run("Ind"),
        '<w:proofErr w:type="spellStart"/>',
        run("sats"),
        '<w:proofErr w:type="spellEnd"/><w:bookmarkEnd w:id="0"/>',
        "<w:r><w:lastRenderedPageBreak/><w:t>plan</w:t></w:r>",
    ),
    "tabs breaks and symbols": para(
        "<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/>"
        "<w:t>d</w:t><w:sym w:font='Symbol' w:char='F0B7'/><w:softHyphen/></w:r>"
    ),
    "soft hyphens and odd white space": para(
        run("ind\u00adsats\u00a0plan"), run("\tx  y "), run("\u2003z")
    ),
    "fields": toc_field_body()
    + para(
        "<w:fldSimple w:instr=' PAGE '><w:r><w:t>3</w:t></w:r></w:fldSimple>",
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>",
        '<w:r><w:instrText> HYPERLINK "mailto:a@b.dk" </w:instrText></w:r>',
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>",
        run("a@b.dk"),
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>",
    ),
    "hyperlink": para(run("Skriv til "), f'<w:hyperlink r:id="rIdLink">{run("os")}</w:hyperlink>'),
    "tracked changes": para(
        run("Planen "),
        f"<w:ins w:id='1' w:author='A'>{run('blev ')}</w:ins>",
        "<w:del w:id='2' w:author='A'><w:r><w:delText>ikke </w:delText></w:r></w:del>",
        f"<w:moveTo w:id='3' w:author='A'>{run('vedtaget')}</w:moveTo>",
    )
    + para(run("mærke"), ppr="<w:rPr><w:ins w:id='4' w:author='A'/></w:rPr>"),
    "content controls": "<w:sdt><w:sdtPr><w:tag w:val='kommune'/></w:sdtPr><w:sdtContent>"
    + para(run("Aarhus Kommune"))
    + "</w:sdtContent></w:sdt>"
    + para(
        run("Ejer: "),
        "<w:sdt><w:sdtPr><w:alias w:val='Ejer'/><w:showingPlcHdr/></w:sdtPr>"
        f"<w:sdtContent>{run('Klik her')}</w:sdtContent></w:sdt>",
    ),
    "text boxes and alternate content": BODY
    + para(run("Kontakt"), textbox_choice_and_fallback("Lis"))
    + para(vml_textbox("VML"), run("Anker")),
    "tables with spans and nesting": table(
        [p("a") + table([p("indlejret"), p("x")]), p("b")], [p("c"), p("d")]
    ).replace("<w:tc>", '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>', 1)
    + table([p("kun"), "<w:tcPr><w:tcW w:w='5'/></w:tcPr>" + p("bred")]),
    "deleted row": "<w:tbl><w:tr><w:trPr><w:del w:id='9' w:author='A'/></w:trPr><w:tc>"
    + p("væk")
    + "</w:tc></w:tr><w:tr><w:tc>"
    + p("bliver")
    + "</w:tc></w:tr></w:tbl>",
    "wrappers": para(
        f"<w:smartTag w:uri='u' w:element='e'>{run('Køge')}</w:smartTag>",
        f"<w:customXml w:element='x'>{run(' Bugt', '<w:b/>')}</w:customXml>",
        f"<w:dir w:val='rtl'>{run(' ret')}</w:dir>",
    ),
    "math and ruby": para(run("x = "), "<m:oMath><m:r><m:t>y+1</m:t></m:r></m:oMath>")
    + para(RUBY, run("efter")),
    "numbering": numbered("Første", 1)
    + numbered("Under", 1, 1)
    + numbered("Anden", 1)
    + numbered("Punkt", 2)
    + numbered("Punkt", 2),
    "paragraph inside a paragraph": "<w:p><w:r><w:t>ydre</w:t></w:r><w:p><w:r><w:t>indre</w:t>"
    "</w:r></w:p><w:r><w:t>igen</w:t></w:r></w:p>",
    "pretty printed": "\n  <w:p>\n    <w:r>\n      <w:t>Hel</w:t>\n    </w:r>\n    <w:r>"
    "<w:t>lo</w:t>\n    </w:r>\n  </w:p>\n  ",
}
BULLET = level(0, "bullet", "\uf0b7")
NUMBERING = (
    f'<w:abstractNum w:abstractNumId="0">{level(0)}{level(1, text="%1.%2.")}</w:abstractNum>'
    f'<w:abstractNum w:abstractNumId="1">{BULLET}</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
)


@pytest.mark.parametrize("name", sorted(BODIES))
def test_fast_paths_read_like_the_general_walk(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_docx(
        BODIES[name],
        styles=STYLES,
        numbering=NUMBERING,
        rels=(("rIdLink", "hyperlink", "mailto:ssp@aarhus.dk", True),),
    )
    doc = assert_same_as_general(data, monkeypatch)
    assert doc.paragraph_count > 0 or name == "paragraph mark only"


def test_default_style_with_numbering_reads_like_the_general_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Paragraphs without properties take the default style: when it is numbered, they
    are list items (not the plain paragraphs' shortcut)."""
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Liste"><w:name w:val="Liste"/>'
        '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style></w:styles>'
    )
    data = make_docx(
        para(run("a"))
        + para(run("b"))
        + para(run("c"), ppr='<w:numPr><w:numId w:val="0"/></w:numPr>'),
        numbering=NUMBERING,
        parts={"word/styles.xml": styles.encode()},
    )
    doc = assert_same_as_general(data, monkeypatch)
    got = [(x.text, x.style_id, x.num_label) for x in doc.paragraphs()]
    assert got == [("a", "Liste", "•"), ("b", "Liste", "•"), ("c", "Liste", None)]


def test_whole_documents_and_side_streams_read_like_the_general_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = "".join(BODIES.values())
    header = (
        f'<w:hdr xmlns:w="{W_NS}">'
        + para(run("Sidehoved "), run("fed", "<w:b/>"))
        + para(run("Køge Kommune"))
        + "</w:hdr>"
    ).encode()
    data = make_docx(
        body,
        styles=STYLES,
        numbering=NUMBERING,
        parts={"word/header1.xml": header},
        rels=(
            ("rIdLink", "hyperlink", "mailto:ssp@aarhus.dk", True),
            ("rIdH", "header", "header1.xml", False),
        ),
        overrides={
            "/word/header1.xml": "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.header+xml"
        },
    )
    doc = assert_same_as_general(data, monkeypatch)
    assert [h.text for h in doc.headers] == ["Sidehoved fed", "Køge Kommune"]
    assert "Hello" in [x.text for x in doc.paragraphs()]


def parse_body(body: str) -> etree._Element:
    root = etree.fromstring(make_docx_document_xml(body), xml_parser())
    found = root.find(W_BODY)
    assert found is not None
    return found


def make_docx_document_xml(body: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(make_docx(body))) as zf:
        return zf.read("word/document.xml")


def test_scan_sorts_paragraphs() -> None:
    body = parse_body(
        para(run("ren tekst"), run(" sprog", "<w:lang w:val='da-DK'/>"))
        + para(run("fed", "<w:b/>"), run("stor", "<w:sz w:val='30'/><w:b/>"))
        + para(run("a"), "<w:r><w:tab/></w:r>")
        + para(run("x"), ppr="<w:rPr><w:b/></w:rPr>")
        + "<w:p><w:p><w:r><w:t>indeni</w:t></w:r></w:p></w:p>"
        + table([p("celle")])
    )
    found = scan(body)
    paragraphs = list(body.iter(f"{{{W_NS}}}p"))
    assert found.paragraphs == paragraphs
    # plain, styled, rich (tab), plain (bold mark only), rich (nested), nested, cell
    assert [found.flags.get(x) for x in paragraphs] == [None, None, _RICH, None, _RICH, None, None]
    assert [found.formats.get(x, 0) for x in paragraphs] == [0, 3, 0, 1, 0, 0, 0]
    assert not found.hidden and not found.spans


def test_scan_index_is_the_paragraph_index_rule() -> None:
    body = parse_body(BODIES["tables with spans and nesting"] + BODIES["content controls"])
    found = scan(body)
    assert not found.hidden
    assert found.index() == {x: i for i, x in enumerate(indexed_paragraphs(body))}
    assert len(found.spans) == 1

    hidden = scan(parse_body(BODY))
    assert hidden.hidden
    with pytest.raises(ValueError):
        hidden.index()


def test_new_paragraph_equals_the_dataclass_constructor() -> None:
    from dataclasses import fields

    assert tuple(f.name for f in fields(Paragraph)) == _PARAGRAPH_FIELDS
    args = ("Mål", "Overskrift1", "heading 1", 0, "1.", 3, 0, False, True, 14.0, "body", 7,
            False, ("mailto:a@b.dk",), True, False)  # fmt: skip
    made = new_paragraph(*args)
    assert type(made) is Paragraph
    assert made == Paragraph(*args)
    assert hash(made) == hash(Paragraph(*args))
    with pytest.raises(AttributeError):
        made.text = "x"


def test_new_cell_and_row_equal_the_dataclass_constructors() -> None:
    cell = new_cell((Paragraph("a"),), 2)
    assert type(cell) is Cell
    assert cell == Cell((Paragraph("a"),), 2)
    assert hash(cell) == hash(Cell((Paragraph("a"),), 2))
    row = new_row((cell,))
    assert type(row) is Row
    assert row == Row((Cell((Paragraph("a"),), 2),))
    with pytest.raises(AttributeError):
        row.cells = ()


def test_fast_constructors_fall_back_on_the_dataclass_when_shapes_differ() -> None:
    class OtherSlots:
        __slots__ = ("blocks",)

        def __init__(self, blocks: object) -> None:
            self.blocks = blocks

    class WithDict:
        pass

    class Unassignable(WithDict):  # Cell's slot names, but a __dict__: cannot become a Cell
        __slots__ = ("blocks", "grid_span")

        def __init__(self, blocks: object, grid_span: object) -> None:
            self.blocks = blocks
            self.grid_span = grid_span
            self.__class__ = Cell  # type: ignore[assignment]

    assert _constructor(Cell, OtherSlots, ()) is Cell
    with pytest.raises(TypeError):
        Unassignable((), 1)
    assert _constructor(Cell, Unassignable, (), 1) is Cell


@given(st.text(alphabet=st.sampled_from("ab æ\t\n\u00a0\u00ad\u2003\u200b\r\x0b-."), max_size=30))
def test_normalise_folds_white_space_like_split(text: str) -> None:
    assert normalise(text) == " ".join(text.replace("\u00ad", "").split())


def test_bullet_labels_memoised_per_list_and_level() -> None:
    numbering = (
        f'<w:abstractNum w:abstractNumId="0">{BULLET}'
        f"{level(1, 'bullet', 'o')}{level(2, text='%3)')}</w:abstractNum>"
        f'<w:abstractNum w:abstractNumId="1">{level(0, "bullet", "-")}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    )
    body = "".join(
        numbered(f"p{i}", num_id, ilvl)
        for i, (num_id, ilvl) in enumerate([(1, 0), (1, 1), (1, 2), (1, 1), (1, 2), (2, 0), (1, 0)])
    )
    doc = read_document(make_docx(body, numbering=numbering))
    got = [(x.num_label, x.is_bullet, x.num_level) for x in doc.paragraphs()]
    assert got == [("•", True, 0), ("o", True, 1), ("1)", False, 2), ("o", True, 1),
                   ("1)", False, 2), ("-", True, 0), ("•", True, 0)]  # fmt: skip


def test_numbering_labels_are_the_same_when_memoised() -> None:
    body = "".join(numbered(f"p{i}", 1, i % 2) for i in range(12))
    doc = read_document(make_docx(body, numbering=NUMBERING))
    labels = [x.num_label for x in doc.paragraphs()]
    assert labels == ["1.", "1.1.", "2.", "2.1.", "3.", "3.1.", "4.", "4.1.", "5.", "5.1.",
                      "6.", "6.1."]  # fmt: skip


def test_reading_restores_the_garbage_collector() -> None:
    data = make_docx(p("Tekst"))
    assert gc.isenabled()
    read_document(data)
    assert gc.isenabled()
    with pytest.raises(DocumentError):
        read_document(b"PK\x03\x04 not really a zip")
    assert gc.isenabled()
    gc.disable()
    try:
        read_document(data)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_xml_parts_name_every_part_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Document.xml_parts`` lists exactly the members parsed (the benchmark's floor)."""
    header = f'<w:hdr xmlns:w="{W_NS}">{para(run("Sidehoved"))}</w:hdr>'.encode()
    data = make_docx(
        p("Tekst"),
        numbering=NUMBERING,
        parts={"word/header1.xml": header},
        rels=(("rIdH", "header", "header1.xml", False),),
    )
    parsed: list[bytes] = []
    real = etree.fromstring

    def counting(text: bytes, parser: etree.XMLParser | None = None) -> etree._Element:
        parsed.append(text)
        return real(text, parser)

    monkeypatch.setattr(etree, "fromstring", counting)
    doc = read_document(data)
    monkeypatch.undo()
    assert len(doc.xml_parts) == len(parsed)
    assert doc.xml_parts[:3] == ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
    assert {"word/styles.xml", "word/numbering.xml", "word/header1.xml"} <= set(doc.xml_parts)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in doc.xml_parts:
            etree.fromstring(zf.read(name), xml_parser())
