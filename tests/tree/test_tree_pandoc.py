"""Our headings against pandoc's expected AST for pandoc's own docx fixtures.

For every docx in ``../shared/corpus/real-docx/`` that pandoc's reader tests pair with a
``.native`` (relation ``reader_expected``; the pair with pandoc's default options, else
the first), the tree's headings — level and normalised text of the heading paragraph as
written — must equal pandoc's ``Header`` elements for at least 95% of the files.

One normalisation of pandoc's side: headers with no text are dropped. pandoc emits an
empty ``Header`` for an empty heading-styled paragraph; Word's navigation pane shows
nothing there and our tree never makes an empty paragraph a heading. The raw figure
(without this) is printed too.

Known, deliberate differences (the test prints every differing file with the reason it
can detect):
* ``0_level_headers.docx``: a style "Heading 0" with ``w:outlineLvl 7``: we follow the
  outline level (level 8, as Word's navigation pane), pandoc goes by the name (level 1).
* ``lists_level_override.docx``: ``w:outlineLvl`` set directly on Normal paragraphs:
  headings for Word and for us; pandoc ignores outline levels.
* ``nested_anchors_in_header.docx``: a "TOC Heading" (``w:outlineLvl 9``, inside the
  table of contents) is a heading for pandoc through its basedOn Heading 1.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
from tree_native import headers

from beredskab.errors import DocumentError
from beredskab.reader import read_document
from beredskab.text import normalise
from beredskab.tree import build_tree

Headings = list[tuple[int, str]]


@dataclass(frozen=True, slots=True)
class Comparison:
    docx: str
    native: str
    ours: Headings | None
    pandoc_raw: Headings

    @property
    def pandoc(self) -> Headings:
        return [(level, text) for level, text in self.pandoc_raw if text]

    @property
    def agrees(self) -> bool:
        return self.ours == self.pandoc

    @property
    def agrees_raw(self) -> bool:
        return self.ours == self.pandoc_raw

    def why(self) -> str:
        if self.ours is None:
            return "our reader refused the file"
        ours, theirs = self.ours, self.pandoc
        if len(ours) == len(theirs):
            if [t for _, t in ours] == [t for _, t in theirs]:
                return "same headings, different levels"
            return "same number of headings, different text"
        extra = [h for h in ours if h not in theirs]
        missing = [h for h in theirs if h not in ours]
        return f"{len(extra)} heading(s) only ours, {len(missing)} only pandoc's"


def default_pairs(root: Path) -> dict[str, str]:
    """docx → native, preferring pandoc's default reader options."""
    chosen: dict[str, tuple[str, bool]] = {}
    with (root / "pandoc-native-pairs.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["relation"] != "reader_expected":
                continue
            options = row["pandoc_options"]
            default = options.startswith("defaults") or "AcceptChanges" in options
            previous = chosen.get(row["docx_file"])
            if previous is None or (default and not previous[1]):
                chosen[row["docx_file"]] = (row["native_file"], default)
    return {docx: native for docx, (native, _) in chosen.items()}


def our_headings(path: Path) -> Headings | None:
    try:
        tree = build_tree(read_document(path))
    except DocumentError:
        return None
    return [
        (s.level, normalise(s.heading.text)) for s in list(tree.walk())[1:] if s.heading is not None
    ]


def compare(root: Path) -> list[Comparison]:
    out = []
    for docx, native in sorted(default_pairs(root).items()):
        expected = headers((root / native).read_text(encoding="utf-8"))
        out.append(
            Comparison(
                docx,
                native,
                our_headings(root / docx),
                [(level, normalise(text)) for level, text in expected],
            )
        )
    return out


@pytest.mark.corpus
def test_headings_agree_with_pandoc(
    real_docx_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = compare(real_docx_dir)
    assert len(results) >= 75, "pandoc-native-pairs.tsv lists about 80 reader fixtures"
    agree = sum(r.agrees for r in results)
    agree_raw = sum(r.agrees_raw for r in results)
    lines = [
        f"pandoc headings: {agree}/{len(results)} files agree "
        f"({agree / len(results):.1%}; without dropping empty pandoc headers "
        f"{agree_raw}/{len(results)}, {agree_raw / len(results):.1%})"
    ]
    for r in results:
        if not r.agrees_raw:
            status = "differs" if not r.agrees else "empty pandoc header only"
            lines.append(f"  {status}: {r.docx} vs {r.native}: {r.why() if not r.agrees else ''}")
            lines.append(f"      ours:   {r.ours}")
            lines.append(f"      pandoc: {r.pandoc_raw}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert agree / len(results) >= 0.95, "\n".join(lines)


def test_pair_selection_prefers_default_options(tmp_path: Path) -> None:
    header = "docx_file\tnative_file\trelation\tx\ty\tz\tname\tpandoc_options\n"
    rows = [
        "a.docx\ta_all.native\treader_expected\t\t\t\t\tdef{readerTrackChanges=AllChanges}",
        "a.docx\ta_accept.native\treader_expected\t\t\t\t\tdef{readerTrackChanges=AcceptChanges}",
        "b.docx\tb.native\treader_expected\t\t\t\t\tdefaults (docx default extensions)",
        "b.docx\tb_plus.native\treader_expected\t\t\t\t\tdef{readerExtensions=x}",
        "c.docx\tc.native\twriter_source\t\t\t\t\tdefaults",
        "d.docx\td_all.native\treader_expected\t\t\t\t\tdef{readerTrackChanges=AllChanges}",
    ]
    (tmp_path / "pandoc-native-pairs.tsv").write_text(header + "\n".join(rows), encoding="utf-8")
    assert default_pairs(tmp_path) == {
        "a.docx": "a_accept.native",
        "b.docx": "b.native",
        "d.docx": "d_all.native",
    }
