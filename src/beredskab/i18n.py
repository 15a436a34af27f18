"""User-facing text in Danish with English alternates, kept in one place.

Every sentence a user reads lives in ``beredskab/messages/*.yaml`` (one file per area:
``cli.yaml``, ``reader.yaml``, ``report.yaml`` …) as ``key: {da: …, en: …}``; rule
messages live in the rule pack. Code never builds user-facing sentences by
concatenation: it calls ``t(key, lang, **params)`` and the template is filled with
``str.format``. A key defined in two files is an error (found by the tests).
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from typing import Any

LANGS = ("da", "en")
DEFAULT_LANG = "da"


def resolve_lang(lang: str | None) -> str:
    """The language to use: explicit choice, else ``BEREDSKAB_LANG``, else Danish."""
    chosen = (lang or os.environ.get("BEREDSKAB_LANG") or DEFAULT_LANG).lower()
    return chosen if chosen in LANGS else DEFAULT_LANG


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All message files merged; raises ValueError on a key defined twice.

    The merged catalogue of the same files is kept in the user's cache folder
    (``beredskab.cache``), so a run normally reads no YAML."""
    from beredskab.cache import cached, source

    folder = resources.files("beredskab") / "messages"
    files = [
        (entry.name, entry.read_bytes())
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
    ]
    sources = [source(__file__)]
    sources += [part for name, data in files for part in (name.encode(), data)]
    merged: dict[str, dict[str, str]] = cached(
        "messages", sources, lambda: _merge(files), lambda c: c, lambda c: c
    )
    return merged


def _merge(files: list[tuple[str, bytes]]) -> dict[str, dict[str, str]]:
    import yaml

    # The C loader (when PyYAML has it) reads the catalogue ~20x faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    merged: dict[str, dict[str, str]] = {}
    for name, data in files:
        for key, texts in (yaml.load(data.decode("utf-8"), Loader=loader) or {}).items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice ({name})")
            merged[key] = texts
    return merged


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """The message ``key`` in ``lang`` (falls back to Danish, then to the key itself)."""
    texts = catalogue().get(key)
    if texts is None:
        return key if not params else f"{key} {params}"
    template = texts.get(resolve_lang(lang)) or texts.get(DEFAULT_LANG) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
