"""SARIF 2.1.0 output (``--format sarif``), valid against the OASIS schema.

One ``run`` per plan, so each run carries its own invocation, as-of date and plan
facts (``run.properties``). The mapping:

- ``tool.driver.rules``: every rule of the pack (or, without a pack, every rule that has
  a result) with ``id``, ``name``, ``shortDescription`` (what it checks),
  ``fullDescription`` (what and why), ``help`` (how to fix, as text and Markdown, with
  the template text block that helps) and ``defaultConfiguration.level`` from its
  severity (error → ``error``, warning → ``warning``, info → ``note``).
- ``result.kind``: ``pass`` / ``fail`` / ``notApplicable``. An ``error`` outcome (the
  rule could not be evaluated) becomes ``kind: "fail"`` with ``properties.outcome =
  "error"`` and ``properties.evaluationError = true``: an unanswered check must stay
  visible to tools that only show failures, never look like a pass. Its ``level`` is
  the rule's severity, like every failure, so SARIF consumers gate exactly as the exit
  code does (1 only for ``error``-severity failures). It is also listed as a
  ``toolExecutionNotifications`` entry and makes ``executionSuccessful`` false.
  Non-failures have ``level: "none"`` (SARIF §3.27.10: only ``fail`` has a level).
- Locations: ``logicalLocations`` name the template section (``fullyQualifiedName`` =
  section key, ``name`` = the heading the plan uses, else the template's heading,
  ``kind: "module"``, the closest SARIF kind for a part of a document). A Word file has
  no lines, so ``region.startLine`` is the body paragraph index + 1 (paragraphs counted
  from 1, table-cell paragraphs included, see ``beredskab.model``) and
  ``region.properties.paragraph`` the 0-based index of the JSON report; the evidence is
  the ``region.snippet``.
- Waivers: ``suppressions: [{kind: "external", status: "accepted", justification}]``
  with who accepted it and until when in its properties. Expired and unused waivers are
  ``toolConfigurationNotifications`` (the waiver file is configuration).
- ``partialFingerprints["beredskabFinding/v1"]``: a SHA-256 of rule ID, section key and
  the municipality (kommunekode, else its name, else the file name) — never of the
  message or the plan text, so a finding keeps its fingerprint when the wording or the
  paragraph changes.

The output is deterministic: no timestamps, results sorted by (rule ID, section).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from beredskab import __version__
from beredskab.formatters._common import (
    explanation,
    section_label,
    text_block,
    waiver_note_text,
)
from beredskab.formatters.json_format import TOOL_NAME, dumps, jsonable
from beredskab.i18n import resolve_lang, t
from beredskab.results import Report, Result
from beredskab.rulepack import RulePack, RuleSpec

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "beredskabFinding/v1"

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
KINDS = {"pass": "pass", "fail": "fail", "not-applicable": "notApplicable", "error": "fail"}


def artifact_uri(path: str) -> str:
    """A URI reference for a plan's path: percent-encoded, forward slashes; absolute
    paths as ``file://`` URIs."""
    if PureWindowsPath(path).drive and "\\" in path:
        posix = PureWindowsPath(path).as_posix()
        return "file:///" + quote(posix, safe="/:")
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(PurePosixPath(path).as_posix(), safe="/")


def fingerprint(result: Result, report: Report) -> str:
    """Stable identity of a finding: rule, section and municipality (not the text)."""
    owner = report.plan.kommunekode or report.plan.municipality or report.file
    raw = "\x1f".join((result.rule, result.section or "", owner))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def _descriptor(
    rule_id: str, spec: RuleSpec | None, fallback: Result | None, lang: str
) -> dict[str, Any]:
    severity = spec.severity if spec is not None else (fallback.severity if fallback else "warning")
    name = spec.name if spec is not None else (fallback.name if fallback else rule_id)
    what = explanation(spec, "what", lang) or name
    why = explanation(spec, "why", lang)
    fix = explanation(spec, "fix", lang)
    source = explanation(spec, "source", lang)
    block = text_block(spec)
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": what},
        "fullDescription": {"text": " ".join(p for p in (what, why) if p)},
        "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
    }
    help_parts = [
        p for p in (fix, t("report.text-block", lang, number=block) if block else "") if p
    ]
    if help_parts:
        md = [f"**{t('report.label.fix', lang)}:** {fix}"] if fix else []
        if why:
            md.append(f"**{t('report.label.why', lang)}:** {why}")
        if block:
            md.append(t("report.text-block", lang, number=block))
        descriptor["help"] = {"text": " ".join(help_parts), "markdown": "\n\n".join(md)}
    properties: dict[str, Any] = {"severity": severity}
    if spec is not None:
        properties["kind"] = spec.kind
        if spec.section:
            properties["section"] = spec.section
    if source:
        properties["source"] = source
    if block:
        properties["textBlock"] = block
    descriptor["properties"] = properties
    return descriptor


