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
    assert "薄膜半导体[^1]。薄膜厚度" in second.body
    (note,) = second.footnotes
    assert note.url is None
    assert note.title is not None and note.title.startswith("Patrick J. Taylor")
    assert note.title.endswith("Materials Today Physics, 2024, 101486.")


#: Notes at each article's end, as a browser's print comes out of pdftotext: under "注释："
#: after the author line, numbered on through the issue; a URL broken where it cannot end; a
#: cited page's title with its URL on the next line; a marker two pages before its note; a
#: numbered list in the text, which stays; "[18]" references without a heading, one citing a
#: paper and no URL.
END_NOTES = (
    "政策计划\n"
    "韩国拟建全球最大半导体产业集群\n"
    "据官网 2024 年 1 月 16 日报道，韩国贸易、工业和能源部（MOTIE）与科学与信息通信技术\n"
    "部（MSIT）于 1 月 15 日举行了联合论坛，会上发布了培育全球最大半导体产业集群的实施计划3。\n"
    "计划包括：\n"
    "1. 新建 13 个生产晶圆厂；\n"
    "2. 新建 3 个研发晶圆厂。\n"
    "第 1 页\n"
    "\f"
    "根据计划，三星电子公司和 SK 海力士公司将共同投资 622 万亿韩元，建设拟建集群。\n"
    "（执笔：沈湘 王丽）\n"
    "注释：\n"
    "3. http://english.motie.go.kr/en/pc/pressreleases/bbs/bbsView.do?\n"
    "bbs_seq_n=1642&bbs_cd_n=2&currentPage=9\n"
    "4. Government scheme helps UK chip start-ups raise £10 million: from new fertility "
    "treatments\n"
    "to improving the efficiency of AI.\n"
    "https://www.gov.uk/government/news/government-scheme-helps-uk-chip-start-ups\n"
    "\n"
    "比利时微电子研究中心演示高质量硅基量子点自旋量子比特\n"
    "比利时微电子研究中心（IMEC）演示了一种高质量 300 mm 硅基量子点自旋量子比特制造工艺18。\n"
    "这项工作有望使基于硅量子点的大规模量子计算机成为现实19。\n"
    "（执笔：沈湘）\n"
    "[18] A. Elsayed, M. M. K. Shehata, C. Godfrin, et al. Low charge noise quantum dots "
    "with CMOS\n"
    "manufacturing [J]. npj Quantum Information, 2024, 10, Article number: 70.\n"
    "[19] https://www.imec-int.com/en/press/imec-achieves-record-low-charge-noise-si-mos-quantum-\n"
    "dots-fabricated-300mm-cmos-platform\n"
    "\n"
    "第 2 页\n"
    "\f"
)


def test_notes_at_an_articles_end_are_its_footnotes() -> None:
    first, second = parse_text(END_NOTES, Path("x.txt")).articles
    assert first.title == "韩国拟建全球最大半导体产业集群"
    assert first.authors == ["沈湘", "王丽"]
    assert "产业集群的实施计划[^1]。" in first.body
    assert "1. 新建 13 个生产晶圆厂；" in first.body  # a list of the text, no note
    assert first.body.endswith("建设拟建集群。")
    assert [(n.url, n.title) for n in first.footnotes] == [
        (
            "http://english.motie.go.kr/en/pc/pressreleases/bbs/bbsView.do?"
            "bbs_seq_n=1642&bbs_cd_n=2&currentPage=9",
            None,
        ),
        (
            "https://www.gov.uk/government/news/government-scheme-helps-uk-chip-start-ups",
            "Government scheme helps UK chip start-ups raise £10 million: from new fertility "
            "treatments to improving the efficiency of AI.",
        ),
    ]
    assert second.title == "比利时微电子研究中心演示高质量硅基量子点自旋量子比特"
    assert second.authors == ["沈湘"]
    assert "制造工艺[^1]。" in second.body and "成为现实[^2]。" in second.body
    paper, page = second.footnotes
    assert paper.url is None and paper.title is not None
    assert paper.title.endswith("npj Quantum Information, 2024, 10, Article number: 70.")
    assert page.url == (
        "https://www.imec-int.com/en/press/imec-achieves-record-low-charge-noise-si-mos-quantum-"
        "dots-fabricated-300mm-cmos-platform"
    )


