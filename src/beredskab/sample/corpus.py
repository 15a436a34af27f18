"""Generate a national corpus: plans, truth files, the manifest and the missing list.

``generate_corpus`` is the only function here that touches the file system; the choice
of municipalities, versions, idioms and defects (``corpus_specs``) is pure and seeded.
A default corpus (all 98 municipalities) is topped up so that every authoring idiom and
every seedable defect occurs at least once.
"""

from __future__ import annotations

import csv
import io
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from beredskab.reference import Municipality, municipalities
from beredskab.sample.docx_writer import render
from beredskab.sample.prose import build_plan
from beredskab.sample.spec import (
    DEFECTS,
    HEADING_IDIOMS,
    IDIOMS,
    PlanSpec,
    Profile,
    as_blank,
    make_profile,
    plan_specs,
    resolve_conflicts,
    slug,
)
from beredskab.sample.truth import derive_truth, unreadable_truth

MANIFEST_COLUMNS = ("kommune", "kommunekode", "file", "received", "version")
COVERAGE_MIN_PLANS = 60
"""Top up idioms and defects only in corpora at least this large (a default corpus)."""


@dataclass(frozen=True, slots=True)
class GeneratedPlan:
    """One generated plan: its file name, its bytes and its truth."""

    file: str
    data: bytes
    truth: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CorpusResult:
    """What `beredskab sample` wrote: the plans, the municipalities without one, the time."""

    out_dir: Path
    plans: tuple[GeneratedPlan, ...]
    missing: tuple[Municipality, ...]
    seconds: float


def select_municipalities(
    seed: int, count: int | None
) -> tuple[list[Municipality], list[Municipality]]:
    """(with a plan, without any plan). ``count`` None means all 98."""
    rng = random.Random(f"select:{seed}")
    all_munis = list(municipalities())
    chosen = (
        all_munis
        if count is None
        else sorted(rng.sample(all_munis, min(count, len(all_munis))), key=lambda m: int(m.code))
    )
    n_missing = 3 if count is None else (1 if len(chosen) >= 20 else 0)
    missing = set(m.code for m in rng.sample(chosen, n_missing))
    with_plan = [m for m in chosen if m.code not in missing]
    without = [m for m in chosen if m.code in missing]
    return with_plan, without


def corpus_specs(
    seed: int, count: int | None, versions: int, as_of: date
) -> tuple[list[PlanSpec], list[Municipality]]:
    """Every plan to write (oldest version first per municipality) and the
    municipalities without a plan."""
    with_plan, missing = select_municipalities(seed, count)
    per_muni: list[list[PlanSpec]] = []
    for muni in with_plan:
        profile = make_profile(muni, seed)
        rng = random.Random(f"versions:{seed}:{muni.code}")
        n = versions if versions <= 1 or rng.random() < 0.7 else rng.randint(1, versions)
        per_muni.append(plan_specs(profile, n, as_of, seed))
    if len(with_plan) >= COVERAGE_MIN_PLANS:
        per_muni = _top_up(per_muni, seed)
    return [s for group in per_muni for s in group], missing


def _with_profile(group: list[PlanSpec], profile: Profile, add: set[str]) -> list[PlanSpec]:
    return [
        replace(
            s,
            profile=profile,
            idioms=frozenset((s.idioms - set(HEADING_IDIOMS)) | add | {profile.heading_idiom}),
        )
        for s in group
    ]


