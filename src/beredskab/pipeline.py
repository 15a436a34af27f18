"""The pipeline in one call: file → reader → tree → matcher → facts → rules → report.

``analyse_path`` keeps every stage's output (the history and the annotator need the
tree and the matching); ``check_path`` returns only the report. An unreadable file
raises ``DocumentError``; ``unreadable_report`` turns that into a report with one
DOC001 ``error`` result, for batch runs where one broken file never stops the run.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beredskab import __version__
from beredskab.errors import DocumentError
from beredskab.facts import Facts
from beredskab.match import Matching
from beredskab.model import Document, Paragraph
from beredskab.results import PlanInfo, Report, Result, SectionResult
from beredskab.rulepack import RulePack, load_pack
from beredskab.tree import SectionTree

if TYPE_CHECKING:
    from beredskab.checks import CheckContext


@dataclass(frozen=True, slots=True)
class Analysis:
    """Every stage's result for one plan: document, tree, matching, facts and report."""

    document: Document
    tree: SectionTree
    matching: Matching
    facts: Facts
    report: Report


def analyse_path(
    path: str | Path,
    *,
    pack: RulePack | None = None,
    as_of: date | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Analysis:
    """Read and check one plan. ``select``/``ignore`` take rule IDs or prefixes.

    Raises ``DocumentError`` when the file cannot be read (see ``unreadable_report``)."""
    from beredskab.reader import read_document

    document = read_document(path)
    return analyse_document(
        document, file=str(path), pack=pack, as_of=as_of, select=select, ignore=ignore
    )


def analyse_document(
    document: Document,
    *,
    file: str | None = None,
    pack: RulePack | None = None,
    as_of: date | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Analysis:
    """Check a plan already read into a ``Document`` (tree → matcher → facts → rules).

    The garbage collector is paused meanwhile (as while reading): the stages make many
    small objects, nearly all without reference cycles (the per-plan cache's few are
    collected once it runs again), and on a long plan its passes cost more than they
    free."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _analyse_document(
            document, file=file, pack=pack, as_of=as_of, select=select, ignore=ignore
        )
    finally:
        if collecting:
            gc.enable()


def _analyse_document(
    document: Document,
    *,
    file: str | None,
    pack: RulePack | None,
    as_of: date | None,
    select: Sequence[str],
    ignore: Sequence[str],
) -> Analysis:
    from beredskab.checks import CheckContext
    from beredskab.checks.base import document_vocabulary
    from beredskab.engine import evaluate
    from beredskab.facts import extract_facts
    from beredskab.match import match_sections
    from beredskab.tree import build_tree

    pack = pack if pack is not None else load_pack()
    day = as_of if as_of is not None else date.today()
    tree = build_tree(document)
    matching = match_sections(tree, pack.sections)
    # One per-plan cache for the facts and the checks: the document's normalised texts
    # and distinct words are computed once, before the facts, which use the words to
    # find absent literals quickly.
    cache: dict[str, Any] = {}
    vocabulary = document_vocabulary(document, cache)
    facts = extract_facts(document, tree, matching, vocabulary=vocabulary)
    ctx = CheckContext(document, tree, matching, facts, pack, day, cache)
    results = evaluate(pack, ctx, select, ignore)
    report = Report(
        file=file if file is not None else (document.path or ""),
        sha256=document.sha256,
        as_of=day,
        plan=plan_info(ctx),
        sections=section_results(pack, matching),
        results=results,
        rule_pack=pack.label,
        unmatched_sections=tuple(s.heading_text for s in matching.unmatched),
        document_stats=document_stats(document, tree, _paragraphs(ctx)),
        tool_version=__version__,
    )
    return Analysis(document, tree, matching, facts, report)


def plan_info(ctx: CheckContext) -> PlanInfo:
    """The report's ``plan`` block from the facts (next revision as REV001 computes it)."""
    from beredskab.checks.plan import next_revision_due

    facts = ctx.facts
    due, _basis = next_revision_due(ctx, 4)
    return PlanInfo(
        municipality=facts.municipality,
        kommunekode=facts.kommunekode,
        police_district=facts.police_district,
        plan_year=facts.plan_year,
        adopted=facts.adopted,
        revision_interval_years=facts.revision_interval_years,
        next_revision_due=due,
        goals=tuple(g.value for g in facts.goals),
        phones=tuple(dict.fromkeys(f.value for f in facts.phones)),
        emails=tuple(dict.fromkeys(f.value for f in facts.emails)),
        extra={
            k: v
            for k, v in {
                "adopted_by": facts.adopted_by,
                "police_district_raw": facts.police_district_raw,
                "municipality_candidates": list(facts.municipality_candidates),
            }.items()
            if v
        },
    )


def section_results(pack: RulePack, matching: Matching) -> tuple[SectionResult, ...]:
    """One ``SectionResult`` per catalogue key, in the template's order."""
    out = []
    for spec in pack.sections:
        m = matching.matches.get(spec.key)
        if m is None or m.section is None:
            out.append(SectionResult(key=spec.key, found=False, method=m.method if m else None))
            continue
        out.append(
            SectionResult(
                key=spec.key,
                found=True,
                heading=m.section.heading_text or None,
                paragraph=m.section.first_paragraph,
                confidence=round(m.confidence, 3),
                method=m.method,
            )
        )
    return tuple(out)


def _paragraphs(ctx: CheckContext) -> Sequence[Paragraph]:
    """The document's paragraphs as the checks walked them (``checks.base.paragraphs``)."""
    from beredskab.checks.base import paragraphs

    return paragraphs(ctx)


def document_stats(
    document: Document, tree: SectionTree, paragraphs: Sequence[Paragraph] | None = None
) -> dict[str, Any]:
    """Sizes and leftovers of the document, for the report (``paragraphs``: the
    document's ``paragraphs()`` when already walked)."""
    rev = document.revisions
    walked = list(document.paragraphs()) if paragraphs is None else paragraphs
    return {
        "paragraphs": document.paragraph_count or len(walked),
        "sections": sum(1 for _ in tree.walk()) - 1,
        "tables": sum(1 for b in document.body if not isinstance(b, Paragraph)),
        "words": word_count([p.text for p in walked], folded=document.folded),
        "file_format": document.file_format,
        "strict": document.strict,
        "pending_revisions": {
            "insertions": rev.insertions,
            "deletions": rev.deletions,
            "moves": rev.moves,
            "format_changes": rev.format_changes,
            "total": rev.pending,
        },
        "comments": rev.comments,
    }


_PRINTABLE_LATIN1 = bytes(i for i in range(256) if chr(i).isprintable())
"""Latin-1 bytes of printable characters (``word_count``)."""


def word_count(texts: Sequence[str], *, folded: bool = False) -> int:
    """``sum(len(t.split()) for t in texts)``: counted from the spaces when the texts are
    folded (the reader's paragraph text: single spaces, no other white space, none at
    either end), else split. ``folded``: the texts are known to be folded (``Document.
    folded``), so the tests for it (a third of a millisecond on a long plan) are left
    out."""
    joined = " ".join(filter(None, texts))
    if folded:
        return joined.count(" ") + 1 if joined else 0
    try:
        raw = joined.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        # The usual Latin-1 plan: the same tests on the bytes (printable through a byte
        # table, several times quicker than ``str.isprintable``).
        if (
            b"  " not in raw
            and not raw.startswith(b" ")
            and not raw.endswith(b" ")
            and not raw.translate(None, _PRINTABLE_LATIN1)
        ):
            return raw.count(b" ") + 1 if raw else 0
        return len(joined.split())
    if (
        "  " not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and joined.isprintable()  # every white space but " " is unprintable
    ):
        return joined.count(" ") + 1 if joined else 0
    return len(joined.split())


def check_path(
    path: str | Path,
    *,
    pack: RulePack | None = None,
    as_of: date | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Report:
    return analyse_path(path, pack=pack, as_of=as_of, select=select, ignore=ignore).report


def unreadable_report(
    path: str | Path,
    error: DocumentError,
    *,
    pack: RulePack | None = None,
    as_of: date | None = None,
) -> Report:
    """A report with one DOC001 ``error`` result saying why the file could not be read."""
    from beredskab.i18n import LANGS, t

    pack = pack if pack is not None else load_pack()
    rule = pack.rule("DOC001")
    message: dict[str, str] = {}
    for lang in LANGS:
        reason = error.message(lang)
        template = (rule.messages.get("error") or {}).get(lang) if rule is not None else None
        if template:
            from beredskab.checks.base import render

            message[lang] = render(template, {"reason": reason, "rule": "DOC001"}, lang)
        else:
            message[lang] = t("check.outcome.error.unreadable", lang, reason=reason)
    result = Result(
        rule="DOC001",
        name=rule.name if rule is not None else "readable",
        outcome="error",
        severity=rule.severity if rule is not None else "error",
        message=message,
        evidence=str(path),
        data={"code": error.code},
    )
    return Report(
        file=str(path),
        sha256=None,
        as_of=as_of if as_of is not None else date.today(),
        plan=PlanInfo(),
        sections=tuple(SectionResult(key=s.key, found=False) for s in pack.sections),
        results=(result,),
        rule_pack=pack.label,
        document_stats={"unreadable": error.code},
        tool_version=__version__,
    )
