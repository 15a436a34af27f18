"""Batch runs end to end on generated sample plans: outputs, slow/broken/crashing files,
the manifest's municipality, recording in the history and the dashboard from it."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from batch_helpers import AS_OF, FORMULA_TEXTS, write_plan_docx
from click.testing import CliRunner

from beredskab.batch import BatchOptions, collect_inputs, run_batch
from beredskab.batch.progress import LogProgress
from beredskab.cli import main
from beredskab.excel_safe import DANGEROUS_START
from beredskab.pipeline import Analysis, analyse_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six generated plans for five municipalities, with the sample's manifest.csv."""
    from beredskab.sample import generate_corpus

    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(out, seed=3, municipalities=5, versions=2, as_of=AS_OF)
    return out


def manifest_rows(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "manifest.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def flaky_analyse(path: str | Path, **kwargs: Any) -> Analysis:
    """The real checker, except for files whose names ask for trouble."""
    name = Path(path).name
    if name.startswith("slow"):
        time.sleep(60)  # the worker's timer interrupts this
    if name.startswith("stuck"):
        # Deaf to the timer, as if stuck inside C code: the parent must kill the worker.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if name.startswith("crash"):
        raise RuntimeError("boom")
    if name.startswith("die"):
        os._exit(3)
    return analyse_path(path, **kwargs)


@pytest.fixture(scope="module")
def troubled_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("troubled")
    good = sorted(corpus.glob("*.docx"))[:3]
    for plan in good:
        shutil.copy(plan, folder / plan.name)
    for name in ("slow.docx", "stuck.docx", "crash.docx", "die.docx"):
        shutil.copy(good[0], folder / name)
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not a real zip" * 10)
    out = tmp_path_factory.mktemp("out") / "run"
    started = time.perf_counter()
    run = run_batch(
        collect_inputs([folder]),
        BatchOptions(out=out, workers=2, timeout=1.0, grace=1.0, as_of=AS_OF, progress="none"),
        analyse=flaky_analyse,
    )
    yield run, time.perf_counter() - started


def test_slow_broken_and_crashing_files_never_stop_the_run(troubled_run: Any) -> None:
    run, seconds = troubled_run
    by_name = {o.input.path.name: o for o in run.outcomes}
    assert len(by_name) == 8
    assert by_name["slow.docx"].error_code == "timeout"
    assert by_name["stuck.docx"].error_code == "timeout"
    assert by_name["crash.docx"].error_code == "internal"
    assert by_name["die.docx"].error_code == "worker-died"
    assert by_name["corrupt.docx"].error_code not in (None, "timeout", "internal")
    for name in ("slow.docx", "stuck.docx", "crash.docx", "die.docx", "corrupt.docx"):
        (doc001,) = by_name[name].report.results
        assert (doc001.rule, doc001.outcome, doc001.severity) == ("DOC001", "error", "error")
        assert by_name[name].outputs  # its JSON and HTML are written all the same
    assert "for lang tid" in by_name["slow.docx"].report.results[0].text("da")
    good = [o for o in run.outcomes if o.error_code is None]
    assert len(good) == 3
    assert all(len(o.report.results) > 30 for o in good)
    assert seconds < 40  # nothing waited for the 60-second sleeps


def test_run_files(troubled_run: Any) -> None:
    run, _ = troubled_run
    out = run.out
    for name in ("results.csv", "results.parquet", "dashboard.xlsx", "run.json"):
        assert (out / name).is_file(), name
    doc = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert doc["tool"]["name"] == "beredskab"
    assert doc["rule_pack"].startswith("cde-2024@")
    assert doc["as_of"] == AS_OF.isoformat()
    assert doc["counts"]["files"] == 8
    assert doc["counts"]["unreadable"] == 5
    assert doc["counts"]["timeouts"] == 2
    assert all(len(f["sha256"]) == 64 for f in doc["files"])
    # Per plan: the report contract as JSON and the HTML report.
    for f in doc["files"]:
        names = [Path(p).name for p in f["outputs"]]
        assert any(n.endswith(".json") for n in names) and any(n.endswith(".html") for n in names)
        for rel in f["outputs"]:
            assert (out / rel).is_file()
    stuck = next(f for f in doc["files"] if f["file"].endswith("stuck.docx"))
    stuck_json = json.loads((out / stuck["outputs"][0]).read_text(encoding="utf-8"))
    assert stuck_json["results"][0]["rule"] == "DOC001"
    results = pd.read_parquet(out / "results.parquet")
    doc001 = results[(results["rule"] == "DOC001") & (results["outcome"] == "error")]
    assert len(doc001) == 5
    csv_rows = pd.read_csv(out / "results.csv", encoding="utf-8-sig")
    assert len(csv_rows) == len(results)


def test_manifest_municipality_wins_and_disagreement_is_noted(corpus: Path, tmp_path: Path) -> None:
    rows = manifest_rows(corpus)
    first = rows[0]
    other = next(r for r in rows if r["kommunekode"] != first["kommunekode"])
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(first))
        writer.writeheader()
        # The first plan, listed as if the other municipality had sent it.
        writer.writerow(
            {
                **first,
                "kommune": other["kommune"],
                "kommunekode": other["kommunekode"],
                "file": str(corpus / first["file"]),
            }
        )
    run = run_batch(
        collect_inputs([manifest]),
        BatchOptions(out=tmp_path / "run", workers=1, as_of=AS_OF, progress="none"),
    )
    (outcome,) = run.outcomes
    assert outcome.kommunekode == other["kommunekode"]
    assert outcome.report.plan.kommunekode == first["kommunekode"]
    (note,) = outcome.notes
    assert other["kommune"] in note["da"] and first["kommune"] in note["da"]
    overview = pd.read_excel(tmp_path / "run" / "dashboard.xlsx", sheet_name="Oversigt")
    row = overview[overview["Kommunekode"].astype(str) == other["kommunekode"]].iloc[0]
    assert "Manifestet siger" in row["Bemærkning"]
    assert row["Status"] != "ikke modtaget"
    results = pd.read_csv(tmp_path / "run" / "results.csv", encoding="utf-8-sig")
    assert results["note"].str.contains("Manifestet siger").all()


