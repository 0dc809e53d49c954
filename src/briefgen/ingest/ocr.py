"""OCR of scanned PDF pages: each page image read by Tesseract into words with boxes.

Poppler's ``pdftoppm`` renders a page at the resolution of the scan in it (``pdfimages``
tells), ocr_image.py turns it straight and whitens specks, and Tesseract reads it with its
Simplified Chinese data into hOCR: for every line its box and baseline, for every word its
box and confidence (0-100). The words are what later stages need (ocr_rows.py turns them
into the rows the PDF reader lays out), and they are small: they are kept in the parse cache
under the PDF's hash and the page number, so a scanned issue is read by Tesseract once,
however often it is parsed again.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from briefgen.cache import Cache, code_digest
from briefgen.cache import key as cache_key
from briefgen.errors import SourceError, ToolMissing
from briefgen.ingest import ocr_image
from briefgen.ingest.ocr_image import DARK, prepare_page

#: Tesseract's language: Simplified Chinese, whose data reads Latin letters and digits too.
#: With English added (chi_sim+eng) Tesseract reads a line that a URL dominates as English
#: and garbles the Chinese names before it ("黄茹 供稿自 https://…" as "2 (hs B https://…"),
#: and those lines end the articles of some house layouts.
LANGUAGES = "chi_sim"
#: Where a page shows no scan resolution (vector drawings, say), render it at this.
DEFAULT_DPI = 300
#: Scans finer than this are rendered down to it: Tesseract gains nothing above it, and its
#: time grows with the pixels.
MAX_DPI = 400
MIN_DPI = 150
#: Seconds Tesseract may take over one page before the page is given up as unreadable.
PAGE_TIME_LIMIT = 300

#: Each program, and the Debian package that installs it.
_TOOLS = {"tesseract": "tesseract-ocr", "pdftoppm": "poppler-utils", "pdfimages": "poppler-utils"}
#: Each Tesseract language, and the Debian package with its data.
_LANGUAGE_PACKAGES = {"chi_sim": "tesseract-ocr-chi-sim", "eng": "tesseract-ocr-eng"}
_BBOX = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_BASELINE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_WCONF = re.compile(r"x_wconf (\d+)")
_XHTML = "{http://www.w3.org/1999/xhtml}"
#: A row of pixels with this share of the ink of the line's darkest row is in its ink band.
_BAND = 0.2
#: White rows a line's band may hold (between a character's strokes); more part two lines.
_WHITE = 2


@dataclass(frozen=True, slots=True)
class OcrWord:
    """A word as Tesseract read it: its text, box in image pixels (top-left origin), and
    confidence 0-100."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float


@dataclass(frozen=True, slots=True)
class OcrLine:
    box: tuple[int, int, int, int]
    #: hOCR's baseline: slope, and offset in pixels from the box's bottom-left corner.
    slope: float
    offset: float
    words: list[OcrWord] = field(default_factory=list)
    #: Height of the band its ink fills, in pixels, measured on the straightened page image:
    #: the line's size, which Tesseract's boxes (stretched by specks and skew) do not give.
    ink: float = 0.0


@dataclass(frozen=True, slots=True)
class OcrPage:
    """One page read by OCR: its size in PDF points, the resolution it was read at, its lines."""

    number: int
    width: float
    height: float
    dpi: int
    lines: list[OcrLine]


@dataclass(frozen=True, slots=True)
class OcrTools:
    tesseract: str
    pdftoppm: str
    pdfimages: str
    version: str


def find_tools(languages: str = LANGUAGES) -> OcrTools:
    """The programs OCR runs, or ToolMissing naming the Debian packages that provide them."""
    found = {name: shutil.which(name) for name in _TOOLS}
    missing = sorted({package for name, package in _TOOLS.items() if not found[name]})
    version = ""
    tesseract = found["tesseract"]
    if tesseract:
        version, known = _tesseract_facts(tesseract)
        missing += [
            _LANGUAGE_PACKAGES.get(lang, f"tesseract-ocr-{lang.replace('_', '-')}")
            for lang in languages.split("+")
            if lang not in known
        ]
    if missing:
        raise ToolMissing(
            None,
            None,
            "OCR needs Tesseract with its Simplified Chinese and English data and Poppler's "
            f"tools; install the Debian package(s): sudo apt-get install {' '.join(missing)}",
        )
    assert tesseract and found["pdftoppm"] and found["pdfimages"]
    return OcrTools(tesseract, found["pdftoppm"], found["pdfimages"], version)


