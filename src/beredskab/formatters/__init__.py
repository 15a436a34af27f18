"""Output formats: plug-ins over one results model (like ruff's output formats).

Each formatter is a module with ``render(reports, *, lang, pack, color) -> str``.
``FORMATS`` maps a format name to its module; modules are imported only when used, so
``beredskab check`` starts fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Protocol

from beredskab.results import Report
from beredskab.rulepack import RulePack

FORMATS: dict[str, str] = {
    "text": "beredskab.formatters.text",
    "json": "beredskab.formatters.json_format",
    "jsonl": "beredskab.formatters.json_format",
    "sarif": "beredskab.formatters.sarif",
    "html": "beredskab.formatters.html",
    "md": "beredskab.formatters.markdown",
}


class Formatter(Protocol):
    def __call__(
        self,
        reports: Sequence[Report],
        *,
        lang: str,
        pack: RulePack | None,
        color: bool = False,
        fmt: str = "",
    ) -> str: ...


def get_formatter(name: str) -> Formatter:
    """The ``render`` function of format ``name`` (KeyError for an unknown format)."""
    module = importlib.import_module(FORMATS[name])
    render: Formatter = module.render
    return render
