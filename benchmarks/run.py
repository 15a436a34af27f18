"""Speed and memory benchmarks of the reader, the tree, the check and the CLI (``make bench``).

One command, every figure measured in the same run and printed as a ratio to a
reference measured alongside it, so the numbers mean the same on a fast laptop and on a
busy CI machine:

* ``read+tree vs floor``: ``read_document`` + ``build_tree`` against the floor: lxml
  parsing exactly the XML parts ``read_document`` parses (``Document.xml_parts``, read
  once from the reader itself so the two cannot drift: content types, relationships,
  main part, styles, numbering, headers, footers, notes, comments, core properties),
  each with plain ``etree.fromstring(zip.read(name), parser)`` from a zip the floor
  opens, with the reader's own safe parser (``beredskab.reader.xml_parser``: no
  entities, no DTD, no network). The floor parses every part whole, as it is stored;
  the reader's own savings (it parses styles.xml without its table and latent styles)
  count in its favour. Target: at most 2.5× the floor.
* ``python-docx / read+tree``: python-docx's ``Document()`` plus iterating every
  paragraph's text and style name and every table cell's text, against read+tree.
  Target: read+tree at least 10× faster.
* ``peak memory``: reading the large plan into the tree in a fresh subprocess:
  tracemalloc's peak and the peak resident set (``VmHWM``, else ``ru_maxrss``).
  Target: both under 100 MB.
* ``check vs floor``: ``beredskab.pipeline.check_path`` on the large plan against the
  same floor. Target: ≤ 4×.
* ``cli start-up``: one whole ``beredskab check small-plan.docx --format json`` process
  (output to a null sink; exit code 0 or 1, findings or not) against
  ``python -c "import lxml.etree"``. Target: ≤ 2.5×.
* ``web overview``: ``GET /oversigt`` over a 98-municipality history through Flask's
  test client (``benchmarks/bench_web.py`` builds the database). Target: < 1 s.
* ``batch …``: the batch figures of ``benchmarks/bench_batch.py`` (98-plan sample batch,
  1,000 plans' memory; slow, several minutes: skip with ``--only``).

Timings are best-of-N (the ratio uses the best run, the least disturbed by other
processes) with the median shown beside it; the runs of the compared functions, and of
the compared processes, are interleaved. Results are written as JSON to
``benchmarks/results/`` (git-ignored). The exit code is 1 when a target is missed.

A new benchmark is a function ``(Context) -> list[Result]`` added to ``BENCHMARKS``.

Usage: ``python benchmarks/run.py [--quick] [--only NAME ...] [--corpus DIR]``
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bench"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
PLANS = ("large-plan.docx", "small-plan.docx")
MB = 1024 * 1024

Status = Literal["ok", "missed", "not-available"]


@dataclass(frozen=True, slots=True)
class Timing:
    """Repeated wall-clock timings of one function, in seconds."""

    runs: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def as_dict(self) -> dict[str, Any]:
        return {"best_s": self.best, "median_s": self.median, "runs": len(self.runs)}


@dataclass(frozen=True, slots=True)
class Result:
    """One benchmark figure: a measured value against a target."""

    name: str
    subject: str
    status: Status
    value: float | None = None
    """The ratio or amount that the target applies to."""
    unit: str = "×"
    target: str = ""
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Context:
    corpus: Path
    repeat: int
    """Runs of the fast functions (the slow baseline runs fewer times)."""

    def plan(self, name: str) -> Path:
        return self.corpus / name


# --- the measured functions ------------------------------------------------------------


def reader_parts(path: Path) -> tuple[str, ...]:
    """The zip members ``read_document`` parses as XML for ``path``, in its order."""
    from beredskab.reader import read_document

    return read_document(path).xml_parts


def floor(path: Path, parts: tuple[str, ...] | None = None) -> int:
    """lxml parsing the reader's XML parts straight from the zip; returns the element
    count. ``parts`` defaults to ``reader_parts(path)`` (pass it when timing)."""
    from beredskab.reader import xml_parser

    if parts is None:
        parts = reader_parts(path)
    parser = xml_parser()
    count = 0
    with zipfile.ZipFile(path) as package:
        for name in parts:
            root = etree.fromstring(package.read(name), parser)
            count += len(root)
    return count


def floor_of(path: Path) -> Callable[[Path], int]:
    """``floor`` with the part list read once, outside the timing."""
    return functools.partial(floor, parts=reader_parts(path))


def ours(path: Path) -> int:
    """``read_document`` + ``build_tree``; returns the number of sections."""
    from beredskab.reader import read_document
    from beredskab.tree import build_tree

    tree = build_tree(read_document(path))
    return sum(1 for _ in tree.walk())


def python_docx(path: Path) -> int:
    """python-docx: open, then every paragraph's text and style name, every cell's text."""
    import docx

    document = docx.Document(str(path))
    count = 0
    for paragraph in document.paragraphs:
        count += len(paragraph.text) + len(paragraph.style.name if paragraph.style else "")
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                count += len(cell.text)
    return count


def check(path: Path) -> int:
    from beredskab.pipeline import check_path

    report = check_path(path)
    return len(getattr(report, "results", ()))


def _time_once(func: Callable[[Path], object], path: Path) -> float:
    gc.collect()
    start = time.perf_counter()
    func(path)
    return time.perf_counter() - start


def interleaved(
    funcs: dict[str, Callable[[Path], object]], path: Path, repeat: dict[str, int]
) -> dict[str, Timing]:
    """Time each function ``repeat[name]`` times, taking turns, after one warm-up each."""
    for func in funcs.values():
        func(path)
    runs: dict[str, list[float]] = {name: [] for name in funcs}
    for i in range(max(repeat.values())):
        for name, func in funcs.items():
            if i < repeat[name]:
                runs[name].append(_time_once(func, path))
    return {name: Timing(tuple(r)) for name, r in runs.items()}


def _unavailable(func: Callable[[Path], object], path: Path) -> str | None:
    """Why ``func`` cannot run yet (None when it can)."""
    try:
        func(path)
    except (NotImplementedError, ImportError) as exc:
        return f"{type(exc).__name__}: {exc}".rstrip(": ")
    return None


# --- the benchmarks --------------------------------------------------------------------


def bench_read_tree(ctx: Context) -> list[Result]:
    """read+tree against the floor and against python-docx, for both plans."""
    results: list[Result] = []
    for plan in PLANS:
        path = ctx.plan(plan)
        missing = _unavailable(ours, path)
        if missing:
            results.append(Result("read+tree vs floor", plan, "not-available", detail=missing))
            continue
        baseline_runs = max(2, ctx.repeat // 4) if plan.startswith("large") else ctx.repeat // 2
        t = interleaved(
            {"floor": floor_of(path), "ours": ours, "python-docx": python_docx},
            path,
            {"floor": ctx.repeat, "ours": ctx.repeat, "python-docx": max(baseline_runs, 1)},
        )
        data = {k: v.as_dict() for k, v in t.items()}
        vs_floor = t["ours"].best / t["floor"].best
        speedup = t["python-docx"].best / t["ours"].best
        results.append(
            Result(
                "read+tree vs floor",
                plan,
                "ok" if vs_floor <= 2.5 else "missed",
                round(vs_floor, 2),
                target="≤ 2.5×",
                detail=_ms(t["ours"], "ours") + "; " + _ms(t["floor"], "floor"),
                data={**data, "floor_parts": list(reader_parts(path))},
            )
        )
        results.append(
            Result(
                "python-docx / read+tree",
                plan,
                "ok" if speedup >= 10 else "missed",
                round(speedup, 1),
                target="≥ 10×",
                detail=_ms(t["python-docx"], "python-docx") + "; " + _ms(t["ours"], "ours"),
                data=data,
            )
        )
    return results


_PEAK_RSS = """
def peak_rss():
    # VmHWM: the peak resident set of this process image. ru_maxrss is not used when
    # /proc is there: on Linux it keeps the parent's peak across fork and exec.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
