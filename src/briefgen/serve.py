"""``briefgen serve``: build, serve on 127.0.0.1, rebuild on every save and reload open pages.

The server adds one ``<script src="/__briefgen/livereload.js">`` to each HTML page on its way
out; the site on disk never holds it. The script listens on ``/__briefgen/events``
(Server-Sent Events): ``reload`` when a rebuild changed the site, ``problem`` with the
``file:line: message`` of a bad edit, shown over the page while the last good site stays served.
Both are files of the same origin, so the site's Content-Security-Policy (``script-src
'self'``, no inline script) lets them run.
"""

from __future__ import annotations

import functools
import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from watchfiles import Change, watch

from briefgen.build import build_site
from briefgen.cache import Cache
from briefgen.errors import BriefgenError
from briefgen.files import (
    SETTINGS_NAMES,
    find_sources,
    is_meta,
    is_record_file,
    is_source,
    meta_path_for,
)
from briefgen.resources import LIVERELOAD
from briefgen.search.segment import load_dictionaries

log = logging.getLogger("briefgen")

HOST = "127.0.0.1"
OWN_PREFIX = "/__briefgen/"
EVENTS_PATH = OWN_PREFIX + "events"
#: Open event streams get a comment this often, so a dead connection is noticed and closed.
KEEPALIVE_SECONDS = 10.0
#: watchfiles yields a batch once no change came for STEP ms (at most DEBOUNCE ms after the
#: first): an editor's save is usually a burst of writes and renames.
WATCH_STEP_MS = 50
WATCH_DEBOUNCE_MS = 400
#: How long the watcher waits for a change before it says it is still watching.
WATCH_TIMEOUT_MS = 200
_OWN_FILES = {
    "livereload.js": "text/javascript; charset=utf-8",
    "livereload.css": "text/css; charset=utf-8",
}
_NO_SITE_YET = b"<!doctype html><html><head><title>briefgen</title></head><body></body></html>"

#: Re-parses sources exactly as ``briefgen parse`` does (hand-edited records are kept);
#: problems are logged as errors on the ``briefgen`` logger.
Reparse = Callable[[list[Path]], object]


@dataclass(frozen=True, slots=True)
class ServeOptions:
    briefings: Path
    out: Path
    templates: Path
    cache: Cache
    port: int


@dataclass(frozen=True, slots=True)
class LiveSnapshot:
    """What open pages are told: which build of the site is current, and what is wrong."""

    generation: int
    #: ``file:line: message`` lines of the last attempt, or None when it succeeded.
    problem: str | None
    closing: bool = False


class LiveState:
    """The current snapshot, and a condition the event streams wait on."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._now = LiveSnapshot(0, None)

    @property
    def now(self) -> LiveSnapshot:
        with self._changed:
            return self._now

    def publish(self, snapshot: LiveSnapshot) -> None:
        with self._changed:
            self._now = snapshot
            self._changed.notify_all()

    def wait_past(self, seen: LiveSnapshot | None, timeout: float) -> LiveSnapshot:
        """The snapshot once it differs from ``seen``, or after ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._now != seen, timeout)
            return self._now


def serve_archive(options: ServeOptions, reparse: Reparse) -> int:
    """Build, serve and rebuild on change until interrupted (Ctrl-C)."""
    if not options.briefings.is_dir():
        log.error("%s: no such folder of briefings", options.briefings)
        return 1
    state = LiveState()
    try:
        server = ThreadingHTTPServer((HOST, options.port), _handler(options, state))
    except OSError as exc:  # the port is taken, most often by another serve
        log.error("cannot serve on %s:%d: %s; choose another --port", HOST, options.port, exc)
        return 1
    # The search index is built in a forked process (at two jobs or more): with the
    # dictionaries loaded here first, every rebuild's fork inherits them instead of loading
    # them again (about a second), and at one job this process has them once.
    load_dictionaries()
    builder = _Builder(options, reparse, state)
    with _terminate_as_interrupt():
        builder.rebuild(set(find_sources([options.briefings])))
        return _watch(options, builder, server, state)


