"""Footnotes in the text a PDF extractor writes: at a page's bottom in the forms some producers
print them, and notes gathered at an article's end (``注释：`` then ``1. https://…``).

The texts are written by hand after pdftotext's output of the seeds' test prints.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.ingest.text import parse_text

#: Two pages, a note at each page's bottom: the number glued to a title that starts with a
#: capital and a hyphen ("15X-ray"), and on the second page a citation of a paper without a
#: URL whose number goes on from the first page's note.
GLUED_NOTES = (
    "前沿研究\n"
    "金刚石原子振动图像推进量子传感器发展\n"
    "美国阿贡国家实验室、康奈尔大学和普渡大学等联合利用 X-射线绘制了金刚石中的原子振动\n"
    "图，并将它们与嵌入量子系统的行为关联起来，推进了量子传感器的发展15。\n"
    "研究人员使用声波对金刚石进行脉冲冲击，拍摄金刚石振动的 X-射线图像。\n"
    "（执笔：蒿巧利）\n"
    "\n"
    "15X-ray imagery of vibrating diamond opens avenues for quantum sensing. https://www.anl.gov/\n"
    "article/xray-imagery-of-vibrating-diamond\n"
    "- 12 -\n"
    "\f"
    "美国研制出新型薄膜半导体\n"
    "研究人员利用三元辉碲铋矿（tetradymite）晶体材料，通过分子束外延工艺成功研制出一种新型超\n"
    "薄晶体薄膜半导体 16 。薄膜厚度仅 100 纳米，其电子迁移速度创下新纪录。\n"
    "（执笔：沈湘）\n"
    "\n"
    "16Patrick J. Taylor, Brandi L. Wooten, Owen A. Vail, et al. Magnetotransport properties of\n"
    "ternary tetradymite films with high mobility[J]. Materials Today Physics, 2024, 101486.\n"
    "- 13 -\n"
    "\f"
)


def test_page_bottom_notes_glued_to_a_capital_or_citing_no_url() -> None:
    first, second = parse_text(GLUED_NOTES, Path("x.txt")).articles
    assert first.title == "金刚石原子振动图像推进量子传感器发展"
    assert first.body.endswith("X-射线图像。")
    assert [n.url for n in first.footnotes] == [
        "https://www.anl.gov/article/xray-imagery-of-vibrating-diamond"
    ]
    assert "量子传感器的发展[^1]。" in first.body
    assert (second.title, second.authors) == ("美国研制出新型薄膜半导体", ["沈湘"])
    assert "薄膜半导体[^1]。薄膜厚度" in second.body.replace(" ", "")
    (note,) = second.footnotes
    assert note.url is None
    assert note.title is not None and note.title.startswith("Patrick J. Taylor")
    assert note.title.endswith("Materials Today Physics, 2024, 101486.")