def test_record_then_dashboard_from_history(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite"
    out = tmp_path / "run"
    run = run_batch(
        collect_inputs([corpus / "manifest.csv"]),
        BatchOptions(out=out, as_of=AS_OF, record=True, db_path=db, progress="none"),
    )
    assert all(o.recorded is not None for o in run.outcomes)
    # A second run with one plan: its Revisioner sheet still lists every stored version.
    newest = sorted(corpus.glob("*.docx"))[:1]
    again = run_batch(
        collect_inputs(newest),
        BatchOptions(out=tmp_path / "one", as_of=AS_OF, record=True, db_path=db, progress="none"),
    )
    recorded = again.outcomes[0].recorded
    assert recorded is not None and recorded["created"] is False  # already stored
    one = pd.read_excel(tmp_path / "one" / "dashboard.xlsx", sheet_name="Revisioner")
    assert len(one) == len(run.outcomes)
    assert {o.recorded["created"] for o in run.outcomes if o.recorded} == {True}
    target = tmp_path / "again" / "dashboard.xlsx"
    result = CliRunner().invoke(
        main,
        ["dashboard", "--db", str(db), "--out", str(target), "--as-of", AS_OF.isoformat()],
    )
    assert result.exit_code == 0, result.output
    batch_view = pd.read_excel(out / "dashboard.xlsx", sheet_name="Oversigt")
    history_view = pd.read_excel(target, sheet_name="Oversigt")
    assert len(history_view) == 98
    cols = ["Kommune", "Status", "Score", "Fejl", "Advarsler", "Næste revision"]
    pd.testing.assert_frame_equal(batch_view[cols], history_view[cols])
    revisions = pd.read_excel(target, sheet_name="Revisioner")
    assert len(revisions) == len(run.outcomes)  # every stored version
    links = [
        c.hyperlink.target
        for c in openpyxl.load_workbook(target)["Oversigt"]["L"]
        if c.hyperlink is not None
    ]
    assert links and all((target.parent / link).is_file() for link in links)


def test_formula_text_from_a_plan_stays_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    goals = (f"{FORMULA_TEXTS[0]} mål", "+45 41 74 90 90 er hotline", "-mål", "@mål", "=1+1", "=2")
    write_plan_docx(
        folder / '=HYPERLINK("http:x","y").docx',
        headings=(FORMULA_TEXTS[0], "+45 ring nu"),
        goals=goals,
    )
    run = run_batch(
        collect_inputs([folder]),
        BatchOptions(out=tmp_path / "run", workers=1, as_of=AS_OF, progress="none"),
    )
    (outcome,) = run.outcomes
    assert outcome.report.plan.goals[0] == goals[0]
    assert FORMULA_TEXTS[0] in outcome.report.unmatched_sections
    path = tmp_path / "run" / "dashboard.xlsx"
    wb = openpyxl.load_workbook(path)
    texts: list[str] = []
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
                if isinstance(cell.value, str) and cell.value.startswith(DANGEROUS_START):
                    assert cell.quotePrefix
                    texts.append(cell.value)
    assert goals[0] in texts  # the goal is quoted as INT002's evidence in Fund
    assert '=HYPERLINK("http:x","y").docx' in texts
    fund = pd.read_excel(path, sheet_name="Fund")
    assert goals[0] in set(fund["Det fandt vi"])
    with (tmp_path / "run" / "results.csv").open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c.startswith(DANGEROUS_START)]
    assert "'" + goals[0] in cells


