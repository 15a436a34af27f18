"""Derived data kept between runs in the user's cache folder, for a fast start-up.

``beredskab check`` is a command people type, so it should not parse and validate the
rule pack's YAML, the message catalogue and the reference data on every run. What is
derived from those files is stored as JSON in ``$XDG_CACHE_HOME/beredskab/`` (else
``~/.cache/beredskab/``), under a name holding the SHA-256 of everything it is derived
from (the files' bytes, the tool's version, the Python version): a changed file gives a
new name, so a stale entry is never read. JSON, not pickle: reading a cache entry never
runs code. (The compiled regular expressions below are plain data in ``marshal``, read
only from a private file.) An unreadable or damaged entry, or a read-only cache folder,
only costs the full load; it never changes a result.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from beredskab import __version__
from beredskab.digests import sha256

T = TypeVar("T")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "beredskab"


def source(module_file: str) -> bytes:
    """The source code of a module (by its ``__file__``), so that an entry derived by
    code is not reused after that code changed (empty when the source is not there)."""
    try:
        return Path(module_file).read_bytes()
    except OSError:
        return b""


def digest(kind: str, sources: Iterable[bytes]) -> str:
    """SHA-256 of ``kind``, the tool and Python versions and every source, in order."""
    h = sha256()
    for part in (kind.encode(), __version__.encode(), sys.version.encode(), *sources):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def cached(
    kind: str,
    sources: Iterable[bytes],
    build: Callable[[], T],
    dump: Callable[[T], Any],
    load: Callable[[Any], T],
) -> T:
    """``build()``, or what an earlier run stored for the same ``sources``.

    ``dump`` turns the value into JSON data and ``load`` back; a value that does not
    come back equal (``load(dump(v)) != v``) is not stored, so a hit always gives what
    ``build()`` would."""
    path = cache_dir() / kind / f"{digest(kind, sources)}.json"
    try:
        return load(json.loads(path.read_bytes()))
    except Exception:  # no entry, or a damaged one: build it
        pass
    value = build()
    try:
        data = dump(value)
        if load(json.loads(json.dumps(data))) != value:
            return value
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        from beredskab.private_files import prune_stale

        prune_stale(str(path.parent), path.name)
    except Exception:  # not storable, or a read-only cache: fine
        pass
    return value


# --- Compiled regular expressions -----------------------------------------------------
#
# Python compiles a regular expression in Python code (parser and code generator) on
# every run; the checks, facts and reference data use a few hundred of them, which made
# compiling a large part of ``beredskab check``'s start-up. ``regex`` keeps the compiled
# form (a list of integers: what ``re`` hands to ``_sre.compile``) in the cache folder,
# keyed by the Python version and the regex engine's version, and builds the pattern from
# it; the same integers give the same pattern as ``re.compile``. Anything unexpected
# falls back to ``re.compile``. ``remember`` stores other small facts about patterns
# (``beredskab.text.required_literals``) in the same file.

_MAX_ENTRIES = 3000
"""At most this many stored patterns and facts (a few hundred per rule pack), so the
file stays small enough to read in a millisecond or two."""
_entries: dict[str, Any] | None = None
_added: dict[str, Any] = {}


_REGEX_MAGIC = b"beredskab-regex-1\n"
"""The regex file's first bytes, then the CRC-32 of the rest, then the marshalled entries.
``marshal``, not JSON: the file holds a thousand entries on a machine that has checked
long plans, and JSON took ~2.4 ms of every start-up to read them, marshal ~1 ms. The file
holds only plain data (lists, numbers, text), checked where it is used, and it is read
only when it is private to the user (``beredskab.private_files``)."""


def _regex_file() -> Path:
    import _sre
    import marshal

    engine = f"{_sre.MAGIC}:{_sre.CODESIZE}:{_sre.MAXREPEAT}:{_sre.MAXGROUPS}".encode()
    # ``remember``ed facts are computed by beredskab.text: its source is part of the key.
    text_py = Path(__file__).with_name("text.py")
    key = digest("regex", [engine, str(marshal.version).encode(), source(str(text_py))])
    return cache_dir() / "regex" / f"{key}.marshal"


def _read_regex_file() -> dict[str, Any]:
    import marshal
    import zlib

    from beredskab.private_files import read_private

    data = read_private(str(_regex_file()))
    head = len(_REGEX_MAGIC) + 4
    if data is None or not data.startswith(_REGEX_MAGIC):
        return {}
    if zlib.crc32(data[head:]).to_bytes(4, "big") != data[head - 4 : head]:
        return {}
    try:
        loaded = marshal.loads(data[head:])
    except Exception:  # pragma: no cover - the CRC matched
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _store() -> dict[str, Any]:
    global _entries
    if _entries is None:
        _entries = _read_regex_file()
    return _entries


def _add(key: str, value: Any) -> None:
    import marshal

    store = _store()
    if len(store) >= _MAX_ENTRIES:
        return
    try:
        marshal.dumps(value)
    except ValueError:  # not plain data: used in this run only, never stored
        return
    store[key] = value
    if not _added:
        import atexit

        atexit.register(save_regexes)
    _added[key] = value


def save_regexes() -> None:
    """Write the entries added in this run to the cache file (merged with the entries
    other runs wrote meanwhile). Called at exit; never raises."""
    if not _added:
        return
    import marshal
    import zlib

    from beredskab.private_files import prune_stale, write_private

    try:
        current = _read_regex_file()
        current.update(_added)
        payload = marshal.dumps(current)
        crc = zlib.crc32(payload).to_bytes(4, "big")
        path = _regex_file()
        if not path.exists():  # a new file: the old ones are likely stale
            prune_stale(str(path.parent), path.name)
        write_private(str(path), _REGEX_MAGIC + crc + payload)
        _added.clear()
    except Exception:  # a read-only cache folder: compile next time
        pass


def remember(key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` (plain data: lists, tuples, text, numbers) once per cache folder, for
    a fact about a pattern."""
    store = _store()
    name = f"fact:{key}"
    if name in store:
        return store[name]
    value = compute()
    _add(name, value)
    return value


def regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, built from the cached compiled form when there
    is one (see above)."""
    import _sre

    key = f"re:{int(flags)}:{pattern}"
    entry = _store().get(key)
    if entry is not None:
        try:
            final, code, groups, index, names = entry
            compiled: re.Pattern[str] = _sre.compile(
                pattern, final, _code_from(code), groups, index, tuple(names)
            )
            return compiled
        except Exception:  # a damaged entry: compile it again
            pass
    if flags & re.DEBUG or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    try:
        parser = importlib.import_module("re._parser")
        compiler = importlib.import_module("re._compiler")
        parsed = parser.parse(pattern, flags)
        code = compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = [flags | parsed.state.flags, list(code), parsed.state.groups - 1, groupindex]
        compiled = _sre.compile(pattern, *entry, tuple(indexgroup))
    except Exception:  # an invalid pattern raises re.error from here
        return re.compile(pattern, flags)
    # Plain ints and dicts: marshal stores no RegexFlag (an int subclass).
    _add(key, [int(entry[0]), _code_to(entry[1]), int(entry[2]), dict(entry[3]), indexgroup])
    return compiled


def _code_to(code: list[int]) -> str | list[int]:
    """The compiled code as base64 of its machine words (one short string instead of a
    list of numbers), or the list when the word sizes differ."""
    import _sre
    import base64
    from array import array

    words = array("I")
    if words.itemsize != _sre.CODESIZE:
        return code
    words.extend(code)
    return base64.b64encode(words.tobytes()).decode("ascii")


def _code_from(data: str | list[int]) -> list[int]:
    if isinstance(data, list):
        return data
    import base64
    from array import array

    words = array("I")
    words.frombytes(base64.b64decode(data))
    return words.tolist()
