"""The result store: random tokens, one download per file, expiry, and no way out of
its folder."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from beredskab.web.store import KINDS, ResultStore, valid_token


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _store(tmp_path: Path, clock: Clock | None = None) -> ResultStore:
    return ResultStore(tmp_path / "store", ttl_seconds=600, clock=clock or Clock())


def _put(store: ResultStore, kind: str = "json", data: bytes = b"{}") -> str:
    token, _folder = store.new()
    store.path(token, kind).write_bytes(data)
    store.add(token, kind, f"rapport.{kind}")
    return token


def test_tokens_are_random_and_valid(tmp_path: Path) -> None:
    store = _store(tmp_path)
    tokens = {store.new()[0] for _ in range(50)}
    assert len(tokens) == 50
    assert all(valid_token(t) for t in tokens)
    assert (store.root.stat().st_mode & 0o777) == 0o700


@pytest.mark.parametrize(
    "token",
    ["", "abc", "../" + "a" * 29, "a" * 31 + "/", "a" * 33, "a" * 31 + ".", "a" * 31 + "\n"],
)
def test_invalid_tokens_are_refused_before_any_path_is_made(tmp_path: Path, token: str) -> None:
    store = _store(tmp_path)
    assert not valid_token(token)
    assert store.take(token, "json") is None
    assert store.kinds(token) == {}
    with pytest.raises(ValueError):
        store.path(token, "json")


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    store = _store(tmp_path)
    token = _put(store)
    assert store.take(token, "exe") is None
    with pytest.raises(ValueError):
        store.path(token, "../meta")


def test_take_returns_the_bytes_once_and_cleans_up(tmp_path: Path) -> None:
    store = _store(tmp_path)
    token, _ = store.new()
    for kind in ("docx", "json"):
        store.path(token, kind).write_bytes(kind.encode())
        store.add(token, kind, f"plan.{kind}")
    assert store.kinds(token) == {"docx": "plan.docx", "json": "plan.json"}
    got = store.take(token, "docx")
    assert got is not None
    assert (got.data, got.download_name, got.mimetype) == (
        b"docx",
        "plan.docx",
        KINDS["docx"].mimetype,
    )
    assert store.take(token, "docx") is None
    assert store.kinds(token) == {"json": "plan.json"}
    assert (store.root / token).is_dir()
    assert store.take(token, "json") is not None
    assert not (store.root / token).exists()  # the last download removes the folder


def test_expired_files_are_gone(tmp_path: Path) -> None:
    clock = Clock()
    store = _store(tmp_path, clock)
    old = _put(store)
    clock.now += 601
    fresh = _put(store)
    assert store.take(old, "json") is None
    assert not (store.root / old).exists()
    assert store.take(fresh, "json") is not None


def test_sweep_removes_expired_and_broken_folders_only(tmp_path: Path) -> None:
    clock = Clock()
    store = _store(tmp_path, clock)
    old = _put(store)
    clock.now += 601
    fresh = _put(store)
    broken = "b" * 32
    (store.root / broken).mkdir()
    (store.root / "not-a-token").mkdir()
    assert store.sweep() == 2
    assert not (store.root / old).exists() and not (store.root / broken).exists()
    assert (store.root / fresh).exists()
    assert (store.root / "not-a-token").exists()  # never touches what it did not make


def test_close_removes_everything(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _put(store)
    store.close()
    assert not store.root.exists()


def _race(store: ResultStore, token: str, threads: int = 4) -> list[object]:
    results: list[object] = []
    barrier = threading.Barrier(threads)

    def grab() -> None:
        barrier.wait()
        results.append(store.take(token, "json"))

    running = [threading.Thread(target=grab) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return results


def test_two_simultaneous_downloads_get_the_file_once(tmp_path: Path) -> None:
    store = _store(tmp_path)
    for _ in range(20):
        results = _race(store, _put(store, data=b"x" * 100_000))
        assert sum(1 for r in results if r is not None) == 1
