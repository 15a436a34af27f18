"""The fact extractor's fast paths find exactly what scanning every unit on its own
finds: phone numbers from the joined units, capitalised words, police districts."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import partial

import pytest

from beredskab import facts as F
from beredskab import reference as R
from beredskab.text import CaseTexts

_OLD_CAPITALISED = re.compile(r"(?<![0-9A-Za-zÆØÅæøåÄÖÜäöüÉé-])[A-ZÆØÅ][0-9A-Za-zÆØÅæøåÄÖÜäöüÉé]*")


def _phones_one_by_one(units: list[F._Unit]) -> tuple[F.Found, ...]:
    """The extractor's phone search done unit by unit, every digit run judged."""
    out: list[F.Found] = []
    for unit in units:
        seen: set[str] = set()
        for m in F._DIGIT_RUN.finditer(unit.text):
            number = F._phone_at(unit.text, m.start(), m.end(), m.group(0))
            if number is not None and number not in seen:
                seen.add(number)
                out.append(F.Found(number, F._evidence(unit, m.start(), m.end())))
    return tuple(out)


def test_phones_from_joined_units_equal_unit_by_unit() -> None:
    rnd = random.Random(2)
    pieces = [
        "41 74 90 90", "+45 33 12 34 56", "0045 2345 6789", "12345678", "1 2 3 4 5 6 7 8 9",
        "112", "114", "ring 112", "politi 114", "§ 114", "24 06 2024", "CVR 12345678",
        " ", "-", "+", "tlf. ", "2024", "x", "\u00a0", "+45-", "1", "9",
    ]  # fmt: skip
    found: list[str] = []
    for _ in range(400):
        units = [
            F._Unit("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8))), i, "body")
            for i in range(rnd.randint(1, 6))
        ]
        index = CaseTexts([u.text for u in units])
        phones = F._phones(units, index)
        assert phones == _phones_one_by_one(units), [u.text for u in units]
        found += [f.value for f in phones]
    assert {"41749090", "33123456", "112", "114"} <= set(found)


def test_capitalised_words_as_before() -> None:
    rnd = random.Random(3)
    alphabet = list("aÆbc-Ø ÉSkive9 .éQ")
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 15)))
        new = [m.span() for m in R._CAPITALISED.finditer(text)]
        assert new == [m.span() for m in _OLD_CAPITALISED.finditer(text)], text


def test_police_districts_of_many_texts_equal_one_by_one() -> None:
    texts = [
        "Midt- og Vestjyllands Politi er med i infohuset.",
        "Københavns Vestegns Politi og Københavns Politi",
        "Ingen politikreds her",
        "Politikreds Syd- og Sønderjylland",
        "",
        "MIDT- OG VESTSJÆLLANDS POLITI",
    ]
    expected = [R.find_police_district_mentions(t) for t in texts]
    assert R.police_district_mentions_in(CaseTexts(texts)) == expected
    assert any(expected)


def _vocabulary(texts: list[str]) -> str:
    """The checks' vocabulary of ``texts`` (``checks.base._words``): the words of every
    text's ``norm``, and "o"."""
    from beredskab.checks.base import _WORD, norm_many

    return "\n".join({w for n in norm_many(texts) for w in _WORD.findall(n)} | {"o"})


def test_case_texts_with_the_plan_vocabulary_find_the_same_texts() -> None:
    """Units (texts and table rows joined from them) searched with the plan's vocabulary
    for absent literals give the same texts as searching each: exact and lower case, for
    literals of every case, with soft hyphens, bullets and capitals in the texts."""
    rnd = random.Random(21)
    pieces = [
        "Politi", "politi", "KOMMUNE", "kom\u00admune", "o ", "• ", "Midt", "-", " ", ".",
        "ø", "Å", "ab", "114", "İ", "ſ", "Σ", "é", "x", "\u00a0", "revid",
    ]  # fmt: skip
    literals = [
        "politi", "Politi", "kommune", "KOMMUNE", "o 1", "o", "midt", "114", "å", "revid",
        "ab x", "i", "s", "zz", "ba", "ø.", "İ", "- ",
    ]  # fmt: skip
    for _ in range(40):
        texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(500)]
        texts = [t for t in texts if t]
        units = [*texts, *(" | ".join(rnd.sample(texts, 3)) for _ in range(400))]
        fast = CaseTexts(units, tokens=partial(_vocabulary, texts))
        plain = CaseTexts(units)
        assert len(fast.exact.text) >= 20000
        for literal in literals:
            assert fast.exact.with_literal(literal) == plain.exact.with_literal(literal), literal
            assert fast.lower.with_literal(literal) == plain.lower.with_literal(literal), literal
            assert fast.with_any((literal,)) == plain.with_any((literal,))


