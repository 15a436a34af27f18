"""Facts from hand-built plans: every form the task names (Danish dates, interval
phrasings, phones, e-mails, mailto links, header-only and content-control owners,
informal police district names, goals, NSK)."""

from __future__ import annotations

from datetime import date

import pytest
from facts_helpers import Plan, facts_of

from beredskab.facts import find_dates
from beredskab.model import Cell, Paragraph, Row, Table


def bullet(text: str, level: int = 0) -> Paragraph:
    return Paragraph(text, is_bullet=True, num_id=1, num_label="•", num_level=level)


# --- municipality -------------------------------------------------------------------


def test_owner_from_the_front_page_beats_neighbours_in_the_body() -> None:
    f = Plan(
        front=["Beredskabsplan mod ekstremisme", "Skive Kommune", "2024"],
        sections=[
            (
                None,
                "Samarbejde",
                [
                    "Vi samarbejder med Viborg Kommune og Holstebro Kommune i Infohus Skive.",
                    "Viborg Kommune deltager også i netværket.",
                ],
            )
        ],
    ).facts()
    assert f.municipality == "Skive Kommune"
    assert f.kommunekode == "779"
    assert f.municipality_evidence is not None
    assert f.municipality_evidence.paragraph == 1
    assert f.municipality_candidates == ("Skive Kommune",)


def test_owner_from_the_header_only() -> None:
    f = Plan(
        sections=[(None, "Indledning", ["Planen gælder alle borgere."])],
        headers=["Aabenraa Kommune · Beredskabsplan"],
    ).facts()
    assert f.municipality == "Aabenraa Kommune"
    assert f.municipality_evidence is not None
    assert f.municipality_evidence.location == "header"
    assert f.municipality_evidence.paragraph is None


def test_owner_from_a_content_control() -> None:
    f = Plan(
        sections=[(None, "Indledning", ["Planen gælder alle borgere."])],
        controls=[("Kommunenavn", "Nordfyns Kommune")],
    ).facts()
    assert f.municipality == "Nordfyns Kommune"
    assert f.kommunekode == "480"
    assert f.municipality_evidence is not None
    assert f.municipality_evidence.location == "content-control"


def test_owner_from_the_document_title_and_special_official_names() -> None:
    f = Plan(sections=[(None, "Indledning", ["Tekst."])], title="Beredskabsplan Bornholm").facts()
    assert f.municipality == "Bornholms Regionskommune"
    assert f.municipality_evidence is not None
    assert f.municipality_evidence.location == "core"
    f = Plan(front=["KØBENHAVNS KOMMUNE"]).facts()
    assert f.municipality == "Københavns Kommune"


def test_owner_left_open_when_two_are_named_equally() -> None:
    f = Plan(front=["Lemvig Kommune og Struer Kommune", "Fælles beredskabsplan"]).facts()
    assert f.municipality is None
    assert set(f.municipality_candidates) == {"Lemvig Kommune", "Struer Kommune"}


def test_no_owner_in_the_blank_template() -> None:
    f = Plan(
        front=["Beredskab til forebyggelse, opsporing og håndtering af ekstremisme",
               "Kommunens navn", "Årstal"],
        sections=[(None, "Infohus [KOMMUNENS NAVN]", ["[KOMMUNENS NAVN] er en del af …"])],
    ).facts()  # fmt: skip
    assert f.municipality is None
    assert f.municipality_candidates == ()
    assert f.plan_year is None


def test_police_names_and_lower_case_words_are_not_owners() -> None:
    f = Plan(
        front=["Beredskabsplan", "Københavns Vestegns Politi og Sydsjællands og Lolland-Falsters"
               " Politi", "vejen frem"],
    ).facts()  # fmt: skip
    assert f.municipality is None


