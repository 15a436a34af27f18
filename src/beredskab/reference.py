"""Reference data shipped with the package: Denmark's 98 municipalities and 12 police
districts, and the ways plans write their names.

``data/kommuner.csv`` (kommunekode, short name, police district, region) was verified
against public sources before it was copied in: 98 rows; per region Hovedstaden 29,
Midtjylland 19, Nordjylland 11, Sjælland 17, Syddanmark 22; 12 districts. The rows the
source table flagged as less directly verified were checked: Sorø and Slagelse belong to
Sydsjællands og Lolland-Falsters Politi (the district's local stations include Slagelse
and Sorø; its council has seven mayors: Faxe, Guldborgsund, Lolland, Næstved, Slagelse,
Sorø, Vordingborg), Stevns and Lejre to Midt- og Vestsjællands Politi (Stevns is policed
from Køge). ``data/politikredse.yaml`` holds the 12 official district names with the
variants plans use.

Lookups are lenient in the ways plans differ: case, hyphen or space ("Høje Taastrup"),
æ/ø/å or ae/oe/aa ("Åbenrå"/"Aabenraa"), genitive forms ("Nordfyns", "Københavns") and the
words "Kommune", "Regionskommune", "Politi", "Politikreds".
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from beredskab.cache import regex
from beredskab.text import CaseTexts, fold

# Municipalities whose official name is not "<short name> Kommune".
_OFFICIAL = {"København": "Københavns Kommune", "Bornholm": "Bornholms Regionskommune"}
# Extra name forms plans use for a municipality (beside case/æøå/hyphen variants).
_EXTRA = {
    "Nordfyns": ("Nordfyn",),
    "Vesthimmerlands": ("Vesthimmerland",),
    "København": ("Københavns",),
    "Bornholm": ("Bornholms",),
}
_POLICE_WORDS = frozenset({"politi", "politiet", "politikreds", "politikredsen", "politikredse"})
_LETTER = r"0-9A-Za-zÆØÅæøåÄÖÜäöüÉé"


@dataclass(frozen=True, slots=True)
class Municipality:
    """One of Denmark's 98 municipalities, with its police district and region."""

    code: str
    """Kommunekode, three digits as text ("779")."""
    name: str
    """Short name as in the register ("Skive", "København", "Nordfyns")."""
    official_name: str
    """"Skive Kommune", "Københavns Kommune", "Bornholms Regionskommune"."""
    police_district: str
    """Official name of its police district ("Midt- og Vestjyllands Politi")."""
    region: str
    """"Region Midtjylland" …"""
    variants: tuple[str, ...]
    """Name forms plans write for it (without "Kommune"): "Aabenraa", "Åbenrå", "Nordfyn" …"""


@dataclass(frozen=True, slots=True)
class PoliceDistrict:
    """One of the 12 police districts, with the names plans use for it."""

    name: str
    """Official name, e.g. "Midt- og Vestjyllands Politi"."""
    variants: tuple[str, ...]
    standalone: bool
    """Recognised in running text without a police word next to it."""
    municipality_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """A municipality or police district named in a text."""

    official: str
    raw: str
    start: int
    end: int
    formal: bool = False
    """For municipalities: written with "Kommune"/"Regionskommune" ("Skive Kommune")."""


def _key(text: str) -> str:
    """Lookup key: folded (æ→ae …), hyphens as spaces, single spaces."""
    return " ".join(fold(text).replace("-", " ").split())


def _aa_variants(name: str) -> set[str]:
    """``name`` with æ/ø/å and ae/oe/aa spellings ("Aabenraa" ↔ "Åbenrå")."""
    out = {name}
    folded = name.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    folded = folded.replace("Æ", "Ae").replace("Ø", "Oe").replace("Å", "Aa")
    out.add(folded)
    out.add(name.replace("aa", "å").replace("Aa", "Å"))
    return out


def _spacing_variants(name: str) -> set[str]:
    return {name, name.replace("-", " "), name.replace("-", "")} if "-" in name else {name}


@cache
def municipalities() -> tuple[Municipality, ...]:
    """Denmark's 98 municipalities in kommunekode order."""
    return tuple(
        Municipality(code, name, official, district, region, tuple(variants))
        for code, name, official, district, region, variants in _derived()["municipalities"]
    )