def _top_up(per_muni: list[list[PlanSpec]], seed: int) -> list[list[PlanSpec]]:
    """Make sure every idiom and every seedable defect occurs somewhere."""
    rng = random.Random(f"coverage:{seed}")
    groups = [list(g) for g in per_muni]
    filled = [i for i, g in enumerate(groups) if not g[-1].blank]

    def present_idioms() -> set[str]:
        return {i for g in groups for s in g for i in s.idioms}

    if not any(g[-1].blank for g in groups):
        i = rng.choice(filled)
        last = groups[i][-1]
        groups[i] = [as_blank(last)]
        filled.remove(i)
    for idiom in IDIOMS:
        if idiom in present_idioms():
            continue
        i = rng.choice(filled)
        group = groups[i]
        profile = group[0].profile
        if idiom in HEADING_IDIOMS:
            profile = replace(profile, heading_idiom=idiom)
            groups[i] = _with_profile(group, profile, set())
        else:
            extra = {idiom}
            if idiom == "toc-field":
                extra.add("bookmarks-in-headings")
            groups[i] = [replace(s, idioms=s.idioms | extra) for s in group]
            if idiom == "nsk-combined":
                groups[i] = [replace(s, defects=s.defects | {"nsk-combined"}) for s in groups[i]]
    seeded = {d for g in groups for s in g for d in s.defects}
    for defect in DEFECTS:
        if defect in seeded or defect == "blank-template":
            continue
        if defect == "unreadable-file":
            # An upload that broke on the way: an older version arrives truncated.
            multi = [j for j in filled if len(groups[j]) > 1] or filled
            j = rng.choice(multi)
            first = groups[j][0]
            groups[j][0] = replace(first, defects=frozenset({"unreadable-file"}))
            continue
        i = rng.choice(filled)
        last = groups[i][-1]
        idioms = set(last.idioms)
        if defect == "pending-tracked-changes":
            idioms.add("tracked-changes")
        if defect == "open-comments":
            idioms.add("comments")
        if defect == "nsk-combined":
            idioms.add("nsk-combined")
        if defect == "efforts-not-by-target-group":
            idioms = (idioms - {"efforts-subsections"}) | {"efforts-table"}
        # The added defect wins over any defect it conflicts with.
        others = resolve_conflicts(set(last.defects) | {defect})
        if defect not in others:
            others = resolve_conflicts({defect} | (set(last.defects) - _blocked_by(defect)))
        groups[i][-1] = replace(last, defects=others, idioms=frozenset(idioms))
    return groups


def _blocked_by(defect: str) -> set[str]:
    from beredskab.sample.spec import _CONFLICTS

    return {a for a, b in _CONFLICTS if b == defect} | {b for a, b in _CONFLICTS if a == defect}


def file_name(spec: PlanSpec, taken: set[str]) -> str:
    year = spec.received.year if spec.blank else spec.adopted.year
    stem = f"{slug(spec.muni.name)}-{year}"
    name = f"{stem}.docx"
    if name in taken:
        name = f"{stem}-v{spec.version}.docx"
    taken.add(name)
    return name


def generate_plan(spec: PlanSpec, name: str) -> GeneratedPlan:
    """Write one plan in memory: its .docx bytes and its truth."""
    content = build_plan(spec)
    data = render(content, spec)
    if spec.has("unreadable-file"):
        return GeneratedPlan(name, data[: len(data) // 3], unreadable_truth(spec, name))
    return GeneratedPlan(name, data, derive_truth(spec, content, name))


def manifest_csv(plans: tuple[GeneratedPlan, ...] | list[GeneratedPlan]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    for p in plans:
        t = p.truth
        writer.writerow((t["kommune"], t["kommunekode"], p.file, t["received"], t["version"]))
    return buf.getvalue()


def generate_corpus(
    out_dir: str | Path,
    *,
    seed: int = 1,
    municipalities: int | None = None,
    versions: int = 2,
    as_of: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CorpusResult:
    """Write the corpus into ``out_dir`` (created if needed): one .docx and one
    ``.truth.json`` per plan, ``manifest.csv`` and ``missing.json``."""
    started = time.perf_counter()
    as_of = as_of or date.today()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    specs, missing = corpus_specs(seed, municipalities, max(1, versions), as_of)
    taken: set[str] = set()
    plans: list[GeneratedPlan] = []
    for n, spec in enumerate(specs, 1):
        plan = generate_plan(spec, file_name(spec, taken))
        (out / plan.file).write_bytes(plan.data)
        truth_path = out / plan.file.replace(".docx", ".truth.json")
        truth_path.write_text(
            json.dumps(plan.truth, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
            encoding="utf-8",
        )
        plans.append(plan)
        if progress:
            progress(n, len(specs))
    (out / "manifest.csv").write_text(manifest_csv(plans), encoding="utf-8")
    missing_rows = [{"kommune": m.official_name, "kommunekode": m.code} for m in missing]
    (out / "missing.json").write_text(
        json.dumps(missing_rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return CorpusResult(out, tuple(plans), tuple(missing), time.perf_counter() - started)
