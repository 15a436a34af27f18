"""Unit tests of ``build_tree`` on hand-built document models (no reader needed)."""

from __future__ import annotations

from typing import Any

from beredskab.model import Cell, Document, Paragraph, Row, Table
from beredskab.tree import (
    Section,
    SectionTree,
    build_tree,
    label_number,
    number_depth,
    split_number,
    tree_to_dict,
)


def para(text: str, **kw: Any) -> Paragraph:
    return Paragraph(text=text, **kw)


def h(level: int, text: str, **kw: Any) -> Paragraph:
    """An outline heading (level 1 = Heading 1)."""
    return Paragraph(text=text, outline_level=level - 1, style_name=f"heading {level}", **kw)


def body(text: str = "Almindelig brødtekst i planen, som beskriver noget.") -> Paragraph:
    return Paragraph(text=text, font_size=11.0)


def bold(text: str, **kw: Any) -> Paragraph:
    return Paragraph(text=text, bold=True, font_size=11.0, **kw)


def table(*rows: list[list[Paragraph]]) -> Table:
    """A table from rows of cells, each cell a list of paragraphs."""
    return Table(rows=tuple(Row(cells=tuple(Cell(blocks=tuple(c)) for c in r)) for r in rows))


def tree_of(*blocks: Paragraph | Table) -> SectionTree:
    return build_tree(Document(body=tuple(blocks)))


def outline(tree: SectionTree) -> list[tuple[int, str | None, str, str]]:
    return [(s.level, s.number, s.title, s.detection) for s in tree.walk()][1:]


# --- outline headings -----------------------------------------------------------------


def test_outline_headings_nest_and_keep_their_own_blocks() -> None:
    cover = para("Beredskab til forebyggelse, opsporing og håndtering af ekstremisme")
    h1, t1, h11, t11, h2 = (
        h(1, "1. Introduktion"),
        body("Indledning."),
        h(2, "1.1 Vision"),
        body("Vores vision."),
        h(1, "2. Organisering og samarbejde"),
    )
    tree = tree_of(cover, h1, t1, h11, t11, h2)
    assert tree.front_matter.level == 0
    assert tree.front_matter.detection == "front-matter"
    assert tree.front_matter.blocks == (cover,)
    assert outline(tree) == [
        (1, "1", "Introduktion", "outline"),
        (2, "1.1", "Vision", "outline"),
        (1, "2", "Organisering og samarbejde", "outline"),
    ]
    intro = tree.sections[0]
    assert intro.heading is h1
    assert intro.blocks == (t1,)
    assert intro.children[0].blocks == (t11,)
    assert intro.confidence == 1.0
    assert list(intro.all_paragraphs()) == [t1, h11, t11]
    assert tree.sections[1].blocks == ()
    assert tree.heading_source == "outline"


def test_skipped_levels_nest_under_the_nearest_shallower_section() -> None:
    tree = tree_of(h(1, "A"), h(3, "A.x"), h(2, "A.b"), h(4, "A.b.y"), h(1, "B"), h(3, "B.z"))
    a, b = tree.sections
    assert [c.title for c in a.children] == ["A.x", "A.b"]
    assert a.children[0].level == 3
    assert [c.title for c in a.children[1].children] == ["A.b.y"]
    assert [c.title for c in b.children] == ["B.z"]


def test_document_starting_deeper_than_level_one() -> None:
    tree = tree_of(h(2, "Først på niveau 2"), h(1, "Så niveau 1"), h(2, "Under"))
    assert [s.title for s in tree.sections] == ["Først på niveau 2", "Så niveau 1"]
    assert [c.title for c in tree.sections[1].children] == ["Under"]


def test_computed_numbering_label_gives_the_number() -> None:
    tree = tree_of(h(2, "Mål", num_label="1.2.", num_id=3, num_level=1))
    (s,) = tree.sections
    assert (s.number, s.title, s.heading_text) == ("1.2", "Mål", "1.2 Mål")


def test_bullet_label_on_a_heading_is_not_a_number() -> None:
    tree = tree_of(h(1, "Mål", num_label="•", num_id=1, num_level=0, is_bullet=True))
    assert (tree.sections[0].number, tree.sections[0].title) == (None, "Mål")


def test_typed_number_is_split_from_the_title() -> None:
    tree = tree_of(h(1, "2. Organisering"), h(2, "3.1 Indsatser rettet mod borger"))
    assert outline(tree) == [
        (1, "2", "Organisering", "outline"),
        (2, "3.1", "Indsatser rettet mod borger", "outline"),
    ]


