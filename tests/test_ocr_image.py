"""A scanned page made fit for Tesseract (ocr_image.py): turned straight, rid of specks.

The pages are drawn here: lines of black blocks, as lines of ideographs look at 200 dpi.
"""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from briefgen.ingest.ocr_image import despeckle, prepare_page, skew_angle


def _page(lines: int = 30) -> Image.Image:
    """An A4 page at 200 dpi with ``lines`` lines of 26-pixel "ideographs", 34 pixels apart."""
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    for k in range(lines):
        top = 300 + 34 * k
        for x in range(180, 1460, 29):
            draw.rectangle((x, top, x + 25, top + 25), fill=0)
    return page


@pytest.mark.slow
@pytest.mark.parametrize("turned", [1.0, -0.6, 2.5])
def test_a_page_laid_askew_is_turned_back(turned: float) -> None:
    askew = _page().rotate(turned, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert skew_angle(askew) == pytest.approx(-turned, abs=0.06)


@pytest.mark.slow  # full pages turned at every candidate angle: about a second
def test_a_straight_page_and_a_blank_one_are_left_as_they_are() -> None:
    assert skew_angle(_page()) == 0.0
    assert skew_angle(Image.new("L", (1654, 2339), 255)) == 0.0
    # A title page: one short line gives no sure angle.
    title = Image.new("L", (1654, 2339), 255)
    ImageDraw.Draw(title).rectangle((600, 400, 1000, 440), fill=0)
    assert skew_angle(title) == 0.0


def test_specks_go_and_the_smallest_printed_marks_stay() -> None:
    page = Image.new("L", (200, 100), 255)
    draw = ImageDraw.Draw(page)
    draw.point([(20, 20), (60, 70), (150, 30)], fill=0)  # dust: lone dark pixels
    draw.rectangle((100, 50, 101, 51), fill=0)  # a stop: two pixels across
    draw.line((30, 90, 180, 90), fill=0)  # a hairline rule
    clean = despeckle(page)
    assert [clean.getpixel(p) for p in [(20, 20), (60, 70), (150, 30)]] == [255, 255, 255]
    assert [clean.getpixel(p) for p in [(100, 50), (101, 51), (30, 90), (180, 90)]] == [0] * 4


@pytest.mark.slow  # full pages turned at every candidate angle: about a second
def test_prepare_page_says_by_how_much_it_turned_the_page() -> None:
    askew = _page().rotate(1.0, resample=Image.Resampling.BICUBIC, fillcolor=255)
    straight, angle = prepare_page(askew)
    assert angle == pytest.approx(-1.0, abs=0.06)
    assert skew_angle(straight) == 0.0
    assert straight.size == askew.size and straight.mode == "L"
