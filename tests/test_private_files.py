"""Private cache files: read only when private, written whole, and old entries of a kind
pruned when a new one is written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from beredskab import cache
from beredskab.private_files import STALE_DAYS, prune_stale, read_private, write_private

OLD = time.time() - (STALE_DAYS + 1) * 86400


def _old(path: Path) -> Path:
    os.utime(path, (OLD, OLD))
    return path


def test_write_then_read_private(tmp_path: Path) -> None:
    path = tmp_path / "kind" / "entry.marshal"
    write_private(str(path), b"data")
    assert read_private(str(path)) == b"data"
    assert path.stat().st_mode & 0o077 == 0
    assert read_private(str(tmp_path / "missing")) is None
    if hasattr(os, "getuid"):
        path.chmod(0o664)  # another user could have written it
        assert read_private(str(path)) is None


def test_prune_removes_only_old_cache_files(tmp_path: Path) -> None:
    keep = tmp_path / "current.json"
    keep.write_text("{}")
    _old(keep)
    stale = [tmp_path / "a.json", tmp_path / "b.marshal", tmp_path / "c.ok"]
    for f in stale:
        f.write_text("x")
        _old(f)
    recent = tmp_path / "recent.json"
    recent.write_text("{}")
    foreign = tmp_path / "notes.txt"
    foreign.write_text("mine")
    _old(foreign)
    folder = tmp_path / "old.json"  # a folder named like an entry
    folder.mkdir()
    os.utime(folder, (OLD, OLD))
    link = tmp_path / "link.json"
    link.symlink_to(foreign)
    assert prune_stale(str(tmp_path), keep.name) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "current.json",
        "link.json",
        "notes.txt",
        "old.json",
        "recent.json",
    ]
    assert prune_stale(str(tmp_path / "missing"), "x") == 0


def test_a_new_cache_entry_prunes_its_stale_siblings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = cache.cached("demo", [b"one"], lambda: {"v": 1}, lambda v: v, lambda v: v)
    (entry,) = (tmp_path / "beredskab" / "demo").iterdir()
    _old(entry)
    second = cache.cached("demo", [b"two"], lambda: {"v": 2}, lambda v: v, lambda v: v)
    assert first == {"v": 1} and second == {"v": 2}
    assert entry.name not in [p.name for p in (tmp_path / "beredskab" / "demo").iterdir()]
