"""A real office suite opens the annotated copy: LibreOffice converts it headless and the
comments are there as annotations (CI installs Debian's libreoffice-writer)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from annotate_helpers import (
    P_COMMS,
    P_CONTROL,
    P_GOAL_1,
    P_GOALS,
    P_INTRO,
    P_ORG,
    P_ORG_CELL_TEXT,
    P_TEXTBOX_ANCHOR,
    P_TRACKED,
    P_VISION,
    SAFE,
    build_plan,
    report,
    result,
    sections_found,
    small_pack,
)
from lxml import etree

from beredskab.annotate import annotate_docx

pytestmark = [pytest.mark.slow, pytest.mark.office]

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DC = "http://purl.org/dc/elements/1.1/"
ODF = {"office": OFFICE, "text": TEXT, "dc": DC}
PDF_MARGIN = 'pdf:writer_pdf_Export:{"ExportNotesInMargin":{"type":"boolean","value":"true"}}'


def _convert(src: Path, target: str, outdir: Path, profile: Path) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed here; CI installs libreoffice-writer")
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    extension = target.split(":")[0]
    out = outdir / f"{src.stem}.{extension}"
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert out.is_file(), done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("office")
    plan = build_plan(folder / "plan.docx")
    findings = [
        result("DOC003"),
        result("STR001", section="intro.responsibility"),
        result("INT002", section="intro.goals", paragraph=P_GOAL_1),
        result("ORG003", section="org", paragraph=P_ORG),
        result("STR003", section="org", paragraph=P_ORG_CELL_TEXT),
        result("CON002", severity="warning", paragraph=P_TEXTBOX_ANCHOR),
        result("CON001", paragraph=P_CONTROL),
        result("INT004", outcome="error", paragraph=P_TRACKED),
    ]
    sections = sections_found(
        intro=P_INTRO, intro__vision=P_VISION, intro__goals=P_GOALS, org=P_ORG, comms=P_COMMS
    )
    out = folder / "plan-kommenteret.docx"
    annotate_docx(
        plan,
        out,
        report(findings, sections),
        pack=small_pack(),
        now=datetime(2026, 11, 27, 10, 30, tzinfo=UTC),
    )
    return out, folder


def _text(element: etree._Element) -> str:
    return "".join(element.xpath(".//text()[not(ancestor::office:annotation)]", namespaces=ODF))


def test_libreoffice_opens_the_copy_and_finds_every_comment(annotated: tuple[Path, Path]) -> None:
    out, folder = annotated
    odt = _convert(out, "odt", folder / "odt", folder / "profile")
    root = etree.fromstring(zipfile.ZipFile(odt).read("content.xml"), SAFE)
    annotations = root.xpath("//office:annotation", namespaces=ODF)
    by_author: dict[str, list[etree._Element]] = {}
    for a in annotations:
        by_author.setdefault(a.findtext(f"{{{DC}}}creator"), []).append(a)
    assert len(by_author["Mette"]) == 1  # the plan's own comment survives
    ours = by_author["beredskab"]
    assert len(ours) == 9  # eight findings and the summary

    def body(a: etree._Element) -> str:
        return "\n".join("".join(p.itertext()) for p in a.findall(f"{{{TEXT}}}p"))

    texts = [body(a) for a in ours]
    assert sum(t.startswith("beredskab: samlet vurdering af planen") for t in texts) == 1
    for rule in ("DOC003", "STR001", "INT002", "ORG003", "STR003", "CON002", "CON001", "INT004"):
        assert sum(t.startswith(f"{rule} · ") for t in texts) == 1, (rule, texts)

    # Anchors: the annotation sits in the paragraph it was put on.
    where = {body(a).split(" · ")[0]: _text(a.getparent()) for a in ours}
    assert where["INT002"] == "Mål 1: Tidlig opsporing."
    assert where["ORG003"] == "2. Organisering og samarbejde"  # heading in a table cell
    assert where["STR001"] == "1. Introduktion"  # missing section: its parent's heading

    # Nothing of the plan was lost on the way: content control, text box, tracked change.
    document = _text(root)
    for kept in ("Kontakt: Infohus", "Hotline: 41 74 90 90", "hvert fjerde år", "Husk at"):
        assert kept in document or kept in "".join(root.itertext()), kept


def _pdf_note_texts(pdf: bytes) -> list[str]:
    """The /Contents of the PDF's text annotations (LibreOffice writes them as hex
    UTF-16BE strings in plain, uncompressed objects)."""
    notes = []
    for match in re.finditer(rb"/Subtype\s*/Text\b.*?/Contents\s*<([0-9A-Fa-f\s]+)>", pdf, re.S):
        raw = bytes.fromhex(match.group(1).decode().replace("\n", "").replace(" ", ""))
        notes.append(raw.decode("utf-16"))
    return notes


def test_pdf_with_comments_in_the_margin(annotated: tuple[Path, Path]) -> None:
    """Comments in the margin (``ExportNotesInMargin``, LibreOffice 7.5 and later) or, in
    LibreOffice 7.4 (Debian 12), which ignores that option, as PDF note annotations."""
    out, folder = annotated
    pdf = _convert(out, PDF_MARGIN, folder / "pdf", folder / "profile")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    page_text = ""
    if shutil.which("pdftotext") is not None:
        page_text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    notes = "\n".join(_pdf_note_texts(data))
    shown = page_text + "\n" + notes
    for rule in ("DOC003", "STR001", "INT002", "ORG003", "CON001", "INT004"):
        assert f"{rule} · " in shown, rule
    assert "samlet vurdering" in shown and "Husk at tjekke dette" in shown
