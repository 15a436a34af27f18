"""The plan handed back with Word comments on what to fix (the annotated copy).

``annotate_docx(src, dst, report)`` writes a copy of the plan with one Word comment per
failing or erroring finding, anchored on the paragraph the finding points to, plus one
summary comment at the start of the document. It works on the Word package itself
(``zipfile`` + ``lxml``), so everything it does not need to touch is copied unchanged:
every other part keeps its bytes, its place in the zip and its compression method.
Only the main document part, the comments part, its relationships and ``[Content_Types]``
(and, when the plan already has them, Word's extended comment parts) are rewritten.

Where a comment goes (``Anchor.how``):

* ``paragraph``: the body paragraph the finding names (``Result.paragraph``, the paragraph
  index of ``beredskab.model``: table cells and content controls included; a text-box
  finding already carries the index of the body paragraph that anchors the text box);
* ``section``: the heading of the finding's section, when the finding names no paragraph;
* for a missing section (or any finding whose section was not found): ``parent-section``
  (the heading of its parent section in the template), else ``preceding-section`` (the
  nearest section found before it in the template's order, i.e. where it belongs), else
  ``first-heading`` (the first section found), else ``first-paragraph``;
* ``start``: the summary comment, and findings about the whole plan (no section, no
  paragraph), on the first paragraph.

Waived findings (an accepted waiver covers them) still get a comment, marked as an
accepted deviation with its reason and expiry: the design says reports show waived
findings instead of hiding them, and a reviewer opening the plan should see that the gap
is known and accepted, not mistake it for an oversight. They do not count in the summary's
"to fix" numbers, and when the plan already has Word's ``commentsExtended`` part they are
marked resolved (``w15:done="1"``).

Strict OOXML input is refused with a clear message (``AnnotateError`` ``strict``): a
Strict package differs from Transitional in every part's namespaces and in some value
types, and a half-converted copy that Word might reject is worse than a clear "save it as
an ordinary .docx" — the checker still reads Strict plans.

Safety: XML is parsed with entity resolution, DTD loading and network access off and a
size cap per part; the input is only read; the copy is written to a temporary file in the
destination folder and moved into place with ``os.replace``, so a failed run leaves
neither a half-written copy nor a changed original.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from lxml import etree

from beredskab.errors import BeredskabError, DocumentError
from beredskab.i18n import resolve_lang, t
from beredskab.reader import indexed_paragraphs
from beredskab.results import SEVERITY_ORDER, Report, Result

if TYPE_CHECKING:
    from beredskab.rulepack import RulePack

__all__ = [
    "AUTHOR",
    "INITIALS",
    "Anchor",
    "AnnotateError",
    "AnnotationResult",
    "PlannedComment",
    "annotate_docx",
    "annotated_name",
    "indexed_paragraphs",
    "plan_comments",
]

AUTHOR = "beredskab"
INITIALS = "BR"

# --- namespaces and relationship types --------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
W16CEX = "http://schemas.microsoft.com/office/word/2018/wordml/cex"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
PKG_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"

REL_OFFICE_DOC = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
REL_OFFICE_DOC_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
REL_COMMENTS_EXT = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
REL_COMMENTS_IDS = "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds"
REL_COMMENTS_CEX = "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"

# The main part's content type decides the extension Word insists on.
_KINDS: dict[str, tuple[str, str]] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "docx",
        ".docx",
    ),
    "application/vnd.ms-word.document.macroEnabled.main+xml": ("docm", ".docm"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "dotx",
        ".dotx",
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": ("dotm", ".dotm"),
}

CONTENT_TYPES = "[Content_Types].xml"
MAX_XML_PART = 256 * 1024 * 1024
"""Largest XML part this module parses (the reader has already refused bigger plans)."""
_NEW_PART_TIME = (1980, 1, 1, 0, 0, 0)
"""Timestamp of parts this module adds (what Word itself writes), for byte-stable output."""

_EXTENDED_RELS = (REL_COMMENTS_EXT, REL_COMMENTS_IDS, REL_COMMENTS_CEX)
_MISSING_SECTION_RULES = frozenset({"STR001", "STR002"})
_XML_INVALID = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)

AnchorHow = Literal[
    "start",
    "paragraph",
    "section",
    "parent-section",
    "preceding-section",
    "first-heading",
    "first-paragraph",
]


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


W_P = _w("p")
W_PPR = _w("pPr")
W_R = _w("r")
W_RPR = _w("rPr")
W_T = _w("t")
W_B = _w("b")
W_ID = _w("id")
W_BODY = _w("body")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


# --- public types ---------------------------------------------------------------------
class AnnotateError(BeredskabError):
    """The annotated copy cannot be written where or how it was asked for.

    ``code`` is one of ``same-file``, ``no-folder``, ``not-writable``, ``is-folder``,
    ``wrong-extension``, ``strict``, ``write-failed``.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        super().__init__(f"annotate.{code}", **params)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where one comment went."""

    comment_id: int
    """The ``w:id`` given to the comment in the copy."""
    rule: str | None
    """The finding's rule ID; ``None`` for the summary comment."""
    section: str | None
    paragraph: int
    """Body paragraph index the comment is anchored on."""
    how: AnchorHow
    waived: bool = False