def test_document_vocabulary_only_for_text_in_nfc() -> None:
    """Text not in NFC (a decomposed "é") gets no vocabulary: normalising changes words."""
    from beredskab.checks.base import document_vocabulary
    from beredskab.model import Document, Paragraph

    composed = Document(body=(Paragraph("Café og politi"), Paragraph("Kommune")))
    decomposed = Document(body=(Paragraph("Cafe\u0301 og politi"), Paragraph("Kommune")))
    words = document_vocabulary(composed, {})
    assert words is not None and {"café", "og", "politi", "kommune", "o"} <= set(
        words().split("\n")
    )
    assert document_vocabulary(decomposed, {}) is None


def test_facts_with_the_plan_vocabulary_equal_without() -> None:
    """The pipeline's facts (absent literals found from the plan's words) equal the facts
    found by searching every unit, on the benchmark plans."""
    from beredskab.checks.base import document_vocabulary
    from beredskab.match import match_sections
    from beredskab.reader import read_document
    from beredskab.rulepack import load_pack
    from beredskab.tree import build_tree
    from shared_data import shared_path

    bench = shared_path("corpus", "bench")
    sections = load_pack().sections
    for name in ("large-plan.docx", "small-plan.docx"):
        document = read_document(bench / name)
        tree = build_tree(document)
        matching = match_sections(tree, sections)
        words = document_vocabulary(document, {})
        assert words is not None
        fast = F.extract_facts(document, tree, matching, vocabulary=words)
        assert fast == F.extract_facts(document, tree, matching), name


def test_police_districts_of_many_random_texts_equal_one_by_one() -> None:
    """Districts whose own cues are in none of the texts are skipped: the same mentions."""
    rnd = random.Random(22)
    pieces = [
        "Midt- og Vestjyllands Politi", "Københavns Vestegns Politi", "Københavns Politi",
        "Nordjyllands Politi", "Fyns Politi", "politikreds", "Midt", "Vestegn", " og ",
        "Sydsjællands og Lolland-Falsters Politi", "Østjyllands", "politi", ". ", "x",
    ]  # fmt: skip
    for _ in range(200):
        texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 4))) for _ in range(8)]
        expected = [R.find_police_district_mentions(t) for t in texts]
        assert R.police_district_mentions_in(CaseTexts(texts)) == expected, texts


def test_police_districts_with_the_plan_vocabulary_equal_one_by_one() -> None:
    """Districts whose cues are missing from the plan's words are dropped before the
    texts are searched: the same mentions as reading each text."""
    rnd = random.Random(24)
    pieces = [
        "Midt- og Vestjyllands Politi", "Københavns Vestegns Politi", "Fyns Politi",
        "Sydsjællands og Lolland-Falsters Politi", "politikreds", "Midt", " og ", "x",
        "Nordjyllands", "politi", ". ", "tekst " * 5, "İ",
    ]  # fmt: skip
    for _ in range(20):
        texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 3))) for _ in range(2000)]
        texts = [t for t in texts if t]
        fast = CaseTexts(texts, tokens=partial(_vocabulary, texts))
        assert fast.lower.knows_absent
        expected = [R.find_police_district_mentions(t) for t in texts]
        assert R.police_district_mentions_in(fast) == expected
        assert any(expected)


