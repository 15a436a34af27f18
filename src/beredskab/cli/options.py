"""Option values several commands parse alike.

``iso_date`` reads a ``--as-of``/``--received`` value; each command keeps its own
message for a value that is not a date (the key is passed in).
"""

from __future__ import annotations

from datetime import date

from beredskab.errors import UsageError


def iso_date(value: str | None, message: str) -> date | None:
    """``YYYY-MM-DD`` (spaces around it ignored), None for None; otherwise a
    ``UsageError`` with the message ``message`` (``{value}`` filled in)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise UsageError(message, value=value) from exc
