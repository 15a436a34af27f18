"""Files of the cache folder that hold marshalled data, read only when they are private.

``marshal`` is quick, but a file of it is only as trustworthy as whoever could write it
(the compiled dataclass methods are bytecode that is run). Like ssh with its keys, such a
file is read only when it belongs to this user and nobody else can write to it, and it
is written private (0600, in a 0700 folder) and whole (a temporary file renamed over
it, so a reader never sees half of one).
"""

from __future__ import annotations

import os
import time

STALE_DAYS = 30
"""A cache file of the same kind left unwritten this long is removed when a new one of
that kind is written (a changed rule pack, text module or release starts a new file and
leaves the old one behind)."""

_SUFFIXES = (".json", ".marshal", ".ok")


def read_private(path: str) -> bytes | None:
    """The bytes of ``path``; None when it is missing, unreadable or not private."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
            return None  # on systems without owners (Windows) the folder's ACLs apply
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def write_private(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` whole, private to this user (raises ``OSError``)."""
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def prune_stale(folder: str, keep: str, now: float | None = None) -> int:
    """Remove the files of ``folder`` (one kind of cache entry) not written for
    ``STALE_DAYS`` days, except ``keep``; only plain files with the cache's own suffixes,
    never a link or a folder. At worst a removed entry is built again. Returns how many
    were removed; never raises."""
    limit = (time.time() if now is None else now) - STALE_DAYS * 86400
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        try:
            if (
                entry.name == keep
                or not entry.name.endswith(_SUFFIXES)
                or not entry.is_file(follow_symlinks=False)
                or entry.stat(follow_symlinks=False).st_mtime >= limit
            ):
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
    return removed
