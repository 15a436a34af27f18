"""Opening a Word package safely: file sniffing, zip limits, relationships, content types.

``open_package`` turns a path or bytes into a ``Package`` or raises ``DocumentError`` with
one of the codes in ``beredskab.errors``. It never trusts the file: the magic bytes decide
what it is (OLE compound files are told apart by the stream names they hold), the zip's
declared sizes are checked against limits before anything is inflated (``zipfile`` never
inflates beyond a member's declared size), and every XML part is parsed without entity
resolution, DTD loading or network access. Strict OOXML parts are rewritten to the
Transitional namespaces before parsing, so the rest of the reader handles both.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from beredskab.digests import sha256
from beredskab.errors import DocumentError
from beredskab.reader._ns import (
    CT_DEFAULT,
    CT_OVERRIDE,
    PKG_RELATIONSHIP,
    STRICT_MARKER,
    STRICT_NS_REPL,
    strict_ns_re,
)

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What a package may contain before it is refused as unsafe (zip bombs and such)."""

    max_file: int = 200 * MB
    """Size of the file itself."""
    max_total: int = 200 * MB
    """Sum of the declared uncompressed sizes of all members."""
    max_part: int = 100 * MB
    """Declared uncompressed size of one member."""
    max_ratio: float = 100.0
    """Compression ratio allowed for a member bigger than ``ratio_min_size``."""
    ratio_min_size: int = 1 * MB
    max_parts: int = 10_000


DEFAULT_LIMITS = Limits()

MAIN_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroenabled.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": "dotm",
}
"""Content type of the main part (lower case) → file format."""

_OTHER_OFFICE = {
    "spreadsheetml": ".xlsx",
    "presentationml": ".pptx",
    "ms-excel": ".xlsm",
    "ms-powerpoint": ".pptm",
    "visio": ".vsdx",
}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAMS = ("EncryptionInfo", "EncryptedPackage")
_WORD_STREAM = "WordDocument"
"""OLE stream names, looked for encoded as UTF-16-LE (encoded when an OLE file comes:
the codec is a module of its own to import)."""

_OFFICE_DOCUMENT = "officeDocument"
_EXTERNAL = "External"


def xml_parser() -> etree.XMLParser:
    """A parser that never resolves entities, loads DTDs or touches the network.

    Comments, processing instructions and blank text between elements (the indentation
    of a pretty-printed part) are dropped: WordprocessingML keeps its text in text
    elements (``w:t`` and friends), whose content, blank or not, is kept (libxml2 keeps
    a blank text that is an element's only content, and any text under
    ``xml:space="preserve"``)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=True,
    )


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship of a part. ``target`` is a part name (no leading slash) for an
    internal target, else the external URI as written."""

    rel_id: str
    type: str
    target: str
    external: bool

    @property
    def kind(self) -> str:
        """The last segment of the type URI (``styles``, ``header``, ``hyperlink`` …):
        the same for Transitional and Strict packages."""
        return self.type.rsplit("/", 1)[-1]


