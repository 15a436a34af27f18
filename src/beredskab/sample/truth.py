"""The known truth of a generated plan, derived from what the generator wrote.

``derive_truth`` reads the written plan (its blocks and the ledger the section builders
filled while writing) and states, per rule of the catalogue (spec/rules.md), the
outcome a correct checker gives: ``pass``, ``fail`` or ``not-applicable``. Nothing here
knows which defects were *intended*; a defect that did not make it into the text does
not fail a rule.

Conventions where the catalogue leaves a choice (also in PHRASES.md):

- INT005 is ``not-applicable`` when no interval is stated (INT004 fails instead).
- IND002 is ``not-applicable`` when no effort is described (IND001 fails instead).
- REF003 is ``not-applicable`` when the hotline's opening hours are not given.
- REV001/REV002: next revision = adoption date as written (any body) or, without one,
  1 January of the plan year, plus the stated interval capped at 4 years (4 when none is
  stated); ``not-applicable`` without date and year.
- STR003 counts a section's own text up to its first sub-heading; every chapter heading
  the generator writes has its own introductory paragraph.

``compare(report, truth)`` lists where a checker's report disagrees with the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from beredskab.results import Report
from beredskab.sample.content import Block, ContactBox, Heading, Para, PlanContent, TableBlock
from beredskab.sample.docx_writer import heading_text
from beredskab.sample.spec import GOAL_IDIOMS, TEMPLATE_SECTIONS, PlanSpec

SECTION_KEYS = tuple(key for key, _ in TEMPLATE_SECTIONS)
REQUIRED = tuple(key for key, need in TEMPLATE_SECTIONS if need == "required")
RECOMMENDED = tuple(key for key, need in TEMPLATE_SECTIONS if need == "recommended")
PLAIN_RULES = (
    "DOC001",
    "DOC002",
    "DOC003",
    "DOC004",
    "DOC005",
    "TPL001",
    "TPL002",
    "TPL003",
    "CON001",
    "CON002",
    "CON003",
    *(f"INT{n:03d}" for n in range(1, 11)),
    *(f"ORG{n:03d}" for n in range(1, 7)),
    "IND001",
    "IND002",
    "KOM001",
    "KOM002",
    "KOM003",
    "KOM004",
    "REF001",
    "REF002",
    "REF003",
    "REV001",
    "REV002",
)
RULE_IDS = ("STR001", "STR002", "STR003", *PLAIN_RULES)
"""Every rule ID of the catalogue (spec/rules.md)."""


FACT_NAMES = (
    "municipality",
    "kommunekode",
    "police_district",
    "plan_year",
    "adopted",
    "revision_interval_years",
    "next_revision_due",
)


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


def _words(text: str) -> int:
    return len(text.split())


def _substantive(blocks: list[Block]) -> bool:
    for b in blocks:
        if isinstance(b, Para) and b.role in ("text", "goal", "effort") and _words(b.text) >= 3:
            return True
        if isinstance(b, TableBlock | ContactBox):
            return True
    return False


def _own_blocks(blocks: tuple[Block, ...], start: int) -> list[Block]:
    out: list[Block] = []
    for b in blocks[start + 1 :]:
        if isinstance(b, Heading):
            break
        out.append(b)
    return out


def _unanswered(blocks: tuple[Block, ...]) -> bool:
    """A template question with no answer after it in its section."""
    for i, b in enumerate(blocks):
        if isinstance(b, Para) and b.role == "question":
            answered = False
            for nxt in blocks[i + 1 :]:
                if isinstance(nxt, Heading):
                    break
                if isinstance(nxt, Para) and nxt.role in ("text", "goal", "effort"):
                    answered = True
                    break
                if isinstance(nxt, TableBlock):
                    answered = True
                    break
            if not answered:
                return True
    return False


def _answered_question(blocks: tuple[Block, ...]) -> bool:
    for i, b in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if (
            isinstance(b, Para)
            and b.role == "question"
            and isinstance(nxt, Para)
            and nxt.role == "text"
        ):
            return True
    return False


def _pf(ok: bool) -> str:
    return "pass" if ok else "fail"


def next_revision(content: PlanContent) -> date | None:
    led = content.ledger
    basis = led.adopted or (date(led.plan_year, 1, 1) if led.plan_year else None)
    if basis is None:
        return None
    return add_years(basis, min(led.interval or 4, 4))


def derive_truth(spec: PlanSpec, content: PlanContent, file_name: str) -> dict[str, Any]:
    """The truth file's content for one written plan."""
    led, blocks = content.ledger, content.blocks
    muni = spec.muni
    sections: dict[str, dict[str, Any]] = {k: {"present": False} for k in SECTION_KEYS}
    substantive: dict[str, bool] = {}
    order: list[str] = []
    for i, b in enumerate(blocks):
        if isinstance(b, Heading):
            for key in b.keys:
                sections[key] = {
                    "present": True,
                    "heading": heading_text(spec, b),
                    "title": b.title,
                    "level": b.level,
                }
                if len(b.keys) > 1:
                    sections[key]["merged_with"] = [k for k in b.keys if k != key]
                substantive[key] = _substantive(_own_blocks(blocks, i))
                order.append(key)
    paras = [b for b in blocks if isinstance(b, Para)] + [
        p for b in blocks if isinstance(b, ContactBox) for p in b.paras
    ]
    tracked = any(k in ("ins", "del") for p in paras for k, _ in p.segs)
    comments = any(p.comment for p in paras)
    f = led.features
    o: dict[str, str] = {}
    o["DOC001"] = "pass"
    o["DOC002"] = _pf(not tracked and not comments)
    o["DOC003"] = _pf(led.municipality_named)
    o["DOC004"] = _pf(led.plan_year is not None or led.adopted is not None)
    o["DOC005"] = _pf("nsk" not in f)
    for key in REQUIRED:
        o[f"STR001:{key}"] = _pf(sections[key]["present"])
    for key in RECOMMENDED:
        o[f"STR002:{key}"] = _pf(sections[key]["present"])
    for key in SECTION_KEYS:
        if sections[key]["present"]:
            o[f"STR003:{key}"] = _pf(substantive[key])
    o["TPL001"] = _pf("placeholder" not in f and not any(p.role == "placeholder" for p in paras))
    o["TPL002"] = _pf(not any(p.role == "guidance" for p in paras))
    o["TPL003"] = _pf(not _unanswered(blocks))
    o["CON001"] = _pf(bool(led.local_phones) and bool(led.emails))
    o["CON002"] = _pf("hotline-correct" in f)
    o["CON003"] = _pf({"police-114", "police-112"} <= f)
    o["INT001"] = _pf("scope-all-ages" in f)
    o["INT002"] = _pf(3 <= len(led.goals) <= 5)
    o["INT003"] = _pf("levels" in f)
    o["INT004"] = _pf(led.interval is not None)
    o["INT005"] = "not-applicable" if led.interval is None else _pf(led.interval <= 4)
    o["INT006"] = _pf(led.adopted is not None and led.adopted_by == "council")
    o["INT007"] = _pf({"defs-extremism", "defs-radicalisation"} <= f)
    o["INT008"] = _pf({"signs-individual", "signs-social"} <= f)
    o["INT009"] = _pf("legal-scope" in f)
    o["INT010"] = _pf("forms-4" in f)
    o["ORG001"] = _pf("infohus-meetings" in f)
    o["ORG002"] = _pf("network-meetings" in f)
    o["ORG003"] = _pf(led.police_official == muni.police_district)
    o["ORG004"] = _pf({"procedure-who", "procedure-contact", "procedure-steps"} <= f)
    o["ORG005"] = _pf("assessment-tool" in f)
    o["ORG006"] = _pf("registration" in f)
    o["IND001"] = _pf(bool(led.efforts))
    o["IND002"] = "not-applicable" if not led.efforts else _pf(all(ok for _, ok in led.efforts))
    o["KOM001"] = _pf("published" in f)
    o["KOM002"] = _pf("training-plan" in f)
    o["KOM003"] = _pf("acute-coordination" in f)
    o["KOM004"] = _pf("press-handling" in f)
    o["REF001"] = _pf("ncfe-current" not in f)
    o["REF002"] = _pf(not ({"law-serviceloven-19", "law-12b-over-18"} & f))
    o["REF003"] = (
        "not-applicable" if led.hotline_hours is None else _pf(led.hotline_hours == "8-22")
    )
    due = next_revision(content)
    if due is None:
        o["REV001"] = o["REV002"] = "not-applicable"
    else:
        o["REV001"] = _pf(due > spec.as_of)
        o["REV002"] = _pf(due > add_months(spec.as_of, 6))

    defects = set(spec.defects)
    if not comments:
        defects.discard("open-comments")
    if not tracked:
        defects.discard("pending-tracked-changes")
    if o["REV001"] == "fail":
        defects.add("overdue")
    elif o["REV002"] == "fail":
        defects.add("due-soon")
    idioms = set(spec.idioms)
    realised = {
        "merged-sections": any(isinstance(b, Heading) and len(b.keys) > 1 for b in blocks),
        "tracked-changes": tracked,
        "comments": comments,
        "answered-questions": _answered_question(blocks),
        "committee-then-council": "committee-then-council" in f,
        "former-centre-name": "ncfe-former" in f,
        "informal-police-district": led.police_raw is not None
        and led.police_raw != led.police_official,
        "reordered-sections": order != sorted(order, key=SECTION_KEYS.index),
        "efforts-table": any(
            isinstance(b, TableBlock) and b.rows[0][:2] == ("Indsats", "Indhold") for b in blocks
        ),
        "efforts-subsections": bool(sections["efforts.citizen"]["present"]),
    }
    if not led.goals:
        realised |= {name: False for name in GOAL_IDIOMS}
    for name, ok in realised.items():
        if ok:
            idioms.add(name)
        else:
            idioms.discard(name)
    facts = {
        "municipality": muni.official_name if led.municipality_named else None,
        "kommunekode": muni.code if led.municipality_named else None,
        "police_district": led.police_official,
        "police_district_raw": led.police_raw,
        "plan_year": led.plan_year,
        "adopted": led.adopted.isoformat() if led.adopted else None,
        "adopted_by": led.adopted_by,
        "revision_interval_years": led.interval,
        "next_revision_due": due.isoformat() if due else None,
        "goal_count": len(led.goals),
        "goals": list(led.goals),
        "phones": list(led.phones),
        "emails": list(led.emails),
        "local_phones": list(led.local_phones),
        "efforts": [name for name, _ in led.efforts],
    }
    return {
        **_identity(spec, file_name),
        "readable": True,
        "facts": facts,
        "sections": sections,
        "outcomes": o,
        "idioms": sorted(idioms),
        "defects": sorted(defects),
    }


