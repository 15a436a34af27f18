"""A blank template submitted as the plan: CDE's headings, guiding questions, guidance
and placeholders, nothing filled in (the worst case a checker meets).

The wording follows the template (spec/template.txt); the text blocks appendix is left
out, as most municipalities delete it, and so is the bullet recommending an all-ages
scope (it would be guidance that reads like an answer).
"""

from __future__ import annotations

from beredskab.sample.content import (
    Block,
    ContactBox,
    Heading,
    Ledger,
    PageBreak,
    Para,
    PlanContent,
    Toc,
    para,
)
from beredskab.sample.spec import PlanSpec


def _q(text: str) -> Para:
    return para(text, kind="bullet", role="question")


def _g(text: str) -> Para:
    return para(text, role="guidance")


def blank_template(spec: PlanSpec) -> PlanContent:
    led = Ledger()
    led.features |= {"placeholder", "guidance", "hotline-correct", "police-114", "politi-dk"}
    led.features |= {"police-112"}
    led.phones += ["41749090", "114", "112"]
    led.hotline_hours = "8-22"
    box = ContactBox(
        (
            para("Er du bekymret for, at en person er involveret i ekstremisme?"),
            para("Så kontakt Infohus xx på telefon: xxxxxxxx eller e-mail: xx", role="placeholder"),
            para(
                "Uden for vores åbningstid kontakt den nationale hotline mod radikalisering på:"
                " 4174 9090. Åben dagligt kl. 08:00-22:00."
            ),
            para(
                "Hvis du har mistanke om, at der er sket eller vil ske ulovlige handlinger med"
                " baggrund i ekstremisme, bør du melde det til politiet i dit område. Kontakt"
                " politiet på telefon 114 eller foretag en anmeldelse på politi.dk."
            ),
            para(
                "I tilfælde af akutte situationer, hvor borgeres sikkerhed er i fare, bør du"
                " alarmere politiet på telefon 112."
            ),
        )
    )
    b: list[Block] = [
        para("Beredskab til forebyggelse, opsporing og håndtering af ekstremisme", kind="title"),
        para("Kommunens navn", kind="subtitle", role="placeholder"),
        para("Årstal", kind="subtitle", role="placeholder"),
        box,
    ]
    if spec.idiom("toc-field"):
        b.append(Toc())
    b.append(PageBreak())

    def h(level: int, number: str | None, title: str, key: str) -> None:
        b.append(Heading(level, title, (key,), number))

    h(1, "1", "Introduktion", "intro")
    h(
        2,
        "1.1",
        "Kommunens vision og formål for forebyggelse, opsporing og håndtering af ekstremisme",
        "intro.vision",
    )
    b += [
        _q("Hvad er kommunes vision for forebyggelse af ekstremisme?"),
        _g("Her kan I benytte jer af teksten fra tekstblok 1."),
    ]
    h(2, "1.2", "Mål", "intro.goals")
    b.append(
        para(
            "Opstil 3-5 konkrete mål for de næste to eller fire år (til beredskabet skal"
            " revideres).",
            kind="bullet",
            role="guidance",
        )
    )
    h(2, "1.3", "Ansvar og opfølgning", "intro.responsibility")
    b += [
        _q("Hvem har ansvaret for området i kommunen på politisk, strategisk og udførende niveau?"),
        _q("Hvordan og hvor ofte skal beredskabsplanen revideres?"),
    ]
    h(2, "1.4", "Definitioner og bekymringstegn", "intro.definitions")
    b.append(_g("I dette afsnit anbefales det at anvende teksten fra tekstblok 2."))
    h(1, "2", "Organisering og samarbejde", "org")
    h(2, "2.1", "Organisering", "org.organisation")
    b += [
        _q(
            "Hvordan er indsatsen for forebyggelse, opsporing og håndtering ekstremisme"
            " organiseret i kommunen?"
        ),
        _g(
            "Her beskrives, hvordan indsatsen er forankret i kommunens organisation, herunder"
            " den rolle som infohus-samarbejdet spiller, hvilket kan uddybes i næste afsnit"
        ),
    ]
    h(2, "2.2", "Infohus-samarbejdet", "org.infohus")
    b.append(
        _g(
            "I dette afsnit kan teksten fra tekstblok 3 anvendes for at give en grundlæggende"
            " forklaring af, hvad infohus-samarbejdet er."
        )
    )
    h(3, None, "Infohus [KOMMUNENS NAVN]", "org.infohus_municipality")
    b += [
        _q("Kort beskrivelse af infohus kommune"),
        _q("Hvordan er infohus kommune organiseret i jeres kommune?"),
        _q("Hvilken forvaltning er infohus kommune forankret i?"),
        _q("Holder infohus kommune faste og/eller ad hoc møder? Hvor ofte?"),
        _g(
            "I dette afsnit kan teksten fra tekstblok 4 anvendes for at give en grundlæggende"
            " forklaring af, hvad infohus kommunes arbejdsområde er."
        ),
    ]
    h(
        3,
        None,
        "Procedure for modtagelse og håndtering af bekymring vedr. ekstremisme",
        "org.procedure",
    )
    b += [
        _q("Hvem kan henvende sig til infohus kommune med en bekymring?"),
        _q("Hvem henvender man sig til med en bekymring? Konkrete kontaktoplysninger."),
        _q(
            "Hvornår og hvordan anvendes vurderingsværktøjet til anvendelse ved bekymringer for"
            " ekstremisme?"
        ),
        _q("Hvordan er kommunens registreringspraksis på området?"),
    ]
    h(3, None, "Infohus netværk", "org.network")
    b += [_q("Kort beskrivelse af infohus netværk?"), _q("Hvor ofte mødes netværket?")]
    h(1, "3", "Indsatser", "efforts")
    b.append(
        _g(
            "I afsnittet beskriver kommunen de indsatser og aktiviteter, der indgår i kommunens"
            " arbejde med at forebygge, opspore og håndtere ekstremisme."
        )
    )
    for num, title, key in (
        ("3.1", "Indsatser rettet mod borger", "efforts.citizen"),
        ("3.2", "Indsatser rettet mod borgers omgivelser", "efforts.surroundings"),
        ("3.3", "Indsatser rettet mod fagprofessionelle", "efforts.professionals"),
    ):
        h(2, num, title, key)
        b += [
            para("Indhold", kind="bullet", role="skeleton"),
            para("Ansvarlig", kind="bullet", role="skeleton"),
        ]
    h(1, "4", "Kommunikation og opkvalificering", "comms")
    b.append(
        _g(
            "I afsnittet beskriver kommunen, hvordan den vil informere kommunale fagpersoner om"
            " indsatsen mod ekstremisme."
        )
    )
    h(2, "4.1", "Formidling", "comms.dissemination")
    b.append(
        _g(
            "Her kan kommunen beskrive om kommunen vil formidle beredskabsplanen på hjemmesiden"
            " og/eller intranet"
        )
    )
    h(2, "4.2", "Opkvalificering", "comms.training")
    b += [
        _q(
            "Hvad er kommunens plan for løbende opkvalificering af fagpersoner i arbejdet med"
            " forebyggelse af ekstremisme?"
        )
    ]
    h(2, "4.3", "Informationsstrategi i akutte situationer", "comms.acute")
    b += [
        _q(
            "Hvordan koordinerer fagpersonale på tværs af forvaltninger i akutte situationer"
            " samt, hvor de vil kunne søge hjælp og rådgivning?"
        ),
        _q(
            "Hvordan er kommunens procedure for håndtering af pressen i tilfælde af en akut"
            " sag og akutte situationer?"
        ),
    ]
    return PlanContent(tuple(b), led, "Beredskab til forebyggelse", None, None, "CDE")
