"""Paragraph text: normalisation, tracked changes, fields, hyperlinks, content controls,
and the side streams (headers, footers, notes, comments, core properties)."""

from __future__ import annotations

import hashlib

import docx
from reader_builders import REL, make_docx, p, table

from beredskab.model import Document
from beredskab.reader import read_document


def body_texts(doc: Document) -> list[str]:
    return [para.text for para in doc.paragraphs()]


def read(body: str, **kwargs: object) -> Document:
    return read_document(make_docx(body, **kwargs))  # type: ignore[arg-type]


def test_text_normalisation() -> None:
    doc = read(
        "<w:p><w:r><w:t xml:space='preserve'>  Mål\u00a0og </w:t><w:tab/>"
        "<w:t>ind</w:t><w:softHyphen/><w:t>sats\u00adplan</w:t><w:br/><w:t>Køge</w:t>"
        "<w:noBreakHyphen/><w:t>Bugt</w:t><w:cr/><w:t>slut</w:t>"
        "<w:sym w:font='Symbol' w:char='F0B7'/></w:r></w:p>"
    )
    assert body_texts(doc) == ["Mål og indsatsplan Køge-Bugt slut•"]


def test_tracked_changes_accepted_view_and_counts() -> None:
    doc = read(
        "<w:p><w:r><w:t xml:space='preserve'>Planen </w:t></w:r>"
        "<w:ins w:id='1' w:author='A'><w:r>"
        "<w:t xml:space='preserve'>blev vedtaget </w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='A'><w:r><w:delText>i udvalget </w:delText></w:r></w:del>"
        "<w:moveFrom w:id='3' w:author='A'><w:r><w:t>flyttet-væk</w:t></w:r></w:moveFrom>"
        "<w:moveTo w:id='4' w:author='A'><w:r>"
        "<w:t xml:space='preserve'>af byrådet</w:t></w:r></w:moveTo>"
        "</w:p>"
        "<w:p><w:pPr><w:rPr><w:b/><w:rPrChange w:id='5' w:author='A'><w:rPr/></w:rPrChange>"
        "</w:rPr></w:pPr><w:r><w:t>Uændret</w:t></w:r></w:p>"
    )
    first, second = list(doc.paragraphs())
    assert first.text == "Planen blev vedtaget af byrådet"
    assert first.has_deleted_text and first.has_inserted_text
    assert not second.has_deleted_text and not second.has_inserted_text
    assert doc.revisions.insertions == 1
    assert doc.revisions.deletions == 1
    assert doc.revisions.moves == 1
    assert doc.revisions.format_changes == 1
    assert doc.revisions.pending == 3


