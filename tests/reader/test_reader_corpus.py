"""The reader over every real Word file in ../shared/corpus/real-docx.

Each file either reads or raises ``DocumentError`` — never another exception, never a
wrapped unexpected one (``unexpected`` in the error's params marks a reader bug), and
never slowly. The error-code distribution is printed (``pytest -s``) and pinned for the
files whose fate is known. For pandoc's fixtures with an expected AST (``.native``), the
headings the reader finds must match pandoc's ``Header`` elements for at least 95% of
the files.
"""

from __future__ import annotations

import collections
import csv
import re
import time
from pathlib import Path

import pytest

from beredskab.errors import DocumentError
from beredskab.model import Document
from beredskab.reader import read_document

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
PER_FILE_SECONDS = 15.0

KNOWN_CODES = {
    "apache-poi/bug53475-password-is-pass.docx": "encrypted",
    "apache-poi/bug53475-password-is-solrcell.docx": "encrypted",
    "apache-poi/cpansearch.perl.org_src_tobyink_acme-rundoc-0.001_word-lib_hello_world.docm": (
        "legacy-doc"
    ),
    "apache-poi/truncated62886.docx": "corrupt-zip",
    "apache-poi/crash-517626e815e0afa9decd0ebb6d1dee63fb9907dd.docx": "corrupt-zip",
}
STRICT_FILES = ("docx2python/strict.docx", "python-mammoth/strict-format.docx", "pandoc/7691.docx")
FORMATS = {
    "apache-poi/SimpleMacro.docm": "docm",
    "apache-poi/60316.dotx": "dotx",
    "apache-poi/60316b.dotx": "dotx",
}

# Files where the reader's headings differ from pandoc's on purpose (see the report):
# paragraph/style w:outlineLvl outranks the style name (pandoc uses names only), and a
# "TOC Heading" paragraph belongs to the table of contents, never a section.
EXPECTED_HEADING_DIFFERENCES = {
    "pandoc/0_level_headers.docx",  # "Heading 0" style has outlineLvl 7
    "pandoc/lists_level_override.docx",  # paragraphs with direct outlineLvl 2
    "pandoc/nested_anchors_in_header.docx",  # TOC Heading "Оглавление"
    "pandoc/table_captions_with_field.docx",  # pandoc keeps an empty Header
    "pandoc/table_captions_no_field.docx",  # pandoc keeps an empty Header
}


def corpus_files(root: Path) -> list[Path]:
    return sorted(f for f in root.rglob("*") if f.suffix.lower() in WORD_SUFFIXES)


def check_index_invariants(doc: Document) -> None:
    last = -1
    for para in doc.paragraphs():
        if para.location in ("body", "table"):
            assert para.index is not None and last < para.index < doc.paragraph_count
            last = para.index
        elif para.location == "textbox" and para.index is not None:
            assert para.index <= max(last, 0)


def test_every_file_reads_or_fails_typed(real_docx_dir: Path) -> None:
    files = corpus_files(real_docx_dir)
    assert len(files) >= 390
    outcome: dict[str, str] = {}
    slow: list[str] = []
    wrapped: list[str] = []
    documents: dict[str, Document] = {}
    for path in files:
        rel = path.relative_to(real_docx_dir).as_posix()
        started = time.perf_counter()
        try:
            doc = read_document(path)
        except DocumentError as exc:
            outcome[rel] = exc.code
            if exc.params.get("unexpected"):
                wrapped.append(f"{rel}: {exc.params.get('detail')}")
        else:
            outcome[rel] = "ok"
            documents[rel] = doc
            check_index_invariants(doc)
        elapsed = time.perf_counter() - started
        if elapsed > PER_FILE_SECONDS:
            slow.append(f"{rel}: {elapsed:.1f}s")
    distribution = collections.Counter(outcome.values())
    print("\nreal-docx outcome:", dict(sorted(distribution.items())))
    for rel, code in sorted(outcome.items()):
        if code != "ok":
            print(f"  {code:14} {rel}")
    assert wrapped == [], "reader bugs wrapped as DocumentError"
    assert slow == []
    for rel, code in KNOWN_CODES.items():
        assert outcome[rel] == code, rel
    for rel, code in outcome.items():
        if "clusterfuzz" in rel:
            assert code in ("ok", "corrupt-zip"), rel
    for rel in STRICT_FILES:
        assert outcome[rel] == "ok" and documents[rel].strict, rel
        assert documents[rel].text(), rel
    for rel, fmt in FORMATS.items():
        assert documents[rel].file_format == fmt, rel
    assert distribution["ok"] >= 375


# pandoc's expected ASTs ---------------------------------------------------------------

_HEADER = re.compile(r"Header\s+(\d+)\s+\(")
_INLINE_TOKEN = re.compile(r'Str\s+"((?:[^"\\]|\\.)*)"|\b(Space|SoftBreak|LineBreak)\b')


def _skip_balanced(text: str, start: int, open_ch: str, close_ch: str) -> int:
    """Index just after the bracket group starting at ``start`` (strings skipped)."""
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch == '"':
            i += 1
            while text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif ch == open_ch:
            depth += 1
        elif ch == close_ch:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _unescape(s: str) -> str:
    s = re.sub(r"\\(\d+)", lambda m: chr(int(m.group(1))), s)
    return s.replace('\\"', '"').replace("\\\\", "\\")


def native_headers(text: str) -> list[tuple[int, str]]:
    """(level, text) of every ``Header`` in a pandoc native AST."""
    found = []
    for match in _HEADER.finditer(text):
        attr_end = _skip_balanced(text, match.end() - 1, "(", ")")
        inline_start = text.index("[", attr_end)
        inline_end = _skip_balanced(text, inline_start, "[", "]")
        pieces = [
            _unescape(s) if s else " "
            for s, _ in _INLINE_TOKEN.findall(text[inline_start:inline_end])
        ]
        found.append((int(match.group(1)), " ".join("".join(pieces).split())))
    return found


def reader_headings(doc: Document) -> list[tuple[int, str]]:
    return [
        (p.outline_level + 1, p.text)
        for p in doc.paragraphs()
        if p.outline_level is not None and not p.in_toc and p.text and p.location != "textbox"
    ]


def test_headings_match_pandoc_native(real_docx_dir: Path) -> None:
    with (real_docx_dir / "pandoc-native-pairs.tsv").open(encoding="utf-8") as fh:
        pairs = list(csv.DictReader(fh, delimiter="\t"))
    first_native: dict[str, str] = {}
    for row in pairs:
        first_native.setdefault(row["docx_file"], row["native_file"])
    differ = []
    for docx_file, native_file in sorted(first_native.items()):
        expected = native_headers((real_docx_dir / native_file).read_text(encoding="utf-8"))
        got = reader_headings(read_document(real_docx_dir / docx_file))
        if got != expected:
            differ.append(docx_file)
    share = 1 - len(differ) / len(first_native)
    print(f"\npandoc headings: {len(first_native) - len(differ)}/{len(first_native)} match")
    for name in differ:
        print("  differs:", name)
    assert share >= 0.95
    assert set(differ) <= EXPECTED_HEADING_DIFFERENCES


def test_native_parser() -> None:
    sample = 'Header 2 ("m\\229l",[],[]) [Str "M\\229l", Space, Str "og", SoftBreak, Str "\\"x\\""]'
    assert native_headers(sample) == [(2, 'Mål og "x"')]
