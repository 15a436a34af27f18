"""The generator's choices for one plan: who, when, which authoring idioms, which defects.

Choices are drawn here, once, from a seeded ``random.Random``; the builders
(``beredskab.sample.prose``) turn them into text and the truth is derived from that text.
A municipality keeps a *profile* across its versions (heading idiom, contact details,
phrasing seed), as a real municipality edits last period's document rather than writing
a new one; each version has its own dates and defects.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from beredskab.reference import Municipality

HEADING_IDIOMS = (
    "builtin-headings-typed-numbers",
    "auto-numbered-headings",
    "danish-style-ids",
    "custom-heading-style",
    "bold-manual-headings",
)
GOAL_IDIOMS = ("goals-bullets", "goals-numbered", "goals-table", "goals-maal-paragraphs")
CONTACT_IDIOMS = ("contact-table", "contact-textbox")
EFFORT_IDIOMS = ("efforts-subsections", "efforts-table")
NOISE_IDIOMS = (
    "split-runs",
    "rsid",
    "proof-errors",
    "bookmarks-in-headings",
    "soft-hyphens",
    "nbsp",
)
OTHER_IDIOMS = (
    "toc-field",
    "content-control",
    "header-footer",
    "tracked-changes",
    "comments",
    "nsk-combined",
    "merged-sections",
    "reordered-sections",
    "informal-police-district",
    "answered-questions",
    "committee-then-council",
    "former-centre-name",
)
IDIOMS: tuple[str, ...] = (
    HEADING_IDIOMS + GOAL_IDIOMS + CONTACT_IDIOMS + EFFORT_IDIOMS + NOISE_IDIOMS + OTHER_IDIOMS
)
"""Every authoring idiom a default corpus contains (a test checks each one occurs)."""

TEMPLATE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("intro", ""),
    ("intro.vision", "required"),
    ("intro.goals", "required"),
    ("intro.responsibility", "required"),
    ("intro.definitions", "required"),
    ("org", ""),
    ("org.organisation", "required"),
    ("org.infohus", "required"),
    ("org.infohus_municipality", "recommended"),
    ("org.procedure", "required"),
    ("org.network", "recommended"),
    ("efforts", "required"),
    ("efforts.citizen", "recommended"),
    ("efforts.surroundings", "recommended"),
    ("efforts.professionals", "recommended"),
    ("comms", ""),
    ("comms.dissemination", "required"),
    ("comms.training", "required"),
    ("comms.acute", "required"),
)
"""The template's section keys in its order (spec/rules.md, "Section keys"), each with
its requirement: "required" (STR001), "recommended" (STR002) or "" (a chapter)."""

# Required sections a plan may lack (STR001) and recommended ones (STR002).
MISSABLE_REQUIRED = (
    "intro.goals",
    "intro.responsibility",
    "intro.definitions",
    "org.procedure",
    "comms.training",
    "comms.acute",
)
EMPTYABLE = ("intro.vision", "org.organisation", "comms.dissemination", "comms.training")

DEFECTS: tuple[str, ...] = (
    "pending-tracked-changes",
    "open-comments",
    "nsk-combined",
    *(f"section-missing:{k}" for k in MISSABLE_REQUIRED),
    "recommended-missing:org.network",
    "recommended-missing:org.infohus_municipality",
    "efforts-not-by-target-group",
    *(f"empty-section:{k}" for k in EMPTYABLE),
    "placeholder-left",
    "guidance-left",
    "unanswered-question",
    "contact-no-email",
    "contact-no-phone",
    "hotline-wrong-number",
    "hotline-missing",
    "police-112-missing",
    "police-114-missing",
    "scope-children-only",
    "goals-too-few",
    "goals-too-many",
    "responsibility-levels-missing",
    "interval-missing",
    "interval-five-years",
    "adopted-by-committee",
    "adoption-missing",
    "radicalisation-undefined",
    "concern-signs-missing",
    "legal-scope-missing",
    "forms-outdated",
    "infohus-meetings-missing",
    "network-meetings-missing",
    "wrong-police-district",
    "police-district-missing",
    "procedure-incomplete",
    "assessment-tool-missing",
    "registration-missing",
    "no-efforts",
    "effort-owner-missing",
    "publication-missing",
    "training-plan-missing",
    "acute-coordination-missing",
    "press-handling-missing",
    "ncfe-as-current",
    "stale-law-12b",
    "stale-law-serviceloven",
    "hotline-hours-8-21",
    "blank-template",
    "unreadable-file",
)
"""Defects the generator can seed (the truth lists those seeded in each plan; REV
defects "overdue"/"due-soon" are added from the dates)."""

# Defects that exclude each other (the first of a pair wins).
_CONFLICTS = (
    ("hotline-missing", "hotline-wrong-number"),
    ("hotline-missing", "hotline-hours-8-21"),
    ("no-efforts", "effort-owner-missing"),
    ("no-efforts", "efforts-not-by-target-group"),
    ("adoption-missing", "adopted-by-committee"),
    ("interval-missing", "interval-five-years"),
    ("goals-too-few", "goals-too-many"),
    ("police-district-missing", "wrong-police-district"),
    ("contact-no-email", "contact-no-phone"),
    ("scope-children-only", "legal-scope-missing"),
    # An exit programme "til personer over 18 år" would blur a children-only scope.
    ("scope-children-only", "stale-law-12b"),
    ("section-missing:intro.goals", "goals-too-few"),
    ("section-missing:intro.goals", "goals-too-many"),
    ("section-missing:intro.definitions", "radicalisation-undefined"),
    ("section-missing:intro.definitions", "concern-signs-missing"),
    ("section-missing:intro.definitions", "forms-outdated"),
    ("section-missing:intro.responsibility", "responsibility-levels-missing"),
    ("section-missing:intro.responsibility", "interval-missing"),
    ("section-missing:intro.responsibility", "interval-five-years"),
    ("section-missing:org.procedure", "procedure-incomplete"),
    ("section-missing:org.procedure", "assessment-tool-missing"),
    ("section-missing:org.procedure", "registration-missing"),
    ("section-missing:comms.training", "training-plan-missing"),
    ("section-missing:comms.training", "empty-section:comms.training"),
    ("section-missing:comms.acute", "acute-coordination-missing"),
    ("section-missing:comms.acute", "press-handling-missing"),
    ("recommended-missing:org.network", "network-meetings-missing"),
    ("empty-section:comms.dissemination", "publication-missing"),
    ("empty-section:comms.training", "training-plan-missing"),
)
# Defects a decent plan may still have (mostly warnings).
LIGHT_DEFECTS = (
    "recommended-missing:org.network",
    "efforts-not-by-target-group",
    "training-plan-missing",
    "press-handling-missing",
    "guidance-left",
    "unanswered-question",
    "effort-owner-missing",
    "registration-missing",
    "assessment-tool-missing",
    "network-meetings-missing",
    "hotline-hours-8-21",
    "radicalisation-undefined",
    "infohus-meetings-missing",
    "scope-children-only",
)

NCFE_MERGED = date(2022, 10, 10)
BARNETS_LOV = date(2024, 4, 1)


@dataclass(frozen=True, slots=True)
class Profile:
    """What stays the same across a municipality's versions."""

    muni: Municipality
    seed: int
    heading_idiom: str
    idioms: frozenset[str]
    council: str
    """How the municipality names its council: "Byrådet", "Kommunalbestyrelsen" …"""
    phone: str
    """Local infohus phone number, 8 digits."""
    email: str
    domain: str
    contact_person: str


