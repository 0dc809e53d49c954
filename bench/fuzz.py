"""Fuzz campaign: mutated sources, records, editor files and PDFs through parse, check, build.

Every input is run in this process. An exception that is not a BriefgenError is a traceback;
an input that takes more than --hang seconds of CPU (or six times that on the wall clock) is a
hang. Both are saved under --keep with what went wrong. Parsed records that ``check`` would
reject count as refused (``briefgen parse`` reports them and writes nothing); the campaign
ends with the counts. Usage:

    python bench/fuzz.py --inputs 10000 [--seed 1] [--hang 20] [--skip markers]
"""

from __future__ import annotations

import argparse
import collections
import logging
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from briefgen.archive import load_glossary, load_settings  # noqa: E402
from briefgen.build import build_site  # noqa: E402
from briefgen.cache import Cache  # noqa: E402
from briefgen.errors import BriefgenError  # noqa: E402
from briefgen.ingest import parse_issue  # noqa: E402
from briefgen.records import issue_to_yaml, load_issue, validate_file, validate_text  # noqa: E402
from hostile import minimal_records, tiny_pdf  # noqa: E402
from pdfgen import LAYOUTS, Masthead, render_issue  # noqa: E402

BRIEFINGS = ROOT / "briefings"
TEMPLATES = ROOT / "templates"
CONTROL = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127, 0x85, 0xFEFF)]
MARKERS = [chr(c) for c in range(0xE000, 0xE005)]
YAML_BITS = ["&a ", "*a", "!!python/object ", "? ", "- ", ": ", "{", "[", "|", ">", "---\n", "%"]


#: An input may wait (the build's second process) this many times --hang on the wall clock.
WALL_FACTOR = 6
#: Why parsed records were refused by the record check, by message shape.
REFUSALS: collections.Counter[str] = collections.Counter()


class _Hang(BaseException):
    """The alarm fired: the input took longer than the hang limit."""


# --------------------------------------------------------------------------- mutations


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    codec = rng.choice(["gb18030", "utf-16", "utf-16-be", "big5", "latin-1", "utf-8-sig"])
    if codec == "latin-1":  # mojibake: UTF-8 bytes read as Latin-1 and saved again
        return data.decode("latin-1").encode("utf-8")
    return text.encode(codec, "replace")


def _insert(data: bytes, rng: random.Random, pieces: list[str]) -> bytes:
    text = data.decode("utf-8", "replace")
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(pieces) + text[at:]
    return text.encode("utf-8", "surrogatepass")


def _control(data: bytes, rng: random.Random) -> bytes:
    return _insert(data, rng, CONTROL)


def _markers(data: bytes, rng: random.Random) -> bytes:
    return _insert(data, rng, [*MARKERS, "\ue000999\ue001", "\ue0001\ue001", "\ue0027\ue003"])


def _nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([30, 1000, 100_000])
    opener = rng.choice(["[", "{a: ", "- "])
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    return _insert(data, rng, [opener * depth + closer * depth])


def _aliases(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    k = rng.randrange(len(lines))
    if ": " in lines[k]:
        key, _, value = lines[k].partition(": ")
        lines[k] = f"{key}: &x {value}"
        for _ in range(rng.randint(1, 400)):
            j = rng.randrange(k, len(lines))
            if ": " in lines[j] and j != k:
                lines[j] = lines[j].partition(": ")[0] + ": *x"
    return "\n".join(lines).encode("utf-8")


def _yaml_syntax(data: bytes, rng: random.Random) -> bytes:
    return _insert(data, rng, YAML_BITS)


def _huge(data: bytes, rng: random.Random) -> bytes:
    """One field or line blown up to hundreds of kilobytes (the size caps are in megabytes)."""
    text = data.decode("utf-8", "replace")
    piece = rng.choice(["长", "x", "https://example.com/a/", "\n", " ", "[^1]", "1 https://a.b/\n"])
    at = rng.randrange(len(text) + 1)
    blown = piece * (rng.choice([20_000, 200_000]) // len(piece))
    return (text[:at] + blown + text[at:]).encode("utf-8", "surrogatepass")


def _lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 10)):
        k = rng.randrange(len(lines))
        action = rng.randrange(3)
        if action == 0:
            del lines[k : k + rng.randint(1, 5)]
        elif action == 1:
            lines.insert(rng.randrange(len(lines) + 1), lines[k])
        else:
            lines[k] = b" " * rng.randint(0, 8) + lines[k].lstrip()
        lines = lines or [b""]
    return b"\n".join(lines)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "encoding": _encoding,
    "control": _control,
    "markers": _markers,
    "nesting": _nesting,
    "aliases": _aliases,
    "yaml": _yaml_syntax,
    "huge": _huge,
    "lines": _lines,
}
#: Which mutations make sense for which kind of file.
FOR_KIND = {
    "source": ["flip", "truncate", "encoding", "control", "markers", "huge", "lines", "lines"],
    "pdf": ["flip", "truncate", "huge"],
    "records": list(MUTATIONS),
    "meta": list(MUTATIONS),
    "glossary": list(MUTATIONS),
    "site": list(MUTATIONS),
}


