"""The terminal report: Danish by default, grouped by template section, plain without a TTY."""

from __future__ import annotations

from fmt_samples import HOSTILE, all_reports, mixed_report, passing_report, sample_pack

from beredskab.formatters import get_formatter

render = get_formatter("text")


def test_plain_text_has_no_escape_codes_and_colour_has() -> None:
    plain = render(all_reports(), lang="da", pack=sample_pack(), color=False)
    assert "\x1b[" not in plain
    coloured = render(all_reports(), lang="da", pack=sample_pack(), color=True)
    assert "\x1b[" in coloured


def test_danish_by_default_grouped_in_template_order() -> None:
    out = render([mixed_report()], lang="da", pack=sample_pack())
    assert out.splitlines()[0] == "Beredskabsplan for Skive Kommune 2024"
    order = [
        out.index("1.1 Kommunens vision og formål"),
        out.index("1.2 Mål — Fundet som »Vores mål"),
        out.index("1.3 Ansvar og opfølgning"),
        out.index("1.4 Definitioner og bekymringstegn — Ikke fundet i planen"),
        out.index("Hele planen"),
        out.index("Dispensationer"),
        out.index("Score 44 %"),
    ]
    assert order == sorted(order)
    assert "(sikkerhed 97 %)" in out


def test_failures_are_explained_and_passes_counted() -> None:
    out = render([mixed_report()], lang="da", pack=sample_pack())
    goals = out[out.index("1.2 Mål") : out.index("1.3 Ansvar")]
    assert "✗ Skal rettes  [INT002]" in goals
    assert "INT002: besked på dansk" in goals
    assert "Det fandt vi: »Mål 1: …«" in goals
    assert "Sådan retter I det" not in goals  # the message says it; `rules ID` explains
    assert "✓ 1 krav opfyldt" in goals
    # a passing rule is counted, not listed
    assert "STR001: besked" not in goals
    assert "DOC003: besked" not in out
    # error outcome and info severity have their own words
    assert "? Kunne ikke vurderes  [INT007]" in out
    assert "i Til orientering  [DOC005]" in out


def test_waived_findings_and_notes_are_shown() -> None:
    out = render([mixed_report()], lang="da", pack=sample_pack())
    assert "~ Dispensation  [INT003]" in out
    assert "Dispensation givet af CDE, Jens Hansen til og med 31. december 2027" in out
    assert "Dispensationen for INT007 (Skive) udløb 1. januar 2025" in out
    assert "Dispensationen for CON001 (779) bruges ikke" in out


def test_summary_line_and_must_fix() -> None:
    out = render([mixed_report()], lang="da", pack=sample_pack())
    assert (
        "Score 44 % · 3 opfyldt, 4 ikke opfyldt, 1 med dispensation, 1 ikke relevant, "
        "1 kunne ikke vurderes"
    ) in out
    assert "3 fund skal rettes" in out
    assert out.endswith("Skriv »beredskab rules ID« for at få en regel forklaret.")
    ok = render([passing_report()], lang="da", pack=sample_pack())
    assert "Score 100 %" in ok and "skal rettes" not in ok


def test_english() -> None:
    out = render([mixed_report()], lang="en", pack=sample_pack())
    assert out.startswith("Preparedness plan of Skive Kommune 2024")
    assert "✗ Must fix  [INT002]" in out
    assert "INT002: message in English" in out
    assert "What we found: “Mål 1: …”" in out
    assert "The whole plan" in out


def test_plan_text_is_not_markup() -> None:
    out = render([mixed_report()], lang="da", pack=sample_pack(), color=True)
    assert "[bold]rich[/bold]" in out
    plain = render([mixed_report()], lang="da", pack=sample_pack())
    flat = " ".join(plain.split())
    assert " ".join(HOSTILE.split()) in flat


def test_without_a_pack_keys_are_used() -> None:
    out = render([mixed_report()], lang="da", pack=None)
    assert "intro.goals — Fundet som" in out


def test_byte_identical_and_empty() -> None:
    assert render(all_reports(), lang="da", pack=sample_pack()) == render(
        all_reports(), lang="da", pack=sample_pack()
    )
    assert render([], lang="da", pack=None) == "Der er ingen planer i rapporten."


def test_the_templates_own_heading_is_not_repeated() -> None:
    from dataclasses import replace

    from beredskab.results import SectionResult

    report = mixed_report()
    sections = (SectionResult("intro.goals", True, "1.2. Mål", 14, 1.0, "number"),)
    out = render([replace(report, sections=sections)], lang="da", pack=sample_pack())
    assert "1.2 Mål — Fundet med skabelonens overskrift (sikkerhed 100 %)" in out