def _watch(
    options: ServeOptions, builder: _Builder, server: ThreadingHTTPServer, state: LiveState
) -> int:
    """Serve, and rebuild on every change until interrupted."""
    with _serving(server) as url:
        watched = _WatchedFiles(options)
        roots = [p for p in (options.briefings, options.templates) if p.is_dir()]
        announced = False
        for changes in watch(
            *roots,
            watch_filter=watched,
            step=WATCH_STEP_MS,
            debounce=WATCH_DEBOUNCE_MS,
            raise_interrupt=False,
            # An empty yield now and then: the first says the watcher is running.
            yield_on_timeout=True,
            rust_timeout=WATCH_TIMEOUT_MS,
        ):
            if changes:
                builder.rebuild({Path(path) for _, path in changes})
            if not announced:
                # Only now: a save made after this line is never missed.
                print(
                    f"Serving {options.out}/ on {url} (Ctrl-C to stop)", file=sys.stderr, flush=True
                )
                announced = True
        state.publish(LiveSnapshot(state.now.generation, None, closing=True))
    return 0


class _WatchedFiles:
    """The files a site is made from: sources, editor metadata, records, settings, templates."""

    def __init__(self, options: ServeOptions) -> None:
        self.templates = options.templates.resolve()
        self.ignored = [options.out.resolve()]
        if options.cache.root is not None:
            self.ignored.append(options.cache.root.resolve())

    def __call__(self, change: Change, name: str) -> bool:
        path = Path(name)
        if path.name.startswith(".") or any(path.is_relative_to(p) for p in self.ignored):
            return False  # temporary files of atomic writes, editors' swap files, our output
        if path.is_relative_to(self.templates):
            return True
        return (
            is_source(path) or is_meta(path) or is_record_file(path) or path.name in SETTINGS_NAMES
        )