@dataclass(slots=True)
class Package:
    """An opened Word package. Parts are read and parsed on demand."""

    name: str
    """How the file is named in messages."""
    sha256: str
    zip: zipfile.ZipFile
    main_part: str
    content_type: str | None
    file_format: str
    strict: bool
    path: str | None = None
    strict_parts: set[str] = field(default_factory=set)
    """Parts read so far that were written in Strict namespaces (and translated)."""
    _names: dict[str, str] = field(default_factory=dict)
    """Lower-cased part name → member name (OPC part names are case-insensitive)."""
    _content_types: tuple[dict[str, str], dict[str, str]] = field(default_factory=lambda: ({}, {}))
    _rels: dict[str, dict[str, Relationship]] = field(default_factory=dict)
    _parser: etree.XMLParser = field(default_factory=xml_parser)
    parsed: list[str] = field(default_factory=list)
    """Members parsed as XML so far, in order (see ``Document.xml_parts``)."""

    def member(self, part: str) -> str | None:
        """The zip member name of a part (OPC part names are case-insensitive)."""
        return self._names.get(part.lower())

    def note_parsed(self, part: str) -> None:
        """Record that ``part`` is being parsed as XML."""
        member = self._names.get(part.lower())
        if member is not None:
            self.parsed.append(member)

    def has(self, part: str) -> bool:
        return part.lower() in self._names

    def parts(self) -> list[str]:
        return list(self._names.values())

    def read(self, part: str) -> bytes | None:
        """The bytes of a part, or None when the package has no such part."""
        member = self._names.get(part.lower())
        if member is None:
            return None
        return _read_member(self.zip, member, self.name)

    def xml(self, part: str) -> etree._Element | None:
        """The parsed root element of a part (Strict namespaces translated), or None."""
        data = self.read(part)
        if data is None:
            return None
        strict = STRICT_MARKER in data  # searched once (a long part takes a while)
        if strict:
            self.strict_parts.add(part)
        self.note_parsed(part)
        return parse_xml(data, part, self.name, self._parser, strict=strict)

    def rels(self, part: str) -> dict[str, Relationship]:
        """The relationships of ``part`` by id (empty when it has none or they are broken)."""
        cached = self._rels.get(part)
        if cached is None:
            cached = _read_rels(self, part)
            self._rels[part] = cached
        return cached

    def related(self, part: str, kind: str) -> list[Relationship]:
        """Internal relationships of ``part`` of the given kind whose target exists."""
        return [
            rel
            for rel in self.rels(part).values()
            if rel.kind == kind and not rel.external and self.has(rel.target)
        ]

    def content_type_of(self, part: str) -> str | None:
        """The content type of a part (override, else the default for its extension)."""
        overrides, defaults = self._content_types
        found = overrides.get("/" + part.lower())
        if found is None:
            ext = part.rsplit(".", 1)[-1].lower() if "." in part else ""
            found = defaults.get(ext)
        return found


def parse_xml(
    data: bytes,
    part: str,
    file: str,
    parser: etree.XMLParser | None = None,
    *,
    strict: bool | None = None,
) -> etree._Element:
    """Parse one part safely; Strict namespaces become Transitional ones (``strict``:
    whether ``data`` holds ``STRICT_MARKER``, when the caller has looked already)."""
    if strict if strict is not None else STRICT_MARKER in data:
        data = strict_ns_re().sub(STRICT_NS_REPL, data)
    try:
        return etree.fromstring(data, parser if parser is not None else xml_parser())
    except etree.XMLSyntaxError as exc:
        raise DocumentError("xml-error", file=file, detail=f"{part}: {exc}") from exc


def _read_member(zf: zipfile.ZipFile, member: str, file: str) -> bytes:
    try:
        return zf.read(member)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise DocumentError("corrupt-zip", file=file, detail=f"{member}: {exc}") from exc
    except NotImplementedError as exc:  # unsupported compression method
        raise DocumentError("corrupt-zip", file=file, detail=f"{member}: {exc}") from exc
    except RuntimeError as exc:  # encrypted member
        raise DocumentError("encrypted", file=file, detail=f"{member}: {exc}") from exc


def _resolve_target(source_part: str, target: str) -> str:
    """Part name of a relationship target, relative to the source part's folder."""
    target = unquote(target.strip()).replace("\\", "/")
    if target.startswith("/"):
        resolved = posixpath.normpath(target.lstrip("/"))
    else:
        base = posixpath.dirname(source_part)
        resolved = posixpath.normpath(posixpath.join(base, target))
    return resolved.lstrip("/")


