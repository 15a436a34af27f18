"""The fact extractor's fast paths find exactly what scanning every unit on its own
finds: phone numbers from the joined units, capitalised words, police districts."""

from __future__ import annotations

import random
import re

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