def _tesseract_facts(tesseract: str) -> tuple[str, set[str]]:
    """Tesseract's version line and the languages it has data for."""
    version = _run([tesseract, "--version"], 30).splitlines()
    langs = _run([tesseract, "--list-langs"], 30).splitlines()[1:]
    return (version[0] if version else "tesseract"), {lang.strip() for lang in langs}


def _run(command: list[str], seconds: float) -> str:
    done = subprocess.run(command, capture_output=True, timeout=seconds, check=False)
    # Tesseract writes its version to stdout or stderr depending on its build.
    return (done.stdout or done.stderr).decode("utf-8", errors="replace")


def ocr_digest() -> str:
    """What an OCR result depends on besides the page: this code and the image preparation's."""
    return code_digest(sys.modules[__name__], ocr_image)


def read_scanned_pages(
    path: Path, sha256: str, pages: list[tuple[int, float, float]], cache: Cache | None
) -> list[OcrPage]:
    """OCR of ``pages`` (number, width, height in points) of the PDF at ``path``, from the
    cache where it holds them."""
    tools = find_tools()
    resolutions = _scan_resolutions(tools, path)
    read: list[OcrPage] = []
    for number, width, height in pages:
        dpi = resolutions.get(number, DEFAULT_DPI)
        entry = cache_key("ocr", ocr_digest(), tools.version, LANGUAGES, sha256, str(number))
        cached = cache.get("ocr", entry) if cache is not None else None
        if cached is not None and cached.get("dpi") == dpi:
            read.append(_page_from_json(cached))
            continue
        page = _ocr_page(tools, path, number, width, height, dpi)
        if cache is not None:
            cache.put("ocr", entry, asdict(page))
        read.append(page)
    return read


def _scan_resolutions(tools: OcrTools, path: Path) -> dict[int, int]:
    """The resolution of the finest image on each page, within MIN_DPI..MAX_DPI."""
    listing = _run([tools.pdfimages, "-list", str(path)], 60)
    found: dict[int, int] = {}
    for line in listing.splitlines()[2:]:
        cells = line.split()
        if len(cells) < 14 or not cells[0].isdigit():
            continue
        try:
            ppi = round(min(float(cells[12]), float(cells[13])))
        except ValueError:
            continue
        page = int(cells[0])
        found[page] = max(found.get(page, 0), min(MAX_DPI, max(MIN_DPI, ppi)))
    return found


def _ocr_page(
    tools: OcrTools, path: Path, number: int, width: float, height: float, dpi: int
) -> OcrPage:
    with tempfile.TemporaryDirectory(prefix="briefgen-ocr-") as tmp:
        image = Path(tmp) / "page"
        render = [tools.pdftoppm, "-r", str(dpi), "-gray", "-png", "-singlefile"]
        render += ["-f", str(number), "-l", str(number), str(path), str(image)]
        done = subprocess.run(render, capture_output=True, timeout=PAGE_TIME_LIMIT, check=False)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", errors="replace").strip()
            raise SourceError(path, None, f"cannot render the page for OCR: {message}", page=number)
        with Image.open(f"{image}.png") as rendered:
            prepared, _angle = prepare_page(rendered)
        prepared.save(f"{image}.png")
        # OCR is batch work that takes seconds a page: run it below interactive work.
        read = ["nice", tools.tesseract, f"{image}.png", "stdout", "-l", LANGUAGES]
        read += ["--dpi", str(dpi), "hocr"]
        try:
            done = subprocess.run(
                read, capture_output=True, timeout=PAGE_TIME_LIMIT, check=False, env=_env()
            )
        except subprocess.TimeoutExpired as exc:
            raise SourceError(
                path, None, f"OCR took over {PAGE_TIME_LIMIT} s on this page", page=number
            ) from exc
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", errors="replace").strip()
            raise SourceError(path, None, f"Tesseract failed on this page: {message}", page=number)
        lines = measure_ink(Path(f"{image}.png"), parse_hocr(done.stdout))
    return OcrPage(number=number, width=width, height=height, dpi=dpi, lines=lines)


def page_skew(lines: list[OcrLine]) -> float:
    """The page's skew as a slope: the median over its words of their line's baseline slope."""
    slopes = [line.slope for line in lines if len(line.words) >= 3 for _ in line.words]
    return statistics.median(slopes) if slopes else 0.0


