"""Agreement between the checker and the sample corpus's known truth.

Usage: ``python scripts/agreement.py SAMPLE_DIR [--verbose]``

Runs ``beredskab.pipeline.check_path`` with each truth file's ``as_of`` on every plan of
a corpus written by ``beredskab sample``, compares the report with the truth
(``beredskab.sample.truth.compare``) and prints per rule: agree/total and the
percentage, then the overall rate, then fact and section agreement. An unreadable plan
is checked through ``unreadable_report``, as a batch run would.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from beredskab.errors import DocumentError
from beredskab.pipeline import check_path, unreadable_report
from beredskab.results import Report
from beredskab.sample.truth import Disagreement, compare


def check_one(plan: Path, as_of: date) -> Report:
    try:
        return check_path(plan, as_of=as_of)
    except DocumentError as exc:
        return unreadable_report(plan, exc, as_of=as_of)


def agreement(sample_dir: Path) -> tuple[dict[str, Counter[str]], list[tuple[str, Disagreement]]]:
    """Per rule (and per fact/section kind) counts of 'agree' and 'total', and every
    disagreement with its file."""
    counts: dict[str, Counter[str]] = {}
    disagreements: list[tuple[str, Disagreement]] = []
    for truth_path in sorted(sample_dir.glob("*.truth.json")):
        truth: dict[str, Any] = json.loads(truth_path.read_text(encoding="utf-8"))
        plan = sample_dir / truth["file"]
        report = check_one(plan, date.fromisoformat(truth["as_of"]))
        found = compare(report, truth)
        wrong = {(d.kind, d.key) for d in found}
        disagreements += [(truth["file"], d) for d in found]
        for key in truth["outcomes"]:
            rule = key.split(":")[0]
            c = counts.setdefault(rule, Counter())
            c["total"] += 1
            c["agree"] += ("outcome", key) not in wrong
        for kind, names in (("fact", _fact_names(truth)), ("section", list(truth["sections"]))):
            c = counts.setdefault(f"({kind}s)", Counter())
            for name in names:
                c["total"] += 1
                c["agree"] += (kind, name) not in wrong
    return counts, disagreements


def _fact_names(truth: dict[str, Any]) -> list[str]:
    from beredskab.sample.truth import FACT_NAMES

    return [*FACT_NAMES, "goal_count"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample_dir", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    if not args.sample_dir.is_dir():
        print(f"Ikke en mappe / not a folder: {args.sample_dir}", file=sys.stderr)
        return 2
    counts, disagreements = agreement(args.sample_dir)
    total = agree = 0
    print(f"{'rule':<10} {'agree/total':>12} {'%':>7}")
    for rule in sorted(counts):
        c = counts[rule]
        pct = 100 * c["agree"] / c["total"] if c["total"] else 100.0
        print(f"{rule:<10} {c['agree']:>5}/{c['total']:<6} {pct:7.1f}")
        if not rule.startswith("("):
            total += c["total"]
            agree += c["agree"]
    overall = 100 * agree / total if total else 100.0
    print(f"{'overall':<10} {agree:>5}/{total:<6} {overall:7.1f}")
    if args.verbose:
        for file, d in disagreements:
            print(f"{file}\t{d.kind}\t{d.key}\texpected={d.expected}\tactual={d.actual}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
