"""End to end through the real reader, tree, matcher and facts: Word files built here with
python-docx (the blank template from spec/template.txt, and a complete plan), checked with
``check_path`` and ``beredskab check``; JSON reports validated against the report schema."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from checks_helpers import shared_file
from click.testing import CliRunner

from beredskab.cli import main
from beredskab.paths import SCHEMAS_DIR
from beredskab.pipeline import analyse_path, check_path
from beredskab.results import Report
from beredskab.rulepack import RulePack, load_pack

AS_OF = date(2026, 11, 27)
_BOOKMARK = re.compile(r"\[(?:bookmark|image): ?[^\]]*\]")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")
_UNNUMBERED_HEADINGS = ("Infohus [KOMMUNENS NAVN]", "Procedure for modtagelse", "Infohus netværk")


def template_docx(template_txt: Path, out: Path) -> Path:
    """The blank template as Word would hold it: Title, Heading 1–3 for the numbered and
    bookmarked headings, List Bullet for "·" lines, the text-block appendix under its own
    headings. Bookmarks and image markers are dropped."""
    document = docx.Document()
    for raw in template_txt.read_text(encoding="utf-8").splitlines():
        had_toc = "_Toc" in raw
        line = _BOOKMARK.sub("", raw).strip()
        if not line:
            continue
        number = _NUMBERED.match(line)
        if line.startswith("Beredskab til forebyggelse") and not document.paragraphs:
            document.add_paragraph(line, style="Title")
        elif number and (had_toc or len(line) < 120):
            document.add_heading(line, level=min(number.group(1).count(".") + 1, 3))
        elif line.startswith(_UNNUMBERED_HEADINGS) and had_toc:
            document.add_heading(line, level=3)
        elif line.startswith("Tekstblokke til udarbejdelse"):
            document.add_heading(line, level=1)
        elif re.match(r"^Tekstblok \d", line):
            document.add_heading(line, level=2)
        elif line.startswith("·"):
            document.add_paragraph(line.lstrip("· ").strip(), style="List Bullet")
        else:
            document.add_paragraph(line)
    document.save(str(out))
    return out


GOOD_PLAN: list[tuple[str, str]] = [
    ("Title", "Beredskab til forebyggelse, opsporing og håndtering af ekstremisme"),
    ("p", "Skive Kommune 2024"),
    ("p", "Vedtaget af Byrådet den 24. juni 2024."),
    ("p", "Er du bekymret for, at en person er involveret i ekstremisme?"),
    ("p", "Så kontakt Infohus Skive på telefon 96 15 55 00 eller e-mail: infohus@skive.dk."),
    (
        "p",
        "Uden for vores åbningstid kontakt den nationale hotline mod radikalisering på: "
        "41 74 90 90. Åben dagligt kl. 08:00-22:00.",
    ),
    (
        "p",
        "Kontakt politiet på telefon 114 eller foretag en anmeldelse på politi.dk. "
        "I akutte situationer skal du ringe 112.",
    ),
    ("1", "1. Introduktion"),
    ("p", "Planen beskriver Skive Kommunes beredskab mod ekstremisme."),
    ("2", "1.1 Kommunens vision og formål"),
    (
        "p",
        "Beredskabet omfatter forebyggelse, opsporing og håndtering af ekstremisme blandt "
        "børn, unge og deres familier – og også blandt voksne. Det gælder alle borgere "
        "uanset alder. Planen følger Barnets lov § 15, stk. 3.",
    ),
    ("2", "1.2 Mål"),
    ("p", "I planperioden arbejder vi med disse mål:"),
    ("b", "Alle skoler og klubber kender proceduren for bekymringer."),
    ("b", "Infohuset behandler nye bekymringer inden for 14 dage."),
    ("b", "Der holdes en årlig temadag om ekstremisme for fagpersoner."),
    ("2", "1.3 Ansvar og opfølgning"),
    (
        "p",
        "Det politiske ansvar ligger hos Byrådet. Det strategiske ansvar ligger hos "
        "direktionen. Det udførende ansvar ligger hos infohustovholderen.",
    ),
    ("p", "Beredskabet revideres løbende efter behov, dog som minimum hvert fjerde år."),
    ("2", "1.4 Definitioner og bekymringstegn"),
    (
        "p",
        "Ekstremisme: Ekstremisme betegner personer eller grupper, som begår eller søger at "
        "legitimere vold eller andre ulovlige handlinger.",
    ),
    (
        "p",
        "Radikalisering: Radikalisering betegner en proces, hvor en person tilslutter sig "
        "ekstremistiske synspunkter.",
    ),
    (
        "p",
        "De væsentligste former for ekstremisme i Danmark er ekstrem islamisme, "
        "højreekstremisme, venstreekstremisme og antimyndighedsekstremisme.",
    ),
    ("p", "Individuelle bekymringstegn: en person udviser voldsparathed."),
    ("p", "Bekymringstegn i sociale forhold og netværk: personen isolerer sig fra familien."),
    ("1", "2. Organisering og samarbejde"),
    ("p", "Her beskriver vi, hvordan arbejdet er organiseret i kommunen."),
    ("2", "2.1 Organisering"),
    ("p", "Indsatsen er forankret i Børne- og Familieafdelingen og SSP-samarbejdet."),
    ("2", "2.2 Infohus-samarbejdet"),
    (
        "p",
        "Skive Kommune er en del af infohus-samarbejdet med Midt- og Vestjyllands Politi "
        "og andre relevante myndigheder.",
    ),
    ("3", "Infohus Skive"),
    (
        "p",
        "Infohus kommune holder faste møder én gang om måneden og mødes ad hoc ved akutte sager.",
    ),
    ("3", "Procedure for modtagelse og håndtering af bekymring"),
    (
        "p",
        "Alle kan henvende sig med en bekymring. Du kontakter kommunens infohustovholder. "
        "Tovholderen modtager og vurderer bekymringen sammen med politiet, og sagen "
        "afsluttes med en tilbagemelding.",
    ),
    ("p", "Vurderingsværktøjet anvendes, når infohuset vurderer en ny bekymring."),
    ("p", "Alle henvendelser journaliseres i kommunens ESDH-system."),
    ("3", "Infohus netværk"),
    ("p", "Netværket mødes fire gange om året i Midt- og Vestjyllands Politi."),
    ("1", "3. Indsatser"),
    ("p", "Kommunen har en række indsatser, der kan sættes i gang efter en vurdering."),
    ("2", "3.1 Indsatser rettet mod borger"),
    ("p", "Mentorforløb for unge i risiko for radikalisering. Ansvarlig: SSP-koordinatoren."),
    ("2", "3.2 Indsatser rettet mod borgers omgivelser"),
    ("p", "Forældrenetværk, hvor familier deler erfaringer. Ansvarlig: PPR."),
    ("2", "3.3 Indsatser rettet mod fagprofessionelle"),
    ("p", "Temadage om bekymringstegn for skoler og klubber. Ansvarlig: infohustovholderen."),
    ("1", "4. Kommunikation og opkvalificering"),
    ("p", "Her beskriver vi, hvordan fagpersoner får viden om beredskabet."),
    ("2", "4.1 Formidling"),
    ("p", "Beredskabsplanen er offentliggjort på kommunens hjemmeside og på intranettet."),
    ("2", "4.2 Opkvalificering"),
    (
        "p",
        "Kommunen tilbyder løbende opkvalificering af fagpersoner, blandt andet en årlig temadag.",
    ),
    ("2", "4.3 Informationsstrategi i akutte situationer"),
    (
        "p",
        "I akutte situationer koordinerer infohustovholderen indsatsen på tværs af "
        "forvaltningerne sammen med politiet.",
    ),
    ("p", "Henvendelser fra pressen håndteres af kommunens kommunikationsafdeling."),
]


def good_plan_docx(out: Path) -> Path:
    document = docx.Document()
    for kind, text in GOOD_PLAN:
        if kind == "Title":
            document.add_paragraph(text, style="Title")
        elif kind in ("1", "2", "3"):
            document.add_heading(text, level=int(kind))
        elif kind == "b":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.save(str(out))
    return out


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Report:
    template_txt = shared_file("spec", "template.txt")
    path = template_docx(template_txt, tmp_path_factory.mktemp("blank") / "skabelon.docx")
    return check_path(path, as_of=AS_OF)


@pytest.fixture(scope="module")
def good_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return good_plan_docx(tmp_path_factory.mktemp("good") / "skive-2024.docx")


def _outcomes(report: Report, rule: str) -> set[str]:
    return {r.outcome for r in report.results if r.rule == rule}


def test_blank_template_gets_the_failures_a_human_expects(blank: Report) -> None:
    for rule in ("TPL001", "TPL002", "TPL003", "CON001", "DOC003", "DOC004"):
        assert _outcomes(blank, rule) == {"fail"}, rule


def test_blank_template_passes_no_rule_whose_section_is_only_guidance(
    blank: Report, pack: RulePack
) -> None:
    # What the blank template does hold: its title, headings, the hotline, 114/112 and
    # the hotline's hours; nothing stale, no tracked changes, no NSK.
    may_pass = {"DOC001", "DOC002", "DOC005", "STR001", "STR002", "CON002", "CON003"}
    may_pass |= {"REF001", "REF002", "REF003"}
    passed = {r.rule for r in blank.results if r.outcome == "pass"}
    assert passed <= may_pass, sorted(passed - may_pass)
    # Every template section was found, and none of them has content of its own.
    assert all(s.found for s in blank.sections), [s.key for s in blank.sections if not s.found]
    str003 = [r for r in blank.results if r.rule == "STR003"]
    assert len(str003) == len(pack.sections)
    assert {r.outcome for r in str003} == {"fail"}


def test_blank_template_failures_point_into_the_document(blank: Report) -> None:
    for r in blank.results:
        if r.outcome == "fail":
            assert r.evidence, r.rule
    tpl001 = next(r for r in blank.results if r.rule == "TPL001")
    assert tpl001.paragraph is not None and "Kommunens navn" in (tpl001.evidence or "")
    assert "Årstal" in tpl001.data["placeholders"]


def test_complete_plan_passes(good_path: Path) -> None:
    analysis = analyse_path(good_path, as_of=AS_OF)
    report = analysis.report
    failing = [(r.rule, r.section, r.text("da"), r.evidence) for r in report.results if r.failed]
    assert not failing, failing
    assert report.plan.municipality == "Skive Kommune"
    assert report.plan.police_district == "Midt- og Vestjyllands Politi"
    assert report.plan.next_revision_due == date(2028, 6, 24)
    assert len(report.plan.goals) == 3
    assert report.summary.score == 1.0
    assert not report.unmatched_sections


def test_results_are_sorted_and_deterministic(good_path: Path) -> None:
    one = check_path(good_path, as_of=AS_OF)
    two = check_path(good_path, as_of=AS_OF)
    assert one.results == two.results
    assert [r.rule for r in one.results] == sorted(r.rule for r in one.results)


def _validate(document: object) -> None:
    import jsonschema

    schema = json.loads((SCHEMAS_DIR / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)


def test_cli_json_validates_and_exit_code_zero(good_path: Path) -> None:
    run = CliRunner().invoke(
        main, ["check", str(good_path), "--format", "json", "--as-of", "2026-11-27"]
    )
    assert run.exit_code == 0, run.output
    report = json.loads(run.stdout)
    _validate(report)
    assert report["rule_pack"] == "cde-2024@1"
    assert report["summary"]["fail"] == 0


def test_cli_exit_one_on_error_failures_and_select_ignore(tmp_path: Path) -> None:
    template_txt = shared_file("spec", "template.txt")
    blank_path = template_docx(template_txt, tmp_path / "skabelon.docx")
    run = CliRunner().invoke(main, ["check", str(blank_path), "--format", "json"])
    assert run.exit_code == 1
    _validate(json.loads(run.stdout))
    only = CliRunner().invoke(
        main, ["check", str(blank_path), "--format", "jsonl", "--select", "TPL,CON001"]
    )
    rules = {r["rule"] for r in json.loads(only.stdout)["results"]}
    assert rules == {"TPL001", "TPL002", "TPL003", "CON001"}
    # Ignoring every error-severity failure leaves warnings only: exit 0.
    ignored = CliRunner().invoke(
        main, ["check", str(blank_path), "--select", "TPL003,CON002,REF", "--lang", "en"]
    )
    assert ignored.exit_code == 0, ignored.output


def test_cli_unreadable_plan_exit_two_with_report(tmp_path: Path, good_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip file")
    run = CliRunner().invoke(main, ["check", str(good_path), str(broken), "--format", "json"])
    assert run.exit_code == 2
    assert "broken.docx" in run.stderr and "Traceback" not in run.output
    reports = json.loads(run.stdout)
    assert len(reports) == 2
    for report in reports:
        _validate(report)
    doc001 = reports[1]["results"]
    assert [(r["rule"], r["outcome"]) for r in doc001] == [("DOC001", "error")]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--as-of", "27-11-2026"], "ÅÅÅÅ-MM-DD"),
        (["--select", "XYZ9"], "XYZ9"),
        (["--rules", "/nonexistent/pack"], "findes ikke"),
    ],
)
def test_cli_usage_errors_exit_two(good_path: Path, args: list[str], needle: str) -> None:
    run = CliRunner().invoke(main, ["check", str(good_path), *args])
    assert run.exit_code == 2
    assert needle in run.stderr
    assert "Traceback" not in run.output


def test_cli_no_plan_and_output_over_input(good_path: Path) -> None:
    assert CliRunner().invoke(main, ["check"]).exit_code == 2
    run = CliRunner().invoke(main, ["check", str(good_path), "--output", str(good_path)])
    assert run.exit_code == 2 and "overskrives" in run.stderr


def test_cli_output_file_and_replacement_pack(tmp_path: Path, good_path: Path) -> None:
    import shutil

    from beredskab.paths import DEFAULT_PACK_DIR

    pack_dir = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK_DIR, pack_dir)
    rules = pack_dir / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            'da: "Planen er fra {year}."', 'da: "Planen er fra år {year} (egen pakke)."'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "rapport.txt"
    run = CliRunner().invoke(
        main, ["check", str(good_path), "--rules", str(pack_dir), "--output", str(out)]
    )
    assert run.exit_code == 0, run.output
    assert out.exists()
    report = check_path(good_path, as_of=AS_OF, pack=load_pack(pack_dir))
    doc004 = next(r for r in report.results if r.rule == "DOC004")
    assert "egen pakke" in doc004.text("da")


def test_cli_waivers_and_annotate(tmp_path: Path) -> None:
    template_txt = shared_file("spec", "template.txt")
    blank_path = template_docx(template_txt, tmp_path / "skabelon.docx")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - kommune: Skive Kommune\n"
        "    rule: TPL003\n"
        "    accepted_by: CDE\n"
        "    reason: Testen\n"
        "    expires: 2030-01-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "kommenteret.docx"
    run = CliRunner().invoke(
        main,
        ["check", str(blank_path), "--waivers", str(waivers), "--annotate", str(out)],
    )
    assert run.exit_code == 1, run.output
    assert out.exists() and out.stat().st_size > 0
    assert "kommenteret.docx" in run.stderr
    two = CliRunner().invoke(
        main, ["check", str(blank_path), str(blank_path), "--annotate", str(out)]
    )
    assert two.exit_code == 2 and "--annotate" in two.stderr
