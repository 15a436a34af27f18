"""Facts extracted from a plan (stage 4): owner, police district, year, adoption,
revision interval, goals, contacts. Each fact keeps its evidence (quoted text and
paragraph) so rules and reports can show where it came from. Deleted tracked-change
text never counts (the reader's accepted view has none).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    """The quoted text (a sentence or a short span around the match)."""
    paragraph: int | None
    location: str = "body"
    """Where it was found: body, table, textbox, header, footer, content-control, core."""


@dataclass(frozen=True, slots=True)
class Found:
    """A value found in the plan with its evidence."""

    value: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Facts:
    municipality: str | None = None
    """Official name, e.g. "Skive Kommune" / "Bornholms Regionskommune"."""
    kommunekode: str | None = None
    municipality_evidence: Evidence | None = None
    municipality_candidates: tuple[str, ...] = ()
    """Other municipalities named as owner candidates (for "names several" findings)."""
    police_district: str | None = None
    """Official name of the district named in the plan, or None."""
    police_district_raw: str | None = None
    """The district as the plan writes it (also when it matches none of the 12)."""
    police_district_evidence: Evidence | None = None
    plan_year: int | None = None
    plan_year_evidence: Evidence | None = None
    adopted: date | None = None
    adopted_by: str | None = None
    """"council" (kommunalbestyrelse/byråd/borgerrepræsentation), "committee",
    "steering-group", "administration", or None when no adoption is stated."""
    adoption_evidence: Evidence | None = None
    revision_interval_years: int | None = None
    interval_evidence: Evidence | None = None
    next_revision_due: date | None = None
    goals: tuple[Found, ...] = ()
    phones: tuple[Found, ...] = ()
    """Danish phone numbers normalised to digits ("41749090", "114", "112")."""
    emails: tuple[Found, ...] = ()
    nsk: Evidence | None = None
    """Evidence that the plan is combined with negativ social kontrol, else None."""
