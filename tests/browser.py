"""Shared browser-test plumbing: a built site, a 127.0.0.1 server and Debian's chromium."""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, Dialog, Page, Playwright

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
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A page left before its last file arrived: chromium closed the connection. Any other
        # error still prints.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
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


def serious_axe_violations(
    page: Page, only: list[str] | None = None, within: list[str] | None = None
) -> list[str]:
    """axe-core's serious and critical findings on the open page (every rule, or ``only``
    these), as "rule: selectors"; over the whole document, or only the elements ``within``
    selects (with what is inside them). The page's context needs bypass_csp: axe is injected
    inline, once per document (injecting it costs chromium about as much as a run)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
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