def _build_municipalities(text: str) -> tuple[Municipality, ...]:
    rows = list(csv.DictReader(text.splitlines()))
    result = []
    for row in rows:
        short = row["kommune"].strip()
        forms: set[str] = set()
        for base in (short, *_EXTRA.get(short, ())):
            for v in _aa_variants(base):
                forms |= _spacing_variants(v)
        result.append(
            Municipality(
                code=row["kommunekode"].strip(),
                name=short,
                official_name=_OFFICIAL.get(short, f"{short} Kommune"),
                police_district=row["politikreds"].strip(),
                region=row["region"].strip(),
                variants=tuple(sorted(forms)),
            )
        )
    return tuple(sorted(result, key=lambda m: int(m.code)))


@cache
def _municipality_index() -> dict[str, Municipality]:
    by_code = {m.code: m for m in municipalities()}
    return {key: by_code[code] for key, code in _derived()["municipality_index"].items()}


def _build_municipality_index(munis: tuple[Municipality, ...]) -> dict[str, str]:
    """Lookup key (``_key``) of every name form → kommunekode."""
    index: dict[str, Municipality] = {}
    for m in munis:
        for form in (*m.variants, m.official_name):
            key = _key(form)
            if index.get(key, m) is not m:
                raise ValueError(f"municipality name {form!r} is ambiguous")
            index[key] = m
    return {key: m.code for key, m in index.items()}


_SUFFIX = regex(r"\s+(?:regions)?kommunes?$")


def find_municipality(name: str) -> Municipality | None:
    """The municipality ``name`` refers to ("Skive", "skive kommune", "Åbenrå",
    "Københavns Kommune", "Nordfyn", "779"), or None."""
    text = name.strip()
    if text.isdigit():
        return next(
            (m for m in municipalities() if m.code == text.lstrip("0") or m.code == text), None
        )
    key = _key(text)
    index = _municipality_index()
    if key in index:
        return index[key]
    bare = _SUFFIX.sub("", key)
    for candidate in (bare, bare[:-1] if bare.endswith("s") else bare):
        if candidate in index:
            return index[candidate]
    return None


def municipality_by_code(code: str) -> Municipality | None:
    return next((m for m in municipalities() if m.code == code.strip()), None)


def _letters(text: str) -> str:
    """Regex for ``text`` with æ/ø/å matching ae/oe/aa too, and hyphen/space leniency."""
    parts = []
    for ch in text:
        low = ch.lower()
        if low == "æ":
            parts.append("(?:æ|ae)")
        elif low == "ø":
            parts.append("(?:ø|oe)")
        elif low == "å":
            parts.append("(?:å|aa)")
        elif ch in "- ":
            parts.append(r"[\s-]*" if ch == "-" else r"[\s-]+")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


@cache
def _municipality_pattern() -> re.Pattern[str]:
    return regex(_derived()["municipality_pattern"], re.IGNORECASE)


