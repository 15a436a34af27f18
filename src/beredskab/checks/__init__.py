"""Kinds of check: one small pure function per kind, in an explicit registry.

A rule in the pack names a kind and its parameters; ``KINDS`` maps the kind's name to
the function. A kind takes the rule and the check context and returns the rule's
results (one, or one per section key for per-section rules). It never raises for a
plan it cannot decide: it returns an ``error`` or ``not-applicable`` result instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from beredskab.facts import Facts
from beredskab.match import Matching
from beredskab.model import Document
from beredskab.results import Result
from beredskab.rulepack import RulePack, RuleSpec
from beredskab.tree import SectionTree


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Everything a check may read about one plan (the checks never change it)."""

    document: Document
    tree: SectionTree
    matching: Matching
    facts: Facts
    pack: RulePack
    as_of: date
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Per-plan memo for the kinds (template-text views computed once per plan)."""


CheckKind = Callable[[RuleSpec, CheckContext], list[Result]]

# The registry is filled in by beredskab.checks.registry (explicit imports, no magic).