def _identity(spec: PlanSpec, file_name: str) -> dict[str, Any]:
    """Which plan a truth file is about: file, municipality, version, dates, seed."""
    return {
        "file": file_name,
        "kommune": spec.muni.official_name,
        "kommunekode": spec.muni.code,
        "version": spec.version,
        "received": spec.received.isoformat(),
        "as_of": spec.as_of.isoformat(),
        "seed": spec.seed,
    }


def unreadable_truth(spec: PlanSpec, file_name: str) -> dict[str, Any]:
    """The truth of a file that cannot be read (a truncated upload): DOC001 is ``error``
    and no other rule can be evaluated, so no other outcome is stated."""
    return {
        **_identity(spec, file_name),
        "readable": False,
        "facts": {name: None for name in FACT_NAMES} | {"goal_count": 0, "goals": []},
        "sections": {},
        "outcomes": {"DOC001": "error"},
        "idioms": [],
        "defects": ["unreadable-file"],
    }


# ---------------------------------------------------------------- comparing a report


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One place where a checker's report and the truth differ."""

    kind: str
    """"outcome" (a rule's result), "fact" (a key fact) or "section" (found or not)."""
    rule: str
    """Rule ID, fact name or section key."""
    section: str | None
    expected: Any
    actual: Any

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.section}" if self.section else self.rule


