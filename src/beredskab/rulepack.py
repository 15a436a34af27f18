"""Rule packs: the template's section catalogue and its rules, as validated YAML data.

A pack is a folder (default: the repository's ``rules/cde-2024/``) holding
``pack.yaml`` (name, version, template), ``sections.yaml`` (the section catalogue) and
``rules.yaml`` (the rules). Each file is validated against the JSON Schemas in
``schemas/`` on load; an invalid pack raises ``RulePackError`` naming the file, the path
inside it and what is wrong. Rule files never run code: a rule names a *kind* from the
explicit registry in ``beredskab.checks`` and sets its parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Requirement = Literal["required", "recommended", "optional"]


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One section of the template's tree (spec/rules.md, "Section keys")."""

    key: str
    title: str
    """The template's own heading, e.g. "Mål"."""
    number: str | None
    """The template's number, e.g. "1.2" (None for unnumbered sub-sections)."""
    parent: str | None
    order: int
    """Position in the template, 0-based, depth-first."""
    requirement: Requirement
    synonyms: tuple[str, ...] = ()
    """Headings real plans use for it ("Vores mål", "Målsætninger")."""
    keywords: tuple[str, ...] = ()
    """Words whose presence in a heading points to this key (stems are compared)."""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    name: str
    severity: Literal["error", "warning", "info"]
    kind: str
    section: str | None
    """Template section key the rule looks at, or None for whole-plan rules."""
    params: dict[str, Any]
    messages: dict[str, dict[str, str]]
    """Message templates per outcome and language: {"fail": {"da": …, "en": …}, …}."""
    explanation: dict[str, Any] = field(default_factory=dict)
    """{"what": {da,en}, "why": {da,en}, "fix": {da,en}, "text_block": int|None,
    "source": "Barnets lov § 15, stk. 3" …}."""
    examples: dict[str, str] = field(default_factory=dict)
    """A passing and a failing example text ({"pass": …, "fail": …})."""


@dataclass(frozen=True, slots=True)
class RulePack:
    name: str
    version: str
    sections: tuple[SectionSpec, ...]
    rules: tuple[RuleSpec, ...]
    path: Path | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)

    def rule(self, rule_id: str) -> RuleSpec | None:
        return next((r for r in self.rules if r.id == rule_id), None)