def _build_municipality_pattern(munis: tuple[Municipality, ...]) -> str:
    forms = {v for m in munis for v in m.variants}
    names = "|".join(_letters(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    return (
        rf"(?<![{_LETTER}-])(?P<name>{names})(?P<gen>s)?"
        rf"(?P<suffix>[\s-]+(?:regions)?kommunes?)?(?![{_LETTER}])"
    )


def first_words() -> frozenset[str]:
    """Lower-case first words of every municipality name form: a text names a
    municipality (``find_municipality_mentions``) only if its lower case holds one."""
    return _first_words()


@cache
def _first_words() -> frozenset[str]:
    """Lower-case first words of every name form ("lyngby", "høje", "hoeje", "åbenrå")."""
    return frozenset(_derived()["first_words"])


def _build_first_words(munis: tuple[Municipality, ...]) -> list[str]:
    return sorted({re.split(r"[\s-]+", v.lower())[0] for m in munis for v in m.variants})


# A capitalised word: an upper-case letter not after a letter, digit or hyphen. The look
# behind comes after the first letter (it looks at that letter and the one before), so
# the regex engine can skip quickly to the upper-case letters.
_CAPITALISED = regex(r"[A-ZÆØÅ](?<![0-9A-Za-zÆØÅæøåÄÖÜäöüÉé-][A-ZÆØÅ])[0-9A-Za-zÆØÅæøåÄÖÜäöüÉé]*")


def find_municipality_mentions(text: str) -> Iterator[Mention]:
    """Municipalities named in ``text``: "Skive Kommune" (formal) or a capitalised bare
    name ("Skive", "SKIVE"). Lower-case words are never names ("vejen" is a road).

    Only capitalised words that can start a name are tried (a dictionary look-up), so a
    long plan is scanned quickly."""
    firsts = _first_words()
    pattern = _municipality_pattern()
    end = 0
    for word in _CAPITALISED.finditer(text):
        if word.start() < end:
            continue
        key = word.group(0).lower()
        if key not in firsts and not (key.endswith("s") and key[:-1] in firsts):
            continue
        m = pattern.match(text, word.start())
        if m is None:
            continue
        muni = find_municipality(m.group("name"))
        if muni is None:
            continue
        end = m.end()
        yield Mention(
            muni.official_name, m.group(0), m.start(), m.end(), m.group("suffix") is not None
        )


@cache
def police_districts() -> tuple[PoliceDistrict, ...]:
    """The 12 police districts with the variants plans write."""
    return tuple(
        PoliceDistrict(name, tuple(variants), standalone, tuple(codes))
        for name, variants, standalone, codes in _derived()["districts"]
    )


def _build_districts(
    data: dict[str, Any], munis: tuple[Municipality, ...]
) -> tuple[PoliceDistrict, ...]:
    codes: dict[str, list[str]] = {}
    for m in munis:
        codes.setdefault(m.police_district, []).append(m.code)
    return tuple(
        PoliceDistrict(
            name=entry["name"],
            variants=tuple(entry.get("variants", ())),
            standalone=bool(entry.get("standalone", False)),
            municipality_codes=tuple(codes.get(entry["name"], ())),
        )
        for entry in data["politikredse"]
    )


@cache
def _derived() -> dict[str, Any]:
    """Everything the look-ups derive from ``data/kommuner.csv`` and
    ``data/politikredse.yaml`` (the municipalities and their name forms, the name regex,
    first words and index; the districts, their regexes, cues and index), as JSON data
    kept in the user's cache folder (``beredskab.cache``), keyed by both files and the
    code that derives it (this module, ``text`` for folding): building it takes a few
    milliseconds of every check's start-up (some 2,000 ``re.escape`` calls among them)."""
    from beredskab import text
    from beredskab.cache import cached, source

    folder = resources.files("beredskab") / "data"
    csv_bytes = (folder / "kommuner.csv").read_bytes()
    yaml_bytes = (folder / "politikredse.yaml").read_bytes()
    sources = [source(__file__), source(text.__file__), csv_bytes, yaml_bytes]
    data: dict[str, Any] = cached(
        "reference", sources, lambda: _build_derived(csv_bytes, yaml_bytes), _same, _same
    )
    return data


def _build_derived(csv_bytes: bytes, yaml_bytes: bytes) -> dict[str, Any]:
    munis = _build_municipalities(csv_bytes.decode("utf-8"))
    districts = _build_districts(_yaml(yaml_bytes), munis)
    return {
        "municipalities": [
            [m.code, m.name, m.official_name, m.police_district, m.region, list(m.variants)]
            for m in munis
        ],
        "municipality_index": _build_municipality_index(munis),
        "municipality_pattern": _build_municipality_pattern(munis),
        "first_words": _build_first_words(munis),
        "districts": [
            [d.name, list(d.variants), d.standalone, list(d.municipality_codes)] for d in districts
        ],
        "district_index": _build_district_index(districts),
        "district_patterns": _build_district_patterns(districts),
    }


def _yaml(raw: bytes) -> Any:
    import yaml

    return yaml.safe_load(raw.decode("utf-8"))


def _same(data: Any) -> Any:
    return data


def _district_core(text: str) -> str:
    """Police words dropped, genitive s dropped: "Midt og Vestjyllands Politi" and
    "Politikreds Midt- og Vestjylland" both become "midt og vestjylland"."""
    words = []
    for w in re.findall(r"[0-9a-z]+", _key(text)):
        if w in _POLICE_WORDS:
            continue
        words.append(w[:-1] if len(w) > 3 and w.endswith("s") else w)
    return " ".join(words)


@cache
def _district_index() -> dict[str, str]:
    return dict(_derived()["district_index"])


def _build_district_index(districts: tuple[PoliceDistrict, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for d in districts:
        for form in (d.name, *d.variants):
            core = _district_core(form)
            if index.get(core, d.name) != d.name:
                raise ValueError(f"police district name {form!r} is ambiguous")
            index[core] = d.name
    return index


def normalise_police_district(text: str) -> str | None:
    """The official name of the police district ``text`` names, or None."""
    return _district_index().get(_district_core(text))


_POLICE_RX = r"politi(?:kreds(?:en)?|et)?"
DISTRICT_CUES = ("politi", "midt", "vestegn")
"""Every recognised form holds one of these (forms without a police word are the
standalone ones: "Midt- og Vestsjællands", "Københavns Vestegn"); a quick pre-check."""


def _district_form_pattern(form: str) -> str:
    tokens = [t for t in re.split(r"\s+", form.strip()) if t]
    parts = []
    for tok in tokens:
        if tok.lower() in _POLICE_WORDS:
            parts.append(_POLICE_RX)
            continue
        stem = tok[:-1] if len(tok) > 3 and tok.endswith("s") else tok
        parts.append(_letters(stem) + "s?")
    return r"[\s-]+".join(parts)


def _cue(form: str) -> set[str]:
    """Lower-case text every match of ``form`` contains: the start of its longest place
    word, in æ/ø/å and ae/oe/aa spelling ("vestsjæ", "vestsja")."""
    words = [w for w in re.split(r"[\s-]+", form) if w.lower() not in _POLICE_WORDS]
    longest = max(words, key=len).lower()
    return {v[:6] for v in _aa_variants(longest)}


@cache
def _district_patterns() -> tuple[tuple[str, frozenset[str], re.Pattern[str]], ...]:
    return tuple(
        (name, frozenset(cues), regex(pattern, re.IGNORECASE))
        for name, cues, pattern in _derived()["district_patterns"]
    )


def _build_district_patterns(districts: tuple[PoliceDistrict, ...]) -> list[list[Any]]:
    """Per district: its name, its cues (sorted) and its regex."""
    out: list[list[Any]] = []
    for d in districts:
        forms = [d.name, *d.variants]
        if not d.standalone:
            forms = [f for f in forms if set(_key(f).split()) & _POLICE_WORDS]
        alts = "|".join(
            _district_form_pattern(f) for f in sorted(set(forms), key=lambda f: (-len(f), f))
        )
        pattern = rf"(?<![{_LETTER}-])(?:{alts})(?![{_LETTER}])"
        out.append([d.name, sorted({c for f in forms for c in _cue(f)}), pattern])
    return out


def find_police_district_mentions(text: str) -> list[Mention]:
    """Police districts named in ``text``, in order, overlapping mentions resolved to
    the longest ("Københavns Vestegns Politi" is not also "Københavns Politi")."""
    lower = text.lower()
    if not any(cue in lower for cue in DISTRICT_CUES):
        return []
    return _district_mentions(text, lower, _district_patterns())


def _district_mentions(
    text: str, lower: str, patterns: Sequence[tuple[str, frozenset[str], re.Pattern[str]]]
) -> list[Mention]:
    found = [
        Mention(name, m.group(0), m.start(), m.end())
        for name, cues, rx in patterns
        if any(cue in lower for cue in cues)
        for m in rx.finditer(text)
    ]
    return _longest_first(found)


def police_district_mentions_in(texts: CaseTexts) -> list[list[Mention]]:
    """``find_police_district_mentions`` of every text; texts without any cue word
    (found in all texts joined at once) are skipped, and so are the districts none of
    whose own cues is in any of the remaining texts."""
    out: list[list[Mention]] = [[] for _ in texts.texts]
    # A cue missing from the plan's words (known for a long plan) is in none of the
    # texts: such districts are dropped before any text is searched.
    absent = texts.lower.absent
    patterns = [p for p in _district_patterns() if not all(absent(cue) for cue in p[1])]
    if not patterns:
        return out
    named = texts.with_any(DISTRICT_CUES)
    if not named:
        return out
    lowers = texts.lower.texts
    together = "\n".join(lowers[i] for i in named)
    patterns = [p for p in patterns if any(cue in together for cue in p[1])]
    if not patterns:
        return out
    for i in named:
        out[i] = _district_mentions(texts.texts[i], lowers[i], patterns)
    return out


def _longest_first(found: list[Mention]) -> list[Mention]:
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    result: list[Mention] = []
    for mention in found:
        if result and mention.start < result[-1].end:
            continue
        result.append(mention)
    return result
