"""End to end: the real Streamlit server on localhost, driven by Debian's headless Chromium.

Uploads the two-column sample PDF, waits for its scores, switches to the recruiter
view with three CVs, downloads reports, and saves a screenshot of each view under
``docs/screenshots/`` (the README shows them). Prints, without asserting, the time
from the upload to the first result.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_resumes"
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 60_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.access(CHROMIUM, os.X_OK),
        reason=f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    proc = subprocess.Popen(
        [
            streamlit,
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                pytest.fail(f"streamlit did not start on {url}:\n{out[-3000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


@pytest.fixture(scope="module")
def page(server: str):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        pg = context.new_page()
        pg.set_default_timeout(TIMEOUT_MS)
        pg.goto(server)
        pg.get_by_text("Where do I stand?").wait_for()
        yield pg
        context.close()
        browser.close()


def _wait_idle(page) -> None:
    """Wait until the script run finished (Streamlit shows a running indicator meanwhile)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")


def _switch_view(page, view: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(view, exact=True).click()
    _wait_idle(page)


def _shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    # The main area scrolls inside the page: grow the window to its height for the shot.
    height = page.locator('[data-testid="stMainBlockContainer"]').evaluate("e => e.scrollHeight")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height + 80)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def _download(page, label: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_candidate_recruiter_coach_in_the_browser(page, tmp_path: Path) -> None:
    # --- candidate: upload the two-column PDF and time it to the first result
    dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
    started = time.perf_counter()
    dropzone.set_input_files(str(SAMPLES / "mid_level_mle.pdf"))
    page.locator('[data-testid="stMetric"]', has_text="Overall score").wait_for()
    elapsed = time.perf_counter() - started
    print(f"\nupload to first result (mid_level_mle.pdf, two-column PDF): {elapsed:.2f} s")
    _wait_idle(page)
    overall = page.locator('[data-testid="stMetric"]', has_text="Overall score").inner_text()
    assert "%" in overall
    assert (
        "ML Engineer"
        in page.locator('[data-testid="stMetric"]', has_text="Estimated level").inner_text()
    )
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    _shot(page, "candidate.png")
    page.get_by_role("tab", name="Your CV, highlighted").click()
    page.get_by_text("Tensorflow2", exact=True).first.wait_for()
    _shot(page, "candidate-cv.png")

    report = json.loads(_download(page, "Download JSON report", tmp_path).read_text("utf-8"))
    assert report["source"] == "mid_level_mle.pdf"
    assert any(s["id"] == "pytorch" for s in report["skills"])
    html = _download(page, "Download HTML report", tmp_path).read_text("utf-8")
    assert "<svg" in html and "Learning plan" in html

    # --- recruiter: three CVs at once
    _switch_view(page, "Recruiter")
    page.get_by_text("Who fits?").wait_for()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
        [str(SAMPLES / n) for n in ("mid_level_mle.pdf", "senior_mle.txt", "student.pdf")]
    )
    page.get_by_text("3 of 3 files analysed").wait_for()
    _wait_idle(page)
    _shot(page, "recruiter.png")
    lines = _download(page, "Download CSV", tmp_path).read_text("utf-8").splitlines()
    assert len(lines) == 4, lines  # a header and three CVs
    assert all(n in "\n".join(lines) for n in ("mid_level_mle", "senior_mle", "student"))

    # --- coach: two versions side by side
    _switch_view(page, "Coach")
    page.get_by_text("What changed?").wait_for()
    drops = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    drops.nth(0).set_input_files(str(SAMPLES / "student.pdf"))
    _wait_idle(page)
    drops.nth(1).set_input_files(str(SAMPLES / "mid_level_mle.pdf"))
    notes = page.get_by_label("Coach's notes (they go into the report)")
    notes.fill("Show Docker in a project.")
    notes.press("Control+Enter")  # a text area sends its value on Ctrl+Enter or blur
    page.locator('[data-testid="stMetric"]', has_text="Overall after").wait_for()
    _wait_idle(page)
    _shot(page, "coach.png")
    html = _download(page, "Download HTML report", tmp_path).read_text("utf-8")
    assert "Show Docker in a project." in html
