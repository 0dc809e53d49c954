"""Serve benchmark: from an editor's save to the open page showing it, in chromium.

``briefgen serve`` runs on a copy of two seed issues (37 articles); an article is open in
Debian's chromium; its title is saved anew in the records file, ROUNDS times, and each time the
seconds from the save to the page showing the new title are taken. The editor's-day issue
promises 2 s. Prints the figures; it is a measurement, not a test (the tests check that the
page reloads at all, with room for a loaded machine).

    python bench/serve_bench.py [ROUNDS]
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = ROOT / "briefings"
ISSUES = ("2024-03-casdc-tech-policy", "2024-08-chips-act-review")
ARTICLE = "issues/2024-08-chips-act-review/a01.html"
PROMISE = 2.0


def _archive(work: Path) -> Path:
    briefings = work / "briefings"
    for issue in ISSUES:
        shutil.copytree(BRIEFINGS / issue, briefings / issue)
    for name in ("glossary.yaml", "site.yaml"):
        shutil.copy(BRIEFINGS / name, briefings / name)
    return briefings


def _serve(work: Path, briefings: Path) -> tuple[subprocess.Popen[str], str]:
    argv = [sys.executable, "-m", "briefgen.cli", "serve", "--port", "0", "-q"]
    argv += ["--briefings", str(briefings), "--out", str(work / "site")]
    argv += ["--cache", str(work / "cache")]
    process = subprocess.Popen(argv, cwd=work, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    assert process.stderr is not None
    threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True).start()  # type: ignore[arg-type]
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        for line in lines:
            if found := re.search(r"on (http://127\.0\.0\.1:\d+/)", line):
                return process, found[1]
        time.sleep(0.05)
    raise SystemExit("serve did not start:\n" + "".join(lines))


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        briefings = _archive(work)
        records = briefings / ISSUES[1] / "records.yaml"
        process, url = _serve(work, briefings)
        took = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox"]
                )
                page = browser.new_page()
                page.goto(url + ARTICLE)
                page.wait_for_selector("html[data-briefgen-live=listening]")
                for round_ in range(rounds):
                    old = page.locator("article h1").inner_text()
                    new = f"编辑改过的标题 {round_}"
                    text = records.read_text(encoding="utf-8")
                    saved = time.monotonic()
                    records.write_text(text.replace(f"  title: {old}\n", f"  title: {new}\n", 1))
                    page.wait_for_function(
                        "t => document.querySelector('article h1').textContent.trim() === t",
                        arg=new,
                        timeout=60_000,
                    )
                    took.append(time.monotonic() - saved)
                    page.wait_for_selector("html[data-briefgen-live=listening]")
                browser.close()
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    print(f"save to reloaded page, {rounds} saves, 2 issues (37 articles), {os.cpu_count()} cores:")
    print(
        f"  median {statistics.median(took):.2f} s, worst {max(took):.2f} s "
        f"(promise: {PROMISE:.0f} s): " + ", ".join(f"{t:.2f}" for t in took)
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
