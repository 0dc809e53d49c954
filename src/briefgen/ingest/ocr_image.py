"""A scanned page image made fit for Tesseract: turned straight and rid of specks.

A sheet laid 1° askew on the glass drifts 23 pixels over a 1,300-pixel line at 200 dpi: most of
a line of 10-point Chinese. Tesseract follows the drift badly in dense Chinese text: it loses
the ends of lines, or reads two lines as one and doubles their characters. So the page is turned
straight first, by the angle at which its rows of ink are sharpest (lines of text and the white
between them), and lone dark pixels, dust on the glass, are whitened: Tesseract reads them as
stops and quotes, or as strokes of the characters beside them.
"""

from __future__ import annotations

from PIL import Image, ImageChops, ImageFilter

#: Grey levels darker than this are ink.
DARK = 128
#: The largest skew looked for, in degrees either way: a sheet laid on the glass by hand.
MAX_SKEW = 3.0
#: Steps of the search for the skew: every half degree, then every twentieth around the best.
_COARSE, _FINE = 0.5, 0.05
#: The skew is measured on the page shrunk to this many pixels across (enough for its lines).
_MEASURE_WIDTH = 800
#: A turn is made only when it sharpens the rows by this share: a page with little text (a
#: title page, a blank one) gives no sure angle, and is left as it was scanned.
_GAIN = 1.02
#: Each dark pixel's eight neighbours, counted.
_NEIGHBOURS = ImageFilter.Kernel((3, 3), [1, 1, 1, 1, 0, 1, 1, 1, 1], scale=1)


def prepare_page(image: Image.Image) -> tuple[Image.Image, float]:
    """The page turned straight and despeckled, and the angle it was turned by (degrees,
    counter-clockwise)."""
    grey = image.convert("L")
    angle = skew_angle(grey)
    if angle:
        grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return despeckle(grey), angle


def skew_angle(image: Image.Image) -> float:
    """The turn (degrees, counter-clockwise) that makes the page's lines of text level.

    Level lines put their ink in few rows of pixels and leave white rows between them: the sum
    of the squared ink of the rows is greatest. Measured on the page shrunk and made black and
    white, first every half degree, then finely around the best.
    """
    scale = min(1.0, _MEASURE_WIDTH / image.width)
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    ink = small.point(lambda v: 255 if v < DARK else 0)
    straight = _sharpness(ink, 0.0)
    steps = round(MAX_SKEW / _COARSE)
    coarse = max((k * _COARSE for k in range(-steps, steps + 1)), key=lambda a: _sharpness(ink, a))
    fine = [coarse + k * _FINE for k in range(-9, 10) if abs(coarse + k * _FINE) <= MAX_SKEW]
    best = max(fine, key=lambda a: _sharpness(ink, a))
    if not _sharpness(ink, best) > _GAIN * straight:  # a blank page: no ink, no angle
        return 0.0
    return round(best, 2)


def _sharpness(ink: Image.Image, angle: float) -> float:
    """The sum of the squared mean ink of the rows of ``ink`` turned by ``angle``."""
    turned = ink.rotate(angle, resample=Image.Resampling.BILINEAR) if angle else ink
    rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
    return float(sum(value * value for value in rows))


def despeckle(image: Image.Image) -> Image.Image:
    """``image`` with every dark pixel that has no dark neighbour whitened: a speck of dust.
    The smallest printed mark, a stop in 8-point type at 150 dpi, is two pixels across."""
    dark = image.point(lambda v: 255 if v < DARK else 0)
    alone = dark.filter(_NEIGHBOURS).point(lambda v: 255 if v == 0 else 0)
    return ImageChops.add(image, ImageChops.multiply(dark, alone))
