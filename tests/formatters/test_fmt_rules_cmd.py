"""``beredskab rules``: list the pack, explain one rule, JSON, unknown IDs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fmt_samples import sample_pack

import beredskab.rulepack
from beredskab.cli import main
from beredskab.cli.rules_cmd import explain_text, list_text, render_rules, rules_data
from beredskab.errors import UsageError
from beredskab.rulepack import RulePack


def test_list_has_every_rule_with_name_severity_section_and_line() -> None:
    out = list_text(sample_pack(), "da")
    assert out.splitlines()[0] == "Regler i test-pack@1 (8 regler)"
    lines = out.splitlines()
    rows = {
        line.split()[0]: f"{line} {lines[i + 1]}"
        for i, line in enumerate(lines)
        if line[:3].isupper() and line[3:6].isdigit()
    }
    for rule in sample_pack().rules:
        assert rule.id in rows, rule.id
    assert "goals-count" in rows["INT002"]
    assert "Skal rettes" in rows["INT002"] and "1.2 Mål" in rows["INT002"]
    assert "3-5 mål" in rows["INT002"]
    assert "hele planen" in rows["TPL001"]
    assert "\x1b[" not in out
    assert "\x1b[" in list_text(sample_pack(), "da", color=True)


def test_explain_one_rule() -> None:
    out = explain_text(sample_pack(), "int007", "da")
    assert out.splitlines()[0] == "INT007 · definitions"
    assert "Bør rettes · Afsnit: 1.4 Definitioner og bekymringstegn" in out
    for heading in ("Det tjekker reglen", "Hvorfor", "Kilde", "Sådan retter I det"):
        assert heading in out
    assert "Tekstblok 2 i skabelonen kan bruges her." in out
    assert "Eksempel, der er i orden\n  │ Mål 1: …\n  │ Mål 2: …" in out
    assert "Eksempel, der ikke er i orden\n  │ Mål 1: …" in out
    en = explain_text(sample_pack(), "INT007", "en")
    assert "How to fix it" in en and "Fix: y" in en


def test_json() -> None:
    listing = json.loads(render_rules(sample_pack(), None, lang="da", fmt="json"))
    assert listing["pack"] == "test-pack@1"
    assert [r["id"] for r in listing["rules"]] == sorted(r.id for r in sample_pack().rules)
    one = rules_data(sample_pack(), "INT002", "en")
    assert one["section_title"] == "1.2 Mål" and one["fix"] == "Fix: Opstil 3-5 mål."
    assert one["examples"]["fail"] == "Mål 1: …"


def test_unknown_rule() -> None:
    with pytest.raises(UsageError) as info:
        render_rules(sample_pack(), "XYZ999", lang="da")
    assert "XYZ999" in info.value.message("da") and "test-pack@1" in info.value.message("da")


@pytest.fixture
def fake_pack(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []

    def load(path: str | Path | None = None) -> RulePack:
        calls.append(path)
        return sample_pack()

    monkeypatch.setattr(beredskab.rulepack, "load_pack", load)
    return calls


def test_command_line(fake_pack: list[object]) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["rules"])
    assert listed.exit_code == 0, listed.output
    assert "INT002" in listed.output and "Regler i test-pack@1" in listed.output
    explained = runner.invoke(main, ["rules", "INT002", "--lang", "en", "--rules", "x/pack"])
    assert explained.exit_code == 0
    assert "What the rule checks" in explained.output
    assert fake_pack[-1] == Path("x/pack")
    as_json = runner.invoke(main, ["rules", "--format", "json"])
    assert json.loads(as_json.output)["pack"] == "test-pack@1"
    unknown = runner.invoke(main, ["rules", "NOPE01"])
    assert unknown.exit_code == 2
    assert "Reglen NOPE01 findes ikke" in unknown.output


def test_real_pack_every_rule_listed_and_explained() -> None:
    """The shipped pack (rules/cde-2024): every rule is listed and explains itself."""
    from beredskab.rulepack import load_pack

    pack = load_pack()
    listing = list_text(pack, "da")
    for rule in pack.rules:
        assert f"{rule.id}  {rule.name} · " in listing
        for lang in ("da", "en"):
            data = rules_data(pack, rule.id, lang)
            assert data["what"] and data["why"] and data["fix"], (rule.id, lang)
            text = explain_text(pack, rule.id, lang)
            assert text.startswith(f"{rule.id} · {rule.name}")
    result = CliRunner().invoke(main, ["rules", pack.rules[0].id, "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["id"] == pack.rules[0].id
