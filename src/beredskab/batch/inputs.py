"""What a batch run reads: plan files, folders of plans and manifest CSV files.

``collect_inputs(paths)`` turns the command line's INPUT arguments into one ordered list
of ``PlanInput``:

* a file is one plan (whatever its type: a PDF or an old .doc still gets its row in the
  run, with the reader's clear DOC001 message);
* a folder is searched recursively for Word files (``.docx``, ``.docm``, ``.dotx``,
  ``.dotm``), leaving out Word's lock files (``~$plan.docx``) and hidden folders;
* a ``.csv`` file is a manifest: one plan per line with the columns ``file`` (required;
  relative to the manifest's folder), ``kommune`` and/or ``kommunekode`` (who sent it),
  ``received`` (the date CDE received it) and ``version``; comma or semicolon separated,
  UTF-8 with or without a byte-order mark. The sample corpus's ``manifest.csv`` has
  exactly these columns.

The same file named twice (directly and through a folder, say) is read once. Reading a
manifest is the only I/O here; everything else is pure.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from beredskab.errors import UsageError
from beredskab.reference import Municipality, find_municipality

WORD_SUFFIXES = frozenset({".docx", ".docm", ".dotx", ".dotm"})
MANIFEST_SUFFIX = ".csv"
MAX_MANIFEST_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PlanInput:
    """One plan to check, with what the manifest says about it (if any)."""

    path: Path
    kommune: str | None = None
    """The municipality's short name ("Skive") as resolved from the manifest, or None."""
    kommunekode: str | None = None
    received: date | None = None
    version: int | None = None
    manifest: Path | None = None
    """The manifest that listed the plan (None for a file or folder argument)."""
    line: int | None = None
    """The manifest line (1 = the header) that listed the plan."""

    @property
    def display(self) -> str:
        """The file as the user named it (relative when it was given relatively)."""
        return str(self.path)


def collect_inputs(paths: Sequence[str | Path]) -> list[PlanInput]:
    """Every plan named by ``paths`` (files, folders, manifests), in the given order,
    folder contents sorted by path, duplicates dropped (the first mention wins)."""
    if not paths:
        raise UsageError("batch.no-inputs")
    found: list[PlanInput] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(PlanInput(p) for p in _word_files(path))
        elif path.suffix.lower() == MANIFEST_SUFFIX and path.is_file():
            found.extend(read_manifest(path))
        elif path.exists() or path.suffix.lower() in WORD_SUFFIXES:
            # A missing .docx still gets its DOC001 row ("the file does not exist").
            found.append(PlanInput(path))
        else:
            raise UsageError("batch.input-not-found", file=str(path))
    return _unique(found)


def _word_files(folder: Path) -> list[Path]:
    out = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder).parts
        if any(part.startswith(".") for part in rel[:-1]):
            continue
        if p.name.startswith(("~$", ".")) or p.suffix.lower() not in WORD_SUFFIXES:
            continue
        if p.is_file():
            out.append(p)
    return sorted(out, key=lambda p: str(p).lower())


def _unique(items: Iterable[PlanInput]) -> list[PlanInput]:
    seen: set[Path] = set()
    out: list[PlanInput] = []
    for item in items:
        key = item.path.resolve() if item.path.exists() else item.path.absolute()
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


# --- manifests ---------------------------------------------------------------------------

_DATE_FORMS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})$"),
)


def parse_received(text: str) -> date | None:
    """A manifest date: ISO ``2024-06-24`` or Danish ``24-06-2024`` / ``24.06.2024``
    (empty: None). Raises ValueError for anything else."""
    value = text.strip()
    if not value:
        return None
    for form in _DATE_FORMS:
        m = form.match(value)
        if m:
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
    raise ValueError(value)


def read_manifest(path: Path) -> list[PlanInput]:
    """The plans a manifest CSV lists (see the module docstring for its columns)."""
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise UsageError("batch.manifest-too-large", file=str(path))
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError("batch.manifest-encoding", file=str(path)) from exc
    except OSError as exc:
        raise UsageError("batch.input-not-found", file=str(path)) from exc
    return parse_manifest(text, path)


def parse_manifest(text: str, path: Path) -> list[PlanInput]:
    """Parse a manifest's text; files are relative to ``path``'s folder."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    if "file" not in header:
        raise UsageError("batch.manifest-no-file-column", file=str(path))
    base = path.parent
    out: list[PlanInput] = []
    for line, row in enumerate(reader, start=2):
        values = {key: (row.get(name) or "").strip() for key, name in header.items()}
        file = values.get("file", "")
        if not file:
            continue
        muni = _municipality(values, path, line)
        try:
            received = parse_received(values.get("received", ""))
        except ValueError as exc:
            raise UsageError(
                "batch.manifest-bad-date", file=str(path), line=line, value=values["received"]
            ) from exc
        version_text = values.get("version", "")
        if version_text and not version_text.isdigit():
            raise UsageError(
                "batch.manifest-bad-version", file=str(path), line=line, value=version_text
            )
        plan_path = Path(file)
        out.append(
            PlanInput(
                path=plan_path if plan_path.is_absolute() else base / plan_path,
                kommune=muni.name if muni else None,
                kommunekode=muni.code if muni else None,
                received=received,
                version=int(version_text) if version_text else None,
                manifest=path,
                line=line,
            )
        )
    return out


def _municipality(values: dict[str, str], path: Path, line: int) -> Municipality | None:
    code, name = values.get("kommunekode", ""), values.get("kommune", "")
    if not code and not name:
        return None
    muni = find_municipality(code) if code else None
    if muni is None and name:
        muni = find_municipality(name)
    if muni is None:
        raise UsageError(
            "batch.manifest-unknown-kommune", file=str(path), line=line, value=name or code
        )
    return muni
