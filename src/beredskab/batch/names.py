"""Safe, unique names for the files a batch run writes per plan.

A plan's outputs (``<name>.json``, ``<name>.html``, ``<name>.annoteret.docx``) are named
after its municipality code and file name, which come from outside (a manifest, a file name a
municipality chose). ``safe_name`` keeps letters (æ/ø/å too), digits, ``-``, ``_`` and
``.``, turns everything else (path separators, control characters, ``<>:"|?*``, spaces)
into ``-``, never starts with a dot, avoids the names Windows reserves (``CON``,
``NUL``, ``COM1`` …) and is at most ``MAX_LEN`` characters. ``unique_names`` adds
``-2``, ``-3`` … so no two plans share a name, compared without case (a run may be
copied to a case-insensitive disk).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

MAX_LEN = 80
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)
_DASHES = re.compile(r"-{2,}")


def safe_name(text: str, fallback: str = "plan") -> str:
    """``text`` as a file name stem (see the module docstring)."""
    value = unicodedata.normalize("NFC", text)
    value = "".join(ch if unicodedata.category(ch)[0] != "C" else "-" for ch in value)
    value = _UNSAFE.sub("-", value)
    value = _DASHES.sub("-", value).strip("-._ ")
    value = value[:MAX_LEN].rstrip("-._ ")
    if not value:
        value = fallback
    if value.split(".", 1)[0].lower() in _RESERVED:
        value = f"_{value}"[:MAX_LEN]
    return value


def plan_stem(file: str, kommunekode: str | None = None) -> str:
    """The name for a plan's outputs: ``<kommunekode>-<file stem>`` when the manifest
    says who sent it (the file stem alone otherwise), so a folder listing sorts by
    municipality and two municipalities' ``plan.docx`` never collide."""
    base = file.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    stem = safe_name(stem)
    if kommunekode:
        stem = f"{safe_name(kommunekode)}-{stem}"
    return safe_name(stem)


def unique_names(stems: Sequence[str]) -> list[str]:
    """``stems`` made unique (case-insensitively) by ``-2``, ``-3`` … in order."""
    taken: set[str] = set()
    out: list[str] = []
    for stem in stems:
        candidate = stem
        n = 1
        while candidate.lower() in taken:
            n += 1
            suffix = f"-{n}"
            candidate = stem[: MAX_LEN - len(suffix)] + suffix
        taken.add(candidate.lower())
        out.append(candidate)
    return out
