"""The machine-readable report (``--format json`` and ``--format jsonl``).

``report_to_dict`` builds exactly the contract of ``spec/report.md`` (validated by
``schemas/report.schema.json``), plus added fields that never change the meaning of the
contract's own: ``lang``, ``rule_pack``, per result ``messages`` (both languages, so
``report_from_dict`` gives the report back whole), ``data``, ``waived`` and ``waiver``;
``summary.waived``; ``unmatched_sections``, ``document`` and ``waiver_notes``.

Deterministic: keys come in a fixed order, results are sorted by (rule ID, section) and
nothing depends on the clock, so the same report gives byte-identical output. ``json``
prints one object for one plan and an array for several; ``jsonl`` one compact object
per line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from beredskab import __version__
from beredskab.i18n import resolve_lang
from beredskab.results import (
    OUTCOMES,
    REPORT_SCHEMA_VERSION,
    PlanInfo,
    Report,
    Result,
    SectionResult,
)
from beredskab.rulepack import RulePack

TOOL_NAME = "beredskab"


def jsonable(value: Any) -> Any:
    """``value`` with dates as ISO strings, tuples and sets as lists, keys as strings."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(jsonable(v) for v in value)
    return value


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def plan_to_dict(plan: PlanInfo) -> dict[str, Any]:
    """The plan's facts as the contract's ``plan`` object (contacts nested)."""
    return {
        "municipality": plan.municipality,
        "kommunekode": plan.kommunekode,
        "police_district": plan.police_district,
        "plan_year": plan.plan_year,
        "adopted": _iso(plan.adopted),
        "revision_interval_years": plan.revision_interval_years,
        "next_revision_due": _iso(plan.next_revision_due),
        "goals": list(plan.goals),
        "contacts": {"phones": list(plan.phones), "emails": list(plan.emails)},
        "extra": jsonable(plan.extra),
    }


def section_to_dict(section: SectionResult) -> dict[str, Any]:
    return {
        "key": section.key,
        "found": section.found,
        "heading": section.heading,
        "paragraph": section.paragraph,
        "confidence": section.confidence,
        "method": section.method,
    }


def result_to_dict(result: Result, lang: str) -> dict[str, Any]:
    """One result as the contract's object: ``message`` in ``lang``, ``messages`` all."""
    return {
        "rule": result.rule,
        "name": result.name,
        "section": result.section,
        "outcome": result.outcome,
        "severity": result.severity,
        "message": result.text(lang),
        "evidence": result.evidence,
        "paragraph": result.paragraph,
        "waived": result.waived,
        "waiver": jsonable(result.waiver) if result.waiver is not None else None,
        "data": jsonable(result.data),
        "messages": {k: result.message[k] for k in sorted(result.message)},
    }


def report_to_dict(report: Report, lang: str | None = None) -> dict[str, Any]:
    """The report as the JSON contract (spec/report.md), messages in ``lang``."""
    language = resolve_lang(lang or report.lang)
    summary = report.summary
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": report.tool_version or __version__},
        "file": report.file,
        "sha256": report.sha256,
        "as_of": report.as_of.isoformat(),
        "lang": language,
        "rule_pack": report.rule_pack,
        "plan": plan_to_dict(report.plan),
        "sections": [section_to_dict(s) for s in report.sections],
        "results": [
            result_to_dict(r, language) for r in sorted(report.results, key=Result.sort_key)
        ],
        "summary": {
            "pass": summary.passed,
            "fail": summary.failed,
            "not_applicable": summary.not_applicable,
            "error": summary.errors,
            "waived": summary.waived,
            "score": summary.score,
            "error_failures": summary.error_failures,
            "warning_failures": summary.warning_failures,
        },
        "unmatched_sections": list(report.unmatched_sections),
        "document": jsonable(report.document_stats),
        "waiver_notes": [jsonable(n) for n in report.waiver_notes],
    }


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def plan_from_dict(plan: Mapping[str, Any]) -> PlanInfo:
    """``plan_to_dict``'s output back as ``PlanInfo``."""
    contacts = plan.get("contacts") or {}
    return PlanInfo(
        municipality=plan.get("municipality"),
        kommunekode=plan.get("kommunekode"),
        police_district=plan.get("police_district"),
        plan_year=plan.get("plan_year"),
        adopted=_date(plan.get("adopted")),
        revision_interval_years=plan.get("revision_interval_years"),
        next_revision_due=_date(plan.get("next_revision_due")),
        goals=tuple(plan.get("goals") or ()),
        phones=tuple(contacts.get("phones") or ()),
        emails=tuple(contacts.get("emails") or ()),
        extra=dict(plan.get("extra") or {}),
    )


def section_from_dict(s: Mapping[str, Any]) -> SectionResult:
    return SectionResult(
        key=s["key"],
        found=bool(s["found"]),
        heading=s.get("heading"),
        paragraph=s.get("paragraph"),
        confidence=float(s.get("confidence") or 0.0),
        method=s.get("method"),
    )


def result_from_dict(r: Mapping[str, Any], lang: str = "da") -> Result:
    """``result_to_dict``'s output back as a ``Result``: both languages from
    ``messages``, else ``message`` as the text in ``lang``."""
    outcome = r["outcome"]
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r} for rule {r.get('rule')!r}")
    messages = r.get("messages") or {lang: r.get("message") or ""}
    return Result(
        rule=r["rule"],
        name=r.get("name", ""),
        outcome=outcome,
        severity=r["severity"],
        message=dict(messages),
        section=r.get("section"),
        evidence=r.get("evidence"),
        paragraph=r.get("paragraph"),
        data=dict(r.get("data") or {}),
        waiver=dict(r["waiver"]) if r.get("waiver") else None,
    )


def report_from_dict(d: Mapping[str, Any]) -> Report:
    """A ``Report`` back from ``report_to_dict``'s output (for history and dashboard).

    Results keep both languages when the dict has ``messages``; a contract-only dict
    (just ``message``) gives the message in the dict's ``lang`` (default Danish)."""
    lang = str(d.get("lang") or "da")
    return Report(
        file=d["file"],
        sha256=d.get("sha256"),
        as_of=date.fromisoformat(d["as_of"]),
        plan=plan_from_dict(d.get("plan") or {}),
        sections=tuple(section_from_dict(s) for s in d.get("sections", [])),
        results=tuple(result_from_dict(r, lang) for r in d.get("results", [])),
        rule_pack=str(d.get("rule_pack") or ""),
        unmatched_sections=tuple(d.get("unmatched_sections") or ()),
        document_stats=dict(d.get("document") or {}),
        tool_version=str((d.get("tool") or {}).get("version") or ""),
        waiver_notes=tuple(dict(n) for n in d.get("waiver_notes") or ()),
        lang=lang,
    )


def dumps(obj: Any, *, compact: bool = False) -> str:
    """JSON text: UTF-8 (æøå as themselves), fixed key order, 2-space indent or compact."""
    if compact:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False)


def render(
    reports: Sequence[Report],
    *,
    lang: str,
    pack: RulePack | None = None,
    color: bool = False,
    fmt: str = "json",
) -> str:
    """``json``: one object (one plan) or an array; ``jsonl``: one object per line."""
    dicts = [report_to_dict(r, lang) for r in reports]
    if fmt == "jsonl":
        return "\n".join(dumps(d, compact=True) for d in dicts)
    if len(dicts) == 1:
        return dumps(dicts[0])
    return dumps(dicts)
