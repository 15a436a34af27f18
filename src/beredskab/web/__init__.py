"""The local web page (``beredskab serve``): check a plan in the browser before it is
submitted, download it with comments, and — for CDE, with a history database — see all
98 municipalities, their versions and what changed.

Public API: ``create_app(WebConfig(...)) -> flask.Flask`` (a WSGI app) and ``WebConfig``.
Only ``beredskab serve`` and the tests import this package, so the other commands never
load Flask.
"""

from __future__ import annotations

from beredskab.web.app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
