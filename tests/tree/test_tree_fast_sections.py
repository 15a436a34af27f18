"""Sections are made by the quicker constructor (``model.slots_constructor``): the same
sections as the dataclass makes, and the same trees."""

from __future__ import annotations

import pytest

from beredskab import tree as T
from beredskab.model import Paragraph
from beredskab.reader import read_document
from shared_data import shared_path


def test_new_section_equals_the_dataclass() -> None:
    assert T._new_section is not T.Section  # the quicker constructor is in use
    heading = Paragraph("1 Mål", index=3)
    args = ("Mål", "1", 1, "outline", 1.0, heading, (Paragraph("x"),), ())
    made = T._new_section(*args)
    plain = T.Section(*args)
    assert type(made) is T.Section and made == plain and hash(made) == hash(plain)


def test_trees_equal_those_of_the_dataclass(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("large-plan.docx", "small-plan.docx"):
        document = read_document(shared_path("corpus", "bench") / name)
        quick = T.build_tree(document)
        with monkeypatch.context() as patch:
            patch.setattr(T, "_new_section", T.Section)
            plain = T.build_tree(document)
        assert quick == plain, name
        assert sum(1 for _ in quick.walk()) > 10
