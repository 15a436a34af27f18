"""Hand-made reports and a small rule pack for the formatter tests (no other stage needed).

The reports cover every outcome (pass, fail at each severity, not-applicable, error),
a waived finding, waiver notes, an unreadable plan and plan text that tries to break
HTML, Markdown and rich markup. ``chromium_screenshot`` renders an HTML report in the
system's headless Chromium (the browser tests).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from beredskab.results import PlanInfo, Report, Result, SectionResult
from beredskab.rulepack import RulePack, RuleSpec, SectionSpec

HOSTILE = (
    '<script>alert("x")</script> *fed* [link](http://evil) & [bold]rich[/bold] # 1. `kode` |a|'
)


def _msg(da: str, en: str) -> dict[str, str]:
    return {"da": da, "en": en}


def sample_pack() -> RulePack:
    sections = (
        SectionSpec("intro", "Introduktion", "1", None, 0, "required"),
        SectionSpec(
            "intro.vision",
            "Kommunens vision og formål",
            "1.1",
            "intro",
            1,
            "required",
        ),
        SectionSpec("intro.goals", "Mål", "1.2", "intro", 2, "required", ("Vores mål",)),
        SectionSpec("intro.responsibility", "Ansvar og opfølgning", "1.3", "intro", 3, "required"),
        SectionSpec(
            "intro.definitions", "Definitioner og bekymringstegn", "1.4", "intro", 4, "required"
        ),
        SectionSpec("org", "Organisering og samarbejde", "2", None, 5, "required"),
        SectionSpec("org.infohus", "Infohus-samarbejdet", "2.2", "org", 6, "required"),
    )

    def rule(
        rid: str,
        name: str,
        severity: str,
        section: str | None,
        what: str,
        fix: str,
        block: int | None = None,
        source: str = "CDE's skabelon",
    ) -> RuleSpec:
        return RuleSpec(
            id=rid,
            name=name,
            severity=severity,  # type: ignore[arg-type]
            kind="test",
            section=section,
            params={},
            messages={"fail": _msg(f"{rid} fejler", f"{rid} fails")},
            explanation={
                "what": _msg(what, f"Checks: {what}"),
                "why": _msg(f"Fordi {source} kræver det.", f"Because {source} requires it."),
                "fix": _msg(fix, f"Fix: {fix}"),
                "text_block": block,
                "source": source,
            },
            examples={"pass": "Mål 1: …\nMål 2: …\nMål 3: …", "fail": "Mål 1: …"},
        )

    rules = (
        rule("CON001", "local-contact", "error", None, "Lokal kontakt", "Skriv telefon og e-mail."),
        rule("DOC003", "municipality-identified", "error", None, "Kommunen", "Skriv kommunen."),
        rule("DOC005", "separate-from-nsk", "info", None, "Kun ekstremisme", "Del planen op."),
        rule("INT002", "goals-count", "error", "intro.goals", "3-5 mål", "Opstil 3-5 mål."),
        rule("INT003", "responsibility-levels", "warning", "intro.responsibility", "Ansvar", "x"),
        rule("INT007", "definitions", "warning", "intro.definitions", "Definitioner", "y", 2),
        rule("STR001", "section-present", "error", None, "Afsnit findes", "Tilføj afsnittet."),
        rule("TPL001", "no-placeholders", "error", None, "Pladsholdere", "Udfyld dem."),
    )
    return RulePack("test-pack", "1", sections, rules, meta={"template": "CDE 2024"})


def _result(
    rule: str,
    name: str,
    outcome: str,
    severity: str,
    section: str | None = None,
    evidence: str | None = None,
    paragraph: int | None = None,
    **data: object,
) -> Result:
    return Result(
        rule=rule,
        name=name,
        outcome=outcome,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        message=_msg(f"{rule}: besked på dansk", f"{rule}: message in English"),
        section=section,
        evidence=evidence,
        paragraph=paragraph,
        data=dict(data),
    )


def mixed_report() -> Report:
    """Every outcome, one waived finding, hostile plan text, out-of-order results."""
    waived = replace(
        _result("INT003", "responsibility-levels", "fail", "warning", "intro.responsibility"),
        waiver={
            "kommune": "Skive Kommune",
            "rule": "INT003",
            "section": None,
            "accepted_by": "CDE, Jens Hansen",
            "reason": "Aftalt ved møde 3. maj <2026>",
            "expires": "2027-12-31",
            "accepted": "2026-05-03",
        },
    )
    results = (
        _result("TPL001", "no-placeholders", "fail", "error", None, HOSTILE, 3),
        _result("INT002", "goals-count", "fail", "error", "intro.goals", "Mål 1: …", 15, goals=2),
        _result("STR001", "section-present", "pass", "error", "intro.goals"),
        _result("STR001", "section-present", "fail", "error", "intro.definitions"),
        _result("STR001", "section-present", "pass", "error", "intro.vision"),
        _result("INT007", "definitions", "error", "warning", "intro.definitions", None, None),
        _result("DOC005", "separate-from-nsk", "fail", "info", None, "negativ social kontrol", 40),
        _result("DOC003", "municipality-identified", "pass", "error", None, "Skive Kommune", 0),
        _result("CON001", "local-contact", "not-applicable", "error"),
        waived,
    )
    return Report(
        file="plans/skive plan 2024.docx",
        sha256="a" * 64,
        as_of=date(2026, 11, 27),
        plan=PlanInfo(
            municipality="Skive Kommune",
            kommunekode="779",
            police_district="Midt- og Vestjyllands Politi",
            plan_year=2024,
            adopted=date(2024, 6, 24),
            revision_interval_years=4,
            next_revision_due=date(2028, 6, 24),
            goals=("Færre bekymringer", HOSTILE),
            phones=("41749090",),
            emails=("infohus@skive.dk",),
        ),
        sections=(
            SectionResult("intro.vision", True, "Formål og vision", 5, 0.93, "synonym"),
            SectionResult("intro.goals", True, f"Vores mål {HOSTILE}", 14, 0.97, "synonym"),
            SectionResult("intro.responsibility", True, "1.3 Ansvar", 20, 0.88, "fuzzy"),
            SectionResult("intro.definitions", False),
        ),
        results=results,
        rule_pack="test-pack@1",
        unmatched_sections=("Bilag 1: Kontaktliste", HOSTILE),
        document_stats={"paragraphs": 120, "tables": 2},
        tool_version="0.1.0",
        waiver_notes=(
            {
                "status": "expired",
                "kommune": "Skive",
                "rule": "INT007",
                "section": None,
                "accepted_by": "CDE",
                "reason": "Gammel aftale",
                "expires": "2025-01-01",
                "accepted": None,
            },
            {
                "status": "unused",
                "kommune": "779",
                "rule": "CON001",
                "section": None,
                "accepted_by": "CDE",
                "reason": "Ikke længere nødvendig",
                "expires": "2027-01-01",
                "accepted": None,
            },
        ),
    )


def passing_report() -> Report:
    results = (
        _result("DOC003", "municipality-identified", "pass", "error", None, "Aarhus Kommune", 0),
        _result("INT002", "goals-count", "pass", "error", "intro.goals", "Mål 1", 12, goals=4),
        _result("STR001", "section-present", "pass", "error", "intro.goals"),
    )
    return Report(
        file="aarhus.docx",
        sha256="b" * 64,
        as_of=date(2026, 11, 27),
        plan=PlanInfo(municipality="Aarhus Kommune", kommunekode="751", plan_year=2025),
        sections=(SectionResult("intro.goals", True, "1.2 Mål", 11, 1.0, "number"),),
        results=results,
        rule_pack="test-pack@1",
    )


def unreadable_report() -> Report:
    """What the pipeline gives for a file that could not be read: one DOC001 error."""
    result = Result(
        rule="DOC001",
        name="readable",
        outcome="error",
        severity="error",
        message=_msg("Filen er beskadiget.", "The file is damaged."),
        evidence="zip: bad CRC",
    )
    return Report(
        file="broken.docx",
        sha256=None,
        as_of=date(2026, 11, 27),
        plan=PlanInfo(),
        sections=(),
        results=(result,),
        rule_pack="test-pack@1",
    )


def all_reports() -> list[Report]:
    return [mixed_report(), passing_report(), unreadable_report()]


def chromium_screenshot(html_text: str, folder: Path, stem: str) -> Path:
    """Write ``html_text`` to ``folder/stem.html`` and let headless Chromium screenshot it
    (1200x1600) to ``folder/stem.png``, which is returned (missing if Chromium failed).
    Skips the test when Chromium is not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (CI installs Debian's chromium)")
    source = folder / f"{stem}.html"
    source.write_text(html_text, encoding="utf-8")
    shot = folder / f"{stem}.png"
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={folder / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1200,1600",
        source.as_uri(),
    ]
    env = {**os.environ, "HOME": str(folder)}
    subprocess.run(command, capture_output=True, timeout=120, check=False, env=env)
    return shot


def keep_screenshot(shot: Path) -> None:
    """Copy the screenshot to ``$BEREDSKAB_KEEP_SCREENSHOT`` when that is set."""
    keep = os.environ.get("BEREDSKAB_KEEP_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)
