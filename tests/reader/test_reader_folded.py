"""The reader's documents say their paragraph texts are folded (``Document.folded``),
and they are: the report's word count from the spaces equals splitting every text."""

from __future__ import annotations

import random

from beredskab.errors import DocumentError
from beredskab.model import Document, Paragraph
from beredskab.pipeline import document_stats, word_count
from beredskab.reader import read_document
from beredskab.reader.walker import normalise
from beredskab.tree import build_tree
from shared_data import shared_path


def _is_folded(text: str) -> bool:
    return text == " ".join(text.split())


def test_read_documents_are_folded() -> None:
    files = sorted(shared_path("corpus", "bench").glob("*.docx"))
    files += sorted(shared_path("corpus", "real-docx").rglob("*.docx"))
    read = 0
    for path in files:
        try:
            document = read_document(path)
        except DocumentError:
            continue
        read += 1
        assert document.folded
        texts = [p.text for p in document.paragraphs()]
        assert all(_is_folded(t) for t in texts), path
        expected = sum(len(t.split()) for t in texts)
        assert word_count(texts, folded=True) == word_count(texts) == expected, path
        stats = document_stats(document, build_tree(document))
        assert stats["words"] == expected
    assert read >= 3


def test_normalise_always_folds() -> None:
    """Whatever the paragraph's raw text (every kind of white space, unprintable and
    non-Latin-1 characters), ``normalise`` gives a folded text."""
    rnd = random.Random(61)
    alphabet = [*"ab æ ", "  ", "\t", "\n", "\xa0", "\xad", "\u200b", "\u2028", "–", "\x00"]
    for _ in range(20000):
        raw = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        assert _is_folded(normalise(raw)), repr(raw)


def test_documents_not_known_folded_are_split() -> None:
    body = (Paragraph(" to  ord\t her "), Paragraph("\u00a0"), Paragraph("et"))
    document = Document(body=body)
    assert not document.folded
    assert document_stats(document, build_tree(document))["words"] == 4
    assert word_count([p.text for p in body], folded=False) == 4