class _Builder:
    """Re-parses changed sources, rebuilds the site and tells open pages how it went."""

    def __init__(self, options: ServeOptions, reparse: Reparse, state: LiveState) -> None:
        self.options, self.reparse, self.state = options, reparse, state
        #: Sources that failed to parse, with their messages: still wrong until re-parsed,
        #: whatever else is saved meanwhile.
        self.unparsed: dict[Path, list[str]] = {}

    def rebuild(self, changed: set[Path]) -> None:
        sources = _sources_among(changed)
        with _errors_logged() as parse_problems:
            if sources:
                self.reparse(sources)
        others = self._file_parse_problems(sources, parse_problems)
        with _errors_logged() as build_problems:
            changed_site = self._build()
        problems = [m for messages in self.unparsed.values() for m in messages]
        problem = "\n".join(problems + others + build_problems) or None
        now = self.state.now
        if changed_site or (now.problem and not problem):
            self.state.publish(LiveSnapshot(now.generation + 1, problem))
        elif problem != now.problem:
            self.state.publish(LiveSnapshot(now.generation, problem))
        if problem:
            log.error("the last good site stays served until this is fixed")

    def _file_parse_problems(self, sources: list[Path], messages: list[str]) -> list[str]:
        """Note each message under the source it names; those that name none."""
        for path in [*sources, *self.unparsed]:
            if path in sources or not path.exists():
                self.unparsed.pop(path, None)
        unnamed = []
        for message in messages:
            source = next((s for s in sources if message.startswith(f"{s}:")), None)
            if source is None:
                unnamed.append(message)
            else:
                self.unparsed.setdefault(source, []).append(message)
        return unnamed

    def _build(self) -> bool:
        """Build incrementally; whether the site changed (errors are logged)."""
        options = self.options
        try:
            summary = build_site(options.briefings, options.out, options.templates, options.cache)
        except BriefgenError as exc:
            log.error("%s", exc)
            return False
        if not summary.up_to_date:
            print(f"Built {options.out}/: {summary}.", file=sys.stderr, flush=True)
        return not summary.up_to_date


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (``kill``, a service manager, a container stopping) stops serve as Ctrl-C does:
    the watcher ends, open pages hear the server is closing, and the exit status is 0."""

    def interrupt(_signal: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _sources_among(changed: set[Path]) -> list[Path]:
    """Sources to re-parse: those changed, and those whose editor metadata changed."""
    sources = {p for p in changed if is_source(p) and p.is_file()}
    for meta in (p for p in changed if is_meta(p)):
        sources |= {s for s in find_sources([meta.parent]) if meta_path_for(s) == meta}
    return sorted(sources)


class _ErrorList(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _errors_logged() -> Iterator[list[str]]:
    """The errors the ``briefgen`` logger reports while the block runs (they still print)."""
    collector = _ErrorList()
    log.addHandler(collector)
    try:
        yield collector.messages
    finally:
        log.removeHandler(collector)


def _handler(options: ServeOptions, state: LiveState) -> Callable[..., _Handler]:
    return functools.partial(_Handler, state=state, directory=str(options.out.resolve()))


@contextmanager
def _serving(server: ThreadingHTTPServer) -> Iterator[str]:
    """Answer requests on a thread of their own while the block runs; yields the URL."""
    thread = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Handler(SimpleHTTPRequestHandler):
    """The site's files, HTML pages with the live-reload script added, and the event stream."""

    def __init__(self, *args: Any, state: LiveState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        route = urlsplit(self.path).path
        if route == EVENTS_PATH:
            self._events()
            return
        if route.startswith(OWN_PREFIX):
            self._own_file(route.removeprefix(OWN_PREFIX))
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir() and route.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            self._page(target.read_bytes, HTTPStatus.OK)
        elif not target.exists():
            missing = Path(self.directory) / "404.html"
            read = missing.read_bytes if missing.is_file() else lambda: _NO_SITE_YET
            self._page(read, HTTPStatus.NOT_FOUND)
        else:
            super().do_GET()

    def end_headers(self) -> None:
        # Every response is of the site as it is now: a reload must never show a cached page.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for builds and problems, not for every request

    def _page(self, read: Callable[[], bytes], status: HTTPStatus) -> None:
        # The generation is read before the file: a page swapped in meanwhile then reloads
        # once more, rather than missing a reload.
        generation = self.state.now.generation
        body = with_livereload(read(), generation)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _own_file(self, name: str) -> None:
        if name not in _OWN_FILES:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        body = (LIVERELOAD / name).read_bytes()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", _OWN_FILES[name])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-Sent Events until the page goes away or the server stops."""
        query = parse_qs(urlsplit(self.path).query)
        since = int(query.get("generation", ["0"])[0] or 0)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        seen: LiveSnapshot | None = None
        try:
            while True:
                now = self.state.wait_past(seen, KEEPALIVE_SECONDS)
                if now.closing:
                    return
                self.wfile.write(_event_for(now, seen, since))
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded


def _event_for(now: LiveSnapshot, seen: LiveSnapshot | None, since: int) -> bytes:
    if now == seen:
        return b": keepalive\n\n"
    if now.generation > since:
        return f"event: reload\ndata: {now.generation}\n\n".encode()
    if now.problem:
        return f"event: problem\ndata: {json.dumps(now.problem)}\n\n".encode()
    return b"event: fixed\ndata: {}\n\n"


def with_livereload(html: bytes, generation: int) -> bytes:
    """``html`` with the live-reload script added to its head (or at its end)."""
    tag = (
        f'<link rel="stylesheet" href="{OWN_PREFIX}livereload.css">'
        f'<script src="{OWN_PREFIX}livereload.js?generation={generation}" defer></script>'
    ).encode()
    at = html.lower().find(b"</head>")
    if at < 0:
        return html + tag
    return html[:at] + tag + html[at:]