@dataclass(frozen=True, slots=True)
class PlanSpec:
    """Everything chosen for one generated plan: municipality, version, idioms and defects."""

    profile: Profile
    version: int
    seed: int
    as_of: date
    adopted: date
    """The adoption date (written unless the plan omits it: defect adoption-missing)."""
    received: date
    interval: int
    """The revision interval the plan states (4 for "mindst hvert fjerde år")."""
    interval_phrase: str
    """"min4", "every4", "by-year", "every2", "every3", "every5" or "none"."""
    defects: frozenset[str]
    idioms: frozenset[str]
    generation: dict[str, int] = field(default_factory=dict)
    """Per section key: which phrasing generation the text uses (edits between versions)."""

    @property
    def muni(self) -> Municipality:
        return self.profile.muni

    @property
    def blank(self) -> bool:
        return "blank-template" in self.defects

    def has(self, defect: str) -> bool:
        return defect in self.defects

    def idiom(self, name: str) -> bool:
        return name in self.idioms


_COUNCILS_BYRAAD = {"751", "851", "461", "779", "791", "657", "661", "615", "621", "630"}


def _council(muni: Municipality) -> str:
    if muni.code == "101":
        return "Borgerrepræsentationen"
    if muni.code == "400":
        return "Kommunalbestyrelsen"
    if muni.code in _COUNCILS_BYRAAD or int(muni.code) % 3 == 0:
        return "Byrådet"
    return "Kommunalbestyrelsen"


def slug(name: str) -> str:
    """A safe ASCII file-name stem for a municipality's short name."""
    low = name.lower()
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), (" ", "-")):
        low = low.replace(a, b)
    return "".join(ch for ch in low if ch.isalnum() or ch == "-")


