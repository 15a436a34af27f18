"""End to end: Word files built with python-docx (plus lxml edits) → reader → tree."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from beredskab.reader import read_document
from beredskab.tree import SectionTree, build_tree

LONG = "Her er en almindelig sætning, som beskriver planen og er lang nok til at være brødtekst."


def tree_of(document: DocxDocument, tmp_path: Path, name: str = "plan.docx") -> SectionTree:
    path = tmp_path / name
    document.save(str(path))
    return build_tree(read_document(path))


def outline(tree: SectionTree) -> list[tuple[int, str | None, str, str]]:
    return [(s.level, s.number, s.title, s.detection) for s in list(tree.walk())[1:]]


def set_outline_level(element: object, level: int) -> None:
    """Give a style or paragraph element a ``w:outlineLvl`` (0-based)."""
    ppr = element.get_or_add_pPr()  # type: ignore[attr-defined]
    lvl = OxmlElement("w:outlineLvl")
    lvl.set(qn("w:val"), str(level))
    ppr.append(lvl)


def test_built_in_heading_styles(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Beredskabsplan for Skive Kommune")
    d.add_heading("1. Introduktion", level=1)
    d.add_paragraph(LONG)
    d.add_heading("1.1 Vision", level=2)
    d.add_paragraph(LONG)
    d.add_heading("Baggrund", level=3)
    d.add_heading("2. Organisering", level=1)
    tree = tree_of(d, tmp_path)
    assert outline(tree) == [
        (1, "1", "Introduktion", "outline"),
        (2, "1.1", "Vision", "outline"),
        (3, None, "Baggrund", "outline"),
        (1, "2", "Organisering", "outline"),
    ]
    assert [p.text for p in tree.front_matter.own_paragraphs()] == [
        "Beredskabsplan for Skive Kommune"
    ]
    assert tree.sections[0].first_paragraph == 1
    assert [p.text for p in tree.sections[0].own_paragraphs()] == [LONG]


def test_danish_style_ids_and_names(tmp_path: Path) -> None:
    d = docx.Document()
    d.styles["Heading 1"].style_id = "Overskrift1"  # Danish Word: id Overskrift1, name heading 1
    local = d.styles.add_style("Overskrift 2", WD_STYLE_TYPE.PARAGRAPH)  # a localised *name*
    local.base_style = d.styles["Normal"]
    set_outline_level(local.element, 1)
    d.add_paragraph("Mål", style="Heading 1")
    d.add_paragraph("Delmål", style="Overskrift 2")
    d.add_paragraph(LONG)
    tree = tree_of(d, tmp_path)
    assert d.paragraphs[0].style.style_id == "Overskrift1"
    assert outline(tree) == [(1, None, "Mål", "outline"), (2, None, "Delmål", "outline")]


def test_custom_style_based_on_heading_2(tmp_path: Path) -> None:
    d = docx.Document()
    custom = d.styles.add_style("Plan afsnit", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = d.styles["Heading 2"]
    d.add_heading("Organisering", level=1)
    d.add_paragraph("Infohus Skive", style="Plan afsnit")
    d.add_paragraph(LONG)
    tree = tree_of(d, tmp_path)
    assert outline(tree) == [
        (1, None, "Organisering", "outline"),
        (2, None, "Infohus Skive", "outline"),
    ]


def test_paragraph_outline_level_without_a_heading_style(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph("Indsatser")
    set_outline_level(p._p, 0)
    d.add_paragraph(LONG)
    assert outline(tree_of(d, tmp_path)) == [(1, None, "Indsatser", "outline")]


def _add_heading_numbering(d: DocxDocument) -> int:
    """A two-level numbering (``%1.`` / ``%1.%2.``) for headings; returns its numId."""
    numbering = d.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, text in ((0, "%1."), (1, "%1.%2.")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return 90


def _number(paragraph: DocxParagraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", ilvl), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(val))
        numpr.append(el)
    ppr.append(numpr)


def test_headings_numbered_by_word(tmp_path: Path) -> None:
    d = docx.Document()
    num_id = _add_heading_numbering(d)
    for text, level in (("Introduktion", 1), ("Vision", 2), ("Mål", 2), ("Organisering", 1)):
        _number(d.add_heading(text, level=level), num_id, level - 1)
        d.add_paragraph(LONG)
    tree = tree_of(d, tmp_path)
    assert [(s.number, s.title) for s in list(tree.walk())[1:]] == [
        ("1", "Introduktion"),
        ("1.1", "Vision"),
        ("1.2", "Mål"),
        ("2", "Organisering"),
    ]
    assert tree.sections[0].children[1].heading_text == "1.2 Mål"


def test_bold_manual_numbers_without_heading_styles(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph().add_run("Beredskab mod ekstremisme").bold = True
    for text in ("1. Introduktion", "1.2 Mål", "2. Organisering", "2.1 Infohus"):
        d.add_paragraph().add_run(text).bold = True
        d.add_paragraph(LONG)
    for i in (1, 2, 3):  # a typed running list of sentences: not headings
        d.add_paragraph(f"{i}. {LONG}")
    tree = tree_of(d, tmp_path)
    assert outline(tree) == [
        (1, "1", "Introduktion", "heuristic"),
        (2, "1.2", "Mål", "heuristic"),
        (1, "2", "Organisering", "heuristic"),
        (2, "2.1", "Infohus", "heuristic"),
    ]
    assert all(s.confidence < 1 for s in list(tree.walk())[1:])
    assert tree.heading_source == "heuristic"
    assert len(list(tree.sections[1].children[0].own_paragraphs())) == 4


def _field_run(paragraph: DocxParagraph, kind: str, instr: str | None = None) -> None:
    run = paragraph.add_run()
    if instr is not None:
        el = OxmlElement("w:instrText")
        el.set(qn("xml:space"), "preserve")
        el.text = instr
    else:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
    run._r.append(el)


def test_table_of_contents_is_not_sections(tmp_path: Path) -> None:
    d = docx.Document()
    first = d.add_paragraph()
    _field_run(first, "begin")
    _field_run(first, "", ' TOC \\o "1-3" \\h \\z \\u ')
    _field_run(first, "separate")
    first.add_run("1. Introduktion\t3")
    d.add_paragraph("2. Organisering\t5", style="Heading 1")  # even a heading style in a TOC
    last = d.add_paragraph("3. Indsatser\t7")
    _field_run(last, "end")
    d.add_heading("1. Introduktion", level=1)
    d.add_paragraph(LONG)
    d.add_heading("2. Organisering", level=1)
    d.add_heading("3. Indsatser", level=1)
    tree = tree_of(d, tmp_path)
    assert [s.heading_text for s in tree.sections] == [
        "1 Introduktion",
        "2 Organisering",
        "3 Indsatser",
    ]
    assert all(p.in_toc for p in list(tree.front_matter.own_paragraphs())[:3])


def test_heading_in_a_one_cell_table(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("2.1 Organisering", level=2)
    d.add_paragraph(LONG)
    box = d.add_table(rows=1, cols=1)
    box.cell(0, 0).paragraphs[0].text = "2.2 Infohus-samarbejdet"
    box.cell(0, 0).paragraphs[0].style = d.styles["Heading 2"]
    box.cell(0, 0).add_paragraph("Tekst i boksen.")
    d.add_paragraph(LONG)
    tree = tree_of(d, tmp_path)
    assert [(s.number, s.title) for s in tree.sections] == [
        ("2.1", "Organisering"),
        ("2.2", "Infohus-samarbejdet"),
    ]
    assert [p.text for p in tree.sections[1].own_paragraphs()] == ["Tekst i boksen.", LONG]


def test_contact_table_stays_with_its_section(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("Kontakt", level=1)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Telefon", "99 15 61 00"
    table.cell(1, 0).text, table.cell(1, 1).text = "E-mail", "infohus@skive.dk"
    d.add_heading("Næste", level=1)
    tree = tree_of(d, tmp_path)
    kontakt = tree.sections[0]
    assert [p.text for p in kontakt.own_paragraphs()] == [
        "Telefon",
        "99 15 61 00",
        "E-mail",
        "infohus@skive.dk",
    ]
    assert [s.title for s in tree.sections] == ["Kontakt", "Næste"]
