"""An author line a text extractor moved: pdftotext's plain mode may read an article's
right-aligned attribution ("（于杰平）") after the next article's title, so the title comes
before the author line that ends the article above it, and the next article's text follows.

The text is written by hand after pdftotext's plain output of the seeds' xelatex prints.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.ingest.text import parse_text

#: Four articles: the first's author line comes after the second's title (a watermark
#: character between); the second's after the next section's name and the third's title;
#: the third and fourth end with their own, the fourth after a figure's caption.
MOVED = (
    "量子科技\n"
    "美国能源部资助量子计算应用研究\n"
    "美国能源部宣布资助 12 个量子计算应用研究项目，总金额 6500 万美元，覆盖化学、材料和\n"
    "流体力学等领域。\n"
    "量子磁力计随欧洲 Ariane 6火箭执\n"
    "行太空任务\n"
    "料\n"
    "（沈湘 王丽）\n"
    "2024 年 7 月 9 日，欧洲 Ariane 6 火箭首次发射，标志着欧洲恢复了依靠自己的重型运载火箭进\n"
    "入太空的能力。火箭携带了量子传感器。\n"
    "该磁力计成功测量了火箭轨迹沿线的磁场，为导航和姿态确定提供了数据。\n"
    "- 1 -\n"
    "\f"
    "研究进展\n"
    "料\n"
    "美学者造出最高性能高温超导线\n"
    "（于杰平）\n"
    "美国纽约州立大学布法罗分校 Amit Goyal 团队制造出迄今世界上性能最高的高温超导线。研究团\n"
    "队通过离子束辅助沉积技术，在稀土钡氧化铜上制备出超导材料。\n"
    "（冯瑞华）\n"
    "新型柔性电子基材有望缓解电子废弃物问题\n"
    "美国麻省理工学院研究团队开发出一种可光刻、可降解的聚酰亚胺网络基材，有望替代目前难以\n"
    "回收的柔性电路基材。\n"
    "图 1 基材的降解过程\n"
    "（吴文涛）\n"
    "- 2 -\n"
    "\f"
)


def test_an_author_line_after_the_next_title_ends_the_article_before() -> None:
    articles = parse_text(MOVED, Path("x.txt")).articles
    assert [(a.section, a.title, a.authors) for a in articles] == [
        ("量子科技", "美国能源部资助量子计算应用研究", ["沈湘", "王丽"]),
        ("量子科技", "量子磁力计随欧洲 Ariane 6火箭执行太空任务", ["于杰平"]),
        ("研究进展", "美学者造出最高性能高温超导线", ["冯瑞华"]),
        ("研究进展", "新型柔性电子基材有望缓解电子废弃物问题", ["吴文涛"]),
    ]
    first, second, third, fourth = articles
    assert first.body.endswith("流体力学等领域。")
    assert second.body.split("\n\n") == [
        "2024 年 7 月 9 日，欧洲 Ariane 6 火箭首次发射，标志着欧洲恢复了依靠自己的重型运载火箭进"
        "入太空的能力。火箭携带了量子传感器。",
        "该磁力计成功测量了火箭轨迹沿线的磁场，为导航和姿态确定提供了数据。",
    ]
    assert third.body.startswith("美国纽约州立大学布法罗分校")
    assert third.body.endswith("制备出超导材料。")
    assert fourth.body.startswith("美国麻省理工学院研究团队")