def test_deleted_table_row_is_left_out() -> None:
    doc = read(
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>beholdt</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:trPr><w:del w:id='1' w:author='A'/></w:trPr>"
        "<w:tc><w:p><w:r><w:t>slettet</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    assert body_texts(doc) == ["beholdt"]


def test_complex_field_shows_result_not_instruction() -> None:
    doc = read(
        "<w:p><w:r><w:t xml:space='preserve'>Side </w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText xml:space='preserve'> PAGE \\* MERGEFORMAT </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
        "<w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "<w:r><w:t xml:space='preserve'> af 9</w:t></w:r></w:p>"
    )
    assert body_texts(doc) == ["Side 7 af 9"]


def test_nested_field_in_instruction_is_hidden() -> None:
    doc = read(
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText>IF </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText>DOCVARIABLE x</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>skjult</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        '<w:r><w:instrText> = 1 "ja" "nej"</w:instrText></w:r>'
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>nej</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
    )
    assert body_texts(doc) == ["nej"]


def test_unterminated_field_does_not_swallow_the_document() -> None:
    doc = read(
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText>MERGEFIELD navn</w:instrText></w:r></w:p>" + p("Resten af planen")
    )
    assert body_texts(doc)[-1] == "Resten af planen"


def test_simple_field_and_hyperlinks() -> None:
    doc = read(
        "<w:p><w:fldSimple w:instr=' DATE '><w:r><w:t>1. maj 2025</w:t></w:r></w:fldSimple>"
        "<w:r><w:t xml:space='preserve'> Kontakt: </w:t></w:r>"
        "<w:hyperlink r:id='rIdMail'><w:r><w:t>ssp@koege.dk</w:t></w:r></w:hyperlink>"
        "<w:r><w:t xml:space='preserve'> og </w:t></w:r>"
        "<w:hyperlink r:id='rIdWeb'><w:r><w:t>hjemmesiden</w:t></w:r></w:hyperlink>"
        "<w:hyperlink w:anchor='_Toc1'><w:r>"
        "<w:t xml:space='preserve'> (afsnit 2)</w:t></w:r></w:hyperlink>"
        "<w:hyperlink r:id='rIdMissing'><w:r><w:t xml:space='preserve'>.</w:t></w:r></w:hyperlink>"
        "</w:p>"
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText xml:space='preserve'>"
        ' HYPERLINK "mailto:infohus@politi.dk" \\o "tip" </w:instrText></w:r>'
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>Infohus</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>",
        rels=(
            ("rIdMail", "hyperlink", "mailto:ssp@koege.dk", True),
            ("rIdWeb", "hyperlink", "https://www.koege.dk/plan", True),
        ),
    )
    first, second = list(doc.paragraphs())
    assert first.text == "1. maj 2025 Kontakt: ssp@koege.dk og hjemmesiden (afsnit 2)."
    assert first.hyperlinks == ("mailto:ssp@koege.dk", "https://www.koege.dk/plan")
    assert second.text == "Infohus"
    assert second.hyperlinks == ("mailto:infohus@politi.dk",)


def test_content_controls_block_run_row_cell_and_placeholder() -> None:
    def sdt(tag: str, inner: str, placeholder: bool = False) -> str:
        plc = "<w:showingPlcHdr/>" if placeholder else ""
        return (
            f"<w:sdt><w:sdtPr><w:alias w:val='{tag.title()}'/><w:tag w:val='{tag}'/>{plc}"
            f"</w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>"
        )

    run = "<w:r><w:t>{}</w:t></w:r>"
    body = (
        sdt("kommune", p("Køge Kommune"))
        + "<w:p><w:r><w:t xml:space='preserve'>Vedtaget </w:t></w:r>"
        + sdt("dato", run.format("1. maj 2025"))
        + sdt("udvalg", run.format("Klik her for at angive tekst."), placeholder=True)
        + "</w:p>"
        + "<w:tbl><w:tblPr/>"
        + sdt(
            "raekke",
            "<w:tr>"
            + sdt("celle", "<w:tc>" + p("Infohus") + "</w:tc>")
            + "<w:tc>"
            + p("Politi")
            + "</w:tc></w:tr>",
        )
        + "</w:tbl>"
        + sdt("tom", p("Skriv navnet her"), placeholder=True)
    )
    doc = read(body)
    assert body_texts(doc) == ["Køge Kommune", "Vedtaget 1. maj 2025", "Infohus", "Politi", ""]
    controls = {c.tag: c for c in doc.content_controls}
    assert [c.tag for c in doc.content_controls] == [
        "kommune",
        "dato",
        "udvalg",
        "raekke",
        "celle",
        "tom",
    ]
    assert controls["kommune"].text == "Køge Kommune"
    assert controls["kommune"].alias == "Kommune"
    assert controls["dato"].text == "1. maj 2025"
    assert controls["udvalg"].text == ""
    assert controls["raekke"].text == "Infohus Politi"
    assert controls["raekke"].location == "table"
    assert controls["celle"].text == "Infohus"
    assert controls["tom"].text == ""


def test_custom_xml_and_smart_tags_are_read() -> None:
    doc = read(
        "<w:customXml w:element='afsnit'><w:p><w:smartTag w:element='place'>"
        "<w:r><w:t>Roskilde</w:t></w:r></w:smartTag>"
        "<w:customXml w:element='by'><w:r>"
        "<w:t xml:space='preserve'> Kommune</w:t></w:r></w:customXml>"
        "</w:p></w:customXml>"
    )
    assert body_texts(doc) == ["Roskilde Kommune"]


def test_headers_footers_notes_comments_and_core_properties() -> None:
    document = docx.Document()
    document.core_properties.title = "Beredskabsplan"
    document.core_properties.author = "SSP-konsulent"
    section = document.sections[0]
    section.header.paragraphs[0].text = "Nørreå Kommune"
    section.footer.paragraphs[0].text = "Side 1"
    para = document.add_paragraph("Planen revideres hvert fjerde år.")
    document.add_comment(para.runs, text="Mangler dato", author="Lis", initials="LJ")
    import io

    buf = io.BytesIO()
    document.save(buf)
    doc = read_document(buf.getvalue(), name="plan.docx")
    assert [h.text for h in doc.headers] == ["Nørreå Kommune"]
    assert doc.headers[0].location == "header" and doc.headers[0].index is None
    assert [f.text for f in doc.footers] == ["Side 1"]
    assert body_texts(doc) == ["Planen revideres hvert fjerde år."]
    assert len(doc.comments) == 1
    assert doc.comments[0].text == "Mangler dato"
    assert doc.comments[0].author == "Lis"
    assert doc.comments[0].initials == "LJ"
    assert doc.revisions.comments == 1
    assert doc.core.title == "Beredskabsplan"
    assert doc.core.creator == "SSP-konsulent"
    assert doc.core.modified is not None
    assert doc.sha256 == hashlib.sha256(buf.getvalue()).hexdigest()
    assert doc.path is None


def test_footnotes_and_endnotes_in_their_own_streams() -> None:
    notes = (
        "<w:footnotes xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
        "<w:footnote w:type='separator' w:id='-1'><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
        "<w:footnote w:id='1'><w:p><w:r>"
        "<w:t>Barnets lov § 15, stk. 3.</w:t></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    )
    endnotes = notes.replace("footnote", "endnote").replace("Barnets lov", "Kilde:")
    doc = read(
        "<w:p><w:r><w:t>Loven</w:t></w:r><w:r><w:footnoteReference w:id='1'/></w:r></w:p>",
        parts={"word/footnotes.xml": notes.encode(), "word/endnotes.xml": endnotes.encode()},
        rels=(
            ("rIdF", "footnotes", "footnotes.xml", False),
            ("rIdE", "endnotes", "endnotes.xml", False),
        ),
    )
    assert body_texts(doc) == ["Loven"]
    assert [(n.text, n.location, n.index) for n in doc.footnotes] == [
        ("Barnets lov § 15, stk. 3.", "footnote", None)
    ]
    assert [n.text for n in doc.endnotes] == ["Kilde: § 15, stk. 3."]


def test_path_and_file_name(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "plan.docx"
    path.write_bytes(make_docx(p("Hej")))
    doc = read_document(path)
    assert doc.path == str(path)
    assert body_texts(doc) == ["Hej"]


def test_dangling_relationships_are_tolerated() -> None:
    doc = read(
        p("Tekst"),
        rels=(
            ("rIdN", "image", "NULL", False),
            ("rIdT", "hyperlink", "#_top", False),
            ("rIdX", "header", "missing-header.xml", False),
            ("rIdE", f"{REL}/image", "http://example.com/x.png", True),
        ),
    )
    assert body_texts(doc) == ["Tekst"]
    assert doc.headers == ()


def test_table_cell_text_and_grid_span() -> None:
    doc = read(
        table(
            ["<w:tcPr><w:gridSpan w:val='2'/></w:tcPr>" + p("Funktion"), p("Navn")],
            [p("Infohustovholder"), p("Politi") + p("Kommune"), p("x")],
        )
    )
    tbl = doc.body[0]
    assert not hasattr(tbl, "text")
    rows = tbl.rows  # type: ignore[union-attr]
    assert rows[0].cells[0].grid_span == 2
    assert rows[1].cells[1].text == "Politi Kommune"
    assert all(para.location == "table" for para in doc.paragraphs())


def test_nested_table_keeps_the_outer_cell_span() -> None:
    inner = table([p("a"), p("b")])
    doc = read(table(["<w:tcPr><w:gridSpan w:val='3'/></w:tcPr>" + p("ydre") + inner]))
    outer = doc.body[0]
    cell = outer.rows[0].cells[0]  # type: ignore[union-attr]
    assert cell.grid_span == 3
    assert [c.grid_span for c in cell.blocks[1].rows[0].cells] == [1, 1]  # type: ignore[union-attr]