def test_cli_batch_with_annotations_and_log_lines(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    plans = sorted(corpus.glob("*.docx"))[:2]
    result = CliRunner().invoke(
        main,
        [
            "batch",
            *map(str, plans),
            "--out",
            str(out),
            "--annotate",
            "--workers",
            "2",
            "--as-of",
            AS_OF.isoformat(),
            "--progress",
            "log",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "dashboard.xlsx" in result.output
    assert "[1/2]" in result.output and "[2/2]" in result.output
    annotated = list((out / "plans").glob("*.annoteret.docx"))
    assert len(annotated) == 2


def test_cli_batch_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2
    assert "findes ikke" in missing.output
    bad = runner.invoke(
        main, ["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--workers", "0"]
    )
    assert bad.exit_code == 2
    no_db = runner.invoke(main, ["dashboard", "--db", str(tmp_path / "x.sqlite")])
    assert no_db.exit_code == 2


def test_log_progress_lines(corpus: Path, tmp_path: Path) -> None:
    import io

    stream = io.StringIO()
    run_batch(
        collect_inputs(sorted(corpus.glob("*.docx"))[:1]),
        BatchOptions(out=tmp_path / "run", workers=1, as_of=AS_OF),
        progress=LogProgress("en", stream),
    )
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("Checking files: 1.")
    assert lines[1].startswith("[1/1]")
    assert lines[-1].startswith("Done in ") and "Files: 1, unreadable: 0." in lines[-1]


def test_check_does_not_import_pandas_or_openpyxl(corpus: Path) -> None:
    import subprocess

    plan = sorted(corpus.glob("*.docx"))[0]
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from beredskab.cli import main\n"
        f"CliRunner().invoke(main, ['check', {str(plan)!r}])\n"
        "print(sorted(m for m in ('pandas', 'openpyxl', 'pyarrow') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_waivers_apply_and_show_in_the_matrix(corpus: Path, tmp_path: Path) -> None:
    plan = sorted(corpus.glob("*.docx"))[0]
    first = run_batch(
        collect_inputs([plan]),
        BatchOptions(out=tmp_path / "before", workers=1, as_of=AS_OF, progress="none"),
    )
    (outcome,) = first.outcomes
    failing = next(r for r in outcome.report.results if r.outcome == "fail")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        f"  - kommune: {outcome.report.plan.kommunekode}\n"
        f"    rule: {failing.rule}\n"
        "    accepted_by: CDE\n"
        "    reason: Aftalt med CDE\n"
        "    expires: 2030-12-31\n",
        encoding="utf-8",
    )
    after = run_batch(
        collect_inputs([plan]),
        BatchOptions(
            out=tmp_path / "after", workers=1, as_of=AS_OF, waivers=waivers, progress="none"
        ),
    )
    assert any(r.waived for r in after.outcomes[0].report.results if r.rule == failing.rule)
    matrix = pd.read_excel(tmp_path / "after" / "dashboard.xlsx", sheet_name="Regelmatrix")
    row = matrix[matrix["Kommunekode"].astype(str) == outcome.report.plan.kommunekode].iloc[0]
    assert row[failing.rule] == "dispensation"
    stored = json.loads(next((tmp_path / "after" / "plans").glob("*.json")).read_text("utf-8"))
    assert any(r.get("waived") for r in stored["results"] if r["rule"] == failing.rule)


def test_progress_bar_and_english(corpus: Path, tmp_path: Path) -> None:
    from beredskab.batch.progress import BarProgress

    run_batch(
        collect_inputs(sorted(corpus.glob("*.docx"))[:2]),
        BatchOptions(out=tmp_path / "run", workers=2, as_of=AS_OF, lang="en"),
        progress=BarProgress("en"),
    )
    wb = openpyxl.load_workbook(tmp_path / "run" / "dashboard.xlsx")
    assert wb.sheetnames[:2] == ["Overview", "Rule matrix"]
    stored = json.loads(next((tmp_path / "run" / "plans").glob("*.json")).read_text("utf-8"))
    assert stored["lang"] == "en"


def test_a_database_error_is_noted_not_fatal(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from beredskab.history import HistoryDB

    def locked(self: HistoryDB, *args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(HistoryDB, "record", locked)
    run = run_batch(
        collect_inputs(sorted(corpus.glob("*.docx"))[:1]),
        BatchOptions(
            out=tmp_path / "run",
            workers=1,
            as_of=AS_OF,
            record=True,
            db_path=tmp_path / "h.sqlite",
            progress="none",
        ),
    )
    (outcome,) = run.outcomes
    assert outcome.recorded is None
    assert any("database is locked" in n["da"] for n in outcome.notes)
