"""Defence in depth in the built site: a Content-Security-Policy that holds over http and
file://, no inline script, and external links that give away neither window nor referrer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from browser import TabPool, one_test_in

pytestmark = pytest.mark.browser

CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
PAGES = [
    "index.html",
    "issues/2024-07-jiwei-chips/index.html",
    "issues/2024-07-jiwei-chips/a12.html",
    "en/issues/2024-07-jiwei-chips/a12.html",
    "tags/index.html",
    "search.html?q=%E9%87%8F%E5%AD%90",
    "en/search.html?q=%E8%8A%AF%E7%89%87&section=%E6%94%BF%E7%AD%96%E8%AE%A1%E5%88%92",
]
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(params=["http", "file"])
def base_url(request: pytest.FixtureRequest, seed_site: Path, http_root: str) -> str:
    return http_root if request.param == "http" else seed_site.as_uri() + "/"


@pytest.fixture(scope="module")
def policy_tab(tab_pool: TabPool) -> Iterator[Page]:
    """A tab of the module's own, whose pages note what the policy refuses (LISTEN), in the
    run's browser context (browser.TabPool)."""
    page = tab_pool.context().new_page()
    page.set_default_timeout(10_000)
    page.add_init_script(LISTEN)
    yield page
    page.close()


def test_pages_and_search_run_under_the_policy_which_refuses_inline_script_and_eval(
    policy_tab: Page, base_url: str
) -> None:
    # The scripts' errors and any dialog fail the test (browser.one_test_in).
    with one_test_in(policy_tab) as page:
        for path in PAGES:
            page.goto(base_url + path)
            if "search.html" in path:
                page.wait_for_selector("#search-results li a")
            assert page.evaluate("() => window.__violations") == [], path
        page.goto(base_url + "index.html")
        page.fill("input[type=search]", "芯片")
        page.keyboard.press("Enter")
        page.wait_for_selector("#search-results li a")
        assert page.evaluate("() => window.__violations") == []
        _the_policy_blocks_inline_script_and_eval(page, base_url)


def _the_policy_blocks_inline_script_and_eval(page: Page, base_url: str) -> None:
    """In the same tab as the test above (a tab of its own would start another renderer for
    the same policy): what the policy refuses is refused, and reported as a violation."""
    page.goto(base_url + "issues/2024-07-jiwei-chips/a12.html")
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.__inline = 1";
        document.body.appendChild(script);
        const img = document.createElement("img");
        img.setAttribute("onerror", "window.__handler = 1");
        img.src = "missing.png";
        document.body.appendChild(img);
        // A string timer is compiled in the page, where the policy refuses eval.
        setTimeout("window.__eval = 1", 0);
        }"""
    )
    # (wait_for_function would evaluate a string: the policy refuses that too.)
    for _ in range(50):
        if page.evaluate("() => window.__violations.length") >= 3:
            break
        page.wait_for_timeout(100)
    ran = page.evaluate("() => [window.__inline, window.__handler, window.__eval]")
    assert ran == [None, None, None]
    violations = page.evaluate("() => window.__violations")
    assert sum(v.startswith("script-src") for v in violations) >= 3, violations


def test_every_page_carries_the_policy_and_no_inline_script(seed_site: Path) -> None:
    pages = sorted(seed_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policy = CSP.search(html)
        assert policy, path
        directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
        assert directives["script-src"] == "'self'" and directives["object-src"] == "'none'"
        assert "unsafe" not in policy.group(1)
        for script in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL):
            attributes, body = script
            assert 'src="' in attributes or 'type="application/json"' in attributes, path
            assert 'src="' not in attributes or not body.strip(), path
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path


def test_external_links_give_away_neither_window_nor_referrer(seed_site: Path) -> None:
    links = 0
    for path in seed_site.rglob("*.html"):
        for tag in re.findall(r"<a\b[^>]*>", path.read_text(encoding="utf-8")):
            href = re.search(r'href="([^"]*)"', tag)
            if href and re.match(r"(https?|ftp):", href.group(1)):
                links += 1
                assert 'rel="noopener noreferrer"' in tag, (path, tag)
    assert links > 50