# --------------------------------------------------------------------------- corpus


def corpus(work: Path) -> dict[str, list[bytes]]:
    """Seed files of each kind: the shipped briefings, small records, a rendered PDF."""
    sources = [p.read_bytes() for p in sorted(BRIEFINGS.glob("*/source.txt"))]
    records = [p.read_bytes() for p in sorted(BRIEFINGS.glob("*/records.yaml"))]
    records.append(minimal_records().encode())
    issue = load_issue(BRIEFINGS / "2024-08-chips-act-review" / "records.yaml")
    small = replace(issue, articles=issue.articles[:3])
    masthead = Masthead(publication="信息科技快报", year=2024, number=3, date="2024年3月15日")
    pdfs = [
        render_issue(small, layout, masthead, work / f"seed-{k}.pdf").read_bytes()
        for k, layout in enumerate(LAYOUTS[:2])
    ]
    pdfs.append(tiny_pdf("1 begincidrange <0000> <00FF> 0 endcidrange"))
    return {
        "source": sources,
        "pdf": pdfs,
        "records": records,
        "meta": [b"publication: \xe9\x9b\x86\xe5\xbe\xae\nnumber: 3\ndate: 2024-03-01\n"],
        "glossary": [(BRIEFINGS / "glossary.yaml").read_bytes()],
        "site": [(BRIEFINGS / "site.yaml").read_bytes()],
    }


# --------------------------------------------------------------------------- runs


def run_source(folder: Path, data: bytes, suffix: str) -> str:
    """Parse as ``briefgen parse`` does: records that check would reject are not written."""
    path = folder / f"fuzz-issue{suffix}"
    path.write_bytes(data)
    issue = parse_issue(path)
    problems = validate_text(issue_to_yaml(issue), folder / "fuzz-issue.yaml")
    if problems:  # the CLI reports this as a ParseError, by name
        REFUSALS[re.sub(r"'[^']*'|\[\d+\]|\d[\d,]*", "…", problems[0].message)[:90]] += 1
        return "refused by check"
    return "ok"


def run_meta(folder: Path, data: bytes) -> str:
    (folder / "fuzz-issue.meta.yaml").write_bytes(data)
    return run_source(
        folder, (BRIEFINGS / "2024-08-chips-act-review/source.txt").read_bytes(), ".txt"
    )


def run_records(folder: Path, data: bytes, build: bool) -> str:
    issue_folder = folder / "briefings" / "fuzz-issue"
    issue_folder.mkdir(parents=True)
    (issue_folder / "records.yaml").write_bytes(data)
    problems = validate_file(issue_folder / "records.yaml")
    if problems or not build:
        return "ok" if not problems else "refused"
    build_site(folder / "briefings", folder / "site", TEMPLATES, Cache(None))
    return "built"


def run_settings(folder: Path, name: str, data: bytes, build: bool) -> str:
    briefings = folder / "briefings"
    (briefings / "good").mkdir(parents=True)
    (briefings / "good" / "records.yaml").write_text(minimal_records("good"), encoding="utf-8")
    (briefings / name).write_bytes(data)
    load_glossary(briefings)
    load_settings(briefings)
    if build:
        build_site(briefings, folder / "site", TEMPLATES, Cache(None))
        return "built"
    return "ok"


