"""What the history keeps of one analysed plan, as plain JSON-ready values.

Pure functions, no database: ``snapshot_sections`` turns the section tree and the
matching into rows (heading and own text of every section, keyed by the template key it
matched, or — for sections matched to no key — by their heading), ``facts_dict`` keeps
the extracted facts that a revision diff and the due list compare, and
``report_to_dict``/``report_from_dict`` store a report's results and rebuild an equal
``Report`` from them (``current_reports`` serves the dashboard from these).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from beredskab.facts import Evidence, Facts
from beredskab.match import Matching
from beredskab.results import PlanInfo, Report, Result, SectionResult
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


def result_to_dict(result: Result) -> dict[str, Any]:
    return {
        "rule": result.rule,
        "name": result.name,
        "outcome": result.outcome,
        "severity": result.severity,
        "message": dict(result.message),
        "section": result.section,
        "evidence": result.evidence,
        "paragraph": result.paragraph,
        "data": result.data,
        "waiver": result.waiver,
    }


def result_from_dict(data: dict[str, Any]) -> Result:
    return Result(
        rule=data["rule"],
        name=data.get("name") or "",
        outcome=data["outcome"],
        severity=data["severity"],
        message=dict(data.get("message") or {}),
        section=data.get("section"),
        evidence=data.get("evidence"),
        paragraph=data.get("paragraph"),
        data=dict(data.get("data") or {}),
        waiver=data.get("waiver"),
    )


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


def plan_to_dict(plan: PlanInfo) -> dict[str, Any]:
    return {
        "municipality": plan.municipality,
        "kommunekode": plan.kommunekode,
        "police_district": plan.police_district,
        "plan_year": plan.plan_year,
        "adopted": _iso(plan.adopted),
        "revision_interval_years": plan.revision_interval_years,
        "next_revision_due": _iso(plan.next_revision_due),
        "goals": list(plan.goals),
        "phones": list(plan.phones),
        "emails": list(plan.emails),
        "extra": plan.extra,
    }


def plan_from_dict(data: dict[str, Any]) -> PlanInfo:
    return PlanInfo(
        municipality=data.get("municipality"),
        kommunekode=data.get("kommunekode"),
        police_district=data.get("police_district"),
        plan_year=data.get("plan_year"),
        adopted=parse_date(data.get("adopted")),
        revision_interval_years=data.get("revision_interval_years"),
        next_revision_due=parse_date(data.get("next_revision_due")),
        goals=tuple(data.get("goals") or ()),
        phones=tuple(data.get("phones") or ()),
        emails=tuple(data.get("emails") or ()),
        extra=dict(data.get("extra") or {}),
    )


def section_result_to_dict(s: SectionResult) -> dict[str, Any]:
    return {
        "key": s.key,
        "found": s.found,
        "heading": s.heading,
        "paragraph": s.paragraph,
        "confidence": s.confidence,
        "method": s.method,
    }


def section_result_from_dict(data: dict[str, Any]) -> SectionResult:
    return SectionResult(
        key=data["key"],
        found=bool(data["found"]),
        heading=data.get("heading"),
        paragraph=data.get("paragraph"),
        confidence=float(data.get("confidence") or 0.0),
        method=data.get("method"),
    )


def report_meta(report: Report) -> dict[str, Any]:
    """Everything of a report except its results and identity (file, hash, date, pack)."""
    return {
        "plan": plan_to_dict(report.plan),
        "sections": [section_result_to_dict(s) for s in report.sections],
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
    return Report(
        file=file,
        sha256=sha256,
        as_of=as_of,
        plan=plan_from_dict(meta.get("plan") or {}),
        sections=tuple(section_result_from_dict(s) for s in meta.get("sections") or ()),
        results=tuple(results),
        rule_pack=rule_pack,
        unmatched_sections=tuple(meta.get("unmatched_sections") or ()),
        document_stats=dict(meta.get("document_stats") or {}),
        tool_version=str(meta.get("tool_version") or ""),
        waiver_notes=tuple(meta.get("waiver_notes") or ()),
        lang=str(meta.get("lang") or "da"),
    )
