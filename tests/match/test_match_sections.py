"""The section matcher on the renamed, merged, reordered and nested headings real plans
use (spec/rules.md, "Section keys"), with hand-built section trees."""

from __future__ import annotations

import itertools
import random
import time

import pytest
from match_helpers import TEMPLATE_OUTLINE, catalogue, tree

from beredskab.match import (
    LOW_CONFIDENCE,
    MIN_SCORE,
    Matching,
    _features,
    _hungarian,
    match_sections,
)
from beredskab.model import Cell, Paragraph, Row, Table

REQUIRED = (
    "intro.vision",
    "intro.goals",
    "intro.responsibility",
    "intro.definitions",
    "org.organisation",
    "org.infohus",
    "org.procedure",
    "efforts",
    "comms.dissemination",
    "comms.training",
    "comms.acute",
)


def headings(matching: Matching) -> dict[str, str | None]:
    return {
        key: (m.section.heading_text if m.section is not None else None)
        for key, m in matching.matches.items()
    }


def test_catalogue_has_the_19_keys_in_template_order() -> None:
    keys = [s.key for s in catalogue()]
    assert keys == [
        "intro",
        "intro.vision",
        "intro.goals",
        "intro.responsibility",
        "intro.definitions",
        "org",
        "org.organisation",
        "org.infohus",
        "org.infohus_municipality",
        "org.procedure",
        "org.network",
        "efforts",
        "efforts.citizen",
        "efforts.surroundings",
        "efforts.professionals",
        "comms",
        "comms.dissemination",
        "comms.training",
        "comms.acute",
    ]
    required = {s.key for s in catalogue() if s.requirement == "required"}
    recommended = {s.key for s in catalogue() if s.requirement == "recommended"}
    assert required == set(REQUIRED)
    assert recommended == {
        "org.infohus_municipality",
        "org.network",
        "efforts.citizen",
        "efforts.surroundings",
        "efforts.professionals",
    }
    for spec in catalogue():
        assert spec.parent is None or spec.parent in keys[: keys.index(spec.key)]


def test_template_headings_match_their_own_keys() -> None:
    m = match_sections(tree(*TEMPLATE_OUTLINE), catalogue())
    found = headings(m)
    assert found["intro.goals"] == "1.2 Mål"
    assert found["org.infohus_municipality"] == "Infohus [KOMMUNENS NAVN]"
    assert found["comms.acute"] == "4.3 Informationsstrategi i akutte situationer"
    assert all(match.found for match in m.matches.values())
    assert all(match.confidence == 1.0 for match in m.matches.values())
    assert m.matches["intro.goals"].method == "number+title"
    assert m.unmatched == ()


RENAMED = (
    (
        "1",
        "Indledning",
        ["Planen gælder alle borgere."],
        [
            ("1.1", "Formål og vision"),
            ("1.2", "Vores mål"),
            ("1.3", "Ansvarsfordeling"),
            ("1.4", "Hvad er ekstremisme og radikalisering?"),
        ],
    ),
    (
        "2",
        "Organisering af indsatsen",
        [],
        [
            (
                "2.1",
                "Infohus",
                [],
                [
                    (None, "Infohus Skive"),
                    (None, "Sådan håndterer vi en bekymring"),
                    (None, "Netværksmøder"),
                ],
            )
        ],
    ),
    (
        "3",
        "Kommunens indsatser",
        [],
        [
            ("3.1", "Indsatser rettet mod borgeren"),
            ("3.2", "Indsatser rettet mod familie og netværk"),
            ("3.3", "Indsatser rettet mod fagpersoner"),
        ],
    ),
    (
        "4",
        "Kommunikation",
        [],
        [
            ("4.1", "Information til fagpersoner"),
            ("4.2", "Kompetenceudvikling"),
            ("4.3", "Beredskab i akutte situationer"),
        ],
    ),
    ("5", "Bilag: Litteraturliste"),
)