@dataclass(frozen=True, slots=True)
class AnnotationResult:
    """What writing the annotated copy did: where it went, how many comments, their anchors."""

    dst: Path
    comments: int
    """Number of comments added (findings plus the summary)."""
    anchors: tuple[Anchor, ...]
    warnings: tuple[str, ...] = ()
    """Things the user should know, already in the chosen language."""


Run = tuple[str, bool]
"""A run of comment text and whether it is bold."""


@dataclass(frozen=True, slots=True)
class PlannedComment:
    """One comment to write: where, and its paragraphs (each a tuple of runs)."""

    rule: str | None
    section: str | None
    paragraph: int
    how: AnchorHow
    paragraphs: tuple[tuple[Run, ...], ...]
    waived: bool = False
    severity: str = "info"


# --- planning: which comments, where, saying what (pure) -------------------------------
def plan_comments(
    report: Report,
    paragraph_count: int,
    *,
    lang: str = "da",
    pack: RulePack | None = None,
) -> tuple[tuple[PlannedComment, ...], tuple[str, ...]]:
    """The comments for ``report`` on a plan with ``paragraph_count`` indexed paragraphs
    (at least 1), in the order their ids are given: the summary first, then the findings
    in document order. Returns the comments and warnings (in ``lang``)."""
    lang = resolve_lang(lang)
    count = max(paragraph_count, 1)
    warnings: list[str] = []
    found = {
        s.key: s.paragraph
        for s in report.sections
        if s.found and s.paragraph is not None and 0 <= s.paragraph < count
    }
    findings: list[PlannedComment] = []
    seen: set[tuple[str, str | None]] = set()
    for result in report.results:
        if not result.failed:
            continue
        key = (result.rule, result.section)
        if key in seen:
            warnings.append(t("annotate.warn.duplicate-finding", lang, rule=result.rule))
            continue
        seen.add(key)
        paragraph, how = _anchor(result, found, count, pack)
        if result.paragraph is not None and how != "paragraph":
            warnings.append(
                t(
                    "annotate.warn.bad-paragraph",
                    lang,
                    rule=result.rule,
                    paragraph=result.paragraph,
                    anchor=paragraph,
                )
            )
        findings.append(
            PlannedComment(
                rule=result.rule,
                section=result.section,
                paragraph=paragraph,
                how=how,
                paragraphs=_finding_text(result, how, lang, pack),
                waived=result.waived,
                severity=result.severity,
            )
        )
    order = {s.key: s.order for s in pack.sections} if pack is not None else {}
    findings.sort(
        key=lambda c: (
            c.paragraph,
            SEVERITY_ORDER.get(c.severity, 9),
            c.rule or "",
            order.get(c.section or "", -1),
            c.section or "",
        )
    )
    position = {(c.rule, c.section): c.paragraph for c in findings}
    summary = PlannedComment(
        rule=None,
        section=None,
        paragraph=0,
        how="start",
        paragraphs=_summary_text(report, lang, position),
    )
    return (summary, *findings), tuple(warnings)


def _anchor(
    result: Result, found: dict[str, int], count: int, pack: RulePack | None
) -> tuple[int, AnchorHow]:
    """Where a finding's comment goes (see the module docstring)."""
    if result.paragraph is not None and 0 <= result.paragraph < count:
        return result.paragraph, "paragraph"
    key = result.section
    if key is not None:
        if key in found:
            return found[key], "section"
        parent = _parent(key, pack)
        if parent is not None and parent in found:
            return found[parent], "parent-section"
        for earlier in _preceding_keys(key, pack):
            if earlier in found:
                return found[earlier], "preceding-section"
    else:
        # A whole-plan finding (municipality, year, contact ...): the document's start.
        return 0, "start"
    if found:
        return min(found.values()), "first-heading"
    return 0, "first-paragraph"


def _parent(key: str, pack: RulePack | None) -> str | None:
    if pack is not None:
        spec = pack.section(key)
        if spec is not None:
            return spec.parent
    # Without the pack, the key's dotted prefix is its parent ("intro.goals" -> "intro").
    return key.rsplit(".", 1)[0] if "." in key else None


