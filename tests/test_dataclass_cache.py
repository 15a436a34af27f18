"""The compiled-dataclass table (``beredskab.dataclass_cache``): a warm process builds the
same classes as a cold one, a damaged or foreign table is ignored, and the switch turns it
off. Each case runs in a fresh interpreter, as the table is loaded once per process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# Prints, for a few classes of the check path, what the generated methods do, plus
# whether the table was used: the same output cold and warm means the same classes.
PROBE = r"""
import dataclasses, json, sys
from beredskab import dataclass_cache
from beredskab.model import Paragraph
from beredskab.results import Result
from beredskab.tree import Section
out = {"installed": dataclass_cache._installed, **dataclass_cache.stats()}
for cls in (Paragraph, Result, Section):
    fields = dataclasses.fields(cls)
    out[cls.__name__] = {
        "fields": [
            (f.name, str(f.type), None if f.default is dataclasses.MISSING else repr(f.default))
            for f in fields
        ],
        "init": cls.__init__.__code__.co_varnames[: cls.__init__.__code__.co_argcount],
        "qualname": cls.__init__.__qualname__,
        "annotations": {k: str(v) for k, v in cls.__init__.__annotations__.items()},
        "frozen": cls.__setattr__.__qualname__,
        "hash": cls.__hash__ is not None,
    }
r = Result(rule="X001", name="n", severity="error", outcome="fail", message={"da": "m"})
try:
    r.rule = "Y"
    out["frozen_ok"] = False
except dataclasses.FrozenInstanceError:
    out["frozen_ok"] = True
out["repr"] = repr(r)
out["eq"] = r == dataclasses.replace(r)
print(json.dumps(out, sort_keys=True))
"""


def _run(home: Path, **env: str) -> dict[str, object]:
    import json

    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**os.environ, "XDG_CACHE_HOME": str(home), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _table(home: Path) -> list[Path]:
    return sorted((home / "beredskab" / "dataclasses").glob("*.marshal"))


def _strip(run: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in run.items() if k not in ("loaded", "compiled")}


def test_warm_process_builds_the_same_classes(tmp_path: Path) -> None:
    cold = _run(tmp_path)
    assert cold["installed"] is True and cold["loaded"] == 0
    assert isinstance(cold["compiled"], int) and cold["compiled"] > 20
    (table,) = _table(tmp_path)
    assert table.stat().st_mode & 0o077 == 0  # private to the user
    warm = _run(tmp_path)
    assert warm["loaded"] == cold["compiled"] and warm["compiled"] == 0
    assert _strip(warm) == _strip(cold)
    assert warm["frozen_ok"] is True and warm["eq"] is True


def test_switched_off_writes_nothing(tmp_path: Path) -> None:
    run = _run(tmp_path, BEREDSKAB_NO_CODE_CACHE="1")
    assert run["installed"] is False
    assert _table(tmp_path) == []


@pytest.mark.parametrize("where", [0.0, 0.5, 0.9])
def test_damaged_table_costs_only_compiling(tmp_path: Path, where: float) -> None:
    """A damaged byte in the header, a key or an entry: the damaged entries (or all) are
    compiled again, the classes are the same, and the next run finds them whole."""
    reference = _run(tmp_path)
    (table,) = _table(tmp_path)
    data = bytearray(table.read_bytes())
    data[int(len(data) * where)] ^= 0xFF
    table.write_bytes(bytes(data))
    again = _run(tmp_path)
    assert again["compiled"] >= 1
    assert again["loaded"] + again["compiled"] == reference["compiled"]
    assert _strip(again) == _strip(reference)
    healed = _run(tmp_path)
    assert healed["loaded"] == reference["compiled"] and healed["compiled"] == 0


def test_entry_with_a_wrong_crc_is_compiled_again() -> None:
    from beredskab import dataclass_cache as dc

    code = compile("z = 1\n", "<string>", "exec")
    stored = dc._encode(code)
    assert dc._decode(stored) == code
    assert dc._decode(stored[:4] + stored[4:-1] + bytes([stored[-1] ^ 1])) is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no file owners on this system")
def test_table_others_can_write_is_not_read(tmp_path: Path) -> None:
    _run(tmp_path)
    (table,) = _table(tmp_path)
    table.chmod(0o666)
    assert _run(tmp_path)["loaded"] == 0


def test_unwritable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = _run(blocker)
    assert run["installed"] is True and run["frozen_ok"] is True


def test_cached_exec_compiles_like_exec() -> None:
    from beredskab import dataclass_cache

    source = "def f(a: int) -> int:\n    return a + 1\n"
    ns: dict[str, Any] = {}
    dataclass_cache.cached_exec(source, {}, ns)
    f = ns["f"]
    assert callable(f) and f(1) == 2
    # no `from __future__ import annotations` leaks from the module that compiles it
    assert f.__annotations__ == {"a": int, "return": int}
    assert f.__code__.co_filename == "<string>"
    assert f.__code__ in dataclass_cache._codes[source].co_consts


def test_a_full_table_is_rewritten_with_what_this_run_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sources of classes that changed since cannot make the table grow without end."""

    from beredskab import dataclass_cache as dc

    table = tmp_path / "table.marshal"
    monkeypatch.setattr(dc, "_file", lambda: str(table))
    monkeypatch.setattr(dc, "_MAX_ENTRIES", 4)
    stale = {
        f"x{i} = {i}\n": dc._encode(compile(f"x{i} = {i}\n", "<string>", "exec")) for i in range(4)
    }
    monkeypatch.setattr(dc, "_new", dict(stale))
    dc.save()
    assert set(dc._load()) == set(stale)  # within the limit: kept
    used = {"y = 1\n": compile("y = 1\n", "<string>", "exec")}
    monkeypatch.setattr(dc, "_codes", used)
    monkeypatch.setattr(dc, "_new", {"y = 1\n": dc._encode(used["y = 1\n"])})
    dc.save()
    assert set(dc._load()) == {"y = 1\n"}  # over it: only what this run used
