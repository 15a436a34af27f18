"""The 98 municipalities as the history sees them: code and official name.

A thin adapter over ``beredskab.reference``, so the history depends on three small
functions: ``resolve(name)`` accepts any form a user types ("Skive", "Skive Kommune",
"skive kommune", "Åbenrå", "779"), ``by_code`` looks a code up, and ``all_kommuner()``
lists the 98 in name order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from beredskab import reference
from beredskab.errors import UsageError


@dataclass(frozen=True, slots=True)
class Kommune:
    """A municipality as the history names it: kommunekode and official name."""

    code: str
    """Three-digit kommunekode, e.g. "779"."""
    name: str
    """Official name, e.g. "Skive Kommune"."""
    police_district: str | None = None


def _convert(m: reference.Municipality) -> Kommune:
    return Kommune(code=m.code, name=m.official_name, police_district=m.police_district)


@cache
def all_kommuner() -> tuple[Kommune, ...]:
    """The 98 municipalities, sorted by official name."""
    return tuple(sorted((_convert(m) for m in reference.municipalities()), key=lambda k: k.name))


def by_code(code: str) -> Kommune | None:
    found = reference.municipality_by_code(code.strip().zfill(3))
    return _convert(found) if found is not None else None


def resolve(name: str) -> Kommune:
    """The municipality ``name`` names (name, "X Kommune" or code); ``UsageError`` if none."""
    text = name.strip()
    found = by_code(text) if text.isdigit() else None
    if found is None and not text.isdigit():
        hit = reference.find_municipality(text)
        found = _convert(hit) if hit is not None else None
    if found is None:
        raise UsageError("history.unknown-kommune", name=name)
    return found
