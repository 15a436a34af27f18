"""The DOCX reader: a Word package (zipfile + lxml) into ``beredskab.model.Document``.

Public API:

- ``read_document(source, *, name=None)`` → ``Document`` or ``DocumentError``.
- ``indexed_paragraphs(body)``: the body's ``w:p`` elements in paragraph-index order (the
  rule in ``beredskab.model``; the annotator anchors comments with it).
- ``open_package(source, *, name=None)`` → ``Package``: the safe opener (sniffing, zip
  limits, relationships, content types) for callers that need raw parts.
"""

from __future__ import annotations

from beredskab.reader.document import indexed_paragraphs, read_document
from beredskab.reader.package import (
    DEFAULT_LIMITS,
    Limits,
    Package,
    Relationship,
    open_package,
    parse_xml,
    xml_parser,
)

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Package",
    "Relationship",
    "indexed_paragraphs",
    "open_package",
    "parse_xml",
    "read_document",
    "xml_parser",
]
