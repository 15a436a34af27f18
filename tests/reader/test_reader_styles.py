"""Style names through basedOn, outline levels in the order of trust, bold and size."""

from __future__ import annotations

from reader_builders import make_docx, p, style_xml

from beredskab.model import Paragraph
from beredskab.reader import read_document

DANISH_STYLES = (
    style_xml("Overskrift1", "heading 1", based_on="Normal", rpr="<w:b/><w:sz w:val='32'/>")
    + style_xml("Overskrift2", "heading 2", based_on="Overskrift1", rpr="<w:sz w:val='28'/>")
    + style_xml("MinOverskrift", "Min overskrift", based_on="Overskrift2")
    + style_xml("Kapitel", "Kapitel", based_on="Normal", ppr="<w:outlineLvl w:val='0'/>")
    + style_xml("Brodtekst", "Brødtekst", based_on="Overskrift1", ppr="<w:outlineLvl w:val='9'/>")
    + style_xml("heading2", "Brødtekst 2", based_on="Normal")  # an id that only looks like one
    + style_xml("CycleA", "Cycle A", based_on="CycleB")
    + style_xml("CycleB", "Cycle B", based_on="CycleA")
    + style_xml("Fed", "Fed tegn", kind="character", rpr="<w:b/>")
)


def paragraphs(body: str, **kwargs: object) -> list[Paragraph]:
    doc = read_document(make_docx(body, styles=DANISH_STYLES, **kwargs))  # type: ignore[arg-type]
    return list(doc.paragraphs())


def test_localised_ids_resolve_to_names_and_levels() -> None:
    got = paragraphs(
        p("Indledning", "Overskrift1")
        + p("Mål", "Overskrift2")
        + p("Egen", "MinOverskrift")
        + p("Brød", None)
    )
    assert [(x.style_id, x.style_name, x.outline_level) for x in got] == [
        ("Overskrift1", "heading 1", 0),
        ("Overskrift2", "heading 2", 1),
        ("MinOverskrift", "Min overskrift", 1),
        ("Normal", "Normal", None),
    ]


def test_outline_level_order_of_trust() -> None:
    got = paragraphs(
        p("Fra stil", "Kapitel")
        + p("Fra afsnit", None, ppr="<w:outlineLvl w:val='2'/>")
        + p("Afsnit slår stil", "Overskrift1", ppr="<w:outlineLvl w:val='3'/>")
        + p("Niveau 9 er brødtekst", "Overskrift1", ppr="<w:outlineLvl w:val='9'/>")
        + p("Stilens niveau 9 slår navnet", "Brodtekst")
    )
    assert [x.outline_level for x in got] == [0, 2, 3, None, None]


def test_id_never_decides_and_title_is_not_a_heading() -> None:
    got = paragraphs(p("Id ligner", "heading2") + p("Forside", "Title"))
    assert got[0].outline_level is None
    assert got[1].outline_level is None
    assert got[1].style_name == "Title"


def test_python_docx_headings() -> None:
    got = paragraphs(p("A", "Heading2") + p("B", "Heading9"))
    assert [x.outline_level for x in got] == [1, 8]


def test_based_on_cycle_is_safe() -> None:
    got = paragraphs(p("Rundt", "CycleA"))
    assert got[0].style_name == "Cycle A"
    assert got[0].outline_level is None


def test_unknown_style_id_falls_back_to_default() -> None:
    got = paragraphs(p("Ukendt", "FindesIkke"))
    assert got[0].style_id == "FindesIkke"
    assert got[0].style_name is None
    assert got[0].outline_level is None


def test_bold_and_size_from_runs_styles_and_defaults() -> None:
    got = paragraphs(
        p("Fra stil", "Overskrift1")
        + p("Direkte", None, rpr="<w:b/><w:sz w:val='28'/>")
        + p("Slået fra", "Overskrift1", rpr="<w:b w:val='0'/>")
        + p("Tegnstil", None, rpr="<w:rStyle w:val='Fed'/>")
        + "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Delvis</w:t></w:r>"
        "<w:r><w:t xml:space='preserve'> fed</w:t></w:r></w:p>"
        + "<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr></w:p>"
    )
    assert [x.bold for x in got] == [True, True, False, True, False, True]
    assert got[0].font_size == 16.0
    assert got[1].font_size == 14.0


def test_doc_defaults_bold_and_size() -> None:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr><w:b/><w:sz w:val='22'/></w:rPr></w:rPrDefault>"
        "</w:docDefaults>"
    )
    doc = read_document(make_docx(p("Alt er fedt"), doc_defaults=defaults))
    para = next(doc.paragraphs())
    assert para.bold is True
    assert para.font_size == 11.0


def test_dominant_font_size_by_characters() -> None:
    got = paragraphs(
        "<w:p><w:r><w:rPr><w:sz w:val='40'/></w:rPr><w:t>A</w:t></w:r>"
        "<w:r><w:rPr><w:sz w:val='20'/></w:rPr><w:t>lang brødtekst</w:t></w:r></w:p>"
    )
    assert got[0].font_size == 10.0


def test_table_and_latent_styles_are_cut_before_parsing() -> None:
    from beredskab.reader.document import strip_unused_styles

    data = (
        b'<w:styles xmlns:w="x"><w:latentStyles w:count="2"><w:lsdException w:name="a"/>'
        b'</w:latentStyles><w:style w:type="table" w:styleId="T"><w:tblPr/></w:style>'
        b'<w:style w:type="paragraph" w:styleId="P"><w:name w:val="p"/></w:style>'
        b'<w:style w:type="table" w:styleId="U"/><w:style w:type="character" w:styleId="C">'
        b"</w:style></w:styles>"
    )
    slim = strip_unused_styles(data)
    assert b"latentStyles" not in slim and b'w:styleId="T"' not in slim
    assert b'w:styleId="P"' in slim and b'w:styleId="C"' in slim
    nothing = b'<w:styles xmlns:w="x"><w:style w:type="paragraph" w:styleId="P"/></w:styles>'
    assert strip_unused_styles(nothing) is nothing


def test_styles_survive_when_cutting_would_break_the_xml() -> None:
    # a comment that looks like a table style: the cut would leave broken XML, so the
    # reader falls back on parsing the part whole
    comment = '<!-- <w:style w:type="table"> -->'
    doc = read_document(make_docx(p("Indledning", "Overskrift1"), styles=comment + DANISH_STYLES))
    para = next(doc.paragraphs())
    assert (para.style_name, para.outline_level) == ("heading 1", 0)
