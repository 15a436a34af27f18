"""Typed errors with a clear message in Danish and English.

Everything a user can cause (a file that is not a Word document, a broken rule pack,
a bad option) is raised as a ``BeredskabError`` subclass carrying a stable ``code`` and
a message key from ``beredskab.messages``. The CLI prints the message in the chosen
language and exits 2; nothing prints a traceback.
"""

from __future__ import annotations

from typing import Any

from beredskab.i18n import DEFAULT_LANG, t


class BeredskabError(Exception):
    """Base of all errors a user can cause. ``code`` is stable (used in reports)."""

    code: str = "error"

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message(DEFAULT_LANG))

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return t(self.key, lang, **self.params)


class DocumentError(BeredskabError):
    """The file could not be read as a Word document.

    ``code`` is one of: ``empty``, ``not-found``, ``not-zip``, ``corrupt-zip``,
    ``encrypted``, ``legacy-doc``, ``ole``, ``pdf``, ``unknown-format``,
    ``missing-part``, ``limit-exceeded``, ``xml-error``, ``timeout``.
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        super().__init__(f"doc.{code}", **params)


class RulePackError(BeredskabError):
    """A rule pack (YAML) is missing or invalid: names the file and the path inside it."""

    code = "rule-pack"

    def __init__(self, key: str = "rules.invalid", **params: Any) -> None:
        super().__init__(key, **params)


class UsageError(BeredskabError):
    """The command was used wrongly (bad date, unknown rule id, output over input...)."""

    code = "usage"