def test_toc_empty_textbox_header_paragraphs_are_never_headings() -> None:
    toc = h(1, "1. Introduktion 3", in_toc=True)
    empty = h(1, "")
    box = h(1, "Kontakt infohus", location="textbox")
    stray_footer = h(1, "Sidefod", location="footer")
    real = h(1, "1. Introduktion")
    tree = tree_of(toc, empty, box, stray_footer, real)
    assert outline(tree) == [(1, "1", "Introduktion", "outline")]
    assert tree.front_matter.blocks == (toc, empty, box, stray_footer)


def test_headers_and_footers_do_not_enter_the_tree() -> None:
    doc = Document(
        body=(h(1, "Mål"), body()),
        headers=(h(1, "Skive Kommune 2025", location="header"),),
        footers=(para("Side 1", location="footer"),),
    )
    tree = build_tree(doc)
    assert outline(tree) == [(1, None, "Mål", "outline")]


def test_toc_styles_are_not_headings_even_with_an_outline_level() -> None:
    tree = tree_of(
        Paragraph(text="Indholdsfortegnelse", outline_level=0, style_name="TOC Heading"),
        h(1, "Indledning"),
    )
    assert [s.title for s in tree.sections] == ["Indledning"]


def test_title_style_is_front_matter_not_a_section() -> None:
    title = Paragraph(text="Beredskabsplan", style_id="Title", style_name="Title", outline_level=0)
    subtitle = Paragraph(text="Skive Kommune 2025", style_name="Subtitle")
    tree = tree_of(title, subtitle, h(1, "Introduktion"))
    assert tree.front_matter.blocks == (title, subtitle)
    assert [s.title for s in tree.sections] == ["Introduktion"]


def test_mixed_document_uses_outline_headings_only() -> None:
    bold_numbered = bold("2.1 Organisering")
    tree = tree_of(h(1, "1. Introduktion"), body(), bold_numbered, body(), h(1, "2. Mål"))
    assert [s.title for s in tree.sections] == ["Introduktion", "Mål"]
    assert bold_numbered in tree.sections[0].blocks


def test_tables_stay_in_order_among_the_section_blocks() -> None:
    before, after = body("Før tabellen."), body("Efter tabellen.")
    contacts = table([[para("Infohus")], [para("Telefon 99 15 55 00")]])
    tree = tree_of(h(1, "Kontakt"), before, contacts, after, h(1, "Næste"))
    assert tree.sections[0].blocks == (before, contacts, after)
    assert tree_to_dict(tree)["sections"][0]["tables"] == 1


def test_outline_heading_in_a_one_cell_table_opens_its_section() -> None:
    heading = h(1, "2.2 Infohus-samarbejdet", location="table")
    inside = para("Tekst i boksen.", location="table")
    after = body("Tekst efter boksen.")
    tree = tree_of(h(1, "2.1 Organisering"), body(), table([[heading, inside]]), after)
    assert [s.title for s in tree.sections] == ["Organisering", "Infohus-samarbejdet"]
    second = tree.sections[1]
    assert second.heading is heading
    assert second.blocks == (inside, after)


def test_outline_heading_in_a_wide_table_takes_the_table_without_the_heading() -> None:
    heading = h(2, "Kontaktoplysninger", location="table")
    phone = para("Telefon", location="table")
    number = para("99 15 55 00", location="table")
    wide = table([[heading], [para("", location="table")]], [[phone], [number]])
    tree = tree_of(h(1, "Kontakt"), wide)
    (child,) = tree.sections[0].children
    assert child.heading is heading
    (kept,) = child.blocks
    assert isinstance(kept, Table)
    texts = [p.text for p in kept.rows[1].cells[0].blocks + kept.rows[1].cells[1].blocks]
    assert texts == ["Telefon", "99 15 55 00"]
    assert heading not in list(child.own_paragraphs())


def test_no_heading_at_all_leaves_everything_in_the_front_matter() -> None:
    blocks = (body("Første."), body("Anden."))
    tree = tree_of(*blocks)
    assert tree.sections == ()
    assert tree.front_matter.blocks == blocks
    assert tree.heading_source == "none"
    assert build_tree(Document(body=())).front_matter.blocks == ()


def test_first_paragraph_is_the_heading_index_or_the_first_own_paragraph() -> None:
    tree = tree_of(para("Forside", index=0), h(1, "Mål", index=1))
    assert tree.front_matter.first_paragraph == 0
    assert tree.sections[0].first_paragraph == 1


# --- heuristic headings ---------------------------------------------------------------


