"""End to end in a real browser: ``beredskab serve`` on loopback, Chromium (driven by
Playwright, using the system's /usr/bin/chromium) uploads a generated sample plan through
the page, the findings appear, the annotated copy downloads, and screenshots are saved.

Set ``BEREDSKAB_KEEP_SCREENSHOT=DIR`` to keep the screenshots in DIR.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from beredskab.sample.corpus import corpus_specs, generate_plan

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AS_OF = date(2026, 11, 27)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _sample_plan(folder: Path) -> tuple[Path, dict[str, Any]]:
    """A generated plan for a real municipality with a few known defects."""
    specs, _missing = corpus_specs(1, 8, 1, AS_OF)
    spec = next(s for s in specs if len(s.defects) >= 2 and "unreadable-file" not in s.defects)
    plan = generate_plan(spec, "plan.docx")
    path = folder / f"beredskabsplan {spec.muni.name}.docx"
    path.write_bytes(plan.data)
    return path, plan.truth


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str], Path]]:
    """``beredskab serve --port 0`` in a subprocess; yields its address, the process and
    its private temp folder."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temp), "HOME": str(tmp_path)}
    command = [
        sys.executable,
        "-c",
        "from beredskab.cli import main; main()",
        "serve",
        "--port",
        "0",
        "--db",
        str(tmp_path / "historik.sqlite"),
    ]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, (line, proc.stderr.read() if proc.poll() else "")
        url = line.split("http://", 1)[1].split()[0].rstrip("/")
        yield f"http://{url}", proc, temp
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def _keep(path: Path) -> None:
    keep = os.environ.get("BEREDSKAB_KEEP_SCREENSHOT")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(keep) / path.name)


def test_check_a_plan_in_chromium(
    tmp_path: Path, server: tuple[str, subprocess.Popen[str], Path]
) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (CI installs Debian's)")
    playwright = pytest.importorskip(
        "playwright.sync_api", reason="Playwright for Python is not installed (test extra)"
    )
    base, proc, temp = server
    plan, truth = _sample_plan(tmp_path)
    shots = tmp_path / "screenshots"
    shots.mkdir()
    problems: list[str] = []

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                accept_downloads=True, locale="da-DK", viewport={"width": 1200, "height": 900}
            )
            page = context.new_page()
            page.on(
                "console",
                lambda m: problems.append(m.text) if m.type == "error" else None,
            )
            page.goto(f"{base}/")
            assert page.title().startswith("Tjek jeres beredskabsplan")
            assert page.get_attribute("html", "lang") == "da"

            # The drop zone (inline script, allowed by the CSP nonce) takes a dropped file.
            page.evaluate(
                """(bytes) => {
                    const dt = new DataTransfer();
                    dt.items.add(new File([new Uint8Array(bytes)], "trukket.docx"));
                    const drop = document.getElementById("drop");
                    const over = new DragEvent("dragover", {dataTransfer: dt, bubbles: true});
                    drop.dispatchEvent(over);
                    drop.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true}));
                }""",
                list(plan.read_bytes()[:64]),
            )
            assert page.inner_text("#chosen") == "Valgt fil: trukket.docx"

            # Choose the real plan with the labelled field, save it, and press the button.
            page.get_by_label("Vælg planen (Word-fil, .docx)").set_input_files(str(plan))
            page.get_by_label("Gem denne version af planen i historikken").check()
            page.screenshot(path=str(shots / "upload.png"))
            page.get_by_role("button", name="Tjek planen").click()
            page.wait_for_selector("#score", timeout=60_000)

            # The result: the plan's title, a score, what to fix first, findings per section.
            assert truth["kommune"] in page.inner_text("h1")
            assert page.inner_text("#score").endswith("%")
            top = page.locator("section.top li")
            assert top.count() >= 1
            findings = page.locator("#findings .finding")
            assert findings.count() >= 2
            assert "Sådan retter I det" in page.inner_text("#findings")
            assert "gemt i historikken som version 1" in page.inner_text("main")
            page.screenshot(path=str(shots / "resultat.png"), full_page=True)
            page.screenshot(path=str(shots / "resultat-top.png"))
            page.locator("#findings .finding").first.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "resultat-fund.png"))

            # The annotated copy downloads as a Word file with comments.
            with page.expect_download() as info:
                page.click("#download-docx")
            download = info.value
            assert download.suggested_filename.endswith("-kommenteret.docx")
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
            with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as zf:
                assert "word/comments.xml" in zf.namelist()
            with page.expect_download() as info:
                page.click("#download-json")
            assert info.value.suggested_filename.endswith("-rapport.json")

            # CDE's overview: 98 rows, the saved municipality among them.
            page.goto(f"{base}/oversigt")
            assert page.locator("#overview tbody tr").count() == 98
            page.screenshot(path=str(shots / "oversigt.png"), full_page=False)
        finally:
            browser.close()

    csp = [m for m in problems if "Content Security Policy" in m]
    assert csp == [], csp
    for shot in shots.iterdir():
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        _keep(shot)

    # Ctrl+C stops the server, which deletes every result file still waiting.
    proc.send_signal(signal.SIGINT)
    out, _err = proc.communicate(timeout=30)
    assert "stoppet" in out
    assert not list(temp.glob("beredskab-web-*"))
    assert not list(temp.glob("beredskab-upload-*"))
