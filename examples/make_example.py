"""Build ``examples/eksempel-beredskabsplan.docx``: a small, filled-in example plan.

The plan follows CDE's template ("Beredskab til forebyggelse, opsporing og håndtering af
ekstremisme", ``spec/template.txt``) for Skive Kommune, with its own prose. Skive
Kommune and Midt- og Vestjyllands Politi are real; everything else — people, phone
numbers, e-mail addresses, dates and efforts — is invented for the example. It is the
plan the README's demo runs on until the sample corpus exists.

Run ``python examples/make_example.py`` to regenerate it. The output is byte-for-byte
reproducible (fixed document properties and zip timestamps).
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.shared import Pt

OUT = Path(__file__).resolve().parent / "eksempel-beredskabsplan.docx"
FIXED_TIME = datetime(2025, 6, 24, 12, 0, 0)
ZIP_TIME = (2025, 6, 24, 12, 0, 0)

MUNICIPALITY = "Skive Kommune"
YEAR = "2025"
PHONE = "99 15 61 00"
EMAIL = "infohus@skive.dk"

# (style, text) pairs; "table:" entries are written as tables (see TABLES).
FRONT = [
    ("Title", "Beredskab til forebyggelse, opsporing og håndtering af ekstremisme"),
    ("Subtitle", f"{MUNICIPALITY} {YEAR}"),
]
CONTACT_BOX = [
    "Er du bekymret for, at en person er involveret i ekstremisme?",
    f"Så kontakt Infohus Skive på telefon: {PHONE} eller e-mail: {EMAIL}",
    "Uden for vores åbningstid kontakt den nationale hotline mod radikalisering på: "
    "4174 9090. Åben dagligt kl. 08:00-22:00.",
    "Hvis du har mistanke om, at der er sket eller vil ske ulovlige handlinger med "
    "baggrund i ekstremisme, bør du melde det til politiet i dit område. Kontakt politiet "
    "på telefon 114 eller foretag en anmeldelse på politi.dk.",
    "I tilfælde af akutte situationer, hvor borgeres sikkerhed er i fare, bør du alarmere "
    "politiet på telefon 112.",
]

BODY: list[tuple[str, str]] = [
    ("Heading 1", "1. Introduktion"),
    (
        "Normal",
        "Denne plan beskriver, hvordan Skive Kommune arbejder med at forebygge, opspore og "
        "håndtere ekstremisme. Planen er skrevet til medarbejdere i kommunen og til vores "
        "samarbejdspartnere.",
    ),
    (
        "Heading 2",
        "1.1 Kommunens vision og formål for forebyggelse, opsporing og håndtering af ekstremisme",
    ),
    (
        "Normal",
        "I Skive Kommune skal alle borgere kunne leve et trygt liv i et åbent og "
        "demokratisk fællesskab. Vores vision er, at ingen borger bliver en del af et "
        "ekstremistisk miljø, og at vi opdager bekymringer tidligt.",
    ),
    (
        "Normal",
        "Beredskabet omfatter forebyggelse, opsporing og håndtering af bekymringer for "
        "alle borgere uanset alder: børn, unge og voksne og deres familier.",
    ),
    (
        "Normal",
        "Den danske tilgang til at forebygge ekstremisme bygger på, at ekstremisme kan "
        "skade både sikkerheden og menneskers trivsel. Derfor arbejder skoler, sociale "
        "myndigheder, sundhedsvæsen og politi sammen om indsatsen.",
    ),
    ("Heading 2", "1.2 Mål"),
    ("Normal", "Frem mod næste revision i 2027 har vi disse mål:"),
    (
        "List Bullet",
        "Alle skoler, ungdomsuddannelser og jobcentre kender infohusets telefonnummer og "
        "ved, hvordan de melder en bekymring.",
    ),
    (
        "List Bullet",
        "Mindst 200 fagpersoner har været på kursus i bekymringstegn inden udgangen af 2026.",
    ),
    (
        "List Bullet",
        "Infohuset svarer den, der har meldt en bekymring, inden for fem arbejdsdage.",
    ),
    (
        "List Bullet",
        "Vi følger op på hver sag efter tre måneder og skriver resultatet i sagen.",
    ),
    ("Heading 2", "1.3 Ansvar og opfølgning"),
    (
        "Normal",
        "Det politiske ansvar ligger hos Byrådet og Børne- og Familieudvalget. Det "
        "strategiske ansvar ligger hos direktionen, som hvert år får en status. Det "
        "udførende ansvar ligger hos SSP-teamet og kommunens infohustovholder.",
    ),
    (
        "Normal",
        "Byrådet vedtog planen den 24. juni 2025. Planen revideres hvert andet år og "
        "senest i juni 2027, og i øvrigt løbende efter behov.",
    ),
    ("Heading 2", "1.4 Definitioner og bekymringstegn"),
    (
        "Normal",
        "Ekstremisme: Personer eller grupper, som begår eller søger at legitimere vold "
        "eller andre ulovlige handlinger med henvisning til samfundsforhold, de er "
        "utilfredse med.",
    ),
    (
        "Normal",
        "Radikalisering: En kortere eller længerevarende proces, hvor en person tilslutter "
        "sig ekstremistiske synspunkter eller legitimerer sine handlinger efter "
        "ekstremistisk ideologi.",
    ),
    (
        "Normal",
        "De væsentligste former for ekstremisme i Danmark i dag er ekstrem islamisme, "
        "højreekstremisme, venstreekstremisme og antimyndighedsekstremisme.",
    ),
    ("Normal", "Individuelle bekymringstegn kan for eksempel være, at en person:"),
    ("List Bullet", "viser voldsparathed eller truer andre,"),
    ("List Bullet", "opsøger eller deler ekstremistisk materiale på sociale medier,"),
    ("List Bullet", "viser foragt for andres holdninger og bliver meget optaget af én sag."),
    ("Normal", "Bekymringstegn i personens sociale forhold og netværk kan være, at personen:"),
    ("List Bullet", "har omgang med personer eller grupper med ekstreme holdninger,"),
    ("List Bullet", "isolerer sig fra familie og venner eller afbryder sin uddannelse."),
    ("Heading 1", "2. Organisering og samarbejde"),
    ("Heading 2", "2.1 Organisering"),
    (
        "Normal",
        "Indsatsen er forankret i Børne- og Familieforvaltningen. SSP-teamet koordinerer "
        "arbejdet på tværs af skoler, Jobcenter Skive, psykiatrien og misbrugscentret. "
        "Infohus-samarbejdet med politiet er kernen i håndteringen af konkrete bekymringer.",
    ),
    ("Heading 2", "2.2 Infohus-samarbejdet"),
    (
        "Normal",
        "Skive Kommune er en del af infohus-samarbejdet, som er et kriminalpræventivt "
        "samarbejde mellem kommunen og Midt- og Vestjyllands Politi samt andre relevante "
        "myndigheder.",
    ),
    ("Heading 3", "Infohus Skive"),
    (
        "Normal",
        "Infohus Skive består af kommunens infohustovholder, politiets infohustovholder og "
        "efter behov repræsentanter fra skole, socialforvaltning, jobcenter og psykiatri.",
    ),
    (
        "Normal",
        "Infohuset holder faste møder hver anden uge og ad hoc-møder, når en sag haster.",
    ),
    ("Heading 3", "Procedure for modtagelse og håndtering af bekymring vedr. ekstremisme"),
    (
        "Normal",
        "Alle borgere og fagpersoner kan henvende sig til Infohus Skive med en bekymring. "
        "Sådan gør vi:",
    ),
    ("List Number", "Du ringer eller skriver til kommunens infohustovholder."),
    (
        "List Number",
        "Tovholderne fra kommune og politi vurderer sammen, om bekymringen hører til "
        "infohuset. De bruger CDE's vurderingsværktøj ved hver ny bekymring.",
    ),
    (
        "List Number",
        "Infohuset aftaler indsatser med de relevante forvaltninger og følger op, indtil "
        "sagen kan afsluttes.",
    ),
    (
        "Normal",
        "Registreringspraksis: Bekymringer og personoplysninger journaliseres i kommunens "
        "sagssystem efter Justitsministeriets vejledning.",
    ),
    ("table:contacts", ""),
    ("Heading 3", "Infohus netværk"),
    (
        "Normal",
        "Infohus netværk i Midt- og Vestjyllands politikreds mødes fire gange om året. "
        "Skive Kommune deltager med infohustovholderen og SSP-koordinatoren.",
    ),
    ("Heading 1", "3. Indsatser"),
    (
        "Normal",
        "Her beskriver vi de indsatser, der skal forebygge, opspore og håndtere ekstremisme.",
    ),
    ("Heading 2", "3.1 Indsatser rettet mod borger"),
    ("Normal", "Indhold: Mentorforløb for unge og voksne, som infohuset er bekymret for."),
    ("Normal", "Ansvarlig: SSP-teamet."),
    ("Heading 2", "3.2 Indsatser rettet mod borgers omgivelser"),
    ("Normal", "Indhold: Forældresamtaler og netværksmøder med familien."),
    ("Normal", "Ansvarlig: Familieafdelingen."),
    ("Heading 2", "3.3 Indsatser rettet mod fagprofessionelle"),
    ("Normal", "Indhold: Sparring til lærere, pædagoger og sagsbehandlere om konkrete sager."),
    ("Normal", "Ansvarlig: Kommunens infohustovholder."),
    ("Heading 1", "4. Kommunikation og opkvalificering"),
    ("Heading 2", "4.1 Formidling"),
    (
        "Normal",
        "Planen ligger på skive.dk og på kommunens intranet. Alle ledere får den tilsendt, "
        "når den er vedtaget.",
    ),
    ("Heading 2", "4.2 Opkvalificering"),
    (
        "Normal",
        "Vi holder et kursus om bekymringstegn hvert forår og hvert efterår. Nye "
        "medarbejdere på skoler og i socialforvaltningen får en introduktion inden for "
        "deres første tre måneder. Løbende opkvalificering planlægges af SSP-teamet.",
    ),
    ("Heading 2", "4.3 Informationsstrategi i akutte situationer"),
    (
        "Normal",
        "I en akut situation samler direktionen en krisestab på tværs af forvaltningerne, "
        "og infohustovholderen rådgiver om, hvor fagpersoner kan få hjælp.",
    ),
    (
        "Normal",
        "Kommunikationsafdelingen håndterer al kontakt med pressen i samarbejde med "
        "politiet. Medarbejdere henviser journalister til pressetelefonen.",
    ),
]

TABLES: dict[str, list[list[str]]] = {
    "contacts": [
        ["Rolle", "Navn", "Telefon", "E-mail"],
        ["Kommunens infohustovholder", "Mette Eksempel", PHONE, EMAIL],
        ["SSP-koordinator", "Jonas Eksempel", "99 15 61 01", "ssp@skive.dk"],
    ],
}


def build() -> DocxDocument:
    """The example plan as a python-docx document (nothing written yet)."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    section = document.sections[0]
    section.header.paragraphs[0].text = f"{MUNICIPALITY} · Beredskab mod ekstremisme {YEAR}"
    for style, text in FRONT:
        document.add_paragraph(text, style=style)
    box = document.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell = box.cell(0, 0)
    cell.paragraphs[0].add_run(CONTACT_BOX[0]).bold = True
    for text in CONTACT_BOX[1:]:
        cell.add_paragraph(text)
    document.add_page_break()
    for style, text in BODY:
        if style.startswith("table:"):
            rows = TABLES[style.removeprefix("table:")]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    table.cell(r, c).text = value
            continue
        document.add_paragraph(text, style=style)
    core = document.core_properties
    core.title = FRONT[0][1]
    core.subject = f"{MUNICIPALITY} {YEAR}"
    core.author = MUNICIPALITY
    core.last_modified_by = MUNICIPALITY
    core.created = FIXED_TIME
    core.modified = FIXED_TIME
    core.revision = 1
    return document


def reproducible_bytes(document: DocxDocument) -> bytes:
    """The .docx bytes with fixed zip timestamps, so regenerating gives the same file."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUT
    data = reproducible_bytes(build())
    target.write_bytes(data)
    print(f"{target} ({len(data) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