def rels_part_name(part: str) -> str:
    """``word/document.xml`` → ``word/_rels/document.xml.rels``; ``""`` → ``_rels/.rels``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _read_rels(pkg: Package, part: str) -> dict[str, Relationship]:
    name = rels_part_name(part)
    data = pkg.read(name)
    if data is None:
        return {}
    pkg.note_parsed(name)
    try:
        root = parse_xml(data, name, pkg.name, pkg._parser)
    except DocumentError:
        if part == "":
            raise
        return {}  # a broken relationship part of a secondary part: read what we can
    found: dict[str, Relationship] = {}
    for el in root.iter(PKG_RELATIONSHIP):
        rel_id = el.get("Id") or ""
        rel_type = el.get("Type") or ""
        target = el.get("Target") or ""
        external = (el.get("TargetMode") or "") == _EXTERNAL
        if not external:
            if not target or target in ("NULL", "#_top") or target.startswith("#"):
                continue  # dangling targets found in real files
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
                external = True  # an absolute URI written without TargetMode
            else:
                target = _resolve_target(part, target)
        found[rel_id] = Relationship(rel_id, rel_type, target, external)
    return found


def _sniff_not_zip(data: bytes, file: str) -> DocumentError:
    """The error for a file that is not a zip, by its magic bytes."""
    head = data[:8]
    if head == OLE_MAGIC:
        if any(stream.encode("utf-16-le") in data for stream in _ENCRYPTED_STREAMS):
            return DocumentError("encrypted", file=file, detail="OLE EncryptedPackage")
        if _WORD_STREAM.encode("utf-16-le") in data:
            return DocumentError("legacy-doc", file=file, detail="OLE WordDocument")
        return DocumentError("ole", file=file, detail="OLE")
    start = data[:1024].lstrip(b"\xef\xbb\xbf\x00\t\r\n ")
    if b"%PDF-" in data[:1024]:
        return DocumentError("pdf", file=file, detail="PDF")
    looks_like = _describe(start)
    if looks_like is None:
        magic = " ".join(f"{b:02X}" for b in data[:4])
        return DocumentError("not-zip", file=file, detail=magic)
    return DocumentError("unknown-format", file=file, detail=looks_like)


_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"{\\rtf", "RTF"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!", "RAR"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def _describe(start: bytes) -> str | None:
    """A short, language-neutral name for what the file looks like (RTF, HTML, text …),
    or None when the magic bytes say nothing known."""
    for magic, label in _MAGICS:
        if start.startswith(magic):
            return label
    lowered = start[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "HTML"
    if lowered.startswith(b"<?xml") or lowered.startswith(b"<"):
        if b"pkg:package" in lowered or b"schemas.microsoft.com/office/2006/xmlpackage" in lowered:
            return "Word XML (Flat OPC)"
        if b"wordml" in lowered or b"w:worddocument" in lowered:
            return "Word 2003 XML"
        return "XML"
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = start[:512].decode("utf-16", "replace")
    else:
        text = start[:512].decode("utf-8", "replace")
    if (
        text
        and text.count("\ufffd") <= 1
        and all(ch.isprintable() or ch in "\r\n\t\ufffd" for ch in text)
    ):
        return "text/plain"
    return None


def _check_limits(zf: zipfile.ZipFile, file: str, limits: Limits) -> None:
    infos = zf.infolist()
    if len(infos) > limits.max_parts:
        raise DocumentError(
            "limit-exceeded", file=file, detail=f"{len(infos)} > {limits.max_parts} parts"
        )
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > limits.max_part:
            raise DocumentError(
                "limit-exceeded", file=file, detail=f"{info.filename}: {size} bytes"
            )
        if size > limits.ratio_min_size:
            ratio = size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise DocumentError(
                    "limit-exceeded",
                    file=file,
                    detail=f"{info.filename}: {ratio:.0f}:1",
                )
    if total > limits.max_total:
        raise DocumentError("limit-exceeded", file=file, detail=f"{total} bytes")


def _content_types(
    zf: zipfile.ZipFile, names: dict[str, str], file: str
) -> tuple[dict[str, str], dict[str, str]]:
    member = names.get("[content_types].xml")
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}
    if member is None:
        return overrides, defaults
    try:
        root = parse_xml(_read_member(zf, member, file), member, file)
    except DocumentError as exc:
        if exc.code == "corrupt-zip":
            raise
        return overrides, defaults  # unreadable content types: fall back on names
    for el in root.iter(CT_OVERRIDE):
        part = (el.get("PartName") or "").lower()
        if not part.startswith("/"):
            part = "/" + part
        overrides[unquote(part)] = (el.get("ContentType") or "").strip()
    for el in root.iter(CT_DEFAULT):
        defaults[(el.get("Extension") or "").lower()] = (el.get("ContentType") or "").strip()
    return overrides, defaults


def load_source(source: str | Path | bytes, name: str | None) -> tuple[bytes, str, str | None]:
    """The file's bytes, its display name and its path (None for bytes)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), name or "(bytes)", None
    path = Path(source)
    display = name or path.name or str(path)
    try:
        if not path.is_file():
            raise DocumentError("not-found", file=display, detail=str(path))
        size = path.stat().st_size
        if size > DEFAULT_LIMITS.max_file:
            raise DocumentError("limit-exceeded", file=display, detail=f"{size} bytes")
        return path.read_bytes(), display, str(path)
    except OSError as exc:
        raise DocumentError("not-found", file=display, detail=str(exc)) from exc


