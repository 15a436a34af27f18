"""Revision diffs: two versions with seeded changes give exactly those changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from history_helpers import plan, write_file

from beredskab.errors import UsageError
from beredskab.history import diff_versions, open_db
from beredskab.history.db import HistoryDB
from beredskab.history.diff import compare_sections, word_diff
from beredskab.history.record import SectionSnapshot
from beredskab.history.render import diff_html, diff_text

WAIVER = {"by": "CDE", "reason": "aftalt", "until": "2027-12-31"}
OLD_SECTIONS = [
    ("intro.vision", "1.1", "Vision", "Vi vil forebygge ekstremisme i hele kommunen."),
    ("intro.goals", "1.2", "Mål", "Mål A.\nMål B.\nMål C."),
    (
        "intro.responsibility",
        "1.3",
        "Ansvar og opfølgning",
        "Udvalget følger op hvert år på planen.",
    ),
    ("org.organisation", "2.1", "Organisering", "SSP-styregruppen leder arbejdet."),
    (None, "2.5", "Lokale forhold", "Vi har et tæt samarbejde med foreningerne."),
    ("comms.training", "4.2", "Opkvalificering", "Alle ansatte får kursus."),
]
NEW_SECTIONS = [
    ("comms.training", "4.2", "Opkvalificering", "Alle ansatte får kursus."),
    # white space only: not a change
    ("intro.vision", "1.1", "Vision", "Vi vil  forebygge ekstremisme\ni hele kommunen. "),
    ("intro.goals", "1.2", "Vores mål", "Mål A.\nMål B.\nMål C."),
    (
        "intro.responsibility",
        "1.3",
        "Ansvar og opfølgning",
        "Byrådet følger op hvert andet år på planen og målene.",
    ),
    ("org.organisation", "2.1", "Organisering", "SSP-styregruppen leder arbejdet."),
    ("comms.acute", "4.3", "Informationsstrategi i akutte situationer", "Ring til pressechefen."),
]
OLD_RESULTS = [
    ("INT005", "fail", None),
    ("STR001", "fail", "comms.acute"),
    ("STR001", "pass", "intro.goals"),
    ("ORG002", "fail", None),
    ("CON003", "pass", None),
    ("STR003", "pass", "intro.goals"),
    ("DOC002", "fail", None),
    ("KOM001", "fail", None, WAIVER),
]
NEW_RESULTS = [
    ("INT005", "pass", None),
    ("STR001", "pass", "comms.acute"),
    ("STR001", "pass", "intro.goals"),
    ("ORG002", "fail", None),
    ("CON003", "fail", None),
    ("STR003", "error", "intro.goals"),
    ("DOC002", "fail", None, WAIVER),
    ("KOM001", "fail", None, WAIVER),
]
COMMON_FACTS = {
    "goals": ["Mål A.", "Mål B.", "Mål C."],
    "phones": ["41749090"],
    "police_district": "Syd- og Sønderjyllands Politi",
}


@pytest.fixture
def db(tmp_path: Path) -> HistoryDB:
    with open_db(tmp_path / "h.sqlite") as handle:
        old = plan(
            sections=OLD_SECTIONS,
            results=OLD_RESULTS,
            plan_year=2025,
            adopted=date(2025, 2, 20),
            revision_interval_years=5,
            **COMMON_FACTS,
        )
        new = plan(
            sections=NEW_SECTIONS,
            results=NEW_RESULTS,
            plan_year=2026,
            adopted=date(2026, 1, 28),
            revision_interval_years=4,
            **COMMON_FACTS,
        )
        handle.record(new, file=write_file(tmp_path, "v2.docx"), received=date(2026, 2, 1))
        handle.record(old, file=write_file(tmp_path, "v1.docx"), received=date(2025, 3, 1))
        yield handle


def _pairs(items: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(i["rule"], i["section"]) for i in items]


def test_diff_shows_the_seeded_changes_exactly(db: HistoryDB) -> None:
    d = diff_versions(db, "Kolding")
    assert d["kommune"] == "Kolding Kommune"
    assert (d["from"]["version"], d["from"]["received"], d["from"]["plan_year"]) == (
        1,
        "2025-03-01",
        2025,
    )
    assert (d["to"]["version"], d["to"]["received"], d["to"]["plan_year"]) == (
        2,
        "2026-02-01",
        2026,
    )
    assert len(d["from"]["sha256"]) == 64

    f = d["findings"]
    assert _pairs(f["fixed"]) == [("DOC002", None), ("INT005", None), ("STR001", "comms.acute")]
    assert [i["outcome"] for i in f["fixed"]] == ["waived", "pass", "pass"]
    assert _pairs(f["new"]) == [("CON003", None), ("STR003", "intro.goals")]
    assert _pairs(f["unchanged"]) == [("ORG002", None)]

    assert d["facts"] == {
        "revision_interval_years": {"from": 5, "to": 4},
        "adopted": {"from": "2025-02-20", "to": "2026-01-28"},
        "plan_year": {"from": 2025, "to": 2026},
    }

    s = d["sections"]
    assert s["added"] == [
        {"key": "comms.acute", "heading": "4.3 Informationsstrategi i akutte situationer"}
    ]
    assert s["removed"] == [{"key": None, "heading": "2.5 Lokale forhold"}]
    assert s["renamed"] == [{"key": "intro.goals", "from": "1.2 Mål", "to": "1.2 Vores mål"}]
    assert [m["key"] for m in s["moved"]] == ["comms.training"]
    [changed] = s["changed"]
    assert changed["key"] == "intro.responsibility"
    assert (changed["words_added"], changed["words_removed"]) == (5, 2)
    assert changed["similarity"] == round(10 / 17, 2)
    assert changed["diff"] == [
        ["-", "Udvalget"],
        ["+", "Byrådet"],
        ["=", "følger op hvert"],
        ["+", "andet"],
        ["=", "år på"],
        ["-", "planen."],
        ["+", "planen og målene."],
    ]


def test_from_and_to_choose_versions(db: HistoryDB) -> None:
    backwards = diff_versions(db, "621", from_v=2, to_v=1)
    assert _pairs(backwards["findings"]["new"]) == [
        ("DOC002", None),
        ("INT005", None),
        ("STR001", "comms.acute"),
    ]
    same = diff_versions(db, "Kolding Kommune", from_v=2, to_v=2)
    assert same["facts"] == {} and not any(same["sections"].values())
    assert not same["findings"]["fixed"] and not same["findings"]["new"]
    with pytest.raises(UsageError):
        diff_versions(db, "Kolding", to_v=3)
    with pytest.raises(UsageError) as first:
        diff_versions(db, "Kolding", to_v=1)
    assert "første version" in first.value.message("da")
    with pytest.raises(UsageError):
        diff_versions(db, "Skive")


def test_one_version_has_nothing_to_compare(tmp_path: Path) -> None:
    with open_db(tmp_path / "one.sqlite") as db:
        db.record(plan(), file=write_file(tmp_path, "a.docx"))
        with pytest.raises(UsageError) as err:
            diff_versions(db, "Kolding")
    assert "kun gemt én version" in err.value.message("da")


def test_goals_and_contacts_changes(tmp_path: Path) -> None:
    with open_db(tmp_path / "g.sqlite") as db:
        old = plan(goals=["Et", "To"], phones=["41749090"], emails=["a@kolding.dk"])
        new = plan(goals=["Et", "Tre"], phones=["41749090", "114"], emails=["a@kolding.dk"])
        db.record(old, file=write_file(tmp_path, "1.docx"), received=date(2024, 1, 1))
        db.record(new, file=write_file(tmp_path, "2.docx"), received=date(2025, 1, 1))
        facts = diff_versions(db, "Kolding")["facts"]
    assert set(facts) == {"goals", "contacts"}
    assert facts["goals"]["added"] == ["Tre"] and facts["goals"]["removed"] == ["To"]
    assert facts["contacts"]["phones_added"] == ["114"]
    assert facts["contacts"]["emails_added"] == [] and facts["contacts"]["phones_removed"] == []


def test_unmatched_sections_compare_by_title_and_renumbering_is_a_rename() -> None:
    def snap(pos: int, key: str | None, number: str, title: str, text: str) -> SectionSnapshot:
        return SectionSnapshot(pos, key, f"{number} {title}", title, number, 1, text)

    before = [snap(1, None, "3.4", "Andet", "tekst"), snap(2, None, "3.5", "Bilag", "x")]
    after = [snap(1, None, "3.5", "Andet", "tekst"), snap(2, None, "3.6", "Bilag", "x y")]
    s = compare_sections(before, after)
    assert s["renamed"] == [
        {"key": None, "from": "3.4 Andet", "to": "3.5 Andet"},
        {"key": None, "from": "3.5 Bilag", "to": "3.6 Bilag"},
    ]
    assert not s["added"] and not s["removed"] and not s["moved"]
    assert [c["heading"] for c in s["changed"]] == ["3.6 Bilag"]
    # two sections with one heading are both compared, in order
    twice = [snap(1, None, "", "Kontakt", "a"), snap(2, None, "", "Kontakt", "b")]
    again = [snap(1, None, "", "Kontakt", "a"), snap(2, None, "", "Kontakt", "b c")]
    assert [c["words_added"] for c in compare_sections(twice, again)["changed"]] == [1]


def test_word_diff_ignores_white_space_but_not_case() -> None:
    assert word_diff("a  b\nc", "a b c") == [["=", "a b c"]]
    assert word_diff("Skal vi", "skal vi") == [["-", "Skal"], ["+", "skal"], ["=", "vi"]]


def test_text_leads_with_the_compliance_change(db: HistoryDB) -> None:
    d = diff_versions(db, "Kolding")
    text = diff_text(d, "da")
    order = [
        text.index("Rettet siden sidst: 3"),
        text.index("Nye fund: 2"),
        text.index("Stadig ikke rettet: 1"),
        text.index("Revideres hvert (år): 5 → 4"),
        text.index("Nyt afsnit: 4.3 Informationsstrategi"),
        text.index("[-Udvalget-] {+Byrådet+}"),
    ]
    assert order == sorted(order)
    assert 'Ny overskrift: "1.2 Mål" hedder nu "1.2 Vores mål"' in text
    # a fixed finding shows what it was about (the older version's failing message)
    assert "INT005: INT005 på dansk" in text and "STR003 (intro.goals): STR003 på dansk" in text
    english = diff_text(d, "en")
    assert "Fixed since last time: 3" in english and "New findings: 2" in english


def test_html_is_self_contained_and_escaped(db: HistoryDB) -> None:
    d = diff_versions(db, "Kolding")
    d["sections"]["added"].append({"key": None, "heading": "<script>alert(1)</script>"})
    page = diff_html(d, "da")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<del>Udvalget</del>" in page and "<ins>Byrådet</ins>" in page
    assert "http://" not in page and "https://" not in page
