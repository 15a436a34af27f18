"""Batch benchmark (issue 8): the national sample through ``beredskab batch``.

One command: ``python benchmarks/bench_batch.py [--quick] [--keep DIR]``.

* ``single plan``: ``beredskab.pipeline.analyse_path`` on the sample's plans one after
  another in this process (best of three passes): seconds per plan and plans per second
  on one core, the reference for the parallel figures;
* ``98-plan batch``: ``beredskab batch manifest.csv --out RUN`` as a user runs it (a
  fresh process, so start-up, every plan's JSON and HTML, results.csv/parquet, run.json
  and dashboard.xlsx are included) on the sample corpus with one version per
  municipality (95 plans; 3 municipalities have none, as in the sample). Target: at most
  10 s. Reported beside it: plans per second, and the parallel efficiency = batch
  plans per second / (workers × single-plan plans per second), end to end and for the
  checking phase alone (``check_seconds`` in run.json: checking plus each plan's files);
* ``demo batch``: the same on ``make demo``'s corpus (two versions for most, ~170
  files), for information;
* ``1,000 plans``: the demo corpus's files copied until there are at least 1,000 (each
  copy under its own name), run the same way, with the peak resident memory of the
  batch process and all its workers together (sampled every 50 ms from /proc: the sum
  of VmRSS over the process tree). Target: under 1 GB.

Timings are wall-clock on a shared machine; the figures are printed and written as JSON
to ``benchmarks/results/batch-latest.json``. Exit code 1 when a target is missed.
``benchmarks/run.py`` runs it too (``--only batch``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

AS_OF = date(2026, 11, 27)
TARGET_SECONDS = 10.0
TARGET_BYTES = 1024**3
MB = 1024 * 1024
RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def generate(folder: Path, versions: int) -> Path:
    from beredskab.sample import generate_corpus

    generate_corpus(folder, seed=1, versions=versions, as_of=AS_OF)
    return folder / "manifest.csv"


def single_plan_seconds(plans: list[Path], passes: int = 3) -> float:
    """Seconds per plan checking ``plans`` one after another (best pass)."""
    from beredskab.errors import DocumentError
    from beredskab.pipeline import analyse_path
    from beredskab.rulepack import load_pack

    pack = load_pack()
    readable = []
    for plan in plans:  # the sample holds a deliberately broken file or two
        try:
            analyse_path(plan, pack=pack, as_of=AS_OF)  # also warms caches and imports
        except DocumentError:
            continue
        readable.append(plan)
    plans = readable
    best = float("inf")
    for _ in range(passes):
        started = time.perf_counter()
        for plan in plans:
            analyse_path(plan, pack=pack, as_of=AS_OF)
        best = min(best, (time.perf_counter() - started) / len(plans))
    return best


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(entry))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return 0
    return 0


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants now."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss(current)
        todo.extend(_children(current))
    return total


@dataclass(slots=True)
class RunStats:
    seconds: float
    peak_rss: int
    returncode: int
    stderr: str


def run_batch_command(inputs: list[str], out: Path) -> RunStats:
    """``beredskab batch`` in a fresh process, its process tree's memory sampled."""
    cmd = [
        sys.executable,
        "-c",
        "from beredskab.cli import main; main()",
        "batch",
        *inputs,
        "--out",
        str(out),
        "--as-of",
        AS_OF.isoformat(),
        "--progress",
        "none",
    ]
    peak = 0
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return RunStats(seconds, peak, proc.returncode, stderr)


def _workers() -> int:
    return os.cpu_count() or 1


