"""Facts extracted from a plan (stage 4): owner, police district, year, adoption,
revision interval, goals, contacts. Each fact keeps its evidence (quoted text and
paragraph) so rules and reports can show where it came from. Deleted tracked-change
text never counts (the reader's accepted view has none).

``extract_facts(document, tree, matching)`` finds them:

* owner: municipalities named on the front page (front matter), in headers, footers,
  content controls and the document title decide ("Skive Kommune" 3, a bare "Skive" 2
  per place); "X Kommune" in running text (1 each, at most 5) only breaks a tie, or
  decides when no prominent place names one.
  Names inside a police district's name or right after "Infohus" are left out. Other
  municipalities named in those prominent places are the ``municipality_candidates``;
  when two tie at the top the owner is left open (None) and both are candidates.
* police district: the district named most often anywhere (any of the 12 in the ways
  plans write them, see ``beredskab.reference``); a "… Politi" that is none of the 12 is
  kept as ``police_district_raw`` only.
* plan year: the first year on the front page / title / header / footer ("2024",
  "Beredskabsplan 2024-2028" → 2024), else the adoption year.
* adoption: a sentence (or table row) with "vedtaget/godkendt/besluttet/tiltrådt", the
  nearest body ("Kommunalbestyrelsen", "Byrådet", "Borgerrepræsentationen" → council;
  "…udvalget" → committee; "styregruppen" → steering-group; "direktionen", "forvaltningen"
  → administration) and the nearest Danish date ("24. juni 2024", "24.06.2024",
  "24/6-2024", "juni 2024" → 1 June). Future forms ("skal godkendes") do not count. The
  council wins over other bodies; a later date over an earlier one.
* revision interval: in a sentence about revision: "hvert andet/2./tredje/fjerde/4. år",
  "hver 4. år", "årligt"/"hvert år" (1); "senest i 2027" counts from the plan year (or
  the adoption year). The plan's own statement (in intro.responsibility, not quoting the
  law) wins over a restated law.
* next revision due: the adoption date (else 1 January of the plan year) plus the
  interval, capped at the law's 4 years; without a stated interval the law's 4 years.
* goals: in the matched intro.goals section: "Mål 1:" paragraphs if any, else table rows
  (a header row "Mål | Ansvarlig …" is skipped), else the top-level bullet or numbered
  items; template guidance ("Opstil 3-5 konkrete mål …") never counts.
* phones: 8-digit Danish numbers starting 2–9, any spacing, "+45"/"0045" allowed, never
  part of a longer digit run, a date ("24 06 2024") or after "CVR"/"EAN"/"konto" …;
  112 and 114 next to a police/phone word. E-mails: addresses in the text and
  ``mailto:`` hyperlinks.
* NSK: see ``_nsk`` below for the criterion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote

from beredskab.cache import regex
from beredskab.i18n import t
from beredskab.match import Matching
from beredskab.model import (
    Block,
    Document,
    Paragraph,
    Row,
    Table,
    iter_paragraphs,
    slots_constructor,
)
from beredskab.reference import (
    Mention,
    find_municipality,
    find_municipality_mentions,
    first_words,
    police_district_mentions_in,
)
from beredskab.text import CaseTexts
from beredskab.tree import Section, SectionTree


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: the quoted text and its paragraph and location."""

    text: str
    """The quoted text (a sentence or a short span around the match)."""
    paragraph: int | None
    location: str = "body"
    """Where it was found: body, table, textbox, header, footer, content-control, core."""


@dataclass(frozen=True, slots=True)
class Found:
    """A value found in the plan with its evidence."""

    value: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Facts:
    """What the plan states about itself, each fact with its evidence."""

    municipality: str | None = None
    """Official name, e.g. "Skive Kommune" / "Bornholms Regionskommune"."""
    kommunekode: str | None = None
    municipality_evidence: Evidence | None = None
    municipality_candidates: tuple[str, ...] = ()
    """Other municipalities named as owner candidates (for "names several" findings)."""
    police_district: str | None = None
    """Official name of the district named in the plan, or None."""
    police_district_raw: str | None = None
    """The district as the plan writes it (also when it matches none of the 12)."""
    police_district_evidence: Evidence | None = None
    plan_year: int | None = None
    plan_year_evidence: Evidence | None = None
    adopted: date | None = None
    adopted_by: str | None = None
    """"council" (kommunalbestyrelse/byråd/borgerrepræsentation), "committee",
    "steering-group", "administration", or None when no adoption is stated."""
    adoption_evidence: Evidence | None = None
    revision_interval_years: int | None = None
    interval_evidence: Evidence | None = None
    next_revision_due: date | None = None
    goals: tuple[Found, ...] = ()
    phones: tuple[Found, ...] = ()
    """Danish phone numbers normalised to digits ("41749090", "114", "112")."""
    emails: tuple[Found, ...] = ()
    nsk: Evidence | None = None
    """Evidence that the plan is combined with negativ social kontrol, else None."""


# --- extraction -------------------------------------------------------------------------
#
# ``extract_facts`` reads the accepted view of the plan (the reader leaves deleted tracked
# text out) in "units": a body paragraph, a table row (its cells joined by " | ", so a
# "Godkendt af | Byrådet" row reads as one line), a header, footer or content-control
# paragraph, and the core properties' title. Each fact keeps the unit it came from.


