"""``due`` on the generated sample corpus matches the truth files.

A small corpus (15 municipalities, up to two versions each) is generated, every readable
plan is recorded through the real pipeline with its received date from the manifest,
and the due list as of the corpus's as-of date is compared with the truth of each
municipality's newest plan: the next revision date, and a status that agrees with the
truth's REV001 (overdue) and REV002 (due soon) outcomes.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from beredskab.errors import DocumentError
from beredskab.history import due_rows, open_db
from beredskab.pipeline import analyse_path
from beredskab.sample import generate_corpus

AS_OF = date(2026, 11, 27)


def _expected_status(outcomes: dict[str, str]) -> str:
    rev001, rev002 = outcomes.get("REV001"), outcomes.get("REV002")
    if rev001 == "not-applicable":
        return "unknown"
    if rev001 == "fail":
        return "overdue"
    return "due-soon" if rev002 == "fail" else "current"


@pytest.mark.slow
def test_due_on_the_sample_corpus_matches_the_truth(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, seed=3, municipalities=15, versions=2, as_of=AS_OF)
    with (corpus / "manifest.csv").open(encoding="utf-8") as fh:
        manifest = list(csv.DictReader(fh))
    newest: dict[str, dict[str, object]] = {}
    recorded: dict[str, int] = {}
    with open_db(tmp_path / "h.sqlite") as db:
        for row in sorted(manifest, key=lambda r: r["received"]):
            truth = json.loads(
                (corpus / row["file"].replace(".docx", ".truth.json")).read_text("utf-8")
            )
            path = corpus / row["file"]
            try:
                analysis = analyse_path(path, as_of=AS_OF)
            except DocumentError:
                assert not truth["readable"]
                continue
            db.record(
                analysis,
                file=path,
                kommune=row["kommunekode"],
                received=date.fromisoformat(row["received"]),
            )
            newest[row["kommunekode"]] = truth
            recorded[row["kommunekode"]] = recorded.get(row["kommunekode"], 0) + 1
        rows = {r.kommunekode: r for r in due_rows(db, AS_OF, 6)}

    assert len(rows) == 98 and len(newest) == 15
    disagreements = []
    for code, truth in newest.items():
        row = rows[code]
        facts = truth["facts"]
        assert isinstance(facts, dict) and isinstance(truth["outcomes"], dict)
        got = (
            row.next_revision_due.isoformat() if row.next_revision_due else None,
            row.status,
            row.version,
        )
        want = (facts["next_revision_due"], _expected_status(truth["outcomes"]), recorded[code])
        if got != want:
            disagreements.append((truth["file"], got, want))
    assert disagreements == []
    assert sum(r.status == "never-received" for r in rows.values()) == 98 - 15
