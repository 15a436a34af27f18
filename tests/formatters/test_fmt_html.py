"""The HTML report: self-contained, escaped, accessible, and it renders in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fmt_samples import (
    HOSTILE,
    all_reports,
    chromium_screenshot,
    keep_screenshot,
    mixed_report,
    passing_report,
    sample_pack,
)
from lxml import html as lxml_html

from beredskab.formatters import get_formatter

render = get_formatter("html")


def page(reports: list, lang: str = "da") -> str:  # type: ignore[type-arg]
    return render(reports, lang=lang, pack=sample_pack())


def test_self_contained_and_printable() -> None:
    text = page(all_reports())
    assert text.startswith('<!DOCTYPE html>\n<html lang="da">')
    assert "@media print" in text
    assert "Content-Security-Policy" in text
    # nothing to fetch: no scripts, links to style sheets, images, fonts or url()
    for pattern in (r"<script", r"<link", r"<img", r"<iframe", r"url\(", r"@import", r"src="):
        assert not re.search(pattern, text, re.IGNORECASE), pattern
    tree = lxml_html.fromstring(text)
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert all(h.startswith("#plan-") for h in hrefs), hrefs


def test_plan_text_is_escaped() -> None:
    text = page([mixed_report()])
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    tree = lxml_html.fromstring(text)
    assert not tree.xpath("//script")
    body_text = tree.text_content()
    assert HOSTILE in body_text  # shown literally, as text


def test_structure_for_one_plan() -> None:
    tree = lxml_html.fromstring(page([mixed_report()]))
    assert [h.text_content() for h in tree.iter("h1")] == ["Beredskabsplan for Skive Kommune 2024"]
    h2 = [h.text_content() for h in tree.iter("h2")]
    assert h2 == [
        "De tre vigtigste ting at rette",
        "Afsnit for afsnit",
        "Dispensationer",
        "Afsnit i planen, der ikke svarer til et afsnit i skabelonen",
    ]
    h3 = [h.text_content() for h in tree.iter("h3")]
    assert h3 == [
        "1.1 Kommunens vision og formål",
        "1.2 Mål",
        "1.3 Ansvar og opfølgning",
        "1.4 Definitioner og bekymringstegn",
        "Hele planen",
    ]
    score = tree.find_class("score-value")[0].text_content()
    assert score == "44 %"
    facts = tree.find_class("facts")[0]
    assert "41749090, infohus@skive.dk" in facts.text_content()
    assert facts.findall(".//li")[0].text_content() == "Færre bekymringer"


def test_top_three_by_severity_then_template_order() -> None:
    tree = lxml_html.fromstring(page([mixed_report()]))
    items = tree.find_class("top")[0].findall(".//li")
    assert len(items) == 3
    texts = [li.text_content() for li in items]
    # all error severity: plan-wide TPL001 first, then 1.2 (INT002), then 1.4 (STR001)
    assert ["TPL001" in texts[0], "INT002" in texts[1], "STR001" in texts[2]] == [True] * 3
    assert "i afsnit 1.2 Mål" in texts[1]
    assert "Sådan retter I det: Opstil 3-5 mål." in texts[1]
    none = lxml_html.fromstring(page([passing_report()]))
    assert "Der er ikke noget, der skal rettes" in none.find_class("top")[0].text_content()


def test_findings_explain_why_fix_and_text_block() -> None:
    tree = lxml_html.fromstring(page([mixed_report()]))
    findings = {
        f.xpath("string(.//p[@class='meta'])").split()[1]: f for f in tree.find_class("finding")
    }
    int007 = findings["INT007"].text_content()
    assert "Kunne ikke vurderes" in int007
    assert "Hvorfor" in int007 and "Fordi CDE's skabelon kræver det." in int007
    assert "Tekstblok 2 i skabelonen kan bruges her." in int007
    int002 = findings["INT002"].text_content()
    assert "Det fandt vi: Mål 1: …" in int002
    assert "afsnit nr. 16 i dokumentet" in int002
    waived = findings["INT003"]
    assert "waived" in waived.get("class")
    assert "Dispensation givet af CDE, Jens Hansen til og med 31. december 2027" in (
        waived.text_content()
    )
    found = [p.text_content() for p in tree.find_class("found")]
    assert "Fundet som »Formål og vision« (sikkerhed 93 %)" in found
    assert "Ikke fundet i planen" in found


def test_english_and_several_plans() -> None:
    text = page(all_reports(), lang="en")
    tree = lxml_html.fromstring(text)
    assert tree.get("lang") == "en"
    assert [h.text_content() for h in tree.iter("h1")] == [
        "Check of preparedness plans against extremism"
    ]
    assert len(tree.find_class("plan")) == 3
    links = [a.get("href") for a in tree.find_class("index")[0].iter("a")]
    assert links == ["#plan-1", "#plan-2", "#plan-3"]
    assert all(tree.get_element_by_id(link[1:]) is not None for link in links)
    assert "The three most important things to fix" in text


def test_byte_identical() -> None:
    assert page(all_reports()) == page(all_reports())


@pytest.mark.browser
@pytest.mark.slow
def test_renders_in_a_real_browser(tmp_path: Path) -> None:
    shot = chromium_screenshot(page(all_reports()), tmp_path, "rapport")
    assert shot.is_file(), "Chromium wrote no screenshot"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # A blank 1200x1600 page compresses to a few kB; a rendered report is far larger.
    assert len(data) > 30_000, len(data)
    keep_screenshot(shot)


def test_passes_are_counted_and_listed_collapsed() -> None:
    tree = lxml_html.fromstring(page([mixed_report()]))
    details = tree.find_class("passed")
    summaries = [d.find("summary").text_content() for d in details]
    assert summaries == ["✓ 1 krav opfyldt", "✓ 1 krav opfyldt", "✓ 1 krav opfyldt"]
    assert details[-1].find(".//li").text_content() == "DOC003: besked på dansk"
    assert [p.text_content() for p in tree.find_class("na")] == ["1 krav ikke relevant"]