@dataclass(frozen=True, slots=True)
class _Unit:
    """A piece of the plan's text searched for facts: a paragraph, a table row or a header."""

    text: str
    paragraph: int | None
    location: str
    hyperlinks: tuple[str, ...] = ()
    prominent: bool = False
    """Front page / title / header / footer / content control / core title."""


def paragraph_list(blocks: Sequence[Block]) -> list[Paragraph]:
    """``list(iter_paragraphs(blocks))`` (depth first, tables row by row, cell by cell),
    collected into one list: no generator per table cell, and a cell of one paragraph
    (most cells) taken as it is; several times quicker on a plan with many tables."""
    if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
        return [blocks[0]]
    out: list[Paragraph] = []
    _collect_paragraphs(blocks, out)
    return out


def _collect_paragraphs(blocks: Sequence[Block], out: list[Paragraph]) -> None:
    append = out.append
    for block in blocks:
        if isinstance(block, Paragraph):
            append(block)
            continue
        for row in block.rows:
            for cell in row.cells:
                inner = cell.blocks
                if len(inner) == 1 and isinstance(inner[0], Paragraph):
                    append(inner[0])
                else:
                    _collect_paragraphs(inner, out)


def _row_index(row: Row) -> int | None:
    for cell in row.cells:
        for p in iter_paragraphs(cell.blocks):
            if p.index is not None:
                return p.index
    return None


_new_unit: Callable[[str, int | None, str, tuple[str, ...], bool], _Unit] = slots_constructor(
    _Unit, "", None, "", (), False
)
"""``_Unit(text, paragraph, location, hyperlinks, prominent)``, quicker (a unit per body
paragraph and table row: ``beredskab.model.slots_constructor``)."""


def _body_units(blocks: tuple[Block, ...]) -> list[_Unit]:
    """A unit per body paragraph with text or links and per table row (its cells'
    texts joined by " | "), in order."""
    make = _new_unit
    units: list[_Unit] = []
    append = units.append
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text or block.hyperlinks:
                append(make(block.text, block.index, block.location, block.hyperlinks, False))
            continue
        for row in block.rows:
            # One walk of the row: its cells' texts (``Cell.text``), hyperlinks and
            # first paragraph index (``_row_index``).
            texts: list[str] = []
            links: list[str] = []
            index: int | None = None
            for cell in row.cells:
                inner = cell.blocks
                if len(inner) == 1 and type(inner[0]) is Paragraph:
                    # The usual cell, of one paragraph: as below, without the lists.
                    p = inner[0]
                    if p.text:
                        texts.append(p.text)
                    if index is None:
                        index = p.index
                    if p.hyperlinks:
                        links.extend(p.hyperlinks)
                    continue
                paragraphs = paragraph_list(inner)
                text = " ".join([p.text for p in paragraphs if p.text])
                if text:
                    texts.append(text)
                for p in paragraphs:
                    if index is None and p.index is not None:
                        index = p.index
                    if p.hyperlinks:
                        links.extend(p.hyperlinks)
            if texts or links:
                append(make(" | ".join(texts), index, "table", tuple(links), False))
    return units


_FRONT_UNITS = 40
"""At most this many units of the front matter count as the front page (a plan without
any headings is all front matter)."""


def _prominent(unit: _Unit) -> _Unit:
    """``dataclasses.replace(unit, prominent=True)``, made directly (``replace`` looks
    the fields up for every copy)."""
    return _new_unit(unit.text, unit.paragraph, unit.location, unit.hyperlinks, True)


def _units(document: Document, tree: SectionTree) -> list[_Unit]:
    front = {p.index for p in tree.front_matter.all_paragraphs() if p.index is not None}
    units = _body_units(document.body)
    if front:
        marked = 0
        for i, unit in enumerate(units):
            if marked >= _FRONT_UNITS:
                break  # no later unit is marked
            if unit.paragraph in front:
                units[i] = _prominent(unit)
                marked += 1
    else:
        # No front matter: the plan opens with a heading, which is its title.
        units[:1] = [_prominent(unit) for unit in units[:1]]
    for p in document.headers:
        if p.text:
            units.append(_Unit(p.text, None, "header", p.hyperlinks, True))
    for p in document.footers:
        if p.text:
            units.append(_Unit(p.text, None, "footer", p.hyperlinks, True))
    for cc in document.content_controls:
        if cc.text:
            units.append(_Unit(cc.text, None, "content-control", (), True))
    if document.core.title:
        units.append(_Unit(document.core.title, None, "core", (), True))
    return units


_new_evidence: Callable[[str, int | None, str], Evidence] = slots_constructor(
    Evidence, "", None, ""
)
"""``Evidence(text, paragraph, location)``, quicker (``model.slots_constructor``)."""
_new_found: Callable[[str, Evidence], Found] = slots_constructor(Found, "", Evidence("", None))
"""``Found(value, evidence)``, quicker: a long plan has a few hundred phones and
e-mail addresses."""


def _evidence(unit: _Unit, start: int | None = None, end: int | None = None) -> Evidence:
    return _new_evidence(_quote(unit.text, start, end), unit.paragraph, unit.location)


_SENTENCE = regex(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"“(])")
_MAX_QUOTE = 240


