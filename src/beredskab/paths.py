"""Where the project's data lives: rule packs, schemas and reference data.

The repository keeps rule packs in ``rules/`` and JSON Schemas in ``schemas/`` at its
top level (data, not code). An editable install (the README's set-up) finds them
beside ``src/``; ``BEREDSKAB_HOME`` points elsewhere when the package is installed
without the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent


def _home() -> Path:
    env = os.environ.get("BEREDSKAB_HOME")
    return Path(env) if env else REPO_DIR


RULES_DIR = _home() / "rules"
SCHEMAS_DIR = _home() / "schemas"
DEFAULT_PACK_DIR = RULES_DIR / "cde-2024"
DATA_DIR = PACKAGE_DIR / "data"
"""Reference data shipped inside the package (municipalities, police districts)."""
