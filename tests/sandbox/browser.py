"""Playwright plumbing for the browser tests: the machine's Chromium, headless, and screenshots.

`playwright install` downloads its own browsers, which needs the internet; Debian's chromium
(scripts/system-deps installs it on CI) is driven instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "sandbox"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def require_browser() -> Any:
    """The sync Playwright module; skip (fail on CI) when Playwright or Chromium is missing."""
    missing = None
    try:
        from playwright import sync_api
    except ImportError:
        missing = "the playwright package (pip install -e '.[dev]')"
    if missing is None and not CHROMIUM.exists():
        missing = f"{CHROMIUM} (apt-get install chromium, or run scripts/system-deps as root)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests need {missing}; scripts/system-deps installs it on CI")
        pytest.skip(f"browser tests skipped: {missing} is missing")
    return sync_api


class Steps:
    """Saves one numbered screenshot per step of a walk, so a failure shows where it stopped."""

    def __init__(self, page: Any, walk: str) -> None:
        self.page, self.walk, self.count = page, walk, 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str) -> Path:
        """Screenshot the page as `NN-name.png`."""
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = ARTIFACTS / f"{self.walk}-{self.count:02d}-{slug}.png"
        self.page.screenshot(path=str(path))
        return path


def browser_page(base_url: str, width: int = 1400, height: int = 850) -> Iterator[Any]:
    """A fresh headless page on the sandbox; its console errors fail the test."""
    sync_api = require_browser()
    # The bot answers asynchronously and the page polls every 0.7 s: allow for a busy machine.
    sync_api.expect.set_options(timeout=15_000)
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        page = browser.new_page(viewport={"width": width, "height": height})
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: dialog.accept())
        page.set_default_timeout(20_000)
        page.goto(base_url)
        yield page
        browser.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
