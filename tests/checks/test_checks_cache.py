"""The start-up caches (``beredskab.cache``): a hit gives exactly what a full load gives,
a damaged or unwritable cache only costs time, and a cached rule pack needs no YAML or
jsonschema."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from beredskab import cache, rulepack
from beredskab.errors import RulePackError
from beredskab.i18n import _merge
from beredskab.rulepack import load_pack


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setattr(rulepack, "_loaded", {})  # load through this cache folder
    return home


def test_cached_builds_once_and_reads_back(cache_home: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"a": [1, 2]}

    first = cache.cached("demo", [b"x"], build, lambda v: v, lambda v: v)
    second = cache.cached("demo", [b"x"], build, lambda v: v, lambda v: v)
    assert first == second == {"a": [1, 2]}
    assert len(calls) == 1
    cache.cached("demo", [b"y"], build, lambda v: v, lambda v: v)  # other sources
    assert len(calls) == 2


def test_cached_damaged_entry_is_rebuilt(cache_home: Path) -> None:
    cache.cached("demo", [b"x"], lambda: [1], lambda v: v, lambda v: v)
    (entry,) = (cache_home / "beredskab" / "demo").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert cache.cached("demo", [b"x"], lambda: [2], lambda v: v, lambda v: v) == [2]


def test_cached_value_that_does_not_round_trip_is_not_stored(cache_home: Path) -> None:
    value = {1: "int key"}  # JSON would make the key a string
    assert cache.cached("demo", [b"x"], lambda: value, lambda v: v, lambda v: v) == value
    assert not list((cache_home / "beredskab" / "demo").glob("*.json"))


def test_cached_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file: nothing can be written
    assert cache.cached("demo", [b"x"], lambda: [3], lambda v: v, lambda v: v) == [3]


_PATTERNS = [
    (r"(?P<d>\d{1,2})\.?\s+(?P<m>jan|feb)\.?\s+(?P<y>(?:19|20)\d\d)", re.IGNORECASE),
    (r"(?<![\d])(?<!\d )114(?![\d])", 0),
    (r"^årstal$", re.IGNORECASE | re.MULTILINE),
    (r"(a)(b)?(?:c|d)+", 0),
]


def test_regex_from_the_cache_is_the_compiled_pattern(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_entries", None)
    monkeypatch.setattr(cache, "_added", {})
    fresh = [cache.regex(p, f) for p, f in _PATTERNS]
    cache.save_regexes()
    monkeypatch.setattr(cache, "_entries", None)  # as a new run: read the file
    stored = cache._store()
    assert all(f"re:{int(f)}:{p}" in stored for p, f in _PATTERNS)
    again = [cache.regex(p, f) for p, f in _PATTERNS]
    texts = ["24. Feb 2024", "ring 114 nu", "årstal\nÅRSTAL", "abdcd", "1140"]
    for (p, f), a, b in zip(_PATTERNS, fresh, again, strict=True):
        reference = re.compile(p, f)
        for compiled in (a, b):
            assert compiled.pattern == reference.pattern
            assert compiled.flags == reference.flags
            assert compiled.groupindex == reference.groupindex
            assert compiled.groups == reference.groups
            for text in texts:
                got, want = compiled.search(text), reference.search(text)
                assert (got is None) == (want is None)
                if got is not None and want is not None:
                    assert (got.span(), got.groups()) == (want.span(), want.groups())


def test_regex_invalid_pattern_raises_like_re(cache_home: Path) -> None:
    with pytest.raises(re.error):
        cache.regex("(unclosed")


def test_regex_damaged_entry_compiles_again(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_entries", {"re:0:abc": ["broken"]})
    monkeypatch.setattr(cache, "_added", {})
    assert cache.regex("abc").search("xabc")


def test_pack_from_the_cache_equals_a_full_load(cache_home: Path) -> None:
    first = load_pack()
    assert list((cache_home / "beredskab" / "rulepack").glob("*.json"))
    rulepack._loaded.clear()
    second = load_pack()
    assert first == second
    assert second.rules[0].params is not first.rules[0].params  # fresh objects


def test_cached_pack_needs_no_yaml_or_jsonschema(cache_home: Path) -> None:
    load_pack()  # fills the cache
    code = (
        "import sys\n"
        "from beredskab.rulepack import load_pack\n"
        "from beredskab.i18n import t\n"
        "load_pack(); t('check.list', 'da')\n"
        "print(sorted(m for m in ('yaml', 'jsonschema') if m in sys.modules))\n"
    )
    subprocess.run([sys.executable, "-c", "from beredskab.i18n import t; t('x')"], check=True)
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
    )
    assert json.loads(out.stdout.strip().replace("'", '"')) == []


def test_catalogue_merge_rejects_a_key_defined_twice() -> None:
    files = [("a.yaml", b"x.one: {da: en, en: one}\n"), ("b.yaml", b"x.one: {da: to, en: two}\n")]
    with pytest.raises(ValueError, match="defined twice"):
        _merge(files)


def test_pack_loaded_once_per_process_until_a_file_changes(
    tmp_path: Path, cache_home: Path
) -> None:
    import shutil

    from beredskab.paths import DEFAULT_PACK_DIR

    folder = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK_DIR, folder)
    first = load_pack(folder)
    assert load_pack(folder) is first  # same files: the pack this process holds
    assert load_pack(folder / "rules.yaml") is first
    rules = folder / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = load_pack(folder)
    assert changed is not first and changed == first  # loaded and validated anew
    (folder / "pack.yaml").unlink()
    with pytest.raises(RulePackError):
        load_pack(folder)


def test_regex_file_is_private_and_a_shared_one_is_not_read(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_entries", None)
    monkeypatch.setattr(cache, "_added", {})
    cache.regex(r"abc\d+")
    cache.save_regexes()
    path = cache._regex_file()
    assert path.suffix == ".marshal" and path.stat().st_mode & 0o077 == 0
    assert "re:0:abc\\d+" in cache._read_regex_file()
    if hasattr(os, "getuid"):
        path.chmod(0o666)  # others could have written it: not trusted
        assert cache._read_regex_file() == {}
        path.chmod(0o600)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # damaged: the CRC tells
    path.write_bytes(bytes(data))
    assert cache._read_regex_file() == {}


def test_a_fact_that_is_not_plain_data_is_not_stored(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_entries", None)
    monkeypatch.setattr(cache, "_added", {})
    odd = object()
    assert cache.remember("odd", lambda: odd) is odd
    assert cache.remember("plain", lambda: ("a", 1)) == ("a", 1)
    assert "fact:odd" not in cache._added and "fact:plain" in cache._added
