"""News dates: an article is dated by the news it reports, an issue by its newest news.

The three traps of the shipped archive: a comment deadline (2024-07-jiwei-chips, 8月4日前提交),
a conference still to come (2024-03-casdc-tech-policy, 将于2024年5月6日), and a treaty date
older than the news (2024-08-chips-act-review, 2024 年 2 月 24 日生效; its news is of August).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from briefgen.ingest import parse_issue
from briefgen.ingest.dates import DateKind, article_news_date, mentions, news_dates
from conftest import BRIEFINGS, SEED_IDS, parsed

JULY_ANCHOR = dt.date(2024, 7, 31)


def _date(text: str, anchor: dt.date | None = JULY_ANCHOR) -> str | None:
    news = article_news_date(text, anchor, stated=anchor is not None)
    return news.date.isoformat() if news else None


def test_the_opening_sentence_dates_the_article() -> None:
    text = "2024年7月12日，美国商务部宣布首批研发设施。设施计划于 2025 年投入使用。"
    assert _date(text) == "2024-07-12"


def test_a_reported_date_in_the_opening_sentence_counts() -> None:
    text = "据官网 2024 年 6 月 21 日报道，美国财政部发布规则，以实施 2023 年 8 月 9 日签署的命令。"
    assert _date(text) == "2024-06-21"


def test_without_a_dated_opening_the_first_dated_sentence_of_news_counts() -> None:
    text = "量子计算是前沿领域。\n\n2024 年 7 月 9 日，欧洲 Ariane 6 火箭首次发射。"
    assert _date(text) == "2024-07-09"


def test_a_deadline_is_not_news() -> None:
    text = "美国财政部征求公众意见。书面意见可于 2024 年 8月 4日前提交，之后将制定最终条例。"
    assert [m.kind for m in mentions(text)] == [DateKind.DEADLINE]
    assert _date(text) is None
    assert _date("申请截止日期为2024年9月1日。") is None  # 截止 before the date


def test_a_future_event_is_not_news() -> None:
    text = "相关研究成果将于2024年5月6日在研讨会上发布。该计划拟于2024年9月启动。"
    assert [m.kind for m in mentions(text)] == [DateKind.FUTURE]
    assert _date("美国计划在2025年1月1日前完成。") is None


def test_background_quoted_in_a_box_is_not_the_news() -> None:
    text = "美国政府发布新规。\n\n> **【快报延伸】**\n\n> 2023 年 8 月 9 日，拜登签署行政命令。"
    assert _date(text) is None


def test_a_year_less_date_takes_its_year_from_the_issue() -> None:
    assert _date("8 月 9 日，美国白宫发布两周年成果回顾。", dt.date(2024, 8, 31)) == "2024-08-09"
    # A January issue reporting "12月15日" reports the December before it.
    assert _date("12月 15日，美国国家科学院发布报告。", dt.date(2024, 1, 31)) == "2023-12-15"
    assert _date("8 月 9 日，美国白宫发布成果回顾。", None) is None  # no year anywhere


def test_without_a_stated_date_the_newest_dated_news_gives_the_year() -> None:
    texts = ["8 月 9 日，美国白宫发布两周年成果回顾。", "该协定于 2024 年 2 月 24 日生效。"]
    assert [n.date.isoformat() if n else None for n in news_dates(texts)] == [
        "2024-08-09",
        "2024-02-24",
    ]


def test_a_month_only_opening_gives_no_day() -> None:
    assert _date("2024 年 2 月，美国智库发布报告。2024年3月1日，国会举行听证。") is None


def test_a_date_far_after_the_other_news_is_not_news() -> None:
    texts = [
        "2024年3月7日，研究人员开发了一种方法。",
        "2024年3月12日，英国政府制定计划。",
        "2024年3月21日，联合国大会通过决议。",
        "2024年6月30日在旧金山举办的大会上，公司展示新品。",
    ]
    found = news_dates(texts)
    assert [n.date.isoformat() if n else None for n in found] == [
        "2024-03-07",
        "2024-03-12",
        "2024-03-21",
        None,
    ]


# --------------------------------------------------------------------------- the seeds


def test_the_deadline_trap_2024_07_jiwei_chips() -> None:
    issue = parsed("2024-07-jiwei-chips")
    treasury = issue.articles[8]
    assert "8月 4日前提交" in treasury.body.replace("\n", "") or "8月4日前提交" in treasury.body
    assert treasury.date == "2024-06-21"  # 据官网 2024 年 6 月 21 日报道
    assert issue.issue.date == "2024-07-17"  # 据官网 2024年 7月 17日报道 (Global Wafers)
    assert all(a.date != "2024-08-04" for a in issue.articles)


def test_the_future_conference_trap_2024_03_casdc_tech_policy() -> None:
    issue = parsed("2024-03-casdc-tech-policy")
    quantum = next(a for a in issue.articles if a.title == "美研究人员提出量子计算机免受攻击的方法")
    assert "将于2024年5月6日" in quantum.body
    assert quantum.date == "2024-03-07"
    assert issue.issue.date == "2024-03-21"  # 联合国大会通过… 人工智能决议
    assert all(a.date != "2024-05-06" for a in issue.articles)


def test_the_treaty_trap_2024_08_chips_act_review() -> None:
    issue = parsed("2024-08-chips-act-review")
    review = issue.articles[0]
    assert review.editor_note.startswith("8 月 9 日，美国白宫发布")
    assert review.date == "2024-08-09"
    assert issue.issue.date == "2024-08-09"
    assert all(a.date != "2024-02-24" for a in issue.articles)


def test_the_treaty_trap_holds_without_the_folder_name(tmp_path: Path) -> None:
    source = tmp_path / "chips-act-review" / "source.txt"
    source.parent.mkdir()
    shutil.copyfile(BRIEFINGS / "2024-08-chips-act-review" / "source.txt", source)
    issue = parse_issue(source)
    assert (issue.issue.date, issue.issue.date_from) == ("2024-08-09", "inferred")


@pytest.mark.parametrize(
    ("issue_id", "title", "date"),
    [
        # Hand-checked against briefings/*/source.txt.
        ("2024-01-jiwei-semiconductors", "韩国拟建全球最大半导体产业集群", "2024-01-16"),
        ("2024-01-jiwei-semiconductors", "美国国家科学院发布《数字孪生", "2023-12-15"),
        ("2024-03-jiwei-microelectronics", "美国商务部将为英特尔公司", "2024-03-20"),
        ("2024-03-jiwei-microelectronics", "台积电将在日本建设第二座晶圆厂", "2024-02-06"),
        ("2024-07-jiwei-chips", "AMD和 Intel公布 3.5 D 封装", "2024-05-28"),
        ("2024-08-chips-act-review", "英国 950 万英镑支持下一代制造技术研发", "2024-08-07"),
    ],
)
def test_seed_articles_carry_their_own_news_date(issue_id: str, title: str, date: str) -> None:
    article = next(a for a in parsed(issue_id).articles if a.title.startswith(title))
    assert (article.date, article.date_inferred) == (date, True), f"{issue_id}: {title}"


@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_each_shipped_issue_is_dated_in_the_month_of_its_newest_news(issue_id: str) -> None:
    issue = parsed(issue_id)
    newest = max(a.date for a in issue.articles if a.date)
    assert issue.issue.date is not None
    assert issue.issue.date[:7] == newest[:7] == issue_id[:7]
    assert issue.issue.date_inferred is True  # no shipped issue prints its date
    assert issue.issue.date_from in ("file name", "inferred")
    for article in issue.articles:
        assert article.date is None or article.date <= issue.issue.date, article.title
