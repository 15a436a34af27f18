"""End to end: a real plan through the pipeline, waivers and every format.

The bundled example plan (examples/eksempel-beredskabsplan.docx, Skive Kommune, adopted
24 June 2025, revised every second year) is checked as of 2031, when its revision is
overdue (REV001), with a waiver file that covers REV001, has an expired waiver and an
unused one. JSON and SARIF validate against their schemas, the waived finding shows as
waived in every format, and the HTML report renders in Chromium.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from fmt_samples import chromium_screenshot, keep_screenshot

from beredskab.formatters import FORMATS, get_formatter
from beredskab.pipeline import check_path
from beredskab.results import Report
from beredskab.rulepack import RulePack, load_pack
from beredskab.waivers import apply_waivers, load_waivers

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "eksempel-beredskabsplan.docx"
AS_OF = date(2031, 1, 1)
WAIVERS = """\
waivers:
  - kommune: Skive
    rule: REV001
    accepted_by: CDE, Jens Hansen
    reason: Revisionen er i gang og vedtages i marts 2031.
    expires: 2031-06-30
  - kommune: "779"
    rule: INT002
    accepted_by: CDE
    reason: Aftalt ved tilsyn.
    expires: 2030-01-01
  - kommune: Skive Kommune
    rule: CON002
    accepted_by: CDE
    reason: Hotline nævnt i bilag.
    expires: 2032-01-01
"""


@pytest.fixture(scope="module")
def pack() -> RulePack:
    return load_pack()


@pytest.fixture(scope="module")
def report(pack: RulePack, tmp_path_factory: pytest.TempPathFactory) -> Report:
    waiver_file = tmp_path_factory.mktemp("waivers") / "dispensationer.yaml"
    waiver_file.write_text(WAIVERS, encoding="utf-8")
    checked = check_path(EXAMPLE, pack=pack, as_of=AS_OF)
    return apply_waivers(checked, load_waivers(waiver_file), AS_OF)


def test_waivers_on_a_real_report(report: Report) -> None:
    rev001 = [r for r in report.results if r.rule == "REV001"]
    assert rev001 and all(r.waived for r in rev001)
    assert [(n["status"], n["rule"]) for n in report.waiver_notes] == [
        ("expired", "INT002"),
        ("unused", "CON002"),
    ]
    assert report.summary.waived == len(rev001)


def test_json_and_sarif_validate(report: Report, pack: RulePack) -> None:
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text("utf-8"))
    d = json.loads(get_formatter("json")([report], lang="da", pack=pack))
    jsonschema.validate(d, schema, cls=jsonschema.Draft202012Validator)
    assert d["plan"]["municipality"] == "Skive Kommune"
    sarif_schema = json.loads((REPO / "schemas" / "sarif-2.1.0.json").read_text("utf-8"))
    log = json.loads(get_formatter("sarif")([report], lang="da", pack=pack))
    jsonschema.validate(log, sarif_schema, cls=jsonschema.Draft4Validator)
    suppressed = {r["ruleId"] for r in log["runs"][0]["results"] if "suppressions" in r}
    assert suppressed == {"REV001"}


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"json", "jsonl", "sarif"}))
def test_waived_shown_in_every_human_format(report: Report, pack: RulePack, fmt: str) -> None:
    out = get_formatter(fmt)([report], lang="da", pack=pack, fmt=fmt)
    assert "Dispensation givet af CDE, Jens Hansen til og med 30. juni 2031" in out
    assert "udløb 1. januar 2030" in out
    assert "bruges ikke" in out
    again = get_formatter(fmt)([report], lang="da", pack=pack, fmt=fmt)
    assert out == again


@pytest.mark.browser
@pytest.mark.slow
def test_html_of_the_example_plan_renders_in_chromium(
    report: Report, pack: RulePack, tmp_path: Path
) -> None:
    html_text = get_formatter("html")([report], lang="da", pack=pack)
    shot = chromium_screenshot(html_text, tmp_path, "eksempel")
    assert shot.is_file(), "Chromium wrote no screenshot"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000, len(data)
    keep_screenshot(shot)
