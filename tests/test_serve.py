"""`briefgen serve` in a real browser: an editor's save reloads the open page, a bad one
shows its file:line over the last good site.

The server runs as the editor runs it (a separate process, `--port 0`), over a copy of one
seed issue, with the site's Content-Security-Policy (scripts from the same origin only, no
inline script) added to the templates, so the live-reload script must work under it. (One
issue: all that is edited, reloaded and reported is in it, and a second one only made every
build of a session, the server's and the in-process rebuilds', cost more.)
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from watchfiles import Change

from briefgen.cache import Cache
from briefgen.cli import main
from briefgen.serve import (
    LiveSnapshot,
    LiveState,
    ServeOptions,
    _Builder,
    _event_for,
    _sources_among,
    _WatchedFiles,
    with_livereload,
)

# Playwright (and browser.py, which imports it) only in the browser test that drives it: at
# the module's top it cost each make test-fast worker a tenth of a second for nothing.
if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from browser import TabPool

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = ROOT / "briefings"
ISSUE = "2024-08-chips-act-review"
ARTICLE = f"issues/{ISSUE}/a01.html"
CSP = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src '
    "'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'\">"
)
#: How long the test waits for the reload: room for a loaded machine. The promise (2 s from
#: the save) is measured by `make bench` (bench/serve_bench.py), not here.
RELOAD_SECONDS = 30.0


@dataclass
class Served:
    url: str
    records: Path
    out: Path
    process: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)

    def wait_for_log(self, pattern: str, timeout: float = 60, since: int = 0) -> str:
        """The first line from the ``since``-th on that ``pattern`` is found in."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log[since:]:
                if re.search(pattern, line):
                    return line
            time.sleep(0.05)
        raise AssertionError(f"serve never said {pattern!r}; it said:\n" + "".join(self.log))


#: How long serve may take to stop: its watcher looks for a signal every 200 ms.
STOP_SECONDS = 10


