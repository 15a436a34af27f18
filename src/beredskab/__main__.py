"""``python -m beredskab``: the same as the ``beredskab`` command."""

from beredskab.console import run

run()
