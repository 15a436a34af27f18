"""Property tests: broken input gives a Document or a DocumentError, nothing else.

A wrapped unexpected exception (``unexpected`` in the error's params) counts as a
failure too: it means the reader itself tripped over the input.
"""

from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from reader_builders import level, make_docx, numbered, p, parts_of, table, zip_parts

from beredskab.errors import DocumentError
from beredskab.model import Document
from beredskab.reader import read_document

pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RICH_BODY = (
    p("Indledning", "Heading1")
    + numbered("Mål", 1, 0)
    + numbered("Delmål", 1, 1)
    + table([p("Infohus"), "<w:tcPr><w:gridSpan w:val='2'/></w:tcPr>" + p("Politi")])
    + "<w:sdt><w:sdtPr><w:tag w:val='kommune'/><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
    + p("Køge")
    + "</w:sdtContent></w:sdt>"
    + "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
    "<w:r><w:instrText>TOC \\o</w:instrText></w:r><w:r><w:fldChar w:fldCharType='separate'/></w:r>"
    "<w:r><w:t>1 Indledning</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r>"
    "<w:ins w:id='1'><w:r><w:t>ny</w:t></w:r></w:ins><w:del w:id='2'><w:r><w:delText>gl</w:delText>"
    "</w:r></w:del><w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
    + p("boks")
    + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
)
NUMBERING = (
    "<w:abstractNum w:abstractNumId='1'>"
    + level(0, text="%1.")
    + level(1, fmt="lowerRoman", text="%1.%2")
    + "</w:abstractNum><w:num w:numId='1'><w:abstractNumId w:val='1'/></w:num>"
)


@cache
def rich_docx() -> bytes:
    return make_docx(RICH_BODY, numbering=NUMBERING)


def read_outcome(data: bytes) -> Document | DocumentError:
    try:
        return read_document(data, name="fuzz.docx")
    except DocumentError as exc:
        assert not exc.params.get("unexpected"), exc.params.get("detail")
        assert exc.message("da") and exc.message("en")
        return exc


def with_part(part: str, content: bytes) -> bytes:
    files = parts_of(rich_docx())
    files[part] = content
    return zip_parts(files)


@SETTINGS
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["flip", "drop", "dup"]), st.binary(max_size=4)),
        min_size=1,
        max_size=8,
    )
)
def test_byte_corruption_of_document_xml(edits: list[tuple[float, str, bytes]]) -> None:
    data = bytearray(parts_of(rich_docx())["word/document.xml"])
    for where, kind, payload in edits:
        i = int(where * (len(data) - 1))
        if kind == "flip":
            data[i : i + len(payload)] = payload
        elif kind == "drop":
            del data[i : i + 1 + len(payload)]
        else:
            data[i:i] = data[i : i + 16]
    read_outcome(with_part("word/document.xml", bytes(data)))


ATTR_VALUES = st.sampled_from(
    ["", "0", "-1", "9", "99", "abc", "1e9", "true", "off", "begin", "separate", "end", "TOC"]
)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), moves=st.integers(1, 12), values=st.lists(ATTR_VALUES))
def test_structural_mutation_of_parsed_parts(seed: int, moves: int, values: list[str]) -> None:
    """Move, drop and re-value elements of document.xml and numbering.xml (still valid XML)."""
    rng = random.Random(seed)
    files = parts_of(rich_docx())
    for part in ("word/document.xml", "word/numbering.xml", "word/styles.xml"):
        root = etree.fromstring(files[part])
        elements = [el for el in root.iter() if el is not root]
        for _ in range(moves):
            el = rng.choice(elements)
            action = rng.randrange(4)
            parent = el.getparent()
            if action == 0 and parent is not None:
                parent.remove(el)
            elif action == 1:
                target = rng.choice(elements)
                if el is not target and el not in target.iterancestors():
                    target.append(el)
            elif action == 2 and el.attrib:
                key = rng.choice(list(el.attrib))
                el.set(key, values.pop() if values else "x")
            elif action == 3 and parent is not None:
                parent.insert(rng.randrange(len(parent) + 1), etree.fromstring(etree.tostring(el)))
        files[part] = etree.tostring(root)
    read_outcome(zip_parts(files))


@SETTINGS
@given(cut=st.floats(0, 1))
def test_truncated_zip(cut: float) -> None:
    data = rich_docx()
    outcome = read_outcome(data[: int(cut * len(data))])
    assert isinstance(outcome, DocumentError) or len(data) == int(cut * len(data))


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), keep=st.floats(0, 1))
def test_shuffled_and_dropped_parts(seed: int, keep: float) -> None:
    rng = random.Random(seed)
    files = parts_of(rich_docx())
    names = list(files)
    rng.shuffle(names)
    kept = names[: max(1, int(keep * len(names)))]
    outcome = read_outcome(zip_parts({n: files[n] for n in kept}, order=kept))
    if "word/document.xml" not in kept:
        assert isinstance(outcome, DocumentError) and outcome.code == "missing-part"
    elif isinstance(outcome, Document) and "word/document.xml" in kept:
        assert outcome.paragraph_count > 0


@SETTINGS
@given(junk=st.binary(max_size=64), prefix=st.sampled_from([b"", b"PK", b"PK\x03\x04"]))
def test_arbitrary_bytes(junk: bytes, prefix: bytes) -> None:
    outcome = read_outcome(prefix + junk)
    assert isinstance(outcome, DocumentError)
