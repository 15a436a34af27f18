"""The Flask application: configuration, safety headers and friendly error pages.

``create_app(WebConfig(...))`` builds the app that ``beredskab serve`` hands to waitress
(and that the tests drive with Flask's test client). The routes are in
``beredskab.web.routes``; what a page shows is built by ``beredskab.web.views``.

Safety, for a tool that reads files from people's own machines:

* debug is off and every error — 400, 404, 405, 413, 415, 422, 500 and anything
  unexpected — is answered with a friendly page in Danish (or English), never a traceback;
* uploads are capped (``MAX_CONTENT_LENGTH``, default 20 MB) with a clear message;
* every response carries a Content-Security-Policy that allows no external resource and
  only the page's own inline style and script, identified by a fresh nonce per response,
  plus ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``,
  ``X-Frame-Options: DENY`` and ``Cache-Control: no-store`` (results are private);
* Jinja autoescaping is on for every template, so plan text can never become markup.

No sessions and no cookies, so there is nothing for a cross-site request to ride on; the
server binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template, request
from werkzeug.exceptions import HTTPException

from beredskab import __version__
from beredskab.i18n import LANGS, resolve_lang, t
from beredskab.rulepack import RulePack, load_pack
from beredskab.web.store import DEFAULT_TTL_SECONDS, ResultStore

MB = 1024 * 1024
DEFAULT_MAX_UPLOAD = 20 * MB
SWEEP_EVERY_SECONDS = 30.0

log = logging.getLogger("beredskab.web")


@dataclass(frozen=True, slots=True)
class WebConfig:
    """How ``beredskab serve`` was started."""

    db_path: Path | None = None
    """The history database; None switches the overview pages and recording off."""
    lang: str = "da"
    """The pages' default language (``?lang=en`` switches one page)."""
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    result_ttl_seconds: int = DEFAULT_TTL_SECONDS
    work_dir: Path | None = None
    """Where the private temporary folders go (default: the system's temp folder)."""
    pack_path: Path | None = None
    """The rule pack (default: the shipped ``cde-2024``)."""
    as_of: date | None = None
    """Check plans as of this date (default: the day of each request)."""
    due_within_months: int = 6


@dataclass(slots=True)
class WebState:
    """What the routes share: loaded once when the app is made."""

    config: WebConfig
    pack: RulePack
    store: ResultStore
    last_sweep: float = field(default=0.0)

    def today(self) -> date:
        return self.config.as_of or date.today()


class PageError(HTTPException):
    """An error whose friendly message (already in the page's language) is shown as is."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(description=message)
        self.code = code
        self.message = message


def state() -> WebState:
    """The running app's ``WebState``."""
    from flask import current_app

    found: WebState = current_app.extensions["beredskab"]
    return found


def create_app(config: WebConfig | None = None) -> Flask:
    """The web app for ``config`` (its result folder is created now)."""
    config = config or WebConfig()
    app = Flask(__name__, static_folder=None)
    app.config.update(
        DEBUG=False,
        TESTING=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
        MAX_CONTENT_LENGTH=config.max_upload_bytes,
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        MAX_FORM_PARTS=50,
        TEMPLATES_AUTO_RELOAD=False,
        JSON_AS_ASCII=False,
    )
    app.jinja_env.autoescape = True  # every template, whatever its name
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    pack = load_pack(config.pack_path)
    root = Path(tempfile.mkdtemp(prefix="beredskab-web-", dir=config.work_dir))
    app.extensions["beredskab"] = WebState(
        config=config, pack=pack, store=ResultStore(root, config.result_ttl_seconds)
    )

    @app.before_request
    def _before() -> None:
        current = state()
        # The language comes from the address only (the upload form posts to
        # "/tjek?lang=…"), so nothing reads a request body before the route does.
        asked = request.args.get("lang")
        g.lang = resolve_lang(asked if asked in LANGS else current.config.lang)
        g.nonce = secrets.token_urlsafe(16)
        now = time.monotonic()
        if now - current.last_sweep > SWEEP_EVERY_SECONDS:
            current.last_sweep = now
            current.store.sweep()

    @app.after_request
    def _headers(response: Any) -> Any:
        nonce = g.get("nonce", "")
        source = f"'nonce-{nonce}'" if nonce else "'none'"
        response.headers["Content-Security-Policy"] = (
            f"default-src 'none'; style-src {source}; script-src {source}; img-src 'self';"
            " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.teardown_appcontext
    def _close_db(_exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()

    @app.context_processor
    def _globals() -> dict[str, Any]:
        lang = g.get("lang", config.lang)

        def tr(key: str, **params: Any) -> str:
            return t(key, lang, **params)

        other = t("web.nav.other-lang-code", lang)
        return {
            "t": tr,
            "switch_url": _switch_url(other),
            "lang": lang,
            "other_lang": other,
            "nonce": g.get("nonce", ""),
            "version": __version__,
            "has_db": config.db_path is not None,
        }

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Any:
        code = exc.code or 500
        message = exc.message if isinstance(exc, PageError) else _default_message(code, config)
        body, status = error_page(code, message)
        headers = {}
        allowed = getattr(exc, "valid_methods", None)
        if code == 405 and allowed:
            headers["Allow"] = ", ".join(allowed)
        return body, status, headers

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Any:
        # The user sees a friendly page; the operator's console gets the traceback.
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_page(500, t("web.error.500", g.get("lang", config.lang)))

    from beredskab.web.routes import register

    register(app)
    return app


def _switch_url(other: str) -> str:
    """This page in the other language (a result page, answering a POST, goes home)."""
    from urllib.parse import urlencode

    if request.method != "GET" or request.path.startswith("/hent/"):
        return f"/?{urlencode({'lang': other})}"
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return f"{request.path}?{urlencode([*args, ('lang', other)])}"


def _default_message(code: int, config: WebConfig) -> str:
    lang = g.get("lang", config.lang)
    if code == 413:
        return t("web.error.413", lang, limit=_mb(config.max_upload_bytes))
    if code in (400, 404, 405, 415, 500):
        return t(f"web.error.{code}", lang)
    return t("web.error.other", lang)


def _mb(size: int) -> str:
    value = size / MB
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


def error_page(
    code: int, message: str, *, title_key: str = "web.error.title", hint: str | None = None
) -> tuple[str, int]:
    """A friendly error page with ``message`` (already in the page's language)."""
    return (
        render_template("error.html", code=code, message=message, title_key=title_key, hint=hint),
        code,
    )


def upload_limit_mb(config: WebConfig) -> str:
    return _mb(config.max_upload_bytes)
