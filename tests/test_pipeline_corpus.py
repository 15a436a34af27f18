"""The whole pipeline on other projects' real Word files: a report or the typed error.

The reader's own corpus test proves every file reads or fails cleanly; this one proves the
later stages (tree, matcher, facts, every rule kind, the JSON report) cope with whatever the
reader hands them — odd structures, empty bodies, huge tables — and that a check never
crashes: a kind that cannot decide says ``error``, and that is visible here too.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from beredskab.errors import DocumentError
from beredskab.formatters.json_format import report_to_dict
from beredskab.pipeline import check_path
from beredskab.rulepack import load_pack
from shared_data import REPO, shared_path


@pytest.mark.corpus
@pytest.mark.slow
def test_every_real_docx_checks_or_fails_with_the_typed_error() -> None:
    corpus = shared_path("corpus", "real-docx")
    pack = load_pack()
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in {".docx", ".docm", ".dotx"})
    assert len(files) > 300
    outcomes: Counter[str] = Counter()
    kind_errors: list[str] = []
    for path in files:
        try:
            report = check_path(path, pack=pack)
        except DocumentError as exc:
            outcomes[f"unreadable:{exc.code}"] += 1
            assert exc.message("da") and exc.message("en")
            continue
        outcomes["checked"] += 1
        validator.validate(report_to_dict(report, "da"))
        # An ``error`` outcome is allowed (the rule could not decide) but must say why.
        for result in report.results:
            if result.outcome == "error":
                assert result.text("da"), f"{path.name}: {result.rule} error without a message"
                kind_errors.append(f"{Path(path).name}:{result.rule}")
    print(dict(outcomes), f"rule errors: {len(kind_errors)}", kind_errors[:20])
    assert outcomes["checked"] >= 370
