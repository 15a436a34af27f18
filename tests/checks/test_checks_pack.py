"""The shipped rule pack and its loader: complete, valid, and precise when invalid."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from checks_helpers import shared_file

from beredskab.checks.registry import KINDS
from beredskab.errors import RulePackError
from beredskab.paths import DEFAULT_PACK_DIR, SCHEMAS_DIR
from beredskab.rulepack import RulePack, load_pack

SPEC_IDS = (
    [f"DOC00{i}" for i in range(1, 6)]
    + [f"STR00{i}" for i in range(1, 4)]
    + [f"TPL00{i}" for i in range(1, 4)]
    + [f"CON00{i}" for i in range(1, 4)]
    + [f"INT{i:03d}" for i in range(1, 11)]
    + [f"ORG00{i}" for i in range(1, 7)]
    + ["IND001", "IND002"]
    + [f"KOM00{i}" for i in range(1, 5)]
    + [f"REF00{i}" for i in range(1, 4)]
    + ["REV001", "REV002"]
)


def test_pack_has_every_rule_of_the_catalogue(pack: RulePack) -> None:
    assert sorted(r.id for r in pack.rules) == sorted(SPEC_IDS)
    assert pack.label == "cde-2024@1"


def test_names_and_severities_follow_the_spec(pack: RulePack) -> None:
    spec = shared_file("spec", "rules.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([A-Z]{3}\d{3}) \| ([a-z-]+) \| (\w+) \|", spec, re.M)
    assert len(rows) == len(SPEC_IDS)
    for rid, name, severity in rows:
        rule = pack.rule(rid)
        assert rule is not None
        assert (rule.name, rule.severity) == (name, severity), rid


def test_every_rule_is_complete_in_both_languages(pack: RulePack) -> None:
    for rule in pack.rules:
        assert rule.kind in KINDS
        for outcome in ("pass", "fail"):
            assert outcome in rule.messages or any(
                k.startswith(outcome + ".") for k in rule.messages
            ), (rule.id, outcome)
        for texts in rule.messages.values():
            assert texts["da"].strip() and texts["en"].strip()
        for part in ("what", "why", "fix"):
            assert rule.explanation[part]["da"] and rule.explanation[part]["en"], rule.id
        assert rule.explanation["source"]
        assert rule.examples["pass"] and rule.examples["fail"]


def test_schema_lists_exactly_the_registered_kinds() -> None:
    schema = json.loads((SCHEMAS_DIR / "rulepack.schema.json").read_text(encoding="utf-8"))
    assert sorted(schema["$defs"]["params"]) == sorted(KINDS)
    assert sorted(schema["$defs"]["rule"]["properties"]["kind"]["enum"]) == sorted(KINDS)


@pytest.fixture
def pack_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # validate every time
    target = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK_DIR, target)
    return target


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(folder: Path) -> str:
    with pytest.raises(RulePackError) as info:
        load_pack(folder)
    return info.value.message("en")


def test_copy_loads_and_names_its_folder(pack_copy: Path) -> None:
    assert load_pack(pack_copy).path == pack_copy.resolve()
    assert load_pack(pack_copy / "rules.yaml").path == pack_copy.resolve()


def test_unknown_kind_names_file_and_path(pack_copy: Path) -> None:
    _edit(pack_copy, "rules.yaml", "kind: count-goals", "kind: count-sheep")
    message = _error(pack_copy)
    assert "rules.yaml" in message
    assert "rules[" in message and "(INT002).kind" in message
    assert "count-sheep" in message


def test_bad_parameter_names_its_path(pack_copy: Path) -> None:
    _edit(
        pack_copy,
        "rules.yaml",
        "params: {min: 3, max: 5, fallback: plan}",
        "params: {min: three, max: 5}",
    )
    message = _error(pack_copy)
    assert "(INT002).params.min" in message and "three" in message


def test_invalid_regex_is_reported(pack_copy: Path) -> None:
    _edit(pack_copy, "rules.yaml", "patterns: ['forebygg']", "patterns: ['forebygg(']")
    message = _error(pack_copy)
    assert "(INT009).params.groups[0].patterns[0]" in message
    assert "regular expression" in message


def test_yaml_syntax_error_gives_line(pack_copy: Path) -> None:
    (pack_copy / "rules.yaml").write_text("rules:\n  - id: [DOC001\n", encoding="utf-8")
    message = _error(pack_copy)
    assert "rules.yaml" in message and "line" in message


def test_unknown_section_key(pack_copy: Path) -> None:
    _edit(pack_copy, "rules.yaml", "section: intro.goals", "section: intro.gaols")
    assert "intro.gaols" in _error(pack_copy)


def test_duplicate_rule_id(pack_copy: Path) -> None:
    _edit(pack_copy, "rules.yaml", "id: DOC002", "id: DOC001")
    assert "DOC001 is used twice" in _error(pack_copy)


def test_missing_message_language(pack_copy: Path) -> None:
    _edit(
        pack_copy,
        "rules.yaml",
        '        en: "The plan does not say which year it is from.',
        '        xx: "The plan does not say which year it is from.',
    )
    message = _error(pack_copy)
    assert "(DOC004).messages.fail" in message


def test_missing_file_and_folder(pack_copy: Path, tmp_path: Path) -> None:
    (pack_copy / "sections.yaml").unlink()
    assert "sections.yaml" in _error(pack_copy)
    assert "does not exist" in _error(tmp_path / "nowhere")


def test_pack_yaml_placeholder_regex(pack_copy: Path) -> None:
    _edit(pack_copy, "pack.yaml", "pattern: '\\binfohus xx\\b'", "pattern: '(infohus'")
    assert "pack.yaml" in _error(pack_copy)


def test_validation_is_cached_per_content(pack_copy: Path, tmp_path: Path) -> None:
    load_pack(pack_copy)
    markers = list((tmp_path / "cache" / "beredskab" / "rulepacks").glob("*.ok"))
    assert len(markers) == 1
    _edit(pack_copy, "rules.yaml", "kind: count-goals", "kind: count-sheep")
    with pytest.raises(RulePackError):
        load_pack(pack_copy)  # a changed file is validated again
