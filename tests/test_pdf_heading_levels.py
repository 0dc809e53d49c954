"""A section's name and the title under it stay apart though their sizes are a hair apart;
and the name, wider than a narrow title's rows, does not set how wide titles are.

LuaLaTeX (luatexja) scales the Chinese face by 0.962 and not the Latin one: a section set at
18 pt prints at 17.3, a title at 17 pt prints its Chinese rows at 16.3 and its rows with Latin
words at 16.9. Read by size alone, 17.3 and 16.9 were one heading: "前沿研究比利时微电子…" was
the section of every article after it, and its first article was lost. The sizes still tell
the levels apart (the larger is the section's: every heading of it is a short name).

The page is drawn with reportlab at exactly those sizes.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from briefgen.ingest import parse_issue

FONT = ("uming", "/usr/share/fonts/truetype/arphic/uming.ttc")
SECTION, LATIN_TITLE, TITLE, BODY = 17.3, 16.9, 16.3, 10.5
LEFT, WIDTH = 56.0, 480.0
TEXT = (
    "据报道，研究团队在实验中验证了这一方法的可靠性，并计划在明年推广到更多的应用场景之中，供参考"
)

#: (section or None, title rows with their sizes): one article each, in print order.
ARTICLES = [
    (
        "前沿研究",
        [
            ("比利时微电子研究中心在 300mm", LATIN_TITLE),
            ("CMOS平台上制造的 Si-MOS量子点", LATIN_TITLE),
            ("实现了创纪录的低电荷噪声", TITLE),
        ],
    ),
    (None, [("美国 DARPA展示量子基准计划最新", LATIN_TITLE), ("前沿进展", TITLE)]),
    (
        "产业动态",
        [("美国商务部拟投资 4亿美元资助 Global", LATIN_TITLE), ("Wafers公司", LATIN_TITLE)],
    ),
]


def _canvas(out: Path) -> tuple[Canvas, str]:
    name, path = FONT
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path))
    return Canvas(str(out), pagesize=(595, 842)), name


def _draw(out: Path) -> None:
    canvas, name = _canvas(out)
    y = 790.0
    for section, title_rows in ARTICLES:
        if y < 300:
            canvas.showPage()
            y = 790.0
        if section:
            canvas.setFont(name, SECTION)
            canvas.drawString(LEFT, y, section)
            y -= 30
        for text, size in title_rows:
            canvas.setFont(name, size)
            canvas.drawString(LEFT, y, text)
            y -= 22
        y = _body_rows(canvas, name, y - 8)
    canvas.save()


def test_a_section_a_hair_larger_than_the_title_under_it_is_its_own_heading(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "2024-07-lualatex-sizes.pdf"
    _draw(pdf)
    got = [(a.section, re.sub(r"\s+", "", a.title)) for a in parse_issue(pdf).articles]
    titles = ["".join(re.sub(r"\s+", "", t) for t, _ in rows) for _, rows in ARTICLES]
    assert got == [("前沿研究", titles[0]), ("前沿研究", titles[1]), ("产业动态", titles[2])]


def test_a_section_name_wider_than_its_titles_rows_adds_no_space_where_they_wrap(
    tmp_path: Path,
) -> None:
    """In a narrow column the section's name is wider than the rows of the title under it.
    Taken for a wrapped title row, it set the title width too far right, and every title
    wrapped between two Chinese characters gained a space there ("美智库发 布《美国…")."""
    pdf = tmp_path / "2024-03-narrow-titles.pdf"
    canvas, name = _canvas(pdf)
    y = 790.0
    for section, rows in [
        ("科技政策与科研计划", ["美智库发布《美国", "重新夺回半导体制", "造地位的战略》"]),
        (None, ["英国政府投资超十", "亿英镑促进人才培", "养"]),
    ]:
        if section:
            canvas.setFont(name, SECTION)
            canvas.drawString(LEFT, y, section)
            y -= 30
        canvas.setFont(name, TITLE)
        for row in rows:
            canvas.drawString(LEFT, y, row)
            y -= 22
        y = _body_rows(canvas, name, y - 8)
    canvas.save()
    titles = [a.title for a in parse_issue(pdf).articles]
    assert titles == [
        "美智库发布《美国重新夺回半导体制造地位的战略》",
        "英国政府投资超十亿英镑促进人才培养",
    ]


def _body_rows(canvas: Canvas, font: str, y: float) -> float:
    """An article's six body rows and its author line, from ``y`` down; where the next starts."""
    canvas.setFont(font, BODY)
    for k in range(6):
        start = LEFT + (2 * BODY if k == 0 else 0)
        canvas.drawString(start, y, TEXT[: 44 if k else 42] if k < 5 else "完。")
        y -= 17
    canvas.drawRightString(LEFT + WIDTH, y, "（沈湘 王丽）")
    return y - 36
