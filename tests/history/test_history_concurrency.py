"""Nothing is lost under concurrency and faults: two recording processes at once, and a
recording process killed with SIGKILL (mid-transaction and at a random moment)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from beredskab.history import open_db
from beredskab.history.db import HistoryDB

HELPER = Path(__file__).with_name("history_helpers.py")


def _start(*args: str, barrier: Path | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    if barrier is not None:
        env["HISTORY_TEST_BARRIER"] = str(barrier)
    return subprocess.Popen(
        [sys.executable, str(HELPER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _committed(lines: list[str]) -> dict[int, str]:
    out = {}
    for line in lines:
        if line.strip() and line.split()[0].isdigit():
            vid, name = line.split()
            out[int(vid)] = name
    return out


def _assert_complete(db: HistoryDB, committed: dict[int, str]) -> None:
    """Every committed version is there with its file, sections and results."""
    assert db.integrity_check() == "ok"
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    by_id = {v.id: v for v in db.versions()}
    for vid, name in committed.items():
        info = by_id[vid]
        assert info.file_name == f"{name}.docx"
        assert db.blob(info.sha256).startswith(f"plan {name}.docx".encode())
    for info in by_id.values():  # also any version committed after the last print
        assert len(db.sections(info.id)) == 3
        [evaluation] = db.evaluations(info.id)
        assert [r.rule for r in db.results(evaluation.id)] == ["INT002", "STR001"]


@pytest.mark.slow
def test_two_processes_record_at_once(tmp_path: Path) -> None:
    db_path = str(tmp_path / "shared.sqlite")
    barrier = tmp_path / "go"
    procs = [_start("record", db_path, p, "40", barrier=barrier) for p in ("a", "b")]
    for proc in procs:  # both are connected and waiting
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if line != "READY":  # say why the writer stopped, not only that it did
            proc.wait(timeout=30)
            err = proc.stderr.read() if proc.stderr else ""
            pytest.fail(f"writer exited {proc.returncode} before READY: {line!r} {err[-2000:]}")
    barrier.touch()
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    committed = {}
    for out, _ in outputs:
        committed.update(_committed(out.splitlines()))
    assert len(committed) == 80
    # The two batches really ran at once: their version ids interleave.
    ids_a = sorted(i for i, name in committed.items() if name.startswith("a-"))
    ids_b = sorted(i for i, name in committed.items() if name.startswith("b-"))
    assert ids_a[0] < ids_b[-1] and ids_b[0] < ids_a[-1]
    with open_db(db_path) as db:
        assert len(db.versions()) == 80
        assert {v.file_name for v in db.versions()} == {
            f"{p}-{i}.docx" for p in ("a", "b") for i in range(40)
        }
        _assert_complete(db, committed)


@pytest.mark.slow
def test_killed_inside_a_transaction_leaves_the_committed_state(tmp_path: Path) -> None:
    db_path = str(tmp_path / "killed.sqlite")
    proc = _start("record-then-hang", db_path, "k", "5")
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("MIDWAY"):
            break
    assert lines and lines[-1].startswith("MIDWAY"), proc.stderr.read() if proc.stderr else ""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    committed = _committed(lines)
    assert len(committed) == 5
    with open_db(db_path) as db:
        versions = db.versions()
        assert {v.id for v in versions} == set(committed)  # the half-written one is gone
        _assert_complete(db, committed)
        assert db.conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 5
    # and the database keeps working
    again = _start("record", db_path, "after", "2")
    _out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    with open_db(db_path) as db:
        assert len(db.versions()) == 7


@pytest.mark.slow
def test_killed_at_a_random_moment(tmp_path: Path) -> None:
    db_path = str(tmp_path / "random.sqlite")
    # Large plans keep the process inside write transactions much of the time.
    proc = _start("record", db_path, "r", "400", "300000")
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if len(lines) == 8:
            break
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    committed = _committed(lines)
    assert len(committed) == 8
    with open_db(db_path) as db:
        assert set(committed) <= {v.id for v in db.versions()}
        _assert_complete(db, committed)
