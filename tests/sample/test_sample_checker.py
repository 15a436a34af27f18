"""The checker against the sample's truth on a few plans (the full table is
``scripts/agreement.py``): the contact box, document and revision rules agree exactly,
and the plan as a whole mostly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from beredskab.pipeline import check_path
from beredskab.sample import compare, generate_corpus

AS_OF = date(2026, 11, 27)
EXACT = ("DOC", "CON", "REV", "TPL")


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, dict]]:
    out = tmp_path_factory.mktemp("sample-check")
    result = generate_corpus(out, seed=3, municipalities=4, versions=1, as_of=AS_OF)
    return [(out / p.file, p.truth) for p in result.plans if p.truth["readable"]]


def test_checker_agrees_with_the_truth(plans: list[tuple[Path, dict]]) -> None:
    total = wrong = 0
    for path, truth in plans:
        report = check_path(path, as_of=date.fromisoformat(truth["as_of"]))
        found = [d for d in compare(report, truth) if d.kind == "outcome"]
        exact = [d for d in found if d.rule.startswith(EXACT)]
        assert not exact, (path.name, exact)
        total += len(truth["outcomes"])
        wrong += len(found)
    assert total and wrong / total < 0.1
