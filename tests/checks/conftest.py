"""Fixtures of the check tests (the helpers live in checks_helpers.py)."""

from __future__ import annotations

import pytest

from beredskab.rulepack import RulePack, load_pack


@pytest.fixture(scope="session")
def pack() -> RulePack:
    return load_pack()