"""

_MEMORY_SCRIPT = (
    _PEAK_RSS
    + """
import json, sys, tracemalloc
tracemalloc.start()
from beredskab.reader import read_document
from beredskab.tree import build_tree
tree = build_tree(read_document(sys.argv[1]))
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({"tracemalloc_peak": peak, "peak_rss": peak_rss()}))
"""
)

_BASE_RSS_SCRIPT = (
    _PEAK_RSS
    + """
import json
import lxml.etree
print(json.dumps({"peak_rss": peak_rss()}))
"""
)


def bench_memory(ctx: Context) -> list[Result]:
    """Peak memory reading the large plan into the tree, in a fresh interpreter."""
    path = ctx.plan(PLANS[0])
    missing = _unavailable(ours, path)
    if missing:
        return [Result("peak memory", PLANS[0], "not-available", detail=missing)]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    run = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    mem = json.loads(run.stdout.strip().splitlines()[-1])
    base = json.loads(
        subprocess.run(
            [sys.executable, "-c", _BASE_RSS_SCRIPT], capture_output=True, text=True, check=True
        ).stdout
    )
    peak_mb = mem["tracemalloc_peak"] / MB
    rss_mb = mem["peak_rss"] / MB
    return [
        Result(
            "peak memory (tracemalloc)",
            PLANS[0],
            "ok" if peak_mb < 100 else "missed",
            round(peak_mb, 1),
            unit=" MB",
            target="< 100 MB",
            data=mem,
        ),
        Result(
            "peak memory (resident)",
            PLANS[0],
            "ok" if rss_mb < 100 else "missed",
            round(rss_mb, 1),
            unit=" MB",
            target="< 100 MB",
            detail=f"python + lxml alone: {base['peak_rss'] / MB:.1f} MB",
            data={**mem, "baseline_peak_rss": base["peak_rss"]},
        ),
    ]


def bench_check(ctx: Context) -> list[Result]:
    """The whole check (``check_path``) against the floor, large plan; both timed the same
    number of times, taking turns, and the best of each compared."""
    path = ctx.plan(PLANS[0])
    missing = _unavailable(check, path)
    if missing:
        return [Result("check vs floor", PLANS[0], "not-available", detail=missing)]
    t = interleaved(
        {"floor": floor_of(path), "check": check}, path, {"floor": ctx.repeat, "check": ctx.repeat}
    )
    ratio = t["check"].best / t["floor"].best
    return [
        Result(
            "check vs floor",
            PLANS[0],
            "ok" if ratio <= 4 else "missed",
            round(ratio, 2),
            target="≤ 4×",
            detail=_ms(t["check"], "check") + "; " + _ms(t["floor"], "floor"),
            data={k: v.as_dict() for k, v in t.items()},
        )
    ]


def _cli_command() -> list[str]:
    # The console script installed beside this interpreter, as a user's shell finds it in an
    # activated environment. Not a version manager's shim on PATH (pyenv's is a bash script
    # that starts `pyenv exec`): that would time the shim, not beredskab.
    script = Path(sysconfig.get_path("scripts")) / "beredskab"
    if script.is_file():
        return [str(script)]
    found = shutil.which("beredskab")
    if found:
        return [found]
    return [sys.executable, "-c", "from beredskab.cli import main; main()"]


def _run_process(argv: list[str], ok: tuple[int, ...] = (0,)) -> float:
    """Wall time of one whole process, its output thrown away."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        stderr = done.stderr.decode("utf-8", "replace").strip()[-300:]
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {stderr}")
    return elapsed