def open_package(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Package:
    """Open a Word package from a path or bytes, or raise ``DocumentError``."""
    data, display, path = load_source(source, name)
    return open_bytes(data, display, path=path, limits=limits)


def open_bytes(
    data: bytes, display: str, *, path: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Package:
    """``open_package`` on bytes already in memory."""
    if not data:
        raise DocumentError("empty", file=display, detail="0 bytes")
    if len(data) > limits.max_file:
        raise DocumentError("limit-exceeded", file=display, detail=f"{len(data)} bytes")
    if not data.startswith(b"PK"):
        raise _sniff_not_zip(data, display)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise DocumentError("corrupt-zip", file=display, detail=str(exc)) from exc
    _check_limits(zf, display, limits)
    names: dict[str, str] = {}
    for member in zf.namelist():
        key = member.replace("\\", "/").lstrip("/").lower()
        names.setdefault(key, member)
    content_types = _content_types(zf, names, display)
    pkg = Package(
        name=display,
        sha256=sha256(data).hexdigest(),
        zip=zf,
        main_part="",
        content_type=None,
        file_format="docx",
        strict=False,
        path=path,
        _names=names,
        _content_types=content_types,
    )
    if "[content_types].xml" in names:
        pkg.note_parsed("[Content_Types].xml")  # parsed by _content_types above
    main: str | None = None
    strict = STRICT_MARKER in (pkg.read("_rels/.rels") or b"")
    for rel in pkg.rels("").values():
        if rel.kind == _OFFICE_DOCUMENT and not rel.external and pkg.has(rel.target):
            main = rel.target
            break
    if main is None and pkg.has("word/document.xml"):
        main = "word/document.xml"  # no or broken package relationships: the usual name
    if main is None:
        other = _other_format(pkg)
        if other is not None:
            raise DocumentError("unknown-format", file=display, detail=other)
        raise DocumentError("missing-part", file=display, detail="word/document.xml")
    ctype = pkg.content_type_of(main)
    lowered = (ctype or "").lower()
    for marker, ext in _OTHER_OFFICE.items():
        if marker in lowered and "wordprocessingml" not in lowered:
            raise DocumentError("unknown-format", file=display, detail=ext)
    pkg.main_part = main
    pkg.content_type = ctype
    pkg.file_format = MAIN_CONTENT_TYPES.get(lowered) or _format_by_name(display)
    pkg.strict = strict
    return pkg


def _other_format(pkg: Package) -> str | None:
    """The name of another zip-based format the package is (.odt, .xlsx …), if any."""
    if pkg.has("mimetype"):
        mimetype = (pkg.read("mimetype") or b"").decode("ascii", "replace").strip()
        if "opendocument.text" in mimetype:
            return ".odt"
        if mimetype:
            return mimetype[:80]
    if pkg.has("xl/workbook.xml"):
        return ".xlsx"
    if pkg.has("ppt/presentation.xml"):
        return ".pptx"
    return None


def _format_by_name(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext if ext in ("docx", "docm", "dotx", "dotm") else "docx"