def run_one(kind: str, data: bytes, folder: Path, build: bool) -> str:
    if kind == "source":
        return run_source(folder, data, ".txt")
    if kind == "pdf":
        return run_source(folder, data, ".pdf")
    if kind == "meta":
        return run_meta(folder, data)
    if kind == "records":
        return run_records(folder, data, build)
    return run_settings(folder, f"{kind}.yaml", data, build)


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def campaign(args: argparse.Namespace) -> int:
    # Warnings about damaged input are the expected outcome here, not news.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    logging.getLogger("briefgen").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    rng = random.Random(args.seed)
    keep = Path(args.keep)
    keep.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="briefgen-fuzz-"))
    seeds = corpus(work)
    kinds = [kind for kind in seeds if not args.kinds or kind in args.kinds]
    counts: collections.Counter[str] = collections.Counter()
    crashes: collections.Counter[str] = collections.Counter()
    slowest = (0.0, "")
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, _alarm)
    started = time.perf_counter()
    for n in range(args.inputs):
        kind = rng.choice(kinds)
        allowed = [m for m in FOR_KIND[kind] if m not in args.skip]
        chain = [rng.choice(allowed) for _ in range(rng.choice([1, 1, 2, 3]))]
        data = rng.choice(seeds[kind])
        for name in chain:
            data = MUTATIONS[name](data, rng)
        folder = Path(tempfile.mkdtemp(dir=work))
        build = rng.random() < args.build_share
        label = f"{n:05d}-{kind}-{'+'.join(chain)}"
        began, cpu = time.perf_counter(), time.process_time()
        # CPU time decides a hang (a busy machine only slows an input down); the wall clock
        # catches an input that waits forever.
        signal.setitimer(signal.ITIMER_PROF, args.hang)
        signal.setitimer(signal.ITIMER_REAL, args.hang * WALL_FACTOR)
        try:
            outcome = run_one(kind, data, folder, build)
        except BriefgenError:
            outcome = "error"
        except _Hang:
            outcome = "hang"
        except Exception as exc:  # the point of the campaign: anything else is a traceback
            outcome = "traceback"
            where = traceback.extract_tb(exc.__traceback__)[-1]
            crashes[f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}"] += 1
            (keep / f"{label}.txt").write_text(traceback.format_exc(), encoding="utf-8")
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.perf_counter() - began
        if time.process_time() - cpu > args.hang or seconds > args.hang * WALL_FACTOR:
            outcome = "hang"  # stuck in C code past the alarm
        if outcome in ("hang", "traceback"):
            (keep / f"{label}.input").write_bytes(data)
        counts[outcome] += 1
        counts[f"kind:{kind}"] += 1
        slowest = max(slowest, (seconds, label))
        shutil.rmtree(folder, ignore_errors=True)
        if (n + 1) % args.every == 0 or n + 1 == args.inputs:
            _report(n + 1, counts, crashes, slowest, time.perf_counter() - started)
    shutil.rmtree(work, ignore_errors=True)
    return 1 if counts["traceback"] or counts["hang"] else 0


def _report(done, counts, crashes, slowest, seconds) -> None:  # type: ignore[no-untyped-def]
    kinds = ", ".join(f"{k[5:]} {v}" for k, v in sorted(counts.items()) if k.startswith("kind:"))
    print(
        f"{done} inputs in {seconds:.0f} s ({kinds}): {counts['ok']} ok, {counts['built']} built, "
        f"{counts['refused'] + counts['error']} refused with a message "
        f"({counts['refused by check']} parsed but refused by the record check), "
        f"{counts['traceback']} tracebacks, {counts['hang']} hangs; "
        f"slowest {slowest[0]:.1f} s ({slowest[1]})",
        flush=True,
    )
    for crash, count in crashes.most_common():
        print(f"  {count} × {crash}", flush=True)
    for reason, count in REFUSALS.most_common(5):
        print(f"  refused by check: {count} × {reason}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hang", type=float, default=20.0, help="CPU seconds that make a hang")
    parser.add_argument(
        "--build-share", type=float, default=0.1, help="share of valid inputs also built"
    )
    parser.add_argument("--skip", nargs="*", default=[], choices=list(MUTATIONS))
    parser.add_argument("--kinds", nargs="*", default=[], choices=list(FOR_KIND))
    parser.add_argument("--every", type=int, default=500, help="report every N inputs")
    parser.add_argument("--keep", default="fuzz-findings", help="where failing inputs go")
    return campaign(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