def _split(key: str) -> tuple[str, str | None]:
    rule, _, section = key.partition(":")
    return rule, section or None


def compare(report: Report, truth: dict[str, Any]) -> list[Disagreement]:
    """Where ``report`` differs from ``truth``: every rule outcome the truth states (a
    result missing from the report counts as ``missing``), the key facts, and which
    template sections were found."""
    out: list[Disagreement] = []
    results: dict[tuple[str, str | None], str] = {
        (r.rule, r.section): r.outcome for r in report.results
    }
    for key, expected in truth["outcomes"].items():
        rule, section = _split(key)
        # A rule the report left out counts as "missing".
        actual = results.get((rule, section), "missing")
        if actual != expected:
            out.append(Disagreement("outcome", rule, section, expected, actual))
    plan = report.plan
    facts = truth["facts"]
    got = {
        "municipality": plan.municipality,
        "kommunekode": plan.kommunekode,
        "police_district": plan.police_district,
        "plan_year": plan.plan_year,
        "adopted": plan.adopted.isoformat() if plan.adopted else None,
        "revision_interval_years": plan.revision_interval_years,
        "next_revision_due": plan.next_revision_due.isoformat() if plan.next_revision_due else None,
    }
    for name in FACT_NAMES:
        if facts.get(name) != got[name]:
            out.append(Disagreement("fact", name, None, facts.get(name), got[name]))
    if len(plan.goals) != facts["goal_count"]:
        out.append(Disagreement("fact", "goal_count", None, facts["goal_count"], len(plan.goals)))
    found = {s.key: s.found for s in report.sections}
    for key, info in truth["sections"].items():
        actual_found = found.get(key, False)
        if bool(info["present"]) != actual_found:
            out.append(Disagreement("section", key, None, info["present"], actual_found))
    return out
