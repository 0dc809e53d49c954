"""A byline set smaller under its title is text, not a note, also where the title ended a page
and the byline opens the next (XeLaTeX keeps no byline with its title)."""

from __future__ import annotations

from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.pdf_roles import classify
from briefgen.ingest.pdf_rows import Row, Run
from briefgen.ingest.pdf_state import Rule

METRICS = FontWidths({}, 1000.0)
BODY, TITLE, SMALL = 11.0, 16.9, 8.8


def _row(page: int, y: float, size: float, text: str) -> Row:
    run = Run(text, 72, y, size, False, size * len(text), METRICS)
    return Row(page=page, y=y, size=size, bold=False, runs=[run], text=text)


def test_a_small_byline_opening_the_page_after_its_title_is_text() -> None:
    rows = [
        *(
            _row(6, 400 - 22 * k, BODY, "英特尔的投资计划预计将创造超过一万个稳定工作岗位。")
            for k in range(8)
        ),
        _row(6, 97.5, TITLE, "美国 DARPA推出“微电子系统增材制造”计划"),
        _row(6, 77.9, SMALL, "https://www.intel.com/content/www/us/en/newsroom/news.html"),
        _row(7, 711.2, SMALL, "李国强 / 中国科学院"),
        *(
            _row(7, 686 - 22 * k, BODY, "据官网 3 月 8 日报道，美国国防高级研究计划局推出计划。")
            for k in range(8)
        ),
    ]
    # The page's notes stand under a rule drawn across the foot of its text.
    classify(rows, BODY, BODY * 1.12, {6: [Rule(72, 200, 88)]})
    assert [row.role for row in rows[8:11]] == ["heading", "footnote", "body"]


def test_a_small_row_at_a_page_top_after_body_text_stays_a_note() -> None:
    rows = [
        *(
            _row(6, 400 - 22 * k, BODY, "英特尔的投资计划预计将创造超过一万个稳定工作岗位。")
            for k in range(8)
        ),
        _row(7, 711.2, SMALL, "李国强 / 中国科学院"),
        *(
            _row(7, 686 - 22 * k, BODY, "据官网 3 月 8 日报道，美国国防高级研究计划局推出计划。")
            for k in range(8)
        ),
    ]
    classify(rows, BODY, BODY * 1.12, {})
    assert rows[8].role == "footnote"
