"""The upload page, the result page, downloads, bad uploads and error pages, driven
through Flask's test client (no server, no browser)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import (
    HOSTILE,
    MB,
    TOKEN_LINK,
    leftovers,
    make_app,
    pdf_bytes,
    plan_docx,
    upload,
    zip_bomb,
)

from beredskab.reader import read_document
from beredskab.web.routes import display_name

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _text(response: Any) -> str:
    return str(response.get_data(as_text=True))


def _links(html: str) -> dict[str, str]:
    return {kind: path for path, _token, kind in TOKEN_LINK.findall(html)}


# -- the upload page -------------------------------------------------------------------------


def test_upload_page_is_danish_accessible_and_works_without_script(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = _text(response)
    assert '<html lang="da">' in html
    assert "Tjek planen</button>" in html
    # The file field has a visible label tied to it, a hint, and is required.
    assert '<label for="plan">' in html
    assert 'id="plan" name="plan" required aria-describedby="plan-hint"' in html
    # A plain multipart form posting to the check: works with scripts switched off.
    assert 'method="post" action="/tjek?lang=da" enctype="multipart/form-data"' in html
    assert 'class="skip" href="#main"' in html
    # Without a history database there is no "save this version" box and no overview link.
    assert 'name="record"' not in html
    assert "/oversigt" not in html


def test_upload_page_in_english(client: FlaskClient) -> None:
    html = _text(client.get("/?lang=en"))
    assert '<html lang="en">' in html
    assert "Check the plan</button>" in html
    assert 'action="/tjek?lang=en"' in html
    assert 'href="/?lang=da"' in html  # the switch back to Danish


def test_unknown_language_falls_back_to_danish(client: FlaskClient) -> None:
    assert '<html lang="da">' in _text(client.get("/?lang=xx"))


def test_security_headers_and_nonce(client: FlaskClient) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    nonce = csp.split("'nonce-", 1)[1].split("'", 1)[0]
    html = _text(response)
    # Every inline style and script carries this response's nonce; nothing else runs.
    assert html.count("<style") == html.count(f'<style nonce="{nonce}"') == 1
    assert html.count("<script") == html.count(f'<script nonce="{nonce}"') == 1
    assert " style=" not in html and "onclick" not in html
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    other = client.get("/").headers["Content-Security-Policy"]
    assert other != csp  # a fresh nonce per response


# -- checking a plan ---------------------------------------------------------------------------


def test_result_page_shows_score_top3_and_findings_per_section(
    client: FlaskClient, tmp_path: Path
) -> None:
    response = upload(client, plan_docx(), "Skive beredskabsplan.docx")
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = _text(response)
    assert "Beredskabsplan for Skive Kommune 2024" in html
    assert "Vi har tjekket filen Skive beredskabsplan.docx." in html
    assert 'id="score"' in html and " %</p>" in html
    assert "De tre vigtigste ting at rette" in html
    top = html.split('id="top"', 1)[1].split("</section>", 1)[0]
    assert top.count("<li>") == 3
    findings = html.split('id="findings"', 1)[1]
    # Findings are grouped under the template's own headings, each with how to fix it.
    assert "1.2 Mål" in findings
    assert findings.count('class="finding ') >= 3
    assert "Sådan retter I det" in findings
    assert "Tekstblok " in findings  # a rule that names a text block shows it
    assert "Mål 1: Alle skoler kender proceduren" in html  # the goals found
    assert set(_links(html)) == {"docx", "json", "html"}
    # The upload's temporary folder is gone once the page is sent.
    assert leftovers(tmp_path) == []


def test_result_page_in_english(client: FlaskClient) -> None:
    html = _text(upload(client, plan_docx(), lang="en"))
    assert '<html lang="en">' in html
    assert "The three most important things to fix" in html
    assert "How to fix it" in html


def test_downloads_have_the_right_types_and_are_deleted_after_download(
    client: FlaskClient, app: Flask
) -> None:
    html = _text(upload(client, plan_docx(), "Skive plan.docx"))
    links = _links(html)

    word = client.get(links["docx"])
    assert word.status_code == 200
    assert word.mimetype == DOCX_TYPE
    assert "filename*=UTF-8''Skive%20plan-kommenteret.docx" in word.headers["Content-Disposition"]
    assert word.headers["Content-Disposition"].startswith("attachment")
    # The annotated copy is a Word file with comments the project's reader can read back.
    with zipfile.ZipFile(io.BytesIO(word.data)) as zf:
        comments = zf.read("word/comments.xml").decode("utf-8")
    assert "beredskab" in comments
    read_document(word.data, name="kommenteret.docx")

    report = client.get(links["json"])
    assert report.mimetype == "application/json"
    data = json.loads(report.data)
    assert data["file"] == "Skive plan.docx"  # the name shown, never a temporary path
    assert data["summary"]["fail"] >= 3

    page = client.get(links["html"])
    assert page.mimetype == "text/html"
    assert page.headers["Content-Disposition"].startswith("attachment")
    assert "<html" in _text(page)

    # Each file is deleted once downloaded; the token folder goes with the last one.
    again = client.get(links["docx"])
    assert again.status_code == 404
    assert "allerede hentet" in _text(again)
    store = app.extensions["beredskab"].store
    assert [p for p in store.root.iterdir()] == []


def test_hostile_plan_text_is_escaped(client: FlaskClient) -> None:
    html = _text(upload(client, plan_docx(extra_heading=HOSTILE)))
    assert '<script>alert("x")</script>' not in html
    assert "<b>fed</b>" not in html
    assert "&lt;script&gt;alert(" in html


def test_path_in_uploaded_name_is_only_shown(client: FlaskClient, tmp_path: Path) -> None:
    html = _text(upload(client, plan_docx(), "../../../etc/passwd.docx"))
    assert "Vi har tjekket filen passwd.docx." in html
    assert not (tmp_path / "etc").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        ("plan.docx", "plan.docx"),
        ("C:\\Users\\anne\\Skrivebord\\Plan 2024.docx", "Plan 2024.docx"),
        ("../../x.docx", "x.docx"),
        ("", "plan.docx"),
        (None, "plan.docx"),
        ("...", "plan.docx"),
        ("a\x00b\x1f.docx", "ab.docx"),
        ("å" * 300 + ".docx", "å" * 115 + ".docx"),
    ],
    ids=["plain", "windows-path", "dot-dot", "empty", "none", "dots", "control", "long"],
)
def test_display_name(filename: str | None, shown: str) -> None:
    assert display_name(filename) == shown


# -- bad uploads -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "tom.docx", "er tom"),
        (pdf_bytes(), "plan.docx", "er en PDF"),
        (b"Bare noget tekst, ikke en Word-fil.", "plan.docx", "ikke et Word-dokument"),
        (b"PK\x03\x04 ikke en rigtig zip", "plan.docx", "beskadiget"),
    ],
    ids=["empty", "pdf-renamed", "text", "broken-zip"],
)
def test_files_that_are_not_word_documents_get_a_friendly_page(
    client: FlaskClient, tmp_path: Path, data: bytes, name: str, expected: str
) -> None:
    response = upload(client, data, name)
    assert response.status_code == 422  # type: ignore[attr-defined]
    html = _text(response)
    assert "Filen kunne ikke tjekkes" in html
    assert expected in html
    assert "Gem som" in html  # what to do about it
    assert "Traceback" not in html
    assert leftovers(tmp_path) == []


def test_zip_bomb_is_refused_by_the_readers_limits(client: FlaskClient, tmp_path: Path) -> None:
    bomb = zip_bomb()
    assert len(bomb) < 1 * MB  # small on the wire, 150 MB inflated
    response = upload(client, bomb, "bombe.docx")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "usædvanligt pakket" in _text(response)
    assert leftovers(tmp_path) == []


def test_upload_over_the_size_limit(tmp_path: Path) -> None:
    client = make_app(tmp_path, max_upload_bytes=1 * MB).test_client()
    response = upload(client, b"PK" + b"\0" * (2 * MB), "stor.docx")
    assert response.status_code == 413  # type: ignore[attr-defined]
    html = _text(response)
    assert "Filen er for stor. Den må højst fylde 1 MB." in html
    assert leftovers(tmp_path) == []


def test_upload_over_the_default_limit_of_20_mb(client: FlaskClient) -> None:
    response = upload(client, b"PK" + b"\0" * (20 * MB + 1), "stor.docx")
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "højst fylde 20 MB" in _text(response)


def test_missing_file_field(client: FlaskClient) -> None:
    response = client.post("/tjek", data={"other": "x"}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Du har ikke valgt en fil" in _text(response)


def test_no_file_chosen(client: FlaskClient) -> None:
    # What a browser sends when the form is submitted without a file.
    response = client.post(
        "/tjek",
        data={"plan": (io.BytesIO(b""), "")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Du har ikke valgt en fil" in _text(response)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"plan": "x"}'),
        ("application/x-www-form-urlencoded", b"plan=x"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ],
)
def test_wrong_content_type(client: FlaskClient, content_type: str, body: bytes) -> None:
    response = client.post("/tjek", data=body, content_type=content_type)
    assert response.status_code == 415
    assert "formularen på forsiden" in _text(response)


def test_record_field_is_ignored_without_a_database(client: FlaskClient, tmp_path: Path) -> None:
    response = upload(client, plan_docx(), record="1")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "historikken" not in _text(response)
    assert leftovers(tmp_path) == []


# -- error pages -------------------------------------------------------------------------------


def test_404_page(client: FlaskClient) -> None:
    response = client.get("/findes-ikke")
    assert response.status_code == 404
    html = _text(response)
    assert "Siden findes ikke" in html and '<html lang="da">' in html
    assert "Tilbage til forsiden" in html


def test_404_in_english(client: FlaskClient) -> None:
    assert "The page does not exist" in _text(client.get("/findes-ikke?lang=en"))


def test_405_page(client: FlaskClient) -> None:
    response = client.get("/tjek")
    assert response.status_code == 405
    assert "kan ikke bruges på den måde" in _text(response)
    assert "POST" in response.headers["Allow"]
    assert client.delete("/").status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/hent/kort/docx",
        "/hent/" + "A" * 32 + "/exe",
        "/hent/" + "A" * 31 + "./docx",
        "/hent/" + "A" * 32 + "/docx",
        "/hent/..%2F..%2Fetc/docx",
    ],
)
def test_unknown_or_invalid_download_tokens(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in _text(response)


def test_overview_is_off_without_a_database(client: FlaskClient) -> None:
    for path in ("/oversigt", "/kommune/779", "/kommune/779/forskel"):
        response = client.get(path)
        assert response.status_code == 404
        assert "ikke slået til" in _text(response)


def test_unexpected_error_is_a_friendly_500_without_traceback(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import beredskab.pipeline

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(beredskab.pipeline, "analyse_document", broken)
    response = upload(app.test_client(), plan_docx())
    assert response.status_code == 500  # type: ignore[attr-defined]
    html = _text(response)
    assert "Der skete en fejl i værktøjet" in html
    assert "secret internal detail" not in html and "Traceback" not in html
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"garbage"),
        (
            "multipart/form-data; boundary=xyz",
            b'--xyz\r\nContent-Disposition: form-data; name="plan"; filename="a.docx"\r\n\r\nabc',
        ),
        ("multipart/form-data; boundary=xyz", b"--xyz\r\ngarbage\r\n\r\n--xyz--"),
    ],
    ids=["no-boundary", "truncated", "no-headers"],
)
def test_malformed_multipart_is_a_friendly_400(
    client: FlaskClient, content_type: str, body: bytes
) -> None:
    response = client.post("/tjek", data=body, content_type=content_type)
    assert response.status_code == 400
    html = _text(response)
    assert "Tilbage til forsiden" in html and "Traceback" not in html