_FIRST = ("Mette", "Lars", "Sofie", "Anders", "Hanne", "Jesper", "Line", "Kasper", "Pia", "Ali")
_LAST = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Larsen", "Sørensen", "Holm")


def _weighted(rng: random.Random, options: dict[str, float]) -> str:
    return rng.choices(list(options), weights=list(options.values()))[0]


def make_profile(muni: Municipality, seed: int) -> Profile:
    rng = random.Random(f"profile:{seed}:{muni.code}")
    heading = _weighted(
        rng,
        {
            "builtin-headings-typed-numbers": 30,
            "auto-numbered-headings": 20,
            "danish-style-ids": 20,
            "custom-heading-style": 15,
            "bold-manual-headings": 15,
        },
    )
    idioms = {heading}
    idioms.add(rng.choice(GOAL_IDIOMS))
    idioms.add("contact-table" if rng.random() < 0.55 else "contact-textbox")
    idioms.add("efforts-subsections" if rng.random() < 0.8 else "efforts-table")
    styled = heading != "bold-manual-headings"
    if styled and rng.random() < 0.45:
        idioms |= {"toc-field", "bookmarks-in-headings"}
    elif styled and rng.random() < 0.4:
        idioms.add("bookmarks-in-headings")
    for name, p in (
        ("content-control", 0.3),
        ("header-footer", 0.75),
        ("nsk-combined", 0.08),
        ("merged-sections", 0.2),
        ("reordered-sections", 0.2),
        ("informal-police-district", 0.2),
        ("split-runs", 0.8),
        ("rsid", 0.85),
        ("proof-errors", 0.6),
        ("soft-hyphens", 0.35),
        ("nbsp", 0.6),
    ):
        if rng.random() < p:
            idioms.add(name)
    domain = "kk.dk" if muni.code == "101" else f"{slug(muni.name)}.dk"
    phone = str(rng.choice((7, 9, 4, 3, 8))) + "".join(str(rng.randrange(10)) for _ in range(7))
    if phone == "41749090":
        phone = "96157600"
    mailbox = rng.choice(("infohus", "sspinfohus", "ekstremisme", "bekymring", "radikalisering"))
    return Profile(
        muni=muni,
        seed=rng.randrange(1 << 30),
        heading_idiom=heading,
        idioms=frozenset(idioms),
        council=_council(muni),
        phone=phone,
        email=f"{mailbox}@{domain}",
        domain=domain,
        contact_person=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
    )


def resolve_conflicts(defects: set[str]) -> frozenset[str]:
    out = set(defects)
    for first, second in _CONFLICTS:
        if first in out and second in out:
            out.discard(second)
    return frozenset(out)


def _months(n: float) -> timedelta:
    return timedelta(days=round(n * 30.44))


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def era_defects(rng: random.Random, adopted: date) -> set[str]:
    """The stale references a plan of its time naturally carries."""
    out: set[str] = set()
    if adopted < NCFE_MERGED and rng.random() < 0.7:
        out.add("ncfe-as-current")
    if adopted < BARNETS_LOV and rng.random() < 0.55:
        out.add("stale-law-serviceloven")
    if adopted < date(2023, 1, 1) and rng.random() < 0.7:
        out.add("forms-outdated")
    if adopted < date(2021, 6, 1) and rng.random() < 0.4:
        out.add("hotline-hours-8-21")
    if adopted < date(2023, 1, 1) and rng.random() < 0.15:
        out.add("stale-law-12b")
    return out


def tier_defects(rng: random.Random, tier: str) -> set[str]:
    pool = [d for d in DEFECTS if d not in ("blank-template", "unreadable-file", "nsk-combined")]
    pool = [d for d in pool if d not in ("pending-tracked-changes", "open-comments")]
    if tier == "good":
        return set(rng.sample(LIGHT_DEFECTS, rng.choice((0, 0, 1))))
    if tier == "fair":
        return set(rng.sample(LIGHT_DEFECTS, 1)) | set(rng.sample(pool, rng.randint(1, 3)))
    return set(rng.sample(pool, rng.randint(5, 9)))


def choose_interval(rng: random.Random, defects: set[str]) -> tuple[int, str]:
    if "interval-missing" in defects:
        return 4, "none"
    if "interval-five-years" in defects:
        return 5, "every5"
    phrase = _weighted(rng, {"min4": 45, "every4": 20, "by-year": 10, "every2": 15, "every3": 10})
    return {"every2": 2, "every3": 3}.get(phrase, 4), phrase


