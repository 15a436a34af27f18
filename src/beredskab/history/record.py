"""What the history keeps of one analysed plan, as plain JSON-ready values.

Pure functions, no database: ``snapshot_sections`` turns the section tree and the
matching into rows (heading and own text of every section, keyed by the template key it
matched, or — for sections matched to no key — by their heading), ``facts_dict`` keeps
the extracted facts that a revision diff and the due list compare, and
``result_to_dict``/``report_meta`` store a report's results and other fields, which
``result_from_dict``/``report_from_stored`` rebuild into an equal ``Report``
(``current_reports`` serves the dashboard from these). The conversion itself is the JSON
report's (``formatters.json_format``); only the stored shape's two differences are
bridged here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from beredskab.facts import Evidence, Facts
from beredskab.formatters import json_format
from beredskab.match import Matching
from beredskab.results import PlanInfo, Report, Result
from beredskab.text import normalise
from beredskab.tree import Section, SectionTree

FRONT_MATTER = "front-matter"
"""Snapshot ``kind`` of the text before the first heading (kept, not diffed)."""


@dataclass(frozen=True, slots=True)
class SectionSnapshot:
    """One section of one stored version, as the diff sees it."""

    position: int
    """Order in the document (0 = front matter)."""
    key: str | None
    """Template key the section matched, or None for a section matched to no key."""
    heading: str
    """The heading as the reader sees it ("1.2 Mål"); empty for the front matter."""
    title: str
    number: str | None
    level: int
    text: str
    """The section's own paragraphs (children excluded), one per line."""
    paragraph: int | None = None

    @property
    def identity(self) -> str:
        """What makes two versions' sections "the same section": the template key, else
        the heading's title (without its number, so renumbering is a rename, not a
        removal plus an addition)."""
        if self.key is not None:
            return f"key:{self.key}"
        if self.level == 0:
            return FRONT_MATTER
        return f"heading:{normalise(self.title)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "key": self.key,
            "heading": self.heading,
            "title": self.title,
            "number": self.number,
            "level": self.level,
            "text": self.text,
            "paragraph": self.paragraph,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectionSnapshot:
        return cls(
            position=int(data["position"]),
            key=data.get("key"),
            heading=str(data.get("heading") or ""),
            title=str(data.get("title") or ""),
            number=data.get("number"),
            level=int(data.get("level") or 0),
            text=str(data.get("text") or ""),
            paragraph=data.get("paragraph"),
        )


def _own_text(section: Section) -> str:
    return "\n".join(p.text for p in section.own_paragraphs() if p.text)


def snapshot_sections(tree: SectionTree, matching: Matching) -> tuple[SectionSnapshot, ...]:
    """Every section of the tree in document order with the keys it matched.

    A section matched to two keys (a merged heading, "Formål, vision og mål") gives one
    row per key, so each key can be compared on its own across versions."""
    keys_by_section: dict[int, list[str]] = {}
    for key, match in matching.matches.items():
        if match.section is not None:
            keys_by_section.setdefault(id(match.section), []).append(key)
    rows: list[SectionSnapshot] = []
    for position, section in enumerate(tree.walk()):
        keys: list[str | None] = list(sorted(keys_by_section.get(id(section), [])))
        if not keys or section.level == 0:
            keys = [None]
        for matched in keys:
            rows.append(
                SectionSnapshot(
                    position=position,
                    key=matched,
                    heading=section.heading_text if section.level else "",
                    title=section.title if section.level else "",
                    number=section.number,
                    level=section.level,
                    text=_own_text(section),
                    paragraph=section.first_paragraph,
                )
            )
    return tuple(rows)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _evidence(ev: Evidence | None) -> dict[str, Any] | None:
    if ev is None:
        return None
    return {"text": ev.text, "paragraph": ev.paragraph, "location": ev.location}