def _preceding_keys(key: str, pack: RulePack | None) -> list[str]:
    """Keys before ``key`` in the template's order, nearest first."""
    if pack is None:
        return []
    spec = pack.section(key)
    if spec is None:
        return []
    earlier = sorted((s for s in pack.sections if s.order < spec.order), key=lambda s: s.order)
    return [s.key for s in reversed(earlier)]


def _fix_text(rule: str, lang: str, pack: RulePack | None) -> str | None:
    if pack is None:
        return None
    spec = pack.rule(rule)
    if spec is None:
        return None
    fix = spec.explanation.get("fix")
    if isinstance(fix, dict):
        text = fix.get(lang) or fix.get("da")
        return str(text).strip() if text else None
    if isinstance(fix, str) and fix.strip():
        return fix.strip()
    return None


def _line(text: str, *, bold: bool = False) -> tuple[Run, ...]:
    """A comment paragraph of one run."""
    return ((text, bold),)


def _finding_text(
    result: Result, how: AnchorHow, lang: str, pack: RulePack | None
) -> tuple[tuple[Run, ...], ...]:
    if result.waived:
        heading = t("annotate.heading-waived", lang, rule=result.rule)
    else:
        severity = t(f"annotate.severity.{result.severity}", lang)
        heading = t("annotate.heading", lang, rule=result.rule, severity=severity)
    message = result.text(lang)
    if result.outcome == "error":
        message = t("annotate.undecided", lang, message=message)
    lines = [_line(heading, bold=True), _line(message)]
    if result.rule in _MISSING_SECTION_RULES and how in ("parent-section", "preceding-section"):
        lines.append(_line(t(f"annotate.missing-{how}", lang)))
    if result.waived and result.waiver is not None:
        unknown = t("annotate.waived-unknown", lang)
        waiver = result.waiver
        text = t(
            "annotate.waived",
            lang,
            reason=_first(waiver, ("reason", "begrundelse")) or unknown,
            until=_first(waiver, ("expires", "until", "valid_until")) or unknown,
            by=_first(waiver, ("approved_by", "accepted_by", "by")) or unknown,
        )
        lines.append(_line(text))
    fix = _fix_text(result.rule, lang, pack)
    if fix:
        lines.append(_line(t("annotate.fix", lang, fix=fix)))
    return tuple(lines)


def _first(data: dict[str, object], keys: Iterable[str]) -> str | None:
    for key in keys:
        value = data.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def _fix_first(report: Report, position: dict[tuple[str | None, str | None], int]) -> list[Result]:
    """The three findings to fix first: errors before warnings, failures before
    undecided ones, then in the order their comments appear in the document."""
    todo = [r for r in report.results if r.failed and not r.waived]
    todo.sort(
        key=lambda r: (
            SEVERITY_ORDER.get(r.severity, 9),
            0 if r.outcome == "fail" else 1,
            position.get((r.rule, r.section), 1 << 30),
            r.rule,
            r.section or "",
        )
    )
    return todo[:3]


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _summary_text(
    report: Report, lang: str, position: dict[tuple[str | None, str | None], int]
) -> tuple[tuple[Run, ...], ...]:
    summary = report.summary
    lines = [_line(t("annotate.summary.title", lang), bold=True)]
    if summary.score is None:
        lines.append(_line(t("annotate.summary.no-score", lang)))
    else:
        passed = summary.passed + summary.waived
        decided = passed + summary.failed + summary.errors
        percent = round(summary.score * 100)
        score = t("annotate.summary.score", lang, percent=percent, passed=passed, decided=decided)
        lines.append(_line(score))
    counts = t(
        "annotate.summary.counts",
        lang,
        errors=summary.error_failures,
        warnings=summary.warning_failures,
    )
    lines.append(_line(counts))
    if any(r.failed for r in report.results):
        lines.append(_line(t("annotate.summary.each", lang)))
    if summary.waived:
        lines.append(_line(t("annotate.summary.waived", lang, waived=summary.waived)))
    first = _fix_first(report, position)
    if not first:
        lines.append(_line(t("annotate.summary.nothing", lang)))
        return tuple(lines)
    lines.append(_line(t("annotate.summary.first", lang), bold=True))
    for n, result in enumerate(first, start=1):
        message = _shorten(result.text(lang))
        lines.append(
            _line(t("annotate.summary.item", lang, n=n, rule=result.rule, message=message))
        )
    return tuple(lines)


