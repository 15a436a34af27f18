"""Generated plans read back through the project's reader and tree with the sections,
facts and defects their truth claims (one plan per authoring idiom that matters)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from beredskab.reader import read_document
from beredskab.reference import municipality_by_code
from beredskab.sample.content import Para
from beredskab.sample.docx_writer import render
from beredskab.sample.prose import build_plan
from beredskab.sample.spec import HEADING_IDIOMS, PlanSpec, make_profile, plan_specs
from beredskab.sample.truth import derive_truth
from beredskab.text import normalise
from beredskab.tree import build_tree

AS_OF = date(2026, 11, 27)


def _spec(code: str, heading: str, add: set[str], defects: set[str] | None = None) -> PlanSpec:
    muni = municipality_by_code(code)
    assert muni is not None
    profile = replace(make_profile(muni, 1), heading_idiom=heading)
    spec = plan_specs(profile, 1, AS_OF, 1)[-1]
    idioms = (set(spec.idioms) - set(HEADING_IDIOMS)) | {heading} | add
    if "contact-textbox" in add:
        idioms.discard("contact-table")
    return replace(
        spec,
        idioms=frozenset(idioms),
        defects=frozenset(defects if defects is not None else spec.defects - {"blank-template"}),
    )


CASES = [
    ("779", "builtin-headings-typed-numbers", {"toc-field", "bookmarks-in-headings"}, None),
    ("751", "auto-numbered-headings", {"contact-textbox", "split-runs", "soft-hyphens"}, None),
    ("101", "danish-style-ids", {"content-control", "tracked-changes", "nbsp"}, set()),
    ("400", "custom-heading-style", {"comments", "merged-sections", "goals-table"}, None),
    ("480", "bold-manual-headings", {"reordered-sections", "contact-textbox"}, None),
    ("147", "danish-style-ids", {"goals-maal-paragraphs"}, {"blank-template"}),
]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize(("code", "heading", "add", "defects"), CASES)
def test_plan_reads_back_as_its_truth_says(
    code: str, heading: str, add: set[str], defects: set[str] | None
) -> None:
    spec = _spec(code, heading, add, defects)
    if defects and "blank-template" in defects:
        from beredskab.sample.spec import as_blank

        spec = as_blank(spec)
    content = build_plan(spec)
    data = render(content, spec)
    truth = derive_truth(spec, content, "plan.docx")
    document = read_document(data, name="plan.docx")
    tree = build_tree(document)

    # Sections: every heading the truth claims is a heading in the tree.
    headings = {normalise(s.heading_text) for s in tree.walk() if s.heading is not None}
    for key, info in truth["sections"].items():
        if info["present"]:
            assert normalise(info["heading"]) in headings, (key, info["heading"], headings)

    # Facts: visible in the accepted text, text boxes and content controls included.
    body = [p.text for p in document.paragraphs()]
    text = normalise("\n".join(body))
    facts = truth["facts"]
    everywhere = text + normalise(" ".join(c.text for c in document.content_controls))
    if facts["municipality"]:
        assert normalise(facts["municipality"]) in everywhere
    for goal in facts["goals"]:
        assert normalise(goal) in text
    for email in facts["emails"]:
        # A text box is read once (Choice), not twice (Fallback).
        assert text.count(email) == 1
    digits = [_digits(line) for line in body]
    for phone in facts["phones"]:
        assert any(phone in d for d in digits), phone
    if facts["police_district_raw"]:
        assert normalise(facts["police_district_raw"]) in text
    if facts["plan_year"]:
        assert str(facts["plan_year"]) in text

    # Defects: pending changes and comments are in the file, deleted text is not read.
    deleted = [s for b in content.blocks if isinstance(b, Para) for k, s in b.segs if k == "del"]
    revisions = document.revisions
    assert (truth["outcomes"]["DOC002"] == "fail") == bool(
        revisions.pending or revisions.comments or document.comments
    )
    for gone in deleted:
        assert normalise(gone) not in text
    if "blank-template" in truth["defects"]:
        assert "kommunens navn" in text and truth["outcomes"]["DOC003"] == "fail"
    else:
        assert truth["outcomes"]["DOC003"] == "pass"


def test_tracked_case_really_has_tracked_changes() -> None:
    spec = _spec("101", "danish-style-ids", {"tracked-changes"}, set())
    content = build_plan(spec)
    document = read_document(render(content, spec), name="kbh.docx")
    assert document.revisions.pending > 0
    assert derive_truth(spec, content, "kbh.docx")["outcomes"]["DOC002"] == "fail"