# --- police district ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("Infohus netværk mødes hos Midt og Vestjyllands Politi.", "Midt- og Vestjyllands Politi"),
        ("Politikreds Midt- og Vestjylland står for netværket.", "Midt- og Vestjyllands Politi"),
        ("Vi samarbejder med Vestegnens politi.", "Københavns Vestegns Politi"),
        ("Netværket i Vestegnens politikreds.", "Københavns Vestegns Politi"),
        ("Netværket i Københavns Vestegns Politikreds.", "Københavns Vestegns Politi"),
        ("Møder i Nordsjællands Politikreds.", "Nordsjællands Politi"),
        ("Kommunerne i Midt- og Vestsjællands deltager.", "Midt- og Vestsjællands Politi"),
        ("Sydsjælland og Lolland-Falsters Politi.", "Sydsjællands og Lolland-Falsters Politi"),
        ("Kontakt Københavns Politi.", "Københavns Politi"),
        ("Fyns Politi deltager.", "Fyns Politi"),
    ],
)
def test_police_district_in_the_ways_plans_write_it(text: str, official: str) -> None:
    f = facts_of(text)
    assert f.police_district == official
    assert f.police_district_raw is not None
    assert f.police_district_raw in text
    assert f.police_district_evidence is not None
    assert f.police_district_evidence.paragraph == 1


def test_unknown_or_placeholder_police_district_is_raw_only() -> None:
    f = facts_of("Infohus netværk afholdes i Vestjyllands Politi.")
    assert f.police_district is None
    assert f.police_district_raw == "Vestjyllands Politi"
    f = facts_of("Møderne afholdes XXXX [POLITIKREDSENS NAVN].")
    assert f.police_district is None
    assert f.police_district_raw == "[POLITIKREDSENS NAVN]"


def test_region_name_alone_is_not_a_police_district() -> None:
    assert facts_of("Vi ligger i Region Nordjylland på Fyn.").police_district is None


def test_most_named_district_wins() -> None:
    f = facts_of("Fyns Politi.", "Østjyllands Politi er med.", "Østjyllands Politi igen.")
    assert f.police_district == "Østjyllands Politi"


# --- dates, year, adoption ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("den 24. juni 2024", date(2024, 6, 24)),
        ("24 juni 2024", date(2024, 6, 24)),
        ("1. sept. 2023", date(2023, 9, 1)),
        ("24.06.2024", date(2024, 6, 24)),
        ("24.6.2024", date(2024, 6, 24)),
        ("24/6-2024", date(2024, 6, 24)),
        ("24/06/2024", date(2024, 6, 24)),
        ("24-06-2024", date(2024, 6, 24)),
        ("2024-06-24", date(2024, 6, 24)),
        ("juni 2024", date(2024, 6, 1)),
        ("December 2025", date(2025, 12, 1)),
    ],
)
def test_danish_date_forms(text: str, expected: date) -> None:
    assert [d for d, _, _ in find_dates(f"Vedtaget {text}.")] == [expected]


def test_impossible_dates_are_not_dates() -> None:
    assert find_dates("31.02.2024 og 41 74 90 90 og kl. 08:00-22:00") == []


def test_plan_year_from_the_front_page_range() -> None:
    f = Plan(front=["Beredskabsplan 2024-2028", "Kolding Kommune"]).facts()
    assert f.plan_year == 2024
    assert f.plan_year_evidence is not None
    assert f.plan_year_evidence.paragraph == 0


def test_plan_year_from_the_footer() -> None:
    f = Plan(sections=[(None, "Indledning", ["Tekst."])], footers=["Beredskabsplan 2025 · side 1"])
    assert f.facts().plan_year == 2025


def test_plan_year_from_the_adoption_date_when_the_front_page_has_none() -> None:
    f = facts_of("Planen er vedtaget i Kommunalbestyrelsen den 12.03.2025.")
    assert f.plan_year == 2025
    assert f.adopted == date(2025, 3, 12)