def test_renamed_headings_match_by_meaning() -> None:
    m = match_sections(tree(*RENAMED), catalogue())
    found = headings(m)
    assert found == {
        "intro": "1 Indledning",
        "intro.vision": "1.1 Formål og vision",
        "intro.goals": "1.2 Vores mål",
        "intro.responsibility": "1.3 Ansvarsfordeling",
        "intro.definitions": "1.4 Hvad er ekstremisme og radikalisering?",
        "org": "2 Organisering af indsatsen",
        "org.organisation": "2 Organisering af indsatsen",
        "org.infohus": "2.1 Infohus",
        "org.infohus_municipality": "Infohus Skive",
        "org.procedure": "Sådan håndterer vi en bekymring",
        "org.network": "Netværksmøder",
        "efforts": "3 Kommunens indsatser",
        "efforts.citizen": "3.1 Indsatser rettet mod borgeren",
        "efforts.surroundings": "3.2 Indsatser rettet mod familie og netværk",
        "efforts.professionals": "3.3 Indsatser rettet mod fagpersoner",
        "comms": "4 Kommunikation",
        "comms.dissemination": "4.1 Information til fagpersoner",
        "comms.training": "4.2 Kompetenceudvikling",
        "comms.acute": "4.3 Beredskab i akutte situationer",
    }
    assert [s.heading_text for s in m.unmatched] == ["5 Bilag: Litteraturliste"]
    # the chapter heading is both the chapter and its organisation section
    assert m.matches["org"].method == m.matches["org.organisation"].method == "merged"
    for match in m.matches.values():
        assert 0.0 <= match.confidence <= 1.0
        if match.found:
            assert match.confidence >= MIN_SCORE


def test_merged_headings_satisfy_several_keys() -> None:
    outline = (
        ("1", "Formål, vision og mål", ["Vi vil …"]),
        ("2", "Ansvar og opfølgning"),
        ("3", "Definitioner og bekymringstegn"),
        ("4", "Organisering og samarbejde", ["Indsatsen er forankret i …"]),
        ("5", "Infohus-samarbejdet"),
        ("6", "Procedure ved bekymring"),
        ("7", "Indsatser"),
        ("8", "Kommunikation og opkvalificering"),
        ("9", "Pressehåndtering"),
    )
    m = match_sections(tree(*outline), catalogue())
    found = headings(m)
    assert found["intro.vision"] == found["intro.goals"] == "1 Formål, vision og mål"
    assert m.matches["intro.vision"].method == "merged"
    assert m.matches["intro.goals"].method == "merged"
    assert found["org.organisation"] == "4 Organisering og samarbejde"
    assert found["comms.training"] == "8 Kommunikation og opkvalificering"
    assert found["comms.acute"] == "9 Pressehåndtering"
    assert found["comms.dissemination"] is None
    assert found["org.procedure"] == "6 Procedure ved bekymring"
    assert m.unmatched == ()


def test_separate_sections_beat_a_merged_parent_heading() -> None:
    """The template's own "2. Organisering og samarbejde" names organisation too, but its
    sub-section "2.1 Organisering" is the better match: no merge then."""
    m = match_sections(tree(*TEMPLATE_OUTLINE), catalogue())
    assert m.matches["org"].method != "merged"
    assert m.matches["org.organisation"].section is not m.matches["org"].section


