"""Short-lived result files of the web page: kept under a random token, then deleted.

After a plan is checked, the page offers three downloads: the annotated copy, the JSON
report and the HTML report. They are written once, when the plan is checked, into
``<root>/<token>/`` (``root`` is a private temporary folder, mode 0700, made when the app
starts), and each file is deleted as soon as it has been downloaded. Whatever is not
downloaded is deleted when it expires (``ttl_seconds``, default 15 minutes): every request
sweeps expired tokens, and ``beredskab serve`` removes the whole folder when it stops.

Nothing on disk is named after the uploaded file: the token is ``secrets.token_urlsafe``
and checked against ``TOKEN_RE`` before it is used in a path, the file names inside a
token folder are fixed per kind (``KINDS``), and the name the browser saves a download
under (``download_name``, made safe by the caller) lives only in ``meta.json``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
"""A token: 24 random bytes, URL-safe base64 (``secrets.token_urlsafe(24)``)."""

META = "meta.json"
DEFAULT_TTL_SECONDS = 15 * 60


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of download: its fixed file name on disk and its media type."""

    file: str
    mimetype: str


KINDS: dict[str, Kind] = {
    "docx": Kind(
        "annotated.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "docm": Kind("annotated.docm", "application/vnd.ms-word.document.macroEnabled.12"),
    "dotx": Kind(
        "annotated.dotx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    ),
    "dotm": Kind("annotated.dotm", "application/vnd.ms-word.template.macroEnabled.12"),
    "json": Kind("report.json", "application/json"),
    "html": Kind("report.html", "text/html; charset=utf-8"),
}
"""Download kinds. The annotated copy keeps the plan's own format (a .docm stays .docm)."""


@dataclass(frozen=True, slots=True)
class Download:
    """A download taken out of the store: its bytes are in memory, the file is gone."""

    kind: str
    data: bytes
    download_name: str
    mimetype: str


def valid_token(token: str) -> bool:
    return bool(TOKEN_RE.match(token))


class ResultStore:
    """The token folders under ``root``. Safe to share between threads: every change on
    disk is one ``mkdir``, ``write`` + ``os.replace``, ``rename`` or ``rmtree``."""

    def __init__(
        self,
        root: Path,
        ttl_seconds: int = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.root = root
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def new(self) -> tuple[str, Path]:
        """A fresh token and its (empty, private) folder."""
        while True:
            token = secrets.token_urlsafe(24)
            folder = self.root / token
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:  # pragma: no cover - 192 random bits
                continue
            self._write_meta(folder, {"created": self.clock(), "files": {}})
            return token, folder

    def path(self, token: str, kind: str) -> Path:
        """Where a file of ``kind`` goes in the token's folder (ValueError if invalid)."""
        if not valid_token(token) or kind not in KINDS:
            raise ValueError("invalid token or kind")
        return self.root / token / KINDS[kind].file

    def add(self, token: str, kind: str, download_name: str) -> None:
        """Register a file already written to ``path(token, kind)`` for download."""
        folder = self.path(token, kind).parent
        meta = self._read_meta(folder)
        if meta is None:
            raise FileNotFoundError(token)
        meta["files"][kind] = download_name
        self._write_meta(folder, meta)

    def kinds(self, token: str) -> dict[str, str]:
        """The kinds still waiting for download → their download names."""
        if not valid_token(token):
            return {}
        meta = self._read_meta(self.root / token)
        if meta is None:
            return {}
        return {
            k: v for k, v in meta["files"].items() if (self.root / token / KINDS[k].file).exists()
        }

    def take(self, token: str, kind: str) -> Download | None:
        """The file's bytes, deleting it from disk; None when the token or kind is
        unknown, the file was already downloaded, or it has expired."""
        if not valid_token(token) or kind not in KINDS:
            return None
        folder = self.root / token
        meta = self._read_meta(folder)
        if meta is None or kind not in meta["files"]:
            return None
        if self._expired(meta):
            self._remove(folder)
            return None
        source = folder / KINDS[kind].file
        claimed = folder / f"{KINDS[kind].file}.{secrets.token_hex(8)}.taking"
        try:
            # A rename is atomic: of two simultaneous downloads, only one gets the file.
            os.rename(source, claimed)
        except FileNotFoundError:
            return None
        try:
            data = claimed.read_bytes()
        finally:
            claimed.unlink(missing_ok=True)
        if not any((folder / KINDS[k].file).exists() for k in meta["files"]):
            self._remove(folder)
        return Download(kind, data, str(meta["files"][kind]), KINDS[kind].mimetype)

    def sweep(self) -> int:
        """Delete every expired or broken token folder; returns how many were deleted."""
        removed = 0
        try:
            entries = list(self.root.iterdir())
        except FileNotFoundError:
            return 0
        for folder in entries:
            if not valid_token(folder.name) or not folder.is_dir():
                continue
            meta = self._read_meta(folder)
            if meta is None or self._expired(meta):
                self._remove(folder)
                removed += 1
        return removed

    def discard(self, token: str) -> None:
        if valid_token(token):
            self._remove(self.root / token)

    def close(self) -> None:
        """Delete everything (the server is stopping)."""
        shutil.rmtree(self.root, ignore_errors=True)

    # -- helpers ------------------------------------------------------------------------

    def _expired(self, meta: dict[str, Any]) -> bool:
        created = meta.get("created")
        if not isinstance(created, int | float):
            return True
        return self.clock() - float(created) > self.ttl_seconds

    @staticmethod
    def _remove(folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    @staticmethod
    def _read_meta(folder: Path) -> dict[str, Any] | None:
        try:
            meta: Any = json.loads((folder / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or not isinstance(meta.get("files"), dict):
            return None
        meta["files"] = {
            k: v for k, v in meta["files"].items() if k in KINDS and isinstance(v, str)
        }
        return meta

    @staticmethod
    def _write_meta(folder: Path, meta: object) -> None:
        tmp = folder / f"{META}.{secrets.token_hex(4)}.tmp"
        tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        try:
            os.replace(tmp, folder / META)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
