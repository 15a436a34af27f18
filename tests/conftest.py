"""Shared test fixtures: where ../shared is, and skipping with a reason without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared_data import REPO, SHARED, shared_path

__all__ = ["REPO", "SHARED", "shared_path"]


@pytest.fixture
def real_docx_dir() -> Path:
    return shared_path("corpus", "real-docx")


@pytest.fixture
def bench_dir() -> Path:
    return shared_path("corpus", "bench")