def measure(work: Path, quick: bool = False) -> list[Figure]:
    figures: list[Figure] = []
    small = generate(work / "sample-1v", versions=1)
    plans = sorted(small.parent.glob("*.docx"))
    per_plan = single_plan_seconds(plans[: 20 if quick else len(plans)], passes=1 if quick else 3)
    serial_rate = 1 / per_plan
    figures.append(
        Figure(
            "single plan",
            round(per_plan * 1000, 1),
            "ms",
            detail=f"{serial_rate:.1f} plans/s on one core (analyse_path, in process)",
        )
    )
    workers = _workers()
    for label, manifest, versions_note in (
        ("98-plan batch", small, "1 version each"),
        ("demo batch", None, "2 versions for most"),
    ):
        if manifest is None:
            if quick:
                continue
            manifest = generate(work / "sample-2v", versions=2)
        n = len(list(manifest.parent.glob("*.docx")))
        run_dir = work / f"run-{label.split()[0]}"
        stats = run_batch_command([str(manifest)], run_dir)
        if stats.returncode != 0:
            raise SystemExit(f"beredskab batch failed:\n{stats.stderr}")
        rate = n / stats.seconds
        efficiency = rate / (workers * serial_rate)
        # The parallel part alone: checking plus each plan's JSON and HTML.
        check_seconds = json.loads((run_dir / "run.json").read_text("utf-8"))["check_seconds"]
        check_rate = n / check_seconds
        target = label == "98-plan batch"
        figures.append(
            Figure(
                label,
                round(stats.seconds, 2),
                "s",
                target=f"≤ {TARGET_SECONDS:g} s" if target else "",
                ok=stats.seconds <= TARGET_SECONDS if target else None,
                detail=(
                    f"{n} plans ({versions_note}), {rate:.1f} plans/s with {workers} workers"
                    f" end to end, parallel efficiency {efficiency:.0%} (vs {serial_rate:.1f}/s"
                    f" single); checking phase {check_seconds:.2f} s = {check_rate:.1f} plans/s"
                    f" ({check_rate / (workers * serial_rate):.0%}); peak RSS"
                    f" {stats.peak_rss / MB:.0f} MB"
                ),
                data={
                    "plans": n,
                    "plans_per_second": round(rate, 2),
                    "workers": workers,
                    "efficiency": round(efficiency, 3),
                    "check_seconds": check_seconds,
                    "check_efficiency": round(check_rate / (workers * serial_rate), 3),
                    "peak_rss_mb": round(stats.peak_rss / MB, 1),
                },
            )
        )
    if not quick:
        big = work / "thousand"
        big.mkdir()
        source = sorted((work / "sample-2v").glob("*.docx"))
        copies = 0
        while copies < 1000:
            for plan in source:
                shutil.copy(plan, big / f"k{copies // len(source)}-{plan.name}")
                copies += 1
        stats = run_batch_command([str(big)], work / "run-1000")
        if stats.returncode != 0:
            raise SystemExit(f"beredskab batch failed:\n{stats.stderr}")
        figures.append(
            Figure(
                "1,000 plans",
                round(stats.peak_rss / MB, 1),
                "MB",
                target="< 1024 MB",
                ok=stats.peak_rss < TARGET_BYTES,
                detail=(
                    f"{copies} plans in {stats.seconds:.1f} s ({copies / stats.seconds:.1f}"
                    " plans/s); peak resident memory of the batch process and its workers"
                ),
                data={"plans": copies, "seconds": round(stats.seconds, 2)},
            )
        )
    return figures


def harness(ctx: Any, result_cls: Any) -> list[Any]:
    """For ``benchmarks/run.py``: the figures as its ``Result`` objects."""
    quick = getattr(ctx, "repeat", 15) <= 3
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        figures = measure(Path(tmp), quick=quick)
    return [
        result_cls(
            name=f"batch {f.name}",
            subject="sample corpus",
            status="ok" if f.ok is not False else "missed",
            value=f.value,
            unit=f" {f.unit}",
            target=f.target,
            detail=f.detail,
            data=f.data,
        )
        for f in figures
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the 98-plan batch only")
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpora and runs here")
    args = parser.parse_args(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="bench-batch-", dir=args.keep))
        figures = measure(work, quick=args.quick)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
            figures = measure(Path(tmp), quick=args.quick)
    for f in figures:
        mark = {True: "ok    ", False: "MISSED", None: "info  "}[f.ok]
        target = f"target {f.target}" if f.target else ""
        print(f"{mark} {f.name:<15} {f.value:>8} {f.unit:<3} {target:<16} {f.detail}")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    payload: dict[str, Any] = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpus": os.cpu_count()}
    payload["figures"] = [asdict(f) for f in figures]
    (RESULTS_DIR / "batch-latest.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return 1 if any(f.ok is False for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
