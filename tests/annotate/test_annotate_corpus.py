"""Robustness over the shared corpus of real third-party Word files: every file is either
annotated into a well-formed copy or refused with a typed error, never a crash."""

from __future__ import annotations

import hashlib
import posixpath
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from annotate_helpers import NS, SAFE, W, indexed, report, result, small_pack
from lxml import etree

from beredskab.annotate import annotate_docx
from beredskab.errors import BeredskabError

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

PACK = small_pack()
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
FINDINGS = [
    result("DOC003"),
    result("INT002", section="intro.goals", paragraph=0),
    result("CON001", paragraph=3),
    result("STR001", section="org.procedure"),
    result("REF001", severity="warning", paragraph=10**6),  # outside every plan
]


def _main_part(z: zipfile.ZipFile) -> str:
    rels = etree.fromstring(z.read("_rels/.rels"), SAFE)
    for rel in rels:
        if rel.get("Type") == OFFICE_DOC:
            return posixpath.normpath(rel.get("Target").lstrip("/"))
    raise AssertionError("no main part")


def _check_copy(src: Path, out: Path, comments: int) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out) as zout:
        assert zout.testzip() is None
        main = _main_part(zout)
        root = etree.fromstring(zout.read(main), SAFE)
        ids = Counter(
            int(v)
            for v in root.xpath(
                "//w:commentRangeStart/@w:id|//w:commentRangeEnd/@w:id|//w:commentReference/@w:id",
                namespaces=NS,
            )
        )
        names = zout.namelist()
        comment_parts = [n for n in names if n.endswith("comments.xml") and zin.NameToInfo.get(n)]
        new_parts = set(names) - set(zin.namelist())
        part_name = next(iter([*new_parts, *comment_parts]), None)
        assert part_name is not None
        ours = [
            c
            for c in etree.fromstring(zout.read(part_name), SAFE)
            if c.get(f"{{{W}}}author") == "beredskab"
        ]
        assert len(ours) == comments
        for c in ours:
            assert ids[int(c.get(f"{{{W}}}id"))] == 3  # start, end and reference
        assert len(indexed(root)) >= 1
        rewritten = {main, part_name, "[Content_Types].xml"}
        for info in zin.infolist():
            if info.filename in rewritten or info.filename.endswith(".rels"):
                continue
            if "comments" in info.filename.lower():
                continue
            assert zout.read(info.filename) == zin.read(info), info.filename


def test_every_corpus_file_is_annotated_or_refused_clearly(
    real_docx_dir: Path, tmp_path: Path
) -> None:
    files = sorted(p for p in real_docx_dir.rglob("*") if p.suffix.lower() in {".docx", ".docm"})
    assert len(files) > 300
    outcomes: Counter[str] = Counter()
    for n, src in enumerate(files):
        before = hashlib.sha256(src.read_bytes()).hexdigest()
        out = tmp_path / f"{n}{src.suffix.lower()}"
        try:
            done = annotate_docx(src, out, report(FINDINGS), pack=PACK)
        except BeredskabError as exc:
            assert exc.message("da") and exc.message("en")
            outcomes[f"refused:{exc.code}"] += 1
            assert not out.exists()
        else:
            _check_copy(src, out, done.comments)
            outcomes["annotated"] += 1
            out.unlink()
        assert hashlib.sha256(src.read_bytes()).hexdigest() == before, src
    assert list(tmp_path.iterdir()) == []
    # Most of the corpus is ordinary Word files; the refusals are the broken, encrypted
    # and Strict ones and one with a DTD (see ../shared/corpus/real-docx/README.md).
    # Measured: 372 annotated, 15 not a zip, 3 Strict, 1 corrupt zip, 1 DTD.
    assert outcomes["annotated"] > 0.8 * len(files), outcomes
