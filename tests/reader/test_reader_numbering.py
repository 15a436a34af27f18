"""Numbering labels computed from numbering.xml, in document order."""

from __future__ import annotations

from reader_builders import level, make_docx, numbered, p, style_xml, table

from beredskab.model import Paragraph
from beredskab.reader import read_document
from beredskab.reader.numbering import format_number


def abstract(abstract_id: int, *levels: str, extra: str = "") -> str:
    return (
        f"<w:abstractNum w:abstractNumId='{abstract_id}'>{extra}{''.join(levels)}</w:abstractNum>"
    )


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f"<w:num w:numId='{num_id}'><w:abstractNumId w:val='{abstract_id}'/>{overrides}</w:num>"


OUTLINE = abstract(
    1,
    level(0, text="%1."),
    level(1, text="%1.%2."),
    level(2, fmt="lowerLetter", text="%3)"),
)


def labels(body: str, numbering: str, styles: str = "") -> list[str | None]:
    return [x.num_label for x in read(body, numbering, styles)]


def read(body: str, numbering: str, styles: str = "") -> list[Paragraph]:
    doc = read_document(make_docx(body, numbering=numbering, styles=styles))
    return list(doc.paragraphs())


def test_multilevel_decimal_with_restart_of_lower_levels() -> None:
    body = "".join(
        numbered(t, 1, lvl)
        for t, lvl in [("A", 0), ("A1", 1), ("A2", 1), ("a", 2), ("b", 2), ("B", 0), ("B1", 1)]
    )
    assert labels(body, OUTLINE + num(1, 1)) == ["1.", "1.1.", "1.2.", "a)", "b)", "2.", "2.1."]


def test_paragraph_fields() -> None:
    got = read(numbered("Mål", 1, 1), OUTLINE + num(1, 1))[0]
    assert (got.num_id, got.num_level, got.is_bullet, got.is_list_item) == (1, 1, False, True)


def test_start_values_and_formats() -> None:
    numbering = abstract(
        1,
        level(0, fmt="upperRoman", text="%1.", start=3),
        level(1, fmt="upperLetter", text="%2", start=2),
        level(2, fmt="decimalZero", text="%3"),
        level(3, fmt="lowerRoman", text="(%4)"),
        level(4, fmt="none", text=""),
    ) + num(1, 1)
    body = "".join(
        numbered(t, 1, lvl) for t, lvl in [("I", 0), ("B", 1), ("01", 2), ("i", 3), ("-", 4)]
    )
    assert labels(body, numbering) == ["III.", "B", "01", "(i)", None]


def test_bullets() -> None:
    numbering = abstract(
        1, level(0, fmt="bullet", text="\uf0b7"), level(1, fmt="bullet", text="o")
    ) + num(1, 1)
    got = read(numbered("Punkt", 1, 0) + numbered("Under", 1, 1), numbering)
    assert [(x.num_label, x.is_bullet) for x in got] == [("•", True), ("o", True)]


def test_counters_shared_by_nums_of_one_abstract() -> None:
    numbering = OUTLINE + num(1, 1) + num(2, 1)
    body = numbered("a", 1) + numbered("b", 2) + numbered("c", 1)
    assert labels(body, numbering) == ["1.", "2.", "3."]


def test_start_override_restarts() -> None:
    override = "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='1'/></w:lvlOverride>"
    numbering = OUTLINE + num(1, 1) + num(2, 1, override)
    body = numbered("a", 1) + numbered("b", 1) + numbered("ny liste", 2) + numbered("c", 2)
    assert labels(body, numbering) == ["1.", "2.", "1.", "2."]


def test_level_override_replaces_the_level_but_keeps_counting() -> None:
    # as in Apache POI's NumberingWOverrides.docx: 1, B, C, (another list: A, B), 4
    override = (
        "<w:lvlOverride w:ilvl='0'>" + level(0, fmt="upperLetter", text="%1") + "</w:lvlOverride>"
    )
    letters = abstract(2, level(0, fmt="upperLetter", text="%1"))
    numbering = OUTLINE + letters + num(1, 1) + num(2, 1, override) + num(3, 2)
    order = [("1", 1), ("B", 2), ("C", 2), ("A", 3), ("B", 3), ("4", 1)]
    body = "".join(numbered(t, n) for t, n in order)
    assert labels(body, numbering) == ["1.", "B", "C", "A", "B", "4."]