def test_reordered_and_renumbered_plan() -> None:
    outline = (
        (
            "1",
            "Kommunikation og opkvalificering",
            [],
            [
                ("1.1", "Formidling"),
                ("1.2", "Opkvalificering"),
                ("1.3", "Akutte situationer"),
            ],
        ),
        ("2", "Mål"),
        (
            "3",
            "Introduktion",
            [],
            [
                ("3.1", "Vision"),
                ("3.2", "Definitioner"),
                ("3.3", "Ansvar og opfølgning"),
            ],
        ),
        (
            "4",
            "Indsatser",
            [],
            [
                ("4.1", "Indsatser rettet mod fagprofessionelle"),
                ("4.2", "Indsatser rettet mod borger"),
            ],
        ),
        ("5", "Infohus netværk"),
        ("6", "Infohus-samarbejdet"),
        ("7", "Organisering"),
    )
    m = match_sections(tree(*outline), catalogue())
    found = headings(m)
    # "1.1 Formidling" carries the template's number of intro.vision: the title wins.
    assert found["comms.dissemination"] == "1.1 Formidling"
    assert found["comms.training"] == "1.2 Opkvalificering"
    assert found["comms.acute"] == "1.3 Akutte situationer"
    assert found["intro.goals"] == "2 Mål"
    assert found["intro.vision"] == "3.1 Vision"
    assert found["intro.definitions"] == "3.2 Definitioner"
    assert found["efforts.professionals"] == "4.1 Indsatser rettet mod fagprofessionelle"
    assert found["efforts.citizen"] == "4.2 Indsatser rettet mod borger"
    assert found["org.network"] == "5 Infohus netværk"
    assert found["org.infohus"] == "6 Infohus-samarbejdet"
    assert found["org.organisation"] == "7 Organisering"


def test_section_number_breaks_a_tie_between_equal_headings() -> None:
    outline = (
        ("1", "Introduktion", [], [("1.1", "Formål"), ("1.2", "Mål")]),
        ("5", "Forebyggelse i skolerne", [], [("5.2", "Mål")]),
    )
    m = match_sections(tree(*outline), catalogue())
    assert headings(m)["intro.goals"] == "1.2 Mål"
    assert [s.heading_text for s in m.unmatched] == ["5 Forebyggelse i skolerne", "5.2 Mål"]


def test_parent_structure_supports_child_keys() -> None:
    """ "Netværk" under an infohus chapter is the infohus network; the parent prior lifts
    it over the same heading elsewhere."""
    outline = (
        ("1", "Forebyggelse i skolen", [], [("1.1", "Netværk")]),
        ("2", "Infohus", [], [("2.1", "Netværk")]),
    )
    m = match_sections(tree(*outline), catalogue())
    assert headings(m)["org.network"] == "2.1 Netværk"


def test_spelling_and_compound_variants_match_fuzzily() -> None:
    outline = (("1", "Infohussamarbejde"), ("2", "Opkvalifisering"))
    m = match_sections(tree(*outline), catalogue())
    assert headings(m)["org.infohus"] == "1 Infohussamarbejde"
    assert headings(m)["comms.training"] == "2 Opkvalifisering"
    assert m.matches["comms.training"].method == "fuzzy"


def test_keywords_alone_give_a_low_confidence_match() -> None:
    outline = (("1", "Presse og medier i en krise"),)
    m = match_sections(tree(*outline), catalogue())
    acute = m.matches["comms.acute"]
    assert acute.found and acute.method == "keywords"
    assert acute.confidence < LOW_CONFIDENCE + 0.2


def test_a_keyword_lost_in_a_long_heading_is_not_enough() -> None:
    outline = (("1", "Pandemi, broer og evaluering af øvelser"), ("2", "Pressen og sociale medier"))
    m = match_sections(tree(*outline), catalogue())
    assert not m.matches["intro.responsibility"].found
    assert not m.matches["comms.acute"].found


def test_unrelated_headings_match_nothing() -> None:
    outline = (("1", "Forord fra borgmesteren"), ("2", "Bilag 1"), ("3", "Litteratur"))
    m = match_sections(tree(*outline), catalogue())
    found = {k for k, v in m.matches.items() if v.found}
    assert found <= {"intro"}
    assert "Bilag 1" in [s.title for s in m.unmatched]


def test_front_matter_is_never_a_section() -> None:
    m = match_sections(tree(("1", "Mål"), front=["Mål", "Beredskabsplan 2024"]), catalogue())
    assert all(s.level > 0 for s in m.unmatched)
    assert headings(m)["intro.goals"] == "1 Mål"