@pytest.mark.parametrize(
    ("text", "body", "when"),
    [
        ("Planen er vedtaget af Kommunalbestyrelsen 24. juni 2024.", "council", date(2024, 6, 24)),
        ("Den 24. juni 2024 vedtog Byrådet planen.", "council", date(2024, 6, 24)),
        ("Beredskabsplanen blev godkendt i Byrådet 24.06.2024.", "council", date(2024, 6, 24)),
        ("Godkendt af Borgerrepræsentationen 24/6-2024.", "council", date(2024, 6, 24)),
        ("Vedtaget i Regionskommunens kommunalbestyrelse juni 2024.", "council", date(2024, 6, 1)),
        ("Godkendt af Børne- og Ungeudvalget den 3. juni 2024.", "committee", date(2024, 6, 3)),
        ("Planen er godkendt i SSP-styregruppen 1.2.2024.", "steering-group", date(2024, 2, 1)),
        ("Godkendt af direktionen den 5. maj 2024.", "administration", date(2024, 5, 5)),
    ],
)  # fmt: skip
def test_adoption_body_and_date(text: str, body: str, when: date) -> None:
    f = facts_of(text)
    assert f.adopted_by == body
    assert f.adopted == when
    assert f.adoption_evidence is not None
    assert f.adoption_evidence.paragraph == 1


def test_council_wins_over_an_earlier_committee_approval() -> None:
    f = facts_of(
        "Planen er godkendt i Børne- og Ungeudvalget den 3. juni 2024 og vedtaget i Byrådet "
        "den 24. juni 2024."
    )
    assert (f.adopted_by, f.adopted) == ("council", date(2024, 6, 24))


def test_adoption_in_a_table_with_the_date_in_the_next_row() -> None:
    table = Table(
        rows=(
            Row((Cell((Paragraph("Godkendt af", index=10),)), Cell((Paragraph("Byrådet"),)))),
            Row((Cell((Paragraph("Dato", index=12),)), Cell((Paragraph("28.05.2024"),)))),
        )
    )
    f = Plan(sections=[(None, "Om planen", [table])]).facts()
    assert (f.adopted_by, f.adopted) == ("council", date(2024, 5, 28))
    assert f.adoption_evidence is not None
    assert f.adoption_evidence.location == "table"
    assert f.adoption_evidence.paragraph == 10


def test_future_adoption_is_no_adoption() -> None:
    f = facts_of("Planen skal godkendes i Byrådet.", "Planen skal vedtages af byrådet i 2025.")
    assert f.adopted_by is None and f.adopted is None


# --- revision interval and next revision ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Planen revideres hvert andet år.", 2),
        ("Planen revideres hvert 2. år.", 2),
        ("Beredskabet revideres hvert tredje år.", 3),
        ("Planen revideres mindst hvert fjerde år.", 4),
        ("Planen revideres hvert 4. år.", 4),
        ("Planen revideres hver 4. år.", 4),
        ("Planen revideres hvert femte år.", 5),
        ("Planen revideres årligt.", 1),
        ("Planen opdateres hvert år.", 1),
        ("Planen revideres løbende efter behov, dog som minimum hvert fjerde år.", 4),
    ],
)
def test_revision_interval_phrasings(text: str, years: int) -> None:
    f = Plan(front=["Beredskabsplan 2024"], sections=[(None, "Ansvar", [text])]).facts()
    assert f.revision_interval_years == years
    assert f.interval_evidence is not None
    assert f.interval_evidence.text == text


def test_revision_by_a_year_counts_from_the_plan_year() -> None:
    f = Plan(
        front=["Beredskabsplan 2024"],
        sections=[(None, "Ansvar", ["Planen revideres senest i 2027."])],
    ).facts()
    assert f.revision_interval_years == 3
    assert f.next_revision_due == date(2027, 1, 1)


def test_revision_by_a_year_counts_from_the_adoption_year_without_a_plan_year() -> None:
    f = facts_of("Planen er vedtaget i Byrådet den 1. marts 2023.", "Den revideres senest i 2025.")
    assert f.revision_interval_years == 2
    assert f.next_revision_due == date(2025, 3, 1)


def test_interval_words_about_meetings_are_not_the_revision_interval() -> None:
    f = facts_of("Infohus netværk mødes hvert andet år.")
    assert f.revision_interval_years is None


