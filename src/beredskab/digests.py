"""SHA-256 for the check path without importing ``hashlib``.

``hashlib`` loads OpenSSL when it is imported: about 3 ms, some 3 % of a whole
``beredskab check`` process. CPython's own SHA-256 (``_sha256``, ``_sha2`` from Python
3.12) is built into the interpreter and costs nothing to import; it hashes more slowly
(about 0.4 ms for a 120-page plan's 124 KB instead of 0.1 ms), which a command that reads
one or a few plans never notices. Interpreters without it use ``hashlib``. The digests
are the same (SHA-256 is SHA-256), so nothing that stores them changes.
"""

from __future__ import annotations

try:
    from _sha256 import sha256
except ImportError:  # pragma: no cover - Python 3.12+, or another interpreter
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
