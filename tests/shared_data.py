"""Where ../shared is, and skipping with a reason when it is absent.

A plain module (not conftest) so test modules can import it: several conftest.py files
exist under tests/, and ``from conftest import …`` would pick whichever came first.
"""

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
