"""The browser tests' fixtures: Debian's chromium and the seed site served on 127.0.0.1.

A plugin of its own, registered by ``conftest.pytest_configure`` only when browser tests may
run: importing Playwright costs every test process a fifth of a second, and ``make test-fast``
runs none of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from browser import launch, serve


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, driven by Playwright."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def http_root(seed_site: Path) -> Iterator[str]:
    """The seed site served on 127.0.0.1."""
    with serve(seed_site) as base:
        yield base
