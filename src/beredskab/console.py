"""The ``beredskab`` console command and ``python -m beredskab``: ``beredskab.cli.main``
with a quick start and a quick end.

``beredskab check`` is a command people type, so the time around the work counts:

* Start: the garbage collector is paused while the command line and the chosen command
  are imported (some hundred modules, a hundred thousand objects that live as long as
  the process, and no garbage; its passes cost about 8 ms). Importing the command ends
  the pause (``beredskab.cli.LazyGroup``) and freezes what was imported so far out of
  later collections.
* End: a finished command has nothing left to do but let the interpreter tear itself
  down, which frees every module and object one by one (about 15 ms). So the exit
  handlers are run (the caches are written there), stdout and stderr flushed, and the
  process ends with ``os._exit``, but only when no other thread is alive: otherwise the
  normal exit waits for them. An exception other than ``SystemExit`` leaves the normal
  way, traceback and all.

``beredskab.cli.main`` itself, as the tests call it in-process, is unchanged.
"""

from __future__ import annotations

import gc


def run() -> None:
    if gc.isenabled():
        gc.disable()
        from beredskab import cli

        cli.startup_pause = True
    from beredskab.cli import main

    try:
        main.main(prog_name="beredskab")
    except SystemExit as done:
        _quick_exit(done.code)
    _quick_exit(0)  # pragma: no cover - click always ends with SystemExit


def _quick_exit(code: object) -> None:
    import atexit
    import contextlib
    import os
    import sys
    import threading

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): printed on stderr, status 1, as Python does
        print(code, file=sys.stderr)
        status = 1
    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe (`| head`): nothing more to say
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
