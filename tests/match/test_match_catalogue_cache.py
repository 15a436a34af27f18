"""The catalogue's features come from the user's cache folder on later runs, equal to
the features computed afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from beredskab import match
from beredskab.rulepack import load_pack


def test_cached_catalogue_equals_fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    sections = load_pack().sections
    fresh = tuple(match._key_model(spec) for spec in sections)
    first = match._key_models(sections)  # builds and stores
    assert list((tmp_path / "beredskab" / "match-catalogue").glob("*.json"))
    second = match._key_models(sections)  # read back
    assert first == second == fresh
    assert any(model.phrases for model in second) and any(model.keywords for model in second)
