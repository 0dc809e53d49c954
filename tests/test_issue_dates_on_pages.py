"""Issue names and dates on the built seed site: readable names, marked inferred dates.

Every date is a <time datetime> (a day, or a month for an inferred issue date), the issue's
own date is the first <time> of its page, inferred dates say so in both languages, and the
footer, the archive's order and "recent articles" follow these dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.archive import IssueEntry
from briefgen.i18n import EN, ZH
from briefgen.labels import issue_label, issue_name
from conftest import SEED_IDS, parsed
from sitecheck import elements

TIME = re.compile(r'<time datetime="([^"]+)">([^<]*)</time>')
#: Issue id -> (datetime of its date, how Chinese and English pages show it).
ISSUE_DATES = {
    "2024-08-chips-act-review": ("2024-08", "2024年8月（推断）", "August 2024 (inferred)"),
    "2024-07-jiwei-chips": ("2024-07", "2024年7月（推断）", "July 2024 (inferred)"),
    "2024-03-casdc-tech-policy": ("2024-03", "2024年3月（推断）", "March 2024 (inferred)"),
    "2024-03-jiwei-microelectronics": ("2024-03", "2024年3月（推断）", "March 2024 (inferred)"),
    "2024-01-jiwei-semiconductors": ("2024-01", "2024年1月（推断）", "January 2024 (inferred)"),
}
#: The readable names the seed issues go by (publication, else publisher, else 简报).
ISSUE_NAMES = {
    "2024-08-chips-act-review": ("简报", "Briefing"),
    "2024-07-jiwei-chips": ("集微技术信息简报", "集微技术信息简报"),
    "2024-03-casdc-tech-policy": ("中国科学院成都文献情报中心", "中国科学院成都文献情报中心"),
    "2024-03-jiwei-microelectronics": ("集微技术信息简报", "集微技术信息简报"),
    "2024-01-jiwei-semiconductors": ("简报", "Briefing"),
}


def _html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("issue_id", SEED_IDS)
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_an_issue_page_opens_with_its_name_and_inferred_month(
    seed_site: Path, issue_id: str, prefix: str
) -> None:
    html = _html(seed_site, f"{prefix}issues/{issue_id}/index.html")
    datetime, zh, en = ISSUE_DATES[issue_id]
    first = TIME.search(html)
    assert first is not None and first.groups() == (datetime, en if prefix else zh)
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert h1 is not None and first.start() > h1.start()  # the date is part of the heading
    name = ISSUE_NAMES[issue_id][1 if prefix else 0]
    assert re.sub(r"<[^>]+>", "", h1.group(1)).split() == [name, *(en if prefix else zh).split()]
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.startswith(f"{name} {en if prefix else zh} · ")
    assert issue_id not in re.sub(r'(href|src)="[^"]*"', "", html)


def test_an_article_shows_its_own_news_date(seed_site: Path) -> None:
    zh = _html(seed_site, "issues/2024-07-jiwei-chips/a09.html")
    en = _html(seed_site, "en/issues/2024-07-jiwei-chips/a09.html")
    assert '<time datetime="2024-06-21">2024年6月21日（推断）</time>' in zh
    assert '<time datetime="2024-06-21">21 June 2024 (inferred)</time>' in en
    assert "2024-08-04" not in TIME.findall(zh)[0][0]


def test_an_article_without_a_news_date_shows_its_issue_month(seed_site: Path) -> None:
    # 英国 1000 万英镑资助半导体初创公司 opens "8 月，英国政府宣布…": a month, no day.
    html = _html(seed_site, "issues/2024-08-chips-act-review/a04.html")
    assert '<time datetime="2024-08">2024年8月（推断）</time>' in html


def test_every_time_element_is_a_day_or_a_month(seed_site: Path) -> None:
    for page in seed_site.rglob("*.html"):
        for tag, attrs in elements(page):
            if tag == "time":
                value = dict(attrs).get("datetime", "")
                assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value), f"{page}: {value!r}"


def test_the_footer_says_when_the_archive_was_updated(seed_site: Path) -> None:
    assert "档案更新于2024年8月（推断）。" in _html(seed_site, "index.html")
    assert "Archive updated August 2024 (inferred)." in _html(seed_site, "en/index.html")


def test_the_archive_lists_issues_newest_first_by_their_news(seed_site: Path) -> None:
    html = _html(seed_site, "issues/index.html")
    order = re.findall(r'href="\.\./issues/([^/]+)/index\.html"|href="([^/"]+)/index\.html"', html)
    listed = [a or b for a, b in order if (a or b) in ISSUE_DATES]
    assert listed == list(ISSUE_DATES)  # 08, 07, 03 (news of 3月21日), 03 (3月20日), 01


def test_recent_articles_are_the_newest_of_the_other_issues(seed_site: Path) -> None:
    html = _html(seed_site, "index.html")
    recent = html[html.index('id="recent"') :]
    # A month alone ("2024-07", an article with no news date of its own) counts as its 1st.
    days = [d if len(d) == 10 else f"{d}-01" for d, _ in TIME.findall(recent)]
    assert len(days) == 20
    assert days == sorted(days, reverse=True)
    assert days[0] == "2024-07-17"  # Global Wafers, the newest news outside the latest issue
    assert not any(d.startswith("2024-08") for d in days)  # the latest issue is listed above


def _entry(issue_id: str, **changes: object) -> IssueEntry:
    meta = replace(parsed(issue_id).issue, **changes)
    return IssueEntry(meta, f"issues/{issue_id}/index.html", dt.date.fromisoformat(meta.date), [])


def test_a_numbered_issue_is_named_by_year_and_number() -> None:
    issue = _entry("2024-07-jiwei-chips", number="7", date="2024-07-17", date_inferred=False)
    assert issue_label(issue, ZH) == "集微技术信息简报 2024年第7期"
    assert issue_label(issue, EN) == "集微技术信息简报 2024, No. 7"
    worded = _entry("2024-07-jiwei-chips", number="总第 41 期")
    assert issue_label(worded, ZH) == "集微技术信息简报 总第 41 期"


def test_an_issue_without_a_number_is_named_with_its_date() -> None:
    stated = _entry("2024-07-jiwei-chips", date="2024-07-17", date_inferred=False)
    assert issue_label(stated, ZH) == "集微技术信息简报 2024年7月17日"
    assert issue_label(stated, EN) == "集微技术信息简报 17 July 2024"
    inferred = _entry("2024-07-jiwei-chips")
    assert issue_label(inferred, ZH) == "集微技术信息简报 2024年7月（推断）"


def test_the_fallback_name_is_publisher_or_briefing_never_the_folder() -> None:
    assert issue_label(_entry("2024-03-casdc-tech-policy"), ZH) == (
        "中国科学院成都文献情报中心 2024年3月（推断）"
    )
    assert issue_label(_entry("2024-08-chips-act-review"), ZH) == "简报 2024年8月（推断）"
    assert issue_label(_entry("2024-08-chips-act-review"), EN) == (
        "Briefing August 2024 (inferred)"
    )
    undated = replace(parsed("2024-08-chips-act-review").issue, date=None, date_inferred=False)
    assert issue_name(undated, EN) == "Briefing"
    assert issue_label(undated, EN) == "Briefing"


def test_an_editors_english_title_is_the_english_name() -> None:
    issue = _entry("2024-07-jiwei-chips", title_en="Jiwei technology briefing, July 2024")
    assert issue_label(issue, EN) == "Jiwei technology briefing, July 2024"
    assert issue_label(issue, ZH) == "集微技术信息简报 2024年7月（推断）"


def test_search_results_name_issues_readably(seed_site: Path) -> None:
    docs = "\n".join(
        p.read_text(encoding="utf-8") for p in (seed_site / "static/search/doc").glob("*.js")
    )
    issues = set(re.findall(r'"issue":"([^"]*)"', docs))
    assert issues == {
        "简报 2024年8月（推断）",
        "集微技术信息简报 2024年7月（推断）",
        "中国科学院成都文献情报中心 2024年3月（推断）",
        "集微技术信息简报 2024年3月（推断）",
        "简报 2024年1月（推断）",
    }
