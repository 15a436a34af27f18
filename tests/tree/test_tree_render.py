"""The text and JSON renderings of ``beredskab tree`` (pure functions, no reader)."""

from __future__ import annotations

import json

from beredskab.cli.tree_cmd import render_json, render_text
from beredskab.model import Cell, Document, Paragraph, Row, Table
from beredskab.tree import build_tree


def _outline_doc() -> Document:
    box = Table(rows=(Row(cells=(Cell(blocks=(Paragraph("Ring 99 15 61 00"),)),)),))
    return Document(
        body=(
            Paragraph("Beredskabsplan", style_name="Title"),
            box,
            Paragraph("1. Introduktion", outline_level=0, index=2),
            Paragraph("Tekst om planen."),
            Paragraph("Mål", outline_level=1, num_label="1.2.", num_id=1, num_level=1),
            Paragraph("Første mål."),
            Paragraph(""),
        ),
        path="plan.docx",
    )


def test_text_outline_in_danish() -> None:
    text = render_text(build_tree(_outline_doc()), "da", "plan.docx")
    lines = text.splitlines()
    assert lines[0] == "Afsnit i plan.docx"
    assert "typografier for overskrifter" in lines[1]
    assert "Forside og tekst før første overskrift (2 tekstafsnit, 1 tabel)" in lines
    assert "1 Introduktion (overskrift, sikkerhed 100 %, 1 tekstafsnit)" in lines
    assert "  1.2 Mål (overskrift, sikkerhed 100 %, 1 tekstafsnit)" in lines
    assert lines[-1] == "I alt 2 afsnit."


def test_text_outline_in_english_marks_guessed_headings() -> None:
    doc = Document(
        body=(
            Paragraph("2. Organisering", bold=True, font_size=11.0),
            Paragraph("Tekst.", font_size=11.0),
            Paragraph("2.1 Infohus", bold=True, font_size=11.0),
            Paragraph("Tekst.", font_size=11.0),
        )
    )
    text = render_text(build_tree(doc), "en", "plan.docx")
    assert "does not use Word's heading styles" in text
    assert "2 Organisering (guessed, confidence 75%, 1 paragraph)" in text
    assert "  2.1 Infohus (guessed, confidence 75%, 1 paragraph)" in text
    assert text.endswith("2 sections in all. 2 of them are guessed.")


def test_text_without_headings_explains_what_to_do() -> None:
    text = render_text(build_tree(Document(body=(Paragraph("Kun tekst."),))), "da", "x.docx")
    assert "Overskrift 1" in text
    assert text.endswith("I alt 0 afsnit.")


def test_json_is_the_nested_tree_shape() -> None:
    data = json.loads(render_json(build_tree(_outline_doc())))
    assert data["schema"] == "beredskab.tree/1"
    assert data["front_matter"]["tables"] == 1
    (intro,) = data["sections"]
    assert intro["first_paragraph"] == 2
    assert [c["number"] for c in intro["children"]] == ["1.2"]
    assert intro["children"][0]["heading_text"] == "1.2 Mål"
    assert intro["children"][0]["written_text"] == "Mål"
    assert data["front_matter"]["heading_text"] is None