# --- file names and destination checks --------------------------------------------------
def annotated_name(src: str | Path, lang: str = "da") -> str:
    """A safe file name for the annotated copy of ``src``: ``<stem>-kommenteret<suffix>``
    (``-annotated`` in English), with characters unsafe in file names replaced."""
    path = Path(src)
    label = "annotated" if resolve_lang(lang) == "en" else "kommenteret"
    stem = _UNSAFE_NAME.sub("_", path.stem).strip(" .") or "plan"
    suffix = (
        path.suffix.lower()
        if path.suffix.lower() in (".docx", ".docm", ".dotx", ".dotm")
        else ".docx"
    )
    return f"{stem}-{label}{suffix}"


def _check_destination(src: Path, dst: Path, lang: str) -> None:
    suggestion = str(src.with_name(annotated_name(src, lang)))
    if dst.resolve() == src.resolve() or (
        dst.exists() and src.exists() and os.path.samefile(src, dst)
    ):
        raise AnnotateError("same-file", file=str(src), suggestion=suggestion)
    if dst.is_dir():
        raise AnnotateError("is-folder", file=str(dst), suggestion=suggestion)
    folder = dst.parent if str(dst.parent) else Path(".")
    if not folder.is_dir():
        raise AnnotateError("no-folder", folder=str(folder))
    if not _writable(folder):
        raise AnnotateError("not-writable", file=str(dst), detail=str(folder))
    if dst.exists() and not _writable(dst):
        raise AnnotateError("not-writable", file=str(dst), detail=str(dst))


def _writable(path: Path) -> bool:
    """Writable for us *and* not marked read-only: root passes ``os.access`` on
    anything, but a folder or file without any write bit is meant to stay untouched."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


# --- the package ------------------------------------------------------------------------
def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_blank_text=False,
    )


@dataclass(slots=True)
class _Package:
    """The input zip's names and the XML parts this module rewrites."""

    zin: zipfile.ZipFile
    file: str
    by_lower: dict[str, str]

    def has(self, name: str) -> bool:
        return name.lower() in self.by_lower

    def actual(self, name: str) -> str:
        return self.by_lower[name.lower()]

    def xml(self, name: str) -> etree._ElementTree:
        info = self.zin.getinfo(self.actual(name))
        if info.file_size > MAX_XML_PART:
            raise DocumentError("limit-exceeded", file=self.file, detail=name)
        with _member_errors(self.file, name), self.zin.open(info) as fh:
            data = fh.read(MAX_XML_PART + 1)
        if len(data) > MAX_XML_PART:
            raise DocumentError("limit-exceeded", file=self.file, detail=name)
        try:
            tree = etree.fromstring(data, _parser()).getroottree()
        except etree.XMLSyntaxError as exc:
            raise DocumentError("xml-error", file=self.file, detail=f"{name}: {exc}") from exc
        info_ = tree.docinfo
        if info_.internalDTD is not None or info_.system_url or info_.public_id:
            # OPC forbids DTDs in package parts; one here is a crafted file (entity tricks).
            raise DocumentError("xml-error", file=self.file, detail=f"{name}: <!DOCTYPE>")
        return tree