def test_long_run_units_hold_every_long_run() -> None:
    """The byte scan for long digit runs finds every text holding one (and Latin-1 text
    only)."""
    rnd = random.Random(25)
    pieces = ["1", "2 ", "+", "+45-", "-", " ", "x", "\u00a0", "+ 4", "12345678", "ø", "\x00"]
    for _ in range(2000):
        texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(5)]
        index = CaseTexts(texts)
        located = F._long_run_units(index)
        assert located is not None
        assert [i for i, _ in located] == sorted({i for i, _ in located})
        earliest = dict(located)
        for i, text in enumerate(texts):
            runs = [m.span() for m in F._LONG_RUN.finditer(text)]
            if runs:
                assert i in earliest, text
                assert [m.span() for m in F._LONG_RUN.finditer(text, earliest[i])] == runs
    assert F._long_run_units(CaseTexts(["12345678", "İ 87654321"])) is None


def test_municipality_with_the_plan_vocabulary_equals_without() -> None:
    """Units holding none of the names' first words present in the plan are skipped:
    the same owner, evidence and candidates as reading every unit."""
    rnd = random.Random(23)
    pieces = [
        "Skive Kommune", "Aabenraa Kommune", "Høje-Taastrup Kommune", "Lyngby-Taarbæk",
        "Nørreå Kommune", "Skive", "kommune", "Infohus Skive", "Vejen", "vejen", " ",
        "Bornholms Regionskommune", "Københavns Politi", "Kommunen", ". ", "tekst " * 5,
    ]  # fmt: skip
    for _ in range(20):
        texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6))) for _ in range(900)]
        units = [F._Unit(t, i, "body", (), i < 3) for i, t in enumerate(texts)]
        fast = CaseTexts(texts, tokens=partial(_vocabulary, texts))
        plain = CaseTexts(texts)
        assert fast.lower.knows_absent and not plain.lower.knows_absent
        police = R.police_district_mentions_in(plain)
        found = F._municipality(units, police, plain)
        assert found[2]  # some municipality named
        assert F._municipality(units, police, fast) == found


def test_unit_factory_equals_the_constructor() -> None:
    assert F._new_unit is not F._Unit  # the quicker constructor is in use
    made = F._new_unit("Tekst", 3, "table", ("mailto:a@b.dk",), False)
    assert made == F._Unit("Tekst", 3, "table", ("mailto:a@b.dk",))
    assert type(made) is F._Unit and not made.prominent
    assert hash(made) == hash(F._Unit("Tekst", 3, "table", ("mailto:a@b.dk",)))


def _random_blocks(
    rnd: random.Random,
    paragraph: Callable[[], F.Paragraph],
    *,
    max_depth: int,
    single: float = 0.0,
) -> tuple[F.Block, ...]:
    """Random nested blocks: paragraphs, and tables whose cells hold blocks again, down to
    ``max_depth``; with probability ``single`` a cell is one paragraph (the usual cell)."""
    from beredskab.model import Cell, Row, Table

    def blocks(depth: int) -> tuple[F.Block, ...]:
        out: list[F.Block] = []
        for _ in range(rnd.randint(0, 3)):
            if depth < max_depth and rnd.random() < 0.4:
                rows = tuple(
                    Row(tuple(Cell(blocks(depth + 1)) for _ in range(rnd.randint(0, 3))))
                    for _ in range(rnd.randint(0, 3))
                )
                out.append(Table(rows))
            else:
                out.append(paragraph())
        if depth and single and rnd.random() < single:
            return (paragraph(),)
        return tuple(out)

    return blocks(0)


def test_paragraph_list_equals_iter_paragraphs() -> None:
    """Collecting paragraphs into a list walks blocks as ``iter_paragraphs`` does: nested
    tables, cells of one, several or no paragraphs; and on the benchmark plans, the body
    and every section's own blocks."""
    from beredskab.model import Paragraph, iter_paragraphs

    rnd = random.Random(26)

    for _ in range(500):
        body = _random_blocks(rnd, lambda: Paragraph(f"p{rnd.randint(0, 99)}"), max_depth=3)
        assert list(map(id, F.paragraph_list(body))) == list(map(id, iter_paragraphs(body)))

    from beredskab.reader import read_document
    from beredskab.tree import build_tree
    from shared_data import shared_path

    for name in ("large-plan.docx", "small-plan.docx"):
        document = read_document(shared_path("corpus", "bench") / name)
        assert list(map(id, F.paragraph_list(document.body))) == list(
            map(id, document.paragraphs())
        )
        for section in build_tree(document).walk():
            assert list(map(id, F.paragraph_list(section.blocks))) == list(
                map(id, section.own_paragraphs())
            )


