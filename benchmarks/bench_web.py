"""Benchmark of the web pages: the 98-municipality overview must render in under 1 s.

Builds a history database in a temporary folder with two versions of a plan for each of
the 98 municipalities (196 versions, each with its results), then times, through Flask's
test client (so the figure is the app's own work, not the network's):

* ``GET /oversigt`` — all 98 municipalities with status and next revision (target < 1 s);
* ``GET /kommune/<kode>`` — one municipality's versions;
* ``GET /kommune/<kode>/forskel`` — the diff of its two versions;
* ``POST /tjek`` — checking the example plan end to end (upload → result page with the
  three result files written), for information.

Timings are best-of-N with the median beside it. The exit code is 1 when the overview
misses its target. Usage: ``python benchmarks/bench_web.py [--runs N]``
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "eksempel-beredskabsplan.docx"
AS_OF = date(2026, 11, 27)
TARGET_OVERVIEW_S = 1.0


def _plans(folder: Path) -> list[Path]:
    """Two different plans (a generated sample plan in two versions)."""
    from beredskab.sample.corpus import corpus_specs, generate_plan

    specs, _missing = corpus_specs(1, 1, 2, AS_OF)
    paths = []
    for n, spec in enumerate(specs[:2], 1):
        path = folder / f"plan-{n}.docx"
        path.write_bytes(generate_plan(spec, path.name).data)
        paths.append(path)
    return paths


def build_db(folder: Path) -> Path:
    from beredskab.history import open_db
    from beredskab.pipeline import analyse_path
    from beredskab.reference import municipalities

    db_path = folder / "historik.sqlite"
    first, second = _plans(folder)
    analyses = [(analyse_path(p, as_of=AS_OF), p) for p in (first, second)]
    with open_db(db_path) as db:
        for m in municipalities():
            for n, (analysis, path) in enumerate(analyses):
                db.record(analysis, file=path, kommune=m.code, received=date(2022 + 2 * n, 3, 1))
    return db_path


def timed(func: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return min(samples), statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    from beredskab.web import WebConfig, create_app

    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        db_path = build_db(folder)
        print(f"database: 98 municipalities x 2 versions in {time.perf_counter() - started:.1f} s")
        app = create_app(WebConfig(db_path=db_path, as_of=AS_OF, work_dir=folder))
        client = app.test_client()

        def get(path: str, rows: int | None = None) -> Callable[[], object]:
            def run() -> object:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                if rows is not None:
                    body = response.get_data(as_text=True).split("<tbody>", 1)[1]
                    assert body.count("<tr>") == rows
                return response

            return run

        example = EXAMPLE.read_bytes()

        def check() -> object:
            response = client.post(
                "/tjek",
                data={"plan": (io.BytesIO(example), "plan.docx")},
                content_type="multipart/form-data",
            )
            assert response.status_code == 200
            return response

        get("/oversigt", 98)()  # warm up: templates compiled, pack and reference loaded
        results = {
            "GET /oversigt (98 municipalities)": timed(get("/oversigt", 98), args.runs),
            "GET /kommune/779 (2 versions)": timed(get("/kommune/779", 2), args.runs),
            "GET /kommune/779/forskel": timed(get("/kommune/779/forskel"), args.runs),
            "POST /tjek (example plan)": timed(check, max(3, args.runs // 2)),
        }
    for name, (best, median) in results.items():
        print(f"{name:38} best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms")
    best_overview = results["GET /oversigt (98 municipalities)"][0]
    ok = best_overview < TARGET_OVERVIEW_S
    verdict = "ok" if ok else "MISSED"
    print(f"target: overview under {TARGET_OVERVIEW_S:.0f} s -> {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
