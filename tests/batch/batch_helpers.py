"""Hand-built reports and plans for the batch and dashboard tests.

``report(...)`` makes a ``Report`` from a short description (no reader or checker
needed); ``write_plan_docx`` writes a small but real plan with python-docx whose
headings and goals can be chosen (the formula-injection test puts ``=HYPERLINK(...)``
and ``+45 …`` there); ``FORMULA_TEXTS`` are the dangerous texts the tests inject.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from beredskab.results import PlanInfo, Report, Result

AS_OF = date(2026, 11, 27)
FORMULA_TEXTS = (
    '=HYPERLINK("http://x","y")',
    "+45 41 74 90 90 ring til os",
    "-1+1",
    "@SUM(A1:A2)",
    "\tTAB=1",
    "\r=CR",
)


def result(
    rule: str,
    outcome: str = "pass",
    severity: str = "error",
    *,
    section: str | None = None,
    evidence: str | None = None,
    message: str | None = None,
    waiver: dict[str, Any] | None = None,
) -> Result:
    text = message or f"{rule} {outcome}"
    return Result(
        rule=rule,
        name=rule.lower(),
        outcome=outcome,  # type: ignore[arg-type]
        severity=severity,  # type: ignore[arg-type]
        message={"da": text, "en": text},
        section=section,
        evidence=evidence,
        waiver=waiver,
    )


def report(
    kommune: str | None,
    code: str | None,
    results: list[Result],
    *,
    file: str = "plan.docx",
    adopted: date | None = date(2024, 6, 24),
    due: date | None = date(2028, 6, 24),
    plan_year: int | None = 2024,
    goals: tuple[str, ...] = (),
) -> Report:
    return Report(
        file=file,
        sha256="0" * 64,
        as_of=AS_OF,
        plan=PlanInfo(
            municipality=kommune,
            kommunekode=code,
            plan_year=plan_year,
            adopted=adopted,
            revision_interval_years=4,
            next_revision_due=due,
            goals=goals,
        ),
        sections=(),
        results=tuple(results),
        rule_pack="cde-2024@1",
        tool_version="0.1.0",
    )


GOOD = [
    result("DOC001"),
    result("INT002"),
    result("REV001"),
    result("STR001", section="intro.goals"),
    result("STR001", section="intro.vision"),
    result("CON002", severity="warning"),
]


def write_plan_docx(
    path: Path,
    *,
    kommune: str = "Skive Kommune",
    headings: tuple[str, ...] = (),
    goals: tuple[str, ...] = ("Vi opdager bekymringer tidligt.", "Alle ansatte kender planen."),
) -> Path:
    """A small plan: front page, "1.2 Mål" with ``goals`` as bullets, extra headings
    (each with one line of text under it), contacts and an adoption sentence."""
    from docx import Document

    doc = Document()
    doc.add_heading(f"Beredskabsplan mod ekstremisme 2024 – {kommune}", level=0)
    doc.add_paragraph(f"{kommune}. Vedtaget af Kommunalbestyrelsen den 24. juni 2024.")
    doc.add_heading("1. Introduktion", level=1)
    doc.add_heading("1.1 Vision og formål", level=2)
    doc.add_paragraph("Vi vil forebygge ekstremisme blandt børn, unge og voksne.")
    doc.add_heading("1.2 Mål", level=2)
    for goal in goals:
        doc.add_paragraph(goal, style="List Bullet")
    for heading in headings:
        doc.add_heading(heading, level=2)
        doc.add_paragraph(f"Tekst under {heading}")
    doc.add_heading("2. Organisering og samarbejde", level=1)
    doc.add_paragraph("Kontakt Infohus på 41 74 90 90 eller infohus@skive.dk.")
    doc.save(str(path))
    return path
