"""The stored shape of an evaluation is pinned: databases written earlier must still load.

The history converts reports with the JSON report's functions and bridges the two places
where its stored shape differs (``message`` with every language, ``phones``/``emails``
beside the plan's other facts). The literals below are what the history wrote before
that change; writing must give them byte for byte (so the digest, which keeps a repeated
recheck from adding a second evaluation, stays the same) and reading them must give the
report back.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from beredskab.history.record import (
    dumps,
    report_from_stored,
    report_meta,
    result_from_dict,
    result_to_dict,
    results_digest,
)
from beredskab.results import PlanInfo, Report, Result, SectionResult

STORED_META = (
    '{"document_stats":{"paragraphs":40},"lang":"da","plan":{"adopted":"2024-06-24",'
    '"emails":["sspk@kolding.dk"],"extra":{"adopted_by":"byrådet"},'
    '"goals":["Færre radikaliserede"],"kommunekode":"621","municipality":"Kolding Kommune",'
    '"next_revision_due":"2028-06-24","phones":["75 50 15 00"],"plan_year":2024,'
    '"police_district":"Sydøstjyllands Politi","revision_interval_years":4},'
    '"sections":[{"confidence":0.95,"found":true,"heading":"1.2 Mål","key":"maal",'
    '"method":"synonym","paragraph":7},{"confidence":0.0,"found":false,"heading":null,'
    '"key":"roller","method":null,"paragraph":null}],"tool_version":"0.1.0",'
    '"unmatched_sections":["Bilag"],"waiver_notes":[{"expires":"2027-01-01","rule":"DOC002",'
    '"status":"unused"}]}'
)
STORED_RESULTS = (
    '{"data":{"due":"2023-03-01","years":[4]},"evidence":"Vedtaget 1. marts 2019",'
    '"message":{"da":"Planen er forfalden.","en":"The plan is overdue."},"name":"revision",'
    '"outcome":"fail","paragraph":4,"rule":"REV001","section":null,"severity":"error",'
    '"waiver":{"accepted_by":"Byrådet","expires":"2027-01-01","reason":"Ny plan på vej"}}',
    '{"data":{"count":3},"evidence":null,"message":{"da":"Målene er der.",'
    '"en":"The goals are there."},"name":"goals","outcome":"pass","paragraph":null,'
    '"rule":"SEC002","section":"maal","severity":"warning","waiver":null}',
)
STORED_DIGEST = "8f0d408f78a139db9ec3c1fc3ed91c03b2b6ec902a716ce9c975806ae7b9390e"


def _report(due: object = date(2023, 3, 1), years: object = (4,)) -> Report:
    waiver = {"accepted_by": "Byrådet", "expires": "2027-01-01", "reason": "Ny plan på vej"}
    results = (
        Result(
            "REV001",
            "revision",
            "fail",
            "error",
            {"da": "Planen er forfalden.", "en": "The plan is overdue."},
            evidence="Vedtaget 1. marts 2019",
            paragraph=4,
            data={"due": due, "years": years},
            waiver=waiver,
        ),
        Result(
            "SEC002",
            "goals",
            "pass",
            "warning",
            {"da": "Målene er der.", "en": "The goals are there."},
            section="maal",
            data={"count": 3},
        ),
    )
    plan = PlanInfo(
        municipality="Kolding Kommune",
        kommunekode="621",
        police_district="Sydøstjyllands Politi",
        plan_year=2024,
        adopted=date(2024, 6, 24),
        revision_interval_years=4,
        next_revision_due=date(2028, 6, 24),
        goals=("Færre radikaliserede",),
        phones=("75 50 15 00",),
        emails=("sspk@kolding.dk",),
        extra={"adopted_by": "byrådet"},
    )
    return Report(
        file="kolding-2024.docx",
        sha256="ab" * 32,
        as_of=date(2026, 11, 27),
        plan=plan,
        sections=(
            SectionResult("maal", True, "1.2 Mål", 7, 0.95, "synonym"),
            SectionResult("roller", False),
        ),
        results=results,
        rule_pack="cde-2024@1",
        unmatched_sections=("Bilag",),
        document_stats={"paragraphs": 40},
        tool_version="0.1.0",
        waiver_notes=({"status": "unused", "rule": "DOC002", "expires": "2027-01-01"},),
        lang="da",
    )


def test_writing_gives_the_stored_shape_and_digest() -> None:
    report = _report()
    meta = report_meta(report)
    assert dumps(meta) == STORED_META
    assert tuple(dumps(result_to_dict(r)) for r in report.results) == STORED_RESULTS
    assert results_digest(report.results, meta) == STORED_DIGEST


def test_reading_the_stored_shape_gives_the_report_back() -> None:
    results = [result_from_dict(json.loads(body)) for body in STORED_RESULTS]
    rebuilt = report_from_stored(
        file="kolding-2024.docx",
        sha256="ab" * 32,
        as_of=date(2026, 11, 27),
        rule_pack="cde-2024@1",
        meta=json.loads(STORED_META),
        results=results,
    )
    # Stored data is JSON: the date and the tuple in the result's data come back as
    # their JSON forms; everything else is equal.
    assert rebuilt == _report(due="2023-03-01", years=[4])
    assert rebuilt.results[0].waived
    assert rebuilt.plan.phones == ("75 50 15 00",)
    assert replace(rebuilt, results=()) == replace(_report(), results=())