def _rules(reports: Sequence[Report], pack: RulePack | None, lang: str) -> list[dict[str, Any]]:
    seen: dict[str, Result] = {}
    for report in reports:
        for result in report.results:
            seen.setdefault(result.rule, result)
    ids = set(seen)
    if pack is not None:
        ids |= {r.id for r in pack.rules}
    return [
        _descriptor(rid, pack.rule(rid) if pack else None, seen.get(rid), lang)
        for rid in sorted(ids)
    ]


def _location(result: Result, report: Report, pack: RulePack | None, lang: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(report.file), "index": 0}}
    if result.paragraph is not None:
        region: dict[str, Any] = {
            "startLine": result.paragraph + 1,
            "properties": {"paragraph": result.paragraph},
        }
        if result.evidence:
            region["snippet"] = {"text": result.evidence}
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if result.section:
        match = next((s for s in report.sections if s.key == result.section), None)
        heading = match.heading if match is not None and match.heading else None
        location["logicalLocations"] = [
            {
                "name": heading or section_label(result.section, pack, lang),
                "fullyQualifiedName": result.section,
                "kind": "module",
            }
        ]
    return location


def _result(
    result: Result, report: Report, rule_index: dict[str, int], pack: RulePack | None, lang: str
) -> dict[str, Any]:
    kind = KINDS[result.outcome]
    entry: dict[str, Any] = {
        "ruleId": result.rule,
        "ruleIndex": rule_index[result.rule],
        "kind": kind,
        "level": LEVELS.get(result.severity, "warning") if kind == "fail" else "none",
        "message": {"text": result.text(lang) or result.rule},
        "locations": [_location(result, report, pack, lang)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(result, report)},
    }
    if result.waived and result.waiver is not None:
        waiver = result.waiver
        entry["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": str(waiver.get("reason", "")),
                "properties": {
                    "acceptedBy": waiver.get("accepted_by"),
                    "expires": waiver.get("expires"),
                    "accepted": waiver.get("accepted"),
                },
            }
        ]
    properties: dict[str, Any] = {"outcome": result.outcome, "severity": result.severity}
    if result.outcome == "error":
        properties["evaluationError"] = True
    if result.section:
        properties["section"] = result.section
    if result.evidence:
        properties["evidence"] = result.evidence
    if result.data:
        properties["data"] = jsonable(result.data)
    entry["properties"] = properties
    return entry


def _run(
    report: Report, rules: list[dict[str, Any]], pack: RulePack | None, lang: str
) -> dict[str, Any]:
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    ordered = sorted(report.results, key=Result.sort_key)
    errors = [r for r in ordered if r.outcome == "error"]
    invocation: dict[str, Any] = {
        "executionSuccessful": not errors,
        "properties": {"asOf": report.as_of.isoformat()},
    }
    if errors:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "error",
                "message": {"text": r.text(lang) or r.rule},
                "associatedRule": {"id": r.rule, "index": rule_index[r.rule]},
            }
            for r in errors
        ]
    if report.waiver_notes:
        invocation["toolConfigurationNotifications"] = [
            {
                "level": "warning" if note.get("status") == "expired" else "note",
                "message": {"text": waiver_note_text(note, lang)},
                "descriptor": {"id": f"waiver-{note.get('status', 'unused')}"},
                "properties": jsonable(note),
            }
            for note in report.waiver_notes
        ]
    summary = report.summary
    artifact: dict[str, Any] = {
        "location": {"uri": artifact_uri(report.file)},
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    if report.sha256:
        artifact["hashes"] = {"sha-256": report.sha256}
    plan = report.plan
    return {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": report.tool_version or __version__,
                "semanticVersion": report.tool_version or __version__,
                "language": lang,
                "rules": rules,
                "properties": {"rulePack": report.rule_pack},
            }
        },
        "invocations": [invocation],
        "language": lang,
        "artifacts": [artifact],
        "results": [_result(r, report, rule_index, pack, lang) for r in ordered],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "lineUnit": "body paragraph (startLine = paragraph index + 1)",
            "municipality": plan.municipality,
            "kommunekode": plan.kommunekode,
            "planYear": plan.plan_year,
            "summary": {
                "pass": summary.passed,
                "fail": summary.failed,
                "notApplicable": summary.not_applicable,
                "error": summary.errors,
                "waived": summary.waived,
                "score": summary.score,
            },
            "unmatchedSections": list(report.unmatched_sections),
        },
    }


def to_sarif(
    reports: Sequence[Report], *, lang: str, pack: RulePack | None = None
) -> dict[str, Any]:
    """The SARIF log (a dict) for the given reports: one run per plan."""
    language = resolve_lang(lang)
    rules = _rules(reports, pack, language)
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [_run(r, rules, pack, language) for r in reports],
    }


def render(
    reports: Sequence[Report],
    *,
    lang: str,
    pack: RulePack | None = None,
    color: bool = False,
    fmt: str = "sarif",
) -> str:
    return dumps(to_sarif(reports, lang=lang, pack=pack))