def draw_adoption(rng: random.Random, as_of: date, interval: int, status: str) -> date:
    """An adoption date whose next revision (adoption + interval, at most 4 years) puts
    the plan in ``status`` (current, due-soon, overdue) on ``as_of``."""
    years = min(interval, 4)
    if status == "current":
        lo, hi = _months(7.5), _months(12 * years) - timedelta(days=40)
        if hi <= lo:
            hi = lo + timedelta(days=30)
    elif status == "due-soon":
        lo, hi = timedelta(days=25), _months(5)
    else:
        lo, hi = -_months(30), -timedelta(days=25)
    due = as_of + timedelta(days=rng.randint(lo.days, hi.days))
    adopted = _add_years(due, -years)
    # Councils do not meet in July.
    if adopted.month == 7:
        adopted = adopted.replace(day=min(adopted.day, 28), month=6)
    return adopted


def plan_specs(profile: Profile, versions: int, as_of: date, seed: int) -> list[PlanSpec]:
    """One municipality's plans, oldest first."""
    rng = random.Random(f"plans:{seed}:{profile.muni.code}")
    status = _weighted(rng, {"current": 70, "due-soon": 8, "overdue": 22})
    tier = _weighted(rng, {"good": 55, "fair": 28, "poor": 13, "blank": 4})
    if tier == "blank":
        versions = 1
    specs: list[PlanSpec] = []
    later: date | None = None
    for k in range(versions, 0, -1):
        latest = k == versions
        defects = tier_defects(rng, tier if latest or tier != "blank" else "fair")
        if latest and tier == "blank":
            defects = {"blank-template"}
        interval, phrase = choose_interval(rng, defects)
        if later is None:
            adopted = draw_adoption(rng, as_of, interval, status)
        else:
            adopted = _add_years(later, -4) + timedelta(days=rng.randint(-150, 200))
            if adopted > later - timedelta(days=400):
                adopted = later - timedelta(days=400)
        if not (tier == "blank" and latest):
            defects |= era_defects(rng, adopted)
        idioms = set(profile.idioms)
        if rng.random() < 0.12:
            idioms.add("tracked-changes")
            defects.add("pending-tracked-changes")
        if rng.random() < 0.14:
            idioms.add("comments")
            defects.add("open-comments")
        if rng.random() < 0.12:
            idioms.add("answered-questions")
        if rng.random() < 0.12:
            idioms.add("committee-then-council")
        if "nsk-combined" in idioms:
            defects.add("nsk-combined")
        if "efforts-table" in idioms:
            defects.add("efforts-not-by-target-group")
        elif "efforts-not-by-target-group" in defects:
            idioms.discard("efforts-subsections")
            idioms.add("efforts-table")
        if "ncfe-as-current" not in defects and adopted >= NCFE_MERGED and rng.random() < 0.3:
            idioms.add("former-centre-name")
        received = min(adopted + timedelta(days=rng.randint(3, 45)), as_of)
        spec = PlanSpec(
            profile=profile,
            version=k,
            seed=rng.randrange(1 << 30),
            as_of=as_of,
            adopted=adopted,
            received=received,
            interval=interval,
            interval_phrase=phrase,
            defects=resolve_conflicts(defects),
            idioms=frozenset(idioms),
        )
        if "blank-template" in defects:
            spec = as_blank(spec, rng.randint(20, 300))
        specs.append(spec)
        later = adopted
    specs.reverse()
    # Realistic edits: a later version rephrases some sections and keeps the rest.
    out = []
    for spec in specs:
        gen = {}
        erng = random.Random(f"edits:{seed}:{profile.muni.code}:{spec.version}")
        for key in _SECTION_KEYS:
            gen[key] = spec.version if spec.version > 1 and erng.random() < 0.35 else 1
        out.append(replace(spec, generation=gen))
    return out


_SECTION_KEYS = (
    "front",
    *(key for key, _ in TEMPLATE_SECTIONS if not key.startswith("efforts.")),
    "nsk",
)
"""What the generator writes (and a later version edits) as one unit: the front
matter, each template section (the efforts chapter with its target groups), the NSK."""


_NOT_IN_BLANK = frozenset(
    set(HEADING_IDIOMS)
    | set(GOAL_IDIOMS)
    | set(EFFORT_IDIOMS)
    | {"content-control", "tracked-changes", "comments", "merged-sections"}
    | {"reordered-sections", "nsk-combined", "answered-questions", "header-footer"}
    | {"informal-police-district", "committee-then-council", "former-centre-name"}
)


def as_blank(spec: PlanSpec, days_before: int = 60) -> PlanSpec:
    """The same municipality submitting CDE's blank template instead of a plan."""
    idioms = (spec.idioms - _NOT_IN_BLANK) | {"builtin-headings-typed-numbers"}
    return replace(
        spec,
        version=1,
        defects=frozenset({"blank-template"}),
        idioms=frozenset(idioms),
        received=spec.as_of - timedelta(days=days_before),
    )
