"""Hand-made analyses for the history tests: no reader, matcher or checks needed.

``plan(...)`` builds an ``Analysis`` from a short description (sections as
``(key, number, title, text)``, results as ``(rule, outcome, section)``) and
``write_file`` gives it a file with distinct bytes, so each plan has its own hash.
Run as a script (``python history_helpers.py record DB PREFIX N``) it records N plans
into DB, printing each committed version id: the concurrency tests use that.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from beredskab.facts import Evidence, Facts, Found
from beredskab.match import Matching, SectionMatch
from beredskab.model import Document, Paragraph
from beredskab.pipeline import Analysis
from beredskab.results import PlanInfo, Report, Result
from beredskab.tree import Section, SectionTree

SectionSpec = tuple[str | None, str | None, str, str]
ResultSpec = tuple[str, str, str | None] | tuple[str, str, str | None, dict[str, Any]]


def _section(number: str | None, title: str, text: str, index: int) -> Section:
    heading_text = f"{number} {title}" if number else title
    paragraphs = tuple(
        Paragraph(text=line, index=index + 1 + i) for i, line in enumerate(text.split("\n"))
    )
    return Section(
        title=title,
        number=number,
        level=1 if number is None or "." not in number else 2,
        detection="outline",
        confidence=1.0,
        heading=Paragraph(text=heading_text, outline_level=0, index=index),
        blocks=paragraphs,
    )


def plan(
    *,
    kommune: str | None = "Kolding Kommune",
    kommunekode: str | None = "621",
    sections: list[SectionSpec] | None = None,
    results: list[ResultSpec] | None = None,
    pack: str = "cde-2024@1",
    as_of: date = date(2026, 11, 27),
    **facts: Any,
) -> Analysis:
    """An analysis with the given sections, results and facts (``adopted=date(...)``,
    ``plan_year=2025``, ``revision_interval_years=4``, ``goals=["…"]``, ``phones=[…]``)."""
    built: list[Section] = []
    matches: dict[str, SectionMatch] = {}
    unmatched: list[Section] = []
    index = 1
    for key, number, title, text in sections or []:
        section = _section(number, title, text, index)
        index += 2 + text.count("\n")
        built.append(section)
        if key is None:
            unmatched.append(section)
        else:
            matches[key] = SectionMatch(key, section, 0.95, "synonym")
    document = Document(body=(), paragraph_count=index)
    front = Section("", None, 0, "front-matter", 1.0, None, (Paragraph("Forside", index=0),))
    tree = SectionTree(document=document, front_matter=front, sections=tuple(built))
    ev = Evidence("…", None)
    fact_values = dict(facts)
    goals = tuple(Found(g, ev) for g in fact_values.pop("goals", ()))
    phones = tuple(Found(p, ev) for p in fact_values.pop("phones", ()))
    emails = tuple(Found(e, ev) for e in fact_values.pop("emails", ()))
    f = Facts(
        municipality=kommune,
        kommunekode=kommunekode,
        goals=goals,
        phones=phones,
        emails=emails,
        **fact_values,
    )
    res = []
    for spec in results or []:
        rule, outcome, section = spec[0], spec[1], spec[2]
        waiver = spec[3] if len(spec) > 3 else None
        res.append(
            Result(
                rule=rule,
                name=f"name-{rule.lower()}",
                outcome=outcome,  # type: ignore[arg-type]
                severity="error",
                message={"da": f"{rule} på dansk", "en": f"{rule} in English"},
                section=section,
                evidence="citat",
                paragraph=3,
                data={"n": 1},
                waiver=waiver,
            )
        )
    report = Report(
        file="plan.docx",
        sha256=None,
        as_of=as_of,
        plan=PlanInfo(
            municipality=kommune,
            kommunekode=kommunekode,
            plan_year=f.plan_year,
            adopted=f.adopted,
            revision_interval_years=f.revision_interval_years,
            goals=tuple(g.value for g in goals),
            phones=tuple(p.value for p in phones),
        ),
        sections=(),
        results=tuple(res),
        rule_pack=pack,
        tool_version="0.1.0",
    )
    return Analysis(
        document=document,
        tree=tree,
        matching=Matching(matches, tuple(unmatched)),
        facts=f,
        report=report,
    )


def write_file(folder: Path, name: str, content: str | bytes | None = None) -> Path:
    """A file with distinct bytes (its name, unless ``content`` is given)."""
    path = folder / name
    data = content if content is not None else f"plan {name}"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# Kommunekoder used by the batch scripts (any real ones will do).
BATCH_CODES = ("621", "779", "580", "851", "751", "101", "461", "561")


def record_batch(db_path: str, prefix: str, count: int, size: int = 0) -> None:
    """Record ``count`` plans named ``prefix-i``; print each version id once committed."""
    import os
    import time

    from beredskab.history import open_db

    folder = Path(db_path).parent / f"files-{prefix}"
    folder.mkdir(exist_ok=True)
    filler = "x" * size
    with open_db(db_path) as db:
        barrier = os.environ.get("HISTORY_TEST_BARRIER")
        if barrier:  # wait for the go signal, so two processes really write at once
            print("READY", flush=True)
            deadline = time.monotonic() + 60
            while not Path(barrier).exists() and time.monotonic() < deadline:
                time.sleep(0.005)
        for i in range(count):
            code = BATCH_CODES[i % len(BATCH_CODES)]
            analysis = plan(
                kommune=None,
                kommunekode=code,
                sections=[
                    ("intro.goals", "1.2", "Mål", f"{prefix} mål {i} {filler}"),
                    ("intro.vision", "1.1", "Vision", f"{prefix} vision {i}"),
                ],
                results=[("INT002", "pass", None), ("STR001", "fail", "intro.goals")],
                plan_year=2020 + i % 6,
            )
            path = write_file(folder, f"{prefix}-{i}.docx")
            rec = db.record(analysis, file=path, received=date(2024, 1, 1 + i % 28))
            print(f"{rec.version_id} {prefix}-{i}", flush=True)
            if barrier:  # leave the lock free a moment, so the other writer gets turns
                time.sleep(0.01)


def hang_midway() -> None:
    """Make the next ``record`` stop inside its transaction (after the version row is
    written, before its sections are) and wait there to be killed."""
    import time

    from beredskab.history import db as db_module

    def stuck(*args: Any) -> None:
        print("MIDWAY", flush=True)
        time.sleep(120)

    db_module._insert_sections = stuck  # type: ignore[assignment]


if __name__ == "__main__":
    mode, db_arg, prefix, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    size = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    record_batch(db_arg, prefix, n, size)
    if mode == "record-then-hang":
        hang_midway()
        record_batch(db_arg, prefix + "-hung", 1, size)
