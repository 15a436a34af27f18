"""Shared test fixtures: where ../shared is, and skipping with a reason without it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} beside the checkout (not present here)")
    return path


@pytest.fixture
def real_docx_dir() -> Path:
    return shared_path("corpus", "real-docx")


@pytest.fixture
def bench_dir() -> Path:
    return shared_path("corpus", "bench")