def test_lvl_restart_zero_never_restarts() -> None:
    numbering = abstract(
        1,
        level(0, text="%1."),
        level(1, text="%2)", extra="<w:lvlRestart w:val='0'/>"),
    ) + num(1, 1)
    body = "".join(numbered(t, 1, lvl) for t, lvl in [("1", 0), ("1)", 1), ("2", 0), ("2)", 1)])
    assert labels(body, numbering) == ["1.", "1)", "2.", "2)"]


def test_is_lgl_renders_all_levels_decimal() -> None:
    numbering = abstract(
        1,
        level(0, fmt="upperRoman", text="%1."),
        level(1, text="%1.%2", extra="<w:isLgl/>"),
    ) + num(1, 1)
    body = numbered("I", 1, 0) + numbered("1.1", 1, 1)
    assert labels(body, numbering) == ["I.", "1.1"]


def test_num_id_zero_switches_numbering_off() -> None:
    styles = style_xml("Nummereret", "Nummereret", ppr="<w:numPr><w:numId w:val='1'/></w:numPr>")
    body = numbered("a", 1) + p(
        "ingen", "Nummereret", ppr="<w:numPr><w:numId w:val='0'/></w:numPr>"
    )
    got = read(body, OUTLINE + num(1, 1), styles)
    assert [(x.num_label, x.num_id) for x in got] == [("1.", 1), (None, None)]


def test_style_linked_heading_numbering() -> None:
    styles = (
        style_xml("Overskrift1", "heading 1", ppr="<w:numPr><w:numId w:val='5'/></w:numPr>")
        + style_xml(
            "Overskrift2",
            "heading 2",
            based_on="Overskrift1",
            ppr="<w:numPr><w:ilvl w:val='1'/></w:numPr>",
        )
        + style_xml("Overskrift3", "heading 3", ppr="<w:numPr><w:numId w:val='5'/></w:numPr>")
    )
    numbering = abstract(
        7,
        level(0, text="%1", extra="<w:pStyle w:val='Overskrift1'/>"),
        level(1, text="%1.%2", extra="<w:pStyle w:val='Overskrift2'/>"),
        level(2, text="%1.%2.%3", extra="<w:pStyle w:val='Overskrift3'/>"),
    ) + num(5, 7)
    body = (
        p("Indledning", "Overskrift1")
        + p("Baggrund", "Overskrift2")
        + p("Detalje", "Overskrift3")
        + p("Organisering", "Overskrift1")
    )
    got = read(body, numbering, styles)
    assert [(x.num_label, x.outline_level, x.text) for x in got] == [
        ("1", 0, "Indledning"),
        ("1.1", 1, "Baggrund"),
        ("1.1.1", 2, "Detalje"),
        ("2", 0, "Organisering"),
    ]


def test_num_style_link() -> None:
    styles = style_xml(
        "Listestil", "Listestil", kind="numbering", ppr="<w:numPr><w:numId w:val='3'/></w:numPr>"
    )
    numbering = (
        abstract(1, extra="<w:numStyleLink w:val='Listestil'/>")
        + abstract(
            2, level(0, fmt="lowerLetter", text="%1)"), extra="<w:styleLink w:val='Listestil'/>"
        )
        + num(3, 2)
        + num(4, 1)
    )
    assert labels(numbered("a", 4) + numbered("b", 4), numbering, styles) == ["a)", "b)"]


def test_table_paragraphs_count_in_document_order() -> None:
    body = (
        numbered("før", 1)
        + table([numbered("i tabel", 1), numbered("også", 1)])
        + numbered("efter", 1)
    )
    assert labels(body, OUTLINE + num(1, 1)) == ["1.", "2.", "3.", "4."]


def test_undefined_num_is_ignored() -> None:
    got = read(numbered("x", 99), OUTLINE + num(1, 1))
    assert (got[0].num_label, got[0].num_id) == (None, None)


def test_format_number() -> None:
    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(1994, "upperRoman") == "MCMXCIV"
    assert format_number(12, "decimalZero") == "12"
    assert format_number(4, "ordinalText") == "4"
