"""Reference data: the 98 municipalities and the 12 police districts, and the name
forms plans use for them."""

from __future__ import annotations

import csv
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from beredskab.reference import (
    find_municipality,
    find_municipality_mentions,
    find_police_district_mentions,
    municipalities,
    municipality_by_code,
    normalise_police_district,
    police_districts,
)
from shared_data import shared_path

OFFICIAL_DISTRICTS = {
    "Nordjyllands Politi",
    "Østjyllands Politi",
    "Midt- og Vestjyllands Politi",
    "Sydøstjyllands Politi",
    "Syd- og Sønderjyllands Politi",
    "Fyns Politi",
    "Sydsjællands og Lolland-Falsters Politi",
    "Midt- og Vestsjællands Politi",
    "Nordsjællands Politi",
    "Københavns Vestegns Politi",
    "Københavns Politi",
    "Bornholms Politi",
}


def test_98_municipalities_with_unique_codes() -> None:
    ms = municipalities()
    assert len(ms) == 98
    assert len({m.code for m in ms}) == 98
    assert len({m.official_name for m in ms}) == 98
    assert all(m.code.isdigit() and 101 <= int(m.code) <= 860 for m in ms)


def test_municipalities_per_region() -> None:
    assert Counter(m.region for m in municipalities()) == {
        "Region Hovedstaden": 29,
        "Region Midtjylland": 19,
        "Region Nordjylland": 11,
        "Region Sjælland": 17,
        "Region Syddanmark": 22,
    }


def test_12_police_districts_cover_all_municipalities() -> None:
    districts = police_districts()
    assert {d.name for d in districts} == OFFICIAL_DISTRICTS
    assert {m.police_district for m in municipalities()} == OFFICIAL_DISTRICTS
    assert sum(len(d.municipality_codes) for d in districts) == 98


@pytest.mark.parametrize(
    ("name", "district"),
    [
        ("Skive", "Midt- og Vestjyllands Politi"),
        ("Sorø", "Sydsjællands og Lolland-Falsters Politi"),
        ("Slagelse", "Sydsjællands og Lolland-Falsters Politi"),
        ("Stevns", "Midt- og Vestsjællands Politi"),
        ("Lejre", "Midt- og Vestsjællands Politi"),
        ("Billund", "Sydøstjyllands Politi"),
        ("Gentofte", "Nordsjællands Politi"),
        ("Tårnby", "Københavns Politi"),
        ("Morsø", "Midt- og Vestjyllands Politi"),
    ],
)
def test_checked_district_rows(name: str, district: str) -> None:
    m = find_municipality(name)
    assert m is not None and m.police_district == district


def test_packaged_table_matches_the_shared_reference() -> None:
    shared = shared_path("reference", "kommuner_politikredse.csv")
    packaged = resources.files("beredskab") / "data" / "kommuner.csv"
    with shared.open(encoding="utf-8") as fh:
        shared_rows = list(csv.DictReader(fh))
    packaged_rows = list(csv.DictReader(packaged.read_text(encoding="utf-8").splitlines()))
    assert packaged_rows == shared_rows


@pytest.mark.parametrize(
    ("name", "official"),
    [
        ("Skive", "Skive Kommune"),
        ("skive kommune", "Skive Kommune"),
        ("Skive Kommunes", "Skive Kommune"),
        ("København", "Københavns Kommune"),
        ("Københavns Kommune", "Københavns Kommune"),
        ("Bornholm", "Bornholms Regionskommune"),
        ("Bornholms Regionskommune", "Bornholms Regionskommune"),
        ("Nordfyn", "Nordfyns Kommune"),
        ("Nordfyns Kommune", "Nordfyns Kommune"),
        ("Vesthimmerland", "Vesthimmerlands Kommune"),
        ("Aabenraa", "Aabenraa Kommune"),
        ("Åbenrå", "Aabenraa Kommune"),
        ("Århus", "Aarhus Kommune"),
        ("Koege", "Køge Kommune"),
        ("Høje Taastrup", "Høje-Taastrup Kommune"),
        ("Lyngby-Taarbæk Kommune", "Lyngby-Taarbæk Kommune"),
        ("779", "Skive Kommune"),
    ],
)
def test_find_municipality_by_its_name_forms(name: str, official: str) -> None:
    m = find_municipality(name)
    assert m is not None and m.official_name == official


@pytest.mark.parametrize(
    "name", ["Kommunens navn", "[KOMMUNENS NAVN]", "Fyn", "Region Sjælland", "999"]
)
def test_non_municipalities(name: str) -> None:
    assert find_municipality(name) is None


def test_every_municipality_is_found_by_every_name_form() -> None:
    for m in municipalities():
        assert municipality_by_code(m.code) is m
        assert find_municipality(m.official_name) is m
        for form in m.variants:
            assert find_municipality(form) is m, form
            mentions = list(find_municipality_mentions(f"Planen for {form} Kommune."))
            assert [x.official for x in mentions] == [m.official_name], form
            assert mentions[0].formal


def test_mentions_need_a_capital_letter() -> None:
    found = [(x.official, x.formal) for x in find_municipality_mentions("vejen til Vejen Kommune")]
    assert found == [("Vejen Kommune", True)]


@pytest.mark.parametrize(
    "variant",
    [
        "Midt og Vestjyllands Politi",
        "Politikreds Midt- og Vestjylland",
        "Vestegnens politi",
        "Vestegnens politikreds",
        "Københavns Vestegns Politikreds",
        "Nordsjællands Politikreds",
        "Midt- og Vestsjællands",
        "Sydsjælland og Lolland-Falsters Politi",
    ],
)
def test_informal_district_names_normalise(variant: str) -> None:
    official = normalise_police_district(variant)
    assert official in OFFICIAL_DISTRICTS
    mentions = find_police_district_mentions(f"Netværket i {variant} mødes.")
    assert [m.official for m in mentions] == [official]
    assert mentions[0].raw == variant


def test_every_listed_variant_normalises_and_is_found() -> None:
    for d in police_districts():
        assert normalise_police_district(d.name) == d.name
        assert normalise_police_district(d.name.upper()) == d.name
        for variant in d.variants:
            assert normalise_police_district(variant) == d.name, variant
            found = find_police_district_mentions(f"Vi samarbejder med {variant}.")
            assert [m.official for m in found] == [d.name], variant


def test_unknown_district_names() -> None:
    assert normalise_police_district("Vestjyllands Politi") is None
    assert normalise_police_district("[POLITIKREDSENS NAVN]") is None
    assert find_police_district_mentions("Region Nordjylland og Fyn") == []


def test_every_district_form_holds_a_quick_cue() -> None:
    """``find_police_district_mentions`` skips text without "politi", "midt" or
    "vestegn": every recognised form must contain one of them."""
    for d in police_districts():
        for form in (d.name, *d.variants):
            assert any(cue in form.lower() for cue in ("politi", "midt", "vestegn")), form


def test_derived_reference_data_from_the_cache_equals_a_fresh_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look-ups' derived data (kept in the cache folder) is what the data files
    give when derived afresh, read back from an empty cache folder and from a full one."""
    from beredskab import reference

    folder = resources.files("beredskab") / "data"
    fresh = reference._build_derived(
        (folder / "kommuner.csv").read_bytes(), (folder / "politikredse.yaml").read_bytes()
    )
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for _ in range(2):  # built and stored, then read back
        reference._derived.cache_clear()
        assert reference._derived() == fresh
    reference._derived.cache_clear()
    assert any(tmp_path.glob("beredskab/reference/*.json"))
