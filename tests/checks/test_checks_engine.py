"""The engine and the shared pieces of the kinds: selection, ordering, a broken kind,
not-applicable when a section is missing, template text recognition."""

from __future__ import annotations

import dataclasses

from checks_helpers import build_context

from beredskab.checks import registry
from beredskab.checks.base import analyse, render
from beredskab.engine import evaluate, selected, sort_results, unknown_selectors
from beredskab.rulepack import RulePack


def test_select_and_ignore_take_ids_and_prefixes(pack: RulePack) -> None:
    ids = [r.id for r in selected(pack, ["int", "DOC00"], ["INT01", "DOC005"])]
    assert ids == [
        r.id for r in pack.rules if r.id[:3] in ("INT", "DOC") and r.id not in ("INT010", "DOC005")
    ]
    assert len(selected(pack)) == len(pack.rules)
    assert unknown_selectors(pack, ["INT", "XYZ", "REV002"]) == ["XYZ"]


def test_results_sorted_by_rule_then_template_order(pack: RulePack) -> None:
    ctx = build_context("# 1. Introduktion [intro]\n## 1.2 Mål [intro.goals]\nTekst her.")
    results = evaluate(pack, ctx, select=["STR"])
    keys = [(r.rule, r.section) for r in results]
    order = {s.key: s.order for s in pack.sections}
    assert keys == sorted(keys, key=lambda k: (k[0], order.get(k[1] or "", -1)))
    assert sort_results(pack, reversed(results)) == results


def test_a_broken_kind_gives_an_error_result_not_a_crash(pack: RulePack, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(rule, ctx):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(registry.KINDS, "interval", broken)
    ctx = build_context("Tekst")
    results = evaluate(pack, ctx, select=["INT004", "INT005"])
    assert [(r.rule, r.outcome) for r in results] == [
        ("INT004", "error"),
        ("INT005", "not-applicable"),
    ]
    assert "boom" in (results[0].evidence or "")
    assert results[0].text("da") and results[0].text("en")


def test_missing_section_is_not_applicable_unless_the_rule_falls_back(pack: RulePack) -> None:
    rule = pack.rule("INT007")
    assert rule is not None
    strict = dataclasses.replace(rule, params={**rule.params, "fallback": "none"})
    failing = dataclasses.replace(rule, params={**rule.params, "fallback": "fail"})
    custom = dataclasses.replace(pack, rules=(strict,))
    ctx = build_context("Ekstremisme: vold. Radikalisering: en proces.", pack=custom)
    (r,) = evaluate(custom, ctx)
    assert r.outcome == "not-applicable" and "1.4" in r.text("da")
    custom = dataclasses.replace(pack, rules=(failing,))
    (r,) = evaluate(custom, build_context("Tekst", pack=custom))
    assert r.outcome == "fail" and r.evidence
    # With the shipped fallback (whole plan) the definitions elsewhere count.
    (r,) = evaluate(
        pack, build_context("Ekstremisme: vold. Radikalisering: en proces."), select=["INT007"]
    )
    assert r.outcome == "pass"


def test_template_text_is_not_content(pack: RulePack) -> None:
    ctx = build_context("x", pack=pack)
    question = analyse(ctx, "· Hvor ofte mødes netværket?")
    assert question.questions and not question.is_content
    guidance = analyse(
        ctx, "Her kan tekst fra tekstblok 6 anvendes til at forklare infohus netværk."
    )
    assert guidance.guidance and guidance.is_template
    mixed = analyse(
        ctx,
        "I dette afsnit anbefales det at anvende teksten fra tekstblok 2. Ekstremisme er vold.",
    )
    assert mixed.guidance and mixed.is_content and "ekstremisme er vold" in mixed.content
    typo = analyse(
        ctx, "Opstil 3-5 konkrete mål for de næste to eller fire år til beredskabet skal revideres"
    )
    assert typo.guidance and not typo.is_content
    stub = analyse(ctx, "Ansvarlig")
    assert stub.stub and stub.is_template
    own = analyse(ctx, "Ansvarlig: SSP-koordinatoren")
    assert not own.is_template and "ssp" in own.content
    placeholder = analyse(ctx, "Infohus [KOMMUNENS NAVN]")
    assert placeholder.placeholders and not placeholder.is_content


def test_render_fills_lists_and_languages() -> None:
    values = {"missing": [{"da": "a", "en": "A"}, {"da": "b", "en": "B"}, {"da": "c", "en": "C"}]}
    assert render("mangler {missing}", values, "da") == "mangler a, b og c"
    assert render("lacks {missing}", values, "en") == "lacks A, B and C"
    assert render("{unknown}", {}, "da") == "{unknown}"
