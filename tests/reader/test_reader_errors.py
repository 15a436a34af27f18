"""Every way a file can fail to be a Word document ends in one typed DocumentError."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from reader_builders import base_docx, make_docx, parts_of, zip_parts

from beredskab.errors import DocumentError
from beredskab.reader import Limits, open_package, read_document

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def code_of(data: bytes | str | Path, **kwargs: object) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        read_document(data, name="plan.docx", **kwargs)  # type: ignore[arg-type]
    return info.value


def ole_file(*streams: str) -> bytes:
    """A fake compound file: the magic, padding and the stream names in UTF-16LE."""
    body = b"".join(s.encode("utf-16-le") + b"\x00" * 8 for s in streams)
    return OLE + b"\x00" * 504 + body + b"\x00" * 512


def test_empty_file() -> None:
    assert code_of(b"").code == "empty"


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as info:
        read_document(tmp_path / "nowhere.docx")
    assert info.value.code == "not-found"
    assert "nowhere.docx" in info.value.message("da")


def test_directory_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as info:
        read_document(tmp_path)
    assert info.value.code == "not-found"


def test_random_binary_is_not_zip() -> None:
    err = code_of(bytes(range(256)) * 4)
    assert err.code == "not-zip"


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"{\\rtf1\\ansi Beredskabsplan}", "RTF"),
        (b"<!DOCTYPE html><html><body>Plan</body></html>", "HTML"),
        ("Beredskabsplan for Nørreå Kommune\n".encode(), "text/plain"),
        (b'<?xml version="1.0"?><pkg:package xmlns:pkg="x"/>', "Word XML (Flat OPC)"),
    ],
)
def test_other_formats_say_what_they_look_like(data: bytes, looks_like: str) -> None:
    err = code_of(data)
    assert err.code == "unknown-format"
    assert err.params["detail"] == looks_like
    assert looks_like in err.message("en")


def test_pdf() -> None:
    assert code_of(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj").code == "pdf"


def test_encrypted_ole() -> None:
    assert code_of(ole_file("EncryptionInfo", "EncryptedPackage")).code == "encrypted"


def test_legacy_doc() -> None:
    assert code_of(ole_file("WordDocument", "1Table")).code == "legacy-doc"


def test_other_ole() -> None:
    assert code_of(ole_file("Workbook")).code == "ole"


def test_truncated_zip_is_corrupt() -> None:
    data = base_docx()
    assert code_of(data[: len(data) // 2]).code == "corrupt-zip"


def test_bad_crc_is_corrupt() -> None:
    data = bytearray(zip_parts(parts_of(base_docx())))
    # Flip a byte inside word/document.xml's stored data without touching the headers.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    data[offset] ^= 0xFF
    assert code_of(bytes(data)).code == "corrupt-zip"


def test_zip_without_document_part() -> None:
    files = parts_of(base_docx())
    del files["word/document.xml"]
    err = code_of(zip_parts(files))
    assert err.code == "missing-part"
    assert "word/document.xml" in err.message("da")


def test_spreadsheet_in_disguise_is_unknown_format() -> None:
    data = zip_parts({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    err = code_of(data)
    assert err.code == "unknown-format"
    assert err.params["detail"] == ".xlsx"


def test_malformed_document_xml() -> None:
    files = parts_of(base_docx())
    files["word/document.xml"] = b"<w:document xmlns:w='x'><w:body><w:p></w:body>"
    assert code_of(zip_parts(files)).code == "xml-error"


def test_wrong_root_element_is_xml_error() -> None:
    files = parts_of(base_docx())
    files["word/document.xml"] = b"<html/>"
    assert code_of(zip_parts(files)).code == "xml-error"


def test_too_many_parts() -> None:
    err = code_of(base_docx(), limits=Limits(max_parts=5))
    assert err.code == "limit-exceeded"


def test_zip_bomb_ratio() -> None:
    files = parts_of(base_docx())
    files["word/media/bomb.bin"] = b"\x00" * (3 * 1024 * 1024)  # ~1000:1 when deflated
    assert code_of(zip_parts(files)).code == "limit-exceeded"


def test_total_size_limit() -> None:
    err = code_of(base_docx(), limits=Limits(max_total=10_000))
    assert err.code == "limit-exceeded"


def test_entities_are_never_expanded() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'
        '<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    )
    files = parts_of(make_docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>"))
    document = files["word/document.xml"].decode()
    document = document.split("?>", 1)[1].replace("<w:t>x</w:t>", "<w:t>&c;&x;ok</w:t>")
    files["word/document.xml"] = (bomb + document).encode()
    doc = read_document(zip_parts(files))
    text = doc.text()
    assert "root:" not in text
    assert "aaaaaaaaaa" not in text
    assert "ok" in text


@pytest.mark.parametrize(
    "code",
    [
        "empty",
        "not-found",
        "not-zip",
        "corrupt-zip",
        "encrypted",
        "legacy-doc",
        "ole",
        "pdf",
        "unknown-format",
        "missing-part",
        "limit-exceeded",
        "xml-error",
    ],
)
def test_every_code_has_a_danish_and_english_message(code: str) -> None:
    err = DocumentError(code, file="plan.docx", detail="x")
    da, en = err.message("da"), err.message("en")
    assert "plan.docx" in da and "plan.docx" in en
    assert da != en
    assert "{" not in da and "{" not in en


def test_open_package_exposes_parts_and_format() -> None:
    pkg = open_package(make_docx("<w:p/>"))
    assert pkg.main_part == "word/document.xml"
    assert pkg.file_format == "docx"
    assert pkg.strict is False
    assert pkg.xml("word/styles.xml") is not None
    assert pkg.read("no/such/part.xml") is None
    assert len(pkg.sha256) == 64


def test_deep_nesting() -> None:
    from reader_builders import p, table

    inner = p("bund")
    for _ in range(80):
        inner = table([inner])
    doc = read_document(make_docx(inner))
    assert [x.text for x in doc.paragraphs()] == ["bund"]
    too_deep = p("x")
    for _ in range(300):
        too_deep = f"<w:customXml>{too_deep}</w:customXml>"
    assert code_of(make_docx(too_deep)).code == "xml-error"