def test_missing_sub_section_is_found_as_a_bold_line_or_table_row_in_its_parent() -> None:
    body = [
        Paragraph("Kommunen har disse indsatser."),
        Paragraph("Indsatser rettet mod borgeren", bold=True, index=90),
        Paragraph("Mentorforløb. Ansvarlig: SSP.", index=91),
        Paragraph("Exit-samtaler.", index=92),
        Paragraph("Indsatser rettet mod borgers omgivelser:", bold=True, index=93),
        Paragraph("Forældrecoaching.", index=94),
        Table(
            rows=(
                Row(cells=(Cell((Paragraph("Indsats"),)), Cell((Paragraph("Ansvarlig"),)))),
                Row(
                    cells=(
                        Cell((Paragraph("Indsatser rettet mod fagprofessionelle", index=95),)),
                        Cell((Paragraph("Kurser for lærere. SSP-konsulenten", index=96),)),
                    )
                ),
            ),
            index=95,
        ),
    ]
    m = match_sections(tree(("3", "Indsatser", body)), catalogue())
    citizen = m.matches["efforts.citizen"]
    assert citizen.method == "content"
    assert citizen.section is not None
    assert citizen.section.title == "Indsatser rettet mod borgeren"
    assert [p.text for p in citizen.section.own_paragraphs()] == [
        "Mentorforløb. Ansvarlig: SSP.",
        "Exit-samtaler.",
    ]
    assert citizen.section.first_paragraph == 90
    assert 0 < citizen.confidence < 1
    surroundings = m.matches["efforts.surroundings"]
    assert surroundings.method == "content"
    assert surroundings.section is not None
    assert "Forældrecoaching." in [p.text for p in surroundings.section.own_paragraphs()]
    professionals = m.matches["efforts.professionals"]
    assert professionals.method == "content"
    assert professionals.section is not None
    assert professionals.section.first_paragraph == 95
    assert "Kurser for lærere" in " ".join(p.text for p in professionals.section.all_paragraphs())
    # a bold line that names nothing in the catalogue is not a section
    m2 = match_sections(
        tree(("3", "Indsatser", [Paragraph("Andre tiltag", bold=True)])), catalogue()
    )
    assert not m2.matches["efforts.citizen"].found


def test_matching_paragraphs_of_a_key() -> None:
    outline = (("1", "Mål", ["Mål 1: Alle skoler kender planen."], [("1.1", "Delmål", ["x"])]),)
    m = match_sections(tree(*outline), catalogue())
    assert [p.text for p in m.paragraphs("intro.goals")] == [
        "Mål 1: Alle skoler kender planen.",
        "1.1 Delmål",
        "x",
    ]
    assert list(m.paragraphs("comms.acute")) == []


def test_empty_plan_finds_nothing() -> None:
    m = match_sections(tree(), catalogue())
    assert set(m.matches) == {s.key for s in catalogue()}
    assert not any(v.found for v in m.matches.values())
    assert m.unmatched == ()


def _brute_force(score: list[list[float]]) -> float:
    n, m = len(score), len(score[0])
    return max(
        sum(score[i][cols[i]] for i in range(n)) for cols in itertools.permutations(range(m), n)
    )


def test_assignment_is_global_not_greedy() -> None:
    # Greedy row by row takes column 0 for row 0 (0.9) and leaves row 1 with 0.1.
    score = [[0.9, 0.8], [0.85, 0.1]]
    assert _hungarian(score) == [1, 0]


@pytest.mark.parametrize("seed", range(25))
def test_assignment_is_optimal(seed: int) -> None:
    rnd = random.Random(seed)
    n = rnd.randint(1, 5)
    m = rnd.randint(n, 7)
    score = [[round(rnd.random(), 2) for _ in range(m)] for _ in range(n)]
    cols = _hungarian(score)
    assert len(set(cols)) == n
    assert sum(score[i][c] for i, c in enumerate(cols)) == pytest.approx(_brute_force(score))


