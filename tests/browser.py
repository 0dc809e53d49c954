"""Shared browser-test plumbing: a built site, a 127.0.0.1 server and Debian's chromium."""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Browser, BrowserContext, Dialog, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Paste a query (the script's argument) into the search page's box and submit it in the same
#: task, as a reader pasting and pressing Enter at once: nothing can start before Enter.
PASTE_AND_RUN = """q => {
  const box = document.getElementById("search-q");
  box.value = q;
  box.dispatchEvent(new Event("input", {bubbles: true}));
  document.getElementById("search-form").requestSubmit();
}"""
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
#: Where the tests' servers serve axe-core (from node_modules, beside the site): a script
#: loaded by address is compiled once and taken from chromium's code cache on the next pages,
#: where one injected as text is compiled again on every page (about 0.1 s of chromium's CPU).
AXE_ADDRESS = "/__tests__/axe.min.js"


class QuietHandler(SimpleHTTPRequestHandler):
    """A static server's handler that logs nothing and also serves axe-core (AXE_ADDRESS)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if path == AXE_ADDRESS:
            return str(AXE)
        return super().translate_path(path)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A page left before its last file arrived: chromium closed the connection. Any other
        # error still prints.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


#: ``tab(width=360, scheme="dark")``: the tab with those options (TabOptions) for the test
#: (the ``tab`` fixture of browser_fixtures.py).
Tab = Callable[..., Page]


@dataclass(frozen=True)
class TabOptions:
    """What a tab is opened with: its size and colour scheme are the tab's own; touch is its
    browser context's."""

    width: int = 1280
    height: int = 900
    scheme: str = "light"
    touch: bool = False
    #: A tab for pages opened from disk (file://), apart from the one for the test servers':
    #: a tab that goes from the one kind of page to the other starts a renderer each time.
    files: bool = False


class TabPool:
    """A tab for each set of options, opened when a test first asks for it and kept for the
    next tests that ask for the same (see one_test_in). The tabs share one browser context
    (one more for touch): a new context costs chromium about 0.8 s of CPU, and the first
    page it loads 0.35 s more than a page loaded in an open one; a new tab in an open context
    costs a fifth of that. The tabs share no more than the HTTP cache (the site keeps nothing
    in the browser's storage): a test that counts what a page fetches serves the site at an
    address of its own (``serve``), where nothing was fetched yet."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser
        self._contexts: dict[bool, BrowserContext] = {}
        self._tabs: dict[TabOptions, Page] = {}

    def context(self, touch: bool = False) -> BrowserContext:
        """The context the tabs are opened in: a test that needs a tab of its own (a second
        one, or one with a script of its own added to every page) opens it here and closes
        it."""
        if touch not in self._contexts:
            self._contexts[touch] = self._browser.new_context(has_touch=touch)
        return self._contexts[touch]

    def get(self, options: TabOptions) -> Page:
        if options not in self._tabs:
            tab = self.context(options.touch).new_page()
            tab.set_viewport_size({"width": options.width, "height": options.height})
            tab.set_default_timeout(10_000)
            self._tabs[options] = tab
        tab = self._tabs[options]
        # The tab in front: chromium slows the timers of a tab behind another of its context
        # to one run a second (the search page's drawing waits on them).
        tab.bring_to_front()
        # As it was opened, whatever the last test emulated (print, the other scheme).
        tab.emulate_media(media="no-override", color_scheme=options.scheme)  # type: ignore[arg-type]
        return tab

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()


@contextmanager
def one_test_in(tab: Page) -> Iterator[Page]:
    """A tab that several tests take turns in, for one test: the scripts' errors and any
    dialog the page opens while it runs fail it, and it leaves the tab on a blank page for the
    next. A tab that stays open costs chromium about half of what a new one costs for each
    test (no new renderer, the site's scripts and index files already loaded); tests that
    count what a page fetches still need a new one (cached files are not fetched again)."""
    errors: list[str] = []

    def on_error(exc: Exception) -> None:
        errors.append(str(exc))

    def on_dialog(dialog: Dialog) -> None:
        errors.append(f"dialog: {dialog.message}")

    tab.on("pageerror", on_error)
    tab.on("dialog", on_dialog)
    try:
        yield tab
        tab.mouse.move(0, 0)  # off whatever the test hovered, which the next page would show
        tab.goto("about:blank")  # what the test's page still throws on its way out counts
    finally:
        tab.remove_listener("pageerror", on_error)
        tab.remove_listener("dialog", on_dialog)
    assert errors == []


#: The rules whose outcome depends on colours: a second colour scheme needs only these (the
#: markup, labels and sizes are the same in both), and contrast is most of axe's time.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


#: The language axe checks pages in at each width (by path prefix): Chinese at a phone's,
#: English at a desktop's. Both languages' pages come from the same templates, so every page
#: kind, language and width is checked, in half the runs of every combination (whether a page
#: scrolls sideways, which is cheap, is checked in both languages at both widths).
AXE_LANGUAGE = {360: "", 1280: "en/"}


@contextmanager
def resizable(tab: Tab, width: int = 1280) -> Iterator[Page]:
    """The kept tab of ``width`` for a test that resizes it (``page_widths``), put back to
    its size after."""
    page = tab(width=width)
    try:
        yield page
    finally:
        page.set_viewport_size({"width": width, "height": TabOptions.height})


def page_widths(page: Page) -> Iterator[int]:
    """The open page at the width it was loaded at, then the tab resized to each other width
    of AXE_LANGUAGE: the width it is at, each time. A page is loaded once for every width:
    nothing the site's scripts lay out depends on the window's width (its stylesheet's media
    queries alone do, which a resize applies as a load would), and a resize costs chromium a
    layout where a load costs it the page."""
    size = page.viewport_size
    assert size is not None
    loaded = size["width"]
    for width in [loaded, *(w for w in AXE_LANGUAGE if w != loaded)]:
        if width != loaded:
            page.set_viewport_size({"width": width, "height": TabOptions.height})
        yield width


def serious_axe_violations(
    page: Page, only: list[str] | None = None, within: list[str] | None = None
) -> list[str]:
    """axe-core's serious and critical findings on the open page (every rule, or ``only``
    these), as "rule: selectors"; over the whole document, or only the elements ``within``
    selects (with what is inside them). axe is added once per document, by address from the
    tests' servers (``QuietHandler``): chromium compiles it once, and the site's policy allows
    a script of its own address (where one added as text is refused)."""
    assert page.url.startswith("http://127.0.0.1:"), (
        f"axe runs on pages of a test server: {page.url}"
    )
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(url=urljoin(page.url, AXE_ADDRESS))
    options: dict[str, object] = {"resultTypes": ["violations"]}
    if only:
        options["runOnly"] = {"type": "rule", "values": only}
    found: list[str] = page.evaluate(
        """async ([within, options]) =>
            (await axe.run(within ? {include: within} : document, options)).violations
            .filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""",
        [within, options],
    )
    return found