def test_email_matches_equal_finditer() -> None:
    """Addresses found from shortly before each "@" are the plain scan's matches."""
    rnd = random.Random(27)
    pieces = [
        "a", "b.c", "@", "@x.dk", "info", "%", "+", "-", " ", "\t", ".", "dk", "kommune.dk",
        "_", "æ", "mailto:", "@@", ".dk ", "x@y.com", "\u00a0",
    ]  # fmt: skip
    found = 0
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        expected = [(m.span(), m.group(0)) for m in F._EMAIL.finditer(text)]
        assert [(m.span(), m.group(0)) for m in F._email_matches(text)] == expected, text
        found += len(expected)
    assert found > 1000


def test_intervals_of_many_revision_units_equal_unit_by_unit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``_cued`` (interval cues and years searched in all texts at once) keeps the same
    units as testing each revision unit: random texts with cues, years, upper case and
    digits beside the separator; and the benchmark plans."""
    from beredskab.reader import read_document
    from beredskab.tree import build_tree
    from shared_data import shared_path

    rnd = random.Random(41)
    pieces = [
        "Planen revideres", "REVIDERES", "hvert 2. år", "Hvert andet år", "årlig", "ÅRLIGT",
        "om året", "Om Året", "senest i 2027", "2026", "20", "27", "2019", "evalueres",
        "opdateres", "gennemgås", " ", ".", "x", "lov", "§ 15", "hver",
    ]  # fmt: skip
    cases: list[list[F._Unit]] = []
    for _ in range(300):
        cases.append(
            [
                F._Unit(" ".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 7))), i, "body")
                for i in range(rnd.randint(1, 40))
            ]
        )
    for name in ("large-plan.docx", "small-plan.docx"):
        document = read_document(shared_path("corpus", "bench") / name)
        cases.append(F._units(document, build_tree(document)))
    found = 0
    for units in cases:
        texts = [u.text for u in units]
        monkeypatch.setattr(F, "_FEW_REVISION_UNITS", 0)
        narrowed = F._intervals(units, {0, 3}, CaseTexts(texts))
        monkeypatch.setattr(F, "_FEW_REVISION_UNITS", 10**9)
        assert narrowed == F._intervals(units, {0, 3}, CaseTexts(texts)), texts
        found += len(narrowed)
    assert found > 300  # intervals and years are found


def _body_units_plainly(blocks: tuple[F.Block, ...]) -> list[F._Unit]:
    """The body's units by the model's own accessors (``Cell.text``, ``iter_paragraphs``)."""
    from beredskab.model import Paragraph, iter_paragraphs

    units: list[F._Unit] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text or block.hyperlinks:
                units.append(F._Unit(block.text, block.index, block.location, block.hyperlinks))
            continue
        for row in block.rows:
            texts = [cell.text for cell in row.cells if cell.text]
            links = [
                link
                for cell in row.cells
                for p in iter_paragraphs(cell.blocks)
                for link in p.hyperlinks
            ]
            if texts or links:
                units.append(F._Unit(" | ".join(texts), F._row_index(row), "table", tuple(links)))
    return units


def test_body_units_equal_the_plain_walk() -> None:
    """Units of rows read cell by cell (one-paragraph cells without lists) equal those
    read by the model's accessors: random tables of empty, one-paragraph, several-
    paragraph and nested cells, with and without indexes and links; the benchmark plans."""
    from beredskab.model import Paragraph
    from beredskab.reader import read_document
    from shared_data import shared_path

    rnd = random.Random(43)

    def paragraph() -> Paragraph:
        return Paragraph(
            rnd.choice(["", "a", "b c", "Godkendt af"]),
            index=rnd.choice([None, rnd.randint(0, 99)]),
            location="table",
            hyperlinks=rnd.choice([(), ("https://x.dk",), ("mailto:a@b.dk", "https://y.dk")]),
        )

    made = 0
    for _ in range(3000):
        body = _random_blocks(rnd, paragraph, max_depth=2, single=0.5)
        units = F._body_units(body)
        assert units == _body_units_plainly(body)
        made += len(units)
    assert made > 3000
    for name in ("large-plan.docx", "small-plan.docx"):
        document = read_document(shared_path("corpus", "bench") / name)
        assert F._body_units(document.body) == _body_units_plainly(document.body)


def _units_plainly(document: F.Document, tree: F.SectionTree) -> list[F._Unit]:
    """``_units``' body part as first written (``replace`` per prominent unit)."""
    from dataclasses import replace

    front = {p.index for p in tree.front_matter.all_paragraphs() if p.index is not None}
    units = _body_units_plainly(document.body)
    if front:
        marked = 0
        for i, unit in enumerate(units):
            if unit.paragraph in front and marked < F._FRONT_UNITS:
                units[i] = replace(unit, prominent=True)
                marked += 1
    else:
        units[:1] = [replace(unit, prominent=True) for unit in units[:1]]
    return units


