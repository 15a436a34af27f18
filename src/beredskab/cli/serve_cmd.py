"""``beredskab serve``: the local web page where a plan is checked before it is submitted.

Starts the Flask app of ``beredskab.web`` under waitress (a pure-Python production WSGI
server) on 127.0.0.1:8000 by default, so only this computer can reach it. With ``--db``
the overview pages for CDE (all 98 municipalities, versions, diffs) and the "save this
version" box are switched on. The web stack is imported only here, so other commands do
not pay for it. Ctrl+C (or SIGTERM) stops the server and deletes every result file still waiting.
"""

from __future__ import annotations

import ipaddress
import signal
from pathlib import Path

import click

from beredskab.cli.common import handle_errors, lang_option
from beredskab.i18n import resolve_lang, t

THREADS = 4


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adresse / address to bind.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port (0: any free).",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Historik-databasen: slår overblikket til / the history database: turns the overview on.",
)
@click.option(
    "--max-upload",
    "max_upload_mb",
    type=click.IntRange(1, 200),
    default=20,
    show_default=True,
    help="Største fil i MB / largest upload in MB.",
)
@lang_option
@handle_errors
def serve(host: str, port: int, db_path: Path | None, max_upload_mb: int, lang: str | None) -> None:
    """Start websiden, hvor en plan kan tjekkes i browseren.

    Starts the web page where a plan can be checked in the browser.
    """
    from waitress import create_server

    from beredskab.web import WebConfig, create_app

    chosen = resolve_lang(lang)
    if db_path is not None:
        from beredskab.history import open_db

        open_db(db_path).close()  # fail now, with the history's own message, not per page
    max_bytes = max_upload_mb * 1024 * 1024
    app = create_app(WebConfig(db_path=db_path, lang=chosen, max_upload_bytes=max_bytes))
    # waitress buffers the body before the app sees it; let a somewhat larger upload
    # through so the app can answer it with its friendly "too large" page.
    server = create_server(
        app,
        host=host,
        port=port,
        threads=THREADS,
        max_request_body_size=2 * max_bytes + 1024 * 1024,
        ident="beredskab",
    )
    bound_port = server.effective_port
    shown = f"[{host}]" if ":" in host else host
    click.echo(t("web.serve.started", chosen, url=f"http://{shown}:{bound_port}/"))
    if not _is_loopback(host):
        click.echo(t("web.serve.not-local", chosen, host=host), err=True)
    store = app.extensions["beredskab"].store
    # A service manager stops the server with SIGTERM: clean up as for Ctrl+C.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        store.close()
        click.echo(t("web.serve.stopped", chosen))