def measure_ink(image_path: Path, lines: list[OcrLine]) -> list[OcrLine]:
    """Each line with the height of its ink band, measured on the page turned straight.

    A row of pixels belongs to the band when it holds at least _BAND of the ink of the line's
    darkest row: a speck or a descender's tail holds far less, a row across ideographs more.
    """
    skew = page_skew(lines)
    with Image.open(image_path) as opened:
        # Only dark ink counts: a watermark, printed lighter, beside a line is no part of it.
        page = opened.convert("L").point(lambda v: 0 if v < DARK else 255)
    straight = page.rotate(math.degrees(math.atan(skew)), fillcolor=255)
    heights = [(y1 - y0) - abs(skew) * (x1 - x0) for x0, y0, x1, y1 in (ln.box for ln in lines)]
    typical = statistics.median(heights) if heights else 0.0
    cx, cy = page.width / 2, page.height / 2
    measured = []
    for line, height in zip(lines, heights, strict=True):
        x0, _y0, x1, y1 = line.box
        middle = (x0 + x1) / 2
        base = y1 + line.offset + line.slope * (middle - x0) - skew * (middle - cx)
        shift = skew * (base - cy)
        reach = max(8.0, min(height, 2 * typical))
        box = (x0 + shift, base - 1.3 * reach, x1 + shift, base + 0.4 * reach)
        measured.append(replace(line, ink=_band(straight, box, base)))
    return measured


def _band(image: Image.Image, box: tuple[float, float, float, float], base: float) -> float:
    """The height of the band of inked rows around ``base`` within ``box``: rows apart by
    white ones (a line above or below in reach, a speck) are no part of it."""
    left, top, right, bottom = (round(v) for v in box)
    left, top = max(0, left), max(0, top)
    right, bottom = min(image.width, right), min(image.height, bottom)
    if right - left < 2 or bottom - top < 2:
        return 0.0
    # Each row's mean darkness, in C: the crop squeezed to one column.
    column = ImageOps.invert(image.crop((left, top, right, bottom))).resize(
        (1, bottom - top), Image.Resampling.BOX
    )
    rows = list(column.tobytes())
    darkest = max(rows)
    inked = {k for k, value in enumerate(rows) if darkest and value >= _BAND * darkest}
    if not inked:
        return 0.0
    # The inked row nearest the baseline, then outward while white rows stay few.
    near = min(inked, key=lambda k: abs(k - (base - top)))
    first = last = near
    while any(first - step in inked for step in range(1, _WHITE + 2)):
        first -= next(step for step in range(1, _WHITE + 2) if first - step in inked)
    while any(last + step in inked for step in range(1, _WHITE + 2)):
        last += next(step for step in range(1, _WHITE + 2) if last + step in inked)
    return float(last - first + 1)


def _env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}


def parse_hocr(data: bytes) -> list[OcrLine]:
    """The lines and words of Tesseract's hOCR output, in reading order."""
    root = ET.fromstring(data)
    lines: list[OcrLine] = []
    for span in root.iter(f"{_XHTML}span"):
        if span.get("class") not in ("ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat"):
            continue
        title = span.get("title", "")
        box = _box(title)
        baseline = _BASELINE.search(title)
        slope, offset = (float(baseline[1]), float(baseline[2])) if baseline else (0.0, 0.0)
        words = []
        for word in span.iter(f"{_XHTML}span"):
            text = "".join(word.itertext()).strip()
            if word.get("class") != "ocrx_word" or not text:
                continue
            conf = _WCONF.search(word.get("title", ""))
            words.append(OcrWord(text, _box(word.get("title", "")), float(conf[1]) if conf else 0))
        if words:
            lines.append(OcrLine(box, slope, offset, words))
    return lines


def _box(title: str) -> tuple[int, int, int, int]:
    found = _BBOX.search(title)
    if not found:
        return (0, 0, 0, 0)
    x0, y0, x1, y1 = (int(v) for v in found.groups())
    return (x0, y0, x1, y1)


def _page_from_json(data: Any) -> OcrPage:
    """An OcrPage from its cached JSON form (``asdict``)."""
    lines = [
        OcrLine(
            box=tuple(line["box"]),
            slope=line["slope"],
            offset=line["offset"],
            words=[OcrWord(w["text"], tuple(w["box"]), w["confidence"]) for w in line["words"]],
            ink=line["ink"],
        )
        for line in data["lines"]
    ]
    return OcrPage(data["number"], data["width"], data["height"], data["dpi"], lines)
