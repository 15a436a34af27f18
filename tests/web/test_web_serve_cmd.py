"""``beredskab serve``: its options, its messages, and that no other command loads the
web stack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from beredskab.cli import main
from beredskab.cli.serve_cmd import _is_loopback


def test_help_lists_the_options() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "--lang", "--max-upload"):
        assert option in result.output
    assert "127.0.0.1" in result.output


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_loopback(host: str, local: bool) -> None:
    assert _is_loopback(host) is local


class FakeServer:
    """Stands in for waitress: records how it was made, stops at once."""

    made: ClassVar[dict[str, Any]] = {}

    def __init__(self, app: Any, **options: Any) -> None:
        FakeServer.made = {"app": app, **options}
        self.effective_port = 8123

    def run(self) -> None:
        raise KeyboardInterrupt

    def close(self) -> None:
        FakeServer.made["closed"] = True


def test_serve_starts_waitress_on_localhost_and_cleans_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import waitress

    monkeypatch.setattr(waitress, "create_server", FakeServer)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    db = tmp_path / "h.sqlite"
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--max-upload", "5"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output
    assert "Stop med Ctrl+C" in result.output
    assert "stoppet" in result.output
    made = FakeServer.made
    assert made["host"] == "127.0.0.1" and made["port"] == 8000 and made["closed"]
    app = made["app"]
    assert app.config["MAX_CONTENT_LENGTH"] == 5 * 1024 * 1024
    assert app.config["DEBUG"] is False
    assert made["max_request_body_size"] > 5 * 1024 * 1024  # the app answers 413 itself
    assert db.exists()
    assert not app.extensions["beredskab"].store.root.exists()


def test_serve_warns_when_not_local(monkeypatch: pytest.MonkeyPatch) -> None:
    import waitress

    monkeypatch.setattr(waitress, "create_server", FakeServer)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "others on the network can open it" in result.output


def test_serve_with_a_database_that_is_not_one(tmp_path: Path) -> None:
    bad = tmp_path / "not.sqlite"
    bad.write_text("this is not a database\n" * 100, encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--db", str(bad)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_check_does_not_import_the_web_stack() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from beredskab.cli import main\n"
        "CliRunner().invoke(main, ['check', '--help'])\n"
        "web = ('flask', 'werkzeug', 'jinja2', 'waitress')\n"
        "print(sorted(m for m in web if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip() == "[]"