def test_the_plans_own_interval_wins_over_the_law_it_quotes() -> None:
    f = Plan(
        front=["Beredskabsplan 2024"],
        sections=[
            (None, "Lov", ["Ifølge Barnets lov skal planen revideres mindst hvert fjerde år."]),
            ("intro.responsibility", "Ansvar", ["Vi reviderer planen hvert andet år."]),
        ],
    ).facts()  # fmt: skip
    assert f.revision_interval_years == 2


def test_next_revision_due_from_adoption_and_capped_at_four_years() -> None:
    f = facts_of("Vedtaget i Byrådet den 24. juni 2024.", "Planen revideres hvert femte år.")
    assert f.revision_interval_years == 5
    assert f.next_revision_due == date(2028, 6, 24)
    f = facts_of("Vedtaget i Byrådet den 29. februar 2024.", "Planen revideres hvert andet år.")
    assert f.next_revision_due == date(2026, 2, 28)


def test_next_revision_due_from_the_plan_year_and_the_law_without_an_interval() -> None:
    f = Plan(front=["Beredskabsplan 2025"]).facts()
    assert f.revision_interval_years is None
    assert f.next_revision_due == date(2029, 1, 1)
    assert Plan(front=["Beredskabsplan"]).facts().next_revision_due is None


# --- goals ------------------------------------------------------------------------------------


def test_goals_from_bullets_leave_template_guidance_out() -> None:
    f = Plan(
        sections=[
            (
                "intro.goals",
                "Mål",
                [
                    bullet("Opstil 3-5 konkrete mål for de næste to eller fire år (til "
                           "beredskabet skal revideres)."),
                    bullet("Alle skoler kender beredskabsplanen."),
                    bullet("Undervisning af 200 medarbejdere", level=1),
                    bullet("Bekymringer behandles inden for 14 dage."),
                    bullet("Alle skoler kender beredskabsplanen."),
                ],
            )
        ]
    ).facts()  # fmt: skip
    assert [g.value for g in f.goals] == [
        "Alle skoler kender beredskabsplanen.",
        "Bekymringer behandles inden for 14 dage.",
    ]
    assert all(g.evidence.paragraph is not None for g in f.goals)


def test_goals_from_labelled_paragraphs_ignore_their_sub_bullets() -> None:
    f = Plan(
        sections=[
            (
                "intro.goals",
                "Vores mål",
                [
                    "Vi har tre mål:",
                    "Mål 1: Tidlig opsporing i skolerne.",
                    bullet("Kurser for lærere"),
                    "Mål 2. Hurtig handling på bekymringer.",
                    "Mål 3 – Styrket samarbejde med politiet.",
                ],
            )
        ]
    ).facts()
    assert [g.value[:5] for g in f.goals] == ["Mål 1", "Mål 2", "Mål 3"]


def test_goals_from_table_rows_skip_the_header_row() -> None:
    def row(*texts: str) -> Row:
        return Row(tuple(Cell((Paragraph(t),)) for t in texts))

    table = Table(
        rows=(
            row("Nr.", "Mål", "Ansvarlig"),
            row("1", "Alle fagpersoner kender planen", "SSP"),
            row("2", "Bekymringer vurderes inden 14 dage", "Infohus"),
            row("3", "Netværket mødes fire gange om året", "Politiet"),
        )
    )
    f = Plan(sections=[("intro.goals", "Mål", [table])]).facts()
    assert [g.value for g in f.goals] == [
        "Alle fagpersoner kender planen",
        "Bekymringer vurderes inden 14 dage",
        "Netværket mødes fire gange om året",
    ]
    assert f.goals[0].evidence.location == "table"


def test_no_goals_without_a_goals_section() -> None:
    assert facts_of("Mål 1: noget").goals == ()


def test_typed_numbered_goals() -> None:
    f = Plan(sections=[("intro.goals", "Mål", ["1. Første mål.", "2) Andet mål.", "Tekst."])])
    assert [g.value for g in f.facts().goals] == ["1. Første mål.", "2) Andet mål."]