@contextlib.contextmanager
def _member_errors(file: str, name: str) -> Iterator[None]:
    """Reading a zip member: damage and encryption become the reader's typed errors."""
    try:
        yield
    except RuntimeError as exc:  # an encrypted member
        raise DocumentError("encrypted", file=file, detail=f"{name}: {exc}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise DocumentError("corrupt-zip", file=file, detail=f"{name}: {exc}") from exc


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _resolve_target(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _relationships(root: etree._Element | None) -> list[etree._Element]:
    if root is None:
        return []
    return [el for el in root if el.tag == f"{{{PKG_REL}}}Relationship"]


def _serialise(tree: etree._ElementTree) -> bytes:
    standalone = tree.docinfo.standalone
    return etree.tostring(
        tree,
        xml_declaration=True,
        encoding="UTF-8",
        standalone=True if standalone is None else standalone,
    )


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _main_part(pkg: _Package) -> tuple[str, str]:
    """The main document part's name and its content type; refuses Strict OOXML."""
    if not pkg.has("_rels/.rels"):
        raise DocumentError("missing-part", file=pkg.file, detail="_rels/.rels")
    main: str | None = None
    for rel in _relationships(pkg.xml("_rels/.rels").getroot()):
        rel_type = rel.get("Type")
        if rel_type == REL_OFFICE_DOC_STRICT:
            raise AnnotateError("strict", file=pkg.file)
        if rel_type == REL_OFFICE_DOC and rel.get("TargetMode") != "External":
            main = _resolve_target("", rel.get("Target") or "")
            break
    if main is None or not pkg.has(main):
        raise DocumentError("missing-part", file=pkg.file, detail=main or "officeDocument")
    content_type = ""
    if pkg.has(CONTENT_TYPES):
        for el in pkg.xml(CONTENT_TYPES).getroot():
            if (
                el.tag == f"{{{PKG_CT}}}Override"
                and (el.get("PartName") or "").lstrip("/").lower() == main.lower()
            ):
                content_type = el.get("ContentType") or ""
    return pkg.actual(main), content_type


def _check_extension(dst: Path, content_type: str) -> None:
    kind = _KINDS.get(content_type)
    if kind is None:
        return
    name, expected = kind
    given = dst.suffix.lower()
    if given != expected:
        raise AnnotateError("wrong-extension", kind=name, expected=expected, given=given or "-")


# --- the annotation itself ------------------------------------------------------------
def annotate_docx(
    src: Path,
    dst: Path,
    report: Report,
    *,
    lang: str = "da",
    pack: RulePack | None = None,
    now: datetime | None = None,
) -> AnnotationResult:
    """Write a copy of the plan ``src`` to ``dst`` with one Word comment per failing or
    erroring finding of ``report`` and a summary comment at the start.

    ``pack`` gives the template's section order (for placing comments about missing
    sections) and each rule's how-to-fix text; when ``None`` the default pack is loaded.
    ``now`` is the comments' date (default: the current time, UTC).

    Raises ``AnnotateError`` when ``dst`` is the input itself or cannot be written, or the
    plan is Strict OOXML; ``DocumentError`` when ``src`` is not a readable Word package.
    ``src`` is only read.
    """
    src, dst = Path(src), Path(dst)
    lang = resolve_lang(lang)
    if not src.is_file():
        raise DocumentError("not-found", file=str(src))
    _check_destination(src, dst, lang)
    if pack is None:
        from beredskab.rulepack import load_pack

        pack = load_pack()
    stamp = _timestamp(now)
    try:
        zin = zipfile.ZipFile(src)
    except zipfile.BadZipFile as exc:
        raise DocumentError("not-zip", file=str(src)) from exc
    with zin:
        names = [info.filename for info in zin.infolist()]
        by_lower = {name.lower(): name for name in names}
        if len(by_lower) != len(names):
            raise DocumentError("corrupt-zip", file=str(src), detail="duplicate part names")
        pkg = _Package(zin, str(src), by_lower)
        main, content_type = _main_part(pkg)
        _check_extension(dst, content_type)
        new_parts, anchors, warnings = _annotate_parts(pkg, main, report, lang, pack, stamp)
        _write_atomically(zin, dst, new_parts)
    return AnnotationResult(
        dst=dst, comments=len(anchors), anchors=tuple(anchors), warnings=tuple(warnings)
    )


def _timestamp(now: datetime | None) -> str:
    moment = now or datetime.now(UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _annotate_parts(
    pkg: _Package,
    main: str,
    report: Report,
    lang: str,
    pack: RulePack | None,
    stamp: str,
) -> tuple[dict[str, bytes], list[Anchor], list[str]]:
    """The rewritten parts (name -> bytes), the anchors and warnings."""
    doc_tree = pkg.xml(main)
    root = doc_tree.getroot()
    if root.tag.startswith(f"{{{STRICT_W}}}"):
        raise AnnotateError("strict", file=pkg.file)
    body = root.find(W_BODY)
    if body is None:
        raise DocumentError("missing-part", file=pkg.file, detail=f"{main}: w:body")
    warnings: list[str] = []
    paragraphs = list(indexed_paragraphs(body))
    if not paragraphs:
        # An empty body: give the comments a paragraph to hang on.
        empty = etree.Element(W_P)
        body.insert(0, empty)
        paragraphs = [empty]
        warnings.append(t("annotate.warn.no-paragraphs", lang))

    planned, plan_warnings = plan_comments(report, len(paragraphs), lang=lang, pack=pack)
    warnings.extend(plan_warnings)

    new_parts: dict[str, bytes] = {}
    rels_name = _rels_name(main)
    rels_tree = pkg.xml(rels_name) if pkg.has(rels_name) else None
    rels = _relationships(rels_tree.getroot() if rels_tree is not None else None)

    def target(rel_type: str) -> str | None:
        """The part a relationship of ``rel_type`` points to (it may be absent)."""
        for rel in rels:
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                return _resolve_target(main, rel.get("Target") or "")
        return None

    def related(rel_type: str) -> str | None:
        name = target(rel_type)
        return pkg.actual(name) if name is not None and pkg.has(name) else None

    comments_name = related(REL_COMMENTS)
    dangling = target(REL_COMMENTS) if comments_name is None else None
    if comments_name is not None:
        comments_tree = pkg.xml(comments_name)
    else:
        comments_tree = etree.ElementTree(etree.Element(_w("comments"), nsmap={"w": W}))
    comments_root = comments_tree.getroot()

    used_ids = _used_ids(root) | _used_ids(comments_root)
    next_id = max(used_ids, default=-1) + 1

    extended = _Extended.load(pkg, related, comments_root, root)
    if any(target(t_) is not None and related(t_) is None for t_ in _EXTENDED_RELS):
        warnings.append(t("annotate.warn.extended-skipped", lang))

    anchors: list[Anchor] = []
    for offset, comment in enumerate(planned):
        comment_id = next_id + offset
        _mark_paragraph(paragraphs[comment.paragraph], comment_id)
        element = _comment_element(comment, comment_id, stamp)
        comments_root.append(element)
        extended.add(element, stamp, done=comment.waived)
        anchors.append(
            Anchor(
                comment_id=comment_id,
                rule=comment.rule,
                section=comment.section,
                paragraph=comment.paragraph,
                how=comment.how,
                waived=comment.waived,
            )
        )

    new_parts[main] = _serialise(doc_tree)
    if comments_name is None and dangling is not None:
        # The relationship is there but its part is missing: write the part it names.
        comments_name = dangling
        new_parts[CONTENT_TYPES] = _content_types(pkg, comments_name, rels_name)
    elif comments_name is None:
        comments_name = _free_name(pkg, posixpath.join(posixpath.dirname(main), "comments.xml"))
        rels_tree = _add_relationship(rels_tree, rels, main, comments_name)
        rels_part = pkg.actual(rels_name) if pkg.has(rels_name) else rels_name
        new_parts[rels_part] = _serialise(rels_tree)
        new_parts[CONTENT_TYPES] = _content_types(pkg, comments_name, rels_name)
    new_parts[comments_name] = _serialise(comments_tree)
    new_parts.update(extended.serialised())
    return new_parts, anchors, warnings


def _used_ids(root: etree._Element) -> set[int]:
    """Every ``w:id`` in use (comments, bookmarks, revisions): new comment ids avoid all."""
    ids: set[int] = set()
    for el in root.iter():
        value = el.get(W_ID) if isinstance(el.tag, str) else None
        if value is not None and value.lstrip("-").isdigit():
            ids.add(int(value))
    return ids


def _marker(tag: str, comment_id: int) -> etree._Element:
    element = etree.Element(_w(tag))
    element.set(W_ID, str(comment_id))
    return element


def _reference_run(comment_id: int) -> etree._Element:
    run = etree.Element(W_R)
    run.append(_marker("commentReference", comment_id))
    return run


def _is_leading_marker(element: etree._Element) -> bool:
    """Properties, or a range start / reference run this module put at a paragraph's start."""
    if element.tag in (W_PPR, _w("commentRangeStart")):
        return True
    return element.tag == W_R and len(element) == 1 and element[0].tag == _w("commentReference")


def _insert_at_start(p: etree._Element, element: etree._Element) -> None:
    position = 0
    children = list(p)
    while position < len(children) and _is_leading_marker(children[position]):
        position += 1
    p.insert(position, element)


_BLOCK_PARENTS = frozenset({W_BODY, _w("tc"), _w("sdtContent"), _w("customXml")})
_BLOCKS = frozenset({W_P, _w("tbl"), _w("sdt"), _w("customXml"), _w("sectPr")})


def _outer_block_control(p: etree._Element) -> etree._Element | None:
    """The outermost block-level content control (``w:sdt`` holding paragraphs) around
    ``p``, if any."""
    outer = None
    for ancestor in p.iterancestors():
        if ancestor.tag == W_BODY:
            break
        parent = ancestor.getparent()
        if ancestor.tag == _w("sdt") and parent is not None and parent.tag in _BLOCK_PARENTS:
            outer = ancestor
    return outer


def _neighbour_paragraph(
    block: etree._Element,
) -> tuple[etree._Element, bool] | tuple[None, bool]:
    """The plain paragraph right after ``block`` (True), else right before it (False)."""
    for forward, siblings in (
        (True, block.itersiblings()),
        (False, block.itersiblings(preceding=True)),
    ):
        for sibling in siblings:
            if sibling.tag in _BLOCKS:
                if sibling.tag == W_P:
                    return sibling, forward
                break
    return None, False


def _mark_paragraph(p: etree._Element, comment_id: int) -> None:
    """Anchor comment ``comment_id`` on paragraph ``p``: commentRangeStart at the
    paragraph's start (after its properties and earlier markers), commentRangeEnd at its
    end, then a run with the commentReference.

    A paragraph inside a block-level content control is the exception. LibreOffice 7.4
    (Debian 12's, which CI installs) turns such a control into a text field on import
    and then drops either the control's text or the comment's text when a comment
    reference sits inside it. There the range goes around the whole control (range
    markers are allowed between blocks) and the reference run into the plain paragraph
    next to it; Word shows the control highlighted with the comment beside it. Only
    when the control has no plain paragraph beside it is the reference put inside."""
    control = _outer_block_control(p)
    if control is not None:
        neighbour, after = _neighbour_paragraph(control)
        if neighbour is not None:
            control.addprevious(_marker("commentRangeStart", comment_id))
            control.addnext(_marker("commentRangeEnd", comment_id))
            if after:
                _insert_at_start(neighbour, _reference_run(comment_id))
            else:
                neighbour.append(_reference_run(comment_id))
            return
    _insert_at_start(p, _marker("commentRangeStart", comment_id))
    p.append(_marker("commentRangeEnd", comment_id))
    p.append(_reference_run(comment_id))


def _comment_element(comment: PlannedComment, comment_id: int, stamp: str) -> etree._Element:
    element = etree.Element(_w("comment"))
    element.set(W_ID, str(comment_id))
    element.set(_w("author"), AUTHOR)
    element.set(_w("date"), stamp)
    element.set(_w("initials"), INITIALS)
    for n, runs in enumerate(comment.paragraphs):
        p = etree.SubElement(element, W_P)
        if n == 0:
            etree.SubElement(etree.SubElement(p, W_R), _w("annotationRef"))
        for text, bold in runs:
            run = etree.SubElement(p, W_R)
            if bold:
                etree.SubElement(etree.SubElement(run, W_RPR), W_B)
            node = etree.SubElement(run, W_T)
            node.text = _clean(text)
            node.set(XML_SPACE, "preserve")
    return element


class _Extended:
    """Word's extended comment parts (``commentsExtended``, ``commentsIds``,
    ``commentsExtensible``), kept consistent when the plan already has them.

    Word links them to a comment by the ``w14:paraId`` of the comment's last paragraph;
    they are optional (a comment without an entry is an open, top-level comment), so they
    are only extended, never created."""

    def __init__(self) -> None:
        self.parts: dict[str, etree._ElementTree] = {}
        self.ext: etree._Element | None = None
        self.ids: etree._Element | None = None
        self.cex: etree._Element | None = None
        self.para_ids: set[int] = set()
        self.durable_ids: set[int] = set()
        self._next_para = 0x0BE00001
        self._next_durable = 0x0BE00001

    @classmethod
    def load(
        cls,
        pkg: _Package,
        related: Callable[[str], str | None],
        comments_root: etree._Element,
        document_root: etree._Element,
    ) -> _Extended:
        self = cls()
        for rel_type, attr in (
            (REL_COMMENTS_EXT, "ext"),
            (REL_COMMENTS_IDS, "ids"),
            (REL_COMMENTS_CEX, "cex"),
        ):
            name = related(rel_type)
            if name is None:
                continue
            tree = pkg.xml(name)
            self.parts[name] = tree
            setattr(self, attr, tree.getroot())
        if self.cex is not None and self.ids is None:
            # durableIds live in commentsIds; without it the extensible part cannot link.
            self.cex = None
        if not self.parts:
            return self
        for root in (document_root, comments_root):
            for el in root.iter():
                value = el.get(f"{{{W14}}}paraId") if isinstance(el.tag, str) else None
                if value:
                    with contextlib.suppress(ValueError):
                        self.para_ids.add(int(value, 16))
        for part in (self.ids, self.cex):
            if part is None:
                continue
            for el in part.iter():
                if not isinstance(el.tag, str):
                    continue
                for key in (f"{{{W16CID}}}durableId", f"{{{W16CEX}}}durableId"):
                    value = el.get(key)
                    if value:
                        with contextlib.suppress(ValueError):
                            self.durable_ids.add(int(value, 16))
        return self

    def _fresh(self, used: set[int], start: int, limit: int) -> tuple[int, int]:
        value = start
        while value in used:
            value += 1
        if value >= limit:  # pragma: no cover - billions of comments
            raise ValueError("no free id")
        used.add(value)
        return value, value + 1

    def add(self, comment: etree._Element, stamp: str, *, done: bool) -> None:
        if not self.parts:
            return
        para_id, self._next_para = self._fresh(self.para_ids, self._next_para, 0x80000000)
        para_hex = f"{para_id:08X}"
        last = comment.findall(W_P)[-1]
        last.set(f"{{{W14}}}paraId", para_hex)
        last.set(f"{{{W14}}}textId", "77777777")
        if self.ext is not None:
            entry = etree.SubElement(self.ext, f"{{{W15}}}commentEx")
            entry.set(f"{{{W15}}}paraId", para_hex)
            entry.set(f"{{{W15}}}done", "1" if done else "0")
        if self.ids is not None:
            durable, self._next_durable = self._fresh(
                self.durable_ids, self._next_durable, 0x7FFFFFFF
            )
            durable_hex = f"{durable:08X}"
            entry = etree.SubElement(self.ids, f"{{{W16CID}}}commentId")
            entry.set(f"{{{W16CID}}}paraId", para_hex)
            entry.set(f"{{{W16CID}}}durableId", durable_hex)
            if self.cex is not None:
                entry = etree.SubElement(self.cex, f"{{{W16CEX}}}commentExtensible")
                entry.set(f"{{{W16CEX}}}durableId", durable_hex)
                entry.set(f"{{{W16CEX}}}dateUtc", stamp)

    def serialised(self) -> dict[str, bytes]:
        return {name: _serialise(tree) for name, tree in self.parts.items()}


def _free_name(pkg: _Package, wanted: str) -> str:
    if not pkg.has(wanted):
        return wanted
    stem, ext = posixpath.splitext(wanted)
    n = 1
    while pkg.has(f"{stem}{n}{ext}"):
        n += 1
    return f"{stem}{n}{ext}"


def _add_relationship(
    rels_tree: etree._ElementTree | None,
    rels: Sequence[etree._Element],
    main: str,
    comments_name: str,
) -> etree._ElementTree:
    if rels_tree is None:
        rels_tree = etree.ElementTree(
            etree.fromstring(f'<Relationships xmlns="{PKG_REL}"/>'.encode(), _parser())
        )
    used = {rel.get("Id") for rel in rels}
    n = 1
    while f"rId{n}" in used:
        n += 1
    rel = etree.SubElement(rels_tree.getroot(), f"{{{PKG_REL}}}Relationship")
    rel.set("Id", f"rId{n}")
    rel.set("Type", REL_COMMENTS)
    rel.set("Target", posixpath.relpath(comments_name, posixpath.dirname(main) or "."))
    return rels_tree


def _content_types(pkg: _Package, comments_name: str, rels_name: str) -> bytes:
    if not pkg.has(CONTENT_TYPES):
        raise DocumentError("missing-part", file=pkg.file, detail=CONTENT_TYPES)
    tree = pkg.xml(CONTENT_TYPES)
    root = tree.getroot()
    overrides = {
        (el.get("PartName") or "").lower() for el in root if el.tag == f"{{{PKG_CT}}}Override"
    }
    defaults = {
        (el.get("Extension") or "").lower() for el in root if el.tag == f"{{{PKG_CT}}}Default"
    }
    wanted = [(f"/{comments_name}", CT_COMMENTS)]
    if not pkg.has(rels_name) and "rels" not in defaults:
        wanted.append((f"/{rels_name}", CT_RELS))
    for part_name, content_type in wanted:
        if part_name.lower() in overrides:
            continue
        el = etree.SubElement(root, f"{{{PKG_CT}}}Override")
        el.set("PartName", part_name)
        el.set("ContentType", content_type)
    return _serialise(tree)


# --- writing --------------------------------------------------------------------------
def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    new.compress_type = info.compress_type
    new.external_attr = info.external_attr
    new.create_system = info.create_system
    new.comment = info.comment
    return new


def _write_zip(zin: zipfile.ZipFile, out: zipfile.ZipFile, new_parts: dict[str, bytes]) -> None:
    written: set[str] = set()
    file = zin.filename or ""
    for info in zin.infolist():
        if info.filename in new_parts:
            out.writestr(_copy_info(info), new_parts[info.filename])
            written.add(info.filename)
            continue
        big = info.file_size >= zipfile.ZIP64_LIMIT
        with (
            _member_errors(file, info.filename),
            zin.open(info) as source,
            out.open(_copy_info(info), "w", force_zip64=big) as target,
        ):
            shutil.copyfileobj(source, target, 1 << 20)
    for name, data in new_parts.items():
        if name in written:
            continue
        info = zipfile.ZipInfo(name, date_time=_NEW_PART_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(info, data)


def _write_atomically(zin: zipfile.ZipFile, dst: Path, new_parts: dict[str, bytes]) -> None:
    folder = dst.parent if str(dst.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".beredskab-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise AnnotateError("not-writable", file=str(dst), detail=exc.strerror or str(exc)) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            with zipfile.ZipFile(fh, "w") as out:
                _write_zip(zin, out, new_parts)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); a plan copy is an ordinary document.
        os.chmod(tmp, stat.S_IMODE(dst.stat().st_mode) if dst.exists() else 0o644)
        os.replace(tmp, dst)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AnnotateError("write-failed", file=str(dst), detail=exc.strerror or str(exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
