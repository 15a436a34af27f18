"""``model.slots_constructor``: the quicker constructor makes the very objects the
frozen dataclass makes, and falls back on the dataclass when the layouts differ."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from beredskab.model import Cell, Paragraph, Row, slots_constructor


@dataclass(frozen=True, slots=True)
class _Pair:
    left: str
    right: int | None = None


def test_made_objects_equal_the_dataclass() -> None:
    new = slots_constructor(_Pair, "", None)
    assert new is not _Pair
    made = new("a", 3)
    assert type(made) is _Pair
    assert made == _Pair("a", 3) and hash(made) == hash(_Pair("a", 3))
    assert dataclasses.astuple(made) == ("a", 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.left = "b"  # type: ignore[misc]
    with pytest.raises(TypeError):
        new("a")  # every field is given


def test_model_classes() -> None:
    cell = slots_constructor(Cell, (), 1)((), 2)
    assert type(cell) is Cell and cell == Cell((), 2)
    assert slots_constructor(Row, ())(()) == Row(())
    values = ("t", "s", "S", 1, "1.", 2, 0, True, True, 12.0, "body", 7, False, ("u",), True, False)
    names = [f.name for f in dataclasses.fields(Paragraph)]
    made = slots_constructor(Paragraph, *values)(*values)
    assert made == Paragraph(**dict(zip(names, values, strict=True)))


def test_falls_back_on_the_dataclass() -> None:
    @dataclass(frozen=True)  # no slots
    class Plain:
        a: int

    @dataclass(frozen=True, slots=True, weakref_slot=True)
    class Weak:
        a: int

    assert slots_constructor(Plain, 1) is Plain
    assert slots_constructor(Weak, 1) is Weak
    assert slots_constructor(_Pair, "") is _Pair  # a probe value per field
