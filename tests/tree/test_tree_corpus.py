"""Every readable file of the real-docx corpus gives a tree that loses no paragraph.

The tree's one promise to later stages: every body paragraph of the document appears
exactly once — as a section heading or as an own paragraph of one section — so no text
goes missing and none is counted twice; and its headings obey the rules (no empty or
table-of-contents headings, children deeper than their parent, heuristic headings
marked with confidence below 1).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from beredskab.errors import DocumentError
from beredskab.reader import read_document
from beredskab.tree import Section, SectionTree, build_tree

SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}


def problems(tree: SectionTree) -> list[str]:
    found: list[str] = []
    want = Counter(id(p) for p in tree.document.paragraphs())
    got: Counter[int] = Counter()
    for s in tree.walk():
        if s.heading is not None:
            got[id(s.heading)] += 1
        got.update(id(p) for p in s.own_paragraphs())
    if want != got:
        found.append(f"paragraphs lost or doubled: {sum((want - got).values())} lost, "
                     f"{sum((got - want).values())} extra")  # fmt: skip

    def check(section: Section, parent_level: int) -> None:
        if section.heading is not None:
            if not section.heading.text or section.heading.in_toc:
                found.append(f"bad heading {section.heading.text!r}")
            if section.level <= parent_level:
                found.append(f"{section.title!r} level {section.level} under {parent_level}")
            if section.detection == "heuristic" and not 0 < section.confidence < 1:
                found.append(f"heuristic {section.title!r} confidence {section.confidence}")
        for child in section.children:
            check(child, section.level)

    for top in tree.sections:
        check(top, 0)
    return found


@pytest.mark.corpus
@pytest.mark.slow
def test_every_readable_file_keeps_all_its_paragraphs(real_docx_dir: Path) -> None:
    files = sorted(p for p in real_docx_dir.rglob("*") if p.suffix.lower() in SUFFIXES)
    assert len(files) > 300
    read = 0
    failures: dict[str, list[str]] = {}
    for path in files:
        try:
            document = read_document(path)
        except DocumentError:
            continue  # the reader's own corpus test covers the refusals
        read += 1
        found = problems(build_tree(document))
        if found:
            failures[str(path.relative_to(real_docx_dir))] = found
    assert read > 300
    assert not failures, failures
