"""Files and apps for the web tests: small Word plans built here with python-docx, the
bad uploads (PDF renamed .docx, zip bomb, …) built byte by byte, and an app whose
temporary folders live under the test's own ``tmp_path``."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import docx
from flask import Flask
from flask.testing import FlaskClient

from beredskab.web import WebConfig, create_app

AS_OF = date(2026, 11, 27)
MB = 1024 * 1024
TOKEN_LINK = re.compile(r'href="(/hent/([A-Za-z0-9_-]{32})/(docx|json|html))\?lang=\w\w"')

HOSTILE = '<script>alert("x")</script> & <b>fed</b>'
"""Plan text that would be markup if it were not escaped."""


def plan_docx(
    *,
    municipality: str = "Skive Kommune",
    year: int = 2024,
    goals: int = 2,
    extra_heading: str | None = None,
    vision: str = "Vi vil forebygge ekstremisme i hele kommunen gennem tidlig og fælles indsats.",
) -> bytes:
    """A short, incomplete plan: it has a few of the template's sections (so the result
    page has findings per section) and misses most others (so there is a top 3)."""
    document = docx.Document()
    document.add_heading(f"Beredskabsplan for {municipality} {year}", level=0)
    document.add_paragraph(
        f"Planen er vedtaget af kommunalbestyrelsen den 12. marts {year}"
        " og revideres hvert fjerde år."
    )
    document.add_heading("1 Introduktion", level=1)
    document.add_paragraph("Denne plan beskriver kommunens beredskab mod ekstremisme.")
    document.add_heading("1.1 Kommunens vision og formål", level=2)
    document.add_paragraph(vision)
    document.add_heading("1.2 Mål", level=2)
    for n in range(1, goals + 1):
        document.add_paragraph(
            f"Mål {n}: Alle skoler kender proceduren for bekymringer inden {year + n}.",
            style="List Number",
        )
    if extra_heading is not None:
        document.add_heading(extra_heading, level=1)
        document.add_paragraph(f"Tekst under overskriften: {extra_heading}")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def pdf_bytes() -> bytes:
    """A tiny (valid enough) PDF: what a user sends when they export instead of saving."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def zip_bomb(size: int = 150 * MB) -> bytes:
    """A Word-looking package whose main part inflates to ``size`` bytes of spaces
    (about 1000:1): small on the wire, far over the reader's ratio and size limits."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        chunk = b" " * MB
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(
                b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats'
                b'.org/wordprocessingml/2006/main"><w:body>'
            )
            for _ in range(size // MB):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return buf.getvalue()


def make_app(tmp_path: Path, *, db: Path | None = None, max_upload_bytes: int = 20 * MB) -> Flask:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    config = WebConfig(db_path=db, work_dir=work, as_of=AS_OF, max_upload_bytes=max_upload_bytes)
    return create_app(config)


def upload(
    client: FlaskClient,
    data: bytes,
    name: str = "plan.docx",
    *,
    lang: str = "da",
    mimetype: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    **fields: str,
) -> object:
    form: dict[str, object] = {"plan": (io.BytesIO(data), name, mimetype), **fields}
    return client.post(f"/tjek?lang={lang}", data=form, content_type="multipart/form-data")


def leftovers(tmp_path: Path) -> list[Path]:
    """Files under the app's work folder other than the result store's (uploads must be
    gone once the response is sent)."""
    work = tmp_path / "work"
    return [p for p in work.rglob("*") if p.is_file() and "beredskab-web-" not in str(p)]