def _quote(text: str, start: int | None = None, end: int | None = None) -> str:
    """The sentence around ``text[start:end]`` (the whole text when short)."""
    if len(text) <= _MAX_QUOTE or start is None:
        return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"
    stop = end if end is not None else start
    left = 0
    for m in _SENTENCE.finditer(text):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= stop:
            sentence = text[left : m.start()]
            break
    else:
        sentence = text[left:]
    if len(sentence) > _MAX_QUOTE:
        lo = max(0, start - left - _MAX_QUOTE // 2)
        sentence = "…" + sentence[lo : lo + _MAX_QUOTE - 2] + "…"
    return sentence.strip()


def _sentences(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for m in _SENTENCE.finditer(text):
        out.append((pos, text[pos : m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return out


# --- municipality ---------------------------------------------------------------------

# How much one mention weighs, by where it is. Bare names ("Skive") count only in
# prominent places: in running text a capitalised word like "Vejen" or "Greve" is often
# not a municipality. A mention inside a police district's name ("Københavns Politi",
# "Lolland-Falsters") or right after "Infohus" (a shared info house) is no owner.
_WEIGHT_PROMINENT_FORMAL = 3.0
_WEIGHT_PROMINENT_BARE = 2.0
_WEIGHT_BODY_FORMAL = 1.0
_BODY_CAP = 5.0
_PROMINENCE_ORDER = {"core": 1, "content-control": 2, "header": 3, "footer": 3}


def _municipality(
    units: list[_Unit], police_mentions: list[list[Mention]], index: CaseTexts
) -> tuple[str | None, Evidence | None, tuple[str, ...]]:
    prominent: dict[str, float] = {}
    body: dict[str, float] = {}
    evidence: dict[str, tuple[int, Evidence]] = {}
    if len(police_mentions) != len(units):
        raise ValueError("one list of police mentions per unit")
    # Only a unit whose lower case holds a name's first word can name a municipality;
    # with the plan's words known, the first words in none of its texts are skipped,
    # and only the units holding one of the others are read.
    named: set[int] | None = None
    if index.lower.knows_absent:
        named = set()
        for word in sorted(first_words()):
            if not index.lower.absent(word):
                named.update(index.lower.with_literal(word))
    lowers = index.lower.texts  # each unit's ``text.lower()``
    for i in range(len(units)) if named is None else sorted(named):
        unit, police = units[i], police_mentions[i]
        if not unit.prominent and "kommune" not in lowers[i]:
            continue  # running text counts only "X Kommune"
        seen_here: set[str] = set()
        for mention in find_municipality_mentions(unit.text):
            if any(p.start <= mention.start < p.end for p in police):
                continue
            if (
                unit.text[max(0, mention.start - 12) : mention.start]
                .rstrip(" -")
                .lower()
                .endswith("infohus")
            ):
                continue
            name = mention.official
            if unit.prominent:
                if name in seen_here:
                    continue
                seen_here.add(name)
                weight = _WEIGHT_PROMINENT_FORMAL if mention.formal else _WEIGHT_PROMINENT_BARE
                prominent[name] = prominent.get(name, 0.0) + weight
                rank = _PROMINENCE_ORDER.get(unit.location, 0)
            elif mention.formal:
                body[name] = min(_BODY_CAP, body.get(name, 0.0) + _WEIGHT_BODY_FORMAL)
                rank = 9
            else:
                continue
            ev = _evidence(unit, mention.start, mention.end)
            if name not in evidence or rank < evidence[name][0]:
                evidence[name] = (rank, ev)
    names = set(prominent) | set(body)
    if not names:
        return None, None, ()

    def standing(name: str) -> tuple[float, float]:
        # Prominent places decide; running text only breaks ties (or decides alone).
        return (prominent.get(name, 0.0), body.get(name, 0.0))

    ranked = sorted(names, key=lambda n: (tuple(-x for x in standing(n)), evidence[n][0], n))
    best = ranked[0]
    if len(ranked) > 1 and standing(ranked[1]) == standing(best):
        return None, None, tuple(n for n in ranked if standing(n) == standing(best))
    candidates = tuple(n for n in ranked if n in prominent) or (best,)
    return best, evidence[best][1], candidates


# --- police district --------------------------------------------------------------------

_UNKNOWN_DISTRICT = regex(
    r"(?<![\w-])((?:[A-ZÆØÅ][a-zæøå]+-?\s+og\s+)?[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?s)"
    r"\s+(?:[Pp]oliti(?:kreds(?:en)?)?)(?![\w])"
)
_UNKNOWN_DISTRICT_CORE = regex(r"s\s+[Pp]oliti")
"""What every match of ``_UNKNOWN_DISTRICT`` holds: a quick test before it."""
_DISTRICT_PLACEHOLDER = regex(r"\[\s*POLITIKREDSENS NAVN\s*\]", re.IGNORECASE)


def _police_district(
    units: list[_Unit], police_mentions: list[list[Mention]], index: CaseTexts
) -> tuple[str | None, str | None, Evidence | None]:
    counts: dict[str, int] = {}
    first: dict[str, tuple[str, Evidence]] = {}
    for unit, mentions in zip(units, police_mentions, strict=True):
        for mention in mentions:
            counts[mention.official] = counts.get(mention.official, 0) + 1
            if mention.official not in first:
                first[mention.official] = (mention.raw, _evidence(unit, mention.start, mention.end))
    if counts:
        order = list(first)
        best = max(order, key=lambda name: (counts[name], -order.index(name)))
        raw, ev = first[best]
        return best, raw, ev
    core = _UNKNOWN_DISTRICT_CORE.search
    # Every match holds "Politi" or "politi": the units whose lower case holds "politi"
    # (one search instead of one per spelling) hold them all.
    maybe = {i for i in index.lower.with_literal("politi") if core(units[i].text)}
    maybe.update(index.candidates(_DISTRICT_PLACEHOLDER))
    for unit in (units[i] for i in sorted(maybe)):
        m = _UNKNOWN_DISTRICT.search(unit.text) or _DISTRICT_PLACEHOLDER.search(unit.text)
        if m is not None:
            return None, m.group(0), _evidence(unit, m.start(), m.end())
    return None, None, None


# --- dates, plan year, adoption -----------------------------------------------------------

_MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4,
    "apr": 4, "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    # 24. juni 2024, 24 juni 2024, 1. sept. 2024
    regex(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s+(?P<m>{_MONTH_RX})\.?\s+(?P<y>(?:19|20)\d\d)(?!\d)",
               re.IGNORECASE),
    # 24.06.2024, 24-06-2024, 24/06/2024, 24/6-2024, 24/6 2024
    regex(r"(?<![\d.])(?P<d>\d{1,2})[./-](?P<m>\d{1,2})(?:[./-]|\s)(?P<y>(?:19|20)\d\d)(?!\d)"),
    # 2024-06-24
    regex(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    # juni 2024 → the first of the month
    regex(rf"(?<![\w.])(?P<m>{_MONTH_RX})\.?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.IGNORECASE),
)  # fmt: skip


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Danish dates in ``text`` with their spans: "24. juni 2024", "24.06.2024",
    "24/6-2024", "2024-06-24", and "juni 2024" (as the first of the month)."""
    found: list[tuple[date, int, int]] = []
    taken: list[tuple[int, int]] = []
    for rx in _DATE_PATTERNS:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            month_text = m.group("m").lower().rstrip(".")
            month = _MONTHS.get(month_text) if not month_text.isdigit() else int(month_text)
            day = int(m.groupdict().get("d") or 1)
            try:
                value = date(int(m.group("y")), month or 0, day)
            except ValueError:
                continue
            found.append((value, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


_YEAR = regex(r"(?<![\d.,/-])(?<!\d )(20[0-4]\d)(?:\s*[-–/]\s*(20[0-4]\d))?(?![\d])(?! ?\d\d\b)")


def _plan_year(
    units: list[_Unit], adopted: date | None, adoption_ev: Evidence | None
) -> tuple[int | None, Evidence | None]:
    """The year on the front page / title / header ("2024", "Beredskabsplan 2024-2028":
    the first year), else the adoption year."""
    ranked = sorted(
        (u for u in units if u.prominent),
        key=lambda u: _PROMINENCE_ORDER.get(u.location, 0) if u.location != "core" else 5,
    )
    for unit in ranked:
        if len(unit.text.split()) > 25:
            continue
        m = _YEAR.search(unit.text)
        if m is not None:
            return int(m.group(1)), _evidence(unit, m.start(), m.end())
    if adopted is not None:
        return adopted.year, adoption_ev
    return None, None


_ADOPT_VERB = regex(
    r"\b(vedtaget|vedtog|godkendt|godkendte|besluttet|besluttede|tiltrådt|tiltrådte|"
    r"politisk behandlet)\b",
    re.IGNORECASE,
)
_ADOPT_CUES = ("vedt", "godkend", "beslut", "tiltråd", "behandlet")
_NOT_YET = regex(r"\b(skal|forventes|vil blive|kan|bør|inden)\s+(\w+\s+){0,2}$", re.IGNORECASE)
_BODIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("council", regex(
        r"\b(kommunalbestyrelse\w*|byråd\w*|borgerrepræsentation\w*|regionskommunens\s+"
        r"kommunalbestyrelse\w*)", re.IGNORECASE)),
    ("committee", regex(r"\b(\w+-?\s+og\s+\w*udvalg\w*|\w*udvalg\w*)", re.IGNORECASE)),
    ("steering-group", regex(r"\b(\w*styregruppe\w*)", re.IGNORECASE)),
    ("administration", regex(
        r"\b(direktion\w*|chefgruppe\w*|ledergruppe\w*|kommunaldirektør\w*|direktør\w*|"
        r"forvaltning\w*|administration\w*|topledelse\w*)", re.IGNORECASE)),
)  # fmt: skip
_BODY_RANK = {"council": 0, "committee": 1, "steering-group": 2, "administration": 3}


@dataclass(frozen=True, slots=True)
class _Adoption:
    """One adoption statement found: the body, the date and where it was read."""

    body: str | None
    when: date | None
    evidence: Evidence
    order: int


def _adoption(units: list[_Unit], index: CaseTexts) -> _Adoption | None:
    found: list[_Adoption] = []
    maybe = set(index.candidates(_ADOPT_VERB))  # every verb holds one of the cues
    if len(maybe) == len(units):  # no literal pre-filter: the cues
        maybe &= set(index.with_any(_ADOPT_CUES))
    for ui in sorted(maybe):
        unit = units[ui]
        if not _ADOPT_VERB.search(unit.text):
            continue
        for start, sentence in _sentences(unit.text):
            for verb in _ADOPT_VERB.finditer(sentence):
                if _NOT_YET.search(sentence[: verb.start()]):
                    continue
                body = _nearest_body(sentence, verb.start())
                when = _date_for(sentence, verb.start())
                if when is None:
                    when = _date_nearby(units, ui)
                if body is None and when is None:
                    continue
                ev = _evidence(unit, start + verb.start(), start + verb.end())
                found.append(_Adoption(body, when, ev, len(found)))
    if not found:
        return None
    return min(
        found,
        key=lambda a: (
            _BODY_RANK.get(a.body or "", 4),
            a.when is None,
            -(a.when.toordinal() if a.when else 0),
            a.order,
        ),
    )


def _date_for(sentence: str, at: int) -> date | None:
    """The date that belongs to the verb at ``at``: the first one after it (before the
    next adoption verb: "godkendt i udvalget den 3. juni og vedtaget i Byrådet den 24.
    juni"), else the nearest one before it ("Den 24. juni 2024 vedtog Byrådet …")."""
    dates = find_dates(sentence)
    following = _ADOPT_VERB.search(sentence, at + 1)
    limit = following.start() if following else len(sentence)
    after = [d for d, start, _ in dates if at < start < limit]
    if after:
        return after[0]
    before = [d for d, start, _ in dates if start < at]
    return before[-1] if before else None


def _nearest_body(sentence: str, at: int) -> str | None:
    best: tuple[int, str] | None = None
    for name, rx in _BODIES:
        for m in rx.finditer(sentence):
            distance = abs(m.start() - at)
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best is not None else None


def _date_nearby(units: list[_Unit], ui: int) -> date | None:
    """A date in the next unit (a "Dato | 24.06.2024" row under "Godkendt af | Byrådet")."""
    for unit in units[ui + 1 : ui + 3]:
        if len(unit.text) <= 60:
            dates = find_dates(unit.text)
            if dates:
                return dates[0][0]
    return None


# --- revision interval ------------------------------------------------------------------

_ORDINALS = {
    "andet": 2, "anden": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6,
    "syvende": 7, "ottende": 8,
}  # fmt: skip
_INTERVAL = regex(
    r"\bhver(?:t)?\s+(?:(?P<word>andet|anden|tredje|fjerde|femte|sjette|syvende|ottende)"
    r"|(?P<num>\d{1,2})\.?)\s+år\b"
    r"|\b(?P<yearly>årligt|årlig|hvert\s+år|en\s+gang\s+om\s+året|hvert\s+eneste\s+år)\b",
    re.IGNORECASE,
)
_BY_YEAR = regex(
    r"\b(?:senest|inden(?:\s+udgangen\s+af)?|i\s+løbet\s+af|i)\s+(?:\w+\s+){0,3}?(?P<y>20[2-5]\d)\b",
    re.IGNORECASE,
)
_REVISION = regex(r"revid|revision|opdater|gennemg|evaluer|rullet|rulleres", re.IGNORECASE)
_INTERVAL_CUES = ("hver", "årlig", "om året")
_YEAR_CUE = regex(r"20[2-5]\d")
_REVISION_CUES = ("revid", "revision", "opdater", "gennemg", "evaluer", "rulle")
_LAW = regex(r"\blov\w*\b|§|\bkræve[rs]?\b|\bifølge\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Interval:
    """One revision interval found: every so many years or by a year, and its rank."""

    years: int | None
    by_year: int | None
    evidence: Evidence
    rank: tuple[int, int, int]


_FEW_REVISION_UNITS = 24
"""Up to this many units with a revision cue are each tested for an interval cue and a
year; more (a long plan has a few hundred, of which a handful hold either) are
narrowed first by ``_cued``."""


def _cued(revision: list[int], index: CaseTexts) -> list[int]:
    """The units of ``revision`` (in order) whose lower case holds an interval cue or
    whose text holds a year (``_YEAR_CUE``): the cues searched once in all texts joined
    (a year's digits never reach across the texts' separator), not once per unit."""
    cued = set(index.with_any(_INTERVAL_CUES))
    exact = index.exact
    cued.update(exact.line_at(m.start()) for m in _YEAR_CUE.finditer(exact.text))
    return [i for i in revision if i in cued]


def _intervals(units: list[_Unit], responsibility: set[int], index: CaseTexts) -> list[_Interval]:
    found: list[_Interval] = []
    revision = index.with_any(_REVISION_CUES)
    for i in revision if len(revision) <= _FEW_REVISION_UNITS else _cued(revision, index):
        unit = units[i]
        if not (
            any(cue in index.lower.texts[i] for cue in _INTERVAL_CUES)
            or _YEAR_CUE.search(unit.text)
        ):
            continue
        for start, sentence in _sentences(unit.text):
            if not _REVISION.search(sentence):
                continue
            m = _INTERVAL.search(sentence)
            years: int | None = None
            by_year: int | None = None
            span = None
            if m is not None:
                if m.group("yearly"):
                    years = 1
                elif m.group("word"):
                    years = _ORDINALS[m.group("word").lower()]
                else:
                    years = int(m.group("num"))
                span = m
            elif _YEAR_CUE.search(sentence):
                y = _BY_YEAR.search(sentence)
                if y is not None:
                    by_year = int(y.group("y"))
                    span = y
            if span is None or (years is not None and years <= 0):
                continue
            rank = (
                0 if unit.paragraph in responsibility else 1,
                1 if _LAW.search(sentence) else 0,
                len(found),
            )
            ev = _evidence(unit, start + span.start(), start + span.end())
            found.append(_Interval(years, by_year, ev, rank))
    return sorted(found, key=lambda i: i.rank)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- goals ------------------------------------------------------------------------------

_GOAL_LABEL = regex(r"^\s*(?:delmål|mål|målsætning)\s*(?:nr\.?\s*)?\d+\s*[:.)–-]", re.IGNORECASE)
_TYPED_ITEM = regex(r"^\s*(?:\d{1,2}|[a-e])[.)]\s+\S")
_GUIDANCE = regex(
    r"^\s*opstil\b|tekstblok|^\s*her\s+(?:kan|beskrives|skal)\b|^\s*i\s+dette\s+afsnit\b"
    r"|^\s*hvad\s+er\s+kommunen?s?\b.*\?\s*$",
    re.IGNORECASE,
)
_TABLE_HEADER_WORDS = regex(
    r"^(mål|målsætning|succeskriteri\w*|indikator\w*|ansvarlig\w*|tidsramme|frist|status|"
    r"indsats\w*|handling\w*|aktivitet\w*|nr\.?|#)$",
    re.IGNORECASE,
)


def _goals(matching: Matching) -> tuple[Found, ...]:
    section = matching.section("intro.goals")
    if section is None:
        return ()
    labelled: list[Found] = []
    items: list[tuple[int, Found]] = []
    rows: list[Found] = []
    for block in _goal_blocks(section):
        if isinstance(block, Table):
            rows.extend(_goal_rows(block))
            continue
        text = block.text.strip()
        if not text or _GUIDANCE.search(text) or block.outline_level is not None:
            continue
        ev = Evidence(_quote(text), block.index, block.location)
        if _GOAL_LABEL.match(text):
            labelled.append(Found(text, ev))
        elif block.is_bullet or block.is_list_item or _TYPED_ITEM.match(text):
            items.append((block.num_level or 0, Found(text, ev)))
    if labelled:
        return _unique(labelled)
    if rows:
        return _unique(rows)
    if items:
        top = min(level for level, _ in items)
        return _unique([f for level, f in items if level == top])
    return ()


def _goal_blocks(section: Section) -> Iterator[Block]:
    yield from section.blocks
    for child in section.children:
        yield from _goal_blocks(child)


def _goal_rows(table: Table) -> list[Found]:
    out = []
    column = 0
    for ri, row in enumerate(table.rows):
        cells = [c.text.strip() for c in row.cells]
        if not any(cells):
            continue
        if ri == 0 and _is_header_row(row, cells):
            column = next((i for i, c in enumerate(cells) if c.lower().startswith("mål")), 0)
            continue
        text = cells[column] if column < len(cells) and cells[column] else cells[0]
        if not text or _GUIDANCE.search(text):
            continue
        out.append(Found(text, Evidence(_quote(text), _row_index(row), "table")))
    return out


def _is_header_row(row: Row, cells: list[str]) -> bool:
    """A first row of column names: short cells, one of them a known column name
    ("Mål", "Ansvarlig", "Succeskriterie" …), or all of them bold."""
    if not all(len(c.split()) <= 5 for c in cells):
        return False
    if any(_TABLE_HEADER_WORDS.match(c) for c in cells):
        return True
    paragraphs = [p for c in row.cells for p in iter_paragraphs(c.blocks) if p.text]
    return bool(paragraphs) and all(p.bold for p in paragraphs)


def _unique(found: list[Found]) -> tuple[Found, ...]:
    seen: set[str] = set()
    out = []
    for f in found:
        key = " ".join(f.value.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(f)
    return tuple(out)


# --- phones and e-mails -----------------------------------------------------------------

# A "digit run" is a maximal stretch of digits joined by single spaces, with an optional
# "+45"/"0045" in front: "+45 41 74 90 90", "4174 9090", "24", "2024". The scan starts
# with a character class, so it is fast; the run is then judged as a whole, so a phone
# number is never part of a longer digit run ("1 41 74 90 90 2") or of a date
# ("24.06.2024" is three runs).
_DIGIT_RUN = regex(r"[+0-9](?:[0-9]| (?=[0-9])|(?<=\+45)-(?=[0-9]))*")
_LONG_RUN = regex(r"[+0-9](?:[0-9]| (?=[0-9])|(?<=\+45)-(?=[0-9])){7,}")
"""``_DIGIT_RUN``'s runs of 8 characters or more (a shorter run has no match inside)."""
_SERVICE_NUMBERS = frozenset({"112", "114"})
_SERVICE_CONTEXT = regex(r"politi|ring|tlf|telefon|alarm|nød|akut", re.IGNORECASE)
_NOT_PHONE_BEFORE = regex(
    r"(?:cvr|se|ean|p|reg|konto|kontonr|sag|sagsnr|j|journal|id)[\s.-]*(?:nr|nummer)?[.:]?\s*$",
    re.IGNORECASE,
)
_EMAIL = regex(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")


def _phones(units: list[_Unit], index: CaseTexts) -> tuple[Found, ...]:
    # Digit runs are found in all units joined (a NUL between units ends a run) and
    # judged in their own unit.
    # Only runs of 8 characters or more (phone numbers) and the runs "112"/"114" count:
    # the long runs are found in all units at once, the units holding "112"/"114" are
    # read run by run.
    service = {i for number in _SERVICE_NUMBERS for i in index.exact.with_literal(number)}
    runs: dict[int, list[tuple[int, int, str]]] = {}
    located = _long_run_units(index)
    if located is None:
        joined, starts = index.exact.text, index.exact.starts
        for m in _LONG_RUN.finditer(joined):
            ui = index.exact.line_at(m.start())
            if ui not in service:
                runs.setdefault(ui, []).append((m.start() - starts[ui], m.end() - starts[ui], m[0]))
    else:
        for ui, earliest in located:
            if ui not in service:
                text = units[ui].text  # (its runs all start at ``earliest`` or later)
                found = [(m.start(), m.end(), m[0]) for m in _LONG_RUN.finditer(text, earliest)]
                if found:
                    runs[ui] = found
    for ui in service:
        runs[ui] = [(m.start(), m.end(), m[0]) for m in _DIGIT_RUN.finditer(units[ui].text)]
    out: list[Found] = []
    for ui in sorted(runs):
        unit = units[ui]
        text = unit.text
        seen: set[str] = set()
        for start, end, run in runs[ui]:
            number = _phone_at(text, start, end, run)
            if number is not None and number not in seen:
                seen.add(number)
                out.append(_new_found(number, _evidence(unit, start, end)))
    return tuple(out)


_RUN_TABLE = bytes(48 if 48 <= i <= 57 else i if i in (32, 45) else 120 for i in range(256))
"""Latin-1 bytes: every digit "0", space and hyphen kept, every other byte "x"."""
_RUN_LOCATOR = re.compile(rb"0[0 -]{5}")
"""In text translated by ``_RUN_TABLE``: what every ``_LONG_RUN`` match holds (a digit
and five more characters of its run: after a "+" at most one space comes before the
first digit, and a run has at least 8 characters). It starts with one literal byte, so
the regex engine skips quickly to the (few) digits: a quick scan for the units that
may hold a long run."""


def _long_run_units(index: CaseTexts) -> list[tuple[int, int]] | None:
    """The texts of ``index`` that may hold a ``_LONG_RUN`` (a superset of those that
    do), in order, each with where in it a run can start at the earliest (two
    characters before its first located digit: "+ 4…"); None when the texts are not all
    Latin-1."""
    lines = index.exact
    try:
        raw = lines.text.encode("latin-1")
    except UnicodeEncodeError:
        return None
    translated = raw.translate(_RUN_TABLE)
    search, starts = _RUN_LOCATOR.search, lines.starts
    out: list[tuple[int, int]] = []
    m = search(translated)
    while m is not None:
        ui = lines.line_at(m.start())
        out.append((ui, max(0, m.start() - starts[ui] - 2)))
        if ui + 1 >= len(starts):
            break
        m = search(translated, starts[ui + 1])
    return out


def _phone_at(text: str, start: int, end: int, run: str) -> str | None:
    """The phone number the digit run ``run`` at ``text[start:end]`` is, or None."""
    if len(run) < 8 and run not in _SERVICE_NUMBERS:
        return None  # neither a phone number (8 digits) nor 112/114
    if run in _SERVICE_NUMBERS:
        before = text[max(0, start - 2) : start].strip()
        window = text[max(0, start - 60) : end + 20]
        if before.endswith("§") or not _SERVICE_CONTEXT.search(window):
            return None
        return run
    found = _phone_number(run)
    if found is None or _NOT_PHONE_BEFORE.search(text[max(0, start - 14) : start]):
        return None
    return found


def _phone_number(run: str) -> str | None:
    """The 8 digits of a Danish phone number written as ``run``, or None."""
    body = run
    if body.startswith("+"):
        if not body.startswith("+45"):
            return None
        body = body[3:].lstrip(" -")
    elif body.startswith("0045"):
        body = body[4:].lstrip(" -")
    digits = body.replace(" ", "")
    if len(digits) != 8 or not digits.isdigit() or digits[0] in "01":
        return None
    return None if _looks_like_date(body) else digits


def _looks_like_date(text: str) -> bool:
    """ "24 06 2024" (day month year with spaces) is a date, not a phone number."""
    parts = text.split()
    if [len(p) for p in parts] != [2, 2, 4]:
        return False
    return 1 <= int(parts[0]) <= 31 and 1 <= int(parts[1]) <= 12 and parts[2][:2] in ("19", "20")


def _email_matches(text: str) -> Iterator[re.Match[str]]:
    """``_EMAIL.finditer(text)``, the regex tried only from shortly before each "@"
    (its every match holds one, after a local part without white space): from the
    last space before the "@" on, a scan from further left could find nothing else.
    The plain scan tries the (slow) local part at every word of a long text."""
    pos = 0
    find, rfind, search = text.find, text.rfind, _EMAIL.search
    while (at := find("@", pos)) >= 0:
        m = search(text, max(pos, rfind(" ", pos, at) + 1))
        if m is None:
            return
        yield m
        pos = m.end()


def _emails(units: list[_Unit]) -> tuple[Found, ...]:
    out: list[Found] = []
    for unit in units:
        if "@" not in unit.text and not unit.hyperlinks:
            continue
        seen: set[str] = set()
        for m in _email_matches(unit.text):
            address = m.group(0).rstrip(".").lower()
            if address not in seen:
                seen.add(address)
                out.append(_new_found(address, _evidence(unit, m.start(), m.end())))
        for link in unit.hyperlinks:
            if link.lower().startswith("mailto:"):
                address = unquote(link[7:].split("?", 1)[0]).strip().lower()
                if _EMAIL.fullmatch(address) and address not in seen:
                    seen.add(address)
                    out.append(_new_found(address, _evidence(unit)))
    return tuple(out)


# --- NSK (negativ social kontrol) -------------------------------------------------------
#
# Criterion: the plan is combined with negativ social kontrol / æresrelaterede konflikter
# when (a) its title, front page, header, footer, a content control or the document
# title names NSK, or (b) a section heading names it (a chapter of its own), or (c) a
# sentence says the plan or beredskab covers it ("planen omfatter også negativ social
# kontrol", "beredskab mod ekstremisme og negativ social kontrol"). A passing mention in
# running text ("… kan ligne negativ social kontrol") is not enough.

_NSK = regex(r"negativ(?:e)?\s+social(?:e)?\s+kontrol|æresrelatere\w*|\bnsk\b", re.IGNORECASE)
_NSK_CUES = ("negativ", "æresrel", "nsk")
_NSK_JOINT = regex(
    r"\b(?:plan\w*|beredskab\w*)\s+(?:mod|for|vedr\w*\.?|om|til)\s+[^.]{0,80}?"
    r"(?:\bog|\bsamt|,)\s*$",
    re.IGNORECASE,
)
_NSK_COVERS = regex(
    r"\b(?:plan\w*|beredskab\w*)\b[^.]{0,80}?\b(?:omfatter|dækker|inkluderer|indeholder|"
    r"rummer|gælder|handler)\b(?P<rest>[^.]{0,60})$",
    re.IGNORECASE,
)


def _nsk(units: list[_Unit], tree: SectionTree, index: CaseTexts) -> Evidence | None:
    for unit in units:
        if unit.prominent and len(unit.text.split()) <= 30:
            m = _NSK.search(unit.text)
            if m is not None:
                return _evidence(unit, m.start(), m.end())
    # The headings' titles: only those holding one of the pattern's literals (a long
    # plan has a hundred or more, the pattern tried at every character of each).
    headed = [section for section in tree.walk() if section.heading is not None]
    for i in CaseTexts([section.title for section in headed]).candidates(_NSK):
        section = headed[i]
        if _NSK.search(section.title):
            return Evidence(section.heading_text, section.first_paragraph, "body")
    for unit in (units[i] for i in index.with_any(_NSK_CUES)):
        for start, sentence in _sentences(unit.text):
            m = _NSK.search(sentence)
            if m is None:
                continue
            before = sentence[: m.start()]
            covers = _NSK_COVERS.search(before)
            if _NSK_JOINT.search(before) or (
                covers is not None and not re.search(r"\bikke\b", covers.group(0), re.I)
            ):
                return _evidence(unit, start + m.start(), start + m.end())
    return None


# --- putting it together ----------------------------------------------------------------

LEGAL_MAX_INTERVAL = 4
"""Barnets lov § 15, stk. 3: the plan is revised at least every fourth year."""


def extract_facts(
    document: Document,
    tree: SectionTree,
    matching: Matching,
    *,
    vocabulary: Callable[[], str] | None = None,
) -> Facts:
    """Every fact of the plan with its evidence (see the module docstring).

    ``vocabulary``: the plan's distinct words, when known (``CaseTexts``'s ``tokens``:
    the pipeline passes the checks' ``document_vocabulary``); only for speed."""
    units = _units(document, tree)
    index = CaseTexts([u.text for u in units], tokens=vocabulary)
    police_mentions = police_district_mentions_in(index)
    municipality, muni_ev, candidates = _municipality(units, police_mentions, index)
    muni = find_municipality(municipality) if municipality else None
    district, district_raw, district_ev = _police_district(units, police_mentions, index)
    adoption = _adoption(units, index)
    adopted = adoption.when if adoption else None
    plan_year, year_ev = _plan_year(units, adopted, adoption.evidence if adoption else None)

    responsibility = {
        p.index
        for key in ("intro.responsibility",)
        for p in matching.paragraphs(key)
        if p.index is not None
    }
    interval: int | None = None
    interval_ev: Evidence | None = None
    for found in _intervals(units, responsibility, index):
        if found.years is not None:
            interval, interval_ev = found.years, found.evidence
            break
        base_year = plan_year or (adopted.year if adopted else None)
        if found.by_year is not None and base_year is not None and found.by_year > base_year:
            interval, interval_ev = found.by_year - base_year, found.evidence
            break

    base = adopted or (date(plan_year, 1, 1) if plan_year else None)
    due = None
    if base is not None:
        due = _add_years(base, min(interval or LEGAL_MAX_INTERVAL, LEGAL_MAX_INTERVAL))

    return Facts(
        municipality=municipality,
        kommunekode=muni.code if muni else None,
        municipality_evidence=muni_ev,
        municipality_candidates=candidates,
        police_district=district,
        police_district_raw=district_raw,
        police_district_evidence=district_ev,
        plan_year=plan_year,
        plan_year_evidence=year_ev,
        adopted=adopted,
        adopted_by=adoption.body if adoption else None,
        adoption_evidence=adoption.evidence if adoption else None,
        revision_interval_years=interval,
        interval_evidence=interval_ev,
        next_revision_due=due,
        goals=_goals(matching),
        phones=_phones(units, index),
        emails=_emails(units),
        nsk=_nsk(units, tree, index),
    )


def body_label(body: str, lang: str | None = None) -> str:
    """The adopting body in plain words ("kommunalbestyrelsen (byrådet)")."""
    return t(f"facts.body.{body}", lang)


def interval_label(years: int, lang: str | None = None) -> str:
    """ "hvert 4. år" / "every 4 years"; "hvert år" for 1."""
    return (
        t("facts.interval.yearly", lang)
        if years == 1
        else t("facts.interval.years", lang, years=years)
    )