def facts_dict(facts: Facts) -> dict[str, Any]:
    """The facts a diff compares and the due list reads, JSON-ready, with evidence."""
    return {
        "municipality": facts.municipality,
        "kommunekode": facts.kommunekode,
        "police_district": facts.police_district,
        "police_district_raw": facts.police_district_raw,
        "plan_year": facts.plan_year,
        "adopted": _iso(facts.adopted),
        "adopted_by": facts.adopted_by,
        "revision_interval_years": facts.revision_interval_years,
        "next_revision_due": _iso(facts.next_revision_due),
        "goals": [g.value for g in facts.goals],
        "contacts": {
            "phones": [p.value for p in facts.phones],
            "emails": [e.value for e in facts.emails],
        },
        "nsk": facts.nsk is not None,
        "evidence": {
            "municipality": _evidence(facts.municipality_evidence),
            "police_district": _evidence(facts.police_district_evidence),
            "plan_year": _evidence(facts.plan_year_evidence),
            "adopted": _evidence(facts.adoption_evidence),
            "revision_interval_years": _evidence(facts.interval_evidence),
        },
    }


def parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# -- results and reports ---------------------------------------------------------------
#
# One implementation of the report <-> dict conversion: the JSON report's
# (``beredskab.formatters.json_format``). The history's stored shape differs from the
# report contract in two places only, bridged here so existing databases still load and
# their digests stay the same: a stored result keeps every language in ``message`` (no
# single-language text, no ``waived``), and the stored plan keeps ``phones`` and
# ``emails`` beside the other facts rather than under ``contacts``.

_CONTRACT_ONLY = ("message", "waived", "messages")


def result_to_dict(result: Result) -> dict[str, Any]:
    """A result as stored: the report's result object, ``message`` holding all languages."""
    contract = json_format.result_to_dict(result, "da")
    stored = {k: v for k, v in contract.items() if k not in _CONTRACT_ONLY}
    stored["message"] = contract["messages"]
    return stored


def result_from_dict(data: dict[str, Any]) -> Result:
    return json_format.result_from_dict({**data, "messages": data.get("message")})


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def dumps(value: Any) -> str:
    """Compact, key-sorted JSON (dates as ISO strings) for storage and hashing."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default
    )


def _stored_plan(plan: PlanInfo) -> dict[str, Any]:
    stored: dict[str, Any] = {}
    for key, value in json_format.plan_to_dict(plan).items():
        if key == "contacts":
            stored.update(value)  # phones, emails
        else:
            stored[key] = value
    return stored


def _contract_plan(stored: dict[str, Any]) -> dict[str, Any]:
    contacts = {"phones": stored.get("phones"), "emails": stored.get("emails")}
    return {**stored, "contacts": contacts}


def report_meta(report: Report) -> dict[str, Any]:
    """Everything of a report except its results and identity (file, hash, date, pack)."""
    return {
        "plan": _stored_plan(report.plan),
        "sections": [json_format.section_to_dict(s) for s in report.sections],
        "unmatched_sections": list(report.unmatched_sections),
        "document_stats": report.document_stats,
        "tool_version": report.tool_version,
        "waiver_notes": list(report.waiver_notes),
        "lang": report.lang,
    }


def results_digest(results: tuple[Result, ...] | list[Result], meta: dict[str, Any]) -> str:
    """Content hash of an evaluation: the same pack giving the same results twice is
    stored once (a repeated recheck adds nothing)."""
    payload = dumps({"results": [result_to_dict(r) for r in results], "meta": meta})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def report_from_stored(
    *,
    file: str,
    sha256: str | None,
    as_of: date,
    rule_pack: str,
    meta: dict[str, Any],
    results: list[Result],
) -> Report:
    """The stored evaluation as a ``Report``, read by the JSON report's reader."""
    contract = {
        "file": file,
        "sha256": sha256,
        "as_of": as_of.isoformat(),
        "rule_pack": rule_pack,
        "lang": meta.get("lang"),
        "plan": _contract_plan(meta.get("plan") or {}),
        "sections": meta.get("sections") or (),
        "unmatched_sections": meta.get("unmatched_sections"),
        "document": meta.get("document_stats"),
        "tool": {"version": meta.get("tool_version")},
        "waiver_notes": meta.get("waiver_notes"),
    }
    return replace(json_format.report_from_dict(contract), results=tuple(results))
