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

from beredskab.dashboard import PlanEntry
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


WAIVER = {"accepted_by": "CDE", "reason": "Aftalt med CDE", "expires": "2027-12-31"}


def sample_entries() -> list[PlanEntry]:
    """Nine plans for seven municipalities (statuses of every kind, a waiver, two
    versions, formula-like text in evidence, messages, a file name and a note) and one
    plan that names no municipality."""
    evil_results = [
        result("DOC001"),
        result("INT002", "fail", evidence=FORMULA_TEXTS[0], message=FORMULA_TEXTS[1]),
        result("STR003", "fail", section="intro.goals", evidence=FORMULA_TEXTS[2]),
        result("CON001", "fail", evidence=FORMULA_TEXTS[3], message=FORMULA_TEXTS[4]),
        result("REV001", evidence=FORMULA_TEXTS[5]),
    ]
    plans = [
        ("Skive Kommune", "779", GOOD, "skive.docx", date(2024, 7, 1)),
        (
            "Aarhus Kommune",
            "751",
            [*GOOD[:1], result("INT002", "fail"), *GOOD[2:]],
            "aarhus.docx",
            None,
        ),
        (
            "Odense Kommune",
            "461",
            [*GOOD[:2], result("REV001", "fail"), *GOOD[3:]],
            "odense.docx",
            None,
        ),
        (
            "Aalborg Kommune",
            "851",
            [result("INT002", "fail", waiver=WAIVER), *GOOD[2:]],
            "aalborg.docx",
            None,
        ),
        (
            "Københavns Kommune",
            "101",
            [result("INT002", "fail"), *GOOD[2:]],
            "kbh-2020.docx",
            date(2020, 3, 1),
        ),
        ("Københavns Kommune", "101", GOOD, "kbh-2024.docx", date(2024, 3, 1)),
        ("Horsens Kommune", "615", evil_results, '=HYPERLINK("http://x","y").docx', None),
        (None, None, [result("DOC003", "fail")], "ukendt.docx", None),
    ]
    out = []
    for i, (name, code, results, file, received) in enumerate(plans):
        r = report(name, code, results, file=file)
        out.append(
            PlanEntry(
                report=r,
                file=file,
                kommunekode=code,
                received=received,
                html=f"plans/{i}.html",
                notes=({"da": FORMULA_TEXTS[0], "en": FORMULA_TEXTS[0]},) if code == "615" else (),
                order=i,
            )
        )
    # Vejle: REV001 passes, but the due date stated lies before the as-of date.
    vejle = report("Vejle Kommune", "630", GOOD, file="vejle.docx", due=date(2026, 1, 1))
    out.append(PlanEntry(report=vejle, file="vejle.docx", kommunekode="630", order=len(out)))
    return out


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