def test_bold_typed_numbers_become_low_confidence_headings() -> None:
    tree = tree_of(
        bold("1. Introduktion"),
        body(),
        bold("1.2 Mål"),
        body(),
        bold("2. Organisering"),
        body(),
        bold("3.1 Indsatser rettet mod borger"),
        body(),
    )
    assert outline(tree) == [
        (1, "1", "Introduktion", "heuristic"),
        (2, "1.2", "Mål", "heuristic"),
        (1, "2", "Organisering", "heuristic"),
        (2, "3.1", "Indsatser rettet mod borger", "heuristic"),
    ]
    assert all(0 < s.confidence < 1 for s in list(tree.walk())[1:])
    assert tree.heading_source == "heuristic"


def test_plain_typed_number_without_bold_is_a_weaker_heading() -> None:
    tree = tree_of(para("1. Introduktion", font_size=11.0), body(), bold("2. Organisering"), body())
    first, second = tree.sections
    assert first.detection == second.detection == "heuristic"
    assert first.confidence < second.confidence < 1


def test_bold_unnumbered_short_lines_are_level_one_headings() -> None:
    tree = tree_of(bold("Formål og vision"), body(), bold("Mål"), body(), bold("Ansvar"), body())
    assert outline(tree) == [
        (1, None, "Formål og vision", "heuristic"),
        (1, None, "Mål", "heuristic"),
        (1, None, "Ansvar", "heuristic"),
    ]


def test_one_or_two_bold_lines_are_emphasis_not_an_outline() -> None:
    assert tree_of(bold("Vigtigt"), body()).sections == ()
    assert tree_of(bold("Term 1"), body(), bold("Term 2"), body()).sections == ()


def test_a_drop_cap_is_not_a_heading() -> None:
    tree = tree_of(para("D", font_size=56.0), body("rop cap."), body(), body())
    assert tree.sections == ()


def test_plain_paragraph_numbered_by_word_is_a_list_item() -> None:
    items = [
        para("Skolen", num_label="1.", num_id=5, num_level=0, font_size=11.0),
        para("Politiet", num_label="1.1", num_id=5, num_level=1, font_size=11.0),
    ]
    assert tree_of(body(), items[0], body(), items[1], body()).sections == ()


def test_larger_text_counts_like_bold() -> None:
    tree = tree_of(para("Organisering", font_size=14.0), body(), body(), body())
    assert outline(tree) == [(1, None, "Organisering", "heuristic")]
    assert tree.sections[0].confidence < 1


def test_same_size_plain_line_is_not_a_heading() -> None:
    tree = tree_of(para("Organisering", font_size=11.0), body())
    assert tree.sections == ()


def test_computed_numeric_label_in_heuristic_mode() -> None:
    p = bold("Organisering", num_label="2.", num_id=7, num_level=0)
    tree = tree_of(body(), p, body())
    assert outline(tree) == [(1, "2", "Organisering", "heuristic")]


def test_letter_labels_and_bullets_are_list_items_not_headings() -> None:
    tree = tree_of(
        bold("Skolerne", num_label="a)", num_id=2, num_level=0),
        bold("Politiet", num_label="•", num_id=3, num_level=0, is_bullet=True),
        body(),
    )
    assert tree.sections == ()


def test_sentences_and_long_lines_are_not_headings() -> None:
    long_bold = bold("1. " + " ".join(["ord"] * 12))
    tree = tree_of(
        bold("Vi mødes hver måned."),
        bold("Kontakt os på:"),
        bold("Er du bekymret for en person?"),
        long_bold,
        body(),
    )
    assert tree.sections == ()


def test_dates_and_amounts_are_not_numbered_headings() -> None:
    tree = tree_of(bold("24. juni 2025"), bold("3 måneder"), body(), bold("1. Mål"), body())
    assert [s.heading_text for s in tree.sections] == ["1 Mål"]


def test_numbered_question_may_be_a_heading() -> None:
    tree = tree_of(bold("2. Hvem gør hvad?"), body())
    assert outline(tree) == [(1, "2", "Hvem gør hvad?", "heuristic")]


def test_numbered_running_list_of_long_sentences_is_not_headings() -> None:
    items = [
        "1. Skolen kontakter infohus, når en medarbejder er bekymret for en elev i klassen.",
        "2. Kort",
        "3. Infohus vurderer bekymringen sammen med politiet og giver skolen et svar.",
    ]
    auto = [
        Paragraph(text=t.split(" ", 1)[1], bold=True, num_label=f"{i}.", num_id=4, num_level=0)
        for i, t in enumerate(items, start=1)
    ]
    typed = [bold(t) for t in items]
    for blocks in (typed, auto):
        tree = tree_of(body(), *blocks, body())
        assert tree.sections == (), blocks