def _hungarian_every_column(score: list[list[float]]) -> list[int]:
    """The textbook Kuhn–Munkres scan over every column (used ones skipped by a flag)."""
    n, m = len(score), len(score[0])
    inf = float("inf")
    u, v, owner, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -score[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            owner[j0], j0 = owner[way[j0]], way[j0]
    result = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result


def test_assignment_equals_the_scan_of_every_column() -> None:
    """The same assignment, ties included (sparse matrices with repeated scores, as the
    matcher's), as scanning every column."""
    rnd = random.Random(8)
    values = [0.0, 0.0, 0.0, 0.5, 0.55, 0.6, 1.0]
    for _ in range(2000):
        n = rnd.randint(1, 8)
        m = rnd.randint(n, 14)
        score = [[rnd.choice([*values, rnd.random()]) for _ in range(m)] for _ in range(n)]
        assert _hungarian(score) == _hungarian_every_column(score), score


def test_matching_a_large_plan_is_fast() -> None:
    rnd = random.Random(7)
    vocab = [
        "forebyggelse", "samarbejde", "borgere", "skole", "uddannelse", "familie", "kontakt",
        "rådgivning", "vurdering", "politi", "tilbud", "socialforvaltning", "jobcenter",
        "psykiatri", "dialog", "handleplan",
    ]  # fmt: skip

    def chapter(i: int) -> tuple[object, ...]:
        kids = [(f"{i}.{j}", " ".join(rnd.sample(vocab, 3)).capitalize()) for j in range(1, 7)]
        return (str(i), " ".join(rnd.sample(vocab, 2)).capitalize(), [], kids)

    outline = (*TEMPLATE_OUTLINE, *(chapter(i) for i in range(5, 35)))
    plan = tree(*outline)
    assert sum(1 for _ in plan.walk()) > 200
    match_sections(plan, catalogue())
    best = float("inf")
    for _ in range(3):
        _features.cache_clear()
        start = time.perf_counter()
        m = match_sections(plan, catalogue())
        best = min(best, time.perf_counter() - start)
    assert headings(m)["intro.goals"] == "1.2 Mål"
    assert best < 0.05, f"matching took {best * 1000:.1f} ms"


def test_method_labels_and_uncertainty_note() -> None:
    from beredskab.match import SectionMatch, method_label, uncertainty_note

    assert method_label("merged") == "en overskrift, der dækker flere af skabelonens afsnit"
    assert method_label("synonym", "en") == "a heading plans often use for the section"
    plan = tree(("1", "Presse og medier i en krise"))
    section = plan.sections[0]
    weak = SectionMatch("comms.acute", section, LOW_CONFIDENCE - 0.05, "keywords")
    note = uncertainty_note(weak, "Informationsstrategi i akutte situationer")
    assert note is not None and "1 Presse og medier i en krise" in note
    assert uncertainty_note(SectionMatch("comms.acute", section, 0.9, "synonym"), "x") is None
    assert uncertainty_note(SectionMatch("comms.acute", None, 0.0, "none"), "x") is None


def test_a_single_introduction_section_is_also_the_vision() -> None:
    outline = (("1", "Indledning", ["Vores vision er …"]), ("2", "Mål"), ("3", "Ansvar"))
    m = match_sections(tree(*outline), catalogue())
    assert headings(m)["intro"] == headings(m)["intro.vision"] == "1 Indledning"
    # with its own sub-sections the introduction is the chapter only
    outline2 = (("1", "Indledning", [], [("1.1", "Formål"), ("1.2", "Mål")]),)
    m2 = match_sections(tree(*outline2), catalogue())
    assert headings(m2)["intro"] == "1 Indledning"
    assert headings(m2)["intro.vision"] == "1.1 Formål"