@pytest.mark.parametrize("front_units", [0, 1, 3, 40])
def test_prominent_units_as_first_written(
    front_units: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from beredskab.reader import read_document
    from beredskab.tree import build_tree
    from shared_data import shared_path

    monkeypatch.setattr(F, "_FRONT_UNITS", front_units)
    for name in ("large-plan.docx", "small-plan.docx"):
        document = read_document(shared_path("corpus", "bench") / name)
        tree = build_tree(document)
        expected = _units_plainly(document, tree)
        got = F._units(document, tree)[: len(expected)]
        assert got == expected, name
        assert sum(u.prominent for u in got) == min(front_units, sum(u.prominent for u in got))
    unit = F._Unit("Tekst", 3, "table", ("mailto:a@b.dk",))
    assert F._prominent(unit) == F._Unit("Tekst", 3, "table", ("mailto:a@b.dk",), True)


def _nsk_title_plainly(sections: list[object]) -> F.Evidence | None:
    """``_nsk``'s heading step as first written: every heading's title searched."""
    for section in sections:
        if section.heading is not None and F._NSK.search(section.title):  # type: ignore[attr-defined]
            return F.Evidence(section.heading_text, section.first_paragraph, "body")  # type: ignore[attr-defined]
    return None


def test_nsk_in_headings_equals_searching_every_title() -> None:
    """Only the titles holding one of the pattern's literals are searched: the same
    first heading as searching every title, also with characters IGNORECASE matches
    beyond ``lower`` ("ſ" for "s", the Kelvin sign for "k")."""
    from types import SimpleNamespace

    rnd = random.Random(67)
    pieces = [
        "Negativ social kontrol", "negative  sociale\nkontrol", "NSK", "nsk-sager", "unsk",
        "Æresrelaterede konflikter", "ÆRESRELATERET", "kontrol", "social", "nſk", "NS\u212a",
        "Formål", "Bilag", " ", "og",
    ]  # fmt: skip
    found = 0
    for _ in range(3000):
        sections = [
            SimpleNamespace(
                heading=None if rnd.random() < 0.2 else object(),
                title=" ".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 3))),
                heading_text=f"h{i}",
                first_paragraph=i,
            )
            for i in range(rnd.randint(0, 6))
        ]
        tree = SimpleNamespace(walk=lambda sections=sections: iter(sections))
        got = F._nsk([], tree, CaseTexts([]))  # type: ignore[arg-type]
        assert got == _nsk_title_plainly(sections)
        found += got is not None
    assert found > 1000


def test_found_and_evidence_constructors_equal_the_dataclasses() -> None:
    assert F._new_found is not F.Found and F._new_evidence is not F.Evidence
    ev = F._new_evidence("Ring 41 74 90 90", 7, "table")
    assert type(ev) is F.Evidence and ev == F.Evidence("Ring 41 74 90 90", 7, "table")
    found = F._new_found("41749090", ev)
    assert type(found) is F.Found and found == F.Found(
        "41749090", F.Evidence("Ring 41 74 90 90", 7, "table")
    )
    assert hash(found) == hash(F.Found("41749090", ev))
