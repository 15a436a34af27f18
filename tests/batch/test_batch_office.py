"""A real spreadsheet application opens the dashboard: LibreOffice Calc (headless, with
a private profile) converts the workbook to PDF without error; the Oversigt page is
rendered to PNG with pdftoppm. Formula-like text from a plan must still read as text
after LibreOffice has loaded (and recalculated) the workbook."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from batch_helpers import AS_OF, sample_entries

from beredskab.dashboard import DashboardData, write_dashboard

pytestmark = [pytest.mark.slow, pytest.mark.office]

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _run(args: list[str], timeout: int = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed here; CI installs libreoffice-calc")
    folder = tmp_path_factory.mktemp("office")
    book = write_dashboard(
        DashboardData(entries=tuple(sample_entries()), as_of=AS_OF), folder / "dashboard.xlsx"
    )
    profile = folder / "profile"
    done = _run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(book),
        ]
    )
    out = folder / "dashboard.pdf"
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert out.is_file() and out.stat().st_size > 10_000, done.stdout + done.stderr
    return out


def test_libreoffice_converts_the_workbook_to_pdf(pdf: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed here; CI installs it")
    text = _run(["pdftotext", "-layout", str(pdf), "-"]).stdout
    for label in ("Kommune", "Politikreds", "Aabenraa", "Ærø", "godkendt", "ikke modtaget"):
        assert label in text, label
    # LibreOffice loaded the cells as text: the would-be formula shows as written.
    assert '=HYPERLINK("http://x","y")' in text
    assert "+45 41 74 90 90" in text


def test_oversigt_renders_to_png(pdf: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed here; CI installs it")
    target = pdf.with_name("oversigt")
    done = _run(["pdftoppm", "-f", "1", "-l", "1", "-r", "60", "-png", str(pdf), str(target)])
    assert done.returncode == 0, done.stderr
    (png,) = pdf.parent.glob("oversigt*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 5_000