def _archive(tmp_path: Path) -> tuple[Path, Path]:
    briefings = tmp_path / "briefings"
    shutil.copytree(BRIEFINGS / ISSUE, briefings / ISSUE)
    for name in ("glossary.yaml", "site.yaml"):
        shutil.copy(BRIEFINGS / name, briefings / name)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    base = templates / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace(
            '<meta charset="utf-8">', '<meta charset="utf-8">\n' + CSP, 1
        ),
        encoding="utf-8",
    )
    return briefings, templates


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    briefings, templates = _archive(tmp_path)
    out = tmp_path / "site"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), *sys.path]))
    argv = [sys.executable, "-m", "briefgen.cli", "serve", "--port", "0"]
    argv += ["--briefings", str(briefings), "--out", str(out), "--templates", str(templates)]
    # The tests' build cache (BRIEFGEN_CACHE, inherited): its parses and segmentation of the
    # seed issue are warm, so serve's first build does not redo them in every test.
    process = subprocess.Popen(
        argv, cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True
    )
    log: list[str] = []
    assert process.stderr is not None
    reader = threading.Thread(target=lambda: log.extend(process.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    served = Served("", briefings / ISSUE / "records.yaml", out, process, log)
    try:
        line = served.wait_for_log(r"Serving .* on http://127\.0\.0\.1:\d+/", timeout=180)
        served.url = line.split(" on ")[1].split()[0]
        yield served
    finally:
        # SIGTERM, as a service manager stops it (Ctrl-C's SIGINT may be ignored here: a
        # pytest-xdist worker's children inherit that): serve must end promptly, open pages
        # or not.
        process.terminate()
        try:
            status = process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail(f"serve did not stop within {STOP_SECONDS} s of SIGTERM")
        reader.join(timeout=10)
        process.stderr.close()
        assert status == 0, "".join(log)


def _edit_title(records: Path, old: str, new: str) -> None:
    """What an editor's save does: the whole file written anew."""
    text = records.read_text(encoding="utf-8")
    assert f"  title: {old}\n" in text
    records.write_text(text.replace(f"  title: {old}\n", f"  title: {new}\n", 1), encoding="utf-8")


#: ``open_tab(url)``: a tab opened at ``url``, and the problems it has met so far.
OpenTab = Callable[[str], "tuple[Page, list[str]]"]


@pytest.fixture
def open_tab(tab_pool: TabPool) -> Iterator[OpenTab]:
    """Tabs of the test's own, in the run's browser context (browser.TabPool), closed when
    it ends."""
    opened: list[Page] = []

    def open_at(url: str) -> tuple[Page, list[str]]:
        page, problems = _open(tab_pool.context(), url)
        opened.append(page)
        return page, problems

    yield open_at
    for page in opened:
        page.close()


def _open(context: BrowserContext, url: str) -> tuple[Page, list[str]]:
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    # Refusals under the CSP show up on the console; anything the page asks for must exist
    # (a favicon aside: the site has none, on any host).
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.goto(url)
    return page, problems


def _wait_until_listening(page: Page) -> None:
    """The page's event stream is open, so the edit that follows cannot be missed."""
    from playwright.sync_api import expect

    expect(page.locator("html[data-briefgen-live=listening]")).to_have_count(1)


@pytest.mark.slow
@pytest.mark.browser
def test_an_editors_saves_reload_the_open_page_and_a_broken_one_shows_file_and_line(
    open_tab: OpenTab, served: Served
) -> None:
    """One editing session on one server: a saved title reloads the open page; a broken save
    shows its file and line over the last good site; the fix takes the problem away; a source
    that no longer parses is reported to the terminal and to pages."""
    from playwright.sync_api import expect

    page, problems = open_tab(served.url + ARTICLE)
    old = page.locator("article h1").inner_text()
    # The page listens for rebuilds before the edit is made.
    _wait_until_listening(page)
    saved = time.monotonic()
    _edit_title(served.records, old, "芯片法案研发设施：编辑改过的标题")
    expect(page.locator("article h1")).to_have_text(
        "芯片法案研发设施：编辑改过的标题", timeout=RELOAD_SECONDS * 1000
    )
    print(f"saved to reloaded page: {time.monotonic() - saved:.2f} s")
    # The live-reload script is the server's addition: the site on disk never has it.
    html = (served.out / ARTICLE).read_text(encoding="utf-8")
    assert "芯片法案研发设施：编辑改过的标题" in html
    assert not [p for p in served.out.rglob("*") if p.is_file() and b"__briefgen" in p.read_bytes()]

    title = "芯片法案研发设施：编辑改过的标题"
    _wait_until_listening(page)
    lines = served.records.read_text(encoding="utf-8").splitlines(keepends=True)
    broken_at = next(n for n, line in enumerate(lines, 1) if line.startswith("  title: "))
    lines[broken_at - 1] = "  title: [an unclosed list\n"
    served.records.write_text("".join(lines), encoding="utf-8")

    overlay = page.locator("#briefgen-problem")
    expect(overlay).to_be_visible(timeout=10_000)
    message = overlay.locator("pre").inner_text()
    # YAML notices the missing ']' where the next line starts.
    assert f"{served.records}:{broken_at + 1}: YAML syntax error" in message
    assert page.locator("article h1").inner_text() == title
    served.wait_for_log(re.escape(str(served.records)) + r":\d+: ")

    # A page opened now is the last good site, with the problem over it.
    again, _ = open_tab(served.url + ARTICLE)
    assert again.locator("article h1").inner_text() == title
    expect(again.locator("#briefgen-problem")).to_be_visible()
    assert f">{title}</h1>" in (served.out / ARTICLE).read_text(encoding="utf-8")

    # Fixing the file takes the overlay away and shows the fixed title.
    lines[broken_at - 1] = "  title: 修好了的标题\n"
    served.records.write_text("".join(lines), encoding="utf-8")
    expect(page.locator("article h1")).to_have_text("修好了的标题", timeout=10_000)
    expect(page.locator("#briefgen-problem")).to_have_count(0)
    assert problems == []
    _a_source_that_no_longer_parses_is_reported_to_the_terminal_and_the_page(served)


def _served_generation(served: Served) -> tuple[str, int]:
    """The article page as served, and the site generation its live-reload script names."""
    page = urllib.request.urlopen(served.url + ARTICLE, timeout=10).read().decode("utf-8")
    found = re.search(r'<script src="/__briefgen/livereload\.js\?generation=(\d+)" defer>', page)
    assert found, page
    return page, int(found[1])


def _a_source_that_no_longer_parses_is_reported_to_the_terminal_and_the_page(
    served: Served,
) -> None:
    """The session's last save: a source that no longer parses (its records stay as they
    were). A test of its own would start a server and build the site again for it."""
    _, generation = _served_generation(served)
    since = len(served.log)  # the broken records above were reported too
    source = served.records.with_name("source.txt")
    source.write_text("这不是一期简报。\n", encoding="utf-8")
    line = served.wait_for_log(r"source\.txt:\d+: ", since=since)
    assert line.startswith(f"ERROR: {source}:")
    served.wait_for_log("the last good site stays served", since=since)
    # A page opened now hears of the problem as soon as it listens.
    events = f"__briefgen/events?generation={generation}"
    with urllib.request.urlopen(served.url + events, timeout=10) as r:
        assert r.headers["Content-Type"].startswith("text/event-stream")
        assert r.readline() == b"event: problem\n"
        data = json.loads(r.readline().decode("utf-8").removeprefix("data: "))
    assert data.startswith(f"{source}:")
    # The records, and so the site and its generation, are as they were.
    page, still = _served_generation(served)
    assert still == generation
    assert "修好了的标题" in page


def test_only_served_pages_get_the_live_reload_script() -> None:
    page = b"<!doctype html><html><head><title>t</title></head><body></body></html>"
    served = with_livereload(page, 7)
    assert served.count(b"<script") == 1
    assert b'<script src="/__briefgen/livereload.js?generation=7" defer></script></head>' in served
    assert b"<script>" not in served  # no inline script: the site's CSP allows none
    assert with_livereload(b"<p>no head</p>", 1).startswith(b"<p>no head</p><link")


def _options(tmp_path: Path) -> ServeOptions:
    briefings, templates = _archive(tmp_path)
    return ServeOptions(briefings, tmp_path / "site", templates, Cache(tmp_path / "cache"), 0)


def test_what_serve_watches(tmp_path: Path) -> None:
    options = _options(tmp_path)
    watched = _WatchedFiles(options)
    issue = options.briefings / ISSUE
    for path in [
        issue / "source.txt",
        issue / "source.pdf",
        issue / "meta.yaml",
        issue / "records.yaml",
        options.briefings / "glossary.yaml",
        options.briefings / "site.yaml",
        options.briefings / "2024-09-lone.txt",
        options.templates / "base.html",
        options.templates / "static" / "style.css",
    ]:
        assert watched(Change.modified, str(path)), path
    for path in [
        issue / ".records.yaml.tmp",  # the atomic write's temporary file
        issue / "notes.docx",
        options.out / "index.html",
        tmp_path / "cache" / "site" / "ab" / "x.json",
    ]:
        assert not watched(Change.modified, str(path)), path


def test_a_changed_meta_file_reparses_its_source(tmp_path: Path) -> None:
    options = _options(tmp_path)
    issue = options.briefings / ISSUE
    lone = options.briefings / "2024-09-lone.txt"
    lone.write_text("x", encoding="utf-8")
    changed = {
        issue / "meta.yaml",
        options.briefings / "2024-09-lone.meta.yaml",
        issue / "records.yaml",
        options.briefings / "glossary.yaml",
    }
    assert _sources_among(changed) == [issue / "source.txt", lone]


@pytest.mark.slow
def test_each_rebuild_tells_open_pages_what_happened(tmp_path: Path) -> None:
    options = _options(tmp_path)
    reparsed: list[list[Path]] = []
    state = LiveState()
    builder = _Builder(options, reparsed.append, state)
    source = options.briefings / ISSUE / "source.txt"
    records = options.briefings / ISSUE / "records.yaml"

    builder.rebuild({source})
    assert reparsed == [[source]]
    assert state.now == LiveSnapshot(1, None)
    builder.rebuild({records})  # nothing changed: open pages are left alone
    assert state.now == LiveSnapshot(1, None)

    good = records.read_text(encoding="utf-8")
    records.write_text(good.replace("articles:", "articles: [", 1), encoding="utf-8")
    builder.rebuild({records})
    assert state.now.generation == 1
    assert state.now.problem is not None
    assert state.now.problem.startswith(f"{records}:")
    assert (options.out / ARTICLE).is_file()  # the last good site

    records.write_text(good, encoding="utf-8")  # put back as it was: the overlay goes
    builder.rebuild({records})
    assert state.now == LiveSnapshot(2, None)


@pytest.mark.slow
def test_a_source_that_fails_stays_on_the_overlay_until_it_parses(tmp_path: Path) -> None:
    options = _options(tmp_path)
    broken = options.briefings / ISSUE / "source.txt"

    def reparse(sources: list[Path]) -> None:  # as `briefgen parse` reports a bad source
        for source in sources:
            if source == broken:
                logging.getLogger("briefgen").error("%s:3: unknown layout", source)

    state = LiveState()
    builder = _Builder(options, reparse, state)
    builder.rebuild({broken})
    assert state.now == LiveSnapshot(1, f"{broken}:3: unknown layout")
    builder.rebuild({options.briefings / "glossary.yaml"})  # another file saved meanwhile
    assert state.now.problem == f"{broken}:3: unknown layout"
    builder.rebuild({broken})
    assert state.now.problem == f"{broken}:3: unknown layout"
    broken.unlink()  # deleted: nothing left to parse
    builder.rebuild({broken})
    assert state.now == LiveSnapshot(2, None)


def test_the_event_a_page_is_sent() -> None:
    assert (
        _event_for(LiveSnapshot(3, None), LiveSnapshot(2, None), 2) == b"event: reload\ndata: 3\n\n"
    )
    problem = LiveSnapshot(2, "a.yaml:4: YAML syntax error")
    assert (
        _event_for(problem, None, 2) == b'event: problem\ndata: "a.yaml:4: YAML syntax error"\n\n'
    )
    assert _event_for(LiveSnapshot(2, None), problem, 2) == b"event: fixed\ndata: {}\n\n"
    assert _event_for(problem, problem, 2) == b": keepalive\n\n"


def test_a_port_in_use_is_reported_before_anything_is_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    briefings, _ = _archive(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = ["serve", "--briefings", str(briefings), "--out", str(tmp_path / "site")]
        assert main([*argv, "--port", str(port), "--no-cache"]) == 1
    assert f"cannot serve on 127.0.0.1:{port}" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