def bench_cli_startup(ctx: Context) -> list[Result]:
    """One ``beredskab check small-plan.docx`` process against ``python -c "import
    lxml.etree"``, interleaved, best of N."""
    plan = ctx.plan(PLANS[1])
    subject = f"beredskab check {plan.name}"
    missing = _unavailable(check, plan)
    if missing:
        return [Result("cli start-up", subject, "not-available", detail=missing)]
    reference = [sys.executable, "-c", "import lxml.etree"]
    command = [*_cli_command(), "check", str(plan), "--format", "json"]
    findings = (0, 1)  # 1: the plan has findings; both are a complete run
    repeat = max(3, ctx.repeat)  # both the same number of times, taking turns
    _run_process(reference)  # warm the file cache
    _run_process(command, findings)
    ref_runs: list[float] = []
    cli_runs: list[float] = []
    for _ in range(repeat):
        ref_runs.append(_run_process(reference))
        cli_runs.append(_run_process(command, findings))
    ref, cli = Timing(tuple(ref_runs)), Timing(tuple(cli_runs))
    ratio = cli.best / ref.best
    return [
        Result(
            "cli start-up",
            subject,
            "ok" if ratio <= 2.5 else "missed",
            round(ratio, 2),
            target="≤ 2.5×",
            detail=_ms(cli, "check") + "; " + _ms(ref, "import lxml.etree"),
            data={"cli": cli.as_dict(), "reference": ref.as_dict(), "argv": command[1:]},
        )
    ]


