"""Compiled dataclass methods kept between runs, like Python's own ``__pycache__``.

``@dataclass`` writes the source of ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` for every class and compiles it with ``exec`` while
the module is imported. Compiling is about four fifths of the cost: the hundred-odd
dataclasses of the document model, the facts and the results took some 35 ms of every
``beredskab check`` start-up, a quarter of the whole command.

``install()`` gives the ``dataclasses`` module an ``exec`` that looks the generated source
up in a table of code objects first, compiling (exactly as ``exec`` would: same file name,
no inherited ``__future__`` flags) only what it has not seen, and writes the table to the
cache folder at exit when it grew. The class that comes out is the same: the same source
compiled the same way is the same code. The entries are keyed by the generated source
itself, so a changed field list or another Python version simply misses, and the file's
name holds the interpreter's bytecode magic and version, so ``marshal`` never reads
another Python's data.

Trust: this file holds bytecode that is run, as ``.pyc`` files are. Like Python, it is
only read from the user's own cache folder (``$XDG_CACHE_HOME/beredskab/``), and only when
the file belongs to the user and nobody else can write to it; a damaged entry (each has a
CRC, checked when it is used), a foreign file or a read-only folder only costs the
compiling. Nothing here changes a result; ``BEREDSKAB_NO_CODE_CACHE=1`` turns it off.
"""

from __future__ import annotations

import builtins
import os
import sys
from types import CodeType
from typing import Any

_MAX_ENTRIES = 1000
"""At most this many stored sources (a ``check`` needs about 350, the demo's commands
together about 450). Past it, a run that compiles something new writes only the entries it used
itself, so sources of classes that changed (or of other libraries' dataclasses in the
same process) cannot make the file grow without end."""

_MAGIC = b"beredskab-dataclasses-1\n"
"""The file's first bytes; then a marshalled dict: source -> CRC-32 + marshalled code."""

_stored: dict[str, bytes] = {}
"""The table read from disk: source -> marshalled code, decoded only when looked up (a
command uses a part of it)."""
_codes: dict[str, CodeType] = {}
"""The code of every source this process looked up (decoded or compiled)."""
_new: dict[str, bytes] = {}
"""Sources compiled in this process, to be written at exit."""
_installed = False
_stats = {"loaded": 0, "compiled": 0}


def _file() -> str:
    from importlib.util import MAGIC_NUMBER

    from beredskab import __version__

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    impl = sys.implementation
    # A new release of beredskab starts a new table (its classes changed): no stale entries.
    tag = f"{impl.cache_tag}-{MAGIC_NUMBER.hex()}-{sys.hexversion:x}-{__version__}"
    return os.path.join(base, "beredskab", "dataclasses", f"{tag}.marshal")


def _load() -> dict[str, bytes]:
    import marshal

    from beredskab.private_files import read_private

    data = read_private(_file())
    if data is None or not data.startswith(_MAGIC):
        return {}
    try:
        table = marshal.loads(data[len(_MAGIC) :])
    except Exception:  # damaged: compile again
        return {}
    if not isinstance(table, dict):
        return {}
    return {k: v for k, v in table.items() if isinstance(k, str) and isinstance(v, bytes)}


def _encode(code: CodeType) -> bytes:
    import marshal
    import zlib

    data = marshal.dumps(code)
    return zlib.crc32(data).to_bytes(4, "big") + data


def _decode(stored: bytes) -> CodeType | None:
    """The code of an entry, or None when its CRC does not match (a damaged file: each
    entry is checked when it is used, so a start-up does not checksum the whole table)."""
    import marshal
    import zlib

    data = stored[4:]
    if zlib.crc32(data).to_bytes(4, "big") != stored[:4]:
        return None
    try:
        code = marshal.loads(data)
    except Exception:  # pragma: no cover - the CRC matched
        return None
    return code if isinstance(code, CodeType) else None


def save() -> None:
    """Write the table when this run compiled something new (merged with what other
    runs wrote meanwhile); called at exit, never raises."""
    if not _new:
        return
    import marshal

    from beredskab.private_files import prune_stale, write_private

    try:
        path = _file()
        table = {**_load(), **_new}
        if len(table) > _MAX_ENTRIES:
            table = {source: _encode(code) for source, code in _codes.items()}
        if not os.path.exists(path):  # a new Python or release: the old tables are stale
            prune_stale(os.path.dirname(path), os.path.basename(path))
        write_private(path, _MAGIC + marshal.dumps(table))
        _new.clear()
    except Exception:  # a read-only cache folder: compile next time
        pass


def cached_exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /) -> None:
    """``exec``, with the code of a source string taken from the table when it is there."""
    if type(source) is str:
        code = _codes.get(source)
        if code is None:
            stored = _stored.get(source)
            code = _decode(stored) if stored is not None else None
            if code is not None:
                _stats["loaded"] += 1
            else:
                # As ``exec(source)`` in the dataclasses module compiles it: "<string>", and
                # no flags inherited from this module's ``from __future__ import annotations``.
                code = compile(source, "<string>", "exec", dont_inherit=True)
                _stats["compiled"] += 1
                if not _new:
                    import atexit

                    atexit.register(save)
                _new[source] = _encode(code)
            _codes[source] = code
        source = code
    builtins.exec(source, globals, locals)


def stats() -> dict[str, int]:
    """How many sources came from the table on disk and how many were compiled here."""
    return dict(_stats)


def install() -> None:
    """Use the table for every dataclass created from now on in this process (once)."""
    global _installed
    if _installed or os.environ.get("BEREDSKAB_NO_CODE_CACHE"):
        return
    import dataclasses

    if "exec" in vars(dataclasses):  # somebody else's replacement: leave it alone
        return
    _stored.update(_load())
    dataclasses.exec = cached_exec  # type: ignore[attr-defined]
    _installed = True
