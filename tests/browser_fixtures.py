"""The browser tests' fixtures: Debian's chromium and the seed site served on 127.0.0.1.

A plugin of its own, registered by ``conftest.pytest_configure`` only when browser tests may
run: importing Playwright costs every test process a fifth of a second, and ``make test-fast``
runs none of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from browser import Tab, TabOptions, TabPool, launch, one_test_in, serve


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


@pytest.fixture(scope="session")
def tab_pool(browser: Browser) -> Iterator[TabPool]:
    pool = TabPool(browser)
    yield pool
    pool.close()


@pytest.fixture
def tab(tab_pool: TabPool) -> Iterator[Tab]:
    """Tabs the run's tests take turns in, one for each set of options: a test's page errors
    and dialogs fail it, and it leaves each tab it took on a blank page (browser.one_test_in).
    A tab kept open costs chromium about half of what a new one costs a test."""
    with ExitStack() as taken:

        def take(**options: object) -> Page:
            return taken.enter_context(one_test_in(tab_pool.get(TabOptions(**options))))  # type: ignore[arg-type]

        yield take
