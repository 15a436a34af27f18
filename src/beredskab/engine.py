"""The rule engine: run every selected rule of a pack on one plan's check context.

``evaluate(pack, ctx, select, ignore)`` looks each rule's kind up in the explicit
registry (``beredskab.checks.registry.KINDS``), runs it and returns the results in a
deterministic order: by rule ID, then by the template order of the section key. A kind
that raises is a bug, not a verdict on the plan: its rule gets one ``error`` result
saying so, and the other rules still run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from beredskab.checks import CheckContext
from beredskab.i18n import LANGS, t
from beredskab.results import Result
from beredskab.rulepack import RulePack, RuleSpec


def _matches(rule_id: str, selectors: Iterable[str]) -> bool:
    rid = rule_id.upper()
    return any(rid.startswith(s.strip().upper()) for s in selectors if s.strip())


def selected(
    pack: RulePack, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> tuple[RuleSpec, ...]:
    """The pack's rules chosen by ``select`` (IDs or prefixes; empty: all) minus ``ignore``."""
    return tuple(
        r
        for r in pack.rules
        if (not any(s.strip() for s in select) or _matches(r.id, select))
        and not _matches(r.id, ignore)
    )


def unknown_selectors(pack: RulePack, selectors: Sequence[str]) -> list[str]:
    """Selectors that match no rule of the pack (a typo the CLI reports)."""
    return [s for s in selectors if s.strip() and not any(_matches(r.id, [s]) for r in pack.rules)]


def sort_results(pack: RulePack, results: Iterable[Result]) -> tuple[Result, ...]:
    order = {s.key: s.order for s in pack.sections}
    return tuple(
        sorted(
            results,
            key=lambda r: (
                r.rule,
                order.get(r.section or "", -1),
                r.section or "",
                r.paragraph or -1,
            ),
        )
    )


def evaluate(
    pack: RulePack,
    ctx: CheckContext,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> tuple[Result, ...]:
    """Every selected rule's results on the plan in ``ctx``, sorted deterministically."""
    from beredskab.checks.registry import KINDS

    out: list[Result] = []
    for rule in selected(pack, select, ignore):
        kind = KINDS.get(rule.kind)
        if kind is None:  # the loader rejects this; a hand-built pack may not
            out.append(_internal_error(rule, f"unknown kind {rule.kind!r}"))
            continue
        try:
            out.extend(kind(rule, ctx))
        except Exception as exc:
            out.append(_internal_error(rule, f"{type(exc).__name__}: {exc}"))
    return sort_results(pack, out)


def _internal_error(rule: RuleSpec, detail: str) -> Result:
    return Result(
        rule=rule.id,
        name=rule.name,
        outcome="error",
        severity=rule.severity,
        message={lang: t("check.outcome.error.internal", lang, rule=rule.id) for lang in LANGS},
        section=rule.section,
        evidence=detail,
        data={"internal_error": detail},
    )