WEB_TARGET_S = 1.0


def _sibling(name: str) -> ModuleType:
    """A benchmark module next to this file (``bench_web``, ``bench_batch``), imported
    whether or not ``benchmarks/`` is on ``sys.path``."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    if spec is None or spec.loader is None:
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def bench_web(ctx: Context) -> list[Result]:
    """``GET /oversigt`` over a 98-municipality history (``benchmarks/bench_web.py``
    builds the database), through Flask's test client."""
    try:
        bench_web = _sibling("bench_web")
        from beredskab.web import WebConfig, create_app
    except ImportError as exc:
        return [Result("web overview", "98 municipalities", "not-available", detail=str(exc))]
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        folder = Path(tmp)
        db_path = bench_web.build_db(folder)
        app = create_app(WebConfig(db_path=db_path, as_of=bench_web.AS_OF, work_dir=folder))
        client = app.test_client()

        def overview() -> object:
            response = client.get("/oversigt")
            if response.status_code != 200:
                raise RuntimeError(f"GET /oversigt: {response.status_code}")
            return response

        overview()  # warm up: templates compiled, rule pack and reference data loaded
        best, median = bench_web.timed(overview, max(3, ctx.repeat // 2))
    timing = {"best_s": best, "median_s": median}
    return [
        Result(
            "web overview",
            "98 municipalities",
            "ok" if best < WEB_TARGET_S else "missed",
            round(best * 1000, 1),
            unit=" ms",
            target=f"< {WEB_TARGET_S * 1000:.0f} ms",
            detail=f"GET /oversigt best {best * 1000:.1f} ms (median {median * 1000:.1f})",
            data=timing,
        )
    ]


BENCHMARKS: dict[str, Callable[[Context], list[Result]]] = {
    "read-tree": bench_read_tree,
    "memory": bench_memory,
    "check": bench_check,
    "cli-startup": bench_cli_startup,
    "web": bench_web,
    "batch": lambda ctx: _sibling("bench_batch").harness(ctx, Result),
}


# --- output ----------------------------------------------------------------------------


def _ms(timing: Timing, label: str) -> str:
    return f"{label} {timing.best * 1000:.1f} ms (median {timing.median * 1000:.1f})"


def format_result(r: Result) -> str:
    mark = {"ok": "ok    ", "missed": "MISSED", "not-available": "n/a   "}[r.status]
    if r.status == "not-available":
        return f"{mark} {r.name:<27} {r.subject:<31} not available yet ({r.detail})"
    value = f"{r.value}{r.unit}"
    return f"{mark} {r.name:<27} {r.subject:<31} {value:>9}  target {r.target:<9} {r.detail}"


def write_results(results: list[Result], ctx: Context, folder: Path = RESULTS_DIR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {
        "when": stamp,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "repeat": ctx.repeat,
        "corpus": str(ctx.corpus),
        "results": [asdict(r) for r in results],
    }
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    target = folder / f"bench-{stamp}.json"
    target.write_text(text, encoding="utf-8")
    (folder / "latest.json").write_text(text, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), default=None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=None, help="runs of the fast functions")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    if not all((args.corpus / plan).is_file() for plan in PLANS):
        print(f"skipped: the benchmark plans {PLANS} are not in {args.corpus}")
        return 0
    ctx = Context(corpus=args.corpus, repeat=args.repeat or (3 if args.quick else 15))
    results: list[Result] = []
    for name in args.only or list(BENCHMARKS):
        for r in BENCHMARKS[name](ctx):
            print(format_result(r), flush=True)
            results.append(r)
    target = write_results(results, ctx, args.results)
    print(f"results: {target}")
    return 1 if any(r.status == "missed" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
