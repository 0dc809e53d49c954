"""Scanned issues for the OCR tests: a printed issue rasterized, maybe askew and noisy, re-wrapped.

``pdftoppm`` renders each page of a generated issue PDF to a grey image, as a scanner would
give it; Pillow turns it a little and sprinkles it with noise when asked; ``img2pdf`` wraps the
images back into a PDF with no text layer. Scans are kept in the test PDF cache, keyed by the
PDF they were made from (its cache name is already a hash of what made it) and the settings.
"""

from __future__ import annotations

import hashlib
import inspect
import random
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

from pdfcache import cache_dir, cached_pdf


@dataclass(frozen=True)
class Scan:
    name: str
    dpi: int
    #: Degrees the page is turned counter-clockwise, as a sheet laid askew on the glass.
    angle: float = 0.0
    #: Share of pixels turned to black specks, and grey jitter (0-255) over the page.
    specks: float = 0.0
    jitter: int = 0


CLEAN = Scan("clean", 200)
ASKEW = Scan("askew", 200, angle=1.0, specks=0.0005, jitter=16)
FINE = Scan("fine", 300)


def scan_path(source: Path, scan: Scan) -> Path:
    """Where the scan is kept: named by what makes it (the code below, the source PDF, the
    settings), so a scan added to this module leaves the others, and what OCR read of them."""
    maker = inspect.getsource(_make) + inspect.getsource(_spoil)
    digest = hashlib.sha256(maker.encode() + source.name.encode() + repr(scan).encode())
    return cache_dir() / f"scan-{scan.name}-{digest.hexdigest()[:24]}.pdf"


def scanned(source: Path, scan: Scan) -> Path:
    """``source`` as a scan made with ``scan``, from the cache when it is there."""
    return cached_pdf(scan_path(source, scan), lambda out: _make(source, scan, out))


def _make(source: Path, scan: Scan, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "page"
        render = ["pdftoppm", "-r", str(scan.dpi), "-gray", "-png", str(source), str(prefix)]
        subprocess.run(render, check=True, capture_output=True)
        pages = sorted(Path(tmp).glob("page*.png"))
        for number, page in enumerate(pages):
            _spoil(page, scan, random.Random(number))
        # No timestamp, no random file id: the same scan has the same bytes, so what OCR read
        # of it is found again.
        wrap = [
            "img2pdf",
            "--nodate",
            "--engine",
            "internal",
            "--output",
            str(out),
            *map(str, pages),
        ]
        subprocess.run(wrap, check=True, capture_output=True)


def _spoil(page: Path, scan: Scan, rng: random.Random) -> None:
    """Turn and speckle one page image in place, the same way every time."""
    if not (scan.angle or scan.specks or scan.jitter):
        return
    image = Image.open(page).convert("L")
    image = image.rotate(scan.angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    if scan.jitter:
        # Darken every pixel by up to ``jitter`` grey levels: paper grain and toner.
        image = ImageChops.subtract(image, noise.point(lambda v: v * scan.jitter // 255))
    if scan.specks:
        specks = noise.point(lambda v: 255 if v < 256 * scan.specks else 0)
        image = ImageChops.subtract(image, specks)
    image.save(page, dpi=(scan.dpi, scan.dpi))