# --- phones and e-mails -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Hotline: 41 74 90 90.", ["41749090"]),
        ("Hotline: 4174 9090.", ["41749090"]),
        ("Hotline: 41749090.", ["41749090"]),
        ("Ring på +45 41749090 eller +45 41 74 90 90.", ["41749090"]),
        ("Ring 0045 96 15 55 00.", ["96155500"]),
        ("Kontakt politiet på telefon 114 eller 112 i akutte situationer.", ["114", "112"]),
        ("Vedtaget 24.06.2024 og 24 06 2024.", []),
        ("CVR 29189781, EAN-nr. 5798007912345, konto 12345678.", []),
        ("Sagsnr. 24.06.2024-12345678901.", []),
        ("Bilag 112 og § 114.", []),
        ("Telefonnummer 12345678 er ikke dansk.", []),
    ],
)
def test_phone_numbers(text: str, numbers: list[str]) -> None:
    f = facts_of(text)
    assert [p.value for p in f.phones] == numbers
    assert all(p.evidence.paragraph == 1 for p in f.phones)


def test_phone_in_the_footer_and_in_a_table() -> None:
    table = Table(
        rows=(Row((Cell((Paragraph("Telefon", index=7),)), Cell((Paragraph("96 15 55 00"),)))),)
    )
    f = Plan(sections=[(None, "Kontakt", [table])], footers=["Skive Kommune · tlf. 9615 5500"])
    found = f.facts().phones
    assert [(p.value, p.evidence.location) for p in found] == [
        ("96155500", "table"),
        ("96155500", "footer"),
    ]


def test_emails_from_text_and_mailto_links() -> None:
    f = facts_of(
        "Skriv til infohus@skive.dk eller SSP.Konsulent@Kolding.dk.",
        Paragraph("Send en mail", hyperlinks=("mailto:Beredskab%40aarhus.dk?subject=Bekymring",)),
        "e-mail: xx",
    )
    assert [e.value for e in f.emails] == [
        "infohus@skive.dk",
        "ssp.konsulent@kolding.dk",
        "beredskab@aarhus.dk",
    ]
    assert f.emails[2].evidence.text == "Send en mail"


# --- NSK ----------------------------------------------------------------------------------


def test_nsk_in_the_title_is_a_combined_plan() -> None:
    f = Plan(front=["Beredskab mod ekstremisme og negativ social kontrol", "Skive Kommune"])
    ev = f.facts().nsk
    assert ev is not None and ev.paragraph == 0


def test_nsk_as_a_chapter_or_stated_scope() -> None:
    f = Plan(sections=[(None, "Æresrelaterede konflikter og negativ social kontrol", ["x"])])
    assert f.facts().nsk is not None
    assert facts_of("Denne plan omfatter også negativ social kontrol.").nsk is not None
    assert facts_of("Beredskabet mod radikalisering og æresrelaterede konflikter.").nsk is not None


def test_a_passing_mention_of_nsk_is_not_enough() -> None:
    f = facts_of(
        "Bekymringer om negativ social kontrol håndteres i en anden plan.",
        "Beredskabet skal kunne skelne mellem ekstremisme og negativ social kontrol.",
        "Planen handler ikke om negativ social kontrol.",
    )
    assert f.nsk is None


def test_labels_for_bodies_and_intervals() -> None:
    from beredskab.facts import body_label, interval_label

    assert body_label("council") == "kommunalbestyrelsen (byrådet)"
    assert body_label("committee", "en") == "a committee"
    assert interval_label(4) == "hvert 4. år"
    assert interval_label(1, "en") == "every year"


def test_owner_in_the_header_beats_a_neighbour_named_often_in_the_text() -> None:
    neighbour = [f"Viborg Kommune deltager i møde {i}." for i in range(8)]
    f = Plan(sections=[(None, "Samarbejde", neighbour)], headers=["Skive Kommune"]).facts()
    assert f.municipality == "Skive Kommune"
    assert f.municipality_candidates == ("Skive Kommune",)


def test_owner_from_running_text_when_no_prominent_place_names_one() -> None:
    f = facts_of("Aarhus Kommune har vedtaget planen.", "Aarhus Kommune og Favrskov Kommune.")
    assert f.municipality == "Aarhus Kommune"
    assert f.municipality_evidence is not None and f.municipality_evidence.paragraph == 1
