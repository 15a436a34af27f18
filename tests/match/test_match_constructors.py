"""A heading's place and columns are made by the quicker constructor
(``model.slots_constructor``): the same objects and the same matching as the
dataclasses give."""

from __future__ import annotations

import pytest

from beredskab import match
from beredskab.reader import read_document
from beredskab.rulepack import load_pack
from beredskab.tree import build_tree
from shared_data import shared_path


def test_place_and_column_equal_the_dataclasses() -> None:
    assert match._new_place is not match._Place and match._new_column is not match._Column
    scores = [(0.5, "title")]
    place = match._new_place("1.2", scores, True, False, 0.25)
    assert type(place) is match._Place
    assert place == match._Place(
        number="1.2", parent_text=scores, has_children=True, nested=False, position=0.25
    )
    column = match._new_column(3, "Formål")
    assert type(column) is match._Column and column == match._Column(3, "Formål")


def test_matching_equals_that_of_the_dataclasses(monkeypatch: pytest.MonkeyPatch) -> None:
    sections = load_pack().sections
    for name in ("large-plan.docx", "small-plan.docx"):
        tree = build_tree(read_document(shared_path("corpus", "bench") / name))
        quick = match.match_sections(tree, sections)
        with monkeypatch.context() as patch:
            patch.setattr(match, "_new_place", match._Place)
            patch.setattr(match, "_new_column", match._Column)
            plain = match.match_sections(tree, sections)
        assert quick == plain, name
        assert any(m.section is not None for m in quick.matches.values())
