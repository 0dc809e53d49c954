"""Screenshots of the pages a reviewer should look at, at 360 px, light and dark, both
languages: ``make screenshots`` writes them to screenshots/ (not committed).

Usage: python scripts/screenshots.py SITE_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import launch, serve

PAGES = {
    "home": "index.html",
    "issue": "issues/2024-07-jiwei-chips/index.html",
    "article": "issues/2024-07-jiwei-chips/a12.html",
    "author": "authors/沈湘.html",
    "search": "search.html?q=量子",
}


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, serve(site) as root:
        browser = launch(playwright)
        for scheme in ("light", "dark"):
            page = browser.new_page(viewport={"width": 360, "height": 780}, color_scheme=scheme)
            for prefix in ("", "en/"):
                for name, path in PAGES.items():
                    page.goto(root + prefix + path)
                    if name == "search":
                        page.wait_for_selector("#search-results li")
                    shot = out / f"{name}-{prefix.strip('/') or 'zh'}-{scheme}-360.png"
                    page.screenshot(path=str(shot), full_page=True)
                    print(shot)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
