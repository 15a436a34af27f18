"""Varied Danish prose for every part of a plan, and the plan's assembly.

Each section has its own builder. A builder draws its phrasing from a seeded generator
(the same across a municipality's versions unless the section was edited), writes the
blocks, and records in the ``Ledger`` exactly what it wrote that a rule can see. The
phrases that make a rule pass are kept simple and recognisable; ``PHRASES.md`` beside
this file lists them for the checker's engineer.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from beredskab.formatters._common import MONTH_NAMES
from beredskab.sample.content import (
    Block,
    ContactBox,
    Heading,
    Ledger,
    PageBreak,
    Para,
    PlanContent,
    Seg,
    TableBlock,
    Toc,
    para,
)
from beredskab.sample.spec import PlanSpec

HOTLINE = "41749090"

# Informal names plans write for a district (all known to beredskab.reference).
INFORMAL = {
    "Midt- og Vestjyllands Politi": (
        "Midt og Vestjyllands Politi",
        "Politikreds Midt- og Vestjylland",
    ),
    "Københavns Vestegns Politi": (
        "Vestegnens politi",
        "Vestegnens politikreds",
        "Københavns Vestegns Politikreds",
    ),
    "Nordsjællands Politi": ("Nordsjællands Politikreds",),
    "Midt- og Vestsjællands Politi": ("Midt- og Vestsjællands Politikreds",),
    "Sydsjællands og Lolland-Falsters Politi": ("Sydsjælland og Lolland-Falsters Politi",),
    "Syd- og Sønderjyllands Politi": ("Syd og Sønderjyllands Politi",),
    "Fyns Politi": ("Fyns Politikreds",),
    "Østjyllands Politi": ("Østjyllands Politikreds",),
    "Nordjyllands Politi": ("Nordjyllands Politikreds",),
    "Sydøstjyllands Politi": ("Sydøstjyllands Politikreds",),
    "Københavns Politi": ("Københavns Politikreds",),
    "Bornholms Politi": ("Bornholms Politikreds",),
}
# A neighbouring district, for the "wrong police district" defect.
WRONG = {
    "Nordjyllands Politi": "Midt- og Vestjyllands Politi",
    "Østjyllands Politi": "Sydøstjyllands Politi",
    "Midt- og Vestjyllands Politi": "Østjyllands Politi",
    "Sydøstjyllands Politi": "Østjyllands Politi",
    "Syd- og Sønderjyllands Politi": "Sydøstjyllands Politi",
    "Fyns Politi": "Syd- og Sønderjyllands Politi",
    "Sydsjællands og Lolland-Falsters Politi": "Midt- og Vestsjællands Politi",
    "Midt- og Vestsjællands Politi": "Sydsjællands og Lolland-Falsters Politi",
    "Nordsjællands Politi": "Københavns Vestegns Politi",
    "Københavns Vestegns Politi": "Københavns Politi",
    "Københavns Politi": "Københavns Vestegns Politi",
    "Bornholms Politi": "Københavns Politi",
}
COMMITTEES = ("Børne- og Ungeudvalget", "Socialudvalget", "Økonomiudvalget", "Direktionen")


def long_date(d: date) -> str:
    return f"{d.day}. {MONTH_NAMES['da'][d.month - 1]} {d.year}"


def short_date(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def format_phone(digits: str, rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"
    if style == 1:
        return f"{digits[:4]} {digits[4:]}"
    if style == 2:
        return f"+45 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"
    return digits


class Ctx:
    """One plan being written: its spec, the ledger and shared names."""

    def __init__(self, spec: PlanSpec) -> None:
        self.spec = spec
        self.ledger = Ledger()
        muni = spec.muni
        self.k = muni.official_name
        self.short = muni.name if muni.code != "480" else "Nordfyn"
        if muni.code == "820":
            self.short = "Vesthimmerland"
        r = random.Random(f"{spec.profile.seed}:names")
        official = muni.police_district
        if spec.has("wrong-police-district"):
            official = WRONG[official]
        raw = official
        if spec.idiom("informal-police-district") and official in INFORMAL:
            raw = r.choice(INFORMAL[official])
        self.kreds: str | None = None if spec.has("police-district-missing") else raw
        self.kreds_official = None if self.kreds is None else official
        self.infohus = r.choice((f"Infohus {self.short}", "infohus kommune", "Infohus"))
        self.council = spec.profile.council
        self.year = spec.adopted.year

    def rng(self, key: str, salt: str = "") -> random.Random:
        gen = self.spec.generation.get(key, 1)
        return random.Random(f"{self.spec.profile.seed}:{key}:{gen}:{salt}")

    def vrng(self, key: str) -> random.Random:
        """Per-version randomness (dates, defects), not shared across versions."""
        return random.Random(f"{self.spec.seed}:{key}")

    def has(self, defect: str) -> bool:
        return self.spec.has(defect)

    def fmt(self, text: str) -> str:
        return text.format(
            k=self.k,
            short=self.short,
            kreds=self.kreds or "politiet",
            infohus=self.infohus,
            council=self.council,
            council_l=self.council[0].lower() + self.council[1:],
        )

    def pick(self, rng: random.Random, options: tuple[str, ...]) -> str:
        return self.fmt(rng.choice(options))

    def sentences(self, rng: random.Random, pool: tuple[str, ...], n: int) -> str:
        chosen = rng.sample(pool, min(n, len(pool)))
        return " ".join(self.fmt(s) for s in chosen)


# ---------------------------------------------------------------- front page


def front_page(c: Ctx) -> list[Block]:
    spec, led = c.spec, c.ledger
    rng = c.rng("front")
    if spec.idiom("nsk-combined"):
        title = rng.choice(
            (
                "Beredskab mod ekstremisme og negativ social kontrol",
                "Beredskabsplan for forebyggelse, opsporing og håndtering af ekstremisme"
                " og negativ social kontrol",
            )
        )
        led.features.add("nsk")
    elif spec.has("legal-scope-missing"):
        title = rng.choice(
            ("Beredskabsplan mod ekstremisme og radikalisering", "Beredskab mod radikalisering")
        )
    else:
        title = rng.choice(
            (
                "Beredskab til forebyggelse, opsporing og håndtering af ekstremisme",
                "Beredskabsplan – forebyggelse, opsporing og håndtering af ekstremisme",
                "Beredskabsplan mod ekstremisme",
                "Beredskab mod ekstremisme og radikalisering",
            )
        )
    blocks: list[Block] = [para(title, kind="title")]
    name_segs: tuple[Seg, ...] = (("sdt", c.k),) if spec.idiom("content-control") else (("t", c.k),)
    led.municipality_named = True
    blocks.append(Para(name_segs, kind="subtitle"))
    vr = c.vrng("front")
    year_text = rng.choice(("{y}", "{y}–{y4}", "Revideret {y}", "Beredskabsplan {y}"))
    blocks.append(para(year_text.format(y=c.year, y4=c.year + 4), kind="subtitle"))
    led.plan_year = c.year
    if vr.random() < 0.35:
        adoption = adoption_sentence(c, vr)
        if adoption:
            blocks.append(para(adoption, kind="small"))
            led.features.add("adoption-on-front-page")
    blocks.append(contact_box(c))
    if spec.idiom("toc-field"):
        blocks.append(Toc())
    blocks.append(PageBreak())
    return blocks


def contact_box(c: Ctx) -> ContactBox:
    spec, led, prof = c.spec, c.ledger, c.spec.profile
    rng = c.rng("contact")
    vr = c.vrng("contact")
    paras: list[Para] = []
    paras.append(
        para(
            c.pick(
                rng,
                (
                    "Er du bekymret for, at en person er involveret i ekstremisme?",
                    "Er du bekymret for, om en person er på vej ind i et ekstremistisk miljø?",
                    "Har du en bekymring om ekstremisme eller radikalisering?",
                ),
            ),
            kind="body",
        )
    )
    who = "Infohus xx" if spec.has("placeholder-left") and vr.random() < 0.5 else c.infohus
    if who == "Infohus xx":
        led.features.add("placeholder")
    if who[0].islower():
        who = "infohus kommune"
    phone = format_phone(prof.phone, rng)
    parts = []
    if not spec.has("contact-no-phone"):
        parts.append(f"på telefon {phone}")
        led.phone(prof.phone, local=True)
    if not spec.has("contact-no-email"):
        parts.append(f"på e-mail {prof.email}")
        led.email(prof.email)
    paras.append(
        para(
            rng.choice(("Så kontakt {who} {parts}.", "Kontakt {who} {parts}."))
            .format(who=who, parts=" eller ".join(parts))
            .replace("  ", " ")
        )
    )
    if not spec.has("hotline-missing"):
        number = "41749000" if spec.has("hotline-wrong-number") else HOTLINE
        shown = format_phone(number, rng).replace("+45 ", "")
        led.phone(number)
        led.features.add("hotline-correct" if number == HOTLINE else "hotline-wrong")
        text = rng.choice(
            (
                "Uden for åbningstiden kan du kontakte den nationale hotline mod radikalisering"
                " på {n}.",
                "Du kan også ringe til den nationale hotline mod radikalisering og ekstremisme"
                " på tlf. {n}.",
                "Hotline mod radikalisering: {n}.",
            )
        ).format(n=shown)
        hours = rng.random() < 0.6 or spec.has("hotline-hours-8-21")
        if hours:
            end = "21" if spec.has("hotline-hours-8-21") else "22"
            text += rng.choice(
                (" Hotlinen har åbent alle dage kl. 8-{e}.", " Åben dagligt kl. 08:00-{e}:00.")
            ).format(e=end)
            led.hotline_hours = f"8-{end}"
        paras.append(para(text))
    if not spec.has("police-114-missing"):
        paras.append(
            para(
                rng.choice(
                    (
                        "Har du mistanke om, at der er sket eller vil ske ulovlige handlinger,"
                        " så kontakt politiet på telefon 114 eller anmeld det på politi.dk.",
                        "Mistanke om kriminalitet meldes til politiet på 114 eller på politi.dk.",
                    )
                )
            )
        )
        led.phone("114")
        led.features |= {"police-114", "politi-dk"}
    if not spec.has("police-112-missing"):
        paras.append(
            para(
                rng.choice(
                    (
                        "Er der akut fare for nogens sikkerhed, så ring 112.",
                        "I akutte situationer, hvor borgeres sikkerhed er i fare, ringer du 112.",
                    )
                )
            )
        )
        led.phone("112")
        led.features.add("police-112")
    return ContactBox(tuple(paras))


def adoption_sentence(c: Ctx, vr: random.Random) -> str | None:
    """The adoption statement (INT006); records who adopted and when."""
    spec, led = c.spec, c.ledger
    if spec.has("adoption-missing") or led.adopted is not None:
        return None
    d = spec.adopted
    when = long_date(d) if vr.random() < 0.6 else short_date(d)
    led.adopted = d
    if spec.has("adopted-by-committee"):
        body = vr.choice(COMMITTEES)
        led.adopted_by = "administration" if body == "Direktionen" else "committee"
        return vr.choice(
            (
                f"Planen er godkendt af {body} den {when}.",
                f"Godkendt i {body} {when}.",
            )
        )
    led.adopted_by = "council"
    if spec.idiom("committee-then-council"):
        pre = vr.choice(COMMITTEES[:3])
        led.features.add("committee-then-council")
        return f"Planen er behandlet i {pre} og vedtaget af {c.council} den {when}."
    return vr.choice(
        (
            f"Vedtaget af {c.council} den {when}.",
            f"Beredskabsplanen er vedtaget af {c.council} den {when}.",
            f"Godkendt i {c.council} {when}.",
        )
    )


# ---------------------------------------------------------------- 1. introduction


def b_intro(c: Ctx) -> list[Block]:
    rng = c.rng("intro")
    out: list[Block] = [
        para(
            c.sentences(
                rng,
                (
                    "Ekstremisme kan skade den enkeltes trivsel og sikkerhed og skabe utryghed"
                    " i lokalsamfundet.",
                    "{k} ønsker et trygt lokalsamfund, hvor forskellighed og"
                    " demokratiske værdier respekteres.",
                    "Denne plan beskriver, hvordan vi i {k} arbejder, når nogen bliver bekymret"
                    " for en borger.",
                    "Planen er et fælles redskab for ledere og medarbejdere i kommunen og for"
                    " vores samarbejdspartnere.",
                    "Arbejdet bygger på et tæt samarbejde mellem kommunens forvaltninger og"
                    " politiet.",
                ),
                3,
            )
        )
    ]
    law = law_sentence(c)
    if law:
        out.append(para(law))
    if c.vrng("scope-place").random() < 0.5:
        out.append(para(scope_sentence(c)))
    return out


def law_sentence(c: Ctx) -> str | None:
    led = c.ledger
    rng = c.rng("intro", "law")
    if c.has("stale-law-serviceloven"):
        led.features.add("law-serviceloven-19")
        return rng.choice(
            (
                "Efter servicelovens § 19, stk. 3, skal kommunen have et beredskab til"
                " forebyggelse af ekstremisme og radikalisering.",
                "Planen er udarbejdet efter serviceloven § 19, stk. 3.",
            )
        )
    if c.spec.adopted >= date(2024, 4, 1) and rng.random() < 0.75:
        led.features.add("law-barnets-lov")
        return rng.choice(
            (
                "Efter Barnets lov § 15, stk. 3, skal kommunen have et beredskab mod"
                " ekstremisme, og beredskabet skal revideres efter behov.",
                "Planen opfylder kravet i Barnets lov § 15, stk. 3.",
            )
        )
    return None


def scope_sentence(c: Ctx) -> str:
    """INT001 and INT009 in one place."""
    led = c.ledger
    rng = c.rng("scope")
    if c.has("scope-children-only"):
        led.features |= {"scope-children-only", "legal-scope"}
        return rng.choice(
            (
                "Beredskabet omfatter forebyggelse, opsporing og håndtering af ekstremisme"
                " blandt børn og unge under 18 år og deres familier.",
                "Planen gælder børn og unge under 18 år. Den beskriver forebyggelse, opsporing"
                " og håndtering af ekstremisme blandt børn, unge og deres familier.",
            )
        )
    if c.has("legal-scope-missing"):
        led.features.add("scope-all-ages")
        return rng.choice(
            (
                "Beredskabet gælder alle borgere i kommunen uanset alder.",
                "Planen dækker alle borgere uanset alder.",
            )
        )
    led.features |= {"scope-all-ages", "legal-scope"}
    return rng.choice(
        (
            "Beredskabet omfatter forebyggelse, opsporing og håndtering af ekstremisme blandt"
            " børn, unge og deres familier – og også blandt voksne. Det gælder alle borgere"
            " uanset alder.",
            "Planen dækker både børn, unge og voksne. Den beskriver vores forebyggelse,"
            " opsporing og håndtering af ekstremisme blandt børn, unge og deres familier og"
            " blandt alle andre borgere uanset alder.",
            "Beredskabet gælder alle borgere uanset alder: børn, unge og voksne. Det dækker"
            " forebyggelse, opsporing og håndtering af ekstremisme blandt børn, unge og deres"
            " familier.",
        )
    )


def b_vision(c: Ctx) -> list[Block]:
    if c.has("empty-section:intro.vision"):
        out: list[Block] = [
            para("Hvad er kommunens vision for forebyggelse af ekstremisme?", role="question")
        ]
        return out
    rng = c.rng("intro.vision")
    out = [
        para(
            c.sentences(
                rng,
                (
                    "Vores vision er, at ingen borgere i {k} bliver en del af et ekstremistisk"
                    " miljø.",
                    "Vi vil opdage bekymringer tidligt og handle hurtigt og koordineret.",
                    "Formålet med planen er, at alle fagpersoner ved, hvad de skal gøre, når de"
                    " bliver bekymrede.",
                    "Vi arbejder ud fra, at tidlig og tillidsfuld kontakt virker bedst.",
                    "Indsatsen skal styrke fællesskaber, demokratisk dannelse og trivsel.",
                    "Vi tager alle bekymringer alvorligt og møder borgeren med respekt.",
                    "{k} vil være en kommune, hvor man tør sige fra over for vold og had.",
                ),
                rng.randint(3, 4),
            )
        )
    ]
    if c.spec.idiom("answered-questions") and rng.random() < 0.5:
        out.insert(
            0, para("Hvad er kommunens vision for forebyggelse af ekstremisme?", role="question")
        )
    return out


GOALS = (
    "Alle skoler, fritidstilbud og jobcentre kender proceduren for bekymringshenvendelser.",
    "Nye medarbejdere på børne- og ungeområdet får introduktion til bekymringstegn inden for"
    " deres første seks måneder.",
    "En bekymringshenvendelse bliver vurderet i infohus kommune inden for fem arbejdsdage.",
    "Forældre og pårørende ved, hvor de kan få råd, når de er bekymrede.",
    "Samarbejdet med politiet, kriminalforsorgen og psykiatrien evalueres i planperioden.",
    "Alle ledere på skoler og klubber deltager i et årligt temamøde om ekstremisme.",
    "Kommunen har en opdateret oversigt over exit- og mentorindsatser.",
    "Styregruppen følger udviklingen i antallet af henvendelser.",
    "Infohustovholderen tilbyder sparring til fagpersoner inden for to arbejdsdage.",
    "Eleverne i udskolingen lærer at genkende ekstremistisk propaganda på nettet.",
    "Beredskabsplanen gennemgås på ledermøder i alle forvaltninger.",
    "Medarbejdere på botilbud og i socialpsykiatrien kender bekymringstegnene.",
    "Mentorforløb kan tilbydes inden for en måned efter en vurdering i infohuset.",
)


def b_goals(c: Ctx) -> list[Block]:
    spec, led = c.spec, c.ledger
    rng = c.rng("intro.goals")
    n = rng.choice((3, 4, 4, 5))
    if spec.has("goals-too-few"):
        n = 2
    elif spec.has("goals-too-many"):
        n = 6
    goals = rng.sample(GOALS, n)
    led.goals.extend(goals)
    out: list[Block] = []
    if spec.has("guidance-left") and c.vrng("guidance").random() < 0.4:
        out.append(
            para(
                "Opstil 3-5 konkrete mål for de næste to eller fire år (til beredskabet skal"
                " revideres).",
                role="guidance",
            )
        )
        led.features.add("guidance")
    out.append(
        para(
            c.pick(
                rng,
                (
                    "I planperioden arbejder vi med disse mål:",
                    "{k} har sat følgende mål for beredskabet:",
                    "Vores mål for de kommende år er:",
                ),
            )
        )
    )
    if spec.idiom("goals-table"):
        rows = [("Mål", "Sådan følger vi op")]
        follow = ("Status på ledermøde", "Opgørelse i infohus", "Evaluering", "Temamøde")
        rows += [(g, rng.choice(follow)) for g in goals]
        out.append(TableBlock(tuple(rows)))
    elif spec.idiom("goals-maal-paragraphs"):
        for i, g in enumerate(goals, 1):
            out.append(Para((("b", f"Mål {i}: "), ("t", g)), role="goal"))
    elif spec.idiom("goals-numbered"):
        out += [para(g, kind="number", role="goal", list_group=1) for g in goals]
    else:
        out += [para(g, kind="bullet", role="goal") for g in goals]
    return out


def interval_sentence(c: Ctx) -> str | None:
    spec, led = c.spec, c.ledger
    rng = c.rng("intro.responsibility", "interval")
    phrase = spec.interval_phrase
    if phrase == "none":
        return None
    led.interval = spec.interval
    if phrase == "min4":
        return rng.choice(
            (
                "Planen revideres løbende efter behov, dog som minimum hvert fjerde år.",
                "Beredskabsplanen revideres efter behov og mindst hvert fjerde år.",
            )
        )
    if phrase == "every4":
        return rng.choice(
            (
                "Beredskabsplanen revideres hvert 4. år.",
                "Planen tages op til revision hvert fjerde år.",
            )
        )
    if phrase == "by-year":
        return f"Planen skal revideres senest i {spec.adopted.year + spec.interval}."
    word = {2: "andet", 3: "tredje", 5: "femte"}[spec.interval]
    return f"Planen revideres hvert {word} år."


def b_responsibility(c: Ctx) -> list[Block]:
    spec, led = c.spec, c.ledger
    rng = c.rng("intro.responsibility")
    out: list[Block] = []
    if spec.has("responsibility-levels-missing"):
        out.append(
            para(
                c.pick(
                    rng,
                    (
                        "Ansvaret for beredskabet ligger i Børne- og Familieafdelingen.",
                        "SSP-konsulenten har ansvaret for at holde planen opdateret.",
                    ),
                )
            )
        )
    else:
        led.features.add("levels")
        style = rng.randrange(3)
        if style == 0:
            out.append(
                para(
                    c.fmt(
                        "Det politiske ansvar ligger hos {council}. Det strategiske ansvar"
                        " ligger hos direktionen. Det udførende ansvar ligger hos"
                        " infohustovholderen og lederne i forvaltningerne."
                    )
                )
            )
        elif style == 1:
            out.append(para("Ansvaret er fordelt på tre niveauer:"))
            out += [
                para(c.fmt(t), kind="bullet")
                for t in (
                    "Politisk niveau: {council} og de stående udvalg.",
                    "Strategisk niveau: direktionen og styregruppen for SSP.",
                    "Udførende niveau: infohustovholderen og fagpersonerne.",
                )
            ]
        else:
            out.append(
                para(
                    c.fmt(
                        "På politisk niveau har {council_l} ansvaret. På strategisk niveau er"
                        " det direktionen, og på det operationelle niveau er det"
                        " infohustovholderen i samarbejde med lederne."
                    )
                )
            )
    tracked = spec.idiom("tracked-changes") and c.vrng("tracked").random() < 0.5
    interval = interval_sentence(c)
    if interval:
        if tracked and spec.interval_phrase in ("min4", "every4"):
            out.append(
                Para(
                    (
                        ("t", "Planen revideres "),
                        ("del", "hvert femte år"),
                        ("ins", "mindst hvert fjerde år"),
                        ("t", "."),
                    )
                )
            )
        else:
            out.append(para(interval))
    adoption = adoption_sentence(c, c.vrng("adoption"))
    if adoption:
        out.append(para(adoption))
    out.append(
        para(
            c.pick(
                rng,
                (
                    "Infohustovholderen følger op på planens mål og giver en status til"
                    " direktionen.",
                    "Styregruppen følger op på planen og på de aftalte mål.",
                ),
            )
        )
    )
    if spec.has("unanswered-question") and c.vrng("question").random() < 0.5:
        out.append(
            para(
                "Hvem har ansvaret for området i kommunen på politisk, strategisk og"
                " udførende niveau?",
                role="question",
            )
        )
    return out


SIGNS_INDIVIDUAL = (
    "Udviser voldsparathed eller deltager i voldelige sammenstød.",
    "Opsøger hjemmesider, litteratur eller film med voldslegitimerende budskaber.",
    "Truer, chikanerer eller lægger socialt pres på andre.",
    "Viser stor optagethed af en bestemt sag eller person.",
    "Udtrykker foragt for og intolerance over for andres holdninger.",
    "Bruger symboler, tøj eller udtryk, der viser tilknytning til ekstreme budskaber.",
)
SIGNS_SOCIAL = (
    "Har omgang med personer eller grupper med ekstreme holdninger.",
    "Isolerer sig og tager afstand fra familie og venner.",
    "Afbryder uddannelse eller job og trækker sig fra fællesskaber.",
    "Færdes i miljøer med let adgang til våben.",
)


def b_definitions(c: Ctx) -> list[Block]:
    spec, led = c.spec, c.ledger
    rng = c.rng("intro.definitions")
    out: list[Block] = []
    if (
        spec.has("guidance-left")
        and c.vrng("guidance").random() < 0.5
        and ("guidance" not in led.features)
    ):
        out.append(
            para(
                "I dette afsnit anbefales det at anvende teksten fra tekstblok 2.",
                role="guidance",
            )
        )
        led.features.add("guidance")
    ext = rng.choice(
        (
            "Ekstremisme: Personer eller grupper, der begår eller søger at legitimere vold"
            " eller andre ulovlige handlinger med henvisning til samfundsforhold, de er"
            " utilfredse med.",
            "Ved ekstremisme forstår vi, at personer eller grupper begår eller forsøger at"
            " retfærdiggøre vold eller andre ulovlige handlinger med henvisning til"
            " samfundsforhold, de er utilfredse med.",
        )
    )
    out.append(
        Para((("b", "Ekstremisme: "), ("t", ext.split(": ", 1)[-1])))
        if ext.startswith("Ekstremisme:")
        else para(ext)
    )
    led.features.add("defs-extremism")
    if spec.has("forms-outdated"):
        out.append(
            para(
                rng.choice(
                    (
                        "De væsentligste former for ekstremisme i Danmark er højreekstremisme,"
                        " venstreekstremisme og militant islamisme.",
                        "I Danmark taler man især om højreekstremisme, venstreekstremisme og"
                        " ekstrem islamisme.",
                    )
                )
            )
        )
    else:
        led.features.add("forms-4")
        out.append(
            para(
                rng.choice(
                    (
                        "De væsentligste former for ekstremisme i Danmark er ekstrem"
                        " islamisme, højreekstremisme, venstreekstremisme og"
                        " antimyndighedsekstremisme.",
                        "I Danmark ser vi i dag fire hovedformer: ekstrem islamisme,"
                        " højreekstremisme, venstreekstremisme og antimyndighedsekstremisme.",
                    )
                )
            )
        )
    if not spec.has("radicalisation-undefined"):
        led.features.add("defs-radicalisation")
        rad = rng.choice(
            (
                "Radikalisering: En kortere eller længere proces, hvor en person tilslutter"
                " sig ekstremistiske synspunkter eller legitimerer sine handlinger ud fra en"
                " ekstremistisk ideologi.",
                "Ved radikalisering forstår vi den proces, hvor en person i stigende grad"
                " accepterer ekstremistiske holdninger og brug af vold.",
            )
        )
        out.append(
            Para((("b", "Radikalisering: "), ("t", rad.split(": ", 1)[-1])))
            if rad.startswith("Radikalisering:")
            else para(rad)
        )
    if not spec.has("concern-signs-missing"):
        led.features |= {"signs-individual", "signs-social"}
        out.append(
            para(
                c.pick(
                    rng,
                    (
                        "Der er ikke én vej ind i ekstremisme. Når flere tegn optræder på samme"
                        " tid, kan der være grund til at reagere. Listen er ikke en tjekliste,"
                        " men et hjælperedskab.",
                        "Tegnene nedenfor kan hjælpe dig med at vurdere, om der er grund til"
                        " bekymring. Det er samspillet mellem flere tegn, der er vigtigt.",
                    ),
                )
            )
        )
        out.append(Para((("b", "Individuelle bekymringstegn:"),)))
        out += [para(s, kind="bullet") for s in rng.sample(SIGNS_INDIVIDUAL, 4)]
        out.append(Para((("b", "Bekymringstegn i sociale forhold og netværk:"),)))
        out += [para(s, kind="bullet") for s in rng.sample(SIGNS_SOCIAL, 3)]
    return out


# ---------------------------------------------------------------- 2. organisation


def b_org(c: Ctx) -> list[Block]:
    rng = c.rng("org")
    return [
        para(
            c.pick(
                rng,
                (
                    "Her beskriver vi, hvem der gør hvad, og hvordan vi samarbejder på tværs.",
                    "Arbejdet mod ekstremisme går på tværs af forvaltninger og myndigheder."
                    " Dette kapitel viser, hvordan det er organiseret.",
                    "Kapitlet beskriver organiseringen i {k} og samarbejdet med politiet.",
                ),
            )
        )
    ]


def b_organisation(c: Ctx) -> list[Block]:
    if c.has("empty-section:org.organisation"):
        return [
            para(
                "Hvordan er indsatsen for forebyggelse, opsporing og håndtering ekstremisme"
                " organiseret i kommunen?",
                role="question",
            )
        ]
    rng = c.rng("org.organisation")
    return [
        para(
            c.sentences(
                rng,
                (
                    "Indsatsen er forankret i SSP-samarbejdet i Børne- og Ungeforvaltningen.",
                    "Kommunens infohustovholder sidder i {forv} og koordinerer arbejdet.".replace(
                        "{forv}",
                        rng.choice(("Socialforvaltningen", "Børn og Familie", "SSP-sekretariatet")),
                    ),
                    "Jobcenter, skoler, socialpsykiatri og ungdomsuddannelser har hver en"
                    " kontaktperson på området.",
                    "Styregruppen for det kriminalpræventive arbejde følger indsatsen.",
                    "Kontaktpersonerne kan altid trække på infohustovholderen.",
                ),
                3,
            )
        )
    ]


def b_infohus(c: Ctx) -> list[Block]:
    led = c.ledger
    rng = c.rng("org.infohus")
    placeholder = (
        c.has("placeholder-left")
        and "placeholder" not in led.features
        and c.vrng("placeholder").random() < 0.5
    )
    name = "[KOMMUNENS NAVN]" if placeholder else c.k
    if placeholder:
        led.features.add("placeholder")
    if c.kreds:
        led.police_raw = c.kreds
        led.police_official = c.kreds_official
        first = rng.choice(
            (
                "{name} er en del af infohus-samarbejdet, som er et kriminalpræventivt"
                " samarbejde mellem kommunen og {kreds}.",
                "Infohus-samarbejdet er et kriminalpræventivt samarbejde mellem {name} og"
                " {kreds} samt andre relevante myndigheder.",
            )
        ).format(name=name, kreds=c.kreds)
    else:
        first = (
            f"{name} er en del af infohus-samarbejdet, som er et kriminalpræventivt"
            " samarbejde mellem kommunen og politiet."
        )
    return [
        para(first),
        para(
            c.sentences(
                rng,
                (
                    "Infohusets primære opgave er at analysere og vurdere konkrete bekymringer.",
                    "Infohuset er også et forum, hvor myndighederne deler viden om lokale"
                    " tendenser.",
                    "Hver myndighed handler efter den lovgivning, der gælder for den.",
                    "Infohusene er organiseret i to strukturer: infohus kommune og infohus"
                    " netværk.",
                ),
                3,
            )
        ),
    ]


def b_infohus_municipality(c: Ctx) -> list[Block]:
    spec, led = c.spec, c.ledger
    rng = c.rng("org.infohus_municipality")
    out: list[Block] = [
        para(
            c.sentences(
                rng,
                (
                    "I infohus kommune samarbejder infohustovholderen fra politiet og"
                    " infohustovholderen fra kommunen.",
                    "Formålet er en systematisk og koordineret vurdering af bekymringer.",
                    "Efter behov deltager repræsentanter fra skole, jobcenter, psykiatri og"
                    " kriminalforsorgen.",
                    "Infohus kommune træffer ikke myndighedsbeslutninger; hver myndighed"
                    " iværksætter selv sine tiltag.",
                ),
                3,
            )
        )
    ]
    if not spec.has("infohus-meetings-missing"):
        led.features.add("infohus-meetings")
        out.append(
            para(
                rng.choice(
                    (
                        "Infohus kommune holder faste møder én gang om måneden og mødes ad hoc,"
                        " når en bekymring kræver det.",
                        "Der holdes faste møder hver 14. dag og ad hoc-møder ved akutte"
                        " bekymringer.",
                        "Infohus kommune mødes fast seks gange om året. Derudover holdes ad"
                        " hoc-møder efter behov.",
                    )
                )
            )
        )
    return out


def b_procedure(c: Ctx) -> list[Block]:
    spec, led = c.spec, c.ledger
    rng = c.rng("org.procedure")
    out: list[Block] = []
    if spec.has("procedure-incomplete"):
        out.append(para("Bekymringer sendes til infohus, som tager stilling til sagen."))
    else:
        led.features |= {"procedure-who", "procedure-contact", "procedure-steps"}
        out.append(
            para(
                c.pick(
                    rng,
                    (
                        "Alle kan henvende sig med en bekymring: medarbejdere, borgere, pårørende"
                        " og samarbejdspartnere.",
                        "Både fagpersoner, borgere og pårørende kan henvende sig, hvis de er"
                        " bekymrede.",
                    ),
                )
            )
        )
        out.append(
            para(
                c.pick(
                    rng,
                    (
                        "Du kontakter kommunens infohustovholder. Kontaktoplysningerne står"
                        " forrest i planen.",
                        "Henvendelsen går til infohustovholderen i kommunen, som du finder i"
                        " kontaktboksen forrest i planen.",
                    ),
                )
            )
        )
        out.append(para("Sådan behandles en bekymring:"))
        steps = (
            "Infohustovholderen modtager henvendelsen og kontakter den, der er bekymret.",
            "Infohustovholderne fra kommune og politi vurderer, om bekymringen hører under"
            " infohuset.",
            "Sagen behandles i infohus kommune, og relevante fagpersoner inddrages.",
            "Der iværksættes indsatser, og en ansvarlig følger op.",
            "Sagen afsluttes, når bekymringen er afklaret, og den, der henvendte sig, får besked.",
        )
        out += [para(s, kind="number", list_group=2) for s in steps]
    if not spec.has("assessment-tool-missing"):
        led.features.add("assessment-tool")
        out.append(
            para(
                rng.choice(
                    (
                        "Infohus kommune bruger vurderingsværktøjet, når en bekymring skal"
                        " vurderes, og altid inden sagen afsluttes.",
                        "Vurderingsværktøjet anvendes i infohus kommune ved alle nye"
                        " bekymringer for ekstremisme.",
                    )
                )
            )
        )
    if not spec.has("registration-missing"):
        led.features.add("registration")
        out.append(
            para(
                rng.choice(
                    (
                        "Alle henvendelser registreres og journaliseres i kommunens"
                        " ESDH-system efter reglerne om behandling af personoplysninger.",
                        "Bekymringer og personoplysninger journaliseres i sagssystemet, så vi"
                        " overholder databeskyttelsesreglerne.",
                    )
                )
            )
        )
    return out


def b_network(c: Ctx) -> list[Block]:
    spec, led = c.spec, c.ledger
    rng = c.rng("org.network")
    out: list[Block] = [
        para(
            c.fmt(
                rng.choice(
                    (
                        "Infohus netværk er et mødeforum for infohustovholdere fra politi,"
                        " kommuner og kriminalforsorgen i hele politikredsen.",
                        "I infohus netværk deler myndighederne viden om tendenser og metoder og"
                        " drøfter erfaringer i anonymiseret form.",
                    )
                )
            )
        )
    ]
    if not spec.has("network-meetings-missing"):
        led.features.add("network-meetings")
        where = f" i {c.kreds}" if c.kreds else ""
        out.append(
            para(
                rng.choice(
                    (
                        "Netværket mødes fire gange om året{w}.",
                        "Infohus netværk{w} mødes to gange om året.",
                        "Der holdes netværksmøder{w} én gang i kvartalet.",
                    )
                ).format(w=where)
            )
        )
    return out


# ---------------------------------------------------------------- 3. efforts

EFFORTS = {
    "citizen": (
        ("Mentorforløb", "En mentor støtter borgeren i hverdagen og i at bryde med miljøet."),
        ("Exitprogram", "Et forløb for borgere, der vil forlade et ekstremistisk miljø."),
        ("Samtaleforløb", "Målrettede samtaler med en erfaren rådgiver."),
    ),
    "surroundings": (
        ("Forældrecoaching", "Forældre får rådgivning og støtte, når de er bekymrede."),
        ("Pårørendenetværk", "Pårørende mødes og deler erfaringer med en fagperson."),
        ("Netværksmøder", "Familie og netværk inddrages i et fælles møde om bekymringen."),
    ),
    "professionals": (
        ("Sparring", "Fagpersoner kan få sparring hos infohustovholderen."),
        ("Temadage", "Temadage om bekymringstegn for skoler og klubber."),
        ("Kursus", "Kursus i samtaler med unge om holdninger og demokrati."),
    ),
}
OWNERS = ("SSP-konsulenten", "Infohustovholderen", "Familieafdelingen", "Jobcentret", "PPR")


def b_efforts(c: Ctx) -> list[Block]:
    rng = c.rng("efforts")
    out: list[Block] = [
        para(
            c.pick(
                rng,
                (
                    "Her beskriver vi de indsatser, vi bruger for at forebygge og håndtere"
                    " ekstremisme.",
                    "{k} har en række indsatser, der kan sættes i gang efter en vurdering.",
                ),
            )
        )
    ]
    if c.has("no-efforts"):
        return [
            para("Indhold", kind="bullet", role="skeleton"),
            para("Ansvarlig", kind="bullet", role="skeleton"),
        ]
    if c.spec.idiom("efforts-table"):
        rows: list[tuple[str, ...]] = [("Indsats", "Indhold", "Ansvarlig")]
        for group in ("citizen", "surroundings", "professionals"):
            for name, content in rng.sample(EFFORTS[group], 1):
                owner = rng.choice(OWNERS)
                rows.append((name, content, owner))
        rows = _drop_owner(c, rows)
        out.append(TableBlock(tuple(rows)))
    return out


def _drop_owner(c: Ctx, rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    led = c.ledger
    out = [rows[0]]
    for i, row in enumerate(rows[1:]):
        missing = c.has("effort-owner-missing") and i == 0
        out.append((row[0], row[1], "") if missing else row)
        led.efforts.append((row[0], not missing))
    return out


def b_effort_group(group: str) -> Callable[[Ctx], list[Block]]:
    def build(c: Ctx) -> list[Block]:
        rng = c.rng(f"efforts.{group}")
        led = c.ledger
        out: list[Block] = []
        layout = c.rng("efforts").randrange(3)
        for name, content in rng.sample(EFFORTS[group], rng.choice((1, 2))):
            missing = c.has("effort-owner-missing") and not led.efforts
            owner = rng.choice(OWNERS)
            led.efforts.append((name, not missing))
            if layout == 0:
                out.append(Para((("b", name),)))
                out.append(Para((("b", "Indhold: "), ("t", content)), role="effort"))
                if not missing:
                    out.append(Para((("b", "Ansvarlig: "), ("t", owner)), role="effort"))
            elif layout == 1:
                rows = [("Indsats", name), ("Indhold", content)]
                if not missing:
                    rows.append(("Ansvarlig", owner))
                out.append(TableBlock(tuple(rows), header=False))
            else:
                text = f"{name}: {content}"
                if not missing:
                    text += f" Ansvarlig: {owner}."
                out.append(para(text, kind="bullet", role="effort"))
        if group == "citizen" and c.has("stale-law-12b"):
            c.ledger.features.add("law-12b-over-18")
            out.append(
                para(
                    "Efter servicelovens § 12 b kan kommunen tilbyde et exitprogram til"
                    " personer over 18 år."
                )
            )
        elif group == "citizen" and rng.random() < 0.2:
            c.ledger.features.add("law-12b-borgere")
            out.append(
                para(
                    "Efter serviceloven § 12 b kan kommunen tilbyde et exitprogram til"
                    " borgere, der er i risiko for at blive radikaliseret."
                )
            )
        return out

    return build


# ---------------------------------------------------------------- 4. communication


def b_comms(c: Ctx) -> list[Block]:
    rng = c.rng("comms")
    return [
        para(
            c.pick(
                rng,
                (
                    "Fagpersoner skal kende planen og vide, hvad de gør, hvis de bliver bekymrede.",
                    "Kapitlet handler om, hvordan vi gør planen kendt og klæder medarbejderne på.",
                ),
            )
        )
    ]


def b_dissemination(c: Ctx) -> list[Block]:
    if c.has("empty-section:comms.dissemination"):
        return [
            para(
                "Her kan kommunen beskrive om kommunen vil formidle beredskabsplanen på"
                " hjemmesiden og/eller intranet",
                role="guidance",
            )
        ]
    led = c.ledger
    rng = c.rng("comms.dissemination")
    out: list[Block] = []
    if not c.has("publication-missing"):
        led.features.add("published")
        out.append(
            para(
                c.pick(
                    rng,
                    (
                        "Beredskabsplanen er offentliggjort på kommunens hjemmeside og på"
                        " intranettet.",
                        "Du finden planen på {k}s hjemmeside. Medarbejdere kan også finde den"
                        " på intranettet.",
                        "Planen ligger på intranettet og på kommunens hjemmeside.",
                    ),
                ).replace("finden", "finder")
            )
        )
    out.append(
        para(
            c.pick(
                rng,
                (
                    "Lederne sørger for, at planen bliver præsenteret på personalemøder.",
                    "Infohustovholderen præsenterer planen for nye ledere.",
                ),
            )
        )
    )
    return out


def centre_sentence(c: Ctx) -> str:
    led = c.ledger
    if c.has("ncfe-as-current"):
        led.features.add("ncfe-current")
        return (
            "Nationalt Center for Forebyggelse af Ekstremisme (NCFE) tilbyder rådgivning og"
            " materialer, som vi bruger."
        )
    if c.spec.idiom("former-centre-name"):
        led.features |= {"cde", "ncfe-former"}
        return (
            "Center for Dokumentation og Indsats mod Ekstremisme (CDE, tidligere NCFE)"
            " tilbyder rådgivning og materialer, som vi bruger."
        )
    led.features.add("cde")
    return (
        "Vi bruger materialer og kurser fra CDE, Center for Dokumentation og Indsats mod"
        " Ekstremisme."
    )


def b_training(c: Ctx) -> list[Block]:
    if c.has("empty-section:comms.training"):
        return [
            para(
                "Hvad er kommunens plan for løbende opkvalificering af fagpersoner i arbejdet"
                " med forebyggelse af ekstremisme?",
                role="question",
            )
        ]
    led = c.ledger
    rng = c.rng("comms.training")
    out: list[Block] = []
    if not c.has("training-plan-missing"):
        led.features.add("training-plan")
        out.append(
            para(
                c.pick(
                    rng,
                    (
                        "Vi sikrer løbende opkvalificering af fagpersoner gennem årlige"
                        " temadage og introduktion af nye medarbejdere.",
                        "Fagpersoner på skoler, i klubber og i jobcentret tilbydes løbende"
                        " opkvalificering i at spotte og handle på bekymringstegn.",
                    ),
                )
            )
        )
    else:
        out.append(para("Medarbejderne kan læse mere om emnet på intranettet."))
    tracked = c.spec.idiom("tracked-changes") and "ncfe-current" not in led.features
    sentence = centre_sentence(c)
    if tracked and "cde" in led.features and not c.spec.idiom("former-centre-name"):
        out.append(
            Para(
                (
                    ("t", "Vi bruger materialer og kurser fra "),
                    ("del", "Nationalt Center for Forebyggelse af Ekstremisme"),
                    ("ins", "CDE, Center for Dokumentation og Indsats mod Ekstremisme"),
                    ("t", "."),
                )
            )
        )
    else:
        out.append(para(sentence))
    return out


def b_acute(c: Ctx) -> list[Block]:
    led = c.ledger
    rng = c.rng("comms.acute")
    out: list[Block] = []
    if not c.has("acute-coordination-missing"):
        led.features.add("acute-coordination")
        out.append(
            para(
                c.pick(
                    rng,
                    (
                        "I akutte situationer koordinerer infohustovholderen indsatsen på tværs"
                        " af forvaltningerne og med politiet. Fagpersoner kan få hjælp og"
                        " rådgivning hos infohustovholderen.",
                        "Ved en akut hændelse samles en krisegruppe med ledere fra de berørte"
                        " forvaltninger, som koordinerer på tværs.",
                    ),
                )
            )
        )
    if not c.has("press-handling-missing"):
        led.features.add("press-handling")
        out.append(
            para(
                c.pick(
                    rng,
                    (
                        "Henvendelser fra pressen håndteres af kommunens kommunikationsafdeling"
                        " i samarbejde med politiet.",
                        "Kun kommunikationschefen udtaler sig til pressen i en akut sag.",
                    ),
                )
            )
        )
    if not out:
        out.append(para("Ved akutte hændelser følges kommunens generelle beredskabsplan."))
    return out


def b_nsk(c: Ctx) -> list[Block]:
    rng = c.rng("nsk")
    return [
        para(
            c.sentences(
                rng,
                (
                    "Planen omfatter også negativ social kontrol og æresrelaterede konflikter.",
                    "Negativ social kontrol kan begrænse den enkeltes frihed og ret til at"
                    " træffe egne valg.",
                    "Bekymringer om æresrelaterede konflikter håndteres efter samme procedure"
                    " som bekymringer om ekstremisme.",
                ),
                3,
            )
        )
    ]


def b_appendix(c: Ctx) -> list[Block]:
    return [
        para(
            "Bilaget samler de love og vejledninger, planen bygger på, og links til"
            " materialer om forebyggelse af ekstremisme."
        )
    ]


# ---------------------------------------------------------------- assembly

TITLES: dict[str, tuple[str, ...]] = {
    "intro": ("Introduktion", "Indledning", "Baggrund"),
    "intro.vision": (
        "Kommunens vision og formål for forebyggelse, opsporing og håndtering af ekstremisme",
        "Vision og formål",
        "Formål og vision",
        "Vores vision",
        "Formål med beredskabet",
    ),
    "intro.goals": ("Mål", "Vores mål", "Målsætninger", "Mål for beredskabet", "Konkrete mål"),
    "intro.responsibility": (
        "Ansvar og opfølgning",
        "Ansvar, opfølgning og revision",
        "Ansvarsfordeling",
        "Ansvar og revision",
    ),
    "intro.definitions": (
        "Definitioner og bekymringstegn",
        "Hvad er ekstremisme?",
        "Begreber og bekymringstegn",
        "Definitioner og opmærksomhedspunkter",
    ),
    "org": (
        "Organisering og samarbejde",
        "Samarbejde og organisering",
        "Organisation og samarbejde",
    ),
    "org.organisation": ("Organisering", "Organisering af indsatsen", "Kommunens organisering"),
    "org.infohus": ("Infohus-samarbejdet", "Infohussamarbejdet", "Samarbejdet i infohus"),
    "org.infohus_municipality": ("Infohus {short}", "Infohus kommune", "Kommunens infohus"),
    "org.procedure": (
        "Procedure for modtagelse og håndtering af bekymring vedr. ekstremisme",
        "Sådan håndterer vi en bekymring",
        "Procedure ved bekymring",
        "Når du er bekymret",
        "Håndtering af bekymringer",
    ),
    "org.network": ("Infohus netværk", "Infohusnetværk", "Netværket i politikredsen"),
    "efforts": ("Indsatser", "Vores indsatser", "Indsatser og aktiviteter", "Kommunens indsatser"),
    "efforts.citizen": (
        "Indsatser rettet mod borger",
        "Indsatser rettet mod den enkelte borger",
        "Indsatser for den enkelte",
    ),
    "efforts.surroundings": (
        "Indsatser rettet mod borgers omgivelser",
        "Indsatser rettet mod familie og netværk",
        "Indsatser for pårørende og netværk",
    ),
    "efforts.professionals": (
        "Indsatser rettet mod fagprofessionelle",
        "Indsatser rettet mod fagpersoner",
        "Støtte til fagpersoner",
    ),
    "comms": (
        "Kommunikation og opkvalificering",
        "Kommunikation og kompetenceudvikling",
        "Formidling og opkvalificering",
    ),
    "comms.dissemination": ("Formidling", "Formidling af planen", "Her finder du planen"),
    "comms.training": ("Opkvalificering", "Kompetenceudvikling", "Opkvalificering af fagpersoner"),
    "comms.acute": (
        "Informationsstrategi i akutte situationer",
        "Akutte situationer",
        "Kommunikation i akutte situationer",
        "Når det er akut",
    ),
}
MERGES: dict[tuple[str, str], tuple[str, ...]] = {
    ("intro.vision", "intro.goals"): ("Vision og mål", "Formål og mål"),
    ("org.organisation", "org.infohus"): ("Organisering og infohus-samarbejdet",),
    ("comms.dissemination", "comms.training"): ("Formidling og opkvalificering",),
}
BUILDERS: dict[str, Callable[[Ctx], list[Block]]] = {
    "intro": b_intro,
    "intro.vision": b_vision,
    "intro.goals": b_goals,
    "intro.responsibility": b_responsibility,
    "intro.definitions": b_definitions,
    "org": b_org,
    "org.organisation": b_organisation,
    "org.infohus": b_infohus,
    "org.infohus_municipality": b_infohus_municipality,
    "org.procedure": b_procedure,
    "org.network": b_network,
    "efforts": b_efforts,
    "efforts.citizen": b_effort_group("citizen"),
    "efforts.surroundings": b_effort_group("surroundings"),
    "efforts.professionals": b_effort_group("professionals"),
    "comms": b_comms,
    "comms.dissemination": b_dissemination,
    "comms.training": b_training,
    "comms.acute": b_acute,
}


def outline(c: Ctx) -> list[tuple[int, tuple[str, ...]]]:
    """The plan's sections in order as (level, keys); merged keys share one heading."""
    spec = c.spec
    rng = c.rng("outline")
    Item = tuple[int, tuple[str, ...]]
    org_children: list[Item] = [
        (2, ("org.organisation",)),
        (2, ("org.infohus",)),
    ]
    deep = rng.random() < 0.5
    lvl = 3 if deep else 2
    org_children += [
        (lvl, ("org.infohus_municipality",)),
        (lvl, ("org.procedure",)),
        (lvl, ("org.network",)),
    ]
    effort_children: list[Item] = (
        []
        if spec.idiom("efforts-table") or spec.has("no-efforts")
        else [
            (2, ("efforts.citizen",)),
            (2, ("efforts.surroundings",)),
            (2, ("efforts.professionals",)),
        ]
    )
    chapters: list[list[Item]] = [
        [
            (1, ("intro",)),
            (2, ("intro.vision",)),
            (2, ("intro.goals",)),
            (2, ("intro.responsibility",)),
            (2, ("intro.definitions",)),
        ],
        [(1, ("org",)), *org_children],
        [(1, ("efforts",)), *effort_children],
        [
            (1, ("comms",)),
            (2, ("comms.dissemination",)),
            (2, ("comms.training",)),
            (2, ("comms.acute",)),
        ],
    ]
    if spec.idiom("reordered-sections"):
        move = rng.randrange(3)
        if move == 0:
            chapters[2], chapters[3] = chapters[3], chapters[2]
        elif move == 1:
            intro = chapters[0]
            chapters[0] = [intro[0], intro[4], intro[1], intro[2], intro[3]]
        else:
            org = chapters[1]
            idx = next(i for i, (_, k) in enumerate(org) if k == ("org.network",))
            net = org.pop(idx)
            proc = next(i for i, (_, k) in enumerate(org) if k == ("org.procedure",))
            org.insert(proc, net)
    flat = [item for ch in chapters for item in ch]
    if spec.idiom("merged-sections"):
        pair = rng.choice(list(MERGES))
        a = [i for i, (_, k) in enumerate(flat) if k == (pair[0],)]
        b = [i for i, (_, k) in enumerate(flat) if k == (pair[1],)]
        if a and b:
            flat[a[0]] = (flat[a[0]][0], pair)
            del flat[b[0]]
    dropped = {
        d.split(":", 1)[1]
        for d in spec.defects
        if d.startswith(("section-missing:", "recommended-missing:"))
    }
    flat = [(lvl_, keys) for lvl_, keys in flat if not set(keys) <= dropped]
    if spec.idiom("nsk-combined"):
        flat.append((1, ("nsk",)))
    if rng.random() < 0.3:
        flat.append((1, ("appendix",)))
    return flat


