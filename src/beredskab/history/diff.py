"""What changed between two versions of a municipality's plan (spec/history.md).

``diff_versions`` builds the machine-readable diff: the compliance change first
(findings fixed, new and unchanged — SARIF's ``baselineState`` vocabulary), then the
key facts that changed, then sections added, removed, renamed, moved and changed, with
a word-level diff per changed section. The comparison itself is pure
(``compare_findings``, ``compare_facts``, ``compare_sections``, ``word_diff``); only
``diff_versions`` reads the database.

What does not count as a change (Word's Compare options as the checklist): white space
(spaces, line breaks, paragraph splits) in section text and headings. Case and
punctuation do count: "skal" → "Skal" is a real edit of the text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from beredskab.errors import UsageError
from beredskab.history.record import FRONT_MATTER, SectionSnapshot
from beredskab.results import Result

if TYPE_CHECKING:
    from beredskab.history.db import HistoryDB, VersionInfo

PER_SECTION_RULES = frozenset({"STR001", "STR002", "STR003"})
"""Rules with one result per section key: their findings keep the key."""

FACT_KEYS: tuple[str, ...] = (
    "goals",
    "contacts",
    "revision_interval_years",
    "adopted",
    "adopted_by",
    "police_district",
    "plan_year",
    "next_revision_due",
    "municipality",
    "nsk",
)
"""The facts a diff compares, in the order it reports them."""


# -- findings --------------------------------------------------------------------------


def finding_key(result: Result) -> tuple[str, str | None]:
    return (result.rule, result.section if result.rule in PER_SECTION_RULES else None)


def _state(result: Result) -> str:
    return "waived" if result.waived else result.outcome


def _is_finding(result: Result) -> bool:
    """``fail`` and ``error`` count; a waived finding counts as passing."""
    return result.failed and not result.waived


def compare_findings(before: Iterable[Result], after: Iterable[Result]) -> dict[str, Any]:
    """Findings fixed (failed before, not now), new (fail now, not before) and
    unchanged (fail in both), each ``{"rule", "section", "name", "severity", "outcome",
    "message"}`` sorted by rule and section. ``outcome`` is the newer version's outcome
    (``waived`` for a waived failure, ``absent`` when the newer evaluation has no result
    for the rule); ``message`` is the failing result's message (for a fixed finding: the
    older version's), so a reader sees what the finding was about."""
    before_states: dict[tuple[str, str | None], list[Result]] = {}
    after_states: dict[tuple[str, str | None], list[Result]] = {}
    for r in before:
        before_states.setdefault(finding_key(r), []).append(r)
    for r in after:
        after_states.setdefault(finding_key(r), []).append(r)

    def failing(states: dict[tuple[str, str | None], list[Result]]) -> set[tuple[str, str | None]]:
        return {k for k, rs in states.items() if any(_is_finding(r) for r in rs)}

    was, now = failing(before_states), failing(after_states)

    def item(key: tuple[str, str | None]) -> dict[str, Any]:
        newer = after_states.get(key) or []
        older = before_states.get(key) or []
        pick = next((r for r in newer if _is_finding(r)), newer[0] if newer else None)
        # The failing result (newer side first); every key has a result on one side.
        failing = [*(r for r in newer if _is_finding(r)), *(r for r in older if _is_finding(r))]
        failing_result = (failing or [*newer, *older])[0]
        return {
            "rule": key[0],
            "section": key[1],
            "name": failing_result.name,
            "severity": failing_result.severity,
            "outcome": _state(pick) if pick is not None else "absent",
            "message": dict(failing_result.message),
        }

    def ordered(keys: set[tuple[str, str | None]]) -> list[dict[str, Any]]:
        return [item(k) for k in sorted(keys, key=lambda k: (k[0], k[1] or ""))]

    return {"fixed": ordered(was - now), "new": ordered(now - was), "unchanged": ordered(was & now)}


# -- facts -----------------------------------------------------------------------------


