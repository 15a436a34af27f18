"""The explicit registry of check kinds: a rule's ``kind`` names one of these.

Adding a kind means writing a small pure function ``(rule, ctx) -> list[Result]``,
listing it here, and describing its parameters in ``schemas/rulepack.schema.json``
(``$defs.params``); the tests check the two lists agree."""

from __future__ import annotations

from beredskab.checks import CheckKind
from beredskab.checks.contacts import contact, hotline, hotline_hours, police_numbers
from beredskab.checks.document import fact_absent, fact_present, no_pending_revisions, readable
from beredskab.checks.efforts import effort_owner
from beredskab.checks.patterns import pattern_absent, pattern_present
from beredskab.checks.plan import (
    adoption,
    count_goals,
    interval,
    interval_legal,
    police_district,
    revision_due,
)
from beredskab.checks.structure import section_not_empty, section_present
from beredskab.checks.template import guidance_absent, placeholders, unanswered_questions

KINDS: dict[str, CheckKind] = {
    "readable": readable,
    "no-pending-revisions": no_pending_revisions,
    "fact-present": fact_present,
    "fact-absent": fact_absent,
    "section-present": section_present,
    "section-not-empty": section_not_empty,
    "placeholders": placeholders,
    "guidance-absent": guidance_absent,
    "unanswered-questions": unanswered_questions,
    "pattern-present": pattern_present,
    "pattern-absent": pattern_absent,
    "contact": contact,
    "hotline": hotline,
    "police-numbers": police_numbers,
    "hotline-hours": hotline_hours,
    "count-goals": count_goals,
    "interval": interval,
    "interval-legal": interval_legal,
    "adoption": adoption,
    "police-district": police_district,
    "effort-owner": effort_owner,
    "revision-due": revision_due,
}