def heading_title(c: Ctx, keys: tuple[str, ...]) -> str:
    rng = c.rng("titles", "+".join(keys))
    if len(keys) > 1:
        return rng.choice(MERGES[keys])  # type: ignore[index]
    key = keys[0]
    if key == "nsk":
        return "Negativ social kontrol og æresrelaterede konflikter"
    if key == "appendix":
        return rng.choice(("Bilag: Lovgrundlag og materialer", "Bilag"))
    return c.fmt(rng.choice(TITLES[key]))


def number_outline(items: list[tuple[int, tuple[str, ...]]]) -> list[str]:
    counters = [0, 0, 0]
    out = []
    for level, _ in items:
        counters[level - 1] += 1
        for i in range(level, 3):
            counters[i] = 0
        out.append(".".join(str(n) for n in counters[:level]))
    return out


def build_plan(spec: PlanSpec) -> PlanContent:
    """Write one plan: blocks plus the ledger of what was written."""
    if spec.blank:
        from beredskab.sample.template import blank_template

        return blank_template(spec)
    c = Ctx(spec)
    blocks: list[Block] = front_page(c)
    items = outline(c)
    numbers = number_outline([(lvl, k) for lvl, k in items if k[0] != "appendix"])
    numbered = iter(numbers)
    intro_seen = False
    for level, keys in items:
        number = None if keys == ("appendix",) else next(numbered)
        title = heading_title(c, keys)
        template_keys = tuple(k for k in keys if k not in ("nsk", "appendix"))
        blocks.append(Heading(level, title, template_keys, number))
        body: list[Block] = []
        if keys == ("nsk",):
            body = b_nsk(c)
        elif keys == ("appendix",):
            body = b_appendix(c)
        else:
            for key in keys:
                body += BUILDERS[key](c)
                if key == "intro":
                    intro_seen = True
                if key == "intro.vision" and not _scope_written(c):
                    body.append(para(scope_sentence(c)))
        blocks += body
    if not _scope_written(c):
        # The vision section was dropped or emptied: the scope goes after the intro text.
        idx = next(i for i, b in enumerate(blocks) if isinstance(b, Heading))
        blocks.insert(idx + 2 if intro_seen else idx, para(scope_sentence(c)))
    if c.ledger.adopted is None and not spec.has("adoption-missing"):
        # The responsibility section was dropped: the adoption line closes the plan.
        sentence = adoption_sentence(c, c.vrng("adoption"))
        if sentence:
            blocks.append(para(sentence, kind="small"))
    _guidance_and_questions(c, blocks)
    _placeholders(c, blocks)
    _comments(c, blocks)
    _tracked_fallback(c, blocks)
    muni = spec.muni
    header = (
        f"{muni.official_name} · Beredskabsplan {c.year}" if spec.idiom("header-footer") else None
    )
    footer = f"Beredskab mod ekstremisme {c.year}" if header else None
    title = next(b for b in blocks if isinstance(b, Para)).text
    author = spec.profile.contact_person
    return PlanContent(tuple(blocks), c.ledger, title, header, footer, author)


