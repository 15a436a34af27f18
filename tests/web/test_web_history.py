"""CDE's pages (history database): the 98-municipality overview, one municipality's
versions, the diff between two, and saving a version from the upload page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import AS_OF, HOSTILE, leftovers, make_app, plan_docx, upload

from beredskab.history import open_db
from beredskab.pipeline import analyse_path
from beredskab.reference import municipalities


def _text(response: Any) -> str:
    return str(response.get_data(as_text=True))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "historik.sqlite"


@pytest.fixture
def app(tmp_path: Path, db_path: Path) -> Flask:
    return make_app(tmp_path, db=db_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _record_two_versions(client: FlaskClient) -> None:
    first = upload(client, plan_docx(year=2021, goals=2), "skive-2021.docx", record="1")
    assert "gemt i historikken som version 1 for Skive Kommune" in _text(first)
    second = upload(
        client,
        plan_docx(
            year=2024,
            goals=4,
            vision="Vi vil forebygge ekstremisme sammen med skoler, klubber og politiet.",
            extra_heading=HOSTILE,
        ),
        "skive-2024.docx",
        record="1",
        kommune="779",
    )
    assert "gemt i historikken som version 2 for Skive Kommune" in _text(second)


def test_upload_page_offers_to_save_with_a_database(client: FlaskClient) -> None:
    html = _text(client.get("/"))
    assert 'type="checkbox" id="record" name="record" value="1"' in html
    assert '<label for="kommune">' in html
    assert html.count("<option value=") == 98 + 1  # the 98 and "find it in the plan"
    assert 'href="/oversigt?lang=da"' in html


def test_saved_versions_appear_and_the_upload_is_still_deleted(
    client: FlaskClient, db_path: Path, tmp_path: Path
) -> None:
    _record_two_versions(client)
    assert leftovers(tmp_path) == []
    with open_db(db_path) as db:
        versions = db.versions("779")
    assert [v.version for v in versions] == [1, 2]
    # The stored name is made by the page, never taken from the upload.
    assert [v.file_name for v in versions] == [f"beredskabsplan-{AS_OF.isoformat()}.docx"] * 2
    assert {v.source for v in versions} == {"web"}


def test_without_the_box_nothing_is_saved(client: FlaskClient, db_path: Path) -> None:
    upload(client, plan_docx(), "plan.docx")
    with open_db(db_path) as db:
        assert db.versions() == []


def test_saving_an_unknown_municipality_says_why(client: FlaskClient, db_path: Path) -> None:
    response = upload(client, plan_docx(municipality="Planlandia"), record="1")
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = _text(response)
    assert "Planen blev ikke gemt i historikken" in html
    assert "De tre vigtigste ting at rette" in html  # the result is still shown


def test_a_municipality_that_does_not_exist_is_refused(client: FlaskClient) -> None:
    response = upload(client, plan_docx(), record="1", kommune="999")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Vælg en af de 98 kommuner" in _text(response)


def test_overview_lists_all_98_municipalities(client: FlaskClient) -> None:
    _record_two_versions(client)
    response = client.get("/oversigt")
    assert response.status_code == 200
    html = _text(response)
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == 98
    for m in municipalities():
        assert f'<th scope="row">{m.official_name}</th>' in body or m.name in body
    skive = body.split("Skive Kommune", 1)[1].split("</tr>", 1)[0]
    # Adopted 12 March 2024, every fourth year: due 12 March 2028, current on 27 Nov 2026.
    assert "aktuel" in skive and "12. marts 2028" in skive
    assert 'href="/kommune/779?lang=da"' in skive
    assert "ingen plan modtaget" in body
    assert "0 skal have været revideret" in html
    assert re.search(r"97 har ikke sendt en plan", html)


def test_overview_in_english(client: FlaskClient) -> None:
    html = _text(client.get("/oversigt?lang=en"))
    assert "Preparedness plans in the 98 municipalities" in html
    assert "never received" in html


def test_municipality_page_lists_versions(client: FlaskClient) -> None:
    _record_two_versions(client)
    html = _text(client.get("/kommune/779"))
    assert "Versioner af planen for Skive Kommune" in html
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows.count("<tr>") == 2
    assert 'href="/kommune/779/forskel?fra=1&amp;til=2&amp;lang=da"' in rows
    assert '<select id="fra" name="fra">' in html


def test_municipality_page_without_versions(client: FlaskClient) -> None:
    html = _text(client.get("/kommune/101"))
    assert "Der er ikke gemt nogen versioner af planen for Københavns Kommune endnu." in html


@pytest.mark.parametrize("code", ["000", "12", "abc", "7790", "77a"])
def test_unknown_municipality_code_is_404(client: FlaskClient, code: str) -> None:
    assert client.get(f"/kommune/{code}").status_code == 404
    assert client.get(f"/kommune/{code}/forskel").status_code == 404


def test_diff_page_shows_what_changed(client: FlaskClient) -> None:
    _record_two_versions(client)
    response = client.get("/kommune/779/forskel?fra=1&til=2")
    assert response.status_code == 200
    html = _text(response)
    assert "Skive Kommune: version 1 (modtaget 27. november 2026)" in html
    assert "version 2 (modtaget 27. november 2026)" in html
    assert '<details id="findings-unchanged">' in html
    assert "Hvad er der sket med fundene?" in html
    # Facts that changed: the adoption date and the goals.
    assert "<del>" in html and "<ins>" in html
    assert "Mål 4: Alle skoler kender proceduren" in html
    # The new heading came from the plan: escaped, like all plan text.
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_diff_defaults_to_the_newest_two(client: FlaskClient) -> None:
    _record_two_versions(client)
    assert client.get("/kommune/779/forskel").status_code == 200


@pytest.mark.parametrize(
    ("query", "status"),
    [("?fra=1&til=7", 404), ("?fra=x&til=2", 400), ("?fra=-1", 400), ("?til=1", 404)],
)
def test_diff_with_bad_versions(client: FlaskClient, query: str, status: int) -> None:
    _record_two_versions(client)
    response = client.get(f"/kommune/779/forskel{query}")
    assert response.status_code == status
    assert "Traceback" not in _text(response)


def test_diff_with_only_one_version_explains(client: FlaskClient, db_path: Path) -> None:
    upload(client, plan_docx(), record="1")
    response = client.get("/kommune/779/forskel")
    assert response.status_code == 404
    assert "Skive" in _text(response)


def test_overview_with_every_municipality_recorded(tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(plan_docx())
    analysis = analyse_path(source, as_of=AS_OF)
    with open_db(db_path) as db:
        for m in municipalities():
            db.record(analysis, file=source, kommune=m.code, received=AS_OF)
    html = _text(make_app(tmp_path, db=db_path).test_client().get("/oversigt"))
    body = html.split("<tbody>", 1)[1]
    assert body.count('<td class="status current">aktuel</td>') == 98
    assert body.count("/kommune/") == 98