#: A page as typst's print comes out of pdftotext: each article numbers its notes from 1, so
#: the page-bottom notes of three articles are all "1"; a quantity ("200 mm") at a line start
#: before them is no note.
RENUMBERED = (
    "美国政府宣布拨款 16 亿美元加速国内先进封装研发\n"
    "据官网 2024 年 7 月 9 日报道，美国商务部宣布将为五个研发领域提供 16 亿美元的创新资金，用于\n"
    "建立和加速国内半导体先进封装能力1。\n"
    "（执笔：沈湘 王丽）\n"
    "欧盟宣布投资 3.25 亿欧元支持欧洲半导体创新生态系统\n"
    "据欧盟委员会官网 2024 年 7 月 4 日报道，芯片联合执行体宣布投资 3.25 亿欧元支持半导体创新\n"
    "生态系统1。\n"
    "（执笔：沈湘）\n"
    "美国政府宣布向一个量子技术中心提供资金支持\n"
    "据官网 2024 年 7 月 2 日报道，美国经济发展管理局宣布向量子技术中心提供 4100 万美元，生产\n"
    "200 mm 的 SiC 外延晶片1。\n"
    "（执笔：于杰平）\n"
    "\n"
    " 1https://www.commerce.gov/news/press-releases/2024/07/invest-16-billion\n"
    " 1https://digital-strategy.ec.europa.eu/en/news/eu-invests-eu325-million\n"
    " 1https://www.eda.gov/news/press-release/2024/07/02/next-funding-round\n"
    "\n"
    "                                -3-\n"
    "\f"
)


def test_notes_numbered_from_1_in_each_article() -> None:
    articles = parse_text(RENUMBERED, Path("x.txt")).articles
    assert [a.authors for a in articles] == [["沈湘", "王丽"], ["沈湘"], ["于杰平"]]
    assert [[n.url for n in a.footnotes] for a in articles] == [
        ["https://www.commerce.gov/news/press-releases/2024/07/invest-16-billion"],
        ["https://digital-strategy.ec.europa.eu/en/news/eu-invests-eu325-million"],
        ["https://www.eda.gov/news/press-release/2024/07/02/next-funding-round"],
    ]
    assert all(a.body.endswith("[^1]。") for a in articles)
    assert "200 mm 的 SiC" in articles[2].body


#: pdftotext's plain mode sets a raised marker apart from the text on both sides
#: ("半导体 16 。"), after an English word too ("Initiative 17 ，"); between an English word and
#: Chinese text the space after the marker is the text's own ("Tenstorrent 19 的").
SPACED_MARKERS = (
    "前沿研究\n"
    "美国研制出新型薄膜半导体\n"
    "研究人员通过分子束外延工艺成功研制出一种新型超薄晶体薄膜半导体 16 。薄膜厚度仅 100 纳米，\n"
    "其研究属于 Quantum Initiative 17 ，由美国能源部资助，其电子迁移速度创下新纪录 18\n"
    "。该团队与 Tenstorrent 19 的工程师合作。\n"
    "（执笔：沈湘）\n"
    "\n"
    "16 https://www.example.org/thin-film\n"
    "17 https://www.example.org/initiative\n"
    "18 https://www.example.org/record\n"
    "19 https://www.example.org/tenstorrent\n"
    "- 13 -\n"
    "\f"
)


def test_the_spaces_an_extractor_sets_around_a_marker_go_with_it() -> None:
    (article,) = parse_text(SPACED_MARKERS, Path("x.txt")).articles
    assert [n.url for n in article.footnotes] == [
        "https://www.example.org/thin-film",
        "https://www.example.org/initiative",
        "https://www.example.org/record",
        "https://www.example.org/tenstorrent",
    ]
    assert "超薄晶体薄膜半导体[^1]。薄膜厚度仅 100 纳米" in article.body
    assert "Quantum Initiative[^2]，由美国能源部资助" in article.body
    assert "创下新纪录[^3]。该团队与 Tenstorrent[^4] 的工程师合作。" in article.body