def _scope_written(c: Ctx) -> bool:
    return bool(c.ledger.features & {"scope-all-ages", "scope-children-only"})


def _guidance_and_questions(c: Ctx, blocks: list[Block]) -> None:
    """Leftover template guidance (TPL002) and unanswered questions (TPL003) not yet
    placed by a section builder go into the vision or organisation section."""
    led = c.ledger
    if c.has("guidance-left") and "guidance" not in led.features:
        pos = _section_end(blocks, ("intro.vision", "org.organisation", "org.infohus"))
        blocks.insert(
            pos, para("Her kan I benytte jer af teksten fra tekstblok 1.", role="guidance")
        )
        led.features.add("guidance")
    if c.has("unanswered-question") and not any(
        isinstance(b, Para) and b.role == "question" for b in blocks
    ):
        pos = _section_end(blocks, ("org.network", "org.infohus", "comms.acute"))
        blocks.insert(pos, para("Hvor ofte mødes netværket?", role="question"))


def _section_end(blocks: list[Block], keys: tuple[str, ...]) -> int:
    """Index just before the heading that follows the first present section of ``keys``."""
    for key in keys:
        for i, b in enumerate(blocks):
            if isinstance(b, Heading) and key in b.keys:
                j = i + 1
                while j < len(blocks) and not isinstance(blocks[j], Heading):
                    j += 1
                return j
    return len(blocks)


