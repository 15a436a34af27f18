"""The Markdown report: same content as the HTML one, plan text escaped, renders anywhere."""

from __future__ import annotations

from fmt_samples import HOSTILE, all_reports, mixed_report, sample_pack
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from beredskab.formatters import get_formatter
from beredskab.formatters.markdown import md_escape

render = get_formatter("md")


def to_html(text: str) -> str:
    return MarkdownIt("commonmark").render(text)


def test_escape() -> None:
    assert md_escape("*fed* _x_ [a](b) <b> `c` |d| ~e~ & \\") == (
        "\\*fed\\* \\_x\\_ \\[a\\](b) \\<b\\> \\`c\\` \\|d\\| \\~e\\~ \\& \\\\"
    )
    assert md_escape("1. punkt") == "1\\. punkt"
    assert md_escape("# ikke en overskrift") == "\\# ikke en overskrift"
    assert md_escape("- ikke et punkt") == "\\- ikke et punkt"
    assert md_escape("24. juni 2024", inline=True) == "24. juni 2024"
    assert md_escape("to\nlinjer") == "to linjer"


def test_hostile_text_renders_literally() -> None:
    rendered = to_html(render([mixed_report()], lang="da", pack=sample_pack()))
    tree = lxml_html.fromstring(rendered)
    assert not tree.xpath("//script | //a | //img | //code | //table")
    assert "<script>" not in rendered
    flat = " ".join(tree.text_content().split())
    assert " ".join(HOSTILE.split()) in flat


def test_same_content_as_html() -> None:
    text = render([mixed_report()], lang="da", pack=sample_pack())
    tree = lxml_html.fromstring(to_html(text))
    assert [h.text_content() for h in tree.iter("h1")] == ["Beredskabsplan for Skive Kommune 2024"]
    assert [h.text_content() for h in tree.iter("h2")] == [
        "De tre vigtigste ting at rette",
        "Afsnit for afsnit",
        "Dispensationer",
        "Afsnit i planen, der ikke svarer til et afsnit i skabelonen",
    ]
    assert [h.text_content() for h in tree.iter("h3")][:2] == [
        "1.1 Kommunens vision og formål",
        "1.2 Mål",
    ]
    top = tree.xpath("//h2[1]/following-sibling::ol[1]/li")
    assert len(top) == 3 and "TPL001" in top[0].text_content()
    content = tree.text_content()
    assert "Score: 44 %" in content
    assert "Tekstblok 2 i skabelonen kan bruges her." in content
    assert "Dispensation givet af CDE, Jens Hansen til og med 31. december 2027" in content
    assert "Dispensationen for INT007 (Skive) udløb 1. januar 2025." in content
    assert "Vedtaget: 24. juni 2024" in content
    goals = tree.xpath("//li[strong='Mål i planen:']/ol/li")
    assert len(goals) == 2 and goals[0].text_content() == "Færre bekymringer"


def test_several_plans_english_and_deterministic() -> None:
    text = render(all_reports(), lang="en", pack=sample_pack())
    tree = lxml_html.fromstring(to_html(text))
    assert [h.text_content() for h in tree.iter("h1")] == [
        "Check of preparedness plans against extremism"
    ]
    assert len(list(tree.iter("h2"))) == 3
    assert text == render(all_reports(), lang="en", pack=sample_pack())
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_passes_are_counted_and_listed() -> None:
    text = render([mixed_report()], lang="da", pack=sample_pack())
    assert "✓ 1 krav opfyldt:\n\n- DOC003: besked på dansk\n\n1 krav ikke relevant\n" in text
