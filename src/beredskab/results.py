"""The results model: one report per plan (the JSON contract of spec/report.md).

Every formatter (terminal, JSON, SARIF, HTML, Markdown, annotated copy, dashboard,
history) reads these objects; none recomputes a result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Outcome = Literal["pass", "fail", "not-applicable", "error"]
Severity = Literal["error", "warning", "info"]
OUTCOMES: tuple[Outcome, ...] = ("pass", "fail", "not-applicable", "error")
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}

REPORT_SCHEMA_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Result:
    """One rule's outcome on one plan (for per-section rules: on one section key)."""

    rule: str
    name: str
    outcome: Outcome
    severity: Severity
    message: dict[str, str]
    """The rendered message per language: {"da": …, "en": …}."""
    section: str | None = None
    evidence: str | None = None
    """What was found or missed: quoted plan text, or where it was searched."""
    paragraph: int | None = None
    """Body paragraph index the finding points at (see beredskab.model)."""
    data: dict[str, Any] = field(default_factory=dict)
    """Rule-specific values (goal count, interval years …), JSON-serialisable."""
    waiver: dict[str, Any] | None = None
    """Set when an accepted waiver covers this failing result (see beredskab.waivers)."""

    @property
    def failed(self) -> bool:
        return self.outcome in ("fail", "error")

    @property
    def waived(self) -> bool:
        return self.waiver is not None and self.failed

    def text(self, lang: str = "da") -> str:
        return self.message.get(lang) or self.message.get("da") or ""

    def sort_key(self) -> tuple[str, str]:
        return (self.rule, self.section or "")


@dataclass(frozen=True, slots=True)
class SectionResult:
    """How one template section key was matched in the plan."""

    key: str
    found: bool
    heading: str | None = None
    paragraph: int | None = None
    confidence: float = 0.0
    method: str | None = None
    """How the match was made: "synonym", "fuzzy", "number", "merged" …"""


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """The plan's key facts as reported (``plan`` in the JSON contract)."""

    municipality: str | None = None
    kommunekode: str | None = None
    police_district: str | None = None
    plan_year: int | None = None
    adopted: date | None = None
    revision_interval_years: int | None = None
    next_revision_due: date | None = None
    goals: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Summary:
    """The counts of a report's outcomes and its score."""

    passed: int
    failed: int
    not_applicable: int
    errors: int
    waived: int
    score: float | None
    error_failures: int
    """Failing or erroring results of severity ``error`` (not waived): drives exit code 1."""
    warning_failures: int


@dataclass(frozen=True, slots=True)
class Report:
    """The whole report of one plan: its facts, sections, results and summary."""

    file: str
    sha256: str | None
    as_of: date
    plan: PlanInfo
    sections: tuple[SectionResult, ...]
    results: tuple[Result, ...]
    rule_pack: str = ""
    """Rule pack name and version, e.g. ``cde-2024@1``."""
    unmatched_sections: tuple[str, ...] = ()
    document_stats: dict[str, Any] = field(default_factory=dict)
    tool_version: str = ""
    waiver_notes: tuple[dict[str, Any], ...] = ()
    """Waivers that expired or were not used (see beredskab.waivers), shown in reports."""
    lang: str = "da"

    @property
    def summary(self) -> Summary:
        return summarise(self.results)


def summarise(results: tuple[Result, ...] | list[Result]) -> Summary:
    """Counts and score. Score = passed / (passed + failed + errors), waived counting
    as passed; None when nothing was decidable."""
    passed = sum(1 for r in results if r.outcome == "pass")
    waived = sum(1 for r in results if r.waived)
    failed = sum(1 for r in results if r.outcome == "fail" and not r.waived)
    errors = sum(1 for r in results if r.outcome == "error" and not r.waived)
    na = sum(1 for r in results if r.outcome == "not-applicable")
    decided = passed + waived + failed + errors
    score = round((passed + waived) / decided, 4) if decided else None
    err_fail = sum(1 for r in results if r.failed and not r.waived and r.severity == "error")
    warn_fail = sum(1 for r in results if r.failed and not r.waived and r.severity == "warning")
    return Summary(passed, failed, na, errors, waived, score, err_fail, warn_fail)