def _norm_fact(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_norm_fact(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm_fact(v) for k, v in value.items()}
    return value


def compare_facts(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Only the facts that changed, ``{"fact": {"from": …, "to": …}}``; goals and
    contacts also say what was added and removed."""
    changed: dict[str, Any] = {}
    for key in FACT_KEYS:
        old, new = _norm_fact(before.get(key)), _norm_fact(after.get(key))
        if old == new:
            continue
        entry: dict[str, Any] = {"from": old, "to": new}
        if key == "goals":
            entry["added"] = [g for g in new or [] if g not in (old or [])]
            entry["removed"] = [g for g in old or [] if g not in (new or [])]
        elif key == "contacts":
            for kind in ("phones", "emails"):
                o, n = (old or {}).get(kind) or [], (new or {}).get(kind) or []
                entry[f"{kind}_added"] = [x for x in n if x not in o]
                entry[f"{kind}_removed"] = [x for x in o if x not in n]
        changed[key] = entry
    return changed


# -- sections --------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


def word_diff(before: str, after: str) -> list[list[str]]:
    """Word-level diff as ``[op, text]`` segments: ``=`` kept, ``-`` removed,
    ``+`` added (a replacement is a removal followed by an addition)."""
    a, b = _words(before), _words(after)
    out: list[list[str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(["=", " ".join(a[i1:i2])])
            continue
        if i2 > i1:
            out.append(["-", " ".join(a[i1:i2])])
        if j2 > j1:
            out.append(["+", " ".join(b[j1:j2])])
    return out


def _text_change(before: str, after: str) -> dict[str, Any]:
    a, b = _words(before), _words(after)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    added = removed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += i2 - i1
            added += j2 - j1
    return {
        "similarity": round(matcher.ratio(), 2),
        "words_added": added,
        "words_removed": removed,
        "diff": word_diff(before, after),
    }


def _same_text(a: str, b: str) -> bool:
    return _words(a) == _words(b)


def _public_key(s: SectionSnapshot) -> str | None:
    return s.key


def compare_sections(
    before: Iterable[SectionSnapshot], after: Iterable[SectionSnapshot]
) -> dict[str, Any]:
    """Sections added, removed, renamed, moved and changed.

    Sections are the same when they matched the same template key; sections matched to
    no key are the same when their headings' titles are (numbers aside). The front
    matter is not compared (the facts cover what it usually holds)."""
    old = _by_identity(before)
    new = _by_identity(after)
    common = [i for i in old if i in new]

    added = [{"key": _public_key(s), "heading": s.heading} for i, s in new.items() if i not in old]
    removed = [
        {"key": _public_key(s), "heading": s.heading} for i, s in old.items() if i not in new
    ]
    renamed = [
        {"key": _public_key(new[i]), "from": old[i].heading, "to": new[i].heading}
        for i in common
        if " ".join(old[i].heading.split()) != " ".join(new[i].heading.split())
    ]
    changed = []
    for i in common:
        if not _same_text(old[i].text, new[i].text):
            entry: dict[str, Any] = {"key": _public_key(new[i]), "heading": new[i].heading}
            entry.update(_text_change(old[i].text, new[i].text))
            changed.append(entry)
    # A section moved when it left the longest common order of the shared sections.
    order_after = sorted(common, key=lambda i: new[i].position)
    matcher = difflib.SequenceMatcher(a=common, b=order_after, autojunk=False)
    in_place = {common[b.a + k] for b in matcher.get_matching_blocks() for k in range(b.size)}
    moved = [
        {
            "key": _public_key(new[i]),
            "heading": new[i].heading,
            "from_position": old[i].position,
            "to_position": new[i].position,
        }
        for i in order_after
        if i not in in_place
    ]
    return {
        "added": added,
        "removed": removed,
        "renamed": renamed,
        "moved": moved,
        "changed": changed,
    }


def _by_identity(sections: Iterable[SectionSnapshot]) -> dict[str, SectionSnapshot]:
    """Sections by identity in document order (repeated identities numbered)."""
    out: dict[str, SectionSnapshot] = {}
    for s in sorted(sections, key=lambda s: s.position):
        ident = s.identity
        if ident == FRONT_MATTER:
            continue
        n = 1
        while ident in out:  # two sections with one heading: the 2nd is "#2", and so on
            n += 1
            ident = f"{s.identity}#{n}"
        out[ident] = s
    return out


# -- versions --------------------------------------------------------------------------


def _side(info: VersionInfo, pack: str | None) -> dict[str, Any]:
    return {
        "version": info.version,
        "sha256": info.sha256,
        "received": info.received.isoformat(),
        "plan_year": info.plan_year,
        "file": info.file_name,
        "rule_pack": pack,
    }


def _common_pack(db: HistoryDB, a: int, b: int) -> tuple[str | None, str | None]:
    """The pack labels to compare: the newest label both versions were evaluated with,
    else each version's newest evaluation."""
    ev_a, ev_b = db.evaluations(a), db.evaluations(b)
    labels_b = {e.pack_label for e in ev_b}
    for e in reversed(ev_a):
        if e.pack_label in labels_b:
            return e.pack_label, e.pack_label
    return (
        ev_a[-1].pack_label if ev_a else None,
        ev_b[-1].pack_label if ev_b else None,
    )


def _results(db: HistoryDB, version_id: int, pack: str | None) -> list[Result]:
    if pack is None:
        return []
    ev = db.evaluation(version_id, pack)
    return db.results(ev.id) if ev is not None else []


def diff_versions(
    db: HistoryDB,
    kommune: str,
    from_v: int | None = None,
    to_v: int | None = None,
    *,
    pack_label: str | None = None,
) -> dict[str, Any]:
    """The diff of two versions of ``kommune``'s plan (spec/history.md).

    ``to_v`` defaults to the newest version, ``from_v`` to the one before ``to_v``.
    Findings compare the results of one rule pack (``pack_label``, else the newest
    pack both versions were evaluated with)."""
    versions = db.versions(kommune)
    if not versions:
        raise UsageError("history.no-versions", kommune=kommune)
    name = versions[0].kommune
    by_number = {v.version: v for v in versions}
    to_n = to_v if to_v is not None else versions[-1].version
    from_n = from_v if from_v is not None else to_n - 1
    if from_v is None and to_n == 1 and 1 in by_number:
        if len(versions) == 1:
            raise UsageError("history.only-one-version", kommune=name)
        raise UsageError("history.nothing-before", kommune=name)
    for n in (to_n, from_n):
        if n not in by_number:
            raise UsageError(
                "history.no-such-version", kommune=name, version=n, count=len(versions)
            )
    old, new = by_number[from_n], by_number[to_n]
    pack_old: str | None
    pack_new: str | None
    if pack_label is not None:
        pack_old = pack_new = pack_label
    else:
        pack_old, pack_new = _common_pack(db, old.id, new.id)
    return {
        "kommune": name,
        "kommunekode": versions[0].kommunekode,
        "from": _side(old, pack_old),
        "to": _side(new, pack_new),
        "findings": compare_findings(
            _results(db, old.id, pack_old), _results(db, new.id, pack_new)
        ),
        "facts": compare_facts(db.facts(old.id), db.facts(new.id)),
        "sections": compare_sections(db.sections(old.id), db.sections(new.id)),
    }
