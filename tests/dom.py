"""Read a rendered page in headless Chromium (Debian's chromium, driven by Playwright).

Tests look at what the browser shows (element text, images' decoded sizes),
not at the HTML source. The browser is required: .ci/run installs it.
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium is needed for the browser tests: apt-get install chromium "
                       "(.ci/run installs it)")


@contextmanager
def open_page(path: Path, screenshot: Path | None = None):
    """A Playwright page showing the file; a full-page screenshot is saved when asked."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(Path(path).resolve().as_uri())
            page.wait_for_load_state("load")
            yield page
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