def test_short_plain_numbered_list_is_not_headings() -> None:
    items = [para(f"{i}. {w}", font_size=11.0) for i, w in enumerate(["Skole", "Politi"], 1)]
    tree = tree_of(body(), *items, body())
    assert tree.sections == ()


def test_consecutive_bold_numbered_headings_are_headings() -> None:
    tree = tree_of(bold("3. Indsatser"), bold("4. Kommunikation"), body())
    assert [s.number for s in tree.sections] == ["3", "4"]


def test_front_page_bold_lines_before_the_first_numbered_heading_are_front_matter() -> None:
    cover = bold("Beredskab til forebyggelse, opsporing og håndtering af ekstremisme")
    town = bold("Skive Kommune")
    tree = tree_of(cover, town, body(), bold("1. Introduktion"), body(), bold("Infohus Skive"))
    assert tree.front_matter.blocks[:2] == (cover, town)
    assert outline(tree) == [
        (1, "1", "Introduktion", "heuristic"),
        (1, None, "Infohus Skive", "heuristic"),
    ]


def test_no_heuristic_headings_inside_tables_or_text_boxes() -> None:
    tree = tree_of(
        table([[bold("1. Kontakt", location="table")]]),
        bold("2. Mål", location="textbox"),
        body(),
    )
    assert tree.sections == ()


def test_toc_lines_never_become_heuristic_headings() -> None:
    toc = [bold(f"{i}. Afsnit {i}", in_toc=True) for i in (1, 2)]
    tree = tree_of(*toc, bold("1. Afsnit 1"), body())
    assert [s.title for s in tree.sections] == ["Afsnit 1"]
    assert tree.front_matter.blocks == tuple(toc)


# --- helpers and JSON shape -----------------------------------------------------------


def test_split_number() -> None:
    assert split_number("1.2 Mål") == ("1.2", "Mål")
    assert split_number("2. Organisering") == ("2", "Organisering")
    assert split_number("3.1. Indsatser") == ("3.1", "Indsatser")
    assert split_number("4) Kommunikation") == ("4", "Kommunikation")
    assert split_number("2025 blev planen vedtaget") == (None, "2025 blev planen vedtaget")
    assert split_number("112 ved fare") == (None, "112 ved fare")
    assert split_number("1.") == (None, "1.")
    assert split_number("1.2Mål") == (None, "1.2Mål")
    assert split_number("Mål") == (None, "Mål")


def test_label_number_and_depth() -> None:
    assert label_number("1.2.") == "1.2"
    assert label_number("a)") == "a"
    assert label_number(" ") is None
    assert label_number(None) is None
    assert number_depth("1.2") == 2
    assert number_depth("3") == 1
    assert number_depth(None) == 0


def test_tree_to_dict_shape() -> None:
    doc = Document(
        body=(
            body("Forside"),
            h(1, "1. Introduktion", index=1),
            body(),
            h(2, "1.2 Mål", index=3),
            para(""),
        ),
        path="plan.docx",
        paragraph_count=5,
    )
    data = tree_to_dict(build_tree(doc))
    assert data["schema"] == "beredskab.tree/1"
    assert data["file"] == "plan.docx"
    assert data["heading_source"] == "outline"
    assert data["section_count"] == 2
    assert data["front_matter"]["detection"] == "front-matter"
    intro = data["sections"][0]
    assert {k: intro[k] for k in ("number", "title", "level", "paragraphs", "first_paragraph")} == {
        "number": "1",
        "title": "Introduktion",
        "level": 1,
        "paragraphs": 1,
        "first_paragraph": 1,
    }
    goal = intro["children"][0]
    assert goal["heading_text"] == "1.2 Mål"
    assert goal["written_text"] == "1.2 Mål"
    assert goal["paragraphs"] == 0  # the empty paragraph does not count
    assert goal["children"] == []


def test_sections_are_frozen() -> None:
    tree = tree_of(h(1, "Mål"))
    section: Section = tree.sections[0]
    try:
        section.title = "x"  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("Section should be frozen")


def test_building_restores_the_garbage_collector() -> None:
    import gc

    doc = Document(body=(h(1, "Formål"), body()))
    assert gc.isenabled()
    assert [s.title for s in build_tree(doc).sections] == ["Formål"]
    assert gc.isenabled()
    gc.disable()
    try:
        build_tree(doc)
        assert not gc.isenabled()
    finally:
        gc.enable()