def _placeholders(c: Ctx, blocks: list[Block]) -> None:
    if not c.has("placeholder-left") or "placeholder" in c.ledger.features:
        return
    for i, b in enumerate(blocks):
        if isinstance(b, Heading) and "org.infohus_municipality" in b.keys:
            blocks[i] = Heading(b.level, "Infohus [KOMMUNENS NAVN]", b.keys, b.number)
            c.ledger.features.add("placeholder")
            return
    pos = _section_end(blocks, ("org.network", "org.organisation"))
    blocks.insert(pos, para("Netværksmøderne afholdes XXXX.", role="placeholder"))
    c.ledger.features.add("placeholder")


REVIEW_COMMENTS = (
    "Skal vi have mødefrekvensen med her?",
    "Tjek navnet på afdelingen.",
    "Er denne sætning stadig korrekt?",
    "Kan vi gøre dette mere konkret?",
)


def _comments(c: Ctx, blocks: list[Block]) -> None:
    if not c.spec.idiom("comments"):
        return
    rng = c.vrng("comments")
    candidates = [
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Para)
        and b.kind == "body"
        and b.role == "text"
        and len(b.text) > 40
        and not any(k in ("ins", "del", "sdt") for k, _ in b.segs)
    ]
    for i in rng.sample(candidates, min(len(candidates), rng.choice((1, 2)))):
        b = blocks[i]
        assert isinstance(b, Para)
        blocks[i] = Para(b.segs, b.kind, b.role, rng.choice(REVIEW_COMMENTS), b.list_group)


def _tracked_fallback(c: Ctx, blocks: list[Block]) -> None:
    """A plan with the tracked-changes idiom gets at least one pending insertion."""
    if not c.spec.idiom("tracked-changes"):
        return
    if any(isinstance(b, Para) and any(k in ("ins", "del") for k, _ in b.segs) for b in blocks):
        return
    for i, b in enumerate(blocks):
        if isinstance(b, Heading) and b.level == 2:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if (
                isinstance(nxt, Para)
                and nxt.role == "text"
                and nxt.comment is None
                and all(k == "t" for k, _ in nxt.segs)
            ):
                blocks[i + 1] = Para((("ins", nxt.text),), nxt.kind, nxt.role)
                return
